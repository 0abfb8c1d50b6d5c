"""Reading a finished run back: its manifest and tables, for `framing report` and
`framing compare` (one reader, so both see a run the same way).

A run folder may come from anyone, and may have been edited: everything read from it
is checked before use. Its files are opened only if they are regular files, never
through a symbolic link (a FIFO named like a table would hang the reader, a link
would read any file of the machine into a report); the manifest's fields must have
the types framing writes (`ManifestView`); and a table's cells must have the types
the manifest records for its columns (``columns``). Problems are a `DataError`
naming the file, and the key, column or row.

Two ways to read a table: `read_as_written` (every cell a string, empty = missing:
what `compare` diffs) and `read_typed` (numbers as numbers, the table's declared text
columns as text, the ``'`` formula guard the writer added removed: what the report
draws).
"""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path
from typing import Any

import polars as pl
from pydantic import BaseModel, ConfigDict, ValidationError

from framing.errors import ConfigError, DataError
from framing.outputs import tables as registry

NOT_A_RUN = "pass a run folder like outputs/<study>/<run-id>"
EDITED = "was the run folder edited? run the study again for a fresh one"


def read_run_file(path: Path) -> bytes:
    """The bytes of one file of a run folder: `DataError` unless it is a regular file,
    opened by its own name (never through a link, never blocking on a FIFO)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if os.path.islink(path):
            raise DataError(f"{path}: a symbolic link; a run folder holds files only; {EDITED}") from exc
        raise DataError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise DataError(f"{path}: not a regular file (a FIFO, socket or device); {EDITED}")
        return handle.read()


def run_csvs(run_dir: Path) -> list[Path]:
    """Every ``*.csv`` of a run folder, sorted; `DataError` for one that is not a
    regular file (checked here, before anything is read)."""
    found = sorted(p for p in run_dir.iterdir() if p.name.endswith(".csv"))
    for path in found:
        if path.is_symlink() or not path.is_file():
            kind = "a symbolic link" if path.is_symlink() else "not a regular file"
            raise DataError(f"{path}: {kind}; a run folder holds regular files only; {EDITED}")
    return found


def read_as_written(path: Path, *, data: bytes | None = None) -> pl.DataFrame:
    """A CSV with every column as a string; empty cells are missing (null). `data`:
    the file's bytes when already read (a run folder's, by `read_run_file`); else the
    file is read whole first, so a pipe the user named works and a signal stops it."""
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DataError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    try:
        frame = pl.read_csv(io.BytesIO(data), infer_schema=False, encoding="utf8")
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


# What a column type the manifest records (a polars dtype name) is read back as.
_READ_AS = {
    **dict.fromkeys(("Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64"), pl.Int64),
    **dict.fromkeys(("Float32", "Float64"), pl.Float64),
    "Boolean": pl.Boolean,
    **dict.fromkeys(("String", "Null", "Categorical", "Date", "Datetime", "Time"), pl.String),
}  # fmt: skip


def read_typed(csv: Path, columns: dict[str, str] | None = None) -> pl.DataFrame:
    """A run's CSV: names as text, the ``'`` formula guard removed. With `columns`
    (the manifest's column types for this table) every cell must have its column's
    type (`DataError` naming the row otherwise); without (runs before framing recorded
    them), types are inferred."""
    data = read_run_file(csv)
    if columns is not None:
        frame = _typed(csv, read_as_written(csv, data=data), columns)
    else:
        try:
            header = pl.read_csv(io.BytesIO(data), n_rows=0).columns
            text = {c: pl.String for c in header if c in text_columns(csv.stem)}
            frame = pl.read_csv(io.BytesIO(data), infer_schema_length=None, schema_overrides=text)
        except pl.exceptions.NoDataError:
            return pl.DataFrame()
        except pl.exceptions.PolarsError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise DataError(f"{csv}: cannot read as CSV ({first}); {EDITED}") from exc
    guarded = r"^'[=+\-@\t\r]"
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(guarded)).then(pl.col(c).str.slice(1)).otherwise(pl.col(c))
        for c, dtype in frame.schema.items()
        if dtype == pl.String
    )


def _typed(csv: Path, raw: pl.DataFrame, columns: dict[str, str]) -> pl.DataFrame:
    """`raw` (all strings) cast to the recorded `columns` types, strictly."""
    missing = [c for c in columns if c not in raw.columns]
    if missing:
        raise DataError(f"{csv}: column {missing[0]!r}, which the run wrote, is missing; {EDITED}")
    casts = []
    for name in raw.columns:
        dtype = _READ_AS.get(columns.get(name, "String"), pl.String)
        if dtype == pl.Boolean:
            cast = pl.col(name).replace_strict({"true": True, "false": False}, default=None, return_dtype=pl.Boolean)
        else:
            cast = pl.col(name).cast(dtype, strict=False)
        casts.append(cast)
    frame = raw.select(casts)
    for name in raw.columns:
        lost = (raw.get_column(name).is_not_null() & frame.get_column(name).is_null()).arg_true()
        if lost.len():
            row = lost[0]
            cell = raw.get_column(name)[row]
            raise DataError(
                f"{csv}: row {row + 1}, column {name!r}: {cell[:40]!r} is not a "
                f"{columns[name]} value, the type the run wrote; {EDITED}"
            )
    return frame


class _Loose(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)


class _Input(_Loose):
    path: str = ""
    sha256: str = ""
    bytes: int | None = None


class _Skipped(_Loose):
    source: str = ""
    reason: str = ""


class _Cleaning(_Loose):
    outlet: str = ""
    rule: str = ""
    count: int = 0


class _Models(_Loose):
    notes: list[str] = []


class ManifestView(_Loose):
    """The manifest fields `framing report` and `framing compare` read, with the types
    framing writes (other fields pass unchecked)."""

    status: str = ""
    study: str = "framing run"
    description: str = ""
    run_id: str = ""
    config: str = ""
    config_hash: str = ""
    command: str = ""
    cwd: str = ""
    notes: list[str] = []
    models: _Models | None = None
    cleaning: list[_Cleaning] = []
    skipped: list[_Skipped] = []
    inputs: list[_Input] = []
    packages: dict[str, str] = {}
    families: dict[str, str] = {}
    timings_seconds: dict[str, float] = {}
    rows: dict[str, int] = {}
    columns: dict[str, dict[str, str]] | None = None


def check_manifest(path: Path) -> dict[str, Any]:
    """The manifest at `path`, read safely and checked (`ManifestView`): `DataError`
    naming the file and the key otherwise."""
    try:
        manifest = json.loads(read_run_file(path).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise DataError(f"{path}: unreadable manifest ({exc}); {EDITED}") from exc
    if not isinstance(manifest, dict):
        raise DataError(f"{path}: not a JSON object; {EDITED}")
    try:
        checked = ManifestView.model_validate(manifest)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"])
        raise DataError(f"{path}: {key}: {first['msg'].lower()}; {EDITED}") from exc
    for table, types in (checked.columns or {}).items():
        unknown = sorted(set(types.values()) - set(_READ_AS))
        if unknown:
            raise DataError(f"{path}: columns.{table}: unknown column type {unknown[0]!r}; {EDITED}")
    return manifest


def read_manifest(run_dir: Path) -> dict[str, Any]:
    """A finished run's manifest, checked; `ConfigError` for a path that is not a
    complete run folder, `DataError` for a manifest of the wrong shape."""
    where = str(run_dir)
    if not run_dir.is_dir():
        raise ConfigError(f"{where}: not a folder; {NOT_A_RUN}")
    if run_dir.name.endswith(".partial"):
        raise ConfigError(f"{where}: an unfinished run (.partial folder); run the study again")
    path = run_dir / "manifest.json"
    if not os.path.lexists(path):
        raise ConfigError(f"{where}: not a complete run (no manifest.json); {NOT_A_RUN}")
    manifest = check_manifest(path)
    if manifest.get("status") != "complete":
        raise ConfigError(f"{where}: not a complete run (manifest status is not 'complete')")
    return manifest


def load_run(run_dir: Path) -> tuple[dict[str, pl.DataFrame], dict[str, Any]]:
    """A finished run's small tables (every ``*.csv`` but the large per-article ones)
    and its manifest; `ConfigError` or `DataError` otherwise."""
    run_dir = Path(run_dir)
    manifest = read_manifest(run_dir)
    large = registry.large_tables()
    recorded = manifest.get("columns") or {}
    tables = {
        csv.stem: read_typed(csv, recorded.get(csv.name))
        for csv in run_csvs(run_dir)
        if csv.stem not in large
    }
    return tables, manifest
