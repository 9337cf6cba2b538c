"""Does an event meet a rule?  Each check returns the words that explain why, for the alert.

A spike and a new actor need the stored events around the event: they are asked of a
`History` (the store), so the checks themselves do no I/O.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from unidecode import unidecode

from tacitus.geo.distance import km
from tacitus.records import Actor, Event
from tacitus.watch.rules import Rule, When

# ACLED's generic actors name who was hit or who marched, not a new armed group.
GENERIC_ACTORS = ("Civilians", "Protesters", "Rioters", "Unidentified")


class History(Protocol):
    def events_between(self, start: dt.date, end: dt.date, country: str | None) -> list[Event]: ...

    def actor_seen(self, name: str, country: str, other_than: str) -> bool: ...

    def last_fired(self, rule: str) -> dt.date | None: ...


def _fold(text: str) -> str:
    return " ".join(unidecode(text).lower().replace("-", " ").split())


def _actors(ev: Event) -> list[Actor]:
    return [a for a in (ev.actor1, ev.actor2, *ev.assoc_actor_1, *ev.assoc_actor_2) if a is not None]


def in_scope(when: When, ev: Event) -> list[str] | None:
    """The area, type and actor conditions (what a spike counts over); None when one fails."""
    why: list[str] = []
    loc = ev.location
    if when.country:
        if loc is None or loc.country not in when.country:
            return None
        why.append(f"in {loc.country}")
    if when.admin1:
        wanted = {_fold(a) for a in when.admin1}
        names = {_fold(x) for x in (loc.admin1, loc.name if loc and loc.feature_code == "ADM1" else None)
                 if x} if loc else set()
        if not wanted & names:
            return None
        why.append(f"in {loc.admin1 or loc.name}")
    if when.near:
        if loc is None or loc.lat is None or loc.lon is None:
            return None
        d = km(when.near.lat, when.near.lon, loc.lat, loc.lon)
        if d > when.near.km:
            return None
        why.append(f"{d:.0f} km from ({when.near.lat}, {when.near.lon})")
    if when.event_types:
        wanted = {_fold(t) for t in when.event_types}
        have = [t for t in (ev.sub_event_type, ev.event_type, ev.disorder_type) if t and _fold(t) in wanted]
        if not have:
            return None
        why.append(have[0])
    if when.actors:
        hit = next((a.name for a in _actors(ev) for pat in when.actors
                    if _fold(pat) in _fold(a.name) or any(_fold(pat) in _fold(x) for x in a.aliases_matched)), None)
        if hit is None:
            return None
        why.append(f"actor {hit}")
    return why


def check(rule: Rule, ev: Event, history: History) -> str | None:
    """Why ``ev`` meets ``rule`` (one line), or None."""
    when = rule.when
    why = in_scope(when, ev)
    if why is None:
        return None
    if when.fatalities_at_least is not None:
        best = ev.fatalities.best if ev.fatalities else None
        if best is None or best < when.fatalities_at_least:
            return None
        why.append(f"{best} killed (threshold {when.fatalities_at_least})")
    if when.new_actor:
        new = _new_actor(ev, history)
        if new is None:
            return None
        why.append(f"first event of {new} in {ev.location.country}")
    if when.spike:
        spike = _spike(rule, ev, history)
        if spike is None:
            return None
        why.append(spike)
    return "; ".join(why) or "every event"


def _new_actor(ev: Event, history: History) -> str | None:
    country = ev.location.country if ev.location else None
    if not country:
        return None
    for a in (ev.actor1, ev.actor2):
        if a is None or a.name.startswith(GENERIC_ACTORS):
            continue
        if not history.actor_seen(a.name, country, other_than=ev.event_id):
            return a.name
    return None


def _spike(rule: Rule, ev: Event, history: History) -> str | None:
    """Events (or deaths) in the window ending on the event's day against the baseline window before it.

    A spike alerts once: the rule stays quiet for one window after it fired, or every later event
    of the same surge would alert again."""
    spike, when = rule.when.spike, rule.when
    if ev.event_date is None:
        return None
    end = ev.event_date
    last = history.last_fired(rule.name)
    if last is not None and abs((end - last).days) < spike.window_days:
        return None
    w, b = spike.window_days, spike.baseline_days
    start = end - dt.timedelta(days=w + b - 1)
    countries = when.country or [None]
    events = {e.event_id: e for c in countries for e in history.events_between(start, end, c)}
    events[ev.event_id] = ev
    recent = baseline = 0
    cut = end - dt.timedelta(days=w - 1)
    for e in events.values():
        if e.event_date is None or in_scope(when, e) is None:
            continue
        amount = 1 if spike.measure == "events" else (e.fatalities.best if e.fatalities else 0)
        if e.event_date >= cut:
            recent += amount
        else:
            baseline += amount
    expected = baseline * w / b
    if recent < spike.min_count or recent < spike.factor * expected:
        return None
    return (f"{recent} {spike.measure} in the {w} days to {end.isoformat()} against {expected:.1f} "
            f"expected from the {b} days before (x{spike.factor:g} is a spike)")
