"""The API's reads, as SQLAlchemy expressions over the `events` table: filters, sorting,
paging, counts and the grouped figures of /api/stats and /api/actors.

Every value a user gives is a bound parameter; text searches escape `%` and `_` so they
match literally.  Nothing here is specific to SQLite or PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select, union
from sqlalchemy.engine import Engine

from tacitus.records import Event
from tacitus.store import tables as t

e = t.events.c

SORTS = {
    "-event_date": (e.event_date.desc().nulls_last(), e.event_id),
    "event_date": (e.event_date.asc().nulls_last(), e.event_id),
    "-fatalities": (e.fatalities_best.desc().nulls_last(), e.event_date.desc().nulls_last(), e.event_id),
    "fatalities": (e.fatalities_best.asc().nulls_last(), e.event_date.desc().nulls_last(), e.event_id),
}


@dataclass(frozen=True)
class Filters:
    since: dt.date | None = None
    until: dt.date | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat
    q: str | None = None

    def where(self) -> list:
        conds = []
        if self.since:
            conds.append(e.event_date >= self.since)
        if self.until:
            conds.append(e.event_date <= self.until)
        if self.country:
            conds.append(e.country == self.country.upper())
        if self.admin1:
            conds.append(func.lower(e.admin1) == self.admin1.lower())
        if self.event_type:
            conds.append(e.event_type == self.event_type)
        if self.sub_event_type:
            conds.append(e.sub_event_type == self.sub_event_type)
        if self.actor:
            conds.append(or_(_has(e.actor1, self.actor), _has(e.actor2, self.actor)))
        if self.bbox:
            conds.append(_in_box(*self.bbox))
        if self.q:
            notes = e.record["notes"].as_string()  # JSON path access: no cast of the whole record to text
            conds.append(or_(*(_has(col, self.q) for col in (notes, e.location_name, e.actor1, e.actor2))))
        return conds


def _has(col, text: str):
    """Case-insensitive substring, with LIKE's wildcards in ``text`` taken literally."""
    return col.icontains(text, autoescape=True)


def _in_box(min_lon: float, min_lat: float, max_lon: float, max_lat: float):
    lat = e.lat.between(min_lat, max_lat)
    if min_lon <= max_lon:
        return and_(lat, e.lon.between(min_lon, max_lon))
    return and_(lat, or_(e.lon >= min_lon, e.lon <= max_lon))  # a box across the antimeridian


def query_events(engine: Engine, f: Filters, sort: str = "-event_date", limit: int = 100,
                 offset: int = 0) -> tuple[int, list[Event]]:
    """The number of matching events, and one page of them."""
    conds = f.where()
    page = select(e.record).where(*conds).order_by(*SORTS[sort]).limit(limit).offset(offset)
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(t.events).where(*conds)).scalar_one()
        events = [Event.model_validate(rec) for (rec,) in conn.execute(page)]
    return total, events


def stats(engine: Engine, f: Filters) -> dict:
    conds = f.where()
    killed = func.coalesce(func.sum(e.fatalities_best), 0)

    def grouped(col, name: str, conn) -> list[dict]:
        q = (select(col, func.count(), killed).where(*conds).group_by(col)
             .order_by(*(() if name == "date" else (func.count().desc(),)), col.asc().nulls_last()))
        return [{name: key.isoformat() if isinstance(key, dt.date) else key, "events": n, "fatalities": int(k)}
                for key, n, k in conn.execute(q)]

    with engine.connect() as conn:
        n, total_killed = conn.execute(select(func.count(), killed).select_from(t.events).where(*conds)).one()
        return {
            "events": n, "fatalities": int(total_killed),
            "by_day": grouped(e.event_date, "date", conn),
            "by_type": grouped(e.event_type, "event_type", conn),
            "by_country": grouped(e.country, "country", conn),
        }


def actor_stats(engine: Engine, f: Filters, limit: int = 100) -> list[dict]:
    """Actors 1 and 2 of the matching events, each counted once per event however it is named in it."""
    conds = f.where()
    # UNION (not UNION ALL) so an event naming one actor on both sides counts once for it.
    named = union(*(select(e.event_id, col.label("name"), e.fatalities_best.label("killed"),
                              e.event_date.label("day")).where(col.is_not(None), *conds)
                    for col in (e.actor1, e.actor2))).subquery()
    a = t.actors.c
    events = func.count().label("events")
    q = (select(named.c.name, a.country, a.inter, events, func.coalesce(func.sum(named.c.killed), 0),
                func.min(named.c.day), func.max(named.c.day))
         .select_from(named.outerjoin(t.actors, a.name == named.c.name))
         .group_by(named.c.name, a.country, a.inter)
         .order_by(events.desc(), named.c.name).limit(limit))
    with engine.connect() as conn:
        return [{"name": name, "country": country, "inter": inter, "events": n, "fatalities": int(killed),
                 "first_seen": first.isoformat() if first else None, "last_seen": last.isoformat() if last else None}
                for name, country, inter, n, killed, first, last in conn.execute(q)]


def records(engine: Engine, ids: list[str]) -> list[Event]:
    """Stored canonical events, in the order of ``ids``."""
    if not ids:
        return []
    with engine.connect() as conn:
        found = {eid: rec for eid, rec in conn.execute(select(e.event_id, e.record).where(e.event_id.in_(ids)))}
    return [Event.model_validate(found[i]) for i in ids if i in found]


def article_texts(engine: Engine, ids: list[str]) -> dict[str, dict]:
    """Article id -> {title, url, source, published, text}."""
    a = t.articles.c
    with engine.connect() as conn:
        return {aid: {"title": title, "url": url, "source": source,
                      "published": published.isoformat() if published else None, "text": text}
                for aid, title, url, source, published, text in conn.execute(
                    select(a.id, a.title, a.url, a.source, a.published, a.text).where(a.id.in_(ids)))}

