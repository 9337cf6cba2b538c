"""INSERT that leaves rows already there alone, in one statement, so two processes adding
the same actor or place at once cannot both try to insert it."""

from __future__ import annotations

from sqlalchemy import Table, insert
from sqlalchemy.engine import Connection


def _insert(conn: Connection, table: Table):
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    if conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table)
    return None


def insert_new(conn: Connection, table: Table, rows: dict | list[dict]) -> int:
    """Insert the rows whose keys (primary or unique) are not taken yet.  Given one row, returns
    1 if it was inserted and 0 if its key was taken (for many rows drivers do not all count)."""
    many = isinstance(rows, list)
    if many and not rows:
        return 0
    stmt = _insert(conn, table)
    if stmt is not None:
        stmt = stmt.on_conflict_do_nothing()
        if many:
            return conn.execute(stmt, rows).rowcount
        # RETURNING rather than rowcount, which drivers need not report for an INSERT.
        key = list(table.primary_key.columns)
        return len(conn.execute(stmt.values(**rows).returning(*key)).all())
    # Other backends: look first (only safe with one writer at a time).
    pk = [c.name for c in table.primary_key.columns]
    done = 0
    for row in rows if many else [rows]:
        if conn.execute(table.select().where(*[table.c[name] == row[name] for name in pk])).first() is None:
            conn.execute(insert(table).values(**row))
            done += 1
    return done
