"""`tacitus eval classify`: score the event classifier on CASE 2021-style snippets."""

from __future__ import annotations

from pathlib import Path

from tacitus.classify import metrics
from tacitus.classify.data import read_case_tsv
from tacitus.classify.labels import ACLED_CODES
from tacitus.classify.model import EventClassifier, Prediction
from tacitus.eval.output import write_lines


def label_snippets(texts: list[str], preds: list[Prediction], nlp, progress=None) -> list[str]:
    """Each snippet's CASE code, decided as `tacitus extract` types a sentence: the
    classifier's prediction when it is confident, else the trigger lexicon's main event."""
    from tacitus.extract.classify import choose, decide
    from tacitus.extract.triggers import find_triggers

    out = []
    for doc, pred in zip(nlp.pipe(texts, batch_size=32), preds):
        triggers = [t for t in find_triggers(doc[:]) if doc[t.start].ent_type_ != "DATE"]
        out.append(decide(choose(triggers), pred))
        if progress:
            progress(1)
    return out


def evaluate(data: Path, out: Path, classifier: EventClassifier, nlp=None, progress=None) -> dict:
    """Predict every snippet, write `id<TAB>label` lines to `out`, and score them when the
    file carries gold labels.

    Scores: `all` over every snippet and label the file uses (30 codes for CASE's
    subtask 3); `acled25` over the snippets whose gold label is one of ACLED's 25
    sub-event types, answering among those 25 only (CASE's subtask 1: a non-ACLED answer
    is replaced by the most probable ACLED type);
    `acled25_open` the same snippets with the classifier free to answer any code."""
    snippets = read_case_tsv(data)
    preds = classifier.predict(snippets.texts)
    if nlp is None:
        from tacitus.nlp.load import load_nlp

        nlp = load_nlp()
    labels = label_snippets(snippets.texts, preds, nlp, progress)
    write_lines(out, [f"{i}\t{label}" for i, label in zip(snippets.ids, labels)])
    result: dict = {"model": str(classifier.path), "predictions": str(out), "n": len(preds)}
    gold = snippets.labels
    if not all(gold):
        return result
    acled = [k for k, g in enumerate(gold) if g in ACLED_CODES]
    closed = [labels[k] if labels[k] in ACLED_CODES else preds[k].best_of(ACLED_CODES)[0] for k in acled]
    result["all"] = metrics.summary(gold, labels)
    result["acled25"] = metrics.summary([gold[k] for k in acled], closed)
    result["acled25_open"] = metrics.summary([gold[k] for k in acled], [labels[k] for k in acled])
    result["per_class"] = metrics.rows(gold, labels)
    return result
