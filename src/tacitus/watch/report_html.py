"""A situation report as one self-contained HTML page: inline CSS and SVG, nothing loaded
from elsewhere, laid out for a screen and for A4 paper."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from tacitus.watch.figures import map_svg, timeline_svg, type_colour
from tacitus.watch.report_text import change, date_range, day, method_note, plural, rate, trend

if TYPE_CHECKING:
    from tacitus.watch.report import ActorRow, Figures, Report

CSS = """
:root { --ink: #1d2329; --muted: #5c6670; --rule: #dde1e5; }
* { box-sizing: border-box; }
body { margin: 0; background: #eef0f2; color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 820px; margin: 24px auto; padding: 32px 40px 40px; background: #fff;
  box-shadow: 0 1px 4px rgba(0, 0, 0, .1); }
h1 { font-size: 25px; line-height: 1.25; margin: 0 0 6px; }
h2 { font-size: 17px; margin: 30px 0 10px; padding-bottom: 3px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 14.5px; margin: 18px 0 6px; }
p { margin: 0 0 10px; }
a { color: #1f4e8c; }
.meta { color: var(--muted); font-size: 13px; }
.meta span + span::before { content: " · "; }
.figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin-top: 22px; }
.figure { border: 1px solid var(--rule); border-top: 4px solid var(--ink); padding: 9px 12px 10px; }
.figure .label { font-size: 11.5px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
.figure .value { font-size: 30px; font-weight: 700; line-height: 1.15; font-variant-numeric: tabular-nums; }
.figure .note, .figure .compare { font-size: 12px; color: var(--muted); }
.figure .compare span { display: block; }
.change { font-weight: 600; color: var(--ink); white-space: nowrap; }
.figure .change { font-size: 13.5px; }
.empty { padding: 12px 14px; background: #f4f6f8; border-left: 4px solid var(--muted); margin-top: 18px; }
figure { margin: 0; }
figure svg { display: block; width: 100%; height: auto; }
figcaption { font-size: 12.5px; color: var(--muted); margin-top: 4px; }
table { width: 100%; border-collapse: collapse; font-size: 13.5px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { font-size: 11.5px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 6px;
  vertical-align: baseline; }
ol.events { padding-left: 22px; }
ol.events li { margin-bottom: 9px; }
ol.events .when { font-weight: 600; }
.cite, .cite-local { font-size: 12px; text-decoration: none; margin-left: 2px; }
.badge { display: inline-block; font-size: 11px; line-height: 16px; padding: 0 6px; margin-left: 5px;
  border: 1px solid #d4b24c; border-radius: 3px; background: #fff8e0; color: #6b5200; white-space: nowrap; }
.method p { font-size: 13.5px; color: #333; }
ol.sources { font-size: 13px; padding-left: 26px; }
ol.sources li { margin-bottom: 4px; overflow-wrap: anywhere; }
.quiet { color: var(--muted); }
@page { size: A4; margin: 14mm; }
@media print {
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  figure, .figures, tr, ol.events li { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  a { color: inherit; }
  .swatch, .badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
@media (max-width: 640px) { main { padding: 20px; } .figures { grid-template-columns: repeat(2, 1fr); } }
"""


def _figure(name: str, label: str, now: int, before: int, note: str = "") -> str:
    note_html = f'<div class="note">{escape(note)}</div>' if note else ""
    return (f'<div class="figure" data-figure="{name}"><div class="label">{label}</div>'
            f'<div class="value">{now}</div>'
            f'<div class="compare"><span class="change {trend(now, before)}">{escape(change(now, before))}</span>'
            f'<span class="prev">previous {before}</span></div>{note_html}\n</div>')


def _figures(now: Figures, before: Figures) -> str:
    unknown = f"{plural(now.unknown, 'event')} with no figure" if now.unknown else ""
    return ('<section class="figures">'
            + _figure("events", "Events", now.events, before.events)
            + _figure("fatalities", "Fatalities", now.fatalities, before.fatalities, unknown)
            + _figure("countries", "Countries", now.countries, before.countries)
            + _figure("sources", "Sources", now.sources, before.sources, "distinct articles")
            + "</section>")


def _events(report: Report) -> str:
    by_number = {s.number: s for s in report.sources}
    items = []
    for r in report.top:
        cites = []
        for n in r.sources:
            s = by_number[n]
            tip = escape(": ".join(x for x in (s.outlet, s.title) if x) or s.article_id)
            if s.url:
                cites.append(f'<a class="cite" href="{escape(s.url)}" title="{tip}">[{n}]</a>')
            else:
                cites.append(f'<a class="cite-local" href="#source-{n}" title="{tip}">[{n}]</a>')
        badge = '<span class="badge">single source</span>' if r.single_source else ""
        colour = type_colour(r.event.event_type)
        kind = escape(r.event.event_type or "")
        items.append(f'<li><span class="swatch" style="background:{colour}" title="{kind}"></span>'
                     f'{escape(r.sentence)} {"".join(cites)}{badge}</li>')
    return f'<ol class="events">{"".join(items)}</ol>'


def _types(report: Report) -> str:
    rows = "".join(
        f'<tr><td><span class="swatch" style="background:{type_colour(r.event_type)}"></span>'
        f'{escape(r.event_type)}</td><td class="num">{r.events}</td><td class="num">{r.fatalities}</td>'
        f'<td class="num">{r.previous}</td><td class="num">{escape(change(r.events, r.previous))}</td></tr>'
        for r in report.by_type)
    return ('<table class="types"><thead><tr><th>Event type</th><th class="num">Events</th>'
            '<th class="num">Fatalities</th><th class="num">Previous</th><th class="num">Change</th></tr></thead>'
            f'<tbody>{rows}</tbody></table>')


def _actor_table(css: str, rows: list[ActorRow]) -> str:
    body = "".join(
        f'<tr><td>{escape(r.name)}</td><td>{escape(r.country or "—")}</td><td class="num">{r.events}</td>'
        f'<td class="num">{r.fatalities}</td><td class="num">{r.first_seen.isoformat() if r.first_seen else "—"}</td></tr>'
        for r in rows)
    return (f'<table class="{css}"><thead><tr><th>Actor</th><th>Country</th><th class="num">Events</th>'
            f'<th class="num">Fatalities</th><th class="num">First seen</th></tr></thead><tbody>{body}</tbody></table>')


def _sources(report: Report) -> str:
    items = []
    for s in report.sources:
        title = escape(s.title or s.article_id)
        link = f'<a href="{escape(s.url)}">{title}</a>' if s.url else f"{title} <span class=\"quiet\">(no URL)</span>"
        when = f", {day(s.published)}" if s.published else ""
        items.append(f'<li id="source-{s.number}">{escape(s.outlet or "unknown outlet")} — {link}{when}</li>')
    return f'<ol class="sources">{"".join(items)}</ol>'


def render_html(report: Report) -> str:
    now, before = report.now, report.before
    where = f" in {report.place}" if report.country else ""
    parts = [
        f'<header><h1>{escape(report.title)}</h1><p class="meta">'
        f'<span>Period {date_range(report.start, report.end)} ({plural(report.length, "day")})</span>'
        f'<span>compared with {date_range(report.previous_start, report.previous_end)}</span>'
        f'<span>database {escape(report.database)}</span>'
        f'<span>generated {report.generated:%-d %b %Y %H:%M} UTC</span></p></header>',
        _figures(now, before),
    ]
    if not now.events:
        parts.append(f'<p class="empty">No events were recorded in this period{escape(where)}. The previous period '
                     f'({date_range(report.previous_start, report.previous_end)}) had '
                     f'{plural(before.events, "event")} and {plural(before.fatalities, "fatality", "fatalities")}.</p>')
    located = [e for e in report.events if e.location and e.location.lat is not None]
    if located:
        unplaced = len(report.events) - len(located)
        caption = "Each circle is an event; hover for its date, type, place and fatalities."
        if unplaced:
            caption += f" {plural(unplaced, 'event')} without coordinates {'is' if unplaced == 1 else 'are'} not shown."
        parts.append(f'<section><h2>Map</h2><figure>{map_svg(report.events)}'
                     f'<figcaption>{caption}</figcaption></figure></section>')
    parts.append(f'<section><h2>Events per day</h2><figure>{timeline_svg(report.days, baseline=report.baseline)}'
                 f'<figcaption>The dashed line is the previous period\'s average '
                 f'({rate(report.baseline)} events a day).</figcaption></figure></section>')
    if report.top:
        parts.append(f'<section><h2>Most significant events</h2><p class="quiet">Ranked by fatalities, then by the '
                     f'number of outlets reporting them, then by date.</p>{_events(report)}</section>')
    if report.by_type:
        parts.append(f"<section><h2>By event type</h2>{_types(report)}</section>")
    if now.events:
        new = (_actor_table("new-actors", report.new_actors) if report.new_actors
               else '<p class="quiet">No actor was seen for the first time in this period.</p>')
        parts.append(f'<section><h2>Actors</h2><h3>Most active</h3>{_actor_table("actors", report.actors)}'
                     f'<h3>Newly seen</h3>{new}</section>')
    notes = method_note(report.length, report.start, report.left_out, report.place if report.country else None)
    parts.append('<section class="method"><h2>Method</h2>' + "".join(f"<p>{escape(p)}</p>" for p in notes)
                 + "</section>")
    if report.sources:
        parts.append(f"<section><h2>Sources</h2>{_sources(report)}</section>")
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{escape(report.title)}</title><style>{CSS}</style></head>\n'
            f'<body><main>\n{chr(10).join(parts)}\n</main></body></html>\n')
