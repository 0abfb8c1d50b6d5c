"""Corpus-wide family tables by reduction: per-chunk partials, merged as they come.

Each chunk's `Family.partial` frames are computed where the chunk's results are all at
hand (the worker that computed them all, or the parent, which fills in cached ones) and
added as the chunk completes (any order);
once a partial has gathered `MERGE_EVERY` frames they are merged into one
(`Family.merge`, commutative and associative), so what is held grows with the merged
aggregate (outlets × keys), not with the number of chunks or articles. At the end each
family's `summarise` turns its merged partials into its tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from framing.pipeline.plan import family_context, summary_context

if TYPE_CHECKING:
    from framing.config import Study
    from framing.corpus import Batch
    from framing.features.base import Extracted, Family, Partials, Texts

# Frames of one partial gathered before they are merged: a merge costs about the size of
# the merged frame, so merging every few dozen chunks keeps its cost small per chunk.
MERGE_EVERY = 16


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
    """One family's partials, merged as chunks arrive."""

    def __init__(self, family: Family) -> None:
        self.family = family
        self.frames: dict[str, list[pl.DataFrame]] = {}

    def add(self, partials: Partials) -> None:
        for name, frame in partials.items():
            frames = self.frames.setdefault(name, [])
            frames.append(frame)
            if len(frames) >= MERGE_EVERY:
                self.frames[name] = [self.family.merge(name, frames)]

    def merged(self) -> Partials:
        return {name: self.family.merge(name, frames) for name, frames in self.frames.items()}


class Reduction:
    """Every summarising family's partials for one run."""

    def __init__(self, study: Study, families: list[Family]) -> None:
        self.study = study
        self.families = [f for f in families if f.summarise is not None]
        self.by_family = {f.name: FamilyReduction(f) for f in self.families}

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
