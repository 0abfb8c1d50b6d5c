"""`sentiment` feature family: VADER per sentence, aggregated per article, and per document.

Every sentence (the headline's included) is scored with VADER (Hutto & Gilbert 2014),
exactly as vaderSentiment 3.3.2 scores it, after typographic quotes are mapped to ASCII
(see `framing.features.sentiment.vader`). Article columns aggregate the *body* sentences; the headline has
its own column. The ``doc_*`` columns score the whole body text (``articles.text``, the
body paragraphs joined by blank lines, headline excluded) in one call, as
vaderSentiment would: on long texts the compound saturates towards ±1, so prefer
``mean_compound`` for comparisons (docs/sentiment.md).

An empty text (no token) scores NaN, not vaderSentiment's all-zero result; an article
with no body sentence has NaN aggregates and a null ``most_negative_sentence``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from framing.features.base import Column, Context, Extracted, Family
from framing.features.sentiment.counterparts import counterparts

# Cheap: framing.features.sentiment.vader imports vaderSentiment only when the analyser is first built.
from framing.features.sentiment.vader import NEGATIVE_THRESHOLD as NEGATIVE
from framing.features.sentiment.vader import POSITIVE_THRESHOLD as POSITIVE
from framing.features.sentiment.vader import score_sentences_and_documents

if TYPE_CHECKING:
    from framing.corpus.sources import Batch

KEY = ["outlet", "article_id"]
VADER = "Hutto & Gilbert (2014), VADER, ICWSM-14; vaderSentiment 3.3.2"
COMPOUND = "x / sqrt(x² + 15), x = sum of rule-adjusted lexicon valences plus ! and ? emphasis"


def _float(values: list[float], name: str) -> pl.Series:
    return pl.Series(name, values, dtype=pl.Float64)


def extract(batch: Batch, ctx: Context) -> Extracted:
    """Sentence scores (one row per sentence), article aggregates (one row per article)."""
    sentences = batch.sentences
    # Each article's body sentences (row numbers, in order), so that VADER can reuse their
    # per-word work for the whole-body ``doc_*`` scores (see `framing.features.sentiment.vader`).
    body_rows = (
        sentences.select(*KEY, "is_headline")
        .with_row_index("row")
        .filter(~pl.col("is_headline"))
        .group_by(KEY, maintain_order=True)
        .agg("row")
    )
    parts = (
        batch.articles.select(KEY)
        .join(body_rows, on=KEY, how="left", maintain_order="left")["row"]
        .to_list()
    )
    scores, doc = score_sentences_and_documents(
        sentences["text"].to_list(), batch.articles["text"].to_list(), parts
    )
    sentence_frame = pl.DataFrame(
        [_float(scores[m], f"sentiment__{m}") for m in ("compound", "pos", "neg", "neu")]
    )

    compound = pl.col("compound")
    scored = sentences.select(*KEY, "sentence", "is_headline").with_columns(
        _float(scores["compound"], "compound").fill_nan(None)
    )
    n_scored = compound.count()
    body = (
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
    headline = (
        scored.filter(pl.col("is_headline"))
        .group_by(KEY)
        .agg(compound.first().alias("sentiment__headline_compound"))
    )
    articles = (
        batch.articles.select(KEY)
        .join(body, on=KEY, how="left", maintain_order="left")
        .join(headline, on=KEY, how="left", maintain_order="left")
        .with_columns(
            *[_float(doc[m], f"sentiment__doc_{m}") for m in ("compound", "pos", "neg", "neu")]
        )
    )
    floats = [c.name for c in COLUMNS if c.level == "article" and c.numeric]
    articles = articles.select(
        *[pl.col(c).cast(pl.Float64).fill_null(float("nan")) for c in floats],
        pl.col("sentiment__most_negative_sentence"),
    ).select(FAMILY_ARTICLE_ORDER)
    return Extracted(articles=articles, sentences=sentence_frame)


def _sentence(metric: str, definition: str, rng: tuple[float, float], direction: str) -> Column:
    return Column(f"sentiment__{metric}", definition, rng, direction, VADER, level="sentence")


def _article(
    metric: str, definition: str, rng: tuple[float | None, float | None], direction: str, **kw: bool
) -> Column:
    return Column(f"sentiment__{metric}", definition, rng, direction, VADER, **kw)


COLUMNS: tuple[Column, ...] = (
    _sentence("compound", f"VADER compound of the sentence: {COMPOUND}", (-1, 1), "higher = more positive"),
    _sentence("pos", "VADER share of the sentence's sentiment mass that is positive", (0, 1), "higher = more positive"),
    _sentence("neg", "VADER share of the sentence's sentiment mass that is negative", (0, 1), "higher = more negative"),
    _sentence("neu", "VADER share of the sentence's tokens that carry no sentiment", (0, 1), "higher = more neutral"),
    _article("mean_compound", "mean VADER compound of the body sentences (headline excluded); NaN without body sentences", (-1, 1), "higher = more positive"),
    _article("median_compound", "median VADER compound of the body sentences (mean of the two middle ones when even); NaN without body sentences", (-1, 1), "higher = more positive"),
    _article("share_positive", "share of body sentences with compound >= 0.05; NaN without body sentences", (0, 1), "higher = more positive"),
    _article("share_negative", "share of body sentences with compound <= -0.05; NaN without body sentences", (0, 1), "higher = more negative"),
    _article("share_neutral", "share of body sentences with -0.05 < compound < 0.05; NaN without body sentences", (0, 1), "higher = more neutral"),
    _article("min_compound", "VADER compound of the most negative body sentence; NaN without body sentences", (-1, 1), "lower = a more negative low point"),
    _article(
        "most_negative_sentence",
        "number (`sentence` column, 1 = first body sentence) of the body sentence with the lowest compound; earliest on ties; null without body sentences",
        (1, None),
        "an index, not a measure",
        numeric=False,
    ),
    _article("headline_compound", "VADER compound of the headline; NaN when the article has none", (-1, 1), "higher = more positive"),
    _article("doc_compound", f"VADER compound of the whole body text in one call (saturates on long text): {COMPOUND}; NaN when the body is empty", (-1, 1), "higher = more positive"),
    _article("doc_pos", "VADER positive share of the whole body text; NaN when the body is empty", (0, 1), "higher = more positive"),
    _article("doc_neg", "VADER negative share of the whole body text; NaN when the body is empty", (0, 1), "higher = more negative"),
    _article("doc_neu", "VADER neutral share of the whole body text; NaN when the body is empty", (0, 1), "higher = more neutral"),
)  # fmt: skip
FAMILY_ARTICLE_ORDER = [c.name for c in COLUMNS if c.level == "article"]

FAMILY = Family(
    name="sentiment",
    version="1",
    description=(
        "VADER (vaderSentiment 3.3.2, exact, typographic quotes normalised) per sentence, "
        "aggregated per article; and on the whole body text."
    ),
    columns=COLUMNS,
    extract=extract,
    counterparts=counterparts,
    packages=("vaderSentiment",),
)
