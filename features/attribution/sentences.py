"""One narrative sentence in, its attributions out (docs/attribution.md, rule 4).

`read_sentence` finds the sentence's cues, gives each its speaker and reported content,
and records a row per attribution in the `Article` being read:

* a cue whose content is exactly one quotation makes that quotation ``direct`` (or,
  for a later paragraph of a multi-paragraph quotation already recorded, names its
  speaker if it had none);
* a cue with paraphrase, quotations embedded or not, is ``mixed`` or ``indirect``;
* a quotation no cue claimed is ``direct`` when it stands alone (it continues the
  previous speaker within `continuation_paragraphs`), else ``mixed`` with the sentence
  subject as speaker when the subject's verb is a stance verb.

Rows are dicts of `Attribution` fields plus ``_continued`` (the speaker was carried
over from an earlier sentence, so a later cue may still name it).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from framing.corpus.words import SUBJECT_PRONOUNS
from framing.features.attribution.clauses import analyse_cue
from framing.features.attribution.cues import Cue, find_cues, satisfied
from framing.features.attribution.names import person_runs
from framing.features.attribution.phrases import chunk_start, np_text, sentence_subject
from framing.features.attribution.quotations import PLACEHOLDER, WORD_RE
from framing.features.attribution.speakers import UNKNOWN, classify_speaker
from framing.features.attribution.vocabulary import CONJUNCTIONS

if TYPE_CHECKING:
    from framing.features.attribution.cues import Entry, VerbLexicon
    from framing.features.attribution.narrative import Token
    from framing.features.attribution.quotations import Quote
    from framing.features.attribution.speakers import ArticleState, SpeakerInfo

__all__ = ["Article", "read_sentence"]

# (verb as written, lemma, class); all "" for a quotation without a cue.
Verb = tuple[str, str, str]
NO_VERB: Verb = ("", "", "")
BODY_PUNCTUATION = frozenset({",", ".", ":", ";", "!", "?"})
NON_WORDS = BODY_PUNCTUATION | {"—", "–"}


@dataclass
class Article:
    """One article being read: its quotations, paragraph numbers, the resolver's
    memory, and the rows found so far."""

    quotes: list[Quote]
    numbers: list[int]  # paragraph number of each paragraph index
    lexicon: VerbLexicon
    state: ArticleState
    continuation_paragraphs: int
    rows: list[dict] = field(default_factory=list)
    quote_row: dict[int, int] = field(default_factory=dict)  # quotation index → row index


@dataclass
class _Sentence:
    tokens: list[Token]
    narrative: str
    paragraph: int  # index into the article's paragraphs
    stances: list[tuple[int, Entry]]
    subject_tokens: list[Token]
    subject_text: str
    placeholders: list[int]  # token indices of the quotations
    claimed: set[int] = field(default_factory=set)  # placeholders a cue has taken
    speaker: SpeakerInfo | None = None  # the speaker of the sentence's latest attribution

    def stance_before(self, index: int) -> Entry | None:
        """The first stance verb before token `index` ("X slammed … and said")."""
        found = [s for s in self.stances if s[0] < index]
        return found[0][1] if found else None


def read_sentence(article: Article, sent: list[Token], narrative: str, p: int) -> None:
    """Record the attributions of sentence `sent` of paragraph index `p`."""
    cues, stances = find_cues(sent, article.lexicon)
    first_verb = min([c.index for c in cues] + [i for i, _ in stances], default=None)
    subject_tokens = sentence_subject(sent, first_verb)
    sentence = _Sentence(
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
    _attribute_unclaimed(article, sentence, has_cues=bool(cues))
    _remember_sentence(article.state, sentence)


def _analysed_cues(sent: list[Token], cues: list[Cue], narrative: str) -> list[Cue]:
    """The cues with speaker and content. A participle chained to an earlier cue of the
    same sentence adds nothing new and is dropped; a cue whose content is not what it
    needs ("called a meeting") is no cue, and the others are analysed again without it."""
    candidates = cues
    while True:
        kept: list[Cue] = []
        for cue in candidates:
            if not (cue.participle and kept):
                kept.append(replace(cue))  # a fresh copy: analysis fills it in
        _analyse_all(sent, kept, narrative)
        failed = {c.index for c in kept if not _satisfied(sent, c)}
        if not failed:
            return kept
        candidates = [c for c in candidates if c.index not in failed]


def _analyse_all(sent: list[Token], kept: list[Cue], narrative: str) -> None:
    for c, cue in enumerate(kept):
        prev_end = kept[c - 1].index + kept[c - 1].length if c else 0
        next_start = kept[c + 1].index if c + 1 < len(kept) else len(sent)
        analyse_cue(sent, cue, prev_end, next_start, narrative)
        if cue.participle or cue.chained_to_subject:
            next_stop = next_start
            if c + 1 < len(kept):
                next_stop = chunk_start(sent, kept[c + 1].index)
            cue.content = (cue.content[0], max(cue.content[0], next_stop))


def _satisfied(sent: list[Token], cue: Cue) -> bool:
    a, b = cue.content
    content = sent[a:b]
    return satisfied(cue, content, any(t.quote >= 0 for t in content))


def _content_span(cues: list[Cue], c: int) -> tuple[int, int]:
    """Token range of cue `c`'s content; "X said C and Y said D": C stops where the
    next cue's speaker starts."""
    cue = cues[c]
    a, b = cue.content
    plain = not cue.according and not cue.participle and not cue.chained_to_subject
    if plain and cue.np_start >= 0 and a > cue.index and c + 1 < len(cues):
        nxt = cues[c + 1]
        b = min(b, max(a, nxt.np_start if 0 <= nxt.np_start < nxt.index else nxt.index))
    return a, b


def _attribute_cue(article: Article, sentence: _Sentence, cues: list[Cue], c: int) -> None:
    cue = cues[c]
    if cue.skip:
        return
    a, b = _content_span(cues, c)
    sent = sentence.tokens
    inside = [k for k in sentence.placeholders if a <= k < b and k not in sentence.claimed]
    body = [
        t
        for t in sent[a:b]
        if t.text not in BODY_PUNCTUATION and t.lower not in CONJUNCTIONS | {"that"}
    ]
    if not body:
        return  # ", X said, Y reported": the second cue has no content of its own
    if cue.chained_to_subject:
        speaker_np, appositive = sentence.subject_text, ""
    else:
        speaker_np, appositive = np_text(cue.speaker_tokens, sentence.narrative), cue.appositive
    if not speaker_np and not inside:
        return  # a reporting verb with neither speaker nor quotation
    state = article.state
    info = (
        classify_speaker(speaker_np, appositive, state, sentence.paragraph)
        if speaker_np
        else UNKNOWN
    )
    verb = _cue_verb(sentence, cue)
    sentence.claimed.update(inside)
    if len(body) == 1 and body[0].quote >= 0:
        if _add_direct(article, body[0].quote, info, verb):
            sentence.speaker = info
            return
    else:
        _add_paraphrase(article, sentence, (a, b), inside, info, verb)
    if info is not UNKNOWN:
        state.speakers.append((sentence.paragraph, info))
    sentence.speaker = info


def _cue_verb(sentence: _Sentence, cue: Cue) -> Verb:
    """The cue's verb; a cue chained to a stance verb takes the stance verb's lemma and
    class ("X slammed the deal and said" → slam, charged)."""
    if cue.chained_to_subject:
        stance = sentence.stance_before(cue.index)
        if stance is not None:
            return stance[0], stance[0], stance[1]
    return cue.verb, cue.lemma, cue.cls


def _add_direct(article: Article, qi: int, info: SpeakerInfo, verb: Verb) -> bool:
    """Record quotation `qi` as a direct quote of `info`. For a quotation recorded
    already (a later paragraph of it), name its speaker if it had none and return True:
    no row is added and the speaker is not remembered as a new one."""
    if qi in article.quote_row:
        row = article.rows[article.quote_row[qi]]
        if row["side"] == "unknown" or row.get("_continued"):
            row.update(_speaker_fields(info), _continued=False)
        return True
    quote = article.quotes[qi]
    article.rows.append(_row(article, quote, "direct", quote.text, info, verb))
    article.quote_row[qi] = len(article.rows) - 1
    return False


def _add_paraphrase(
    article: Article,
    sentence: _Sentence,
    span: tuple[int, int],
    inside: list[int],
    info: SpeakerInfo,
    verb: Verb,
) -> None:
    """Record a reported clause (with the quotations at token indices `inside`)."""
    sent = sentence.tokens
    content = _content_text(sent, *span, sentence.narrative, article.quotes)
    quoted = sum(article.quotes[sent[k].quote].n_words for k in inside)
    kind = "mixed" if inside else "indirect"
    row = _row(article, None, kind, content, info, verb, p=sentence.paragraph, n_quoted=quoted)
    article.rows.append(row)
    for k in inside:
        article.quote_row.setdefault(sent[k].quote, len(article.rows) - 1)


def _attribute_unclaimed(article: Article, sentence: _Sentence, *, has_cues: bool) -> None:
    """Record the quotations of the sentence that no cue claimed."""
    sent, p, state = sentence.tokens, sentence.paragraph, article.state
    words = [t for t in sent if t.text not in NON_WORDS and t.lower not in CONJUNCTIONS]
    for k in sentence.placeholders:
        qi = sent[k].quote
        if k in sentence.claimed or qi in article.quote_row:
            continue
        standalone = len(words) == 1 or (
            has_cues and all(t.quote >= 0 for t in words[: words.index(sent[k]) + 1])
        )
        info: SpeakerInfo = UNKNOWN
        continued = False
        recent = state.speakers and p - state.speakers[-1][0] <= article.continuation_paragraphs
        if standalone and recent:
            info = sentence.speaker or state.speakers[-1][1]
            continued = True
        elif not standalone and sentence.stances and sentence.subject_text:
            info = classify_speaker(sentence.subject_text, "", state, p)
        quote = article.quotes[qi]
        if standalone:
            row = _row(article, quote, "direct", quote.text, info)
        else:
            content = _content_text(sent, 0, len(sent), sentence.narrative, article.quotes)
            row = _row(article, None, "mixed", content, info, p=p, n_quoted=quote.n_words)
        row["_continued"] = continued
        article.rows.append(row)
        article.quote_row[qi] = len(article.rows) - 1


def _remember_sentence(state: ArticleState, sentence: _Sentence) -> None:
    """Keep the sentence's speaker and person subject for "he"/"she" in the next one."""
    state.prev_sentence_speaker = sentence.speaker
    subject_info = None
    subject = sentence.subject_tokens
    if subject and not (len(subject) == 1 and subject[0].lower in SUBJECT_PRONOUNS):
        names = person_runs(sentence.subject_text)
        if names:
            subject_info = classify_speaker(names[-1], "", state, sentence.paragraph)
    state.prev_sentence_subject = subject_info


def _content_text(sent: list[Token], a: int, b: int, narrative: str, quotes: list[Quote]) -> str:
    """Reported content as text, quotations restored with curly marks."""
    while a < b and (sent[a].lower in {"that", ",", ":"} or sent[a].text in {",", ":"}):
        a += 1
    while b > a and sent[b - 1].text in {",", ".", ";", ":", "—", "–"}:
        b -= 1
    if a >= b:
        return ""
    raw = narrative[sent[a].start : sent[b - 1].end]
    parts = raw.split(PLACEHOLDER)
    out = parts[0]
    quote_ids = [t.quote for t in sent[a:b] if t.quote >= 0]
    for qi, rest in zip(quote_ids, parts[1:], strict=False):
        out += f"“{quotes[qi].text}”" + rest
    return " ".join(out.split())


def _speaker_fields(info: SpeakerInfo) -> dict:
    return {
        "speaker": info.speaker,
        "speaker_canonical": info.canonical,
        "actor": info.actor,
        "side": info.side,
        "title": info.title,
        "affiliation": info.affiliation,
        "anonymous": info.anonymous,
    }


def _row(
    article: Article,
    quote: Quote | None,
    kind: str,
    text: str,
    info: SpeakerInfo,
    verb: Verb = NO_VERB,
    *,
    p: int = 0,
    n_quoted: int = 0,
) -> dict:
    """A row of `Attribution` fields (plus ``_continued``); a quotation's paragraphs are
    its own, a paraphrase's are paragraph index `p`'s."""
    if quote is not None:
        first, last = article.numbers[quote.segments[0][0]], article.numbers[quote.segments[-1][0]]
        n_quoted = quote.n_words
    else:
        first = last = article.numbers[p]
    return {
        "paragraph": first,
        "paragraph_end": last,
        "kind": kind,
        **_speaker_fields(info),
        "verb": verb[0],
        "verb_lemma": verb[1],
        "verb_class": verb[2],
        "quote": text,
        "n_words": len(WORD_RE.findall(text)),
        "n_quoted_words": n_quoted,
        "_continued": False,
    }
