"""VADER sentiment (Hutto & Gilbert 2014), exactly as vaderSentiment 3.3.2 scores it, fast.

This is the one place the project builds and calls VADER; feature families import from
here: `score`, `score_texts` and `score_sentences_and_documents` (the batch the
``sentiment`` family scores: every sentence and each article's body), the cut-offs
`POSITIVE_THRESHOLD` and `NEGATIVE_THRESHOLD`, and `get_analyzer`, this process's
analyser. Importing this module does not import vaderSentiment; the analyser is built
(~10 ms) on first use.

Why not call ``SentimentIntensityAnalyzer.polarity_scores`` directly: in vaderSentiment
3.3.2 its cost grows with the square of the text length. For every lexicon word,
``_negation_check`` (up to three times) and ``_special_idioms_check`` lowercase the *whole*
token list again, and ``_but_check`` looks each score up with ``list.index`` and moves it
with ``pop``/``insert``. A 1,000-word article costs tens of milliseconds; a 1 MB text,
hours. The same scores, as the same floats, in linear time, come from four modules, cut
where the stock code's own seams are:

* `framing.features.sentiment.vader_quotes`: `normalise_quotes`, the one change made to
  the text before scoring (typographic quotes to ASCII), deliberately VADER's own;
* `framing.features.sentiment.vader_words`: each token stripped and lowercased once, and
  what its word is to the rules (scored, active, "but");
* `framing.features.sentiment.vader_rules`: the rules, one function per stock function,
  statement for statement, in the stock order (``sentiment_valence``, ``_negation_check``,
  ``_special_idioms_check``, ``_least_check``, ``_but_check``, ``score_valence``);
* `framing.features.sentiment.vader_analyzer`: `LinearAnalyzer`, the stock analyser (same
  lexicon files) with ``polarity_scores`` re-done on those, and the sharing of per-word
  work between sentences and the document they make up.

Only what can differ from zero is computed. Words outside the lexicon score 0, so only the
lexicon words' positions are visited, and the final scoring (``score_valence``, replicated
without its dict) takes their scores plus the token count (the zeros only add to the
neutral count). A lexicon word with none of the words the rules read ("active" words:
boosters, negations, "no", "so", "this", "least", "kind", idiom words) among tokens
*i* - 3 .. *i* + 2 keeps its lexicon valence (plus the ALL-CAPS increment): most of them,
in news text. One dict look-up per token tells lexicon words, active words and "but".

``_but_check``'s quirk is kept on purpose: for the score at position *k* it rescales the
*first* position holding an equal value (``list.index``), which may be an earlier,
already rescaled one. Changing that would change VADER's numbers.

Quote normalisation: `score`, `score_texts` and `score_sentences_and_documents` map
typographic quotes and apostrophes to ASCII first (`normalise_quotes`). Parity is stated
(and tested) for the same normalised text.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from framing.features.sentiment.vader_quotes import normalise_quotes
from framing.features.sentiment.vader_scores import NAN_SCORES, ZERO_SCORES, Scores

if TYPE_CHECKING:
    from framing.features.sentiment.vader_analyzer import LinearAnalyzer

__all__ = [
    "NEGATIVE_THRESHOLD",
    "POSITIVE_THRESHOLD",
    "VaderScores",
    "get_analyzer",
    "normalise_quotes",
    "score",
    "score_sentences_and_documents",
    "score_texts",
]

# The usual VADER cut-offs (Hutto & Gilbert 2014; vaderSentiment README): a text is
# positive when compound >= 0.05, negative when compound <= -0.05, neutral otherwise.
POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05

# Sentences repeat across reposts and boilerplate; scores are a pure function of the text,
# so a bounded per-process cache is exact. Longer texts (whole articles) are not cached.
_CACHE_SIZE = 1 << 16
_CACHE_MAX_CHARS = 2_000

_NAMES = ("compound", "pos", "neg", "neu")


class VaderScores(NamedTuple):
    """VADER's four scores, rounded as vaderSentiment rounds them (compound to 4
    decimals, the proportions to 3)."""

    compound: float
    pos: float
    neg: float
    neu: float


@functools.cache
def get_analyzer() -> LinearAnalyzer:
    """This process's linear-time analyser, built on first use (building costs ~10 ms)."""
    from framing.features.sentiment.vader_analyzer import LinearAnalyzer

    return LinearAnalyzer()


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _cached_scores(text: str) -> VaderScores:
    return _scores(text)


def _scores(text: str) -> VaderScores:
    return VaderScores(*get_analyzer().scores(text))


def score(text: str, *, normalise: bool = True) -> VaderScores:
    """VADER's scores of `text` (after `normalise_quotes` unless ``normalise=False``).

    compound = x / sqrt(x² + 15), x the sum of the rule-adjusted word valences plus
    punctuation emphasis, in [-1, 1]; pos, neg, neu are shares of that mass in [0, 1].
    Text with no token (empty or whitespace) gives 0.0 for all four, as vaderSentiment does.
    """
    if normalise:
        text = normalise_quotes(text)
    return _cached_scores(text) if len(text) <= _CACHE_MAX_CHARS else _scores(text)


def _columns(rows: Sequence[tuple[float, ...]]) -> dict[str, list[float]]:
    if not rows:
        return {name: [] for name in _NAMES}
    return dict(zip(_NAMES, map(list, zip(*rows, strict=True)), strict=True))


def score_texts(
    texts: Sequence[str | None], *, normalise: bool = True, empty_as_nan: bool = True
) -> dict[str, list[float]]:
    """Columns ``compound, pos, neg, neu``, one value per text, in order.

    With ``empty_as_nan`` (default) a text that is None or has no token (``str.split``
    finds nothing) gets NaN instead of vaderSentiment's all-zero scores.
    """
    rows: list[tuple[float, ...]] = []
    for text in texts:
        if text is None or (empty_as_nan and not text.strip()):
            rows.append(NAN_SCORES if empty_as_nan else ZERO_SCORES)
        else:
            rows.append(score(text, normalise=normalise))
    return _columns(rows)


def score_sentences_and_documents(
    sentences: Sequence[str | None],
    documents: Sequence[str | None],
    parts: Sequence[Sequence[int] | None],
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """``score_texts(sentences)`` and ``score_texts(documents)``, the same values, faster.

    ``parts[d]`` lists the indices (into `sentences`, in order) of the sentences that
    ``documents[d]`` is made of. It is only a hint: where the document's tokens are those
    sentences' tokens one after another, the per-word work is shared
    (`LinearAnalyzer.scores_with_sentences`); otherwise, or when it is None, the
    document is scored on its own.
    """
    texts = [None if text is None else normalise_quotes(text) for text in sentences]
    sentence_rows, document_rows = _score_documents(texts, documents, parts)
    for k, row in enumerate(sentence_rows):
        # A shared sentence without tokens (None, empty or whitespace) has the row
        # `ZERO_SCORES`; any other shared row is final.
        if row is not None and row is not ZERO_SCORES:
            continue
        original, text = sentences[k], texts[k]
        if original is None or text is None or not original.strip():
            sentence_rows[k] = NAN_SCORES
        elif row is None:  # a headline, or a sentence not shared with a document
            sentence_rows[k] = score(text, normalise=False)
    return _columns(sentence_rows), _columns(document_rows)  # type: ignore[arg-type]


def _score_documents(
    texts: Sequence[str | None],
    documents: Sequence[str | None],
    parts: Sequence[Sequence[int] | None],
) -> tuple[list[Scores | None], list[Scores]]:
    """Each document's scores, and the scores of the (normalised) sentence `texts` that
    were shared with a document (None for the others)."""
    analyzer = get_analyzer()
    sentence_rows: list[Scores | None] = [None] * len(texts)
    document_rows: list[Scores] = []
    for document, part in zip(documents, parts, strict=True):
        if document is None or not document.strip():
            document_rows.append(NAN_SCORES)
            continue
        document = normalise_quotes(document)
        shared = None
        if part:
            shared = analyzer.scores_with_sentences(document, [texts[k] or "" for k in part])
        if shared is None:
            document_rows.append(analyzer.scores(document))
            continue
        document_rows.append(shared[0])
        for k, row in zip(part, shared[1], strict=True):
            sentence_rows[k] = row
    return sentence_rows, document_rows
