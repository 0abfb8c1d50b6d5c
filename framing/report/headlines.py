"""The "Headline features by outlet" section: one dot plot per headline feature and
the comparisons of those features between outlets.

The headline features are not listed here: each family declares its own
(`Family.headlines`), and the section draws those of every registered family in
order of their `rank`, so a new family's headline appears with no edit here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import polars as pl

from framing.report.evidence import evidence_block
from framing.report.figures import Figures, dot_plot
from framing.report.html import escape, format_cell, is_finite, missing, table, why_unusable

if TYPE_CHECKING:
    from framing.features.base import Column, Headline

STAT_COLUMNS = ("outlet", "feature", "unit", "n", "mean", "ci_low", "ci_high", "note")
COMPARISON_COLUMNS = (
    "outlet",
    "versus",
    "feature",
    "difference",
    "effect_size",
    "p_value",
    "q_value",
)
# Optional comparison columns, shown when some tested row fills them.
COMPARISON_EXTRAS = ("unit", "n", "n_versus", "effect_size_kind", "note")
# Up to this many outlets a caption lists each outlet's n (and those without an
# interval); beyond, the list would bury the caption, and the labels carry n anyway.
CAPTION_OUTLETS = 6


def headlines() -> list[Headline]:
    """Every registered family's headline features, by rank (ties: registry order)."""
    from framing.features import FAMILIES

    declared = [h for family in FAMILIES.values() for h in family.headlines]
    return sorted(declared, key=lambda h: h.rank)


def headline_features() -> dict[str, tuple[str, str]]:
    """Headline feature column -> (short title, direction to read), in drawing order."""
    return {h.column: (h.title, h.direction) for h in headlines()}


def _declared_columns() -> dict[str, Column]:
    """Declared feature columns by name (definition, direction), from the registry."""
    from framing.features import FAMILIES

    return {c.name: c for family in FAMILIES.values() for c in family.columns}


def _outlet_stats(stats: pl.DataFrame, features: list[str]) -> pl.DataFrame:
    """Rows of outlet_stats.csv for `features`, one per outlet × feature.

    The unit may differ between outlets (statistics resample sentences for an outlet
    with few articles); where one outlet has several rows for a feature, articles win.
    """
    stats = stats.with_columns(
        pl.col("unit").cast(pl.String)
        if "unit" in stats.columns
        else pl.lit("article").alias("unit"),
        pl.col("note").cast(pl.String)
        if "note" in stats.columns
        else pl.lit(None, pl.String).alias("note"),
    )
    return (
        stats.filter(pl.col("feature").is_in(features))
        .sort("feature", "outlet", pl.col("unit") != "article", "unit")
        .unique(["feature", "outlet"], keep="first", maintain_order=True)
    )


def _article_means(articles: pl.DataFrame, features: list[str]) -> pl.DataFrame:
    """Plain outlet means of `features` over articles.csv, without intervals."""
    return (
        articles.select("outlet", *features)
        .unpivot(index="outlet", variable_name="feature", value_name="value")
        .with_columns(pl.col("value").cast(pl.Float64).fill_nan(None))
        .group_by("outlet", "feature")
        .agg(pl.col("value").count().alias("n"), pl.col("value").mean().alias("mean"))
        .with_columns(
            pl.lit("article").alias("unit"),
            pl.lit(None, pl.Float64).alias("ci_low"),
            pl.lit(None, pl.Float64).alias("ci_high"),
            pl.lit(None, pl.String).alias("note"),
        )
        .sort("feature", "outlet")
    )


def headline_stats(
    tables: dict[str, pl.DataFrame], features: list[str]
) -> tuple[pl.DataFrame | None, bool]:
    """Per outlet × feature: unit, n, mean, CI, note (`STAT_COLUMNS`); and whether they
    come from outlet_stats.csv (with intervals) rather than plain means of articles."""
    stats = tables.get("outlet_stats")
    if (
        stats is not None
        and stats.height
        and set(STAT_COLUMNS[:-1]) - {"unit"} <= set(stats.columns)
    ):
        chosen = _outlet_stats(stats, features)
        if chosen.height:
            return chosen.select(STAT_COLUMNS), True
    articles = tables.get("articles")
    present = [f for f in features if articles is not None and f in articles.columns]
    if articles is None or not articles.height or not present:
        return None, False
    return _article_means(articles, present).select(STAT_COLUMNS), False


def _units(n: Any, unit: Any) -> str:
    unit = str(unit or "unit")
    return f"{format_cell(n)} {unit if n == 1 else unit + 's'}"


def _interval_text(records: list[dict[str, Any]]) -> str:
    """What the bars are, and which outlets have none (with the statistics' note)."""
    has_ci = [r for r in records if is_finite(r["ci_low"]) and is_finite(r["ci_high"])]
    text = (
        "Dots: outlet value; bars: 95% confidence interval (outlet_stats.csv)."
        if has_ci
        else "Dots: outlet value; no confidence interval is available."
    )
    without = [r for r in records if r not in has_ci and is_finite(r["mean"])]
    notes = sorted({r["note"] for r in without if r["note"]})
    if has_ci and len(without) > CAPTION_OUTLETS:
        text += f" No interval for {len(without)} outlets" + (
            f" ({'; '.join(notes)})." if notes else "."
        )
    elif has_ci and without:
        text += (
            " No interval for "
            + "; ".join(
                f"{r['outlet']}" + (f" ({r['note']})" if r["note"] else "") for r in without
            )
            + "."
        )
    elif notes:
        text += f" No interval: {notes[0]}."
    return text


def _n_text(records: list[dict[str, Any]]) -> str:
    """n per outlet: listed for a few outlets; for more, their range per unit (each
    label of the figure carries its outlet's n)."""
    if len(records) <= CAPTION_OUTLETS:
        ordered = sorted(records, key=lambda r: str(r["outlet"]))
        return (
            "n per outlet: "
            + "; ".join(f"{r['outlet']} {_units(r['n'], r['unit'])}" for r in ordered)
            + "."
        )
    ranges = []
    for unit in sorted({str(r["unit"] or "unit") for r in records}):
        ns = [r["n"] for r in records if str(r["unit"] or "unit") == unit and r["n"] is not None]
        if ns:
            low, high = min(ns), max(ns)
            span = format_cell(low) if low == high else f"{format_cell(low)}–{format_cell(high)}"
            ranges.append(f"{span} {unit}s")
    return f"n per outlet (on each label): {', '.join(ranges)}."


def by_value(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Highest value first, outlets without a value last; ties by outlet id."""

    def key(r: dict[str, Any]) -> tuple[bool, float, str]:
        finite = is_finite(r["mean"])
        return (not finite, -float(r["mean"]) if finite else 0.0, str(r["outlet"]))

    return sorted(records, key=key)


def _headline_figure(
    figures: Figures,
    rows: pl.DataFrame,
    headline: Headline,
    declared: Column | None,
    evidence_table: pl.DataFrame | None = None,
) -> str:
    feature, title, direction = headline.column, headline.title, headline.direction
    if declared is not None and not direction:
        direction = declared.direction
    # Each figure ranks the outlets by its own value: the ranking is what a dot plot
    # is read for; the order differs between figures (docs/report.md).
    records = by_value(rows.sort("outlet").to_dicts())
    figure = dot_plot(figures, records, feature=feature, title=title)
    definition = f" {declared.definition.rstrip('.')}." if declared is not None else ""
    caption = (
        f"{title} per outlet ({feature}): {direction}.{definition} "
        f"Highest value on top. {_interval_text(records)} {_n_text(records)}"
    )
    evidence = evidence_block(
        {"evidence": evidence_table} if evidence_table is not None else {},
        "features",
        what=f"per outlet, the body sentences that pull {feature} up (and down)",
        keys=(f"{feature}:",),
    )
    return "<div>" + figures.figure(figure, caption, label=feature) + evidence + "</div>"


def features_section(figures: Figures, tables: dict[str, pl.DataFrame]) -> str:
    """A dot plot per headline feature (outlet means and 95% intervals), then the
    comparisons of those features between outlets."""
    chosen = headlines()
    features = [h.column for h in chosen]
    stats, has_ci = headline_stats(tables, features)
    if stats is None:
        return missing(
            "None of the headline features ("
            + ", ".join(features)
            + ") was computed in this run (their families are disabled or there are no articles)."
        ) + comparisons(tables, features)
    parts = []
    if not has_ci:
        parts.append(
            missing(
                "outlet_stats.csv is missing or empty, so the plots show plain outlet means "
                "without confidence intervals."
            )
        )
    declared = _declared_columns()
    plots = []
    for headline in chosen:
        rows = stats.filter(pl.col("feature") == headline.column)
        if rows.height and rows["mean"].cast(pl.Float64).fill_nan(None).drop_nulls().len():
            plots.append(
                _headline_figure(
                    figures, rows, headline, declared.get(headline.column), tables.get("evidence")
                )
            )
        elif rows.height:
            plots.append(missing(f"{headline.column}: no outlet has a value (all NaN)."))
    parts.append("<div class='grid'>" + "".join(plots) + "</div>")
    parts.append(comparisons(tables, features))
    return "".join(parts)


def _shown_extras(tested: pl.DataFrame) -> list[str]:
    """The optional columns that some tested row fills (not all null or empty text)."""
    return [
        c
        for c in COMPARISON_EXTRAS
        if c in tested.columns
        and tested[c].null_count() < tested.height
        and not (tested.schema[c] == pl.String and (tested[c].fill_null("") == "").all())
    ]


def _tested_table(tested: pl.DataFrame) -> str:
    extra = _shown_extras(tested)
    columns = [
        *COMPARISON_COLUMNS[:3],
        *[c for c in extra if c != "note"],
        *COMPARISON_COLUMNS[3:],
        *[c for c in extra if c == "note"],
    ]
    return (
        "<p>Each outlet against the rest of the corpus (<code>versus</code> = rest) "
        "or another outlet: difference (outlet − versus), Cohen's d where defined, "
        "permutation p-value and the Benjamini–Hochberg q-value over all features of "
        "that comparison (docs/stats.md). Read q, not p: with many features some "
        "p-values are small by chance.</p>"
        + "<div class='wide'>"
        + table(tested, columns)
        + "</div>"
    )


def _untested_list(untested: pl.DataFrame) -> str:
    """Comparisons without a p-value, grouped by feature and reason."""
    note = pl.col("note") if "note" in untested.columns else pl.lit(None, pl.String)
    reasons = (
        untested.with_columns(note.fill_null("no p-value").alias("why"))
        .group_by("feature", "why")
        .agg(pl.col("outlet").sort())
        .sort("feature", "why")
    )
    items = "".join(
        f"<li><code>{escape(feature)}</code>: {escape(why)} ({escape(', '.join(outlets))})</li>"
        for feature, why, outlets in reasons.iter_rows()
    )
    return f"<p>Not tested:</p><ul>{items}</ul>"


def comparisons(tables: dict[str, pl.DataFrame], features: list[str]) -> str:
    """comparisons.csv's rows of `features`: a table of the tested ones, a list of the
    others with the reason they have no p-value."""
    why = why_unusable(tables, "comparisons", COMPARISON_COLUMNS)
    head = "<h3>Comparisons of the headline features</h3>"
    if why:
        return head + missing(why)
    frame = (
        tables["comparisons"]
        .filter(pl.col("feature").is_in(features))
        .with_columns(pl.col("p_value").cast(pl.Float64).fill_nan(None))
        .sort("feature", "outlet", "versus")
    )
    if not frame.height:
        return head + missing("comparisons.csv has no rows for the headline features.")
    parts = [head]
    tested = frame.filter(pl.col("p_value").is_not_null())
    if tested.height:
        parts.append(_tested_table(tested))
    untested = frame.filter(pl.col("p_value").is_null())
    if untested.height:
        parts.append(_untested_list(untested))
    return "".join(parts)
