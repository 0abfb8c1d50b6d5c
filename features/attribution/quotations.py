"""Quotations of an article: marks paired left to right, over paragraph breaks.

Which character opens or closes what is the shared model, `framing.corpus.marks`; this
module pairs them (docs/attribution.md, rule 1). It pairs the typographic double “ ”,
the straight double ``"`` and doubled apostrophe ``''`` (opening or closing by
context), and the typographic single ‘ ’ (a ’ followed by a letter or digit is an
apostrophe). The model's „ « » and doubled backtick are not paired here: this family
version reads the four newswire conventions only, and pairing more marks would change
its outputs for texts that use them (a new family version may add them).

Pairing: an opening mark repeated inside an open quotation is ignored; a quotation
left open at the end of a paragraph continues when the next paragraph opens with a
mark of the same kind (the newswire multi-paragraph convention), else it ends with its
paragraph, so an unbalanced mark never swallows the rest of the article.

Words of a quotation (`WORD_RE`, also the family's ``n_words``): runs of letters and
digits joined by ' ’ or -. This is the shared `framing.corpus.tokens.ALNUM` run, not the
shared `WORD`/`NUMBER` tokens: the family's counts were defined this way before the
shared tokenisation (“1,000” counts two words here, one number there), and they stay so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from framing.corpus import marks
from framing.corpus.tokens import ALNUM

__all__ = ["PLACEHOLDER", "WORD_RE", "Quote", "find_quotes"]

# Stands for a masked quotation in the narrative text (a private-use character).
PLACEHOLDER = "\ue000"
WORD_RE = re.compile(rf"{ALNUM}+(?:['’\-]{ALNUM}+)*")

OPEN_DOUBLE = "“"
CLOSE_DOUBLE = "”"
STRAIGHT_DOUBLE = (marks.STRAIGHT_DOUBLE, marks.DOUBLED_APOSTROPHE)
MARK_RE = marks.mark_pattern(
    (OPEN_DOUBLE, CLOSE_DOUBLE, *STRAIGHT_DOUBLE, marks.OPEN_SINGLE, marks.CLOSE_SINGLE)
)
# Marks that, opening a paragraph, continue a quotation left open by the previous one.
CONTINUES = {"double": (OPEN_DOUBLE, *STRAIGHT_DOUBLE), "single": (marks.OPEN_SINGLE,)}
# Lowercase words a short capitalised name may contain ("Ministry of Defence").
NAME_FILLERS = frozenset({"of", "the", "and", "for", "in", "on", "a", "to"})


@dataclass
class Quote:
    """A quotation: its content spans ``(paragraph index, start, end)`` and mark spans."""

    segments: list[tuple[int, int, int]] = field(default_factory=list)
    masks: list[tuple[int, int, int]] = field(default_factory=list)
    text: str = ""
    n_words: int = 0
    valid: bool = False


@dataclass
class _Open:
    """The quotation being read: its kind (``double``/``single``), where its content
    and its opening mark start in the current paragraph."""

    quote: Quote
    kind: str
    start: int
    mark_start: int


def find_quotes(paragraphs: Sequence[str], *, min_words: int = 3) -> list[Quote]:
    """Every quotation in an article's paragraphs, in order of appearance.

    A quotation is valid when it has at least `min_words` words and is not a short
    run of capitalised words (a name or title such as “New World Order”).
    """
    quotes: list[Quote] = []
    current: _Open | None = None
    for p, text in enumerate(paragraphs):
        if current is not None and not _continues(current, text):
            quotes.append(current.quote)
            current = None
        current = _scan_paragraph(p, text, current, quotes)
        if current is not None:
            current.quote.segments.append((p, current.start, len(text)))
            current.quote.masks.append((p, current.mark_start, len(text)))
    if current is not None:
        quotes.append(current.quote)
    for quote in quotes:
        _measure(quote, paragraphs, min_words)
    return quotes


def _continues(current: _Open, text: str) -> bool:
    """Whether `text` opens with a mark that continues the open quotation; if so, move
    the quotation's starts past that mark."""
    stripped = len(text) - len(text.lstrip())
    head = text[stripped : stripped + 2]
    if not head.startswith(CONTINUES[current.kind]):
        return False
    width = 2 if head.startswith(marks.DOUBLED_APOSTROPHE) else 1
    current.start = stripped + width
    current.mark_start = stripped
    return True


def _scan_paragraph(p: int, text: str, current: _Open | None, quotes: list[Quote]) -> _Open | None:
    """Pair the marks of paragraph `p`; closed quotations go to `quotes`. Returns the
    quotation still open at the end of the paragraph."""
    for match in MARK_RE.finditer(text):
        pos = match.start()
        if current is not None and pos < current.start:
            continue  # the continuation mark consumed by `_continues`
        role = _role(match.group(), text, pos, current)
        if role is None:
            continue
        if current is None:
            if role in ("open_double", "open_single"):
                kind = "double" if role == "open_double" else "single"
                current = _Open(Quote(), kind, match.end(), pos)
            continue
        if role == "close" and (current.kind == "double" or match.group() == marks.CLOSE_SINGLE):
            end = match.end()
            if match.group() == marks.DOUBLED_APOSTROPHE and text[end : end + 1] == "'":
                # (v5) three apostrophes end a quotation that ends with a nested one
                # ("''I would use the word 'old-school,''' said X"): ' then ''
                pos, end = pos + 1, end + 1
            current.quote.segments.append((p, current.start, pos))
            current.quote.masks.append((p, current.mark_start, end))
            quotes.append(current.quote)
            current = None
        # An opening mark inside an open quotation (repeated or nested) is ignored.
    return current


def _role(mark: str, text: str, pos: int, current: _Open | None) -> str | None:
    """What the mark at ``text[pos]`` does: ``open_double``, ``open_single``, ``close``,
    ``stray`` (a straight mark that can neither open nor close), or None (not a mark)."""
    if mark == marks.CLOSE_SINGLE:
        # An apostrophe (Korea’s, doesn’t) unless it closes an open single quotation.
        if current is None or current.kind != "single" or marks.is_apostrophe(text, pos):
            return None
        return "close"
    if mark == marks.OPEN_SINGLE:
        return "open_single" if marks.opens_single(text, pos) else None
    if mark == OPEN_DOUBLE:
        return "open_double"
    if mark == CLOSE_DOUBLE:
        return "close"
    if current is not None and current.kind == "double":  # straight double or ''
        return "close"
    return "open_double" if _straight_opens(text, pos) else "stray"


def _straight_opens(text: str, pos: int) -> bool:
    # The placeholder counts as an opening context too (kept from version 1 of the
    # rules; raw paragraph text, which this module reads, never contains it).
    return marks.straight_opens(text, pos) or text[pos - 1 : pos] == PLACEHOLDER


def _measure(quote: Quote, paragraphs: Sequence[str], min_words: int) -> None:
    """Fill in the quotation's text, word count and validity."""
    parts = [paragraphs[p][s:e].strip() for p, s, e in quote.segments]
    quote.text = " ".join(x for x in parts if x)
    words = WORD_RE.findall(quote.text)
    quote.n_words = len(words)
    quote.valid = quote.n_words >= min_words and not _is_name_like(words, quote.text)


def _is_name_like(words: list[str], text: str) -> bool:
    """A short run of capitalised words without final punctuation: a name, not speech."""
    if len(words) > 5 or text.rstrip().endswith((".", "!", "?", ",", "…")):
        return False
    content = [w for w in words if w.lower() not in NAME_FILLERS]
    return bool(content) and all(w[0].isupper() for w in content)
