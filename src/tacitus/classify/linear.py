"""A linear text classifier over `features.py`: TF-IDF blocks and multinomial logistic
regression, stored as plain arrays (.npz) so a model file does not depend on the
version of the library that trained it."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from tacitus.classify.features import features

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
        return _matrix(texts, self.vocab, self.idf)

    # -- prediction ------------------------------------------------------------------
    def scores(self, texts: list[str]) -> np.ndarray:
        X = self.matrix(texts)
        return np.asarray(X @ self.coef.T.astype(np.float32)) + self.intercept

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
    rows, cols, vals = [], [], []
    for r, text in enumerate(texts):
        counts = Counter(f for f in features(text) if f in vocab)
        by_block: dict[str, list[tuple[int, float]]] = {}
        for f, n in counts.items():
            j = vocab[f]
            by_block.setdefault(f[0], []).append((j, (1.0 + np.log(n)) * idf[j]))
        for items in by_block.values():
            norm = np.sqrt(sum(v * v for _, v in items)) or 1.0
            for j, v in items:
                rows.append(r)
                cols.append(j)
                vals.append(v / norm)
    return sparse.csr_matrix((np.asarray(vals, dtype=np.float32), (rows, cols)), shape=(len(texts), len(vocab)))


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
