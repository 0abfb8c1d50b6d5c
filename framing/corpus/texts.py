"""The corpus's text, read back at the end of a run (`framing.features.base.Texts`).

Workers segment the articles and the parent keeps each chunk's text only as Parquet
parts (a written run) or frames (`framing.compute`); corpus-wide steps that need text
at the end (verifying candidate shared passages, the classifiers' sampled units) read
just their rows back through `Texts.scan`. Three levels, each in corpus order
(`LEVEL_COLUMNS`): the cleaned article text with its title, the paragraphs, the
sentences.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from framing.corpus.batch import ARTICLE_SCHEMA, KEY, PARAGRAPH_SCHEMA, SENTENCE_SCHEMA

if TYPE_CHECKING:
    from framing.corpus.batch import Batch

LEVEL_SCHEMAS = {
    "articles": {c: ARTICLE_SCHEMA[c] for c in [*KEY, "title", "text"]},
    "paragraphs": PARAGRAPH_SCHEMA,
    "sentences": SENTENCE_SCHEMA,
}
LEVEL_COLUMNS = {level: list(schema) for level, schema in LEVEL_SCHEMAS.items()}


def level_frame(batch: Batch, level: str) -> pl.DataFrame:
    """`level`'s text rows of one batch (`LEVEL_COLUMNS`)."""
    frame = getattr(batch, _check(level))
    return frame.select(LEVEL_COLUMNS[level])


def _check(level: str) -> str:
    if level not in LEVEL_COLUMNS:
        raise ValueError(f"unknown text level {level!r}; expected one of {list(LEVEL_COLUMNS)}")
    return level


class FrameTexts:
    """`Texts` over batches held in memory."""

    def __init__(self, batches: list[Batch]) -> None:
        self.batches = batches

    def scan(self, level: str) -> pl.LazyFrame:
        frames = [level_frame(b, level) for b in self.batches]
        if not frames:
            return pl.LazyFrame(schema=LEVEL_SCHEMAS[_check(level)])
        return pl.concat([f.lazy() for f in frames], how="vertical_relaxed")


class ScanTexts:
    """`Texts` over lazy frames, one per level (e.g. scans of Parquet parts)."""

    def __init__(self, scans: dict[str, pl.LazyFrame]) -> None:
        self.scans = scans

    def scan(self, level: str) -> pl.LazyFrame:
        if _check(level) not in self.scans:
            return pl.LazyFrame(schema=LEVEL_SCHEMAS[level])
        # The level's columns this scan holds (an in-memory paragraphs frame handed to
        # `shared_passages` may have no ``is_headline``).
        held = self.scans[level].collect_schema().names()
        return self.scans[level].select(c for c in LEVEL_COLUMNS[level] if c in held)


def read_rows(scan: pl.LazyFrame, keys: pl.DataFrame, on: list[str]) -> pl.DataFrame:
    """The rows of `scan` whose `on` columns are in `keys`. The article ids are tested
    first, a filter the Parquet reader applies as it reads, so only those articles' rows
    are ever loaded: a semi-join alone over a scan of many parts holds the whole scanned
    columns (every sentence's text: 0.7 GB at 100,000 articles)."""
    ids = keys.get_column("article_id").unique().implode()
    return (
        scan.filter(pl.col("article_id").is_in(ids))
        .join(keys.lazy().select(on).unique(), on=on, how="semi")
        .collect()
    )
