"""The "Outlets over time" section (``period_stats.csv``, with ``[stats] period``).

One figure per headline feature, one small panel per outlet (five to a row, sharing
both axes, so 30 outlets make six rows of panels that read at a glance): a dot per
period with its 95% bootstrap interval, and a grey tick on the axis where a period
has no article, so an empty week is visibly empty rather than interpolated.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from framing.report.figures import DOT_COLOUR, Figures
from framing.report.headlines import headlines
from framing.report.html import escape, is_finite, missing, why_unusable

COLUMNS = ("outlet", "period", "feature", "n", "mean", "ci_low", "ci_high")
PANELS_PER_ROW = 5
# Outlets drawn per figure (the page stays small); the rest are in period_stats.csv.
MAX_PANELS = 40


def periods_section(figures: Figures, tables: dict[str, pl.DataFrame]) -> str:
    why = why_unusable(tables, "period_stats", COLUMNS)
    if why:
        return missing(why + " Give articles dates and set [stats] period (docs/stats.md).")
    stats = tables["period_stats"].with_columns(pl.col("period").cast(pl.String))
    periods = stats["period"].unique().sort().to_list()
    n_outlets = stats["outlet"].n_unique()
    parts = [
        f"<p>Per outlet and period ({escape(periods[0])} to {escape(periods[-1])}, "
        f"{len(periods)} periods): the mean over the outlet's articles of that period, with a "
        "95% bootstrap interval over those articles; a grey tick marks a period without "
        "articles. Articles without a date are left out (manifest: undated_articles).</p>"
    ]
    if n_outlets > MAX_PANELS:
        parts.append(
            missing(
                f"The figures show the first {MAX_PANELS} of {n_outlets} outlets (by id); "
                "period_stats.csv has them all."
            )
        )
    plots = []
    for headline in headlines():
        rows = stats.filter(pl.col("feature") == headline.column)
        if not rows.height:
            continue
        figure = _panels(figures, rows, periods, headline.title)
        caption = (
            f"{headline.title} ({headline.column}) per period: {headline.direction}. Dots: "
            "period mean; bars: 95% interval (none for a single article); n per outlet: "
            + "; ".join(
                f"{o} {n}"
                for o, n in rows.group_by("outlet")
                .agg(pl.col("n").sum())
                .sort("outlet")
                .iter_rows()
            )
            + "."
        )
        plots.append(figures.figure(figure, caption, label=f"period-{headline.column}"))
    if not plots:
        return "".join(parts) + missing("period_stats.csv has no headline feature.")
    return "".join(parts) + "".join(plots)


def _panels(figures: Figures, rows: pl.DataFrame, periods: list[str], title: str) -> Any:
    outlets = rows["outlet"].unique().sort().to_list()[:MAX_PANELS]
    columns = min(PANELS_PER_ROW, len(outlets))
    lines = -(-len(outlets) // columns)
    figure = figures.new(2.3 * columns, 0.6 + 1.45 * lines)
    axes = figure.subplots(lines, columns, sharex=True, sharey=True, squeeze=False)
    position = {p: i for i, p in enumerate(periods)}
    for index, ax in enumerate(axes.flat):
        if index >= len(outlets):
            ax.set_visible(False)
            continue
        outlet = outlets[index]
        mine = rows.filter(pl.col("outlet") == outlet).sort("period").to_dicts()
        _panel(ax, mine, position)
        ax.set_title(outlet, loc="left", fontsize=8, fontweight="normal")
    ticks = _tick_positions(len(periods))
    for ax in axes[-1]:
        ax.set_xticks(
            ticks, labels=[periods[i] for i in ticks], rotation=45, fontsize=7, ha="right"
        )
    figure.suptitle(title, x=0.01, ha="left", fontsize=10, fontweight="bold")
    return figure


def _panel(ax: Any, rows: list[dict[str, Any]], position: dict[str, int]) -> None:
    """One outlet: dots and interval bars (one artist each), ticks for empty periods."""
    from matplotlib.ticker import MaxNLocator

    dots = [(position[r["period"]], r["mean"]) for r in rows if r["n"] and is_finite(r["mean"])]
    bars = [
        (position[r["period"]], r["ci_low"], r["ci_high"])
        for r in rows
        if r["n"] and is_finite(r["ci_low"]) and is_finite(r["ci_high"])
    ]
    empty = [position[r["period"]] for r in rows if not r["n"]]
    if bars:
        x, low, high = zip(*bars, strict=True)
        ax.vlines(x, low, high, color=DOT_COLOUR, linewidth=1.6, alpha=0.55)
    if dots:
        x, y = zip(*dots, strict=True)
        ax.plot(x, y, "o", color=DOT_COLOUR, markersize=3.5, linestyle="none")
    if empty:
        ax.plot(
            empty, [0.06] * len(empty), marker="|", markersize=7, color="#9a9a9a",
            linestyle="none", transform=ax.get_xaxis_transform(),
        )  # fmt: skip
    # Three y ticks, no grid, ticks only on the outer panels: 30 panels × 4 figures
    # stay a few hundred kB of SVG.
    ax.yaxis.set_major_locator(MaxNLocator(3))
    ax.tick_params(labelsize=7, bottom=ax.get_subplotspec().is_last_row(),
                   left=ax.get_subplotspec().is_first_col())  # fmt: skip


def _tick_positions(count: int, most: int = 8) -> list[int]:
    """At most `most` evenly spaced tick positions, the first and last included."""
    if count <= most:
        return list(range(count))
    step = -(-(count - 1) // (most - 1))
    return sorted({*range(0, count - 1, step), count - 1})
