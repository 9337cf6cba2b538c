from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tacitus.errors import GazetteerMissing
from tacitus.geo import gazetteer
from tacitus.geo.gazetteer import Gazetteer, build, default_index_path


def test_missing_index_says_how_to_build_it(tmp_path):
    with pytest.raises(GazetteerMissing, match="tacitus gazetteer build"):
        Gazetteer.open(tmp_path / "none.sqlite", build_if_missing=False)


def test_default_path_carries_the_schema_version(tmp_path):
    path = default_index_path(tmp_path)
    assert path.parent == tmp_path
    assert f"v{gazetteer.SCHEMA_VERSION}" in path.name


def test_failed_build_leaves_nothing(tmp_path, monkeypatch):
    def broken_fill(con, progress):
        con.execute("INSERT INTO places (geonameid, name) VALUES (1, 'half')")
        raise RuntimeError("disk full")

    monkeypatch.setattr(gazetteer, "_fill", broken_fill)
    target = tmp_path / "g.sqlite"
    with pytest.raises(RuntimeError):
        build(target)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_killed_build_never_becomes_the_index(tmp_path):
    target = tmp_path / "g.sqlite"
    code = f"from tacitus.geo.gazetteer import build; build({str(target)!r})"
    proc = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.time() + 30
    while not list(tmp_path.glob(".*.tmp")) and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not target.exists()
    # the next build cleans the dead build's temp file
    gazetteer._remove_stale_temps(target)
    assert list(tmp_path.iterdir()) == []


def test_lookup_returns_candidates(gaz):
    cands = gaz.lookup("Aleppo")
    assert {170063, 170062} <= {c.geonameid for c in cands}  # city and governorate
    city = next(c for c in cands if c.geonameid == 170063)
    assert (city.country, city.admin1, city.feature_class) == ("SYR", "Aleppo", "P")
    assert 36.0 < city.lat < 36.4 and 37.0 < city.lon < 37.3


def test_fuzzy_lookup_finds_other_transliterations(gaz):
    assert 169389 in {c.geonameid for c in gaz.lookup("Edlib")}  # Idlib
    assert 379252 in {c.geonameid for c in gaz.lookup("Khartum")}  # Khartoum


def test_country(gaz):
    syria = gaz.country("SYR")
    assert syria.geonameid == 163843 and syria.feature_code == "PCLI"
    assert gaz.country("XXX") is None


def test_is_place_name(gaz):
    assert gaz.is_place_name("Aleppo")
    assert gaz.is_place_name("Bou Kamal")
    assert not gaz.is_place_name("Qwxzplatz")
    assert not gaz.is_place_name("")


def test_lookups_are_fast(gaz):
    names = [f"{n}{i}" for i in range(300) for n in ("Aleppo", "Goma")]  # misses: worst case (fuzzy)
    names += ["Aleppo", "Idlib", "Paris", "Damascus", "Kharkiv"] * 10
    gaz._lookup_cached.cache_clear()
    start = time.perf_counter()
    for n in names:
        gaz.lookup(n)
    per_lookup = (time.perf_counter() - start) / len(names)
    assert per_lookup < 0.005


def test_is_place_name_population_floor(gaz):
    assert gaz.is_place_name("Council")  # Council, Idaho
    assert not gaz.is_place_name("Council", min_population=10_000)
    assert gaz.is_place_name("Aleppo", min_population=10_000)


def test_damaged_index_is_reported_not_trusted(tmp_path):
    bad = tmp_path / "g.sqlite"
    bad.write_bytes(b"not a database" * 100)
    with pytest.raises(GazetteerMissing, match="tacitus gazetteer build"):
        Gazetteer.open(bad)


def test_gazetteer_travels_to_worker_processes(gaz):
    import pickle

    copy = pickle.loads(pickle.dumps(gaz))
    assert copy.path == gaz.path
    assert copy.lookup("Aleppo")[0].geonameid in (170063, 170062)
    copy.close()


def test_lookup_results_can_be_modified_safely(gaz):
    first = gaz.lookup("Aleppo")
    first.clear()
    assert gaz.lookup("Aleppo")


def test_rebuild_removes_only_older_versions(tmp_path, monkeypatch):
    monkeypatch.setattr(gazetteer, "_fill", lambda con, progress: None)  # an empty index is enough
    old = tmp_path / f"gazetteer-v{gazetteer.SCHEMA_VERSION - 1}.sqlite"
    newer = tmp_path / f"gazetteer-v{gazetteer.SCHEMA_VERSION + 1}.sqlite"
    old.write_bytes(b"")
    newer.write_bytes(b"")
    built = build(default_index_path(tmp_path))
    assert built.exists() and not old.exists() and newer.exists()
    Gazetteer.open(built, build_if_missing=False).close()  # a complete, valid index


def test_first_use_builds_once_across_processes(tmp_path, monkeypatch):
    import threading

    builds = []

    def fake_build(path, progress=None):
        builds.append(path)
        time.sleep(0.3)
        Path(path).write_bytes(b"")  # stands in for the index; open() then rejects it
        return path

    monkeypatch.setattr(gazetteer, "build", fake_build)
    target = tmp_path / "g.sqlite"

    def opener():
        with pytest.raises(GazetteerMissing):  # the fake index is empty, so not trusted
            Gazetteer.open(target)

    threads = [threading.Thread(target=opener) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert builds == [target]
