"""Corpus-wide tables of the actors family: ``actors`` (outlet × actor),
``actor_verbs`` and ``shared_passages``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from framing.features.actors.mentions import MENTION_SCHEMA, study_gazetteer
from framing.features.actors.passages import shared_passages
from framing.features.actors.tone import sentiment_table
from framing.features.actors.verbs import verb_table
from framing.features.base import Context, Extracted
from framing.stats.resampling import series_ratio

if TYPE_CHECKING:
    from framing.corpus import Batch
    from framing.features.actors import ActorsOptions
    from framing.features.actors.gazetteer import Gazetteer

ACTORS_SCHEMA = {
    "outlet": pl.String,
    "actor": pl.String,
    "mentions": pl.Int64,
    "headline_mentions": pl.Int64,
    "first_mention_position": pl.Float64,
    "sentences": pl.Int64,
    "mean_compound": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
    "share_sentences": pl.Float64,
    "articles": pl.Int64,
    "n_exclusive": pl.Int64,
    "mean_compound_all": pl.Float64,
    "ci_low_all": pl.Float64,
    "ci_high_all": pl.Float64,
}
# The tone columns an outlet × actor without any body-sentence mention has as NaN.
TONE_VALUES = (
    "mean_compound",
    "ci_low",
    "ci_high",
    "mean_compound_all",
    "ci_low_all",
    "ci_high_all",
)


def summarise(extracted: Extracted, corpus: Batch, ctx: Context) -> dict[str, pl.DataFrame]:
    """``actors`` (outlet × actor), ``actor_verbs`` and ``shared_passages`` tables."""
    options: ActorsOptions = ctx.options
    passages = shared_passages(
        corpus.paragraphs,
        threshold=options.passage_threshold,
        k=options.passage_shingle,
        min_words=options.passage_min_words,
    )
    return {
        "actors": actor_table(extracted, corpus, ctx, study_gazetteer(ctx.study.actors)),
        "actor_verbs": verb_table(extracted.tables.get("actor_verb_hits", pl.DataFrame())),
        "shared_passages": passages,
    }


def actor_table(
    extracted: Extracted, corpus: Batch, ctx: Context, gazetteer: Gazetteer
) -> pl.DataFrame:
    """``actors``: every outlet × study actor, mentioned or not (counts 0, tone NaN)."""
    mentions = extracted.tables.get("actor_mentions", pl.DataFrame(schema=MENTION_SCHEMA))
    if not mentions.width:
        mentions = pl.DataFrame(schema=MENTION_SCHEMA)
    body_sentences = (
        corpus.sentences.filter(~pl.col("is_headline"))
        .group_by("outlet")
        .agg(pl.len().alias("_n_body"))
    )
    grid = pl.DataFrame({"outlet": corpus.articles["outlet"].unique().sort()}).join(
        pl.DataFrame({"actor": list(gazetteer.actors)}, schema={"actor": pl.String}), how="cross"
    )
    counts = mentions.group_by("outlet", "actor").agg(
        pl.col("mentions").sum(),
        pl.col("headline_mentions").sum(),
        pl.col("first_position").fill_nan(None).sum().alias("_position_sum"),
        pl.col("first_position").fill_nan(None).count().alias("_position_n"),
        pl.col("sentences").sum(),
        (pl.col("mentions") > 0).sum().cast(pl.Int64).alias("articles"),
    )
    table = (
        grid.join(counts, on=["outlet", "actor"], how="left")
        .join(body_sentences, on="outlet", how="left")
        .join(sentiment_table(corpus, ctx, gazetteer), on=["outlet", "actor"], how="left")
        .with_columns(
            pl.col(
                "mentions", "headline_mentions", "sentences", "articles", "n_exclusive"
            ).fill_null(0),
            pl.col(*TONE_VALUES).fill_null(float("nan")),
        )
    )
    return (
        table.with_columns(
            series_ratio(table["_position_sum"], table["_position_n"]).alias(
                "first_mention_position"
            ),
            series_ratio(table["sentences"], table["_n_body"]).alias("share_sentences"),
        )
        .select(list(ACTORS_SCHEMA))
        .cast(ACTORS_SCHEMA)  # type: ignore[arg-type]
        .sort("outlet", "actor")
    )
