"""Classification scores: per-class precision/recall/F1, weighted and macro F1, accuracy."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass


@dataclass
class ClassScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


def per_class(gold: list[str], pred: list[str], labels: list[str] | None = None) -> list[ClassScore]:
    labels = labels or sorted(set(gold))
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    for g, p in zip(gold, pred):
        if g == p:
            tp[g] += 1
        else:
            fp[p] += 1
            fn[g] += 1
    out = []
    for label in labels:
        p = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else 0.0
        r = tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out.append(ClassScore(label, p, r, f, tp[label] + fn[label]))
    return out


def summary(gold: list[str], pred: list[str], labels: list[str] | None = None) -> dict:
    """Weighted and macro F1 over the gold labels (or `labels`), as scikit-learn computes them."""
    rows = per_class(gold, pred, labels)
    support = sum(r.support for r in rows)
    weighted = sum(r.f1 * r.support for r in rows) / support if support else 0.0
    macro = sum(r.f1 for r in rows) / len(rows) if rows else 0.0
    accuracy = sum(g == p for g, p in zip(gold, pred)) / len(gold) if gold else 0.0
    return {"weighted_f1": round(weighted, 4), "macro_f1": round(macro, 4), "accuracy": round(accuracy, 4),
            "n": len(gold), "classes": len(rows)}


def rows(gold: list[str], pred: list[str]) -> list[dict]:
    """The per-class table as plain dicts, for printing and JSON."""
    return [{"label": r.label, "precision": round(r.precision, 3), "recall": round(r.recall, 3), "f1": round(r.f1, 3),
             "support": r.support} for r in per_class(gold, pred)]
