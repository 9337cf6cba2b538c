"""`tacitus eval classify`: score the event classifier on CASE 2021-style snippets."""

from __future__ import annotations

from pathlib import Path

from tacitus.classify import metrics
from tacitus.classify.data import read_case_tsv
from tacitus.classify.labels import ACLED_CODES, ALL_CODES
from tacitus.classify.model import EventClassifier
from tacitus.eval.output import write_lines


def evaluate(data: Path, out: Path, classifier: EventClassifier, progress=None) -> dict:
    """Predict every snippet, write `id<TAB>label` lines to `out`, and score them when the
    file carries gold labels.

    Scores: `all` over every snippet and label the file uses (30 codes for CASE's
    subtask 3); `acled25` over the snippets whose gold label is one of ACLED's 25
    sub-event types, the classifier choosing among those 25 only (CASE's subtask 1);
    `acled25_open` the same snippets with the classifier free to answer any code."""
    snippets = read_case_tsv(data)
    preds = []
    step = 64
    for i in range(0, len(snippets.texts), step):
        preds += classifier.predict(snippets.texts[i : i + step])
        if progress:
            progress(min(step, len(snippets.texts) - i))
    write_lines(out, [f"{i}\t{p.label}" for i, p in zip(snippets.ids, preds)])
    result: dict = {"model": str(classifier.path), "predictions": str(out), "n": len(preds)}
    gold = snippets.labels
    if not all(gold):
        return result
    labels = [p.label for p in preds]
    acled = [k for k, g in enumerate(gold) if g in ACLED_CODES]
    closed = [preds[k].best_of(ACLED_CODES)[0] for k in acled]
    result["all"] = metrics.summary(gold, labels, sorted(set(gold) | (set(ALL_CODES) & set(gold))))
    result["acled25"] = metrics.summary([gold[k] for k in acled], closed)
    result["acled25_open"] = metrics.summary([gold[k] for k in acled], [labels[k] for k in acled])
    result["per_class"] = [
        {"label": r.label, "precision": round(r.precision, 3), "recall": round(r.recall, 3), "f1": round(r.f1, 3),
         "support": r.support}
        for r in metrics.per_class(gold, labels)
    ]
    return result
