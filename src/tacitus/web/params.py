"""Query parameters of the read endpoints, checked so that a bad value is a 422 naming its field."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Literal

from fastapi import Query
from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

from tacitus.web.queries import Filters

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _shown(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:40] + "...")


def _day(value: object) -> object:
    # Pydantic alone would also take 1700000000 or "2024-12-01T00:00" as a date; the API promises YYYY-MM-DD.
    if value is None or isinstance(value, dt.date):
        return value
    try:
        if not (isinstance(value, str) and _DAY.fullmatch(value)):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("date", "give a date like 2024-12-02, got {value}",
                                  {"value": _shown(value if isinstance(value, str) else str(value))}) from None


def _text(value: str | None) -> str | None:
    if value is not None and "\x00" in value:  # PostgreSQL refuses NUL in text
        raise PydanticCustomError("text", "must not contain NUL characters")
    return value  # "" stays a string for the length check after this; an empty filter filters nothing


def _country(value: str | None) -> str | None:
    if not value:
        return None
    if not (len(value) == 3 and value.isascii() and value.isalpha()):
        raise PydanticCustomError("country", "give an ISO3 country code like SYR, got {value}",
                                  {"value": _shown(value)})
    return value.upper()


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    bad = PydanticCustomError("bbox", "give four numbers minlon,minlat,maxlon,maxlat, e.g. 35,32,43,38; got {value}",
                              {"value": _shown(value)})
    parts = value.split(",")
    if len(parts) != 4:
        raise bad
    try:
        min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
    except ValueError:
        raise bad from None
    if not all(math.isfinite(x) for x in (min_lon, min_lat, max_lon, max_lat)):
        raise bad
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise PydanticCustomError(
            "bbox", "longitudes must be within -180..180 and latitudes within -90..90 with minlat <= maxlat")
    return min_lon, min_lat, max_lon, max_lat


Day = Annotated[dt.date | None, BeforeValidator(_day)]
Text = Annotated[str | None, AfterValidator(_text)]
Country = Annotated[str | None, AfterValidator(_country)]
Box = Annotated[str | None, AfterValidator(_bbox)]
Sort = Literal["event_date", "-event_date", "fatalities", "-fatalities"]
Format = Literal["json", "csv", "geojson"]
Limit = Annotated[int, Query(ge=1, le=1000, description="How many rows at most (1..1000).")]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000, description="How many rows to skip.")]
MAX_TEXT = 200


def event_filters(
    since: Annotated[Day, Query(description="First event date, YYYY-MM-DD.")] = None,
    until: Annotated[Day, Query(description="Last event date, YYYY-MM-DD.")] = None,
    country: Annotated[Country, Query(description="ISO3 country code, e.g. SYR (any case).")] = None,
    admin1: Annotated[Text, Query(max_length=MAX_TEXT, description="First-level region, e.g. Idlib.")] = None,
    event_type: Annotated[Text, Query(max_length=MAX_TEXT, description="ACLED event type.")] = None,
    sub_event_type: Annotated[Text, Query(max_length=MAX_TEXT, description="ACLED sub-event type.")] = None,
    actor: Annotated[Text, Query(max_length=MAX_TEXT, description="Part of actor 1's or 2's name, any case.")] = None,
    bbox: Annotated[Box, Query(description="minlon,minlat,maxlon,maxlat (a box across the antimeridian has "
                                           "minlon > maxlon).")] = None,
    q: Annotated[Text, Query(max_length=MAX_TEXT, description="Text in the notes, place or actor names, any case.")
                 ] = None,
) -> Filters:
    return Filters(since=since, until=until, country=country, admin1=admin1, event_type=event_type,
                   sub_event_type=sub_event_type, actor=actor, bbox=bbox, q=q)  # type: ignore[arg-type]


def period_filters(
    country: Annotated[Country, Query(description="ISO3 code of the events' country, e.g. SYR.")] = None,
    since: Annotated[Day, Query(description="First event date, YYYY-MM-DD.")] = None,
    until: Annotated[Day, Query(description="Last event date, YYYY-MM-DD.")] = None,
) -> Filters:
    return Filters(since=since, until=until, country=country)
