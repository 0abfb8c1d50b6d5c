"""The terms family's section of report.html, "Distinguishing terms": per outlet, the
terms most over-represented in it against all the others (highest z-score first).

Reads ``terms.csv``; declared as `SECTION` on the family (`framing.features.terms`,
a single module, so its section lives beside it in this module).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from framing.features.base import ReportSection
from framing.report.html import escape, missing, table, why_unusable

if TYPE_CHECKING:
    from framing.report.figures import Figures

MAX_TERMS = 10


def terms_section(figures: Figures, tables: dict[str, pl.DataFrame]) -> str:
    """A table per outlet of its `MAX_TERMS` terms with z > 0, highest z first."""
    why = why_unusable(tables, "terms", ["outlet", "term", "z_score"])
    if why:
        return missing(why)
    frame = (
        tables["terms"]
        .with_columns(pl.col("z_score").cast(pl.Float64).fill_nan(None))
        .filter(pl.col("z_score") > 0)
        .sort("outlet", "z_score", "term", descending=[False, True, False])
    )
    if not frame.height:
        return missing("terms.csv has no term over-represented in any outlet (z > 0).")
    intro = (
        f"<p>The {MAX_TERMS} terms most over-represented in each outlet against all the "
        "others: weighted log-odds ratio with an informative Dirichlet prior (Monroe, "
        "Colaresi &amp; Quinn 2008); <em>z</em> = log-odds / its standard error, higher = "
        "more distinctive of the outlet (|z| &gt; 1.96 ≈ unlikely by chance for one term). "
        "<em>count</em> = uses in the outlet.</p>"
    )
    blocks = []
    for (outlet,), rows in frame.group_by("outlet", maintain_order=True):
        top = table(
            rows.head(MAX_TERMS),
            ["term", "count", "log_odds", "z_score"],
            formats={"log_odds": ".2f", "z_score": ".2f"},
        )
        blocks.append(f"<div><h3>{escape(outlet)}</h3>{top}</div>")
    return intro + "<div class='grid'>" + "".join(blocks) + "</div>"


SECTION = ReportSection("terms", "Distinguishing terms", terms_section)
