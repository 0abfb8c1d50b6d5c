"""Noun phrases and chunks of a narrative sentence (tokens from `narrative`).

A *chunk* is a run of tokens between boundaries (a quotation or , ; : — – ( ) [ ]).
The speaker of a cue is a noun phrase at the end of the chunk before the verb
(`trailing_np`), at the start of the sentence's subject chunk (`leading_np`,
`sentence_subject`), or after the verb; these helpers find them without a parser, by
capitalisation and the family's word lists, each in one bounded scan.
"""

from __future__ import annotations

from collections.abc import Sequence

from framing.corpus.words import DETERMINERS, SUBJECT_PRONOUNS
from framing.features.attribution.narrative import TERMINATORS, Token
from framing.features.attribution.vocabulary import (
    ADVERBIAL_STARTS,
    CONJUNCTIONS,
    NP_WORDS,
    STOP_CAPS,
    SUBORDINATORS,
)

__all__ = [
    "MAX_CHUNK_TOKENS",
    "chunk_start",
    "clause_end",
    "leading_np",
    "np_text",
    "sentence_subject",
    "trailing_np",
]

# No clause in news prose runs this long without a comma or a clause word; the bound
# keeps a sentence without punctuation (a pasted transcript) linear instead of
# quadratic in its length, and changes nothing for shorter chunks.
MAX_CHUNK_TOKENS = 120
# Words a trailing noun phrase does not start with ("of the ministry" → "the ministry").
NP_LINKS = frozenset({"of", "for", "at", "in", "and", "'s"})
# Capitalised words a trailing noun phrase does not start with: STOP_CAPS but for the
# articles and titles that do start one ("The ministry", "Mr Kim").
NP_STOP_CAPS = STOP_CAPS - {"The", "A", "An", "Mr", "Mrs", "Ms", "Dr", "Prof"}
# Words a leading noun phrase does not end with ("the head of" → "the head").
NP_TAILS = frozenset({"of", "for", "at", "in", "and", "the"})
# First words of an introductory chunk that is not the subject ("However, …").
INTRODUCTORY = ADVERBIAL_STARTS | SUBORDINATORS | {"however", "meanwhile", "instead", "still"}


def np_text(tokens: Sequence[Token], text: str) -> str:
    """The text a run of tokens covers in `text` (the narrative they come from)."""
    if not tokens:
        return ""
    return " ".join(text[tokens[0].start : tokens[-1].end].split())


def chunk_start(sent: list[Token], end: int) -> int:
    """Index after the last chunk boundary before `end` (at most `MAX_CHUNK_TOKENS` back)."""
    k = end
    stop = max(0, end - MAX_CHUNK_TOKENS)
    while k > stop and not sent[k - 1].is_boundary:
        k -= 1
    return k


def clause_end(sent: list[Token], k: int) -> int:
    """Index of the first boundary or sentence terminator at or after `k`."""
    while k < len(sent) and not sent[k].is_boundary and sent[k].text not in TERMINATORS:
        k += 1
    return k


def _np_like(tok: Token) -> bool:
    return tok.is_cap or tok.bare in NP_WORDS


def trailing_np(chunk: list[Token]) -> list[Token]:
    """The noun phrase that ends `chunk` (scanning back over NP-like tokens)."""
    j = len(chunk)
    while j > 0:
        tok = chunk[j - 1]
        if tok.quote >= 0:
            break
        if _np_like(tok) or (tok.is_word and tok.text[:1].isdigit()):
            j -= 1
            continue
        if tok.lower in SUBJECT_PRONOUNS and j == len(chunk):
            j -= 1
            break
        if tok.lower in DETERMINERS and j < len(chunk):
            j -= 1
            break
        break
    np = chunk[j:]
    while np and (np[0].lower in NP_LINKS or np[0].text in NP_STOP_CAPS):
        np = np[1:]
    return np


def leading_np(chunk: list[Token]) -> list[Token]:
    """The noun phrase that starts `chunk`."""
    i = 0
    while i < len(chunk) and chunk[i].lower in CONJUNCTIONS:
        i += 1
    start = i
    if i < len(chunk) and chunk[i].lower in SUBJECT_PRONOUNS:
        return chunk[i : i + 1]
    if i < len(chunk) and chunk[i].lower in DETERMINERS:
        i += 1
    while i < len(chunk):
        tok = chunk[i]
        if tok.quote >= 0:
            break
        if _np_like(tok) or tok.text[:1].isdigit():
            i += 1
            continue
        break
    np = chunk[start:i]
    while np and np[-1].lower in NP_TAILS:
        np = np[:-1]
    return np


def sentence_subject(sent: list[Token]) -> list[Token]:
    """The subject noun phrase of a sentence (after up to two introductory chunks)."""
    start = 0
    for _ in range(3):
        end = start
        while end < len(sent) and not sent[end].is_boundary:
            end += 1
        chunk = sent[start:end]
        first = chunk[0].lower if chunk else ""
        intro = first in INTRODUCTORY or first.endswith("ing")
        if chunk and not intro:
            return leading_np(chunk)
        if end >= len(sent):
            break
        start = end + 1
    return []
