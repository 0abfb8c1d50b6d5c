"""From task results to one outcome per model: scores, tests, tables rows, notes.

`merge` puts each model's out-of-fold predictions back together (each unit predicted
once, by the fold that held it out), scores them fold by fold, averages the vectorised
permutation statistics over folds in fold order, and turns the p-values, coefficients
and warnings into the model's `Outcome`. `plan_note` says in one sentence what was done.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import polars as pl

from .fitting import Outcome, Prepared
from .tasks import FULL, STATISTIC, Model, PartResult, RefitResult, skip_reason


def merge(prepared: Prepared, models: list[Model], results: list[list[Any]]) -> list[Outcome]:
    """The outcome of each of `models`, in order, from every task's results."""
    parts = sorted(
        (r for result in results for r in result if isinstance(r, PartResult)),
        key=lambda r: (r.part == FULL, r.part),
    )
    refits = {r.model: r for result in results for r in result if isinstance(r, RefitResult)}
    statistics = _mean_statistics(prepared, parts)
    blocks_noted = False
    outcomes = []
    for model in models:
        outcome = _outcome(prepared, model, parts, refits.get(model), statistics)
        if outcome.row["status"] == "ok" and not blocks_noted:
            shared = sum((p.warnings.get("blocks", Counter()) for p in parts), Counter())
            outcome.notes = [*(f"features: {m}" for m in _notes(shared)), *outcome.notes]
            blocks_noted = True
        outcomes.append(outcome)
    return outcomes


def _mean_statistics(
    prepared: Prepared, parts: list[PartResult]
) -> dict[tuple[str, str], np.ndarray]:
    """Each vectorised statistic averaged over folds (observed first, then the draws)."""
    folds = [p for p in parts if p.part != FULL]
    out: dict[tuple[str, str], np.ndarray] = {}
    for part in folds:
        for key, values in part.statistics.items():
            out[key] = out[key] + values if key in out else np.zeros_like(values) + values
    return {key: values / prepared.plan.folds for key, values in out.items()}


def _outcome(
    prepared: Prepared,
    model: Model,
    parts: list[PartResult],
    refit: RefitResult | None,
    statistics: dict[tuple[str, str], np.ndarray],
) -> Outcome:
    from .evaluate import score_folds

    classifier, feature_set = model
    key = {**prepared.shared, "model": classifier, "feature_set": feature_set}
    reason = skip_reason(prepared, model)
    if reason is not None:
        return Outcome({**key, "status": "skipped", "skip_reason": reason})
    failure = next((p.failures[model] for p in parts if model in p.failures), None)
    if failure is not None:
        return Outcome(
            {**key, "status": "failed", "skip_reason": f"{classifier} failed: {failure}"}
        )
    labels, plan, names = prepared.labels, prepared.plan, prepared.class_names
    predicted = np.empty_like(labels)
    for part in parts:
        if part.part != FULL:
            predicted[plan.splits[part.part][1]] = part.predictions[model]
    scores = score_folds(labels, predicted, plan, n_classes=len(names))
    coefs, n_features, terms = next(p.fitted[model] for p in parts if p.part == FULL)
    row = {
        **key,
        **prepared.chance,
        "accuracy": scores.accuracy.mean(),
        "macro_f1": scores.macro_f1.mean(),
        "balanced_accuracy": scores.balanced_accuracy.mean(),
        "sd": _sd(scores.macro_f1),
        "accuracy_sd": _sd(scores.accuracy),
        "balanced_accuracy_sd": _sd(scores.balanced_accuracy),
        "permutation_unit": plan.block_unit,
        "n_features": n_features,
        "method_note": _method_note(prepared, terms),
        "status": "ok",
        **_own_test(prepared, model, refit, statistics),
        **_feature_set_test(prepared, feature_set, statistics),
    }
    warnings = sum((p.warnings.get(model, Counter()) for p in parts), Counter())
    warnings += refit.warnings if refit else Counter()
    tag = [pl.lit(classifier).alias("model"), pl.lit(feature_set).alias("feature_set")]
    return Outcome(
        row,
        confusion(labels, predicted, names).with_columns(tag),
        coefs.with_columns(tag),
        seconds=sum(p.seconds.get(model, 0.0) for p in parts) + (refit.seconds if refit else 0.0),
        notes=[f"{classifier}/{feature_set}: {m}" for m in _notes(warnings)],
    )


def _own_test(
    prepared: Prepared,
    model: Model,
    refit: RefitResult | None,
    statistics: dict[tuple[str, str], np.ndarray],
) -> dict[str, Any]:
    from .permutation import fixed_p

    none = {"permutation_p": float("nan"), "permutations": 0, "permutation_method": "none"}
    if not prepared.permutations:
        return none
    if model[0] == "naive_bayes":
        values = statistics[("naive_bayes", model[1])]
        return {
            "permutation_p": fixed_p(values[0], values[1:]),
            "permutations": prepared.permutations,
            "permutation_method": "fixed",
        }
    if refit is None:
        return none
    return {
        "permutation_p": refit.p,
        "permutations": refit.used,
        "permutation_method": "sequential",
    }


def _feature_set_test(
    prepared: Prepared, feature_set: str, statistics: dict[tuple[str, str], np.ndarray]
) -> dict[str, Any]:
    from .permutation import fixed_p

    name = STATISTIC[feature_set]
    values = statistics[(name, feature_set)]
    return {
        "feature_set_p": fixed_p(values[0], values[1:]),
        "feature_set_test": name,
        "feature_set_statistic": float(values[0]),
        "feature_set_permutations": prepared.permutations,
    }


def _method_note(prepared: Prepared, terms: int) -> str | None:
    notes = [prepared.method_note] if prepared.method_note else []
    if prepared.plan.separate_tests and prepared.permutations:
        notes.append(tests_folds_note(prepared))
    if prepared.max_terms and terms >= prepared.max_terms:
        notes.append(
            f"tf-idf vocabulary at its cap: the {prepared.max_terms:,} most frequent n-grams"
            " of each training side (max_terms)"
        )
    return "; ".join(notes) or None


def _sd(values: np.ndarray) -> float:
    """Sample standard deviation (ddof = 1) over folds."""
    return float(np.std(values, ddof=1)) if values.size > 1 else float("nan")


def confusion(labels: np.ndarray, predicted: np.ndarray, class_names: list[str]) -> pl.DataFrame:
    """Every (true, predicted) pair of classes, zeros included."""
    k = len(class_names)
    counts = np.bincount(labels * k + predicted, minlength=k * k)
    names = np.array(class_names)
    return pl.DataFrame(
        {
            "true": np.repeat(names, k).astype(str),
            "predicted": np.tile(names, k).astype(str),
            "count": counts.astype(np.int64),
        }
    )


def _notes(counts: Counter) -> list[str]:
    return [f"{text} ({n}x)" for text, n in sorted(counts.items())]


def tests_folds_note(prepared: Prepared) -> str:
    """What a grouped plan's permutation tests are computed on, for `method_note`."""
    grouping = prepared.plan.grouping
    return (
        f"permutation tests on {prepared.plan.folds} label-free {grouping} folds of their own"
        f" (feature_set_statistic and p-values; the scores are on the stratified {grouping} folds)"
    )


def plan_note(prepared: Prepared, feature_sets: tuple[str, ...]) -> str:
    """One sentence for the manifest: what was fitted and tested, and how."""
    s = prepared.shared
    grouping = "not grouped" if s["grouping"] == "none" else f"grouped by {s['grouping']}"
    folds = (
        f", within the tests' own label-free {s['grouping']} folds"
        if prepared.plan.separate_tests
        else ""
    )
    tests = ", ".join(sorted({f"{STATISTIC[f]} for {f}" for f in feature_sets}))
    own = (
        "logreg, linear_svm and random_forest refitted on every draw with sequential"
        " p-values (refit_tests = true)"
        if prepared.refit_tests
        else "logreg, linear_svm and random_forest have no test of their own"
        " (refit_tests = false): read feature_set_p"
    )
    return (
        f"plan: {s['n']:,} {s['unit']}s, {s['n_classes']} classes, {s['folds']}-fold CV"
        f" {grouping}; {prepared.permutations} permutations among {prepared.plan.block_unit}s{folds};"
        f" feature-set tests ({tests}) and naive_bayes's own test refit every draw in one"
        f" product per fold; {own}"
    )
