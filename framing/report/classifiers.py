"""The section "Can a classifier tell the outlets apart?": each model's cross-validated
macro-F1 beside its chance baseline and permutation p-value, the scores table, and
the confusion matrix of the best model.

A score is never shown without its chance baseline: a row whose ``chance_macro_f1``
is missing shows no score, and a classifiers.csv without that column shows none.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import polars as pl

from framing.report.figures import Figures, heatmap
from framing.report.html import (
    counts_text,
    escape,
    format_cell,
    is_finite,
    missing,
    table,
    why_unusable,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

SCORE_COLUMNS = (
    "model",
    "feature_set",
    "macro_f1",
    "sd",
    "chance_macro_f1",
    "feature_set_p",
    "feature_set_test",
    "permutation_p",
    "permutation_method",
    "accuracy",
    "chance_accuracy",
    "n",
    "n_available",
    "grouping",
    "status",
    "skip_reason",
)
SCORE_FORMATS = {
    "macro_f1": ".3f",
    "sd": ".3f",
    "chance_macro_f1": ".3f",
    "accuracy": ".3f",
    "chance_accuracy": ".3f",
    "permutation_p": ".3f",
    "feature_set_p": ".3f",
}
SCORE_COLOUR = "#56B4E9"
CHANCE_COLOUR = "#D55E00"


def _drawable(frame: pl.DataFrame) -> pl.DataFrame:
    """The rows that ran (status ok or none) with both a score and a chance baseline."""
    ok = frame
    if "status" in frame.columns:
        ok = frame.filter(pl.col("status").is_null() | (pl.col("status") == "ok"))
    ok = ok.with_columns(pl.col("macro_f1", "chance_macro_f1").cast(pl.Float64).fill_nan(None))
    return ok.filter(pl.col("macro_f1").is_not_null() & pl.col("chance_macro_f1").is_not_null())


def _intro(frame: pl.DataFrame) -> str:
    meta = frame.row(0, named=True)
    return (
        "<p>Cross-validated macro-F1 of each model and feature set at telling "
        f"<code>{escape(meta.get('target', 'outlet'))}</code> apart from "
        f"<code>{escape(meta.get('unit', '?'))}</code> units ({format_cell(meta.get('folds'))} "
        f"folds, n = {format_cell(meta.get('n'))}). Read every score beside its chance "
        "baseline (the better of a majority-class and a stratified random guesser on the "
        "same folds) and its permutation p-values: <code>feature_set_p</code> tests whether "
        "the feature set carries any information about the labels (one test per feature "
        "set, <code>feature_set_test</code> names its statistic), <code>permutation_p</code> "
        "is the model's own test where it ran (<code>permutation_method</code>; "
        "docs/models.md). A score near chance means the outlets are not separable.</p>"
    )


def _p_value(row: dict[str, Any]) -> tuple[str, float] | None:
    """The p-value the figure prints: the model's own test where it ran, else the feature
    set's test (every fitted row has one since issue 15; older runs have neither)."""
    for column, label in (("permutation_p", "p"), ("feature_set_p", "p(set)")):
        if is_finite(row.get(column)):
            return label, float(row[column])
    return None


def _notes(frame: pl.DataFrame) -> str:
    """The plan's notes (grouping, sample, vocabulary cap), each once, as a list."""
    notes: list[str] = []
    for column in ("grouping_note", "method_note"):
        if column in frame.columns:
            for note in frame[column].drop_nulls().unique(maintain_order=True).to_list():
                if str(note).strip() and note not in notes:
                    notes.append(str(note))
    if "n_available" in frame.columns and "n" in frame.columns:
        sampled = frame.filter(
            pl.col("n_available").cast(pl.Float64) > pl.col("n").cast(pl.Float64)
        )
        if sampled.height:
            row = sampled.row(0, named=True)
            notes.append(
                f"Fitted on a stratified sample of {format_cell(row['n'])} of "
                f"{format_cell(row['n_available'])} units (columns n and n_available)."
            )
    if not notes:
        return ""
    items = "".join(f"<li>{escape(note)}</li>" for note in notes)
    return f"<p>What the plan did:</p><ul>{items}</ul>"


def _score_table(frame: pl.DataFrame) -> str:
    """Every row of classifiers.csv; a score without its chance baseline is blanked."""
    shown = frame.with_columns(
        pl.when(pl.col("chance_macro_f1").cast(pl.Float64).fill_nan(None).is_null())
        .then(None)
        .otherwise(pl.col("macro_f1"))
        .alias("macro_f1")
    )
    return table(shown, SCORE_COLUMNS, formats=SCORE_FORMATS)


def classifiers_section(figures: Figures, tables: dict[str, pl.DataFrame]) -> str:
    """Scores beside chance (figure and table), then the best model's confusion matrix."""
    why = why_unusable(tables, "classifiers", ["model", "feature_set", "macro_f1"])
    if why:
        return missing(why)
    frame = tables["classifiers"].sort("model", "feature_set")
    if "chance_macro_f1" not in frame.columns:
        return missing(
            "classifiers.csv has no chance_macro_f1 column; scores are not shown without "
            "their chance baseline."
        )
    drawable = _drawable(frame)
    parts = [_intro(frame) + _notes(frame)]
    if drawable.height:
        parts.append(_score_figure(figures, drawable))
    else:
        parts.append(missing("No classifier has both a score and a chance baseline."))
    parts.append(_score_table(frame))
    parts.append(_confusion(figures, tables, drawable))
    return "".join(parts)


def _score_figure(figures: Figures, frame: pl.DataFrame) -> str:
    """Horizontal bars of macro-F1 (± sd), the chance baseline as a tick, p on the right."""
    records = frame.to_dicts()
    labels = [f"{r['model']} · {r['feature_set']}" for r in records]
    ys = list(range(len(records)))[::-1]
    figure = figures.new(6.6, 0.9 + 0.34 * len(records))
    ax = figure.add_subplot()
    scores = [r["macro_f1"] for r in records]
    errors = [r.get("sd") if is_finite(r.get("sd")) else 0.0 for r in records]
    ax.barh(
        ys,
        scores,
        xerr=errors,
        color=SCORE_COLOUR,
        height=0.6,
        error_kw={"linewidth": 0.8},
        label="macro-F1 (± sd over folds)",
    )
    ax.scatter(
        [r["chance_macro_f1"] for r in records],
        ys,
        marker="|",
        s=260,
        color=CHANCE_COLOUR,
        linewidths=2.2,
        zorder=3,
        label="chance baseline",
    )
    for y, r in zip(ys, records, strict=True):
        shown = _p_value(r)
        if shown:
            right = ax.get_yaxis_transform()
            label, p = shown
            ax.text(1.01, y, f"{label}={p:.3f}", va="center", fontsize=7.5, transform=right)
    ax.set_yticks(ys, labels=labels)
    ax.set_xlim(0, 1)
    ax.set_xlabel("macro-F1 (higher = outlets easier to tell apart; 0 to 1)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.19, 1), fontsize=7.5, frameon=False)
    ax.set_title("Classifier scores beside chance", loc="left")
    caption = (
        "Cross-validated macro-F1 (bar, ± sd across folds) of each model × feature set, "
        "with the chance baseline on the same folds (orange tick) and the permutation "
        "p-value (right: p = the model's own test, p(set) = the feature set's): higher = the outlets are easier to tell apart; a bar that does "
        f"not clear its tick is no better than guessing. n = {format_cell(records[0].get('n'))}"
        " units."
    )
    return figures.figure(figure, caption, label="classifiers")


def _best(confusion: pl.DataFrame, scored: pl.DataFrame) -> dict[str, Any] | None:
    """The highest-scoring model × feature set that has a confusion matrix."""
    available = set(confusion.select("model", "feature_set").unique().iter_rows())
    ranked = scored.sort("macro_f1", "model", "feature_set", descending=[True, False, False])
    return next(
        (r for r in ranked.iter_rows(named=True) if (r["model"], r["feature_set"]) in available),
        None,
    )


def _confusion(figures: Figures, tables: dict[str, pl.DataFrame], scored: pl.DataFrame) -> str:
    head = "<h3>Confusion matrix of the best model</h3>"
    why = why_unusable(tables, "confusion", ["model", "feature_set", "true", "predicted", "count"])
    if why:
        return head + missing(why)
    best = _best(tables["confusion"], scored)
    if best is None:
        return head + missing("No scored model has a confusion matrix in confusion.csv.")
    rows = tables["confusion"].filter(
        (pl.col("model") == best["model"]) & (pl.col("feature_set") == best["feature_set"])
    )
    classes = sorted(set(rows["true"].to_list()) | set(rows["predicted"].to_list()))
    counts = {
        (t, p): int(c or 0) for t, p, c in rows.select("true", "predicted", "count").iter_rows()
    }
    totals = {t: sum(counts.get((t, p), 0) for p in classes) for t in classes}
    values = [
        [counts.get((t, p), 0) / totals[t] if totals[t] else math.nan for p in classes]
        for t in classes
    ]
    cells = [[str(counts.get((t, p), 0)) for p in classes] for t in classes]
    figure = heatmap(
        figures,
        values,
        classes,
        classes,
        cmap="Blues",
        vmin=0,
        vmax=1,
        cells=cells,
        colorbar="share of the true class's units",
        title=f"{best['model']} · {best['feature_set']}",
    )
    axes: Axes = figure.axes[0]
    axes.set_xlabel("predicted")
    axes.set_ylabel("true")
    caption = (
        f"Confusion matrix of the highest-scoring model ({best['model']}, feature set "
        f"{best['feature_set']}, macro-F1 {best['macro_f1']:.3f} vs chance "
        f"{best['chance_macro_f1']:.3f}): rows = true class, columns = predicted; numbers = "
        "units, colour = share of the row; a dark diagonal = classes told apart, "
        "off-diagonal cells = which outlets are confused. n = "
        f"{sum(totals.values())} units: " + counts_text((t, totals[t]) for t in classes) + "."
    )
    return head + figures.figure(figure, caption, label="confusion")
