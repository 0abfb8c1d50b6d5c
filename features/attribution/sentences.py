"""One narrative sentence in, its attributions out (docs/attribution.md, rule 4).

`read_sentence` finds the sentence's cues, gives each its speaker and reported content,
and records a row per attribution in the `Article` being read (`rows`):

* a cue whose content is exactly one quotation makes that quotation ``direct`` (or,
  for a later paragraph of a multi-paragraph quotation already recorded, names its
  speaker if it had none);
* a cue with paraphrase, quotations embedded or not, is ``mixed`` or ``indirect``;
* a cue with no content of its own right after a quotation that ended the previous
  sentence ("“…?” Sen. X asked.") names that quotation's speaker;
* the quotations no cue claimed go to `followon`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from framing.corpus.words import PREPOSITIONS, SUBJECT_PRONOUNS
from framing.features.attribution.clauses import analyse_cue
from framing.features.attribution.content import skip_filler
from framing.features.attribution.cues import (
    CLAUSE_OPENERS,
    FINITE_MARKERS,
    SPEECH_OBJECTS,
    Cue,
    find_cues,
    satisfied,
)
from framing.features.attribution.followon import attribute_unclaimed
from framing.features.attribution.labels import label_cue
from framing.features.attribution.phrases import chunk_start, np_text, sentence_subject
from framing.features.attribution.pronouns import is_person_like
from framing.features.attribution.rows import Article, Verb, add_direct, content_text, make_row
from framing.features.attribution.speakers import UNKNOWN, classify_speaker
from framing.features.attribution.vocabulary import ADVERBIAL_STARTS, CONJUNCTIONS

if TYPE_CHECKING:
    from framing.features.attribution.cues import Entry
    from framing.features.attribution.narrative import Token
    from framing.features.attribution.rows import Span
    from framing.features.attribution.speakers import ArticleState, SpeakerInfo

__all__ = ["Sentence", "read_sentence"]

BODY_PUNCTUATION = frozenset({",", ".", ":", ";", "!", "?"})


@dataclass
class Sentence:
    tokens: list[Token]
    narrative: str
    paragraph: int  # index into the article's paragraphs
    stances: list[tuple[int, Entry]]
    subject_tokens: list[Token]
    subject_text: str
    placeholders: list[int]  # token indices of the quotations
    claimed: set[int] = field(default_factory=set)  # placeholders a cue has taken
    contents: list[tuple[int, int]] = field(default_factory=list)  # attributed token ranges
    speaker: SpeakerInfo | None = None  # the speaker of the sentence's latest attribution
    # (token index of the cue, speaker, verb, (speaker span, cue span)) per attribution
    attributions: list[tuple[int, SpeakerInfo, Verb, tuple[Span, Span]]] = field(
        default_factory=list
    )

    def stance_before(self, index: int) -> Entry | None:
        """The first stance verb before token `index` ("X slammed … and said")."""
        found = [s for s in self.stances if s[0] < index]
        return found[0][1] if found else None


def read_sentence(
    article: Article, sent: list[Token], narrative: str, p: int, *, first: bool = False
) -> None:
    """Record the attributions of sentence `sent` of paragraph index `p` (`first`: the
    paragraph's first sentence)."""
    cues, stances = find_cues(sent, article.lexicon)
    label = label_cue(sent, first=first, has_cues=bool(cues))
    if label is not None:
        cues = sorted([*cues, label], key=lambda c: c.index)
    first_verb = min([c.index for c in cues] + [i for i, _ in stances], default=None)
    subject_tokens = sentence_subject(sent, first_verb)
    sentence = Sentence(
        sent,
        narrative,
        p,
        stances,
        subject_tokens,
        np_text(subject_tokens, narrative),
        [k for k, t in enumerate(sent) if t.quote >= 0],
    )
    cues = _analysed_cues(sent, cues, narrative)
    for c in range(len(cues)):
        _attribute_cue(article, sentence, cues, c)
    attribute_unclaimed(article, sentence)
    _remember_sentence(article, sentence)


def _analysed_cues(sent: list[Token], cues: list[Cue], narrative: str) -> list[Cue]:
    """The cues with speaker and content. A cue whose content is not what it needs
    ("called a meeting") is no cue, and a participle that only continues the content of
    the cue before it ("said X, adding that…") is part of that cue; the others are
    analysed again without them."""
    candidates = [replace(c) for c in cues]
    while True:
        kept = [replace(c) for c in candidates]  # fresh copies: analysis fills them in
        _analyse_all(sent, kept, narrative)
        failed = {c.index for c in kept if not _satisfied(sent, c)}
        failed |= {
            c.index
            for k, c in enumerate(kept)
            if k and c.participle and kept[k - 1].content[0] > kept[k - 1].index
        }
        if not failed:
            return kept
        candidates = [c for c in candidates if c.index not in failed]


def _analyse_all(sent: list[Token], kept: list[Cue], narrative: str) -> None:
    for c, cue in enumerate(kept):
        prev_end = kept[c - 1].index + kept[c - 1].length if c else 0
        next_start = kept[c + 1].index if c + 1 < len(kept) else len(sent)
        analyse_cue(sent, cue, prev_end, next_start, narrative)
        if c and kept[c - 1].relative and not cue.speaker_tokens and not cue.participle:
            # "X, who said C, said D": the relative clause's antecedent speaks D too
            cue.follows = c - 1
            cue.content = (skip_filler(sent, cue.index + cue.length), next_start)
        if cue.participle and c:
            cue.follows = c - 1  # "“Q,” X said, adding that…": X speaks the participle
        if cue.participle or cue.chained_to_subject:
            next_stop = next_start
            if c + 1 < len(kept):
                next_stop = chunk_start(sent, kept[c + 1].index)
            cue.content = (cue.content[0], max(cue.content[0], next_stop))


def _satisfied(sent: list[Token], cue: Cue) -> bool:
    """Whether the cue has the content it needs; (v6) a cue announcing the next
    paragraph ("Cruz continued:") has it there."""
    a, b = cue.content
    content = sent[a:b]
    if satisfied(cue, content, any(t.quote >= 0 for t in content)) or _announces(sent, cue):
        return True
    # (v6) A cue that ends its sentence with no content at all ("“…?” Beck
    # questioned."): no row of its own, but it may name the quotation before it.
    rest = [t for t in sent[cue.index + cue.length :] if t.is_word or t.quote >= 0]
    return not rest and not any(t.is_word or t.quote >= 0 for t in content)


def _content_span(cues: list[Cue], c: int, sent: list[Token]) -> tuple[int, int]:
    """Token range of cue `c`'s content; "X said C and Y said D": C stops where the
    next cue's speaker starts — unless that cue is nested in C, with no comma between
    ("X told reporters that he believed D"): then C holds it and D."""
    cue = cues[c]
    a, b = cue.content
    plain = not cue.according and not cue.participle and not cue.chained_to_subject
    if plain and cue.np_start >= 0 and a > cue.index and c + 1 < len(cues):
        nxt = cues[c + 1]
        start = nxt.np_start if 0 <= nxt.np_start < nxt.index else nxt.index
        nested = start >= a and not any(t.is_boundary for t in sent[a:start])
        if nested and nxt.content[0] > nxt.index:
            return a, nxt.content[1]
        b = min(b, max(a, start))
    return a, b


def _speaker_of(sentence: Sentence, cues: list[Cue], c: int) -> tuple[list[Token], str]:
    """The speaker tokens and appositive of cue `c`: its own, the cue's it follows, or
    the sentence subject's."""
    cue = cues[c]
    while cue.follows >= 0 and cues[cue.follows].speaker_tokens:
        return cues[cue.follows].speaker_tokens, cues[cue.follows].appositive
    if cue.chained_to_subject:
        return sentence.subject_tokens, ""
    return cue.speaker_tokens, cue.appositive


def _attribute_cue(article: Article, sentence: Sentence, cues: list[Cue], c: int) -> None:
    cue = cues[c]
    if cue.skip:
        return
    a, b = _content_span(cues, c, sentence.tokens)
    if c and cues[c - 1].content[0] <= a < cues[c - 1].content[1]:
        return  # "X read the letter: “Q,” she said": the content is the cue's before
    sent, p = sentence.tokens, sentence.paragraph
    inside = [k for k in sentence.placeholders if a <= k < b and k not in sentence.claimed]
    body = [
        t
        for t in sent[a:b]
        if t.text not in BODY_PUNCTUATION and t.lower not in CONJUNCTIONS | {"that"}
    ]
    speaker_tokens, appositive = _speaker_of(sentence, cues, c)
    speaker_np = np_text(speaker_tokens, sentence.narrative)
    if _announces(sent, cue) and speaker_np and not inside and (not body or _circumstance(body)):
        _announce(article, sentence, cue, speaker_np, speaker_tokens)
        return  # (v6) "Cruz continued:" ending its paragraph: the next one is its content
    if not body:
        _name_previous_quote(article, sentence, cue, speaker_np, speaker_tokens)
        return  # ", X said, Y reported": the second cue has no content of its own
    after_verb = sent[cue.index + cue.length : b] if a > cue.index else body
    if _circumstance(after_verb, cue.lemma in LISTENER_VERBS) and _name_previous_quote(
        article, sentence, cue, speaker_np, speaker_tokens, len(body)
    ):
        return  # (v6) "“…?” Trump asked reporters at a rally in Ohio."
    if not speaker_np and not inside:
        return  # a reporting verb with neither speaker nor quotation
    state = article.state
    info = _subject_before_pronoun(sentence, speaker_tokens, state)
    if info is None:
        info = classify_speaker(speaker_np, appositive, state, p) if speaker_np else UNKNOWN
    verb = _cue_verb(sentence, cue)
    spans = (
        article.body_span(p, speaker_tokens) or article.mentions.get(id(info)),
        article.body_span(p, sent[cue.index : cue.index + cue.length]),
    )
    article.remember_mention(info, spans[0])
    state.referents.note(info, "speaker", speaker_np)
    sentence.claimed.update(inside)
    sentence.contents.append((a, b))
    sentence.attributions.append((cue.index, info, verb, spans))
    if len(body) == 1 and body[0].quote >= 0:
        if add_direct(article, body[0].quote, info, verb, spans):
            sentence.speaker = info
            return
    else:
        content = content_text(sent, a, b, sentence.narrative, article.quotes)
        quoted = sum(article.quotes[sent[k].quote].n_words for k in inside)
        kind = "mixed" if inside else "indirect"
        row = make_row(article, None, kind, content, info, verb, p=p, n_quoted=quoted, spans=spans)
        article.rows.append(row)
        for k in inside:
            article.quote_row.setdefault(sent[k].quote, len(article.rows) - 1)
    if info is not UNKNOWN:
        state.speakers.append((p, info))
    sentence.speaker = info


def _subject_before_pronoun(
    sentence: Sentence, speaker: list[Token], state: ArticleState
) -> SpeakerInfo | None:
    """ "Ms. Lane read the letter aloud: “…,” she said.": a he/she speaker after a person
    subject of the same sentence that agrees with it refers to that subject."""
    subject = sentence.subject_tokens
    if len(speaker) != 1 or speaker[0].lower not in ("he", "she") or not subject:
        return None
    if subject[-1].end > speaker[0].start or subject[0].lower in SUBJECT_PRONOUNS:
        return None
    info = classify_speaker(sentence.subject_text, "", state, sentence.paragraph)
    if not info.is_person:
        lead = _leading_name(subject)
        text = np_text(lead, sentence.narrative)
        info = classify_speaker(text, "", state, sentence.paragraph) if text else UNKNOWN
    return info if info.is_person and state.referents.agrees(speaker[0].lower, info) else None


def _announces(sent: list[Token], cue: Cue) -> bool:
    """Whether the sentence ends with a colon after the cue and at most its
    circumstances ("Cruz continued:", "the campaign said in a statement:"): then the
    quotation that opens the next paragraph is what it reports."""
    if not sent or sent[-1].text != ":":
        return False
    after = [t for t in sent[cue.index + cue.length : -1] if t.is_word or t.quote >= 0]
    return not after or _circumstance(after)


def _announce(
    article: Article, sentence: Sentence, cue: Cue, speaker_np: str, speaker: list[Token]
) -> None:
    """Remember the speaker of an announcing cue for the quotation that opens the next
    paragraph (`followon`), as the latest speaker."""
    state, p = article.state, sentence.paragraph
    info = _subject_before_pronoun(sentence, speaker, state)
    if info is None:
        info = classify_speaker(speaker_np, cue.appositive, state, p)
    spans = (
        article.body_span(p, speaker) or article.mentions.get(id(info)),
        article.body_span(p, sentence.tokens[cue.index : cue.index + cue.length]),
    )
    article.remember_mention(info, spans[0])
    state.referents.note(info, "speaker", speaker_np)
    if info is not UNKNOWN:
        state.speakers.append((p, info))
        article.announced = (p, info, _cue_verb(sentence, cue), spans)
    sentence.speaker = info


# Verbs whose first object is the listener ("told Britain's ITV in an interview").
LISTENER_VERBS = frozenset({"tell", "ask"})


def _circumstance(tokens: list[Token], listener: bool = False) -> bool:
    """(v6) Content after a verb that is no clause but its circumstances ("at a rally in
    Ohio", "reporters rhetorically during a news conference"): it opens with a
    preposition, an adverb or a listener, and holds no complementizer, subject pronoun
    or auxiliary."""
    words = [t.lower for t in tokens if t.is_word]
    if not words or any(t.quote >= 0 for t in tokens):
        return False
    first = words[0]
    opens = (
        listener
        or first in PREPOSITIONS
        or first in ADVERBIAL_STARTS
        or first in SPEECH_OBJECTS
        or first.endswith("ly")
    )
    return opens and not any(w in CLAUSE_OPENERS or w in FINITE_MARKERS for w in words)


def _name_previous_quote(
    article: Article,
    sentence: Sentence,
    cue: Cue,
    speaker_np: str,
    speaker: list[Token],
    circumstance_words: int = 0,
) -> bool:
    """ "“…?” Sen. X asked.": a cue with no content of its own (or only its
    `circumstance_words`), in a sentence that is only its speaker and verb, right after
    a sentence that ended with a quotation, names that quotation's speaker."""
    last, p = article.last_quote, sentence.paragraph
    words = [t for t in sentence.tokens if t.is_word and t.quote < 0]
    cue_words = sentence.tokens[cue.index : cue.index + cue.length]
    if last is None or last[0] != p or not speaker_np or sentence.placeholders:
        return False
    if len(words) > len(speaker) + len(cue_words) + 4 + circumstance_words:
        return False
    info = classify_speaker(speaker_np, cue.appositive, article.state, p)
    spans = (article.body_span(p, speaker), article.body_span(p, cue_words))
    add_direct(article, last[1], info, _cue_verb(sentence, cue), spans)
    article.remember_mention(info, spans[0])
    sentence.speaker = info
    return True


def _cue_verb(sentence: Sentence, cue: Cue) -> Verb:
    """The cue's verb; a cue chained to a stance verb takes the stance verb's lemma and
    class ("X slammed the deal and said" → slam, charged)."""
    if cue.chained_to_subject and cue.follows < 0:
        stance = sentence.stance_before(cue.index)
        if stance is not None:
            return stance[0], stance[0], stance[1]
    return cue.verb, cue.lemma, cue.cls


def _remember_sentence(article: Article, sentence: Sentence) -> None:
    """Note the sentence's entities for "he"/"she" later on (its person subject and the
    other people it names), and the quotation that ends it for a following "X asked."."""
    state: ArticleState = article.state
    referents = state.referents
    subject = sentence.subject_tokens
    tokens = sentence.tokens
    if _reported(sentence, subject):
        subject = []  # "Trump's plan may work, said X": the subject is X's content
    if subject and not (len(subject) == 1 and subject[0].lower in SUBJECT_PRONOUNS):
        for conjunct in _conjuncts(subject):  # "Mary Holt and John Poe": both
            for candidate in (conjunct, _leading_name(conjunct)):
                text = np_text(candidate, sentence.narrative)
                info = classify_speaker(text, "", state, sentence.paragraph) if text else None
                if info is not None and is_person_like(info):
                    referents.note(info, "subject", text)
                    break
    referents.next_sentence()
    tail = [t for t in tokens if t.is_word or t.quote >= 0]
    ends_with_quote = bool(tail) and tail[-1].quote >= 0
    article.last_quote = (sentence.paragraph, tail[-1].quote) if ends_with_quote else None


def _reported(sentence: Sentence, subject: list[Token]) -> bool:
    """Whether the subject phrase lies in the content of one of the sentence's
    attributions (its speaker is then who the sentence is about)."""
    if not subject:
        return False
    first = next((k for k, t in enumerate(sentence.tokens) if t is subject[0]), -1)
    return any(a <= first < b for a, b in sentence.contents)


def _conjuncts(tokens: list[Token]) -> list[list[Token]]:
    """The parts of a subject joined by "and" between capitalised words ("Mary Holt and
    John Poe"); the subject itself otherwise."""
    parts: list[list[Token]] = [[]]
    for k, tok in enumerate(tokens):
        joins = 0 < k < len(tokens) - 1 and tokens[k - 1].is_cap and tokens[k + 1].is_cap
        if tok.lower == "and" and joins:
            parts.append([])
        else:
            parts[-1].append(tok)
    return [p for p in parts if p]


def _leading_name(tokens: list[Token]) -> list[Token]:
    """The capitalised words (titles included) that open a subject phrase read too far
    without a parser ("Mr. Brown left early" → "Mr. Brown")."""
    k = 0
    while k < len(tokens) and tokens[k].is_cap:
        k += 1
    return tokens[:k] if 0 < k < len(tokens) else []
