"""The contract every feature family follows.

A family is one package (or module) with a module-level `FAMILY` (`Family`), listed
in `framing.features.registry`. `FAMILY` declares everything the rest of the toolkit
needs to know about the family: its columns with their definitions, which
sentence-level columns rebuild each article-level one (`Counterpart`, for statistics
on outlets with few articles), its output tables with their keys (`TableSpec`), its
headline figures and report section, the packages whose versions belong in its cache
key, and two pure functions:

``extract(batch, ctx) -> Extracted``
    Per-article work. Must depend only on the articles in `batch` (so results can
    be cached per article and computed in chunks, in any process). Returns one row
    per input article, in input order, holding only the family's article-level
    columns; one row per input sentence, in input order, for sentence-level
    columns; and any per-article detail tables (rows carry ``outlet, article_id``).

Corpus-wide tables (never cached; e.g. per-outlet shares, log-odds) come from three
optional functions, so that they stream: no process ever holds the whole corpus.

``partial(extracted, batch, ctx) -> dict[str, pl.DataFrame]``
    Per chunk, what the corpus-wide tables need from its articles: small frames
    (counts per outlet × key, compact per-article numbers, a bounded top-k), never the
    text of every sentence. Called once per chunk, for any chunking, in any order.
``merge(name, frames) -> pl.DataFrame``
    Combines frames of partial `name` from several chunks. Commutative and
    associative: the run merges as chunks arrive, to bound memory, and once at the end.
``summarise(partials, ctx) -> dict[str, pl.DataFrame]``
    The corpus-wide tables from the merged partials (a name no chunk produced is
    absent). Each returned frame is written as ``<name>.csv`` and must already be
    sorted by its key columns. ``ctx.texts`` reads text back for the few rows that
    need it (`Texts`).

Heavy libraries are imported inside the functions, not at module import time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal, Protocol

import polars as pl
from pydantic import BaseModel, ConfigDict

from framing.outputs.tables import TableSpec

if TYPE_CHECKING:
    from framing.config import Study
    from framing.corpus import Batch


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
    # "table": a column of one of the family's output tables (`Family.table_columns`),
    # named as in that CSV; it is documented, never treated as a feature.
    level: Literal["article", "sentence", "table"] = "article"
    # Whether stats/models may treat it as a numeric feature (ids and text are not).
    numeric: bool = True
    # The output table a "table" column belongs to (e.g. "actors").
    table: str = ""

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


# A family's partial aggregates of one chunk (or merged over several), by name.
Partials = dict[str, pl.DataFrame]


def concat_partials(name: str, frames: list[pl.DataFrame]) -> pl.DataFrame:
    """The default `Family.merge`: the frames one under the other (row order is not
    kept, so a `summarise` reading concatenated rows sorts them)."""
    return stack_frames(frames, how="diagonal_relaxed")


class Texts(Protocol):
    """The corpus's text, read back at the end of a run (`framing.corpus.texts`).

    ``scan(level)`` is a lazy frame of every row of the level, in corpus order:
    ``articles`` (outlet, article_id, title, text), ``paragraphs`` (outlet, article_id,
    paragraph, is_headline, text) or ``sentences`` (outlet, article_id, paragraph,
    sentence, is_headline, text). Over Parquet parts in a written run, over memory in
    `framing.compute`: select and filter before collecting.
    """

    def scan(self, level: str) -> pl.LazyFrame: ...


class Spilled(Protocol):
    """A partial too large to hold whole (`Family.spill`), as `summarise` receives it.

    Its frames carry ``_bucket``, a hash of each row's key; the run keeps them on disk
    in buckets by that hash, so every row of one key is in the same bucket and a
    `summarise` can merge and reduce one bucket at a time (rows of several chunks for
    one key are not merged yet: merge them within the bucket)."""

    def buckets(self) -> Iterator[pl.LazyFrame]: ...


@dataclass(frozen=True)
class HeldSpill:
    """A `Spilled` held in memory as one frame (one bucket): `framing.compute` without
    a spool folder, `Family.corpus_tables`."""

    frame: pl.DataFrame

    def buckets(self) -> Iterator[pl.LazyFrame]:
        yield self.frame.lazy()


@dataclass(frozen=True)
class Context:
    """What a family may read besides the articles: the study and its own options."""

    study: Study
    options: Any
    # Results of the families named in `Family.requires`, for the same batch.
    upstream: dict[str, Extracted] = field(default_factory=dict)
    # The corpus's text, for `summarise` (None in `extract` and `partial`).
    texts: Texts | None = None


@dataclass(frozen=True)
class Counterpart:
    """An article feature rebuilt from its body sentences: ``scale · Σ num / Σ den``.

    With ``den = None`` it is the mean of ``num`` over the body sentences. Statistics
    resample sentences through it for outlets with few articles, after checking that
    it reproduces every article's value (`framing.stats`).
    """

    feature: str
    num: pl.Expr
    den: pl.Expr | None
    scale: float
    # Sentence-level columns the expressions read.
    requires: tuple[str, ...]
    # The formula in words, written into outlet_stats.csv's `basis`.
    basis: str


@dataclass(frozen=True)
class Headline:
    """An article feature drawn as a per-outlet dot plot at the top of the report."""

    column: str
    title: str
    # How to read it, e.g. "higher = easier to read".
    direction: str
    # Position among the headline figures of every family (lower first).
    rank: int


@dataclass(frozen=True)
class ReportSection:
    """A family's section of report.html: ``render(figures, tables) -> HTML``.

    `tables` are the run's small tables by name (the large ones are never read);
    `figures` draws matplotlib figures to inline SVG (`framing.report.figures`).
    """

    key: str
    title: str
    render: Callable[[Any, dict[str, pl.DataFrame]], str]


@dataclass(frozen=True)
class Family:
    name: str
    version: str
    description: str
    columns: tuple[Column, ...]
    extract: Callable[[Batch, Context], Extracted]
    # Corpus-wide tables, streamed (module docstring): per-chunk partials, their merge,
    # the tables from the merged partials.
    partial: Callable[[Extracted, Batch, Context], Partials] | None = None
    merge: Callable[[str, list[pl.DataFrame]], pl.DataFrame] = concat_partials
    summarise: Callable[[Partials, Context], dict[str, pl.DataFrame]] | None = None
    # Partials that grow with the corpus (e.g. counts per term: the vocabulary keeps
    # growing): their frames carry ``_bucket`` (a hash of the row's key) and go to disk
    # as the run goes; `summarise` receives a `Spilled` for each.
    spill: tuple[str, ...] = ()
    options: type[BaseModel] = NoOptions
    requires: tuple[str, ...] = ()
    # Output tables this family writes: per-article detail tables (from `extract`) and
    # corpus-wide ones (from `summarise`), with their keys (docs/outputs.md).
    tables: tuple[TableSpec, ...] = ()
    # Besides its own options, the parts of the study this family reads (cache key).
    reads: Callable[[Study], Any] = field(default=lambda study: None)
    # Article features rebuilt from sentence columns, given the sentence columns present.
    counterparts: Callable[[frozenset[str]], list[Counterpart]] = field(default=lambda present: [])
    headlines: tuple[Headline, ...] = ()
    report: ReportSection | None = None
    # Columns of the family's output tables (level "table"), listed by `framing features`
    # beside the feature columns: each table column worth a definition.
    table_columns: tuple[Column, ...] = ()
    # Packages whose code or data this family's numbers come from: their versions are
    # part of its cache key (`framing.pipeline.plan`).
    packages: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # A family written for the whole-corpus contract (summarise(extracted, batch,
        # ctx)) would be called with empty partials and write empty tables: say so.
        if self.summarise is not None and self.partial is None:
            raise ValueError(
                f"family {self.name!r} has summarise but no partial: corpus-wide tables "
                "are reduced from per-chunk partials (partial, merge, summarise(partials, "
                "ctx)); see docs/architecture.md"
            )

    @property
    def table_keys(self) -> dict[str, tuple[str, ...]]:
        """Sort keys of the detail tables that declare one (rows of several families
        that share a table interleave by them; default: stable by article)."""
        return {t.name: t.sort for t in self.tables if t.sort}

    def corpus_tables(self, extracted: Extracted, batch: Batch, ctx: Context) -> dict:
        """The corpus-wide tables of `batch` in one step (tests, notebooks): its partials
        as one chunk, merged, summarised with the batch's own text."""
        if self.summarise is None:
            return {}
        from framing.corpus.texts import FrameTexts

        partials = self.partial(extracted, batch, ctx) if self.partial else {}
        merged: dict[str, Any] = {n: self.merge(n, [frame]) for n, frame in partials.items()}
        merged |= {n: HeldSpill(merged[n]) for n in self.spill if n in merged}
        return self.summarise(merged, replace(ctx, upstream={}, texts=FrameTexts([batch])))

    def article_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.level == "article"]

    def sentence_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.level == "sentence"]
