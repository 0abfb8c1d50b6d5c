"""Groups of outlets: ``group_stats.csv`` and ``group_comparisons.csv`` (docs/stats.md).

For each outlet meta key in ``[stats] group_by`` (e.g. ``region``), the outlets with
the same value form a group. A group's value of a feature is the **mean of its
outlets' means** (each outlet's mean over its articles, as in ``outlets.csv``), with a
95% two-stage bootstrap interval (outlets, then articles within each drawn outlet).
Each group is compared with the rest of the outlets (and, with ``[stats] pairwise``,
with every other group) by permuting outlets between the two sides
(`framing.stats.nested`). Every draw is keyed by the study seed, the key, the
group(s) and which rows have values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from framing.config import Study
from framing.errors import DataError
from framing.features import Family
from framing.stats.effects import bh_qvalues, cohens_d
from framing.stats.nested import (
    OutletTest,
    outlet_means,
    outlet_permutation,
    two_stage_bootstrap,
)
from framing.stats.resampling import percentile_ci
from framing.stats.units import mask_key, numeric, numeric_features

GROUP_STATS_SCHEMA = {
    "group_by": pl.String,
    "group": pl.String,
    "feature": pl.String,
    "n_outlets": pl.Int64,
    "n_articles": pl.Int64,
    "mean": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
    "resamples": pl.Int64,
    "note": pl.String,
}
GROUP_COMPARISON_SCHEMA = {
    "group_by": pl.String,
    "group": pl.String,
    "versus": pl.String,
    "feature": pl.String,
    "n_outlets": pl.Int64,
    "n_outlets_versus": pl.Int64,
    "n_articles": pl.Int64,
    "n_articles_versus": pl.Int64,
    "mean": pl.Float64,
    "mean_versus": pl.Float64,
    "difference": pl.Float64,
    "effect_size": pl.Float64,
    "effect_size_kind": pl.String,
    "p_value": pl.Float64,
    "q_value": pl.Float64,
    "assignments": pl.Int64,
    "exact": pl.Boolean,
    "min_p_value": pl.Float64,
    "note": pl.String,
}
ONE_OUTLET = "one outlet: no interval (the spread between outlets needs two)"
TWO_OUTLETS = "two outlets: a wide, rough interval (outlets drawn from two)"


@dataclass(frozen=True)
class Grouped:
    """The outlets that have a value of one meta key, sorted, with their articles."""

    key: str
    outlets: list[str]
    group: np.ndarray  # group of each outlet
    starts: np.ndarray  # first article row of each outlet
    values: np.ndarray  # articles × features, sorted by outlet (NaN = missing)
    means: np.ndarray  # outlets × features: mean over the outlet's articles
    counts: np.ndarray  # outlets × features: articles with a value

    def groups(self) -> list[str]:
        return sorted(set(self.group.tolist()))

    def articles_of(self, outlet: int) -> np.ndarray:
        stop = self.starts[outlet + 1] if outlet + 1 < len(self.starts) else len(self.values)
        return self.values[self.starts[outlet] : stop]


def study_groups(
    study: Study, tables: dict[str, pl.DataFrame], families: list[Family]
) -> tuple[dict[str, pl.DataFrame], list[str]]:
    """The group tables of a study with ``[stats] group_by`` (none without), from its
    articles and the meta columns of its outlets table; and notes for the manifest."""
    options = study.stats
    if not options.group_by:
        return {}, []
    articles = tables["articles"]
    return group_tables(
        articles, tables["outlets"].select("outlet", *study.meta_keys()),
        numeric_features(articles, families), group_by=options.group_by,
        seed=study.study.seed, resamples=options.bootstrap,
        permutations=options.permutations, pairwise=options.pairwise,
    )  # fmt: skip


def group_tables(
    articles: pl.DataFrame,
    meta: pl.DataFrame,
    features: list[str],
    *,
    group_by: tuple[str, ...],
    seed: int,
    resamples: int,
    permutations: int,
    pairwise: bool,
) -> tuple[dict[str, pl.DataFrame], list[str]]:
    """``group_stats`` and ``group_comparisons`` for every key of `group_by`, and notes
    for the manifest (`articles`: outlet, article_id and `features`; `meta`: outlet and
    the meta keys, as `framing.corpus.meta.outlet_meta` gives them)."""
    stats: list[dict] = []
    compared: list[dict] = []
    notes: list[str] = []
    for key in group_by:
        grouped, without = grouped_outlets(articles, meta, key, features)
        if without:
            notes.append(
                f"group_by {key}: outlets without a {key} are left out: {', '.join(without)}"
            )
        if "rest" in grouped.groups():
            raise DataError(
                f"stats.group_by: outlets have {key} = 'rest', the name group_comparisons.csv "
                "gives the other outlets; rename that value"
            )
        stats += group_stats(grouped, features, seed=seed, resamples=resamples)
        if len(grouped.groups()) < 2:
            notes.append(f"group_by {key}: fewer than two groups, nothing to compare")
            continue
        compared += group_comparisons(
            grouped, features, seed=seed, permutations=permutations, pairwise=pairwise
        )
    return {
        "group_stats": pl.DataFrame(stats, schema=GROUP_STATS_SCHEMA).sort(
            "group_by", "group", "feature"
        ),
        "group_comparisons": with_group_qvalues(
            pl.DataFrame(compared, schema=GROUP_COMPARISON_SCHEMA)
        ),
    }, notes


def grouped_outlets(
    articles: pl.DataFrame, meta: pl.DataFrame, key: str, features: list[str]
) -> tuple[Grouped, list[str]]:
    """The outlets with a value of `key`, and the names of those without one."""
    values = meta.select("outlet", pl.col(key).alias("_group"))
    without = values.filter(pl.col("_group").is_null())["outlet"].sort().to_list()
    # Sorted by article id within outlets: the draws do not depend on the input order.
    rows = (
        articles.select("outlet", "article_id", *features)
        .join(values.drop_nulls(), on="outlet", how="inner")
        .sort("outlet", "article_id")
    )
    outlet_column = rows["outlet"].to_numpy().astype(str)
    outlets, starts = np.unique(outlet_column, return_index=True)
    matrix = np.column_stack([numeric(rows[f]) for f in features]) if features else None
    if matrix is None:
        matrix = np.zeros((rows.height, 0))
    means, counts = outlet_means(matrix, starts)
    group_of = dict(values.drop_nulls().iter_rows())
    group = np.array([group_of[o] for o in outlets], dtype=object)
    return Grouped(key, outlets.tolist(), group, starts, matrix, means, counts), without


def group_stats(grouped: Grouped, features: list[str], *, seed: int, resamples: int) -> list[dict]:
    """group_stats rows: per group × feature, the mean of outlet means and its
    two-stage bootstrap interval."""
    rows: list[dict] = []
    for name in grouped.groups():
        members = np.flatnonzero(grouped.group == name)
        has_value = grouped.counts[members] > 0
        n_outlets = has_value.sum(axis=0)
        n_articles = grouped.counts[members].sum(axis=0)
        means = grouped.means[members]
        mean = np.where(has_value, means, 0.0).sum(axis=0) / np.maximum(n_outlets, 1)
        low = high = np.full(len(features), np.nan)
        used = 0
        if (n_outlets >= 2).any() and resamples > 0:
            draws = two_stage_bootstrap(
                [grouped.articles_of(i) for i in members], resamples=resamples, seed=seed,
                keys=("group-bootstrap", grouped.key, name),
            )  # fmt: skip
            low, high = percentile_ci(draws)
            used = resamples
        for j, feature in enumerate(features):
            n = int(n_outlets[j])
            rows.append(
                {
                    "group_by": grouped.key, "group": name, "feature": feature,
                    "n_outlets": n, "n_articles": int(n_articles[j]),
                    "mean": float(mean[j]) if n else np.nan,
                    "ci_low": float(low[j]) if n >= 2 else np.nan,
                    "ci_high": float(high[j]) if n >= 2 else np.nan,
                    "resamples": used if n >= 2 else 0, "note": _stats_note(n),
                }
            )  # fmt: skip
    return rows


def _stats_note(n_outlets: int) -> str:
    return {0: "no outlet has a value", 1: ONE_OUTLET, 2: TWO_OUTLETS}.get(n_outlets, "")


def group_comparisons(
    grouped: Grouped, features: list[str], *, seed: int, permutations: int, pairwise: bool
) -> list[dict]:
    """group_comparisons rows: each group against the rest, and each pair if `pairwise`."""
    names = grouped.groups()
    sides = [(g, "rest", grouped.group == g, grouped.group != g) for g in names]
    if pairwise:
        sides += [
            (a, b, grouped.group == a, grouped.group == b)
            for i, a in enumerate(names)
            for b in names[i + 1 :]
        ]
    rows: list[dict] = []
    for name, versus, inside, outside in sides:
        rows += _compare(grouped, features, name, versus, inside, outside, seed, permutations)
    return rows


def _compare(
    grouped: Grouped,
    features: list[str],
    name: str,
    versus: str,
    inside: np.ndarray,
    outside: np.ndarray,
    seed: int,
    permutations: int,
) -> list[dict]:
    """Rows of one comparison: features tested together when the same outlets have
    values (the assignments, and so the draws, depend on those outlets only)."""
    involved = np.flatnonzero(inside | outside)
    has_value = grouped.counts[involved] > 0
    patterns: dict[bytes, list[int]] = {}
    for j in range(len(features)):
        patterns.setdefault(np.packbits(has_value[:, j]).tobytes(), []).append(j)
    rows: list[dict] = []
    for columns in patterns.values():
        present = involved[has_value[:, columns[0]]]
        side = inside[present]
        base = {"group_by": grouped.key, "group": name, "versus": versus}
        counts = grouped.counts[present][:, columns]
        sizes = _side_sizes(side, counts)
        if side.all() or not side.any():
            rows += [_untested(base, features[j], sizes, j_at) for j_at, j in enumerate(columns)]
            continue
        means = grouped.means[present][:, columns]
        test = outlet_permutation(
            means, side, permutations=permutations, seed=seed,
            keys=("group-permutation", grouped.key, name, versus, mask_key(has_value[:, columns[0]])),
        )  # fmt: skip
        d, mean_in, mean_out = cohens_d(means, (~side).astype(np.int64), 2)
        for j_at, j in enumerate(columns):
            rows.append(
                base | _sizes_at(sizes, j_at) | {
                    "feature": features[j],
                    "mean": float(mean_in[0, j_at]), "mean_versus": float(mean_out[0, j_at]),
                    "difference": float(test.observed[j_at]),
                    "effect_size": float(d[0, j_at]), "effect_size_kind": "cohens_d_outlets",
                    "p_value": float(test.p_value[j_at]), "q_value": np.nan,
                    "assignments": test.assignments, "exact": test.exact,
                    "min_p_value": test.min_p_value, "note": _test_note(test, d[0, j_at]),
                }
            )  # fmt: skip
    return rows


def _side_sizes(side: np.ndarray, counts: np.ndarray) -> dict[str, np.ndarray]:
    """Outlets and articles with values on each side, per column."""
    return {
        "n_outlets": np.full(counts.shape[1], int(side.sum())),
        "n_outlets_versus": np.full(counts.shape[1], int((~side).sum())),
        "n_articles": counts[side].sum(axis=0),
        "n_articles_versus": counts[~side].sum(axis=0),
    }


def _sizes_at(sizes: dict[str, np.ndarray], j: int) -> dict[str, int]:
    return {name: int(values[j]) for name, values in sizes.items()}


def _test_note(test: OutletTest, d: float) -> str:
    kind = (
        f"exact: all {test.assignments} assignments of outlets"
        if test.exact
        else f"{test.assignments} random assignments of outlets"
    )
    parts = [f"{kind}; smallest possible p = {test.min_p_value:.3g}"]
    if not np.isfinite(d):
        parts.append("effect size undefined (needs 3 outlets and spread between them)")
    return "; ".join(parts)


def _untested(base: dict, feature: str, sizes: dict[str, np.ndarray], j: int) -> dict:
    return (
        base
        | _sizes_at(sizes, j)
        | {
            "feature": feature, "mean": np.nan, "mean_versus": np.nan, "difference": np.nan,
            "effect_size": np.nan, "effect_size_kind": "", "p_value": np.nan, "q_value": np.nan,
            "assignments": 0, "exact": False, "min_p_value": np.nan,
            "note": "no outlet with a value on one side: not tested",
        }
    )  # fmt: skip


def with_group_qvalues(compared: pl.DataFrame) -> pl.DataFrame:
    """Sorted, with Benjamini–Hochberg q-values within each (group_by, group, versus)
    comparison, across its features."""
    if not compared.height:
        return compared
    compared = compared.sort("group_by", "group", "versus", "feature")
    q = np.full(compared.height, np.nan)
    family: dict[tuple, list[int]] = {}
    for i, key in enumerate(compared.select("group_by", "group", "versus").iter_rows()):
        family.setdefault(key, []).append(i)
    p = compared["p_value"].to_numpy()
    for index in family.values():
        q[index] = bh_qvalues(p[index])
    return compared.with_columns(pl.Series("q_value", q))
