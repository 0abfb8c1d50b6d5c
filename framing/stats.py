"""Per-outlet statistics and outlet comparisons (issue 7 fills this in)."""

from __future__ import annotations

import polars as pl

from framing.config import Study
from framing.features import Family


def outlet_tables(
    study: Study, tables: dict[str, pl.DataFrame], families: list[Family]
) -> tuple[dict[str, pl.DataFrame], list[str]]:
    """`outlet_stats` and `comparisons` tables, and notes; empty until implemented."""
    return {}, []
