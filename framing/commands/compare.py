"""`framing compare`: what changed between two result tables or two run folders.

Rows are aligned on each table's key columns (`framing.outputs.tables`), cells are compared as written
(numbers numerically, within an absolute tolerance), and every difference becomes one
row of a changes table with the columns of `CHANGE_SCHEMA`:

- ``value``: a cell differs: ``a`` and ``b`` as written, ``abs_change`` = b − a and
  ``rel_change`` = (b − a) / |a| for numeric columns;
- ``row_added`` / ``row_removed``: a key only in B / only in A;
- ``column_added`` / ``column_removed``, ``table_added`` / ``table_removed``;
- ``manifest``: the runs' config hash or a package version differ (informational:
  never counted as a change).

Every CSV is read with all columns as strings; a column is numeric when every
non-empty cell on both sides parses as a number, so ``1.0`` equals ``1`` and ``NaN``
equals ``NaN``. Empty cells are missing, and missing equals missing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from rich.table import Table
from rich.text import Text

from framing.commands.table_diff import (
    CHANGE_SCHEMA,
    TableSummary,
    compare_frames,
    conform,
    empty_changes,
    plural,
    rows_of,
)
from framing.errors import ConfigError, printable
from framing.outputs.reader import check_manifest, read_as_written, read_run_file, run_csvs
from framing.outputs.tables import keys as table_keys
from framing.outputs.writer import neutralise_formulas

__all__ = [
    "CHANGE_SCHEMA",
    "Comparison",
    "changes_csv",
    "changes_view",
    "compare_frames",
    "compare_paths",
]

MANIFEST_FIELDS = ("config_hash", "packages")


@dataclass
class Comparison:
    """The changes table, one summary per table, and informational notes."""

    changes: pl.DataFrame
    tables: list[TableSummary]
    notes: list[str] = field(default_factory=list)
    tolerance: float = 0.0

    @property
    def changed(self) -> bool:
        """Anything beyond tolerance: values, rows, columns or tables (not manifests)."""
        return any(t.differs for t in self.tables)

    def summary_lines(self) -> list[str]:
        both = [t for t in self.tables if not t.only_in]
        total = (
            f"overall: {plural(len(self.tables), 'table')}, "
            f"{sum(t.differs for t in self.tables)} with changes; "
            f"{plural(sum(t.values for t in both), 'value')} changed, "
            f"{plural(sum(t.added for t in both), 'row')} added, "
            f"{sum(t.removed for t in both)} removed, "
            f"{plural(sum(len(t.added_columns) for t in both), 'column')} added, "
            f"{sum(len(t.removed_columns) for t in both)} removed, "
            f"{plural(sum(t.only_in == 'B' for t in self.tables), 'table')} added, "
            f"{sum(t.only_in == 'A' for t in self.tables)} removed "
            f"(tolerance {self.tolerance:g})"
        )
        return [*(t.line() for t in self.tables), *self.notes, total]


def _manifest_changes(a_dir: Path, b_dir: Path) -> tuple[pl.DataFrame, list[str]]:
    """config_hash and package versions that differ (timings and paths ignored)."""
    ma, mb = (
        check_manifest(folder / "manifest.json")
        if os.path.lexists(folder / "manifest.json")
        else None
        for folder in (a_dir, b_dir)
    )
    if ma is None or mb is None:
        if ma is None and mb is None:
            return empty_changes(), []
        return empty_changes(), [f"manifest.json: only in {'A' if mb is None else 'B'}"]
    rows: list[tuple[str, str | None, str | None]] = []
    if ma.get("config_hash") != mb.get("config_hash"):
        rows.append(("config_hash", ma.get("config_hash"), mb.get("config_hash")))
    pa, pb = ma.get("packages") or {}, mb.get("packages") or {}
    for name in sorted(set(pa) | set(pb)):
        if pa.get(name) != pb.get(name):
            rows.append((f"packages.{name}", pa.get(name), pb.get(name)))
    notes = [
        f"manifest.json: {column} differs: {_short(a)} -> {_short(b)} (informational)"
        for column, a, b in rows
    ]
    frame = pl.DataFrame(
        {
            "table": ["manifest.json"] * len(rows),
            "change": ["manifest"] * len(rows),
            "column": [r[0] for r in rows],
            "a": [None if r[1] is None else str(r[1]) for r in rows],
            "b": [None if r[2] is None else str(r[2]) for r in rows],
        },
        schema={c: pl.String for c in ("table", "change", "column", "a", "b")},
    )
    return conform(frame), notes


def _short(value: object) -> str:
    text = str(value)
    return text[:12] + "..." if len(text) > 40 else text  # a hash: its prefix is enough


def _csv_names(folder: Path) -> set[str]:
    return {p.name for p in run_csvs(folder)}


def _run_table(path: Path) -> pl.DataFrame:
    """A table of a run folder, opened safely (`framing.outputs.reader.read_run_file`)."""
    return read_as_written(path, data=read_run_file(path))


def changes_csv(changes: pl.DataFrame) -> str:
    """The changes table as CSV text, formula-safe like every CSV framing writes.

    `a` and `b` are text columns holding numbers too: a cell that parses as a number
    (``-0.25``) is written as it is, since spreadsheets read it as a number anyway.
    """
    safe = neutralise_formulas(changes)
    return safe.with_columns(
        pl.when(changes[c].cast(pl.Float64, strict=False).is_not_null())
        .then(changes[c])
        .otherwise(pl.col(c))
        .alias(c)
        for c in ("a", "b")
    ).write_csv(null_value="")


def changes_view(changes: pl.DataFrame, *, limit: int = 500) -> Table:
    """The changes table for a terminal: its first `limit` rows as a rich table."""
    caption = f"first {limit} of {changes.height} changes" if changes.height > limit else None
    view = Table(*changes.columns, caption=caption)
    for row in changes.head(limit).iter_rows():
        # Cells are data: `Text` is never read as rich markup ("[/oops]", "[link=…]"),
        # and `printable` shows terminal escapes and control characters as escapes.
        view.add_row(*(Text(printable("" if v is None else str(v))) for v in row))
    return view


def compare_paths(
    a: str | Path,
    b: str | Path,
    *,
    key: tuple[str, ...] | list[str] | None = None,
    tolerance: float = 0.0,
) -> Comparison:
    """Compare two CSV tables, or every table of two run folders.

    Raises `ConfigError` for a missing path, a file against a folder, a folder that is
    not a run, a negative tolerance or a `key` column missing from a table.
    """
    a, b = Path(a), Path(b)
    if not (tolerance >= 0):  # also rejects NaN
        raise ConfigError(f"--tolerance: {tolerance} must be a number >= 0")
    for path in (a, b):
        if not path.exists():
            raise ConfigError(f"{path}: no such file or run directory")
    if a.is_dir() != b.is_dir():
        folder, table = (a, b) if a.is_dir() else (b, a)
        raise ConfigError(
            f"cannot compare run directory {folder} with table {table}; "
            "pass two CSV tables or two run directories"
        )
    key = tuple(dict.fromkeys(key)) if key else None
    if not a.is_dir():
        summary, changes = compare_frames(
            read_as_written(a), read_as_written(b), table=a.name, key=key, tolerance=tolerance,
            where=(str(a), str(b)),
        )  # fmt: skip
        return Comparison(changes=changes, tables=[summary], tolerance=tolerance)

    for folder in (a, b):
        if not (folder / "manifest.json").is_file() and not _csv_names(folder):
            raise ConfigError(
                f"{folder}: not a run directory (no manifest.json, no CSV tables); "
                "pass outputs/<study>/<run-id>"
            )
    names_a, names_b = _csv_names(a), _csv_names(b)
    summaries: list[TableSummary] = []
    parts: list[pl.DataFrame] = []
    for name in sorted(names_a | names_b):
        if name not in names_b or name not in names_a:
            side, present = ("A", a) if name in names_a else ("B", b)
            rows = _run_table(present / name).height
            summaries.append(TableSummary(table=name, only_in=side, rows=rows))
            change = "table_removed" if side == "A" else "table_added"
            parts.append(rows_of([None], change=change).with_columns(pl.lit(name).alias("table")))
            continue
        own_key = key if key and name.removesuffix(".csv") not in table_keys() else None
        summary, changes = compare_frames(
            _run_table(a / name), _run_table(b / name), table=name, key=own_key,
            tolerance=tolerance, where=(str(a / name), str(b / name)),
        )  # fmt: skip
        summaries.append(summary)
        parts.append(changes)
    manifest, notes = _manifest_changes(a, b)
    parts.append(manifest)
    changes = pl.concat([conform(p) for p in parts])
    return Comparison(changes=changes, tables=summaries, notes=notes, tolerance=tolerance)
