"""Text features for the linear classifiers: word stems, stem pairs and word-internal
character n-grams.  Text only, so a snippet and the same sentence inside an article get
the same features."""

from __future__ import annotations

import re

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+(?:[.,]\d+)*", re.UNICODE)
SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ers", "er", "ed", "es", "s", "ly")


def stem(word: str) -> str:
    """A crude suffix stripper: "shelled", "shelling", "shells" -> "shell"."""
    if word.isdigit() or len(word) <= 4:
        return word
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                base += "y"
            return base
    return word


def token(word: str) -> str:
    """The token for one lower-cased WORD match."""
    w = word.replace("’", "'")
    return "<num>" if w[0].isdigit() else stem(w.removesuffix("'s"))


def tokens(text: str) -> list[str]:
    return [token(m.group()) for m in WORD.finditer(text.lower())]


def char_grams(word: str, char_n: tuple[int, int] = (3, 5)) -> list[str]:
    """The character n-gram features of one lower-cased WORD match (none for numbers)."""
    w = f" {word} "
    if w[1].isdigit():
        return []
    lo, hi = char_n
    out = []
    for n in range(lo, hi + 1):
        out += [f"c:{w[i:i + n]}" for i in range(len(w) - n + 1)]
    return out


def features(text: str, char_n: tuple[int, int] = (3, 5)) -> list[str]:
    toks = tokens(text)
    out = [f"w:{t}" for t in toks]
    out += [f"b:{a}_{b}" for a, b in zip(toks, toks[1:])]
    for m in WORD.finditer(text.lower()):
        out += char_grams(m.group(), char_n)
    return out
