"""Where a run keeps things while it computes: the per-article feature cache, the
Parquet parts of its tables, and scratch folders removed when the run's corpus-wide
stages are done (the text read back at the end, spilled partials)."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

from framing.outputs.parts import PartStore
from framing.pipeline.cache import CacheUnusable, FeatureCache


@contextlib.contextmanager
def run_stores(
    spool: Path | None,
) -> Iterator[tuple[PartStore | None, PartStore | None, Path | None]]:
    """Where chunks go when spooling: the tables' parts in `spool`; in sibling folders,
    removed at the end (the corpus-wide stages read them until then), the text read back
    at the end and the partials too large to hold (`Family.spill`). None, None, None in
    memory."""
    if spool is None:
        yield None, None, None
        return
    scratch = {kind: spool.with_name(f"{spool.name}.{kind}") for kind in ("texts", "spill")}
    try:
        yield PartStore(spool), PartStore(scratch["texts"]), scratch["spill"]
    finally:
        for folder in scratch.values():
            shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def open_cache(directory: Path | None, notes: list[str]) -> Iterator[FeatureCache | None]:
    """The feature cache in `directory`, or None (no directory, or a cache that cannot
    be opened: the run then computes everything, and `notes` says why)."""
    cache = None
    if directory is not None:
        try:
            cache = FeatureCache(directory)
        except CacheUnusable as exc:
            notes.append(
                f"the feature cache cannot be used ({exc}); every feature was computed and "
                "nothing was cached: delete that file to start a new cache, or use --no-cache"
            )
    try:
        yield cache
    finally:
        if cache is not None:
            cache.close()
