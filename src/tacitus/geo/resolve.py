"""Choose the GeoNames place a name in an article refers to.

A name alone is ambiguous ("Paris", "Idlib": city or governorate?, "Goma":
Congo or the Philippines).  Candidates from the gazetteer are scored by

* how well the name matches (exact spelling > transliteration > fuzzy),
* whether the place is in a country the article is about (the strongest cue),
* whether its province was named in the article ("Idlib province"),
* its distance to the other places resolved in the same article,
* its kind (the text may say "province"/"district"/"city"; otherwise a country
  for a country name, then towns, then provinces),
* its population (the better-known place is the more likely one).

The weights are hand-set so that each cue's effect is easy to read off;
``resolve`` never raises: an unknown name comes back without a geonameid.
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

import pycountry

from tacitus.geo.gazetteer import EXACT, FUZZY_WEIGHT, Candidate, Gazetteer
from tacitus.geo.normalize import key, normalize
from tacitus.records import Place

# What a trailing word says about the kind of place meant.
_KIND_WORDS = {
    **dict.fromkeys("""province provinces governorate state region oblast prefecture
                    wilaya wilayah emirate muhafazah department""".split(), "admin1"),
    **dict.fromkeys("district county municipality raion rayon subdistrict".split(), "admin2"),
    **dict.fromkeys("city town village".split(), "town"),
}
# Leading words that point at part of a larger unit: "northern Idlib" is the
# governorate, not the city.  Stripped only when the full text is not a name
# itself ("North Kivu", "South Sudan", "West Bank" are).
_AREA_WORDS = frozenset(
    """north south east west northern southern eastern western central
    northeastern northwestern southeastern southwestern north-eastern
    north-western south-eastern south-western rural greater outer""".split()
)

# "near Aleppo", "the outskirts of Idlib": the event is not in the town itself,
# which ACLED codes as precision 2.
_NEAR_PHRASES = (
    "on the outskirts of", "in the outskirts of", "the outskirts of", "outskirts of",
    "in the vicinity of", "the vicinity of", "vicinity of", "the countryside of",
    "countryside of", "the suburbs of", "suburbs of", "close to", "nearby", "near",
    "outside of", "outside", "around",
)
_POSSESSIVE = re.compile(r"['\u2019]s$")

W_MATCH = 4.0
W_COUNTRY = 3.0  # per-rank decay below, so the most salient country counts most
W_ADMIN_HINT = 2.0
W_SAME_ADMIN1 = 1.0
W_NEAR = 2.0
NEAR_KM = 250.0  # distance at which the proximity bonus has fallen to 1/e
W_POP = 0.35  # per decade of population
KIND_PRIOR = {"PCLI": 1.5, "PPLC": 1.0, "PPL": 0.8, "ADM1": 0.3, "ADM2": 0.0}
W_KIND_ASKED = 3.0
# A country's own name means the country far more often than the towns named
# after it ("Mexico", Missouri), even in an article about the towns' country.
W_COUNTRY_NAME = 2.0
UNKNOWN_TOWN_POPULATION = 5000
# Enough that the namesakes in the article's country survive the cut even for
# names shared by hundreds of places ("San Jose", "Springfield").
LOOKUP_LIMIT = 300
# A fuzzy match is accepted without a context country only when very close:
# loose matches abroad are far more often wrong than right ("Darfur" -> "Daru").
FUZZY_ALONE_MIN = FUZZY_WEIGHT * 0.9


@dataclass
class GeoContext:
    countries: list[str] = field(default_factory=list)  # ISO3, most salient first
    places: list[Candidate] = field(default_factory=list)  # other places of the article
    admin_hints: list[str] = field(default_factory=list)  # "Idlib province", "Deir ez-Zor"


def precision_of(feature_code: str | None) -> int | None:
    if not feature_code:
        return None
    if feature_code.startswith("PPL"):
        return 1
    if feature_code == "ADM2":
        return 2
    return 3


def to_place(cand: Candidate, near: bool = False) -> Place:
    """``near``: the text places the event near the town, not in it
    ("outskirts of Aleppo"), which is precision 2 rather than 1."""
    precision = precision_of(cand.feature_code)
    if near and precision == 1:
        precision = 2
    return Place(
        name=cand.name, geonameid=cand.geonameid, lat=cand.lat, lon=cand.lon,
        admin1=cand.admin1, admin2=cand.admin2, country=cand.country,
        geo_precision=precision, feature_code=cand.feature_code,
    )


@dataclass(frozen=True)
class Query:
    """What the text says besides the name: the kind of place ("admin1",
    "admin2", "town", "region" or None) and whether it is only near there."""

    text: str
    bare: str
    kind: str | None = None
    near: bool = False


def parse(name: str) -> Query:
    """ "near the outskirts of Aleppo" -> Query(bare="Aleppo", near=True);
    "Idlib province" / "province of Idlib" -> kind "admin1"."""
    text = " ".join(name.split())
    words = _POSSESSIVE.sub("", text).split()
    kind, near = None, False
    lowered = " ".join(words).lower() + " "
    for phrase in _NEAR_PHRASES:
        if lowered.startswith(phrase + " ") and len(words) > len(phrase.split()):
            words, near = words[len(phrase.split()):], True
            break
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    if len(words) > 2 and words[0].lower() in _KIND_WORDS and words[1].lower() == "of":
        kind, words = _KIND_WORDS[words[0].lower()], words[2:]
    if len(words) > 1 and words[-1].lower() in _KIND_WORDS:
        kind, words = kind or _KIND_WORDS[words[-1].lower()], words[:-1]
    if len(words) > 1 and words[0].lower() in _AREA_WORDS:
        kind, words = kind or "region", words[1:]
    return Query(text=text, bare=" ".join(words), kind=kind, near=near)


def candidates(name: str, gaz: Gazetteer) -> tuple[list[Candidate], Query]:
    """Candidates for the text, and what else the text says (see ``Query``).

    The full text is tried first, since many modified forms are names
    themselves ("North Kivu", "Gaza City", "State of Palestine")."""
    query = parse(name)
    country = demonym_country(query.text, gaz)
    if country is not None:
        return [country], Query(text=query.text, bare=query.text, kind="country")
    found = gaz.lookup(query.text, limit=LOOKUP_LIMIT)
    if found and found[0].match != "fuzzy":
        return found, Query(text=query.text, bare=query.text)
    if query.bare and query.bare != query.text:
        bare = gaz.lookup(query.bare, limit=LOOKUP_LIMIT)
        if bare:
            return bare, query
    return found, query


def demonym_country(text: str, gaz: Gazetteer) -> Candidate | None:
    """ "Syrian", "Egyptians", "Russian-backed": the country of a demonym or
    adjective, which no gazetteer lists as a place name."""
    from tacitus.ontology.countries import lookup_country

    words = text.split("-")[0] if text.endswith(("-backed", "-led", "-based")) else text
    for form in (words, words[:-1] if words.endswith("s") else None):
        if not form:
            continue
        c = lookup_country(form)
        if c is not None and c.is_demonym(form):
            return gaz.country(c.iso3)
    return None


def _km(a: Candidate, b: Candidate) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _kind_bonus(cand: Candidate, kind: str | None) -> float:
    code = cand.feature_code
    if kind == "admin1":
        return W_KIND_ASKED if code == "ADM1" else (W_KIND_ASKED / 2 if code == "ADM2" else 0.0)
    if kind == "admin2":
        return W_KIND_ASKED if code == "ADM2" else (W_KIND_ASKED / 2 if code == "ADM1" else 0.0)
    if kind == "town":
        return W_KIND_ASKED if cand.is_populated_place else 0.0
    if kind == "country":
        return W_KIND_ASKED if code == "PCLI" else 0.0
    if kind == "region":
        return W_KIND_ASKED if code in ("ADM1", "ADM2", "PCLI") else 0.0
    if code == "PCLI" and cand.match == "fuzzy":
        return 0.0  # a country only by fuzzy match is more likely a misspelt town
    return KIND_PRIOR.get(code, KIND_PRIOR["PPL"] if cand.is_populated_place else 0.0)


def _population(cand: Candidate) -> int:
    # GeoNames lists many towns with population 0 meaning "unknown" (Ma'arrat
    # an Nu'man, Ra's al 'Ayn); scoring them as empty would hand the name to
    # any hamlet abroad, so they count as a typical small town.
    if cand.population <= 0 and cand.is_populated_place:
        return UNKNOWN_TOWN_POPULATION
    return cand.population


@dataclass(frozen=True)
class _Cues:
    """A GeoContext prepared once per name rather than once per candidate."""

    countries: dict[str, float]  # ISO3 -> bonus
    hints: frozenset[str]  # keys of hinted admin names
    places: tuple[Candidate, ...]  # with coordinates, countries left out

    @classmethod
    def of(cls, context: GeoContext) -> _Cues:
        countries: dict[str, float] = {}
        for code in context.countries:
            iso3 = _iso3(code)
            if iso3 and iso3 not in countries:
                countries[iso3] = W_COUNTRY * max(0.6, 1.0 - 0.15 * len(countries))
        hints = frozenset(key(_strip_kind(h)) for h in context.admin_hints)
        # a country's coordinates are a median of its towns, meaningless for distance
        places = tuple(p for p in context.places if p.feature_code != "PCLI" and p.lat is not None)
        return cls(countries, hints, places)


@lru_cache(maxsize=512)
def _iso3(code: str) -> str | None:
    """ISO3 as given; ISO2 ("SY") converted, since callers mix the two."""
    code = (code or "").strip().upper()
    if len(code) == 2:
        found = pycountry.countries.get(alpha_2=code)
        return found.alpha_3 if found else None
    return code or None


def score(cand: Candidate, kind: str | None, context: GeoContext | _Cues) -> float:
    cues = context if isinstance(context, _Cues) else _Cues.of(context)
    s = W_MATCH * cand.score + _kind_bonus(cand, kind)
    if cand.feature_code == "PCLI" and cand.score == EXACT:
        s += W_COUNTRY_NAME
    s += W_POP * math.log10(_population(cand) + 1)
    s += cues.countries.get(cand.country, 0.0)
    if cues.hints and ((cand.admin1 and key(cand.admin1) in cues.hints)
                       or (cand.feature_class == "A" and key(cand.name) in cues.hints)):
        s += W_ADMIN_HINT
    others = [p for p in cues.places if p.geonameid != cand.geonameid]
    if others and cand.lat is not None:
        s += W_NEAR * math.exp(-min(_km(cand, p) for p in others) / NEAR_KM)
        if cand.admin1 and any(p.admin1 == cand.admin1 and p.country == cand.country for p in others):
            s += W_SAME_ADMIN1
    return s


def _strip_kind(text: str) -> str:
    words = text.split()
    if len(words) > 1 and words[-1].lower() in _KIND_WORDS:
        words = words[:-1]
    return " ".join(words)


def rank(name: str, gaz: Gazetteer, context: GeoContext | None = None) -> list[tuple[float, Candidate]]:
    """All candidates for ``name`` with their scores, best first."""
    return _rank(name, gaz, context or GeoContext())[0]


def _rank(name: str, gaz: Gazetteer, context: GeoContext) -> tuple[list[tuple[float, Candidate]], Query]:
    found, query = candidates(name, gaz)
    cues = _Cues.of(context)
    found = [c for c in found if c.match != "fuzzy" or c.country in cues.countries
             or (not cues.countries and c.score >= FUZZY_ALONE_MIN)]
    scored = [(score(c, query.kind, cues), c) for c in found]
    scored.sort(key=lambda sc: -sc[0])
    return scored, query


def resolve(name: str, gaz: Gazetteer, context: GeoContext | None = None) -> Place:
    """The place ``name`` most likely refers to; Place(name=name) when none."""
    if not isinstance(name, str) or not normalize(name):
        return Place(name=name if isinstance(name, str) else "")
    best = _safe_best(name, gaz, context or GeoContext())
    return best if best is not None else Place(name=name)


def resolve_many(names: list[str], gaz: Gazetteer, context: GeoContext | None = None) -> list[Place]:
    """Resolve the places of one article together, so they support each other:
    "Idlib" next to "Aleppo" and "Syria" is the Syrian Idlib.

    First each name alone (with the given context), then again with the other
    names' picks as context: their countries (after the given ones) and
    their coordinates."""
    context = context or GeoContext()
    unique = list(dict.fromkeys(n for n in names if normalize(n)))
    picks: dict[str, Candidate] = {}
    near: dict[str, bool] = {}
    for _ in range(2):  # one refinement round settles the examples we have seen
        new: dict[str, Candidate] = {}
        for n in unique:
            ranked, query = _safe_rank(n, gaz, _context_without(n, picks, context))
            if ranked:
                new[n], near[n] = ranked[0][1], query.near
        picks = new
    return [to_place(picks[n], near=near[n]) if n in picks else Place(name=n) for n in names]


def _context_without(name: str, picks: dict[str, Candidate], base: GeoContext) -> GeoContext:
    # "Kabul" and "KABUL" are one name: its two readings must not vote for each other
    others = [c for n, c in picks.items() if key(n) != key(name)]
    votes = Counter()
    for c in others:
        if c.country and c.match != "fuzzy":  # a loose match abroad must not pull others there
            votes[c.country] += 2 if c.feature_code == "PCLI" else 1
    inferred = [c for c, _ in votes.most_common() if c not in base.countries]
    return replace(base, countries=[*base.countries, *inferred], places=[*base.places, *others])


def _safe_rank(name: str, gaz: Gazetteer, ctx: GeoContext) -> tuple[list[tuple[float, Candidate]], Query]:
    try:
        return _rank(name, gaz, ctx)
    except sqlite3.Error:  # a damaged index must not lose the event; the place stays unresolved
        return [], parse(name)


def _safe_best(name: str, gaz: Gazetteer, ctx: GeoContext) -> Place | None:
    ranked, query = _safe_rank(name, gaz, ctx)
    return to_place(ranked[0][1], near=query.near) if ranked else None
