"""Rule-based quote and speaker extraction for newswire English (no model, no download).

`extract_attributions(paragraphs, ...)` reads one article (its paragraphs in order,
headline first when there is one) and returns one `Attribution` per quote or reported
statement. The rules are written down in docs/attribution.md; in short:

1. **Quotation marks** are paired (`quotations`); a quotation of fewer than
   `min_words` words, or a short all-capitalised name ("New World Order"), is a scare
   quote, not a quote.
2. Each quotation is masked and the remaining *narrative* is cut into sentences and
   comma chunks (`narrative`). **Cues** are reporting verbs from the lexicon (`cues`).
3. The **speaker** and the reported content of a cue come from the shape of the
   sentence (`clauses`, `phrases`).
4. A quotation that is the whole reported content of a cue is ``direct``; embedded in
   paraphrase it makes the cue ``mixed``; a cue without quotation is ``indirect``. A
   sentence that is only a quotation continues the previous speaker.
5. and 6. **Resolution** of pronouns, surnames and descriptions, and **sides**
   (`speakers`).

Every step is a bounded scan over tokens; the work is linear in the text length.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from framing.features.attribution.narrative import mask_quotations, split_sentences, tokenise
from framing.features.attribution.quotations import find_quotes
from framing.features.attribution.rows import Article
from framing.features.attribution.sentences import read_sentence
from framing.features.attribution.speakers import ArticleState

if TYPE_CHECKING:
    from framing.features.actors.gazetteer import Gazetteer
    from framing.features.attribution.cues import VerbLexicon

__all__ = ["Attribution", "body_starts", "extract_attributions"]


@dataclass(frozen=True)
class Attribution:
    """One quote or reported statement. Offsets are paragraph numbers of the input."""

    paragraph: int
    paragraph_end: int
    kind: str  # direct | indirect | mixed
    speaker: str
    speaker_canonical: str
    actor: str | None
    side: str
    verb: str
    verb_lemma: str
    verb_class: str  # neutral | charged | "" (no cue)
    quote: str
    n_words: int
    n_quoted_words: int
    title: str
    affiliation: str
    anonymous: bool
    # Evidence: body-text offsets of the speaker's mention and of the cue (None when
    # absent or in the headline); see `framing.features.attribution.rows`.
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None


def extract_attributions(
    paragraphs: Sequence[tuple[int, str]],
    *,
    lexicon: VerbLexicon,
    gazetteer: Gazetteer | None = None,
    person_aliases: frozenset[str] = frozenset(),
    min_words: int = 3,
    continuation_paragraphs: int = 2,
) -> list[Attribution]:
    """Every attribution of one article, in reading order.

    `paragraphs` are ``(paragraph number, text)`` in order. `person_aliases` are
    single-word aliases that name people (e.g. "Putin", from "Vladimir Putin"), so
    that "he" can refer to them.
    """
    texts = [t or "" for _, t in paragraphs]
    quotes = find_quotes(texts, min_words=min_words)
    masks_by_para: dict[int, list[tuple[int, int, int]]] = {}
    for qi, quote in enumerate(quotes):
        if not quote.valid:
            continue
        for p, s, e in quote.masks:
            masks_by_para.setdefault(p, []).append((s, e, qi))
    numbers = [p for p, _ in paragraphs]
    article = Article(
        quotes=quotes,
        numbers=numbers,
        lexicon=lexicon,
        state=ArticleState(gazetteer, person_aliases),
        continuation_paragraphs=continuation_paragraphs,
        body_starts=body_starts(numbers, texts),
    )
    for p, text in enumerate(texts):
        narrative, owners, breaks = mask_quotations(text, masks_by_para.get(p, []))
        article.breaks[p] = breaks
        article.state.remember_names(text)
        for i, sent in enumerate(split_sentences(tokenise(narrative, owners), quotes)):
            read_sentence(article, sent, narrative, p, first=i == 0)
    return [
        Attribution(**{k: v for k, v in row.items() if not k.startswith("_")})
        for row in article.rows
    ]


def body_starts(numbers: list[int], texts: list[str]) -> list[int]:
    """Offset of each paragraph in the body text (body paragraphs joined by "\n\n", as
    ``articles.text``); -1 for the headline (paragraph number 0)."""
    out: list[int] = []
    offset = 0
    for number, text in zip(numbers, texts, strict=True):
        if number == 0:
            out.append(-1)
            continue
        out.append(offset)
        offset += len(text) + 2
    return out
