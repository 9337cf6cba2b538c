"""Find event trigger words in a spaCy sentence, using the lexicon in triggers.yaml."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import yaml

# Words that report a consequence (someone died) rather than an act: they make an
# event on their own only when nothing in the sentence says what the act was.
CONSEQUENCE = frozenset(
    "kill die dead death casualty fatality injure wound".split()
)


@dataclass(frozen=True)
class Label:
    family: str  # kinetic | territory | protest | strategic | verbal
    name: str  # ACLED sub-event type, or a PLOVER type for the verbal family
    rank: int
    cameo: str | None = None


@dataclass(frozen=True)
class Trigger:
    label: Label
    start: int  # token index in the Doc (first token)
    end: int  # token index, exclusive
    phrase: str

    @property
    def consequence(self) -> bool:
        return self.phrase in CONSEQUENCE


def _split(phrase: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[\s\-]+", phrase.lower()) if w)


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, list[tuple[tuple[str, ...], Label]]]:
    """First word -> [(phrase words, label)], longest phrases first."""
    data = yaml.safe_load(resources.files("tacitus.extract").joinpath("triggers.yaml").read_text("utf-8"))
    index: dict[str, list[tuple[tuple[str, ...], Label]]] = {}
    for family, entries in data.items():
        for name, spec in entries.items():
            label = Label(spec.get("family", family), name, spec["rank"], spec.get("cameo"))
            for phrase in spec["phrases"]:
                words = _split(phrase)
                index.setdefault(words[0], []).append((words, label))
    for options in index.values():
        options.sort(key=lambda o: (-len(o[0]), -o[1].rank))
    return index


# Words that signal an event only as verbs: "shelled" but not "the burnt-out shells of two cars",
# "stormed" but not "a storm".
VERB_ONLY = frozenset({"shell", "storm", "engage", "mine"})


def _forms(token) -> tuple[str, str]:
    return token.lemma_.lower(), token.lower_


def find_triggers(span) -> list[Trigger]:
    """Longest non-overlapping lexicon matches in a sentence span (hyphens ignored)."""
    lex = lexicon()
    tokens = [t for t in span if t.text != "-"]
    found: list[Trigger] = []
    i = 0
    while i < len(tokens):
        best = None
        for form in set(_forms(tokens[i])):
            for words, label in lex.get(form, ()):
                n = len(words)
                if i + n > len(tokens):
                    continue
                if all(w in _forms(tokens[i + k]) for k, w in enumerate(words)):
                    if best is None or (n, label.rank) > (len(best[0]), best[1].rank):
                        best = (words, label)
                    break
        if best is not None and len(best[0]) == 1 and best[0][0] in VERB_ONLY and tokens[i].pos_ != "VERB":
            best = None
        if best is None:
            i += 1
            continue
        words, _ = best
        # The same words can signal several families (to "loot" is a riot or a
        # looting); keep every label of the longest phrase.
        for form in set(_forms(tokens[i])):
            for w, label in lex.get(form, ()):
                if w == words and not any(t.label == label and t.start == tokens[i].i for t in found):
                    found.append(Trigger(label, tokens[i].i, tokens[i + len(words) - 1].i + 1, " ".join(words)))
        i += len(words)
    return found
