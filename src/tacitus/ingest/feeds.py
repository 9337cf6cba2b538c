"""RSS and Atom feeds: which documents are feeds, and the items they list."""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin

from tacitus.errors import FeedError


@dataclass(frozen=True)
class FeedItem:
    key: str  # entry id/guid, else link, else sha1 of title+summary: stable across fetches
    link: str | None
    title: str | None
    published: dt.date | None
    summary: str | None  # plain text


_FEED_TYPE = re.compile(r"\b(?:rss|atom)\b")  # application/rss+xml, application/atom+xml
# What may come before the root element: a BOM, whitespace, the XML declaration,
# stylesheet instructions, comments and a doctype (with an internal subset or not).
_PROLOG = re.compile(r"\s+|<\?.*?\?>|<!--.*?-->|<!doctype[^>\[]*(?:\[.*?\])?\s*>", re.DOTALL | re.IGNORECASE)
_FEED_ROOT = re.compile(r"<(?:rss\b|(?:[\w.-]+:)?feed\b|(?:[\w.-]+:)?RDF\b)")


def looks_like_feed(content: bytes, content_type: str | None) -> bool:
    media = (content_type or "").split(";")[0].strip().lower()
    if _FEED_TYPE.search(media):
        return True
    # Servers label feeds text/xml, text/html or text/plain just as often, so the root decides.
    return _root_is_feed(content[:4096])


def _root_is_feed(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("latin-1").lstrip("\ufeff\xef\xbb\xbf")  # a UTF-8 BOM read as Latin-1
    pos = 0
    while match := _PROLOG.match(text, pos):
        if match.end() == pos:
            break
        pos = match.end()
    return bool(_FEED_ROOT.match(text, pos))


def parse_feed(content: bytes, url: str) -> list[FeedItem]:
    """The feed's items in document order, each key once."""
    import feedparser

    # Bytes, never a string: feedparser would fetch a string that looks like an address itself.
    parsed = feedparser.parse(bytes(content))
    entries = parsed.get("entries") or []
    if not entries:
        reason = _unreadable(parsed)
        if reason:
            raise FeedError(f"{url}: not an RSS or Atom feed ({reason}); check the address")
        return []
    items, seen = [], set()
    for entry in entries:
        item = _item(entry, url)
        if item.key not in seen:
            seen.add(item.key)
            items.append(item)
    return items


def _unreadable(parsed) -> str | None:
    """Why a document without entries is not a feed, or None when it is a feed with nothing in it."""
    exc = parsed.get("bozo_exception") if parsed.get("bozo") else None
    line = getattr(exc, "getLineNumber", None)
    if line is not None:  # the XML itself is broken
        return f"{exc.getMessage()} at line {line()}"
    if not parsed.get("version"):
        return str(exc) if exc else "no rss, feed or RDF root element"
    return None  # a well-formed, empty feed; an encoding quibble alone doesn't change that


def _item(entry, feed_url: str) -> FeedItem:
    link = (entry.get("link") or "").strip()
    link = urljoin(feed_url, link) if link else None
    title = _plain(entry, "title")
    summary = _plain_content(entry) or _plain(entry, "summary")
    key = (entry.get("id") or "").strip() or link
    if not key:
        key = hashlib.sha1(f"{title or ''}\n{summary or ''}".encode()).hexdigest()
    return FeedItem(key=key, link=link, title=title, published=_date(entry), summary=summary)


def _plain(entry, field: str) -> str | None:
    value = entry.get(field)
    detail = entry.get(f"{field}_detail") or {}
    return _text_of(value, detail.get("type", "text/html"))


def _plain_content(entry) -> str | None:
    for part in entry.get("content") or []:
        text = _text_of(part.get("value"), part.get("type", "text/html"))
        if text:
            return text
    return None


def _text_of(value: str | None, media_type: str) -> str | None:
    if not value:
        return None
    text = _strip_tags(value) if "html" in media_type else value
    return " ".join(text.split()) or None


def _date(entry) -> dt.date | None:
    # The date as written keeps the publisher's own day; feedparser's parsed tuple is moved to UTC,
    # which turns a late-evening report into the next day's.
    for field in ("published", "updated"):
        local = _written_date(entry.get(field))
        if local:
            return local
        parsed = entry.get(f"{field}_parsed")
        if parsed:
            return dt.date(*parsed[:3])
    return None


def _written_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return dt.datetime.fromisoformat(value.strip()).date()
    except ValueError:
        return None


class _TextOnly(HTMLParser):
    _BREAKS = frozenset({"p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote"})
    _HIDDEN = frozenset({"script", "style"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._HIDDEN:
            self._hidden += 1
        elif tag in self._BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self._HIDDEN and self._hidden:
            self._hidden -= 1
        elif tag in self._BREAKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def _strip_tags(markup: str) -> str:
    parser = _TextOnly()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)
