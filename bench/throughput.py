"""Throughput and peak memory of full extraction against a bare spaCy parse, over real news.

Reads the article texts of the 900 GVDB and 588 LGL articles in ../shared/data (the
bundled examples when they are absent) and measures, in one process, alternating, --runs
times each:

  - a bare spaCy parse of the texts with the very nlp object the pipeline uses, same batch size;
  - full extraction (Pipeline.run), and the same without the event classifier;
  - full extraction through tacitus.ingest.parallel.extract_all with 1 and 2 workers.

Prints articles/s (medians) with the ratio to the bare parse, and peak resident memory
(sampled every 50 ms; for the worker runs the sum over this process and its children),
as a Markdown table.  Ratios measured within one run are the figures to trust on a shared
machine: noise slows both sides alike.

    python bench/throughput.py [--runs 3] [--limit N] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import load, machine, news_corpus  # noqa: E402

DAY = dt.date(2024, 1, 15)  # GVDB and LGL articles carry no usable date: relative dates resolve against this
RSS_LIMIT_MB = 1536  # issue 8: at most 1.5 GB with 2 workers
TARGET_RATIO = 0.8  # issue 8: full extraction at least 0.8x the bare parse


class PeakRSS:
    """Peak resident memory, in MB, of this process (and its children, if asked), sampled in a
    thread and charged to whichever measurement is running (``current``)."""

    def __init__(self, children: bool = False, every: float = 0.05):
        self.children, self.every = children, every
        self.current: Measure | None = None
        self._stop = threading.Event()
        self._me = psutil.Process()
        self._kids: list[psutil.Process] = []
        self._samples = 0

    def sample(self) -> None:
        m = self.current
        if m is None:
            return
        own = self._me.memory_info().rss
        kids = 0
        if self.children:
            if self._samples % 10 == 0:  # finding the children scans every process: not at every sample
                self._kids = self._me.children(recursive=True)
            self._samples += 1
            for child in self._kids:
                try:
                    kids += child.memory_info().rss
                except psutil.Error:
                    pass  # a child that just ended
        m.peak = max(m.peak, (own + kids) / 2 ** 20)
        m.workers_peak = max(m.workers_peak, kids / 2 ** 20)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.sample()

    def __enter__(self) -> "PeakRSS":
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


class Measure:
    """Seconds, peak memory and events of one kind of run, over the repeated runs."""

    def __init__(self, label: str, work):
        self.label = label
        self.work = work  # (texts, articles) -> number of events
        self.seconds: list[float] = []
        self.peak = self.workers_peak = 0.0
        self.events = 0
        self.first: list[float] = []  # seconds to the first article back (worker start-up)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def rate(self, n: int) -> str:
        return f"{n / self.median:.1f}"


def interleaved(measures: list[Measure], texts, articles, chunk: int, rss: PeakRSS) -> None:
    """One run of each measurement over the corpus, taken in chunks of articles, the
    measurements taking turns on each chunk (in rotating order): load from other programs
    on the machine then falls on all of them alike."""
    spent = {m: 0.0 for m in measures}
    events = {m: 0 for m in measures}
    for k, lo in enumerate(range(0, len(texts), chunk)):
        turn = k % len(measures)
        for m in measures[turn:] + measures[:turn]:
            rss.current = m
            rss.sample()
            t0 = time.perf_counter()
            events[m] += m.work(texts[lo:lo + chunk], articles[lo:lo + chunk])
            spent[m] += time.perf_counter() - t0
            rss.sample()
            rss.current = None
    for m in measures:
        m.seconds.append(spent[m])
        m.events = events[m]


def whole(m: Measure, texts, articles, rss: PeakRSS) -> None:
    """One run over the whole corpus at once (a worker pool starts once per run)."""
    rss.current = m
    rss.sample()
    t0 = time.perf_counter()
    m.events = m.work(texts, articles, lambda: m.first.append(time.perf_counter() - t0))
    m.seconds.append(time.perf_counter() - t0)
    rss.sample()
    rss.current = None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3, help="runs of each measurement (medians are reported)")
    ap.add_argument("--limit", type=int, default=None, help="at most this many articles of each corpus")
    ap.add_argument("--chunk", type=int, default=64, help="articles per turn when the in-process runs alternate")
    ap.add_argument("--workers", type=int, nargs="*", default=[1, 2],
                    help="worker counts for extract_all (none: skip those runs)")
    ap.add_argument("--no-lexicon-run", action="store_true", help="skip the run without the event classifier")
    args = ap.parse_args()

    from tacitus.ingest.files import make_article
    from tacitus.ingest.parallel import extract_all
    from tacitus.nlp.load import load_nlp
    from tacitus.pipeline import BATCH_SIZE, Pipeline
    from tacitus.settings import Settings

    settings = Settings.from_env()
    corpora = news_corpus(args.limit)
    texts = [t for ts in corpora.values() for t in ts]
    articles = [make_article(t, published=DAY) for t in texts]
    load_before = load()
    t0 = time.perf_counter()
    pipe = Pipeline(settings)
    pipe.warm()
    lexicon_only = Pipeline(settings, use_classifier=False)
    lexicon_only._nlp, lexicon_only._registry, lexicon_only._gaz = pipe.nlp, pipe.registry, pipe.gazetteer
    assert pipe.nlp is load_nlp()  # the bare parse uses the pipeline's own nlp object, with its components
    list(pipe.run(articles[:20]))  # first-use costs (lazy imports, caches) out of the timings
    warm = time.perf_counter() - t0

    def parse_only(texts, _articles):
        for _doc in pipe.nlp.pipe(texts, batch_size=BATCH_SIZE):
            pass
        return 0

    def extraction(pipeline):
        return lambda _texts, articles: sum(len(evs) for _, evs in pipeline.run(articles))

    def pool(n):
        def work(_texts, articles, first):
            events = 0
            for i, (_, evs) in enumerate(extract_all(articles, settings, workers=n)):
                if i == 0:
                    first()
                events += len(evs)
            return events
        return work

    parse = Measure("bare spaCy parse (the pipeline's nlp object)", parse_only)
    full = Measure("full extraction (Pipeline.run)", extraction(pipe))
    lexicon = Measure("full extraction without the event classifier", extraction(lexicon_only))
    alternating = [parse, full] + ([] if args.no_lexicon_run else [lexicon])
    pools = {n: Measure(f"extract_all, {n} worker{'s' if n > 1 else ''}", pool(n)) for n in args.workers}
    n = len(texts)
    with PeakRSS() as own, PeakRSS(children=True) as family:
        for run in range(args.runs):
            interleaved(alternating, texts, articles, args.chunk, own)
            for m in pools.values():
                whole(m, texts, articles, family)
            rates = "  ".join(f"{m.label.split(' (')[0]}: {n / m.seconds[-1]:.1f}/s"
                              for m in [*alternating, *pools.values()])
            print(f"run {run + 1}/{args.runs}: {rates}", file=sys.stderr, flush=True)

    chars = sum(map(len, texts))
    meta = pipe.nlp.meta
    options = "".join(f" --{k} {v}" for k, v in (("runs", args.runs), ("limit", args.limit)) if v)
    print(f"## Throughput (`python bench/throughput.py{options}`)\n")
    print(f"- machine: {machine()}; load average {load_before} before, {load()} after")
    print("- corpus: " + ", ".join(f"{name} {len(ts)} articles" for name, ts in corpora.items())
          + f"; {n} articles, {chars / 1e6:.2f} M characters; {full.events} events extracted")
    print(f"- model: {meta['lang']}_{meta['name']} {meta['version']} ({', '.join(pipe.nlp.pipe_names)}), "
          f"batch size {BATCH_SIZE}; models, registry and gazetteer loaded in {warm:.1f} s")
    print(f"- medians of {args.runs} runs in one process; the first {len(alternating)} rows take turns "
          f"every {args.chunk} articles\n")
    print("| run | articles/s | vs bare parse | peak RSS |")
    print("|---|---:|---:|---:|")
    for m in [*alternating, *pools.values()]:
        rss = f"{m.peak:,.0f} MB"
        if m in pools.values():
            rss += f" (this process + workers; workers {m.workers_peak:,.0f} MB)"
        print(f"| {m.label} | {m.rate(n)} | {parse.median / m.median:.2f} | {rss} |")
    print()
    ratio = parse.median / full.median
    per_run = [p / f for p, f in zip(parse.seconds, full.seconds)]
    print(f"- full extraction / bare parse: {ratio:.2f} (run by run {', '.join(f'{r:.2f}' for r in per_run)}); "
          f"target >= {TARGET_RATIO}: {'met' if ratio >= TARGET_RATIO else 'NOT met'}")
    if lexicon.seconds:
        print(f"- the event classifier costs {100 * (full.median - lexicon.median) / lexicon.median:+.1f} % "
              f"of extraction time without it")
    for k, m in pools.items():
        limit = f"; limit {RSS_LIMIT_MB} MB: {'met' if m.peak <= RSS_LIMIT_MB else 'NOT met'}" if k == 2 else ""
        print(f"- {m.label}: first article back after {statistics.median(m.first):.1f} s (start-up, included "
              f"in the rate); peak RSS {m.peak:,.0f} MB{limit}")


if __name__ == "__main__":
    main()
