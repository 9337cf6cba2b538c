"""Bringing a database to the schema this tacitus writes: Alembic, run from inside the package
(the environment and the revisions are in ./migrations; no alembic.ini).

An empty database is built from revision 0001 up; one that tacitus 0.1 wrote before it used
Alembic (a ``meta`` table saying schema 2, no ``alembic_version``) is stamped at 0001 and
upgraded from there.  The whole upgrade is one write transaction that first takes a lock
(SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock), so of two processes opening a new
database at once one migrates and the other then finds it done.
"""

from __future__ import annotations

import functools
from pathlib import Path

from sqlalchemy import inspect, select
from sqlalchemy.engine import Connection, Engine

from tacitus.errors import StoreError
from tacitus.store import tables as t
from tacitus.store.engine import MIGRATE_LOCK, writing

MIGRATIONS = Path(__file__).with_name("migrations")
BEFORE_ALEMBIC = "0001"  # the revision whose schema tacitus 0.1 made with create_all


def config(connection: Connection | None = None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@functools.cache
def _scripts():
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config())


def head() -> str:
    return _scripts().get_current_head()


def revision(conn: Connection) -> str | None:
    """The database's Alembic revision (None: not under Alembic yet)."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return revision(conn)


def upgrade(engine: Engine) -> str:
    """Bring the database to head; returns the revision it is at."""
    target = head()
    with engine.connect() as conn:
        if revision(conn) == target:  # the usual case: nothing to do and no lock to wait for
            return target
    from alembic import command

    where = engine.url.render_as_string(hide_password=True)
    with writing(engine, lock=MIGRATE_LOCK) as conn:
        found = revision(conn)  # again, now that nobody else can be migrating
        if found == target:
            return target
        cfg = config(conn)
        if found is None:
            if _made_before_alembic(conn, where):
                command.stamp(cfg, BEFORE_ALEMBIC)
        elif found not in {s.revision for s in _scripts().walk_revisions()}:
            raise StoreError(f"{where} was written by a newer tacitus (schema revision {found}); "
                             "upgrade tacitus: pip install -U tacitus")
        command.upgrade(cfg, "head")
    return target


def _made_before_alembic(conn: Connection, where: str) -> bool:
    """Whether the database holds tacitus 0.1's tables (made without Alembic); refuses older ones."""
    names = set(inspect(conn).get_table_names())
    if "meta" not in names:
        if "events" in names:
            raise StoreError(f"{where} was written by an older tacitus (before cross-report resolution); "
                             "ingest into a new database file, or delete this one and re-ingest")
        return False
    schema = conn.execute(select(t.meta.c.value).where(t.meta.c.key == "schema")).scalar()
    if schema != "2":
        raise StoreError(f"{where} says it has schema {schema!r}, which this tacitus does not know; "
                         "open it with the tacitus that wrote it, or ingest into a new database")
    return True


def status(url: str) -> str | None:
    """The revision of the database at ``url``, without creating or changing it (None: not
    under Alembic yet, e.g. empty or written by tacitus 0.1)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from tacitus.store.engine import open_engine

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        if not Path(parsed.database).exists():
            raise StoreError(f"no database at {parsed.database}; create it with: tacitus db upgrade --db {url}")
    engine = open_engine(url)
    try:
        return current(engine)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open the database {parsed.render_as_string(hide_password=True)}: "
                         f"{str(exc).splitlines()[0]}; check the --db URL") from None
    finally:
        engine.dispose()
