"""SQLAlchemy 2 tables.

articles ─┬─ mentions (one article's account of an event) ── events (one row per real event)
          ├─ article_signatures, article_bands (near-duplicate lookup), article_copies
events ───┼─ event_articles, evidence (the canonical record's sources and spans)
          ├─ event_keys (candidate lookup by place cell and day)
          └─ links (why each mention is where it is), overrides, cannot_link (analysts' word)
watch_sources ── watch_items (the watcher's per-source memory); alerts ── deliveries (one per channel)
"""

from __future__ import annotations

from sqlalchemy import (
    JSON, Column, Date, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Table, Text,
    UniqueConstraint, func,
)

metadata = MetaData()

articles = Table(
    "articles", metadata,
    Column("id", String(128), primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("title", Text), Column("published", Date), Column("url", Text), Column("source", Text),
    Column("path", Text), Column("text", Text, nullable=False),
    Column("ingested_at", DateTime, server_default=func.now(), nullable=False),
)

places = Table(
    "places", metadata,
    Column("geonameid", Integer, primary_key=True, autoincrement=False),
    Column("name", Text, nullable=False), Column("lat", Float), Column("lon", Float),
    Column("admin1", Text), Column("admin2", Text), Column("country", String(3)),
    Column("feature_code", String(10)),
)

actors = Table(
    "actors", metadata,
    Column("name", String(200), primary_key=True),
    Column("inter", Integer), Column("country", String(3)),
)

events = Table(
    "events", metadata,
    Column("event_id", String(32), primary_key=True),
    Column("event_date", Date, index=True), Column("date_precision", Integer),
    Column("event_type", String(64), index=True), Column("sub_event_type", String(64)),
    Column("disorder_type", String(64)), Column("plover_type", String(32)), Column("cameo_code", String(8)),
    Column("mode", String(16)),
    Column("actor1", String(200), ForeignKey("actors.name")), Column("actor2", String(200), ForeignKey("actors.name")),
    Column("location_name", Text), Column("geonameid", Integer, ForeignKey("places.geonameid")),
    Column("country", String(3), index=True), Column("admin1", Text), Column("lat", Float), Column("lon", Float),
    Column("fatalities_best", Integer),
    Column("confidence", Float),
    Column("record", JSON, nullable=False),  # the full public record, field for field
)

event_articles = Table(
    "event_articles", metadata,
    Column("event_id", String(32), ForeignKey("events.event_id", ondelete="CASCADE"), primary_key=True),
    Column("article_id", String(128), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
)

evidence = Table(
    "evidence", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(32), ForeignKey("events.event_id", ondelete="CASCADE"), index=True, nullable=False),
    Column("article_id", String(128), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("field", String(32), nullable=False), Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False), Column("text", Text, nullable=False),
    UniqueConstraint("event_id", "article_id", "field", "start", "end", name="uq_evidence_span"),
)

# The schema generation, kept in meta's "schema" row.  The Alembic revisions in ./migrations build
# these tables (0001 is schema 2, what tacitus 0.1 made without Alembic): a change here comes with a
# new revision that makes the same change and, if it changes the generation, updates that row.
SCHEMA_VERSION = 2
meta = Table(
    "meta", metadata,
    Column("key", String(64), primary_key=True), Column("value", Text, nullable=False),
)

mentions = Table(
    "mentions", metadata,
    Column("mention_id", String(32), primary_key=True),
    Column("event_id", String(32), ForeignKey("events.event_id"), index=True, nullable=False),
    Column("article_id", String(128), ForeignKey("articles.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("outlet", Text), Column("published", Date),
    Column("words", Text, nullable=False),  # content words of the report's sentences, for text similarity
    Column("record", JSON, nullable=False),  # the article's own record of the event
)

event_keys = Table(
    "event_keys", metadata,
    Column("event_id", String(32), ForeignKey("events.event_id", ondelete="CASCADE"), primary_key=True),
    Column("key", String(40), primary_key=True),
    Column("day", Integer, nullable=False),
    Index("ix_event_keys_key_day", "key", "day"),
)

links = Table(
    "links", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(32), nullable=False, index=True),
    Column("mention_id", String(32), nullable=False, index=True),
    Column("kind", String(16), nullable=False),  # new | join | split | merge
    Column("score", Float), Column("reasons", JSON),
    Column("at", DateTime, server_default=func.now(), nullable=False),
)

overrides = Table(
    "overrides", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(8), nullable=False),  # split | merge
    Column("event_id", String(32), nullable=False), Column("other_id", String(32), nullable=False),
    Column("article_id", String(128)),
    Column("at", DateTime, server_default=func.now(), nullable=False),
)

cannot_link = Table(
    "cannot_link", metadata,
    Column("mention_a", String(32), primary_key=True), Column("mention_b", String(32), primary_key=True),
)

article_signatures = Table(
    "article_signatures", metadata,
    Column("article_id", String(128), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("signature", LargeBinary, nullable=False),
)

article_bands = Table(
    "article_bands", metadata,
    Column("key", String(40), primary_key=True),
    Column("article_id", String(128), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
)

article_copies = Table(
    "article_copies", metadata,
    Column("article_id", String(128), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("copy_of", String(128), ForeignKey("articles.id"), nullable=False, index=True),
    Column("similarity", Float, nullable=False),
)

# The watcher's memory: what each source answered last (for conditional requests) and which of its
# items are done, so a stopped and restarted watcher neither misses nor repeats an item.
watch_sources = Table(
    "watch_sources", metadata,
    Column("source", String(1000), primary_key=True),
    Column("kind", String(8)),  # feed | page | folder
    Column("etag", Text), Column("last_modified", Text),
    Column("checked_at", DateTime), Column("ok_at", DateTime),
    Column("failures", Integer, nullable=False, default=0), Column("last_error", Text),
)

watch_items = Table(
    "watch_items", metadata,
    Column("source", String(1000), primary_key=True),
    Column("key", String(1000), primary_key=True),
    Column("status", String(8), nullable=False),  # done | failed | skipped | gave_up
    Column("attempts", Integer, nullable=False, default=0),
    Column("article_id", String(128)), Column("error", Text),
    Column("first_seen", DateTime, server_default=func.now(), nullable=False),
    Column("updated_at", DateTime, server_default=func.now(), nullable=False),
)

alerts = Table(
    "alerts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("rule", String(200), nullable=False), Column("event_id", String(32), nullable=False),
    Column("reason", Text, nullable=False),
    Column("fired_at", DateTime, nullable=False),
    UniqueConstraint("rule", "event_id", name="uq_alert_rule_event"),
)

deliveries = Table(
    "deliveries", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("alert_id", Integer, ForeignKey("alerts.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("channel", Text, nullable=False),  # "webhook http://…", "email a@b", "log"
    Column("status", String(8), nullable=False),  # pending | sent | failed | gave_up
    Column("attempts", Integer, nullable=False, default=0), Column("error", Text),
    Column("sent_at", DateTime),
)
