"""Comparing two versions of one table: rows aligned on its key, cells compared as
written (numbers numerically, within an absolute tolerance), every difference one row
of a changes table with the columns of `CHANGE_SCHEMA` (see `framing.commands.compare`
for what each change means)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import takewhile
from typing import Any

import polars as pl

from framing.errors import ConfigError
from framing.outputs.tables import keys as table_keys

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
            return (
                f"{self.table}: only in {self.only_in} ({plural(self.rows, 'row')}; table {kind})"
            )
        text = (
            f"{self.table}: {plural(self.aligned, 'row')} aligned, {self.added} added, "
            f"{self.removed} removed, {plural(self.values, 'value')} changed in "
            f"{plural(len(self.changed_columns), 'column')}"
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


def plural(count: int, noun: str) -> str:
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
        rows_of(removed_columns, change="column_removed", column=True),
        rows_of(added_columns, change="column_added", column=True),
        rows_of(removed.get_column("key").to_list(), change="row_removed"),
        rows_of(added.get_column("key").to_list(), change="row_added"),
    ]
    if values is not None and values.height:
        frames.append(values.drop(_RA, _POS).with_columns(pl.lit("value").alias("change")))
    changes = pl.concat([conform(f.with_columns(pl.lit(table).alias("table"))) for f in frames])
    summary = TableSummary(
        table=table, key=key, key_source=source, ordinal=ordinal, aligned=aligned.height,
        added=added.height, removed=removed.height, values=sum(f.height for f in per_column),
        changed_columns=tuple(c for c, f in zip(columns, per_column, strict=True) if f.height),
        added_columns=added_columns, removed_columns=removed_columns,
    )  # fmt: skip
    return summary, changes


def rows_of(items: Any, *, change: str, column: bool = False) -> pl.DataFrame:
    items = list(items)
    return pl.DataFrame(
        {"change": [change] * len(items), "column" if column else "key": items},
        schema={"change": pl.String, "column" if column else "key": pl.String},
    )


def conform(frame: pl.DataFrame) -> pl.DataFrame:
    """The columns of `CHANGE_SCHEMA`, in order, missing ones as nulls."""
    return frame.select(
        pl.col(c).cast(t) if c in frame.columns else pl.lit(None, t).alias(c)
        for c, t in CHANGE_SCHEMA.items()
    )


def empty_changes() -> pl.DataFrame:
    return pl.DataFrame(schema=CHANGE_SCHEMA)
