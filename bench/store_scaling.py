"""Per-article cost of Store.add as the database grows: 10^3, 10^4 and 10^5 stored events.

For each size, a fresh database is filled with that many stored events (bulk-loaded, shaped
as the resolver leaves them; see bench/resolve.py), then --articles synthetic one-event
articles go through Store.add (near-copy check, candidate lookup, scoring, canonical record,
all in one transaction each).  The databases take turns, a batch of articles each, so load
from other programs (or other users of the server) falls on all sizes alike.  Prints the
median milliseconds per article over batches and runs, and the ratio to the smallest
database, as a Markdown table.

SQLite by default (a file in a temporary folder); --db with a PostgreSQL server URL runs it
there, in a new database per size, dropped afterwards:

    python bench/store_scaling.py [--articles 2000] [--sizes 1000 10000 100000] [--runs 1]
    python bench/store_scaling.py --db postgresql+psycopg://tacitus:tacitus@127.0.0.1/postgres
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import load, machine  # noqa: E402
from resolve import HISTORY, NEW, WORDS, day_between, seed, synthetic_event, towns  # noqa: E402


@contextlib.contextmanager
def fresh_database(server: str | None, n: int):
    """The URL of a new empty database: an SQLite file, or a new database on the server."""
    if not server or server.startswith("sqlite"):
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{Path(tmp) / f'scaling-{n}.db'}"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"tacitus_bench_{os.getpid()}_{n}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def analyze(store) -> None:
    """Planner statistics for the bulk-loaded tables, as autovacuum keeps them in a database that grew."""
    from sqlalchemy import text

    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))


class Feed:
    """Synthetic new articles for one database, as bench/resolve.py makes them: dated in the
    months after the stored history (a tenth back into it), a third of them further reports
    of an event stored just before."""

    def __init__(self, store, rng: random.Random, places):
        self.store, self.rng, self.places = store, rng, places
        self.i = 0
        self.recent: list = []

    def add(self, count: int) -> float:
        """Store `count` articles; seconds per article."""
        from tacitus.ingest.files import make_article

        rng = self.rng
        t0 = time.perf_counter()
        for _ in range(count):
            i = self.i = self.i + 1
            day = day_between(rng, *(HISTORY if rng.random() < 0.1 else NEW))
            text = f"Report {i}: " + " ".join(rng.sample(WORDS, 6)) + f" {rng.random()}"
            art = make_article(text, article_id=f"n{i}", published=day, source=f"Outlet{rng.randrange(20)}")
            if self.recent and rng.random() < 0.33:
                ev = rng.choice(self.recent[-50:]).model_copy(update={"event_id": f"ne{i:014d}", "article_ids": [art.id]})
            else:
                ev = synthetic_event(rng, self.places, day, f"ne{i:014d}", art.id)
                self.recent.append(ev)
            self.store.add(art, [ev])
        return (time.perf_counter() - t0) / count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default=None, help="a PostgreSQL server URL (default: SQLite files)")
    ap.add_argument("--articles", type=int, default=2000, help="articles stored into each database, per run")
    ap.add_argument("--batch", type=int, default=250, help="articles per timed batch")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()

    from tacitus.store import Store

    backend = "PostgreSQL" if args.db and args.db.startswith("postgresql") else "SQLite"
    places = towns(random.Random(7))
    per: dict[int, list[float]] = {n: [] for n in args.sizes}
    load_before = load()
    for run in range(args.runs):
        with contextlib.ExitStack() as stack:
            feeds = {}
            for n in args.sizes:
                store = Store(stack.enter_context(fresh_database(args.db, n)))
                stack.callback(store.close)
                t0 = time.perf_counter()
                seed(store, n, random.Random(100 + run), places)
                if backend == "PostgreSQL":
                    analyze(store)
                print(f"run {run + 1}/{args.runs}: {n:,} events loaded in {time.perf_counter() - t0:.0f} s",
                      file=sys.stderr, flush=True)
                feeds[n] = Feed(store, random.Random(200 + run), places)
            for k in range(args.articles // args.batch):
                turn = k % len(args.sizes)
                for n in args.sizes[turn:] + args.sizes[:turn]:
                    per[n].append(feeds[n].add(args.batch))
            for n, feed in feeds.items():
                mine = per[n][-(args.articles // args.batch):]
                print(f"run {run + 1}/{args.runs}: {n:>7,} events before: median {statistics.median(mine) * 1000:.2f} "
                      f"ms/article; {feed.store.counts()['events']:,} after", file=sys.stderr, flush=True)

    base = statistics.median(per[args.sizes[0]])
    print(f"## Store.add cost as the database grows (`python bench/store_scaling.py"
          f"{' --db ' + backend if args.db else ''} --articles {args.articles} --runs {args.runs}`)\n")
    print(f"- machine: {machine()}; load average {load_before} before, {load()} after")
    print(f"- {backend}; {args.articles:,} synthetic one-event articles per database and run, "
          f"timed in batches of {args.batch}, the databases taking turns; medians over {args.runs} run(s)"
          + ("; ANALYZE after bulk-loading the stored events" if backend == "PostgreSQL" else "") + "\n")
    print("| events already stored | ms per article (median) | ratio to the smallest |")
    print("|---:|---:|---:|")
    for n in args.sizes:
        med = statistics.median(per[n])
        print(f"| {n:,} | {med * 1000:.2f} | {med / base:.2f} |")


if __name__ == "__main__":
    main()
