"""Noun phrases and chunks of a narrative sentence (tokens from `narrative`).

A *chunk* is a run of tokens between boundaries (a quotation or , ; : — – ( ) [ ]).
The speaker of a cue is a noun phrase at the end of the chunk before the verb
(`trailing_np`), at the start of the sentence's subject chunk (`leading_np`,
`sentence_subject`), or after the verb; these helpers find them without a parser, in
one bounded scan each, from the kind of each word (`word_kind`):

* ``word``: a capitalised word, a number, or a lower-case word that is not one of the
  closed classes below: names, titles and descriptions ("former White House adviser
  Dan Cole", "the Ohio businessman", "six in 10", "a former federal
  prosecutor");
* ``det``: a determiner or quantifier, which opens a noun phrase ("the", "another",
  "most");
* ``link``: a preposition that joins a head to its complement inside a noun phrase
  ("a spokesman *for* the campaign", "people close *to* the vice president");
* ``and``: joins two capitalised names ("Ames and Reyes");
* ``stop``: anything else — pronouns, auxiliaries, conjunctions, other prepositions,
  adverbs, time words ("this week", "On Tuesday"), sentence connectives ("But"),
  punctuation and quotations.
"""

from __future__ import annotations

from collections.abc import Sequence

from framing.corpus.words import (
    BE_FORMS,
    DETERMINERS,
    MODAL_AUXILIARIES,
    NEGATIONS,
    PERFECT_AUXILIARIES,
    PREPOSITIONS,
    SUBJECT_PRONOUNS,
)
from framing.features.attribution.narrative import TERMINATORS, Token
from framing.features.attribution.vocabulary import (
    ADVERBIAL_STARTS,
    CALENDAR_WORDS,
    CONJUNCTIONS,
    NP_BREAK_WORDS,
    NP_QUANTIFIERS,
    PERSON_HEADS,
    PRE_VERB_WORDS,
    STOP_CAPS,
    SUBORDINATORS,
    TIME_WORDS,
)

__all__ = [
    "MAX_CHUNK_TOKENS",
    "chunk_start",
    "clause_end",
    "leading_np",
    "np_text",
    "participle",
    "participle_before",
    "place_after_place",
    "sentence_subject",
    "trailing_np",
    "whose_clause_start",
    "word_kind",
]

# No clause in news prose runs this long without a comma or a clause word; the bound
# keeps a sentence without punctuation (a pasted transcript) linear instead of
# quadratic in its length, and changes nothing for shorter chunks.
MAX_CHUNK_TOKENS = 120
# A speaker phrase longer than this is a misreading (a clause): the phrase is cut to
# its last name or description.
MAX_NP_TOKENS = 14
# Prepositions that join a head to its complement inside a noun phrase.
NP_LINKS = frozenset({"of", "for", "at", "with", "from", "in", "on", "to", "out"})
NP_DETERMINERS = (DETERMINERS - {"that"}) | NP_QUANTIFIERS
# Object pronouns that end a quantified phrase ("most of them", "some of us").
PARTITIVE_HEADS = frozenset({"them", "us", "those", "these", "whom"})
# Capitalised words a noun phrase does not contain ("But", "According", "In"): STOP_CAPS
# but for the determiners and titles that do start one ("The ministry", "Mr Kim").
NP_STOP_CAPS = frozenset(
    w for w in STOP_CAPS if w.lower() not in NP_DETERMINERS | {"mr", "mrs", "ms", "dr", "prof"}
)
# Number words that head a partitive ("six in 10", "four out of 10").
NUMBER_WORDS = frozenset(
    {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "half"}
)
# Besides time nouns and numbers, the words of a time adverbial ("Two days later,").
TIME_CHUNK_WORDS = frozenset(
    {"later", "earlier", "last", "next", "this", "that", "the", "a", "few", "several",
     "early", "late", "same", "previous", "following", "ago", "just", "over", "back",
     "in", "by"}
)  # fmt: skip
# Determiners that open an object: a lower-case -s/-ed word before one is a verb
# ("hits the mayor"; a noun in apposition would be followed by a name, not "the").
OBJECT_OPENERS = frozenset(
    {"the", "a", "an", "his", "her", "its", "their", "our", "these", "those"}
)
# Closing quotation marks of a scare quote, left in the narrative as tokens.
CLOSING_MARKS = frozenset({'"', "”", "’", "''"})
# Particles of phrasal verbs: "brushed off", "played down".
PARTICLES = frozenset({"off", "up", "out", "down", "back", "away"})
# Quantifiers that are a whole noun phrase at the end of a chunk ("others said").
PRONOUN_QUANTIFIERS = frozenset(
    {"others", "many", "some", "most", "both", "all", "several", "few", "one", "none",
     "another"}
)  # fmt: skip
# Reflexives that emphasise a subject ("Cruz himself said").
REFLEXIVES = frozenset({"himself", "herself", "themselves", "itself"})
NON_NP_WORDS = (
    NP_BREAK_WORDS
    | SUBJECT_PRONOUNS
    | BE_FORMS
    | PERFECT_AUXILIARIES
    | MODAL_AUXILIARIES
    | NEGATIONS
    | CONJUNCTIONS
    | SUBORDINATORS
    | (ADVERBIAL_STARTS - NP_LINKS)
    | (PRE_VERB_WORDS - {"former"})
)
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
    while k < end and k > 0 and sent[k].text in CLOSING_MARKS:
        k += 1  # 'may be "strategic," said X': the mark closes the chunk before the comma
    return k


def clause_end(sent: list[Token], k: int) -> int:
    """Index of the first boundary or sentence terminator at or after `k`."""
    while k < len(sent) and not sent[k].is_boundary and sent[k].text not in TERMINATORS:
        k += 1
    return k


def word_kind(tok: Token) -> str:
    """``word``, ``det``, ``link``, ``and`` or ``stop`` (module docstring)."""
    if tok.quote >= 0 or not tok.is_word or tok.text in NP_STOP_CAPS:
        return "stop"
    if len(tok.text) > 1 and tok.text.isupper():
        return "word"  # an acronym: "US", "FBI" (not the pronoun "us")
    low = tok.lower
    if low in NP_DETERMINERS:
        return "det"
    if low in NP_LINKS:
        return "link"
    if low in ("and", "&"):
        return "and"
    if low in NON_NP_WORDS or low.endswith("n't") or low in CALENDAR_WORDS:
        return "stop"
    if low in TIME_WORDS and not tok.is_cap:
        return "stop"
    if not tok.is_cap and low.endswith("ly") and len(low) > 5:
        return "stop"  # an adverb ("quickly"); "family", "ally", "rally" are shorter
    return "word"


def trailing_np(chunk: list[Token]) -> list[Token]:
    """The noun phrase that ends `chunk`: scanning back over words, through a link or a
    determiner that follows a link ("a spokesman for the campaign"), to the determiner
    that opens it."""
    n = len(chunk)
    if n >= 2 and chunk[-1].lower in REFLEXIVES and word_kind(chunk[-2]) == "word":
        chunk, n = chunk[:-1], n - 1  # "Cruz himself said"
    if n and chunk[-1].lower in SUBJECT_PRONOUNS:
        return chunk[-1:]
    j = n
    if n >= 2 and chunk[-1].lower in PARTITIVE_HEADS and chunk[-2].lower == "of":
        j = n - 2  # "most of them"
    elif n and chunk[-1].lower in PRONOUN_QUANTIFIERS:
        return chunk[-1:]  # "others said"
    while j > 0:
        kind = word_kind(chunk[j - 1])
        if kind == "word":
            j -= 1
        elif kind == "det" and j < n:
            j -= 1
            if j > 0 and chunk[j].lower in NP_QUANTIFIERS and word_kind(chunk[j - 1]) == "det":
                j -= 1  # "the two lawmakers", "all three candidates"
            if not _joined(chunk, j):
                break
            j -= 1
        elif (kind == "link" and j < n and _joined(chunk, j)) or (
            kind == "and" and j < n and j >= 2 and _joined_roles(chunk, j)
        ):
            j -= 1
        else:
            break
    return _trimmed(chunk[j:])


def _joined_roles(chunk: list[Token], j: int) -> bool:
    """Whether the "and" at ``chunk[j - 1]`` is inside one noun phrase: between
    capitalised words ("Mary Holt and John Poe", "Johnson & Johnson"), or (v5) between
    two roles of one person, each ending in a person noun and the second without a
    determiner ("the Florida senator and Republican presidential candidate")."""
    if chunk[j].is_cap and chunk[j - 2].is_cap:
        return True
    return (
        chunk[j - 2].lower in PERSON_HEADS
        and chunk[-1].lower in PERSON_HEADS
        and word_kind(chunk[j]) == "word"
    )


def _joined(chunk: list[Token], j: int) -> bool:
    """Whether ``chunk[j - 1]`` is a link that follows a word or a number word
    ("spokesman for", "six in 10")."""
    if j < 2 or word_kind(chunk[j - 1]) != "link":
        return False
    before = chunk[j - 2]
    return word_kind(before) == "word" or before.lower in NUMBER_WORDS


def _trimmed(np: list[Token]) -> list[Token]:
    """A noun phrase without leading links, and cut to its last name or description
    when it is too long to be one."""
    while np and word_kind(np[0]) == "link":
        np = np[1:]
    if len(np) <= MAX_NP_TOKENS:
        return np
    tail = np[-MAX_NP_TOKENS:]
    for k, tok in enumerate(tail):
        if word_kind(tok) == "det":
            return tail[k:]
    return tail[-4:]


def leading_np(chunk: list[Token]) -> list[Token]:
    """The noun phrase that starts `chunk`, up to the first word that looks like its
    verb: after the phrase's first word, a lower-case -ed or -s word that is not
    followed by another word ("Both parents *stiffened* their…")."""
    i = 0
    while i < len(chunk) and chunk[i].lower in CONJUNCTIONS:
        i += 1
    start = i
    if i < len(chunk) and chunk[i].lower in SUBJECT_PRONOUNS:
        return chunk[i : i + 1]
    if i < len(chunk) and word_kind(chunk[i]) == "det":
        i += 1
    head = i
    while i < len(chunk) and i - start < MAX_NP_TOKENS:
        kind = word_kind(chunk[i])
        after = chunk[i + 1] if i + 1 < len(chunk) else None
        nxt = word_kind(after) if after is not None else "stop"
        if kind == "word" and i > head and _verb_like(chunk[i], after):
            break
        if kind == "word" and i > head and _past_after_name(chunk[i], chunk[i - 1]):
            break
        if kind == "word" or (kind in ("link", "det", "and") and nxt in ("word", "det")):
            i += 1
            continue
        break
    np = chunk[start:i]
    while np and word_kind(np[-1]) != "word":
        np = np[:-1]
    return np


def _past_after_name(tok: Token, prev: Token) -> bool:
    """A lower-case -ed word right after a capitalised one is the verb of a name subject:
    "Clinton expressed confidence", "Sen. Ann Ross attacked the plan" (a participle
    modifier before a noun is hyphenated or follows a determiner: "the Trump-backed
    bill", "the proposed plan")."""
    low = tok.lower
    return not tok.is_cap and prev.is_cap and low.endswith("ed") and len(low) > 4


def _time_chunk(words: list[str], end: int, sent: list[Token]) -> bool:
    """A time adverbial before a comma: "Eight years ago,", "Two days later,", "Last
    week,"."""
    if not words or end >= len(sent) or sent[end].text != ",":
        return False
    times = TIME_WORDS | CALENDAR_WORDS | NUMBER_WORDS | TIME_CHUNK_WORDS
    return all(w in times or w.isdigit() for w in words)


def _verb_like(tok: Token, nxt: Token | None) -> bool:
    """A lower-case -ed or -s word followed by no word, or by a particle ("brushed off")."""
    low = tok.lower
    if tok.is_cap or not (low.endswith("ed") or (low.endswith("s") and not low.endswith("ss"))):
        return False
    if nxt is not None and nxt.lower in OBJECT_OPENERS:
        return True  # "The new ad hits the mayor", "the poll shows a tie"
    return nxt is None or word_kind(nxt) != "word" or nxt.lower in PARTICLES


def sentence_subject(sent: list[Token], limit: int | None = None) -> list[Token]:
    """The subject noun phrase of a sentence (after up to three introductory chunks),
    ending before token `limit` (the sentence's first verb from the lexicon)."""
    sent = sent[:limit]
    start = 0
    for _ in range(4):
        end = start
        while end < len(sent) and not sent[end].is_boundary:
            end += 1
        chunk = sent[start:end]
        words = [t.lower for t in chunk if t.lower not in CONJUNCTIONS]
        first = words[0] if words else ""  # "And after the court ruled, X blamed…"
        intro = first in INTRODUCTORY or first.endswith("ing") or _time_chunk(words, end, sent)
        # (v6) "In Aspen, Colo., the governor said": the state of a place is no subject
        intro = intro or place_after_place(sent, start, end, 0)
        if chunk and not intro:
            return leading_np(chunk)
        if end >= len(sent):
            break
        start = end + 1
    return []


def place_after_place(sent: list[Token], start: int, end: int, prev_end: int) -> bool:
    """A capitalised word or two after "in/at/from <Place>," — the state or country of
    a place ("during a meeting in Columbus, Ohio,"), not a speaker."""
    chunk = sent[start:end]
    if not 1 <= len(chunk) <= 2 or not all(t.is_cap for t in chunk) or start - 3 < prev_end:
        return False
    preposition = sent[start - 3].lower
    # (v5) A sentence that opens "Of <Name>," is about that person, not at a place: "Of
    # Carson, Levine, who…, said" has Levine as its speaker.
    opening_of = preposition == "of" and start - 3 == 0
    return (
        sent[start - 1].text == ","
        and sent[start - 2].is_cap
        and preposition in {"in", "at", "from", "of"}
        and not opening_of
    )


def whose_clause_start(sent: list[Token], start: int, prev_end: int) -> int:
    """Index of a ", whose" that opens a relative clause holding the chunk at `start`
    (at most two commas back: "X, whose latest start-up, Paradata, uses data, said"),
    or -1."""
    commas = 0
    for j in range(start - 1, max(prev_end, start - 25) - 1, -1):
        if sent[j].text == ",":
            commas += 1
            if commas > 3:
                return -1
        elif sent[j].lower == "whose" and j > prev_end and sent[j - 1].text == ",":
            return j
    return -1


def participle_before(chunk: list[Token], np_start: int) -> int:
    """Index of a participle that opens a phrase ending with the noun phrase at
    `np_start` ("source *speaking* to Fox News", "an aide *traveling* with the
    senator"): a lower-case -ing word after a word, followed by a preposition, with
    only noun-phrase words between it and `np_start`; else -1."""
    for k in range(np_start - 2, 0, -1):
        tok = chunk[k]
        if tok.quote >= 0 or tok.is_boundary:
            return -1
        if participle(tok) and tok.lower.endswith("ing") and chunk[k + 1].lower in PREPOSITIONS:
            return k if word_kind(chunk[k - 1]) == "word" else -1
    return -1


def participle(tok: Token) -> bool:
    """A lower-case -ing or -ed word opening an inserted chunk ("citing Y", "backed by
    Y"; irregular participles such as "run by" are not recognised)."""
    low = tok.lower
    return not tok.is_cap and len(low) > 4 and low.endswith(("ing", "ed"))
