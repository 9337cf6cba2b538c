"""Reading geoparsing gold corpora: LGL / TR-News, GeoWebNews (GWN) and GeoVirus XML.

Every corpus becomes a list of ``GoldDoc``: the article text and its gold
toponyms (character span, gold coordinates and, where the corpus has one, the
GeoNames id).  Which toponyms are scored follows each corpus's conventions:

* LGL / TR-News (``<toponym><gaztag geonameid=…>``): every toponym with a gaztag.
* GWN (``<toponym><extractedName>``): toponyms marked locational
  (``nonLocational`` No) that carry a ``geonamesID``.  Locational toponyms with
  coordinates but no GeoNames id (streets, buildings) form a separate group,
  since a city-level gazetteer cannot be expected to know them.
* GeoVirus (``<location><name>…<lat>…<page>``): every location; no ids.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace
from pathlib import Path

from tacitus.errors import InputError

SCORED = "scored"
STREETS = "streets and buildings"  # GWN: coordinates, no GeoNames id


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None
    geonameid: int | None
    group: str = SCORED


@dataclass
class GoldDoc:
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)


def read_corpus(path: Path) -> list[GoldDoc]:
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such corpus file; give an LGL-, GWN-, TR-News- or GeoVirus-style XML file")
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InputError(f"{path}: not well-formed XML ({exc}); give an LGL-, GWN- or GeoVirus-style corpus") from None
    articles = root.findall(".//article")
    if not articles:
        raise InputError(f"{path}: no <article> elements; give an LGL-, GWN-, TR-News- or GeoVirus-style corpus")
    docs = [_read_article(a) for a in articles]
    if not any(d.toponyms for d in docs):
        raise InputError(f"{path}: no gold toponyms found (expected <toponym> or <location> elements)")
    return docs


def _read_article(article: ET.Element) -> GoldDoc:
    text = article.findtext("text") or ""
    doc = GoldDoc(text)
    for el in article.iter("toponym"):
        top = _gwn(el) if el.find("extractedName") is not None else _lgl(el)
        if top is not None:
            doc.toponyms.append(top)
    for el in article.iter("location"):
        top = _geovirus(el)
        if top is not None:
            doc.toponyms.append(top)
    return doc


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


def _float(value: str | None) -> float | None:
    try:
        x = float((value or "").strip())
    except ValueError:
        return None
    return x if math.isfinite(x) else None


def _lgl(el: ET.Element) -> GoldToponym | None:
    tag = el.find("gaztag")
    start, end = _int(el.findtext("start")), _int(el.findtext("end"))
    if tag is None or start is None or end is None:
        return None
    lat, lon = _float(tag.findtext("lat")), _float(tag.findtext("lon"))
    if lat is None or lon is None:  # half a coordinate is no coordinate
        lat = lon = None
    return GoldToponym(start, end, el.findtext("phrase") or "", lat, lon, _int(tag.get("geonameid")))


def _gwn(el: ET.Element) -> GoldToponym | None:
    start, end = _int(el.findtext("start")), _int(el.findtext("end"))
    lat, lon = _float(el.findtext("latitude")), _float(el.findtext("longitude"))
    if start is None or end is None or lat is None or lon is None:
        return None
    if (el.findtext("nonLocational") or "").strip().lower() == "yes":
        return None
    gid = _int(el.findtext("geonamesID"))
    return GoldToponym(start, end, el.findtext("extractedName") or "", lat, lon, gid,
                       SCORED if gid is not None else STREETS)


def _geovirus(el: ET.Element) -> GoldToponym | None:
    start, end = _int(el.findtext("start")), _int(el.findtext("end"))
    lat, lon = _float(el.findtext("lat")), _float(el.findtext("lon"))
    if start is None or end is None or lat is None or lon is None:
        return None
    return GoldToponym(start, end, el.findtext("name") or "", lat, lon, None)


# -- LGL patches ----------------------------------------------------------------

def read_patches(path: Path) -> dict[tuple[str, float, float], tuple[float, float]]:
    """``toponym<TAB>lat , lon (dataset)<TAB>lat , lon (corrected)`` rows, keyed by
    the toponym and its dataset coordinates rounded to 2 decimals."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such patches file; give a TSV of toponym, old lat/lon, corrected lat/lon")
    patches = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise InputError(f"{path}: the patches file is not UTF-8 text; convert it or leave out --patches") from None
    for line in lines:
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) < 3:
            continue
        old, new = _pair(parts[1]), _pair(parts[2])
        if old and new:
            patches[(parts[0], round(old[0], 2), round(old[1], 2))] = new
    return patches


def _pair(text: str) -> tuple[float, float] | None:
    bits = [b.strip() for b in text.split(",")]
    if len(bits) != 2:
        return None
    lat, lon = _float(bits[0]), _float(bits[1])
    return (lat, lon) if lat is not None and lon is not None else None


def apply_patches(docs: list[GoldDoc], patches: dict) -> int:
    """Replace gold coordinates by their corrections; returns how many changed."""
    changed = 0
    for doc in docs:
        for i, t in enumerate(doc.toponyms):
            if t.lat is None:
                continue
            new = patches.get((t.name, round(t.lat, 2), round(t.lon, 2)))
            if new is not None and new != (t.lat, t.lon):
                doc.toponyms[i] = replace(t, lat=new[0], lon=new[1])
                changed += 1
    return changed


def default_patches(corpus: Path) -> Path | None:
    """``patches/lgl_patches.tsv`` beside an LGL corpus, the published fixes of its coordinates."""
    corpus = Path(corpus)
    if not corpus.name.lower().startswith("lgl"):
        return None
    candidate = corpus.parent / "patches" / "lgl_patches.tsv"
    return candidate if candidate.is_file() else None
