"""What goes into a run folder, in order: config.toml, every table, report.html, and
the manifest last (`RunWriter` makes each file atomic and publishes the folder)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from framing.outputs.manifest import build_manifest
from framing.outputs.tables import large_tables

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
) -> Path:
    """Write the run's files into `writer`'s partial folder and publish it."""
    import tomlkit

    from framing.report.page import render_report

    writer.text("config.toml", tomlkit.dumps(study.to_toml_dict()))
    for name, frame in sorted(tables.items()):
        if not name.startswith("_"):  # "_name" tables are intermediate, never written
            writer.table(name, frame)
    manifest = build_manifest(study, corpus, writer.run_id, facts)
    manifest["notes"] = [*manifest.get("notes", []), *writer.notes()]
    # The big per-article tables the report does not draw stay on disk (the same list
    # `framing report` uses when it reads a run back).
    small = {
        n: t.collect() if isinstance(t, pl.LazyFrame) else t
        for n, t in tables.items()
        if n not in large_tables()
    }
    manifest["rows"] = dict(sorted(writer.written.items()))  # publish() writes the same
    writer.text("report.html", render_report(small, {**manifest, "status": "complete"}))
    return writer.publish(manifest)
