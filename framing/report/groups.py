"""The "Groups of outlets" section: per ``[stats] group_by`` key, one dot plot per
headline feature (each group's mean of outlet means with its two-stage bootstrap
interval, ``group_stats.csv``), which outlets form each group, and the group
comparisons of the headline features (``group_comparisons.csv``).

One dot per group, so the plots stay readable with many outlets; the outlets of
each group are listed in a collapsed block.
"""

from __future__ import annotations

import polars as pl

from framing.report.figures import Figures, dot_plot
from framing.report.headlines import headlines
from framing.report.html import escape, format_cell, missing, table, why_unusable

STATS_COLUMNS = ("group_by", "group", "feature", "n_outlets", "n_articles", "mean", "ci_low")
COMPARISON_COLUMNS = (
    "group", "versus", "feature", "n_outlets", "n_outlets_versus", "difference",
    "effect_size", "p_value", "q_value", "min_p_value", "exact",
)  # fmt: skip


def groups_section(figures: Figures, tables: dict[str, pl.DataFrame]) -> str:
    """Every group_by key of the run: membership, dot plots, comparisons."""
    why = why_unusable(tables, "group_stats", STATS_COLUMNS)
    if why:
        return missing(
            why + " Set [stats] group_by to an outlet meta key (docs/stats.md) to compare groups."
        )
    stats = tables["group_stats"]
    parts = [
        "<p>Each group's value is the mean of its outlets' means (every outlet counts once); "
        "bars are 95% two-stage bootstrap intervals (outlets, then articles within them). "
        "A group of one outlet has no interval; a group of two has a wide one "
        "(docs/stats.md).</p>"
    ]
    for key in stats["group_by"].unique(maintain_order=True).to_list():
        parts.append(_key_part(figures, tables, stats.filter(pl.col("group_by") == key), key))
    return "".join(parts)


def _key_part(
    figures: Figures, tables: dict[str, pl.DataFrame], stats: pl.DataFrame, key: str
) -> str:
    parts = [f"<h3>Outlets grouped by <code>{escape(key)}</code></h3>", _members(tables, key)]
    plots = []
    for headline in headlines():
        rows = stats.filter(pl.col("feature") == headline.column).sort("group")
        if not rows.height:
            continue
        records = [
            {
                "outlet": f"{r['group']} · {r['n_outlets']} outlet{'s' if r['n_outlets'] != 1 else ''}",
                "n": r["n_articles"], "mean": r["mean"], "ci_low": r["ci_low"],
                "ci_high": r["ci_high"],
            }
            for r in rows.iter_rows(named=True)
        ]  # fmt: skip
        figure = dot_plot(figures, records, feature=headline.column, title=headline.title)
        caption = (
            f"{headline.title} by {key} ({headline.column}): {headline.direction}. Dots: mean "
            "of the group's outlet means; bars: 95% two-stage bootstrap interval; n = articles."
        )
        plots.append(
            "<div>" + figures.figure(figure, caption, label=f"{key}-{headline.column}") + "</div>"
        )
    parts.append("<div class='grid'>" + "".join(plots) + "</div>")
    parts.append(_comparisons(tables, key, [h.column for h in headlines()]))
    return "".join(parts)


def _members(tables: dict[str, pl.DataFrame], key: str) -> str:
    """Which outlets form each group (from outlets.csv's meta column), collapsed."""
    outlets = tables.get("outlets")
    if outlets is None or key not in outlets.columns:
        return ""
    groups = (
        outlets.select("outlet", pl.col(key).cast(pl.String))
        .group_by(key)
        .agg(pl.col("outlet").sort())
        .sort(key, nulls_last=True)
    )
    items = "".join(
        f"<li><b>{escape(group if group is not None else '(no value: left out)')}</b> "
        f"({len(members)}): {escape(', '.join(members))}</li>"
        for group, members in groups.iter_rows()
    )
    return (
        f"<details class='evidence'><summary>Outlets per group</summary><ul>{items}</ul></details>"
    )


def _comparisons(tables: dict[str, pl.DataFrame], key: str, features: list[str]) -> str:
    why = why_unusable(tables, "group_comparisons", ("group_by", "p_value"))
    head = f"<h4>Group comparisons of the headline features ({escape(key)})</h4>"
    if why:
        return head + missing(why)
    rows = (
        tables["group_comparisons"]
        .filter((pl.col("group_by") == key) & pl.col("feature").is_in(features))
        .sort("feature", "group", "versus")
    )
    if not rows.height:
        return head + missing("No group comparison for the headline features.")
    smallest = rows["min_p_value"].cast(pl.Float64).fill_nan(None).drop_nulls()
    floor = (
        f" With these outlets no p-value can fall below {format_cell(smallest.min())}."
        if smallest.len()
        else ""
    )
    return (
        head + "<p>Each group against the other outlets (<code>rest</code>) or another group: "
        "difference of the means of outlet means, Cohen's d over outlet means, and a p-value "
        "from permuting whole outlets between the two sides (every assignment counted when "
        f"there are few: <code>exact</code>).{escape(floor)}</p>"
        + "<div class='wide'>"
        + table(rows, COMPARISON_COLUMNS)
        + "</div>"
    )
