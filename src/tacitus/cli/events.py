"""`tacitus events`: list the stored events; show one with its sources and the reasons it
was merged; split and merge them as an analyst (overrides later ingests never undo)."""

from __future__ import annotations

import json
from enum import Enum

import typer

from tacitus.cli.common import err_console, out_console, parse_day
from tacitus.settings import Settings

DB_OPTION = typer.Option(None, "--db", help="Database URL (default: sqlite:///tacitus.db or $TACITUS_DB).")

events_app = typer.Typer(invoke_without_command=True, no_args_is_help=False,
                         help="List stored events; show, split or merge one.")


class EventsFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    geojson = "geojson"


def _store(db: str | None):
    from tacitus.store import Store

    return Store(Settings.from_env(db).db_url)


@events_app.callback()
def events(
    ctx: typer.Context,
    db: str = DB_OPTION,
    since: str = typer.Option(None, "--since", help="First event date, YYYY-MM-DD."),
    until: str = typer.Option(None, "--until", help="Last event date, YYYY-MM-DD."),
    country: str = typer.Option(None, "--country", help="ISO3 country code, e.g. SYR."),
    event_type: str = typer.Option(None, "--type", help="ACLED event type or sub-event type."),
    fmt: EventsFormat = typer.Option(EventsFormat.table, "--format", help="Output format."),
) -> None:
    """List stored events (one row per real event, however many reports it has)."""
    if ctx.invoked_subcommand is not None:
        return
    from tacitus.cli.output import write

    found = _store(db).events(parse_day(since, "--since"), parse_day(until, "--until"), country, event_type)
    write(found, fmt.value, out_console)


@events_app.command("show")
def show(
    event_id: str = typer.Argument(..., help="Event id (its first characters are enough)."),
    db: str = DB_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print the detail as JSON."),
) -> None:
    """One event: its record, every report of it with that report's figures, and why they were merged."""
    detail = _store(db).event_detail(event_id)
    if as_json:
        out_console.print(json.dumps(detail, ensure_ascii=False, indent=2), soft_wrap=True, markup=False,
                          highlight=False)
        return
    _print_detail(detail)


def _print_detail(detail: dict) -> None:
    ev = detail["event"]
    loc = ev.get("location") or {}
    fat = ev.get("fatalities")
    out_console.print(f"[bold]{ev['event_id']}[/bold]  {ev.get('event_date') or '?'}  "
                      f"{ev.get('sub_event_type') or ev.get('plover_type') or ''}", highlight=False)
    out_console.print(ev.get("notes", ""), highlight=False, markup=False, soft_wrap=True)
    where = ", ".join(x for x in (loc.get("name"), loc.get("admin1"), loc.get("country")) if x)
    killed = "not reported"
    if fat:
        killed = str(fat["best"]) + (f" (reports {fat['low']}-{fat['high']})" if fat["low"] != fat["high"] else "")
    src = ev["sources"]
    out_console.print(f"where: {where or '?'}   killed: {killed}   sources: {src['articles']} article(s), "
                      f"{src['outlets']} outlet(s); first {ev.get('first_reported') or '?'}, "
                      f"last {ev.get('last_reported') or '?'}", highlight=False, markup=False, soft_wrap=True)
    how = {}
    for link in detail["links"]:
        reasons = link.get("reasons") or {}
        if link["kind"] == "join":
            parts = ", ".join(f"{k} {v:.2f}" for k, v in reasons.items() if k != "score" and isinstance(v, float))
            how[link["mention_id"]] = f"joined at {link['score']:.2f} ({parts})"
        elif link["kind"] == "new":
            how[link["mention_id"]] = "first report"
        else:  # the latest reason is the one that holds
            how[link["mention_id"]] = f"{link['kind']} by an analyst (from {reasons.get('from', '?')})"
    out_console.print("reports:", highlight=False)
    for r in detail["reports"]:
        f = r.get("fatalities")
        facts = ", ".join(x for x in (r["sub_event_type"], r["location"], r["event_date"],
                                      f"killed {f['best']}" if f else "") if x)
        out_console.print(f"  {r['published'] or '?'}  {r['outlet'] or 'unknown outlet'}  [{r['article_id']}]  {facts}"
                          f"  -  {how.get(r['mention_id'], '')}", soft_wrap=True, highlight=False, markup=False)
    for c in detail["copies"]:
        out_console.print(f"copy: article {c['article_id']} ({c['outlet'] or 'unknown outlet'}) repeats "
                          f"{c['copy_of']} (similarity {c['similarity']:.2f}); not counted as a source",
                          highlight=False, markup=False, soft_wrap=True)


@events_app.command("split")
def split(
    event_id: str = typer.Argument(..., help="The event to split."),
    article: str = typer.Option(..., "--article", help="The article whose reports become an event of their own."),
    db: str = DB_OPTION,
) -> None:
    """Take one article's reports out of an event; later ingests never merge them back."""
    store = _store(db)
    new_id = store.split(event_id, article)
    err_console.print(f"article {article} now reports event {new_id}; {store.resolve_id(event_id)} keeps the rest")


@events_app.command("merge")
def merge(
    keep: str = typer.Argument(..., help="The event that stays."),
    other: str = typer.Argument(..., help="The event folded into it."),
    db: str = DB_OPTION,
) -> None:
    """Merge two events that report the same real event."""
    kept = _store(db).merge(keep, other)
    err_console.print(f"merged into {kept}")
