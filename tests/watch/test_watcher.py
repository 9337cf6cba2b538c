"""The watch loop against a real local site: what it does with failing items, repeated entries,
unchanged feeds, changed pages, and a watcher stopped in the middle of a round."""

from __future__ import annotations

import httpx
import pytest

from tacitus.ingest.web import Fetcher
from tacitus.store import Store
from tacitus.store.watching import WatchStore
from tacitus.watch.sources import open_source
from tacitus.watch.watcher import Watcher
from tests.httpsite import Site, example, example_page
from tests.watch.test_watch import rss

STEMS = ["burkina_djibo_attack", "gaza_khan_yunis_airstrike", "mali_bourem_retaken"]


@pytest.fixture
def site():
    with Site() as s:
        yield s


@pytest.fixture
def store(db_url):
    s = Store(db_url)
    yield s
    s.close()


def watcher(site_or_urls, store, pipeline, log=None):
    client = httpx.Client(timeout=2)
    fetcher = Fetcher(client, delay=0, retries=1, sleep=lambda s: None)
    sources = [open_source(u, fetcher, on_error=lambda e: None) for u in site_or_urls]
    return Watcher(sources, store, pipeline, log=(log.append if log is not None else lambda m: None))


def test_an_item_whose_page_fails_is_retried_then_given_up(site, store, pipeline):
    site.add(f"/news/{STEMS[0]}.html", example_page(STEMS[0]))
    site.add("/feed.xml", rss(site, STEMS[:2]), content_type="application/rss+xml", etag='"f1"')
    log: list[str] = []
    w = watcher([site.url("/feed.xml")], store, pipeline, log)
    first = w.run_once()
    assert (first.items, first.articles, first.failures) == (2, 1, 1)
    assert any(f"/news/{STEMS[1]}.html: HTTP 404" in line and "will retry (attempt 1 of 3)" in line for line in log)
    # The ETag was not kept while an item waits for a retry, so the feed is fetched whole again.
    assert WatchStore(store).source_state(site.url("/feed.xml")).etag is None
    second = w.run_once()
    assert (second.items, second.articles) == (1, 0)  # only the failed item is tried again
    site.add(f"/news/{STEMS[1]}.html", example_page(STEMS[1]))
    third = w.run_once()
    assert (third.items, third.articles) == (1, 1)
    statuses = {i["key"].rsplit("/", 1)[-1]: (i["status"], i["attempts"]) for i in WatchStore(store).items()}
    assert statuses == {f"{STEMS[0]}.html": ("done", 1), f"{STEMS[1]}.html": ("done", 3)}
    # Nothing left to retry: the validators are kept and the next poll is a conditional one.
    fourth = w.run_once()
    feed_requests = [h for m, p, h in site.requests if p == "/feed.xml"]
    assert feed_requests[-1].get("if-none-match") == '"f1"'
    assert fourth.items == 0


def test_a_page_that_never_comes_is_given_up_after_three_tries(site, store, pipeline):
    site.add("/feed.xml", rss(site, STEMS[:1]), content_type="application/rss+xml")
    log: list[str] = []
    w = watcher([site.url("/feed.xml")], store, pipeline, log)
    for _ in range(4):
        w.run_once()
    (item,) = WatchStore(store).items()
    assert (item["status"], item["attempts"]) == ("gave_up", 3)
    assert sum("HTTP 404" in line for line in log) == 3
    assert "gave up" in log[-1]


def test_a_feed_that_repeats_items_and_a_page_with_no_text(site, store, pipeline):
    site.add(f"/news/{STEMS[0]}.html", example_page(STEMS[0]))
    site.add_file(f"/news/{STEMS[1]}.html", "nav_only.html")  # a page with no article text
    twice = rss(site, [STEMS[0], STEMS[0], STEMS[1]])
    site.add("/feed.xml", twice, content_type="application/rss+xml")
    log: list[str] = []
    rnd = watcher([site.url("/feed.xml")], store, pipeline, log).run_once()
    assert (rnd.items, rnd.articles) == (2, 1)
    assert site.paths_requested().count(f"/news/{STEMS[0]}.html") == 1
    assert any("no article text" in line for line in log)
    assert {i["status"] for i in WatchStore(store).items()} == {"done", "skipped"}


def test_an_entry_that_carries_the_whole_report_is_read_from_the_feed_when_its_page_has_no_text(
        site, store, pipeline):
    ex = example(STEMS[2])
    link = site.url("/news/bourem.html")
    site.add_file("/news/bourem.html", "nav_only.html")
    body = "".join(f"<p>{p}</p>" for p in ex.paragraphs)
    site.add("/feed.xml", f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item>'
                          f"<title>{ex.title}</title><link>{link}</link><guid>{link}</guid>"
                          f"<description><![CDATA[{body}]]></description></item></channel></rss>",
             content_type="application/rss+xml")
    rnd = watcher([site.url("/feed.xml")], store, pipeline).run_once()
    assert rnd.articles == 1 and rnd.new_events
    (ev,) = [e for e in store.events() if e.location and e.location.name == "Bourem"]
    assert ev.sub_event_type == "Government regains territory"


def test_a_watched_page_is_read_again_when_its_text_changes(site, store, pipeline):
    site.add("/live.html", example_page(STEMS[0]))
    w = watcher([site.url("/live.html")], store, pipeline)
    assert w.run_once().articles == 1
    assert w.run_once().items == 0
    site.add("/live.html", example_page(STEMS[1]))
    rnd = w.run_once()
    assert (rnd.items, rnd.articles) == (1, 1)
    assert store.counts()["articles"] == 2


class StopAfter:
    """The real pipeline, with Ctrl-C pressed while the n-th article is being read."""

    def __init__(self, pipeline, n):
        self.pipeline, self.n = pipeline, n

    def events_for(self, article):
        self.n -= 1
        if self.n == 0:
            raise KeyboardInterrupt
        return self.pipeline.events_for(article)


def test_a_watcher_stopped_mid_round_goes_on_without_missing_or_repeating(site, store, pipeline):
    for stem in STEMS:
        site.add(f"/news/{stem}.html", example_page(stem))
    site.add("/feed.xml", rss(site, STEMS), content_type="application/rss+xml", etag='"v1"')
    with pytest.raises(KeyboardInterrupt):
        watcher([site.url("/feed.xml")], store, StopAfter(pipeline, 2)).run_once()
    assert store.counts()["articles"] == 1
    rnd = watcher([site.url("/feed.xml")], store, pipeline).run_once()
    assert (rnd.items, rnd.articles) == (2, 2)
    assert store.counts()["articles"] == 3
    assert [h.get("if-none-match") for m, p, h in site.requests if p == "/feed.xml"] == [None, None]


class Trips:
    """The real pipeline, except that one article trips a bug in extraction."""

    def __init__(self, pipeline, bad_title):
        self.pipeline, self.bad_title = pipeline, bad_title

    def events_for(self, article):
        if article.title == self.bad_title:
            raise ValueError("an unexpected shape of sentence")
        return self.pipeline.events_for(article)


def test_a_bug_on_one_article_is_logged_and_the_watcher_goes_on(site, store, pipeline):
    for stem in STEMS:
        site.add(f"/news/{stem}.html", example_page(stem))
    site.add("/feed.xml", rss(site, STEMS), content_type="application/rss+xml")
    log: list[str] = []
    w = watcher([site.url("/feed.xml")], store, Trips(pipeline, example(STEMS[1]).title), log)
    rnd = w.run_once()
    assert (rnd.items, rnd.articles, rnd.failures) == (3, 2, 1)
    assert any("extraction failed (ValueError: an unexpected shape of sentence)" in line for line in log)
