"""Fetching pages from a real HTTP server on 127.0.0.1 and reading them as articles."""

from __future__ import annotations

import datetime as dt
import gzip
import socket
import time

import httpx
import pytest
from httpsite import SITE_DATA, Site, example, example_page, example_text

from tacitus.errors import EmptyInput, FetchError, SourceError, UnsupportedInput
from tacitus.ingest.web import USER_AGENT, Fetched, Fetcher, article_from_fetched, default_client

KISUMU = "kenya_kisumu_protests"


class FakeClock:
    """Time that moves only when the fetcher sleeps or the test says so, so waits are exact."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def client():
    with default_client(timeout=5.0) as c:
        yield c


@pytest.fixture
def clock():
    return FakeClock()


def fetcher(client, clock, **kwargs) -> Fetcher:
    return Fetcher(client, sleep=clock.sleep, clock=clock, **kwargs)


def gets(site: Site, path: str) -> int:
    return site.paths_requested().count(path)


def test_page_becomes_article_with_title_date_outlet_and_text(site, client, clock):
    url = site.add("/news/kisumu.html", example_page(KISUMU))
    fetched = fetcher(client, clock).get(url)
    assert (fetched.status, fetched.url) == (200, url)
    assert fetched.content_type == "text/html; charset=utf-8"

    article = article_from_fetched(fetched)
    assert article.title == "Two killed as police fire on protesters in Kisumu; tear gas in Nairobi"
    assert article.published == dt.date(2025, 3, 19)
    assert article.source == "Daily Conflict Monitor"
    assert article.url == url
    assert article.text == example_text(KISUMU)  # no navigation, related links or footer
    assert site.requests[0][2]["user-agent"] == USER_AGENT


def test_date_given_by_the_caller_wins_over_the_page(site, client, clock):
    url = site.add("/news/kisumu.html", example_page(KISUMU))
    article = article_from_fetched(fetcher(client, clock).get(url), published=dt.date(2025, 3, 18))
    assert article.published == dt.date(2025, 3, 18)


def test_redirect_gives_the_final_address(site, client, clock):
    final = site.add("/news/kisumu.html", example_page(KISUMU))
    start = site.add("/story?id=1", b"", status=301, headers={"Location": "/news/kisumu.html"})
    fetched = fetcher(client, clock).get(start)
    assert fetched.url == final and fetched.status == 200
    assert site.paths_requested() == ["/story?id=1", "/news/kisumu.html"]


@pytest.mark.parametrize("validator", ["etag", "last_modified"])
def test_conditional_get_is_answered_not_modified(site, client, clock, validator):
    url = site.add("/news/kisumu.html", example_page(KISUMU), etag='"kisumu-v1"',
                   last_modified="Wed, 19 Mar 2025 09:30:00 GMT")
    f = fetcher(client, clock)
    first = f.get(url)
    assert (first.etag, first.last_modified) == ('"kisumu-v1"', "Wed, 19 Mar 2025 09:30:00 GMT")

    second = f.get(url, **{validator: getattr(first, validator)})
    assert second.status == 304 and second.content == b""
    assert second.etag == '"kisumu-v1"'
    sent = site.requests[1][2]
    header = {"etag": "if-none-match", "last_modified": "if-modified-since"}[validator]
    assert sent[header] == getattr(first, validator)
    assert "if-none-match" not in site.requests[0][2]
    with pytest.raises(ValueError, match="not modified"):
        article_from_fetched(second)


def test_changed_page_is_sent_again(site, client, clock):
    url = site.add("/news/kisumu.html", example_page(KISUMU), etag='"v2"')
    again = fetcher(client, clock).get(url, etag='"v1"')
    assert again.status == 200 and again.etag == '"v2"' and len(again.content) > 1000


def test_second_request_to_a_host_waits_for_the_delay(site, client, clock):
    a = site.add("/a.html", "a", content_type="text/plain")
    b = site.add("/b.html", "b", content_type="text/plain")
    f = fetcher(client, clock, delay=2.0)
    f.get(a)
    assert clock.sleeps == []
    f.get(b)
    assert clock.sleeps == [2.0]
    clock.now += 1.5  # time spent elsewhere counts towards the delay
    f.get(a)
    assert clock.sleeps == [2.0, pytest.approx(0.5)]


def test_requests_to_different_hosts_do_not_wait(client, clock):
    with Site() as one, Site() as two:
        f = fetcher(client, clock, delay=2.0)
        f.get(one.add("/a.html", "a", content_type="text/plain"))
        f.get(two.add("/a.html", "a", content_type="text/plain"))
        assert clock.sleeps == []
        assert len(one.requests) == len(two.requests) == 1


def test_politeness_with_the_real_clock(site, client):
    url = site.add("/a.html", "a", content_type="text/plain")
    slept: list[float] = []
    f = Fetcher(client, delay=0.3, sleep=lambda s: (slept.append(s), time.sleep(s)))
    started = time.monotonic()
    f.get(url)
    f.get(url)
    assert len(slept) == 1 and 0.1 < slept[0] <= 0.3
    assert time.monotonic() - started >= 0.3


def test_server_error_is_retried_then_succeeds(site, client, clock):
    url = site.add("/news/kisumu.html", example_page(KISUMU), status=[500, 200])
    logged: list[str] = []
    fetched = fetcher(client, clock, delay=0, log=logged.append).get(url)
    assert fetched.status == 200
    assert article_from_fetched(fetched).title == example(KISUMU).title
    assert gets(site, "/news/kisumu.html") == 2
    assert clock.sleeps == [1.0]
    assert logged == [f"retrying in 1 s: {url}: HTTP 500 Internal Server Error"]


def test_backoff_doubles_and_the_last_failure_is_one_line(site, client, clock):
    url = site.add("/down.html", "down", status=503)
    logged: list[str] = []
    with pytest.raises(FetchError) as err:
        fetcher(client, clock, delay=0, retries=3, backoff=1.5, log=logged.append).get(url)
    assert str(err.value) == f"{url}: HTTP 503 Service Unavailable (3 tries); the site is failing; try again later"
    assert gets(site, "/down.html") == 3
    assert clock.sleeps == [1.5, 3.0]
    assert len(logged) == 2 and logged[1].startswith("retrying in 3 s: ")
    assert isinstance(err.value, SourceError) and err.value.exit_code == 1


@pytest.mark.parametrize("retry_after, expected", [("7", 7.0), ("600", 60.0), ("Wed, 21 Oct 2015 07:28:00 GMT", 1.0)])
def test_too_many_requests_honours_retry_after(site, client, clock, retry_after, expected):
    url = site.add("/busy.html", "ok", content_type="text/plain", status=[429, 200],
                   headers={"Retry-After": retry_after})
    assert fetcher(client, clock, delay=0).get(url).status == 200
    assert clock.sleeps == [expected]


def test_backoff_is_capped(site, client, clock):
    url = site.add("/down.html", "down", status=502)
    with pytest.raises(FetchError, match=r"\(5 tries\)"):
        fetcher(client, clock, delay=0, retries=5, backoff=20).get(url)
    assert clock.sleeps == [20, 40, 60, 60]


def test_not_found_fails_at_once_with_one_line(site, client, clock):
    url = site.url("/gone.html")
    with pytest.raises(FetchError) as err:
        fetcher(client, clock).get(url)
    assert str(err.value) == f"{url}: HTTP 404 Not Found; check the address"
    assert gets(site, "/gone.html") == 1 and clock.sleeps == []


def test_forbidden_is_not_retried(site, client, clock):
    url = site.add("/private.html", "no", status=403)
    with pytest.raises(FetchError, match="HTTP 403 Forbidden"):
        fetcher(client, clock).get(url)
    assert gets(site, "/private.html") == 1


def test_timeout(site):
    url = site.add("/slow.html", "late", delay=3.0)
    started = time.monotonic()
    with default_client(timeout=0.5) as slow_client, pytest.raises(FetchError) as err:
        Fetcher(slow_client, retries=1).get(url)
    assert time.monotonic() - started < 2.5
    assert str(err.value) == f"{url}: no answer within 0.5 s (1 try); check that the site is up or raise --timeout"


def test_nothing_listening(client, clock):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/news.html"
    with pytest.raises(FetchError) as err:
        fetcher(client, clock, retries=2, delay=0).get(url)
    message = str(err.value)
    assert message.startswith(f"{url}: could not connect (") and "(2 tries); check the address" in message
    assert "\n" not in message and clock.sleeps == [1.0]


@pytest.mark.parametrize("url", [
    "ftp://example.org/report.txt",
    "file:///etc/hostname",
    "example.org/news/story.html",
    "http://",
    "http://[::1",
    "https://example.org:port/x",
])
def test_not_an_http_address(client, clock, url):
    with pytest.raises(FetchError, match=r"is not an http\(s\) address; give one like https://"):
        fetcher(client, clock).get(url)


def test_oversized_body_is_refused(site, client, clock):
    url = site.add("/huge.html", b"<p>" + b"x" * 50_000 + b"</p>")
    with pytest.raises(FetchError) as err:
        fetcher(client, clock, max_bytes=10_000).get(url)
    assert str(err.value) == f"{url}: the page is larger than 10,000 bytes; give the address of a news page"
    assert gets(site, "/huge.html") == 1  # too big is no reason to try again


def test_body_is_counted_as_it_streams(site, client, clock):
    # A small compressed body that unpacks to a big one: only reading the stream can catch it.
    packed = gzip.compress(b"a" * 2_000_000)
    url = site.add("/bomb.html", packed, headers={"Content-Encoding": "gzip"})
    assert len(packed) < 10_000
    with pytest.raises(FetchError, match="larger than 100,000 bytes"):
        fetcher(client, clock, max_bytes=100_000).get(url)


def test_pdf_is_not_a_page(site, client, clock):
    url = site.add("/report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", content_type="application/pdf")
    fetched = fetcher(client, clock).get(url)
    with pytest.raises(UnsupportedInput) as err:
        article_from_fetched(fetched)
    assert str(err.value).startswith(f"{url} is application/pdf, not a web page or text")


def test_page_without_article_text(site, client, clock):
    url = site.add_file("/sections.html", "nav_only.html")
    with pytest.raises(EmptyInput, match="no article text found in this page"):
        article_from_fetched(fetcher(client, clock).get(url))


def test_empty_body(site, client, clock):
    url = site.add("/blank.html", b"")
    with pytest.raises(EmptyInput, match="the page is empty"):
        article_from_fetched(fetcher(client, clock).get(url))


def test_plain_text_takes_title_and_outlet_from_the_caller(site, client, clock):
    url = site.add("/kisumu.txt", example_text(KISUMU), content_type="text/plain; charset=utf-8")
    article = article_from_fetched(fetcher(client, clock).get(url), title="From the feed", source="Wire",
                                   published=dt.date(2025, 3, 19))
    assert (article.title, article.source, article.published) == ("From the feed", "Wire", dt.date(2025, 3, 19))
    assert article.text == example_text(KISUMU)


def test_caller_title_does_not_replace_the_page_title(site, client, clock):
    url = site.add("/news/kisumu.html", example_page(KISUMU))
    article = article_from_fetched(fetcher(client, clock).get(url), title="From the feed", source="Wire")
    assert article.title == example(KISUMU).title and article.source == "Daily Conflict Monitor"


def test_charset_declared_in_the_page_only(site, client, clock):
    page = example_page(KISUMU).replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    url = site.add("/news/kisumu.html", page.encode("cp1252"), content_type="text/html")
    article = article_from_fetched(fetcher(client, clock).get(url))
    assert "KISUMU, Kenya — Police shot dead" in article.text


def test_odd_bytes_do_not_stop_a_page():
    html = example_page(KISUMU).replace('<meta charset="utf-8">', "").encode("cp1252").replace(b"Kenya", b"Ken\x81ya")
    fetched = Fetched("http://news.example/k.html", 200, html, "text/html", None, None)
    assert "KISUMU, Ken\ufffdya — Police" in article_from_fetched(fetched).text


def test_the_sample_pages_are_realistic():
    page = example_page(KISUMU)
    for part in ('property="article:published_time" content="2025-03-19', 'property="og:site_name"', "<nav",
                 "<footer", "<title>Two killed"):
        assert part in page
    assert "{{" not in page and (SITE_DATA / "article.html").exists()


def test_site_receiver_records_posted_json(site):
    hook = site.receiver("/hooks/alerts", fail_first=1)
    first = httpx.post(hook, json={"event": "battle", "fatalities": 14})
    second = httpx.post(hook, json={"event": "battle", "fatalities": 14})
    assert (first.status_code, second.status_code) == (500, 200)
    assert site.posts["/hooks/alerts"] == [{"event": "battle", "fatalities": 14}]
    assert site.paths_requested("POST") == ["/hooks/alerts", "/hooks/alerts"]
