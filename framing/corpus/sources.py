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

from framing.config import Study
from framing.corpus.dates import date_from_name
from framing.errors import DataError


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
    """UTF-8 text with BOM removed and line ends normalised; `DataError` otherwise.

    A NUL byte anywhere marks a binary file: no text uses it, and many tools would cut
    the text there."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise DataError(
            f"{source}: looks like a binary file (a NUL byte at byte {nul}); give plain UTF-8 text"
        )
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
    from framing.corpus.tables import read_table

    raw, digests = read_table(study)
    if study.outlets:
        known = {o.id for o in study.outlets}
        raw = [a for a in raw if a.outlet in known]
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
    """`raw` with the text of every file-backed article read and decoded.

    `DataError` when a file's bytes no longer have the sha256 they had when listed:
    the file changed during the run, and its features would be stored (and served to
    later runs) under the hash of other bytes."""
    return [replace(a, text=_text_as_listed(a), path=None) if a.path else a for a in raw]


def _text_as_listed(article: RawArticle) -> str:
    assert article.path is not None
    data = _read_bytes(article.path)
    if article.input_hash and _sha256(data) != article.input_hash:
        raise DataError(
            f"{article.source}: changed while the run was reading it (its sha256 is no longer "
            f"{article.input_hash[:12]}…); run the study again once the corpus stops changing"
        )
    return decode(data, article.source)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror})") from exc


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
