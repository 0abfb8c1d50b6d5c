"""Per-article work of the actors family: mentions per article and sentence, the tone
toward each mention, and the detail tables ``actor_mentions``, ``mention_tones`` and
``actor_verb_hits`` (definitions: the package docstring and docs/actors.md)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

import polars as pl

from framing.features.actors.mention_tone import ARTICLE_TONE_SCHEMA, article_tones, mention_tones
from framing.features.actors.verbs import verb_hits
from framing.features.base import Context, Extracted
from framing.outputs.tables import KEY
from framing.stats.resampling import series_ratio

if TYPE_CHECKING:
    from framing.corpus import Batch
    from framing.features.actors.gazetteer import Gazetteer

MENTION_SCHEMA = {
    "outlet": pl.String,
    "article_id": pl.String,
    "actor": pl.String,
    "mentions": pl.Int64,
    "headline_mentions": pl.Int64,
    "first_sentence": pl.Int32,
    "first_position": pl.Float64,
    "sentences": pl.Int64,
    "sentences_exclusive": pl.Int64,
    **ARTICLE_TONE_SCHEMA,
}


@lru_cache(maxsize=8)
def study_gazetteer(actors: tuple[Any, ...]) -> Gazetteer:
    """The study's actors compiled for matching (one per distinct actor list)."""
    from framing.features.actors.gazetteer import Gazetteer

    return Gazetteer.from_actors(actors)


def sentence_mentions(sentences: pl.DataFrame, gazetteer: Gazetteer) -> pl.DataFrame:
    """One row per (sentence, actor) mentioned: ``row, outlet, article_id, sentence,
    is_headline, actor, count, exclusive`` (exclusive: no other actor in the sentence)."""
    per_actor = (
        gazetteer.mention_table(sentences)
        .group_by("row", "actor")
        .agg(pl.len().cast(pl.Int64).alias("count"))
    )
    info = sentences.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"), *KEY, "sentence", "is_headline"
    )
    return (
        per_actor.with_columns((pl.len().over("row") == 1).alias("exclusive"))
        .join(info, on="row")
        .select("row", *KEY, "sentence", "is_headline", "actor", "count", "exclusive")
        .sort("row", "actor")
    )


def extract(batch: Batch, ctx: Context) -> Extracted:
    """Per-article mention counts, per-sentence counts, and the actor detail tables."""
    gazetteer = study_gazetteer(ctx.study.actors)
    sentences = batch.sentences
    hits = sentence_mentions(sentences, gazetteer)
    n_body = sentences.filter(~pl.col("is_headline")).group_by(KEY).agg(pl.len().alias("n_body"))
    tones = mention_tones(sentences, hits, gazetteer)
    mentions = _mention_table(hits, n_body, tones)
    return Extracted(
        articles=_article_columns(batch.articles, mentions, hits, n_body),
        sentences=_sentence_columns(hits, sentences.height),
        tables={
            "actor_mentions": mentions,
            "mention_tones": tones,
            "actor_verb_hits": verb_hits(sentences, hits, gazetteer, gap=ctx.options.verb_gap),
        },
    )


def _mention_table(hits: pl.DataFrame, n_body: pl.DataFrame, tones: pl.DataFrame) -> pl.DataFrame:
    """``actor_mentions``: per article and actor mentioned, counts, first position and
    the tone of its mentions."""
    body = pl.col("sentence").filter(~pl.col("is_headline"))
    mentions = (
        hits.group_by(*KEY, "actor")
        .agg(
            pl.col("count").sum().alias("mentions"),
            pl.col("count").filter(pl.col("is_headline")).sum().alias("headline_mentions"),
            body.min().alias("first_sentence"),
            body.len().alias("sentences"),
            pl.col("sentence")
            .filter(~pl.col("is_headline") & pl.col("exclusive"))
            .len()
            .alias("sentences_exclusive"),
        )
        .join(n_body, on=KEY, how="left")
        .join(article_tones(tones), on=[*KEY, "actor"], how="left")
    )
    # (s - 1) / (n - 1), or 0 for a one-sentence body; NaN without a body mention.
    return (
        mentions.with_columns(
            series_ratio(
                mentions["first_sentence"] - 1,
                (mentions["n_body"].cast(pl.Int64) - 1).clip(lower_bound=1),
            ).alias("first_position")
        )
        .select(list(MENTION_SCHEMA))
        .cast(MENTION_SCHEMA)  # type: ignore[arg-type]
        .sort(*KEY, "actor")
    )


def _article_columns(
    articles: pl.DataFrame, mentions: pl.DataFrame, hits: pl.DataFrame, n_body: pl.DataFrame
) -> pl.DataFrame:
    """The family's article-level columns, one row per article in input order."""
    per_article = mentions.group_by(KEY).agg(
        pl.col("mentions").sum().alias("actors__mentions"),
        (pl.col("mentions") > 0).sum().cast(pl.Int64).alias("actors__actors_mentioned"),
        pl.col("headline_mentions").sum().alias("actors__headline_mentions"),
    )
    body_rows = hits.filter(~pl.col("is_headline")).select(*KEY, "sentence").unique()
    covered = body_rows.group_by(KEY).agg(pl.len().alias("_covered"))
    joined = (
        articles.select(KEY)
        .join(per_article, on=KEY, how="left", maintain_order="left")
        .join(n_body, on=KEY, how="left", maintain_order="left")
        .join(covered, on=KEY, how="left", maintain_order="left")
    )
    return joined.select(
        pl.col("actors__mentions").fill_null(0).cast(pl.Int64),
        pl.col("actors__actors_mentioned").fill_null(0).cast(pl.Int64),
        pl.col("actors__headline_mentions").fill_null(0).cast(pl.Int64),
        series_ratio(joined["_covered"].fill_null(0), joined["n_body"]).alias(
            "actors__sentence_share"
        ),
    )


def _sentence_columns(hits: pl.DataFrame, n_sentences: int) -> pl.DataFrame:
    """The family's sentence-level columns, one row per sentence in input order."""
    per_sentence = hits.group_by("row").agg(
        pl.col("count").sum().alias("actors__sentence_mentions"),
        pl.len().cast(pl.Int64).alias("actors__sentence_actors"),
    )
    return (
        pl.DataFrame({"row": pl.arange(0, n_sentences, dtype=pl.UInt32, eager=True)})
        .join(per_sentence, on="row", how="left", maintain_order="left")
        .select(
            pl.col("actors__sentence_mentions", "actors__sentence_actors")
            .fill_null(0)
            .cast(pl.Int64)
        )
    )
