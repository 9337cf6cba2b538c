"""Real news text for the benchmarks, and a description of the machine they ran on.

Article texts only: the GVDB local-news articles (../shared/data/gvdb, dev and test) and
the LGL articles (../shared/data/geo/lgl.xml); their annotations are not read.
"""

from __future__ import annotations

import csv
import os
import platform
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
GVDB = [DATA / "gvdb" / "dev.tsv", DATA / "gvdb" / "test.tsv"]
LGL = DATA / "geo" / "lgl.xml"


def gvdb_texts() -> list[str]:
    csv.field_size_limit(sys.maxsize)
    out = []
    for path in GVDB:
        if path.exists():
            with path.open(encoding="utf-8") as fh:
                out += [r["Full text"] for r in csv.DictReader(fh, delimiter="\t") if r["Full text"].strip()]
    return out


def lgl_texts() -> list[str]:
    if not LGL.exists():
        return []
    return [t for a in ET.parse(LGL).getroot().iter("article") if (t := (a.findtext("text") or "")).strip()]


def news_corpus(limit: int | None = None) -> dict[str, list[str]]:
    """{corpus name: texts}; `limit` caps each corpus.  Falls back to the bundled examples."""
    corpora = {"GVDB": gvdb_texts(), "LGL": lgl_texts()}
    corpora = {name: texts[:limit] if limit else texts for name, texts in corpora.items() if texts}
    if not corpora:
        corpora = {"examples": [p.read_text("utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]}
    return corpora


def machine() -> str:
    """CPU model, cores and RAM, from /proc where it exists."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f", {int(line.split()[1]) / 1024 ** 2:.1f} GB RAM"
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{cpu}, {cores} cores available{ram}; Python {platform.python_version()}"


def load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"
