"""The run: plan (inputs, cache keys, chunks) → work (per chunk, on an engine) →
collect (cache, Parquet parts, tables) → corpus-wide tables, statistics, models."""

from framing.pipeline.study import Results, compute, run

__all__ = ["Results", "compute", "run"]
