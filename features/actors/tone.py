"""Tone toward each actor: the mean VADER compound of the body sentences that mention
it, with a 95% percentile bootstrap interval (docs/actors.md).

Two sets per outlet and actor: the sentences that mention this actor and no other
(``mean_compound``, ``ci_low``, ``ci_high``) and every sentence that mentions it
(``*_all``). The resamples come from `framing.stats.resampling.bootstrap_mean`,
seeded per (outlet, actor, set) from the study seed by `stable_seed`.

Streamed (features/base.py): per chunk, `sentence_compounds` keeps one compact row per
(sentence, actor) mentioned — its keys, whether the sentence names no other actor,
and its compound — never the text; `sentiment_table` reads the merged rows. The
bootstrap resamples sentences, so it needs each sentence's value, not a sum.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import polars as pl

from framing.outputs.tables import KEY
from framing.stats.resampling import bootstrap_mean, stable_seed

if TYPE_CHECKING:
    from framing.corpus import Batch
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
# Per (sentence, actor) mentioned, from one chunk: what `sentiment_table` resamples.
SENTENCE_COMPOUND_SCHEMA = {
    "outlet": pl.String,
    "article_id": pl.String,
    "sentence": pl.Int32,
    "actor": pl.String,
    "is_headline": pl.Boolean,
    # No other actor is mentioned in the sentence.
    "exclusive": pl.Boolean,
    # Null when the sentiment family gave none.
    COMPOUND: pl.Float64,
}


def _compounds(batch: Batch, ctx: Context) -> pl.Series:
    """Each sentence's compound, or null when the sentiment family gave none."""
    sentiment = ctx.upstream.get("sentiment")
    frame = sentiment.sentences if sentiment is not None else pl.DataFrame()
    if COMPOUND in frame.columns and frame.height == batch.sentences.height:
        return frame[COMPOUND].cast(pl.Float64).fill_nan(None)
    return pl.Series(COMPOUND, [None] * batch.sentences.height, dtype=pl.Float64)


def sentence_compounds(tones: pl.DataFrame, batch: Batch, ctx: Context) -> pl.DataFrame:
    """`SENTENCE_COMPOUND_SCHEMA` rows of one chunk: every (sentence, actor) that the
    chunk's ``mention_tones`` lists (the gazetteer's mentions, headline included), with
    the sentence's compound from the sentiment family (``ctx.upstream``)."""
    pairs = tones.select(*KEY, "sentence", "actor").unique()
    actors_per_sentence = pl.col("actor").count().over(*KEY, "sentence")
    info = batch.sentences.select(*KEY, "sentence", "is_headline").with_columns(
        _compounds(batch, ctx).alias(COMPOUND)
    )
    return (
        pairs.with_columns((actors_per_sentence == 1).alias("exclusive"))
        .join(info, on=[*KEY, "sentence"], how="left")
        .select(list(SENTENCE_COMPOUND_SCHEMA))
        .cast(SENTENCE_COMPOUND_SCHEMA)  # type: ignore[arg-type]
    )


def sentiment_table(rows: pl.DataFrame, *, seed: int, resamples: int) -> pl.DataFrame:
    """Per (outlet, actor): mean compound with bootstrap CI, exclusive and all body
    sentences, from `sentence_compounds` rows of any number of chunks, in any order."""
    import numpy as np

    # Resampling order must not depend on chunking: sort before drawing.
    body = rows.filter(~pl.col("is_headline")).sort("outlet", "actor", "article_id", "sentence")
    out: list[dict[str, Any]] = []
    for (outlet, actor), group in body.group_by("outlet", "actor", maintain_order=True):
        row: dict[str, Any] = {"outlet": outlet, "actor": actor}
        for suffix, subset in (("", group.filter(pl.col("exclusive"))), ("_all", group)):
            values = subset[COMPOUND].drop_nulls().to_numpy().astype(np.float64)
            stream_seed = stable_seed(seed, str(outlet), str(actor), suffix or "_exclusive")
            mean, low, high = bootstrap_mean(values, resamples=resamples, seed=stream_seed)
            row |= {
                f"mean_compound{suffix}": mean,
                f"ci_low{suffix}": low,
                f"ci_high{suffix}": high,
            }
        row["n_exclusive"] = int(group["exclusive"].sum())
        out.append(row)
    return pl.DataFrame(out, schema=TONE_SCHEMA)
