"""Cross-validation of the event classifier on our own training snippets, to choose
its settings without looking at any evaluation data.

    python training/cv.py [--folds 5] [--C 3 10 30]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from tacitus.classify import linear, metrics
from tacitus.classify.data import read_training_dir

HERE = Path(__file__).resolve().parent


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--C", type=float, nargs="+", default=[10.0])
    ap.add_argument("--data", default=str(HERE / "classify"))
    args = ap.parse_args(argv)
    rows = read_training_dir(Path(args.data))
    order = list(range(len(rows.texts)))
    random.Random(7).shuffle(order)
    for C in args.C:
        gold, pred = [], []
        for k in range(args.folds):
            test = set(order[k :: args.folds])
            tr = [i for i in order if i not in test]
            m = linear.fit([rows.texts[i] for i in tr], [rows.labels[i] for i in tr], C=C)
            te = sorted(test)
            gold += [rows.labels[i] for i in te]
            pred += m.predict([rows.texts[i] for i in te])
        print(f"C={C}: {metrics.summary(gold, pred)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
