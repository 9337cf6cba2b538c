"""Stores for the API tests, filled by really extracting the bundled example reports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tacitus.ingest.files import make_article
from tacitus.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def example_dates() -> dict[str, dt.date]:
    lines = (EXAMPLES / "dates.tsv").read_text(encoding="utf-8").splitlines()
    return {name: dt.date.fromisoformat(day) for name, day in (line.split("\t") for line in lines if line.strip())}


def examples_store(url: str, pipeline) -> Store:
    """Every example report, as an outlet named after its country would publish it."""
    store = Store(url)
    for name, day in sorted(example_dates().items()):
        text = (EXAMPLES / name).read_text(encoding="utf-8")
        article = make_article(text, title=text.splitlines()[0], published=day,
                               source=f"{name.split('_')[0].title()} Monitor", url=f"http://news.test/{name}")
        store.add(article, pipeline.events_for(article))
    return store
