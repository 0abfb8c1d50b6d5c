"""Which sentence-level actors column rebuilds an article-level one (`Counterpart`)."""

from __future__ import annotations

import polars as pl

from framing.features.base import Counterpart

MENTIONS = "actors__sentence_mentions"


def counterparts(present: frozenset[str]) -> list[Counterpart]:
    """The share of body sentences that mention an actor."""
    if MENTIONS not in present:
        return []
    mentioned = (pl.col(MENTIONS).fill_null(0) > 0).cast(pl.Float64)
    basis = "share of body sentences with an actor mention"
    return [Counterpart("actors__sentence_share", mentioned, None, 1.0, (MENTIONS,), basis)]
