"""Parquet parts: the per-article tables of a run, written a chunk at a time.

A run's large tables (sentences, per-article detail tables) go to
``<run>/parts/<table>/part-<chunk>.parquet`` as chunks complete, so memory does not
grow with the corpus; their CSVs are streamed from the parts at the end.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

PARTS_DIRNAME = "parts"


class PartStore:
    """Parquet parts of each table under `root`, one file per chunk."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.paths: dict[str, dict[int, Path]] = {}

    def write(self, name: str, chunk: int, frame: pl.DataFrame) -> None:
        path = self.root / name / f"part-{chunk:06d}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        # lz4: half zstd's write time (this runs while workers wait for the parent),
        # for ~1.6x the size.
        frame.write_parquet(path, statistics=False, compression="lz4")
        self.paths.setdefault(name, {})[chunk] = path

    def scans(self) -> dict[str, pl.LazyFrame]:
        """A lazy scan of every table's parts, in chunk order."""
        return {name: scan_parts([paths[i] for i in sorted(paths)]) for name, paths in self.paths.items()}


def scan_parts(paths: list[Path]) -> pl.LazyFrame:
    # glob=False: a run folder under `--out "runs[1]"` is that folder, not a pattern.
    return pl.concat([pl.scan_parquet(p, glob=False) for p in paths], how="vertical_relaxed")


def published_scan(run_dir: Path, name: str) -> pl.LazyFrame:
    """A lazy scan of table `name`'s parts in a published run folder."""
    return scan_parts(sorted((run_dir / PARTS_DIRNAME / name).glob("*.parquet")))
