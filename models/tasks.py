"""The fitting tasks of a study, and how their results become one outcome per model.

The work splits into *parts*: one per CV fold (fit the feature blocks on the fold's
training side, once for every model — `blocks` — then every model's predictions on
the test side and the fold's share of the vectorised permutation statistics), and the
refit on every unit (`FULL`: the fitted models behind `coefficients.csv`). Small
studies (at most `SMALL_UNITS` units) run all parts as one task, so no worker process
has to start and import scikit-learn (~1 s of CPU each) for a second of fitting;
larger ones run one part per task. With ``refit_tests``, each refitted model's own
permutation test is one more task. Every step is seeded from the study seed, so an
outcome is the same whichever task and process computed it.

Permutation tests (`permutation`), all on the same draws and on the tests' folds
(`cv.CVPlan.tests`: the CV folds when ungrouped; label-free group folds when grouped,
whose blocks each part fits a second time, beside the CV folds' blocks):

* the feature set's test, on every fitted row: the statistic is naive Bayes' macro-F1
  (``tfidf``, ``style+tfidf``) or LDA's (``style``, where naive Bayes is weak), every
  draw refitted in one product per fold; fixed p-value.
* naive Bayes' own test: the same computation on its own matrices; fixed p-value.
* logreg, linear SVM and random forest: with ``refit_tests``, refitted on every fold
  for every draw, sequential p-value (Besag & Clifford), forests at most
  `FOREST_PERMUTATIONS` draws; without, none (``permutation_method = "none"``).
"""

from __future__ import annotations

import time
import warnings
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from .fitting import Prepared

if TYPE_CHECKING:
    from .blocks import Blocks

FULL = -1
SMALL_UNITS = 2000
# Random forests cost ~25x a linear fit; their refit test is capped (min p = 1/21).
FOREST_PERMUTATIONS = 20
# The feature set's test: its statistic, and the classifier whose matrices it reads.
STATISTIC = {"style": "lda", "tfidf": "naive_bayes", "style+tfidf": "naive_bayes"}
STATISTIC_MATRICES = {"lda": "logreg", "naive_bayes": "naive_bayes"}
Model = tuple[str, str]


@dataclass(frozen=True)
class Task:
    # Folds (and FULL) this task fits.
    parts: tuple[int, ...] = ()
    # The model whose own refit permutation test this task runs.
    refit_test: Model | None = None


@dataclass(frozen=True)
class RefitResult:
    """A refitted model's own permutation test: p, draws used, its fits' warnings."""

    model: Model
    p: float
    used: int
    warnings: Counter
    seconds: float


@dataclass
class PartResult:
    """What one part computed; `merge` assembles parts into outcomes."""

    part: int
    predictions: dict[Model, np.ndarray] = field(default_factory=dict)
    # Per-fold macro-F1 of a vectorised statistic on (observed, *draws), by (name, set).
    statistics: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)
    # FULL only: (coefficients, number of features, vocabulary size) per model.
    fitted: dict[Model, tuple[pl.DataFrame, int, int]] = field(default_factory=dict)
    failures: dict[Model, str] = field(default_factory=dict)
    warnings: dict[Model | str, Counter] = field(default_factory=dict)
    seconds: dict[Model, float] = field(default_factory=dict)


def plan_tasks(prepared: Prepared, models: list[Model]) -> list[Task]:
    """The tasks of `models`, costliest first so that the workers finish together."""
    parts = (*range(prepared.plan.folds), FULL)
    tasks = [Task(parts)] if prepared.shared["n"] <= SMALL_UNITS else [Task((p,)) for p in parts]
    if prepared.refit_tests and prepared.permutations:
        refits = [Task(refit_test=m) for m in fittable(prepared, models) if m[0] != "naive_bayes"]
        tasks = sorted(refits, key=lambda t: t.refit_test[0] != "random_forest") + tasks
    return tasks


def skip_reason(prepared: Prepared, model: Model) -> str | None:
    """Why `model` is not fitted at all, or None."""
    classifier, feature_set = model
    if "style" in feature_set and not prepared.style_columns:
        return f"no numeric {prepared.level}-level feature columns in the selected families"
    if classifier == "random_forest" and "tfidf" in feature_set and not prepared.forest_tfidf:
        return (
            "random forests fit the style set only unless [models] forest_tfidf = true: on"
            " sparse tf-idf they cost ~25x a linear fit and score below the linear models"
        )
    return None


def fittable(prepared: Prepared, models: list[Model]) -> list[Model]:
    """`models` less those `skip_reason` rules out."""
    return [m for m in models if skip_reason(prepared, m) is None]


def run_task(task: Task, prepared: Prepared, models: list[Model]) -> list[Any]:
    """A `PartResult` per part, or the `RefitResult` of a refit test. Pure."""
    from sklearn import config_context
    from threadpoolctl import threadpool_limits

    # BLAS threads oversubscribe on these small problems (~15x slower measured).
    # scikit-learn's checks of parameters and finiteness cost ~10% of the example's fits;
    # the parameters are fixed here and the matrices finite (imputed, tf-idf), and
    # neither check changes a result.
    with threadpool_limits(1), config_context(assume_finite=True, skip_parameter_validation=True):
        if task.refit_test is not None:
            return [_refit_test(prepared, *task.refit_test)]
        return [_run_part(prepared, fittable(prepared, models), part) for part in task.parts]


def _blocks(
    prepared: Prepared, models: list[Model], part: int, extra: set[str], *, tests: bool = False
) -> Blocks:
    """The blocks of part `part` for `models` (and the scalings of the classifiers in
    `extra`): on the CV folds, or with `tests` on the permutation tests' folds."""
    from .blocks import fold_blocks
    from .estimators import SCALING

    n = prepared.X.height
    plan = prepared.plan.tests if tests else prepared.plan
    train, test = (np.arange(n), None) if part == FULL else plan.splits[part]
    styled = [c for c, f in models if "style" in f]
    return fold_blocks(
        prepared.X, train, test,
        style_columns=prepared.style_columns if styled else (),
        scalings=sorted({SCALING[c] for c in [*styled, *extra]}),
        text=any("tfidf" in f for _, f in models), max_terms=prepared.max_terms,
    )  # fmt: skip


def _run_part(prepared: Prepared, models: list[Model], part: int) -> PartResult:
    """One fold (or FULL): blocks, then every model, then the fold's statistics."""
    result = PartResult(part)
    if not models:
        return result
    start = time.perf_counter()
    tested = _tested(models) if part != FULL else []
    # Ungrouped, the tests share the CV folds' blocks; grouped, they have folds of their own.
    separate = prepared.plan.separate_tests
    extra = {STATISTIC_MATRICES[name] for name, _ in tested} if not separate else set()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            blocks = _blocks(prepared, models, part, extra)
            if tested:
                test_blocks = blocks
                if separate:
                    readers = [(STATISTIC_MATRICES[name], f) for name, f in tested]
                    test_blocks = _blocks(prepared, readers, part, set(), tests=True)
                result.statistics = _statistics(prepared, test_blocks, part, tested)
        except ValueError as exc:  # e.g. an empty tf-idf vocabulary
            result.failures = {m: str(exc) for m in models}
            return result
    result.warnings["blocks"] = _counts(caught)
    shared = (time.perf_counter() - start) / len(models)
    for model in models:
        start = time.perf_counter()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                _fit_model(prepared, blocks, part, model, result)
            except ValueError as exc:
                result.failures[model] = str(exc)
        result.warnings[model] = _counts(caught)
        result.seconds[model] = shared + time.perf_counter() - start
    return result


def _fit_model(
    prepared: Prepared, blocks: Blocks, part: int, model: Model, out: PartResult
) -> None:
    from .estimators import make_classifier
    from .evaluate import coefficients

    classifier, feature_set = model
    x_train, x_test = blocks.matrices(classifier, feature_set)
    labels = prepared.labels
    fitted = make_classifier(classifier, seed=prepared.seed)
    if part != FULL:
        train = prepared.plan.splits[part][0]
        out.predictions[model] = fitted.fit(x_train, labels[train]).predict(x_test)
        return
    fitted.fit(x_train, labels)
    names = blocks.names(feature_set)
    weight = _style_weight(prepared, feature_set)
    coefs = coefficients(
        fitted, raw_names=names, style_weight=weight, class_names=prepared.class_names
    )
    terms = len(blocks.terms) if "tfidf" in feature_set else 0
    out.fitted[model] = (coefs, len(names), terms)


def _style_weight(prepared: Prepared, feature_set: str) -> float | None:
    from .estimators import style_weight

    return style_weight(feature_set, prepared.style_columns)


def _tested(models: list[Model]) -> list[tuple[str, str]]:
    """The vectorised statistics `models` need, as (statistic, feature set): each
    feature set's test, and naive Bayes' own where it differs."""
    wanted = {(STATISTIC[f], f) for _, f in models}
    wanted |= {("naive_bayes", f) for c, f in models if c == "naive_bayes"}
    return sorted(wanted)


def _statistics(
    prepared: Prepared, blocks: Blocks, part: int, tested: list[tuple[str, str]]
) -> dict[tuple[str, str], np.ndarray]:
    """This test fold's macro-F1 of each statistic in `tested` on the observed labels
    and every draw; `blocks` are fitted on the tests' fold `part`."""
    from .permutation import (
        fold_statistics,
        lda_predictions,
        naive_bayes_predictions,
        permutation_draws,
    )

    labels, plan = prepared.labels, prepared.plan.tests
    draws = permutation_draws(labels, plan, seed=prepared.seed, count=prepared.permutations)
    labelings = np.vstack([labels[None, :], draws])
    train, test = plan.splits[part]
    out = {}
    for name, feature_set in tested:
        predictor = lda_predictions if name == "lda" else naive_bayes_predictions
        x_train, x_test = blocks.matrices(STATISTIC_MATRICES[name], feature_set)
        out[(name, feature_set)] = fold_statistics(
            predictor, x_train, x_test, labelings[:, train], labelings[:, test],
            n_classes=len(prepared.class_names),
        )  # fmt: skip
    return out


def _refit_test(prepared: Prepared, classifier: str, feature_set: str) -> RefitResult:
    """Besag & Clifford's p-value of the model refitted on every fold for each draw."""
    from .estimators import make_classifier
    from .evaluate import cross_predict, refit_null, score_folds
    from .permutation import permutation_draws, sequential_p

    start = time.perf_counter()
    labels, plan = prepared.labels, prepared.plan.tests
    limit = prepared.permutations
    if classifier == "random_forest":
        limit = min(limit, FOREST_PERMUTATIONS)
    models = [(classifier, feature_set)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            matrices = []
            for part, (train, test) in enumerate(plan.splits):
                blocks = _blocks(prepared, models, part, set(), tests=True)
                matrices.append((train, test, *blocks.matrices(classifier, feature_set)))
            model = make_classifier(classifier, seed=prepared.seed)
            k = len(prepared.class_names)
            predicted = cross_predict(model, matrices, labels)
            observed = score_folds(labels, predicted, plan, n_classes=k)
            draws = permutation_draws(labels, plan, seed=prepared.seed, count=limit)
            null = refit_null(model, matrices, iter(draws), plan, n_classes=k)
            p, used = sequential_p(float(observed.macro_f1.mean()), null, limit=limit)
        except ValueError:
            # An empty tf-idf vocabulary fails the model's own fold fits too, and `merge`
            # reports that on its row; any other unfittable draw leaves the test empty
            # (p NaN, 0 permutations). Either way the run goes on.
            p, used = float("nan"), 0
    seconds = time.perf_counter() - start
    return RefitResult((classifier, feature_set), p, used, _counts(caught), seconds)


def _counts(caught: list[warnings.WarningMessage]) -> Counter:
    """Distinct warnings by their first line, with how often each was raised."""
    return Counter(
        f"{w.category.__name__}: {(str(w.message).strip().splitlines() or [''])[0]}" for w in caught
    )
