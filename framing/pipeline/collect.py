"""Collect chunk results into the run's tables, as chunks complete.

Per-article rows are put in article order (`untag`), joined into each chunk's rows of
articles, sentences and the families' detail tables (`chunk_tables`), and kept in
memory or handed to a Parquet part store (`Collector`). Family summaries are reduced
from each chunk's partials as chunks arrive (`framing.pipeline.reduce`); per-outlet
means come from the articles table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from framing.config import Study
from framing.corpus import KEY, Batch, Corpus, cross_outlet_duplicates, duplicate_note
from framing.corpus.texts import FrameTexts, ScanTexts, level_frame
from framing.features.base import Extracted, Family, Texts, stack_frames
from framing.outputs.parts import PartStore
from framing.pipeline.cache import HASH, POS, Tagged
from framing.pipeline.plan import BASE
from framing.pipeline.reduce import Reduction, chunk_partials

Table = pl.DataFrame | pl.LazyFrame
# Columns of a batch's articles that are not label columns of a corpus table.
NOT_LABELS = frozenset({"text", "source", "content_hash", "input_hash", *KEY, "title"})


def untag(tagged: Tagged, batch: Batch) -> Extracted:
    """`Tagged` rows (any order) → `Extracted` aligned with `batch`'s rows.

    Rows a worker has just computed for this very batch are already aligned (`tag` adds
    the hashes in the batch's order): when every content hash of the batch is distinct
    and the tagged rows carry the batch's hashes (and positions) in the batch's order,
    the left join below would return them unchanged, so it is skipped (4.1–4.5 → 2.4 ms
    of the parent's CPU per 256-article chunk; tested equal to the join).
    """
    articles_map = batch.articles.select(*KEY, pl.col("input_hash").alias(HASH)).with_row_index(
        "_order"
    )
    distinct = articles_map.get_column(HASH).n_unique() == articles_map.height
    articles = pl.DataFrame()
    if tagged.articles.width:
        if distinct and _aligned(tagged.articles, articles_map, [HASH]):
            articles = tagged.articles.drop(HASH)
        else:
            articles = articles_map.join(
                tagged.articles, on=HASH, how="left", maintain_order="left"
            ).drop(*KEY, HASH, "_order")
    sentences = pl.DataFrame()
    if tagged.sentences.width:
        sentence_map = (
            batch.sentences.select(KEY)
            .join(articles_map.select(*KEY, HASH), on=KEY, how="left", maintain_order="left")
            .with_columns(pl.int_range(pl.len(), dtype=pl.UInt32).over(KEY).alias(POS))
        )
        if distinct and _aligned(tagged.sentences, sentence_map, [HASH, POS]):
            sentences = tagged.sentences.drop(HASH, POS)
        else:
            sentences = sentence_map.join(
                tagged.sentences, on=[HASH, POS], how="left", maintain_order="left"
            ).drop(*KEY, HASH, POS)
    tables = {}
    for name, table in tagged.tables.items():
        if not table.width:
            tables[name] = table
            continue
        columns = [c for c in table.columns if c not in (HASH, POS)]
        tables[name] = (
            table.drop(KEY)
            .join(articles_map, on=HASH, how="inner")
            .sort("_order", POS)
            .select(columns)
        )
    return Extracted(articles, sentences, tables)


def _aligned(rows: pl.DataFrame, wanted: pl.DataFrame, on: list[str]) -> bool:
    """Whether `rows` holds exactly `wanted`'s `on` values, row for row, and no key
    column a join would have renamed."""
    return (
        rows.height == wanted.height
        and not set(KEY) & set(rows.columns)
        and all(rows.get_column(c).equals(wanted.get_column(c)) for c in on)
    )


def chunk_tables(
    batch: Batch, extracted: dict[str, Extracted], families: list[Family]
) -> dict[str, pl.DataFrame]:
    """One chunk's rows of articles, sentences and the families' per-article tables.

    Each is sorted by its key columns; chunks are consecutive in ``(outlet,
    article_id)`` order, so concatenating them in chunk order keeps the sort.
    """
    labels = [c for c in batch.articles.columns if c not in NOT_LABELS]
    own = [extracted[f.name] for f in families]
    articles = pl.concat(
        [
            batch.articles.select(*KEY, "title", *labels),
            extracted[BASE].articles,
            *[e.articles for e in own if e.articles.width],
        ],
        how="horizontal",
    )
    sentences = pl.concat(
        [batch.sentences, *[e.sentences for e in own if e.sentences.width]], how="horizontal"
    )
    tables = {"articles": articles.sort(KEY), "sentences": sentences.sort(*KEY, "sentence")}
    return tables | detail_tables(extracted, families)


def detail_tables(
    extracted: dict[str, Extracted], families: list[Family]
) -> dict[str, pl.DataFrame]:
    """The families' per-article tables of one chunk, rows of one table merged.

    Several families may add rows to one table (e.g. lexicon_hits): rows are sorted on
    the table's declared sort, else stably on the article key, which keeps each
    family's row order within an article whatever the chunking or worker count.
    """
    frames: dict[str, list[pl.DataFrame]] = {}
    sort: dict[str, tuple[str, ...]] = {}
    for family in families:
        sort |= family.table_keys
        for name, frame in extracted[family.name].tables.items():
            frames.setdefault(name, []).append(frame)
    tables = {}
    for name, parts in frames.items():
        merged = stack_frames(parts, how="diagonal_relaxed")
        if name in sort and merged.width:
            if tuple(sort[name][:2]) != tuple(KEY):
                raise RuntimeError(f"sort keys of table {name!r} must start with {KEY}")
            merged = merged.sort(sort[name])
        elif set(KEY) <= set(merged.columns):
            merged = merged.sort(KEY, maintain_order=True)
        tables[name] = merged
    return tables


class Collector:
    """Gathers chunk results into tables: in memory, or as Parquet parts in `parts`.

    The articles table (no text) always stays in memory. Family summaries are reduced
    chunk by chunk (`framing.pipeline.reduce`). The corpus's text is kept for what reads
    it back at the end (`texts`): as Parquet parts in `text_parts` when spooling (the
    sentences' text is in the sentences table's parts), else the batches in memory.
    """

    def __init__(
        self,
        study: Study,
        families: list[Family],
        parts: PartStore | None,
        text_parts: PartStore | None = None,
    ):
        self.study = study
        self.families = families
        self.parts = parts
        self.text_parts = text_parts if parts is not None else None
        self.reduction = Reduction(study, families)
        self.articles: dict[int, pl.DataFrame] = {}
        self.index: dict[int, pl.DataFrame] = {}
        self.cleaning: dict[int, pl.DataFrame] = {}
        self.skipped: dict[int, list[tuple[str, str]]] = {}
        self.rows: dict[str, dict[int, pl.DataFrame]] = {}
        self.batches: dict[int, Batch] = {}

    def add(self, i: int, result: Any, extracted: dict[str, Extracted]) -> None:
        """Take chunk `i`'s result (a `ChunkResult`) and every unit's rows for it."""
        self.cleaning[i] = result.cleaning
        self.skipped[i] = result.skipped
        batch = result.batch
        if batch.articles.height == 0:  # every input of the chunk was skipped
            return
        tables = chunk_tables(batch, extracted, self.families)
        self.articles[i] = tables.pop("articles")
        self.index[i] = batch.articles.select(*KEY, "source", "content_hash")
        for name, frame in tables.items():
            if self.parts is None:
                self.rows.setdefault(name, {})[i] = frame
            elif frame.width:
                self.parts.write(name, i, frame)
        if result.partials is None:  # some results came from the cache: computed here
            self.reduction.add(chunk_partials(self.study, self.families, extracted, batch))
        else:
            self.reduction.add(result.partials)
        if self.parts is None:
            self.batches[i] = batch
        elif self.text_parts is not None:
            for level in ("articles", "paragraphs"):
                self.text_parts.write(level, i, level_frame(batch, level))

    def tables(self) -> dict[str, Table]:
        """articles (eager) and the per-article tables (eager, or lazy over parts)."""
        tables: dict[str, Table] = {"articles": stack_frames(ordered(self.articles))}
        for name, rows in self.rows.items():
            tables[name] = stack_frames(ordered(rows))
        if self.parts is not None:
            tables |= self.parts.scans()
        return tables

    def texts(self) -> Texts:
        """The corpus's text, read back by family summaries and the models."""
        if self.parts is None:
            return FrameTexts(ordered(self.batches))
        scans = self.text_parts.scans() if self.text_parts is not None else {}
        sentences = self.parts.scans().get("sentences")
        return ScanTexts(scans | ({"sentences": sentences} if sentences is not None else {}))

    def summaries(self) -> dict[str, pl.DataFrame]:
        """Every family's corpus-wide tables (`Family.summarise`)."""
        return self.reduction.tables(self.texts())

    def corpus(self, input_files: list[Path]) -> Corpus:
        """The corpus's facts; its `batch` only when collected in memory."""
        batches = ordered(self.batches)
        batch = (
            Batch(
                stack_frames([b.articles for b in batches]),
                stack_frames([b.paragraphs for b in batches]),
                stack_frames([b.sentences for b in batches]),
            )
            if batches
            else None
        )
        index = stack_frames(ordered(self.index))
        duplicates = cross_outlet_duplicates(index) if index.height else []
        return Corpus(
            batch,
            stack_frames(ordered(self.cleaning)),
            [s for part in ordered(self.skipped) for s in part],
            input_files,
            notes=[duplicate_note(group) for group in duplicates],
            duplicates=duplicates,
        )


def ordered(parts: dict[int, Any]) -> list[Any]:
    return [parts[i] for i in sorted(parts)]


def outlet_means(
    articles: pl.DataFrame, families: list[Family], meta: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Per outlet: counts, the outlet's `meta` columns (``framing.corpus.meta``), then
    the mean over its articles of every numeric feature."""
    numeric = [
        c.name
        for f in families
        for c in f.columns
        if c.level == "article" and c.numeric and c.name in articles.columns
    ]
    means = (
        articles.group_by("outlet")
        .agg(
            pl.len().alias("n_articles"),
            pl.col("n_sentences").sum(),
            pl.col("n_words").sum(),
            *[pl.col(c).cast(pl.Float64).fill_nan(None).mean() for c in numeric],
        )
        .sort("outlet")
    )
    if meta is None or meta.width <= 1:
        return means
    counts = ["outlet", "n_articles", "n_sentences", "n_words"]
    return means.join(meta, on="outlet", how="left").select(*counts, *meta.columns[1:], *numeric)
