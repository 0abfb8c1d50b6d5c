"""The contract every feature family follows.

A family is one module in `framing.features` with a module-level `FAMILY`
(`Family`) that declares its columns, version and options, and two pure functions:

``extract(batch, ctx) -> Extracted``
    Per-article work. Must depend only on the articles in `batch` (so results can
    be cached per article and computed in chunks, in any process). Returns one row
    per input article, in input order, holding only the family's article-level
    columns; one row per input sentence, in input order, for sentence-level
    columns; and any per-article detail tables (rows carry ``outlet, article_id``).

``summarise(extracted, corpus, ctx) -> dict[str, pl.DataFrame]`` (optional)
    Corpus-wide tables (never cached), e.g. per-outlet shares or log-odds; receives
    the concatenation of every chunk's `Extracted`. Each returned frame is written
    as ``<name>.csv`` and must already be sorted by its key columns.

Heavy libraries are imported inside the functions, not at module import time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import polars as pl
from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from framing.config import Study
    from framing.corpus.sources import Batch


class NoOptions(BaseModel):
    """Options model of a family that reads no `[features.<family>]` table."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class Column:
    """A declared output column: what `framing features` and docs/features.md show."""

    name: str
    definition: str
    range: tuple[float | None, float | None]
    direction: str
    reference: str = ""
    level: Literal["article", "sentence"] = "article"
    # Whether stats/models may treat it as a numeric feature (ids and text are not).
    numeric: bool = True

    @property
    def family(self) -> str:
        return self.name.split("__", 1)[0]

    @property
    def range_text(self) -> str:
        low, high = self.range
        low_text = "-inf" if low is None else f"{low:g}"
        high_text = "inf" if high is None else f"{high:g}"
        return f"[{low_text}, {high_text}]"


@dataclass
class Extracted:
    """What `extract` returns for one batch of articles."""

    articles: pl.DataFrame = field(default_factory=pl.DataFrame)
    sentences: pl.DataFrame = field(default_factory=pl.DataFrame)
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)

    @staticmethod
    def concat(parts: list[Extracted]) -> Extracted:
        """Stack the results of consecutive batches (input order is kept)."""
        names = sorted({name for p in parts for name in p.tables})
        return Extracted(
            articles=stack_frames([p.articles for p in parts]),
            sentences=stack_frames([p.sentences for p in parts]),
            tables={n: stack_frames([p.tables[n] for p in parts if n in p.tables]) for n in names},
        )


def stack_frames(
    frames: list[pl.DataFrame],
    *,
    how: Literal["vertical_relaxed", "diagonal_relaxed"] = "vertical_relaxed",
) -> pl.DataFrame:
    """Frames one under the other, skipping width-0 ones ("the family wrote none");
    dtypes widen where chunks differ (e.g. a column all null in one chunk)."""
    frames = [f for f in frames if f.width]
    return pl.concat(frames, how=how) if frames else pl.DataFrame()


@dataclass(frozen=True)
class Context:
    """What a family may read besides the articles: the study and its own options."""

    study: Study
    options: Any
    # Results of the families named in `Family.requires`, for the same batch.
    upstream: dict[str, Extracted] = field(default_factory=dict)


@dataclass(frozen=True)
class Family:
    name: str
    version: str
    description: str
    columns: tuple[Column, ...]
    extract: Callable[[Batch, Context], Extracted]
    summarise: Callable[[Extracted, Batch, Context], dict[str, pl.DataFrame]] | None = None
    options: type[BaseModel] = NoOptions
    requires: tuple[str, ...] = ()
    # Output tables this family writes (documented in docs/outputs.md).
    tables: tuple[str, ...] = ()
    # Sort keys of the per-article detail tables in `Extracted.tables`, when rows from
    # several families share a table and must interleave (default: stable by article).
    table_keys: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Besides its own options, the parts of the study this family reads (cache key).
    reads: Callable[[Study], Any] = field(default=lambda study: None)

    def article_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.level == "article"]

    def sentence_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.level == "sentence"]
