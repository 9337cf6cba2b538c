"""Read articles from files: .txt (one article), .html/.htm, .jsonl (one per line)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path

from tacitus.errors import InputError, MalformedJSONL, NotUTF8, UnsupportedInput
from tacitus.ingest.text import MAX_ARTICLE_BYTES, check_text, content_hash, decode
from tacitus.records import Article

OnError = Callable[[InputError], None]


def _raise(err: InputError) -> None:
    raise err


def make_article(
    text: str,
    *,
    article_id: str | None = None,
    title: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
    source: str | None = None,
    path: str | None = None,
) -> Article:
    digest = content_hash(text)
    return Article(
        id=article_id or digest[:16],
        text=text,
        content_hash=digest,
        title=title,
        published=published,
        url=url,
        source=source,
        path=path,
    )


def parse_date(value: object, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError(f"{where}: 'published' must be a date like 2024-12-02, got {value!r}") from None


def read_text_file(path: Path, published: dt.date | None = None) -> Article:
    text = decode(path.read_bytes(), str(path))
    first = text.strip().splitlines()[0].strip()
    title = first if len(first) < 200 and not first.endswith(".") else None
    return make_article(text, title=title, published=published, path=str(path))


def read_html_file(path: Path, published: dt.date | None = None) -> Article:
    from tacitus.ingest.html import article_from_html

    html = decode(path.read_bytes(), str(path))
    return article_from_html(html, name=str(path), published=published, path=str(path))


def read_jsonl(path: Path, published: dt.date | None = None, on_error: OnError = _raise) -> Iterator[Article]:
    """Yield the good lines' articles; each bad line is reported through on_error."""
    raw = path.read_bytes()
    decode(raw[:65536], str(path), max_bytes=None)  # empty or binary file; size is checked per line
    try:
        lines = raw.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        line_no = raw[: exc.start].count(b"\n") + 1
        on_error(NotUTF8(f"{path}:{line_no}: not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
                         f"convert the file first, e.g.: iconv -f WINDOWS-1252 -t UTF-8 {path} > fixed.jsonl"))
        return
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            yield _article_from_json_line(line, where, published, str(path))
        except InputError as err:
            on_error(err)


def _article_from_json_line(line: str, where: str, published: dt.date | None, path: str) -> Article:
    if len(line) > MAX_ARTICLE_BYTES:
        raise InputError(f"{where}: this line is {len(line):,} characters, more than one article may be "
                         f"({MAX_ARTICLE_BYTES:,}); split it; line skipped")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise MalformedJSONL(f"{where}: not valid JSON ({exc.msg} at column {exc.colno}); line skipped") from None
    if not isinstance(obj, dict):
        raise MalformedJSONL(f"{where}: each line must be a JSON object with a 'text' field; line skipped")
    text = obj.get("text")
    if not isinstance(text, str):
        raise MalformedJSONL(f"{where}: the object has no string 'text' field; line skipped")
    text = check_text(text, where)
    ident = obj.get("id")
    return make_article(
        text,
        article_id=str(ident) if ident not in (None, "") else None,
        title=obj.get("title"),
        published=parse_date(obj.get("published"), where) or published,
        url=obj.get("url"),
        source=obj.get("source"),
        path=path,
    )


SUFFIXES = {".txt": "text", ".text": "text", ".md": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}


def read_path(path: Path, published: dt.date | None = None, on_error: OnError = _raise) -> Iterator[Article]:
    """Articles from one path; a folder yields every supported file in it, sorted."""
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()):
            yield from read_path(child, published, on_error)
        return
    if not path.exists():
        on_error(InputError(f"{path}: no such file or folder; check the path"))
        return
    kind = SUFFIXES.get(path.suffix.lower())
    try:
        if kind == "jsonl":
            yield from read_jsonl(path, published, on_error)
        elif kind == "html":
            yield read_html_file(path, published)
        elif kind == "text":
            yield read_text_file(path, published)
        else:
            raise UnsupportedInput(
                f"{path}: unsupported file type {path.suffix or '(none)'}; give .txt, .html or .jsonl"
            )
    except InputError as err:
        on_error(err)
