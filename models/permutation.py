"""Permutation tests: the draws, the two p-values, and the statistics that refit every
permutation at once.

Draws. `permutation_draws` shuffles the labels within each test fold of the plan it is
given and among permutation blocks (`cv.permutation_blocks`), from one generator seeded
with the study seed, so that the k-th draw is the same whichever test uses it and
however many are used. The tests pass `CVPlan.tests`: a grouped plan's label-free folds
(`cv.label_free_folds`), on which the observed labelling is exchangeable with the draws.

Fixed p-value (Ojala & Garriga 2010, JMLR 11): with m draws and b null statistics
at least the observed one, p = (1 + b) / (1 + m).

Sequential p-value (Besag & Clifford 1991, "Sequential Monte Carlo p-values",
Biometrika 78:301-304): draw until `SEQUENTIAL_EXCEEDANCES` (h) null statistics reach
the observed one, or m draws are made. Stopped after l draws with h exceedances,
p = h / l; otherwise p = (1 + b) / (1 + m), the fixed p-value. Exactly valid like the
fixed one (P(p <= a) <= a under the null), it stops early only when p is already
large: about h / p draws instead of m.

Statistics refitted in one product. A permutation keeps each fold's class counts of
blocks (of units too when blocks are single units; not when articles of different
lengths swap labels, so each labelling's class counts are its own), and the fold
features never see labels, so a classifier whose fit is a function of class sums and
counts refits every permutation from one matrix product: `naive_bayes_predictions` (the
multinomial naive Bayes of `estimators`, scikit-learn's MultinomialNB arithmetic,
tested equal) and `lda_predictions` (linear discriminant analysis with
the pooled within-class covariance shrunk by `LDA_SHRINKAGE` toward a multiple of the
identity, Friedman 1989, equal class priors: for dense style columns, where naive
Bayes is a weak statistic). `batched_macro_f1` scores them all at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .cv import CVPlan

SEQUENTIAL_EXCEEDANCES = 10
NAIVE_BAYES_ALPHA = 0.1
LDA_SHRINKAGE = 0.1
# Labellings refitted per product: at most this many features x classes x labellings
# values at once (32 MB of float64).
BATCH_CELLS = 4_000_000


def _fold_blocks(labels: np.ndarray, plan: CVPlan) -> list[tuple[np.ndarray, ...]]:
    """Per test fold: its units, the label of each of its blocks, each unit's block."""
    out = []
    for _, test in plan.splits:
        _, first, inverse = np.unique(plan.blocks[test], return_index=True, return_inverse=True)
        out.append((test, labels[test][first], inverse))
    return out


def permuted_labels(labels: np.ndarray, plan: CVPlan, rng: np.random.Generator) -> np.ndarray:
    """`labels` shuffled among the permutation blocks of each test fold."""
    return _shuffle(labels, _fold_blocks(labels, plan), rng)


def _shuffle(
    labels: np.ndarray, folds: list[tuple[np.ndarray, ...]], rng: np.random.Generator
) -> np.ndarray:
    out = labels.copy()
    for test, block_labels, inverse in folds:
        out[test] = block_labels[rng.permutation(block_labels.size)][inverse]
    return out


def permutation_draws(labels: np.ndarray, plan: CVPlan, *, seed: int, count: int) -> np.ndarray:
    """The first `count` seeded draws of `permuted_labels`, one row each (count x units)."""
    rng = np.random.default_rng(seed)
    folds = _fold_blocks(labels, plan)
    out = np.empty((count, labels.size), dtype=labels.dtype)
    for i in range(count):
        out[i] = _shuffle(labels, folds, rng)
    return out


def fixed_p(observed: float, null: np.ndarray) -> float:
    """(1 + #{null >= observed}) / (1 + m); NaN without draws."""
    if null.size == 0:
        return float("nan")
    return float((1 + np.sum(null >= observed)) / (1 + null.size))


def sequential_p(
    observed: float,
    null: Iterable[float],
    *,
    limit: int,
    exceedances: int = SEQUENTIAL_EXCEEDANCES,
) -> tuple[float, int]:
    """Besag & Clifford's p-value and the number of draws it used (see module doc);
    `null` is consumed lazily, at most `limit` values."""
    if limit <= 0:
        return float("nan"), 0
    hits = drawn = 0
    for value in null:
        drawn += 1
        hits += bool(value >= observed)
        if hits == exceedances:
            return hits / drawn, drawn
        if drawn == limit:
            break
    return (1 + hits) / (1 + drawn), drawn


def batched_macro_f1(truth: np.ndarray, predicted: np.ndarray, *, n_classes: int) -> np.ndarray:
    """Macro-F1 of each row of (rows x units) integer codes, as `evaluate.fold_scores`
    defines it (classes present in the row's truth or predictions)."""
    rows, k = truth.shape[0], n_classes
    cells = (np.arange(rows)[:, None] * k + truth) * k + predicted
    matrix = np.bincount(cells.ravel(), minlength=rows * k * k).reshape(rows, k, k)
    tp = np.diagonal(matrix, axis1=1, axis2=2).astype(float)
    denominator = matrix.sum(axis=2) + matrix.sum(axis=1)
    present = denominator > 0
    f1 = np.where(present, 2 * tp / np.where(present, denominator, 1), 0.0)
    return f1.sum(axis=1) / present.sum(axis=1)


def _class_counts(labels: np.ndarray, n_classes: int) -> np.ndarray:
    """Units per class in each row of `labels` (rows x classes). Rows differ when the
    permuted blocks (articles) differ in size, so every refit takes its own counts."""
    rows = labels.shape[0]
    cells = (np.arange(rows)[:, None] * n_classes + labels).ravel()
    return np.bincount(cells, minlength=rows * n_classes).reshape(rows, n_classes).astype(float)


def _one_hot(labels: np.ndarray, n_classes: int) -> Any:
    """Sparse (units x rows*classes) indicator of each row's labels (rows x units)."""
    from scipy import sparse

    rows, n = labels.shape
    columns = (np.arange(rows)[:, None] * n_classes + labels).T.ravel()
    return sparse.csr_matrix(
        (np.ones(n * rows), (np.repeat(np.arange(n), rows), columns)),
        shape=(n, rows * n_classes),
    )


def naive_bayes_predictions(
    x_train: Any, x_test: Any, labels: np.ndarray, *, n_classes: int
) -> np.ndarray:
    """Multinomial naive Bayes (alpha `NAIVE_BAYES_ALPHA`, fitted class priors) fitted
    once per row of `labels` (rows x training units), each with its own class counts:
    predicted class codes of `x_test`, rows x test units. The class sums of every row
    come from one product; a class absent from a row's training is never predicted. The arithmetic is
    scikit-learn's MultinomialNB, up to the order of floating-point sums."""
    rows, k = labels.shape[0], n_classes
    counts = _class_counts(labels, k)
    with np.errstate(divide="ignore"):
        prior = np.log(counts) - np.log(counts.sum(axis=1, keepdims=True))
    # features x (rows*k): a sparse x_train transposed times the dense indicator.
    sums = np.asarray(x_train.T @ _one_hot(labels, k).toarray())
    smoothed = sums + NAIVE_BAYES_ALPHA
    log_prob = np.log(smoothed) - np.log(smoothed.sum(axis=0, keepdims=True))
    joint = np.asarray(x_test @ log_prob).reshape(-1, rows, k) + prior
    return np.argmax(joint, axis=2).T


def lda_predictions(
    x_train: np.ndarray, x_test: np.ndarray, labels: np.ndarray, *, n_classes: int
) -> np.ndarray:
    """Linear discriminant analysis with equal priors fitted once per row of `labels`
    (see module doc): predicted class codes of `x_test`, rows x test units. The total
    scatter is label-free; each row only changes the class means, so the within-class
    scatter is the total minus the between-class scatter."""
    n, d = x_train.shape
    rows, k = labels.shape[0], n_classes
    centre = x_train.mean(axis=0)
    centred = np.asarray(x_train - centre)
    total = centred.T @ centred
    counts = _class_counts(labels, k)
    sums = np.asarray(_one_hot(labels, k).T @ centred).reshape(rows, k, d)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = sums / counts[:, :, None]
    means = np.nan_to_num(means)
    within = (total[None] - np.einsum("rkd,rke->rde", sums, means)) / max(n - k, 1)
    scale = np.trace(within, axis1=1, axis2=2)[:, None, None] / d
    scale = np.where(scale > 0, scale, 1.0)
    covariance = (1 - LDA_SHRINKAGE) * within + LDA_SHRINKAGE * scale * np.eye(d)
    coef = np.linalg.solve(covariance, means.transpose(0, 2, 1))  # rows x d x k
    intercept = -0.5 * np.einsum("rkd,rdk->rk", means, coef)
    scores = np.einsum("nd,rdk->rnk", np.asarray(x_test - centre), coef) + intercept[:, None]
    scores = np.where(counts[:, None, :] == 0, -np.inf, scores)
    return np.argmax(scores, axis=2)


Predictor = Callable[..., np.ndarray]


def fold_statistics(
    predictor: Predictor,
    x_train: Any,
    x_test: Any,
    train_labels: np.ndarray,
    test_labels: np.ndarray,
    *,
    n_classes: int,
) -> np.ndarray:
    """Macro-F1 on one fold's test side of `predictor` refitted on each labelling (rows
    of `train_labels` and `test_labels`, rows x units), as many labellings per product
    as keep a features x classes x labellings matrix under `BATCH_CELLS` values."""
    out = np.empty(train_labels.shape[0])
    batch = max(1, BATCH_CELLS // (x_train.shape[1] * n_classes))
    for start in range(0, train_labels.shape[0], batch):
        stop = start + batch
        predicted = predictor(x_train, x_test, train_labels[start:stop], n_classes=n_classes)
        out[start:stop] = batched_macro_f1(test_labels[start:stop], predicted, n_classes=n_classes)
    return out
