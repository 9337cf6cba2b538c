"""`tacitus eval location`: which of a sentence's places is where its event happened.

Gold: Halterman's event-location corpus ("Geolocating Political Events in
Text", 2019): Prodigy records, each a sentence with one event verb (a VERB
span) and the place(s) where that event happened (LOCATION spans, possibly
none).  The ``RELABEL`` records are the gold standard.

Each sentence goes through the same steps as an article in ``tacitus
extract``: spaCy parse, place spans, their resolution, then ``event_site`` for
the annotated verb with the sentence's other event triggers claiming their own
places.  A prediction is right when it overlaps a gold LOCATION span, or when
the sentence has no gold location and no place is chosen.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tacitus.errors import InputError
from tacitus.eval.output import write_lines

GOLD_SOURCE = "RELABEL"


@dataclass(frozen=True)
class LocationRecord:
    id: str
    text: str
    verb: tuple[int, int]
    locations: tuple[tuple[int, int], ...]


def read_records(path: Path, source: str | None = GOLD_SOURCE) -> list[LocationRecord]:
    """Records of ``source`` (all when None) from a JSON array or JSON lines, gzipped or not."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file; give the event-location corpus (labeled_text.jsonl[.gz])")
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as f:
            raw = f.read()
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        raise InputError(f"{path}: cannot read it as UTF-8 text ({exc}); give the corpus file") from None
    rows = list(_rows(raw, path))
    out = []
    for row in rows:
        if not isinstance(row, dict) or (source and row.get("source") != source):
            continue
        spans = row.get("spans") or []
        verbs = [(s["start"], s["end"]) for s in spans if s.get("label") == "VERB"]
        if not verbs or not isinstance(row.get("text"), str):
            continue
        locs = tuple((s["start"], s["end"]) for s in spans if s.get("label") == "LOCATION")
        out.append(LocationRecord(str(row.get("_id", len(out))), row["text"], verbs[0], locs))
    if not out:
        which = f"with source {source!r} " if source else ""
        raise InputError(f"{path}: no records {which}with a VERB span; is this the event-location corpus?")
    return out


def _rows(raw: str, path: Path) -> Iterator[dict]:
    text = raw.strip()
    if not text:
        raise InputError(f"{path}: the file is empty")
    if text.startswith("["):
        try:
            yield from json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: malformed JSON ({exc.msg} at line {exc.lineno}); fix or re-download it") from None
        return
    for n, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}: malformed JSON line ({exc.msg}); fix or remove it") from None


def predict(record: LocationRecord, nlp, gaz, registry) -> tuple[int, int] | None:
    """The span of the place where the record's event happened, or None."""
    from tacitus.extract.places import event_site, find_places, targeted
    from tacitus.extract.triggers import find_triggers
    from tacitus.geo.article import article_countries, resolve_places

    doc = nlp(record.text)
    span = doc.char_span(*record.verb, alignment_mode="expand")
    if span is None or not len(span):
        return None
    verb = span.root
    matches = registry.find(record.text)
    places = find_places(doc, gaz, [(m.start, m.end) for m in matches if m.kind != "country"])
    if not places:
        return None
    countries = [c for c, _ in article_countries(matches).most_common()]
    for p, place in zip(places, resolve_places([p.text for p in places], [p.admin_hint for p in places], gaz,
                                               countries)):
        p.place = place
    sent = verb.sent
    sent_places = [p for p in places if sent.start_char <= p.start and p.end <= sent.end_char]
    others = [doc[t.start] for t in find_triggers(sent) if not (t.start <= verb.i < t.end)]
    site = event_site(sent_places, verb, others, excluded=targeted)
    return (site.start, site.end) if site else None


def evaluate(path: Path, out: Path | None, nlp, gaz, registry, source: str | None = GOLD_SOURCE,
             progress: Callable[[int], None] | None = None) -> dict:
    records = read_records(path, source)
    lines = []
    right = with_gold = right_with_gold = none_gold = none_pred = none_both = 0
    for rec in records:
        pred = predict(rec, nlp, gaz, registry)
        ok = (pred is None and not rec.locations) or (
            pred is not None and any(pred[0] < e and s < pred[1] for s, e in rec.locations))
        right += ok
        if rec.locations:
            with_gold += 1
            right_with_gold += ok
        none_gold += not rec.locations
        none_pred += pred is None
        none_both += pred is None and not rec.locations
        lines.append("\t".join([rec.id, *(map(str, pred) if pred else ("", "")),
                                rec.text[pred[0]:pred[1]] if pred else ""]))
        if progress:
            progress(1)
    if out is not None:
        write_lines(out, lines)
    n = len(records)
    return {
        "n": n,
        "accuracy": round(right / n, 4),
        "with_location": with_gold,
        "accuracy_with_location": round(right_with_gold / with_gold, 4) if with_gold else None,
        "without_location": none_gold,
        "none_precision": round(none_both / none_pred, 4) if none_pred else None,
        "none_recall": round(none_both / none_gold, 4) if none_gold else None,
        "source": source or "all",
    }
