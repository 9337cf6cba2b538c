"""Reading news pages over HTTP: polite, retried, conditional and size-limited fetches.

`Fetcher.get` returns the raw bytes of one address; `article_from_fetched` turns
them into an `Article`.  Every failure the user can act on is a `FetchError`
with a one-line message; an unusable page is an `InputError` like a bad file.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import urlsplit

import httpx

from tacitus.errors import EmptyInput, FetchError, UnsupportedInput
from tacitus.ingest.files import make_article
from tacitus.ingest.text import check_text
from tacitus.records import Article

USER_AGENT = "tacitus/0.1 (conflict monitoring; +https://example.org/tacitus)"
MAX_WAIT = 60.0  # no backoff or Retry-After keeps a run stalled longer than this per try

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain", "text/markdown"})


@dataclass(frozen=True)
class Fetched:
    url: str  # final URL after redirects
    status: int  # 200 .. 299, or 304 when the server says not modified
    content: bytes  # b"" on 304
    content_type: str | None
    etag: str | None
    last_modified: str | None


def default_client(timeout: float = 20.0) -> httpx.Client:
    return httpx.Client(follow_redirects=True, timeout=timeout, headers={"User-Agent": USER_AGENT})


class _Transient(Exception):
    """A failure worth another try; becomes a FetchError once the tries run out."""

    def __init__(self, what: str, advice: str, retry_after: float | None = None):
        super().__init__(what)
        self.what, self.advice, self.retry_after = what, advice, retry_after


class Fetcher:
    def __init__(
        self,
        client: httpx.Client,
        *,
        delay: float = 2.0,
        retries: int = 3,
        backoff: float = 1.0,
        max_bytes: int = 10_000_000,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        log: Callable[[str], None] | None = None,
    ):
        self.client = client
        self.delay = delay
        self.retries = max(1, retries)  # the number of tries in all, so 1 means "no retry"
        self.backoff = backoff
        self.max_bytes = max_bytes
        self._sleep, self._clock, self._log = sleep, clock, log
        self._last: dict[str, float] = {}  # host -> clock() when its last request ended

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        host = _checked_host(url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        wait = 0.0
        for attempt in range(self.retries):
            self._pause(host, wait)
            try:
                fetched = self._once(url, headers, etag, last_modified)
            except _Transient as exc:
                failure = exc
            else:
                self._stamp(urlsplit(fetched.url).netloc.lower())  # a redirect elsewhere is a visit there too
                return fetched
            finally:
                self._stamp(host)
            if attempt + 1 < self.retries:
                wait = failure.retry_after if failure.retry_after is not None else self.backoff * 2**attempt
                wait = min(wait, MAX_WAIT)
                if self._log:
                    self._log(f"retrying in {wait:g} s: {_show(url)}: {failure.what}")
        tries = "1 try" if self.retries == 1 else f"{self.retries} tries"
        raise FetchError(f"{_show(url)}: {failure.what} ({tries}); {failure.advice}")

    def _pause(self, host: str, at_least: float) -> None:
        last = self._last.get(host)
        polite = 0.0 if last is None else self.delay - (self._clock() - last)
        wait = max(at_least, polite)
        if wait > 0:
            self._sleep(wait)

    def _stamp(self, host: str) -> None:
        self._last[host] = self._clock()

    def _once(self, url: str, headers: dict[str, str], etag: str | None, last_modified: str | None) -> Fetched:
        try:
            with self.client.stream("GET", url, headers=headers) as resp:
                status = resp.status_code
                got = resp.headers
                if status == 304:
                    return Fetched(str(resp.url), 304, b"", got.get("content-type"),
                                   got.get("etag", etag), got.get("last-modified", last_modified))
                _check_status(url, status, resp)
                content = self._read(url, resp)
                return Fetched(str(resp.url), status, content, got.get("content-type"),
                               got.get("etag"), got.get("last-modified"))
        except httpx.TimeoutException as exc:
            raise _Transient(f"no answer within {_timeout_of(self.client, exc):g} s",
                             "check that the site is up or raise --timeout") from None
        except httpx.ConnectError as exc:
            raise _Transient(f"could not connect ({_reason(exc)})",
                             "check the address and that the site is up") from None
        except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            raise _Transient(f"the connection broke ({_reason(exc)})", "try again later") from None
        except httpx.TooManyRedirects:
            raise FetchError(f"{_show(url)}: too many redirects; check the address in a browser") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{_show(url)}: {_reason(exc)}; check the address") from None

    def _read(self, url: str, resp: httpx.Response) -> bytes:
        too_big = f"{_show(url)}: the page is larger than {self.max_bytes:,} bytes; give the address of a news page"
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(too_big)
        chunks, size = [], 0
        for chunk in resp.iter_bytes():  # counted after decompression, so a gzip bomb stops early too
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(too_big)
            chunks.append(chunk)
        return b"".join(chunks)


def _check_status(url: str, status: int, resp: httpx.Response) -> None:
    if 200 <= status < 300:
        return
    what = f"HTTP {status} {resp.reason_phrase or _phrase(status)}".rstrip()
    if status == 429:
        raise _Transient(what, "wait before trying again or raise --delay", _retry_after(resp))
    if status >= 500:
        raise _Transient(what, "the site is failing; try again later", _retry_after(resp))
    raise FetchError(f"{_show(url)}: {what}; check the address")


def _retry_after(resp: httpx.Response) -> float | None:
    value = resp.headers.get("retry-after", "").strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date, or nothing: the usual backoff will do


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _timeout_of(client: httpx.Client, exc: httpx.TimeoutException) -> float:
    t = client.timeout
    kind = {httpx.ConnectTimeout: t.connect, httpx.WriteTimeout: t.write, httpx.PoolTimeout: t.pool}
    value = kind.get(type(exc), t.read)
    return value if value is not None else 0.0


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text.rstrip(".")


def _show(url: str) -> str:
    """The address as it can be printed on one line."""
    return url if url.isprintable() and not any(c.isspace() for c in url) else repr(url)


def _checked_host(url: str) -> str:
    bad = FetchError(f"{_show(url)} is not an http(s) address; give one like https://example.org/news/story.html")
    try:
        parts = urlsplit(url)
        httpx.URL(url)
        parts.port  # noqa: B018 - raises on a malformed port
    except (ValueError, httpx.InvalidURL):
        raise bad from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise bad
    return parts.netloc.lower()


# --- from bytes to an Article ------------------------------------------------------------------

def article_from_fetched(
    f: Fetched,
    *,
    published: dt.date | None = None,
    title: str | None = None,
    source: str | None = None,
) -> Article:
    if f.status == 304:
        raise ValueError(f"{f.url}: not modified since the last fetch; there is no new page to read")
    name = _show(f.url)
    if not f.content.strip():
        raise EmptyInput(f"{name}: the page is empty; check the address")
    kind = _media_type(f.content_type) or _sniff(f.content)
    if kind in HTML_TYPES:
        from tacitus.ingest.html import article_from_html

        article = article_from_html(decode_page(f.content, f.content_type), name=name, url=f.url,
                                    published=published)
        fill = {k: v for k, v in (("title", title), ("source", source)) if v and not getattr(article, k)}
        return article.model_copy(update=fill) if fill else article
    if kind in TEXT_TYPES:
        text = check_text(decode_page(f.content, f.content_type), name)
        return make_article(text, title=title, published=published, url=f.url, source=source)
    raise UnsupportedInput(f"{name} is {kind}, not a web page or text; give the address of a news report")


_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)


def decode_page(content: bytes, content_type: str | None) -> str:
    """Text of a page.  Never fails: odd bytes on someone else's site are not the user's fault."""
    declared = _codec(_charset(content_type))
    if declared:
        return content.decode(declared, errors="replace")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    match = _META_CHARSET.search(content[:8192])
    in_page = _codec(match.group(1).decode("ascii")) if match else None
    return content.decode(in_page or "cp1252", errors="replace")


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name == "utf-8":
        return "utf-8-sig"  # drop a byte-order mark along with the declared charset
    # Browsers read pages labelled Latin-1 or ASCII as cp1252, and so do authors' tools.
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def _media_type(content_type: str | None) -> str | None:
    media = (content_type or "").split(";")[0].strip().lower()
    return media or None


def _charset(content_type: str | None) -> str | None:
    for param in (content_type or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def _sniff(content: bytes) -> str:
    """A media type for a body served without one."""
    head = content[:1024].lstrip().lower()
    if head.startswith(b"%pdf"):
        return "application/pdf"
    if b"\x00" in head:
        return "application/octet-stream"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "text/html"
    return "text/plain"
