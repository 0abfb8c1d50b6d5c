"""Which sentence-level frame flag rebuilds each article-level share (`Counterpart`)."""

from __future__ import annotations

import polars as pl

from framing.features.base import Counterpart


def counterparts(present: frozenset[str]) -> list[Counterpart]:
    """``frames__<id>_share`` = mean of the 0/1 sentence flag ``frames__<id>``."""
    flags = sorted(n for n in present if n.startswith("frames__") and n != "frames__n_frames")
    return [
        Counterpart(
            f"{flag}_share",
            pl.col(flag).cast(pl.Float64),
            None,
            1.0,
            (flag,),
            f"mean of {flag} over body sentences",
        )
        for flag in flags
    ]
