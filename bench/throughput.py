"""Throughput of full extraction against a bare spaCy parse of the same texts.

Reads the GVDB articles from ../shared/data/gvdb (real local news) when present,
else the bundled examples.  Runs each measurement several times in one process,
alternating, and prints medians and the ratio, so a noisy shared machine affects
both sides alike.

    python bench/throughput.py [--runs 5] [--limit 200]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GVDB = ROOT.parent / "shared" / "data" / "gvdb" / "dev.tsv"


def texts(limit: int) -> tuple[str, list[str]]:
    if GVDB.exists():
        csv.field_size_limit(sys.maxsize)
        rows = list(csv.DictReader(GVDB.open(encoding="utf-8"), delimiter="\t"))
        return f"GVDB dev ({GVDB})", [r["Full text"] for r in rows[:limit] if r["Full text"].strip()]
    return "examples/*.txt", [p.read_text("utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--limit", type=int, default=200)
    args = ap.parse_args()

    from tacitus.ingest.files import make_article
    from tacitus.pipeline import Pipeline

    source, docs = texts(args.limit)
    pipe = Pipeline()
    pipe.warm()
    lexicon_only = Pipeline(use_classifier=False)
    lexicon_only._nlp, lexicon_only._registry, lexicon_only._gaz = pipe.nlp, pipe.registry, pipe.gazetteer
    articles = [make_article(t, published=dt.date(2024, 1, 15)) for t in docs]
    parse, full, bare = [], [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        for _doc in pipe.nlp.pipe(docs, batch_size=16):
            pass
        parse.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        n_events = sum(len(evs) for _, evs in pipe.run(articles))
        full.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        sum(len(evs) for _, evs in lexicon_only.run(articles))
        bare.append(time.perf_counter() - t0)
    p, f, b = statistics.median(parse), statistics.median(full), statistics.median(bare)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"texts: {len(docs)} from {source}; {sum(map(len, docs)) / 1e6:.2f} M chars; {n_events} events")
    print(f"bare spaCy parse : {len(docs) / p:7.1f} articles/s (median of {args.runs})")
    print(f"full extraction  : {len(docs) / f:7.1f} articles/s (median of {args.runs})")
    print(f"  without the event classifier: {len(docs) / b:7.1f} articles/s (median of {args.runs})")
    print(f"ratio full/parse : {p / f:.2f}  (1.0 = extraction costs nothing beyond the parse)")
    print(f"classifier cost  : {100 * (f - b) / b:+.1f} % of extraction time without it (issue 3: at most +20 %)")
    print(f"peak RSS         : {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
