"""Content-addressed cache of per-article feature results.

An entry is keyed by ``(family key, content hash)``: the family key digests the
family's name and version, its options, the parts of the study it reads
(`Family.reads`), the keys of the families it requires and the framing version; the
content hash digests the article's cleaned headline and body (`framing.corpus.batch`). So
re-running a study recomputes nothing, changing one family's settings recomputes
that family only, and a new outlet's articles are the only misses after
``framing outlets add``. Corpus-wide tables (terms, stats, models) are never cached.

Storage is one SQLite file, ``<out root>/.framing-cache/features.sqlite``. Results are
stored a chunk at a time as Arrow IPC (never pickle), each chunk with the content
hash of every row (``_hash``) and each row's position within its article (``_pos``).
A chunk and its index rows are written in one transaction, so an interrupted run
never leaves a half-written entry that a later run could read back.

A cache can also be damaged (a disk error, a copy cut short), unreadable or
read-only. Every blob carries the sha256 of its bytes, checked before any of its
results are used: a blob that fails its check is never read, its articles are
computed again and stored anew. A cache that cannot be opened or read is not used
at all (the run computes everything), and one that cannot be written is only read;
each case is a note on stderr and in the manifest naming the file (`notes`).
"""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from framing.corpus import KEY
from framing.errors import DataError
from framing.features.base import stack_frames

CACHE_DIRNAME = ".framing-cache"
# Bump when the stored layout changes: every old entry then misses.
# 2: each blob starts with `BLOB_MAGIC` and the sha256 of the Arrow IPC bytes after it.
CACHE_FORMAT = "2"
BLOB_MAGIC = b"framing-cache-blob-2\n"
_DIGEST = 32  # bytes of a sha256
HASH = "_hash"
POS = "_pos"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY,
    family_key TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS parts (
    chunk INTEGER NOT NULL REFERENCES chunks(id),
    part TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (chunk, part)
);
CREATE TABLE IF NOT EXISTS entries (
    family_key TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    chunk INTEGER NOT NULL REFERENCES chunks(id),
    PRIMARY KEY (family_key, content_hash)
) WITHOUT ROWID;
"""


def _digest(value: Any) -> str:
    blob = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def family_key(
    name: str, version: str, options: Any, reads: Any, upstream: Iterable[str], framing: str
) -> str:
    """The cache key of one family's results for a given study (hex sha256)."""
    return _digest(
        {
            "format": CACHE_FORMAT,
            "framing": framing,
            "family": name,
            "version": version,
            "options": options,
            "reads": reads,
            "upstream": sorted(upstream),
        }
    )


@dataclass
class Tagged:
    """One family's per-article results with ``_hash`` (and ``_pos``) columns.

    `articles` has one row per content hash; `sentences` and each detail table one row
    per (hash, position within the article). A frame of width 0 means the family
    writes no such rows.
    """

    articles: pl.DataFrame = field(default_factory=pl.DataFrame)
    sentences: pl.DataFrame = field(default_factory=pl.DataFrame)
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)

    def parts(self) -> dict[str, pl.DataFrame]:
        return {
            "articles": self.articles,
            "sentences": self.sentences,
            **{f"table:{n}": t for n, t in self.tables.items()},
        }

    @staticmethod
    def from_parts(parts: dict[str, pl.DataFrame]) -> Tagged:
        return Tagged(
            articles=parts.get("articles", pl.DataFrame()),
            sentences=parts.get("sentences", pl.DataFrame()),
            tables={k.split(":", 1)[1]: v for k, v in parts.items() if k.startswith("table:")},
        )

    def filter(self, hashes: set[str]) -> Tagged:
        def keep(frame: pl.DataFrame) -> pl.DataFrame:
            return frame.filter(pl.col(HASH).is_in(list(hashes))) if frame.width else frame

        return Tagged(
            keep(self.articles), keep(self.sentences), {n: keep(t) for n, t in self.tables.items()}
        )

    @staticmethod
    def concat(parts: list[Tagged]) -> Tagged:
        def stack(frames: list[pl.DataFrame]) -> pl.DataFrame:
            # Diagonal: rows read from the cache and rows just computed are matched by
            # column name, whatever their order.
            return stack_frames(frames, how="diagonal_relaxed")

        names = sorted({n for p in parts for n in p.tables})
        return Tagged(
            stack([p.articles for p in parts]),
            stack([p.sentences for p in parts]),
            {n: stack([p.tables[n] for p in parts if n in p.tables]) for n in names},
        )


class CacheUnusable(Exception):
    """The cache cannot be opened or read; the message says why (one line)."""


def _to_blob(frame: pl.DataFrame) -> bytes:
    """Arrow IPC bytes, preceded by a marker and their sha256."""
    buffer = io.BytesIO()
    frame.write_ipc(buffer, compression="zstd")
    payload = buffer.getvalue()
    return BLOB_MAGIC + hashlib.sha256(payload).digest() + payload


def _payload(blob: object) -> bytes | None:
    """A blob's Arrow IPC bytes if the blob passes its check, else None."""
    if not isinstance(blob, bytes) or not blob.startswith(BLOB_MAGIC):
        return None
    start = len(BLOB_MAGIC) + _DIGEST
    payload = blob[start:]
    if hashlib.sha256(payload).digest() != blob[len(BLOB_MAGIC) : start]:
        return None
    return payload


def _reason(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


class FeatureCache:
    """The SQLite store behind the cache; one connection, used by the parent process.

    `CacheUnusable` when the database cannot be opened or its tables read. A failed
    write stops further writes (`writable`) and adds a note; the run goes on."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / "features.sqlite"
        self.writable = True
        self.notes: list[str] = []
        if self.path.is_symlink():  # written to by this run: never through a link
            raise CacheUnusable(f"{self.path} is a symbolic link")
        try:
            directory.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            self._db.executescript(_SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            raise CacheUnusable(f"{self.path}: {_reason(exc)}") from exc

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> FeatureCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def hits(self, key: str, hashes: list[str]) -> dict[str, int]:
        """``{content hash: chunk id}`` for the hashes stored under `key`."""
        found: dict[str, int] = {}
        step = 900  # SQLite's default limit on host parameters is 999
        try:
            for start in range(0, len(hashes), step):
                batch = hashes[start : start + step]
                marks = ",".join("?" * len(batch))
                rows = self._db.execute(
                    f"SELECT content_hash, chunk FROM entries WHERE family_key = ? "
                    f"AND content_hash IN ({marks})",
                    [key, *batch],
                )
                found.update(rows.fetchall())
        except sqlite3.Error as exc:
            raise CacheUnusable(f"{self.path}: {_reason(exc)}") from exc
        return found

    def failing_chunks(self, chunks: set[int]) -> set[int]:
        """The `chunks` with a blob that fails its check (or with no blob at all)."""
        failing = set()
        try:
            for chunk in sorted(chunks):
                rows = self._db.execute("SELECT data FROM parts WHERE chunk = ?", [chunk])
                blobs = [data for (data,) in rows]
                if not blobs or any(_payload(blob) is None for blob in blobs):
                    failing.add(chunk)
        except sqlite3.Error as exc:
            raise CacheUnusable(f"{self.path}: {_reason(exc)}") from exc
        return failing

    def load(self, hits: dict[str, int]) -> Tagged:
        """The stored rows of the hit hashes (any order; callers reorder). The chunks
        were checked before the run (`failing_chunks`); one failing now is an error."""
        wanted: dict[int, set[str]] = {}
        for content_hash, chunk in hits.items():
            wanted.setdefault(chunk, set()).add(content_hash)
        loaded = []
        for chunk in sorted(wanted):
            try:
                rows = self._db.execute("SELECT part, data FROM parts WHERE chunk = ?", [chunk])
                parts = {part: _from_blob(data) for part, data in rows.fetchall()}
            except (sqlite3.Error, ValueError, pl.exceptions.PolarsError, OSError) as exc:
                raise DataError(
                    f"{self.path}: a cached result became unreadable during the run "
                    f"({_reason(exc)}); run again, or with --no-cache"
                ) from exc
            loaded.append(Tagged.from_parts(parts).filter(wanted[chunk]))
        return Tagged.concat(loaded)

    def store(self, key: str, tagged: Tagged, hashes: list[str]) -> None:
        """Store one computed chunk's rows for `hashes`, all or nothing."""
        self.store_all([(key, tagged, hashes)])

    def store_all(self, items: list[tuple[str, Tagged, list[str]]]) -> None:
        """Store every family's rows of one chunk in one transaction: all or nothing.
        A failure (read-only, disk full, locked too long) rolls back, stops writing
        for the rest of the run and adds a note."""
        if not self.writable:
            return
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                for key, tagged, hashes in items:
                    chunk = db.execute(
                        "INSERT INTO chunks (family_key) VALUES (?)", [key]
                    ).lastrowid
                    db.executemany(
                        "INSERT INTO parts (chunk, part, data) VALUES (?, ?, ?)",
                        [(chunk, name, _to_blob(frame)) for name, frame in tagged.parts().items()],
                    )
                    db.executemany(
                        "INSERT OR REPLACE INTO entries (family_key, content_hash, chunk) "
                        "VALUES (?, ?, ?)",
                        [(key, h, chunk) for h in hashes],
                    )
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            self.writable = False
            self.notes.append(
                f"new results could not be stored in the feature cache {self.path} "
                f"({_reason(exc)}); later runs compute them again"
            )


def _from_blob(blob: object) -> pl.DataFrame:
    payload = _payload(blob)
    if payload is None:
        raise ValueError("a blob failed its sha256 check")
    return pl.read_ipc(io.BytesIO(payload))


def tag(frames: Any, batch: Any) -> Tagged:
    """`Extracted` of `batch` → `Tagged`: add each row's content hash and position."""
    article_hash = batch.articles.select(*KEY, pl.col("input_hash").alias(HASH))

    def positions(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.with_columns(pl.int_range(pl.len(), dtype=pl.UInt32).over(HASH).alias(POS))

    articles = frames.articles
    if articles.width:
        articles = articles.with_columns(article_hash.get_column(HASH))
    sentences = frames.sentences
    if sentences.width:
        hashes = batch.sentences.select(KEY).join(
            article_hash, on=KEY, how="left", maintain_order="left"
        )
        sentences = positions(sentences.with_columns(hashes.get_column(HASH)))
    tables = {}
    for name, table in frames.tables.items():
        if not table.width:
            tables[name] = table
            continue
        if not set(KEY) <= set(table.columns):
            raise RuntimeError(f"table {name!r} rows must carry {KEY} to be cached per article")
        tables[name] = positions(
            table.join(article_hash, on=KEY, how="left", maintain_order="left")
        )
    return Tagged(articles, sentences, tables)
