"""Read a study's inputs as `RawArticle`s: files per outlet, or one table.

Sources are files per outlet (globs relative to the config) or one table (.csv,
.jsonl, .parquet) with a column mapping. Text is decoded as UTF-8 (a BOM is
dropped, CRLF and CR become LF); anything else is an error naming the file. Each
input is hashed (sha256) as it is listed: an article's cache key is known before it
is segmented (`framing.corpus.batch`).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from framing.config import ColumnMap, Study
from framing.corpus.dates import date_from_name, parse_date
from framing.errors import ConfigError, DataError


@dataclass(frozen=True)
class RawArticle:
    outlet: str
    article_id: str
    source: str
    text: str
    title: str | None = None
    labels: dict[str, str | None] = field(default_factory=dict)
    # For a file not read yet (`text` empty until `load_texts`): where it is.
    path: Path | None = None
    # sha256 of the input as read (file bytes, or title and text of a table row): the
    # cache key of the article, known before it is segmented.
    input_hash: str = ""


def decode(data: bytes, source: Path | str) -> str:
    """UTF-8 text with BOM removed and line ends normalised; `DataError` otherwise."""
    if b"\x00" in data[:8192]:
        raise DataError(f"{source}: looks like a binary file (NUL bytes); give plain UTF-8 text")
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        at = bom + exc.start  # an offset into the file, BOM included
        raise DataError(
            f"{source}: not valid UTF-8 (byte {at}: {data[at : at + 1]!r}); "
            "re-save it as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)"
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _display(path: Path, study: Study, shown_dirs: dict[str, str | None] | None = None) -> str:
    """`path` relative to the config's folder when it lies inside it (symlinks
    resolved), else as given. `shown_dirs` memoises how each folder is shown (its
    relative path and a separator, or None when outside): resolving every file of a
    100k-file corpus took seconds, and pathlib's parsing of each path most of the rest."""
    if shown_dirs is None or os.path.islink(path):
        try:
            return str(path.resolve().relative_to(study.base_dir))
        except ValueError:
            return str(path)
    text = str(path)
    folder, _, name = text.rpartition(os.sep)
    if folder not in shown_dirs:
        try:
            relative = str(path.parent.resolve().relative_to(study.base_dir))
            shown_dirs[folder] = "" if relative == "." else relative + os.sep
        except ValueError:
            shown_dirs[folder] = None
    prefix = shown_dirs[folder]
    return text if prefix is None else prefix + name


def read_table(study: Study) -> tuple[list[RawArticle], list[Path]]:
    """Every row of the study's ``corpus.table`` as an article, and the table's path.

    Raises `ConfigError` for a missing table or a mapped column it lacks, `DataError`
    for a table that cannot be read or a row without outlet or with a repeated id.
    """
    assert study.corpus.table is not None
    path = study.resolve(study.corpus.table)
    shown = _display(path, study)
    where = study.source or "config"
    if not path.is_file():
        raise ConfigError(
            f"{where}: corpus.table: {str(study.corpus.table)!r} not found (looked in {path})"
        )
    frame = _read_frame(path, shown, where)
    target = study.models.target
    # Label columns (kept on each article, written to articles.csv) and their setting.
    labels = {c: "corpus.meta_columns" for c in study.corpus.meta_columns}
    if target != "outlet":
        labels[target] = "models.target"
    _check_columns(frame, study.corpus.columns, labels, shown, where)
    articles = _table_articles(frame, study.corpus.columns, list(labels), shown)
    check_one_value_per_outlet(articles, study.corpus.meta_columns, shown)
    return articles, [path]


def check_one_value_per_outlet(
    articles: list[RawArticle], columns: tuple[str, ...], shown: str
) -> None:
    """`DataError` naming the row where a meta column's value differs from the
    outlet's earlier rows (an empty cell is no value, and conflicts with nothing)."""
    first: dict[tuple[str, str], tuple[str, str]] = {}
    for article in articles:
        for column in columns:
            value = (article.labels.get(column) or "").strip()
            if not value:
                continue
            seen = first.setdefault((article.outlet, column), (value, article.source))
            if seen[0] != value:
                raise DataError(
                    f"{shown}: {_row_of(article.source)}: column {column!r} is {value!r} for "
                    f"outlet {article.outlet!r}, but {_row_of(seen[1])} says {seen[0]!r}; "
                    "a meta column holds one value per outlet"
                )


def _row_of(source: str) -> str:
    """``row 7`` from a table article's source ``table.csv#row7``."""
    return "row " + source.rsplit("#row", 1)[-1]


def _read_frame(path: Path, shown: str, where: str) -> pl.DataFrame:
    """The table at `path`, read by its suffix (a CSV's cells all as strings)."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            # Decoded strictly first, so a Latin-1 table is an error naming the file and
            # the byte, as for text files, never silently turned into U+FFFD.
            return pl.read_csv(decode(path.read_bytes(), shown).encode(), infer_schema=False)
        if suffix in (".jsonl", ".ndjson"):
            return pl.read_ndjson(path, infer_schema_length=None)
        if suffix == ".parquet":
            return pl.read_parquet(path)
        raise ConfigError(f"{where}: corpus.table: {shown} must end in .csv, .jsonl or .parquet")
    except (pl.exceptions.PolarsError, OSError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataError(f"{shown}: cannot read table ({first_line})") from exc


def _check_columns(
    frame: pl.DataFrame, columns: ColumnMap, labels: dict[str, str], shown: str, where: str
) -> None:
    """`ConfigError` naming the setting whose column `frame` lacks (`labels`: label
    column -> the setting that asks for it)."""
    mapping = {f"corpus.columns.{key}": column for key, column in columns.model_dump().items()}
    for setting, column in [*mapping.items(), *((s, c) for c, s in labels.items())]:
        if column is not None and column not in frame.columns:
            raise ConfigError(
                f"{where}: {setting}: column {column!r} is not in {shown} "
                f"(columns: {', '.join(frame.columns)})"
            )


def _table_articles(
    frame: pl.DataFrame, columns: ColumnMap, labels: list[str], shown: str
) -> list[RawArticle]:
    """One article per row of `frame` (ids ``row000001``… when no id column is mapped)."""
    frame = frame.with_columns(pl.col(c).cast(pl.String) for c in frame.columns)
    articles: list[RawArticle] = []
    seen: set[tuple[str, str]] = set()
    for row_number, row in enumerate(frame.iter_rows(named=True), start=1):
        outlet = (row[columns.outlet] or "").strip()
        article_id = (row[columns.id] or "").strip() if columns.id else f"row{row_number:06d}"
        if not outlet:
            raise DataError(f"{shown}: row {row_number}: empty outlet in column {columns.outlet!r}")
        if (outlet, article_id) in seen:
            raise DataError(
                f"{shown}: row {row_number}: article id {article_id!r} appears twice for outlet "
                f"{outlet!r}; ids in column {columns.id!r} must be unique per outlet"
            )
        seen.add((outlet, article_id))
        text = (row[columns.text] or "").replace("\r\n", "\n").replace("\r", "\n")
        title = row[columns.title] if columns.title else None
        dated = {}
        if columns.date is not None:
            try:
                dated["date"] = parse_date(row[columns.date])
            except ValueError as exc:
                raise DataError(
                    f"{shown}: row {row_number}: column {columns.date!r}: {exc}; give "
                    "dates as YYYY-MM-DD (or leave the cell empty: undated)"
                ) from exc
        articles.append(
            RawArticle(
                outlet,
                article_id,
                f"{shown}#row{row_number}",
                text,
                title=title.strip() if title and title.strip() else None,
                labels={**{c: row[c] for c in labels}, **dated},
            )
        )
    return articles


def list_inputs(study: Study) -> tuple[list[RawArticle], dict[Path, str]]:
    """Every input article, sorted by ``(outlet, article_id)``, and each file's sha256.

    Files are read, checked to decode and hashed here, but their text is not kept
    (`load_texts` reads it again where it is segmented), so listing a large corpus
    costs little memory. Table rows keep their text.
    """
    if study.corpus.table is not None:
        raw, digests = _list_table(study)
    else:
        raw, digests = _list_files(study)
    return sorted(raw, key=lambda a: (a.outlet, a.article_id)), digests


def _list_table(study: Study) -> tuple[list[RawArticle], dict[Path, str]]:
    """The table's rows of the study's outlets (all when none are listed), each with
    the sha256 of its title and text; and the table file's sha256."""
    raw, files = read_table(study)
    if study.outlets:
        known = {o.id for o in study.outlets}
        raw = [a for a in raw if a.outlet in known]
    digests = {path: _sha256(path.read_bytes()) for path in files}
    raw = [replace(a, input_hash=_sha256(f"{a.title or ''}\x00{a.text}".encode())) for a in raw]
    return raw, digests


def _list_files(study: Study) -> tuple[list[RawArticle], dict[Path, str]]:
    """One article per outlet file (id: the file's stem, text not kept), each file
    checked to decode; and each file's sha256."""
    raw: list[RawArticle] = []
    digests: dict[Path, str] = {}
    ids: dict[tuple[str, str], Path] = {}
    shown_dirs: dict[str, str | None] = {}
    patterns = {o.id: re.compile(o.date_pattern) for o in study.outlets if o.date_pattern}
    for outlet, path in study.outlet_files():
        data = _read_bytes(path)
        shown = _display(path, study, shown_dirs)
        decode(data, shown)  # fail now, naming the file, not half-way through a run
        article_id = path.stem
        if (outlet, article_id) in ids:
            raise DataError(
                f"{shown}: article id {article_id!r} of outlet {outlet!r} already comes "
                f"from {_display(ids[outlet, article_id], study)}; give files distinct names"
            )
        ids[outlet, article_id] = path
        digests[path] = _sha256(data)
        labels = _file_date(patterns, outlet, path, shown) if study.has_dates() else {}
        raw.append(
            RawArticle(
                outlet, article_id, shown, "", path=path, input_hash=digests[path], labels=labels
            )
        )
    return raw, digests


def _file_date(
    patterns: dict[str, re.Pattern[str]], outlet: str, path: Path, shown: str
) -> dict[str, str | None]:
    """The ``date`` label of a file: its outlet's `date_pattern` found in its name
    (None: undated, also for an outlet without a pattern)."""
    pattern = patterns.get(outlet)
    try:
        return {"date": date_from_name(pattern, path.name) if pattern else None}
    except ValueError as exc:
        raise DataError(
            f"{shown}: date_pattern of outlet {outlet!r}: {exc}; fix the pattern or the file name"
        ) from exc


def load_texts(raw: list[RawArticle]) -> list[RawArticle]:
    """`raw` with the text of every file-backed article read and decoded."""
    return [
        replace(a, text=decode(_read_bytes(a.path), a.source), path=None) if a.path else a
        for a in raw
    ]


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror})") from exc


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
