"""Tone toward each actor: the mean VADER compound of the body sentences that mention
it, with a 95% percentile bootstrap interval (docs/actors.md).

Two sets per outlet and actor: the sentences that mention this actor and no other
(``mean_compound``, ``ci_low``, ``ci_high``) and every sentence that mentions it
(``*_all``). The resamples come from `framing.stats.resampling.bootstrap_mean`,
seeded per (outlet, actor, set) from the study seed by `stable_seed`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import polars as pl

from framing.features.actors.mentions import sentence_mentions
from framing.stats.resampling import bootstrap_mean, stable_seed

if TYPE_CHECKING:
    from framing.corpus import Batch
    from framing.features.actors.gazetteer import Gazetteer
    from framing.features.base import Context

# The sentence-level VADER compound of the sentiment family.
COMPOUND = "sentiment__compound"
TONE_SCHEMA = {
    "outlet": pl.String,
    "actor": pl.String,
    "n_exclusive": pl.Int64,
    "mean_compound": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
    "mean_compound_all": pl.Float64,
    "ci_low_all": pl.Float64,
    "ci_high_all": pl.Float64,
}


def _compounds(corpus: Batch, ctx: Context) -> pl.Series:
    """Each sentence's compound, or null when the sentiment family gave none."""
    sentiment = ctx.upstream.get("sentiment")
    frame = sentiment.sentences if sentiment is not None else pl.DataFrame()
    if COMPOUND in frame.columns and frame.height == corpus.sentences.height:
        return frame[COMPOUND].cast(pl.Float64).fill_nan(None)
    return pl.Series(COMPOUND, [None] * corpus.sentences.height, dtype=pl.Float64)


def sentiment_table(corpus: Batch, ctx: Context, gazetteer: Gazetteer) -> pl.DataFrame:
    """Per (outlet, actor): mean compound with bootstrap CI, exclusive and all sentences."""
    import numpy as np

    compound = _compounds(corpus, ctx)
    body = sentence_mentions(corpus.sentences, gazetteer).filter(~pl.col("is_headline"))
    # Resampling order must not depend on chunking: sort before drawing.
    body = body.with_columns(compound.gather(body["row"]).alias(COMPOUND)).sort(
        "outlet", "actor", "article_id", "sentence"
    )
    rows: list[dict[str, Any]] = []
    resamples = ctx.study.stats.bootstrap
    for (outlet, actor), group in body.group_by("outlet", "actor", maintain_order=True):
        row: dict[str, Any] = {"outlet": outlet, "actor": actor}
        for suffix, subset in (("", group.filter(pl.col("exclusive"))), ("_all", group)):
            values = subset[COMPOUND].drop_nulls().to_numpy().astype(np.float64)
            seed = stable_seed(
                ctx.study.study.seed, str(outlet), str(actor), suffix or "_exclusive"
            )
            mean, low, high = bootstrap_mean(values, resamples=resamples, seed=seed)
            row |= {
                f"mean_compound{suffix}": mean,
                f"ci_low{suffix}": low,
                f"ci_high{suffix}": high,
            }
        row["n_exclusive"] = int(group["exclusive"].sum())
        rows.append(row)
    return pl.DataFrame(rows, schema=TONE_SCHEMA)
