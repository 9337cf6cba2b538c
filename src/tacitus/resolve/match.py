"""Is a new report of an event the same real event as one already stored?

A mention (one article's event) is compared with a stored canonical event field by
field: kind, date, place, actors and the wording of the reports.  Any field can
veto (an airstrike is not a protest; Monday is not Thursday when both are dated to
the day; two towns 20 km apart are two places); the rest add up to a score, and the
mention joins the best-scoring event above ``JOIN_AT``.  Every comparison returns
its reasons, which the store keeps beside the merge.

Candidates come from an index of (cell, day) keys, so the cost of a lookup depends
on how many events are near in space and time, not on the size of the database.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from tacitus.geo.distance import km
from tacitus.geo.normalize import key as name_key
from tacitus.records import Actor, Event, Place
from tacitus.resolve.within import GENERIC_PREFIXES, VIOLENT_TYPES

DEMONSTRATIONS = "Demonstrations"
TERRITORY = frozenset({"Government regains territory", "Non-state actor overtakes territory", "Armed clash"})

# Days two dates may differ by, at the coarser of their precisions (1 day, 2 week, 3 month).
# A day's slack at day precision: "late on Sunday" in one time zone is Monday in another,
# and "yesterday" in a report filed after midnight.
DATE_SLACK = {1: 1, 2: 7, 3: 31}
# How far apart two points may be and still be the same place, by the coarser precision
# (1 a town, 2 "near" a town or a district).  Neighbouring villages are further apart.
PLACE_KM = {1: 8.0, 2: 30.0}
GRID_DEGREES = 0.5  # 3 x 3 cells of this size cover PLACE_KM's largest radius everywhere below 70°

WEIGHTS = {"kind": 0.15, "date": 0.2, "place": 0.25, "actors": 0.1, "figures": 0.1, "text": 0.2}
JOIN_AT = 0.5


@dataclass
class Match:
    score: float
    parts: dict[str, float] = field(default_factory=dict)
    veto: str | None = None

    def reasons(self) -> dict:
        out = {"score": round(self.score, 3), **{k: round(v, 3) for k, v in self.parts.items()}}
        if self.veto:
            out["veto"] = self.veto
        return out


# ---------------------------------------------------------------- index keys


def _precise(p: Place | None) -> bool:
    return p is not None and p.lat is not None and p.lon is not None and (p.geo_precision or 3) <= 2


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / GRID_DEGREES), math.floor(lon / GRID_DEGREES)


def index_keys(e: Event) -> list[str]:
    """The keys an event is stored under: its grid cell when its place is precise, and
    its country twice: "A:" for every event there, "K:" for those known only coarsely."""
    p = e.location
    country = (p.country if p else None) or "?"
    keys = [f"A:{country}"]
    if _precise(p):
        i, j = _cell(p.lat, p.lon)
        keys.append(f"G:{i}:{j}")
    else:
        keys.append(f"K:{country}")
    return keys


def lookup_keys(e: Event) -> list[str]:
    """The keys under which a stored event could be the same as ``e``."""
    p = e.location
    country = (p.country if p else None) or "?"
    if not _precise(p):
        # Known only to a country or province: any event in that country may be it.
        return [f"A:{country}"]
    i, j = _cell(p.lat, p.lon)
    return [f"G:{i + di}:{j + dj}" for di in (-1, 0, 1) for dj in (-1, 0, 1)] + [f"K:{country}"]


# ---------------------------------------------------------------- field comparisons


def _kind(a: Event, b: Event) -> tuple[float, str | None]:
    if a.event_type is None or b.event_type is None:
        if a.event_type is None and b.event_type is None and a.plover_type == b.plover_type:
            return 1.0, None
        return 0.0, "one is an ACLED event, the other not"
    if a.sub_event_type == b.sub_event_type:
        return 1.0, None
    subs = {a.sub_event_type, b.sub_event_type}
    if a.event_type == b.event_type:
        return 0.7, None
    if a.disorder_type == b.disorder_type == DEMONSTRATIONS or subs <= TERRITORY:
        return 0.7, None
    if {a.event_type, b.event_type} <= VIOLENT_TYPES and "Attack" in subs:
        # "gunmen killed 12" and "an IED killed 12": one outlet names only the killing.
        return 0.5, None
    if {a.event_type, b.event_type} <= VIOLENT_TYPES | {DEMONSTRATIONS, "Riots"} and (
            "Excessive force against protesters" in subs or "Riots" in {a.event_type, b.event_type}):
        return 0.5, None
    if a.disorder_type == b.disorder_type == "Political violence" or (
            "Looting/property destruction" in subs and "Political violence" in {a.disorder_type, b.disorder_type}):
        # Outlets describe one attack as a raid, a clash, a massacre, or the looting that
        # came with it; the other fields decide.
        return 0.3, None
    return 0.0, f"different kinds: {a.sub_event_type} / {b.sub_event_type}"


def _date(a: Event, b: Event) -> tuple[float, str | None]:
    if a.event_date is None or b.event_date is None:
        return 0.4, None
    slack = DATE_SLACK[max(a.date_precision, b.date_precision)]
    diff = abs((a.event_date - b.event_date).days)
    if diff > slack:
        return 0.0, f"{diff} days apart"
    return 1.0 - 0.25 * diff / slack if slack else 1.0, None


def _contains(coarse: Place, fine: Place) -> bool:
    if coarse.country and fine.country and coarse.country != fine.country:
        return False
    code = coarse.feature_code or ""
    if code.startswith("PCL") or code == "CONT" or not coarse.admin1:
        return True
    if code == "ADM1" or coarse.geo_precision == 3:
        return fine.admin1 is None or name_key(coarse.admin1) == name_key(fine.admin1)
    return False


def _same_name(a: Place, b: Place) -> bool:
    return fuzz.ratio(name_key(a.name), name_key(b.name)) >= 85


def _quarter(p: Place) -> bool:
    """ "Khair Khana in northern Kabul": a named part of a town (GeoNames' PPLX)."""
    return p.feature_code == "PPLX"


def _names_province(p: Place) -> bool:
    """ "in Idlib", "in Deir ez-Zor": a town named like its province may stand for the province."""
    return (p.feature_code or "").startswith("PPL") and bool(p.admin1) and name_key(p.name) in name_key(p.admin1)


def _place(a: Place | None, b: Place | None) -> tuple[float, str | None]:
    if a is None or b is None:
        return 0.3, None
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return 1.0, None
    if a.country and b.country and a.country != b.country:
        return 0.0, f"different countries: {a.country} / {b.country}"
    if _precise(a) and _precise(b):
        limit = PLACE_KM[max(a.geo_precision or 1, b.geo_precision or 1)]
        d = km(a.lat, a.lon, b.lat, b.lon)
        if d <= limit and _quarter(a) and _quarter(b) and not _same_name(a, b):
            return 0.0, f"different quarters: {a.name} / {b.name}"
        if d <= limit:
            return 1.0 - 0.4 * d / limit, None
        if _same_name(a, b):
            return 0.7, None  # one name, two gazetteer entries: a spelling resolved elsewhere
        if a.admin1 == b.admin1 and (_names_province(a) or _names_province(b)):
            return 0.4, None
        return 0.0, f"{d:.0f} km apart"
    if a.geonameid is None or b.geonameid is None:
        # A place the gazetteer does not know: its name is all there is.
        if _same_name(a, b):
            return 0.9, None
        unknown, other = (a, b) if a.lat is None else (b, a)
        if unknown.lat is None and unknown.geonameid is None and (other.geo_precision or 3) <= 2:
            # An unlisted village and a town of another name: perhaps a camp or quarter of
            # the town, more often another place.
            return 0.2, None
    coarse, fine = (a, b) if (a.geo_precision or 3) >= (b.geo_precision or 3) else (b, a)
    if _contains(coarse, fine):
        return 0.5, None
    return 0.0, f"{fine.name} is not in {coarse.name}"


def _generic(a: Actor) -> bool:
    return a.name.startswith(GENERIC_PREFIXES)


def _actor(a: Actor | None, b: Actor | None) -> float | None:
    """1 same actor, 0.5 compatible or unknown, 0 two different named actors."""
    if a is None or b is None:
        return None
    if a.name == b.name or set(a.aliases_matched) & set(b.aliases_matched):
        return 1.0
    if _generic(a) or _generic(b):
        return 0.5 if (a.country is None or b.country is None or a.country == b.country) else 0.2
    return 0.0


def _actors(a: Event, b: Event) -> float:
    scores = [s for s in (_actor(a.actor1, b.actor1), _actor(a.actor2, b.actor2)) if s is not None]
    if a.event_type == "Battles":
        # A clash has no direction: one outlet's attacker is another's defender.
        crossed = [s for s in (_actor(a.actor1, b.actor2), _actor(a.actor2, b.actor1)) if s is not None]
        if crossed and (not scores or sum(crossed) / len(crossed) > sum(scores) / len(scores)):
            scores = crossed
    return sum(scores) / len(scores) if scores else 0.5


def _figures(a: Event, b: Event) -> float:
    """Tolls rise as bodies are found, but one outlet's 1 dead and another's 13 are two events."""
    if a.fatalities is None or b.fatalities is None:
        return 0.5
    lo = min(a.fatalities.best, b.fatalities.best)
    hi = max(a.fatalities.high, b.fatalities.high, a.fatalities.best, b.fatalities.best)
    if hi == 0:
        return 1.0
    return (lo + 1) / (hi + 1)


_WORD = re.compile(r"[a-z]{3,}")
STOPWORDS = frozenset("""
the and for with from that this were was are has have had been said says say its their they them
his her who which what when where while after before into over under about than then also but not
more most some other such only two three four five six seven eight nine ten least killed dead died
people reported report reports according sources source told news agency monday tuesday wednesday
thursday friday saturday sunday yesterday today morning afternoon evening night late early
january february march april may june july august september october november december
""".split())


def content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in STOPWORDS)


def _text(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap of the two reports' content words, relative to the shorter."""
    if not a or not b:
        return 0.3
    return len(a & b) / min(len(a), len(b))


def compare(mention: Event, words: frozenset[str], event: Event, event_words: list[frozenset[str]]) -> Match:
    """Score ``mention`` (one article's event) against a stored canonical ``event``."""
    parts: dict[str, float] = {}
    for name, fn in (("kind", _kind), ("date", _date), ("place", _place)):
        a, b = (mention, event) if name != "place" else (mention.location, event.location)
        s, veto = fn(a, b)
        parts[name] = s
        if veto:
            return Match(0.0, parts, veto)
    if (mention.mode == "asserted") != (event.mode == "asserted"):
        return Match(0.0, parts, f"modes differ: {mention.mode} / {event.mode}")
    parts["actors"] = _actors(mention, event)
    parts["figures"] = _figures(mention, event)
    parts["text"] = max((_text(words, w) for w in event_words), default=0.3)
    score = sum(WEIGHTS[k] * v for k, v in parts.items())
    return Match(score, parts)


_SENTENCE_END = re.compile(r"[.!?\n]")


def report_words(text: str, mention: Event) -> frozenset[str]:
    """Content words of the headline and of the sentences the mention's evidence comes from."""
    headline = text.strip().split("\n", 1)[0][:200]
    words: set[str] = set(content_words(headline))
    done: set[tuple[int, int]] = set()
    for e in mention.evidence:
        start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, e.start)), default=0)
        end_match = _SENTENCE_END.search(text, e.end)
        end = end_match.start() if end_match else len(text)
        if (start, end) not in done:
            done.add((start, end))
            words |= content_words(text[start:end])
    return frozenset(words)
