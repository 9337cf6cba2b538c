"""Bad input: one clear line naming the file (and line), a non-zero exit, nothing half-written."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.watch.test_watch import stored

GOOD = (
    "Gunmen killed 12 villagers in an attack on Kabong, in north-eastern Uganda, on Sunday, police said. "
    "The attackers also burned several houses before fleeing towards the border."
)


def tacitus(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "tacitus", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=600)


@pytest.fixture
def files(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "latin1.txt").write_bytes("Des combattants ont attaqué la ville, tuant 12 civils.".encode("latin-1"))
    (tmp_path / "french.txt").write_text(
        "Des hommes armés ont tué douze villageois dimanche lors d'une attaque contre le village, "
        "selon la police locale qui a ouvert une enquête sur les circonstances du drame."
    )
    lines = [json.dumps({"id": "a1", "text": GOOD, "published": "2024-06-03"}), "{not json", json.dumps({"id": "a3"}), ""]
    (tmp_path / "mixed.jsonl").write_text("\n".join(lines))
    return tmp_path


@pytest.mark.parametrize("name, words", [
    ("empty.txt", "empty"),
    ("binary.txt", "binary"),
    ("latin1.txt", "not UTF-8"),
    ("french.txt", "English"),
])
def test_unusable_file_gives_one_line_naming_it(files, name, words):
    r = tacitus("extract", str(files / name))
    assert r.returncode != 0
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, r.stderr
    assert name in lines[0] and words in lines[0]
    assert r.stdout == ""


def test_missing_file(files):
    r = tacitus("extract", str(files / "nope.txt"))
    assert r.returncode != 0 and "no such file" in r.stderr


def test_malformed_jsonl_lines_are_reported_and_good_lines_processed(files, db_url):
    r = tacitus("ingest", str(files / "mixed.jsonl"), "--db", db_url)
    assert r.returncode == 1, r.stderr
    assert "mixed.jsonl:2" in r.stderr and "not valid JSON" in r.stderr
    assert "mixed.jsonl:3" in r.stderr and "text" in r.stderr
    assert stored(db_url, "select id from articles") == [("a1",)]
    assert stored(db_url, "select count(*) from events")[0][0] >= 1


def test_jsonl_output_is_clean_on_stdout(files):
    r = tacitus("extract", str(files / "mixed.jsonl"), "--format", "jsonl")
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert records and all(rec["article_ids"] == ["a1"] for rec in records)


def test_reingest_adds_nothing(tmp_path, db_url):
    article = tmp_path / "a.txt"
    article.write_text(GOOD)
    db = db_url
    first = tacitus("ingest", str(article), "--db", db, "--date", "2024-06-03")
    again = tacitus("ingest", str(article), "--db", db, "--date", "2024-06-03")
    assert first.returncode == 0 and again.returncode == 0, again.stderr
    assert "1 already stored" in again.stderr
    assert stored(db_url, "select count(*) from articles") == [(1,)]
