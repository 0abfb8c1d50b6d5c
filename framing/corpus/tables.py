"""Read a corpus table (.csv, .jsonl or .parquet) as `RawArticle`s, one per row.

The table is read once, as bytes: its sha256 (the manifest's) digests exactly the
bytes the rows come from, and it is opened by its own name (``corp[1].parquet`` is
that file, never a glob pattern). Only the mapped columns (``corpus.columns`` and a
label ``models.target``) are read as text: other columns may hold anything, lists
and records included. Problems name the setting (exit 2) or the row (exit 1).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import polars as pl

from framing.config import MAX_ID, ColumnMap, Study
from framing.corpus.dates import parse_date
from framing.corpus.sources import RawArticle, _display, _read_bytes, _sha256, decode
from framing.errors import ConfigError, DataError, printable


def read_table(study: Study) -> tuple[list[RawArticle], dict[Path, str]]:
    """Every row of the study's ``corpus.table`` as an article, and the table's sha256.

    Raises `ConfigError` for a missing table or a mapped column it lacks or that holds
    lists or records; `DataError` for a table that cannot be read, a mapped column
    named twice, or a row with an empty outlet or id, a repeated id or a NUL character.
    """
    assert study.corpus.table is not None
    path = study.resolve(study.corpus.table)
    shown = _display(path, study)
    where = str(study.source or "config")
    if not path.is_file():
        raise ConfigError(
            f"{where}: corpus.table: {str(study.corpus.table)!r} not found (looked in {path})"
        )
    # Label columns (kept on each article, written to articles.csv) and their setting.
    labels = {c: f"corpus.meta_columns[{i}]" for i, c in enumerate(study.corpus.meta_columns)}
    if study.models.target != "outlet":
        labels[study.models.target] = "models.target"
    mapped = _mapping(study.corpus.columns, labels)
    data = _read_bytes(path)
    frame, names, places = _parse(data, path.suffix.lower(), mapped, shown, where)
    frame = _mapped_text(frame, names, mapped, shown, where)
    articles = _table_articles(frame, study.corpus.columns, list(labels), shown, places)
    check_one_value_per_outlet(articles, study.corpus.meta_columns, shown)
    return articles, {path: _sha256(data)}


def _mapping(columns: ColumnMap, labels: dict[str, str]) -> dict[str, str]:
    """Each setting, as the config spells it, and the column it maps (`labels`: label
    column -> the setting that asks for it)."""
    mapping = {
        "corpus.columns.outlet": columns.outlet,
        "corpus.columns.text": columns.text,
        "corpus.columns.title": columns.title,
        "corpus.columns.id": columns.id,
        "corpus.columns.date": columns.date,
        **{setting: column for column, setting in labels.items()},
    }
    return {setting: column for setting, column in mapping.items() if column is not None}


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
    """``row 7`` from a table article's source ``table.csv#row7`` (``line 3`` from
    ``table.jsonl#line3``)."""
    place = source.rsplit("#", 1)[-1]
    return (
        place.replace("row", "row ", 1)
        if place.startswith("row")
        else place.replace("line", "line ", 1)
    )


def _row_date(row: dict[str, str | None], columns: ColumnMap, place: str, shown: str) -> dict:
    """The ``date`` label of a row (none without a mapped date column; None: undated)."""
    if columns.date is None:
        return {}
    try:
        return {"date": parse_date(row[columns.date])}
    except ValueError as exc:
        raise DataError(
            f"{shown}: {place}: column {columns.date!r}: {exc}; give "
            "dates as YYYY-MM-DD (or leave the cell empty: undated)"
        ) from exc


def _parse(
    data: bytes, suffix: str, mapped: dict[str, str], shown: str, where: str
) -> tuple[pl.DataFrame, list[str], list[str] | None]:
    """The table in `data`, parsed by its file's `suffix` (a CSV's cells as strings),
    the names of all its columns (a JSON Lines frame holds the mapped ones only), and
    for JSON Lines where each row is (``line 3``: blank lines are skipped; None for
    the other formats, whose rows are ``row 1``, ``row 2``...)."""
    if suffix not in (".csv", ".jsonl", ".ndjson", ".parquet"):
        raise ConfigError(f"{where}: corpus.table: {shown} must end in .csv, .jsonl or .parquet")
    try:
        if suffix == ".parquet":
            frame = pl.read_parquet(io.BytesIO(data))
            return frame, frame.columns, None
        # Decoded strictly first, so a Latin-1 table is an error naming the file and the
        # byte, as for text files, never silently turned into U+FFFD.
        text = decode(data, shown)
        if suffix == ".csv":
            header = next(csv.reader(io.StringIO(text)), [])
            for setting, column in mapped.items():
                if header.count(column) > 1:  # polars would rename the second one
                    raise DataError(
                        f"{shown}: column {column!r} ({setting}) heads {header.count(column)} "
                        "columns; rename all but one"
                    )
            frame = pl.read_csv(text.encode(), infer_schema=False)
            return frame, frame.columns, None
        return _read_jsonl(text, mapped, shown, where)
    except (pl.exceptions.PolarsError, OSError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataError(f"{shown}: cannot read table ({first_line})") from exc


class _Pairs(list):
    """A JSON object as its ``(key, value)`` pairs, in order, repeated keys kept."""


def _read_jsonl(
    text: str, mapped: dict[str, str], shown: str, where: str
) -> tuple[pl.DataFrame, list[str], list[str]]:
    """A JSON Lines table, one object per non-blank line, as string columns of the
    mapped keys only: other keys may hold anything. A number or boolean becomes its
    JSON text; a mapped key holding a list or object, or given twice in one object,
    is an error."""
    setting_of = {column: setting for setting, column in mapped.items()}
    columns: dict[str, list[str | None]] = {column: [] for column in setting_of}
    names: dict[str, None] = {}  # every key, in order of first appearance
    places: list[str] = []  # the line of each row
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line, object_pairs_hook=_Pairs)
        except json.JSONDecodeError as exc:
            raise DataError(f"{shown}: line {number}: not valid JSON ({exc.msg})") from exc
        if not isinstance(record, _Pairs):
            raise DataError(f"{shown}: line {number}: expected a JSON object ({{...}})")
        row: dict[str, str | None] = {}
        for key, value in record:
            names.setdefault(key)
            if key not in setting_of:
                continue
            if key in row:
                raise DataError(f"{shown}: line {number}: key {key!r} appears twice; keep one")
            if isinstance(value, list):  # a JSON array or object
                kind = "an object" if isinstance(value, _Pairs) else "a list"
                raise ConfigError(
                    f"{where}: {setting_of[key]}: column {key!r} holds {kind} on line {number} "
                    f"of {shown}, not text; map a column of text"
                )
            if isinstance(value, str) and "\\u" in line and not _is_unicode(value):
                raise DataError(
                    f"{shown}: line {number}: key {key!r} holds a lone surrogate escape "
                    "(\\ud800-\\udfff), not text; fix that line"
                )
            row[key] = value if value is None or isinstance(value, str) else json.dumps(value)
        for column, values in columns.items():
            values.append(row.get(column))
        places.append(f"line {number}")
    frame = pl.DataFrame(
        {c: pl.Series(c, v, dtype=pl.String) for c, v in columns.items() if c in names}
    )
    return frame, list(names), places


def _is_unicode(value: str) -> bool:
    """Whether `value` is text (JSON can escape half of a UTF-16 pair, which is not)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _mapped_text(
    frame: pl.DataFrame, names: list[str], mapped: dict[str, str], shown: str, where: str
) -> pl.DataFrame:
    """The mapped columns of `frame` (once each), as text. `ConfigError` naming the
    setting whose column is missing or holds lists or records."""
    for setting, column in mapped.items():
        if column not in frame.columns:
            raise ConfigError(
                f"{where}: {setting}: column {column!r} is not in {shown} "
                f"(columns: {', '.join(names)})"
            )
        dtype = frame.schema[column]
        if dtype.is_nested() or dtype == pl.Object:
            raise ConfigError(
                f"{where}: {setting}: column {column!r} of {shown} holds {dtype}, not text; "
                "map a column of text"
            )
    wanted = list(dict.fromkeys(mapped.values()))
    try:
        return frame.select(pl.col(c).cast(pl.String) for c in wanted)
    except pl.exceptions.PolarsError as exc:  # e.g. binary cells that are not UTF-8
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataError(f"{shown}: a mapped column cannot be read as text ({reason})") from exc


def _first_nul(frame: pl.DataFrame) -> tuple[int, str] | None:
    """(row number from 1, column) of the first cell holding a NUL character, if any."""
    for column in frame.columns:
        hits = frame.get_column(column).str.contains("\x00", literal=True).arg_true()
        if hits.len():
            return hits[0] + 1, column
    return None


def _table_articles(
    frame: pl.DataFrame,
    columns: ColumnMap,
    labels: list[str],
    shown: str,
    places: list[str] | None = None,
) -> list[RawArticle]:
    """One article per row of `frame` (ids ``row000001``… when no id column is mapped);
    `places` says where each row is in the file, for errors (default ``row N``)."""

    def place_of(row_number: int) -> str:
        return places[row_number - 1] if places else f"row {row_number}"

    nul = _first_nul(frame)
    if nul is not None:
        raise DataError(
            f"{shown}: {place_of(nul[0])}: column {nul[1]!r} holds a NUL character (a binary "
            "value?); remove it"
        )
    articles: list[RawArticle] = []
    seen: set[tuple[str, str]] = set()
    for row_number, row in enumerate(frame.iter_rows(named=True), start=1):
        outlet = (row[columns.outlet] or "").strip()
        article_id = (row[columns.id] or "").strip() if columns.id else f"row{row_number:06d}"
        place = place_of(row_number)
        _check_ids(outlet, article_id, columns, place, shown)
        if (outlet, article_id) in seen:
            raise DataError(
                f"{shown}: {place}: article id {article_id!r} appears twice for outlet "
                f"{outlet!r}; ids in column {columns.id!r} must be unique per outlet"
            )
        seen.add((outlet, article_id))
        text = (row[columns.text] or "").replace("\r\n", "\n").replace("\r", "\n")
        title = row[columns.title] if columns.title else None
        articles.append(
            RawArticle(
                outlet,
                article_id,
                f"{shown}#{place.replace(' ', '')}",
                text,
                title=title.strip() if title and title.strip() else None,
                labels={
                    **{c: row[c] for c in labels},
                    **_row_date(row, columns, place, shown),
                },
            )
        )
    return articles


def _check_ids(outlet: str, article_id: str, columns: ColumnMap, place: str, shown: str) -> None:
    """`DataError` naming the row for an empty, overlong or unprintable outlet, or an
    empty or unprintable article id."""
    if not outlet:
        raise DataError(f"{shown}: {place}: empty outlet in column {columns.outlet!r}")
    if len(outlet) > MAX_ID:
        raise DataError(
            f"{shown}: {place}: outlet {outlet[:20]!r}... in column "
            f"{columns.outlet!r} is longer than {MAX_ID} characters; shorten it"
        )
    if printable(outlet) != outlet:  # labels figures and is printed on terminals
        raise DataError(
            f"{shown}: {place}: outlet {outlet!r} in column "
            f"{columns.outlet!r} holds a control character; remove it"
        )
    if printable(article_id) != article_id:  # `framing explain` prints it next to sentences
        raise DataError(
            f"{shown}: {place}: article id {article_id!r} in column "
            f"{columns.id!r} holds a control character; remove it"
        )
    if not article_id:
        raise DataError(
            f"{shown}: {place}: empty article id in column {columns.id!r}; give "
            "every row an id, or leave corpus.columns.id out to number the rows"
        )
