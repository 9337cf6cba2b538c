"""`tacitus report`: a situation report for a period, as HTML or Markdown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from tacitus.cli.common import err_console, parse_day
from tacitus.settings import Settings


def report(
    out: Path = typer.Option(..., "--out", help="The report file: .html (self-contained) or .md."),
    db: str = typer.Option(None, "--db", help="Database URL (default: sqlite:///tacitus.db or $TACITUS_DB)."),
    since: str = typer.Option("7d", "--since", help="Duration back from --until (7d, 2w) or a first date YYYY-MM-DD."),
    until: str = typer.Option(None, "--until", help="Last event date, YYYY-MM-DD (default: today)."),
    country: str = typer.Option(None, "--country", help="ISO3 country code, e.g. SYR."),
) -> None:
    """Write a situation report: figures against the previous period, a map, a timeline, the most
    significant events with their sources, and the active and newly seen actors."""
    from tacitus.store import Store
    from tacitus.watch.report import parse_period, report_format, write_report

    report_format(out)  # before the database is opened, so a wrong name costs nothing
    start, end = parse_period(since, parse_day(until, "--until") or dt.date.today())
    written = write_report(Store(Settings.from_env(db).db_url), out, start, end, country)
    err_console.print(f"report of {written.now.events} events ({start} – {end}) written to {out}",
                      soft_wrap=True, markup=False, highlight=False)
