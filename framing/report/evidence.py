"""Evidence blocks: the rows of ``evidence.csv`` behind a figure, in a collapsed
``<details>`` next to it (closed by default; no script needed to open it).

Every text cell is escaped (`framing.report.html.table`) and clipped, and a block
shows at most `MAX_ROWS` rows, so the page stays small with many outlets; the full
rows are in ``evidence.csv`` and `framing explain` prints more.
"""

from __future__ import annotations

import polars as pl

from framing.report.html import escape, table

MAX_ROWS = 240
TEXT_CHARS = 220
COLUMNS = ("outlet", "key", "rank", "where", "value", "text")


def evidence_rows(
    tables: dict[str, pl.DataFrame], source: str, keys: tuple[str, ...] = ()
) -> pl.DataFrame:
    """evidence.csv's rows of table `source` (and of the keys starting with one of
    `keys`, if given), sorted by outlet, key and rank."""
    evidence = tables.get("evidence")
    if evidence is None or not evidence.height or "table" not in evidence.columns:
        return pl.DataFrame()
    rows = evidence.filter(pl.col("table") == source)
    if keys:
        rows = rows.filter(pl.any_horizontal(pl.col("key").str.starts_with(k) for k in keys))
    return rows.sort("outlet", "key", "rank")


def evidence_block(
    tables: dict[str, pl.DataFrame], source: str, *, what: str, keys: tuple[str, ...] = ()
) -> str:
    """A closed ``<details>`` with the evidence rows of `source` (empty string when
    there are none); `what` says in the summary what the rows are."""
    rows = evidence_rows(tables, source, keys)
    if not rows.height:
        return ""
    shown = rows.head(MAX_ROWS).with_columns(
        pl.concat_str(
            pl.col("article_id").fill_null(""),
            pl.when(pl.col("sentence").is_not_null())
            .then(pl.format("#{}", pl.col("sentence")))
            .otherwise(pl.lit("")),
        ).alias("where"),
        pl.when(pl.col("text").str.len_chars() > TEXT_CHARS)
        .then(pl.col("text").str.slice(0, TEXT_CHARS - 1) + "…")
        .otherwise(pl.col("text"))
        .alias("text"),
    )
    more = rows.height - shown.height
    tail = (
        f"<p class='lead'>{more} more rows in evidence.csv (table = {escape(source)}).</p>"
        if more > 0
        else ""
    )
    summary = f"Evidence: {what} ({rows.height} rows of evidence.csv)"
    return (
        f"<details class='evidence'><summary>{escape(summary)}</summary>"
        f"<div class='wide'>{table(shown, COLUMNS)}</div>{tail}</details>"
    )


# What the evidence rows of each family section are (section key = evidence table).
SECTION_EVIDENCE = {
    "actors": "per outlet and actor, the most positive and most negative sentences naming it",
    "attribution": "per outlet and side, its longest quotes",
    "frames": "per outlet and frame, the cue words that fired most and the first cued sentences",
    "terms": "per outlet, sentences using its top distinguishing terms",
}


def section_evidence(section_key: str, tables: dict[str, pl.DataFrame]) -> str:
    """The evidence block that goes under a family's section, if it has one."""
    what = SECTION_EVIDENCE.get(section_key)
    return evidence_block(tables, section_key, what=what) if what else ""
