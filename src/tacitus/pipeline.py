"""The named stages from article to events: nlp -> extract -> geocode -> merge.

No I/O here beyond loading models and the gazetteer index; reading inputs and
writing the store happen at the edges.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

from tacitus.records import Article, Event, Place
from tacitus.settings import Settings

BATCH_SIZE = 16  # texts per spaCy batch in Pipeline.run (bench/throughput.py parses with the same)

STAGES = (
    ("nlp", "Article.text", "spaCy Doc"),
    ("extract", "Doc", "EventMention (type, actors, date, numbers, evidence)"),
    ("geocode", "place spans", "Place"),
    ("merge", "EventMention[]", "Event[]"),
)


class Pipeline:
    def __init__(self, settings: Settings | None = None, progress=None, use_classifier: bool = True):
        self.settings = settings or Settings()
        self._progress = progress
        self._use_classifier = use_classifier  # False: the lexicon alone types events (for measuring)
        self._nlp = self._registry = self._gaz = self._classifier = None

    @property
    def nlp(self):
        if self._nlp is None:
            from tacitus.nlp.load import load_nlp

            self._nlp = load_nlp()
        return self._nlp

    @property
    def registry(self):
        if self._registry is None:
            from tacitus.actors.registry import ActorRegistry

            self._registry = ActorRegistry.load()
        return self._registry

    @property
    def gazetteer(self):
        if self._gaz is None:
            from tacitus.geo.gazetteer import Gazetteer, default_index_path

            path = default_index_path(self.settings.cache_dir)
            self._gaz = Gazetteer.open(path, build_if_missing=True, progress=self._progress)
        return self._gaz

    @property
    def classifier(self):
        if self._classifier is None and self._use_classifier:
            from tacitus.classify.model import load_cached

            path = self.settings.classifier
            self._classifier = load_cached(str(path) if path else None)
        return self._classifier

    def warm(self) -> None:
        """Load the models, registry and gazetteer (building the index on first use)."""
        _ = self.nlp, self.registry, self.gazetteer, self.classifier

    def events_for(self, article: Article, doc=None) -> list[Event]:
        from tacitus.extract.mentions import extract_mentions
        from tacitus.resolve.within import complete, merge_mentions, to_event

        if article.published is None:
            article = article.model_copy(update={"published": dt.date.today()})
        doc = doc if doc is not None else self.nlp(article.text)
        mentions, groups = extract_mentions(article, doc, self.registry, self.gazetteer, self.classifier)
        merged = merge_mentions(mentions)
        events = []
        main = _main_country(mentions)
        for m in merged:
            m = complete(m, self.registry, groups)
            if m is None:
                continue
            if m.location is None and m.event_type is not None and main:
                m = m.model_copy(update={"location": self._country_place(main)})
            events.append(to_event(m, article.content_hash, article.source).model_copy(
                update={"first_reported": article.published, "last_reported": article.published}))
        return events

    def run(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        articles = list(articles)
        docs = self.nlp.pipe((a.text for a in articles), batch_size=BATCH_SIZE)
        for article, doc in zip(articles, docs):
            yield article, self.events_for(article, doc)

    def _country_place(self, iso3: str) -> Place | None:
        cand = self.gazetteer.country(iso3)
        if cand is None:
            return None
        return Place(name=cand.name, geonameid=cand.geonameid, lat=cand.lat, lon=cand.lon, country=iso3,
                     geo_precision=3, feature_code=cand.feature_code)


def _main_country(mentions) -> str | None:
    from collections import Counter

    counts = Counter(m.location.country for m in mentions if m.location is not None and m.location.country)
    return counts.most_common(1)[0][0] if counts else None


def extract_file(path: str | Path, published: dt.date | None = None, settings: Settings | None = None) -> list[Event]:
    """All events in one file (.txt, .html or .jsonl)."""
    from tacitus.ingest.files import read_path

    pipe = Pipeline(settings)
    events: list[Event] = []
    for _, evs in pipe.run(read_path(Path(path), published)):
        events.extend(evs)
    return events
