"""The sections about the run itself: "Study summary" (what was read: outlets,
articles, notes, cleaning, skipped inputs) and "Provenance" (how: config, inputs,
package and family versions, timings, rows per table)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import polars as pl

from framing.report.html import escape, format_cell, missing, table

# Rows of the folded article list; articles.csv has them all.
MAX_ARTICLES = 300
COUNT_HEADERS = {"n_articles": "articles", "n_sentences": "sentences", "n_words": "words"}
# Manifest mappings listed under Provenance, with their headings.
PROVENANCE_MAPPINGS = (
    ("packages", "Package versions"),
    ("families", "Feature family versions"),
    ("timings_seconds", "Timings (seconds)"),
    ("rows", "Rows per table"),
)
PROVENANCE_KEYS = ("study", "run_id", "status", "config", "config_hash", "command", "cwd")


def _outlet_counts(tables: dict[str, pl.DataFrame]) -> pl.DataFrame | None:
    """Articles, body sentences and words per outlet: outlets.csv, else summed from
    articles.csv; None without either."""
    columns = ["outlet", "n_articles", "n_sentences", "n_words"]
    outlets = tables.get("outlets")
    if outlets is not None and outlets.height and set(columns) <= set(outlets.columns):
        return outlets.select(columns).sort("outlet")
    articles = tables.get("articles")
    if articles is not None and articles.height and {"outlet", "n_words"} <= set(articles.columns):
        return (
            articles.group_by("outlet")
            .agg(
                pl.len().alias("n_articles"),
                *[pl.col(c).sum() for c in ("n_sentences", "n_words") if c in articles.columns],
            )
            .sort("outlet")
        )
    return None


def _notes(manifest: dict[str, Any]) -> list[str]:
    notes = [str(n) for n in manifest.get("notes") or []]
    models = manifest.get("models")
    if isinstance(models, dict):
        notes += [f"models: {n}" for n in models.get("notes") or []]
    return notes


def _article_list(tables: dict[str, pl.DataFrame]) -> str:
    """The articles, folded away (a `<details>` element: no script needed)."""
    articles = tables.get("articles")
    columns = ["outlet", "article_id", "title", "n_words", "n_sentences"]
    if articles is None or not articles.height or "outlet" not in articles.columns:
        return ""
    shown = articles.sort([c for c in ("outlet", "article_id") if c in articles.columns])
    more = ""
    if shown.height > MAX_ARTICLES:
        more = f"<p>First {MAX_ARTICLES} of {shown.height}; all are in articles.csv.</p>"
        shown = shown.head(MAX_ARTICLES)
    return (
        f"<details><summary>The {articles.height} article(s)</summary>{more}"
        + table(shown, columns, headers={"n_words": "words", "n_sentences": "sentences"})
        + "</details>"
    )


def _corpus(tables: dict[str, pl.DataFrame]) -> str:
    """Totals, the per-outlet counts and the article list."""
    counts = _outlet_counts(tables)
    if counts is None:
        return missing("No articles in this run: outlets.csv and articles.csv are empty.")
    total = counts.select(pl.exclude("outlet").sum()).row(0, named=True)
    parts = [
        f"<p>{counts.height} outlet(s), {format_cell(total.get('n_articles'))} article(s), "
        f"{format_cell(total.get('n_sentences'))} body sentence(s), "
        f"{format_cell(total.get('n_words'))} body word(s).</p>",
        table(counts, counts.columns, headers=COUNT_HEADERS),
    ]
    if counts.height == 1:
        parts.append(missing("Only one outlet: there is nothing to compare it with."))
    parts.append(_article_list(tables))
    return "".join(parts)


def _cleaning(manifest: dict[str, Any]) -> str:
    """Lines of page furniture removed, outlet × rule (the manifest's `cleaning`)."""
    cleaning = [c for c in manifest.get("cleaning") or [] if isinstance(c, dict)]
    if not cleaning:
        return "<p>No page furniture was removed (or cleaning was off).</p>"
    frame = pl.DataFrame(
        [
            {
                "outlet": str(c.get("outlet", "")),
                "rule": str(c.get("rule", "")),
                "count": int(c.get("count") or 0),
            }
            for c in cleaning
        ]
    )
    pivot = (
        frame.group_by("outlet", "rule")
        .agg(pl.col("count").sum())
        .sort("rule")
        .pivot(on="rule", index="outlet", values="count")
        .fill_null(0)
        .sort("outlet")
    )
    return "<p>Lines of page furniture removed before analysis, by rule.</p>" + table(
        pivot, pivot.columns, formats={c: "d" for c in pivot.columns}
    )


def _skipped(manifest: dict[str, Any]) -> str:
    skipped = [s for s in manifest.get("skipped") or [] if isinstance(s, dict)]
    if not skipped:
        return "<p>None: every input file was read.</p>"
    items = "".join(
        f"<li><code>{escape(s.get('source'))}</code>: {escape(s.get('reason'))}</li>"
        for s in skipped
    )
    return f"<ul>{items}</ul>"


def summary_section(tables: dict[str, pl.DataFrame], manifest: dict[str, Any]) -> str:
    """Outlets and articles, the run's notes, cleaning and skipped inputs."""
    parts = [_corpus(tables)]
    notes = _notes(manifest)
    if notes:
        items = "".join(f"<li>{escape(n)}</li>" for n in notes)
        parts.append(f"<h3>Notes</h3><div class='note'><ul>{items}</ul></div>")
    parts.append("<h3>Cleaning</h3>" + _cleaning(manifest))
    parts.append("<h3>Skipped inputs</h3>" + _skipped(manifest))
    return "".join(parts)


def _inputs(manifest: dict[str, Any]) -> str:
    """The input files with their sizes and digests."""
    inputs = [i for i in manifest.get("inputs") or [] if isinstance(i, dict)]
    head = f"<h3>Inputs ({len(inputs)})</h3>"
    if not inputs:
        return head + "<p>The manifest lists no input files.</p>"
    frame = pl.DataFrame(
        [
            {
                "path": str(i.get("path", "")),
                "bytes": i.get("bytes"),
                "sha256": str(i.get("sha256", "")),
            }
            for i in inputs
        ],
        schema={"path": pl.String, "bytes": pl.Int64, "sha256": pl.String},
    )
    return head + table(frame, frame.columns).replace("<table>", "<table class='mono'>", 1)


def _key_value_table(pairs: Iterable[tuple[Any, Any]]) -> str:
    rows = "".join(
        f"<tr><th>{escape(k)}</th><td class='mono'>{escape(v)}</td></tr>" for k, v in pairs
    )
    return f"<table>{rows}</table>"


def provenance_section(manifest: dict[str, Any]) -> str:
    """Run id, config and command; input files; versions, timings and row counts."""
    parts = [_key_value_table((k, manifest[k]) for k in PROVENANCE_KEYS if k in manifest)]
    parts.append(_inputs(manifest))
    blocks = []
    for key, title in PROVENANCE_MAPPINGS:
        value = manifest.get(key)
        if isinstance(value, dict) and value:
            blocks.append(f"<div><h3>{escape(title)}</h3>{_key_value_table(value.items())}</div>")
    parts.append("<div class='grid narrow'>" + "".join(blocks) + "</div>")
    return "".join(parts)
