"""PLOVER event type and mode, and CAMEO's five classes, for a sentence.

Three small linear models (same features as the event classifier):
- `plover.npz`: the 18 PLOVER event types (version 0.5 names, as in the PLOVER gold
  standard records);
- `plover_mode.npz`: the PLOVER mode, or none; only modes that go with the chosen type
  are allowed;
- `cameo.npz`: CAMEO PentaClass 0-4 (statement, verbal cooperation, material
  cooperation, verbal conflict, material conflict).
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass
from pathlib import Path

from tacitus.classify import linear
from tacitus.classify.labels import ACLED_CODES
from tacitus.classify.model import packaged_path
from tacitus.errors import InputError, ModelMissing

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "DEMAND", "DISAPPROVE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "FIGHT", "INVESTIGATE")
NO_MODE = "none"
# CAMEO PentaClass of each PLOVER type (CAMEO roots 02-05 verbal cooperation, 06-08
# material cooperation, 09-13 verbal conflict, 14-20 material conflict).
PENTA = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "COOPERATE": 2, "AID": 2, "CONCEDE": 2, "RETREAT": 2,
         "INVESTIGATE": 3, "DEMAND": 3, "DISAPPROVE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 4,
         "MOBILIZE": 4, "SANCTION": 4, "COERCE": 4, "ASSAULT": 4, "FIGHT": 4}

@dataclass(frozen=True)
class PloverPrediction:
    type: str
    mode: str | None
    probability: float


@functools.lru_cache(maxsize=None)
def _packaged(name: str) -> linear.LinearModel:
    path = packaged_path().with_name(name)
    if not path.exists():
        raise ModelMissing(f"model {path} not found; run `make model` in the source tree")
    return linear.LinearModel.load(path)


def allowed_modes(type_model_meta: dict, plover_type: str) -> list[str]:
    return type_model_meta.get("modes", {}).get(plover_type, [])


def plover(texts: list[str]) -> list[PloverPrediction]:
    if not texts:
        return []
    types, modes = _packaged("plover.npz"), _packaged("plover_mode.npz")
    tp = types.proba(texts)
    mp = modes.proba(texts)
    out = []
    for row, mrow in zip(tp, mp):
        i = int(row.argmax())
        t = types.labels[i]
        ok = set(allowed_modes(types.meta, t)) | {NO_MODE}
        best = max((p, m) for p, m in zip(mrow, modes.labels) if m in ok)
        out.append(PloverPrediction(t, None if best[1] == NO_MODE else best[1], float(row[i])))
    return out


def cameo_penta(texts: list[str]) -> list[int]:
    return [int(x) for x in _packaged("cameo.npz").predict(texts)] if texts else []


# -- training ------------------------------------------------------------------------------


def read_plover_snippets(folder: Path) -> tuple[list[str], list[str], list[str]]:
    texts, types, modes = [], [], []
    for f in sorted(Path(folder).glob("*.tsv")):
        for n, line in enumerate(f.read_text("utf-8").splitlines()[1:], start=2):
            if not line.strip():
                continue
            parts = line.split("\t")
            if len(parts) != 3 or parts[1] not in PLOVER_TYPES:
                raise InputError(f"{f}:{n}: expected `text<TAB>plover_type<TAB>plover_mode`")
            texts.append(parts[0].strip())
            types.append(parts[1])
            modes.append(parts[2].strip() or NO_MODE)
    return texts, types, modes


def read_cameo_tsv(path: Path) -> tuple[list[str], list[str]]:
    """ConfliBERT cameo_class layout: `sentence<TAB>label`, no header, labels 0-4."""
    texts, labels = [], []
    try:
        lines = Path(path).read_text("utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        parts = line.rstrip("\r").rsplit("\t", 1)
        if len(parts) != 2 or parts[1].strip() not in {"0", "1", "2", "3", "4"}:
            raise InputError(f"{path}:{n}: expected `sentence<TAB>label` with a label from 0 to 4")
        texts.append(parts[0].strip())
        labels.append(parts[1].strip())
    return texts, labels


def _case_as_plover(case_dir: Path, per_label: int = 40) -> tuple[list[str], list[str]]:
    """Some of our ACLED-labelled snippets, typed by the ACLED->PLOVER crosswalk."""
    from tacitus.classify.data import read_training_dir
    from tacitus.ontology.acled import lookup

    rows = read_training_dir(case_dir)
    rng = random.Random(5)
    by_label: dict[str, list[int]] = {}
    for i, code in enumerate(rows.labels):
        if code in ACLED_CODES and lookup(ACLED_CODES[code]).plover in PLOVER_TYPES:
            by_label.setdefault(code, []).append(i)
    texts, types = [], []
    for code, idx in sorted(by_label.items()):
        rng.shuffle(idx)
        for i in idx[:per_label]:
            texts.append(rows.texts[i])
            types.append(lookup(ACLED_CODES[code]).plover)
    return texts, types


def build_packaged(plover_dir: Path, case_dir: Path, shared_data: Path, out_dir: Path) -> dict[str, dict]:
    texts, types, modes = read_plover_snippets(plover_dir)
    extra_t, extra_y = _case_as_plover(case_dir)
    type_model = linear.fit(texts + extra_t, types + extra_y)
    seen: dict[str, set] = {}
    for t, m in zip(types, modes):
        if m != NO_MODE:
            seen.setdefault(t, set()).add(m)
    type_model.meta["modes"] = {t: sorted(ms) for t, ms in sorted(seen.items())}
    type_model.meta["source"] = "training/plover + training/classify (ACLED->PLOVER crosswalk)"
    type_model.save(out_dir / "plover.npz")
    moded = [i for i, t in enumerate(types) if t in seen]  # types that take a mode at all
    mode_model = linear.fit([texts[i] for i in moded], [modes[i] for i in moded], class_weight=None)
    mode_model.meta["source"] = "training/plover"
    mode_model.save(out_dir / "plover_mode.npz")
    c_texts = texts + extra_t
    c_labels = [str(PENTA[t]) for t in types + extra_y]
    conflibert = Path(shared_data) / "conflibert" / "cameo_class" / "train.tsv"
    source = "training/plover + training/classify"
    if conflibert.exists():  # the train split only; test.tsv is for `tacitus eval cameo`
        t2, l2 = read_cameo_tsv(conflibert)
        c_texts, c_labels = c_texts + t2, c_labels + l2
        source += " + ConfliBERT cameo_class train split"
    cameo = linear.fit(c_texts, c_labels)
    cameo.meta["source"] = source
    cameo.save(out_dir / "cameo.npz")
    return {"plover.npz": type_model.meta, "plover_mode.npz": mode_model.meta, "cameo.npz": cameo.meta}
