"""`LinearAnalyzer`: vaderSentiment 3.3.2's analyser, scoring in linear time.

It subclasses the stock ``SentimentIntensityAnalyzer``: the stock ``__init__`` loads the
same lexicon and emoji files, and the constants are the stock ones. What it replaces is
``polarity_scores``, with the rules of `framing.features.sentiment.vader_rules` applied
to tokens lowercased once (`framing.features.sentiment.vader_words`); the stock emoji
replacement and whitespace split are kept as they are (`_replace_emoji`,
``str.split``).

Sentences and their document (`LinearAnalyzer.scores_with_sentences`). The
``sentiment`` family scores every sentence *and* each article's whole body, whose
tokens are usually just the sentences' tokens one after another: the per-word work
would be done twice. VADER splits on whitespace, and a word's score before
``_but_check`` reads only the tokens *i* - 3 .. *i* + 2 around it (negations, boosters,
"no", "least", "kind of", idioms), whether those exist (``i > 0``, ``i < n - 1`` and
the like) and ``is_cap_diff`` (some but not all tokens ALL CAPS). So when the body is
its sentences in order with whitespace between them (checked by string search,
`_is_made_of`; otherwise the body is scored on its own), a word with at least three
tokens before it and two after it in its sentence has the same score in the body as in
its sentence, unless ``is_cap_diff`` differs *and* matters. It can only differ for a
sentence whose tokens are all ALL CAPS (a mixed sentence makes the body mixed too; in a
sentence without ALL-CAPS tokens the flag is never read for such a word), and those
sentences are re-scored whole. So the body takes the sentences' word scores, re-scores
in body context the words near sentence edges that have an active word within reach,
then runs ``_but_check`` and the final scoring on the body as the stock code does. All
of it is one pass over the body's tokens, each sentence a range of them. The tests
compare both with the stock analyser on texts built to put every context rule across
sentence edges.

Imports vaderSentiment: `framing.features.sentiment.vader.get_analyzer` imports this
module when it first builds the analyser, so that importing the family does not.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from itertools import chain, compress
from typing import NamedTuple

from vaderSentiment.vaderSentiment import BOOSTER_DICT, SentimentIntensityAnalyzer

from framing.features.sentiment.vader_rules import but_check, rounded_scores, valences
from framing.features.sentiment.vader_scores import NEUTRAL_SCORES, ZERO_SCORES, Scores
from framing.features.sentiment.vader_words import WordIndex

__all__ = ["LinearAnalyzer"]


class _Document(NamedTuple):
    """A document's tokens and what `scores_with_sentences` reads of them."""

    tokens: list[str]
    lower: list[str]  # each token's word, lowercased (`WordIndex.words`)
    scored: list[int]  # positions of the scored lexicon words, ascending
    near_active: set[int]  # positions with an active word within reach
    buts: list[int]  # positions of "but", ascending
    upper: list[int]  # positions of the ALL-CAPS tokens, ascending
    is_cap_diff: bool  # some, but not all, tokens are ALL CAPS


class _SentencePass(NamedTuple):
    """What the pass over a document's sentences gives `scores_with_sentences`."""

    rows: list[Scores]  # each sentence's scores
    in_document: list[float]  # word scores at `_Document.scored`, sentence context
    rescore_index: list[int]  # indices into `in_document` to score again...
    rescore: list[int]  # ...at these token positions, in the document's context


class LinearAnalyzer(SentimentIntensityAnalyzer):
    """`SentimentIntensityAnalyzer` whose `polarity_scores` runs in linear time
    (``O(n log n)`` with a "but") and returns the stock analyser's values."""

    def __init__(self) -> None:
        super().__init__()
        # Only single characters can match in the stock emoji loop (`for chr in text`);
        # in 3.3.2 none is ASCII, so ASCII text (most news sentences) skips the scan.
        self._emoji_chars = frozenset(k for k in self.emojis if len(k) == 1)
        self._ascii_free = not any(c.isascii() for c in self._emoji_chars)
        # What `_is_made_of` relies on; true of vaderSentiment 3.3.2's emoji lexicon.
        self._descriptions_are_clean = not any(c.isspace() for c in self._emoji_chars) and all(
            self._emoji_chars.isdisjoint(text) for text in self.emojis.values()
        )
        # Boosters score 0 in the stock main loop; so does every word outside this set.
        scored = self.lexicon.keys() - BOOSTER_DICT.keys()
        if "but" in scored:  # `but_check` relies on this (true of 3.3.2)
            raise RuntimeError(
                '"but" is a lexicon word: framing.features.sentiment.vader needs updating'
            )
        self._word_index = WordIndex(scored)

    def _replace_emoji(self, text: str) -> str:
        if (self._ascii_free and text.isascii()) or self._emoji_chars.isdisjoint(text):
            return text
        parts: list[str] = []
        prev_space = True
        for char in text:
            if char in self._emoji_chars:
                if not prev_space:
                    parts.append(" ")
                parts.append(self.emojis[char])
                prev_space = False
            else:
                parts.append(char)
                prev_space = char == " "
        return "".join(parts)

    def _sentiments(self, tokens: list[str]) -> tuple[list[int], list[float]]:
        """The scored words' positions and the scores the stock `polarity_scores` passes
        to `score_valence` at them (every other score is 0)."""
        lower, positions, near_active, buts = self._word_index.words(tokens)
        if not positions:
            return positions, []
        n = len(tokens)
        # vs.allcap_differential: some, but not all, tokens are upper case.
        is_cap_diff = 0 < n - sum(map(str.isupper, tokens)) < n
        values = valences(self.lexicon, lower, tokens, 0, n, is_cap_diff, positions, near_active)
        if buts:
            but_check(positions, values, buts[0])
        return positions, values

    def polarity_scores(self, text: str) -> dict[str, float]:
        text = self._replace_emoji(text).strip()
        tokens = text.split()
        sentiments: list[float] = [0] * len(tokens)
        for position, value in zip(*self._sentiments(tokens), strict=True):
            sentiments[position] = value
        return self.score_valence(sentiments, text)

    def scores(self, text: str) -> Scores:
        """``polarity_scores(text)`` as (compound, pos, neg, neu), without the dict."""
        text = self._replace_emoji(text).strip()
        tokens = text.split()
        return rounded_scores(self._sentiments(tokens)[1], len(tokens), text)

    def scores_with_sentences(
        self, document: str, sentences: Sequence[str]
    ) -> tuple[Scores, list[Scores]] | None:
        """``scores(document)`` and ``[scores(s) for s in sentences]``, sharing the
        per-word work (module docstring); None, and nothing computed, when the
        document's tokens are not the sentences' tokens one after another.
        """
        if self._ascii_free and document.isascii():
            # If `_is_made_of` holds, each text is part of this ASCII document, so holds
            # no emoji (nor does the sentence: its other characters are whitespace), and
            # `_replace_emoji` would return it as it is.
            texts = [sentence.strip() for sentence in sentences]
        else:
            texts = [self._replace_emoji(sentence).strip() for sentence in sentences]
        if not self._is_made_of(document, texts):
            return None
        # `_is_made_of` also proves that `document` holds no emoji (it is its own
        # `_replace_emoji`) and that its tokens are the sentences' tokens in turn.
        splits = [text.split() for text in texts]
        tokens = list(chain.from_iterable(splits))
        n = len(tokens)
        lower, scored, near_active, buts = self._word_index.words(tokens)
        upper = list(compress(range(n), map(str.isupper, tokens)))
        is_cap_diff = 0 < n - len(upper) < n
        doc = _Document(tokens, lower, scored, near_active, buts, upper, is_cap_diff)
        rows, in_document, rescore_index, rescore = self._sentence_pass(doc, texts, splits)
        if rescore:
            again = valences(self.lexicon, lower, tokens, 0, n, is_cap_diff, rescore, near_active)
            for index, value in zip(rescore_index, again, strict=True):
                in_document[index] = value
        if buts:
            but_check(scored, in_document, buts[0])
        # Counting ! and ? does not need the stock `strip()`.
        return rounded_scores(in_document, n, document), rows

    def _sentence_pass(
        self, doc: _Document, texts: Sequence[str], splits: Sequence[list[str]]
    ) -> _SentencePass:
        """Each sentence's scores, and its word scores as the document's first guess.

        One pass over the document's tokens; each sentence is the token range
        ``start:end``, and only its scored words are visited.
        """
        tokens, lower, scored, near_active, buts, upper, is_cap_diff = doc
        lexicon = self.lexicon
        n_scored = len(scored)
        out = _SentencePass([], [], [], [])
        rows, in_document, rescore_index, rescore = out
        k = start = 0
        for text, words in zip(texts, splits, strict=True):
            m = len(words)
            end = start + m
            if k == n_scored or scored[k] >= end:
                # No scored word: every score is 0, as in `rounded_scores`.
                rows.append(NEUTRAL_SCORES if m else ZERO_SCORES)
                start = end
                continue
            stop = bisect_left(scored, end, k)
            positions = scored[k:stop]
            n_upper = bisect_left(upper, end) - bisect_left(upper, start) if upper else 0
            sentence_cap_diff = 0 < m - n_upper < m
            values = valences(
                lexicon, lower, tokens, start, end, sentence_cap_diff, positions, near_active
            )
            in_document += values
            if sentence_cap_diff != is_cap_diff and n_upper:
                rescore_index += range(k, stop)
                rescore += positions
            else:
                # Words whose window i-3..i+2 crosses the sentence's edges, unless no
                # active word is within reach in the document: then the sentence's
                # window (a part of it) has none either, and both scores are the lexicon
                # valence with the same ALL-CAPS increment (the cap flags are equal or
                # the sentence has no ALL-CAPS token).
                head, tail = start + 3, end - 2
                for index in range(k, stop):
                    position = scored[index]
                    if position in near_active and (position < head or position >= tail):
                        rescore_index.append(index)
                        rescore.append(position)
            if buts:
                first = bisect_left(buts, start)
                if first < len(buts) and buts[first] < end:
                    but_check(positions, values, buts[first])
            rows.append(rounded_scores(values, m, text))
            k, start = stop, end
        return out

    def _is_made_of(self, document: str, texts: Sequence[str]) -> bool:
        """Whether `document` is `texts` (emoji replaced and stripped) in order, with
        whitespace before, between (at least one character) and after them.

        Then ``document.split()`` is the concatenation of ``text.split()``, and, as
        emoji descriptions hold no emoji and no emoji is whitespace (checked in
        ``__init__``), `document` holds no emoji. Cheaper than splitting the document
        and than scanning it for emoji when it is not ASCII.
        """
        if not self._descriptions_are_clean:
            return False
        position = 0
        for text in texts:
            if not text:
                continue
            found = document.find(text, position)
            # A text starts with a non-space character, so the first match after
            # `position` is the only one that can follow whitespace only.
            if found < 0 or (found == position and position > 0):
                return False
            if found > position and not document[position:found].isspace():
                return False
            position = found + len(text)
        return position == len(document) or document[position:].isspace()
