"""ACLED naming convention for generic actors ("Military Forces of Syria", "Rebels (Syria)")."""

from __future__ import annotations

from tacitus.ontology.countries import country_by_iso3
from tacitus.records import Actor

# kind -> (name without country, template with country, ACLED inter code)
GENERIC: dict[str, tuple[str, str, int]] = {
    "state_forces": ("Military Forces", "Military Forces of {}", 1),
    "police": ("Police Forces", "Police Forces of {}", 1),
    "government": ("Government", "Government of {}", 1),
    "rebels": ("Rebels", "Rebels ({})", 2),
    "militia": ("Militias", "Militias ({})", 3),
    "unidentified": ("Unidentified Armed Group", "Unidentified Armed Group ({})", 3),
    "rioters": ("Rioters", "Rioters ({})", 5),
    "protesters": ("Protesters", "Protesters ({})", 6),
    "civilians": ("Civilians", "Civilians ({})", 7),
}
_KIND_BY_BASE = {base: kind for kind, (base, _, _) in GENERIC.items()}


def generic_name(kind: str, iso3: str | None) -> str:
    base, template, _ = GENERIC[kind]
    return template.format(country_by_iso3(iso3).name) if iso3 else base


def generic_actor(kind: str, iso3: str | None, surface: str | None = None, backers: list[str] | None = None) -> Actor:
    return Actor(
        name=generic_name(kind, iso3),
        aliases_matched=[surface] if surface else [],
        inter=GENERIC[kind][2],
        country=iso3,
        backers=list(backers or []),
    )


def generic_kind(actor: Actor) -> str | None:
    """The generic kind of an actor still lacking its country ("Rebels" -> "rebels")."""
    return _KIND_BY_BASE.get(actor.name)


def with_country(actor: Actor, iso3: str) -> Actor:
    """Fill in the country of a country-less generic actor; other actors come back unchanged."""
    kind = generic_kind(actor)
    if kind is None or actor.country is not None or not iso3:
        return actor
    return actor.model_copy(update={"name": generic_name(kind, iso3.upper()), "country": iso3.upper()})
