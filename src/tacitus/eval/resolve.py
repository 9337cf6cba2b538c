"""`tacitus eval resolve`: does each report land on the same event as the other reports
of its real event, and on no other?

Input: JSON lines ``{id, text, published, source, cluster}``, ``cluster`` naming the
real event the article reports.  Each article goes through ``tacitus ingest`` in order
of publication, into a fresh database; the article's event is the canonical event of
its lead report (its first ACLED event), and an article with no event is alone.
Scores: pairwise precision/recall/F1 over pairs of articles, and B-cubed F1.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

from tacitus.errors import InputError
from tacitus.eval.output import write_lines
from tacitus.ingest.files import read_jsonl
from tacitus.records import Article, Event


def read_reports(path: Path) -> tuple[list[Article], dict[str, str]]:
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file; give JSON lines of {{id, text, published, source, cluster}}")
    articles = list(read_jsonl(path))
    clusters: dict[str, str] = {}
    lines = [ln for ln in path.read_text("utf-8-sig").splitlines() if ln.strip()]
    for n, (line, article) in enumerate(zip(lines, articles), start=1):
        obj = json.loads(line)
        if obj.get("id") in (None, ""):
            raise InputError(f"{path}:{n}: the line has no 'id'; every report needs one")
        if not isinstance(obj.get("cluster"), str) or not obj["cluster"]:
            raise InputError(f"{path}:{n}: the line has no 'cluster' naming the real event it reports")
        if article.id in clusters:
            raise InputError(f"{path}:{n}: id {article.id!r} appears twice; ids must be unique")
        clusters[article.id] = obj["cluster"]
    if not clusters:
        raise InputError(f"{path}: no reports in the file")
    return articles, clusters


def lead_event(events: list[Event]) -> Event | None:
    typed = [e for e in events if e.event_type is not None] or events
    return min(typed, key=lambda e: min((x.start for x in e.evidence), default=0), default=None)


def pairwise(gold: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    tp = fp = fn = 0
    for a, b in combinations(sorted(gold), 2):
        same_gold, same_pred = gold[a] == gold[b], pred[a] == pred[b]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def bcubed(gold: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    by_gold: dict[str, set[str]] = {}
    by_pred: dict[str, set[str]] = {}
    for item in gold:
        by_gold.setdefault(gold[item], set()).add(item)
        by_pred.setdefault(pred[item], set()).add(item)
    ps, rs = [], []
    for item in gold:
        g, p = by_gold[gold[item]], by_pred[pred[item]]
        ps.append(len(g & p) / len(p))
        rs.append(len(g & p) / len(g))
    p, r = sum(ps) / len(ps), sum(rs) / len(rs)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def evaluate(path: Path, pipeline, out: Path | None = None,
             progress: Callable[[int], None] | None = None) -> dict:
    from tacitus.store import Store

    articles, gold = read_reports(path)
    articles.sort(key=lambda a: (a.published is None, a.published, a.id))
    pred: dict[str, str] = {}
    by_hash: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="tacitus-eval-") as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'resolve.db'}")
        try:
            for article, events in pipeline.run(articles):
                added = store.add(article, events)
                if not added.stored:  # the same text again: the same event
                    pred[article.id] = pred[by_hash[article.content_hash]]
                elif added.copy_of:
                    pred[article.id] = pred[added.copy_of]
                else:
                    lead = lead_event(events)
                    pred[article.id] = added.assigned[lead.event_id] if lead else f"none:{article.id}"
                by_hash.setdefault(article.content_hash, article.id)
                if progress:
                    progress(1)
        finally:
            store.close()
    if out is not None:
        write_lines(out, [f"{aid}\t{pred[aid]}" for aid in sorted(pred)])
    return {
        "n": len(gold),
        "clusters": len(set(gold.values())),
        "predicted_clusters": len(set(pred.values())),
        "pairwise": pairwise(gold, pred),
        "bcubed": bcubed(gold, pred),
    }
