"""Per-outlet statistics and outlet comparisons (docs/stats.md).

``outlet_stats``: for every outlet × numeric article-level feature, the outlet's
value with a 95% percentile-bootstrap confidence interval. ``comparisons``: each
outlet against the rest of the corpus (and, with ``[stats] pairwise = true``, every
pair of outlets): difference, Cohen's d, two-sided permutation p-value and
Benjamini–Hochberg q-value (`framing.stats.comparisons`).

The unit resampled is the article when an outlet has at least ``[stats]
min_articles`` articles. Below that, it is the body sentence, for the features that
are a mean or a ratio of sums of a sentence-level column (`framing.stats.units`); the
other features get no interval. Every random draw comes from a stream keyed by the
study seed and the names involved (`framing.stats.resampling.stream`), so reruns are
byte-identical.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from framing.config import Study
from framing.features import Family
from framing.stats.comparisons import COMPARISON_SCHEMA, comparisons
from framing.stats.resampling import bootstrap, divide, draws_sd, percentile_ci, stream
from framing.stats.units import Plan, Unit, plan_units

__all__ = ["COMPARISON_SCHEMA", "STATS_SCHEMA", "outlet_stats", "outlet_tables"]

STATS_SCHEMA = {
    "outlet": pl.String,
    "feature": pl.String,
    "unit": pl.String,
    "n": pl.Int64,
    "mean": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
    "se": pl.Float64,
    "resamples": pl.Int64,
    "basis": pl.String,
    "note": pl.String,
}


def outlet_tables(
    study: Study, tables: dict[str, pl.DataFrame], families: list[Family]
) -> tuple[dict[str, pl.DataFrame], list[str]]:
    """``outlet_stats`` and ``comparisons`` tables, and notes for the manifest."""
    options = study.stats
    seed = study.study.seed
    articles = tables["articles"].sort("outlet", "article_id")
    sentences = tables.get("sentences", pl.DataFrame())
    plan, notes = plan_units(articles, sentences, families, min_articles=options.min_articles)
    notes += _unit_notes(plan)
    stats = outlet_stats(plan, seed=seed, resamples=options.bootstrap)
    compared, skipped = comparisons(
        plan, seed=seed, permutations=options.permutations, pairwise=options.pairwise
    )
    return {"outlet_stats": stats, "comparisons": compared}, notes + skipped


def _unit_notes(plan: Plan) -> list[str]:
    """What the manifest says about outlets resampled by sentence."""
    if not plan.small:
        return []
    notes = [
        f"outlets with fewer than {plan.min_articles} articles are resampled by body "
        f"sentence (not independent: intervals are too narrow): {', '.join(plan.small)}"
    ]
    if plan.article_only:
        notes.append(
            f"{len(plan.article_only)} features have no sentence-level counterpart and get no "
            "interval or test for those outlets"
        )
    if plan.large:
        notes.append(
            "for those outlets, comparisons with 'rest' pool the body sentences of the "
            f"other outlets with fewer than {plan.min_articles} articles only"
        )
    return notes


def outlet_stats(plan: Plan, *, seed: int, resamples: int) -> pl.DataFrame:
    """``outlet_stats``: every outlet × feature on the unit its `plan` gives it."""
    rows: list[dict] = []
    for outlet in plan.large:
        rows += _outlet_rows(plan.article, outlet, plan.features, seed=seed, resamples=resamples)
    for outlet in plan.small:
        if plan.sentence_features:
            rows += _outlet_rows(
                plan.sentence, outlet, plan.sentence_features, seed=seed, resamples=resamples
            )
        # Article-only features: the outlet's article mean, no interval.
        for row in _outlet_rows(plan.article, outlet, plan.article_only, seed=seed, resamples=0):
            row.update(
                ci_low=np.nan, ci_high=np.nan, se=np.nan, resamples=0,
                note=f"fewer than {plan.min_articles} articles and no sentence-level "
                "counterpart: no interval",
            )  # fmt: skip
            rows.append(row)
    return pl.DataFrame(rows, schema=STATS_SCHEMA).sort("outlet", "feature")


def _outlet_rows(
    unit: Unit, outlet: str, features: list[str], *, seed: int, resamples: int
) -> list[dict]:
    """outlet_stats rows of one outlet: its statistic and bootstrap interval per feature."""
    rows = []
    for index, pattern, group in unit.groups(features, unit.rows([outlet])):
        num, den, scale = unit.matrices(group, index)
        n = index.size
        low = high = se = mean = np.full(len(group), np.nan)
        used, note = 0, ""
        if n == 0:
            note = "no values"
        else:
            mean = num.mean(axis=0) if den is None else scale * divide(num.sum(0), den.sum(0))
        if n == 1:
            note = f"one {unit.name}: no interval"
        elif n > 1 and resamples > 0:
            rng = stream(seed, "bootstrap", unit.name, outlet, pattern)
            draws = bootstrap(num, den, resamples=resamples, rng=rng) * scale
            low, high = percentile_ci(draws)
            se = draws_sd(draws)
            used = resamples
        for j, feature in enumerate(group):
            why = note
            if used and not np.isfinite(low[j]):
                why = "interval undefined: most resamples have a zero denominator"
            rows.append(
                {
                    "outlet": outlet, "feature": feature, "unit": unit.name, "n": n,
                    "mean": float(mean[j]), "ci_low": float(low[j]), "ci_high": float(high[j]),
                    "se": float(se[j]), "resamples": used, "basis": unit.basis[feature],
                    "note": why,
                }
            )  # fmt: skip
    return rows
