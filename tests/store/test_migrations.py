"""The schema comes from Alembic migrations, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from sqlalchemy import Column, MetaData, String, Table, create_engine, insert, inspect, select, text, update

from tacitus.errors import StoreError
from tacitus.store import Store, migrate
from tacitus.store import tables as t


def _differences(url: str) -> list:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return compare_metadata(MigrationContext.configure(conn), t.metadata)
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _scalar(url: str, sql: str):
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql)).scalar()
    finally:
        engine.dispose()


def test_a_new_database_is_built_by_the_migrations_to_match_the_tables(db_url):
    store = Store(db_url)
    store.close()
    assert store.revision == migrate.head()
    assert _scalar(db_url, "SELECT version_num FROM alembic_version") == migrate.head()
    assert _differences(db_url) == []
    assert _scalar(db_url, "SELECT value FROM meta WHERE key = 'schema'") == str(t.SCHEMA_VERSION)


def test_a_database_from_before_alembic_is_adopted_with_its_articles(db_url):
    # What tacitus 0.1 did on opening a new database: create_all and a meta row saying schema 2.
    engine = create_engine(db_url)
    t.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(t.meta).values(key="schema", value="2"))
        conn.execute(insert(t.articles).values(id="r1", content_hash="h1", text="Shelling in Goma."))
    engine.dispose()

    store = Store(db_url)
    with store.engine.connect() as conn:
        assert conn.execute(select(t.articles.c.id)).scalars().all() == ["r1"]
        assert conn.execute(select(t.meta.c.value)).scalars().all() == ["2"]  # not inserted twice
    store.close()
    assert _scalar(db_url, "SELECT version_num FROM alembic_version") == migrate.head()
    assert _differences(db_url) == []


def test_a_database_from_an_older_tacitus_is_refused(db_url):
    engine = create_engine(db_url)
    old = MetaData()
    Table("events", old, Column("event_id", String(32), primary_key=True))
    old.create_all(engine)
    engine.dispose()
    with pytest.raises(StoreError, match="older tacitus.*new database"):
        Store(db_url)


def test_a_database_from_a_newer_tacitus_is_refused(db_url):
    Store(db_url).close()
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(update(Table("alembic_version", MetaData(), Column("version_num", String(32))))
                     .values(version_num="9999"))
    engine.dispose()
    with pytest.raises(StoreError, match="newer tacitus.*pip install -U tacitus"):
        Store(db_url)


OPEN_AT = """
import sys, time
from tacitus.store import Store
at = float(sys.argv[2])
time.sleep(max(0.0, at - time.time()))
print(Store(sys.argv[1]).revision)
"""


def test_two_processes_opening_a_new_database_at_once_migrate_it_once(db_url):
    at = str(time.time() + 3)  # both start importing now and open the database at the same instant
    procs = [subprocess.Popen([sys.executable, "-c", OPEN_AT, db_url, at], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
        assert out.strip() == migrate.head()
    assert _scalar(db_url, "SELECT count(*) FROM alembic_version") == 1
    assert _scalar(db_url, "SELECT count(*) FROM meta") == 1
    assert _differences(db_url) == []


def test_db_commands_say_and_bring_the_revision(db_url):
    from typer.testing import CliRunner

    from tacitus.cli.db import db_app

    runner = CliRunner()
    up = runner.invoke(db_app, ["upgrade", "--db", db_url])
    assert up.exit_code == 0, up.output
    assert up.stdout.strip() == migrate.head()
    now = runner.invoke(db_app, ["current", "--db", db_url])
    assert now.exit_code == 0 and now.stdout.strip() == migrate.head()
    assert "latest" in now.stderr


def test_db_current_changes_nothing(databases, tmp_path):
    from typer.testing import CliRunner

    from tacitus.cli.db import db_app

    url = databases.new("current")
    Store(url).close()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))  # as tacitus 0.1 left its databases
    engine.dispose()
    r = CliRunner().invoke(db_app, ["current", "--db", url])
    assert r.exit_code == 0 and r.stdout.strip() == "none"
    assert "tacitus db upgrade" in r.stderr
    assert _scalar(url, "SELECT count(*) FROM meta") == 1
    assert "alembic_version" not in _tables(url)
    if databases.backend == "sqlite":
        missing = tmp_path / "none.db"
        r = CliRunner().invoke(db_app, ["current", "--db", f"sqlite:///{missing}"])
        assert isinstance(r.exception, StoreError) and "tacitus db upgrade" in str(r.exception)
        assert not missing.exists()
