"""`tacitus eval geocode` as a user runs it, on two small corpora of our own.

tests/data/geo/lgl_style.xml (LGL / TR-News format, 8 articles, 40 toponyms) and
tests/data/geo/gwn_style.xml (GeoWebNews format, 4 articles) are short conflict and
protest reports written for these tests.  Their gold GeoNames ids and coordinates
come from the project's gazetteer, each chosen as the place a reader means
(Tripoli in Libya in one story and in Lebanon in another, "Idlib province" the
governorate, "Syrian" the country).

One dataset error is planted on purpose, of the kind the published LGL patches fix:
Sidon (Lebanon story) has latitude and longitude swapped in lgl_style.xml, and
tests/data/geo/patches.tsv corrects it.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tacitus.eval.geocode import MAX_ERROR_KM, WITHIN_KM, auc, km, scores

DATA = Path(__file__).resolve().parents[1] / "data" / "geo"
LGL = DATA / "lgl_style.xml"
GWN = DATA / "gwn_style.xml"
PATCHES = DATA / "patches.tsv"
METRIC_KEYS = {"acc161", "exact_id", "median_km", "auc", "n"}


def tacitus(*args):
    return subprocess.run([sys.executable, "-m", "tacitus", *args], capture_output=True, text=True, timeout=600)


def last_json(r: subprocess.CompletedProcess) -> dict:
    """The JSON object is the last stdout line (the table comes before it)."""
    return json.loads(r.stdout.strip().splitlines()[-1])


# -- the gold, read here independently of tacitus.eval.geocorpus --------------------------------

def lgl_gold(path: Path = LGL) -> list[dict]:
    out = []
    for i, art in enumerate(ET.parse(path).getroot().iter("article")):
        text = art.findtext("text")
        for t in art.iter("toponym"):
            tag = t.find("gaztag")
            out.append({"doc": i, "text": text, "start": int(t.findtext("start")), "end": int(t.findtext("end")),
                        "phrase": t.findtext("phrase"), "geonameid": int(tag.get("geonameid")),
                        "lat": float(tag.findtext("lat")), "lon": float(tag.findtext("lon"))})
    return out


def gwn_gold(path: Path = GWN) -> list[dict]:
    out = []
    for i, art in enumerate(ET.parse(path).getroot().iter("article")):
        text = art.findtext("text")
        for t in art.iter("toponym"):
            gid = (t.findtext("geonamesID") or "").strip()
            out.append({"doc": i, "text": text, "start": int(t.findtext("start")), "end": int(t.findtext("end")),
                        "phrase": t.findtext("extractedName"), "geonameid": int(gid) if gid else None,
                        "nonlocational": t.findtext("nonLocational") == "Yes",
                        "lat": float(t.findtext("latitude")), "lon": float(t.findtext("longitude"))})
    return out


def read_pred(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text("utf-8").splitlines()]


def pred_by_span(rows: list[list[str]]) -> dict[tuple[int, int, int], list[str]]:
    return {(int(r[0]), int(r[1]), int(r[2])): r for r in rows}


# -- one run of each command, shared by the tests below -------------------------------------

@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("geocode")
    out = {}
    for name, args in {
        "lgl": ["--corpus", str(LGL), "--out", str(tmp / "lgl.tsv")],
        "lgl_patched": ["--corpus", str(LGL), "--out", str(tmp / "lgl_patched.tsv"), "--patches", str(PATCHES)],
        "gwn": ["--corpus", str(GWN), "--out", str(tmp / "gwn.tsv")],
    }.items():
        r = tacitus("eval", "geocode", *args)
        assert r.returncode == 0, r.stderr
        out[name] = (r, tmp / f"{name}.tsv")
    return out


# -- the corpora themselves ------------------------------------------------------------------

@pytest.mark.parametrize("gold", [lgl_gold, gwn_gold], ids=["lgl", "gwn"])
def test_gold_offsets_are_exact(gold):
    for t in gold():
        assert t["text"][t["start"]:t["end"]] == t["phrase"], t


def test_gold_comes_from_the_gazetteer(gaz):
    for t in lgl_gold() + gwn_gold():
        if t["geonameid"] is None:
            continue
        c = gaz.get(t["geonameid"])
        assert c is not None, t["phrase"]
        if t["phrase"] == "Sidon":  # the planted dataset error: lat and lon swapped
            assert (t["lat"], t["lon"]) == (c.lon, c.lat)
        else:
            assert (t["lat"], t["lon"]) == (c.lat, c.lon), t["phrase"]


# -- LGL-style corpus --------------------------------------------------------------------------

def test_lgl_prediction_file_has_one_line_per_gold_toponym(runs):
    r, pred = runs["lgl"]
    rows = read_pred(pred)
    gold = lgl_gold()
    assert len(rows) == len(gold) == 40
    assert all(len(row) == 6 for row in rows), rows
    # doc is the 0-based article index; start/end are the gold spans, in corpus order
    assert [(int(d), int(s), int(e)) for d, s, e, *_ in rows] == [(t["doc"], t["start"], t["end"]) for t in gold]
    assert {int(row[0]) for row in rows} == set(range(8))
    for _, _, _, lat, lon, gid in rows:
        assert -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180 and int(gid) > 0
    assert f"40 predictions written to {pred}" in r.stderr


def test_lgl_scores(runs):
    r, _ = runs["lgl"]
    result = last_json(r)
    assert METRIC_KEYS <= result.keys()
    assert result["n"] == 40 and result["articles"] == 8 and result["corpus"] == "lgl_style.xml"
    assert result["acc161"] >= 0.85
    assert result["exact_id"] >= 0.85
    assert result["median_km"] < 10
    assert result["auc"] < 0.1
    assert result["patched"] == 0 and "patches" not in result  # no patches/ folder beside this corpus
    assert "streets_and_buildings" not in result  # an LGL-only group
    assert "within 161 km" in r.stdout  # the table comes before the JSON


@pytest.mark.parametrize("doc, phrase, geonameid", [
    (1, "Tripoli", 2210247),  # Libya story: the Libyan capital
    (2, "Tripoli", 266826),  # Lebanon story: Tripoli, Lebanon
    (3, "Goma", 216281),  # Goma, DR Congo, not the Philippine town
    (0, "Idlib", 169387),  # "Idlib province": the governorate, not the city
    (6, "Kaduna", 2335722),  # "Kaduna state", not Kaduna city
    (7, "Sagaing", 1298480),  # "Sagaing region"
    (4, "Odesa", 698738),  # "the Odesa region": the oblast, not the city
    (0, "Syrian", 163843),  # demonym: the country
    (5, "Sudanese", 366755),
    (2, "Lebanon", 272103),  # the country, not Lebanon, Pennsylvania
    (3, "Democratic Republic of Congo", 203312),
])
def test_lgl_ambiguous_names_are_settled_by_the_article(runs, doc, phrase, geonameid):
    _, pred = runs["lgl"]
    rows = pred_by_span(read_pred(pred))
    (t,) = [t for t in lgl_gold() if t["doc"] == doc and t["phrase"] == phrase]
    assert t["geonameid"] == geonameid  # the gold says what the comment says
    assert int(rows[(doc, t["start"], t["end"])][5]) == geonameid


def test_patches_correct_the_gold_coordinates(runs):
    plain, _ = runs["lgl"]
    patched, pred = runs["lgl_patched"]
    before, after = last_json(plain), last_json(patched)
    assert after["patched"] == 1 and after["patches"].endswith("patches.tsv")
    assert "1 gold coordinates corrected" in patched.stderr
    # the swapped Sidon coordinates were ~240 km out; corrected, Sidon counts as right
    n = after["n"]
    assert round(after["acc161"] * n) == round(before["acc161"] * n) + 1
    assert after["mean_km"] < before["mean_km"]
    # only the gold changes, not the predictions
    assert read_pred(pred) == read_pred(runs["lgl"][1])
    (sidon,) = [t for t in lgl_gold() if t["phrase"] == "Sidon"]
    assert int(pred_by_span(read_pred(pred))[(sidon["doc"], sidon["start"], sidon["end"])][5]) == 268064


def test_patch_rows_that_match_nothing_change_nothing(tmp_path):
    other = tmp_path / "patches.tsv"
    other.write_text("Sidon\t10.0 , 10.0\t33.55751 , 35.37148\nnot a patch row\n")
    r = tacitus("eval", "geocode", "--corpus", str(LGL), "--patches", str(other))
    assert r.returncode == 0, r.stderr
    assert last_json(r)["patched"] == 0


# -- GWN-style corpus --------------------------------------------------------------------------

def test_gwn_prediction_file_skips_non_locational_toponyms(runs):
    r, pred = runs["gwn"]
    rows = read_pred(pred)
    gold = gwn_gold()
    kept = [t for t in gold if not t["nonlocational"]]
    assert len(gold) == 18 and len(kept) == 17
    assert len(rows) == 17 and all(len(row) == 6 for row in rows)
    assert [(int(d), int(s), int(e)) for d, s, e, *_ in rows] == [(t["doc"], t["start"], t["end"]) for t in kept]
    (washington,) = [t for t in gold if t["nonlocational"]]
    assert (washington["doc"], washington["start"], washington["end"]) not in pred_by_span(rows)
    # every scored toponym (with a GeoNames id) gets a place
    spans = pred_by_span(rows)
    for t in kept:
        if t["geonameid"] is not None:
            assert spans[(t["doc"], t["start"], t["end"])][5], t["phrase"]


def test_gwn_scores_and_the_streets_group(runs):
    r, _ = runs["gwn"]
    result = last_json(r)
    assert METRIC_KEYS <= result.keys()
    assert result["n"] == 15  # Washington (non-locational) and the two streets/buildings left out
    assert result["with_id"] == 15
    assert result["toponyms"] == 17
    assert result["acc161"] >= 0.85 and result["exact_id"] >= 0.85
    streets = result["streets_and_buildings"]
    assert streets["n"] == 2
    assert "exact_id" not in streets  # they have no GeoNames id to match
    assert "streets and buildings" in r.stdout


def test_unknown_streets_are_written_with_empty_place_columns(runs):
    """A city-level gazetteer need not know the Hayat Hotel or Moi Avenue; their lines
    are still written, with empty lat/lon/geonameid when unresolved, and an
    unresolved toponym counts as the largest possible error."""
    r, pred = runs["gwn"]
    spans = pred_by_span(read_pred(pred))
    rows = [spans[(t["doc"], t["start"], t["end"])] for t in gwn_gold()
            if t["geonameid"] is None and not t["nonlocational"]]
    assert len(rows) == 2
    for row in rows:
        assert (row[3] == "") == (row[4] == "") == (row[5] == "")
    if all(row[5] == "" for row in rows):
        assert last_json(r)["streets_and_buildings"] == scores([MAX_ERROR_KM, MAX_ERROR_KM], [])


# -- the metric functions ----------------------------------------------------------------------

def test_km():
    damascus, aleppo = (33.5102, 36.29128), (36.20124, 37.16117)
    assert km(*damascus, *aleppo) == pytest.approx(310, abs=5)
    assert km(*damascus, *aleppo) == pytest.approx(km(*aleppo, *damascus))
    assert km(*damascus, *damascus) == 0.0
    assert km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.1)  # one degree along the equator
    assert km(0, 0, 0, 180) == pytest.approx(math.pi * 6371.0088)  # antipodes: half the circumference
    assert km(0, 179.5, 0, -179.5) == pytest.approx(111.2, abs=0.1)  # across the date line


def test_auc():
    assert auc([0.0, 0.0, 0.0]) == 0.0
    assert auc([MAX_ERROR_KM] * 4) == pytest.approx(1.0)
    assert auc([0.0]) == 0.0 and auc([MAX_ERROR_KM]) == pytest.approx(1.0)
    assert auc([0.0, MAX_ERROR_KM]) == pytest.approx(0.5)
    # order does not matter; larger errors never lower it
    errors = [3.0, 500.0, 12.0, 80.0]
    assert auc(errors) == pytest.approx(auc(sorted(errors)))
    assert auc(errors) < auc([e * 2 for e in errors])
    assert 0.0 < auc(errors) < 1.0


def test_scores():
    result = scores([0.0, 10.0, WITHIN_KM, 500.0, MAX_ERROR_KM], [True, True, False, False, False])
    assert result["n"] == 5
    assert result["acc161"] == 0.6  # 161 km itself counts as within
    assert result["median_km"] == WITHIN_KM
    assert result["mean_km"] == round((10.0 + WITHIN_KM + 500.0 + MAX_ERROR_KM) / 5, 1)
    assert result["auc"] == round(auc([0.0, 10.0, WITHIN_KM, 500.0, MAX_ERROR_KM]), 4)
    assert result["exact_id"] == 0.4 and result["with_id"] == 5


def test_scores_without_ids_or_toponyms():
    result = scores([1.0, 2.0], [])
    assert result["n"] == 2 and result["acc161"] == 1.0
    assert "exact_id" not in result and "with_id" not in result  # GeoVirus: no ids
    assert scores([], []) == {"n": 0}


# -- bad input -----------------------------------------------------------------------------------

@pytest.fixture
def bad_corpora(tmp_path):
    (tmp_path / "not_xml.xml").write_text("Gunmen attacked Goma on Monday.\nThis is no XML at all.\n")
    (tmp_path / "no_articles.xml").write_text(
        '<?xml version="1.0"?>\n<corpus><doc><text>Fighting in Goma.</text></doc></corpus>\n')
    (tmp_path / "no_toponyms.xml").write_text("<articles><article><text>Fighting in Goma.</text></article></articles>")
    return tmp_path


@pytest.mark.parametrize("name, words", [
    ("missing.xml", "no such corpus file"),
    ("not_xml.xml", "not well-formed XML"),
    ("no_articles.xml", "no <article> elements"),
    ("no_toponyms.xml", "no gold toponyms"),
])
def test_bad_corpus_is_one_line_exit_2_and_no_output(bad_corpora, name, words):
    out = bad_corpora / "pred.tsv"
    r = tacitus("eval", "geocode", "--corpus", str(bad_corpora / name), "--out", str(out))
    assert r.returncode == 2
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, r.stderr
    assert name in lines[0] and words in lines[0]
    assert r.stdout == ""
    assert not out.exists()


def test_out_in_a_missing_folder_is_one_line_exit_2(tmp_path):
    out = tmp_path / "nowhere" / "pred.tsv"
    r = tacitus("eval", "geocode", "--corpus", str(LGL), "--out", str(out))
    assert r.returncode == 2
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "does not exist" in lines[0], r.stderr
    assert not out.parent.exists()


def test_missing_patches_file_is_one_line_exit_2(tmp_path):
    out = tmp_path / "pred.tsv"
    r = tacitus("eval", "geocode", "--corpus", str(LGL), "--out", str(out), "--patches", str(tmp_path / "nope.tsv"))
    assert r.returncode == 2
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "nope.tsv" in lines[0], r.stderr
    assert not out.exists()


def test_half_a_gold_coordinate_counts_as_none(tmp_path):
    corpus = tmp_path / "half.xml"
    corpus.write_text(
        '<articles><article><text>Shelling hit Goma.</text><toponyms><toponym><start>13</start><end>17</end>'
        '<phrase>Goma</phrase><gaztag geonameid="216281"><lat>-1.67</lat></gaztag></toponym></toponyms>'
        '</article></articles>', "utf-8")
    r = tacitus("eval", "geocode", "--corpus", str(corpus), "--out", str(tmp_path / "pred.tsv"))
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout.strip().splitlines()[-1])
    assert result["toponyms"] == 1 and result["resolved"] <= 1.0
    assert result["exact_id"] == 1.0  # scored by id; no distance without both coordinates
