"""Several outlets' reports in through `tacitus ingest`; one event out, shown with its
sources and reasons; split and merged by an analyst; scored by `tacitus eval resolve`."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_commands import tacitus
from tests.store.test_resolution import COPY, LATER, REPORTS


def _write(path, rows, clusters=None):
    with open(path, "w", encoding="utf-8") as f:
        for key, outlet, published, text in rows:
            obj = {"id": key, "text": text, "published": published.isoformat(), "source": outlet}
            if clusters:
                obj["cluster"] = clusters[key]
            f.write(json.dumps(obj) + "\n")
    return str(path)


@pytest.fixture(scope="module")
def db(tmp_path_factory, databases):
    tmp = tmp_path_factory.mktemp("cli-resolve")
    db = databases.new("cli-resolve")
    r = tacitus("ingest", _write(tmp / "a.jsonl", [*REPORTS, COPY, LATER]), "--db", db)
    assert r.returncode == 0, r.stderr
    assert "4 new article(s): 2 new event(s), 2 more report(s) of stored events; 1 copy(ies)" in r.stderr
    return db


def _strike_id(db, article):
    events = [json.loads(line) for line in tacitus("events", "--db", db, "--format", "jsonl").stdout.splitlines()]
    (ev,) = [e for e in events if article in e["article_ids"] and e["sub_event_type"] == "Air/drone strike"]
    return ev["event_id"]


def test_events_show_lists_sources_figures_and_reasons(db):
    r = tacitus("events", "show", _strike_id(db, "levant")[:8], "--db", db)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    for outlet in ("Levant Wire", "Observatory Bulletin", "Gulf Daily"):
        assert outlet in out
    assert "first report" in out and "join" in out and "place" in out
    assert "reports 10-14" in out
    assert "syndicated" in out and "not counted as a source" in out
    detail = json.loads(tacitus("events", "show", _strike_id(db, "levant"), "--db", db, "--json").stdout)
    assert {r["article_id"] for r in detail["reports"]} == {"levant", "monitor", "daily"}


def test_split_then_merge_from_the_command_line(db):
    eid = _strike_id(db, "levant")
    r = tacitus("events", "split", eid, "--article", "daily", "--db", db)
    assert r.returncode == 0, r.stderr
    assert _strike_id(db, "daily") != eid == _strike_id(db, "levant")
    r = tacitus("events", "merge", eid, _strike_id(db, "daily"), "--db", db)
    assert r.returncode == 0, r.stderr
    assert _strike_id(db, "daily") == eid


def test_show_and_split_errors_are_one_line(db):
    r = tacitus("events", "show", "zzzz", "--db", db)
    assert r.returncode == 2 and "no event 'zzzz'" in r.stderr and "Traceback" not in r.stderr
    r = tacitus("events", "split", _strike_id(db, "levant"), "--article", "nope", "--db", db)
    assert r.returncode == 2 and "not a source" in r.stderr


def test_eval_resolve_scores_pairs_and_bcubed(tmp_path):
    clusters = {"levant": "idlib-1dec", "monitor": "idlib-1dec", "daily": "idlib-1dec", "syndicated": "idlib-1dec",
                "thursday": "idlib-5dec"}
    data = _write(tmp_path / "gold.jsonl", [*REPORTS, COPY, LATER], clusters)
    r = tacitus("eval", "resolve", "--data", data, "--out", str(tmp_path / "pred.tsv"))
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout.strip().splitlines()[-1])
    assert result["n"] == 5 and result["clusters"] == 2
    assert result["pairwise"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert result["bcubed"]["f1"] == 1.0
    pred = dict(line.split("\t") for line in (tmp_path / "pred.tsv").read_text().splitlines())
    assert pred["levant"] == pred["syndicated"] != pred["thursday"]


@pytest.mark.parametrize("lines, message", [
    (['{"id": "a", "text": "Gunmen killed five people in Kano on Monday.", "published": "2024-01-02"}'],
     "no 'cluster'"),
    (['{"id": "a", "text": "Gunmen killed five people in Kano on Monday.", "cluster": "x"}',
      '{"id": "a", "text": "Gunmen killed six people in Kano on Monday.", "cluster": "x"}'], "appears twice"),
    (['{"id": "a", "text": "Gunmen killed five', ], "not valid JSON"),
    ([], "empty"),
])
def test_eval_resolve_bad_input(tmp_path, lines, message):
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n" if lines else "", "utf-8")
    r = tacitus("eval", "resolve", "--data", str(path))
    assert r.returncode == 2, r.stderr
    assert message in r.stderr and "Traceback" not in r.stderr
