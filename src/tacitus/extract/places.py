"""Place names in an article, and the place where a given event happened.

spaCy's small model often tags towns as ORG or NORP ("Bou Kamal" ORG), so a span
counts as a place when the gazetteer knows it AND the text treats it as one
(a locative preposition, a place noun after it, or a GPE/LOC/FAC tag).
"""

from __future__ import annotations

from dataclasses import dataclass

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


def _strip(span):
    while len(span) and span[0].lower_ in ("the", "a", "an") or len(span) and span[0].is_punct:
        span = span[1:]
    while len(span) and (span[-1].is_punct or span[-1].lower_ in ("'s", "’s")):
        span = span[:-1]
    return span


def candidate_spans(doc, blocked: list[tuple[int, int]]):
    """NER entities plus runs of proper nouns, minus spans already taken by actors."""
    seen = set()
    spans = []
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC", "FAC", "NORP", "ORG", "PERSON"):
            spans.append((_strip(ent), ent.label_))
    run = []
    for tok in list(doc) + [None]:
        if tok is not None and tok.pos_ == "PROPN" and tok.is_title or (run and tok is not None and tok.text in ("-",) ):
            run.append(tok)
            continue
        if run:
            while run and run[-1].text == "-":
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


def find_places(doc, gaz, blocked: list[tuple[int, int]]) -> list[PlaceSpan]:
    found: list[PlaceSpan] = []
    for span, label in candidate_spans(doc, blocked):
        text = span.text
        if span[0].lower_ in NOT_PLACES or span[-1].lower_ in NOT_PLACES:
            continue
        if len(text) < 3 or not text[0].isupper():
            continue
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        before2 = doc[span.start - 2].lower_ if span.start > 1 else ""
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        after2 = doc[span.end + 1].lower_ if span.end + 1 < len(doc) else ""
        settlement = after in SETTLEMENT_NOUNS or (before == "of" and before2 in SETTLEMENT_NOUNS)
        if not gaz.is_place_name(text):
            # Unknown to the gazetteer, but the text says it is a place: kept
            # by name (it resolves to no geonameid) rather than lost.
            if not (settlement or (label in ("GPE", "LOC", "FAC") and before in EVENT_SITE_PREPS)):
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
                                   settlement=settlement and after not in ADMIN_NOUNS))
    return sorted(found, key=lambda p: p.start)


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
    elif p.place is not None and p.place.geonameid is None:
        score -= 1.5
    score += (3 - precision) * 0.75  # a town says more than its country
    score -= abs(tok.i - trigger.i) * 0.02
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
