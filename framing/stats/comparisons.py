"""Outlet comparisons, ``comparisons.csv`` (docs/stats.md).

Each outlet against the rest of the corpus (and, with ``[stats] pairwise = true``,
every pair of outlets), feature by feature: difference, Cohen's d, two-sided
permutation p-value and Benjamini–Hochberg q-value within each comparison. An outlet
is compared on the unit its `Plan` gives it; the permutation streams are keyed by
the study seed, the unit, the comparison and which rows have values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from framing.stats.effects import bh_qvalues, cohens_d, label_sums
from framing.stats.resampling import divide, permutation_counts, stream, subset_counts
from framing.stats.units import Plan, Unit

COMPARISON_SCHEMA = {
    "outlet": pl.String,
    "versus": pl.String,
    "feature": pl.String,
    "unit": pl.String,
    "n": pl.Int64,
    "n_versus": pl.Int64,
    "mean": pl.Float64,
    "mean_versus": pl.Float64,
    "difference": pl.Float64,
    "effect_size": pl.Float64,
    "effect_size_kind": pl.String,
    "p_value": pl.Float64,
    "q_value": pl.Float64,
    "permutations": pl.Int64,
    "note": pl.String,
}
NO_COUNTERPART = "no sentence-level counterpart: not tested"


def comparisons(
    plan: Plan, *, seed: int, permutations: int, pairwise: bool
) -> tuple[pl.DataFrame, list[str]]:
    """``comparisons``: every outlet against the rest, and each pair if `pairwise`;
    with notes for the manifest."""
    if len(plan.outlets) < 2:
        notes = ["comparisons skipped: the study has a single outlet"]
        return pl.DataFrame([], schema=COMPARISON_SCHEMA), notes
    rows = _versus_rest(plan, seed=seed, permutations=permutations)
    if pairwise:
        for i, first in enumerate(plan.outlets):
            for second in plan.outlets[i + 1 :]:
                rows += _pair(plan, first, second, seed=seed, permutations=permutations)
    return with_qvalues(pl.DataFrame(rows, schema=COMPARISON_SCHEMA)), []


def _versus_rest(plan: Plan, *, seed: int, permutations: int) -> list[dict]:
    """Rows of each outlet against the rest: large outlets on articles, against every
    other outlet; small ones on sentences, against the other small outlets."""
    rows: list[dict] = []
    if plan.large:
        rows += _compare(
            plan.article, plan.large, "rest", plan.features, seed=seed, permutations=permutations
        )
    if plan.small:
        small = _compare(
            plan.sentence, plan.small, "rest", plan.sentence_features, seed=seed,
            permutations=permutations,
        )  # fmt: skip
        if plan.large:
            scope = f"rest = the other outlets with fewer than {plan.min_articles} articles"
            for row in small:
                row["note"] = "; ".join(filter(None, [scope, row["note"]]))
        rows += small
        rows += [
            _untested(o, "rest", f, NO_COUNTERPART) for o in plan.small for f in plan.article_only
        ]
    return rows


def _pair(plan: Plan, first: str, second: str, *, seed: int, permutations: int) -> list[dict]:
    """Rows of `first` against `second`: tested only when both use the same unit."""
    if first in plan.large and second in plan.large:
        return _compare(
            plan.article, [first], second, plan.features, seed=seed, permutations=permutations
        )
    if first in plan.small and second in plan.small:
        rows = _compare(
            plan.sentence, [first], second, plan.sentence_features, seed=seed,
            permutations=permutations,
        )  # fmt: skip
        return rows + [_untested(first, second, f, NO_COUNTERPART) for f in plan.article_only]
    why = (
        f"one outlet has fewer than {plan.min_articles} articles, the "
        "other's sentences are not read: not tested"
    )
    return [_untested(first, second, f, why) for f in plan.features]


def with_qvalues(comparisons: pl.DataFrame) -> pl.DataFrame:
    """Sorted by outlet, versus, feature, with Benjamini–Hochberg q-values within each
    (outlet, versus) comparison, across its features."""
    if not comparisons.height:
        return comparisons
    comparisons = comparisons.sort("outlet", "versus", "feature")
    q = np.full(comparisons.height, np.nan)
    family_of: dict[tuple[str, str], list[int]] = {}
    for i, key in enumerate(comparisons.select("outlet", "versus").iter_rows()):
        family_of.setdefault(key, []).append(i)
    p = comparisons["p_value"].to_numpy()
    for index in family_of.values():
        q[index] = bh_qvalues(p[index])
    return comparisons.with_columns(pl.Series("q_value", q))


@dataclass(frozen=True)
class _Tested:
    """The tests of one group of features (one kind, same rows with values)."""

    code: dict[str, int]  # outlet -> label
    sizes: np.ndarray  # rows per label
    n_rows: int
    ratio: bool
    permutations: int
    counts: dict[int, np.ndarray]  # label -> permutation counts per feature
    mean: np.ndarray | None  # labels × features
    mean_rest: np.ndarray | None
    d: np.ndarray | None


def _compare(
    unit: Unit,
    outlets: list[str],
    versus: str,
    features: list[str],
    *,
    seed: int,
    permutations: int,
) -> list[dict]:
    """comparisons rows: each of `outlets` against `versus` ("rest", or one outlet)."""
    rows: list[dict] = []
    in_scope = unit.rows(unit.outlet_names() if versus == "rest" else [*outlets, versus])
    scope = "rest" if versus == "rest" else f"{outlets[0]}|{versus}"
    for index, pattern, group in unit.groups(features, in_scope):
        tested = _test(
            unit, index, group, outlets, seed=seed, permutations=permutations,
            keys=("permutation", unit.name, scope, pattern),
        )  # fmt: skip
        for outlet in outlets:
            for j, feature in enumerate(group):
                rows.append(_row(tested, unit.name, outlet, versus, feature, j))
    return rows


def _test(
    unit: Unit,
    index: np.ndarray,
    features: list[str],
    outlets: list[str],
    *,
    seed: int,
    permutations: int,
    keys: tuple[str, ...],
) -> _Tested:
    """Permutation counts, means and effect sizes of `outlets` on the `index` rows."""
    num, den, scale = unit.matrices(features, index)
    row_outlets = unit.outlets[index]
    present = sorted(set(row_outlets.tolist()))
    code = {name: i for i, name in enumerate(present)}
    labels = np.searchsorted(np.array(present), row_outlets) if present else row_outlets
    sizes = np.bincount(labels, minlength=len(present)) if present else np.zeros(0, int)
    tested = [code[o] for o in outlets if o in code and 0 < sizes[code[o]] < labels.size]
    if not tested:
        return _Tested(
            code, sizes, labels.size, den is not None, permutations, {}, None, None, None
        )
    counts = _test_groups(
        num, den, labels.astype(np.int64), present, tested,
        permutations=permutations, seed=seed, keys=keys,
    )  # fmt: skip
    if den is None:
        d, mean, mean_rest = cohens_d(num, labels, len(present))
    else:
        sums_num = label_sums(num, labels, len(present))
        sums_den = label_sums(den, labels, len(present))
        mean = scale * divide(sums_num, sums_den)
        mean_rest = scale * divide(num.sum(0) - sums_num, den.sum(0) - sums_den)
        d = np.full_like(mean, np.nan)
    return _Tested(
        code, sizes, labels.size, den is not None, permutations, counts, mean, mean_rest, d
    )


def _row(tested: _Tested, unit: str, outlet: str, versus: str, feature: str, j: int) -> dict:
    """The comparisons row of `outlet` for `feature`, column `j` of `tested`."""
    g = tested.code.get(outlet)
    n_g = int(tested.sizes[g]) if g is not None else 0
    row = _untested(outlet, versus, feature, "")
    row |= {"unit": unit, "n": n_g, "n_versus": tested.n_rows - n_g}
    if not tested.ratio:
        row["effect_size_kind"] = "cohens_d"
    if g is None or g not in tested.counts:
        row["note"] = "no values on one side: not tested"
        return row
    assert tested.mean is not None and tested.mean_rest is not None and tested.d is not None
    difference = tested.mean[g, j] - tested.mean_rest[g, j]
    row["mean"], row["mean_versus"] = float(tested.mean[g, j]), float(tested.mean_rest[g, j])
    if not np.isfinite(difference):
        row["note"] = "statistic undefined (zero denominator): not tested"
        return row
    permutations = tested.permutations
    row["difference"] = float(difference)
    row["effect_size"] = float(tested.d[g, j])
    row["p_value"] = float((tested.counts[g][j] + 1) / (permutations + 1))
    row["permutations"] = permutations
    if tested.ratio:
        row["note"] = "ratio of sums: no effect size"
    elif not np.isfinite(tested.d[g, j]):
        row["note"] = "effect size undefined: no variation within the groups"
    return row


def _test_groups(
    num: np.ndarray,
    den: np.ndarray | None,
    labels: np.ndarray,
    groups: list[str],
    tested: list[int],
    *,
    permutations: int,
    seed: int,
    keys: tuple[str, ...],
) -> dict[int, np.ndarray]:
    """Permutation counts (features,) of each tested group against all other rows.

    Uses whichever is cheaper: one permutation of all rows shared by every group
    (rows × columns per permutation), or a random subset per group (about
    k × columns + k² / 2 per permutation, k the smaller side). Streams are keyed by
    `keys` and, for subsets, the group's name.
    """
    total_rows = labels.size
    # Decided on row counts alone (one column), so a feature's p-value does not change
    # when the study adds or drops other features or families.
    width = 1 if den is None else 2
    sizes = np.bincount(labels, minlength=len(groups))
    small = [min(int(sizes[g]), total_rows - int(sizes[g])) for g in tested]
    if sum(k * width + k * k / 2 for k in small) < total_rows * width:
        counts = {}
        for g in tested:
            rng = stream(seed, *keys, f"outlet:{groups[g]}")
            _, counts[g] = subset_counts(num, den, labels == g, permutations=permutations, rng=rng)
        return counts
    rng = stream(seed, *keys, "all")
    _, all_counts = permutation_counts(
        num, den, labels, len(groups), permutations=permutations, rng=rng
    )
    return {g: all_counts[g] for g in tested}


def _untested(outlet: str, versus: str, feature: str, note: str) -> dict:
    """A comparisons row with no test: NaN statistics and the reason in `note`."""
    return {
        "outlet": outlet, "versus": versus, "feature": feature, "unit": "", "n": 0,
        "n_versus": 0, "mean": np.nan, "mean_versus": np.nan, "difference": np.nan,
        "effect_size": np.nan, "effect_size_kind": "", "p_value": np.nan, "q_value": np.nan,
        "permutations": 0, "note": note,
    }  # fmt: skip
