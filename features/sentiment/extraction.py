"""The `sentiment` family's extraction: VADER per sentence and per body, then aggregates.

Every sentence (the headline's included) is scored with VADER, and each article's whole
body text in one call, by `framing.features.sentiment.vader`; the article columns
aggregate the *body* sentences' compounds in polars.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from framing.features.base import Context, Extracted
from framing.features.sentiment.columns import COLUMNS, FAMILY_ARTICLE_ORDER

# Cheap: framing.features.sentiment.vader imports vaderSentiment only when the analyser is first built.
from framing.features.sentiment.vader import NEGATIVE_THRESHOLD as NEGATIVE
from framing.features.sentiment.vader import POSITIVE_THRESHOLD as POSITIVE
from framing.features.sentiment.vader import score_sentences_and_documents

if TYPE_CHECKING:
    from framing.corpus import Batch

KEY = ["outlet", "article_id"]
METRICS = ("compound", "pos", "neg", "neu")


def _float(values: list[float], name: str) -> pl.Series:
    return pl.Series(name, values, dtype=pl.Float64)


def extract(batch: Batch, ctx: Context) -> Extracted:
    """Sentence scores (one row per sentence), article aggregates (one row per article)."""
    sentences = batch.sentences
    scores, doc = score_sentences_and_documents(
        sentences["text"].to_list(), batch.articles["text"].to_list(), _body_parts(batch)
    )
    sentence_frame = pl.DataFrame([_float(scores[m], f"sentiment__{m}") for m in METRICS])
    scored = sentences.select(*KEY, "sentence", "is_headline").with_columns(
        _float(scores["compound"], "compound").fill_nan(None)
    )
    headline = (
        scored.filter(pl.col("is_headline"))
        .group_by(KEY)
        .agg(pl.col("compound").first().alias("sentiment__headline_compound"))
    )
    articles = (
        batch.articles.select(KEY)
        .join(_body_aggregates(scored), on=KEY, how="left", maintain_order="left")
        .join(headline, on=KEY, how="left", maintain_order="left")
        .with_columns(*[_float(doc[m], f"sentiment__doc_{m}") for m in METRICS])
    )
    floats = [c.name for c in COLUMNS if c.level == "article" and c.numeric]
    articles = articles.select(
        *[pl.col(c).cast(pl.Float64).fill_null(float("nan")) for c in floats],
        pl.col("sentiment__most_negative_sentence"),
    ).select(FAMILY_ARTICLE_ORDER)
    return Extracted(articles=articles, sentences=sentence_frame)


def _body_parts(batch: Batch) -> list[list[int] | None]:
    """Per article (in order), its body sentences' row numbers in ``batch.sentences``, in
    order (None without body sentences), so that VADER can reuse their per-word work for
    the whole-body ``doc_*`` scores (`score_sentences_and_documents`)."""
    body_rows = (
        batch.sentences.select(*KEY, "is_headline")
        .with_row_index("row")
        .filter(~pl.col("is_headline"))
        .group_by(KEY, maintain_order=True)
        .agg("row")
    )
    return (
        batch.articles.select(KEY)
        .join(body_rows, on=KEY, how="left", maintain_order="left")["row"]
        .to_list()
    )


def _body_aggregates(scored: pl.DataFrame) -> pl.DataFrame:
    """Per article with body sentences, the aggregates of their ``compound`` (null where
    a sentence has no token): mean, median, shares by the VADER cut-offs, minimum and
    the number of the sentence holding it."""
    compound = pl.col("compound")
    n_scored = compound.count()
    return (
        scored.filter(~pl.col("is_headline"))
        .group_by(KEY)
        .agg(
            compound.mean().alias("sentiment__mean_compound"),
            compound.median().alias("sentiment__median_compound"),
            ((compound >= POSITIVE).sum() / n_scored).alias("sentiment__share_positive"),
            ((compound <= NEGATIVE).sum() / n_scored).alias("sentiment__share_negative"),
            (((compound > NEGATIVE) & (compound < POSITIVE)).sum() / n_scored).alias(
                "sentiment__share_neutral"
            ),
            compound.min().alias("sentiment__min_compound"),
            # Ties go to the earliest sentence.
            pl.col("sentence")
            .filter(compound == compound.min())
            .min()
            .cast(pl.Int32)
            .alias("sentiment__most_negative_sentence"),
        )
    )
