"""Schema 2: the tables of tacitus 0.1 (cross-report resolution, near-copies, the watcher, alerts).

A database that tacitus 0.1 wrote (it has the ``meta`` table and no ``alembic_version``)
already has exactly these tables; tacitus.store.migrate stamps it at this revision instead of
running it.  Written out in full, not from tables.py, so that later changes to tables.py come
with a revision of their own.

Revision ID: 0001
Revises:
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SCHEMA = "2"  # the value of meta's "schema" row (tables.SCHEMA_VERSION) at this revision


def _now():
    return sa.func.now()  # CURRENT_TIMESTAMP on SQLite, now() on PostgreSQL


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(128), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("title", sa.Text()),
        sa.Column("published", sa.Date()),
        sa.Column("url", sa.Text()),
        sa.Column("source", sa.Text()),
        sa.Column("path", sa.Text()),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(), server_default=_now(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("content_hash"),
    )
    op.create_table(
        "places",
        sa.Column("geonameid", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("lat", sa.Float()),
        sa.Column("lon", sa.Float()),
        sa.Column("admin1", sa.Text()),
        sa.Column("admin2", sa.Text()),
        sa.Column("country", sa.String(3)),
        sa.Column("feature_code", sa.String(10)),
        sa.PrimaryKeyConstraint("geonameid"),
    )
    op.create_table(
        "actors",
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("inter", sa.Integer()),
        sa.Column("country", sa.String(3)),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "events",
        sa.Column("event_id", sa.String(32), nullable=False),
        sa.Column("event_date", sa.Date()),
        sa.Column("date_precision", sa.Integer()),
        sa.Column("event_type", sa.String(64)),
        sa.Column("sub_event_type", sa.String(64)),
        sa.Column("disorder_type", sa.String(64)),
        sa.Column("plover_type", sa.String(32)),
        sa.Column("cameo_code", sa.String(8)),
        sa.Column("mode", sa.String(16)),
        sa.Column("actor1", sa.String(200)),
        sa.Column("actor2", sa.String(200)),
        sa.Column("location_name", sa.Text()),
        sa.Column("geonameid", sa.Integer()),
        sa.Column("country", sa.String(3)),
        sa.Column("admin1", sa.Text()),
        sa.Column("lat", sa.Float()),
        sa.Column("lon", sa.Float()),
        sa.Column("fatalities_best", sa.Integer()),
        sa.Column("confidence", sa.Float()),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["actor1"], ["actors.name"]),
        sa.ForeignKeyConstraint(["actor2"], ["actors.name"]),
        sa.ForeignKeyConstraint(["geonameid"], ["places.geonameid"]),
        sa.PrimaryKeyConstraint("event_id"),
    )
    op.create_index("ix_events_event_date", "events", ["event_date"])
    op.create_index("ix_events_event_type", "events", ["event_type"])
    op.create_index("ix_events_country", "events", ["country"])

    op.create_table(
        "event_articles",
        sa.Column("event_id", sa.String(32), nullable=False),
        sa.Column("article_id", sa.String(128), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.event_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("event_id", "article_id"),
    )
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(32), nullable=False),
        sa.Column("article_id", sa.String(128), nullable=False),
        sa.Column("field", sa.String(32), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.event_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", "article_id", "field", "start", "end", name="uq_evidence_span"),
    )
    op.create_index("ix_evidence_event_id", "evidence", ["event_id"])

    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.bulk_insert(sa.table("meta", sa.column("key", sa.String), sa.column("value", sa.Text)),
                   [{"key": "schema", "value": SCHEMA}])

    op.create_table(
        "mentions",
        sa.Column("mention_id", sa.String(32), nullable=False),
        sa.Column("event_id", sa.String(32), nullable=False),
        sa.Column("article_id", sa.String(128), nullable=False),
        sa.Column("outlet", sa.Text()),
        sa.Column("published", sa.Date()),
        sa.Column("words", sa.Text(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.event_id"]),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("mention_id"),
    )
    op.create_index("ix_mentions_event_id", "mentions", ["event_id"])
    op.create_index("ix_mentions_article_id", "mentions", ["article_id"])

    op.create_table(
        "event_keys",
        sa.Column("event_id", sa.String(32), nullable=False),
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.event_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("event_id", "key"),
    )
    op.create_index("ix_event_keys_key_day", "event_keys", ["key", "day"])

    op.create_table(
        "links",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(32), nullable=False),
        sa.Column("mention_id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("score", sa.Float()),
        sa.Column("reasons", sa.JSON()),
        sa.Column("at", sa.DateTime(), server_default=_now(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_links_event_id", "links", ["event_id"])
    op.create_index("ix_links_mention_id", "links", ["mention_id"])

    op.create_table(
        "overrides",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("event_id", sa.String(32), nullable=False),
        sa.Column("other_id", sa.String(32), nullable=False),
        sa.Column("article_id", sa.String(128)),
        sa.Column("at", sa.DateTime(), server_default=_now(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "cannot_link",
        sa.Column("mention_a", sa.String(32), nullable=False),
        sa.Column("mention_b", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("mention_a", "mention_b"),
    )

    op.create_table(
        "article_signatures",
        sa.Column("article_id", sa.String(128), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id"),
    )
    op.create_table(
        "article_bands",
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("article_id", sa.String(128), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key", "article_id"),
    )
    op.create_table(
        "article_copies",
        sa.Column("article_id", sa.String(128), nullable=False),
        sa.Column("copy_of", sa.String(128), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["copy_of"], ["articles.id"]),
        sa.PrimaryKeyConstraint("article_id"),
    )
    op.create_index("ix_article_copies_copy_of", "article_copies", ["copy_of"])

    op.create_table(
        "watch_sources",
        sa.Column("source", sa.String(1000), nullable=False),
        sa.Column("kind", sa.String(8)),
        sa.Column("etag", sa.Text()),
        sa.Column("last_modified", sa.Text()),
        sa.Column("checked_at", sa.DateTime()),
        sa.Column("ok_at", sa.DateTime()),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text()),
        sa.PrimaryKeyConstraint("source"),
    )
    op.create_table(
        "watch_items",
        sa.Column("source", sa.String(1000), nullable=False),
        sa.Column("key", sa.String(1000), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.String(128)),
        sa.Column("error", sa.Text()),
        sa.Column("first_seen", sa.DateTime(), server_default=_now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=_now(), nullable=False),
        sa.PrimaryKeyConstraint("source", "key"),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("rule", sa.String(200), nullable=False),
        sa.Column("event_id", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("fired_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("rule", "event_id", name="uq_alert_rule_event"),
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.Text(), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text()),
        sa.Column("sent_at", sa.DateTime()),
        sa.ForeignKeyConstraint(["alert_id"], ["alerts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_deliveries_alert_id", "deliveries", ["alert_id"])


def downgrade() -> None:
    for table in ("deliveries", "alerts", "watch_items", "watch_sources", "article_copies", "article_bands",
                  "article_signatures", "cannot_link", "overrides", "links", "event_keys", "mentions", "meta",
                  "evidence", "event_articles", "events", "actors", "places", "articles"):
        op.drop_table(table)  # a table's indexes go with it
