"""The commands as a user runs them: an HTML page in, stored events out in every format."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"


def tacitus(*args):
    return subprocess.run([sys.executable, "-m", "tacitus", *args], capture_output=True, text=True, timeout=600)


def test_html_page_gives_the_shelling_with_its_source_and_date():
    r = tacitus("extract", str(DATA / "goma_shelling.html"), "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    events = [json.loads(line) for line in r.stdout.splitlines()]
    shelling = [e for e in events if e["sub_event_type"] == "Shelling/artillery/missile attack"]
    assert len(shelling) == 1, [e["notes"] for e in events]
    ev = shelling[0]
    assert ev["actor1"]["name"] == "M23: March 23 Movement"
    assert ev["location"]["country"] == "COD"
    assert ev["location"]["name"] in ("Mugunga", "Goma")
    assert ev["fatalities"]["best"] == 4
    assert ev["event_date"] == "2024-02-07"  # "on Wednesday", page dated 8 February
    assert ev["civilian_targeting"] is True


def test_ingest_then_events_in_every_format(db_url):
    db = db_url
    r = tacitus("ingest", str(DATA / "goma_shelling.html"), "--db", db)
    assert r.returncode == 0, r.stderr
    geo = json.loads(tacitus("events", "--db", db, "--format", "geojson").stdout)
    assert geo["type"] == "FeatureCollection" and geo["features"]
    (shelling,) = [f for f in geo["features"] if f["properties"]["sub_event_type"].startswith("Shelling")]
    lon, lat = shelling["geometry"]["coordinates"]
    assert -2.0 < lat < -1.4 and 28.9 < lon < 29.5  # around Goma
    rows = list(csv.DictReader(io.StringIO(tacitus("events", "--db", db, "--format", "csv").stdout)))
    assert rows and rows[0]["country"] == "COD"
    assert tacitus("events", "--db", db, "--country", "UKR", "--format", "jsonl").stdout == ""
    table = tacitus("events", "--db", db)
    assert "Shelling" in table.stdout


def test_huge_jsonl_is_read_line_by_line(tmp_path):
    text = "Gunmen killed two farmers in Kabong, in north-eastern Uganda, on Sunday, police said. "
    big = tmp_path / "big.jsonl"
    with big.open("w") as f:
        for i in range(30_000):  # ~3 MB: larger than one article may be, fine as a corpus
            f.write(json.dumps({"id": f"n{i}", "text": text + f"Report {i}."}) + "\n")
        f.write(json.dumps({"id": "huge", "text": "word " * 600_000}) + "\n")
    from tacitus.ingest.files import read_jsonl

    errors = []
    ids = [a.id for a in read_jsonl(big, on_error=errors.append)]
    assert len(ids) == 30_000 and "huge" not in ids
    assert len(errors) == 1 and "big.jsonl:30001" in str(errors[0]) and "split it" in str(errors[0])
