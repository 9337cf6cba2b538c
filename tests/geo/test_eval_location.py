"""`tacitus eval location`: the place where each sentence's event happened.

The sentences in tests/data/geo/event_location.jsonl are our own, written in
the corpus's Prodigy format (VERB and LOCATION spans); the real gold corpus is
measured by hand (see README), not in tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "geo" / "event_location.jsonl"


def tacitus(*args):
    return subprocess.run([sys.executable, "-m", "tacitus", *args], capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def predictions(tmp_path_factory):
    out = tmp_path_factory.mktemp("loc") / "pred.tsv"
    run = tacitus("eval", "location", "--data", str(DATA), "--out", str(out))
    assert run.returncode == 0, run.stderr
    rows = {}
    for line in out.read_text("utf-8").splitlines():
        rid, start, end, text = line.split("\t")
        rows[rid] = text or None
    return json.loads(run.stdout.strip().splitlines()[-1]), rows


def test_only_gold_source_records_are_scored(predictions):
    metrics, rows = predictions
    assert metrics["n"] == 5 and metrics["source"] == "RELABEL"
    assert "x1" not in rows  # an RA record, not the gold relabelled set
    assert metrics["without_location"] == 1


def test_the_event_site_not_the_place_of_the_speaker(predictions):
    _, rows = predictions
    assert rows["t1"] == "Kafr Nabl"  # "the town of Kafr Nabl in southern Idlib": the town
    assert rows["t2"] == "Marib"  # not Geneva, where the envoy spoke
    assert rows["t5"] == "Gao"  # not Bamako, where the army spoke


def test_a_sentence_without_a_place_gets_none(predictions):
    _, rows = predictions
    assert rows["t3"] is None


@pytest.mark.xfail(strict=True, reason="'protesters' is read as a protest event that claims Nairobi, "
                                       "so the firing is placed in Kisumu, where the witnesses are")
def test_a_place_of_the_target_group(predictions):
    _, rows = predictions
    assert rows["t4"] == "Nairobi"


@pytest.mark.parametrize("content, says", [
    ("", "empty"),
    ('{"x":\n', "malformed JSON"),
    ('{"_id": "a", "text": "No spans here.", "source": "RELABEL"}\n', "no records"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, content, says):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content, "utf-8")
    out = tmp_path / "pred.tsv"
    run = tacitus("eval", "location", "--data", str(bad), "--out", str(out))
    assert run.returncode == 2
    assert says in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_full_corpus_is_scored_when_present():
    gold = Path(__file__).resolve().parents[3] / "shared" / "data" / "event_location" / "labeled_text.jsonl.gz"
    if not gold.exists():
        pytest.skip(f"the event-location corpus is not here ({gold}); it comes with the project's shared folder")
    run = tacitus("eval", "location", "--data", str(gold))
    assert run.returncode == 0, run.stderr
    metrics = json.loads(run.stdout.strip().splitlines()[-1])
    assert metrics["n"] == 494  # 496 RELABEL records, 2 of them without spans
    # a floor under the measured 0.334, so a regression shows; the 0.85 is not reached
    assert metrics["accuracy"] >= 0.31
