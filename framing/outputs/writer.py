"""Writing a run: one folder per run, every file atomic, the manifest last.

A run is assembled in ``<root>/<study>/.<run-id>.partial/`` and renamed to
``<root>/<study>/<run-id>/`` only after ``manifest.json`` (``"status": "complete"``)
is in it, so a folder without the ``.partial`` suffix is always a finished run and
an interrupted run never looks complete. Earlier runs are never opened for writing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from framing.errors import DataError, interrupted
from framing.outputs.partial import PartialFolder, remove_stale

# A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; move it into place only on success.

    A symbolic link at `path` is replaced by the new file, never written through: a
    run folder someone sent you may hold a ``report.html`` linking to any file of
    yours. `DataError` naming `path` when it cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise DataError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    os.close(fd)
    tmp_path = Path(tmp)
    # mkstemp makes the file private (0600); give it the mode a plain open() would,
    # or keep the mode of the regular file it replaces.
    if path.is_file() and not path.is_symlink():
        shutil.copymode(path, tmp_path)
    else:
        os.chmod(tmp_path, 0o666 & ~_umask())
    try:
        yield tmp_path
        os.replace(tmp_path, path)  # replaces a link itself, not what it points to
    except OSError as exc:
        raise DataError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    finally:
        tmp_path.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(path: Path, text: str) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def neutralise_formulas(frame: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame | pl.LazyFrame:
    """Prefix ``'`` to text cells a spreadsheet would run as a formula.

    Only String columns change; numbers (including negative ones) stay numbers.
    """
    pattern = "^[" + "".join("\\" + c if c in "-+" else c for c in FORMULA_TRIGGERS) + "]"
    pattern = pattern.replace("\t", "\\t").replace("\r", "\\r")
    schema = frame.collect_schema() if isinstance(frame, pl.LazyFrame) else frame.schema
    text_columns = [name for name, dtype in schema.items() if dtype == pl.String]
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(pattern))
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c in text_columns
    )


def write_csv(path: Path, frame: pl.DataFrame | pl.LazyFrame) -> None:
    """UTF-8, comma-separated, header row, formula-safe text, written atomically.

    A LazyFrame (e.g. a scan of Parquet parts) is streamed to the file, never held
    in memory whole.
    """
    schema = frame.collect_schema() if isinstance(frame, pl.LazyFrame) else frame.schema
    nested = [n for n, t in schema.items() if t.is_nested()]
    if nested:
        raise DataError(f"{path.name}: columns {nested} are lists; flatten them before writing")
    safe = neutralise_formulas(frame)
    with atomic_path(path) as tmp:
        if isinstance(safe, pl.LazyFrame):
            safe.sink_csv(tmp, include_header=True, null_value="", maintain_order=True)
        else:
            safe.write_csv(tmp, include_header=True, null_value="")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def new_run_id(study_dir: Path, config_hash: str) -> str:
    """``YYYYmmddTHHMMSSZ-<config hash prefix>``, with a counter if the name is taken."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    base = f"{stamp}-{config_hash[:8]}"
    run_id, n = base, 1
    while (study_dir / run_id).exists() or (study_dir / f".{run_id}.partial").exists():
        n += 1
        run_id = f"{base}-{n}"
    return run_id


class RunWriter:
    """Collects a run's files in a `.partial` folder, then publishes it."""

    def __init__(self, root: Path, study: str, config_hash: str) -> None:
        self.study_dir = root / study
        try:
            self.study_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DataError(f"{self.study_dir}: cannot create ({exc.strerror or exc})") from exc
        # Folders of runs that were killed (their lock is free): nothing will finish them.
        self.removed = remove_stale(self.study_dir)
        self.run_id = new_run_id(self.study_dir, config_hash)
        self.final_dir = self.study_dir / self.run_id
        self.partial_dir = self.study_dir / f".{self.run_id}.partial"
        self._partial = PartialFolder(self.partial_dir)
        self.written: dict[str, int] = {}
        # Each CSV's column types, for the manifest: a reader checks an edited table
        # against them (`framing.outputs.reader`).
        self.columns: dict[str, dict[str, str]] = {}
        self.manifest: dict[str, Any] = {}

    def table(self, name: str, frame: pl.DataFrame | pl.LazyFrame) -> None:
        write_csv(self.partial_dir / f"{name}.csv", frame)
        schema = frame.collect_schema() if isinstance(frame, pl.LazyFrame) else frame.schema
        self.columns[f"{name}.csv"] = {c: str(t.base_type()) for c, t in schema.items()}
        if isinstance(frame, pl.LazyFrame):
            self.written[f"{name}.csv"] = frame.select(pl.len()).collect().item()
        else:
            self.written[f"{name}.csv"] = frame.height

    def notes(self) -> list[str]:
        """What the writer did besides writing the run, for the manifest's notes."""
        if not self.removed:
            return []
        folders = ", ".join(self.removed)
        return [f"removed {len(self.removed)} unfinished folder(s) of killed runs: {folders}"]

    def text(self, filename: str, content: str) -> None:
        write_text(self.partial_dir / filename, content)

    def publish(self, manifest: dict[str, Any]) -> Path:
        """Write the manifest (last) and move the run into place."""
        if interrupted.is_set():
            raise KeyboardInterrupt
        manifest = {
            **manifest,
            "status": "complete",
            "rows": dict(sorted(self.written.items())),
            "columns": dict(sorted(self.columns.items())),
        }
        self.manifest = manifest
        write_text(
            self.partial_dir / "manifest.json",
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
        )
        self._partial.unlock_for_publishing()
        os.replace(self.partial_dir, self.final_dir)
        self._partial.close()
        return self.final_dir

    def discard(self) -> None:
        """Remove the unfinished run (after an error or an interrupt); best effort."""
        shutil.rmtree(self.partial_dir, ignore_errors=True)
        self._partial.close()
