"""`tacitus ingest --workers N` and `--dask local:N` store exactly what a single process stores;
bad values are one line, a non-zero exit and nothing stored."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, inspect, select, text

ROOT = Path(__file__).resolve().parents[2]
# Real reports: the 105 of the resolution set (several outlets telling the same events, and
# wire copies) and the 19 sample reports.
CORPUS = [ROOT / "tests" / "data" / "resolve" / "reports.jsonl", ROOT / "examples" / "sample.jsonl"]
SAMPLE = ROOT / "examples" / "sample.jsonl"
pytestmark = pytest.mark.usefixtures("sample_jsonl")  # a fresh clone makes it first


def tacitus(*args, env=None):
    return subprocess.run([sys.executable, "-m", "tacitus", *args], capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})})


def events_of(url: str) -> list[dict]:
    r = tacitus("events", "--db", url, "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    return sorted((json.loads(line) for line in r.stdout.splitlines()), key=lambda e: e["event_id"])


def article_ids(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        if not inspect(engine).has_table("articles"):
            return []
        with engine.connect() as conn:
            return sorted(conn.execute(text("SELECT id FROM articles")).scalars())
    finally:
        engine.dispose()


def mentions_per_article(url: str) -> dict[str, int]:
    from tacitus.store import tables as t

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(t.mentions.c.article_id, func.count()).group_by(t.mentions.c.article_id))
            return {article_id: n for article_id, n in rows}
    finally:
        engine.dispose()


def _counts(stderr: str) -> str:
    """The summary line's counts (what follows is the database, printed without its password)."""
    return stderr.strip().splitlines()[-1].split("; database ")[0]


@pytest.fixture(scope="module")
def runs(databases):
    """The corpus ingested three ways, each into its own new database."""
    out = {}
    for name, flags in (("single", []), ("workers", ["--workers", "2"]), ("dask", ["--dask", "local:2"])):
        url = databases.new(f"parallel-{name}")
        r = tacitus("ingest", *map(str, CORPUS), "--db", url, *flags)
        assert r.returncode == 0, r.stderr
        out[name] = (url, r)
    return out


def test_a_pool_and_a_dask_cluster_store_what_one_process_stores(runs):
    url, single = runs["single"]
    expected = events_of(url)
    assert len(expected) > 50  # the corpus tells many events; an empty result would prove nothing
    assert any(len(e["article_ids"]) > 1 for e in expected)  # and reports were merged across articles
    ids = article_ids(url)
    assert len(ids) == 124
    summary = _counts(single.stderr)
    for name in ("workers", "dask"):
        other_url, r = runs[name]
        assert article_ids(other_url) == ids, name
        assert mentions_per_article(other_url) == mentions_per_article(url), name
        assert events_of(other_url) == expected, name
        assert _counts(r.stderr) == summary, name


def test_extract_with_workers_prints_the_same_records():
    one = tacitus("extract", str(SAMPLE), "--format", "jsonl")
    two = tacitus("extract", str(SAMPLE), "--format", "jsonl", "--workers", "2")
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    assert one.stdout.strip() and two.stdout == one.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("flags, words", [
    (["--workers", "0"], "--workers must be 1 or more"),
    (["--dask", "nonsense://"], "not a scheduler address"),
    (["--dask", "local:0"], "local:N needs a number of workers"),
    (["--workers", "2", "--dask", "local:2"], "exclusive"),
    (["--dask", "tcp://127.0.0.1:{port}"], "cannot reach the dask scheduler at tcp://127.0.0.1:{port}"),
])
def test_bad_parallel_options_are_one_line_and_store_nothing(db_url, flags, words):
    port = free_port()  # nothing listens there
    flags = [f.format(port=port) for f in flags]
    # dask waits 30 s for a scheduler by default; the user's dask settings apply, so can a test's
    r = tacitus("ingest", str(SAMPLE), "--db", db_url, *flags, env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "3s"})
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), r.stderr
    assert words.format(port=port) in lines[0]
    assert article_ids(db_url) == []


def test_dask_without_the_extra_says_how_to_install_it(db_url):
    # A Python where `import distributed` fails, as it does without the extra installed.
    code = ("import sys; sys.modules['distributed'] = None; from tacitus.cli.main import main; "
            f"sys.argv = ['tacitus', 'ingest', {str(SAMPLE)!r}, '--db', {db_url!r}, '--dask', 'local:2']; main()")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert r.returncode != 0
    assert r.stderr.strip() == "error: --dask needs the dask extra: pip install 'tacitus[dask]'"
    assert article_ids(db_url) == []
