"""The two pictures of a situation report, as plain SVG text: a map of the events over the
Natural Earth countries shipped with the package, and a day-by-day timeline.

No scripts, fonts or images are referenced, so a report opens offline and prints as it
shows; every piece of record text is escaped, since it comes from news articles."""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
from collections import Counter
from dataclasses import dataclass
from html import escape

from tacitus.geo.sources import COUNTRIES_LAYER
from tacitus.records import Event
from tacitus.watch.report_text import rate

# Okabe-Ito colours: told apart by colour-blind readers and still distinct in greyscale print.
TYPE_COLOURS = {
    "Battles": "#d55e00",
    "Explosions/Remote violence": "#e69f00",
    "Violence against civilians": "#cc79a7",
    "Protests": "#0072b2",
    "Riots": "#56b4e9",
    "Strategic developments": "#009e73",
}
OTHER_COLOUR = "#7f7f7f"
WORLD = (-180.0, -58.0, 180.0, 84.0)  # west, south, east, north: Antarctica would only take room
MIN_SPAN = 6.0  # degrees; one town alone still shows the country around it
FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif\""


def type_colour(event_type: str | None) -> str:
    return TYPE_COLOURS.get(event_type or "", OTHER_COLOUR)


@dataclass(frozen=True)
class Day:
    date: dt.date
    events: int
    fatalities: int  # known fatalities only


@dataclass(frozen=True)
class _Country:
    iso3: str
    name: str
    polygons: list  # [[ring of [lon, lat]], ...] per polygon, outer ring first
    bbox: tuple[float, float, float, float]
    label_at: tuple[float, float]  # lon, lat


@functools.lru_cache(maxsize=1)
def _countries() -> list[_Country]:
    out = []
    for feature in json.loads(COUNTRIES_LAYER.read_text("utf-8"))["features"]:
        geom = feature["geometry"]
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        points = [p for poly in polygons for ring in poly for p in ring]
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        mainland = max((poly[0] for poly in polygons), key=lambda r: abs(_area(r)))
        out.append(_Country(feature["properties"]["iso3"], feature["properties"]["name"], polygons,
                            (min(lons), min(lats), max(lons), max(lats)), _centroid(mainland)))
    return out


def _area(ring) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1])) / 2


def _centroid(ring) -> tuple[float, float]:
    a = _area(ring)
    if not a:
        return ring[0][0], ring[0][1]
    cx = sum((x1 + x2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]))
    cy = sum((y1 + y2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]))
    return cx / (6 * a), cy / (6 * a)


def _country_name(iso3: str, fallback: str) -> str:
    from tacitus.ontology.countries import country_by_iso3

    try:
        return country_by_iso3(iso3).name
    except KeyError:
        return fallback


def _fit(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """The box around the (lon, lat) points, padded, at least MIN_SPAN across; the world
    when there is nothing to show or the events span most of it."""
    if not points:
        return WORLD
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    pad = max(1.5, 0.12 * max(east - west, north - south))
    west, east, south, north = west - pad, east + pad, south - pad, north + pad
    if east - west < MIN_SPAN:
        mid = (east + west) / 2
        west, east = mid - MIN_SPAN / 2, mid + MIN_SPAN / 2
    if north - south < MIN_SPAN:
        mid = (north + south) / 2
        south, north = mid - MIN_SPAN / 2, mid + MIN_SPAN / 2
    if east - west > 220 or north - south > 110:
        return WORLD
    return west, south, east, north


class _Projection:
    """Equirectangular with its standard parallel through the middle of the box, so
    shapes look right where the events are; the box grows to the picture's proportions."""

    def __init__(self, box, width: float, height: float | None):
        west, south, east, north = box
        self.k = max(0.35, math.cos(math.radians((north + south) / 2)))
        natural = (east - west) * self.k / (north - south)
        if height is None:
            height = min(max(width / natural, 0.45 * width), 0.62 * width)
        wanted = width / height
        if wanted > natural:  # too narrow for the picture: widen in longitude
            grow = ((north - south) * wanted / self.k - (east - west)) / 2
            west, east = west - grow, east + grow
        else:
            grow = ((east - west) * self.k / wanted - (north - south)) / 2
            south, north = south - grow, north + grow
        self.west, self.south, self.east, self.north = west, south, east, north
        self.width, self.height = width, height

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - self.west) / (self.east - self.west) * self.width,
                (self.north - lat) / (self.north - self.south) * self.height)

    def sees(self, bbox) -> bool:
        w, s, e, n = bbox
        return e >= self.west and w <= self.east and n >= self.south and s <= self.north


def _path(proj: _Projection, polygons) -> str:
    parts = []
    for poly in polygons:
        for ring in poly:
            kept: list[tuple[float, float]] = []
            for lon, lat in ring:
                x, y = proj(lon, lat)
                # points closer than a pixel add bytes, not shape
                if not kept or abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= 0.8:
                    kept.append((x, y))
            if len(kept) >= 3:
                parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in kept) + "Z")
    return "".join(parts)


def _radius(fatalities: int | None, scale: float) -> float:
    return max(4.0, scale * math.sqrt(fatalities or 0))


def _tooltip(e: Event) -> str:
    kind = e.event_type or "Event"
    if e.sub_event_type and e.sub_event_type != e.event_type:
        kind += f": {e.sub_event_type}"
    loc = e.location
    where = ", ".join(x for x in (loc.name, loc.admin1 if loc.admin1 != loc.name else None, loc.country) if x)
    killed = f"{e.fatalities.best} killed" if e.fatalities else "fatalities not reported"
    when = e.event_date.isoformat() if e.event_date else "date unknown"
    return f"{when} · {kind} · {where} · {killed}"


def _legend(types: list[str], width: float, top: float) -> tuple[str, float]:
    """Legend rows under the map; returns the SVG and the height it takes."""
    items, x, y = [], 12.0, top + 16
    for name in types:
        need = 22 + 6.8 * len(name) + 18
        if x + need > width and x > 12:
            x, y = 12.0, y + 20
        items.append(f'<circle cx="{x + 6:.1f}" cy="{y - 4:.1f}" r="6" fill="{type_colour(name)}" '
                     f'fill-opacity="0.8" stroke="#fff"/>'
                     f'<text x="{x + 17:.1f}" y="{y:.1f}" font-size="12" fill="#333">{escape(name)}</text>')
        x += need
    note = "Circle area grows with fatalities; the smallest circles: none or not reported."
    items.append(f'<text x="12" y="{y + 20:.1f}" font-size="11" fill="#666">{note}</text>')
    return "".join(items), y + 30 - top


def _label_name(c: _Country) -> str:
    """The project's name for the country, or Natural Earth's abbreviation when that is much
    shorter ("Dem. Rep. Congo")."""
    name = _country_name(c.iso3, c.name)
    return c.name if len(name) > 16 and len(c.name) < len(name) else name


class _Labels:
    """Text put on the map only where it covers no other text and, when it can, no event;
    what finds no room is left to the tooltips (a crowded map reads worse than a sparse one)."""

    def __init__(self, width: float, height: float, circles):
        self.w, self.h = width, height
        self.taken: list[tuple[float, float, float, float]] = []
        self.dots = [(x - r, y - r, x + r, y + r) for x, y, r, _e in circles]
        self.svg: list[str] = []

    @staticmethod
    def _clear(box, others) -> bool:
        return not any(box[0] < o[2] and o[0] < box[2] and box[1] < o[3] and o[1] < box[3] for o in others)

    def add(self, text: str, spots, size: float, style: str, cover_dots: bool = True) -> bool:
        """Place ``text`` at the first free (x, y, anchor) of ``spots``."""
        width = 0.6 * size * len(text) + 4
        boxes = []
        for x, y, anchor in spots:
            left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
            if left < 2 or left + width > self.w - 2 or y - size < 2 or y + 3 > self.h - 2:
                continue
            boxes.append((x, y, anchor, (left, y - size, left + width, y + 3)))
        pick = next((b for b in boxes if self._clear(b[3], self.taken) and self._clear(b[3], self.dots)), None)
        if pick is None and cover_dots:
            pick = next((b for b in boxes if self._clear(b[3], self.taken)), None)
        if pick is None:
            return False
        x, y, anchor, box = pick
        self.taken.append(box)
        self.svg.append(f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" {style} '
                        f'stroke="#fff" stroke-width="3" stroke-opacity="0.85" paint-order="stroke">'
                        f'{escape(text)}</text>')
        return True


def _labels(proj: _Projection, shown: list[_Country], weight: Counter, circles) -> list[str]:
    """The countries with events, then (on a close map) the places of the deadliest events and
    the neighbouring countries, for the context a printed page has no tooltip for."""
    w, h = proj.width, proj.height
    close = proj.east - proj.west < 60
    size = 12 if proj.east - proj.west < 100 else 11
    labels = _Labels(w, h, circles)

    def middle(c: _Country) -> list[tuple[float, float, str]]:
        x, y = proj(*c.label_at)
        return [(x, y, "middle")] if 30 < x < w - 30 and 16 < y < h - 8 else []

    for c in sorted((c for c in shown if c.iso3 in weight), key=lambda c: (-weight[c.iso3], c.iso3)):
        mine = [(x, y, r) for x, y, r, e in circles if e.location.country == c.iso3]
        mx = min(max(sum(p[0] for p in mine) / len(mine), 40), w - 40)
        spots = middle(c) + [(mx, max(y + r for _x, y, r in mine) + size + 2, "middle"),
                             (mx, min(y - r for _x, y, r in mine) - 4, "middle")]
        labels.add(_label_name(c), spots, size, 'font-weight="600" fill="#333"')
    if close:
        named: set[str] = set()
        deadliest = sorted(circles, key=lambda c: -(c[3].fatalities.best if c[3].fatalities else -1))
        for x, y, r, e in deadliest[:8]:
            name = e.location.name
            if name in named or e.location.country == name or (e.location.geo_precision or 1) > 2:
                continue
            named.add(name)
            labels.add(name, [(x + r + 3, y + 4, "start"), (x - r - 3, y + 4, "end"), (x, y - r - 3, "middle"),
                              (x, y + r + 11, "middle")], 10.5, 'fill="#222"', cover_dots=False)
        for c in shown:
            if c.iso3 not in weight:
                labels.add(_label_name(c), middle(c), 11, 'fill="#8a8a8a" font-style="italic"', cover_dots=False)
    return labels.svg


def map_svg(events: list[Event], width: int = 720, height: int | None = None) -> str:
    """The events as circles sized by fatalities and coloured by event type, over the countries."""
    located = [e for e in events if e.location and e.location.lat is not None and e.location.lon is not None]
    proj = _Projection(_fit([(e.location.lon, e.location.lat) for e in located]), width, height)
    w, h = proj.width, proj.height
    event_countries = Counter(e.location.country for e in located if e.location.country)
    shapes, shown = [], []
    for c in _countries():
        if proj.sees(c.bbox):
            fill = "#e9dfc6" if c.iso3 in event_countries else "#f5f3ee"
            shapes.append(f'<path d="{_path(proj, c.polygons)}" fill="{fill}"><title>{escape(c.name)}</title></path>')
            shown.append(c)
    most = max((e.fatalities.best for e in located if e.fatalities), default=0)
    scale = min(3.0, 26.0 / math.sqrt(most)) if most else 3.0
    circles = []
    for e in sorted(located, key=lambda e: -(e.fatalities.best if e.fatalities else 0)):  # small ones on top
        x, y = proj(e.location.lon, e.location.lat)
        circles.append((x, y, _radius(e.fatalities.best if e.fatalities else None, scale), e))
    dots = [f'<circle class="event" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{type_colour(e.event_type)}" '
            f'fill-opacity="0.78" stroke="#fff" stroke-width="1.2"><title>{escape(_tooltip(e))}</title></circle>'
            for x, y, r, e in circles]
    labels = _labels(proj, shown, event_countries, circles)
    types = [t for t in TYPE_COLOURS if any(e.event_type == t for e in located)]
    if any(e.event_type not in TYPE_COLOURS for e in located):
        types.append("Other")
    legend, legend_h = _legend(types, w, h)
    total = h + legend_h
    summary = f"Map of {len(located)} located event{'s' if len(located) != 1 else ''}"
    return (f'<svg class="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0f} {total:.0f}" '
            f'width="{w:.0f}" height="{total:.0f}" role="img" {FONT}><title>{summary}</title>'
            f'<defs><clipPath id="map-clip"><rect width="{w:.0f}" height="{h:.0f}"/></clipPath></defs>'
            f'<rect width="{w:.0f}" height="{h:.0f}" fill="#e8f0f6"/>'
            f'<g clip-path="url(#map-clip)"><g stroke="#9a9a9a" stroke-width="0.6" stroke-linejoin="round" '
            f'fill-rule="evenodd">{"".join(shapes)}</g>'
            f'{"".join(dots)}<g pointer-events="none">{"".join(labels)}</g></g>'
            f'<rect width="{w:.0f}" height="{h:.0f}" fill="none" stroke="#b5b5b5"/>'
            f'{legend}</svg>')


def _ticks(top: float) -> tuple[list[float], float]:
    """Round tick values from 0 covering ``top`` (at most about five of them)."""
    top = max(top, 1)
    for step in (m * 10 ** p for p in range(0, 7) for m in (1, 2, 5)):
        if top / step <= 5:
            n = math.ceil(top / step)
            return [i * step for i in range(n + 1)], n * step
    return [0, top], top


def timeline_svg(days: list[Day], width: int = 720, height: int = 240, baseline: float | None = None) -> str:
    """Events per day as bars, fatalities per day as a line on its own axis, and the
    previous period's daily average of events as a dashed reference line."""
    left, right, top, bottom = 46, 50, 34, 40
    pw, ph = width - left - right, height - top - bottom
    n = max(len(days), 1)
    slot = pw / n
    e_ticks, e_max = _ticks(max([d.events for d in days] + [baseline or 0, 1]))
    f_ticks, f_max = _ticks(max([d.fatalities for d in days] + [1]))
    y_e = lambda v: top + ph - v / e_max * ph  # noqa: E731
    y_f = lambda v: top + ph - v / f_max * ph  # noqa: E731
    out = [f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" {FONT}><title>Events and fatalities per day</title>']
    for v in e_ticks:
        out.append(f'<line x1="{left}" x2="{left + pw}" y1="{y_e(v):.1f}" y2="{y_e(v):.1f}" stroke="#e3e3e3"/>'
                   f'<text x="{left - 6}" y="{y_e(v) + 4:.1f}" text-anchor="end" font-size="11" fill="#333">'
                   f'{v:g}</text>')
    for v in f_ticks:
        out.append(f'<text x="{left + pw + 6}" y="{y_f(v) + 4:.1f}" font-size="11" fill="#b2182b">{v:g}</text>')
    bar = max(slot * 0.72, 0.8)
    for i, d in enumerate(days):
        x = left + i * slot + (slot - bar) / 2
        y = y_e(d.events)
        tip = f"{d.date:%a %-d %b %Y}: {d.events} event{'s' if d.events != 1 else ''}, {d.fatalities} killed"
        out.append(f'<rect class="day" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{top + ph - y:.1f}" '
                   f'fill="#4a6fa5"><title>{escape(tip)}</title></rect>')
    label_every = max(1, math.ceil(n / max(pw / 58, 1)))
    for i, d in enumerate(days):
        if i % label_every == 0:
            x = left + (i + 0.5) * slot
            out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top + ph}" y2="{top + ph + 4}" stroke="#666"/>'
                       f'<text x="{x:.1f}" y="{top + ph + 17}" text-anchor="middle" font-size="11" fill="#333">'
                       f'{d.date:%-d %b}</text>')
    if days:
        points = " ".join(f"{left + (i + 0.5) * slot:.1f},{y_f(d.fatalities):.1f}" for i, d in enumerate(days))
        out.append(f'<polyline class="fatalities" points="{points}" fill="none" stroke="#b2182b" stroke-width="1.8" '
                   f'stroke-linejoin="round"/>')
        if n <= 62:  # dots stop helping once days are thinner than they are
            out += [f'<circle cx="{left + (i + 0.5) * slot:.1f}" cy="{y_f(d.fatalities):.1f}" r="2.4" fill="#b2182b"/>'
                    for i, d in enumerate(days) if d.fatalities]
    if baseline is not None:
        y = y_e(baseline)
        out.append(f'<line class="baseline" x1="{left}" x2="{left + pw}" y1="{y:.1f}" y2="{y:.1f}" stroke="#222" '
                   f'stroke-width="1.2" stroke-dasharray="6 4"/>')
    out.append(f'<line x1="{left}" x2="{left + pw}" y1="{top + ph}" y2="{top + ph}" stroke="#666"/>')
    out.append(f'<text x="{left - 6}" y="{top - 10}" text-anchor="end" font-size="11" fill="#333">events</text>'
               f'<text x="{left + pw + 6}" y="{top - 10}" font-size="11" fill="#b2182b">killed</text>')
    avg = f"previous period: {rate(baseline)} events/day" if baseline is not None else ""
    out.append(f'<g font-size="11.5" fill="#333">'
               f'<rect x="{left + 8}" y="6" width="12" height="10" fill="#4a6fa5"/>'
               f'<text x="{left + 25}" y="15">events per day</text>'
               f'<line x1="{left + 130}" x2="{left + 152}" y1="11" y2="11" stroke="#b2182b" stroke-width="1.8"/>'
               f'<text x="{left + 157}" y="15">fatalities per day (right axis)</text>'
               + (f'<line x1="{left + 345}" x2="{left + 367}" y1="11" y2="11" stroke="#222" stroke-width="1.2" '
                  f'stroke-dasharray="6 4"/><text x="{left + 372}" y="15">{escape(avg)}</text>' if avg else "")
               + '</g></svg>')
    return "".join(out)
