"""RSS and Atom feeds served by a real HTTP server on 127.0.0.1, and the pages their items link to."""

from __future__ import annotations

import datetime as dt

import pytest
from httpsite import SITE_DATA, example, example_page

from tacitus.errors import FeedError, SourceError
from tacitus.ingest.feeds import looks_like_feed, parse_feed
from tacitus.ingest.web import Fetcher, article_from_fetched, default_client

PAGES = {
    "/news/kenya-kisumu-protests.html": "kenya_kisumu_protests",
    "/news/ukraine-kherson-shelling.html": "ukraine_kherson_shelling",
    "/news/syria-mayadin-mass-grave.html": "syria_mayadin_mass_grave",
    "/africa/somalia-beledweyne-clash.html": "somalia_beledweyne_clash",
    "/africa/burkina-djibo-attack.html": "burkina_djibo_attack",
}


@pytest.fixture
def fetch():
    with default_client(timeout=5.0) as client:
        yield Fetcher(client, delay=0).get


@pytest.fixture
def news_site(site):
    for path, stem in PAGES.items():
        site.add(path, example_page(stem))
    site.add_file("/feeds/rss.xml", "rss.xml", content_type="application/rss+xml; charset=utf-8")
    site.add_file("/feeds/atom.xml", "atom.xml", content_type="application/atom+xml")
    return site


def test_rss_items(news_site, fetch):
    url = news_site.url("/feeds/rss.xml")
    fetched = fetch(url)
    assert looks_like_feed(fetched.content, fetched.content_type)
    items = parse_feed(fetched.content, fetched.url)
    base = news_site.base
    assert [i.key for i in items] == [
        "dcm-2025-0319-kisumu",
        f"{base}/news/ukraine-kherson-shelling.html",
        f"{base}/news/syria-mayadin-mass-grave.html",  # no guid: the link is the key
    ]
    assert [i.link for i in items] == [base + p for p in list(PAGES)[:3]]  # the relative link is resolved
    # The publisher's own day, not UTC's: 01:40 in Nairobi on the 19th is still the 18th in UTC.
    assert [i.published for i in items] == [dt.date(2025, 3, 19), dt.date(2025, 2, 4), dt.date(2025, 3, 20)]
    assert items[0].title == "Two killed as police fire on protesters in Kisumu; tear gas in Nairobi"
    assert items[0].summary == "Police shot dead two people in the western Kenyan city of Kisumu on Tuesday."


def test_atom_entries(news_site, fetch):
    fetched = fetch(news_site.url("/feeds/atom.xml"))
    items = parse_feed(fetched.content, fetched.url)
    assert [i.key for i in items] == ["tag:dailyconflictmonitor.example,2024-11-14:beledweyne",
                                      "tag:dailyconflictmonitor.example,2024-08-27:djibo"]
    assert [i.link for i in items] == [news_site.base + p for p in list(PAGES)[3:]]
    assert [i.published for i in items] == [dt.date(2024, 11, 14), dt.date(2024, 8, 27)]  # 2nd: updated only
    assert items[0].summary == "Fighting near Beledweyne left at least 14 dead."  # tags stripped
    assert items[1].summary == "Gunmen killed dozens of villagers near Djibo. Survivors fled to the town."


@pytest.mark.parametrize("feed", ["/feeds/rss.xml", "/feeds/atom.xml"])
def test_feed_items_lead_to_their_articles(news_site, fetch, feed):
    fetched = fetch(news_site.url(feed))
    paths = []
    for item in parse_feed(fetched.content, fetched.url):
        article = article_from_fetched(fetch(item.link), published=item.published, title=item.title)
        paths.append(item.link.removeprefix(news_site.base))
        assert article.title == example(PAGES[paths[-1]]).title == item.title
        assert article.published == example(PAGES[paths[-1]]).published
    assert len(paths) >= 2 and news_site.paths_requested() == [feed, *paths]


def test_broken_xml_without_entries(site, fetch):
    url = site.add_file("/feeds/broken.xml", "broken.xml", content_type="application/rss+xml")
    fetched = fetch(url)
    with pytest.raises(FeedError) as err:
        parse_feed(fetched.content, url)
    assert str(err.value) == f"{url}: not an RSS or Atom feed (mismatched tag at line 10); check the address"
    assert isinstance(err.value, SourceError)


def test_broken_xml_with_entries_is_still_read():
    xml = (SITE_DATA / "rss.xml").read_text().replace("{{SITE}}", "http://news.example")
    xml = xml.replace("<language>en</language>", "<language>en</language><br>")  # an unclosed tag
    items = parse_feed(xml.encode(), "http://news.example/feeds/rss.xml")
    assert len(items) == 3 and items[1].title == "Russian shelling kills five in Kherson"


def test_repeated_item_comes_once(site, fetch):
    url = site.add_file("/feeds/repeated.xml", "repeated.xml", content_type="text/xml")
    items = parse_feed(fetch(url).content, url)
    assert [i.link for i in items] == [site.url("/news/iraq-kirkuk-arrests.html"),
                                       site.url("/news/yemen-taiz-road-deal.html")]
    assert items[0].title == "Iraqi police arrest seven Islamic State suspects in Kirkuk raid"  # the first one
    assert items[0].summary is None


def test_html_page_is_not_a_feed(site, fetch):
    url = site.add("/news/kisumu.html", example_page("kenya_kisumu_protests"))
    with pytest.raises(FeedError, match=r"not an RSS or Atom feed \(.+\); check the address"):
        parse_feed(fetch(url).content, url)


def test_empty_feed_has_no_items():
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    assert parse_feed(empty, "http://news.example/quiet.xml") == []


def test_key_without_id_or_link_is_stable():
    def feed(*titles):
        items = "".join(f"<item><title>{t}</title><description>About {t}.</description></item>" for t in titles)
        return f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()

    first = parse_feed(feed("Clash in Goma", "March in Lima"), "http://news.example/f.xml")
    later = parse_feed(feed("Strike in Gaza", "Clash in Goma"), "http://news.example/f.xml")
    assert len({i.key for i in first}) == 2 and all(len(i.key) == 40 for i in first)
    assert later[1].key == first[0].key and later[0].key not in {i.key for i in first}


@pytest.mark.parametrize("name, content_type, expected", [
    ("rss.xml", "application/rss+xml", True),
    ("rss.xml", "text/xml", True),
    ("rss.xml", None, True),
    ("atom.xml", "text/html", True),  # mislabelled by the server: the root still says feed
    ("atom.xml", "application/atom+xml", True),
    ("repeated.xml", "application/xml", True),
    ("nav_only.html", "text/html; charset=utf-8", False),
    ("xhtml_page.xhtml", "application/xhtml+xml", False),
    ("xhtml_page.xhtml", "application/xml", False),
    ("article.html", None, False),
])
def test_looks_like_feed(name, content_type, expected):
    assert looks_like_feed((SITE_DATA / name).read_bytes(), content_type) is expected


def test_looks_like_feed_on_a_served_page(site, fetch):
    fetched = fetch(site.add("/news/kisumu.html", example_page("kenya_kisumu_protests")))
    assert not looks_like_feed(fetched.content, fetched.content_type)


def test_rss_1_rdf_root():
    rdf = b'\xef\xbb\xbf\n<?xml version="1.0"?>\n<!-- RSS 1.0 -->\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    assert looks_like_feed(rdf, "text/plain")
