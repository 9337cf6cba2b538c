"""Near-duplicate articles: the same wire story republished by another outlet.

A copy is not a second source.  Each article gets a MinHash signature of its word
5-grams; locality-sensitive band keys find earlier articles that may share most of
them, and the signatures' agreement estimates how many they share.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash

NUM_PERM = 64
BANDS = 16  # 16 bands of 4 rows: a pair sharing half its shingles is a candidate with p ~ 0.6
ROWS = NUM_PERM // BANDS
SHINGLE = 5
COPY_AT = 0.7  # estimated Jaccard of the shingle sets at which an article is a copy

_TOKEN = re.compile(r"\w+")


def shingles(text: str) -> set[bytes]:
    words = _TOKEN.findall(text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> np.ndarray:
    m = MinHash(num_perm=NUM_PERM, seed=1)
    m.update_batch(list(shingles(text)))
    return m.hashvalues.astype(np.uint64)


def band_keys(sig: np.ndarray) -> list[str]:
    return [f"{b}:{hashlib.blake2b(sig[b * ROWS:(b + 1) * ROWS].tobytes(), digest_size=8).hexdigest()}"
            for b in range(BANDS)]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u8").tobytes()


def from_bytes(raw: bytes) -> np.ndarray:
    return np.frombuffer(raw, dtype="<u8").astype(np.uint64)
