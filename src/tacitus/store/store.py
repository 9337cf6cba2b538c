"""Store(url): the one way tacitus reads and writes its database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from tacitus.settings import shown_url
from tacitus.errors import InputError, StoreError
from tacitus.records import Article, Event
from tacitus.resolve import copies
from tacitus.store import migrate, resolution
from tacitus.store import tables as t
from tacitus.store.engine import RESOLVE_LOCK, open_engine, writing
from tacitus.store.upsert import insert_new


@dataclass
class Added:
    """What storing one article did."""

    stored: bool  # False: the article was already stored, nothing changed
    copy_of: str | None = None  # a near-copy of this stored article: no events, no sources added
    new: list[str] = field(default_factory=list)  # events it started
    joined: list[str] = field(default_factory=list)  # stored events it reports again
    assigned: dict[str, str] = field(default_factory=dict)  # the article's own event id -> canonical event id

    def __bool__(self) -> bool:
        return self.stored


class Store:
    def __init__(self, url: str):
        self.url = url
        try:
            self.engine: Engine = open_engine(url)
        except SQLAlchemyError as exc:
            raise self._cannot_open(exc) from None
        except ModuleNotFoundError as exc:
            raise StoreError(f"cannot open {shown_url(url)}: the driver {exc.name} is missing; "
                             "run: pip install 'tacitus[postgres]'") from None
        try:
            self.revision = migrate.upgrade(self.engine)  # an empty database gets its tables here
        except SQLAlchemyError as exc:
            self.engine.dispose()
            raise self._cannot_open(exc) from None
        except StoreError:
            self.engine.dispose()
            raise

    def _cannot_open(self, exc: SQLAlchemyError) -> StoreError:
        return StoreError(f"cannot open the database {shown_url(self.url)}: {exc.__class__.__name__}: "
                          f"{str(exc).splitlines()[0]}; check the --db URL "
                          "(e.g. sqlite:///tacitus.db or postgresql+psycopg://user@host/db)")

    def close(self) -> None:
        self.engine.dispose()

    def writing(self, resolve: bool = False):
        """A write transaction (see store.engine); ``resolve``: one that changes which reports make
        which event, which must not interleave with another process's (PostgreSQL advisory lock)."""
        return writing(self.engine, lock=RESOLVE_LOCK if resolve else None)

    def has_article(self, content_hash: str) -> bool:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.articles.c.id).where(t.articles.c.content_hash == content_hash)).first()
        return row is not None

    def add(self, article: Article, events: list[Event]) -> Added:
        """Store an article and resolve its events against the stored ones, in one transaction.

        An article already stored adds nothing; a near-copy of a stored article (the same
        wire story from another outlet) is recorded as a copy and adds no event or source."""
        from tacitus.resolve.match import report_words

        try:
            with self.writing(resolve=True) as conn:
                # The article's keys (id, content hash) decide: if another process stored it first,
                # nothing is inserted and nothing else is done.
                if not insert_new(conn, t.articles, dict(
                        id=article.id, content_hash=article.content_hash, title=article.title,
                        published=article.published, url=article.url, source=article.source, path=article.path,
                        text=article.text)):
                    return Added(stored=False)
                original = self._record_signature(conn, article)
                if original is not None:
                    return Added(stored=True, copy_of=original)
                result = Added(stored=True)
                claimed: set[str] = set()
                # The lead (the first event the article tells) chooses first: it is what the
                # article is about, and each stored event takes at most one of its reports.
                for ev in sorted(events, key=lambda e: min((x.start for x in e.evidence), default=0)):
                    eid, joined = resolution.add_mention(conn, ev, article, report_words(article.text, ev), claimed)
                    claimed.add(eid)
                    result.assigned[ev.event_id] = eid
                    (result.joined if joined else result.new).append(eid)
            return result
        except SQLAlchemyError as exc:
            raise StoreError(f"could not store article {article.id} (nothing of it was written): "
                             f"{str(exc).splitlines()[0]}") from None

    def _record_signature(self, conn, article: Article) -> str | None:
        """Index the article's MinHash signature; the id of the stored article it copies, if any."""
        sig = copies.signature(article.text)
        keys = copies.band_keys(sig)
        near = {r[0] for r in conn.execute(select(t.article_bands.c.article_id).where(t.article_bands.c.key.in_(keys)))}
        best, best_sim = None, 0.0
        if near:
            for aid, raw in conn.execute(select(t.article_signatures.c.article_id, t.article_signatures.c.signature)
                                         .where(t.article_signatures.c.article_id.in_(sorted(near)))):
                sim = copies.similarity(sig, copies.from_bytes(raw))
                if sim > best_sim:
                    best, best_sim = aid, sim
        conn.execute(insert(t.article_signatures).values(article_id=article.id, signature=copies.to_bytes(sig)))
        conn.execute(insert(t.article_bands), [{"key": k, "article_id": article.id} for k in dict.fromkeys(keys)])
        if best is not None and best_sim >= copies.COPY_AT:
            original = conn.execute(select(t.article_copies.c.copy_of).where(
                t.article_copies.c.article_id == best)).scalar() or best
            conn.execute(insert(t.article_copies).values(article_id=article.id, copy_of=original,
                                                         similarity=round(best_sim, 3)))
            return original
        return None

    def ids_starting(self, prefix: str, limit: int = 2) -> list[str]:
        """Event ids that start with ``prefix`` (an id or its first characters), at most ``limit``."""
        q = (select(t.events.c.event_id).where(t.events.c.event_id.startswith(prefix, autoescape=True))
             .order_by(t.events.c.event_id).limit(limit))
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(q)]

    def resolve_id(self, prefix: str) -> str:
        """The event id that ``prefix`` starts (ids are long; analysts type the first few characters)."""
        found = self.ids_starting(prefix)
        if not found:
            raise InputError(f"no event {prefix!r} in {shown_url(self.url)}; list them with: tacitus events")
        if len(found) > 1:
            raise InputError(f"{prefix!r} starts more than one event id; give more characters")
        return found[0]

    def split(self, event_id: str, article_id: str) -> str:
        """Take an article's reports out of an event; returns the id of their new event."""
        event_id = self.resolve_id(event_id)
        with self.writing(resolve=True) as conn:
            ids = resolution.mention_ids(conn, event_id)
            moved = resolution.mention_ids(conn, event_id, article_id)
            if not moved:
                raise InputError(f"article {article_id!r} is not a source of event {event_id}; "
                                 f"see its sources with: tacitus events show {event_id}")
            if len(moved) == len(ids):
                raise InputError(f"article {article_id!r} is the only source of event {event_id}; nothing to split")
            return resolution.split(conn, event_id, article_id)

    def merge(self, keep: str, other: str) -> str:
        """Fold event ``other`` into ``keep``; returns ``keep``'s id."""
        keep, other = self.resolve_id(keep), self.resolve_id(other)
        if keep == other:
            raise InputError(f"{keep} and {other} are the same event; give two different ids")
        with self.writing(resolve=True) as conn:
            resolution.merge(conn, keep, other)
        return keep

    def event_detail(self, event_id: str) -> dict:
        """The event with its reports (per-source figures), copies, and the reasons for each merge."""
        event_id = self.resolve_id(event_id)
        a, m = t.articles.c, t.mentions.c
        with self.engine.connect() as conn:
            record = conn.execute(select(t.events.c.record).where(t.events.c.event_id == event_id)).scalar_one()
            reports = []
            for mid, aid, outlet, published, rec, title, url in conn.execute(
                    select(m.mention_id, m.article_id, m.outlet, m.published, m.record, a.title, a.url)
                    .join(t.articles, a.id == m.article_id).where(m.event_id == event_id)
                    .order_by(m.published, m.mention_id)):
                ev = Event.model_validate(rec)
                reports.append({
                    "mention_id": mid, "article_id": aid, "outlet": outlet,
                    "published": published.isoformat() if published else None, "title": title, "url": url,
                    "event_date": ev.event_date.isoformat() if ev.event_date else None,
                    "sub_event_type": ev.sub_event_type, "location": ev.location.name if ev.location else None,
                    "fatalities": ev.fatalities.model_dump() if ev.fatalities else None,
                })
            mids = [r["mention_id"] for r in reports]
            links = [{"mention_id": mid, "kind": kind, "score": score, "reasons": reasons}
                     for mid, kind, score, reasons in conn.execute(
                         select(t.links.c.mention_id, t.links.c.kind, t.links.c.score, t.links.c.reasons)
                         .where(t.links.c.mention_id.in_(mids)).order_by(t.links.c.id))]
            aids = sorted({r["article_id"] for r in reports})
            copied = [{"article_id": cid, "copy_of": of, "similarity": sim, "outlet": outlet}
                      for cid, of, sim, outlet in conn.execute(
                          select(t.article_copies.c.article_id, t.article_copies.c.copy_of,
                                 t.article_copies.c.similarity, a.source)
                          .join(t.articles, a.id == t.article_copies.c.article_id)
                          .where(t.article_copies.c.copy_of.in_(aids)))]
        return {"event": record, "reports": reports, "links": links, "copies": copied}

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

    def articles_info(self, ids: list[str]) -> dict[str, dict]:
        """Article id -> {title, url, source, published} for citing events (the text is left behind)."""
        a = t.articles.c
        found: dict[str, dict] = {}
        ids = sorted(set(ids))
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):  # under every backend's limit of bound parameters
                for aid, title, url, source, published in conn.execute(
                        select(a.id, a.title, a.url, a.source, a.published).where(a.id.in_(ids[i:i + 500]))):
                    found[aid] = {"title": title, "url": url, "source": source, "published": published}
        return found

    def first_seen(self, names: set[str], before: dt.date, country: str | None = None) -> dict[str, dt.date]:
        """The earliest date before ``before`` on which a stored event names each actor (as actor1,
        actor2 or an associated actor), within ``country``; actors never named before are left out."""
        import json

        from sqlalchemy import Text, cast

        q = (select(t.events.c.event_date, cast(t.events.c.record, Text))
             .where(t.events.c.event_date < before).order_by(t.events.c.event_date))
        if country:
            q = q.where(t.events.c.country == country.upper())
        # Reading the raw JSON and looking for the name in it first spares parsing every record.
        wanted = {n: (n, json.dumps(n)[1:-1]) for n in names}
        seen: dict[str, dt.date] = {}
        with self.engine.connect() as conn:
            for day, raw in conn.execute(q):
                hits = [n for n, forms in wanted.items() if any(f in raw for f in forms)]
                if not hits:
                    continue
                rec = json.loads(raw)
                named = {a["name"] for key in ("actor1", "actor2") if rec.get(key) for a in [rec[key]]}
                named |= {a["name"] for key in ("assoc_actor_1", "assoc_actor_2") for a in rec.get(key) or []}
                for n in hits:
                    if n in named:
                        seen[n] = day
                        del wanted[n]
                if not wanted:
                    break
        return seen
