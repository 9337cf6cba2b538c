"""The words of a situation report, shared by its HTML and Markdown forms so both say the same."""

from __future__ import annotations

import datetime as dt

from tacitus.records import Event


def day(d: dt.date) -> str:
    return f"{d.day} {d:%b %Y}"


def date_range(start: dt.date, end: dt.date) -> str:
    """ "26 Nov – 2 Dec 2024"; the shared month or year is said once."""
    if start == end:
        return day(end)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} – {day(end)}"
    if start.year == end.year:
        return f"{start.day} {start:%b} – {day(end)}"
    return f"{day(start)} – {day(end)}"


def change(now: int, before: int) -> str:
    if before == 0:
        return "new" if now else "no change"
    if now == before:
        return "no change"
    return f"{now - before:+d} ({(now - before) / before * 100:+.0f} %)"


def trend(now: int, before: int) -> str:
    """A CSS class for the direction of a change."""
    return "up" if now > before else "down" if now < before else "same"


def rate(per_day: float) -> str:
    """Events a day, with the digits a small rate needs (one event in 30 days is 0.03, not 0.0)."""
    if per_day == 0:
        return "0"
    return f"{per_day:.2f}" if per_day < 1 else f"{per_day:.1f}"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def event_sentence(e: Event) -> str:
    """The record's own summary when it has one; otherwise one built from its fields, such as
    "On 2 Dec 2024, Military Forces of Syria and Military Forces of Russia: air/drone strike,
    10 killed, in Idlib (Idlib, SYR)." """
    if e.notes.strip():
        return e.notes.strip()
    actors = [a.name for a in ([e.actor1] if e.actor1 else []) + e.assoc_actor_1]
    what = (e.sub_event_type or e.event_type or "event").lower()
    parts = [f"On {day(e.event_date)}" if e.event_date else "On an unknown date",
             f"{' and '.join(actors) or 'unidentified actors'}: {what}"]
    if e.actor2:
        parts[-1] += f" against {e.actor2.name}"
    if e.fatalities is not None:
        parts.append(f"{e.fatalities.best} killed")
    text = ", ".join(parts)
    if e.location:
        loc = e.location
        context = ", ".join(x for x in (loc.admin1, loc.country) if x and x != loc.name)
        text += f", in {loc.name}" + (f" ({context})" if context else "")
    return text + "."


def method_note(days: int, start: dt.date, left_out: int, place: str | None) -> list[str]:
    """What the figures count, paragraph by paragraph."""
    where = f" located in {place}" if place else ""
    return [
        f"Figures count canonical events{where}: the reports of one real event in several articles are merged "
        "into one record, so an event counts once however many outlets reported it. Only ACLED events that the "
        "reports say happened are counted" + (
            f"; {plural(left_out, 'other record')} of the period (statements, threats, planned or past events) "
            f"{'is' if left_out == 1 else 'are'} left out." if left_out else "."),
        "Fatalities are the sum of each event's best estimate across its reports. An event whose reports give no "
        "figure counts as unknown, not as zero. Sources are the distinct articles behind the counted events; "
        "near-copies of an article (the same wire story in another outlet) are not counted again.",
        f"Events are placed by their event date. The previous period is the {plural(days, 'day')} just before "
        f"{day(start)}. Actors are the named actors on either side of an event, civilians excepted; an actor is "
        f"newly seen when no stored event before {day(start)} names it.",
        "The records were extracted automatically from news reports: check an event against its sources before "
        "relying on it.",
    ]
