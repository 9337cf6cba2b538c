"""The event classifier used by `tacitus extract` and `tacitus eval classify`.

One model file scores a text against the 30 CASE codes.  The packaged model is built
by `make model` from the snippets in `training/classify/`; an analyst's own model
(`tacitus train classify`) replaces it through the settings.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from tacitus.classify.linear import LinearModel
from tacitus.errors import ModelMissing

PACKAGED = "case.npz"


def packaged_path() -> Path:
    return Path(str(resources.files("tacitus.classify").joinpath("models", PACKAGED)))


@dataclass(frozen=True)
class Prediction:
    label: str
    probability: float
    probs: dict[str, float]

    def best_of(self, labels) -> tuple[str, float] | None:
        """The most probable label among `labels` (those the model knows)."""
        known = [(self.probs[l], l) for l in labels if l in self.probs]
        if not known:
            return None
        p, label = max(known)
        return label, p


def head_path(model_path: Path) -> Path:
    """Where the optional embedding head of a model lives: `case.npz` -> `case.emb.npz`."""
    return model_path.with_name(model_path.stem + ".emb.npz")


class EventClassifier:
    def __init__(self, model: LinearModel, path: Path, head=None):
        self.model = model
        self.path = path
        self.head = head  # EmbeddingHead, with `pip install tacitus[embeddings]`

    @classmethod
    def load(cls, path: str | Path | None = None) -> "EventClassifier":
        path = Path(path) if path else packaged_path()
        if not path.exists():
            hint = "run `make model` in the source tree" if path == packaged_path() else "train one with `tacitus train classify`"
            raise ModelMissing(f"classifier model {path} not found; {hint}")
        try:
            model = LinearModel.load(path)
            return cls(model, path, _head(path, model.labels))
        except (ValueError, KeyError, OSError) as exc:
            raise ModelMissing(f"{path} is not a tacitus classifier model ({exc}); retrain it with `tacitus train classify`") from exc

    @property
    def labels(self) -> list[str]:
        return self.model.labels

    def predict(self, texts: list[str]) -> list[Prediction]:
        if not texts:
            return []
        probs = self.model.proba(texts)
        if self.head is not None:
            from tacitus.classify.embed import encode

            probs = (probs + self.head.proba(encode(texts))) / 2
        out = []
        for row in probs:
            i = int(np.argmax(row))
            out.append(Prediction(self.labels[i], float(row[i]), dict(zip(self.labels, map(float, row)))))
        return out

    def classify(self, text: str) -> Prediction:
        return self.predict([text])[0]


def _head(path: Path, labels: list[str]):
    """The embedding head, when it exists, the extra is installed, and TACITUS_EMBEDDINGS
    is not 0."""
    import os

    from tacitus.classify import embed

    hp = head_path(path)
    if os.environ.get("TACITUS_EMBEDDINGS", "1") == "0" or not hp.exists() or not embed.available():
        return None
    head = embed.EmbeddingHead.load(hp)
    if head.labels != labels:
        return None  # a head left from another model
    return head


@functools.lru_cache(maxsize=4)
def load_cached(path: str | None = None) -> EventClassifier:
    return EventClassifier.load(path)
