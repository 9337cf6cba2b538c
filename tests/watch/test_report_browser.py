"""The HTML situation report opened in a real browser, as an analyst (or the person they send
it to) opens it: offline, with a visible map and timeline and the headline numbers on screen."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.chromium import launched, needs_chromium

from .test_report import NOV, counted, db  # noqa: F401  (db is the module's store fixture)


pytestmark = needs_chromium


@pytest.fixture(scope="module")
def browser():
    with launched() as b:
        yield b


def test_report_shows_map_timeline_and_figures_without_the_network(browser, db, tmp_path):  # noqa: F811
    out = tmp_path / "november.html"
    r = subprocess.run([sys.executable, "-m", "tacitus", "report", "--db", db, "--since", "30d",
                        "--until", "2024-11-30", "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    now = counted(db, *NOV)
    located = [e for e in now if e.location and e.location.lat is not None]

    page = browser.new_page(viewport={"width": 1000, "height": 1400})
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.goto(out.as_uri())
    page.wait_for_load_state("load")
    assert requests == [out.as_uri()]  # the page itself, nothing else

    the_map = page.locator("svg.map")
    assert the_map.is_visible()
    assert the_map.bounding_box()["width"] > 500
    circles = page.locator("svg.map circle.event")
    assert circles.count() == len(located)
    for i in range(circles.count()):
        box = circles.nth(i).bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0

    bars = page.locator("svg.timeline rect.day")
    assert bars.count() == (NOV[1] - NOV[0]).days + 1
    heights = [bars.nth(i).bounding_box()["height"] for i in range(bars.count())]
    assert sum(1 for h in heights if h > 0) == len({e.event_date for e in now})

    figures = page.locator("section.figures").inner_text()
    assert str(len(now)) in page.locator('[data-figure="events"] .value').inner_text()
    assert page.locator('[data-figure="fatalities"] .value').inner_text() == str(
        sum(e.fatalities.best for e in now if e.fatalities))
    assert "EVENTS" in figures.upper() and "previous" in figures
    assert "Beledweyne" in page.locator("ol.events li").first.inner_text()

    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert (tmp_path / "report.png").stat().st_size > 10_000
    page.close()


def test_printed_report_fits_a4(browser, db, tmp_path):  # noqa: F811
    out = tmp_path / "somalia.html"
    r = subprocess.run([sys.executable, "-m", "tacitus", "report", "--db", db, "--since", "2024-11-01",
                        "--until", "2024-12-31", "--country", "SOM", "--out", str(out)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    page = browser.new_page()
    page.goto(out.as_uri())
    page.emulate_media(media="print")
    # A4 less 14 mm margins is about 687 CSS px wide: nothing may stick out of it
    page.set_viewport_size({"width": 687, "height": 1000})
    widest = page.evaluate("Math.max(...[...document.querySelectorAll('main *')]"
                           ".map(e => e.getBoundingClientRect().right))")
    assert widest <= 687 + 1
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    page.close()
