"""Check that a change to the extraction code leaves its output unchanged.

Runs the pipeline over a fixed set of texts (the sample reports, the seed report,
the resolution report sets and GVDB local-news articles) and writes every event
record as sorted JSON, one file per corpus.  The first run with ``--save DIR``
keeps a baseline; later runs with ``--check DIR`` compare byte for byte and name
the first articles that differ.

    python bench/same_output.py --save /tmp/baseline
    python bench/same_output.py --check /tmp/baseline
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GVDB = SHARED / "data" / "gvdb" / "dev.tsv"
SEED = SHARED / "seed" / "article.txt"
DAY = dt.date(2024, 1, 15)


def corpora(gvdb_limit: int) -> dict[str, list]:
    from tacitus.ingest.files import make_article, read_jsonl

    out = {
        "examples": list(read_jsonl(ROOT / "examples" / "sample.jsonl")),
        "reports": list(read_jsonl(ROOT / "tests" / "data" / "resolve" / "reports.jsonl")),
        "heldout": list(read_jsonl(ROOT / "tests" / "data" / "resolve" / "heldout.jsonl")),
    }
    if SEED.exists():
        out["seed"] = [make_article(SEED.read_text("utf-8"), article_id="seed", published=dt.date(2024, 12, 2))]
    if GVDB.exists():
        csv.field_size_limit(sys.maxsize)
        rows = list(csv.DictReader(GVDB.open(encoding="utf-8"), delimiter="\t"))[:gvdb_limit]
        out["gvdb"] = [make_article(r["Full text"], article_id=f"gvdb{i}", published=DAY)
                       for i, r in enumerate(rows) if r["Full text"].strip()]
    return out


def dump(pipe, articles) -> str:
    lines = []
    for article, events in pipe.run(articles):
        for ev in events:
            lines.append(json.dumps({"article": article.id, "event": ev.model_dump(mode="json")},
                                    sort_keys=True, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--save", type=Path, help="write the dumps here (a baseline)")
    mode.add_argument("--check", type=Path, help="compare against the dumps here")
    ap.add_argument("--gvdb", type=int, default=300, help="GVDB dev articles to include")
    args = ap.parse_args()

    from tacitus.pipeline import Pipeline

    pipe = Pipeline()
    pipe.warm()
    out_dir = args.save or Path(tempfile.mkdtemp(prefix="tacitus-same-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    failed = False
    for name, articles in corpora(args.gvdb).items():
        text = dump(pipe, articles)
        (out_dir / f"{name}.jsonl").write_text(text, "utf-8")
        n = text.count("\n") - (text == "\n")
        if args.save:
            print(f"{name}: {len(articles)} articles, {n} events -> {out_dir / f'{name}.jsonl'}")
            continue
        base = (args.check / f"{name}.jsonl").read_text("utf-8")
        if base == text:
            print(f"{name}: {len(articles)} articles, {n} events: identical")
            continue
        failed = True
        old, new = base.splitlines(), text.splitlines()
        diff = sorted({json.loads(a)["article"] for a, b in zip(old, new) if a != b})
        print(f"{name}: DIFFERENT ({len(old)} vs {len(new)} events); first articles differing: {diff[:10]} "
              f"(new dump in {out_dir})")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
