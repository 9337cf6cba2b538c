"""Actor registry: named groups from registry.yaml and generic actors built from
country words and nouns ("Iranian-backed Iraqi militias"), found in text with offsets.

    reg = ActorRegistry.load()
    for m in reg.find("Iranian-backed Iraqi militias crossed into Syria"):
        m.actor.name  # "Militias (Iraq)", backers ["IRN"]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import yaml

from tacitus.actors import lexicon as lx
from tacitus.actors import naming
from tacitus.actors.patterns import alternation, key, normalize_text
from tacitus.ontology.countries import all_countries, lookup_country
from tacitus.records import Actor

__all__ = ["ActorMatch", "ActorRegistry", "RegistryEntry"]

GENERIC_KINDS = tuple(naming.GENERIC)
MATCH_KINDS = ("group", *GENERIC_KINDS, "country", "demonym")
# Surfaces that are countries in a gazetteer but words in running text.
_NOT_IN_TEXT = {"CAR", "PNG", "the Ukraine", "The Gambia", "The Netherlands", "The Philippines", "The Bahamas"}
_NOT_AFTER = ("Latin ", "South ", "North ", "Central ", "Native ", "African-", "Arab-")
# When two modifiers disagree ("armed opposition groups"), the more specific wins.
_MOD_PRIORITY = ("rebels", "militia", "police", "state_forces", "unidentified")


@dataclass(frozen=True)
class RegistryEntry:
    name: str
    aliases: tuple[str, ...]
    inter: int | None
    country: str | None
    backers: tuple[str, ...]
    kind: str
    note: str = ""

    def actor(self, surface: str | None = None, backers: list[str] | None = None) -> Actor:
        merged = list(dict.fromkeys([*self.backers, *(backers or [])]))
        return Actor(name=self.name, aliases_matched=[surface] if surface else [], inter=self.inter,
                     country=self.country, backers=merged)

    @property
    def match_kind(self) -> str:
        return {"state_forces": "state_forces", "government": "government"}.get(self.kind, "group")


@dataclass
class ActorMatch:
    start: int
    end: int
    text: str
    actor: Actor
    kind: str  # one of MATCH_KINDS
    entry: RegistryEntry | None = None  # set for named actors

    @property
    def is_generic(self) -> bool:
        return self.entry is None and self.kind in GENERIC_KINDS


@dataclass
class _Cand:
    start: int
    end: int
    prio: int  # lower wins among equally long candidates
    kind: str
    actor: Actor
    entry: RegistryEntry | None = None
    has_country_word: bool = False


def _read_yaml(name: str):
    return yaml.safe_load(resources.files("tacitus.actors").joinpath(name).read_text("utf-8"))


class ActorRegistry:
    def __init__(self, entries: list[RegistryEntry], leaders: dict[str, str]):
        self.entries = entries
        self._by_name = {e.name: e for e in entries}
        self._by_key: dict[str, RegistryEntry] = {}
        for e in entries:
            for s in self._surfaces(e):
                self._by_key.setdefault(key(s), e)
        self._leaders = {key(n): iso for n, iso in leaders.items()}
        self._compile(leaders)

    # ---- construction -------------------------------------------------------
    @classmethod
    def load(cls) -> ActorRegistry:
        """The packaged registry, built once per process (compiling the patterns takes a moment)."""
        return _load()

    @staticmethod
    def _surfaces(e: RegistryEntry) -> list[str]:
        names = [] if ":" in e.name else [e.name]
        return names + list(e.aliases)

    def _compile(self, leaders: dict[str, str]) -> None:
        words = [s for c in all_countries() for s in c.surfaces if s not in _NOT_IN_TEXT and len(s) > 2 or s == "US"]
        cw = alternation(words, case="sensitive")
        people = alternation(leaders, case="sensitive")
        named = alternation(s for e in self.entries for s in self._surfaces(e))
        backing = "|".join(lx.BACKING_VERBS)
        backer = rf"(?:(?P<backer>{cw})(?:[^\S\n]|-)*(?i:{backing})[^\S\n]+|(?i:pro)(?:[^\S\n]|-)+(?P<pro>{cw})[^\S\n]+)"
        self._named = re.compile(rf"(?<!\w){backer}?(?P<alias>{named})(?!\w)")
        titles = alternation(lx.TITLES, case="sensitive")
        self._person = re.compile(
            rf"(?<!\w)(?:(?P<ctry>{cw})(?:'s?)?[^\S\n]+)?(?:(?:{titles})[^\S\n]+)?(?P<person>{people})(?!\w)"
        )
        nouns = [n for table in lx.FIXED_NOUNS.values() for n in table] + list(lx.FORCE_NOUNS)
        self._noun_kind = {n.casefold(): k for k, table in lx.FIXED_NOUNS.items() for n in table}
        self._standalone = {n.casefold(): ok for table in lx.FIXED_NOUNS.values() for n, ok in table.items()}
        self._standalone.update({n.casefold(): ok for n, ok in lx.FORCE_NOUNS.items()})
        self._mod_kind = {m.casefold(): k for m, k in lx.MODIFIERS.items()}
        mods = alternation(lx.MODIFIERS, case="insensitive")
        self._generic = re.compile(
            rf"(?<!\w){backer}?(?:(?:(?P<ctry>{cw})|(?P<leader>{people}))(?:'s?)?[^\S\n]+)?"
            rf"(?P<mods>(?:(?:{mods})[^\S\n]+){{0,3}})(?P<noun>{alternation(nouns, case='insensitive')})(?!\w)(?!-\w)"
        )
        self._head = re.compile(rf"[ \t]+(?P<noun>{alternation(nouns, case='insensitive')})(?!\w)(?!-\w)")
        ctx = "|".join(lx.IS_CONTEXT)
        after = "|".join(rf"(?<=\b{w}\sIS)" for w in ("by", "against", "from", "with", "of", "to", "and", "on", "for", "joined"))
        # Starts with the literal so the regex engine can skip ahead; the left edge is checked in code.
        self._is = re.compile(
            rf"IS(?:(?=\s+(?:{ctx})\b)|(?=-(?:{'|'.join(lx.IS_HYPHEN_CONTEXT)})\b)|(?:{after})(?=\s*[.,;:)]))"
        )
        not_after = "".join(f"(?<!{re.escape(p)})" for p in _NOT_AFTER)
        self._country = re.compile(rf"(?<!\w){not_after}(?P<c>{cw})(?!\w)")
        self._backed_by = re.compile(
            rf"\s*,?\s*(?:(?:which|who|that)\s+(?:is|are|was|were)\s+)?(?:{backing}|backed)\s+by\s+(?:the\s+)?(?P<c>{cw})(?!\w)"
        )

    # ---- lookups ------------------------------------------------------------
    def get(self, name: str) -> RegistryEntry | None:
        return self._by_name.get(name)

    def lookup(self, alias: str) -> RegistryEntry | None:
        """Entry for a name or alias as written anywhere ("HTS", "Hay'at Tahrir al-Sham")."""
        return self._by_key.get(key(alias))

    def leader_country(self, person: str) -> str | None:
        return self._leaders.get(key(person))

    def generic(self, kind: str, iso3: str | None = None) -> Actor:
        return naming.generic_actor(kind, iso3.upper() if iso3 else None)

    def state_forces(self, iso3: str | None) -> Actor:
        return self.generic("state_forces", iso3)

    def police(self, iso3: str | None) -> Actor:
        return self.generic("police", iso3)

    def government(self, iso3: str | None) -> Actor:
        return self.generic("government", iso3)

    def civilians(self, iso3: str | None) -> Actor:
        return self.generic("civilians", iso3)

    @staticmethod
    def with_country(actor: Actor, iso3: str) -> Actor:
        return naming.with_country(actor, iso3)

    # ---- matching -----------------------------------------------------------
    def find(self, text: str, *, include_organisations: bool = False) -> list[ActorMatch]:
        """Non-overlapping actor mentions, longest first, in text order."""
        norm = normalize_text(text)
        named = [*self._named_cands(norm), *self._is_cands(norm)]
        # Generic phrases are made of common words; where they overlap a name ("Syrian National
        # Army factions"), the name is what the writer meant.
        generic = [g for g in self._generic_cands(norm) if all(g.end <= n.start or g.start >= n.end for n in named)]
        cands = [*named, *self._person_cands(norm), *generic, *self._country_cands(norm)]
        chosen: list[_Cand] = []
        taken: list[tuple[int, int]] = []
        for c in sorted(cands, key=lambda c: (c.start - c.end, c.prio, c.start)):
            if all(c.end <= s or c.start >= e for s, e in taken):
                chosen.append(c)
                taken.append((c.start, c.end))
        chosen.sort(key=lambda c: c.start)
        chosen = self._absorb_head_nouns(norm, chosen)
        self._coordinate(norm, chosen)
        chosen = self._backed_by_after(norm, chosen)
        out = []
        for c in chosen:
            if c.entry is not None and c.entry.kind == "organisation" and not include_organisations:
                continue
            surface = text[c.start:c.end]
            actor = c.actor.model_copy(update={"aliases_matched": [surface]})
            out.append(ActorMatch(c.start, c.end, surface, actor, c.kind, c.entry))
        return out

    def _backers(self, m: re.Match) -> list[str]:
        word = m.group("backer") or m.group("pro")
        c = lookup_country(word) if word else None
        return [c.iso3] if c else []

    def _named_cands(self, text: str):
        for m in self._named.finditer(text):
            surface = m.group("alias")
            entry = self.lookup(surface)
            if entry is None:
                continue
            # A case-insensitive alias written with capitals must appear with some.
            written = next((a for a in self._surfaces(entry) if key(a) == key(surface)), surface)
            if any(ch.isupper() for ch in written) and not any(ch.isupper() for ch in surface):
                continue
            end = self._head_noun_end(text, m.end(), entry.match_kind)
            yield _Cand(m.start(), end, 0, entry.match_kind, entry.actor(backers=self._backers(m)), entry)

    def _head_noun_end(self, text: str, pos: int, kind: str) -> int:
        """End of "militants" in "Islamic State militants": a bare noun after a name is its head."""
        m = self._head.match(text, pos)
        if m is None:
            return pos
        noun = re.sub(r"[\s\-]+", " ", m.group("noun")).casefold()
        fixed = self._noun_kind.get(noun)
        heads = ("state_forces", "police") if kind == "state_forces" else ("rebels", "militia", "unidentified")
        ok = fixed in heads if fixed else (noun in lx.FORCE_NOUNS and noun not in ("army", "military", "navy", "air force"))
        if not ok or _next_word(text, m.end()) in lx.NON_AGENT_HEADS:
            return pos
        return m.end()

    def _person_cands(self, text: str):
        for m in self._person.finditer(text):
            iso = self.leader_country(m.group("person"))
            if iso:
                yield _Cand(m.start(), m.end(), 1, "government", naming.generic_actor("government", iso))

    def _is_cands(self, text: str):
        entry = self.get("Islamic State")
        for m in self._is.finditer(text):
            if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_-"):
                continue
            yield _Cand(m.start(), m.end(), 0, "group", entry.actor(), entry)

    def _country_cands(self, text: str):
        for m in self._country.finditer(text):
            c = lookup_country(m.group("c"))
            if c is None:
                continue
            kind = "demonym" if c.is_demonym(m.group("c")) else "country"
            yield _Cand(m.start(), m.end(), 3, kind, naming.generic_actor("state_forces", c.iso3))

    def _generic_cands(self, text: str):
        for m in self._generic.finditer(text):
            cand = self._generic_cand(m)
            if cand is not None:
                yield cand

    def _generic_cand(self, m: re.Match) -> _Cand | None:
        noun = re.sub(r"[\s\-]+", " ", m.group("noun")).casefold()
        mods = [self._mod_kind.get(re.sub(r"\s+", " ", w).casefold()) for w in _split_mods(m.group("mods"), self._mod_kind)]
        # "armed" marks unknown gunmen ("armed men"), not "armed forces".
        mod_kinds = [k for k in _MOD_PRIORITY if k in mods
                     and not (k == "unidentified" and noun in lx.FORCE_NOUNS and noun not in lx.NONSTATE_FORCE_NOUNS)]
        backers = self._backers(m)
        iso = None
        if m.group("ctry"):
            c = lookup_country(m.group("ctry"))
            iso = c.iso3 if c else None
        elif m.group("leader"):
            iso = self.leader_country(m.group("leader"))
        qualified = bool(iso or backers or any(mods))
        if not qualified and not self._standalone.get(noun, False):
            return None
        if not (iso or backers) and _next_word(m.string, m.end()) in lx.NON_AGENT_HEADS:
            return None
        kind = self._noun_kind.get(noun)
        if kind is None:  # a force noun: the modifiers, backers and country decide
            if mod_kinds:
                kind = mod_kinds[0]
            elif backers or noun in lx.NONSTATE_FORCE_NOUNS:
                if not (iso or backers):
                    return None
                kind = "militia"
            else:
                kind = "state_forces"
        start = m.start()
        if not backers and not iso and m.group("mods") and not any(mods):
            start = m.start("noun")  # neutral adjectives alone ("beleaguered") are not part of the actor
        actor = naming.generic_actor(kind, iso, backers=backers)
        return _Cand(start, m.end(), 2, kind, actor, has_country_word=bool(m.group("ctry") or m.group("leader")))

    # ---- post-processing ----------------------------------------------------
    @staticmethod
    def _absorb_head_nouns(text: str, chosen: list[_Cand]) -> list[_Cand]:
        """"M23 rebels" is M23, and "the jihadi group Hayat Tahrir al-Sham" is HTS."""
        out: list[_Cand] = []
        for c in chosen:
            prev = out[-1] if out else None
            gap = text[prev.end:c.start] if prev else None
            if (prev is not None and prev.entry is not None and c.entry is None and gap is not None
                    and re.fullmatch(r"\s+", gap) and c.kind in ("rebels", "militia", "unidentified")
                    and not c.has_country_word and not c.actor.backers):
                prev.end = c.end
                continue
            if (prev is not None and prev.entry is None and c.entry is not None and gap is not None
                    and re.fullmatch(r"\s+", gap) and prev.kind in ("rebels", "militia", "unidentified")
                    and not prev.has_country_word):
                out[-1] = c
                continue
            out.append(c)
        return out

    @staticmethod
    def _coordinate(text: str, chosen: list[_Cand]) -> None:
        """"Russian and Iranian forces": the noun of the last conjunct applies to all."""
        for i in range(len(chosen) - 2, -1, -1):
            a, b = chosen[i], chosen[i + 1]
            if a.kind not in ("demonym", "country") or b.kind not in GENERIC_KINDS or b.entry is not None:
                continue
            if not b.has_country_word or not re.fullmatch(r"\s*(?:,|and|&|or|,\s*and)\s*", text[a.end:b.start]):
                continue
            a.kind = b.kind
            a.actor = naming.generic_actor(b.kind, a.actor.country, backers=b.actor.backers)
            a.has_country_word = True

    def _backed_by_after(self, text: str, chosen: list[_Cand]) -> list[_Cand]:
        """"militias backed by Iran": Iran becomes a backer, not a separate actor."""
        drop: set[int] = set()
        for i, c in enumerate(chosen):
            if c.kind in ("country", "demonym"):
                continue
            m = self._backed_by.match(text, c.end)
            if not m:
                continue
            country = lookup_country(m.group("c"))
            if country is None:
                continue
            c.actor = c.actor.model_copy(update={"backers": list(dict.fromkeys([*c.actor.backers, country.iso3]))})
            for j in range(i + 1, len(chosen)):
                if chosen[j].start >= m.start("c") and chosen[j].end <= m.end("c") and chosen[j].kind in ("country", "demonym"):
                    drop.add(j)
        return [c for j, c in enumerate(chosen) if j not in drop]


def _next_word(text: str, pos: int) -> str:
    m = re.match(r"[\s\-]*([A-Za-z\-]+)", text[pos:pos + 40])
    return m.group(1) if m else ""


def _split_mods(mods: str, known: dict[str, str | None]) -> list[str]:
    """Split the modifier run back into known modifiers (some contain spaces: "heavily armed")."""
    words = mods.split()
    out, i = [], 0
    while i < len(words):
        for n in (2, 1):
            cand = " ".join(words[i:i + n])
            if cand.casefold() in known:
                out.append(cand)
                i += n
                break
        else:
            i += 1
    return out


@functools.lru_cache(maxsize=1)
def _load() -> ActorRegistry:
    entries = [
        RegistryEntry(
            name=row["name"], aliases=tuple(str(a) for a in row.get("aliases") or ()), inter=row.get("inter"),
            country=row.get("country"), backers=tuple(row.get("backers") or ()), kind=row.get("kind", "rebel_group"),
            note=row.get("note", ""),
        )
        for row in _read_yaml("registry.yaml")
    ]
    leaders: dict[str, str] = {}
    for row in _read_yaml("leaders.yaml"):
        for n in [*row.get("names", []), *row.get("short", [])]:
            leaders[str(n)] = row["country"]
    return ActorRegistry(entries, leaders)
