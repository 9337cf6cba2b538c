"""Countries with the short names ACLED uses in actor names, aliases and demonyms.

Data lives in countries.yaml so analysts can add aliases without touching code.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import yaml

__all__ = ["Country", "all_countries", "country_by_iso3", "country_by_iso2", "lookup_country", "normalize_key"]

# Lower-cased lookups would turn the pronoun "us" into the United States.
_CASE_SENSITIVE_KEYS = {"us", "u s", "car", "png"}


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()

    @property
    def surfaces(self) -> tuple[str, ...]:
        return (self.name, *self.aliases, *self.demonyms)

    def is_demonym(self, word: str) -> bool:
        """ "Syrian" for Syria, not "Syria": compared as ``lookup_country`` compares."""
        k = normalize_key(word)
        return any(normalize_key(d) == k for d in self.demonyms)


def normalize_key(text: str) -> str:
    """Fold case, apostrophes, dots and hyphen/space variants so surface forms compare equal."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    text = re.sub(r"'s$", "", text.strip())  # possessive: "Iran's"
    text = re.sub(r"['.]", "", text)
    text = re.sub(r"[\s\-\u2010\u2011\u2013]+", " ", text)
    return text.casefold().strip()


@dataclass(frozen=True)
class _Index:
    by_iso3: dict[str, Country]
    by_iso2: dict[str, Country]
    by_key: dict[str, Country]  # casefolded name/alias/demonym
    exact: dict[str, Country]  # surface exactly as written in the data


@functools.lru_cache(maxsize=1)
def _index() -> _Index:
    raw = yaml.safe_load(resources.files("tacitus.ontology").joinpath("countries.yaml").read_text("utf-8"))
    by_iso3: dict[str, Country] = {}
    by_iso2: dict[str, Country] = {}
    by_key: dict[str, Country] = {}
    exact: dict[str, Country] = {}
    for row in raw:
        c = Country(row["iso3"], row["iso2"], row["name"], tuple(row.get("aliases") or ()), tuple(row.get("demonyms") or ()))
        by_iso3[c.iso3] = c
        by_iso2[c.iso2] = c
        for s in c.surfaces:
            # First writer wins: curated names come before pycountry's long forms.
            exact.setdefault(s, c)
            by_key.setdefault(normalize_key(s), c)
    return _Index(by_iso3, by_iso2, by_key, exact)


def all_countries() -> list[Country]:
    return list(_index().by_iso3.values())


def country_by_iso3(iso3: str) -> Country:
    """Raise KeyError for unknown codes: an unknown ISO3 is a data bug upstream."""
    return _index().by_iso3[iso3.upper()]


def country_by_iso2(iso2: str) -> Country:
    return _index().by_iso2[iso2.upper()]


def lookup_country(word_or_name: str) -> Country | None:
    """Country for a name, alias or demonym ("Syrian", "DRC", "Türkiye"); None if unknown."""
    idx = _index()
    text = word_or_name.strip()
    if text.startswith(("the ", "The ")):
        text = text[4:]
    hit = idx.exact.get(text)
    if hit:
        return hit
    key = normalize_key(text)
    if key in _CASE_SENSITIVE_KEYS and not key.replace(" ", "").upper() == re.sub(r"[^A-Za-z]", "", text):
        return None
    return idx.by_key.get(key)
