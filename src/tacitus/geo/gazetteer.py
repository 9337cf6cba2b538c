"""The gazetteer: a SQLite index of GeoNames places, built once, queried by name.

The index lives in the user cache dir (``default_index_path``).  Queries go to
SQLite rather than to Python dicts so that opening the gazetteer is instant and
costs a few MB of memory, whatever the size of the index.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from platformdirs import user_cache_dir

try:
    import fcntl
except ImportError:  # Windows: no lock; concurrent first builds each write their own temp file
    fcntl = None
from rapidfuzz import fuzz, process

from tacitus.errors import GazetteerMissing
from tacitus.geo.normalize import key, key_of_norm, name_forms, normalize, skeleton, strip_glued_article
from tacitus.geo.sources import is_latin, iter_places, usable_alias

# Bump when the schema or the normalisation changes: the file name carries it,
# so an old index is ignored and rebuilt rather than misread.
SCHEMA_VERSION = 10

Progress = Callable[[int, int], None]

_SCHEMA = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE places (
    geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL, lon REAL,
    feature_class TEXT, feature_code TEXT, country_iso3 TEXT,
    admin1 TEXT, admin2 TEXT, population INTEGER
);
CREATE TABLE names (
    key TEXT NOT NULL, norm TEXT NOT NULL, skel TEXT NOT NULL,
    geonameid INTEGER NOT NULL, is_primary INTEGER NOT NULL
);
"""
# Created after the bulk insert: building a B-tree once is much faster than
# keeping it up to date row by row.
_INDEXES = """
CREATE INDEX names_key ON names(key);
CREATE INDEX names_skel ON names(skel);
CREATE INDEX places_country ON places(country_iso3, feature_code);
"""


def default_index_path(cache_dir: Path | None = None) -> Path:
    base = Path(cache_dir) if cache_dir is not None else Path(user_cache_dir("tacitus"))
    return base / f"gazetteer-v{SCHEMA_VERSION}.sqlite"


def build(path: Path, progress: Progress | None = None) -> Path:
    """Build the index at ``path`` and return it.

    Written to a temporary file in the same directory and renamed into place
    only when complete, so an interrupted build never leaves a half index that
    a later ``Gazetteer.open`` would trust."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        con = sqlite3.connect(tmp)
        try:
            # a crash loses the temp file anyway, so durability during the build buys nothing
            con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
            _fill(con, progress)
            con.executescript(_INDEXES + "ANALYZE;")
            con.execute("INSERT INTO meta VALUES ('schema', ?), ('built', ?)",
                        (str(SCHEMA_VERSION), time.strftime("%Y-%m-%dT%H:%M:%S")))
            con.commit()
        finally:
            con.close()
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
        name_forms.cache_clear()
    _remove_old_versions(path)
    return path


def _remove_old_versions(path: Path) -> None:
    """An index of an older schema is never read again; free its ~80 MB.
    Newer ones are kept: a newer tacitus may share the cache dir."""
    if path.name != default_index_path(path.parent).name:
        return
    for old in path.parent.glob("gazetteer-v*.sqlite"):
        version = old.name[len("gazetteer-v"):-len(".sqlite")]
        if version.isdigit() and int(version) < SCHEMA_VERSION:
            old.unlink(missing_ok=True)


def _remove_stale_temps(path: Path) -> None:
    """Delete temp files of builds that were killed (their process is gone);
    a build still running elsewhere keeps its file."""
    for tmp in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            os.kill(int(tmp.suffixes[-2].lstrip(".")), 0)
        except (ValueError, IndexError, ProcessLookupError):
            tmp.unlink(missing_ok=True)
        except PermissionError:  # alive, owned by someone else
            pass


def _fill(con: sqlite3.Connection, progress: Progress | None) -> None:
    seen: set[int] = set()
    place_rows: list[tuple] = []
    name_rows: list[tuple] = []
    for place in iter_places(progress):
        if place.geonameid in seen:  # the first source to claim an id wins
            continue
        seen.add(place.geonameid)
        place_rows.append(place.values())
        norms: set[str] = set()
        for i, raw in enumerate(place.names):
            if i > 0 and not (is_latin(raw) if place.curated else usable_alias(raw)):
                continue
            norm, k, skel = name_forms(raw)
            if not k or norm in norms:
                continue
            norms.add(norm)
            name_rows.append((k, norm, skel, place.geonameid, int(i == 0)))
        if len(name_rows) > 200_000:
            _flush(con, place_rows, name_rows)
    _flush(con, place_rows, name_rows)


def _flush(con: sqlite3.Connection, place_rows: list, name_rows: list) -> None:
    con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", place_rows)
    con.executemany("INSERT INTO names VALUES (?,?,?,?,?)", name_rows)
    place_rows.clear()
    name_rows.clear()


@dataclass(frozen=True, slots=True)
class Candidate:
    geonameid: int
    name: str
    lat: float | None
    lon: float | None
    feature_class: str
    feature_code: str
    country: str | None  # ISO3
    admin1: str | None
    admin2: str | None
    population: int
    score: float  # name-match quality, 1.0 = same spelling
    match: str = "exact"  # how the name met the query: exact | key | article | fuzzy

    @property
    def is_populated_place(self) -> bool:
        return self.feature_class == "P"


_PLACE_COLS = "p.geonameid, p.name, p.lat, p.lon, p.feature_class, p.feature_code, " \
              "p.country_iso3, p.admin1, p.admin2, p.population"

# Match quality by how the query met the name.
EXACT, SAME_KEY, GLUED_ARTICLE = 1.0, 0.92, 0.85
ALIAS_PENALTY = 0.1  # an alias of one place, when another place bears the name officially
FUZZY_MIN_RATIO = 80.0  # rapidfuzz ratio on keys; below this transliterations become other places
FUZZY_WEIGHT = 0.85  # a fuzzy match never outranks an exact one
SKELETON_BONUS = 5.0
_FUZZY_POOL = 3000  # rows fetched per blocking probe; bounds the worst case


class Gazetteer:
    """Read-only view of a built index.  Thread-safe for reads."""

    def __init__(self, path: Path, con: sqlite3.Connection):
        self.path = path
        self._con = con
        # memoised per instance: the NLP stage asks about the same spans again and again
        self._is_place_cached = lru_cache(maxsize=100_000)(self._is_place_name)
        self._lookup_cached = lru_cache(maxsize=20_000)(self._lookup)

    @classmethod
    def open(cls, path: Path | None = None, *, build_if_missing: bool = True,
             progress: Progress | None = None) -> Gazetteer:
        path = Path(path) if path is not None else default_index_path()
        if not path.exists():
            if not build_if_missing:
                raise GazetteerMissing(f"No gazetteer index at {path}; run: tacitus gazetteer build")
            with _build_lock(path):
                if not path.exists():  # another process may have built it while we waited
                    build(path, progress)
        # as_uri() escapes "?" and "#" that a raw "file:" string would misparse
        con = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False)
        try:
            row = con.execute("SELECT v FROM meta WHERE k = 'schema'").fetchone()
        except sqlite3.DatabaseError:  # not SQLite, truncated, or not our schema
            row = None
        if row is None or row[0] != str(SCHEMA_VERSION):
            con.close()
            raise GazetteerMissing(
                f"The gazetteer index at {path} is damaged or from another version; "
                "delete it and run: tacitus gazetteer build")
        return cls(path, con)

    def __reduce__(self):
        # a SQLite connection cannot cross processes; workers (process pool,
        # Dask) reopen the same index file instead
        return (_reopen, (self.path,))

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- queries -------------------------------------------------------------

    def lookup(self, name: str, limit: int = 25) -> list[Candidate]:
        """Places called ``name``, best match first (then most populous).

        Exact and transliteration-folded matches first; only when there are
        none, fuzzy matches among names sharing the consonant skeleton or
        the first letters."""
        return list(self._lookup_cached(name, limit))  # a copy: callers may sort or trim it

    def _lookup(self, name: str, limit: int) -> tuple[Candidate, ...]:
        norm = normalize(name)
        k = key_of_norm(norm)
        if not k:
            return ()
        found = self._by_key(k, norm, SAME_KEY)
        if not found:
            bare = strip_glued_article(k)
            if bare:
                found = self._by_key(bare, None, GLUED_ARTICLE)
        if not found and len(k) >= 4:
            found = self._fuzzy(k)
        ranked = sorted(found.values(), key=lambda c: (-c.score, -c.population))
        return tuple(ranked[:limit])

    def _by_key(self, k: str, norm: str | None, key_score: float) -> dict[int, Candidate]:
        rows = self._con.execute(
            f"SELECT {_PLACE_COLS}, n.norm, n.is_primary FROM names n "
            "JOIN places p ON p.geonameid = n.geonameid WHERE n.key = ?", (k,)).fetchall()
        out: dict[int, Candidate] = {}
        how = "key" if norm is not None else "article"
        skel = skeleton(k)
        someone_called_so = any(primary for *_, primary in rows)
        for *cols, n_norm, primary in rows:
            exact = n_norm == norm
            score = EXACT if exact else key_score
            # The official name is the safer bet; then an alias that is a
            # respelling of it ("Sloviansk" for Slovyansk) rather than a
            # historical or foreign name (Nikopol was once "Slaviansk" too).
            # When some place officially bears the name, another's mere alias
            # is a long shot (a suburb once called "Illinois").
            if not primary:
                score -= ALIAS_PENALTY if someone_called_so else (
                    0.01 if skeleton(key(cols[1])) == skel else 0.02)
            _keep_best(out, Candidate(*cols, score=score, match="exact" if exact else how))
        return out

    def _fuzzy(self, k: str) -> dict[int, Candidate]:
        skel = skeleton(k)
        probes = []
        if len(skel) >= 3:
            probes.append(("n.skel = ?", (skel,)))
        # names starting like the query, of about its length: catches typos in consonants
        probes.append(("n.key >= ? AND n.key < ? AND length(n.key) BETWEEN ? AND ?",
                       (k[:3], k[:3] + "\uffff", len(k) - 2, len(k) + 2)))
        best: dict[int, float] = {}
        for where, args in probes:
            # names only (no join) and scored in one C call; places are read for the hits only
            rows = self._con.execute(
                f"SELECT n.geonameid, n.key, n.skel FROM names n WHERE {where} LIMIT {_FUZZY_POOL}",
                args).fetchall()
            if not rows:
                continue
            ratios = process.cdist([k], [r[1] for r in rows], scorer=fuzz.ratio,
                                   score_cutoff=FUZZY_MIN_RATIO)[0]
            for (gid, _, n_skel), ratio in zip(rows, ratios):
                if not ratio:
                    continue
                if n_skel == skel:
                    # only the vowels differ ("Toungup"/"Taungup"): the usual
                    # transliteration drift, likelier than a changed consonant ("Taungoo")
                    ratio = min(99.0, ratio + SKELETON_BONUS)
                if ratio > best.get(gid, 0.0):
                    best[gid] = float(ratio)
        out: dict[int, Candidate] = {}
        for gid, ratio in best.items():
            cand = self.get(gid)
            if cand is not None:
                out[gid] = replace(cand, score=round(FUZZY_WEIGHT * ratio / 100, 4), match="fuzzy")
        return out

    def get(self, geonameid: int) -> Candidate | None:
        row = self._con.execute(f"SELECT {_PLACE_COLS} FROM places p WHERE geonameid = ?",
                                (geonameid,)).fetchone()
        return Candidate(*row, score=1.0) if row else None

    def country(self, iso3: str) -> Candidate | None:
        row = self._con.execute(
            f"SELECT {_PLACE_COLS} FROM places p WHERE country_iso3 = ? AND feature_code = 'PCLI'",
            (iso3.upper(),)).fetchone()
        return Candidate(*row, score=1.0) if row else None

    def capital(self, iso3: str) -> Candidate | None:
        row = self._con.execute(
            f"SELECT {_PLACE_COLS} FROM places p WHERE country_iso3 = ? AND feature_code = 'PPLC' "
            "ORDER BY population DESC LIMIT 1", (iso3.upper(),)).fetchone()
        return Candidate(*row, score=1.0) if row else None

    def is_place_name(self, name: str, min_population: int = 0) -> bool:
        """True when some place is called exactly ``name`` (modulo spelling
        folding); no fuzzy matching, so it is cheap and strict.  Memoised.

        ``min_population`` filters out hamlets that share a name with a common
        word ("Police", Poland; "Council", Idaho)."""
        return self._is_place_cached(name, min_population)

    def _is_place_name(self, name: str, min_population: int) -> bool:
        k = key_of_norm(normalize(name))
        if not k:
            return False
        if min_population <= 0:
            sql, args = "SELECT 1 FROM names WHERE key = ? LIMIT 1", (k,)
        else:
            sql = ("SELECT 1 FROM names n JOIN places p ON p.geonameid = n.geonameid "
                   "WHERE n.key = ? AND p.population >= ? LIMIT 1")
            args = (k, min_population)
        return self._con.execute(sql, args).fetchone() is not None

    def stats(self) -> dict[str, int]:
        places = self._con.execute("SELECT count(*) FROM places").fetchone()[0]
        names = self._con.execute("SELECT count(*) FROM names").fetchone()[0]
        return {"places": places, "names": names, "bytes": self.path.stat().st_size}


@contextmanager
def _build_lock(path: Path):
    """Serialise first-use builds: worker processes that all find the index
    missing wait for one build instead of each running their own."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as fh:
        if fcntl is not None:
            fcntl.flock(fh, fcntl.LOCK_EX)
        yield


def _reopen(path: Path) -> Gazetteer:
    return Gazetteer.open(path, build_if_missing=False)


def _keep_best(out: dict[int, Candidate], cand: Candidate) -> None:
    old = out.get(cand.geonameid)
    if old is None or cand.score > old.score:
        out[cand.geonameid] = cand
