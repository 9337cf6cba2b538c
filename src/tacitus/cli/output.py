"""Formatting events for the terminal and for other tools: table, json, jsonl, csv, geojson."""

from __future__ import annotations

import csv
import io
import json
import sys

from tacitus.records import Event

CSV_FIELDS = [
    "event_id", "event_date", "date_precision", "disorder_type", "event_type", "sub_event_type", "plover_type",
    "plover_mode", "cameo_code", "mode", "actor1", "actor1_inter", "assoc_actor_1", "actor2", "actor2_inter", "assoc_actor_2",
    "location", "admin1", "admin2", "country", "lat", "lon", "geonameid", "geo_precision", "fatalities",
    "fatalities_low", "fatalities_high", "civilian_targeting", "quantities", "confidence", "article_ids", "notes",
]


def flat(e: Event) -> dict:
    loc = e.location
    return {
        "event_id": e.event_id, "event_date": e.event_date.isoformat() if e.event_date else "",
        "date_precision": e.date_precision, "disorder_type": e.disorder_type or "", "event_type": e.event_type or "",
        "sub_event_type": e.sub_event_type or "", "plover_type": e.plover_type or "",
        "plover_mode": e.plover_mode or "", "cameo_code": e.cameo_code or "",
        "mode": e.mode, "actor1": e.actor1.name if e.actor1 else "", "actor1_inter": e.actor1.inter if e.actor1 else "",
        "assoc_actor_1": "; ".join(a.name for a in e.assoc_actor_1),
        "actor2": e.actor2.name if e.actor2 else "", "actor2_inter": e.actor2.inter if e.actor2 else "",
        "assoc_actor_2": "; ".join(a.name for a in e.assoc_actor_2),
        "location": loc.name if loc else "", "admin1": (loc.admin1 or "") if loc else "",
        "admin2": (loc.admin2 or "") if loc else "", "country": (loc.country or "") if loc else "",
        "lat": loc.lat if loc and loc.lat is not None else "", "lon": loc.lon if loc and loc.lon is not None else "",
        "geonameid": loc.geonameid if loc and loc.geonameid is not None else "",
        "geo_precision": loc.geo_precision if loc and loc.geo_precision else "",
        "fatalities": e.fatalities.best if e.fatalities else "",
        "fatalities_low": e.fatalities.low if e.fatalities else "",
        "fatalities_high": e.fatalities.high if e.fatalities else "",
        "civilian_targeting": e.civilian_targeting,
        "quantities": "; ".join(f"{q.value} {q.what}" for q in e.quantities),
        "confidence": e.confidence, "article_ids": " ".join(e.article_ids), "notes": e.notes,
    }


FIRST = ("event_id", "article_ids")


def record(e: Event) -> dict:
    """The public record, with the identifying fields first as DESIGN.md lists them."""
    data = e.model_dump(mode="json")
    return {**{k: data[k] for k in FIRST}, **{k: v for k, v in data.items() if k not in FIRST}}


def to_jsonl(events: list[Event]) -> str:
    return "".join(json.dumps(record(e), ensure_ascii=False) + "\n" for e in events)


def to_json(events: list[Event]) -> str:
    return json.dumps([record(e) for e in events], indent=2, ensure_ascii=False) + "\n"


def to_csv(events: list[Event]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for e in events:
        writer.writerow(flat(e))
    return buf.getvalue()


def to_geojson(events: list[Event]) -> str:
    features = []
    for e in events:
        loc = e.location
        geometry = None
        if loc is not None and loc.lat is not None and loc.lon is not None:
            geometry = {"type": "Point", "coordinates": [loc.lon, loc.lat]}
        features.append({"type": "Feature", "geometry": geometry, "properties": record(e)})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False) + "\n"


def print_table(events: list[Event], console) -> None:
    from rich.table import Table

    table = Table(title=f"{len(events)} event{'s' if len(events) != 1 else ''}", show_lines=False, expand=True)
    for col, kw in (("date", {"no_wrap": True}), ("type", {}), ("actor 1", {}), ("actor 2", {}),
                    ("location", {}), ("killed", {"justify": "right"}), ("mode", {})):
        table.add_column(col, overflow="fold", **kw)
    for e in events:
        kind = e.sub_event_type or f"({e.plover_type})"
        loc = ""
        if e.location:
            loc = ", ".join(x for x in (e.location.name, e.location.admin1, e.location.country) if x)
        a1 = e.actor1.name if e.actor1 else ""
        if e.assoc_actor_1:
            a1 += " + " + ", ".join(a.name for a in e.assoc_actor_1)
        if e.actor1 and e.actor1.backers:
            a1 += f" (backed by {', '.join(e.actor1.backers)})"
        a2 = e.actor2.name if e.actor2 else ""
        if e.assoc_actor_2:
            a2 += " + " + ", ".join(a.name for a in e.assoc_actor_2)
        table.add_row(str(e.event_date or ""), kind, a1, a2, loc,
                      str(e.fatalities.best) if e.fatalities else "", e.mode)
    console.print(table)


def write(events: list[Event], fmt: str, console) -> None:
    if fmt == "table":
        print_table(events, console)
        return
    text = {"json": to_json, "jsonl": to_jsonl, "csv": to_csv, "geojson": to_geojson}[fmt](events)
    sys.stdout.write(text)
    sys.stdout.flush()
