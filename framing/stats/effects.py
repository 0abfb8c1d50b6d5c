"""Effect sizes and multiple-testing corrections for the outlet comparisons
(docs/stats.md): Cohen's d against the rest of the corpus, and Benjamini–Hochberg
q-values."""

from __future__ import annotations

import numpy as np

from framing.stats.resampling import divide, group_sums


def label_sums(values: np.ndarray, labels: np.ndarray, n_groups: int) -> np.ndarray:
    """Column sums of `values` per label (groups × columns); empty groups sum to 0."""
    order = np.argsort(labels, kind="stable")
    sizes = np.bincount(labels, minlength=n_groups)
    out = np.zeros((n_groups, values.shape[1]))
    filled = sizes > 0
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])[filled]
    out[filled] = group_sums(values[order], starts)
    return out


def cohens_d(
    values: np.ndarray, labels: np.ndarray, n_groups: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cohen's d of each group against all other rows, with the pooled SD.

    d = (mean_g - mean_rest) / s_p, s_p² = (SS_g + SS_rest) / (n_g + n_rest - 2)
    (Cohen 1988, ch. 2). NaN when n_g + n_rest <= 2 or s_p is zero (within
    rounding). Returns d and the two means (groups × features).
    """
    n_all = labels.size
    sizes = np.bincount(labels, minlength=n_groups).astype(np.float64)
    sums = label_sums(values, labels, n_groups)
    total = values.sum(axis=0)
    mean_g = divide(sums, sizes[:, None])
    mean_rest = divide(total - sums, (n_all - sizes)[:, None])
    mean_all = total / n_all
    ss_all = ((values - mean_all) ** 2).sum(axis=0)
    ss_g = label_sums((values - mean_g[labels]) ** 2, labels, n_groups)
    # Sum of squares of the rest about its own mean, from centred terms only.
    shift = np.nan_to_num(mean_rest)
    ss_rest = (
        ss_all + n_all * (mean_all - shift) ** 2 - ss_g - sizes[:, None] * (mean_g - shift) ** 2
    )
    ss_rest = np.maximum(ss_rest, 0.0)
    dof = n_all - 2
    pooled = np.sqrt((ss_g + ss_rest) / dof) if dof > 0 else np.full_like(ss_g, np.nan)
    scale = np.abs(values).max(axis=0) if n_all else np.zeros(values.shape[1])
    defined = np.isfinite(pooled) & (pooled > 1e-12 * scale)
    d = np.full_like(sums, np.nan)
    np.divide(mean_g - mean_rest, pooled, out=d, where=defined)
    return d, mean_g, mean_rest


def bh_qvalues(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg (1995) adjusted p-values; NaN entries are not tests.

    q_(i) = min over j >= i of m · p_(j) / j, capped at 1, m = number of tests.
    """
    p = np.asarray(p, dtype=np.float64)
    q = np.full(p.shape, np.nan)
    tested = np.flatnonzero(np.isfinite(p))
    m = tested.size
    if m == 0:
        return q
    order = tested[np.argsort(p[tested], kind="stable")]
    ranked = p[order] * m / np.arange(1, m + 1)
    q[order] = np.minimum(np.minimum.accumulate(ranked[::-1])[::-1], 1.0)
    return q
