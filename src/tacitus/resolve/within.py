"""Merge the mentions of one article that report the same event.

A report's lead and its body, or its closing summary, describe the same event
again; ACLED codes it once.  Two mentions are the same event when their types
agree, their places are compatible (equal, unknown, or one inside the other),
their dates agree within precision, and their actors do not conflict.
"""

from __future__ import annotations

import hashlib

from tacitus.records import Actor, Event, EventMention, Fatalities, Place, Sources

GENERIC_PREFIXES = ("Military Forces", "Police Forces", "Government", "Rebels", "Militias", "Protesters",
                    "Rioters", "Civilians", "Unidentified Armed Group")


def _kind(m: EventMention) -> str:
    return m.sub_event_type or f"plover:{m.plover_type}"


def _places_compatible(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return True
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    # A country or province contains the town: "into Syria" and "at Abu Kamal".
    coarse, fine = (a, b) if _grain(a) >= _grain(b) else (b, a)
    if coarse.geo_precision == 3 and (coarse.feature_code or "").startswith("PCL"):
        return coarse.country == fine.country
    if fine.feature_code == "PPLX" and (fine.lat, fine.lon) == (coarse.lat, coarse.lon):
        return True  # "Khair Khana in northern Kabul" and "Kabul"
    if coarse.feature_code == "ADM1" and fine.admin1 and coarse.admin1:
        return coarse.admin1 == fine.admin1
    return a.name == b.name


def _actors_compatible(a: Actor | None, b: Actor | None) -> bool:
    if a is None or b is None:
        return True
    if a.name == b.name:
        return True
    # Within one report, "Iranian-backed Iraqi militias" and "the Iraqi forces" are the same
    # actor named twice: actors of the same country do not conflict.
    return a.country is not None and a.country == b.country


def _dates_compatible(a: EventMention, b: EventMention) -> bool:
    if a.event_date is None or b.event_date is None or not (a.date_stated and b.date_stated):
        return True
    window = {1: 0, 2: 7, 3: 31}[max(a.date_precision, b.date_precision)]
    return abs((a.event_date - b.event_date).days) <= window


VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
CONSEQUENCE_WORDS = frozenset({"kill", "die", "dead", "death", "casualty", "fatality", "injure", "wound"})

# A demonstration is coded once, as its most severe form.
DEMONSTRATION_SEVERITY = ["Peaceful protest", "Protest with intervention", "Mob violence", "Violent demonstration",
                          "Excessive force against protesters"]


TERRITORY = ("Government regains territory", "Non-state actor overtakes territory")


def _generic_violence(m: EventMention) -> bool:
    """ "strike kills seven": a killing named with no other type, the same event as the strike."""
    return m.sub_event_type == "Attack" and m.trigger in CONSEQUENCE_WORDS


def _civilian_target(m: EventMention) -> bool:
    return m.civilian_targeting or (m.actor2 is not None and m.actor2.inter == 7)


def _kinds_compatible(a: EventMention, b: EventMention) -> bool:
    if _kind(a) == _kind(b):
        return True
    if a.sub_event_type in DEMONSTRATION_SEVERITY and b.sub_event_type in DEMONSTRATION_SEVERITY:
        return True
    kinds = {a.sub_event_type, b.sub_event_type}
    if kinds == {"Attack", "Armed clash"} and not _civilian_target(a) and not _civilian_target(b):
        return True  # "an attack on an army post" and "fighting lasted hours": one clash
    if a.event_type in VIOLENT_TYPES and b.event_type in VIOLENT_TYPES and (_generic_violence(a) or _generic_violence(b)):
        return True
    # "recaptured the town after a day of heavy fighting" is one battle.
    return "Armed clash" in kinds and bool(kinds & set(TERRITORY))


def same_event(a: EventMention, b: EventMention) -> bool:
    return (
        _kinds_compatible(a, b)
        and _places_compatible(a.location, b.location)
        and _dates_compatible(a, b)
        and _actors_compatible(a.actor1, b.actor1)
    )


def _placed(p: Place) -> bool:
    return p.geonameid is not None or p.lat is not None


def _grain(p: Place) -> tuple[int, int]:
    """Smaller is finer: a quarter of a town ("Khair Khana", PPLX) before the town; at
    province precision an unlisted village placed there before the province itself."""
    code = p.feature_code or ""
    return p.geo_precision or 3, 0 if code == "PPLX" else 3 if code.startswith("PCL") else 2 if code == "ADM1" else 1


def _finer(a: Place | None, b: Place | None) -> Place | None:
    if a is None or (not _placed(a) and b is not None and _placed(b)):
        return b
    if b is None or not _placed(b):
        return a
    return b if _grain(b) < _grain(a) else a


def _merge_actor_lists(*lists: list[Actor], exclude: set[str]) -> list[Actor]:
    out: list[Actor] = []
    for items in lists:
        for a in items:
            if a.name not in exclude and a.name not in [o.name for o in out]:
                out.append(a)
    return out


def _specificity(a: Actor) -> int:
    """A named group says more than a generic actor; a generic one with backers more than a bare one."""
    if not a.name.startswith(GENERIC_PREFIXES):
        return 3
    return 2 if a.backers else 1


def _better_actor(a: Actor | None, b: Actor | None) -> Actor | None:
    if a is None:
        return b
    if b is None:
        return a
    if _specificity(b) > _specificity(a):
        a, b = b, a
    return a.model_copy(update={"backers": sorted(set(a.backers) | set(b.backers)),
                                "aliases_matched": list(dict.fromkeys(a.aliases_matched + b.aliases_matched))})


def combine(group: list[EventMention]) -> EventMention:
    base = max(group, key=lambda m: m.confidence)
    severe = [m for m in group if m.sub_event_type in DEMONSTRATION_SEVERITY]
    if severe:
        base = max(severe, key=lambda m: (DEMONSTRATION_SEVERITY.index(m.sub_event_type), m.confidence))
    clash_with_forces = any(m.sub_event_type == "Armed clash" for m in group) and not any(
        _civilian_target(m) for m in group)
    specific = [m for m in group if not _generic_violence(m) and m.sub_event_type != "Armed clash"
                and not (clash_with_forces and m.sub_event_type == "Attack")]
    if not severe and specific and base not in specific:
        base = max(specific, key=lambda m: m.confidence)
    loc = None
    for m in group:
        if not m.anaphoric:
            loc = _finer(loc, m.location)
    if loc is None:
        # Only the follow-up sentences name a place ("...killing five in the Afghan
        # capital"): better than the country alone.
        for m in group:
            loc = _finer(loc, m.location)
    actor1 = actor2 = None
    for m in sorted(group, key=lambda m: -m.confidence):
        actor1 = _better_actor(actor1, m.actor1)
        actor2 = _better_actor(actor2, m.actor2)
    taken = {a.name for a in (actor1, actor2) if a}
    figures = [m.fatalities for m in group if m.fatalities is not None]
    fatalities = None
    if figures:
        # Within one report a later, larger figure is the fuller count (parts and totals), so
        # the best figure is the largest; across reports resolution is conservative instead.
        fatalities = Fatalities(
            low=min(f.low for f in figures), best=max(f.best for f in figures), high=max(f.high for f in figures)
        )
    quantities = []
    for m in group:
        for q in m.quantities:
            if not any(q.value == o.value for o in quantities):
                quantities.append(q)
    dated = [m for m in group if m.event_date is not None]
    # The event's own date is the earliest precise one stated; later ones date follow-ups and reports.
    best_date = min(dated, key=lambda m: (not m.date_stated, m.date_precision, m.event_date)) if dated else base
    evidence = []
    seen = set()
    for m in group:
        for e in m.evidence:
            key = (e.field, e.start, e.end)
            if key not in seen:
                seen.add(key)
                evidence.append(e)
    return base.model_copy(
        update={
            "location": loc,
            "actor1": actor1,
            "actor2": actor2,
            "assoc_actor_1": _merge_actor_lists(*[m.assoc_actor_1 for m in group], exclude=taken),
            "assoc_actor_2": _merge_actor_lists(*[m.assoc_actor_2 for m in group], exclude=taken),
            "fatalities": fatalities,
            "quantities": quantities,
            "event_date": best_date.event_date,
            "date_precision": best_date.date_precision,
            "evidence": evidence,
            "civilian_targeting": any(m.civilian_targeting for m in group),
            "confidence": round(min(0.99, base.confidence + 0.05 * (len(group) - 1)), 2),
        }
    )




def _consequence_only(m: EventMention) -> bool:
    """ "Two more bodies were found", "the death toll rose": a figure, not a new act."""
    return _generic_violence(m) and m.actor1 is None


def merge_mentions(mentions: list[EventMention]) -> list[EventMention]:
    groups: list[list[EventMention]] = []
    loose: list[EventMention] = []
    for m in mentions:
        if _consequence_only(m):
            loose.append(m)
            continue
        if m.anaphoric:
            # "The explosion tore through the market": the event just reported, wherever else
            # the sentence goes ("taken to hospitals in Maiduguri").
            earlier = next((g for g in reversed(groups) if g[0].event_type and (
                g[0].family == m.family or {g[0].event_type, m.event_type} <= VIOLENT_TYPES)), None)
            if earlier is not None:
                earlier.append(m.model_copy(update={"sub_event_type": earlier[0].sub_event_type,
                                                    "event_type": earlier[0].event_type,
                                                    "disorder_type": earlier[0].disorder_type}))
                continue
        for g in groups:
            if all(same_event(m, other) for other in g):
                g.append(m)
                break
        else:
            groups.append([m])
    for m in loose:
        # A bare casualty sentence ("No injuries were reported there") belongs to the event
        # reported last before it at a compatible place, else to the report's first such event.
        def _fits(g):
            return (g[0].event_type in VIOLENT_TYPES or g[0].disorder_type == "Demonstrations") and all(
                _places_compatible(m.location, o.location) for o in g)

        before = [g for g in groups if _fits(g) and min(o.sentence_start for o in g) < m.sentence_start]
        target = max(before, key=lambda g: max(o.sentence_start for o in g if o.sentence_start < m.sentence_start),
                     default=None) or next((g for g in groups if _fits(g)), None)
        if target is not None:
            target.append(m.model_copy(update={"sub_event_type": target[0].sub_event_type,
                                               "event_type": target[0].event_type, "anaphoric": True}))
        # A casualty figure with no act and no event to attach to is left out: ACLED codes acts.
    return [combine(g) for g in groups]


def complete(m: EventMention, registry, armed_groups: list[Actor] = ()) -> EventMention | None:
    """ACLED codes no event without an actor.  An act of violence whose perpetrator the
    sentence does not name is the report's only named armed group's when there is exactly
    one (the report attributes it), else an "Unidentified Armed Group"; other events with
    no actor at all are dropped."""
    if m.actor1 is not None and m.actor1.name.startswith("Unidentified Armed Group") and len(armed_groups) == 1 \
            and m.event_type in VIOLENT_TYPES:
        # "the bomber was a member of Boko Haram": the report attributes the act.
        return m.model_copy(update={"actor1": armed_groups[0], "confidence": round(m.confidence * 0.9, 2)})
    if m.actor1 is not None or m.event_type is None:
        return m
    if m.event_type in VIOLENT_TYPES and (m.fatalities is not None or m.actor2 is not None):
        if len(armed_groups) == 1 and (m.actor2 is None or m.actor2.name != armed_groups[0].name):
            return m.model_copy(update={"actor1": armed_groups[0], "confidence": round(m.confidence * 0.9, 2)})
        country = m.location.country if m.location else None
        return m.model_copy(update={"actor1": registry.generic("unidentified", country)})
    return None


def event_id(article_key: str, m: EventMention) -> str:
    first = min(e.start for e in m.evidence if e.field == "event_type")
    raw = f"{article_key}|{_kind(m)}|{first}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def to_event(m: EventMention, article_key: str, source: str | None) -> Event:
    fields = m.model_dump(exclude={"article_id", "sentence_start", "sentence_end", "trigger", "family", "anaphoric",
                                   "date_stated"})
    event = Event(
        event_id=event_id(article_key, m),
        article_ids=[m.article_id],
        sources=Sources(articles=1, outlets=1),
        **fields,
    )
    from tacitus.resolve.notes import note

    return event.model_copy(update={"notes": note(event)})
