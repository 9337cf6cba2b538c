"""`tacitus eval plover` and `tacitus eval cameo`: PLOVER type/mode and CAMEO classes."""

from __future__ import annotations

import json
from pathlib import Path

from tacitus.classify import metrics
from tacitus.classify.plover import cameo_penta, plover, read_cameo_tsv
from tacitus.errors import InputError
from tacitus.eval.output import write_lines

GOLD_FILE = "PLOVER_GSR_CAMEO.json"


def read_plover_gold(data: Path) -> list[dict]:
    path = Path(data)
    if path.is_dir():
        path = path / GOLD_FILE
    if not path.exists():
        raise InputError(f"{path}: no such file; point --data at the PLOVER folder or its {GOLD_FILE}")
    try:
        records = json.loads(path.read_text("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a JSON array of PLOVER records ({exc.__class__.__name__})") from None
    if not isinstance(records, list):
        raise InputError(f"{path}: expected a JSON array of PLOVER records")
    return [r for r in records if isinstance(r, dict) and r.get("text") and r.get("event") not in (None, "DOCUMENT")]


def evaluate_plover(data: Path, out: Path | None = None) -> dict:
    gold = read_plover_gold(data)
    preds = plover([g["text"] for g in gold])
    if out:
        write_lines(out, [f"{g.get('id', i)}\t{p.type}\t{p.mode or ''}" for i, (g, p) in enumerate(zip(gold, preds))])
    g_types = [g["event"] for g in gold]
    g_modes = [g.get("mode") or "" for g in gold]
    p_types = [p.type for p in preds]
    p_modes = [p.mode or "" for p in preds]
    with_mode = [i for i, m in enumerate(g_modes) if m]
    result = {
        "n": len(gold),
        "type_accuracy": round(sum(a == b for a, b in zip(g_types, p_types)) / len(gold), 4),
        "mode_accuracy": round(sum(a == b for a, b in zip(g_modes, p_modes)) / len(gold), 4),
        "mode_accuracy_where_gold_has_mode": round(
            sum(g_modes[i] == p_modes[i] for i in with_mode) / len(with_mode), 4) if with_mode else None,
        "type": metrics.summary(g_types, p_types),
    }
    result["per_class"] = metrics.rows(g_types, p_types)
    return result


def evaluate_cameo(data: Path, out: Path | None = None) -> dict:
    texts, gold = read_cameo_tsv(Path(data))
    pred = [str(x) for x in cameo_penta(texts)]
    if out:
        write_lines(out, [f"{i}\t{p}" for i, p in enumerate(pred)])
    result = {"n": len(gold), "classes": metrics.summary(gold, pred, ["0", "1", "2", "3", "4"])}
    result["per_class"] = metrics.rows(gold, pred)
    return result

