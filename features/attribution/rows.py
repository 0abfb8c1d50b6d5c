"""The article being read and the rows it records (one per attribution).

Rows are dicts of `Attribution` fields plus ``_continued`` (the speaker was carried
over from an earlier sentence, so a later cue may still name it). Each row carries its
evidence as character offsets into the article's *body text* — the toolkit's
``articles.text``: the body paragraphs, cleaned, joined by a blank line ("\\n\\n"), the
headline left out (docs/attribution.md, "Evidence offsets"): ``speaker_start,
speaker_end`` of the speaker's mention as written ("Mr. Haller", "he", "the group"; for
a quotation that continues an earlier speaker, that speaker's latest mention) and
``cue_start, cue_end`` of the reporting verb (or the ":" / dash of a label). Offsets
are None in the headline, and where there is no such mention or cue.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from framing.features.attribution.quotations import PLACEHOLDER, WORD_RE

if TYPE_CHECKING:
    from framing.features.attribution.cues import VerbLexicon
    from framing.features.attribution.narrative import Token
    from framing.features.attribution.quotations import Quote
    from framing.features.attribution.speakers import ArticleState, SpeakerInfo

__all__ = ["NO_VERB", "Article", "Span", "Verb", "add_direct", "content_text", "make_row"]

# (verb as written, lemma, class); all "" for a quotation without a cue.
Verb = tuple[str, str, str]
NO_VERB: Verb = ("", "", "")
# Body-text character offsets (start, end), or None.
Span = tuple[int, int] | None


@dataclass
class Article:
    """One article being read: its quotations, paragraph numbers and body offsets, the
    resolver's memory, and the rows found so far."""

    quotes: list[Quote]
    numbers: list[int]  # paragraph number of each paragraph index
    lexicon: VerbLexicon
    state: ArticleState
    continuation_paragraphs: int
    body_starts: list[int] = field(default_factory=list)  # per paragraph index; -1: headline
    rows: list[dict] = field(default_factory=list)
    quote_row: dict[int, int] = field(default_factory=dict)  # quotation index → row index
    # Per paragraph index, each masked quotation: (narrative start, narrative end,
    # text start, text end) of its placeholder and of the marked quotation it stands for.
    breaks: dict[int, list[tuple[int, int, int, int]]] = field(default_factory=dict)
    mentions: dict[int, Span] = field(default_factory=dict)  # id(SpeakerInfo) → mention
    last_quote: tuple[int, int] | None = None  # (paragraph, quotation) ending a sentence
    # (v6) "X said:" ending a paragraph: (paragraph, speaker, verb, spans) for the
    # quotation that opens the next one.
    announced: tuple[int, SpeakerInfo, Verb, tuple[Span, Span]] | None = None

    def body_span(self, p: int, tokens: list[Token]) -> Span:
        """Body offsets of the narrative tokens `tokens` of paragraph index `p`."""
        if not tokens or p >= len(self.body_starts) or self.body_starts[p] < 0:
            return None
        start = self._text_offset(p, tokens[0].start)
        end = self._text_offset(p, tokens[-1].end, end=True)
        return self.body_starts[p] + start, self.body_starts[p] + end

    def _text_offset(self, p: int, x: int, *, end: bool = False) -> int:
        """Paragraph-text offset of narrative offset `x` (inside a placeholder: the
        start, or with `end` the end, of the quotation it stands for)."""
        breaks = self.breaks.get(p, [])
        k = bisect.bisect_right(breaks, (x, float("inf"))) - 1
        if k < 0:
            return x
        _, narr_end, text_start, text_end = breaks[k]
        if x < narr_end:
            return text_end if end else text_start
        return text_end + (x - narr_end)

    def remember_mention(self, info: SpeakerInfo, span: Span) -> None:
        if span is not None:
            self.mentions[id(info)] = span


def speaker_fields(info: SpeakerInfo) -> dict:
    return {
        "speaker": info.speaker,
        "speaker_canonical": info.canonical,
        "actor": info.actor,
        "side": info.side,
        "title": info.title,
        "affiliation": info.affiliation,
        "anonymous": info.anonymous,
    }


def evidence(speaker: Span, cue: Span) -> dict:
    """The offset columns of a row."""
    return {
        "speaker_start": speaker[0] if speaker else None,
        "speaker_end": speaker[1] if speaker else None,
        "cue_start": cue[0] if cue else None,
        "cue_end": cue[1] if cue else None,
    }


def make_row(
    article: Article,
    quote: Quote | None,
    kind: str,
    text: str,
    info: SpeakerInfo,
    verb: Verb = NO_VERB,
    *,
    p: int = 0,
    n_quoted: int = 0,
    spans: tuple[Span, Span] = (None, None),
) -> dict:
    """A row of `Attribution` fields (plus ``_continued``); a quotation's paragraphs are
    its own, a paraphrase's are paragraph index `p`'s. `spans`: (speaker, cue)."""
    if quote is not None:
        first, last = article.numbers[quote.segments[0][0]], article.numbers[quote.segments[-1][0]]
        n_quoted = quote.n_words
    else:
        first = last = article.numbers[p]
    return {
        "paragraph": first,
        "paragraph_end": last,
        "kind": kind,
        **speaker_fields(info),
        "verb": verb[0],
        "verb_lemma": verb[1],
        "verb_class": verb[2],
        "quote": text,
        "n_words": len(WORD_RE.findall(text)),
        "n_quoted_words": n_quoted,
        **evidence(*spans),
        "_continued": False,
    }


def add_direct(
    article: Article, qi: int, info: SpeakerInfo, verb: Verb, spans: tuple[Span, Span]
) -> bool:
    """Record quotation `qi` as a direct quote of `info`. For a quotation recorded
    already (a later paragraph of it, or the quotation before "…?” X asked."), name its
    speaker if it had none and return True: no row is added and the speaker is not
    remembered as a new one."""
    if qi in article.quote_row:
        row = article.rows[article.quote_row[qi]]
        if row["side"] == "unknown" or row.get("_continued"):
            row.update(speaker_fields(info), _continued=False)
            row.update(evidence(*spans))
            if not row["verb"]:
                row.update(verb=verb[0], verb_lemma=verb[1], verb_class=verb[2])
        return True
    quote = article.quotes[qi]
    article.rows.append(make_row(article, quote, "direct", quote.text, info, verb, spans=spans))
    article.quote_row[qi] = len(article.rows) - 1
    return False


def content_text(sent: list[Token], a: int, b: int, narrative: str, quotes: list[Quote]) -> str:
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
