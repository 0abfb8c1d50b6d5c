"""Corpus-wide tables of the actors family: ``actors`` (outlet × actor),
``actor_tone_evidence``, ``actor_verbs`` and ``shared_passages``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from framing.features.actors.mention_tone import TONE_SCHEMA
from framing.features.actors.mentions import MENTION_SCHEMA, study_gazetteer
from framing.features.actors.passages import shared_passages
from framing.features.actors.tone import sentiment_table
from framing.features.actors.tone_summary import OUTLET_TONE_SCHEMA, outlet_tones, tone_evidence
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
    # Mention tone (tone_summary), from the per-mention table only.
    **{k: v for k, v in OUTLET_TONE_SCHEMA.items() if k not in ("outlet", "actor")},
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


# Mention-tone counts: 0 for an outlet × actor without mentions.
TONE_COUNTS = ("tone_n", "tone_negative", "tone_neutral", "tone_positive")


def summarise(extracted: Extracted, corpus: Batch, ctx: Context) -> dict[str, pl.DataFrame]:
    """``actors`` (outlet × actor), ``actor_tone_evidence``, ``actor_verbs`` and
    ``shared_passages`` tables."""
    options: ActorsOptions = ctx.options
    tones = _table(extracted, "mention_tones", TONE_SCHEMA)
    passages = shared_passages(
        corpus.paragraphs,
        threshold=options.passage_threshold,
        k=options.passage_shingle,
        min_words=options.passage_min_words,
    )
    return {
        "actors": actor_table(extracted, corpus, ctx, study_gazetteer(ctx.study.actors)),
        "actor_tone_evidence": tone_evidence(tones, corpus.sentences),
        "actor_verbs": verb_table(extracted.tables.get("actor_verb_hits", pl.DataFrame())),
        "shared_passages": passages,
    }


def actor_table(
    extracted: Extracted, corpus: Batch, ctx: Context, gazetteer: Gazetteer
) -> pl.DataFrame:
    """``actors``: every outlet × study actor, mentioned or not (counts 0, tone NaN)."""
    mentions = _table(extracted, "actor_mentions", MENTION_SCHEMA)
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
        .join(_mention_tone(extracted, corpus, ctx), on=["outlet", "actor"], how="left")
        .with_columns(
            pl.col(
                "mentions",
                "headline_mentions",
                "sentences",
                "articles",
                "n_exclusive",
                *TONE_COUNTS,
            ).fill_null(0),
            pl.col(*TONE_VALUES, "tone", "tone_ci_low", "tone_ci_high").fill_null(float("nan")),
            pl.col("tone_note").fill_null("not mentioned"),
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


def _table(extracted: Extracted, name: str, schema: dict) -> pl.DataFrame:
    """A per-article table of the family, or an empty one with its schema."""
    frame = extracted.tables.get(name, pl.DataFrame())
    return frame if frame.width else pl.DataFrame(schema=schema)


def _mention_tone(extracted: Extracted, corpus: Batch, ctx: Context) -> pl.DataFrame:
    """actors.csv's mention-tone columns, from the per-mention table alone (and the
    number of articles per outlet, which decides what is resampled)."""
    counts = corpus.articles.group_by("outlet").len()
    return outlet_tones(
        _table(extracted, "mention_tones", TONE_SCHEMA),
        dict(counts.iter_rows()),
        seed=ctx.study.study.seed,
        resamples=ctx.study.stats.bootstrap,
        min_articles=ctx.study.stats.min_articles,
    )
