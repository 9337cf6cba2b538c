"""What a watcher watches: an RSS/Atom feed, a web page, or a folder of files.

A poll lists the source's items, each with a key that stays the same across polls (a feed
entry's id, a page's content, a file's name, size and time), and a way to read it into
articles.  Whether a URL is a feed or a page is decided by what it serves.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from tacitus.errors import EmptyInput, InputError
from tacitus.ingest.files import SUFFIXES, make_article, read_path
from tacitus.ingest.text import check_text
from tacitus.records import Article
from tacitus.store.watching import SourceState

# A feed entry whose page has no article text may carry the article itself; a teaser line does not.
MIN_ENTRY_WORDS = 60


@dataclass
class Item:
    key: str
    label: str  # what a log line names: the link or the file
    load: Callable[[], list[Article]]


@dataclass
class Poll:
    kind: str
    items: list[Item] = field(default_factory=list)
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None


def is_url(text: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", text))


class FolderSource:
    kind = "folder"

    def __init__(self, path: Path, on_error: Callable[[InputError], None]):
        self.path = path.resolve()
        self.name = str(self.path)
        self.on_error = on_error  # bad lines of a JSONL file; the good ones are read

    def poll(self, state: SourceState) -> Poll:
        if not self.path.is_dir():
            raise InputError(f"{self.path}: the watched folder is gone; create it or stop watching it")
        items = []
        for p in sorted(x for x in self.path.rglob("*") if x.suffix.lower() in SUFFIXES and x.is_file()):
            st = p.stat()
            rel = p.relative_to(self.path).as_posix()
            items.append(Item(f"{rel}|{st.st_size}|{st.st_mtime_ns}", str(p),
                              lambda p=p: list(read_path(p, on_error=self.on_error))))
        return Poll(self.kind, items)


class UrlSource:
    """A feed or a page, told apart by what the address serves."""

    def __init__(self, url: str, fetcher):
        self.name = url
        self.fetcher = fetcher
        self.kind = "url"

    def poll(self, state: SourceState) -> Poll:
        from tacitus.ingest.feeds import looks_like_feed, parse_feed
        from tacitus.ingest.web import article_from_fetched

        got = self.fetcher.get(self.name, etag=state.etag, last_modified=state.last_modified)
        if got.status == 304:
            return Poll(self.kind, not_modified=True)
        if looks_like_feed(got.content, got.content_type):
            self.kind = "feed"
            entries = parse_feed(got.content, self.name)
            items = [Item(e.key, e.link or e.title or e.key, lambda e=e: [self._entry_article(e)]) for e in entries]
            return Poll("feed", items, etag=got.etag, last_modified=got.last_modified)
        self.kind = "page"
        # A page is one item per version: when its text changes, the new text is read.
        key = "page:" + hashlib.sha256(got.content).hexdigest()[:20]
        return Poll("page", [Item(key, self.name, lambda: [article_from_fetched(got)])],
                    etag=got.etag, last_modified=got.last_modified)

    def _entry_article(self, entry) -> Article:
        from tacitus.ingest.web import article_from_fetched

        outlet = urlsplit(entry.link or self.name).hostname
        if entry.link:
            try:
                got = self.fetcher.get(entry.link)
                return article_from_fetched(got, published=entry.published, title=entry.title, source=outlet)
            except EmptyInput:
                if not entry.summary or len(entry.summary.split()) < MIN_ENTRY_WORDS:
                    raise
        elif not entry.summary:
            raise EmptyInput(f"{self.name}: entry {entry.key!r} has neither a link nor text; skipped")
        text = check_text(entry.summary, f"{self.name}: entry {entry.key}")
        return make_article(text, title=entry.title, published=entry.published, url=entry.link, source=outlet)


def open_source(spec: str, fetcher, on_error: Callable[[InputError], None]):
    """The source a command-line argument names; an error that says what to do for anything else."""
    if is_url(spec):
        if not spec.lower().startswith(("http://", "https://")):
            raise InputError(f"{spec}: only http(s) feeds and pages can be watched; give an http:// or https:// address")
        return UrlSource(spec, fetcher)
    path = Path(spec)
    if path.is_dir():
        return FolderSource(path, on_error)
    if path.exists():
        raise InputError(f"{spec}: a single file is read once with `tacitus ingest`; watch its folder instead")
    raise InputError(f"{spec}: no such folder, and not an http(s) address; check the source")


def read_url(url: str, fetcher, on_error: Callable[[InputError], None]):
    """The articles a page or feed holds now, for a one-off `tacitus ingest URL` (no watch state)."""
    from tacitus.errors import SourceError

    try:
        poll = UrlSource(url, fetcher).poll(SourceState())
    except (SourceError, InputError) as exc:
        on_error(exc)
        return
    for item in poll.items:
        try:
            yield from item.load()
        except (SourceError, InputError) as exc:
            on_error(exc)
