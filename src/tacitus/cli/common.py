"""What every command shares: consoles, error reporting, progress bars."""

from __future__ import annotations

import contextlib
import datetime as dt

import typer
from rich.markup import escape
from rich.console import Console

from tacitus.errors import InputError

err_console = Console(stderr=True, highlight=False)
out_console = Console(highlight=False)


class ErrorLog:
    """Collects one-line input errors; the command goes on with the good inputs."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, err: InputError) -> None:
        self.count += 1
        err_console.print(f"[red]error:[/red] {escape(str(err))}", soft_wrap=True, markup=True, highlight=False)


def parse_day(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{option} must be a date like 2024-12-02, got {value!r}") from None


@contextlib.contextmanager
def progress_bar(description: str, total: int | None, enabled: bool = True):
    """A Rich progress bar on stderr, only on a terminal so piped output stays clean."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    if not enabled or not err_console.is_terminal:
        yield lambda n=1: None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err_console, transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield lambda n=1: progress.advance(task, n)


def gazetteer_progress():
    """Callback for the one-time gazetteer build: says what is happening, then shows a bar."""
    state = {"bar": None, "task": None}

    def callback(done: int, total: int) -> None:
        if state["bar"] is None:
            err_console.print("Building the gazetteer index (one time only; it is cached for later runs)…")
            if err_console.is_terminal:
                from rich.progress import BarColumn, Progress, TextColumn

                state["bar"] = Progress(TextColumn("gazetteer"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                                        console=err_console, transient=True)
                state["bar"].start()
                state["task"] = state["bar"].add_task("gazetteer", total=total)
            else:
                state["bar"] = False
        if state["bar"]:
            state["bar"].update(state["task"], completed=done, total=total)
            if done >= total:
                state["bar"].stop()

    return callback
