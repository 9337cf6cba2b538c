"""Regex building blocks shared by the actor matcher.

Offsets must stay valid for the caller's text, so normalisation only swaps
single characters (curly apostrophes, Unicode hyphens) for ASCII ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_ONE_TO_ONE = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u2010": "-", "\u2011": "-", "\u2013": "-", "\u00a0": " "})
_SEP_RE = re.compile(r"([\s\-]+|')")


def normalize_text(text: str) -> str:
    """Same length as `text`, so match offsets apply to the original."""
    return text.translate(_ONE_TO_ONE)


def key(surface: str) -> str:
    """Lookup key insensitive to case, spacing, hyphens, apostrophes and dots ("al-Qa'ida" ~ "Al Qaida")."""
    return re.sub(r"[\s\-'.]+", "", normalize_text(surface)).casefold()


def surface_pattern(surface: str) -> str:
    """Regex for a surface form: spaces and hyphens interchangeable, apostrophes optional."""
    out = []
    for tok in _SEP_RE.split(normalize_text(surface)):
        if not tok:
            continue
        if tok == "'":
            out.append("'?")
        elif _SEP_RE.fullmatch(tok):
            out.append(r"[\s\-]*")
        else:
            out.append(re.escape(tok))
    return "".join(out)


def is_case_sensitive(surface: str) -> bool:
    """Acronyms and short forms ("HTS", "LeT") must match as written; longer names in any case."""
    letters = re.sub(r"[^\w]", "", surface)
    return len(letters) <= 5 or not any(c.islower() for c in letters)


def alternation(surfaces: Iterable[str], *, case: str = "auto") -> str:
    """Longest-first alternation; case = "auto" | "sensitive" | "insensitive"."""
    pieces: dict[str, None] = {}
    for s in sorted(set(surfaces), key=lambda s: (-len(s), s)):
        p = surface_pattern(s)
        sensitive = case == "sensitive" or (case == "auto" and is_case_sensitive(s))
        pieces.setdefault(p if sensitive else f"(?i:{p})")
    return "|".join(pieces)
