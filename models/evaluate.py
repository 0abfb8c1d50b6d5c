"""Cross-validated scores, chance baselines, the refit permutation null, top features.

Scores (per fold, on the test side; reported as mean and sample sd over folds)
    accuracy = correct / n.
    macro-F1 = mean over classes of F1_c = 2 TP_c / (2 TP_c + FP_c + FN_c), over the
    classes present in the fold's true or predicted labels (scikit-learn's default).
    balanced accuracy = mean over the classes present in the fold of recall_c = TP_c / n_c.

Chance baselines (same folds): scikit-learn's DummyClassifier, ``most_frequent``
(always the training majority class) and ``stratified`` (random labels drawn with the
training class frequencies; mean over `STRATIFIED_REPEATS` seeded repeats). They depend
on the labels and folds only, so a study computes them once for all its models.

Refit permutation null (Ojala & Garriga 2010, "Permutation tests for studying
classifier performance", JMLR 11): the statistic is mean macro-F1 over folds; under the
null the labels carry no information, so they are shuffled (`permutation`) and the
classifier is refitted on every fold; the fold features, fitted without labels, are
reused. scikit-learn's `permutation_test_score` is not used: with ``groups`` it
shuffles labels *within* groups, which leaves outlet labels of whole articles unchanged
(p = 1 always), and it refits the tf-idf vocabulary for every permutation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from .cv import CVPlan
from .estimators import readable_name

TOP_FEATURES = 20
# The stratified dummy is random: its score is averaged over this many seeded repeats.
STRATIFIED_REPEATS = 50


@dataclass(frozen=True)
class Scores:
    accuracy: np.ndarray
    macro_f1: np.ndarray
    balanced_accuracy: np.ndarray


def fold_scores(
    truth: np.ndarray, predicted: np.ndarray, *, n_classes: int
) -> tuple[float, float, float]:
    """(accuracy, macro-F1, balanced accuracy) of integer class codes; see module doc."""
    counts = np.bincount(truth * n_classes + predicted, minlength=n_classes * n_classes)
    matrix = counts.reshape(n_classes, n_classes)
    tp = np.diag(matrix).astype(float)
    support = matrix.sum(axis=1)
    predicted_n = matrix.sum(axis=0)
    present = (support + predicted_n) > 0
    f1 = 2 * tp[present] / (support[present] + predicted_n[present])
    in_truth = support > 0
    recall = tp[in_truth] / support[in_truth]
    return float(tp.sum() / truth.size), float(f1.mean()), float(recall.mean())


def score_folds(
    truth: np.ndarray, predicted: np.ndarray, plan: CVPlan, *, n_classes: int
) -> Scores:
    rows = [
        fold_scores(truth[test], predicted[test], n_classes=n_classes) for _, test in plan.splits
    ]
    accuracy, macro_f1, balanced = (np.array(column) for column in zip(*rows, strict=True))
    return Scores(accuracy, macro_f1, balanced)


def chance_baselines(
    labels: np.ndarray, plan: CVPlan, *, n_classes: int, seed: int
) -> tuple[float, float, float]:
    from sklearn.dummy import DummyClassifier

    placeholder = np.zeros((labels.size, 1))
    # One random stream across folds and repeats: a fixed seed per fold would replay
    # the same draw in every fold, and one draw is a noisy estimate of chance.
    stream = np.random.RandomState(seed)
    results = []
    for strategy, repeats in (("most_frequent", 1), ("stratified", STRATIFIED_REPEATS)):
        scores = []
        for _ in range(repeats):
            predicted = np.empty_like(labels)
            for train, test in plan.splits:
                dummy = DummyClassifier(strategy=strategy, random_state=stream)
                predicted[test] = dummy.fit(placeholder[train], labels[train]).predict(
                    placeholder[test]
                )
            scores.append(score_folds(labels, predicted, plan, n_classes=n_classes))
        results.append(scores)
    frequent = results[0][0]
    stratified = np.mean([s.macro_f1.mean() for s in results[1]])
    return float(frequent.accuracy.mean()), float(frequent.macro_f1.mean()), float(stratified)


Fold = tuple[np.ndarray, np.ndarray, Any, Any]  # train, test, x_train, x_test


def cross_predict(classifier: Any, folds: list[Fold], labels: np.ndarray) -> np.ndarray:
    """Out-of-fold predicted class codes: a clone of `classifier` fitted on each training side."""
    from sklearn.base import clone

    predicted = np.empty_like(labels)
    for train, test, x_train, x_test in folds:
        predicted[test] = clone(classifier).fit(x_train, labels[train]).predict(x_test)
    return predicted


def refit_null(
    classifier: Any, folds: list[Fold], draws: Iterable[np.ndarray], plan: CVPlan, *, n_classes: int
) -> Iterator[float]:
    """Mean macro-F1 over folds of `classifier` refitted on each drawn labelling, lazily."""
    for shuffled in draws:
        predicted = cross_predict(classifier, folds, shuffled)
        yield float(score_folds(shuffled, predicted, plan, n_classes=n_classes).macro_f1.mean())


def coefficients(
    model: Any,
    *,
    raw_names: list[str],
    style_weight: float | None,
    class_names: list[str],
    top: int = TOP_FEATURES,
) -> pl.DataFrame:
    """Top `top` features per class of a fitted classifier: ``class, rank, feature, weight``.

    Linear models: the class's coefficient (binary: + for the second class, − for the
    first), per standard deviation for style features and per unit of tf-idf weight.
    Naive Bayes: log P(feature | class) minus its mean over the other classes.
    Random forest: impurity importance (mean decrease in Gini), one list, class "(all)".
    Rank 1 is the largest weight; ties break by feature name.
    """
    names = np.array([readable_name(n) for n in raw_names])
    # The style block's weight (estimators.style_weight) folded back in, so that a linear
    # weight is the change in the decision function per standard deviation / tf-idf unit.
    scale = np.array(
        [style_weight if style_weight and n.startswith("style__") else 1.0 for n in raw_names]
    )
    if hasattr(model, "feature_importances_"):
        weights, classes = model.feature_importances_[None, :], ["(all)"]
    else:
        if hasattr(model, "feature_log_prob_"):
            log_prob = model.feature_log_prob_
            k = log_prob.shape[0]
            weights = log_prob - (log_prob.sum(axis=0, keepdims=True) - log_prob) / (k - 1)
        else:
            weights = np.asarray(model.coef_) * scale
            if weights.shape[0] == 1:
                weights = np.vstack([-weights[0], weights[0]])
        classes = [class_names[int(c)] for c in model.classes_]
    frames = []
    for cls, row in zip(classes, weights, strict=True):
        order = np.lexsort((names, -row))[:top]
        frames.append(
            pl.DataFrame(
                {
                    "class": [cls] * order.size,
                    "rank": np.arange(1, order.size + 1, dtype=np.int64),
                    "feature": names[order],
                    "weight": row[order].astype(np.float64),
                }
            )
        )
    return pl.concat(frames)
