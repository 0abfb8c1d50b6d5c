"""The one quote-mark model: which characters open and close a quotation.

News text marks a quotation in several ways (DESIGN.md, "Known traps"):

=====================  ===========================  =====================================
role                   marks                        note
=====================  ===========================  =====================================
opening double         “ „ « and ``                 ``„`` German-style, ``«`` guillemet,
                                                    the doubled backtick as in TeX and
                                                    the Penn Treebank
closing double         ” »
straight double        " and ''                     opens or closes by context
                                                    (`straight_opens`); the doubled
                                                    apostrophe ``''…''`` is how NYT and
                                                    other wire feeds write a double mark
opening single         ‘                            not after a letter or digit
                                                    (`opens_single`)
closing single         ’                            also the typographic apostrophe:
                                                    an apostrophe when a letter or digit
                                                    follows (`is_apostrophe`: Korea’s,
                                                    doesn’t, ’90s)
straight single        '                            an apostrophe at least as often as a
                                                    mark; never pairs on its own
=====================  ===========================  =====================================

Marks are often unbalanced, and a quotation can run over several paragraphs (the
opening mark repeats at each paragraph, the closing one does not); how a family pairs
marks is its own rule (e.g. `framing.features.attribution.quotations`), but which
character plays which role is decided here.

`to_ascii` folds every typographic variant, primes and low marks included
(`DOUBLE_VARIANTS`, `SINGLE_VARIANTS`), to ``"`` or ``'``, for tools whose lexicon is
ASCII (VADER reads ``“great”`` as an unknown word, ``"great"`` as 3.1).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "CLOSE_DOUBLE",
    "CLOSE_SINGLE",
    "DOUBLED_APOSTROPHE",
    "DOUBLED_BACKTICK",
    "DOUBLE_VARIANTS",
    "OPEN_DOUBLE",
    "OPEN_SINGLE",
    "SINGLE_VARIANTS",
    "STRAIGHT_DOUBLE",
    "STRAIGHT_SINGLE",
    "TOKEN_MARKS",
    "is_apostrophe",
    "mark_pattern",
    "opens_single",
    "straight_opens",
    "to_ascii",
]

OPEN_DOUBLE = ("“", "„", "«")
CLOSE_DOUBLE = ("”", "»")
STRAIGHT_DOUBLE = '"'
DOUBLED_APOSTROPHE = "''"
DOUBLED_BACKTICK = "``"
OPEN_SINGLE = "‘"
CLOSE_SINGLE = "’"
STRAIGHT_SINGLE = "'"
BACKTICK = "`"
# Every character that is a quote mark or half of one, as a tokeniser emits them (it
# splits '' and `` into two one-character tokens): what a token-level quote state reads.
TOKEN_MARKS = (
    *OPEN_DOUBLE,
    *CLOSE_DOUBLE,
    STRAIGHT_DOUBLE,
    STRAIGHT_SINGLE,
    BACKTICK,
    OPEN_SINGLE,
    CLOSE_SINGLE,
)
# Typographic variants folded by `to_ascii`: the marks above plus ‟ (reversed double),
# ″ (double prime), ‚ (low single), ‛ (reversed single), ‹ › (single guillemets), ′ (prime).
DOUBLE_VARIANTS = "“”„‟«»″"
SINGLE_VARIANTS = "‘’‚‛‹›′"
# A straight mark right after one of these (or a space, or the start of the text) opens
# a quotation: "(\"…", "—\"…", "/\"…".
STRAIGHT_OPENS_AFTER = "([{—–-/"

_ASCII_FOLDS = tuple(
    [(mark, STRAIGHT_DOUBLE) for mark in DOUBLE_VARIANTS]
    + [(mark, STRAIGHT_SINGLE) for mark in SINGLE_VARIANTS]
)


def mark_pattern(marks: Iterable[str]) -> re.Pattern[str]:
    """A regex matching any one of `marks` (each a literal string), the longest first,
    so that ``''`` is one mark rather than two apostrophes."""
    ordered = sorted(dict.fromkeys(marks), key=len, reverse=True)
    return re.compile("|".join(re.escape(mark) for mark in ordered))


def is_apostrophe(text: str, pos: int) -> bool:
    """Whether the ’ (or ') at ``text[pos]`` is an apostrophe rather than a closing
    mark: a letter or digit follows it (Korea’s, doesn’t, ’90s)."""
    return text[pos + 1 : pos + 2].isalnum()


def opens_single(text: str, pos: int) -> bool:
    """Whether the ‘ at ``text[pos]`` opens a quotation: no letter or digit precedes it."""
    return pos == 0 or not text[pos - 1].isalnum()


def straight_opens(text: str, pos: int) -> bool:
    """Whether the straight mark (" or '') at ``text[pos]`` opens a quotation: it starts
    the text or follows a space, an opening bracket, a dash or a slash."""
    before = text[pos - 1] if pos > 0 else " "
    return before.isspace() or before in STRAIGHT_OPENS_AFTER


def to_ascii(text: str) -> str:
    """`text` with ``''`` → ``"``, then every mark of `DOUBLE_VARIANTS` → ``"`` and of
    `SINGLE_VARIANTS` → ``'``; apostrophes (’) become ``'`` too."""
    if DOUBLED_APOSTROPHE in text:
        text = text.replace(DOUBLED_APOSTROPHE, STRAIGHT_DOUBLE)
    if text.isascii():  # O(1); the variants are all non-ASCII
        return text
    # A `replace` per mark present beats `str.translate` with a dict (a Python-level
    # look-up per character) by ~10x on news text.
    for mark, ascii_mark in _ASCII_FOLDS:
        if mark in text:
            text = text.replace(mark, ascii_mark)
    return text
