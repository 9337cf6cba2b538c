"""`tacitus eval geocode`: resolve each gold toponym span of a corpus and score it.

Scores follow the geoparsing literature (Gritta et al. 2018, Halterman 2023):
accuracy within 161 km (100 miles), exact GeoNames id, median error in km and
AUC of the log-error curve (0 is perfect, 1 is every toponym on the far side
of the Earth).  A toponym left unresolved counts as the largest possible error.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Callable
from pathlib import Path

from tacitus.eval.geocorpus import SCORED, GoldDoc, apply_patches, default_patches, read_corpus, read_patches
from tacitus.eval.output import write_lines
from tacitus.geo.article import article_countries, resolve_places
from tacitus.geo.distance import km
from tacitus.geo.gazetteer import Gazetteer
from tacitus.records import Place

MAX_ERROR_KM = 20039.0  # half the Earth's circumference
WITHIN_KM = 161.0
# A name followed by one of these is a unit, not the town of that name.
_ADMIN_AFTER = re.compile(r"\s*(province|governorate|region|district|county|parish|state|oblast|prefecture)\b",
                          re.IGNORECASE)




def geocode_doc(doc: GoldDoc, gaz: Gazetteer, registry) -> list[Place]:
    """The place of every gold toponym of one article, resolved together with
    the article's country cues, as extraction does."""
    names = [doc.text[t.start:t.end] or t.name for t in doc.toponyms]
    hints = [bool(_ADMIN_AFTER.match(doc.text, t.end)) for t in doc.toponyms]
    matches = registry.find(doc.text) if registry is not None else []
    countries = [c for c, _ in article_countries(matches).most_common()]
    return resolve_places(names, hints, gaz, countries)


def scores(errors: list[float], id_hits: list[bool]) -> dict:
    """Metrics of one group of toponyms; ``errors`` in km (MAX_ERROR_KM when unresolved)."""
    n = len(errors)
    out: dict = {"n": n}
    if n:
        out.update({
            "acc161": round(sum(e <= WITHIN_KM for e in errors) / n, 4),
            "median_km": round(statistics.median(errors), 1),
            "mean_km": round(statistics.fmean(errors), 1),
            "auc": round(auc(errors), 4),
        })
    if id_hits:
        out["exact_id"] = round(sum(id_hits) / len(id_hits), 4)
        out["with_id"] = len(id_hits)
    return out


def auc(errors: list[float]) -> float:
    """Area under the curve of sorted log errors, scaled to [0, 1] (Gritta et al. 2018)."""
    logs = sorted(math.log(1 + e) / math.log(1 + MAX_ERROR_KM) for e in errors)
    if not logs:
        return 0.0
    if len(logs) == 1:
        return logs[0]
    # trapezoid over equally spaced points on [0, 1]
    return sum((a + b) / 2 for a, b in zip(logs, logs[1:])) / (len(logs) - 1)


def evaluate(corpus: Path, out: Path | None, gaz: Gazetteer, registry=None, patches: Path | None = None,
             progress: Callable[[int], None] | None = None) -> dict:
    docs = read_corpus(corpus)
    patch_file = patches or default_patches(corpus)
    patched = apply_patches(docs, read_patches(patch_file)) if patch_file else 0
    lines: list[str] = []
    groups: dict[str, tuple[list[float], list[bool]]] = {}
    resolved = 0
    for i, doc in enumerate(docs):
        places = geocode_doc(doc, gaz, registry) if doc.toponyms else []
        for gold, place in zip(doc.toponyms, places):
            found = place.geonameid is not None and place.lat is not None
            resolved += found
            lines.append("\t".join([str(i), str(gold.start), str(gold.end),
                                    f"{place.lat:.5f}" if found else "", f"{place.lon:.5f}" if found else "",
                                    str(place.geonameid) if found else ""]))
            errors, hits = groups.setdefault(gold.group, ([], []))
            if gold.lat is not None:
                errors.append(km(gold.lat, gold.lon, place.lat, place.lon) if found else MAX_ERROR_KM)
            if gold.geonameid is not None:
                hits.append(found and place.geonameid == gold.geonameid)
        if progress:
            progress(1)
    if out is not None:
        write_lines(out, lines)
    total = len(lines)
    result = {"corpus": Path(corpus).name, "articles": len(docs), "toponyms": total,
              "resolved": round(resolved / total, 4) if total else 0.0, **scores(*groups.get(SCORED, ([], [])))}
    result["patched"] = patched
    if patch_file:
        result["patches"] = str(patch_file)
    for name, (errors, hits) in groups.items():
        if name != SCORED:
            result[name.replace(" ", "_")] = scores(errors, hits)
    return result
