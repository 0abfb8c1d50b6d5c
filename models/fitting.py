"""Fitting every model of a study: prepare the units once, fit each (classifier,
feature set) as one independent, seeded task, assemble the three tables.

`fit_all` fits one scikit-learn pipeline per (classifier, feature set) of
``[models]`` on the study's units (sentences, paragraphs or articles), and returns
three tables (see docs/models.md):

``classifiers``  one row per model: fold-mean scores beside their chance baselines
                 and a permutation-test p-value; skipped models carry the reason.
``confusion``    out-of-fold predictions summed over folds: ``true, predicted, count``.
``coefficients`` the top-weighted features per class of the model refitted on all units.

Tasks run through the mapper the pipeline hands over (``map_tasks(work, items,
shared, on_done)``: in this process or on its local workers); this package never
imports the pipeline. scikit-learn loads when a model is fitted.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

if TYPE_CHECKING:
    from framing.config import Study
    from framing.corpus import Batch
    from framing.features import Family
    from framing.models.cv import CVPlan

__all__ = [
    "CLASSIFIER_COLUMNS",
    "FOREST_PERMUTATIONS",
    "Outcome",
    "Prepared",
    "fit_all",
    "fit_model",
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


# Random forests cost ~25x a linear fit; their permutation test is capped (min p = 1/21).
FOREST_PERMUTATIONS = 20
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
    "n_classes": pl.Int64,
    "n_features": pl.Int64,
    "grouping": pl.String,
    "grouping_note": pl.String,
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


def _sd(values: np.ndarray) -> float:
    """Sample standard deviation (ddof = 1) over folds."""
    return float(np.std(values, ddof=1)) if values.size > 1 else float("nan")


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
    notes: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    """One model's classifiers row, its confusion and coefficient rows, and notes."""

    row: dict[str, Any]
    confusion: pl.DataFrame | None = None
    coefficients: pl.DataFrame | None = None
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def prepare(
    study: Study, batch: Batch, tables: dict[str, pl.DataFrame], families: list[Family]
) -> Prepared:
    """Units, masked text, integer labels and the CV plan; raises `Skip` with the reason
    when no model can be evaluated (missing label column, one class, a class of one)."""
    from framing.models.cv import Skip, plan_cv
    from framing.models.data import TARGET, mask_expression, unit_frame

    settings = study.models
    if settings.target != "outlet" and settings.target not in tables["articles"].columns:
        raise Skip(f"target {settings.target!r} is not a column of the corpus table")
    data = unit_frame(study, batch, tables, families)
    notes = []
    if data.unlabelled:
        notes.append(
            f"{data.unlabelled} {settings.unit}s without a {settings.target!r} label dropped"
        )
    plan = plan_cv(
        data.frame,
        unit=settings.unit,
        target=settings.target,
        group=settings.group,
        folds=settings.folds,
        seed=study.study.seed,
    )
    if plan.note:
        notes.append(plan.note)
    class_names, labels = np.unique(data.frame[TARGET].to_numpy(), return_inverse=True)
    text = pl.col("text")
    if settings.mask_names:
        names = [alias for actor in study.actors for alias in actor.aliases]
        text = mask_expression(text, names=names, topic_words=study.features.topic_words)
    shared = {
        "unit": settings.unit,
        "target": settings.target,
        "folds": plan.folds,
        "n": data.frame.height,
        "n_classes": len(class_names),
        "grouping": plan.grouping,
        "grouping_note": plan.note or None,
    }
    return Prepared(
        X=data.frame.select(text.alias("text"), *data.style_columns),
        labels=labels,
        class_names=[str(c) for c in class_names],
        plan=plan,
        style_columns=data.style_columns,
        level="article" if settings.unit == "article" else "sentence",
        seed=study.study.seed,
        permutations=settings.permutations,
        shared=shared,
        notes=notes,
    )


def fit_model(prepared: Prepared, model: str, feature_set: str) -> Outcome:
    """Cross-validate, permutation-test and refit one (classifier, feature set).

    Pure and independent of the other models, so callers may run models in parallel.
    """
    from threadpoolctl import threadpool_limits

    from framing.models.estimators import make_pipeline
    from framing.models.evaluate import coefficients, evaluate

    key = {**prepared.shared, "model": model, "feature_set": feature_set}
    if "style" in feature_set and not prepared.style_columns:
        reason = f"no numeric {prepared.level}-level feature columns in the selected families"
        return Outcome({**key, "status": "skipped", "skip_reason": reason})
    permutations = prepared.permutations
    if model == "random_forest":
        permutations = min(permutations, FOREST_PERMUTATIONS)
    start = time.perf_counter()
    pipeline = make_pipeline(
        model, feature_set, style_columns=prepared.style_columns, seed=prepared.seed
    )
    X, labels, plan = prepared.X, prepared.labels, prepared.plan
    try:
        # BLAS threads oversubscribe on these small problems (~15x slower measured).
        with threadpool_limits(1), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = evaluate(
                pipeline, X, labels, plan, permutations=permutations, seed=prepared.seed
            )
            fitted = pipeline.fit(X, labels)
    except ValueError as exc:  # e.g. an empty tf-idf vocabulary
        return Outcome({**key, "status": "failed", "skip_reason": f"{model} failed: {exc}"})
    s = result.scores
    row = {
        **key,
        "accuracy": s.accuracy.mean(),
        "macro_f1": s.macro_f1.mean(),
        "balanced_accuracy": s.balanced_accuracy.mean(),
        "sd": _sd(s.macro_f1),
        # The stronger of the two dummies: a model must beat both to beat chance.
        "chance_macro_f1": max(result.chance_macro_f1, result.chance_macro_f1_stratified),
        "permutation_p": result.permutation_p,
        "accuracy_sd": _sd(s.accuracy),
        "balanced_accuracy_sd": _sd(s.balanced_accuracy),
        "chance_accuracy": result.chance_accuracy,
        "chance_macro_f1_most_frequent": result.chance_macro_f1,
        "chance_macro_f1_stratified": result.chance_macro_f1_stratified,
        "permutations": permutations,
        "permutation_unit": plan.block_unit,
        "n_features": len(fitted.named_steps["features"].get_feature_names_out()),
        "status": "ok",
    }
    names = [pl.lit(model).alias("model"), pl.lit(feature_set).alias("feature_set")]
    return Outcome(
        row,
        _confusion(labels, result.predictions, prepared.class_names).with_columns(names),
        coefficients(fitted, class_names=prepared.class_names).with_columns(names),
        seconds=time.perf_counter() - start,
        notes=[f"{model}/{feature_set}: {m}" for m in _warning_notes(caught)],
    )


def _warning_notes(caught: list[warnings.WarningMessage]) -> list[str]:
    """Distinct warnings raised while fitting, each with how often it was raised."""
    counts: dict[str, int] = {}
    for w in caught:
        first_line = str(w.message).strip().split("\n")[0]
        text = f"{w.category.__name__}: {first_line}"
        counts[text] = counts.get(text, 0) + 1
    return [f"{text} ({n}x)" for text, n in sorted(counts.items())]


def _fit_one(model: tuple[str, str], prepared: Prepared) -> Outcome:
    return fit_model(prepared, *model)


def fit_models(
    prepared: Prepared, models: list[tuple[str, str]], *, map_tasks: Mapper = map_in_process
) -> list[Outcome]:
    """`fit_model` for each (classifier, feature set), in order, each one task of
    `map_tasks`. Each fit is seeded and independent of the others, so the outcomes do
    not depend on where they ran. Forests, the slowest, are sent first so that the
    workers finish together."""
    order = sorted(range(len(models)), key=lambda i: models[i][0] != "random_forest")
    outcomes: list[Outcome | None] = [None] * len(models)

    def done(k: int, outcome: Outcome) -> None:
        outcomes[order[k]] = outcome

    map_tasks(_fit_one, [models[i] for i in order], (prepared,), done)
    return [outcome for outcome in outcomes if outcome is not None]


def fit_all(
    study: Study,
    batch: Batch,
    tables: dict[str, pl.DataFrame],
    families: list[Family],
    *,
    map_tasks: Mapper = map_in_process,
) -> tuple[dict[str, pl.DataFrame], dict[str, Any]]:
    """`classifiers`, `confusion`, `coefficients` tables and the manifest's model notes.

    Never raises for data that cannot support a model: such models get a row with
    ``status = "skipped"`` and a `skip_reason`. Deterministic for a given ``study.seed``,
    whatever `map_tasks` runs the fits on.
    """
    from framing.models.cv import Skip

    settings = study.models
    models = [(c, f) for c in settings.classifiers for f in settings.feature_sets]
    notes: dict[str, Any] = {
        "unit": settings.unit,
        "target": settings.target,
        "seed": study.study.seed,
    }
    try:
        prepared = prepare(study, batch, tables, families)
    except Skip as exc:
        base = {"unit": settings.unit, "target": settings.target, "status": "skipped"}
        rows = [{**base, "model": m, "feature_set": f, "skip_reason": str(exc)} for m, f in models]
        return _tables([Outcome(r) for r in rows]), {**notes, "notes": [f"no model fitted: {exc}"]}
    outcomes = fit_models(prepared, models, map_tasks=map_tasks)
    notes.update(
        n=prepared.shared["n"],
        folds=prepared.plan.folds,
        grouping=prepared.plan.grouping,
        permutation_unit=prepared.plan.block_unit,
        notes=[*prepared.notes, *(note for o in outcomes for note in o.notes)],
        seconds={
            f"{m}/{f}": round(o.seconds, 3)
            for (m, f), o in zip(models, outcomes, strict=True)
            if o.row["status"] == "ok"
        },
    )
    return _tables(outcomes), notes


def _confusion(labels: np.ndarray, predicted: np.ndarray, class_names: np.ndarray) -> pl.DataFrame:
    """Every (true, predicted) pair of classes, zeros included."""
    k = len(class_names)
    counts = np.bincount(labels * k + predicted, minlength=k * k)
    return pl.DataFrame(
        {
            "true": np.repeat(class_names, k).astype(str),
            "predicted": np.tile(class_names, k).astype(str),
            "count": counts.astype(np.int64),
        }
    )


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
