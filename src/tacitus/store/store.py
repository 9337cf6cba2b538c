"""Store(url): the one way tacitus reads and writes its database."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import create_engine, event as sa_event, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from tacitus.errors import StoreError
from tacitus.records import Article, Event
from tacitus.store import tables as t


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


class Store:
    def __init__(self, url: str):
        self.url = url
        try:
            self.engine: Engine = create_engine(url, future=True)
            if self.engine.dialect.name == "sqlite":
                sa_event.listen(self.engine, "connect", _sqlite_pragmas)
            t.metadata.create_all(self.engine)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open the database {url}: {exc.__class__.__name__}: {str(exc).splitlines()[0]}; "
                             "check the --db URL (e.g. sqlite:///tacitus.db or postgresql+psycopg://user@host/db)") from None
        except ModuleNotFoundError as exc:
            raise StoreError(f"cannot open {url}: the driver {exc.name} is missing; run: pip install 'tacitus[postgres]'") from None

    def close(self) -> None:
        self.engine.dispose()

    def has_article(self, content_hash: str) -> bool:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.articles.c.id).where(t.articles.c.content_hash == content_hash)).first()
        return row is not None

    def add(self, article: Article, events: list[Event]) -> bool:
        """Store an article with its events in one transaction; False if it was already stored."""
        try:
            with self.engine.begin() as conn:
                exists = conn.execute(
                    select(t.articles.c.id).where(
                        (t.articles.c.content_hash == article.content_hash) | (t.articles.c.id == article.id)
                    )
                ).first()
                if exists:
                    return False
                conn.execute(insert(t.articles).values(
                    id=article.id, content_hash=article.content_hash, title=article.title,
                    published=article.published, url=article.url, source=article.source, path=article.path,
                    text=article.text,
                ))
                for ev in events:
                    self._add_event(conn, ev)
            return True
        except SQLAlchemyError as exc:
            raise StoreError(f"could not store article {article.id} (nothing of it was written): "
                             f"{str(exc).splitlines()[0]}") from None

    def _upsert_actor(self, conn, actor) -> None:
        if actor is None:
            return
        if conn.execute(select(t.actors.c.name).where(t.actors.c.name == actor.name)).first() is None:
            conn.execute(insert(t.actors).values(name=actor.name, inter=actor.inter, country=actor.country))

    def _add_event(self, conn, ev: Event) -> None:
        for a in [ev.actor1, ev.actor2, *ev.assoc_actor_1, *ev.assoc_actor_2]:
            self._upsert_actor(conn, a)
        loc = ev.location
        if loc is not None and loc.geonameid is not None:
            if conn.execute(select(t.places.c.geonameid).where(t.places.c.geonameid == loc.geonameid)).first() is None:
                conn.execute(insert(t.places).values(
                    geonameid=loc.geonameid, name=loc.name, lat=loc.lat, lon=loc.lon, admin1=loc.admin1,
                    admin2=loc.admin2, country=loc.country, feature_code=loc.feature_code,
                ))
        conn.execute(insert(t.events).values(
            event_id=ev.event_id, event_date=ev.event_date, date_precision=ev.date_precision,
            event_type=ev.event_type, sub_event_type=ev.sub_event_type, disorder_type=ev.disorder_type,
            plover_type=ev.plover_type, cameo_code=ev.cameo_code, mode=ev.mode,
            actor1=ev.actor1.name if ev.actor1 else None, actor2=ev.actor2.name if ev.actor2 else None,
            location_name=loc.name if loc else None, geonameid=loc.geonameid if loc else None,
            country=loc.country if loc else None, admin1=loc.admin1 if loc else None,
            lat=loc.lat if loc else None, lon=loc.lon if loc else None,
            fatalities_best=ev.fatalities.best if ev.fatalities else None,
            confidence=ev.confidence, record=ev.model_dump(mode="json"),
        ))
        for aid in ev.article_ids:
            conn.execute(insert(t.event_articles).values(event_id=ev.event_id, article_id=aid))
        for e in ev.evidence:
            conn.execute(insert(t.evidence).values(
                event_id=ev.event_id, article_id=e.article_id, field=e.field, start=e.start, end=e.end, text=e.text,
            ))

    def events(
        self,
        since: dt.date | None = None,
        until: dt.date | None = None,
        country: str | None = None,
        event_type: str | None = None,
    ) -> list[Event]:
        q = select(t.events.c.record).order_by(t.events.c.event_date, t.events.c.event_id)
        if since:
            q = q.where(t.events.c.event_date >= since)
        if until:
            q = q.where(t.events.c.event_date <= until)
        if country:
            q = q.where(t.events.c.country == country.upper())
        if event_type:
            q = q.where((t.events.c.event_type == event_type) | (t.events.c.sub_event_type == event_type))
        with self.engine.connect() as conn:
            return [Event.model_validate(row[0]) for row in conn.execute(q)]

    def counts(self) -> dict[str, int]:
        from sqlalchemy import func as f

        with self.engine.connect() as conn:
            return {
                name: conn.execute(select(f.count()).select_from(table)).scalar_one()
                for name, table in (("articles", t.articles), ("events", t.events), ("evidence", t.evidence))
            }
