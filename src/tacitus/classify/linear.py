"""A linear text classifier over `features.py`: TF-IDF blocks and multinomial logistic
regression, stored as plain arrays (.npz) so a model file does not depend on the
version of the library that trained it."""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from scipy import sparse

from tacitus.classify.features import WORD, char_grams, features, token

FORMAT = "tacitus-linear-1"
BLOCKS = ("w", "b", "c")


@dataclass
class LinearModel:
    labels: list[str]
    vocab: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray  # (n_labels, n_features)
    intercept: np.ndarray
    meta: dict

    # -- featurisation ---------------------------------------------------------------
    def matrix(self, texts: list[str]) -> sparse.csr_matrix:
        return self._columns.matrix(texts)

    @cached_property
    def _columns(self) -> "Columns":
        return Columns(self.vocab, self.idf)

    @cached_property
    def _coef_t(self) -> np.ndarray:
        return self.coef.T.astype(np.float32)  # made once, not on every call (it copies the whole matrix)

    # -- prediction ------------------------------------------------------------------
    def scores(self, texts: list[str]) -> np.ndarray:
        X = self.matrix(texts)
        return np.asarray(X @ self._coef_t) + self.intercept

    def proba(self, texts: list[str]) -> np.ndarray:
        return softmax(self.scores(texts))

    def predict(self, texts: list[str]) -> list[str]:
        if not texts:
            return []
        return [self.labels[i] for i in self.scores(texts).argmax(axis=1)]

    # -- storage ---------------------------------------------------------------------
    def save(self, path: str | Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        words = sorted(self.vocab, key=self.vocab.get)
        tmp = path.with_name(path.name + ".part")
        with open(tmp, "wb") as fh:
            np.savez_compressed(
                fh,
                format=np.array(FORMAT),
                labels=np.array(self.labels),
                vocab=np.array(words),
                idf=self.idf.astype(np.float32),
                coef=self.coef.astype(np.float16),
                intercept=self.intercept.astype(np.float32),
                meta=np.array(json.dumps(self.meta)),
            )
        tmp.replace(path)  # never leave a half-written model where a later run would load it

    @classmethod
    def load(cls, path: str | Path) -> "LinearModel":
        with np.load(path, allow_pickle=False) as z:
            if str(z["format"]) != FORMAT:
                raise ValueError(f"{path}: not a tacitus classifier model")
            words = [str(w) for w in z["vocab"]]
            return cls(
                labels=[str(x) for x in z["labels"]],
                vocab={w: i for i, w in enumerate(words)},
                idf=z["idf"].astype(np.float32),
                coef=z["coef"].astype(np.float32),
                intercept=z["intercept"].astype(np.float32),
                meta=json.loads(str(z["meta"])),
            )


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise probabilities from linear scores."""
    s = scores - scores.max(axis=1, keepdims=True)
    e = np.exp(s)
    return e / e.sum(axis=1, keepdims=True)


def _matrix(texts: list[str], vocab: dict[str, int], idf: np.ndarray) -> sparse.csr_matrix:
    return Columns(vocab, idf).matrix(texts)


class Columns:
    """Rows of sublinear TF-IDF over `features.features`, each block (words, word pairs,
    character n-grams) L2-normalised.  A word's stem and its character n-grams' columns
    are looked up once and remembered, since most words recur from sentence to sentence."""

    CACHE_WORDS = 50_000

    def __init__(self, vocab: dict[str, int], idf: np.ndarray):
        self.vocab = vocab
        self.idf = np.asarray(idf).tolist()  # Python floats: arithmetic on numpy scalars is slow
        self._words: dict[str, tuple[str, tuple[int, ...]]] = {}  # word -> its token, its n-grams' columns

    def matrix(self, texts: list[str]) -> sparse.csr_matrix:
        indptr, cols, vals = [0], [], []
        for text in texts:
            for block in self._blocks(text):
                if not block:
                    continue
                items = [(j, _sublinear(n) * self.idf[j]) for j, n in Counter(block).items()]
                total = 0  # summed in order, as when the model was trained
                for _, v in items:
                    total += v * v
                norm = math.sqrt(total) or 1.0
                for j, v in items:
                    cols.append(j)
                    vals.append(v / norm)
            indptr.append(len(cols))
        X = sparse.csr_matrix((np.asarray(vals, dtype=np.float32), np.asarray(cols, dtype=np.int32),
                               np.asarray(indptr, dtype=np.int32)), shape=(len(texts), len(self.vocab)))
        X.sum_duplicates()  # sorted column indices, so scores are summed in one fixed order
        return X

    def _blocks(self, text: str) -> tuple[list[int], list[int], list[int]]:
        """Columns of the text's features, block by block, in the order `features` lists them."""
        get = self.vocab.get
        toks: list[str] = []
        chars: list[int] = []
        for m in WORD.finditer(text.lower()):
            word = m.group()
            known = self._words.get(word)
            if known is None:
                known = self._word(word)
            tok, grams = known
            toks.append(tok)
            chars.extend(grams)
        words = [j for j in map(get, [f"w:{t}" for t in toks]) if j is not None]
        pairs = [j for j in map(get, [f"b:{a}_{b}" for a, b in zip(toks, toks[1:])]) if j is not None]
        return words, pairs, chars

    def _word(self, word: str) -> tuple[str, tuple[int, ...]]:
        tok = token(word)
        grams = ()
        if not word[0].isdigit():
            get = self.vocab.get
            grams = tuple(j for j in map(get, char_grams(word)) if j is not None)
        if len(self._words) >= self.CACHE_WORDS:
            self._words.clear()
        self._words[word] = (tok, grams)
        return tok, grams


_SUBLINEAR: dict[int, float] = {}


def _sublinear(n: int) -> float:
    """1 + log(n), computed by numpy as the model was trained with, once per count."""
    tf = _SUBLINEAR.get(n)
    if tf is None:
        tf = _SUBLINEAR[n] = float(1.0 + np.log(n))
    return tf


def fit(texts: list[str], labels: list[str], C: float = 10.0, min_df: int = 2,
        max_features: dict[str, int] | None = None, class_weight: str | None = "balanced") -> LinearModel:
    """Train on labelled texts.  Needs scikit-learn (a dependency of `tacitus train`)."""
    from sklearn.linear_model import LogisticRegression

    limits = {"w": 20000, "b": 20000, "c": 40000} | (max_features or {})
    df: Counter = Counter()
    for text in texts:
        df.update(set(features(text)))
    vocab: dict[str, int] = {}
    for block in BLOCKS:
        kept = [(n, f) for f, n in df.items() if f[0] == block and n >= min_df]
        kept.sort(key=lambda x: (-x[0], x[1]))
        for _, f in kept[: limits[block]]:
            vocab[f] = len(vocab)
    n = len(texts)
    idf = np.array([np.log((1 + n) / (1 + df[f])) + 1.0 for f in sorted(vocab, key=vocab.get)], dtype=np.float32)
    X = _matrix(texts, vocab, idf)
    clf = LogisticRegression(C=C, max_iter=3000, class_weight=class_weight)
    clf.fit(X, labels)
    meta = {"C": C, "min_df": min_df, "examples": n, "per_label": dict(Counter(labels))}
    return LinearModel(labels=[str(c) for c in clf.classes_], vocab=vocab, idf=idf,
                       coef=clf.coef_.astype(np.float32), intercept=clf.intercept_.astype(np.float32), meta=meta)
