"""`make model`: build the packaged classifiers from the snippets in this folder.

    python training/build_models.py

Writes src/tacitus/classify/models/{case,plover,cameo}.npz.  Inputs are only files in
this repository (our own snippets) and, for the CAMEO classes, the ConfliBERT
cameo_class *train* split when ../shared/data is present (its test split is for
measuring only).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODELS = HERE.parent / "src" / "tacitus" / "classify" / "models"


def main() -> int:
    from tacitus.classify.train import build_packaged

    meta = build_packaged(HERE / "classify", MODELS / "case.npz")
    print(f"case.npz: {meta['examples']} snippets, {len(meta['per_label'])} labels, "
          f"{(MODELS / 'case.npz').stat().st_size / 1e6:.1f} MB")
    plover = HERE / "plover"
    if any(plover.glob("*.tsv")):
        from tacitus.classify.plover import build_packaged as build_plover

        for name, meta in build_plover(plover, HERE / "classify", HERE.parent.parent / "shared" / "data", MODELS).items():
            print(f"{name}: {meta['examples']} examples, {len(meta['per_label'])} labels, "
                  f"{(MODELS / name).stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
