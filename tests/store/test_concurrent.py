"""Two writers on one database at once (two `tacitus ingest` runs, or threads storing at the
same instant) lose nothing and duplicate nothing: every article once, every real event once."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import threading
from pathlib import Path

from sqlalchemy import create_engine, text

from tacitus.ingest.files import make_article
from tacitus.store import Store
from tests.store.test_resolution import REPORTS

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DATES = dict(line.split("\t") for line in (EXAMPLES / "dates.tsv").read_text("utf-8").splitlines() if "\t" in line)

# The same events as three of the examples, told by other outlets in their own words.
RETOLD = {
    "gaza_khan_yunis_airstrike": ("gaza-evening-post", "Gaza Evening Post", dt.date(2024, 8, 22),
        "Seven of one family killed in Khan Younis air raid\n\n"
        "Seven members of one family, three of them children, were killed when an Israeli warplane bombed their "
        "house in Khan Younis before dawn on Thursday, medics at Nasser Hospital said. Rescuers dug through the "
        "rubble of the two-storey building on the eastern edge of the southern Gaza city for hours. The Israeli army "
        "said it had targeted a Hamas militant and was reviewing the reports of civilian deaths."),
    "ukraine_kherson_shelling": ("dnipro-herald", "Dnipro Herald", dt.date(2025, 2, 4),
        "Five civilians killed as Russian artillery pounds Kherson\n\n"
        "Five civilians died and nine were wounded when Russian guns shelled Kherson's Dniprovskyi district on "
        "Monday morning, the regional military administration said. The shells struck a bus stop and apartment "
        "blocks as residents headed to work. Among those killed was a municipal worker clearing debris."),
    "burkina_djibo_attack": ("sahel-daily", "Sahel Daily", dt.date(2024, 8, 27),
        "Dozens of villagers shot dead near Djibo\n\n"
        "Armed men riding motorcycles shot dead dozens of villagers in a raid on a village near Djibo, in northern "
        "Burkina Faso, on Saturday, according to residents and an aid worker. The attackers rounded up the men in "
        "the village square and fired on them, then burned homes and granaries and drove off the cattle. "
        "Survivors fled to Djibo."),
}
LEVANT, MONITOR, DAILY = REPORTS  # three outlets' reports of one air strike on Idlib
BOTH = ["mali_bourem_retaken", "drc_rutshuru_m23", "somalia_beledweyne_clash"]  # in both corpora


def _example(stem: str) -> dict:
    return {"id": stem, "text": (EXAMPLES / f"{stem}.txt").read_text("utf-8"), "published": DATES[f"{stem}.txt"],
            "source": "tacitus sample"}


def _row(key, outlet, published, text) -> dict:
    return {"id": key, "text": text, "published": published.isoformat(), "source": outlet}


def _corpora() -> tuple[list[dict], list[dict]]:
    """Two overlapping corpora; each report of a shared event sits at the same place in both,
    so the two runs reach it at about the same moment and both would like to create it."""
    a = [_row(*LEVANT), _row(*MONITOR)]
    b = [_row(*DAILY), _row(*MONITOR)]
    for stem, retold in RETOLD.items():
        a.append(_example(stem))
        b.append(_row(*retold))
    for stem in BOTH:
        a.append(_example(stem))
        b.append(_example(stem))
    return a, b


def _write(path: Path, rows: list[dict]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return str(path)


def _ingest(path: str, db: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tacitus", "ingest", path, "--db", db],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _contents(db: str) -> tuple[list[str], set[frozenset[str]]]:
    """The stored article ids (with repeats, if any) and each event's set of reporting articles."""
    engine = create_engine(db)
    try:
        with engine.connect() as conn:
            articles = sorted(r[0] for r in conn.execute(text("SELECT id FROM articles")))
            groups: dict[str, set[str]] = {}
            for eid, aid in conn.execute(text("SELECT event_id, article_id FROM mentions")):
                groups.setdefault(eid, set()).add(aid)
    finally:
        engine.dispose()
    return articles, {frozenset(g) for g in groups.values()}


def _one_event_reports(groups: set[frozenset[str]], *ids: str) -> bool:
    return any(set(ids) <= g for g in groups)


def test_two_ingests_at_once_store_every_article_and_every_event_once(tmp_path, databases):
    a, b = _corpora()
    union = a + [r for r in b if r not in a]
    shared, alone = databases.new("shared"), databases.new("alone")
    runs = [_ingest(_write(tmp_path / "a.jsonl", a), shared), _ingest(_write(tmp_path / "b.jsonl", b), shared),
            _ingest(_write(tmp_path / "union.jsonl", union), alone)]
    outs = [p.communicate(timeout=900) for p in runs]
    for p, (_, err) in zip(runs, outs):
        assert p.returncode == 0, err
        assert "error:" not in err and "Traceback" not in err, err

    articles, groups = _contents(shared)
    assert articles == sorted(r["id"] for r in union)  # each exactly once
    reference_articles, reference = _contents(alone)
    assert reference_articles == articles
    # Each real event told in both corpora is one event, as when one process reads them all.
    assert _one_event_reports(groups, "levant", "monitor", "daily")
    for stem, (key, *_) in RETOLD.items():
        assert _one_event_reports(groups, stem, key)
    assert len(groups) == len(reference) and groups == reference


def test_threads_storing_reports_of_one_event_at_once_make_one_event(db_url, pipeline):
    reports = [make_article(t, article_id=k, published=d, source=o) for k, o, d, t in REPORTS]
    reports.append(make_article(RETOLD["gaza_khan_yunis_airstrike"][3], article_id="gaza-evening-post",
                                published=dt.date(2024, 8, 22), source="Gaza Evening Post"))
    stem = "gaza_khan_yunis_airstrike"
    reports.append(make_article(_example(stem)["text"], article_id=stem, published=dt.date(2024, 8, 22)))
    work = [(art, pipeline.events_for(art)) for art in reports for _ in range(2)]  # each article twice
    stores = [Store(db_url) for _ in work]  # one connection pool each, as separate processes would have
    start = threading.Barrier(len(work))
    results, failures = [None] * len(work), []

    def add(i: int) -> None:
        start.wait()
        try:
            results[i] = stores[i].add(*work[i])
        except Exception as exc:  # noqa: BLE001  (reported below, with the thread's article)
            failures.append(f"{work[i][0].id}: {exc}")

    threads = [threading.Thread(target=add, args=(i,)) for i in range(len(work))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=300)
    for s in stores:
        s.close()
    assert failures == []
    # Of the two threads given each article, exactly one stored it.
    assert sorted(art.id for (art, _), r in zip(work, results) if r.stored) == sorted(a.id for a in reports)
    articles, groups = _contents(db_url)
    assert articles == sorted(a.id for a in reports)
    assert _one_event_reports(groups, "levant", "monitor", "daily")
    assert _one_event_reports(groups, "gaza-evening-post", stem)
