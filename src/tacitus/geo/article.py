"""Geocoding the place names of one article together.

Shared by extraction (places found in the text) and ``tacitus eval geocode``
(gold toponym spans), so the score measures the resolver the pipeline uses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from rapidfuzz import fuzz

from tacitus.geo.gazetteer import Gazetteer
from tacitus.geo.normalize import key
from tacitus.geo.resolve import GeoContext, resolve_many
from tacitus.records import Place

# Actor mentions that tie the article to a country: "Syrian", "Turkish troops".
# A bare country name ("Georgia") is left to the resolver: it may be a US state.
COUNTRY_KINDS = frozenset({"demonym", "state_forces", "government", "police"})


def article_countries(actor_matches: Iterable) -> Counter[str]:
    """ISO3 -> mentions: demonyms and state actors ("Syrian troops").

    Country names ("Georgia", "Lebanon", "Jordan") do not count here: they may
    be US states and towns; the resolution decides, and the countries of its
    picks then support the other names."""
    counts: Counter[str] = Counter()
    for m in actor_matches:
        if m.actor.country and m.kind in COUNTRY_KINDS:
            counts[m.actor.country] += 1
    return counts


def resolve_places(names: list[str], admin_hint: list[bool], gaz: Gazetteer, countries: list[str]) -> list[Place]:
    """The place each name refers to, in order; ``admin_hint[i]`` when the text
    calls name i a province/district ("Idlib province")."""
    hints = [n for n, h in zip(names, admin_hint) if h]
    resolved = resolve_many(names, gaz, GeoContext(countries=countries, places=[], admin_hints=hints))
    out = []
    for name, hinted, place in zip(names, admin_hint, resolved):
        if hinted and place.geonameid is not None and (
            place.geo_precision == 1 or (place.feature_code or "").startswith("PCL")
        ):
            # "Idlib province" is the province, not the town it is named after.
            place = admin_version(name, gaz, countries) or _province_of(place, gaz) or place
        out.append(place)
    return out


def _province_of(town: Place, gaz: Gazetteer) -> Place | None:
    """ "Deir al-Zour province" when only the town is known by that spelling: the
    province the town is in, if it bears the town's name."""
    if not town.admin1 or not (town.feature_code or "").startswith("PPL"):
        return None
    if fuzz.ratio(key(town.name), key(town.admin1)) < 80:
        return None
    return admin_version(town.admin1, gaz, [town.country] if town.country else [])


def admin_version(name: str, gaz: Gazetteer, countries: list[str]) -> Place | None:
    """ "Idlib province", "Niger state": the administrative unit of that name, in the
    article's most mentioned country that has one."""
    options = [c for c in gaz.lookup(name, limit=25) if c.feature_code in ("ADM1", "ADM2")]
    rank = {c: i for i, c in enumerate(countries)}
    options.sort(key=lambda c: (rank.get(c.country, len(rank)), c.feature_code != "ADM1"))
    if not options or (countries and options[0].country not in rank):
        return None
    c = options[0]
    return Place(name=c.name, geonameid=c.geonameid, lat=c.lat, lon=c.lon, admin1=c.admin1 or c.name,
                 admin2=c.admin2, country=c.country, geo_precision=3 if c.feature_code == "ADM1" else 2,
                 feature_code=c.feature_code)
