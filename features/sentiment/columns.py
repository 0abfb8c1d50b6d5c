"""The `sentiment` family's columns: what each means, its range and its reference."""

from __future__ import annotations

from framing.features.base import Column

VADER = "Hutto & Gilbert (2014), VADER, ICWSM-14; vaderSentiment 3.3.2"
COMPOUND = "x / sqrt(x² + 15), x = sum of rule-adjusted lexicon valences plus ! and ? emphasis"


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
