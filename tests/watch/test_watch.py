"""`tacitus watch` as an analyst runs it: a local news site with a feed, a webhook receiver,
two runs; the second sees only what is new, and no alert is sent twice."""

from __future__ import annotations

import html
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from tests.httpsite import Site, example, example_page

FIRST_FIVE = ["burkina_djibo_attack", "gaza_khan_yunis_airstrike", "mali_bourem_retaken",
              "kenya_kisumu_protests", "chile_santiago_march"]
SIXTH = "ukraine_kherson_shelling"

RULES = """
rules:
  - name: mass casualties in Burkina Faso
    when: {{country: BFA, fatalities_at_least: 10}}
    notify: [{{webhook: "{hook}"}}, {{log: true}}]
  - name: anything in Chile with ten dead
    when: {{country: CHL, fatalities_at_least: 10}}
    notify: [{{webhook: "{hook}"}}]
"""


def rss(site: Site, stems: list[str]) -> str:
    items = []
    for stem in stems:
        ex = example(stem)
        link = site.url(f"/news/{stem}.html")
        items.append(f"<item><title>{html.escape(ex.title)}</title><link>{link}</link>"
                     f"<guid>{link}</guid><pubDate>{ex.published.strftime('%a, %d %b %Y')} 09:30:00 GMT</pubDate>"
                     f"<description>{html.escape(ex.paragraphs[0])}</description></item>")
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Daily Conflict Monitor</title>'
            f"<link>{site.url('/')}</link><description>Reports</description>{''.join(items)}</channel></rss>")


def watch(*args):
    return subprocess.run([sys.executable, "-m", "tacitus", "watch", *args], capture_output=True, text=True,
                          timeout=900)


def stored(db_url, sql):
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        engine.dispose()


def untouched(db_url) -> bool:
    """Nothing was written: no SQLite file, or no table in the PostgreSQL database."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        return not Path(url.database).exists()
    engine = create_engine(db_url)
    try:
        return inspect(engine).get_table_names() == []
    finally:
        engine.dispose()


def test_two_runs_of_a_feed_store_each_item_once_and_alert_once(tmp_path, db_url):
    with Site() as site:
        for stem in FIRST_FIVE + [SIXTH]:
            site.add(f"/news/{stem}.html", example_page(stem))
        site.add("/feed.xml", rss(site, FIRST_FIVE), content_type="application/rss+xml")
        hook = site.receiver("/hook")
        rules = tmp_path / "rules.yaml"
        rules.write_text(RULES.format(hook=hook), "utf-8")
        db = db_url
        args = [site.url("/feed.xml"), "--once", "--rules", str(rules), "--db", str(db), "--delay", "0"]

        first = watch(*args)
        assert first.returncode == 0, first.stderr
        assert "5 new item(s), 5 new article(s)" in first.stderr
        articles = {r[0] for r in stored(db, "select url from articles")}
        assert articles == {site.url(f"/news/{s}.html") for s in FIRST_FIVE}
        events_after_first = stored(db, "select event_id from events")
        posts = site.posts["/hook"]
        assert len(posts) == 1, posts
        alert = posts[0]
        assert alert["rule"] == "mass casualties in Burkina Faso"
        assert alert["event"]["location"]["country"] == "BFA"
        assert alert["event"]["fatalities"]["best"] >= 10
        assert alert["link"].endswith(alert["event"]["event_id"])
        assert alert["sources"][0]["url"] == site.url("/news/burkina_djibo_attack.html")
        assert "ALERT mass casualties in Burkina Faso" in first.stderr  # the log channel

        site.add("/feed.xml", rss(site, FIRST_FIVE + [SIXTH]), content_type="application/rss+xml")
        second = watch(*args)
        assert second.returncode == 0, second.stderr
        assert "1 new item(s), 1 new article(s): 1 new event(s)" in second.stderr
        new_events = stored(db, "select sub_event_type, location_name from events") 
        assert len(new_events) == len(events_after_first) + 1
        assert ("Shelling/artillery/missile attack", "Kherson") in new_events
        assert len(site.posts["/hook"]) == 1  # no repeated alert
        # the five old pages were not fetched again
        assert site.paths_requested().count(f"/news/{FIRST_FIVE[0]}.html") == 1

        third = watch(*args)
        assert "0 new item(s)" in third.stderr
        assert len(stored(db, "select event_id from events")) == len(events_after_first) + 1


def test_a_folder_is_watched_for_new_files(tmp_path, db_url):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("\n\n".join([example("gaza_khan_yunis_airstrike").title,
                                              *example("gaza_khan_yunis_airstrike").paragraphs]), "utf-8")
    db = db_url
    first = watch(str(inbox), "--once", "--db", str(db))
    assert first.returncode == 0, first.stderr
    assert "1 new item(s), 1 new article(s)" in first.stderr
    (inbox / "b.txt").write_text("\n\n".join([example(SIXTH).title, *example(SIXTH).paragraphs]), "utf-8")
    second = watch(str(inbox), "--once", "--db", str(db))
    assert "1 new item(s), 1 new article(s): 1 new event(s)" in second.stderr
    assert len(stored(db, "select id from articles")) == 2


def test_bad_sources_and_rules_are_one_line_errors(tmp_path, db_url):
    r = watch("ftp://example.org/feed", "--once", "--db", db_url)
    assert r.returncode == 2 and "only http(s) feeds and pages can be watched" in r.stderr
    r = watch(str(tmp_path / "missing"), "--once", "--db", db_url)
    assert r.returncode == 2 and "no such folder" in r.stderr
    bad = tmp_path / "rules.yaml"
    bad.write_text("rules:\n  - name: x\n    when: {contry: SYR}\n", "utf-8")
    r = watch(str(tmp_path), "--once", "--rules", str(bad), "--db", db_url)
    assert r.returncode == 2 and "unknown field 'when.contry'" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert untouched(db_url)  # nothing was opened, let alone half-written


def test_an_unreachable_feed_is_logged_and_the_run_fails_without_storing(db_url):
    with Site() as site:
        site.add_file("/broken.xml", "broken.xml", content_type="application/rss+xml")
        db = db_url
        r = watch(site.url("/gone.xml"), site.url("/broken.xml"), "--once", "--db", str(db), "--delay", "0",
                  "--timeout", "2")
        assert r.returncode == 1
        assert "/gone.xml: HTTP 404" in r.stderr
        assert "/broken.xml" in r.stderr and "not an RSS or Atom feed" in r.stderr
        assert stored(db, "select count(*) from articles") == [(0,)]
        failures = dict(stored(db, "select source, failures from watch_sources"))
        assert failures == {site.url("/gone.xml"): 1, site.url("/broken.xml"): 1}


def test_ingest_reads_a_page_and_a_feed_once(db_url):
    with Site() as site:
        for stem in FIRST_FIVE[:2]:
            site.add(f"/news/{stem}.html", example_page(stem))
        site.add("/feed.xml", rss(site, FIRST_FIVE[1:2]), content_type="application/rss+xml")
        db = db_url
        r = subprocess.run([sys.executable, "-m", "tacitus", "ingest", site.url(f"/news/{FIRST_FIVE[0]}.html"),
                            site.url("/feed.xml"), site.url("/missing.html"), "--db", str(db)],
                           capture_output=True, text=True, timeout=900)
        assert r.returncode == 1  # the good inputs are stored, the bad one is named
        assert "/missing.html: HTTP 404" in r.stderr
        assert "2 new article(s)" in r.stderr
        titles = {t for (t,) in stored(db, "select title from articles")}
        assert titles == {example(s).title for s in FIRST_FIVE[:2]}


def test_ctrl_c_stops_the_watcher_cleanly(tmp_path, db_url):
    import signal
    import time

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    ex = example("gaza_khan_yunis_airstrike")
    (inbox / "a.txt").write_text("\n\n".join([ex.title, *ex.paragraphs]), "utf-8")
    db = db_url
    # Started as a background job is: with SIGINT ignored, which the watcher must undo.
    proc = subprocess.Popen([sys.executable, "-m", "tacitus", "watch", str(inbox), "--every", "1s", "--db", str(db)],
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        deadline = time.monotonic() + 600
        lines = []
        while time.monotonic() < deadline:
            lines.append(proc.stderr.readline())
            if "new article(s)" in lines[-1]:
                break
        proc.send_signal(signal.SIGINT)
        rest = proc.communicate(timeout=60)[1]
    finally:
        proc.kill()
    assert proc.returncode == 0, "".join(lines) + rest
    assert "1 new item(s), 1 new article(s)" in "".join(lines)
    assert "stopped; everything stored so far is kept" in rest
    assert stored(db, "select count(*) from articles") == [(1,)]
