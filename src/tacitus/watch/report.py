"""Situation reports: a period's figures against the period just before, the most significant
events with their sources, the active and the newly seen actors, built from the store and
written as one self-contained HTML file or as Markdown with its pictures beside it."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from tacitus.errors import InputError
from tacitus.records import Event
from tacitus.watch.figures import Day
from tacitus.watch.report_html import render_html
from tacitus.watch.report_markdown import render_markdown
from tacitus.watch.report_text import date_range, event_sentence
from tacitus.settings import shown_url
from tacitus.watch.rules import parse_duration

__all__ = ["Report", "build_report", "parse_period", "render_html", "render_markdown", "report_format",
           "write_report"]

TOP_EVENTS = 10
TOP_ACTORS = 10
CIVILIANS = 7  # ACLED inter code: victims, not actors of the violence


@dataclass(frozen=True)
class Figures:
    events: int
    fatalities: int  # sum of the known best estimates
    unknown: int  # events whose reports give no fatality figure
    countries: int
    sources: int  # distinct articles


@dataclass(frozen=True)
class Source:
    number: int
    article_id: str
    outlet: str | None
    title: str | None
    url: str | None  # http(s) only: a report must not carry a javascript: or file: link
    published: dt.date | None


@dataclass(frozen=True)
class Ranked:
    event: Event
    sentence: str
    sources: list[int]  # numbers into Report.sources
    single_source: bool


@dataclass(frozen=True)
class TypeRow:
    event_type: str
    events: int
    fatalities: int
    previous: int


@dataclass(frozen=True)
class ActorRow:
    name: str
    country: str | None
    events: int
    fatalities: int
    first_seen: dt.date | None


@dataclass
class Report:
    start: dt.date
    end: dt.date
    previous_start: dt.date
    previous_end: dt.date
    country: str | None  # ISO3
    place: str  # "Syria", or "all countries"
    database: str
    generated: dt.datetime
    now: Figures
    before: Figures
    events: list[Event]
    top: list[Ranked] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    by_type: list[TypeRow] = field(default_factory=list)
    actors: list[ActorRow] = field(default_factory=list)
    new_actors: list[ActorRow] = field(default_factory=list)
    days: list[Day] = field(default_factory=list)
    baseline: float = 0.0  # the previous period's events per day
    left_out: int = 0  # records of the period that are not counted (statements, threats, history)

    @property
    def title(self) -> str:
        return f"Situation report: {self.place}, {date_range(self.start, self.end)}"

    @property
    def length(self) -> int:
        return (self.end - self.start).days + 1


def parse_period(since: str | None, until: dt.date) -> tuple[dt.date, dt.date]:
    """``since`` as a duration counted back from ``until`` ("7d" is ``until`` and the six days
    before it; "2w") or a first date (YYYY-MM-DD); the period is inclusive at both ends."""
    text = (since or "7d").strip().lower()
    if re.fullmatch(r"\d+\s*[dw]", text):
        n = int(text[:-1]) and parse_duration(text, "--since").days
        if n < 1:
            raise InputError(f"--since {since!r} is an empty period; give at least 1d")
        return until - dt.timedelta(days=n - 1), until
    try:
        start = dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"--since must be a duration such as 7d or 2w, or a date like 2024-11-26; "
                         f"got {since!r}") from None
    if start > until:
        raise InputError(f"--since {start} is after --until {until}; give an earlier --since")
    return start, until


def report_format(out: Path) -> str:
    suffix = out.suffix.lower()
    if suffix in (".html", ".htm"):
        return "html"
    if suffix in (".md", ".markdown"):
        return "md"
    raise InputError(f"cannot write a report as {out.name!r}: name the --out file .html or .md")


def _place(country: str | None) -> str:
    if not country:
        return "all countries"
    from tacitus.ontology.countries import country_by_iso3

    try:
        return country_by_iso3(country).name
    except KeyError:
        raise InputError(f"--country {country!r} is not an ISO3 country code; give one such as SYR") from None


def _counts(e: Event) -> bool:
    return bool(e.event_type) and e.mode == "asserted" and e.event_date is not None


def _figures(events: list[Event]) -> Figures:
    return Figures(
        events=len(events),
        fatalities=sum(e.fatalities.best for e in events if e.fatalities),
        unknown=sum(1 for e in events if e.fatalities is None),
        countries=len({e.location.country for e in events if e.location and e.location.country}),
        sources=len({a for e in events for a in e.article_ids}),
    )


def _significance(e: Event):
    return (e.fatalities.best if e.fatalities else -1, e.sources.outlets, e.event_date)


def _rank(store, events: list[Event]) -> tuple[list[Ranked], list[Source]]:
    top = sorted(events, key=_significance, reverse=True)[:TOP_EVENTS]
    info = store.articles_info([a for e in top for a in e.article_ids])
    sources: dict[str, Source] = {}
    ranked = []
    for e in top:
        cited = sorted(e.article_ids, key=lambda a: (info.get(a, {}).get("published") or dt.date.max, a))
        for aid in cited:
            if aid not in sources:
                a = info.get(aid, {})
                url = a.get("url") if re.match(r"https?://", a.get("url") or "", re.I) else None
                sources[aid] = Source(len(sources) + 1, aid, a.get("source"), a.get("title"), url, a.get("published"))
        ranked.append(Ranked(e, event_sentence(e), [sources[a].number for a in cited], e.sources.outlets <= 1))
    return ranked, list(sources.values())


def _by_type(now: list[Event], before: list[Event]) -> list[TypeRow]:
    count, killed, prev = Counter(e.event_type for e in now), Counter(), Counter(e.event_type for e in before)
    for e in now:
        killed[e.event_type] += e.fatalities.best if e.fatalities else 0
    return sorted((TypeRow(t, count[t], killed[t], prev[t]) for t in set(count) | set(prev)),
                  key=lambda r: (-r.events, -r.fatalities, r.event_type))


def _actors(store, events: list[Event], start: dt.date, country: str | None) -> tuple[list[ActorRow], list[ActorRow]]:
    count: Counter[str] = Counter()
    killed: Counter[str] = Counter()
    home: dict[str, str | None] = {}
    first: dict[str, dt.date] = {}
    for e in events:
        named = {a.name: a for a in [e.actor1, e.actor2, *e.assoc_actor_1, *e.assoc_actor_2]
                 if a is not None and a.inter != CIVILIANS}
        for name, a in named.items():
            count[name] += 1
            killed[name] += e.fatalities.best if e.fatalities else 0
            home[name] = home.get(name) or a.country
            first[name] = min(first.get(name, e.event_date), e.event_date)
    earlier = store.first_seen(set(count), start, country)
    rows = [ActorRow(n, home[n], count[n], killed[n], earlier.get(n, first[n])) for n in count]
    active = sorted(rows, key=lambda r: (-r.events, -r.fatalities, r.name))[:TOP_ACTORS]
    new = sorted((r for r in rows if r.name not in earlier), key=lambda r: (r.first_seen, -r.events, r.name))
    return active, new


def _days(events: list[Event], start: dt.date, end: dt.date) -> list[Day]:
    count, killed = defaultdict(int), defaultdict(int)
    for e in events:
        count[e.event_date] += 1
        killed[e.event_date] += e.fatalities.best if e.fatalities else 0
    span = (end - start).days + 1
    return [Day(d, count[d], killed[d]) for d in (start + dt.timedelta(days=i) for i in range(span))]


def build_report(store, start: dt.date, end: dt.date, country: str | None = None) -> Report:
    """The figures, ranked events, actors and series of ``[start, end]`` from ``store``."""
    if start > end:
        raise InputError(f"the period starts ({start}) after it ends ({end})")
    country = country.strip().upper() if country else None
    place = _place(country)
    length = (end - start).days + 1
    previous_end = start - dt.timedelta(days=1)
    previous_start = start - dt.timedelta(days=length)
    stored = store.events(start, end, country)
    now = [e for e in stored if _counts(e)]
    before = [e for e in store.events(previous_start, previous_end, country) if _counts(e)]
    top, sources = _rank(store, now)
    actors, new_actors = _actors(store, now, start, country)
    return Report(
        start=start, end=end, previous_start=previous_start, previous_end=previous_end, country=country,
        place=place, database=shown_url(store.url), generated=dt.datetime.now(dt.timezone.utc),
        now=_figures(now), before=_figures(before), events=now, top=top, sources=sources,
        by_type=_by_type(now, before), actors=actors, new_actors=new_actors, days=_days(now, start, end),
        baseline=len(before) / length, left_out=len(stored) - len(now),
    )


def _write_atomically(path: Path, text: str) -> None:
    part = path.with_name(path.name + ".part")
    try:
        part.write_text(text, encoding="utf-8")
        part.replace(path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def write_report(store, out: Path, start: dt.date, end: dt.date, country: str | None = None) -> Report:
    """Build the report and write it to ``out`` (.html, or .md with a ``<name>_files`` folder of
    pictures beside it). A reader never finds a half-written file: everything is rendered
    first, and each file is written aside and renamed into place, the Markdown last."""
    out = Path(out)
    fmt = report_format(out)
    if not out.parent.is_dir():
        raise InputError(f"the folder {out.parent} does not exist; create it or choose another --out")
    report = build_report(store, start, end, country)
    if fmt == "html":
        _write_atomically(out, render_html(report))
        return report
    folder = out.with_name(out.stem + "_files")
    text, images = render_markdown(report, folder.name)
    folder.mkdir(exist_ok=True)
    for name, svg in images.items():
        _write_atomically(folder / name, svg)
    for stale in ("map.svg", "timeline.svg"):  # left by an earlier report that had something this one lacks
        if stale not in images:
            (folder / stale).unlink(missing_ok=True)
    _write_atomically(out, text)
    return report
