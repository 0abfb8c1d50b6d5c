"""Corpus-wide family tables by reduction: per-chunk partials, merged as they come.

Each chunk's `Family.partial` frames are computed where the chunk's results are all at
hand (the worker that computed them all, or the parent, which fills in cached ones) and
added as the chunk completes (any order);
once a partial has gathered `MERGE_EVERY` frames they are merged into one
(`Family.merge`, commutative and associative), so what is held grows with the merged
aggregate (outlets × keys), not with the number of chunks or articles. A partial that
grows with the corpus all the same (`Family.spill`: counts per term) is written to disk
instead, in buckets by key hash, every `SPILL_EVERY` chunks. At the end each
family's `summarise` turns its merged partials into its tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from framing.features.base import HeldSpill
from framing.pipeline.plan import family_context, summary_context

if TYPE_CHECKING:
    from framing.config import Study
    from framing.corpus import Batch
    from framing.features.base import Extracted, Family, Partials, Texts

# Frames of one partial gathered before they are merged: a merge costs about the size of
# the merged frame, so merging every few dozen chunks keeps its cost small per chunk.
MERGE_EVERY = 16
# Chunk frames of a spilled partial merged before they go to disk: its frames are large
# (a chunk's counts per term), so fewer at a time keeps the merge's peak small.
SPILL_EVERY = 4
# Buckets of a spilled partial: `summarise` holds about 1/SPILL_BUCKETS of it at a time.
SPILL_BUCKETS = 32


def chunk_partials(
    study: Study, families: list[Family], extracted: dict[str, Extracted], batch: Batch
) -> dict[str, Partials]:
    """Each summarising family's partials of one chunk (`extracted`: every family's
    results for `batch`, aligned with its rows as `framing.pipeline.collect.untag` aligns
    them, wherever they were computed: so are the partials)."""
    return {
        family.name: family.partial(
            extracted[family.name], batch, family_context(study, family, extracted)
        )
        for family in families
        if family.summarise is not None and family.partial is not None
    }


class FamilyReduction:
    """One family's partials, merged as chunks arrive; its `spill` partials go to disk
    in `spill_dir` (when given) each time `SPILL_EVERY` chunk frames have been merged."""

    def __init__(self, family: Family, spill_dir: Path | None = None) -> None:
        self.family = family
        self.frames: dict[str, list[pl.DataFrame]] = {}
        self.spills = (
            {name: SpillStore(spill_dir / family.name / name) for name in family.spill}
            if spill_dir is not None
            else {}
        )

    def add(self, partials: Partials) -> None:
        for name, frame in partials.items():
            frames = self.frames.setdefault(name, [])
            frames.append(frame)
            if len(frames) >= (SPILL_EVERY if name in self.spills else MERGE_EVERY):
                merged = self.family.merge(name, frames)
                if name in self.spills:
                    self.spills[name].write(merged)
                    self.frames[name] = []
                else:
                    self.frames[name] = [merged]

    def merged(self) -> dict[str, Any]:
        """Every partial merged; a spilled one as a `Spilled`. What is held is replaced
        by its merge (written out, for a spilled one), so asking again, or adding more
        chunks first, counts no row twice."""
        merged: dict[str, Any] = {}
        for name, frames in self.frames.items():
            frame = self.family.merge(name, frames) if frames else None
            self.frames[name] = [frame] if frame is not None else []
            if name in self.spills:
                if frame is not None:
                    self.spills[name].write(frame)
                    self.frames[name] = []
                merged[name] = self.spills[name]
            elif name in self.family.spill:
                merged[name] = HeldSpill(frame if frame is not None else pl.DataFrame())
            else:
                merged[name] = frame
        return merged


class SpillStore:
    """A spilled partial on disk: ``bucket-KK/part-NNNNNN.parquet``, rows split by
    ``_bucket`` modulo `SPILL_BUCKETS` (`framing.features.base.Spilled`)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.written = 0
        # An empty frame with the partial's columns, for a run whose chunks wrote no row.
        self.empty = pl.DataFrame()

    def write(self, frame: pl.DataFrame) -> None:
        if not frame.height:
            self.empty = frame if frame.width else self.empty
            return
        # Rows without a ``_bucket`` (a partial read whole, a column at a time) in one.
        bucket = (
            (pl.col("_bucket") % SPILL_BUCKETS) if "_bucket" in frame.columns else pl.lit(0)
        ).alias("_part")
        for (part,), rows in frame.with_columns(bucket).partition_by("_part", as_dict=True).items():
            folder = self.root / f"bucket-{part:02d}"
            folder.mkdir(parents=True, exist_ok=True)
            rows.drop("_part").write_parquet(
                folder / f"part-{self.written:06d}.parquet", statistics=False, compression="lz4"
            )
        self.written += 1

    def buckets(self) -> Iterator[pl.LazyFrame]:
        if not self.written:
            yield self.empty.lazy()
            return
        for folder in sorted(self.root.glob("bucket-*")):
            files = sorted(folder.glob("*.parquet"))
            yield pl.concat([pl.scan_parquet(f, glob=False) for f in files], how="diagonal_relaxed")


class Reduction:
    """Every summarising family's partials for one run (spilled ones in `spill_dir`)."""

    def __init__(self, study: Study, families: list[Family], spill_dir: Path | None = None) -> None:
        self.study = study
        self.families = [f for f in families if f.summarise is not None]
        self.by_family = {f.name: FamilyReduction(f, spill_dir) for f in self.families}

    def add(self, partials: dict[str, Partials]) -> None:
        """Add one chunk's partials, by family (`chunk_partials`)."""
        for name, frames in partials.items():
            self.by_family[name].add(frames)

    def tables(self, texts: Texts) -> dict[str, pl.DataFrame]:
        """Every family's corpus-wide tables."""
        tables: dict[str, pl.DataFrame] = {}
        for family in self.families:
            context = summary_context(self.study, family, texts)
            merged = self.by_family[family.name].merged()
            assert family.summarise is not None
            tables.update(family.summarise(merged, context))
        return tables
