"""The watch loop: poll each source, read its new items, store their events, fire the rules.

What makes a restart safe: an item is marked done after its article is stored, and a source's
validators (ETag, Last-Modified) are kept only when none of its items is left to retry, so a
"not modified" answer can never hide an item that still needs reading.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from tacitus.errors import InputError, SourceError
from tacitus.store.store import Store
from tacitus.store.watching import MAX_ITEM_ATTEMPTS, WatchStore


@dataclass
class Round:
    """What one pass over the sources did."""

    items: int = 0
    articles: int = 0
    new_events: list[str] = field(default_factory=list)
    updated_events: list[str] = field(default_factory=list)
    alerts: int = 0
    failures: int = 0

    def line(self) -> str:
        return (f"{self.items} new item(s), {self.articles} new article(s): {len(self.new_events)} new event(s), "
                f"{len(self.updated_events)} updated; {self.alerts} alert(s); {self.failures} failure(s)")


def _nothing(description: str, total: int | None, enabled: bool = True):
    return contextlib.nullcontext(lambda n=1: None)


class Watcher:
    def __init__(self, sources: list, store: Store, pipeline, alerter=None,
                 log: Callable[[str], None] = print, progress=_nothing):
        self.sources = sources
        self.store = store
        self.state = WatchStore(store)
        self.pipeline = pipeline
        self.alerter = alerter
        self.log = log
        self.progress = progress

    def run_once(self) -> Round:
        rnd = Round()
        for source in self.sources:
            self._poll(source, rnd)
            if self.alerter is not None:
                # this source's alerts, what failed earlier, and what a stopped watcher left unsent
                self.alerter.deliver()
        return rnd

    def run(self, every: float, rounds: int | None = None, sleep: Callable[[float], None] = time.sleep) -> None:
        """Poll every ``every`` seconds until interrupted (Ctrl-C) or ``rounds`` are done."""
        done = 0
        while True:
            started = time.monotonic()
            rnd = self.run_once()
            if rnd.items or rnd.failures:  # a quiet round is not news
                self.log(rnd.line())
            done += 1
            if rounds is not None and done >= rounds:
                return
            sleep(max(0.0, every - (time.monotonic() - started)))

    def _poll(self, source, rnd: Round) -> None:
        state = self.state.source_state(source.name)
        try:
            poll = source.poll(state)
        except (SourceError, InputError) as exc:
            rnd.failures += 1
            self.state.source_checked(source.name, source.kind, error=str(exc))
            self.log(f"{source.name}: {exc} (will try again next round)")
            return
        if poll.not_modified:
            self.state.source_checked(source.name, poll.kind)
            return
        todo = self.state.pending_keys(source.name, [i.key for i in poll.items])
        wanted = set(todo)
        items = [i for i in poll.items if i.key in wanted]
        left = 0
        with self.progress(f"{source.name[:40]}", total=len(items), enabled=len(items) > 1) as advance:
            for item in items:
                if not self._read(source, item, rnd):
                    left += 1
                advance()
        keep = left == 0  # validators only once nothing is left to retry
        self.state.source_checked(source.name, poll.kind, etag=poll.etag if keep else None,
                                  last_modified=poll.last_modified if keep else None)

    def _read(self, source, item, rnd: Round) -> bool:
        """Read, extract and store one item; False when it failed and will be tried again."""
        rnd.items += 1
        try:
            articles = item.load()
        except SourceError as exc:
            rnd.failures += 1
            attempts = self.state.item_done(source.name, item.key, "failed", error=str(exc))
            then = "gave up" if attempts >= MAX_ITEM_ATTEMPTS else f"will retry (attempt {attempts} of {MAX_ITEM_ATTEMPTS})"
            self.log(f"{item.label}: {exc}; {then}")
            return attempts >= MAX_ITEM_ATTEMPTS
        except InputError as exc:
            rnd.failures += 1
            self.state.item_done(source.name, item.key, "skipped", error=str(exc))
            self.log(f"{item.label}: {exc}")
            return True
        touched: list[str] = []
        first = None
        for article in articles:
            try:
                events = self.pipeline.events_for(article)
            except Exception as exc:  # noqa: BLE001 - one article that trips extraction must not stop a watcher
                rnd.failures += 1
                attempts = self.state.item_done(source.name, item.key, "failed", error=repr(exc))
                self.log(f"{item.label}: extraction failed ({exc.__class__.__name__}: {exc}); this is a bug in "
                         f"tacitus, please report it with the page; attempt {attempts} of {MAX_ITEM_ATTEMPTS}")
                return attempts >= MAX_ITEM_ATTEMPTS
            added = self.store.add(article, events)
            first = first or article.id
            if added.stored and not added.copy_of:
                rnd.articles += 1
                rnd.new_events += added.new
                rnd.updated_events += added.joined
                touched += added.new + added.joined
        self.state.item_done(source.name, item.key, "done", article_id=first)
        if self.alerter is not None and touched:
            rnd.alerts += len(self.alerter.consider(touched))
        return True
