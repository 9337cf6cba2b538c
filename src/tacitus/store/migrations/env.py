"""Alembic environment, run from tacitus.store.migrate (no alembic.ini): the caller hands over
an open connection in ``config.attributes["connection"]``.  Offline mode (``--sql``) needs
``sqlalchemy.url`` set on the config instead."""

from __future__ import annotations

from alembic import context

from tacitus.store.tables import metadata

config = context.config


def run_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=metadata,
                      literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes["connection"]
    # SQLite cannot ALTER most things in place; batch mode rebuilds the table instead.
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
