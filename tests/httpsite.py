"""A real HTTP server on 127.0.0.1 for tests, and news pages and feeds built from the project's examples.

    site = Site()
    site.add("/news/a.html", example_page("kenya_kisumu_protests"), etag='"v1"')
    site.add("/flaky.html", "ok", status=[500, 200])   # one status per request; the last one repeats
    site.receiver("/hook", fail_first=1)               # records POSTed JSON in site.posts["/hook"]
    ... site.url("/news/a.html") ... site.requests ...
    site.close()

`site.requests` holds (method, path, headers) for every request, headers as a dict with
lower-case names.  Only the posts a receiver answered 200 are kept in `site.posts`.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SITE_DATA = Path(__file__).resolve().parent / "data" / "site"
SITE_NAME = "Daily Conflict Monitor"


@dataclass
class _Page:
    body: bytes
    statuses: list[int]
    content_type: str | None
    etag: str | None
    last_modified: str | None
    delay: float
    headers: dict[str, str]
    served: int = 0


@dataclass
class _Receiver:
    fail_first: int
    seen: int = 0


class Site:
    def __init__(self):
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.posts: dict[str, list] = {}
        self._pages: dict[str, _Page] = {}
        self._receivers: dict[str, _Receiver] = {}
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._server = _Server(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + (path if path.startswith("/") else "/" + path)

    def add(self, path: str, body: bytes | str, *, status: int | list[int] = 200,
            content_type: str | None = "text/html; charset=utf-8", etag: str | None = None,
            last_modified: str | None = None, delay: float = 0.0, headers: dict[str, str] | None = None) -> str:
        """Serve `body` at `path`; a list of statuses answers successive requests.  Returns the page's URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        statuses = list(status) if isinstance(status, (list, tuple)) else [status]
        with self._lock:
            self._pages[path] = _Page(data, statuses, content_type, etag, last_modified, delay, dict(headers or {}))
        return self.url(path)

    def add_file(self, path: str, name: str, **kwargs) -> str:
        """Serve a file from tests/data/site, with {{SITE}} in it replaced by this server's address."""
        text = (SITE_DATA / name).read_text(encoding="utf-8").replace("{{SITE}}", self.base)
        return self.add(path, text, **kwargs)

    def receiver(self, path: str, *, fail_first: int = 0) -> str:
        """A webhook endpoint: answers 500 to the first `fail_first` posts, then 200 and records them."""
        with self._lock:
            self._receivers[path] = _Receiver(fail_first)
            self.posts[path] = []
        return self.url(path)

    def paths_requested(self, method: str = "GET") -> list[str]:
        with self._lock:
            return [p for m, p, _ in self.requests if m == method]

    def close(self) -> None:
        self._closing.set()  # wakes handlers still sleeping out a page's delay
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Site:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- called from the server's threads ---

    def _record(self, method: str, path: str, headers) -> None:
        with self._lock:
            self.requests.append((method, path, {k.lower(): v for k, v in headers.items()}))

    def _next_page(self, path: str) -> tuple[_Page | None, int]:
        with self._lock:
            page = self._pages.get(path) or self._pages.get(path.split("?")[0])
            if page is None:
                return None, 404
            status = page.statuses[min(page.served, len(page.statuses) - 1)]
            page.served += 1
            return page, status

    def _post(self, path: str, body: bytes) -> int:
        with self._lock:
            hook = self._receivers.get(path)
            if hook is None:
                return 404
            hook.seen += 1
            if hook.seen <= hook.fail_first:
                return 500
            try:
                self.posts[path].append(json.loads(body))
            except ValueError:
                return 400
            return 200


def _handler_for(site: Site):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            site._record("GET", self.path, self.headers)
            page, status = site._next_page(self.path)
            if page is None:
                return self._answer(404, b"not found", "text/plain")
            if page.delay and site._closing.wait(page.delay):
                return
            if page.etag and self.headers.get("If-None-Match") == page.etag or (
                    page.last_modified and self.headers.get("If-Modified-Since") == page.last_modified):
                return self._answer(304, b"", None, page)
            self._answer(status, page.body, page.content_type, page)

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            site._record("POST", self.path, self.headers)
            status = site._post(self.path, body)
            self._answer(status, b"{}" if status == 200 else b"{\"error\": true}", "application/json")

        def _answer(self, status: int, body: bytes, content_type: str | None, page: _Page | None = None):
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            if page is not None:
                if page.etag:
                    self.send_header("ETag", page.etag)
                if page.last_modified:
                    self.send_header("Last-Modified", page.last_modified)
                for name, value in page.headers.items():
                    self.send_header(name, value)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            pass

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that gives up on a slow page is what the timeout tests do; no traceback for that.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


# --- pages and feeds made from examples/*.txt ---

@dataclass(frozen=True)
class Example:
    stem: str
    title: str
    paragraphs: list[str]
    published: dt.date


def example(stem: str) -> Example:
    lines = (EXAMPLES / f"{stem}.txt").read_text(encoding="utf-8").strip().split("\n\n")
    title, paragraphs = lines[0].strip(), [p.strip() for p in lines[1:] if p.strip()]
    dates = dict(line.split("\t") for line in (EXAMPLES / "dates.tsv").read_text().splitlines() if line.strip())
    return Example(stem, title, paragraphs, dt.date.fromisoformat(dates[f"{stem}.txt"]))


def news_page(title: str, paragraphs: list[str], *, published: dt.date | None, site_name: str = SITE_NAME) -> str:
    """A page as a news site serves it: a header, navigation, related links and a footer around the report."""
    body = "\n".join(f"      <p>{html.escape(p)}</p>" for p in paragraphs)
    template = (SITE_DATA / "article.html").read_text(encoding="utf-8")
    fields = {
        "TITLE": html.escape(title),
        "SITE_NAME": html.escape(site_name),
        "PUBLISHED": f"{published.isoformat()}T09:30:00Z" if published else "",
        "DATELINE": published.strftime("%-d %B %Y") if published else "",
        "BODY": body,
    }
    for key, value in fields.items():
        template = template.replace("{{" + key + "}}", value)
    return template


def example_page(stem: str, *, site_name: str = SITE_NAME) -> str:
    ex = example(stem)
    return news_page(ex.title, ex.paragraphs, published=ex.published, site_name=site_name)


def example_text(stem: str) -> str:
    """The report as the article extractor should find it in its page: headline, then one line per paragraph."""
    ex = example(stem)
    return "\n".join([ex.title, *ex.paragraphs])
