"""The dashboard as an analyst uses it: `tacitus serve` over a store of the bundled example
reports and the seed report, opened in a real (headless) Chromium with no network beyond the
server.  What the page shows is checked against what the API answers for the same filters."""

from __future__ import annotations

from collections import Counter

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.chromium import launched, needs_chromium

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seed" / "article.txt"
SHOT = Path("/tmp/dashboard.png")

pytestmark = needs_chromium


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tacitus(*args: str) -> None:
    r = subprocess.run([sys.executable, "-m", "tacitus", *args], capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, f"tacitus {' '.join(args)} failed:\n{r.stdout}\n{r.stderr}"


class Api:
    """The server's API, asked directly, for what the page ought to show."""

    def __init__(self, base: str):
        self.base = base

    def get(self, path: str, **params):
        query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
        with urllib.request.urlopen(f"{self.base}{path}{'?' + query if query else ''}", timeout=30) as r:
            return json.load(r)

    def located(self, **filters) -> dict[str, dict]:
        """The events the map should show for these filters, by id."""
        fc = self.get("/api/events", format="geojson", limit=1000, **filters)
        return {f["properties"]["event_id"]: f["properties"] for f in fc["features"] if f.get("geometry")}


@pytest.fixture(scope="module")
def server(tmp_path_factory, databases, sample_jsonl):
    """`tacitus serve` over a fresh store of the examples (and the seed report, when present)."""
    db = databases.new("dashboard")
    _tacitus("ingest", str(sample_jsonl), "--db", db)
    if SEED.exists():
        _tacitus("ingest", str(SEED), "--date", "2024-12-02", "--db", db)

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(tmp_path_factory.mktemp("dashboard") / "serve.log", "w+")
    proc = subprocess.Popen([sys.executable, "-m", "tacitus", "serve", "--db", db, "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{base}/api/events", timeout=5) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            log.seek(0)
            pytest.fail(f"`tacitus serve` did not answer on {base}/api/events:\n{log.read()}")
        time.sleep(0.3)
    yield Api(base)
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log.close()


@pytest.fixture(scope="module")
def browser():
    with launched() as b:
        yield b


class Dashboard:
    """One browser tab on the dashboard, recording every request and every script error."""

    def __init__(self, browser, server: Api, hash_: str = ""):
        self.api = server
        self.page = browser.new_page(viewport={"width": 1280, "height": 800})
        self.requests: list[str] = []
        self.problems: list[str] = []
        self.page.on("request", lambda req: self.requests.append(req.url))
        self.page.on("pageerror", lambda exc: self.problems.append(f"script error: {exc}"))
        self.page.on("console", lambda msg: msg.type == "error" and self.problems.append(f"console: {msg.text}"))
        self.page.on("response", lambda r: r.status >= 400 and self.problems.append(f"{r.status} {r.url}"))
        self.page.goto(f"{server.base}/{hash_}")
        self.wait(0)

    def renders(self) -> int:
        return int(self.page.evaluate("Number(document.body.dataset.renders || 0)"))

    def wait(self, after: int) -> None:
        """Until the page has drawn the data of the current filters once more than `after` times."""
        self.page.wait_for_function(
            f"Number(document.body.dataset.renders || 0) > {after} && document.body.dataset.state === 'ready'",
            timeout=30_000)

    def row_ids(self) -> list[str]:
        return self.page.eval_on_selector_all("#events tbody tr[data-event-id]", "rs => rs.map(r => r.dataset.eventId)")

    def map_markers(self) -> tuple[list[str], int]:
        """The ids of the single event markers on the map, and the number of events inside cluster icons."""
        ids = self.page.eval_on_selector_all(".leaflet-marker-pane [data-event-id]", "ms => ms.map(m => m.dataset.eventId)")
        clustered = self.page.eval_on_selector_all(".leaflet-marker-pane [data-count]",
                                                   "cs => cs.reduce((n, c) => n + Number(c.dataset.count), 0)")
        return ids, clustered

    def hash_params(self) -> dict[str, str]:
        return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.page.url).fragment))

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def dash(browser, server):
    d = Dashboard(browser, server)
    yield d
    d.close()


def _seed_airstrike(api: Api) -> dict:
    if not SEED.exists():
        pytest.skip(f"the seed report is not here ({SEED}); it comes with the project's shared folder")
    found = [e for e in api.get("/api/events", sub_event_type="Air/drone strike", country="SYR", limit=100)["events"]
             if "Idlib" in ((e["location"] or {}).get("name") or "") + ((e["location"] or {}).get("admin1") or "")
             and (e["fatalities"] or {}).get("best") == 10]
    assert len(found) == 1, found
    return found[0]


def test_the_map_shows_every_located_event_and_nothing_leaves_the_machine(dash):
    located = dash.api.located()
    stats = dash.api.get("/api/stats")
    assert len(located) >= 15  # the examples cover five continents

    ids, clustered = dash.map_markers()
    assert len(ids) + clustered == len(located)
    assert set(ids) <= set(located)
    assert len(set(ids)) == len(ids)
    assert sorted(dash.row_ids()) == sorted(located)  # the table lists what the map shows

    header = dash.page.locator("header.top")
    assert dash.page.locator('[data-figure="events"]').inner_text().replace(",", "") == str(stats["events"])
    assert dash.page.locator('[data-figure="fatalities"]').inner_text().replace(",", "") == str(stats["fatalities"])
    assert "FATALITIES" in header.inner_text().upper()
    assert dash.page.locator("svg.timeline rect.day").count() == len(stats["by_day"])
    assert dash.page.locator(".leaflet-tile").count() == 0  # the basemap is the packaged countries layer
    assert dash.page.locator("path.country").count() > 100

    # a tooltip says what a marker is
    first = dash.page.locator(".leaflet-marker-pane [data-event-id]").first
    event = located[first.get_attribute("data-event-id")]
    first.hover()
    tip = dash.page.locator(".leaflet-tooltip").inner_text()
    assert event["event_date"] in tip and (event["location"] or {}).get("name", "") in tip

    server = dash.api.base
    assert dash.requests and all(u.startswith(server + "/") for u in dash.requests), \
        [u for u in dash.requests if not u.startswith(server + "/")]
    assert dash.problems == []


def test_clicking_the_idlib_airstrike_opens_its_record_with_the_evidence_marked(dash):
    strike = _seed_airstrike(dash.api)
    eid = strike["event_id"]

    dash.page.locator(f'#events tr[data-event-id="{eid}"]').click()
    record = dash.page.locator("#detail")
    record.locator(f'[data-record="{eid}"]').wait_for()
    text = record.inner_text()
    assert "Air/drone strike" in text and "Idlib" in text and "Military Forces of Syria" in text
    assert record.locator('[data-value="fatalities-best"]').inner_text() == "10"
    marks = record.locator('.article-text mark[data-field="fatalities"]')
    assert marks.count() >= 1 and "at least 10" in marks.first.inner_text()
    assert dash.hash_params().get("event") == eid

    # the marker was brought into view; clicking it selects the row and opens the same record
    dash.page.locator("#detail .close").click()
    assert not record.is_visible()
    marker = dash.page.locator(f'.leaflet-marker-pane [data-event-id="{eid}"]')
    marker.wait_for()
    marker.click()
    record.locator(f'[data-record="{eid}"]').wait_for()
    assert "selected" in dash.page.locator(f'#events tr[data-event-id="{eid}"]').get_attribute("class")
    assert dash.problems == []


def test_article_text_is_shown_as_text_not_markup(dash):
    strike = _seed_airstrike(dash.api)
    detail = dash.api.get(f"/api/events/{strike['event_id']}")
    dash.page.locator(f'#events tr[data-event-id="{strike["event_id"]}"]').click()
    body = dash.page.locator("#detail .article-text").first
    body.wait_for()
    assert body.inner_text().replace("\n", "") == detail["articles"][0]["text"].replace("\n", "")


def test_a_country_filter_leaves_only_that_country_and_survives_a_reload(dash):
    everything = dash.api.located()
    # Syria when the seed report is loaded; else the country with the most sample events
    iso3 = "SYR" if SEED.exists() else Counter(e["location"]["country"] for e in everything.values()).most_common(1)[0][0]
    syria = dash.api.located(country=iso3)
    assert 0 < len(syria) < len(everything)

    before = dash.renders()
    dash.page.select_option("#f-country", iso3)
    dash.wait(before)
    assert sorted(dash.row_ids()) == sorted(syria)
    assert all(e["location"]["country"] == iso3 for e in syria.values())
    ids, clustered = dash.map_markers()
    assert set(ids) <= set(syria) and len(ids) + clustered == len(syria)
    assert dash.page.locator('[data-figure="events"]').inner_text() == str(dash.api.get("/api/stats", country=iso3)["events"])
    assert dash.hash_params().get("country") == iso3

    before = dash.renders()
    dash.page.reload()
    dash.wait(0)
    assert dash.page.locator("#f-country").input_value() == iso3
    assert sorted(dash.row_ids()) == sorted(syria)


def test_brushing_the_timeline_narrows_the_table_to_those_days(dash):
    days = sorted(d["date"] for d in dash.api.get("/api/stats")["by_day"])
    assert len(days) >= 6
    first, last = days[len(days) // 3], days[2 * len(days) // 3]
    a = dash.page.locator(f'svg.timeline rect.day[data-date="{first}"]').bounding_box()
    b = dash.page.locator(f'svg.timeline rect.day[data-date="{last}"]').bounding_box()
    y = a["y"] + a["height"] - 2

    before = dash.renders()
    dash.page.mouse.move(a["x"] + a["width"] * 0.3, y)
    dash.page.mouse.down()
    dash.page.mouse.move((a["x"] + b["x"]) / 2, y, steps=5)
    dash.page.mouse.move(b["x"] + b["width"] * 0.7, y, steps=5)
    dash.page.mouse.up()
    dash.wait(before)

    chosen = dash.hash_params()
    assert chosen["since"] <= first and chosen["until"] >= last
    assert chosen["since"] > days[0] and chosen["until"] < days[-1]
    expected = dash.api.located(since=chosen["since"], until=chosen["until"])
    rows = dash.row_ids()
    assert sorted(rows) == sorted(expected)
    assert 0 < len(rows) < len(dash.api.located())
    assert all(chosen["since"] <= e["event_date"] <= chosen["until"] for e in expected.values())
    assert dash.page.locator("#f-since").input_value() == chosen["since"]

    before = dash.renders()
    dash.page.locator("#timeline-clear").click()
    dash.wait(before)
    assert "since" not in dash.hash_params()
    assert len(dash.row_ids()) == len(dash.api.located())
    assert dash.problems == []


def test_the_situation_in_syria_at_a_glance(browser, server, tmp_path):
    """The screenshot an analyst would see after choosing Syria and the Idlib strike; look at it."""
    strike = _seed_airstrike(server)
    d = Dashboard(browser, server, f"#country=SYR&event={strike['event_id']}")
    try:
        d.page.locator(f'#detail [data-record="{strike["event_id"]}"]').wait_for()
        d.page.locator('#detail .article-text mark[data-field="fatalities"]').first.wait_for()
        d.page.wait_for_timeout(400)  # the map's zoom animation
        d.page.screenshot(path=str(tmp_path / "dashboard.png"))
        d.page.screenshot(path=str(SHOT))
        assert (tmp_path / "dashboard.png").stat().st_size > 30_000
        assert d.problems == []

        # printed, the page drops the controls and keeps the figures, map, table and record
        d.page.emulate_media(media="print")
        assert not d.page.locator("form.filters").is_visible()
        assert d.page.locator("#map").is_visible() and d.page.locator("#events").is_visible()
        assert d.page.pdf(format="A4").startswith(b"%PDF")
    finally:
        d.close()
