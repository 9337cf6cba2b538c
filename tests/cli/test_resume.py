"""A bulk ingest killed mid-way and started again finishes the corpus: no article lost, none
extracted or stored twice, and the events are those of one uninterrupted run."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from tacitus.store import tables as t

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "data" / "resolve" / "reports.jsonl"
N = 105  # reports in the corpus, all with their own id


def tacitus(*args):
    return subprocess.run([sys.executable, "-m", "tacitus", *args], capture_output=True, text=True, timeout=600)


def start_ingest(url: str, *flags: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tacitus", "ingest", str(CORPUS), "--db", url, *flags],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


class Articles:
    """Reads the articles table of a database another process is writing."""

    def __init__(self, url: str):
        self.engine = create_engine(url)

    def count(self) -> int:
        try:
            if not inspect(self.engine).has_table("articles"):
                return 0
            with self.engine.connect() as conn:
                return conn.execute(select(func.count()).select_from(t.articles)).scalar_one()
        except SQLAlchemyError:  # the tables are being created
            return 0

    def wait_for(self, n: int, proc: subprocess.Popen) -> int:
        while (stored := self.count()) < n and proc.poll() is None:
            time.sleep(0.02)
        return stored

    def per_article(self) -> dict[str, int]:
        """Stored article id -> how many reports of events it gave."""
        with self.engine.connect() as conn:
            ids = conn.execute(select(t.articles.c.id)).scalars().all()
            mentions = {aid: n for aid, n in conn.execute(
                select(t.mentions.c.article_id, func.count()).group_by(t.mentions.c.article_id))}
        return {aid: mentions.get(aid, 0) for aid in ids}

    def close(self) -> None:
        self.engine.dispose()


def events_of(url: str) -> list[dict]:
    r = tacitus("events", "--db", url, "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    return sorted((json.loads(line) for line in r.stdout.splitlines()), key=lambda e: e["event_id"])


def summary(stderr: str) -> dict[str, int]:
    m = re.search(r"(\d+) new article\(s\).*?(\d+) copy\(ies\) of stored articles; (\d+) already stored", stderr)
    assert m, stderr
    return {"new": int(m[1]), "copies": int(m[2]), "skipped": int(m[3])}


@pytest.fixture(scope="module")
def whole(databases):
    """One uninterrupted run: what the interrupted ones must end with."""
    url = databases.new("whole")
    r = tacitus("ingest", str(CORPUS), "--db", url)
    assert r.returncode == 0, r.stderr
    articles = Articles(url)
    yield {"events": events_of(url), "per_article": articles.per_article()}
    articles.close()


def finish_and_compare(url: str, killed_at: int, whole: dict) -> None:
    again = tacitus("ingest", str(CORPUS), "--db", url)
    assert again.returncode == 0, again.stderr
    assert f"resuming: {killed_at} of {N} article(s) already stored, skipped" in again.stderr
    said = summary(again.stderr)
    assert said["skipped"] == killed_at  # the stored ones were not stored again...
    assert said["new"] + said["copies"] == N - killed_at  # ...and only the rest was extracted and stored
    articles = Articles(url)
    try:
        per_article = articles.per_article()
    finally:
        articles.close()
    assert len(per_article) == N
    assert per_article == whole["per_article"]  # every article gave its reports once, as in one run
    assert events_of(url) == whole["events"]


def test_an_ingest_killed_mid_way_finishes_when_started_again(databases, whole):
    url = databases.new("killed")
    articles = Articles(url)
    proc = start_ingest(url)
    try:
        articles.wait_for(10, proc)
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        killed_at = articles.count()
    finally:
        articles.close()
    assert proc.returncode == -signal.SIGKILL
    assert 10 <= killed_at < N, killed_at  # it was stopped before the end
    finish_and_compare(url, killed_at, whole)


def test_a_pool_worker_killed_is_one_line_and_the_next_run_finishes(databases, whole):
    import psutil

    url = databases.new("worker-killed")
    articles = Articles(url)
    proc = start_ingest(url, "--workers", "2")
    try:
        articles.wait_for(10, proc)
        pool = [p for p in psutil.Process(proc.pid).children() if "spawn_main" in " ".join(p.cmdline())]
        assert len(pool) == 2, pool
        pool[0].kill()
        _, err = proc.communicate(timeout=300)
        killed_at = articles.count()
    finally:
        articles.close()
    assert proc.returncode == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "a worker process died" in lines[0] and "run the same command again" in lines[0], err
    assert killed_at < N
    finish_and_compare(url, killed_at, whole)
