"""`tacitus report` as an analyst runs it: the bundled example reports stored, then a
situation report for a period, in HTML and Markdown, checked against the stored events."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

from tacitus.watch.report_text import change

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DATES = dict(line.split("\t") for line in (EXAMPLES / "dates.tsv").read_text("utf-8").splitlines() if line.strip())
OUTLETS = ["Sahel Monitor", "Wire Service", "Regional Desk"]

# Two more reports of the Horn: a second outlet's account of the Beledweyne clash (so one
# event has two sources), and a later al-Shabaab attack (so al-Shabaab is not new in December).
BELEDWEYNE_AGAIN = (
    "BELEDWEYNE, Somalia — Somali soldiers fought al-Shabaab fighters in Beledweyne on Wednesday in a battle "
    "that killed 14 people, four of them soldiers, a Somali army commander told reporters on Thursday. The "
    "militants attacked an army base on the edge of the town before dawn, residents said."
)
JOWHAR = (
    "JOWHAR, Somalia — Al-Shabaab militants attacked a Somali army checkpoint near Jowhar on Sunday, killing "
    "three soldiers, a military officer said. The fighters withdrew after an hour-long gun battle, residents said."
)


def url_of(name: str) -> str:
    return f"https://news.example.org/2024/{name}"


@pytest.fixture(scope="module")
def db(pipeline, databases):
    """A store holding every example report, each with an outlet, a title and a URL."""
    from tacitus.ingest.files import make_article
    from tacitus.store import Store

    url = databases.new("report")
    store = Store(url)
    for i, (name, day) in enumerate(sorted(DATES.items())):
        text = (EXAMPLES / name).read_text("utf-8")
        article = make_article(text, published=dt.date.fromisoformat(day), source=OUTLETS[i % len(OUTLETS)],
                               url=url_of(name.removesuffix(".txt")), title=text.splitlines()[0])
        store.add(article, pipeline.events_for(article))
    for name, text, day in (("beledweyne-again", BELEDWEYNE_AGAIN, dt.date(2024, 11, 15)),
                            ("jowhar", JOWHAR, dt.date(2024, 12, 16))):
        article = make_article(text, published=day, source="Horn Daily", url=url_of(name), title=text[:60])
        store.add(article, pipeline.events_for(article))
    store.close()
    return url


def counted(db: str, start: dt.date, end: dt.date, country: str | None = None):
    """The events a situation report counts: ACLED events that happened (not statements, threats or history)."""
    from tacitus.store import Store

    store = Store(db)
    try:
        return [e for e in store.events(start, end, country) if e.event_type and e.mode == "asserted"]
    finally:
        store.close()


def tacitus(*args):
    return subprocess.run([sys.executable, "-m", "tacitus", *args], capture_output=True, text=True, timeout=600)


def figure(html: str, name: str) -> dict[str, str]:
    """The headline figure ``name`` of an HTML report: its value, previous value and change."""
    block = re.search(rf'<div class="figure" data-figure="{name}">(.*?)</div>\s*</div>', html, re.S)
    assert block, f"no headline figure {name!r}"
    parts = {k: unescape(re.sub(r"<[^>]+>", "", v)).strip()
             for k, v in re.findall(r'<(?:div|span) class="(value|prev|change|note)\b[^"]*"[^>]*>(.*?)</(?:div|span)>',
                                    block.group(0), re.S)}
    return parts


def test_change_against_the_previous_period_reads_as_an_analyst_writes_it():
    assert change(4, 2) == "+2 (+100 %)"
    assert change(1, 4) == "-3 (-75 %)"
    assert change(3, 0) == "new"
    assert change(0, 0) == change(5, 5) == "no change"


NOV = (dt.date(2024, 11, 1), dt.date(2024, 11, 30))  # "--since 30d --until 2024-11-30"
OCT = (dt.date(2024, 10, 2), dt.date(2024, 10, 31))  # the 30 days before


@pytest.fixture(scope="module")
def november(db, tmp_path_factory):
    out = tmp_path_factory.mktemp("nov") / "horn.html"
    r = tacitus("report", "--db", db, "--since", "30d", "--until", "2024-11-30", "--out", str(out))
    assert r.returncode == 0, r.stderr
    return out, r


def test_headline_figures_are_the_stored_events_of_the_period(db, november):
    out, r = november
    now, before = counted(db, *NOV), counted(db, *OCT)
    assert len(now) >= 4 and before  # the Zacatlan lynching, the Beledweyne clash...; the Manaqil looting
    html = out.read_text("utf-8")
    events = figure(html, "events")
    assert events["value"] == str(len(now))
    assert events["prev"] == f"previous {len(before)}"
    assert events["change"] == change(len(now), len(before))
    killed = sum(e.fatalities.best for e in now if e.fatalities)
    unknown = sum(1 for e in now if e.fatalities is None)
    fatalities = figure(html, "fatalities")
    assert fatalities["value"] == str(killed)
    assert f"{unknown} event" in fatalities["note"] and "no figure" in fatalities["note"]
    assert figure(html, "countries")["value"] == str(len({e.location.country for e in now if e.location}))
    assert figure(html, "sources")["value"] == str(len({a for e in now for a in e.article_ids}))
    assert r.stderr.strip() == f"report of {len(now)} events (2024-11-01 – 2024-11-30) written to {out}"
    assert "Situation report: all countries, 1 – 30 Nov 2024" in html


def test_map_has_one_circle_per_located_event(db, november):
    html = november[0].read_text("utf-8")
    located = [e for e in counted(db, *NOV) if e.location and e.location.lat is not None]
    circles = re.findall(r'<circle class="event"[^>]*>\s*<title>([^<]*)</title>', html)
    assert len(circles) == len(located)
    assert any("Beledweyne" in c and "14 killed" in c for c in circles)
    assert "Somalia" in re.search(r'<svg class="map".*?</svg>', html, re.S).group(0)  # event country labelled


def test_top_events_cite_the_articles_by_their_urls(db, november):
    html = november[0].read_text("utf-8")
    top = re.search(r'<ol class="events">(.*?)</ol>', html, re.S).group(1)
    first = re.search(r"<li[^>]*>(.*?)</li>", top, re.S).group(1)
    assert "Beledweyne" in first  # 14 killed and two outlets: the most significant event of November
    assert "single source" not in first
    assert "single source" in top
    cited = set(re.findall(r'<a class="cite" href="([^"]+)"', top))
    wanted = {url_of("somalia_beledweyne_clash"), url_of("beledweyne-again"), url_of("mexico_zacatlan_lynching")}
    assert wanted <= cited
    listed = set(re.findall(r'<li id="source-\d+">.*?<a href="([^"]+)"', html, re.S))
    assert cited == listed


def test_html_loads_nothing_from_outside(db, november):
    html = november[0].read_text("utf-8")
    assert not re.search(r"\bsrc\s*=", html, re.I)
    assert "<script" not in html.lower() and "@import" not in html
    assert not re.search(r"url\((?!#)", html)  # only references inside the page (the map's clip path)
    sources = {url_of(p.stem) for p in EXAMPLES.glob("*.txt")} | {url_of("beledweyne-again"), url_of("jowhar")}
    for href in re.findall(r'href="([^"]+)"', html):
        assert href.startswith("#") or href in sources, href
    assert not list(november[0].parent.glob("*.part"))


def test_by_type_and_actors(db, november):
    html = november[0].read_text("utf-8")
    types = re.search(r'<table class="types">(.*?)</table>', html, re.S).group(1)
    assert "Battles" in types and "Riots" in types
    new = re.search(r'<table class="new-actors">(.*?)</table>', html, re.S).group(1)
    assert re.search(r"Al Shabaab</td>\s*<td>SOM</td>.*?2024-11-13", new, re.S)
    assert "Civilians" not in re.search(r'<table class="actors">(.*?)</table>', html, re.S).group(1)


def test_an_actor_seen_before_the_period_is_not_new(db, tmp_path):
    out = tmp_path / "december.html"
    r = tacitus("report", "--db", db, "--since", "2024-12-10", "--until", "2024-12-20", "--country", "som",
                "--out", str(out))
    assert r.returncode == 0, r.stderr
    html = out.read_text("utf-8")
    assert "Situation report: Somalia, 10 – 20 Dec 2024" in html
    active = re.search(r'<table class="actors">(.*?)</table>', html, re.S).group(1)
    assert "Al Shabaab" in active
    assert "2024-11-13" in active  # first seen in Beledweyne, a month before
    assert "Al Shabaab" not in (re.search(r'<table class="new-actors">(.*?)</table>', html, re.S) or [""])[0]
    assert figure(html, "events")["value"] == str(len(counted(db, dt.date(2024, 12, 10), dt.date(2024, 12, 20), "SOM")))


def test_markdown_report_with_its_pictures_beside_it(db, tmp_path):
    out = tmp_path / "horn.md"
    r = tacitus("report", "--db", db, "--since", "30d", "--until", "2024-11-30", "--out", str(out))
    assert r.returncode == 0, r.stderr
    md = out.read_text("utf-8")
    assert md.startswith("# Situation report: all countries, 1 – 30 Nov 2024")
    assert "![Map of the events](horn_files/map.svg)" in md
    assert "![Events and fatalities per day](horn_files/timeline.svg)" in md
    svg = (tmp_path / "horn_files" / "map.svg").read_text("utf-8")
    located = [e for e in counted(db, *NOV) if e.location and e.location.lat is not None]
    assert svg.startswith("<svg") and svg.count('<circle class="event"') == len(located)
    days = (tmp_path / "horn_files" / "timeline.svg").read_text("utf-8")
    assert days.count('<rect class="day"') == 30
    now, before = counted(db, *NOV), counted(db, *OCT)
    assert f"| Events | {len(now)} | {len(before)} | {change(len(now), len(before))} |" in md
    assert f"]({url_of('somalia_beledweyne_clash')})" in md
    assert not list(tmp_path.rglob("*.part"))


def test_an_empty_period_says_so_and_gives_the_previous_figures(db, tmp_path):
    out = tmp_path / "quiet.html"
    # 14-20 November: nothing; the week before holds the Beledweyne clash
    r = tacitus("report", "--db", db, "--since", "7d", "--until", "2024-11-20", "--out", str(out))
    assert r.returncode == 0, r.stderr
    html = out.read_text("utf-8")
    before = counted(db, dt.date(2024, 11, 7), dt.date(2024, 11, 13))
    assert before
    assert "No events were recorded in this period" in html
    assert figure(html, "events")["value"] == "0"
    assert figure(html, "events")["prev"] == f"previous {len(before)}"
    assert r.stderr.startswith("report of 0 events (2024-11-14 – 2024-11-20)")


def test_other_suffix_is_one_line_error_and_writes_nothing(db, tmp_path):
    r = tacitus("report", "--db", db, "--out", str(tmp_path / "report.pdf"))
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and ".html or .md" in r.stderr
    assert not list(tmp_path.iterdir())


def test_bad_since_is_refused(db, tmp_path):
    r = tacitus("report", "--db", db, "--since", "fortnight", "--out", str(tmp_path / "r.html"))
    assert r.returncode == 2 and "--since" in r.stderr
    assert not list(tmp_path.iterdir())


def test_a_failed_report_leaves_nothing_half_written(db, tmp_path, monkeypatch):
    from tacitus.store import Store
    from tacitus.watch import report

    def broken(_report, *_args):
        raise RuntimeError("disk full")

    (tmp_path / "old.html").write_text("the last good report")
    monkeypatch.setattr(report, "render_html", broken)
    with pytest.raises(RuntimeError):
        report.write_report(Store(db), tmp_path / "old.html", *NOV, None)
    assert (tmp_path / "old.html").read_text() == "the last good report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.html"]


def test_period_from_since_and_until():
    from tacitus.watch.report import parse_period

    assert parse_period("7d", dt.date(2024, 12, 2)) == (dt.date(2024, 11, 26), dt.date(2024, 12, 2))
    assert parse_period("2w", dt.date(2024, 12, 2)) == (dt.date(2024, 11, 19), dt.date(2024, 12, 2))
    assert parse_period("2024-11-01", dt.date(2024, 11, 30)) == (dt.date(2024, 11, 1), dt.date(2024, 11, 30))
    for bad in ("0d", "7x", "2024-12-05", "soon"):
        with pytest.raises(Exception, match="--since"):
            parse_period(bad, dt.date(2024, 12, 2))
