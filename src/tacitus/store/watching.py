"""The watcher's tables: per-source memory, items done, alerts fired and their deliveries.

Kept beside `Store` (which owns the engine) so the event store stays about events.
An item is marked done only after its article is stored; a crash in between means the item
is read again, and the store, which skips an article it already has, adds nothing twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from tacitus.records import Event
from tacitus.store import tables as t
from tacitus.store.store import Store
from tacitus.store.upsert import insert_new

MAX_ITEM_ATTEMPTS = 3  # an item that failed this often is given up (and said so)
MAX_DELIVERY_ATTEMPTS = 5


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


@dataclass
class SourceState:
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0


@dataclass
class Delivery:
    id: int
    channel: str
    attempts: int
    rule: str
    event_id: str
    reason: str
    fired_at: dt.datetime


class WatchStore:
    def __init__(self, store: Store):
        self.store = store
        self.engine = store.engine

    # -- sources and items -------------------------------------------------------------
    def source_state(self, source: str) -> SourceState:
        c = t.watch_sources.c
        with self.engine.connect() as conn:
            row = conn.execute(select(c.etag, c.last_modified, c.failures).where(c.source == source)).first()
        return SourceState(*row) if row else SourceState()

    def source_checked(self, source: str, kind: str, *, etag: str | None = None, last_modified: str | None = None,
                       error: str | None = None) -> None:
        """Record a poll: its validators when it succeeded, its error when it failed."""
        c = t.watch_sources.c
        now = _now()
        with self.store.writing() as conn:
            insert_new(conn, t.watch_sources, {"source": source, "kind": kind, "failures": 0})
            values = {"kind": kind, "checked_at": now}
            if error is None:
                values.update(ok_at=now, failures=0, last_error=None)
                if etag is not None or last_modified is not None:
                    values.update(etag=etag, last_modified=last_modified)
            else:
                values.update(failures=c.failures + 1, last_error=error)
            conn.execute(update(t.watch_sources).where(c.source == source).values(**values))

    def pending_keys(self, source: str, keys: list[str]) -> list[str]:
        """The keys still to do: never seen, or failed fewer than MAX_ITEM_ATTEMPTS times."""
        c = t.watch_items.c
        closed: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                closed |= {k for (k,) in conn.execute(select(c.key).where(
                    c.source == source, c.key.in_(chunk),
                    or_(c.status != "failed", c.attempts >= MAX_ITEM_ATTEMPTS)))}
        return [k for k in keys if k not in closed]

    def item_done(self, source: str, key: str, status: str, *, article_id: str | None = None,
                  error: str | None = None) -> int:
        """Record an item's outcome; returns its attempts so far.  A failure that has used up its
        attempts becomes gave_up."""
        c = t.watch_items.c
        with self.store.writing() as conn:
            insert_new(conn, t.watch_items, {"source": source, "key": key, "status": status, "attempts": 0})
            # FOR UPDATE: another watcher recording the same item waits for this one (PostgreSQL;
            # on SQLite the write transaction already excludes it).
            attempts = conn.execute(select(c.attempts).where(c.source == source, c.key == key)
                                    .with_for_update()).scalar_one() + 1
            if status == "failed" and attempts >= MAX_ITEM_ATTEMPTS:
                status = "gave_up"
            conn.execute(update(t.watch_items).where(c.source == source, c.key == key).values(
                status=status, attempts=attempts, article_id=article_id, error=error, updated_at=_now()))
        return attempts

    def items(self, source: str | None = None) -> list[dict]:
        c = t.watch_items.c
        q = select(c.source, c.key, c.status, c.attempts, c.article_id, c.error).order_by(c.first_seen, c.key)
        if source is not None:
            q = q.where(c.source == source)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    # -- alerts --------------------------------------------------------------------------
    def fired(self, rule: str, event_id: str) -> bool:
        c = t.alerts.c
        with self.engine.connect() as conn:
            return conn.execute(select(c.id).where(c.rule == rule, c.event_id == event_id)).first() is not None

    def fire(self, rule: str, event_id: str, reason: str, channels: list[str]) -> int | None:
        """Record an alert and one pending delivery per channel, together; None if the rule had
        already fired for this event (another watcher may have got there first)."""
        try:
            with self.store.writing() as conn:
                aid = conn.execute(insert(t.alerts).values(rule=rule, event_id=event_id, reason=reason,
                                                           fired_at=_now())).inserted_primary_key[0]
                conn.execute(insert(t.deliveries), [{"alert_id": aid, "channel": ch, "status": "pending",
                                                     "attempts": 0} for ch in channels])
            return aid
        except IntegrityError:
            return None

    def due_deliveries(self) -> list[Delivery]:
        d, a = t.deliveries.c, t.alerts.c
        q = (select(d.id, d.channel, d.attempts, a.rule, a.event_id, a.reason, a.fired_at)
             .join(t.alerts, a.id == d.alert_id)
             .where(or_(d.status == "pending", and_(d.status == "failed", d.attempts < MAX_DELIVERY_ATTEMPTS)))
             .order_by(d.id))
        with self.engine.connect() as conn:
            return [Delivery(*r) for r in conn.execute(q)]

    def delivered(self, delivery_id: int, error: str | None) -> str:
        """Record one delivery attempt; returns the new status."""
        d = t.deliveries.c
        with self.store.writing() as conn:
            attempts = conn.execute(select(d.attempts).where(d.id == delivery_id)).scalar_one() + 1
            if error is None:
                status = "sent"
            else:
                status = "gave_up" if attempts >= MAX_DELIVERY_ATTEMPTS else "failed"
            conn.execute(update(t.deliveries).where(d.id == delivery_id).values(
                status=status, attempts=attempts, error=error, sent_at=_now() if error is None else None))
        return status

    def alerts(self) -> list[dict]:
        a, d = t.alerts.c, t.deliveries.c
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(
                select(a.id, a.rule, a.event_id, a.reason, a.fired_at).order_by(a.id))]
            for r in rows:
                r["deliveries"] = [dict(x._mapping) for x in conn.execute(
                    select(d.channel, d.status, d.attempts, d.error).where(d.alert_id == r["id"]).order_by(d.id))]
        return rows

    def article_refs(self, ids: list[str]) -> list[dict]:
        """The event's articles, in its order, as an alert cites them."""
        info = self.store.articles_info(ids)
        return [{"article_id": i, "title": info[i]["title"], "url": info[i]["url"], "outlet": info[i]["source"],
                 "published": info[i]["published"].isoformat() if info[i]["published"] else None}
                for i in ids if i in info]

    # -- history, for the rules (conditions.History) --------------------------------------
    def event(self, event_id: str) -> Event | None:
        with self.engine.connect() as conn:
            rec = conn.execute(select(t.events.c.record).where(t.events.c.event_id == event_id)).scalar()
        return Event.model_validate(rec) if rec is not None else None

    def events_between(self, start: dt.date, end: dt.date, country: str | None) -> list[Event]:
        return self.store.events(since=start, until=end, country=country)

    def actor_seen(self, name: str, country: str, other_than: str) -> bool:
        """Whether another stored event in the country has this actor as actor 1 or 2."""
        e = t.events.c
        with self.engine.connect() as conn:
            return conn.execute(select(e.event_id).where(
                e.country == country, e.event_id != other_than, or_(e.actor1 == name, e.actor2 == name)
            ).limit(1)).first() is not None

    def last_fired(self, rule: str) -> dt.date | None:
        a, e = t.alerts.c, t.events.c
        with self.engine.connect() as conn:
            return conn.execute(select(func.max(e.event_date)).select_from(t.alerts)
                                .join(t.events, e.event_id == a.event_id).where(a.rule == rule)).scalar()
