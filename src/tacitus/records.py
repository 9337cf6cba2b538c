"""Typed records passed between pipeline stages (see DESIGN.md, "The event record").

Stages never exchange nested dicts: ingest yields `Article`, extraction yields
`EventMention`, resolution yields `Event`.  Field names of `Event` are the public
contract of `tacitus extract --format jsonl`; add fields, never rename them.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Mode = Literal["asserted", "negated", "hypothetical", "future", "historical"]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Article(Record):
    id: str
    text: str
    content_hash: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    source: str | None = None
    path: str | None = None


class Evidence(Record):
    field: str
    article_id: str
    start: int
    end: int
    text: str


class Actor(Record):
    name: str
    aliases_matched: list[str] = Field(default_factory=list)
    inter: int | None = None  # ACLED interaction code 1-8
    country: str | None = None  # ISO3
    backers: list[str] = Field(default_factory=list)  # ISO3 codes or actor names


class Place(Record):
    name: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None  # ISO3
    geo_precision: int | None = None  # 1 town, 2 district/near, 3 province/region
    feature_code: str | None = None


class Fatalities(Record):
    low: int
    best: int
    high: int


class Quantity(Record):
    what: str
    value: int
    approx: bool = False


class Sources(Record):
    articles: int
    outlets: int


class EventFields(Record):
    """Fields shared by a single-report mention and a resolved event."""

    event_date: dt.date | None = None
    date_precision: int = 1  # 1 day, 2 week, 3 month
    event_type: str | None = None
    sub_event_type: str | None = None
    disorder_type: str | None = None
    cameo_code: str | None = None
    plover_type: str | None = None
    plover_mode: str | None = None  # PLOVER's mode of the event type ("heavy-weapons", "arrest"), not `mode`
    mode: Mode = "asserted"
    actor1: Actor | None = None
    actor2: Actor | None = None
    assoc_actor_1: list[Actor] = Field(default_factory=list)
    assoc_actor_2: list[Actor] = Field(default_factory=list)
    location: Place | None = None
    fatalities: Fatalities | None = None
    civilian_targeting: bool = False
    quantities: list[Quantity] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    confidence: float = 0.5


class EventMention(EventFields):
    """One report of an event in one article (usually one sentence)."""

    article_id: str
    sentence_start: int
    sentence_end: int
    trigger: str = ""
    # How the mention was found, for merging within the article; not part of the public record.
    family: str = ""
    anaphoric: bool = False  # "the explosion", "the attack": refers back to an event already reported
    date_stated: bool = True


class Event(EventFields):
    event_id: str
    article_ids: list[str]
    sources: Sources
    first_reported: dt.date | None = None  # publication date of the first and the latest report
    last_reported: dt.date | None = None
    notes: str = ""
