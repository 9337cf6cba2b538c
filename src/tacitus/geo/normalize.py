"""Place-name normalisation shared by the index builder and the lookup.

Three levels, each looser than the one before; the same functions run at index
time and at query time, so any folding is symmetric:

* ``normalize``: ASCII, lowercase, punctuation to spaces, Arabic articles
  dropped ("Al-Bukamal" -> "bukamal").  Two names with the same ``normalize``
  are the same spelling.
* ``key``: ``normalize`` plus transliteration folding ("ou" -> "u", doubled
  letters collapsed, final "-ah" -> "-a") and no spaces, so "Bou Kamal",
  "Albu Kamal" and "Al-Bukamal" meet.  This is the indexed lookup column.
* ``skeleton``: the consonants of ``key`` with look-alike consonants merged.
  Vowels are what transliterations of Arabic, Persian, Pashto... disagree on
  most ("Dayr"/"Deir", "Idlib"/"Edlib"), so the skeleton is the blocking key
  that picks the few candidates the fuzzy matcher scores.
"""

from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

# Articles are only dropped when another word follows: an article always
# precedes its noun, and keeping a final token protects names such as "Hoi An".
# Arabic (in its English and French transliterations) and English "the"
# ("Democratic Republic of [the] Congo", "[The] Gambia").
ARTICLES = frozenset(
    "al el ad ed ar er as es ash esh at et az ez an en ech the".split()
)

# Apostrophes inside transliterations mark an ayn or hamza within one word
# ("Dar'a", "Ma'arrat"), so they are removed rather than turned into spaces.
_APOSTROPHES = re.compile(r"['`\u2018\u2019\u02bb\u02bc\u02be\u02bf\u00b4]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DOUBLE = re.compile(r"(.)\1+")
_FINAL_H = re.compile(r"([aeiou])h\b")
# Spelling conventions of French/English/German transliteration of the same sound.
_FOLDS = (("ou", "u"), ("oo", "u"), ("ee", "i"), ("dj", "j"), ("ph", "f"))
_SKEL_DROP = re.compile(r"[aeiouyhw]")
_SKEL_MAP = str.maketrans({"q": "k", "c": "k", "v": "f"})


def normalize(name: str) -> str:
    """Canonical spelling used to compare two names: "Al-Bukamal" -> "bukamal"."""
    s = _APOSTROPHES.sub("", name)
    s = unidecode(s)
    s = _APOSTROPHES.sub("", s).lower()
    tokens = _NON_ALNUM.sub(" ", s).split()
    if len(tokens) > 1:
        kept = [t for i, t in enumerate(tokens[:-1]) if t not in ARTICLES]
        tokens = kept + tokens[-1:]
    return " ".join(tokens)


def key_of_norm(norm: str) -> str:
    """Transliteration-folded, space-free form of an already normalised name."""
    s = _FINAL_H.sub(r"\1", norm)
    for a, b in _FOLDS:
        s = s.replace(a, b)
    s = s.replace(" ", "")
    return _DOUBLE.sub(r"\1", s)


def key(name: str) -> str:
    """Lookup key: "Bou Kamal", "Albu Kamal", "Al-Bukamal" -> "bukamal" / "albukamal"."""
    return key_of_norm(normalize(name))


def skeleton(k: str) -> str:
    """Consonant skeleton of a key, the blocking key for fuzzy matching."""
    s = _SKEL_DROP.sub("", k).translate(_SKEL_MAP)
    return _DOUBLE.sub(r"\1", s)


@lru_cache(maxsize=None)
def name_forms(name: str) -> tuple[str, str, str]:
    """(normalize, key, skeleton) of a name, memoised for the index build, where
    the sources and the index writer both need them for ~1 M names (many
    repeated: "San Jose", "Paris").  Unbounded: the build clears it when done
    (``name_forms.cache_clear()``); queries use the functions above."""
    norm = normalize(name)
    k = key_of_norm(norm)
    return norm, k, skeleton(k)


def strip_glued_article(k: str) -> str | None:
    """ "alraqa" -> "raqa": the article written glued to the noun, tried only
    after the exact key failed (doing it at index time would merge "Alma" and "Ma")."""
    if len(k) > 5 and k[:2] in ("al", "el"):
        return k[2:]
    return None
