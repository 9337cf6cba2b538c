"""Reading labelled snippets: our own training files, CASE-style TSV for evaluation, and
an analyst's ACLED export (CSV with notes, event_type, sub_event_type)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from tacitus.classify.labels import ALL_CODES, code_for
from tacitus.errors import InputError


@dataclass
class Labelled:
    ids: list[str]
    texts: list[str]
    labels: list[str | None]


def _open(path: Path):
    if not path.exists():
        raise InputError(f"{path}: no such file")
    try:
        return path.read_text("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text; save it as UTF-8 and try again") from exc


def read_training_dir(folder: Path) -> Labelled:
    """Every `*.tsv` under `folder`: header `text<TAB>label`, one snippet a line."""
    out = Labelled([], [], [])
    files = sorted(folder.glob("*.tsv"))
    if not files:
        raise InputError(f"{folder}: no .tsv training files")
    for f in files:
        for n, line in enumerate(_open(f).splitlines()[1:], start=2):
            if not line.strip():
                continue
            parts = line.split("\t")
            if len(parts) != 2 or code_for(parts[1]) is None:
                raise InputError(f"{f}:{n}: expected `text<TAB>label` with a known label")
            out.ids.append(f"{f.stem}:{n}")
            out.texts.append(parts[0].strip())
            out.labels.append(code_for(parts[1]))
    return out


def read_case_tsv(path: Path) -> Labelled:
    """CASE 2021 task 2 layout: header `id<TAB>EventSnippet<TAB>SubType` (SubType optional)."""
    rows = list(csv.reader(_open(path).splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or len(rows[0]) < 2:
        raise InputError(f"{path}: expected a header `id<TAB>EventSnippet<TAB>SubType`")
    header = [h.strip().lower() for h in rows[0]]
    try:
        i_id, i_text = header.index("id"), header.index("eventsnippet")
    except ValueError as exc:
        raise InputError(f"{path}: the header must name the columns id and EventSnippet (and SubType for scoring)") from exc
    i_label = header.index("subtype") if "subtype" in header else None
    out = Labelled([], [], [])
    for n, row in enumerate(rows[1:], start=2):
        if not row or not any(c.strip() for c in row):
            continue
        if len(row) <= max(i_id, i_text, i_label or 0):
            raise InputError(f"{path}:{n}: expected {len(header)} tab-separated columns, found {len(row)}")
        label = row[i_label].strip() if i_label is not None else None
        if label and label not in ALL_CODES:
            raise InputError(f"{path}:{n}: unknown SubType {label!r}; use the CASE 2021 codes (label_map.tsv)")
        out.ids.append(row[i_id].strip())
        out.texts.append(row[i_text].strip())
        out.labels.append(label or None)
    if not out.ids:
        raise InputError(f"{path}: no snippets")
    return out


def read_acled_export(path: Path) -> Labelled:
    """An ACLED export: the `notes` column is the text, `sub_event_type` the label."""
    text = _open(path)
    reader = csv.DictReader(text.splitlines())
    fields = {f.strip().lower(): f for f in reader.fieldnames or []}
    missing = [c for c in ("notes", "sub_event_type") if c not in fields]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}; an ACLED export has notes, event_type, sub_event_type")
    out = Labelled([], [], [])
    for n, row in enumerate(reader, start=2):
        notes = (row.get(fields["notes"]) or "").strip()
        raw = (row.get(fields["sub_event_type"]) or "").strip()
        if not notes or not raw:
            continue
        code = code_for(raw)
        if code is None:
            raise InputError(f"{path}:{n}: unknown sub_event_type {raw!r}; use ACLED's sub-event type names")
        out.ids.append(row.get(fields.get("event_id_cnty", ""), "") or str(n))
        out.texts.append(notes)
        out.labels.append(code)
    if not out.texts:
        raise InputError(f"{path}: no rows with both notes and sub_event_type")
    return out
