"""Random draws, and the intervals and tests built on them (docs/stats.md).

The one module every table that draws at random, or states an interval, takes its
method from. Two seeding and bootstrap schemes live here, each kept for the tables
written with it: they estimate the same thing (a 95% percentile bootstrap interval
of a mean) but draw different resamples, so moving a table to the other scheme would
change its published numbers.

* `stream` (a generator keyed by the study seed and the names involved) with
  `bootstrap`, `permutation_counts` and `subset_counts`: ``outlet_stats.csv`` and
  ``comparisons.csv`` (`framing.stats.outlets`). A resample's statistic is a ratio
  of sums taken through a matrix of draw counts (``counts @ values``), so every
  feature of a unit shares one set of draws; quantiles at ``(1 - level) / 2``.
* `stable_seed` (entropy: the seed and 8 bytes of a sha256 of the names) with
  `bootstrap_mean`: ``actors.csv``'s ``ci_low``/``ci_high`` and ``*_all``
  (`framing.features.actors.tone`). One column at a time; a resample's mean is
  taken over the gathered values; percentiles 2.5 and 97.5.

Also here: `wilson_interval`, the closed-form interval of a proportion that
``frames.csv`` uses instead of a bootstrap (no draws, so no seed), and the two
elementwise divisions the tables share (`divide` for arrays, `series_ratio` for
polars columns).

numpy is imported inside the functions: the feature families import this module
when the registry loads them, and loading a family imports nothing heavy.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    import numpy as np

LEVEL = 0.95
# z for a two-sided 95% interval: the 0.975 quantile of the standard normal.
Z_95 = 1.959963984540054
# Elements of the largest temporary array (resamples × rows) built at once.
CHUNK_ELEMENTS = 1 << 21
# Columns per block in sparse products (see `_column_blocks`).
BLOCK = 16
# Bytes of a block of columns that stays in cache during a sparse product.
CACHE_BYTES = 1 << 20


# --------------------------------------------------------------------------- streams


def stream(seed: int, *keys: str) -> np.random.Generator:
    """A generator keyed by the seed and names: sha256, never Python's ``hash()``."""
    import numpy as np

    text = "\x1f".join([str(seed), *keys])
    entropy = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "little")
    return np.random.default_rng(np.random.SeedSequence(entropy))


def stable_seed(seed: int, *parts: str) -> list[int]:
    """Entropy for `numpy.random.default_rng`: the study seed plus a sha256 of `parts`
    (stable across processes and Python versions, unlike `hash()`). The scheme of
    `bootstrap_mean` (actors.csv); `stream` is the other one."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return [seed % 2**64, int.from_bytes(digest[:8], "big")]


# ------------------------------------------------------------------------- divisions


def divide(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den elementwise, NaN where den is 0 (no warning)."""
    import numpy as np

    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=den != 0)
    return out


def series_ratio(numerator: pl.Series, denominator: pl.Series) -> pl.Series:
    """Elementwise ``numerator / denominator`` as Float64; NaN where the denominator is
    null or ≤ 0, or the numerator null.

    numpy divides element by element, correctly rounded. polars may instead multiply by
    the reciprocal when one side is broadcast (e.g. after a join with a one-row frame),
    which changes the last bit with the chunking — and tables must be byte-identical
    whatever the chunking.
    """
    import numpy as np

    num = numerator.cast(pl.Float64).fill_null(np.nan).to_numpy()
    den = denominator.cast(pl.Float64).fill_null(np.nan).to_numpy()
    valid = den > 0
    out = np.full(num.shape, np.nan)
    np.divide(num, den, out=out, where=valid)
    return pl.Series(out, dtype=pl.Float64)


# ------------------------------------------------------------------------- bootstrap


def bootstrap(
    num: np.ndarray,
    den: np.ndarray | None,
    *,
    resamples: int,
    rng: np.random.Generator,
    scale: float = 1.0,
) -> np.ndarray:
    """Bootstrap distribution of ``scale * sum(num) / sum(den)`` (the mean if `den` is None).

    `num` and `den` are (rows × features) without missing values; every feature is
    resampled with the same row draws. Returns (resamples × features). The draws
    depend only on `rng`, the number of rows and `resamples`.
    """
    import numpy as np

    n = num.shape[0]
    chunk = max(1, min(resamples, CHUNK_ELEMENTS // max(n, 1)))
    out = np.empty((resamples, num.shape[1]))
    for start in range(0, resamples, chunk):
        size = min(chunk, resamples - start)
        draws = rng.integers(0, n, size=(size, n))
        offsets = (np.arange(size) * n)[:, None]
        counts = np.bincount((draws + offsets).ravel(), minlength=size * n)
        counts = counts.reshape(size, n).astype(np.float64)
        top = counts @ num
        bottom = np.full_like(top, n) if den is None else counts @ den
        out[start : start + size] = scale * divide(top, bottom)
    return out


def percentile_ci(draws: np.ndarray, level: float = LEVEL) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval per column (linear interpolation); NaN resamples dropped.

    A column with fewer than half its resamples defined gets NaN.
    """
    import numpy as np

    alpha = (1 - level) / 2
    low = np.full(draws.shape[1], np.nan)
    high = np.full(draws.shape[1], np.nan)
    finite = np.isfinite(draws)
    complete = finite.all(axis=0)
    if complete.any():
        q = np.quantile(draws[:, complete], [alpha, 1 - alpha], axis=0)
        low[complete], high[complete] = q[0], q[1]
    for j in np.flatnonzero(~complete & (finite.sum(axis=0) * 2 >= draws.shape[0])):
        column = draws[finite[:, j], j]
        low[j], high[j] = np.quantile(column, [alpha, 1 - alpha])
    return low, high


def draws_sd(draws: np.ndarray) -> np.ndarray:
    """Standard deviation (ddof 1) per column over its finite resamples: the
    bootstrap standard error."""
    import numpy as np

    out = np.full(draws.shape[1], np.nan)
    finite = np.isfinite(draws)
    complete = finite.all(axis=0)
    if draws.shape[0] > 1 and complete.any():
        out[complete] = draws[:, complete].std(axis=0, ddof=1)
    for j in np.flatnonzero(~complete & (finite.sum(axis=0) > 1)):
        out[j] = draws[finite[:, j], j].std(ddof=1)
    return out


def bootstrap_mean(
    values: np.ndarray, *, resamples: int, seed: list[int]
) -> tuple[float, float, float]:
    """``(mean, ci_low, ci_high)``: the mean of `values` and its 95% percentile bootstrap
    interval (2.5th and 97.5th percentiles, numpy's linear interpolation, of `resamples`
    means of samples drawn with replacement). NaN mean for no value; NaN CI for fewer
    than 2. `seed` comes from `stable_seed`."""
    import numpy as np

    n = values.size
    if n == 0:
        return math.nan, math.nan, math.nan
    mean = float(values.mean())
    if n < 2:
        return mean, math.nan, math.nan
    rng = np.random.default_rng(seed)
    means = np.empty(resamples)
    # Blocks bound memory at ~16 MB of indices whatever n is.
    block = max(1, 2_000_000 // n)
    for start in range(0, resamples, block):
        stop = min(resamples, start + block)
        means[start:stop] = values[rng.integers(0, n, size=(stop - start, n))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return mean, float(low), float(high)


# ---------------------------------------------------------------------- permutations


def group_sums(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Column sums of each contiguous block of rows beginning at `starts`."""
    import numpy as np

    if values.shape[0] == 0:
        return np.zeros((len(starts), values.shape[1]))
    return np.add.reduceat(values, starts, axis=0)


@dataclass(frozen=True)
class _Difference:
    """``R_inside - R_outside``, R = Σ num / Σ den (or the mean), from inside sums.

    `sums` hold the inside sums of the stacked columns: num, then den for ratios.
    """

    width: int
    ratio: bool
    totals: np.ndarray  # column sums over all rows
    total_rows: int

    def __call__(self, sums: np.ndarray, sizes: np.ndarray) -> np.ndarray:
        w, totals = self.width, self.totals
        if not self.ratio:
            inside = divide(sums, sizes[..., None])
            return inside - divide(totals - sums, (self.total_rows - sizes)[..., None])
        inside = divide(sums[..., :w], sums[..., w:])
        outside = divide(totals[:w] - sums[..., :w], totals[w:] - sums[..., w:])
        return inside - outside

    def threshold(self, num: np.ndarray, observed: np.ndarray) -> np.ndarray:
        """|observed| less the rounding of a sum of N terms (about N·eps·scale)."""
        import numpy as np

        if not self.ratio:
            reference = np.abs(num).max(axis=0) if num.shape[0] else np.zeros(self.width)
        else:
            reference = np.abs(divide(self.totals[: self.width], self.totals[self.width :]))
        return np.abs(observed) - 1e-9 * np.nan_to_num(reference)


def _extreme(permuted: np.ndarray, threshold: np.ndarray) -> np.ndarray:
    import numpy as np

    # A permutation whose statistic is undefined (zero denominator) counts as
    # extreme: conservative, and it keeps the (b + 1) / (m + 1) form.
    return (np.abs(np.nan_to_num(permuted, nan=np.inf)) >= threshold).sum(axis=0)


def _column_blocks(values: np.ndarray, width: int = BLOCK) -> list[np.ndarray]:
    import numpy as np

    # A sparse product reads rows of its dense operand at random; narrow blocks of
    # columns stay in cache (about twice as fast on 100k rows × 150 columns).
    return [
        np.ascontiguousarray(values[:, i : i + width]) for i in range(0, values.shape[1], width)
    ]


def _cached_blocks(num: np.ndarray, den: np.ndarray | None) -> list[np.ndarray]:
    """num's columns then den's, in blocks as wide as fit in `CACHE_BYTES` (at least
    `BLOCK`): on a few thousand rows that is one product per chunk instead of several.
    A column's sums do not depend on the blocking."""
    import numpy as np

    stacked = num if den is None else np.hstack([num, den])
    width = max(BLOCK, CACHE_BYTES // max(8 * stacked.shape[0], 1))
    return _column_blocks(stacked, width)


def permutation_counts(
    num: np.ndarray,
    den: np.ndarray | None,
    labels: np.ndarray,
    n_groups: int,
    *,
    permutations: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Two-sided permutation test of each group against all other rows.

    The statistic for group g is ``R_g - R_rest`` with ``R = sum(num) / sum(den)`` (the
    mean if `den` is None). Labels are permuted over all rows at once, so one
    permutation serves every group: cost permutations × rows × features. Returns the
    observed statistic and the number of permutations whose |statistic| reaches the
    observed one (groups × features); p = (count + 1) / (permutations + 1).
    """
    import numpy as np
    from scipy import sparse

    if labels.size and (np.diff(labels) < 0).any():
        order = np.argsort(labels, kind="stable")
        labels, num = labels[order], num[order]
        den = None if den is None else den[order]
    blocks = _cached_blocks(num, den)
    total_rows = labels.size
    sizes = np.bincount(labels, minlength=n_groups)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    totals = np.concatenate([block.sum(axis=0) for block in blocks])
    difference = _Difference(num.shape[1], den is not None, totals, total_rows)
    observed = difference(np.hstack([group_sums(b, starts) for b in blocks]), sizes)
    threshold = difference.threshold(num, observed)
    counts = np.zeros((n_groups, num.shape[1]), dtype=np.int64)

    # One CSR row per (permutation, group) selecting that group's permuted rows.
    chunk = max(1, min(permutations, CHUNK_ELEMENTS // max(total_rows, 1)))
    shuffled = np.empty((chunk, total_rows), dtype=np.int64)
    ones = np.ones(chunk * total_rows)
    for start in range(0, permutations, chunk):
        size = min(chunk, permutations - start)
        # Shuffled in place, row by row: the same draws as permuting a fresh tile.
        rows = shuffled[:size]
        rows[:] = np.arange(total_rows)
        rng.permuted(rows, axis=1, out=rows)
        offsets = np.arange(size)[:, None] * total_rows + starts[None, :]
        indptr = np.append(offsets.ravel(), size * total_rows)
        selector = sparse.csr_matrix(
            (ones[: size * total_rows], rows.ravel(), indptr),
            shape=(size * n_groups, total_rows),
        )
        products = [np.asarray(selector @ block) for block in blocks]
        sums = products[0] if len(products) == 1 else np.hstack(products)
        counts += _extreme(difference(sums.reshape(size, n_groups, -1), sizes), threshold)
    return observed, counts


def random_subsets(rng: np.random.Generator, population: int, size: int, count: int) -> np.ndarray:
    """`count` uniform random `size`-subsets of range(population), one per row.

    Floyd's algorithm (Bentley & Floyd 1987), vectorised over rows: cost count ·
    size² / 2 comparisons, independent of `population`.
    """
    import numpy as np

    chosen = np.empty((count, size), dtype=np.int64)
    for i, j in enumerate(range(population - size, population)):
        pick = rng.integers(0, j + 1, size=count)
        taken = (chosen[:, :i] == pick[:, None]).any(axis=1)
        chosen[:, i] = np.where(taken, j, pick)
    return chosen


def subset_counts(
    num: np.ndarray,
    den: np.ndarray | None,
    inside: np.ndarray,
    *,
    permutations: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """The test of `permutation_counts` for one group (`inside` rows) against the rest.

    Each relabelling draws the smaller side as a random subset of the pooled rows,
    so a small outlet in a large corpus costs permutations × its rows, not × the
    corpus. Returns the observed statistic and counts (features,).
    """
    import numpy as np

    blocks = _column_blocks(num) + ([] if den is None else _column_blocks(den))
    total_rows = inside.size
    n_inside = int(inside.sum())
    small = min(n_inside, total_rows - n_inside)
    totals = np.concatenate([block.sum(axis=0) for block in blocks])
    difference = _Difference(num.shape[1], den is not None, totals, total_rows)
    observed = difference(
        np.concatenate([b[inside].sum(axis=0) for b in blocks]), np.array(n_inside)
    )
    threshold = difference.threshold(num, observed)
    counts = np.zeros(num.shape[1], dtype=np.int64)
    # The chunk depends on the sizes only, so the draws do not depend on the features.
    chunk = max(1, min(permutations, CHUNK_ELEMENTS // max(small * BLOCK, 1)))
    for start in range(0, permutations, chunk):
        size = min(chunk, permutations - start)
        subset = random_subsets(rng, total_rows, small, size)
        sums = np.hstack([block[subset].sum(axis=1) for block in blocks])
        if small != n_inside:
            sums = difference.totals - sums
        counts += _extreme(difference(sums, np.array(n_inside)), threshold)
    return observed, counts


# ------------------------------------------------------------------ closed form


def wilson_interval(share: pl.Expr, n: pl.Expr, *, z: float = Z_95) -> tuple[pl.Expr, pl.Expr]:
    """Wilson score interval for a proportion `share` observed on `n` (possibly effective,
    non-integer) trials: centre ``(p + z²/2n) / (1 + z²/n)`` ± half-width
    ``z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n)``. NaN when n = 0."""
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (share + z2 / (2 * n)) / denominator
    half = z * (share * (1 - share) / n + z2 / (4 * n * n)).sqrt() / denominator
    # At p = 0 (or 1) the bound equals p analytically; rounding must not put it past p.
    low = pl.min_horizontal((centre - half).clip(0.0, 1.0), share)
    high = pl.max_horizontal((centre + half).clip(0.0, 1.0), share)
    low = pl.when(n > 0).then(low).otherwise(float("nan"))
    high = pl.when(n > 0).then(high).otherwise(float("nan"))
    return low, high
