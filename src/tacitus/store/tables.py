"""SQLAlchemy 2 tables: articles, events, their links, evidence, actors, places."""

from __future__ import annotations

from sqlalchemy import (
    JSON, Column, Date, DateTime, Float, ForeignKey, Integer, MetaData, String, Table, Text, UniqueConstraint, func,
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
    UniqueConstraint("event_id", "field", "start", "end", name="uq_evidence_span"),
)
