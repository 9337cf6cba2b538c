"""`tacitus eval ...` and `tacitus train ...`: measuring and retraining the classifiers."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from tacitus.cli.common import err_console, out_console, progress_bar
from tacitus.settings import Settings

eval_app = typer.Typer(no_args_is_help=True, help="Measure tacitus on gold data.")
train_app = typer.Typer(no_args_is_help=True, help="Retrain a classifier on your own labelled data.")

MODEL_OPTION = typer.Option(None, "--model", help="Classifier model file (default: settings, else the packaged model).")


def _classifier(model: str | None):
    from tacitus.classify.model import EventClassifier

    return EventClassifier.load(Settings.from_env(classifier=model).classifier)


def _print_json(result: dict) -> None:
    out_console.print(json.dumps(result, sort_keys=True), soft_wrap=True, highlight=False, markup=False)


def _scores_table(title: str, result: dict, keys: list[tuple[str, str]]) -> None:
    table = Table(title=title, title_justify="left")
    for col in ("scored on", "n", "weighted F1", "macro F1", "accuracy"):
        table.add_column(col, justify="left" if col == "scored on" else "right")
    for key, name in keys:
        r = result.get(key)
        if r:
            table.add_row(name, str(r["n"]), f"{r['weighted_f1']:.3f}", f"{r['macro_f1']:.3f}", f"{r['accuracy']:.3f}")
    out_console.print(table)


def _per_class_table(rows: list[dict]) -> None:
    table = Table(title="per class", title_justify="left")
    for col in ("label", "precision", "recall", "F1", "support"):
        table.add_column(col, justify="left" if col == "label" else "right")
    for r in rows:
        table.add_row(r["label"], f"{r['precision']:.2f}", f"{r['recall']:.2f}", f"{r['f1']:.2f}", str(r["support"]))
    out_console.print(table)


@eval_app.command("classify")
def eval_classify(
    data: Path = typer.Option(..., "--data", help="TSV with columns id, EventSnippet and (for scoring) SubType."),
    out: Path = typer.Option(..., "--out", help="Where to write `id<TAB>label` predictions."),
    model: str = MODEL_OPTION,
) -> None:
    """Classify CASE 2021-style snippets into ACLED sub-event types (and five other codes)."""
    from tacitus.eval.classify import evaluate

    clf = _classifier(model)
    with progress_bar("classifying", total=None) as advance:
        result = evaluate(data, out, clf, progress=advance)
    err_console.print(f"{result['n']} predictions written to {out} (model {clf.path})")
    if "all" in result:
        _per_class_table(result["per_class"])
        _scores_table("scores", result, [("acled25", "25 ACLED types (subtask 1)"),
                                         ("acled25_open", "25 ACLED types, any code allowed"),
                                         ("all", f"all {result['all']['classes']} codes")])
        result.pop("per_class")
    _print_json(result)


@train_app.command("classify")
def train_classify(
    data: Path = typer.Option(..., "--data", help="CSV export with columns notes, event_type, sub_event_type."),
    out: Path = typer.Option(None, "--out", help="Model file to write (default: the user data folder)."),
    holdout: float = typer.Option(0.2, "--holdout", min=0.05, max=0.5, help="Share of rows held out for the score."),
    use: bool = typer.Option(True, "--use/--no-use", help="Make later runs use this model (settings file)."),
    seed: int = typer.Option(13, "--seed", help="Random seed of the held-out split."),
) -> None:
    """Train the event classifier on an ACLED-style export and make later runs use it."""
    from tacitus.classify.train import train_from_export
    from tacitus.settings import models_dir, update_settings_file

    out = out or models_dir() / "classifier.npz"
    result = train_from_export(data, out, holdout=holdout, seed=seed)
    _per_class_table(result.pop("per_class"))
    _scores_table("held-out score", result, [("heldout", f"{result['heldout']['n']} held-out rows")])
    err_console.print(f"model written to {out} (trained on all {result['trained_on']} rows)")
    if use:
        path = update_settings_file(classifier=out.resolve())
        err_console.print(f"later runs use it: `classifier` set in {path} (override with --model or $TACITUS_CLASSIFIER)")
    _print_json(result)


@eval_app.command("plover")
def eval_plover(
    data: Path = typer.Option(..., "--data", help="PLOVER gold records: the folder or its PLOVER_GSR_CAMEO.json."),
    out: Path = typer.Option(None, "--out", help="Write `id<TAB>type<TAB>mode` predictions here."),
) -> None:
    """PLOVER event type and mode accuracy on PLOVER's gold standard records."""
    from tacitus.eval.plover import evaluate_plover

    result = evaluate_plover(data, out)
    _per_class_table(result.pop("per_class"))
    err_console.print(f"{result['n']} sentences: type accuracy {result['type_accuracy']:.3f}, "
                      f"mode accuracy {result['mode_accuracy']:.3f}")
    _print_json(result)


@eval_app.command("cameo")
def eval_cameo(
    data: Path = typer.Option(..., "--data", help="`sentence<TAB>label` TSV with CAMEO PentaClass labels 0-4."),
    out: Path = typer.Option(None, "--out", help="Write `index<TAB>class` predictions here."),
) -> None:
    """CAMEO PentaClass (statement, verbal/material cooperation, verbal/material conflict)."""
    from tacitus.eval.plover import evaluate_cameo

    result = evaluate_cameo(data, out)
    _per_class_table(result.pop("per_class"))
    _scores_table("CAMEO PentaClass", result, [("classes", "5 classes")])
    _print_json(result)


def _geo_table(title: str, groups: list[tuple[str, dict]]) -> None:
    table = Table(title=title, title_justify="left")
    for col in ("toponyms", "n", "within 161 km", "exact id", "median km", "AUC"):
        table.add_column(col, justify="left" if col == "toponyms" else "right")
    for name, r in groups:
        if r.get("n"):
            exact = f"{r['exact_id']:.3f}" if "exact_id" in r else "-"
            table.add_row(name, str(r["n"]), f"{r['acc161']:.3f}", exact, f"{r['median_km']:.1f}", f"{r['auc']:.3f}")
    out_console.print(table)


@eval_app.command("geocode")
def eval_geocode(
    corpus: Path = typer.Option(..., "--corpus", help="LGL-, TR-News-, GWN- or GeoVirus-style XML with gold toponyms."),
    out: Path = typer.Option(None, "--out", help="Write `doc<TAB>start<TAB>end<TAB>lat<TAB>lon<TAB>geonameid` here."),
    patches: Path = typer.Option(None, "--patches", help="Coordinate fixes (TSV); default: patches/lgl_patches.tsv "
                                                        "beside an LGL corpus."),
) -> None:
    """Resolve each gold toponym span of a geoparsing corpus and score the places."""
    from tacitus.actors.registry import ActorRegistry
    from tacitus.cli.common import gazetteer_progress
    from tacitus.eval.geocode import evaluate
    from tacitus.geo.gazetteer import Gazetteer

    gaz = Gazetteer.open(progress=gazetteer_progress())
    with progress_bar("geocoding", total=None) as advance:
        result = evaluate(corpus, out, gaz, ActorRegistry.load(), patches=patches, progress=advance)
    if result.get("patches"):
        err_console.print(f"{result['patched']} gold coordinates corrected from {result['patches']}")
    if out is not None:
        err_console.print(f"{result['toponyms']} predictions written to {out}")
    groups = [("scored", result)] + [(k.replace("_", " "), v) for k, v in result.items() if isinstance(v, dict)]
    _geo_table(f"{result['corpus']}: {result['articles']} articles", groups)
    _print_json(result)


@eval_app.command("location")
def eval_location(
    data: Path = typer.Option(..., "--data", help="Event-location corpus: Prodigy records with VERB and LOCATION "
                                                  "spans (JSON array or JSON lines, .gz allowed)."),
    out: Path = typer.Option(None, "--out", help="Write `id<TAB>start<TAB>end<TAB>place` predictions here."),
    source: str = typer.Option("RELABEL", "--source", help="Score only records of this source ('' for all)."),
) -> None:
    """Choose, for each sentence's event, the place where it happened; score against the gold span."""
    from tacitus.cli.common import gazetteer_progress
    from tacitus.eval.location import evaluate
    from tacitus.pipeline import Pipeline

    pipe = Pipeline(progress=gazetteer_progress())
    with progress_bar("locating", total=None) as advance:
        result = evaluate(data, out, pipe.nlp, pipe.gazetteer, pipe.registry, source=source or None,
                          progress=advance)
    err_console.print(f"{result['n']} sentences: accuracy {result['accuracy']:.3f} "
                      f"({result['accuracy_with_location']:.3f} on the {result['with_location']} with a gold place)")
    _print_json(result)


@eval_app.command("resolve")
def eval_resolve(
    data: Path = typer.Option(..., "--data", help="JSON lines {id, text, published, source, cluster}."),
    out: Path = typer.Option(None, "--out", help="Write `id<TAB>event id` predictions here."),
) -> None:
    """Cross-report resolution: are the reports of each real event merged, and only those?"""
    from tacitus.cli.common import gazetteer_progress
    from tacitus.eval.resolve import evaluate
    from tacitus.pipeline import Pipeline

    pipe = Pipeline(Settings.from_env(), progress=gazetteer_progress())
    pipe.warm()
    with progress_bar("resolving", total=None) as advance:
        result = evaluate(data, pipe, out, progress=advance)
    pw, b3 = result["pairwise"], result["bcubed"]
    err_console.print(f"{result['n']} reports of {result['clusters']} events, {result['predicted_clusters']} predicted: "
                      f"pairwise P {pw['precision']:.3f} R {pw['recall']:.3f} F1 {pw['f1']:.3f}; "
                      f"B-cubed F1 {b3['f1']:.3f}")
    _print_json(result)
