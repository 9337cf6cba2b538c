"""Which input articles a database already holds, so a bulk ingest that was stopped (or killed)
and started again extracts only the rest.  Store.add writes each article in one transaction, so
an article is either stored whole or not at all and the lookup below cannot be fooled by half of one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.engine import Engine

from tacitus.records import Article
from tacitus.store import tables as t

BATCH = 250  # an id and a hash per article: 500 bound parameters, under every backend's limit


@dataclass
class Remaining:
    todo: list[Article] = field(default_factory=list)  # to extract and store, in input order
    stored: int = 0  # already in the database (same id or same text)
    repeated: int = 0  # the same article (id or text) given earlier in this input


def remaining(engine: Engine, articles: list[Article]) -> Remaining:
    """The articles not yet stored, in input order; Store.add would skip the others unchanged."""
    a = t.articles.c
    ids: set[str] = set()
    hashes: set[str] = set()
    with engine.connect() as conn:
        for i in range(0, len(articles), BATCH):
            batch = articles[i:i + BATCH]
            rows = conn.execute(select(a.id, a.content_hash).where(or_(
                a.id.in_(sorted({x.id for x in batch})), a.content_hash.in_(sorted({x.content_hash for x in batch})))))
            for aid, digest in rows:
                ids.add(aid)
                hashes.add(digest)
    out = Remaining()
    seen_ids: set[str] = set()
    seen_hashes: set[str] = set()
    for art in articles:
        if art.id in ids or art.content_hash in hashes:
            out.stored += 1
        elif art.id in seen_ids or art.content_hash in seen_hashes:
            out.repeated += 1
        else:
            out.todo.append(art)
        seen_ids.add(art.id)
        seen_hashes.add(art.content_hash)
    return out
