"""The REST API over a real SQLite store of the example reports, asked as the dashboard and
scripts ask it: filters, sorting, pages, formats, an event's articles with its evidence, figures,
actors, alerts, and writing an article (text or URL) behind the token."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys
from collections import Counter

import pytest
from fastapi.testclient import TestClient

from tacitus.cli.output import CSV_FIELDS, record
from tacitus.settings import Settings
from tacitus.store.watching import WatchStore
from tacitus.web import app as web_app
from tacitus.web.app import create_app
from tests.httpsite import example_page
from tests.web.stores import EXAMPLES, examples_store

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def store(databases, pipeline):
    s = examples_store(databases.new("api"), pipeline)
    yield s
    s.close()


@pytest.fixture(scope="module")
def api(store):
    """A read-only server: no token is configured."""
    with TestClient(create_app(Settings(db_url=store.url))) as client:
        yield client


@pytest.fixture(scope="module")
def every(store):
    return store.events()


@pytest.fixture
def writer(db_url, pipeline):
    """A server that accepts writes, over an empty store."""
    with TestClient(create_app(Settings(db_url=db_url, api_token=TOKEN),
                               pipeline=pipeline)) as client:
        yield client


def ids(resp) -> list[str]:
    assert resp.status_code == 200, resp.text
    return [e["event_id"] for e in resp.json()["events"]]


def places(resp) -> set[str]:
    return {e["location"]["name"] for e in resp.json()["events"] if e["location"]}


def names(ev) -> list[str]:
    return [a.name for a in (ev.actor1, ev.actor2) if a]


def matches(ev, p: dict) -> bool:
    """What the API promises each filter means, in plain Python."""
    loc = ev.location
    if "since" in p and not (ev.event_date and ev.event_date >= dt.date.fromisoformat(p["since"])):
        return False
    if "until" in p and not (ev.event_date and ev.event_date <= dt.date.fromisoformat(p["until"])):
        return False
    if "country" in p and not (loc and loc.country == p["country"].upper()):
        return False
    if "admin1" in p and not (loc and (loc.admin1 or "").lower() == p["admin1"].lower()):
        return False
    if "event_type" in p and ev.event_type != p["event_type"]:
        return False
    if "sub_event_type" in p and ev.sub_event_type != p["sub_event_type"]:
        return False
    if "actor" in p and not any(p["actor"].lower() in n.lower() for n in names(ev)):
        return False
    if "bbox" in p:
        w, s, e, n = map(float, p["bbox"].split(","))
        if not (loc and loc.lat is not None and s <= loc.lat <= n and w <= loc.lon <= e):
            return False
    if "q" in p:
        texts = [ev.notes, loc.name if loc else "", *names(ev)]
        if not any(p["q"].lower() in t.lower() for t in texts):
            return False
    return True


# --- listing and filtering ---------------------------------------------------------------------

def test_the_page_holds_every_event_as_the_cli_prints_it(api, every):
    body = api.get("/api/events").json()
    assert body["total"] == len(every) == len(body["events"]) and body["limit"] == 100 and body["offset"] == 0
    by_id = {e.event_id: record(e) for e in every}
    assert all(e == by_id[e["event_id"]] for e in body["events"])
    assert list(body["events"][0])[:2] == ["event_id", "article_ids"]


@pytest.mark.parametrize("params, anchor", [
    ({"country": "som"}, {"Beledweyne"}),  # the Al Shabaab clash, and nothing else in Somalia
    ({"since": "2025-03-01", "until": "2025-03-31"}, {"Kisumu", "Dera Ismail Khan"}),
    ({"admin1": "khyber pakhtunkhwa"}, {"Dera Ismail Khan"}),
    ({"event_type": "Riots"}, {"Nantes", "Zacatlan"}),
    ({"sub_event_type": "Armed clash"}, {"Beledweyne"}),
    ({"actor": "SHABAAB"}, {"Beledweyne"}),
    ({"actor": "arakan"}, {"Taungup"}),
    ({"bbox": "33,-2,38,1"}, {"Kisumu", "Nairobi"}),  # western and central Kenya
    ({"q": "suicide"}, {"Konduga"}),  # in the notes only
    ({"q": "beledweyne"}, {"Beledweyne"}),  # the place name, any case
    ({"q": "Rapid Support"}, {"Al Manaqil"}),  # an actor's name
    ({"country": "KEN", "event_type": "Protests", "since": "2025-03-18"}, {"Kisumu"}),
])
def test_each_filter_keeps_exactly_the_events_it_names(api, every, params, anchor):
    got = api.get("/api/events", params=params)
    expected = {e.event_id for e in every if matches(e, params)}
    assert set(ids(got)) == expected and got.json()["total"] == len(expected)
    assert anchor <= places(got)


def test_somalia_is_the_beledweyne_clash(api):
    (ev,) = api.get("/api/events", params={"country": "SOM"}).json()["events"]
    assert ev["location"]["name"] == "Beledweyne" and ev["sub_event_type"] == "Armed clash"
    assert ev["actor1"]["name"] == "Al Shabaab"


def test_a_filter_that_matches_nothing_is_an_empty_page(api):
    assert api.get("/api/events", params={"country": "NZL"}).json() == {
        "total": 0, "limit": 100, "offset": 0, "events": []}


def test_like_wildcards_in_the_text_are_literal(api, every):
    for q in ("%", "_", "K_sumu"):
        expected = {e.event_id for e in every if matches(e, {"q": q})}
        assert set(ids(api.get("/api/events", params={"q": q}))) == expected
    assert ids(api.get("/api/events", params={"q": "K_sumu"})) == []


def test_sql_in_the_text_is_only_text(api, every, store):
    sneaky = "' OR 1=1 --"
    for field in ("q", "actor", "admin1", "event_type"):
        r = api.get("/api/events", params={field: sneaky})
        assert r.status_code == 200 and r.json()["total"] == 0, (field, r.text)
    assert api.get("/api/events/" + sneaky).status_code == 404
    assert api.get("/api/events").json()["total"] == len(every) == store.counts()["events"]


# --- sorting and pages -----------------------------------------------------------------------------

def _dates(resp):
    return [e["event_date"] for e in resp.json()["events"]]


def test_newest_first_by_default_and_oldest_first_on_request(api):
    newest = _dates(api.get("/api/events"))
    assert newest == sorted(newest, reverse=True)
    oldest = _dates(api.get("/api/events", params={"sort": "event_date"}))
    assert oldest == sorted(oldest)


def test_sorted_by_fatalities_the_unreported_come_last_either_way(api, every):
    for sort, reverse in (("-fatalities", True), ("fatalities", False)):
        killed = [e["fatalities"]["best"] if e["fatalities"] else None
                  for e in api.get("/api/events", params={"sort": sort}).json()["events"]]
        known = [k for k in killed if k is not None]
        assert known == sorted(known, reverse=reverse)
        assert killed == known + [None] * (len(killed) - len(known))
    top = api.get("/api/events", params={"sort": "-fatalities", "limit": 1}).json()["events"][0]
    assert top["fatalities"]["best"] == max(e.fatalities.best for e in every if e.fatalities)


def test_pages_cut_the_same_list_and_total_counts_them_all(api, every):
    whole = ids(api.get("/api/events", params={"sort": "event_date", "limit": 1000}))
    page = api.get("/api/events", params={"sort": "event_date", "limit": 5, "offset": 5}).json()
    assert page["total"] == len(every) and page["limit"] == 5 and page["offset"] == 5
    assert [e["event_id"] for e in page["events"]] == whole[5:10]
    beyond = api.get("/api/events", params={"offset": len(every)}).json()
    assert beyond["events"] == [] and beyond["total"] == len(every)


# --- other formats ---------------------------------------------------------------------------------

def test_csv_has_the_cli_columns_and_honours_the_filters(api):
    r = api.get("/api/events", params={"format": "csv", "country": "KEN"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert list(rows[0]) == CSV_FIELDS
    assert [row["event_id"] for row in rows] == ids(api.get("/api/events", params={"country": "KEN"}))
    assert {row["country"] for row in rows} == {"KEN"} and "Kisumu" in {row["location"] for row in rows}


def test_geojson_points_are_lon_lat_and_the_limit_holds(api):
    r = api.get("/api/events", params={"format": "geojson", "limit": 3, "sort": "event_date"})
    assert r.headers["content-type"].startswith("application/geo+json")
    fc = r.json()
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 3
    somalia = api.get("/api/events", params={"format": "geojson", "country": "SOM"}).json()
    (feature,) = somalia["features"]
    lon, lat = feature["geometry"]["coordinates"]
    assert feature["properties"]["location"]["name"] == "Beledweyne"
    assert 4.5 < lat < 5.0 and 45.0 < lon < 45.5  # Beledweyne, on the Shabelle


# --- one event -------------------------------------------------------------------------------------

def test_an_event_comes_with_its_articles_and_the_evidence_in_them(api):
    (clash,) = ids(api.get("/api/events", params={"country": "SOM"}))
    r = api.get(f"/api/events/{clash[:6]}")  # the first characters are enough
    assert r.status_code == 200, r.text
    detail = r.json()
    assert detail["event"]["event_id"] == clash
    assert {"event", "reports", "links", "copies", "articles"} <= set(detail)
    (article,) = detail["articles"]
    text = (EXAMPLES / "somalia_beledweyne_clash.txt").read_text(encoding="utf-8")
    assert article["text"] == text and article["source"] == "Somalia Monitor"
    assert article["published"] == "2024-11-14" and article["url"] == "http://news.test/somalia_beledweyne_clash.txt"
    assert article["spans"] and {s["field"] for s in article["spans"]} >= {"event_type", "location"}
    for span in article["spans"]:
        assert article["text"][span["start"]:span["end"]] == span["text"]
    assert detail["reports"][0]["outlet"] == "Somalia Monitor"


def test_an_unknown_or_ambiguous_id_is_404(api, every):
    r = api.get("/api/events/0000000000000000ff")
    assert r.status_code == 404 and r.json()["detail"].startswith("no event '0000000000000000ff'")
    first = Counter(e.event_id[0] for e in every).most_common(1)[0]
    assert first[1] > 1
    r = api.get(f"/api/events/{first[0]}")
    assert r.status_code == 404 and "more than one" in r.json()["detail"]


# --- figures ---------------------------------------------------------------------------------------

def test_stats_add_up_to_the_events(api, every):
    s = api.get("/api/stats").json()
    killed = sum(e.fatalities.best for e in every if e.fatalities)
    assert s["events"] == len(every) and s["fatalities"] == killed
    for key in ("by_day", "by_type", "by_country"):
        assert sum(r["events"] for r in s[key]) == len(every)
        assert sum(r["fatalities"] for r in s[key]) == killed
    days = [r["date"] for r in s["by_day"]]
    assert days == sorted(days)
    assert {r["event_type"]: r["events"] for r in s["by_type"]} == Counter(e.event_type for e in every)
    somalia = next(r for r in s["by_country"] if r["country"] == "SOM")
    clash = next(e for e in every if e.location and e.location.country == "SOM")
    assert somalia == {"country": "SOM", "events": 1, "fatalities": clash.fatalities.best}


def test_stats_take_the_same_filters(api, every):
    params = {"country": "NGA", "until": "2024-06-30"}
    s = api.get("/api/stats", params=params).json()
    chosen = [e for e in every if matches(e, params)]
    assert s["events"] == len(chosen) > 0
    assert s["fatalities"] == sum(e.fatalities.best for e in chosen if e.fatalities)
    assert {r["country"] for r in s["by_country"]} == {"NGA"}


def test_actors_are_counted_once_per_event_most_active_first(api, every):
    rows = api.get("/api/actors").json()
    counts = Counter(n for e in every for n in set(names(e)))
    assert {r["name"]: r["events"] for r in rows} == dict(counts)
    assert [r["events"] for r in rows] == sorted((r["events"] for r in rows), reverse=True)
    shabaab = next(r for r in rows if r["name"] == "Al Shabaab")
    assert shabaab["first_seen"] == shabaab["last_seen"] == "2024-11-13"
    assert shabaab["country"] == "SOM" and isinstance(shabaab["inter"], int)
    army = next(r for r in rows if r["name"] == "Military Forces of Democratic Republic of Congo")
    assert army["fatalities"] == sum(e.fatalities.best for e in every if army["name"] in names(e) and e.fatalities)


def test_actors_of_one_country_and_period(api, every):
    params = {"country": "PAK", "since": "2025-03-01", "until": "2025-03-31"}
    rows = api.get("/api/actors", params=params).json()
    assert {r["name"] for r in rows} == {n for e in every if matches(e, params) for n in names(e)}
    assert "TTP: Tehreek-i-Taliban Pakistan" in {r["name"] for r in rows}
    assert len(api.get("/api/actors", params={"limit": 2}).json()) == 2


def test_alerts_newest_first_with_their_deliveries(api, store, every):
    clash = next(e.event_id for e in every if e.location and e.location.country == "SOM")
    kisumu = next(e.event_id for e in every if e.location and e.location.name == "Kisumu")
    watch = WatchStore(store)
    first = watch.fire("deaths in Somalia", clash, "in SOM; 14 killed (threshold 10)", ["log"])
    second = watch.fire("protests in Kenya", kisumu, "in KEN; Protests", ["webhook http://hooks.test/a", "log"])
    rows = api.get("/api/alerts").json()
    assert [r["id"] for r in rows] == [second, first]
    assert rows[0]["event_id"] == kisumu and rows[0]["rule"] == "protests in Kenya"
    assert [d["channel"] for d in rows[0]["deliveries"]] == ["webhook http://hooks.test/a", "log"]
    assert {d["status"] for d in rows[0]["deliveries"]} == {"pending"}
    fired = dt.datetime.fromisoformat(rows[0]["fired_at"])
    assert fired.tzinfo is not None and abs(dt.datetime.now(dt.timezone.utc) - fired) < dt.timedelta(minutes=5)
    assert [r["id"] for r in api.get("/api/alerts", params={"limit": 1}).json()] == [second]


# --- bad input -------------------------------------------------------------------------------------

@pytest.mark.parametrize("path, params, field", [
    ("/api/events", {"limit": 0}, "limit"),
    ("/api/events", {"limit": 1001}, "limit"),
    ("/api/events", {"offset": -1}, "offset"),
    ("/api/events", {"since": "yesterday"}, "since"),
    ("/api/events", {"until": "2024-02-30"}, "until"),
    ("/api/events", {"since": "1700000000"}, "since"),
    ("/api/events", {"bbox": "1,2,3"}, "bbox"),
    ("/api/events", {"bbox": "0,50,10,40"}, "bbox"),  # south above north
    ("/api/events", {"bbox": "0,nan,10,40"}, "bbox"),
    ("/api/events", {"country": "Syria"}, "country"),
    ("/api/events", {"sort": "oldest"}, "sort"),
    ("/api/events", {"format": "xml"}, "format"),
    ("/api/events", {"q": "a\x00b"}, "q"),
    ("/api/stats", {"since": "yesterday"}, "since"),
    ("/api/actors", {"limit": 0}, "limit"),
    ("/api/alerts", {"limit": "many"}, "limit"),
])
def test_a_bad_value_is_a_422_that_names_its_field(api, path, params, field):
    r = api.get(path, params=params)
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert isinstance(detail, str) and detail.startswith(f"{field}: ") and "\n" not in detail


# --- writing ---------------------------------------------------------------------------------------

def _bearer(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _somalia() -> dict:
    return {"text": (EXAMPLES / "somalia_beledweyne_clash.txt").read_text(encoding="utf-8"),
            "published": "2024-11-14", "source": "Hiiraan Online", "title": "Clash in Beledweyne"}


def test_writing_is_off_without_a_token_on_the_server(api):
    r = api.post("/api/articles", json=_somalia(), headers=_bearer())
    assert r.status_code == 403
    assert r.json() == {"detail": "writing is off: start the server with TACITUS_API_TOKEN set"}


@pytest.mark.parametrize("headers", [{}, _bearer("wrong"), _bearer(TOKEN + "x"), {"Authorization": f"Basic {TOKEN}"},
                                     {"Authorization": TOKEN}])
def test_a_missing_or_wrong_token_is_401(writer, headers):
    r = writer.post("/api/articles", json=_somalia(), headers=headers)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert writer.get("/api/events").json()["total"] == 0


def test_an_article_sent_as_text_is_extracted_stored_and_listed(writer):
    r = writer.post("/api/articles", json=_somalia(), headers=_bearer())
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["stored"] is True and body["copy_of"] is None
    clash = next(e for e in body["events"] if e["sub_event_type"] == "Armed clash")
    assert clash["location"]["name"] == "Beledweyne" and clash["article_ids"] == [body["article_id"]]
    listed = writer.get("/api/events").json()
    assert {e["event_id"] for e in listed["events"]} == {e["event_id"] for e in body["events"]}
    detail = writer.get(f"/api/events/{clash['event_id']}").json()
    assert detail["articles"][0]["source"] == "Hiiraan Online"
    assert detail["articles"][0]["title"] == "Clash in Beledweyne"
    again = writer.post("/api/articles", json=_somalia(), headers=_bearer())
    assert again.status_code == 201 and again.json()["stored"] is False and again.json()["events"] == []
    assert writer.get("/api/events").json()["total"] == listed["total"]


def test_an_article_sent_as_a_url_is_fetched_from_the_site(writer, site):
    url = site.add("/news/kisumu.html", example_page("kenya_kisumu_protests"))
    r = writer.post("/api/articles", json={"url": url}, headers=_bearer())
    assert r.status_code == 201, r.text
    body = r.json()
    assert "Kisumu" in {e["location"]["name"] for e in body["events"] if e["location"]}
    assert site.paths_requested() == ["/news/kisumu.html"]
    detail = writer.get(f"/api/events/{body['events'][0]['event_id']}").json()
    assert detail["articles"][0]["url"] == url and "Kisumu" in detail["articles"][0]["text"]


def test_a_url_that_cannot_be_read_is_422_with_the_reason(writer, site):
    r = writer.post("/api/articles", json={"url": site.url("/gone.html")}, headers=_bearer())
    assert r.status_code == 422 and "HTTP 404" in r.json()["detail"]
    r = writer.post("/api/articles", json={"url": "ftp://example.org/a.txt"}, headers=_bearer())
    assert r.status_code == 422 and "not an http(s) address" in r.json()["detail"]


@pytest.mark.parametrize("body, start", [
    ({"text": "Shelling hit the town.", "url": "http://news.test/a"}, "body: give exactly one of text and url"),
    ({"title": "nothing else"}, "body: give exactly one of text and url"),
    ({"text": "Shelling hit the town.", "published": "yesterday"}, "published: "),
    ({"text": "Shelling hit the town.", "published": 1733097600}, "published: "),
    ({"text": 42}, "text: "),
    ({"text": "Shelling hit the town.", "author": "me"}, "author: "),
    ({"text": "a\x00b"}, "text: "),
    ({"text": "   "}, "text: the text is empty"),
    ({"text": "Der Beschuss der Stadt dauerte die ganze Nacht und die Bewohner flohen aus ihren Häusern "
              "in die umliegenden Dörfer, sagte der Bürgermeister am Morgen."}, "text: this text does not look like"),
])
def test_bad_articles_are_422_with_one_line(writer, body, start):
    r = writer.post("/api/articles", json=body, headers=_bearer())
    assert r.status_code == 422, r.text
    assert r.json()["detail"].startswith(start) and "\n" not in r.json()["detail"]


def test_json_that_does_not_parse_is_422(writer):
    r = writer.post("/api/articles", content=b'{"text": ', headers={**_bearer(), "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["detail"].startswith("body: not valid JSON")


def test_a_body_over_2_mb_is_refused_before_it_is_read(writer):
    big = {"text": "Shelling hit the town. " * 100_000}  # 2.3 MB
    r = writer.post("/api/articles", json=big, headers=_bearer())
    assert r.status_code == 413 and "2 MB" in r.json()["detail"]

    sent = []

    def chunks():  # streamed without a Content-Length: the bytes are counted as they come
        for _ in range(40):
            sent.append(1)
            yield b" " * 65536

    r = writer.post("/api/articles", content=chunks(), headers={**_bearer(), "Content-Type": "application/json"})
    assert r.status_code == 413
    assert writer.get("/api/events").json()["total"] == 0


def test_a_streamed_body_is_cut_off_at_the_limit_not_read_to_the_end(writer):
    import asyncio

    chunk, total = 65536, 200  # 13 MB offered; the server must stop asking after about 2 MB
    asked, sent = [], []

    async def receive():
        asked.append(1)
        return {"type": "http.request", "body": b" " * chunk, "more_body": len(asked) < total}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/api/articles", "raw_path": b"/api/articles", "query_string": b"", "root_path": "",
             "headers": [(b"authorization", f"Bearer {TOKEN}".encode()), (b"content-type", b"application/json")],
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
    asyncio.run(writer.app(scope, receive, send))
    assert sent[0]["status"] == 413
    assert len(asked) * chunk <= 2 * 1024 * 1024 + chunk < total * chunk


# --- pages beside the API --------------------------------------------------------------------------

def test_docs_schema_basemap_and_dashboard_are_served(api, monkeypatch, tmp_path):
    schema = api.get("/openapi.json").json()
    assert schema["info"]["title"] == "tacitus"
    assert {"/api/events", "/api/events/{event_id}", "/api/stats", "/api/actors", "/api/alerts",
            "/api/articles"} == set(schema["paths"])
    docs = api.get("/docs")
    assert docs.status_code == 200 and "GET /api/events" in docs.text and "bbox" in docs.text
    assert "cdn" not in docs.text.lower()
    basemap = api.get("/basemap/countries.geojson")
    assert basemap.headers["content-type"].startswith("application/geo+json")
    assert basemap.json()["type"] == "FeatureCollection"
    assert api.get("/").headers["content-type"].startswith("text/html")
    r = api.get("/events/abc123", follow_redirects=False)
    assert r.status_code in (302, 307) and r.headers["location"] == "/?event=abc123"
    monkeypatch.setattr(web_app, "STATIC", tmp_path)  # no dashboard installed
    placeholder = api.get("/")
    assert placeholder.status_code == 200 and "/docs" in placeholder.text


def test_importing_the_app_opens_no_database(tmp_path):
    r = subprocess.run([sys.executable, "-c", "import tacitus.web.app, tacitus.web.api, tacitus.cli.serve"],
                       cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert list(tmp_path.iterdir()) == []  # no tacitus.db appeared
