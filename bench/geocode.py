"""Speed and memory of toponym resolution once the gazetteer index is warm.

Resolves the gold toponyms of the geoparsing corpora in ../shared/data/geo
(LGL, GWN) article by article, as ``tacitus eval geocode`` does, when present;
else the place names of the bundled examples.  The first pass warms the OS
page cache; each timed run then starts from empty lookup caches (a fresh
Gazetteer object), so repeated names within a run hit the cache as they would
in a real article stream, but nothing carries over between runs.

    python bench/geocode.py [--runs 5]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GEO = ROOT.parent / "shared" / "data" / "geo"


def corpora():
    from tacitus.eval.geocorpus import GoldDoc, GoldToponym, read_corpus

    files = [p for p in (GEO / "lgl.xml", GEO / "GWN.xml") if p.exists()]
    if files:
        return ", ".join(map(str, files)), [d for f in files for d in read_corpus(f)]
    docs = []
    for p in sorted((ROOT / "examples").glob("*.txt")):
        text = p.read_text("utf-8")
        words = {w.strip(".,;:()\"'") for w in text.split() if w[:1].isupper()}
        tops = [GoldToponym(text.find(w), text.find(w) + len(w), w, None, None, None) for w in words if w]
        docs.append(GoldDoc(text, tops))
    return "capitalised words of examples/*.txt", docs


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    from tacitus.actors.registry import ActorRegistry
    from tacitus.eval.geocode import geocode_doc
    from tacitus.geo.gazetteer import Gazetteer, default_index_path
    from tacitus.geo.resolve import resolve_many

    source, docs = corpora()
    registry = ActorRegistry.load()
    n = sum(len(d.toponyms) for d in docs)
    before = rss_mb()
    gaz = Gazetteer.open(default_index_path())
    opened = rss_mb()
    for d in docs:  # warm the page cache
        geocode_doc(d, gaz, registry)
    warm = rss_mb()
    gaz.close()

    full, bare = [], []
    for _ in range(args.runs):
        gaz = Gazetteer.open(default_index_path())
        t = time.perf_counter()
        for d in docs:
            geocode_doc(d, gaz, registry)
        full.append(n / (time.perf_counter() - t))
        gaz.close()
        # the resolver alone, without the actor scan of each article's text
        gaz = Gazetteer.open(default_index_path())
        t = time.perf_counter()
        for d in docs:
            resolve_many([d.text[x.start:x.end] for x in d.toponyms], gaz)
        bare.append(n / (time.perf_counter() - t))
        gaz.close()
    print(f"source: {source}")
    print(f"{len(docs)} articles, {n} toponyms, {args.runs} runs (medians)")
    print(f"resolution with article cues (as eval geocode): {statistics.median(full):,.0f} toponyms/s")
    print(f"resolution alone (resolve_many):               {statistics.median(bare):,.0f} toponyms/s")
    print(f"resident memory: {before:.0f} MB before opening the index, {opened:.0f} MB after, "
          f"{warm:.0f} MB after a full pass (index + caches: {warm - before:.0f} MB)")


if __name__ == "__main__":
    main()
