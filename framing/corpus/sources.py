"""Load a study's articles into polars frames: articles, paragraphs, sentences.

Sources are files per outlet (globs relative to the config) or one table (.csv,
.jsonl, .parquet) with a column mapping. Text is decoded as UTF-8 (a BOM is
dropped, CRLF and CR become LF); anything else is an error naming the file.
Empty files are skipped, counted and reported, never silently dropped.

Numbering (docs/outputs.md): paragraph 0 is the headline (``is_headline``), body
paragraphs count from 1; sentences count from 1 across the body, the headline's
sentence is 0.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import chain
from pathlib import Path

import polars as pl

from framing.config import Study
from framing.corpus.segment import segment_article
from framing.errors import ConfigError, DataError

ARTICLE_SCHEMA = {
    "outlet": pl.String,
    "article_id": pl.String,
    "title": pl.String,
    "text": pl.String,
    "source": pl.String,
    "content_hash": pl.String,
    "input_hash": pl.String,
}
PARAGRAPH_SCHEMA = {
    "outlet": pl.String,
    "article_id": pl.String,
    "paragraph": pl.Int32,
    "is_headline": pl.Boolean,
    "text": pl.String,
}
SENTENCE_SCHEMA = {
    "outlet": pl.String,
    "article_id": pl.String,
    "paragraph": pl.Int32,
    "sentence": pl.Int32,
    "is_headline": pl.Boolean,
    "text": pl.String,
}
KEY = ["outlet", "article_id"]


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


@dataclass
class Batch:
    """Articles with their paragraphs and sentences; the unit features work on.

    `articles` rows are unique on ``(outlet, article_id)``; `paragraphs` and
    `sentences` list each article's rows contiguously, in article order.
    """

    articles: pl.DataFrame
    paragraphs: pl.DataFrame
    sentences: pl.DataFrame

    @cached_property
    def tokens(self) -> pl.DataFrame:
        """The shared tokenisation of every sentence (see `framing.corpus.tokens`)."""
        from framing.corpus.tokens import tokenize_sentences

        return tokenize_sentences(self.sentences)

    def __len__(self) -> int:
        return self.articles.height

    def take(self, keys: pl.DataFrame) -> Batch:
        """The sub-batch of the articles in `keys` (``outlet, article_id``), in their order."""
        order = keys.select(KEY).with_row_index("_order")

        def pick(frame: pl.DataFrame) -> pl.DataFrame:
            # A join keeps each article's rows contiguous and in their original order.
            picked = frame.with_row_index("_row").join(order, on=KEY, how="inner")
            return picked.sort("_order", "_row").drop("_order", "_row")

        return Batch(pick(self.articles), pick(self.paragraphs), pick(self.sentences))


@dataclass
class Corpus:
    # The segmented articles; None after a streamed run that did not need them whole
    # (no family summaries, no models: see `framing.pipeline.study`).
    batch: Batch | None
    # (outlet, article_id, rule, count): what cleaning removed, per article.
    cleaning: pl.DataFrame
    # (source, reason): inputs skipped with a reason (e.g. empty file).
    skipped: list[tuple[str, str]]
    # Every input file read, for the manifest's sha256 list.
    input_files: list[Path]
    # One line per group of articles with the same text under different outlets.
    notes: list[str] = field(default_factory=list)
    # The same groups for the manifest: ``content_hash``, ``outlets`` and ``articles``.
    duplicates: list[dict] = field(default_factory=list)


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


def _display(path: Path, study: Study, resolved_dirs: dict[Path, Path] | None = None) -> str:
    """`path` relative to the config's folder when it lies inside it (symlinks
    resolved), else as given. `resolved_dirs` memoises each folder's real path:
    resolving every file of a 100k-file corpus component by component took seconds."""
    if resolved_dirs is None or path.is_symlink():
        real = path.resolve()
    else:
        folder = resolved_dirs.get(path.parent)
        if folder is None:
            folder = resolved_dirs[path.parent] = path.parent.resolve()
        real = folder / path.name
    try:
        return str(real.relative_to(study.base_dir))
    except ValueError:
        return str(path)


def read_table(study: Study) -> tuple[list[RawArticle], list[Path]]:
    assert study.corpus.table is not None
    path = study.resolve(study.corpus.table)
    shown = _display(path, study)
    where = study.source or "config"
    if not path.is_file():
        raise ConfigError(
            f"{where}: corpus.table: {str(study.corpus.table)!r} not found (looked in {path})"
        )
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            # Decoded strictly first, so a Latin-1 table is an error naming the file and
            # the byte, as for text files, never silently turned into U+FFFD.
            frame = pl.read_csv(decode(path.read_bytes(), shown).encode(), infer_schema=False)
        elif suffix in (".jsonl", ".ndjson"):
            frame = pl.read_ndjson(path, infer_schema_length=None)
        elif suffix == ".parquet":
            frame = pl.read_parquet(path)
        else:
            raise ConfigError(
                f"{where}: corpus.table: {shown} must end in .csv, .jsonl or .parquet"
            )
    except (pl.exceptions.PolarsError, OSError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataError(f"{shown}: cannot read table ({first_line})") from exc

    columns = study.corpus.columns
    mapping = {
        "outlet": columns.outlet,
        "text": columns.text,
        "title": columns.title,
        "id": columns.id,
    }
    target = study.models.target
    labels = [target] if target != "outlet" else []
    for key, column in [*mapping.items(), *(("label", c) for c in labels)]:
        if column is not None and column not in frame.columns:
            setting = f"corpus.columns.{key}" if key != "label" else "models.target"
            raise ConfigError(
                f"{where}: {setting}: column {column!r} is not in {shown} "
                f"(columns: {', '.join(frame.columns)})"
            )
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
        articles.append(
            RawArticle(
                outlet,
                article_id,
                f"{shown}#row{row_number}",
                text,
                title=title.strip() if title and title.strip() else None,
                labels={c: row[c] for c in labels},
            )
        )
    return articles, [path]


def build_batch(
    raw: list[RawArticle],
    *,
    clean: bool = True,
    boilerplate: tuple[str, ...] = (),
    headline: str = "auto",
) -> tuple[Batch, pl.DataFrame, list[tuple[str, str]]]:
    """Segment raw articles into a `Batch`; also the cleaning counts and skipped inputs.

    Raises `ValueError` for an invalid boilerplate pattern.
    """
    # Frames are built column by column (a list per column), which polars turns into a
    # frame several times faster than a list of row dicts. The key columns of the
    # paragraph and sentence frames are the articles' keys gathered by row number:
    # polars copies each key string once per article, not once per row.
    articles: dict[str, list] = {name: [] for name in ARTICLE_SCHEMA}
    labels: list[dict[str, str | None]] = []
    paragraph_article: list[int] = []  # per paragraph row, its row in `articles`
    paragraphs: dict[str, list] = {"paragraph": [], "is_headline": [], "text": []}
    sentence_article: list[int] = []
    sentences: dict[str, list] = {"paragraph": [], "sentence": [], "is_headline": [], "text": []}
    cleaning_schema = {
        "outlet": pl.String,
        "article_id": pl.String,
        "rule": pl.String,
        "count": pl.Int64,
    }
    cleaning: dict[str, list] = {name: [] for name in cleaning_schema}
    skipped: list[tuple[str, str]] = []

    for item in raw:
        if not item.text.strip() and not item.title:
            skipped.append((item.source, "empty or whitespace-only text"))
            continue
        seg = segment_article(
            item.text,
            clean=clean,
            boilerplate=boilerplate,
            headline=headline,
            title=item.title,  # type: ignore[arg-type]
        )
        if not seg.paragraphs and not seg.title:
            skipped.append((item.source, "no text left after cleaning"))
            continue
        article_row = len(labels)
        body = "\n\n".join(seg.paragraphs)
        # sha256 of f"{title}\x00{body}" in UTF-8, without building that string.
        hasher = hashlib.sha256((seg.title or "").encode())
        hasher.update(b"\x00")
        hasher.update(body.encode())
        digest = hasher.hexdigest()
        articles["outlet"].append(item.outlet)
        articles["article_id"].append(item.article_id)
        articles["title"].append(seg.title)
        articles["text"].append(body)
        articles["source"].append(item.source)
        articles["content_hash"].append(digest)
        articles["input_hash"].append(item.input_hash)
        labels.append(item.labels)
        # The headline, if any, is paragraph 0 and sentence 0; the body counts from 1.
        head = [seg.title] if seg.title else []
        first = 1 - len(head)
        body_sentences = list(chain.from_iterable(seg.sentences))
        n_paragraphs = len(head) + len(seg.paragraphs)
        paragraph_article += [article_row] * n_paragraphs
        paragraphs["paragraph"] += range(first, len(seg.paragraphs) + 1)
        paragraphs["is_headline"] += [True] * len(head) + [False] * len(seg.paragraphs)
        paragraphs["text"] += head
        paragraphs["text"] += seg.paragraphs
        n_sentences = len(head) + len(body_sentences)
        sentence_article += [article_row] * n_sentences
        sentences["paragraph"] += [0] * len(head)
        sentences["paragraph"] += [
            p for p, paragraph in enumerate(seg.sentences, 1) for _ in paragraph
        ]
        sentences["sentence"] += range(first, len(body_sentences) + 1)
        sentences["is_headline"] += [True] * len(head) + [False] * len(body_sentences)
        sentences["text"] += head
        sentences["text"] += body_sentences
        removed = dict(sorted(seg.removed.items()))  # cleaning rows in rule-name order
        cleaning["outlet"] += [item.outlet] * len(removed)
        cleaning["article_id"] += [item.article_id] * len(removed)
        cleaning["rule"] += removed
        cleaning["count"] += removed.values()
    keys = pl.DataFrame(
        {name: articles[name] for name in KEY}, schema={name: pl.String for name in KEY}
    )

    def with_keys(rows: list[int], columns: dict[str, list], schema: dict) -> pl.DataFrame:
        """A frame of `schema`: the key columns are `keys` at `rows`, the rest `columns`."""
        other = {name: dtype for name, dtype in schema.items() if name not in KEY}
        frame = pl.concat(
            [keys[pl.Series(rows, dtype=pl.UInt32)], pl.DataFrame(columns, schema=other)],
            how="horizontal",
        )
        return frame.select(list(schema))

    # Every label column any article has, in order of first appearance (table inputs
    # give each article the same ones).
    label_schema = {c: pl.String for item in raw for c in item.labels}
    for column in label_schema:
        # As ``row | item.labels`` did for row dicts: a label overrides a same-named column.
        base = articles.get(column, [None] * len(labels))
        articles[column] = [row.get(column, value) for row, value in zip(labels, base, strict=True)]
    batch = Batch(
        # strict=False casts any non-string label to a string, as the row dicts were.
        pl.DataFrame(articles, schema={**ARTICLE_SCHEMA, **label_schema}, strict=False),
        with_keys(paragraph_article, paragraphs, PARAGRAPH_SCHEMA),
        with_keys(sentence_article, sentences, SENTENCE_SCHEMA),
    )
    return batch, pl.DataFrame(cleaning, schema=cleaning_schema), skipped


def batch_from_texts(
    texts: list[tuple[str, str, str]], *, clean: bool = False, headline: str = "none"
) -> Batch:
    """A `Batch` from ``(outlet, article_id, text)`` triples: for tests and notebooks."""
    raw = [RawArticle(o, a, f"{o}/{a}", t) for o, a, t in texts]
    return build_batch(raw, clean=clean, headline=headline)[0]


def list_inputs(study: Study) -> tuple[list[RawArticle], dict[Path, str]]:
    """Every input article, sorted by ``(outlet, article_id)``, and each file's sha256.

    Files are read, checked to decode and hashed here, but their text is not kept
    (`load_texts` reads it again where it is segmented), so listing a large corpus
    costs little memory. Table rows keep their text.
    """
    if study.corpus.table is not None:
        raw, files = read_table(study)
        if study.outlets:
            known = {o.id for o in study.outlets}
            raw = [a for a in raw if a.outlet in known]
        digests = {path: _sha256(path.read_bytes()) for path in files}
        raw = [replace(a, input_hash=_sha256(f"{a.title or ''}\x00{a.text}".encode())) for a in raw]
    else:
        raw, digests = [], {}
        ids: dict[tuple[str, str], Path] = {}
        resolved_dirs: dict[Path, Path] = {}
        for outlet, path in study.outlet_files():
            data = _read_bytes(path)
            shown = _display(path, study, resolved_dirs)
            decode(data, shown)  # fail now, naming the file, not half-way through a run
            article_id = path.stem
            if (outlet, article_id) in ids:
                raise DataError(
                    f"{shown}: article id {article_id!r} of outlet {outlet!r} already comes "
                    f"from {_display(ids[outlet, article_id], study)}; give files distinct names"
                )
            ids[outlet, article_id] = path
            digests[path] = _sha256(data)
            raw.append(
                RawArticle(outlet, article_id, shown, "", path=path, input_hash=digests[path])
            )
    return sorted(raw, key=lambda a: (a.outlet, a.article_id)), digests


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


def check_boilerplate(study: Study) -> None:
    """`ConfigError` naming ``corpus.boilerplate`` when a pattern does not compile."""
    try:
        build_batch([RawArticle("-", "-", "-", "x")], boilerplate=study.corpus.boilerplate)
    except ValueError as exc:
        raise ConfigError(f"{study.source}: corpus.boilerplate: {exc}") from exc


def segment_inputs(
    raw: list[RawArticle], study: Study
) -> tuple[Batch, pl.DataFrame, list[tuple[str, str]]]:
    """Read (where needed), clean and segment articles with the study's corpus settings."""
    return build_batch(
        load_texts(raw),
        clean=study.corpus.clean,
        boilerplate=study.corpus.boilerplate,
        headline=study.corpus.headline,
    )


def load_corpus(study: Study) -> Corpus:
    """Read, clean and segment every article of the study, all in memory."""
    check_boilerplate(study)
    raw, digests = list_inputs(study)
    batch, cleaning, skipped = segment_inputs(raw, study)
    files = list(digests)
    if batch.articles.height == 0:
        raise DataError(f"{study.source}: no article has any text; check the outlet files")
    duplicates = cross_outlet_duplicates(batch.articles)
    notes = [duplicate_note(group) for group in duplicates]
    return Corpus(batch, cleaning, skipped, files, notes=notes, duplicates=duplicates)


def cross_outlet_duplicates(articles: pl.DataFrame) -> list[dict]:
    """Groups of articles whose ``content_hash`` (headline + cleaned body) is shared by
    more than one outlet: a syndicated or mis-filed story counted twice.

    Each group is ``{"content_hash", "outlets", "articles": [{outlet, article_id,
    source}]}``; groups and their articles are sorted, so the list is deterministic.
    """
    shared = (
        articles.group_by("content_hash")
        .agg(pl.col("outlet").n_unique().alias("_outlets"))
        .filter(pl.col("_outlets") > 1)
        .select("content_hash")
    )
    if shared.height == 0:
        return []
    rows = (
        articles.join(shared, on="content_hash", how="semi")
        .select("content_hash", *KEY, "source")
        .sort(*KEY)
    )
    groups: dict[str, list[dict]] = {}
    for row in rows.iter_rows(named=True):
        groups.setdefault(row.pop("content_hash"), []).append(row)
    found = [
        {
            "content_hash": digest,
            "outlets": sorted({m["outlet"] for m in members}),
            "articles": members,
        }
        for digest, members in groups.items()
    ]
    return sorted(found, key=lambda g: (g["articles"][0]["outlet"], g["articles"][0]["article_id"]))


def duplicate_note(group: dict) -> str:
    """``same text under outlets a (one) and b (two): a/one.txt, b/two.txt``."""
    members = [f"{m['outlet']} ({m['article_id']})" for m in group["articles"]]
    listed = f"{', '.join(members[:-1])} and {members[-1]}"  # a group has 2+ members
    sources = ", ".join(m["source"] for m in group["articles"])
    return f"same text under outlets {listed}: {sources}"
