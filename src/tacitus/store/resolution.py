"""Cross-report resolution inside the store: each new mention joins a stored event or
starts one, and the canonical record is rebuilt from its reports.

Everything here runs inside the caller's transaction (``conn``), so an article and
everything it changes land together or not at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import and_, delete, insert, or_, select, union_all, update

from tacitus.records import Event
from tacitus.resolve import canonical
from tacitus.resolve.match import DATE_SLACK, JOIN_AT, Match, compare, index_keys, lookup_keys
from tacitus.store import tables as t
from tacitus.store.upsert import insert_new

TIER = {1: "", 2: "/w", 3: "/m"}  # keys of week- and month-dated events live apart, with wider windows


def _day(ev: Event) -> tuple[int, int]:
    if ev.event_date is not None:
        return ev.event_date.toordinal(), ev.date_precision
    day = ev.first_reported or dt.date.today()
    return day.toordinal(), 3


def candidates(conn, ev: Event, exclude: set[str]) -> list[str]:
    day, precision = _day(ev)
    keys = lookup_keys(ev)
    selects = []
    for tier, suffix in TIER.items():
        slack = DATE_SLACK[max(tier, precision)]
        selects.append(select(t.event_keys.c.event_id).where(
            t.event_keys.c.key.in_([k + suffix for k in keys]),
            t.event_keys.c.day.between(day - slack, day + slack)))
    found = {row[0] for row in conn.execute(union_all(*selects))}
    return sorted(found - exclude)


def _cannot(conn, mention_id: str) -> set[str]:
    rows = conn.execute(select(t.cannot_link.c.mention_a, t.cannot_link.c.mention_b).where(
        or_(t.cannot_link.c.mention_a == mention_id, t.cannot_link.c.mention_b == mention_id)))
    return {b if a == mention_id else a for a, b in rows}


def best_match(conn, ev: Event, words: frozenset[str], exclude: set[str]) -> tuple[str | None, Match | None]:
    ids = candidates(conn, ev, exclude)
    if not ids:
        return None, None
    records = {eid: Event.model_validate(rec) for eid, rec in conn.execute(
        select(t.events.c.event_id, t.events.c.record).where(t.events.c.event_id.in_(ids)))}
    texts: dict[str, list[frozenset[str]]] = {}
    members: dict[str, set[str]] = {}
    for eid, mid, w in conn.execute(select(t.mentions.c.event_id, t.mentions.c.mention_id, t.mentions.c.words)
                                    .where(t.mentions.c.event_id.in_(ids))):
        texts.setdefault(eid, []).append(frozenset(w.split()))
        members.setdefault(eid, set()).add(mid)
    barred = _cannot(conn, ev.event_id)
    best: tuple[str | None, Match | None] = (None, None)
    for eid in ids:
        if eid not in records or members.get(eid, set()) & barred:
            continue
        m = compare(ev, words, records[eid], texts.get(eid, []))
        if m.veto is None and m.score >= JOIN_AT and (best[1] is None or m.score > best[1].score):
            best = (eid, m)
    return best


def add_mention(conn, ev: Event, article, words: frozenset[str], claimed: set[str]) -> tuple[str, bool]:
    """Store one article's event; returns the canonical event id and whether it joined one."""
    eid, match = best_match(conn, ev, words, claimed)
    joined = eid is not None
    if not joined:
        eid = ev.event_id
        conn.execute(insert(t.events).values(event_id=eid, record={}))
    conn.execute(insert(t.mentions).values(
        mention_id=ev.event_id, event_id=eid, article_id=article.id, outlet=article.source,
        published=article.published, words=" ".join(sorted(words)), record=ev.model_dump(mode="json")))
    conn.execute(insert(t.links).values(
        event_id=eid, mention_id=ev.event_id, kind="join" if joined else "new",
        score=match.score if match else None, reasons=match.reasons() if match else None))
    refresh(conn, eid)
    return eid, joined


def reports(conn, event_id: str) -> list[canonical.Report]:
    rows = conn.execute(select(t.mentions.c.record, t.mentions.c.article_id, t.mentions.c.outlet,
                               t.mentions.c.published).where(t.mentions.c.event_id == event_id)
                        .order_by(t.mentions.c.published, t.mentions.c.article_id, t.mentions.c.mention_id))
    return [canonical.Report(Event.model_validate(rec), aid, outlet, pub) for rec, aid, outlet, pub in rows]


def refresh(conn, event_id: str) -> Event | None:
    """Rebuild the canonical record of ``event_id`` from its reports (delete it if none is left)."""
    found = reports(conn, event_id)
    for table in (t.event_articles, t.evidence, t.event_keys):
        conn.execute(delete(table).where(table.c.event_id == event_id))
    if not found:
        conn.execute(delete(t.events).where(t.events.c.event_id == event_id))
        return None
    ev = canonical.combine(event_id, found)
    for a in [ev.actor1, ev.actor2, *ev.assoc_actor_1, *ev.assoc_actor_2]:
        _upsert_actor(conn, a)
    loc = ev.location
    if loc is not None and loc.geonameid is not None:
        _upsert_place(conn, loc)
    conn.execute(update(t.events).where(t.events.c.event_id == event_id).values(
        event_date=ev.event_date, date_precision=ev.date_precision,
        event_type=ev.event_type, sub_event_type=ev.sub_event_type, disorder_type=ev.disorder_type,
        plover_type=ev.plover_type, cameo_code=ev.cameo_code, mode=ev.mode,
        actor1=ev.actor1.name if ev.actor1 else None, actor2=ev.actor2.name if ev.actor2 else None,
        location_name=loc.name if loc else None, geonameid=loc.geonameid if loc else None,
        country=loc.country if loc else None, admin1=loc.admin1 if loc else None,
        lat=loc.lat if loc else None, lon=loc.lon if loc else None,
        fatalities_best=ev.fatalities.best if ev.fatalities else None,
        confidence=ev.confidence, record=ev.model_dump(mode="json"),
    ))
    if ev.article_ids:
        conn.execute(insert(t.event_articles), [{"event_id": event_id, "article_id": a} for a in ev.article_ids])
    if ev.evidence:
        conn.execute(insert(t.evidence), [
            {"event_id": event_id, "article_id": e.article_id, "field": e.field, "start": e.start, "end": e.end,
             "text": e.text} for e in ev.evidence])
    day, precision = _day(ev)
    conn.execute(insert(t.event_keys), [{"event_id": event_id, "key": k + TIER[precision], "day": day}
                                        for k in index_keys(ev)])
    return ev


def _upsert_actor(conn, actor) -> None:
    if actor is not None:
        insert_new(conn, t.actors, {"name": actor.name, "inter": actor.inter, "country": actor.country})


def _upsert_place(conn, loc) -> None:
    insert_new(conn, t.places, {"geonameid": loc.geonameid, "name": loc.name, "lat": loc.lat, "lon": loc.lon,
                                "admin1": loc.admin1, "admin2": loc.admin2, "country": loc.country,
                                "feature_code": loc.feature_code})


def mention_ids(conn, event_id: str, article_id: str | None = None) -> list[str]:
    q = select(t.mentions.c.mention_id).where(t.mentions.c.event_id == event_id)
    if article_id is not None:
        q = q.where(t.mentions.c.article_id == article_id)
    return [r[0] for r in conn.execute(q.order_by(t.mentions.c.mention_id))]


def split(conn, event_id: str, article_id: str) -> str:
    """Move the article's reports of ``event_id`` to an event of their own, for good."""
    moved = mention_ids(conn, event_id, article_id)
    kept = [m for m in mention_ids(conn, event_id) if m not in moved]
    # The reports that stay keep the event's id; the moved ones take their first mention's.
    new_id = next((m for m in moved if m != event_id), None) or hashlib.sha256(
        f"{event_id}|split|{article_id}".encode()).hexdigest()[:16]
    conn.execute(insert(t.events).values(event_id=new_id, record={}))
    conn.execute(update(t.mentions).where(t.mentions.c.mention_id.in_(moved)).values(event_id=new_id))
    pairs = sorted({tuple(sorted((a, b))) for a in moved for b in kept})
    insert_new(conn, t.cannot_link, [{"mention_a": a, "mention_b": b} for a, b in pairs])
    conn.execute(insert(t.overrides).values(kind="split", event_id=event_id, other_id=new_id, article_id=article_id))
    conn.execute(insert(t.links), [{"event_id": new_id, "mention_id": m, "kind": "split",
                                    "reasons": {"by": "analyst", "from": event_id}} for m in moved])
    refresh(conn, event_id)
    refresh(conn, new_id)
    return new_id


def merge(conn, keep: str, other: str) -> None:
    """Fold ``other`` into ``keep``; an analyst's merge lifts any earlier split between them."""
    a, b = mention_ids(conn, keep), mention_ids(conn, other)
    conn.execute(delete(t.cannot_link).where(or_(
        and_(t.cannot_link.c.mention_a.in_(a), t.cannot_link.c.mention_b.in_(b)),
        and_(t.cannot_link.c.mention_a.in_(b), t.cannot_link.c.mention_b.in_(a)))))
    conn.execute(update(t.mentions).where(t.mentions.c.event_id == other).values(event_id=keep))
    conn.execute(insert(t.overrides).values(kind="merge", event_id=keep, other_id=other))
    conn.execute(insert(t.links), [{"event_id": keep, "mention_id": m, "kind": "merge",
                                    "reasons": {"by": "analyst", "from": other}} for m in b])
    refresh(conn, other)
    refresh(conn, keep)
