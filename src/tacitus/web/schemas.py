"""Bodies of the API, as OpenAPI documents them.  Routes answer with these shapes (the event
records exactly as `cli.output.record` writes them); schemathesis checks that they match."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from tacitus.records import Event
from tacitus.web.params import Day


class Problem(BaseModel):
    detail: str = Field(description="One line: what was wrong and what to do.")


class EventsPage(BaseModel):
    total: int = Field(description="Events matching the filters, on every page.")
    limit: int
    offset: int
    events: list[Event]


class Span(BaseModel):
    field: str
    start: int
    end: int
    text: str


class ArticleText(BaseModel):
    id: str
    title: str | None
    url: str | None
    source: str | None
    published: dt.date | None
    text: str
    spans: list[Span] = Field(description="This event's evidence in the text: text[start:end] == span text.")


class Report(BaseModel):
    mention_id: str
    article_id: str
    outlet: str | None
    published: dt.date | None
    title: str | None
    url: str | None
    event_date: dt.date | None
    sub_event_type: str | None
    location: str | None
    fatalities: dict[str, int] | None


class Link(BaseModel):
    mention_id: str
    kind: str
    score: float | None
    reasons: dict[str, Any] | None


class Copy(BaseModel):
    article_id: str
    copy_of: str
    similarity: float
    outlet: str | None


class EventDetail(BaseModel):
    event: Event
    reports: list[Report]
    links: list[Link]
    copies: list[Copy]
    articles: list[ArticleText]


class DayCount(BaseModel):
    date: dt.date | None
    events: int
    fatalities: int


class TypeCount(BaseModel):
    event_type: str | None
    events: int
    fatalities: int


class CountryCount(BaseModel):
    country: str | None
    events: int
    fatalities: int


class Stats(BaseModel):
    events: int
    fatalities: int = Field(description="Sum of the best fatality estimates (events with none count 0).")
    by_day: list[DayCount]
    by_type: list[TypeCount]
    by_country: list[CountryCount]


class ActorRow(BaseModel):
    name: str
    country: str | None
    inter: int | None
    events: int
    fatalities: int
    first_seen: dt.date | None
    last_seen: dt.date | None


class DeliveryRow(BaseModel):
    channel: str
    status: str
    attempts: int
    error: str | None


class AlertRow(BaseModel):
    id: int
    rule: str
    event_id: str
    reason: str
    fired_at: dt.datetime
    deliveries: list[DeliveryRow]


def _clean(value: str | None) -> str | None:
    # JSON can carry a lone surrogate ("\\ud800") or NUL, which no database text column stores.
    if value is not None and ("\x00" in value or _has_surrogate(value)):
        raise PydanticCustomError("text", "must be text without NUL characters or unpaired surrogates")
    return value


def _has_surrogate(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


Clean = Annotated[str | None, AfterValidator(_clean)]


class ArticleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: Annotated[Clean, Field(description="The article's text (give this or url).")] = None
    url: Annotated[Clean, Field(description="An http(s) address to fetch the article from (or give text).")] = None
    title: Clean = None
    published: Annotated[Day, Field(description="Publication date, YYYY-MM-DD.")] = None
    source: Annotated[Clean, Field(description="The outlet, e.g. Reuters.")] = None

    @model_validator(mode="after")
    def _one_input(self) -> "ArticleIn":
        if (self.text is None) == (self.url is None):
            raise PydanticCustomError("input", "give exactly one of text and url")
        return self


class Created(BaseModel):
    article_id: str
    stored: bool = Field(description="False when this article was already stored: nothing changed.")
    copy_of: str | None = Field(description="The stored article this one repeats; a copy adds no event.")
    events: list[Event] = Field(description="The events the article started or reported again.")
