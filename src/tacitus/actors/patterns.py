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


def is_case_sensitive(surface: str) -> bool:
    """Acronyms and short forms ("HTS", "LeT") must match as written; longer names in any case."""
    letters = re.sub(r"[^\w]", "", surface)
    return len(letters) <= 5 or not any(c.islower() for c in letters)


def _units(surface: str, sensitive: bool) -> list[str]:
    units = []
    for tok in _SEP_RE.split(normalize_text(surface)):
        if not tok:
            continue
        if tok == "'":
            units.append("'?")
        elif _SEP_RE.fullmatch(tok):
            units.append(r"[\s\-]*")
        else:
            for ch in tok:
                low, up = ch.lower(), ch.upper()
                if sensitive or low == up or len(low) != 1 or len(up) != 1:
                    units.append(re.escape(ch))
                else:
                    units.append(f"[{re.escape(up)}{re.escape(low)}]")
    return units


def _trie_regex(node: dict) -> str:
    end = node.get("", False)
    branches = [unit + _trie_regex(child) for unit, child in node.items() if unit != ""]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end:
        return f"{body}?" if len(branches) == 1 and len(body) == 1 else f"(?:{body})?"
    return body


def alternation(surfaces: Iterable[str], *, case: str = "auto") -> str:
    """One regex for many surfaces, as a trie so shared prefixes are tried once and longer
    forms win; case = "auto" | "sensitive" | "insensitive"."""
    root: dict = {}
    # Longest first, then alphabetical: branch order decides which of two surfaces that both match
    # is taken ("FARC dissidents" over "FARC"), so it must not depend on set iteration order.
    for s in sorted(set(surfaces), key=lambda s: (-len(s), s)):
        sensitive = case == "sensitive" or (case == "auto" and is_case_sensitive(s))
        node = root
        for unit in _units(s, sensitive):
            node = node.setdefault(unit, {})
        node[""] = True
    return _trie_regex(root) or "(?!x)x"
