"""Which sentence-level sentiment column rebuilds each article-level one
(`Counterpart`): means of the sentence compound, or of its class indicators."""

from __future__ import annotations

import polars as pl

from framing.features.base import Counterpart
from framing.features.sentiment.vader import NEGATIVE_THRESHOLD as NEGATIVE
from framing.features.sentiment.vader import POSITIVE_THRESHOLD as POSITIVE

COMPOUND = "sentiment__compound"


def counterparts(present: frozenset[str]) -> list[Counterpart]:
    """Mean compound and the shares of positive, negative and neutral sentences."""
    if COMPOUND not in present:
        return []
    compound = pl.col(COMPOUND).cast(pl.Float64)
    out = []
    for feature, indicator, text in (
        ("sentiment__mean_compound", compound, COMPOUND),
        ("sentiment__share_positive", compound >= POSITIVE, f"1[{COMPOUND} >= {POSITIVE}]"),
        ("sentiment__share_negative", compound <= NEGATIVE, f"1[{COMPOUND} <= {NEGATIVE}]"),
        (
            "sentiment__share_neutral",
            (compound > NEGATIVE) & (compound < POSITIVE),
            f"1[{NEGATIVE} < {COMPOUND} < {POSITIVE}]",
        ),
    ):
        # A sentence without a score (NaN) is left out, as the article value does.
        num = pl.when(compound.is_nan()).then(None).otherwise(indicator.cast(pl.Float64))
        basis = f"mean of {text} over scored body sentences"
        out.append(Counterpart(feature, num, None, 1.0, (COMPOUND,), basis))
    return out
