"""Fitting every model of a study: prepare the units once, fit the folds as
independent, seeded tasks, assemble the three tables.

`fit_all` fits one scikit-learn classifier per (classifier, feature set) of ``[models]``
on the study's units (sentences, paragraphs or articles), and returns three tables (see
docs/models.md):

``classifiers``  one row per model: fold-mean scores beside their chance baselines,
                 the model's own permutation p-value and the feature set's; skipped
                 models carry the reason.
``confusion``    out-of-fold predictions summed over folds: ``true, predicted, count``.
``coefficients`` the top-weighted features per class of the model refitted on all units.

`prepare` builds what every model shares (units, sample, folds, chance baselines);
`framing.models.tasks` splits the fitting into tasks and `framing.models.outcomes`
assembles their results. Tasks run through the mapper the pipeline hands over
(``map_tasks(work, items, shared, on_done)``: in this process or on its local workers);
this package never imports the pipeline. scikit-learn loads when a model is fitted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

if TYPE_CHECKING:
    from framing.config import Study
    from framing.corpus import Batch
    from framing.features import Family
    from framing.features.base import Texts
    from framing.models.cv import CVPlan

__all__ = [
    "CLASSIFIER_COLUMNS",
    "Outcome",
    "Prepared",
    "fit_all",
    "fit_model",
    "fit_models",
    "prepare",
]

# ``map_tasks(work, items, shared, on_done)`` calls ``on_done(i, work(items[i], *shared))``
# for every item, in any order (`framing.pipeline.engine.map_chunks` with its workers).
Mapper = Callable[
    [Callable[..., Any], Sequence[Any], tuple[Any, ...], Callable[[int, Any], None]], None
]


def map_in_process(
    work: Callable[..., Any],
    items: Sequence[Any],
    shared: tuple[Any, ...],
    on_done: Callable[[int, Any], None],
) -> None:
    """The default mapper: every task here, in order."""
    for i, item in enumerate(items):
        on_done(i, work(item, *shared))


CLASSIFIER_SCHEMA: dict[str, Any] = {
    "model": pl.String,
    "feature_set": pl.String,
    "unit": pl.String,
    "target": pl.String,
    "folds": pl.Int64,
    "n": pl.Int64,
    "accuracy": pl.Float64,
    "macro_f1": pl.Float64,
    "balanced_accuracy": pl.Float64,
    "sd": pl.Float64,
    "chance_macro_f1": pl.Float64,
    "permutation_p": pl.Float64,
    "accuracy_sd": pl.Float64,
    "balanced_accuracy_sd": pl.Float64,
    "chance_accuracy": pl.Float64,
    "chance_macro_f1_most_frequent": pl.Float64,
    "chance_macro_f1_stratified": pl.Float64,
    "permutations": pl.Int64,
    "permutation_unit": pl.String,
    "permutation_method": pl.String,
    "feature_set_p": pl.Float64,
    "feature_set_test": pl.String,
    "feature_set_statistic": pl.Float64,
    "feature_set_permutations": pl.Int64,
    "n_classes": pl.Int64,
    "n_features": pl.Int64,
    "n_available": pl.Int64,
    "grouping": pl.String,
    "grouping_note": pl.String,
    "method_note": pl.String,
    "status": pl.String,
    "skip_reason": pl.String,
}
CLASSIFIER_COLUMNS = tuple(CLASSIFIER_SCHEMA)
CONFUSION_SCHEMA = {
    "model": pl.String, "feature_set": pl.String, "true": pl.String, "predicted": pl.String, "count": pl.Int64,
}  # fmt: skip
COEFFICIENT_SCHEMA = {
    "model": pl.String, "feature_set": pl.String, "class": pl.String, "rank": pl.Int64,
    "feature": pl.String, "weight": pl.Float64,
}  # fmt: skip


@dataclass(frozen=True)
class Prepared:
    """Everything the models of one study share: inputs, labels, folds, row defaults."""

    X: pl.DataFrame
    labels: np.ndarray
    class_names: list[str]
    plan: CVPlan
    style_columns: tuple[str, ...]
    level: str
    seed: int
    permutations: int
    # Values of the classifiers row common to every model.
    shared: dict[str, Any]
    # Chance-baseline columns of every fitted model's row (same labels, same folds).
    chance: dict[str, float]
    notes: list[str] = field(default_factory=list)
    refit_tests: bool = False
    forest_tfidf: bool = False
    max_terms: int | None = None
    # What differs from the standard method for every model (e.g. the sample), or "".
    method_note: str = ""


@dataclass
class Outcome:
    """One model's classifiers row, its confusion and coefficient rows, and notes."""

    row: dict[str, Any]
    confusion: pl.DataFrame | None = None
    coefficients: pl.DataFrame | None = None
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def _sample(frame: pl.DataFrame, study: Study) -> tuple[pl.DataFrame, str]:
    """`frame` itself, or its stratified sample above ``max_units``, with the note."""
    from framing.models.cv import sample_by_class
    from framing.models.data import TARGET

    limit, unit = study.models.max_units, study.models.unit
    if not limit or frame.height <= limit:
        return frame, ""
    # Class codes in np.unique's order, as `cv.stratified_sample` numbers the labels,
    # without turning every unit's label into a Python string.
    labels = frame[TARGET]
    classes = np.unique(labels.unique().to_numpy())
    codes = labels.replace_strict(list(classes), range(classes.size), return_dtype=pl.Int64)
    rows = sample_by_class(codes.to_numpy(), classes.size, limit, seed=study.study.seed)
    note = (
        f"{rows.size:,} of {frame.height:,} {unit}s: a class-stratified sample "
        f"(max_units = {limit:,}); scores, baselines and tests are on the sample"
    )
    return frame[rows], note


def _chance(labels: np.ndarray, plan: CVPlan, *, n_classes: int, seed: int) -> dict[str, float]:
    """The chance-baseline columns, once for every model (same labels, same folds)."""
    from framing.models import evaluate

    accuracy, most_frequent, stratified = evaluate.chance_baselines(
        labels, plan, n_classes=n_classes, seed=seed
    )
    return {
        "chance_accuracy": accuracy,
        "chance_macro_f1_most_frequent": most_frequent,
        "chance_macro_f1_stratified": stratified,
        # The stronger of the two dummies: a model must beat both to beat chance.
        "chance_macro_f1": max(most_frequent, stratified),
    }


def prepare(
    study: Study,
    texts: Texts | Batch,
    tables: dict[str, pl.DataFrame | pl.LazyFrame],
    families: list[Family],
) -> Prepared:
    """Units (sampled above ``max_units``), masked text, integer labels, the CV plan and
    the chance baselines; raises `Skip` with the reason when no model can be evaluated
    (missing label column, one class, a class of one).

    The sample is drawn on the units' keys and labels (`data.unit_keys`); text and style
    columns are read for the sampled units only (`data.unit_inputs`), then masked (per
    row, dropping none: the rows masking every unit gives). Memory: the key frame.
    """
    from framing.models.cv import Skip, plan_cv
    from framing.models.data import TARGET, as_texts, unit_inputs, unit_keys

    settings = study.models
    if settings.target != "outlet" and settings.target not in tables["articles"].columns:
        raise Skip(f"target {settings.target!r} is not a column of the corpus table")
    texts = as_texts(texts)
    data = unit_keys(study, texts, tables, families)
    notes = []
    if data.unlabelled:
        notes.append(
            f"{data.unlabelled} {settings.unit}s without a {settings.target!r} label dropped"
        )
    frame, sample_note = _sample(data.frame, study)
    notes += [sample_note] if sample_note else []
    seed = study.study.seed
    plan = plan_cv(
        frame, unit=settings.unit, target=settings.target, group=settings.group,
        folds=settings.folds, seed=seed,
    )  # fmt: skip
    if plan.note:
        notes.append(plan.note)
    class_names, labels = np.unique(frame[TARGET].to_numpy(), return_inverse=True)
    inputs = unit_inputs(study, texts, tables, frame, data.style_columns)
    shared = {
        "unit": settings.unit, "target": settings.target, "folds": plan.folds,
        "n": frame.height, "n_available": data.frame.height, "n_classes": len(class_names),
        "grouping": plan.grouping, "grouping_note": plan.note or None,
    }  # fmt: skip
    return Prepared(
        X=inputs.select(_masked_text(study).alias("text"), *data.style_columns),
        labels=labels,
        class_names=[str(c) for c in class_names],
        plan=plan,
        style_columns=data.style_columns,
        level="article" if settings.unit == "article" else "sentence",
        seed=seed,
        permutations=settings.permutations,
        shared=shared,
        chance=_chance(labels, plan, n_classes=len(class_names), seed=seed),
        notes=notes,
        refit_tests=settings.refit_tests,
        forest_tfidf=settings.forest_tfidf,
        max_terms=settings.max_terms or None,
        method_note=sample_note,
    )


def _masked_text(study: Study) -> pl.Expr:
    """The units' text, actor names and topic words masked with ``mask_names``."""
    from framing.models.data import mask_expression

    text = pl.col("text")
    if not study.models.mask_names:
        return text
    names = [alias for actor in study.actors for alias in actor.aliases]
    return mask_expression(text, names=names, topic_words=study.features.topic_words)


def fit_model(prepared: Prepared, model: str, feature_set: str) -> Outcome:
    """Cross-validate, permutation-test and refit one (classifier, feature set), the
    feature set's test included. Pure and independent of the other models."""
    return fit_models(prepared, [(model, feature_set)])[0]


def fit_models(
    prepared: Prepared, models: list[tuple[str, str]], *, map_tasks: Mapper = map_in_process
) -> list[Outcome]:
    """The outcome of each (classifier, feature set), in order. The work is split into
    seeded tasks (`tasks.plan_tasks`), each one item of `map_tasks`; a model's outcome
    is the same whichever task and process computed it."""
    from framing.models.outcomes import merge
    from framing.models.tasks import plan_tasks, run_task

    tasks = plan_tasks(prepared, models)
    results: list[Any] = [[] for _ in tasks]

    def done(i: int, result: Any) -> None:
        results[i] = result

    map_tasks(run_task, tasks, (prepared, models), done)
    return merge(prepared, models, results)


def fit_all(
    study: Study,
    texts: Texts | Batch,
    tables: dict[str, pl.DataFrame | pl.LazyFrame],
    families: list[Family],
    *,
    map_tasks: Mapper = map_in_process,
) -> tuple[dict[str, pl.DataFrame], dict[str, Any]]:
    """`classifiers`, `confusion`, `coefficients` tables and the manifest's model notes.

    `texts` reads the units' text back (a `framing.features.base.Texts`; a `Batch` through
    `corpus.texts.FrameTexts`); `tables` holds ``articles`` (a DataFrame) and ``sentences``
    (a DataFrame or a LazyFrame, e.g. over a run's Parquet parts). Only the sampled
    units' text is ever collected (see `prepare`).

    Never raises for data that cannot support a model: such models get a row with
    ``status = "skipped"`` and a `skip_reason`. Deterministic for a given ``study.seed``,
    whatever `map_tasks` runs the fits on.
    """
    from framing.models.cv import Skip
    from framing.models.outcomes import plan_note

    settings = study.models
    models = [(c, f) for c in settings.classifiers for f in settings.feature_sets]
    notes: dict[str, Any] = {
        "unit": settings.unit,
        "target": settings.target,
        "seed": study.study.seed,
    }
    try:
        prepared = prepare(study, texts, tables, families)
    except Skip as exc:
        base = {"unit": settings.unit, "target": settings.target, "status": "skipped"}
        rows = [{**base, "model": m, "feature_set": f, "skip_reason": str(exc)} for m, f in models]
        return _tables([Outcome(r) for r in rows]), {**notes, "notes": [f"no model fitted: {exc}"]}
    outcomes = fit_models(prepared, models, map_tasks=map_tasks)
    notes.update(
        n=prepared.shared["n"],
        n_available=prepared.shared["n_available"],
        folds=prepared.plan.folds,
        grouping=prepared.plan.grouping,
        permutation_unit=prepared.plan.block_unit,
        notes=[
            plan_note(prepared, settings.feature_sets),
            *prepared.notes,
            *(note for o in outcomes for note in o.notes),
        ],
        seconds={
            f"{m}/{f}": round(o.seconds, 3)
            for (m, f), o in zip(models, outcomes, strict=True)
            if o.row["status"] == "ok"
        },
    )
    return _tables(outcomes), notes


def _tables(outcomes: list[Outcome]) -> dict[str, pl.DataFrame]:
    def stack(frames: list[pl.DataFrame], schema: dict[str, Any], keys: list[str]) -> pl.DataFrame:
        if not frames:
            return pl.DataFrame(schema=schema)
        return pl.concat(frames).select(pl.col(c).cast(t) for c, t in schema.items()).sort(keys)

    rows = [o.row for o in outcomes]
    confusion = [o.confusion for o in outcomes if o.confusion is not None]
    coefs = [o.coefficients for o in outcomes if o.coefficients is not None]
    return {
        "classifiers": pl.DataFrame(rows, schema=CLASSIFIER_SCHEMA).sort("model", "feature_set"),
        "confusion": stack(
            confusion, CONFUSION_SCHEMA, ["model", "feature_set", "true", "predicted"]
        ),
        "coefficients": stack(coefs, COEFFICIENT_SCHEMA, ["model", "feature_set", "class", "rank"]),
    }
