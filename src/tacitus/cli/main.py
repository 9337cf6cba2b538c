"""The `tacitus` command line (Typer).  Each command parses input, calls one
library function, and formats the output."""

from __future__ import annotations

import contextlib
import sys
from enum import Enum
from pathlib import Path

import typer

from tacitus.cli.db import db_app
from tacitus.cli.evaluate import eval_app, train_app
from tacitus.cli.events import events_app
from tacitus.cli.report import report
from tacitus.cli.serve import serve
from tacitus.cli.watch import watch
from tacitus.cli.common import ErrorLog, err_console, gazetteer_progress, out_console, parse_day, progress_bar
from tacitus.errors import TacitusError
from tacitus.settings import Settings, shown_url

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn news reports about armed conflict into geolocated, sourced event records.")
gazetteer_app = typer.Typer(no_args_is_help=True, help="The offline place-name index.")
app.add_typer(gazetteer_app, name="gazetteer")
app.add_typer(events_app, name="events")
app.add_typer(eval_app, name="eval")
app.add_typer(db_app, name="db")
app.add_typer(train_app, name="train")
app.command("watch")(watch)
app.command("report")(report)
app.command("serve")(serve)
STATE = {"debug": False}


WORKERS = typer.Option(None, "--workers", help="Extract in N processes on this machine (each loads the models).")
DASK = typer.Option(None, "--dask", help="Extract on a dask.distributed cluster: its scheduler address "
                    "(tcp://host:8786), or local:N for N worker processes here. Needs tacitus[dask].")


AGAIN = "every article stored so far is complete: run the same command again to finish (stored articles are skipped)"


class ExtractFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


@app.callback()
def _root(debug: bool = typer.Option(False, "--debug", help="Show tracebacks on errors.")) -> None:
    STATE["debug"] = debug


def _articles(paths: list[str], published, errors: ErrorLog):
    from tacitus.ingest.files import read_path
    from tacitus.watch.sources import is_url, read_url

    fetcher = None
    for p in paths:
        if is_url(p):
            from tacitus.ingest.web import Fetcher, default_client

            fetcher = fetcher or Fetcher(default_client())
            yield from (a if published is None or a.published else a.model_copy(update={"published": published})
                        for a in read_url(p, fetcher, errors))
        else:
            yield from read_path(Path(p), published, on_error=errors)


def _process(paths, published, errors, settings, description, on_result, *, workers=None, dask=None, select=None):
    """Extract every article (here, in a pool of ``workers`` or on a dask cluster) with a progress bar,
    handing each to ``on_result`` in input order; ``select`` picks which articles need extracting.
    Returns the number of articles read."""
    from tacitus.ingest.parallel import extract_all, prepare

    articles = list(_articles(paths, published, errors))
    todo = select(articles) if select else articles
    if not todo:
        return len(articles)
    prepare(settings, gazetteer_progress(), dask)
    with progress_bar(description, total=len(todo), enabled=len(todo) > 1) as advance:
        results = extract_all(todo, settings, workers=workers or 1, dask=dask, progress=advance)
        # closing: a failure while storing stops the pool or the cluster at once, not at garbage collection
        with contextlib.closing(results):
            for article, events in results:
                on_result(article, events)
    return len(articles)


def _finish(errors: ErrorLog, processed: int) -> None:
    if errors.count and not processed:
        raise typer.Exit(2)
    if errors.count:
        err_console.print(f"{errors.count} input(s) skipped because of the errors above; the rest was processed.")
        raise typer.Exit(1)


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help=".txt, .html or .jsonl files, folders of them, or web page / RSS feed URLs"),
    date: str = typer.Option(None, "--date", help="Publication date (YYYY-MM-DD) for inputs that carry none."),
    fmt: ExtractFormat = typer.Option(ExtractFormat.table, "--format", help="Output format."),
    workers: int | None = WORKERS,
    dask: str | None = DASK,
) -> None:
    """Extract events from articles and print them (nothing is stored)."""
    from tacitus.cli.output import write
    from tacitus.ingest.parallel import check_options

    check_options(workers, dask)
    errors = ErrorLog()
    events = []
    n = _process(paths, parse_day(date, "--date"), errors, Settings.from_env(), "extracting",
                 lambda a, evs: events.extend(evs), workers=workers, dask=dask)
    if n:
        write(events, fmt.value, out_console)
    _finish(errors, n)


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help=".txt, .html or .jsonl files, folders of them, or web page / RSS feed URLs"),
    db: str = typer.Option(None, "--db", help="Database URL (default: sqlite:///tacitus.db or $TACITUS_DB)."),
    date: str = typer.Option(None, "--date", help="Publication date (YYYY-MM-DD) for inputs that carry none."),
    workers: int | None = WORKERS,
    dask: str | None = DASK,
) -> None:
    """Extract events and store them; safe to re-run, or to start again after a stop: articles
    already stored are skipped without being extracted."""
    from tacitus.ingest.parallel import RunStopped, check_options
    from tacitus.ingest.resume import remaining
    from tacitus.store import Store

    check_options(workers, dask)
    settings = Settings.from_env(db)
    store = Store(settings.db_url)
    errors = ErrorLog()
    stats = {"new": 0, "skipped": 0, "copies": 0, "events": 0, "joined": 0}

    def select(articles):
        left = remaining(store.engine, articles)
        if left.stored:
            err_console.print(f"resuming: {left.stored} of {len(articles)} article(s) already stored, skipped")
        stats["skipped"] += left.stored + left.repeated
        return left.todo

    def save(article, events):
        added = store.add(article, events)
        if not added.stored:
            stats["skipped"] += 1
        elif added.copy_of:
            stats["copies"] += 1
        else:
            stats["new"] += 1
            stats["events"] += len(added.new)
            stats["joined"] += len(added.joined)

    try:
        n = _process(paths, parse_day(date, "--date"), errors, settings, "ingesting", save,
                     workers=workers, dask=dask, select=select)
    except RunStopped as exc:
        raise RunStopped(f"{exc}; {AGAIN}") from None
    except KeyboardInterrupt:
        err_console.print(f"interrupted; {AGAIN}", soft_wrap=True)
        raise typer.Exit(130) from None
    err_console.print(f"{stats['new']} new article(s): {stats['events']} new event(s), {stats['joined']} more "
                      f"report(s) of stored events; {stats['copies']} copy(ies) of stored articles; "
                      f"{stats['skipped']} already stored; database {shown_url(settings.db_url)}", soft_wrap=True)
    _finish(errors, n)


@gazetteer_app.command("build")
def gazetteer_build() -> None:
    """Build the offline gazetteer index into the user cache directory."""
    import time

    from tacitus.geo.gazetteer import build, default_index_path

    settings = Settings.from_env()
    path = default_index_path(settings.cache_dir)
    t0 = time.perf_counter()
    build(path, progress=gazetteer_progress())
    err_console.print(f"gazetteer index written to {path} in {time.perf_counter() - t0:.0f} s")


def main() -> None:
    try:
        rc = app(standalone_mode=False)  # click returns the exit code of typer.Exit here
        sys.exit(rc if isinstance(rc, int) else 0)
    except TacitusError as exc:
        if STATE["debug"]:
            raise
        from rich.markup import escape

        # escaped: messages name things like 'tacitus[postgres]' that are not Rich markup
        err_console.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True, highlight=False)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print("aborted")
        sys.exit(130)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # click usage errors
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise
