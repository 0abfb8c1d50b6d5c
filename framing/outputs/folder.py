"""What goes into a run folder, in order: config.toml, every table, report.html, and
the manifest last (`RunWriter` makes each file atomic and publishes the folder).

Two stages of a run happen here, timed into the manifest's ``timings_seconds`` and
reported to the run's progress: ``write`` (config.toml and the tables, one step per
file) and ``report``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from framing.outputs.manifest import build_manifest
from framing.outputs.tables import large_tables
from framing.progress import SILENT, Progress

if TYPE_CHECKING:
    from framing.config import Study
    from framing.corpus import Corpus
    from framing.outputs.writer import RunWriter

Table = pl.DataFrame | pl.LazyFrame


def write_run(
    writer: RunWriter,
    study: Study,
    corpus: Corpus,
    tables: dict[str, Table],
    facts: dict[str, Any],
    *,
    progress: Progress = SILENT,
) -> Path:
    """Write the run's files into `writer`'s partial folder and publish it."""
    import tomlkit

    from framing.report.page import render_report

    start = time.perf_counter()
    # "_name" tables are intermediate, never written.
    written = {n: t for n, t in sorted(tables.items()) if not n.startswith("_")}
    progress.stage("write", 1 + len(written))
    writer.text("config.toml", tomlkit.dumps(study.to_toml_dict()))
    progress.advance()
    for name, frame in written.items():
        writer.table(name, frame)
        progress.advance()
    manifest = build_manifest(study, corpus, writer.run_id, facts)
    manifest["notes"] = [*manifest.get("notes", []), *writer.notes()]
    manifest["timings_seconds"] = _with(manifest, write=time.perf_counter() - start)
    manifest["rows"] = dict(sorted(writer.written.items()))  # publish() writes the same
    progress.stage("report")
    start = time.perf_counter()
    # The big per-article tables the report does not draw stay on disk (the same list
    # `framing report` uses when it reads a run back).
    small = {
        n: t.collect() if isinstance(t, pl.LazyFrame) else t
        for n, t in tables.items()
        if n not in large_tables()
    }
    # The report shows every timing but its own, which only manifest.json carries.
    writer.text("report.html", render_report(small, {**manifest, "status": "complete"}))
    manifest["timings_seconds"] = _with(manifest, report=time.perf_counter() - start)
    return writer.publish(manifest)


def _with(manifest: dict[str, Any], **seconds: float) -> dict[str, float]:
    """The manifest's timings with `seconds` added (a new dict: the report keeps its own)."""
    return {**manifest.get("timings_seconds", {}), **{k: round(v, 3) for k, v in seconds.items()}}
