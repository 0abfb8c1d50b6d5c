"""Quotations of a sentence that no cue claimed (docs/attribution.md, rule 4).

* In a sentence with attributions, a quotation goes to the nearest of them, before it
  if there is one: ``direct`` when it stands in its own chunk ("“Q1,” said X, “Q2.”";
  "X said: “Q1” … “Q2”"), else ``mixed`` with its chunk as content ("…,” Ames
  said, adding that the plan is “…”" when the participle is not a cue).
* A sentence that is only quotations continues the previous speaker within
  `continuation_paragraphs` (``direct``; the row is marked ``_continued`` so that a
  later cue may still name it).
* A quotation inside a sentence without attribution is ``mixed``, spoken by the
  sentence's subject when it has one ("The senator has repeatedly referred to the plan as
  “…”"), else by nobody.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from framing.corpus.words import PREPOSITIONS
from framing.features.attribution.phrases import chunk_start, clause_end, leading_np, np_text
from framing.features.attribution.rows import content_text, make_row
from framing.features.attribution.speakers import UNKNOWN, classify_speaker
from framing.features.attribution.vocabulary import CONJUNCTIONS, SUBORDINATORS

if TYPE_CHECKING:
    from framing.features.attribution.narrative import Token
    from framing.features.attribution.rows import Article
    from framing.features.attribution.sentences import Sentence
    from framing.features.attribution.speakers import SpeakerInfo

__all__ = ["attribute_unclaimed"]

NON_WORDS = frozenset({",", ".", ":", ";", "!", "?", "—", "–", "(", ")"})
# Words that open a clause after a comma: its subject follows them.
CLAUSE_OPENERS = SUBORDINATORS | CONJUNCTIONS | {"which", "who", "where", "whom", "whose"}


def attribute_unclaimed(article: Article, sentence: Sentence) -> None:
    """Record the quotations of the sentence that no cue claimed."""
    sent = sentence.tokens
    words = [t for t in sent if t.text not in NON_WORDS and t.lower not in CONJUNCTIONS]
    only_quotes = all(t.quote >= 0 for t in words)
    unclaimed = [
        k
        for k in sentence.placeholders
        if k not in sentence.claimed and sent[k].quote not in article.quote_row
    ]
    if unclaimed and not sentence.attributions and not only_quotes:
        article.rows.append(_embedded(article, sentence, unclaimed))
        for k in unclaimed:
            article.quote_row[sent[k].quote] = len(article.rows) - 1
        return
    for k in unclaimed:
        qi = sent[k].quote
        if sentence.attributions:
            row = _follow_on(article, sentence, k)
        else:
            row = _continued(article, sentence, qi)
        article.rows.append(row)
        article.quote_row[qi] = len(article.rows) - 1


def _follow_on(article: Article, sentence: Sentence, k: int) -> dict:
    """A quotation in a sentence with attributions: the nearest one's, before it if any."""
    before = [a for a in sentence.attributions if a[0] < k]
    _, info, verb, spans = before[-1] if before else sentence.attributions[0]
    sent, p = sentence.tokens, sentence.paragraph
    start, end = chunk_start(sent, k), clause_end(sent, k + 1)
    quote = article.quotes[sent[k].quote]
    own_chunk = all(t.quote >= 0 or not t.is_word for t in sent[start:k] + sent[k + 1 : end])
    if own_chunk:
        return make_row(article, quote, "direct", quote.text, info, verb, spans=spans)
    text = content_text(sent, start, end, sentence.narrative, article.quotes)
    return make_row(
        article, None, "mixed", text, info, verb, p=p, n_quoted=quote.n_words, spans=spans
    )


def _continued(article: Article, sentence: Sentence, qi: int) -> dict:
    """A sentence of quotations only: the previous speaker's, when recent."""
    state, p = article.state, sentence.paragraph
    quote = article.quotes[qi]
    recent = state.speakers and p - state.speakers[-1][0] <= article.continuation_paragraphs
    if not recent:
        return make_row(article, quote, "direct", quote.text, UNKNOWN)
    info = sentence.speaker or state.speakers[-1][1]
    state.referents.note(info, "speaker")
    announced, article.announced = article.announced, None
    if announced is not None and announced[1] is info and announced[0] == p - 1:
        # (v6) "X said:" ended the previous paragraph: this quotation is its content
        return make_row(
            article, quote, "direct", quote.text, info, announced[2], spans=announced[3]
        )
    spans = (article.mentions.get(id(info)), None)
    row = make_row(article, quote, "direct", quote.text, info, spans=spans)
    row["_continued"] = True
    return row


def _embedded(article: Article, sentence: Sentence, ks: list[int]) -> dict:
    """Quotations inside a sentence without attribution (at token indices `ks`): one
    ``mixed`` row of the sentence, spoken by the subject of the first quotation's
    clause if it has one ("…, under which Mr Putin and Kim Jong-un pledged to deploy
    “…”"), else by the sentence subject, else (v6), when it opens with the quotation,
    by its paragraph's latest speaker."""
    p, sent = sentence.paragraph, sentence.tokens
    info: SpeakerInfo = UNKNOWN
    spans = (None, None)
    subject = _clause_subject(sent, ks[0]) or sentence.subject_tokens
    opens = not any(t.is_word and t.quote < 0 for t in sent[: ks[0]])
    state = article.state
    if subject:
        text = np_text(subject, sentence.narrative)
        info = classify_speaker(text, "", state, p)
        spans = (article.body_span(p, subject), None)
        article.remember_mention(info, spans[0])
    elif opens and state.speakers and state.speakers[-1][0] == p:
        # (v6) "“Q1,” said X. “Q2” - and then Y.": a sentence that opens with a
        # quotation and names no subject goes on in the voice of its paragraph's speaker
        info = state.speakers[-1][1]
        spans = (article.mentions.get(id(info)), None)
    content = content_text(sent, 0, len(sent), sentence.narrative, article.quotes)
    quoted = sum(article.quotes[sent[k].quote].n_words for k in ks)
    return make_row(article, None, "mixed", content, info, p=p, n_quoted=quoted, spans=spans)


def _clause_subject(sent: list[Token], k: int) -> list[Token]:
    """The subject of the clause that holds token `k`, when that clause is not the
    sentence's first chunk and opens with a clause word ("which", "as", "after"…)."""
    start = chunk_start(sent, k)
    if start == 0:
        return []
    i = start
    while i < k and (sent[i].lower in CLAUSE_OPENERS or sent[i].lower in PREPOSITIONS):
        i += 1
    if not any(t.lower in CLAUSE_OPENERS for t in sent[start:i]):
        return []  # "in the event of …": no clause of its own
    np = leading_np(sent[i:k])
    return [] if np and np[0].lower in {"it", "this"} else np
