"""Write the packaged countries layer, ``src/tacitus/geo/data/countries.geojson``.

Source: Natural Earth 1:110m admin-0 countries (public domain), as shipped in
the ``geopandas`` 0.14 wheel (``geopandas/datasets/naturalearth_lowres``).
Reproduce with::

    pip download --no-deps geopandas==0.14.4 -d /tmp/ne && pip install pyshp
    unzip -o /tmp/ne/geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/*' -d /tmp/ne
    python tools/natural_earth.py /tmp/ne/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp

Coordinates are rounded to 3 decimals (about 100 m, far finer than the
1:110m outlines), which keeps the file small.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import shapefile  # pyshp, needed only to run this script

OUT = Path(__file__).resolve().parents[1] / "src" / "tacitus" / "geo" / "data" / "countries.geojson"
# Natural Earth leaves a few codes as -99; these are the ISO codes of those countries.
FIXES = {"France": "FRA", "Norway": "NOR", "Kosovo": "XKX", "N. Cyprus": "CYN", "Somaliland": "SOL"}


def _signed_area(ring: list) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1])) / 2


def main(shp: str) -> None:
    reader = shapefile.Reader(shp, encoding="latin-1")
    features = []
    for rec in reader.shapeRecords():
        name, iso3 = rec.record["name"], rec.record["iso_a3"]
        iso3 = FIXES.get(name, iso3) if iso3 in ("-99", "", None) else iso3
        pts, parts = rec.shape.points, list(rec.shape.parts) + [len(rec.shape.points)]
        rings = [[[round(x, 3), round(y, 3)] for x, y in pts[a:b]] for a, b in zip(parts, parts[1:])]
        polygons: list[list] = []
        for ring in rings:
            # shapefile outer rings run clockwise, holes counter-clockwise;
            # GeoJSON wants the reverse (RFC 7946, section 3.1.6)
            if _signed_area(ring) < 0 or not polygons:
                polygons.append([ring[::-1]])
            else:
                polygons[-1].append(ring[::-1])
        features.append({
            "type": "Feature",
            "properties": {"name": name, "iso3": iso3, "continent": rec.record["continent"]},
            "geometry": {"type": "MultiPolygon", "coordinates": polygons},
        })
    OUT.parent.mkdir(parents=True, exist_ok=True)
    doc = {"type": "FeatureCollection",
           "source": "Natural Earth 1:110m admin-0 countries (public domain), naturalearthdata.com",
           "features": features}
    OUT.write_text(json.dumps(doc, separators=(",", ":")), "utf-8")
    print(f"{len(features)} countries written to {OUT} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main(sys.argv[1])
