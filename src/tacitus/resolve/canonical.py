"""One record for one real event, from all the reports of it.

Every report is kept (the store's ``mentions``); the canonical record is recomputed
from them whenever one joins or leaves, so it never drifts from its evidence.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from tacitus.records import Event, Fatalities, Place, Sources
from tacitus.resolve.notes import note
from tacitus.resolve.within import _better_actor, _grain, _merge_actor_lists, _placed


@dataclass(frozen=True)
class Report:
    """One article's account of the event."""

    mention: Event
    article_id: str
    outlet: str | None
    published: dt.date | None


def fatalities(reports: list[Report]) -> Fatalities | None:
    """low: the smallest figure any report gives; high: the largest; best: ACLED's
    conservative choice, the lowest figure among the latest reports, since tolls are
    revised upwards as bodies are found and the first count is the least complete."""
    figured = [r for r in reports if r.mention.fatalities is not None]
    if not figured:
        return None
    latest = max((r.published for r in figured if r.published), default=None)
    last = [r for r in figured if r.published == latest] or figured
    best = min(r.mention.fatalities.best for r in last)
    low = min(r.mention.fatalities.low for r in figured)
    high = max(r.mention.fatalities.high for r in figured)
    return Fatalities(low=min(low, best), best=best, high=max(high, best))


def _place(reports: list[Report]) -> Place | None:
    """The finest place the reports agree on: the most precise level any gives, and at
    that level the place most reports name."""
    places = [r.mention.location for r in reports if r.mention.location is not None]
    if not places:
        return None
    known = [p for p in places if _placed(p)] or places
    finest = min(_grain(p) for p in known)
    at = [p for p in known if _grain(p) == finest]
    votes = Counter(p.geonameid if p.geonameid is not None else p.name for p in at)
    top = votes.most_common(1)[0][0]
    return next(p for p in at if (p.geonameid if p.geonameid is not None else p.name) == top)


def _date(reports: list[Report]) -> tuple[dt.date | None, int]:
    """The date most reports give at their finest precision; ties to the earliest."""
    dated = [r.mention for r in reports if r.mention.event_date is not None]
    if not dated:
        return None, 1
    finest = min(m.date_precision for m in dated)
    votes = Counter(m.event_date for m in dated if m.date_precision == finest)
    day = min(votes, key=lambda d: (-votes[d], d))
    return day, finest


def _kind(reports: list[Report]) -> Event:
    """The report whose type the others back most; "Attack" (a killing named without its
    means) gives way to a specific type."""
    votes = Counter(r.mention.sub_event_type for r in reports)
    specific = {k for k in votes if k not in (None, "Attack")}
    if specific:
        votes = Counter({k: v for k, v in votes.items() if k in specific})
    top = max(votes, key=lambda k: (votes[k], max(r.mention.confidence for r in reports
                                                   if r.mention.sub_event_type == k)))
    return max((r.mention for r in reports if r.mention.sub_event_type == top), key=lambda m: m.confidence)


def combine(event_id: str, reports: list[Report]) -> Event:
    reports = sorted(reports, key=lambda r: (r.published or dt.date.min, r.article_id))
    base = _kind(reports)
    actor1 = actor2 = None
    for r in sorted(reports, key=lambda r: -r.mention.confidence):
        actor1 = _better_actor(actor1, r.mention.actor1)
        actor2 = _better_actor(actor2, r.mention.actor2)
    taken = {a.name for a in (actor1, actor2) if a}
    day, precision = _date(reports)
    article_ids = list(dict.fromkeys(r.article_id for r in reports))
    outlets = {r.outlet or r.article_id for r in reports}
    quantities, evidence, seen = [], [], set()
    for r in reports:
        for q in r.mention.quantities:
            if not any(q.what == o.what and q.value == o.value for o in quantities):
                quantities.append(q)
        for e in r.mention.evidence:
            if (e.article_id, e.field, e.start, e.end) not in seen:
                seen.add((e.article_id, e.field, e.start, e.end))
                evidence.append(e)
    published = [r.published for r in reports if r.published]
    confidence = max(r.mention.confidence for r in reports) + 0.05 * (len(outlets) - 1)
    event = base.model_copy(update={
        "event_id": event_id,
        "article_ids": article_ids,
        "sources": Sources(articles=len(article_ids), outlets=len(outlets)),
        "first_reported": min(published) if published else None,
        "last_reported": max(published) if published else None,
        "event_date": day,
        "date_precision": precision,
        "location": _place(reports),
        "actor1": actor1,
        "actor2": actor2,
        "assoc_actor_1": _merge_actor_lists(*[r.mention.assoc_actor_1 for r in reports], exclude=taken),
        "assoc_actor_2": _merge_actor_lists(*[r.mention.assoc_actor_2 for r in reports], exclude=taken),
        "fatalities": fatalities(reports),
        "civilian_targeting": any(r.mention.civilian_targeting for r in reports),
        "quantities": quantities,
        "evidence": evidence,
        "confidence": round(min(0.99, confidence), 2),
    })
    return event.model_copy(update={"notes": note(event)})
