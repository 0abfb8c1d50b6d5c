"""The reported content of a cue (docs/attribution.md, rule 3): before its speaker or
after its verb.

* After the verb: "X said (that) C", "X told reporters on Monday: “Q”" — time and
  setting adverbials after the verb are skipped (`skip_filler`).
* Before the speaker: "“Q,” X said", "C, X said", "Like most campaigns, “Q,” X said" —
  an introductory adverbial chunk before the content ("On Tuesday, …") is not part of
  it (`skip_intro`).

A complementizer after the verb ("said that…") always means the content follows.
"""

from __future__ import annotations

from framing.features.attribution.narrative import Token
from framing.features.attribution.phrases import chunk_start, trailing_np
from framing.features.attribution.vocabulary import (
    ADVERBIAL_STARTS,
    CALENDAR_WORDS,
    CONJUNCTIONS,
    DAYS,
    FILLER_WORDS,
    SUBORDINATORS,
)

__all__ = ["content_range", "skip_filler", "skip_intro"]

# Words that open a time or setting adverbial after a verb ("said on Thursday").
FILLER_STARTS = frozenset({"on", "late", "early", "last", "this", "in", "at", "to", "during"})
# Single words skipped after a verb ("told reporters that …").
SKIPPED_AFTER_VERB = frozenset({"reporters", "journalists", "also", "further", "that"})
# First words of an introductory chunk that is not content ("On Tuesday, …").
INTRO_STARTS = ADVERBIAL_STARTS | SUBORDINATORS | CONJUNCTIONS | DAYS | CALENDAR_WORDS
NOT_CONTENT = SUBORDINATORS | ADVERBIAL_STARTS | CONJUNCTIONS
DASHES = frozenset({",", "—", "–", ":"})


def skip_filler(sent: list[Token], i: int) -> int:
    """Skip time and setting adverbials after a verb: "on Thursday", "to reporters",
    "last January"."""
    while i < len(sent):
        w = sent[i].lower
        if w in FILLER_STARTS:
            j = i + 1
            while j < len(sent) and j < i + 4 and sent[j].lower in FILLER_WORDS | CALENDAR_WORDS:
                j += 1
            if j == i + 1:
                break
            i = j
            continue
        if w in DAYS or w in SKIPPED_AFTER_VERB:
            i += 1
            continue
        if sent[i].text in {",", ":"}:
            i += 1
            continue
        break
    return i


def skip_intro(sent: list[Token], start: int, end: int) -> int:
    """Index after an introductory adverbial chunk at `start` ("On Tuesday,", "In a
    statement,", "But"), when something follows it before `end`."""
    k = start
    while k < end and sent[k].lower in CONJUNCTIONS:
        k += 1
    if k < end and sent[k].lower in INTRO_STARTS:
        j = k
        while j < end and sent[j].text != "," and sent[j].quote < 0:
            j += 1
        if j < end - 1 and sent[j].text == ",":
            return j + 1
    return k


def content_range(
    sent: list[Token], prev_end: int, np_start: int, after: int, next_start: int
) -> tuple[int, int]:
    """Reported content of a cue whose speaker starts at `np_start` and whose verb ends
    at `after`: a quotation or clause before the speaker ("“Q,” X said" / "C, X said")
    or the clause after the verb ("X said (that) C"), whichever the sentence has."""
    before_end = np_start
    while before_end > prev_end and sent[before_end - 1].text in DASHES:
        before_end -= 1
    before_start = skip_intro(sent, prev_end, before_end)
    before = [t for t in sent[before_start:before_end] if t.is_word or t.quote >= 0]
    before = [t for t in before if t.lower not in CONJUNCTIONS]
    a = skip_filler(sent, after)
    that = any(sent[k].lower == "that" for k in range(after, a))
    body = [t for t in sent[a : _stop(sent, a, next_start)] if t.is_word or t.quote >= 0]
    if body and that:
        return a, next_start  # "said (on Monday) that …"
    if len(before) == 1 and before[0].quote >= 0:
        return before_start, before_end  # "“Q,” X said" (a quotation after it follows on)
    if not body:
        return (before_start, before_end) if before else (a, next_start)
    if body[0].lower not in NOT_CONTENT:
        return a, next_start
    if before and before_end < np_start:  # "C, X said": a comma separates the clause
        return before_start, before_end
    return a, next_start


def _stop(sent: list[Token], a: int, next_start: int) -> int:
    """Where content after a verb stops: before the next cue's own speaker ("…, Putin
    said, BBC News reported.")."""
    if next_start >= len(sent):
        return next_start
    nxt_chunk = sent[chunk_start(sent, next_start) : next_start]
    return max(a, next_start - len(trailing_np(nxt_chunk)))
