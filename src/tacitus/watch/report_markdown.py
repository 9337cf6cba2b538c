"""A situation report as GitHub-flavoured Markdown; its pictures are SVG files in a folder
beside it, returned here for the caller to write."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from tacitus.watch.figures import map_svg, timeline_svg
from tacitus.watch.report_text import change, date_range, day, method_note, plural, rate

if TYPE_CHECKING:
    from tacitus.watch.report import ActorRow, Report

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def md(text: str) -> str:
    """Record text as literal Markdown: no emphasis, link, table cell break or raw HTML from a record."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def link_target(url: str) -> str:
    # Parentheses and spaces would end the link early; percent-encoding keeps the address the same.
    return quote(url, safe=":/?#@!$&'*+,;=%~-._[]")


def _actor_table(rows: list[ActorRow]) -> list[str]:
    out = ["| Actor | Country | Events | Fatalities | First seen |", "|---|---|---:|---:|---|"]
    out += [f"| {md(r.name)} | {r.country or '—'} | {r.events} | {r.fatalities} | "
            f"{r.first_seen.isoformat() if r.first_seen else '—'} |" for r in rows]
    return out


def render_markdown(report: Report, image_dir_name: str) -> tuple[str, dict[str, str]]:
    """The Markdown text and the pictures it references, {file name: SVG}."""
    now, before = report.now, report.before
    images: dict[str, str] = {}
    lines = [
        f"# {md(report.title)}", "",
        f"Period {date_range(report.start, report.end)} ({plural(report.length, 'day')}), compared with "
        f"{date_range(report.previous_start, report.previous_end)} · database `{report.database.replace('`', '')}` · "
        f"generated {report.generated:%-d %b %Y %H:%M} UTC", "",
        "## Headline figures", "",
        "| | This period | Previous period | Change |", "|---|---:|---:|---|",
        f"| Events | {now.events} | {before.events} | {change(now.events, before.events)} |",
        f"| Fatalities | {now.fatalities} | {before.fatalities} | {change(now.fatalities, before.fatalities)} |",
        f"| Countries | {now.countries} | {before.countries} | {change(now.countries, before.countries)} |",
        f"| Sources (articles) | {now.sources} | {before.sources} | {change(now.sources, before.sources)} |", "",
    ]
    if now.unknown:
        lines += [f"{plural(now.unknown, 'event')} of this period {'has' if now.unknown == 1 else 'have'} no "
                  "fatality figure, counted as unknown rather than zero.", ""]
    if not now.events:
        where = f" in {report.place}" if report.country else ""
        lines += [f"**No events were recorded in this period{md(where)}.** The previous period "
                  f"({date_range(report.previous_start, report.previous_end)}) had {plural(before.events, 'event')} "
                  f"and {plural(before.fatalities, 'fatality', 'fatalities')}.", ""]
    if any(e.location and e.location.lat is not None for e in report.events):
        images["map.svg"] = map_svg(report.events)
        lines += ["## Map", "", f"![Map of the events]({image_dir_name}/map.svg)", ""]
    images["timeline.svg"] = timeline_svg(report.days, baseline=report.baseline)
    lines += ["## Events per day", "", f"![Events and fatalities per day]({image_dir_name}/timeline.svg)", "",
              f"The dashed line is the previous period's average ({rate(report.baseline)} events a day).", ""]
    if report.top:
        by_number = {s.number: s for s in report.sources}
        lines += ["## Most significant events", "",
                  "Ranked by fatalities, then by the number of outlets reporting them, then by date.", ""]
        for i, r in enumerate(report.top, 1):
            cites = " ".join(f"[\\[{n}\\]]({link_target(by_number[n].url)})" if by_number[n].url else f"\\[{n}\\]"
                             for n in r.sources)
            lines.append(f"{i}. {md(r.sentence)} {cites}" + (" *(single source)*" if r.single_source else ""))
        lines.append("")
    if report.by_type:
        lines += ["## By event type", "", "| Event type | Events | Fatalities | Previous | Change |",
                  "|---|---:|---:|---:|---|"]
        lines += [f"| {md(r.event_type)} | {r.events} | {r.fatalities} | {r.previous} | {change(r.events, r.previous)} |"
                  for r in report.by_type]
        lines.append("")
    if now.events:
        lines += ["## Actors", "", "### Most active", "", *_actor_table(report.actors), "", "### Newly seen", ""]
        lines += (_actor_table(report.new_actors) if report.new_actors
                  else ["No actor was seen for the first time in this period."])
        lines.append("")
    lines += ["## Method", ""]
    for p in method_note(report.length, report.start, report.left_out, report.place if report.country else None):
        lines += [md(p), ""]
    if report.sources:
        lines += ["## Sources", ""]
        for s in report.sources:
            title = md(s.title or s.article_id)
            shown = f"[{title}]({link_target(s.url)})" if s.url else f"{title} (no URL)"
            when = f", {day(s.published)}" if s.published else ""
            lines.append(f"{s.number}. {md(s.outlet or 'unknown outlet')} — {shown}{when}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n", images
