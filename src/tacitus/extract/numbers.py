"""Fatality counts and other quantities in a sentence, ACLED-style.

Vague amounts follow ACLED's codebook conventions: "several"/"many" dead are
coded 10, "dozens" 12, "scores" 20, "hundreds" 100, "a few" 3.  A report of
"at least N" is coded N.  Every figure keeps the character span it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {
    "zero": 0, "no": 0, "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "dozen": 12, "a dozen": 12, "half a dozen": 6, "a hundred": 100, "hundred": 100,
    "a thousand": 1000, "thousand": 1000, "a couple of": 2, "a couple": 2, "couple of": 2,
}
VAGUE = {"a few": 3, "few": 3, "several": 10, "many": 10, "multiple": 10, "numerous": 10, "dozens": 12,
         "dozens of": 12, "scores": 20, "scores of": 20, "hundreds": 100, "hundreds of": 100,
         "thousands": 1000, "thousands of": 1000}
APPROX = ("about", "around", "approximately", "roughly", "nearly", "almost", "some", "an estimated",
          "estimated", "up to", "as many as", "close to", "more than", "over", "at least", "at most")

_word_numbers = sorted(list(UNITS) + list(VAGUE), key=len, reverse=True)
_NUMWORD = "|".join(re.escape(w) for w in _word_numbers if w not in ("a", "an", "no"))
NUM = (
    r"(?P<q>(?:at least|at most|more than|over|nearly|almost|about|around|approximately|roughly|some|up to|"
    r"as many as|an estimated|estimated|close to)\s+)?"
    r"(?P<n>\d{1,3}(?:,\d{3})+|\d+|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ](?:one|two|three|"
    r"four|five|six|seven|eight|nine)|" + _NUMWORD + r")"
)
PEOPLE = (
    r"(?:people|persons|person|civilians?|soldiers?|troops|fighters?|militants?|rebels?|insurgents?|policem[ae]n|"
    r"police officers?|officers?|members?|residents?|villagers?|children|child|women|woman|men|man|boys?|girls?|"
    r"students?|protesters?|demonstrators?|worshippers?|farmers?|herders?|passengers?|workers?|pupils?|"
    r"guards?|gunmen|attackers?|assailants?|militiamen|jihadists?|combatants?|personnel|servicemen|recruits?|"
    r"pilgrims?|miners?|traders?|refugees?|migrants?|displaced people|family members|relatives|others|victims?|"
    r"bodies|individuals|youths?|teenagers?|infants?)"
)
CIVILIAN_WORDS = re.compile(
    r"\b(people|persons|civilians?|residents?|villagers?|children|child|women|woman|students?|worshippers?|"
    r"farmers?|herders?|passengers?|pupils?|pilgrims?|traders?|refugees?|migrants?|displaced|family|infants?|"
    r"teenagers?|relatives|miners?|workers?)\b",
    re.I,
)
KILLED = r"(?:killed|dead|died|slain|murdered|massacred|executed|shot dead|gunned down|lost their lives|perished|beheaded|burned to death|hacked to death|lynched)"
ADJ = r"(?:(?:[A-Za-z’'\-]+)\s+){0,3}?"

PATTERNS = [
    # "12 people were killed", "at least 10 civilians died", "five soldiers killed"
    re.compile(NUM + r"\s+" + ADJ + PEOPLE + r",?\s+(?:(?:who|that)\s+)?(?:(?:were|was|have been|had been|are|being|reportedly|also|all|were reportedly)\s+)*" + KILLED, re.I),
    # "killing 12", "killed at least five civilians", "leaving three dead"
    re.compile(r"\b(?:killing|killed|kills|kill|leaving|left|claimed the lives of|claiming the lives of|took the lives of|"
               r"massacred|executed|shot dead|gunned down|murdered)\s+" + NUM + r"(?:\s+" + ADJ + PEOPLE + r")?(?!\s*(?:injured|wounded|hurt))", re.I),
    # "10 deaths", "at least 10 dead", "ten fatalities", "15 bodies"; not "four more bodies", which adds
    # to a toll stated elsewhere and is not the event's count
    re.compile(NUM + r"\s+(?:(?:people|civilians|soldiers|others)\s+)?(?:deaths|dead|fatalities|bodies|killed)\b", re.I),
    # "death toll rose to 15", "a death toll of 15"
    re.compile(r"\bdeath toll\s+(?:\w+\s+){0,6}?(?:to|of|at|reached|hit|stands at|stood at)\s+" + NUM, re.I),
    # "the deaths of three", "the death of a soldier"
    re.compile(r"\bdeaths? of\s+" + NUM + r"(?:\s+" + ADJ + PEOPLE + r")?", re.I),
]
ONE_VICTIM = re.compile(
    r"\b(?:a|an|one|the)\s+" + ADJ + r"(?:soldier|civilian|man|woman|boy|girl|child|policeman|police officer|officer|"
    r"fighter|militant|resident|villager|farmer|student|protester|demonstrator|journalist|teacher|trader|worker|"
    r"guard|person|driver|chief|commander|leader|official|priest|imam|pastor|doctor|nurse)\s+"
    r"(?:(?:was|has been|had been|were|is)\s+)?(?:reportedly\s+)?" + KILLED, re.I
)
TO_DEATH = re.compile(
    r"\b(?:beat|beaten|stabbed|hacked|burned|burnt|stoned|lynched|tortured|shot|clubbed)\s+(?:a|an|one)\s+" + ADJ
    + r"(?:man|woman|boy|girl|child|person|suspect|teenager|youth|farmer|trader|driver|villager|soldier|officer)"
    r"\s+to death", re.I)
NONE_KILLED = re.compile(
    r"\b(?:no (?:one|deaths|fatalities|casualties|immediate casualties|injuries or deaths|lives)|nobody|none)\b"
    r"(?:\s+\w+){0,3}?\s*(?:(?:was|were|have been|has been|had been)\s+)?(?:killed|reported|hurt|injured|died|lost)|"
    r"\bwithout (?:casualties|fatalities|loss of life)|\bcaused no (?:casualties|deaths|injuries)|\bno casualties\b|"
    r"\bno (?:\w+ or )?(?:injuries|deaths)\b|\b(?:no one|nobody) was (?:hurt|injured|harmed)",
    re.I,
)
# "three soldiers and seven civilians were killed" counts ten dead.
SUM = re.compile(
    r"(?P<list>" + NUM + r"\s+" + ADJ + PEOPLE + r"(?:\s*(?:,|and|, and)\s+" + NUM.replace("?P<q>", "?:").replace("?P<n>", "?:")
    + r"\s+" + ADJ + PEOPLE + r")+)\s+(?:(?:were|have been|had been|was)\s+)?" + KILLED,
    re.I,
)
QUANTITY = re.compile(NUM + r"\s+" + ADJ + PEOPLE.replace("(?:", "(?P<what>", 1) + r"\b", re.I)
NUMBERING = re.compile(r"\bnumbering\s+" + NUM, re.I)
RANGE = re.compile(r"\b(?:between\s+(?P<a1>\d+|" + _NUMWORD + r")\s+and|(?P<a2>\d+|" + _NUMWORD + r")\s+(?:to|-|–))\s+(?P<b>\d+|" + _NUMWORD + r")\s+" + ADJ + r"(?:" + PEOPLE + r"\s+)?(?:(?:were|have been|had been)\s+)?" + KILLED, re.I)


@dataclass(frozen=True)
class Count:
    value: int
    approx: bool
    start: int  # char offsets relative to the text searched
    end: int
    text: str
    civilians: bool = False
    what: str = ""


def to_int(word: str) -> tuple[int, bool] | None:
    """Value of a number word or digits, and whether it is vague."""
    w = word.lower().strip().replace("-", " ")
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", w):
        return int(w.replace(",", "")), False
    if w in VAGUE:
        return VAGUE[w], True
    if w in UNITS:
        return UNITS[w], False
    parts = w.split()
    if len(parts) == 2 and parts[0] in UNITS and parts[1] in UNITS:
        return UNITS[parts[0]] + UNITS[parts[1]], False
    return None


def _count(m: re.Match, offset: int, **extra) -> Count | None:
    parsed = to_int(m.group("n"))
    if parsed is None:
        return None
    value, vague = parsed
    approx = vague or bool(m.groupdict().get("q"))
    return Count(value, approx, offset + m.start(), offset + m.end(), m.group(0), **extra)


# Every pattern above but NONE_KILLED needs one of these words; a sentence without any
# (most sentences) skips them, since trying them at every position is slow.
DEATH_WORDS = re.compile(r"kill|dead|died|slain|murdered|massacred|executed|gunned down|lives|perished|beheaded|"
                         r"death|lynched|leaving|left|fatalities|bodies", re.I)


def fatalities(text: str, offset: int = 0) -> list[Count]:
    """Every death count in `text` (one per span; overlapping patterns keep the first)."""
    return _fatalities(text, offset, DEATH_WORDS.search(text) is not None)


def _fatalities(text: str, offset: int, death_words: bool) -> list[Count]:
    found: list[Count] = []

    def add(c: Count | None) -> None:
        if c and not any(c.start < f.end and f.start < c.end for f in found):
            found.append(c)

    if death_words:
        for m in RANGE.finditer(text):
            a, b = to_int(m.group("a1") or m.group("a2")), to_int(m.group("b"))
            if a and b and a[0] <= b[0]:
                civ = bool(CIVILIAN_WORDS.search(m.group(0)))
                found.append(Count(a[0], True, offset + m.start(), offset + m.end(), m.group(0), civ, f"range:{b[0]}"))
        for m in SUM.finditer(text):
            parts = [to_int(x) for x in re.findall(NUM.replace("(?P<q>", "(?:").replace("(?P<n>", "("), m.group("list"), re.I)]
            values = [p[0] for p in parts if p]
            if len(values) >= 2:
                civ = bool(CIVILIAN_WORDS.search(m.group(0)))
                add(Count(sum(values), False, offset + m.start(), offset + m.end(), m.group(0), civ))
        for pattern in PATTERNS:
            for m in pattern.finditer(text):
                add(_count(m, offset, civilians=bool(CIVILIAN_WORDS.search(m.group(0)))))
        for m in TO_DEATH.finditer(text):
            add(Count(1, False, offset + m.start(), offset + m.end(), m.group(0), bool(CIVILIAN_WORDS.search(m.group(0)))))
        for m in ONE_VICTIM.finditer(text):
            add(Count(1, False, offset + m.start(), offset + m.end(), m.group(0), bool(CIVILIAN_WORDS.search(m.group(0)))))
    for m in NONE_KILLED.finditer(text):
        add(Count(0, False, offset + m.start(), offset + m.end(), m.group(0)))
    return sorted(found, key=lambda c: c.start)


def quantities(text: str, offset: int = 0, exclude: list[Count] = ()) -> list[Count]:
    """Counts of people or groups that are not death counts ("200 fighters")."""
    out: list[Count] = []
    for pattern in (QUANTITY, NUMBERING):
        for m in pattern.finditer(text):
            start, end = offset + m.start(), offset + m.end()
            if any(start < c.end and c.start < end for c in list(exclude) + out):
                continue
            what = (m.groupdict().get("what") or "").lower()
            if what in ("others", "victims", "bodies") or re.match(r"\s*(?:were\s+)?(?:injured|wounded|hurt)", text[m.end():]):
                continue
            c = _count(m, offset, what=what)
            if c and c.value > 1:
                out.append(c)
    return out
