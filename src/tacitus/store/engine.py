"""The database connection: one engine per Store, and write transactions that stay correct
when several processes write to the same database at once.

SQLite: pysqlite's own transaction handling is switched off and SQLAlchemy emits BEGIN itself,
so a write transaction starts with BEGIN IMMEDIATE (it takes the write lock before it reads,
and whatever it reads stays true until it commits) while a read starts with a plain BEGIN and
never waits for a writer (WAL).  PostgreSQL: a write that must not interleave with another
process's takes a transaction-scoped advisory lock first.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine

# Advisory lock keys (any 64-bit integers no other application on the server uses).
RESOLVE_LOCK = 0x7461_6369_7475_7301  # choosing which stored event a new report joins
MIGRATE_LOCK = 0x7461_6369_7475_7302  # bringing the schema to head


def open_engine(url: str) -> Engine:
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_conn, _record) -> None:
    dbapi_conn.isolation_level = None  # no implicit BEGIN from pysqlite; _sqlite_begin emits it
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=30000")  # first: the next pragmas may have to wait for a writer
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA cache_size=-65536")  # 64 MB of pages: lookups stay in memory as the database grows
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("tacitus_write") else "BEGIN")


@contextlib.contextmanager
def writing(engine: Engine, lock: int | None = None) -> Iterator[Connection]:
    """A write transaction, committed on success and rolled back on error.  ``lock`` (PostgreSQL)
    is an advisory lock held until it ends; on SQLite every write transaction holds the write lock."""
    with engine.execution_options(tacitus_write=True).begin() as conn:
        if lock is not None and conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock})
        yield conn
