"""Reading a finished run back: its manifest and tables, for `framing report` and
`framing compare` (one reader, so both see a run the same way).

Two ways to read a table: `read_as_written` (every cell a string, empty = missing:
what `compare` diffs) and `read_typed` (numbers as numbers, the table's declared text
columns as text, the ``'`` formula guard the writer added removed: what the report
draws).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl

from framing.errors import ConfigError, DataError
from framing.outputs import tables as registry


def read_as_written(path: Path) -> pl.DataFrame:
    """A CSV with every column as a string; empty cells are missing (null)."""
    try:
        frame = pl.read_csv(path, infer_schema=False, encoding="utf8")
    except pl.exceptions.NoDataError:
        return pl.DataFrame()
    except (pl.exceptions.PolarsError, OSError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataError(f"{path}: cannot read as CSV ({first})") from exc
    return frame.with_columns(pl.all().replace("", None))


def text_columns(table: str) -> frozenset[str]:
    """The columns of `table` read as text: its declared ones, or for a table no one
    declares, every column any table declares as text."""
    specs = registry.all_tables()
    if table in specs:
        return frozenset(specs[table].text)
    return frozenset(c for spec in specs.values() for c in spec.text)


def read_typed(csv: Path) -> pl.DataFrame:
    """A run's CSV as written: names as text, the ``'`` formula guard removed."""
    try:
        header = pl.read_csv(csv, n_rows=0).columns
    except pl.exceptions.NoDataError:
        return pl.DataFrame()
    text = {c: pl.String for c in header if c in text_columns(csv.stem)}
    frame = pl.read_csv(csv, infer_schema_length=None, schema_overrides=text)
    guarded = r"^'[=+\-@\t\r]"
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(guarded)).then(pl.col(c).str.slice(1)).otherwise(pl.col(c))
        for c, dtype in frame.schema.items()
        if dtype == pl.String
    )


def read_manifest(run_dir: Path) -> dict[str, Any]:
    """A finished run's manifest; `ConfigError` for anything but a complete run folder."""
    where = str(run_dir)
    if not run_dir.is_dir():
        raise ConfigError(f"{where}: not a folder; pass a run folder like outputs/<study>/<run-id>")
    if run_dir.name.endswith(".partial"):
        raise ConfigError(f"{where}: an unfinished run (.partial folder); run the study again")
    path = run_dir / "manifest.json"
    if not path.is_file():
        raise ConfigError(
            f"{where}: not a complete run (no manifest.json); pass a folder like "
            "outputs/<study>/<run-id>"
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: unreadable manifest ({exc}); run the study again") from exc
    if not isinstance(manifest, dict) or manifest.get("status") != "complete":
        raise ConfigError(f"{where}: not a complete run (manifest status is not 'complete')")
    return manifest


def load_run(run_dir: Path) -> tuple[dict[str, pl.DataFrame], dict[str, Any]]:
    """A finished run's small tables (every ``*.csv`` but the large per-article ones)
    and its manifest; `ConfigError` otherwise."""
    run_dir = Path(run_dir)
    manifest = read_manifest(run_dir)
    large = registry.large_tables()
    tables = {
        csv.stem: read_typed(csv) for csv in sorted(run_dir.glob("*.csv")) if csv.stem not in large
    }
    return tables, manifest
