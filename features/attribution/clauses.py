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

from framing.corpus.words import (
    BE_FORMS,
    DETERMINERS,
    MODAL_AUXILIARIES,
    PERFECT_AUXILIARIES,
    SUBJECT_PRONOUNS,
)
from framing.features.attribution.content import content_range, skip_filler
from framing.features.attribution.cues import Cue
from framing.features.attribution.narrative import TERMINATORS, Token
from framing.features.attribution.phrases import (
    MAX_NP_TOKENS,
    chunk_start,
    clause_end,
    np_text,
    participle,
    participle_before,
    place_after_place,
    trailing_np,
    whose_clause_start,
    word_kind,
)
from framing.features.attribution.vocabulary import (
    ADVERBIAL_STARTS,
    CONJUNCTIONS,
    DAYS,
    EXPERT_WORD_RE,
    NP_WORDS,
    OFFICIAL_TITLES,
    PRE_VERB_WORDS,
    SUBORDINATORS,
)

__all__ = ["analyse_cue", "looks_appositive"]

# Words that open an adverbial before an inverted speaker ("said on Monday X").
INVERSION_FILLERS = frozenset({"on", "in", "late", "early"})
# Lowercase function words that do not make a chunk a title ("a senior analyst at …").
APPOSITIVE_LINKS = frozenset({"of", "the", "for", "at", "in", "and"})
# First words of an inserted chunk that describes the speaker before it.
APPOSITIVE_OPENERS = frozenset({"who", "of", "himself", "herself", "themselves", "itself"})
# A party-and-state label after a US politician's name: "R-Ill.", "D-N.Y.", "I-Vt".
PARTY_LABEL_RE = re.compile(r"[rdi]-[a-z]")
# Sentence adverbs set off by commas between a speaker and the verb ("X, meanwhile, said").
CONNECTIVES = frozenset(
    {"meanwhile", "however", "though", "too", "instead", "also", "in", "for", "therefore",
     "moreover", "nonetheless", "nevertheless", "still", "then", "again", "later", "earlier"}
)  # fmt: skip
# First words of a relative clause inserted between a speaker and the verb.
INSERTED_CLAUSE_OPENERS = frozenset({"which", "whose", "whom"})
# Words that make the phrase after an inverted verb a clause, not a speaker.
CLAUSE_WORDS = BE_FORMS | PERFECT_AUXILIARIES | MODAL_AUXILIARIES | {"that", "to", "not"}
# (noun phrase, appositive, index where the noun phrase starts)
Found = tuple[list[Token], str, int]


def looks_appositive(chunk: list[Token]) -> bool:
    """ "a senior analyst at …", "director of …", "who was …", "of X University", an age
    ("69"), a party label ("R-Ill."), "himself a candidate"."""
    words = [t.lower for t in chunk if t.is_word]
    if not words:
        return False
    if words[0] in APPOSITIVE_OPENERS or PARTY_LABEL_RE.match(words[0]):
        return True
    if words[:2] in (["one", "of"], ["among", "the"]):
        return True  # "X, one of the bill's authors, said"
    if all(w.isdigit() for w in words):
        return True
    if words[0] in {"a", "an"} and len(words) > 1 and not chunk[1].is_cap:
        return True  # (v6) "X, a columnist for the newspaper Corriere della Sera, wrote"
    if words[0] == "the" and len(words) > 1 and not chunk[1].is_cap:
        head_words = set(words[1:6])
        return bool(head_words & (NP_WORDS - APPOSITIVE_LINKS))
    if words[0] in {"a", "an", "the"} and len(words) > 2 and not chunk[-1].is_cap:
        # (v5) a capitalised modifier and a lower-case head: "the White House press
        # secretary", "a Republican strategist" (not "the White House")
        return words[-1] in NP_WORDS - APPOSITIVE_LINKS
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
    relative = bool(chunk) and chunk[-1].lower in {"who", "which"}
    if relative and _analyse_relative(sent, cue, start, j, next_start):
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
    k = participle_before(chunk, len(chunk) - len(np))
    if k > 0 and (subject := trailing_np(chunk[:k])) and _has_head(subject):
        # (v6) "Another source speaking to Fox News said": the subject is before the
        # participle phrase, not its object
        cue.speaker_tokens = subject
        cue.np_start = start + k - len(subject)
        cue.content = content_range(sent, prev_end, cue.np_start, after, next_start)
        return
    cue.speaker_tokens = np
    np_start = start + (len(chunk) - len(np))
    cue.np_start = np_start if np else -1
    cue.content = content_range(sent, prev_end, np_start, after, next_start)


def _analyse_relative(sent: list[Token], cue: Cue, start: int, who: int, next_start: int) -> bool:
    """ "some analysts, who pointed out that C" / "voters who said C" / "the report,
    which found that C": the relative pronoun's antecedent, the noun phrase just before
    it (before its comma), speaks the clause after the verb. `who` is the index after
    the pronoun."""
    if who - 1 > start:
        antecedent = sent[start : who - 1]  # "voters who said"
    elif start >= 2 and sent[start - 1].text == ",":
        antecedent = sent[chunk_start(sent, start - 1) : start - 1]  # "X, who said"
    else:
        return False
    np = trailing_np(antecedent)
    if not np or not _has_head(np) or np[-1].lower in SUBJECT_PRONOUNS:
        return False
    cue.speaker_tokens = np
    cue.relative = True
    if sent[who - 1].lower == "which" and not cue.needs:
        cue.needs = "clause"  # "which says that C", not "which acknowledges a right"
    cue.np_start = sent.index(np[0], max(0, start - len(antecedent) - 2))
    cue.content = (skip_filler(sent, cue.index + cue.length), next_start)
    return True


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
    cue.content = content_range(sent, prev_end, start, cue.index + cue.length, next_start)


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
    elif chunk and chunk[0].lower != "who":
        np = trailing_np(chunk[1:])  # "…, while other voters said C": after the opener
        if np and len(np) == len(chunk) - 1 and _has_head(np):
            _set_speaker(sent, cue, (np, "", start), prev_end, next_start)
        else:
            cue.content = (prev_end, prev_end)
    elif chunk:
        cue.content = (prev_end, prev_end)
    else:
        _analyse_inversion(sent, cue, start, (prev_end, next_start), narrative)


def _analyse_inversion(
    sent: list[Token], cue: Cue, start: int, bounds: tuple[int, int], narrative: str
) -> None:
    """ "C, said X, a professor at Y.": the speaker (and its appositive) follow the verb;
    the content is what precedes the verb's chunk (`bounds`: the previous cue's end and
    the next cue's start)."""
    prev_end, next_start = bounds
    after = cue.index + cue.length
    k = (
        skip_filler(sent, after)
        if after < len(sent) and sent[after].lower in INVERSION_FILLERS
        else after
    )
    end = clause_end(sent, k)
    np = _inverted_np(sent, k, end)
    if not np:
        cue.content = (prev_end, prev_end)
        return
    cue.speaker_tokens = np
    if end < len(sent) and sent[end].text == ",":
        apposition = sent[end + 1 : clause_end(sent, end + 1)]
        if apposition and looks_appositive(apposition):
            cue.appositive = np_text(apposition, narrative)
    cut = start - 1 if start > 0 and sent[start - 1].text == "," else start
    before = [t.lower for t in sent[prev_end:cut] if t.is_word or t.quote >= 0]
    if all(w in CONNECTIVES or w in CONJUNCTIONS for w in before):
        # (v6) "Said X, “Q”" / "But, said X, a friend, “Q”": nothing is reported before
        # the verb, so the content is the quotation after the speaker.
        after_np = next((i for i in range(end, next_start) if sent[i].quote >= 0), -1)
        if after_np >= 0:
            cue.content = (after_np, next_start)
            return
    cue.content = (prev_end, max(prev_end, cut))


# Words that end the speaker after an inverted verb: a subordinate clause ("said Sanders
# as he closed out") or (v5) a relative clause on it ("said a Democratic strategist who
# spoke on the condition of anonymity").
INVERSION_CUTS = SUBORDINATORS | {"who", "whose"}


def _inverted_np(sent: list[Token], k: int, end: int) -> list[Token]:
    """The speaker after an inverted verb, ``sent[k:end]``, or [] when that is a clause
    ("said he had been…", "told Politico that…") rather than a noun phrase."""
    np = sent[k:end]
    cut = next((i for i, t in enumerate(np) if i and t.lower in INVERSION_CUTS), len(np))
    np = np[:cut]  # "said Sanders as he closed out"; (v5) "said an aide who asked not to…"
    if not np or len(np) > MAX_NP_TOKENS:
        return []
    if np[0].lower in SUBJECT_PRONOUNS:
        closing = end >= len(sent) or sent[end].text in TERMINATORS
        return np if len(np) == 1 and closing else []
    if any(_clause_word(np, k) for k in range(len(np))):
        return []
    if not (np[0].is_cap or np[0].lower in DETERMINERS or word_kind(np[0]) in ("word", "det")):
        return []
    return np


def _clause_word(np: list[Token], k: int) -> bool:
    """Whether ``np[k]`` makes the phrase a clause: an auxiliary, "that", "not", or "to"
    before a verb ("said to have"; not "an adviser to Trump", "close to the mayor")."""
    low = np[k].lower
    if low == "to":
        nxt = np[k + 1] if k + 1 < len(np) else None
        return nxt is None or not (nxt.is_cap or word_kind(nxt) == "det")
    return low in CLAUSE_WORDS or low.endswith("n't")


def _subject_before(sent: list[Token], end: int, prev_end: int, narrative: str) -> Found | None:
    """Speaker in the chunks before a comma-preceded verb, skipping adverbials,
    relative clauses, appositives and parentheses: (noun phrase, appositive, start)."""
    appositive = ""
    skipped_clause = False
    k = end
    for _ in range(5):
        if k <= prev_end or k == 0 or sent[k - 1].text not in (",", ")"):
            return None
        if sent[k - 1].text == ",":
            k -= 1
        if k > prev_end and sent[k - 1].text == ")":
            k = _before_parenthesis(sent, k, prev_end)  # "X (D-Vt.) said", "X (R), 71, said"
        start = max(chunk_start(sent, k), prev_end)
        chunk = sent[start:k]
        if not chunk:
            return None
        first = chunk[0].lower
        if _connective(chunk) or place_after_place(sent, start, k, prev_end):
            k = start  # "X, meanwhile, said"; "X, in Columbus, Ohio, said"
            continue
        if first == "who" or first in ADVERBIAL_STARTS:
            skipped_clause = True  # then the noun phrase just before may be the subject
            k = start
            continue
        adverb = first in CONNECTIVES | {"now", "once", "still", "already"} and len(chunk) > 1
        if first in INSERTED_CLAUSE_OPENERS or participle(chunk[1 if adverb else 0]):
            # "X, which made $3 billion, said", "X, citing Y, said": X must fill its chunk
            # ("C is a big win, which gets Y, said Z" is an inversion, not "a big win")
            k = start
            continue
        after_comma = start > prev_end and start > 0 and sent[start - 1].text == ","
        if looks_appositive(chunk) and after_comma:
            appositive = appositive or np_text(chunk, narrative)
            k = start
            continue
        np = trailing_np(chunk)
        rest = [
            t for t in chunk[: len(chunk) - len(np)] if t.lower not in CONJUNCTIONS and t.is_word
        ]
        # After a relative or adverbial clause, the NP just before it is its subject
        # ("… after Mr Putin, who visited Y, said"); otherwise it must fill its chunk.
        whose = whose_clause_start(sent, start, prev_end)
        if whose >= 0:
            skipped_clause = True  # (v5) "X, whose firm, Y, makes Z, said": X speaks
            k = whose
            continue
        if np and (not rest or skipped_clause) and _has_head(np):
            appositive = appositive or _title_before(sent, start, prev_end, narrative)
            return np, appositive, start + len(chunk) - len(np)
        return None
    return None


def _before_parenthesis(sent: list[Token], k: int, prev_end: int) -> int:
    """Index of the "(" that the ")" at ``k - 1`` closes (or `prev_end`)."""
    j = k - 1
    while j > prev_end and sent[j].text != "(":
        j -= 1
    return j if j > prev_end else prev_end


def _connective(chunk: list[Token]) -> bool:
    """A chunk that is only a sentence adverb: "meanwhile", "however", "in turn"."""
    words = [t.lower for t in chunk if t.is_word]
    return 0 < len(words) <= 3 and words[0] in CONNECTIVES


def _has_head(np: list[Token]) -> bool:
    return np[0].lower in SUBJECT_PRONOUNS or any(word_kind(t) == "word" for t in np)


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
