"""`tacitus watch`: poll feeds, pages and folders, store their events, send alerts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from tacitus.cli.common import err_console, gazetteer_progress, progress_bar
from tacitus.settings import Settings, shown_url


def _log(message: str) -> None:
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    err_console.print(f"{stamp} {message}", soft_wrap=True, markup=False, highlight=False)


def _stop_on_signals() -> None:
    """Ctrl-C and a service manager's SIGTERM both stop the watcher cleanly.  Set explicitly because a
    process started in the background inherits an ignored SIGINT, and Python then never raises
    KeyboardInterrupt."""
    import signal

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)


def watch(
    sources: list[str] = typer.Argument(..., help="RSS/Atom feed URLs, web page URLs, or folders (new files are read)."),
    every: str = typer.Option("10m", "--every", help="Time between rounds: 30s, 10m, 1h."),
    once: bool = typer.Option(False, "--once", help="One round, then exit (non-zero if anything failed)."),
    rules: Path = typer.Option(None, "--rules", help="Alert rules (YAML); see 'Alert rules' in the README."),
    db: str = typer.Option(None, "--db", help="Database URL (default: sqlite:///tacitus.db or $TACITUS_DB)."),
    delay: float = typer.Option(2.0, "--delay", help="Seconds between two requests to the same host."),
    timeout: float = typer.Option(20.0, "--timeout", help="Seconds to wait for a server's answer."),
) -> None:
    """Watch sources: every round reads what is new, stores its events and fires the alert rules.

    A stopped and restarted watcher neither misses nor repeats an item; Ctrl-C stops it cleanly."""
    from tacitus.ingest.web import Fetcher, default_client
    from tacitus.pipeline import Pipeline
    from tacitus.store import Store
    from tacitus.store.watching import WatchStore
    from tacitus.watch.alerts import Alerter
    from tacitus.watch.rules import load_rules, parse_duration
    from tacitus.watch.sources import open_source
    from tacitus.watch.watcher import Watcher

    period = parse_duration(every, "--every").total_seconds()
    ruleset = load_rules(rules) if rules else None
    settings = Settings.from_env(db)
    client = default_client(timeout)
    fetcher = Fetcher(client, delay=delay, log=_log)
    opened = [open_source(s, fetcher, on_error=lambda e: _log(f"error: {e}")) for s in sources]
    store = Store(settings.db_url)
    alerter = Alerter(ruleset, WatchStore(store), client, log=_log) if ruleset and ruleset.rules else None
    pipeline = Pipeline(settings, progress=gazetteer_progress())
    watcher = Watcher(opened, store, pipeline, alerter, log=_log, progress=progress_bar)
    n_rules = len(ruleset.rules) if ruleset else 0
    _log(f"watching {len(opened)} source(s) into {shown_url(settings.db_url)} with {n_rules} alert rule(s)"
         + ("" if once else f", every {every}; Ctrl-C stops"))
    _stop_on_signals()
    try:
        if once:
            rnd = watcher.run_once()
            _log(rnd.line())
            if rnd.failures:
                raise typer.Exit(1)
            return
        watcher.run(period)
    except KeyboardInterrupt:
        _log("stopped; everything stored so far is kept, and the next start goes on from here")
    finally:
        client.close()
        store.close()
