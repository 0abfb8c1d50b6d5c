"""PolNeAR articles and gold attribution relations, with the spans the scorer needs.

Spans are half-open ``(start, end)`` character offsets into an article's ``text``
(title line included), as in the corpus.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

Span = tuple[int, int]

# Double quotation marks as the corpus defines them (README: `"`, “ ” and the doubled
# apostrophe that the NYT texts use); and single curly marks, the headline convention.
DOUBLE_MARK_RE = re.compile(r"''|[“”\"]")
SINGLE_MARK_RE = re.compile(r"[‘’]")
WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


@dataclass(frozen=True)
class Article:
    article_id: str
    outlet: str
    split: str
    text: str
    body_start: int
    quoted: tuple[Span, ...]  # characters inside double quotation marks


@dataclass(frozen=True)
class Relation:
    """One annotated attribution relation (PARC-style)."""

    rid: str
    article_id: str
    outlet: str
    split: str
    has_source: bool
    has_quotes: bool  # content_has_quote_marks, or a ‘…’ quotation in the content
    source_text: str
    cue_text: str
    content_text: str
    source: tuple[Span, ...]
    cue: tuple[Span, ...]
    content: tuple[Span, ...]
    quoted: tuple[Span, ...]  # content ∩ inside-quotation-marks (empty if none)
    quote_words: int  # words of the longest quotation within the content

    @property
    def source_start(self) -> int:
        return self.source[0][0] if self.source else -1


def quotation_spans(text: str) -> tuple[Span, ...]:
    """Characters inside quotation marks (merged), paired line by line.

    Double marks: “ opens and ” closes; `"` and `''` toggle. Single curly marks (the
    headline convention): ‘ opens unless it follows a letter or digit, ’ closes unless
    a letter follows (an apostrophe). Straight ' is never a quotation mark. A
    quotation still open at the end of a line (a paragraph) ends there: the newswire
    convention reopens it on the next paragraph with a fresh opening mark.
    """
    spans: list[Span] = []
    offset = 0
    for line in text.split("\n"):
        spans += [(offset + s, offset + e) for s, e in _paired(line, DOUBLE_MARK_RE, _double)]
        spans += [(offset + s, offset + e) for s, e in _paired(line, SINGLE_MARK_RE, _single)]
        offset += len(line) + 1
    return merge(spans)


def _double(line: str, mark: re.Match[str], is_open: bool) -> bool:
    """Whether the mark opens (when nothing is open) or closes (when one is)."""
    return mark.group() != ("”" if not is_open else "“")


def _single(line: str, mark: re.Match[str], is_open: bool) -> bool:
    before = line[mark.start() - 1 : mark.start()]
    after = line[mark.end() : mark.end() + 1]
    if not is_open:
        return mark.group() == "‘" and not before.isalnum()
    return mark.group() == "’" and not after.isalpha()


def _paired(line: str, marks: re.Pattern[str], accepts) -> list[Span]:
    spans: list[Span] = []
    start: int | None = None
    for mark in marks.finditer(line):
        if start is None and accepts(line, mark, False):
            start = mark.end()
        elif start is not None and accepts(line, mark, True):
            if mark.start() > start:
                spans.append((start, mark.start()))
            start = None
    if start is not None and start < len(line):
        spans.append((start, len(line)))
    return spans


def merge(spans: list[Span]) -> tuple[Span, ...]:
    out: list[Span] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return tuple(out)


def intersect(a: tuple[Span, ...], b: tuple[Span, ...]) -> tuple[Span, ...]:
    """Intersection of two sets of spans (each sorted or not; result sorted)."""
    out = [(max(s1, s2), min(e1, e2)) for s1, e1 in a for s2, e2 in b if min(e1, e2) > max(s1, s2)]
    return tuple(sorted(out))


def overlap(a: tuple[Span, ...], b: tuple[Span, ...]) -> int:
    return sum(e - s for s, e in intersect(a, b))


def length(spans: tuple[Span, ...]) -> int:
    return sum(e - s for s, e in spans)


def _spans(items: list[dict] | None) -> tuple[Span, ...]:
    return tuple(sorted((int(d["start"]), int(d["end"])) for d in items or []))


def load(data_dir: Path, splits: set[str]) -> tuple[dict[str, Article], list[Relation]]:
    """Articles by id and their relations, for the given splits."""
    articles_frame = _read(data_dir / "articles.jsonl.gz").filter(pl.col("split").is_in(splits))
    articles: dict[str, Article] = {}
    for row in articles_frame.iter_rows(named=True):
        text = row["text"]
        articles[row["article_id"]] = Article(
            row["article_id"],
            row["outlet"],
            row["split"],
            text,
            row["body_start"],
            quotation_spans(text),
        )
    frame = _read(data_dir / "attributions.jsonl.gz").filter(pl.col("split").is_in(splits))
    relations = [_relation(row, articles[row["article_id"]]) for row in frame.iter_rows(named=True)]
    return articles, relations


def _relation(row: dict, article: Article) -> Relation:
    """A relation is *quoted* when the corpus says its content has quote marks, or
    its content holds a ‘…’ quotation (the corpus flag counts double marks only)."""
    content = _spans(row["content_spans"])
    quoted = intersect(content, article.quoted)
    has_quotes = bool(row["content_has_quote_marks"]) or bool(quoted)
    return Relation(
        rid=row["id"],
        article_id=row["article_id"],
        outlet=article.outlet,
        split=row["split"],
        has_source=bool(row["has_source"]) and bool((row["source_text"] or "").strip()),
        has_quotes=has_quotes,
        source_text=row["source_text"] or "",
        cue_text=row["cue_text"] or "",
        content_text=row["content_text"] or "",
        source=_spans(row["source_spans"]),
        cue=_spans(row["cue_spans"]),
        content=content,
        quoted=quoted or (content if has_quotes else ()),
        quote_words=_quote_words(quoted, article),
    )


def _quote_words(quoted: tuple[Span, ...], article: Article) -> int:
    """Words of the longest single quotation: adjacent pieces of one quotation (a
    content span cut by the annotators) are joined first."""
    runs: list[list[int]] = []
    for s, e in quoted:
        inside = next((q for q in article.quoted if q[0] <= s and e <= q[1]), (s, e))
        if runs and runs[-1][0] == inside[0]:
            runs[-1][1] += len(WORD_RE.findall(article.text[s:e]))
        else:
            runs.append([inside[0], len(WORD_RE.findall(article.text[s:e]))])
    return max((n for _, n in runs), default=0)


def _read(path: Path) -> pl.DataFrame:
    with gzip.open(path) as handle:
        return pl.read_ndjson(handle.read(), infer_schema_length=None)
