"""`tacitus db`: the database's schema revision, and bringing it up to date.  (Every command
that opens the database upgrades it anyway; these say what they did.)"""

from __future__ import annotations

import typer

from tacitus.cli.common import err_console, out_console
from tacitus.settings import Settings

db_app = typer.Typer(no_args_is_help=True, help="The database schema (Alembic migrations).")
DB = typer.Option(None, "--db", help="Database URL (default: sqlite:///tacitus.db or $TACITUS_DB).")


@db_app.command("current")
def current(db: str = DB) -> None:
    """Print the database's schema revision (and whether it is the latest); changes nothing."""
    from tacitus.store import migrate

    found = migrate.status(Settings.from_env(db).db_url)
    head = migrate.head()
    if found is None:
        out_console.print("none")
        err_console.print(f"not under migrations yet; run: tacitus db upgrade (latest is {head})")
    else:
        out_console.print(found)
        err_console.print("the latest revision" if found == head
                          else f"older than the latest ({head}); run: tacitus db upgrade")


@db_app.command("upgrade")
def upgrade(db: str = DB) -> None:
    """Bring the database (a new one included) to the latest schema revision."""
    from tacitus.store import Store

    settings = Settings.from_env(db)
    store = Store(settings.db_url)
    store.close()
    out_console.print(store.revision)
    err_console.print(f"{store.engine.url.render_as_string(hide_password=True)} is at the latest schema revision",
                      soft_wrap=True)
