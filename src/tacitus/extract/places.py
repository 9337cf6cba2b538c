"""Place names in an article, and the place where a given event happened.

spaCy's small model often tags towns as ORG or NORP ("Bou Kamal" ORG), so a span
counts as a place when the gazetteer knows it AND the text treats it as one
(a locative preposition, a place noun after it, or a GPE/LOC/FAC tag).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tacitus.geo.distance import km
from tacitus.geo.normalize import key as name_key

LOCATIVE = frozenset({"in", "at", "near", "outside", "around", "into", "across", "inside", "from", "to", "toward",
                      "towards", "on", "of", "between", "within", "throughout", "through", "north", "south",
                      "east", "west", "entered", "reached"})
EVENT_SITE_PREPS = frozenset({"in", "at", "near", "outside", "around", "inside", "across", "into", "within",
                              "throughout", "on", "of"})
PLACE_NOUNS = frozenset({"province", "governorate", "region", "district", "city", "town", "village", "county",
                         "state", "border", "crossing", "camp", "area", "neighbourhood", "neighborhood",
                         "suburb", "municipality", "prefecture", "department", "valley", "countryside",
                         "territory", "oblast", "checkpoint", "market", "airport", "base", "outskirts"})
# Verbs after which a place is where forces are heading, not where anything happened.
TARGET_VERBS = frozenset({"move", "advance", "march", "push", "head", "threaten", "target", "press"})
ADMIN_NOUNS = frozenset({"province", "governorate", "region", "state", "county", "oblast", "prefecture",
                         "department", "district"})
# Nouns that make the name before them (or after "the town of") a settlement or
# a spot within one, even when the gazetteer does not know it: "Shinfida village".
SETTLEMENT_NOUNS = frozenset({"village", "town", "city", "hamlet", "neighbourhood", "neighborhood", "suburb",
                              "camp", "district", "quarter", "area", "locality", "settlement", "township"})


@dataclass
class PlaceSpan:
    start: int  # char offsets in the article
    end: int
    text: str
    root: object  # spaCy Token
    admin_hint: bool = False  # "Idlib province"
    place: object = None  # records.Place once resolved
    settlement: bool = False  # the text calls it a village, town, camp... ("Shinfida village")
    container: bool = False  # only locates the place named just before it ("X in Kaduna state")
    dateline: bool = False  # "KABUL, Nov 25 (Reuters) -": where the reporter is, not the event


def _strip(span):
    while len(span) and (span[0].lower_ in ("the", "a", "an") or span[0].is_punct or span[0].is_space):
        span = span[1:]
    while len(span) and (span[-1].is_punct or span[-1].is_space or span[-1].lower_ in ("'s", "’s")):
        span = span[:-1]
    return span


# Lower-case particles inside hyphenated Arabic and Persian names: "Dasht-e-Barchi",
# "Ras al-Ain", "Deir ez-Zor", "Kafr el-Sheikh".
NAME_PARTICLES = frozenset("al el ez az as ash ad ar an at ul e i o".split())


def _continues_run(doc, tok) -> bool:
    """A hyphen, or a particle between hyphens, inside a run of proper nouns."""
    if tok.text == "-":
        return True
    if tok.lower_ in NAME_PARTICLES and tok.i + 1 < len(doc) and doc[tok.i + 1].text == "-":
        return tok.i > 0 and (doc[tok.i - 1].text == "-" or doc[tok.i - 1].pos_ == "PROPN")
    return False


def _titled(tok) -> bool:
    """ "Aleppo", and "Ta'izz" or "Ma'arrat", which str.istitle() rejects."""
    return tok.is_title or (tok.text[:1].isupper() and tok.text[1:].replace("'", "").replace("’", "").islower())


def candidate_spans(doc, blocked: list[tuple[int, int]]):
    """NER entities plus runs of proper nouns, minus spans already taken by actors."""
    seen = set()
    spans = []
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC", "FAC", "NORP", "ORG", "PERSON"):
            spans.append((_strip(ent), ent.label_))
    run = []
    for tok in list(doc) + [None]:
        if tok is not None and (tok.pos_ == "PROPN" and _titled(tok) or run and (
                _continues_run(doc, tok) or tok.is_title and doc[tok.i - 1].text == "-")):
            run.append(tok)
            continue
        if run:
            while run and (run[-1].text == "-" or run[-1].lower_ in NAME_PARTICLES):
                run.pop()
            if run:
                spans.append((_strip(doc[run[0].i : run[-1].i + 1]), "PROPN"))
            run = []
    for span, label in spans:
        if not len(span):
            continue
        key = (span.start_char, span.end_char)
        if key in seen or any(span.start_char < e and s < span.end_char for s, e in blocked):
            continue
        seen.add(key)
        yield span, label


# Capitalised words that are never the place meant, though GeoNames has places so named.
NOT_PLACES = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april may "
                       "june july august september october november december god allah".split())


def find_places(doc, gaz, blocked: list[tuple[int, int]], doc_text: str | None = None) -> list[PlaceSpan]:
    """Pass `doc_text` when you have it: Doc.text rebuilds the text from every token."""
    doc_text = doc.text if doc_text is None else doc_text
    found: list[PlaceSpan] = []
    for span, label in candidate_spans(doc, blocked):
        text = span.text
        if span[0].lower_ in NOT_PLACES or span[-1].lower_ in NOT_PLACES:
            continue
        if len(text) < 3 or not text[0].isupper():
            continue
        if label == "NORP" and not exact_name(gaz, text):
            continue  # "Shi'ite", "Kurdish": a people or a faith, unless a place bears the very name
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        before2 = doc[span.start - 2].lower_ if span.start > 1 else ""
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        after2 = doc[span.end + 1].lower_ if span.end + 1 < len(doc) else ""
        settlement = after in SETTLEMENT_NOUNS or (before == "of" and before2 in SETTLEMENT_NOUNS)
        if not gaz.is_place_name(text):
            # Unknown to the gazetteer, but the text says it is a place: kept
            # by name (it resolves to no geonameid) rather than lost.
            named_in = after == "," and span.end + 1 < len(doc) and gaz.is_place_name(doc[span.end + 1].text)
            if not (settlement or (before in EVENT_SITE_PREPS and (label in ("GPE", "LOC", "FAC") or named_in))):
                continue
        else:
            placey = label in ("GPE", "LOC", "FAC") or before in LOCATIVE or after in PLACE_NOUNS or after2 in PLACE_NOUNS
            if not placey:
                # Large, well-known places are places wherever they stand ("overtaken Aleppo").
                best = gaz.lookup(text, limit=3)
                if not (best and (best[0].population or 0) >= 100_000):
                    continue
        if not any(p.start < span.end_char and span.start_char < p.end for p in found):
            found.append(PlaceSpan(span.start_char, span.end_char, text, span.root, after in ADMIN_NOUNS,
                                   settlement=settlement and after not in ADMIN_NOUNS,
                                   dateline=_is_dateline(doc_text, span.start_char, span.end_char)))
    for capital in _capitals(doc, gaz, doc_text):
        if not any(p.start < capital.end and capital.start < p.end for p in found):
            found.append(capital)
    return sorted(found, key=lambda p: p.start)


def exact_name(gaz, text: str) -> bool:
    best = gaz.lookup(text, limit=1)
    return bool(best) and best[0].match == "exact"


def _is_dateline(text: str, start: int, end: int) -> bool:
    """An upper-case place opening a line and followed by a comma: "MOGADISHU, Oct 17 -"."""
    line_start = text.rfind("\n", 0, start) + 1
    name = text[start:end]
    return name.isupper() and not text[line_start:start].strip() and text[end:end + 1] == ","


def _capitals(doc, gaz, text: str):
    """ "the Somali capital", "the Afghan capital": the capital city of that country."""
    from tacitus.geo.resolve import demonym_country, to_place

    if "capital" not in text.lower():
        return
    for tok in doc:
        if tok.lower_ != "capital" or tok.i == 0 or tok.pos_ != "NOUN":
            continue
        adjective = doc[tok.i - 1]
        country = demonym_country(adjective.text, gaz)
        city = gaz.capital(country.country) if country is not None and country.country else None
        if city is not None:
            yield PlaceSpan(adjective.idx, tok.idx + len(tok), text[adjective.idx:tok.idx + len(tok)], tok,
                            place=to_place(city), settlement=True)


# "Khair Khana in northern Kabul", "Dasht-e-Barchi, Kabul", "Pulka in Borno state":
# the text between a place and the larger one that contains it.
_CONTAINED_BY = re.compile(r"\s*,\s*|\s+in\s+(?:the\s+)?(?:(?:north|south|east|west|central)\w*\s+)?")
IN_TOWN_KM = 30.0  # a quarter or suburb of a city lies within this distance of its point


def _inside(inner, outer) -> bool:
    if inner.geonameid is None or (inner.country and outer.country and inner.country != outer.country):
        return False
    code = outer.feature_code or ""
    if code.startswith("PCL"):
        return True
    if code == "ADM1":
        return name_key(inner.admin1 or "") == name_key(outer.admin1 or outer.name)
    if code == "ADM2":
        return name_key(inner.admin2 or "") == name_key(outer.name) or (
            inner.lat is not None and km(inner.lat, inner.lon, outer.lat, outer.lon) <= 2 * IN_TOWN_KM)
    return inner.lat is not None and km(inner.lat, inner.lon, outer.lat, outer.lon) <= IN_TOWN_KM


def _within(inner, outer):
    """ ``inner`` (a name) placed by the larger place ``outer`` that the text puts it in."""
    code = outer.feature_code or ""
    town = code.startswith("PPL")
    return outer.model_copy(update=dict(
        name=inner.name, geonameid=None, feature_code="PPLX" if town else None,  # PPLX: a section of a town
        admin1=outer.admin1 or (outer.name if code == "ADM1" else None),
        admin2=outer.admin2 or (outer.name if code == "ADM2" else None),
        geo_precision=1 if town else 3,  # ACLED codes a quarter of a city as the city, precisely
        lat=outer.lat if not code.startswith("PCL") else None,
        lon=outer.lon if not code.startswith("PCL") else None,
    ))


def place_in_containers(places: list[PlaceSpan], text: str, gaz) -> None:
    """A place the text puts inside another ("X in northern Kabul", "X, Kabul") must lie
    in it: when the gazetteer's pick for X does not (or there is none), X keeps its name
    and takes the larger place's position and units.  After a comma the pair may be
    a list ("Aleppo, Idlib and Hama"), so there only a pick that is not an exact name
    match, or lies in another country, gives way."""
    for inner, outer in zip(places, places[1:]):
        gap = _CONTAINED_BY.fullmatch(text[inner.end:outer.start])
        if gap is None or inner.place is None or outer.place is None or outer.place.geonameid is None:
            continue
        if inner.dateline:
            continue
        if _inside(inner.place, outer.place):
            outer.container = True
            continue
        if "," in gap.group(0) and inner.place.geonameid is not None and exact_name(gaz, inner.text) and (
                inner.place.country == outer.place.country):
            continue  # "Aleppo, Idlib and Hama": a list
        inner.place = _within(inner.place, outer.place)
        outer.container = True


def _site_score(p: PlaceSpan, trigger, others=()) -> float:
    """Higher when the place is where the triggering act happened."""
    tok = p.root
    score = 0.0
    for other in others:
        # "crossed into Syria ... amid a takeover of Aleppo": Aleppo belongs to the takeover.
        # ...unless this trigger sits between the other one and the place.
        if other.is_ancestor(tok) and not (other.is_ancestor(trigger) and trigger.is_ancestor(tok)):
            score -= 3.0
    prep = tok.head if tok.dep_ == "pobj" else None
    if prep is not None and prep.lower_ in EVENT_SITE_PREPS:
        score += 2.0
    if trigger.is_ancestor(tok) or tok.head.i == trigger.i:
        score += 2.0
    if tok.dep_ in ("dobj", "nsubjpass") and tok.head.i == trigger.i:
        score += 1.0  # "overtaken Aleppo", "Goma was shelled"
    precision = p.place.geo_precision if p.place is not None and p.place.geo_precision else 3
    if p.settlement:
        precision = 1  # "Shinfida village": as specific as a place gets, known or not
    elif p.place is not None and p.place.geonameid is None and p.place.lat is None:
        score -= 1.5
    score += (3 - precision) * 0.75  # a town says more than its country
    score -= abs(tok.i - trigger.i) * 0.02
    if p.dateline:
        score -= 2.5
    if p.container:
        score -= 2.0  # "in the village of X in Kaduna state": the event is at X
    return score


def targeted(p: PlaceSpan) -> bool:
    """A place that forces are moving on ("move on Damascus", "advance towards Kyiv"),
    not the site of an event."""
    tok = p.root
    hops = 0
    while tok.head.i != tok.i and hops < 4:
        prep, tok = tok.head, tok.head.head
        hops += 1
        if prep.dep_ == "prep" and prep.lower_ in ("on", "toward", "towards", "to", "into") and \
                tok.lemma_.lower() in TARGET_VERBS:
            return True
        if prep.lower_ == "including":
            continue
        if tok.pos_ == "VERB":
            break
    return False


def event_site(places: list[PlaceSpan], trigger, others=(), excluded=lambda p: False) -> PlaceSpan | None:
    """The place among a sentence's places where the event at `trigger` happened;
    `others` are the sentence's other event triggers, which claim their own places."""
    options = [p for p in places if not excluded(p)]
    if not options:
        return None
    return max(options, key=lambda p: _site_score(p, trigger, others))
