"""Corpus-wide tables of the actors family: ``actors`` (outlet × actor),
``actor_tone_evidence``, ``actor_verbs`` and ``shared_passages``, from the merged
partial aggregates of `partials` (features/base.py: ``partial``, ``merge``,
``summarise``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from framing.features.actors.mentions import study_gazetteer
from framing.features.actors.partials import OUTLETS_SCHEMA, merge, partial
from framing.features.actors.tone import SENTENCE_COMPOUND_SCHEMA, sentiment_table
from framing.features.actors.tone_summary import (
    CANDIDATE_SCHEMA,
    OUTLET_TONE_SCHEMA,
    outlet_tones_from_units,
    ranked_evidence,
)
from framing.features.actors.verbs import VERBS_SCHEMA
from framing.stats.resampling import series_ratio

if TYPE_CHECKING:
    from framing.features.actors import ActorsOptions
    from framing.features.base import Context

__all__ = ["ACTORS_SCHEMA", "merge", "partial", "summarise"]

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
ARTICLE_ACTOR_SCHEMA = {
    "outlet": pl.String,
    "article_id": pl.String,
    "actor": pl.String,
    "mentions": pl.Int64,
    "headline_mentions": pl.Int64,
    "first_position": pl.Float64,
    "sentences": pl.Int64,
    "tone_sum": pl.Float64,
    "tone_mentions": pl.Int64,
    "tone_negative": pl.Int64,
    "tone_neutral": pl.Int64,
    "tone_positive": pl.Int64,
}
SENTENCE_ACTOR_SCHEMA = {
    **SENTENCE_COMPOUND_SCHEMA,
    "tone_sum": pl.Float64,
    "tone_mentions": pl.Int64,
}


def summarise(partials: dict[str, pl.DataFrame], ctx: Context) -> dict[str, pl.DataFrame]:
    """``actors`` (outlet × actor), ``actor_tone_evidence``, ``actor_verbs`` and
    ``shared_passages`` from the merged partials (`partials`); ``ctx.texts`` is read
    only to verify candidate shared passages."""
    verbs = _partial(partials, "verb_counts", VERBS_SCHEMA)
    return {
        "actors": actor_table(partials, ctx),
        "actor_tone_evidence": ranked_evidence(
            _partial(partials, "tone_evidence", CANDIDATE_SCHEMA)
        ),
        "actor_verbs": verbs.select(list(VERBS_SCHEMA)).sort(
            "outlet", "actor", "verb", "verb_class"
        ),
        "shared_passages": _shared_passages(partials, ctx),
    }


def actor_table(partials: dict[str, pl.DataFrame], ctx: Context) -> pl.DataFrame:
    """``actors``: every outlet × study actor, mentioned or not (counts 0, tone NaN)."""
    outlets = _partial(partials, "outlets", OUTLETS_SCHEMA)
    articles = _partial(partials, "article_actors", ARTICLE_ACTOR_SCHEMA)
    sentences = _partial(partials, "sentence_actors", SENTENCE_ACTOR_SCHEMA)
    actors = list(study_gazetteer(ctx.study.actors).actors)
    grid = (
        outlets.select("outlet")
        .sort("outlet")
        .join(pl.DataFrame({"actor": actors}, schema={"actor": pl.String}), how="cross")
    )
    # Rows in corpus order (outlet, article_id), in one memory chunk, as the whole
    # corpus's actor_mentions gave them: polars adds the float first positions in row
    # order, so the sum is the same bits whatever chunks the rows came from.
    counts = (
        articles.sort("outlet", "article_id", "actor")
        .rechunk()
        .group_by("outlet", "actor")
        .agg(
            pl.col("mentions").sum(),
            pl.col("headline_mentions").sum(),
            pl.col("first_position").fill_nan(None).sum().alias("_position_sum"),
            pl.col("first_position").fill_nan(None).count().alias("_position_n"),
            pl.col("sentences").sum(),
            (pl.col("mentions") > 0).sum().cast(pl.Int64).alias("articles"),
        )
    )
    table = (
        grid.join(counts, on=["outlet", "actor"], how="left")
        .join(outlets.select("outlet", "body_sentences"), on="outlet", how="left")
        .join(_sentiment(sentences, ctx), on=["outlet", "actor"], how="left")
        .join(_mention_tone(articles, sentences, outlets, ctx), on=["outlet", "actor"], how="left")
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
            series_ratio(table["sentences"], table["body_sentences"]).alias("share_sentences"),
        )
        .select(list(ACTORS_SCHEMA))
        .cast(ACTORS_SCHEMA)  # type: ignore[arg-type]
        .sort("outlet", "actor")
    )


def _partial(partials: dict[str, pl.DataFrame], name: str, schema: dict) -> pl.DataFrame:
    """A merged partial, or an empty one with its schema when no chunk produced it."""
    frame = partials.get(name, pl.DataFrame())
    return frame if frame.width else pl.DataFrame(schema=schema)


def _sentiment(sentences: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    """actors.csv's VADER columns (`tone.sentiment_table`)."""
    study = ctx.study
    return sentiment_table(sentences, seed=study.study.seed, resamples=study.stats.bootstrap)


def _mention_tone(
    articles: pl.DataFrame, sentences: pl.DataFrame, outlets: pl.DataFrame, ctx: Context
) -> pl.DataFrame:
    """actors.csv's mention-tone columns, from the units of the per-mention table (and
    the number of articles per outlet, which decides what is resampled)."""
    return outlet_tones_from_units(
        articles,
        sentences,
        dict(outlets.select("outlet", "articles").iter_rows()),
        seed=ctx.study.study.seed,
        resamples=ctx.study.stats.bootstrap,
        min_articles=ctx.study.stats.min_articles,
    )


def _shared_passages(partials: dict[str, pl.DataFrame], ctx: Context) -> pl.DataFrame:
    """``shared_passages``: the candidates the chunks' signatures point to, verified on
    the text read back through ``ctx.texts`` (`passages.shared_passages_from`)."""
    from framing.features.actors import passages

    options: ActorsOptions = ctx.options
    signatures = partials.get("passage_signatures")
    if signatures is None:
        return pl.DataFrame(schema=passages.SCHEMA)
    if not isinstance(signatures, pl.DataFrame):  # spilled: scanned, read by columns
        # No bucket on disk when no chunk had a paragraph of passage_min_words words.
        buckets = list(signatures.buckets())
        if not buckets:
            return pl.DataFrame(schema=passages.SCHEMA)
        signatures = pl.concat(buckets, how="vertical_relaxed")
    return passages.shared_passages_from(
        signatures,
        ctx.texts,
        threshold=options.passage_threshold,
        k=options.passage_shingle,
        min_words=options.passage_min_words,
    )
