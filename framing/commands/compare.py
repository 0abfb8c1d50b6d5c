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

import json
from dataclasses import dataclass, field
from itertools import takewhile
from pathlib import Path
from typing import Any

import polars as pl
from rich.table import Table

from framing.errors import ConfigError, DataError
from framing.outputs.reader import read_as_written
from framing.outputs.tables import keys as table_keys
from framing.outputs.writer import neutralise_formulas

CHANGE_SCHEMA: dict[str, Any] = {
    "table": pl.String,
    "change": pl.String,
    "key": pl.String,
    "column": pl.String,
    "a": pl.String,
    "b": pl.String,
    "abs_change": pl.Float64,
    "rel_change": pl.Float64,
}
MANIFEST_FIELDS = ("config_hash", "packages")

# Internal column names: cannot clash with a table's own columns.
_ROW, _ORD, _RA, _RB, _POS = "\0row", "\0ord", "\0ra", "\0rb", "\0pos"


@dataclass(frozen=True)
class TableSummary:
    """What changed in one table (also the source of its summary line)."""

    table: str
    key: tuple[str, ...] = ()
    key_source: str = ""
    ordinal: bool = False
    only_in: str | None = None  # "A" or "B" when the table is in one run only
    rows: int = 0  # rows of the table present in one run only
    aligned: int = 0
    added: int = 0
    removed: int = 0
    values: int = 0
    changed_columns: tuple[str, ...] = ()
    added_columns: tuple[str, ...] = ()
    removed_columns: tuple[str, ...] = ()

    @property
    def differs(self) -> bool:
        return bool(
            self.only_in
            or self.added
            or self.removed
            or self.values
            or self.added_columns
            or self.removed_columns
        )

    def line(self) -> str:
        if self.only_in:
            kind = "added" if self.only_in == "B" else "removed"
            return f"{self.table}: only in {self.only_in} ({_n(self.rows, 'row')}; table {kind})"
        text = (
            f"{self.table}: {_n(self.aligned, 'row')} aligned, {self.added} added, "
            f"{self.removed} removed, {_n(self.values, 'value')} changed in "
            f"{_n(len(self.changed_columns), 'column')}"
        )
        if self.added_columns:
            text += f"; columns added: {', '.join(self.added_columns)}"
        if self.removed_columns:
            text += f"; columns removed: {', '.join(self.removed_columns)}"
        return f"{text} (key: {self.key_description()})"

    def key_description(self) -> str:
        if not self.key:
            return "row number"
        text = ", ".join(self.key)
        if self.key_source != "known":
            text = f"{self.key_source} {text}"
        return text + (" + order within key" if self.ordinal else "")


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
            f"overall: {_n(len(self.tables), 'table')}, "
            f"{sum(t.differs for t in self.tables)} with changes; "
            f"{_n(sum(t.values for t in both), 'value')} changed, "
            f"{_n(sum(t.added for t in both), 'row')} added, "
            f"{sum(t.removed for t in both)} removed, "
            f"{_n(sum(len(t.added_columns) for t in both), 'column')} added, "
            f"{sum(len(t.removed_columns) for t in both)} removed, "
            f"{_n(sum(t.only_in == 'B' for t in self.tables), 'table')} added, "
            f"{sum(t.only_in == 'A' for t in self.tables)} removed "
            f"(tolerance {self.tolerance:g})"
        )
        return [*(t.line() for t in self.tables), *self.notes, total]


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _numeric_columns(frame: pl.DataFrame) -> set[str]:
    """Columns whose every non-missing cell parses as a number (NaN and inf included)."""
    if not frame.width:
        return set()
    parses = frame.select(
        (pl.col(c).cast(pl.Float64, strict=False).is_null() == pl.col(c).is_null()).all()
        for c in frame.columns
    )
    return {c for c, ok in parses.row(0, named=True).items() if ok}


def _choose_key(
    table: str,
    a: pl.DataFrame,
    b: pl.DataFrame,
    numeric: set[str],
    key: tuple[str, ...] | None,
    where: tuple[str, str],
) -> tuple[tuple[str, ...], str]:
    if key:
        for frame, path in zip((a, b), where, strict=True):
            missing = [c for c in key if c not in frame.columns]
            if missing:
                raise ConfigError(
                    f"--key: column {missing[0]!r} is not in {path}; "
                    f"its columns: {', '.join(frame.columns) or '(none)'}"
                )
        return key, "--key"
    common = [c for c in a.columns if c in b.columns]
    known = table_keys().get(table)
    if known and all(c in common for c in known):
        return known, "known"
    leading = tuple(takewhile(lambda c: c not in numeric, common))
    return leading, "leading string columns"


def _side(
    frame: pl.DataFrame, key: tuple[str, ...], ordinal: bool, columns: list[str], tag: str
) -> pl.DataFrame:
    """One side of the join: key (+ row number or ordinal), row index, renamed values."""
    index = _RA if tag == "a" else _RB
    extra = []
    if not key:
        extra.append((pl.col(index) + 1).alias(_ROW))
    elif ordinal:
        extra.append(pl.int_range(pl.len()).over(list(key)).alias(_ORD))
    return (
        frame.with_row_index(index)
        .with_columns(extra)
        .select(
            *key,
            *(e.meta.output_name() for e in extra),
            index,
            *(pl.col(c).alias(f"\0{tag}{i}") for i, c in enumerate(columns)),
        )
    )


def _value_changes(
    aligned: pl.DataFrame,
    columns: list[str],
    numeric: set[str],
    tolerance: float,
) -> list[pl.DataFrame]:
    """One frame per column: the aligned rows where that column's cells differ."""
    out = []
    for i, name in enumerate(columns):
        a, b = pl.col(f"\0a{i}"), pl.col(f"\0b{i}")
        if name in numeric:
            x, y = a.cast(pl.Float64), b.cast(pl.Float64)
            same = (
                (x.is_null() & y.is_null())
                | (x.is_nan() & y.is_nan()).fill_null(False)
                | (x == y).fill_null(False)
                | ((y - x).abs() <= tolerance).fill_null(False)
            )
            delta = (y - x).alias("abs_change")
            rel = pl.when(x != 0).then((y - x) / x.abs()).alias("rel_change")
        else:
            same = (a.is_null() & b.is_null()) | (a == b).fill_null(False)
            delta = pl.lit(None, pl.Float64).alias("abs_change")
            rel = pl.lit(None, pl.Float64).alias("rel_change")
        out.append(
            aligned.filter(~same).select(
                pl.col("key"),
                pl.lit(name).alias("column"),
                a.alias("a"),
                b.alias("b"),
                delta,
                rel,
                pl.col(_RA),
                pl.lit(i, pl.Int64).alias(_POS),
            )
        )
    return out


def compare_frames(
    a: pl.DataFrame,
    b: pl.DataFrame,
    *,
    table: str,
    key: tuple[str, ...] | None = None,
    tolerance: float = 0.0,
    where: tuple[str, str] = ("A", "B"),
) -> tuple[TableSummary, pl.DataFrame]:
    """Compare two string-typed frames of one table; returns its summary and changes.

    `table` is the file name (``articles.csv``); its stem picks the key from the table registry
    unless `key` is given. `where` names the two sides in error messages.
    """
    stem = table.removesuffix(".csv")
    numeric = _numeric_columns(a) & _numeric_columns(b)
    key, source = _choose_key(stem, a, b, numeric, key, where)
    ordinal = bool(key) and any(
        f.height and f.select(pl.struct(key).is_duplicated().any()).item() for f in (a, b)
    )
    columns = [c for c in a.columns if c in b.columns and c not in key]
    removed_columns = tuple(c for c in a.columns if c not in b.columns)
    added_columns = tuple(c for c in b.columns if c not in a.columns)

    join_on = [*key, _ORD] if ordinal else ([*key] if key else [_ROW])
    joined = _side(a, key, ordinal, columns, "a").join(
        _side(b, key, ordinal, columns, "b"),
        on=join_on,
        how="full",
        coalesce=True,
        nulls_equal=True,
    )
    shown = [pl.col(k) for k in key] if key else [pl.col(_ROW).alias("row")]
    if ordinal:
        shown.append(pl.col(_ORD).alias("#"))
    joined = joined.with_columns(pl.struct(shown).struct.json_encode().alias("key"))
    aligned = joined.filter(pl.col(_RA).is_not_null() & pl.col(_RB).is_not_null())
    removed = joined.filter(pl.col(_RB).is_null()).sort(_RA)
    added = joined.filter(pl.col(_RA).is_null()).sort(_RB)

    per_column = _value_changes(aligned, columns, numeric, tolerance)
    values = pl.concat(per_column).sort(_RA, _POS) if per_column else None
    frames = [
        _rows(removed_columns, change="column_removed", column=True),
        _rows(added_columns, change="column_added", column=True),
        _rows(removed.get_column("key").to_list(), change="row_removed"),
        _rows(added.get_column("key").to_list(), change="row_added"),
    ]
    if values is not None and values.height:
        frames.append(values.drop(_RA, _POS).with_columns(pl.lit("value").alias("change")))
    changes = pl.concat([_conform(f.with_columns(pl.lit(table).alias("table"))) for f in frames])
    summary = TableSummary(
        table=table,
        key=key,
        key_source=source,
        ordinal=ordinal,
        aligned=aligned.height,
        added=added.height,
        removed=removed.height,
        values=sum(f.height for f in per_column),
        changed_columns=tuple(c for c, f in zip(columns, per_column, strict=True) if f.height),
        added_columns=added_columns,
        removed_columns=removed_columns,
    )
    return summary, changes


def _rows(items: Any, *, change: str, column: bool = False) -> pl.DataFrame:
    items = list(items)
    return pl.DataFrame(
        {"change": [change] * len(items), "column" if column else "key": items},
        schema={"change": pl.String, "column" if column else "key": pl.String},
    )


def _conform(frame: pl.DataFrame) -> pl.DataFrame:
    """The columns of `CHANGE_SCHEMA`, in order, missing ones as nulls."""
    return frame.select(
        pl.col(c).cast(t) if c in frame.columns else pl.lit(None, t).alias(c)
        for c, t in CHANGE_SCHEMA.items()
    )


def _empty_changes() -> pl.DataFrame:
    return pl.DataFrame(schema=CHANGE_SCHEMA)


def _manifest_changes(a_dir: Path, b_dir: Path) -> tuple[pl.DataFrame, list[str]]:
    """config_hash and package versions that differ (timings and paths ignored)."""
    manifests = []
    for folder in (a_dir, b_dir):
        path = folder / "manifest.json"
        try:
            manifests.append(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            manifests.append(None)
        except (OSError, ValueError) as exc:
            raise DataError(f"{path}: not a readable manifest ({exc})") from exc
    ma, mb = manifests
    if ma is None or mb is None:
        if ma is None and mb is None:
            return _empty_changes(), []
        return _empty_changes(), [f"manifest.json: only in {'A' if mb is None else 'B'}"]
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
    return _conform(frame), notes


def _short(value: object) -> str:
    text = str(value)
    return text[:12] + "..." if len(text) > 40 else text  # a hash: its prefix is enough


def _csv_names(folder: Path) -> set[str]:
    return {p.name for p in folder.glob("*.csv") if p.is_file()}


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
        view.add_row(*("" if v is None else str(v) for v in row))
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
            rows = read_as_written(present / name).height
            summaries.append(TableSummary(table=name, only_in=side, rows=rows))
            change = "table_removed" if side == "A" else "table_added"
            parts.append(_rows([None], change=change).with_columns(pl.lit(name).alias("table")))
            continue
        own_key = key if key and name.removesuffix(".csv") not in table_keys() else None
        summary, changes = compare_frames(
            read_as_written(a / name), read_as_written(b / name), table=name, key=own_key,
            tolerance=tolerance, where=(str(a / name), str(b / name)),
        )  # fmt: skip
        summaries.append(summary)
        parts.append(changes)
    manifest, notes = _manifest_changes(a, b)
    parts.append(manifest)
    changes = pl.concat([_conform(p) for p in parts])
    return Comparison(changes=changes, tables=summaries, notes=notes, tolerance=tolerance)
