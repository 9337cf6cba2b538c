"""Training the event classifier: the packaged model from `training/classify/` and an
analyst's model from their own ACLED export."""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path

from tacitus.classify import linear, metrics
from tacitus.classify.data import read_acled_export, read_training_dir
from tacitus.errors import InputError

# Chosen by cross-validation on our own training snippets (training/cv.py), never on evaluation data.
C = 10.0


def _head(texts: list[str], labels: list[str], out: Path) -> bool:
    """Train the embedding head beside the model when the extra is installed; remove a
    stale one otherwise."""
    from tacitus.classify import embed
    from tacitus.classify.model import head_path

    hp = head_path(Path(out))
    if not embed.available():
        hp.unlink(missing_ok=True)
        return False
    embed.fit_head(embed.encode(texts), labels, C=C).save(hp)
    return True


def _fit_classifier(texts: list[str], labels: list[str]):
    """A classifier in memory, with the embedding head when the extra is installed."""
    from tacitus.classify import embed
    from tacitus.classify.model import EventClassifier

    model = linear.fit(texts, labels, C=C)
    head = embed.fit_head(embed.encode(texts), labels, C=C) if embed.available() else None
    return EventClassifier(model, Path("(in memory)"), head)


def stratified_split(labels: list[str], holdout: float, seed: int) -> tuple[list[int], list[int]]:
    """Indices of a train / held-out split with every label in both parts where it can be."""
    by_label: dict[str, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        by_label[label].append(i)
    rng = random.Random(seed)
    train, test = [], []
    for label in sorted(by_label):
        idx = by_label[label]
        rng.shuffle(idx)
        k = int(round(len(idx) * holdout)) if len(idx) >= 3 else 0
        test += idx[:k]
        train += idx[k:]
    return sorted(train), sorted(test)


def train_from_export(data: Path, out: Path, holdout: float = 0.2, seed: int = 13) -> dict:
    rows = read_acled_export(Path(data))
    labels = [str(x) for x in rows.labels]
    if len(set(labels)) < 2:
        raise InputError(f"{data}: needs at least two different sub_event_type values to train a classifier")
    train_idx, test_idx = stratified_split(labels, holdout, seed)
    if not test_idx:
        raise InputError(f"{data}: too few rows to hold any out for scoring; add rows or raise --holdout")
    clf = _fit_classifier([rows.texts[i] for i in train_idx], [labels[i] for i in train_idx])
    gold = [labels[i] for i in test_idx]
    pred = [p.label for p in clf.predict([rows.texts[i] for i in test_idx])]
    result = {"heldout": metrics.summary(gold, pred), "trained_on": len(labels), "model": str(out)}
    result["per_class"] = metrics.rows(gold, pred)
    result["embeddings"] = _fit_and_save(rows.texts, labels, out, source=str(data),
                                         heldout=result["heldout"])["embeddings"]
    return result


def build_packaged(training_dir: Path, out: Path) -> dict:
    """`make model`: the packaged classifier from our own snippets."""
    rows = read_training_dir(Path(training_dir))
    return _fit_and_save(rows.texts, [str(x) for x in rows.labels], out, source="training/classify")


def _fit_and_save(texts: list[str], labels: list[str], out: Path, **meta) -> dict:
    """Train on every row, save the model (and its embedding head, or remove a stale one)."""
    model = linear.fit(texts, labels, C=C)
    model.meta.update(meta)
    model.save(out)
    model.meta["embeddings"] = _head(texts, labels, out)
    return model.meta
