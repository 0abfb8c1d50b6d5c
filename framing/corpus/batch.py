"""Segmented articles as polars frames: articles, paragraphs, sentences.

`build_batch` cleans and segments `RawArticle`s (`framing.corpus.segment`) into a
`Batch`, the unit every feature family works on; `load_corpus` does it for a whole
study. Empty inputs are skipped, counted and reported, never silently dropped.

Numbering (docs/outputs.md): paragraph 0 is the headline (``is_headline``), body
paragraphs count from 1; sentences count from 1 across the body, the headline's
sentence is 0.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from pathlib import Path

import polars as pl

from framing.config import Study
from framing.corpus.duplicates import cross_outlet_duplicates, duplicate_note
from framing.corpus.segment import Segmented, segment_article
from framing.corpus.sources import RawArticle, list_inputs, load_texts
from framing.errors import DataError

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
CLEANING_SCHEMA = {
    "outlet": pl.String,
    "article_id": pl.String,
    "rule": pl.String,
    "count": pl.Int64,
}
KEY = ["outlet", "article_id"]


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
    rows = BatchRows()
    skipped: list[tuple[str, str]] = []
    for item in raw:
        if not item.text.strip() and not item.title:
            skipped.append((item.source, "empty or whitespace-only text"))
            continue
        seg = segment_article(
            item.text,
            clean=clean,
            boilerplate=boilerplate,
            headline=headline,  # type: ignore[arg-type]
            title=item.title,
        )
        if not seg.paragraphs and not seg.title:
            skipped.append((item.source, "no text left after cleaning"))
            continue
        rows.add(item, seg)
    # Every label column any article has (skipped ones too), in order of first
    # appearance (table inputs give each article the same ones).
    label_columns = list({c: None for item in raw for c in item.labels})
    return rows.batch(label_columns), rows.cleaning_frame(), skipped


@dataclass
class BatchRows:
    """The rows of a batch's frames, gathered article by article, a list per column.

    Frames are built column by column, which polars turns into a frame several times
    faster than a list of row dicts. Paragraph and sentence rows hold their article's
    row number, not its key: the key columns are gathered from the articles' at the end,
    so polars copies each key string once per article, not once per row.
    """

    articles: dict[str, list] = field(default_factory=lambda: {c: [] for c in ARTICLE_SCHEMA})
    labels: list[dict[str, str | None]] = field(default_factory=list)
    paragraph_article: list[int] = field(default_factory=list)  # per paragraph, its article
    paragraphs: dict[str, list] = field(
        default_factory=lambda: {"paragraph": [], "is_headline": [], "text": []}
    )
    sentence_article: list[int] = field(default_factory=list)  # per sentence, its article
    sentences: dict[str, list] = field(
        default_factory=lambda: {"paragraph": [], "sentence": [], "is_headline": [], "text": []}
    )
    cleaning: dict[str, list] = field(default_factory=lambda: {c: [] for c in CLEANING_SCHEMA})

    def add(self, item: RawArticle, seg: Segmented) -> None:
        """Append one segmented article's rows to every frame's columns."""
        article_row = len(self.labels)
        body = "\n\n".join(seg.paragraphs)
        # sha256 of f"{title}\x00{body}" in UTF-8, without building that string.
        hasher = hashlib.sha256((seg.title or "").encode())
        hasher.update(b"\x00")
        hasher.update(body.encode())
        articles = self.articles
        articles["outlet"].append(item.outlet)
        articles["article_id"].append(item.article_id)
        articles["title"].append(seg.title)
        articles["text"].append(body)
        articles["source"].append(item.source)
        articles["content_hash"].append(hasher.hexdigest())
        articles["input_hash"].append(item.input_hash)
        self.labels.append(item.labels)
        # The headline, if any, is paragraph 0 and sentence 0; the body counts from 1.
        head = [seg.title] if seg.title else []
        first = 1 - len(head)
        paragraphs = self.paragraphs
        self.paragraph_article += [article_row] * (len(head) + len(seg.paragraphs))
        paragraphs["paragraph"] += range(first, len(seg.paragraphs) + 1)
        paragraphs["is_headline"] += [True] * len(head) + [False] * len(seg.paragraphs)
        paragraphs["text"] += head
        paragraphs["text"] += seg.paragraphs
        body_sentences = list(chain.from_iterable(seg.sentences))
        sentences = self.sentences
        self.sentence_article += [article_row] * (len(head) + len(body_sentences))
        sentences["paragraph"] += [0] * len(head)
        sentences["paragraph"] += [
            p for p, paragraph in enumerate(seg.sentences, 1) for _ in paragraph
        ]
        sentences["sentence"] += range(first, len(body_sentences) + 1)
        sentences["is_headline"] += [True] * len(head) + [False] * len(body_sentences)
        sentences["text"] += head
        sentences["text"] += body_sentences
        removed = dict(sorted(seg.removed.items()))  # cleaning rows in rule-name order
        cleaning = self.cleaning
        cleaning["outlet"] += [item.outlet] * len(removed)
        cleaning["article_id"] += [item.article_id] * len(removed)
        cleaning["rule"] += removed
        cleaning["count"] += removed.values()

    def batch(self, label_columns: list[str]) -> Batch:
        """The three frames; `label_columns` (strings) follow the article columns, each
        article's labels overriding a same-named column, as ``row | labels`` did."""
        articles = dict(self.articles)
        for column in label_columns:
            base = articles.get(column, [None] * len(self.labels))
            articles[column] = [
                row.get(column, value) for row, value in zip(self.labels, base, strict=True)
            ]
        label_schema = dict.fromkeys(label_columns, pl.String)
        keys = pl.DataFrame(
            {name: self.articles[name] for name in KEY}, schema=dict.fromkeys(KEY, pl.String)
        )
        return Batch(
            # strict=False casts any non-string label to a string, as the row dicts were.
            pl.DataFrame(articles, schema={**ARTICLE_SCHEMA, **label_schema}, strict=False),
            _with_keys(keys, self.paragraph_article, self.paragraphs, PARAGRAPH_SCHEMA),
            _with_keys(keys, self.sentence_article, self.sentences, SENTENCE_SCHEMA),
        )

    def cleaning_frame(self) -> pl.DataFrame:
        """``outlet, article_id, rule, count``: what cleaning removed, per article."""
        return pl.DataFrame(self.cleaning, schema=CLEANING_SCHEMA)


def _with_keys(
    keys: pl.DataFrame,
    rows: list[int],
    columns: dict[str, list],
    schema: dict[str, type[pl.DataType]],
) -> pl.DataFrame:
    """A frame of `schema`: the key columns are `keys` at `rows`, the rest `columns`."""
    other = {name: dtype for name, dtype in schema.items() if name not in KEY}
    frame = pl.concat(
        [keys[pl.Series(rows, dtype=pl.UInt32)], pl.DataFrame(columns, schema=other)],
        how="horizontal",
    )
    return frame.select(list(schema))


def batch_from_texts(
    texts: list[tuple[str, str, str]], *, clean: bool = False, headline: str = "none"
) -> Batch:
    """A `Batch` from ``(outlet, article_id, text)`` triples: for tests and notebooks."""
    raw = [RawArticle(o, a, f"{o}/{a}", t) for o, a, t in texts]
    return build_batch(raw, clean=clean, headline=headline)[0]


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
    raw, digests = list_inputs(study)
    batch, cleaning, skipped = segment_inputs(raw, study)
    files = list(digests)
    if batch.articles.height == 0:
        raise DataError(
            f"{study.source}: no article has any text; check "
            + ("corpus.table" if study.corpus.table else "the outlet files")
        )
    duplicates = cross_outlet_duplicates(batch.articles)
    notes = [duplicate_note(group) for group in duplicates]
    return Corpus(batch, cleaning, skipped, files, notes=notes, duplicates=duplicates)
