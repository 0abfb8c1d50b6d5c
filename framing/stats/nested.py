"""Intervals and tests for articles nested in outlets (docs/stats.md, "Groups").

A group of outlets is summarised by the **mean of its outlets' means**: every outlet
counts once, however many articles it published. The outlet, not the article, is the
unit a group is made of, so it is the outlet that is resampled and permuted:

* `two_stage_bootstrap`: draw the group's outlets (those with a value of the feature)
  with replacement, then, within each drawn outlet, its articles with replacement
  (Davison & Hinkley 1997, §3.8);
* `outlet_permutation`: move outlets (with all their articles) between two groups;
  every assignment when there are at most `permutations` of them (an exact test),
  else `permutations` random ones.

Random draws come from `framing.stats.resampling.stream`, keyed by the caller.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations, islice

import numpy as np

from framing.stats.resampling import (
    CHUNK_ELEMENTS,
    bootstrap,
    divide,
    group_sums,
    random_subsets,
    stream,
)
from framing.stats.units import mask_key


def outlet_means(values: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per outlet (contiguous rows from `starts`): the mean of each column over the
    finite values, NaN when there is none; and how many values there were."""
    finite = np.isfinite(values)
    counts = group_sums(finite.astype(np.int64), starts).astype(np.int64)
    return divide(group_sums(np.where(finite, values, 0.0), starts), counts), counts


def inner_means(
    values: np.ndarray, *, resamples: int, seed: int, keys: tuple[str, ...]
) -> np.ndarray:
    """(resamples × columns) bootstrap means of one outlet's articles (rows), each
    column over its finite values; columns with the same rows present share draws,
    keyed by `keys` and that set of rows. NaN for a column without values."""
    out = np.full((resamples, values.shape[1]), np.nan)
    finite = np.isfinite(values)
    patterns: dict[bytes, list[int]] = {}
    for j in range(values.shape[1]):
        patterns.setdefault(np.packbits(finite[:, j]).tobytes(), []).append(j)
    for columns in patterns.values():
        rows = finite[:, columns[0]]
        present = values[rows][:, columns]
        if present.shape[0] == 1:
            out[:, columns] = present[0]
        elif present.shape[0] > 1:
            rng = stream(seed, *keys, mask_key(rows))
            out[:, columns] = bootstrap(present, None, resamples=resamples, rng=rng)
    return out


def two_stage_bootstrap(
    per_outlet: list[np.ndarray], *, resamples: int, seed: int, keys: tuple[str, ...]
) -> np.ndarray:
    """(resamples × columns) draws of the mean of outlet means of one group.

    `per_outlet` holds each outlet's article values (rows × columns, NaN = missing).
    A column's statistic is the mean over the m outlets that have a value of it, so a
    resample draws m outlets with replacement from those m (an outlet without any
    value is no part of that statistic, and drawing it would shrink a resample to
    fewer outlets and widen the interval) and, for each drawn outlet, a resample of
    its articles: one of its `inner_means`, picked at random, so an outlet drawn
    twice gets two (almost surely) different article resamples. Columns with the
    same outlets valued share outer draws, keyed by `keys` and that set of outlets;
    the inner ones depend on each outlet's rows. NaN for a column no outlet has.
    """
    inner = np.stack(
        [
            inner_means(v, resamples=resamples, seed=seed, keys=(*keys, "inner", str(i)))
            for i, v in enumerate(per_outlet)
        ]
    )  # k × resamples × columns
    has_value = np.stack([np.isfinite(v).any(axis=0) for v in per_outlet])  # k × columns
    out = np.full((resamples, inner.shape[2]), np.nan)
    patterns: dict[bytes, list[int]] = {}
    for j in range(inner.shape[2]):
        patterns.setdefault(np.packbits(has_value[:, j]).tobytes(), []).append(j)
    for columns in patterns.values():
        valued = has_value[:, columns[0]]
        if valued.any():
            rng = stream(seed, *keys, "outer", mask_key(valued))
            out[:, columns] = _outer_means(inner[valued][:, :, columns], rng)
    return out


def _outer_means(inner: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """(resamples × columns) means of m outlets drawn with replacement from `inner`
    (m outlets × resamples × columns, all finite), each with a random inner resample."""
    m, resamples, width = inner.shape
    out = np.empty((resamples, width))
    chunk = max(1, min(resamples, CHUNK_ELEMENTS // max(m * width, 1)))
    for start in range(0, resamples, chunk):
        size = min(chunk, resamples - start)
        pick = rng.integers(0, m, size=(size, m))
        which = rng.integers(0, resamples, size=(size, m))
        drawn = inner[pick, which]  # size × m × columns
        # Summed outlet by outlet: each column's sum is the same whatever columns share
        # the draws (numpy's pairwise sum over an axis depends on the array's layout).
        total = np.zeros((size, width))
        for i in range(m):
            total += drawn[:, i]
        out[start : start + size] = total / m
    return out


@dataclass(frozen=True)
class OutletTest:
    """A permutation test of outlets between two sides, for some columns."""

    observed: np.ndarray  # mean of outlet means inside − outside, per column
    p_value: np.ndarray
    assignments: int  # assignments counted (all of them when exact)
    exact: bool
    # The smallest p-value this test can give (its resolution).
    min_p_value: float


def count_assignments(n: int, k: int) -> int:
    """How many ways `k` of `n` outlets can form the inside group."""
    return math.comb(n, k)


def outlet_permutation(
    means: np.ndarray,
    inside: np.ndarray,
    *,
    permutations: int,
    seed: int,
    keys: tuple[str, ...],
) -> OutletTest:
    """Two-sided permutation test of ``mean(means[inside]) − mean(means[~inside])``.

    `means` are outlet means (outlets × columns, all finite); `inside` a boolean mask
    with at least one outlet on each side. Under the null hypothesis that group
    membership does not matter, every assignment of the outlets to the two sides
    (sizes kept) is equally likely. When there are at most `permutations` distinct
    assignments, all are enumerated (observed included) and p is the share whose
    |statistic| reaches the observed one: exact, smallest value 1 / assignments (2 /
    assignments when the sides are of equal size, as a split and its mirror give the
    same |statistic|). Otherwise `permutations` random assignments give
    p = (b + 1) / (m + 1) (Phipson & Smyth 2010).
    """
    n, k = inside.size, int(inside.sum())
    observed = _difference(inside[None, :].astype(np.float64), means, k)[0]
    scale = np.abs(means).max(axis=0) if n else np.zeros(means.shape[1])
    threshold = np.abs(observed) - 1e-9 * scale
    total = count_assignments(n, k)
    if total <= permutations:
        # In chunks, as the random assignments are: a large `permutations` may ask for
        # millions of assignments, each a row of the 0/1 mask built below.
        assignments = combinations(range(n), k)
        extreme = np.zeros(means.shape[1], dtype=np.int64)
        while batch := list(islice(assignments, max(1, CHUNK_ELEMENTS // max(n, 1)))):
            chosen = np.array(batch, dtype=np.int64).reshape(len(batch), k)
            extreme += _extreme_count(chosen, means, k, threshold)
        mirror = 2 if 2 * k == n else 1
        return OutletTest(observed, extreme / total, total, True, mirror / total)
    rng = stream(seed, *keys)
    extreme = np.zeros(means.shape[1], dtype=np.int64)
    chunk = max(1, min(permutations, CHUNK_ELEMENTS // max(n, 1)))
    for start in range(0, permutations, chunk):
        size = min(chunk, permutations - start)
        extreme += _extreme_count(random_subsets(rng, n, k, size), means, k, threshold)
    return OutletTest(
        observed, (extreme + 1) / (permutations + 1), permutations, False, 1 / (permutations + 1)
    )


def _extreme_count(
    chosen: np.ndarray, means: np.ndarray, k: int, threshold: np.ndarray
) -> np.ndarray:
    """How many of the assignments (rows of inside outlet indices) reach `threshold`."""
    mask = np.zeros((chosen.shape[0], means.shape[0]))
    np.put_along_axis(mask, chosen, 1.0, axis=1)
    return (np.abs(_difference(mask, means, k)) >= threshold).sum(axis=0)


def _difference(mask: np.ndarray, means: np.ndarray, k: int) -> np.ndarray:
    """Per assignment (rows of a 0/1 `mask` over outlets): inside mean − outside mean."""
    inside = mask @ means
    outside = means.sum(axis=0) - inside
    return inside / k - outside / (means.shape[0] - k)
