"""Place the family's rows in the article text: character spans of the reported content
(the quotation, or the reported clause), the cue and the speaker mention.

The family cleans the text (whitespace collapsed, page-furniture lines dropped, NFC)
and reports quote text with paragraphs joined by a space and, for mixed/indirect
rows, quoted fragments re-marked with “…”. Text is therefore compared on a *key*:
the text without whitespace, quotation marks, apostrophes, invisible format
characters and combining marks (each letter reduced to its base letter), with a map from key positions back to article offsets.

When a row carries offset columns (``cue_start``/``cue_end``/``speaker_start``/
``speaker_end``, relative to the toolkit's body text), they are mapped to article
offsets through the paragraph they fall in and used: the cue anchors the content
search, and the speaker mention is read from the article.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from attribution_eval.family_adapter import Paragraph
from attribution_eval.polnear import Span

SKIP = frozenset("\"“”‘’'`„‟«»′″")


@dataclass(frozen=True)
class Keyed:
    key: str
    pos: tuple[int, ...]  # key index -> offset in the source string


@dataclass(frozen=True)
class PlacedParagraph:
    paragraph: Paragraph
    key_start: int  # in the article key; -1 when not found
    key_end: int


@dataclass(frozen=True)
class Placed:
    """A predicted row with its spans in the article (None when not found)."""

    row: dict[str, Any]
    content: Span | None
    cue: Span | None
    speaker_span: Span | None
    speaker_text: str  # the speaker as written: article text at speaker_span, else columns


def keyed(text: str) -> Keyed:
    chars: list[str] = []
    pos: list[int] = []
    for i, char in enumerate(text):
        if char.isspace() or char in SKIP or unicodedata.category(char) in ("Cf", "Mn"):
            continue
        chars.append(unicodedata.normalize("NFD", char)[0])  # base letter: NFC-proof
        pos.append(i)
    return Keyed("".join(chars), tuple(pos))


def place_paragraphs(article: Keyed, paragraphs: list[Paragraph]) -> list[PlacedParagraph]:
    """Each cleaned paragraph's key range in the article key (in reading order)."""
    out: list[PlacedParagraph] = []
    cursor = 0
    for paragraph in paragraphs:
        key = keyed(paragraph.text).key
        found = article.key.find(key, cursor) if key else -1
        if found < 0 and key:
            found = article.key.find(key)
        if found >= 0:
            cursor = found + len(key)
        out.append(PlacedParagraph(paragraph, found, found + len(key) if found >= 0 else -1))
    return out


def paragraph_offset(
    article: Keyed, placed: PlacedParagraph, index: int, *, end: bool = False
) -> int | None:
    """Article offset of character `index` of a cleaned paragraph (or of the end of
    the character before it, when `end`)."""
    if placed.key_start < 0:
        return None
    text = placed.paragraph.text
    index = max(0, min(index, len(text)))
    before = len(keyed(text[:index]).key)
    if end:
        k = placed.key_start + before - 1
        return article.pos[k] + 1 if 0 <= k < len(article.pos) else None
    k = placed.key_start + before
    return article.pos[k] if k < len(article.pos) else None


def body_span(
    article: Keyed, paragraphs: list[PlacedParagraph], start: Any, end: Any
) -> Span | None:
    """Article span of a body-relative span ``[start, end)`` (offset columns)."""
    if start is None or end is None or start < 0 or end <= start:
        return None
    for placed in paragraphs:
        p = placed.paragraph
        if p.body_start >= 0 and p.body_start <= start <= p.body_start + len(p.text):
            s = paragraph_offset(article, placed, start - p.body_start)
            e = paragraph_offset(article, placed, end - p.body_start, end=True)
            return (s, e) if s is not None and e is not None and e > s else None
    return None


def place_row(
    text: str, article: Keyed, paragraphs: list[PlacedParagraph], row: dict[str, Any]
) -> Placed:
    """Spans of one predicted row."""
    by_number = {p.paragraph.paragraph: p for p in paragraphs}
    cue = body_span(article, paragraphs, row.get("cue_start"), row.get("cue_end"))
    speaker = body_span(article, paragraphs, row.get("speaker_start"), row.get("speaker_end"))
    content = _find_content(article, by_number, row, cue)
    if cue is None and content is not None and row.get("verb"):
        cue = find_cue(text, content, row["verb"])
    written = " ".join(x for x in (row.get("title") or "", row.get("speaker") or "") if x)
    speaker_text = text[speaker[0] : speaker[1]] if speaker else written
    return Placed(row, content, cue, speaker, speaker_text)


def _find_content(
    article: Keyed,
    by_number: dict[int, PlacedParagraph],
    row: dict[str, Any],
    anchor: Span | None,
) -> Span | None:
    key = keyed(row.get("quote") or "").key
    if not key:
        return None
    first = by_number.get(row["paragraph"])
    last = by_number.get(row.get("paragraph_end") or row["paragraph"], first)
    lo = first.key_start if first and first.key_start >= 0 else 0
    hi = last.key_end if last and last.key_end >= 0 else len(article.key)
    hits = _occurrences(article.key, key, lo, hi) or _occurrences(article.key, key, 0, None)
    if not hits:
        return None
    if anchor is not None:
        hits.sort(key=lambda k: abs(article.pos[k] - anchor[0]))
    k = hits[0]
    return (article.pos[k], article.pos[k + len(key) - 1] + 1)


def _occurrences(haystack: str, needle: str, lo: int, hi: int | None) -> list[int]:
    hits: list[int] = []
    at = haystack.find(needle, lo, hi)
    while at >= 0 and len(hits) < 20:
        hits.append(at)
        at = haystack.find(needle, at + 1, hi)
    return hits


def find_cue(text: str, content: Span, verb: str) -> Span | None:
    """The occurrence of the row's verb (as written) in the same paragraph nearest to
    the content, outside it."""
    para_start = text.rfind("\n", 0, content[0]) + 1
    para_end = text.find("\n", content[1])
    para_end = len(text) if para_end < 0 else para_end
    # The verb as written, or a chained stance verb's lemma ("reject" -> "rejected").
    words = [re.escape(w[:-1] if w[-1:] in "ey" else w) + r"\w{0,4}" for w in verb.split()]
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)
    best: tuple[int, Span] | None = None
    for match in pattern.finditer(text, para_start, para_end):
        s, e = match.span()
        if s < content[1] and e > content[0]:
            continue  # inside the content: not its cue
        gap = content[0] - e if e <= content[0] else s - content[1]
        if best is None or gap < best[0]:
            best = (gap, (s, e))
    return best[1] if best else None
