"""Ranking helpers of `framing.evidence`: pick rows on their numbers, without holding
every row, then read the text of the chosen few."""

from __future__ import annotations

import polars as pl

from framing.corpus.texts import read_rows
from framing.outputs.tables import KEY

Table = pl.DataFrame | pl.LazyFrame


def body_sentences(sentences: Table) -> pl.LazyFrame:
    """Body sentences (headlines left out, as the outlet statistics leave them out),
    lazily: every selection below ranks its rows itself."""
    return sentences.lazy().filter(~pl.col("is_headline"))


def with_text(body: pl.LazyFrame, rows: pl.DataFrame) -> pl.DataFrame:
    """`rows` (with ``outlet, article_id, sentence``) with each sentence's ``text``.

    Selections rank sentences on their numbers alone and fetch the text of the few
    chosen ones here, so a streamed run never holds every sentence's text at once.
    """
    where = [*KEY, "sentence"]
    if not rows.height:
        return rows.with_columns(pl.lit(None, pl.String).alias("text"))
    texts = read_rows(body.select(*where, "text"), rows, where)
    return rows.join(texts, on=where, how="left", maintain_order="left")


def ranked_rows(
    frame: pl.DataFrame, by: list[str], descending: list[bool], limit: int
) -> pl.DataFrame:
    """The first `limit` rows per (outlet, table, key) in the order `by` (then article
    and sentence), numbered from 1 in `rank`."""
    group = ["outlet", "table", "key"]
    order = [*by, *(c for c in ("article_id", "sentence") if c in frame.columns)]
    flags = [*descending, *[False] * (len(order) - len(by))]
    return (
        frame.sort(*group, *order, descending=[False] * 3 + flags, nulls_last=True)
        .group_by(group, maintain_order=True)
        .head(limit)
        .with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over(group).alias("rank"))
    )


def side_key(column: str, side: str) -> pl.Expr:
    return pl.lit(f"{column}:{side}").alias("key")


def top_rows(rows: pl.LazyFrame, *, descending: bool, limit: int) -> pl.DataFrame:
    """`ranked_rows` over `rows` by ``value``, without collecting every row: a first pass
    finds each (outlet, table, key)'s `limit`-th value, and only rows at least as
    extreme (ties included, so the tie-breaks of `ranked_rows` still decide) are collected."""
    value = pl.col("value")
    group = ["outlet", "table", "key"]
    kth = value.top_k(limit).min() if descending else value.bottom_k(limit).max()
    cut = rows.group_by(group).agg(kth.alias("_cut"))
    keep = value >= pl.col("_cut") if descending else value <= pl.col("_cut")
    candidates = rows.join(cut, on=group).filter(keep).drop("_cut").collect()
    return ranked_rows(candidates, ["value"], [descending], limit)
