"""A feature family that lives outside the toolkit, for tests/test_report.py: it
declares one headline feature and its own report section, and is added with
`framing.features.register("warmth", "tests.report_family")`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from framing.features.base import Column, Context, Extracted, Family, Headline, ReportSection
from framing.report.html import missing, table, why_unusable

if TYPE_CHECKING:
    from framing.corpus import Batch
    from framing.report.figures import Figures

SCORE = "warmth__score"


def extract(batch: Batch, ctx: Context) -> Extracted:
    """Every article scores 0.5 (the report never calls this)."""
    return Extracted(articles=pl.DataFrame({SCORE: [0.5] * batch.articles.height}))


def warmth_section(figures: Figures, tables: dict[str, pl.DataFrame]) -> str:
    """A bar per outlet of warmth.csv's ``share``, then the table itself."""
    why = why_unusable(tables, "warmth", ["outlet", "share"])
    if why:
        return missing(why)
    frame = tables["warmth"].sort("outlet")
    figure = figures.new(4, 2)
    figure.add_subplot().barh(frame["outlet"].to_list(), frame["share"].to_list())
    caption = "Share of warm sentences per outlet: higher = warmer. n = 5 sentences each."
    return figures.figure(figure, caption, label="warmth") + table(frame, frame.columns)


FAMILY = Family(
    name="warmth",
    version="1",
    description="A test family: how warm each article is.",
    columns=(Column(SCORE, "Share of warm sentences.", (0, 1), "higher = warmer"),),
    extract=extract,
    headlines=(Headline(SCORE, "Warmth", "higher = warmer", rank=25),),
    report=ReportSection("warmth", "Warmth by outlet", warmth_section),
)
