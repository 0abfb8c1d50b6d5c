"""The speaker and the reported content of one cue (docs/attribution.md, rule 3).

`analyse_cue` fills in a `Cue`'s speaker tokens, appositive and content range from the
shape of its sentence:

* "According to X, C" / "C, according to X": the speaker follows the cue;
* "…, saying C" (an -ing form) and "X slammed the deal and said C": the speaker is the
  sentence subject (``chained_to_subject``);
* "X said C", "“Q,” X said", "C, X said": the speaker is the noun phrase before the
  verb, skipping adverbs and auxiliaries ("X has also said");
* "X, a professor at Y, said", "X, who …, said", "X, during a visit, warned": the
  speaker is before the inserted chunks (`_subject_before`);
* "…, said X, a professor at Y": an inversion, the speaker follows the verb;
* "the text, which says …": a document, not a speaker (``skip``).
"""

from __future__ import annotations

import re

from framing.corpus.words import DETERMINERS, SUBJECT_PRONOUNS
from framing.features.attribution.cues import Cue
from framing.features.attribution.narrative import Token
from framing.features.attribution.phrases import chunk_start, clause_end, np_text, trailing_np
from framing.features.attribution.vocabulary import (
    ADVERBIAL_STARTS,
    CONJUNCTIONS,
    DAYS,
    EXPERT_WORD_RE,
    FILLER_WORDS,
    NP_WORDS,
    OFFICIAL_TITLES,
    PRE_VERB_WORDS,
    SUBORDINATORS,
)

__all__ = ["analyse_cue", "looks_appositive", "skip_filler"]

# Words that open a time or setting adverbial after a verb ("said on Thursday").
FILLER_STARTS = frozenset({"on", "late", "early", "last", "this", "in", "at", "to", "during"})
# Single words skipped after a verb ("told reporters that …").
SKIPPED_AFTER_VERB = frozenset({"reporters", "journalists", "also", "further", "that"})
# Words that open an adverbial before an inverted speaker ("said on Monday X").
INVERSION_FILLERS = frozenset({"on", "in", "late", "early"})
# Lowercase function words that do not make a chunk a title ("a senior analyst at …").
APPOSITIVE_LINKS = frozenset({"of", "the", "for", "at", "in", "and"})
# First words of an inserted chunk that describes the speaker before it.
APPOSITIVE_OPENERS = frozenset({"who", "of", "himself", "herself", "themselves", "itself"})
# A party-and-state label after a US politician's name: "R-Ill.", "D-N.Y.", "I-Vt".
PARTY_LABEL_RE = re.compile(r"[rdi]-[a-z]")
# (noun phrase, appositive, index where the noun phrase starts)
Found = tuple[list[Token], str, int]


def skip_filler(sent: list[Token], i: int) -> int:
    """Skip time and setting adverbials after a verb: "on Thursday", "to reporters"."""
    while i < len(sent):
        w = sent[i].lower
        if w in FILLER_STARTS:
            j = i + 1
            while j < len(sent) and j < i + 4 and sent[j].lower in FILLER_WORDS:
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


def looks_appositive(chunk: list[Token]) -> bool:
    """ "a senior analyst at …", "director of …", "who was …", "of X University", an age
    ("69"), a party label ("R-Ill."), "himself a candidate"."""
    words = [t.lower for t in chunk if t.is_word]
    if not words:
        return False
    if words[0] in APPOSITIVE_OPENERS or PARTY_LABEL_RE.match(words[0]):
        return True
    if all(w.isdigit() for w in words):
        return True
    if words[0] in {"a", "an", "the"} and len(words) > 1 and not chunk[1].is_cap:
        head_words = set(words[1:6])
        return bool(head_words & (NP_WORDS - APPOSITIVE_LINKS))
    return not chunk[0].is_cap and words[0] in NP_WORDS and any(w in {"of", "at"} for w in words)


def analyse_cue(
    sent: list[Token], cue: Cue, prev_end: int, next_start: int, narrative: str
) -> None:
    """Fill in the speaker tokens, appositive and content range of one cue; its
    content lies between the previous cue's end and the next cue's start."""
    after = cue.index + cue.length
    if cue.according:
        _analyse_according(sent, cue, prev_end, next_start)
        return
    if cue.participle:
        _chain_to_subject(sent, cue, next_start)
        return
    j = _verb_group_start(sent, cue.index)
    start = chunk_start(sent, j)
    chunk = sent[start:j]
    if chunk and chunk[-1].lower in {"and", "but", "or"}:
        _chain_to_subject(sent, cue, next_start)
        return
    if chunk and chunk[0].lower in {"which", "that"}:
        cue.skip = True  # "the text, which says …": a document, not a speaker
        return
    if not chunk or chunk[0].lower == "who" or (chunk[0].lower in ADVERBIAL_STARTS and start > 0):
        _analyse_after_comma(sent, cue, chunk, start, prev_end, next_start, narrative)
        return
    if looks_appositive(chunk) and start > 0:
        found = _subject_before(sent, j, prev_end, narrative)
        if found is not None:
            _set_speaker(sent, cue, found, prev_end, next_start)
            return
    np = trailing_np(chunk)
    cue.speaker_tokens = np
    np_start = start + (len(chunk) - len(np))
    cue.np_start = np_start if np else -1
    cue.content = _content_range(sent, prev_end, np_start, after, next_start)


def _analyse_according(sent: list[Token], cue: Cue, prev_end: int, next_start: int) -> None:
    """ "According to X, C" or "C, according to X"."""
    after = cue.index + cue.length
    k = clause_end(sent, after)
    cue.speaker_tokens = sent[after:k]
    before = chunk_start(sent, cue.index)
    if before > prev_end and before - 1 >= 0 and sent[before - 1].text == ",":
        cue.content = (prev_end, before - 1)
    else:
        cue.content = (k, next_start)


def _chain_to_subject(sent: list[Token], cue: Cue, next_start: int) -> None:
    """ "…, saying C" / "X slammed the deal and said C": the subject speaks C."""
    cue.chained_to_subject = True
    cue.content = (skip_filler(sent, cue.index + cue.length), next_start)


def _verb_group_start(sent: list[Token], i: int) -> int:
    """Walk back from the verb at `i` over adverbs and auxiliaries ("has also said",
    "flatly denied") and an "on <day>" between the subject and the verb."""
    j = i
    while j > 0 and (
        sent[j - 1].lower in PRE_VERB_WORDS
        or (sent[j - 1].lower.endswith("ly") and not sent[j - 1].is_cap)
    ):
        j -= 1
    if j >= 2 and sent[j - 1].lower in DAYS and sent[j - 2].lower == "on":
        j -= 2
    return j


def _set_speaker(sent: list[Token], cue: Cue, found: Found, prev_end: int, next_start: int) -> None:
    np, appositive, start = found
    cue.speaker_tokens, cue.appositive, cue.np_start = np, appositive, start
    cue.content = _content_range(sent, prev_end, start, cue.index + cue.length, next_start)


def _analyse_after_comma(
    sent: list[Token],
    cue: Cue,
    chunk: list[Token],
    start: int,
    prev_end: int,
    next_start: int,
    narrative: str,
) -> None:
    """The verb follows a comma: "X, a professor at Y, said …" / "X, who …, said" /
    "X, during a visit, warned" — or an inversion "…, said X, a professor at Y."
    (`chunk` is the verb's own chunk, empty right after the comma)."""
    found = _subject_before(sent, start, prev_end, narrative)
    if found is not None:
        _set_speaker(sent, cue, found, prev_end, next_start)
    elif chunk:
        cue.content = (prev_end, prev_end)
    else:
        _analyse_inversion(sent, cue, start, prev_end, narrative)


def _analyse_inversion(
    sent: list[Token], cue: Cue, start: int, prev_end: int, narrative: str
) -> None:
    """ "C, said X, a professor at Y.": the speaker (and its appositive) follow the verb;
    the content is what precedes the verb's chunk."""
    after = cue.index + cue.length
    k = (
        skip_filler(sent, after)
        if after < len(sent) and sent[after].lower in INVERSION_FILLERS
        else after
    )
    end = clause_end(sent, k)
    np = sent[k:end]
    if not (np and (np[0].is_cap or np[0].lower in SUBJECT_PRONOUNS | DETERMINERS)):
        cue.content = (prev_end, prev_end)
        return
    cue.speaker_tokens = np
    if end < len(sent) and sent[end].text == ",":
        apposition = sent[end + 1 : clause_end(sent, end + 1)]
        if apposition and looks_appositive(apposition):
            cue.appositive = np_text(apposition, narrative)
    cut = start - 1 if start > 0 and sent[start - 1].text == "," else start
    cue.content = (prev_end, max(prev_end, cut))


def _content_range(
    sent: list[Token], prev_end: int, np_start: int, after: int, next_start: int
) -> tuple[int, int]:
    """Reported content of a cue whose speaker starts at `np_start`: a quotation or
    clause before the speaker ("“Q,” X said" / "C, X said") or the clause after the
    verb ("X said (that) C"), whichever the sentence has."""
    before_end = np_start
    while before_end > prev_end and sent[before_end - 1].text in {",", "—", "–"}:
        before_end -= 1
    before = [t for t in sent[prev_end:before_end] if t.is_word or t.quote >= 0]
    before = [t for t in before if t.lower not in CONJUNCTIONS]
    if len(before) == 1 and before[0].quote >= 0 and prev_end == 0:
        return prev_end, before_end
    a = skip_filler(sent, after)
    stop = next_start
    if next_start < len(sent):
        # Stop before the next cue's own speaker: "…, Putin said, BBC News reported."
        nxt_chunk = sent[chunk_start(sent, next_start) : next_start]
        stop = max(a, next_start - len(trailing_np(nxt_chunk)))
    body = [t for t in sent[a:stop] if t.is_word or t.quote >= 0]
    if body and body[0].lower not in SUBORDINATORS | ADVERBIAL_STARTS | CONJUNCTIONS:
        return a, next_start
    if before and before_end < np_start:  # "C, X said": a comma separates the clause
        return prev_end, before_end
    return a, next_start


def _subject_before(sent: list[Token], end: int, prev_end: int, narrative: str) -> Found | None:
    """Speaker in the chunks before a comma-preceded verb, skipping adverbials,
    relative clauses and appositives: (noun phrase, appositive, start index)."""
    appositive = ""
    skipped_clause = False
    k = end
    for _ in range(4):
        if k <= prev_end or k == 0 or sent[k - 1].text != ",":
            return None
        start = max(chunk_start(sent, k - 1), prev_end)
        chunk = sent[start : k - 1]
        if not chunk:
            return None
        first = chunk[0].lower
        if first == "who" or first in ADVERBIAL_STARTS:
            skipped_clause = True
            k = start
            continue
        if (
            looks_appositive(chunk)
            and start > prev_end
            and start > 0
            and sent[start - 1].text == ","
        ):
            appositive = appositive or np_text(chunk, narrative)
            k = start
            continue
        np = trailing_np(chunk)
        rest = [
            t for t in chunk[: len(chunk) - len(np)] if t.lower not in CONJUNCTIONS and t.is_word
        ]
        # After a relative or adverbial clause, the NP just before it is its subject
        # ("… after Mr Putin, who visited Y, said"); otherwise it must fill its chunk.
        if (
            np
            and (not rest or skipped_clause)
            and (any(t.is_cap for t in np) or np[0].lower in SUBJECT_PRONOUNS)
        ):
            appositive = appositive or _title_before(sent, start, prev_end, narrative)
            return np, appositive, start + len(chunk) - len(np)
        return None
    return None


def _title_before(sent: list[Token], start: int, prev_end: int, narrative: str) -> str:
    """A title chunk before the name chunk starting at `start`, or "": "Mr Yoon’s
    national security adviser, Chang Ho-jin, said"."""
    if not (start > prev_end and start >= 2 and sent[start - 1].text == ","):
        return ""
    title_chunk = sent[chunk_start(sent, start - 1) : start - 1]
    if title_chunk and any(
        not t.is_cap and (t.bare in OFFICIAL_TITLES or EXPERT_WORD_RE.search(t.bare))
        for t in title_chunk
    ):
        return np_text(title_chunk, narrative)
    return ""
