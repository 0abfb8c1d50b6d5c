"""VADER sentiment (Hutto & Gilbert 2014), exactly as vaderSentiment 3.3.2 scores it, fast.

This is the one place the project builds and calls VADER; feature families import from here.

Why not call ``SentimentIntensityAnalyzer.polarity_scores`` directly: in vaderSentiment
3.3.2 its cost grows with the square of the text length. For every lexicon word,
``_negation_check`` (up to three times) and ``_special_idioms_check`` lowercase the *whole*
token list again, and ``_but_check`` looks each score up with ``list.index`` and moves it
with ``pop``/``insert``. A 1,000-word article costs tens of milliseconds; a 1 MB text,
hours. `LinearAnalyzer` subclasses the stock analyser (same lexicon files, same
constants) and re-does ``polarity_scores`` with code that lowercases the tokens once,
inlines the per-word rules (``sentiment_valence``, ``scalar_inc_dec``,
``_negation_check``, ``_least_check``) and replays ``_but_check`` with a heap per value.
Every arithmetic step is done in the stock order, so the scores are the same floats; the
tests check equality on the example corpus and on thousands of generated texts.

``_but_check``'s quirk is kept on purpose: for the score at position *k* it rescales the
*first* position holding an equal value (``list.index``), which may be an earlier,
already rescaled one. Changing that would change VADER's numbers.

Sentences and their document (`score_sentences_and_documents`). The ``sentiment`` family
scores every sentence *and* each article's whole body, whose tokens are usually just the
sentences' tokens one after another: the per-word work would be done twice. VADER splits
on whitespace, and a word's score before ``_but_check`` reads only the tokens
*i* - 3 .. *i* + 2 around it (negations, boosters, "no", "least", "kind of", idioms),
whether those exist (``i > 0``, ``i < n - 1`` and the like) and ``is_cap_diff`` (some
but not all tokens ALL CAPS). So when the body is its sentences in order with whitespace
between them (checked by string search, `_is_made_of`; otherwise the body is scored on
its own), a word with at least three tokens before it and two after it in its sentence
has the same score in the body as in its sentence, unless ``is_cap_diff`` differs *and*
matters. It can only differ for a sentence whose tokens are all ALL CAPS (a mixed
sentence makes the body mixed too; in a sentence without ALL-CAPS tokens the flag is
never read for such a word), and those sentences are re-scored whole. So the body takes
the sentences' word scores, re-scores the words near sentence edges in body context, then
runs ``_but_check`` and the final scoring (``score_valence``, replicated without its dict)
on the body as the stock code does. The tests compare both with the stock analyser on
texts built to put every context rule across sentence edges.

Quote normalisation (`normalise_quotes`): VADER strips ASCII punctuation from the ends of
a token before the lexicon look-up, but not typographic quotes, so ``“great”`` scores 0
while ``"great"`` scores 3.1, and ``doesn’t`` is not read as a negation while ``doesn't``
is. `score`, `score_texts` and `score_sentences_and_documents` therefore map typographic
quotes and apostrophes to ASCII first. Parity is stated (and tested) for the same
normalised text.
"""

from __future__ import annotations

import functools
import heapq
import math
import string
from collections.abc import Callable, Iterable, Sequence
from itertools import compress
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

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

# ``''`` (two apostrophes, a common ASCII stand-in for a closing double quote) becomes
# ``"`` first; then each typographic mark below becomes its ASCII counterpart.
_DOUBLE_QUOTES = "“”„‟«»″"
_SINGLE_QUOTES = "‘’‚‛‹›′"
_QUOTE_MAP = [(mark, '"') for mark in _DOUBLE_QUOTES] + [(mark, "'") for mark in _SINGLE_QUOTES]

# Sentences repeat across reposts and boilerplate; scores are a pure function of the text,
# so a bounded per-process cache is exact. Longer texts (whole articles) are not cached.
_CACHE_SIZE = 1 << 16
_CACHE_MAX_CHARS = 2_000

# (compound, pos, neg, neu), rounded as vaderSentiment rounds them.
_Scores = tuple[float, float, float, float]
_NAN_SCORES: _Scores = (math.nan, math.nan, math.nan, math.nan)
_ZERO_SCORES: _Scores = (0.0, 0.0, 0.0, 0.0)
_NEUTRAL_SCORES: _Scores = (0.0, 0.0, 0.0, 1.0)


class VaderScores(NamedTuple):
    """VADER's four scores, rounded as vaderSentiment rounds them (compound to 4
    decimals, the proportions to 3)."""

    compound: float
    pos: float
    neg: float
    neu: float


def normalise_quotes(text: str) -> str:
    """`text` with ``''`` → ``"``, then “ ” „ ‟ « » ″ → ``"`` and ‘ ’ ‚ ‛ ‹ › ′ → ``'``."""
    if "''" in text:
        text = text.replace("''", '"')
    if text.isascii():  # O(1); the marks below are all non-ASCII
        return text
    # A `replace` per mark present beats `str.translate` with a dict (a Python-level
    # look-up per character) by ~10x on news text.
    for mark, ascii_mark in _QUOTE_MAP:
        if mark in text:
            text = text.replace(mark, ascii_mark)
    return text


class _Memo(dict[str, Any]):
    """token → ``function(token)``, computed on first look-up; cleared when it grows large.

    A hit is a plain dict look-up (no Python call), which is what makes it pay per token.
    """

    def __init__(self, function: Callable[[str], Any]) -> None:
        super().__init__()
        self._function = function

    def __missing__(self, token: str) -> Any:
        if len(self) > 200_000:
            self.clear()
        value = self[token] = self._function(token)
        return value


def _make_linear_analyzer_class() -> type[SentimentIntensityAnalyzer]:
    # Defined inside a function so that importing this module does not import vaderSentiment.
    from vaderSentiment import vaderSentiment as vs

    punctuation = string.punctuation
    booster = vs.BOOSTER_DICT
    special = vs.SPECIAL_CASES
    n_scalar = vs.N_SCALAR
    c_incr = vs.C_INCR

    # vs.negated([word]) scans the 59-word NEGATE list; memoised, same answer.
    negated = _Memo(lambda word: vs.negated([word]))

    def lowered_word(token: str) -> str:
        # SentiText._strip_punc_if_word, then the `.lower()` every stock look-up does.
        stripped = token.strip(punctuation)
        return (stripped if len(stripped) > 2 else token).lower()

    lowered_words = _Memo(lowered_word)

    # Every sequence the idiom check builds joins tokens with spaces, and tokens hold no
    # whitespace, so only a multi-word key can match, and only if each of its words is one
    # of tokens i-3..i+2. Each key has one word here (its longest), so when none of those
    # tokens is one of these words the check cannot change the valence. (Frequent words
    # such as "the" and "of" are left out, which is what makes the test worth doing.)
    idiom_markers = frozenset(
        max(key.split(" "), key=len) for key in (*special, *booster) if " " in key
    )

    def special_idioms_check(valence: float, lower: Sequence[str], i: int, end: int) -> float:
        # Stock `_special_idioms_check` on the text lower[..end], lowered once; only called
        # with i at least 3 tokens into the text.
        onezero = f"{lower[i - 1]} {lower[i]}"
        twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
        twoone = f"{lower[i - 2]} {lower[i - 1]}"
        threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
        threetwo = f"{lower[i - 3]} {lower[i - 2]}"
        for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
            if seq in special:
                valence = special[seq]
                break
        if end - 1 > i:
            zeroone = f"{lower[i]} {lower[i + 1]}"
            if zeroone in special:
                valence = special[zeroone]
        if end - 1 > i + 1:
            zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
            if zeroonetwo in special:
                valence = special[zeroonetwo]
        for n_gram in (threetwoone, threetwo, twoone):
            if n_gram in booster:
                valence = valence + booster[n_gram]
        return valence

    def booster_scalar(scalar: float, is_upper: bool, valence: float, is_cap_diff: bool) -> float:
        # Stock `scalar_inc_dec` once the word is known to be a booster; `is_upper` is
        # ``word.isupper()``.
        if valence < 0:
            scalar *= -1
        if is_upper and is_cap_diff:
            if valence > 0:
                scalar += c_incr
            else:
                scalar -= c_incr
        return scalar

    def but_check(lower: Sequence[str], sentiments: list[float]) -> list[float]:
        """Stock `_but_check`, replayed in O(n log n).

        Stock: ``for sentiment in sentiments: si = sentiments.index(sentiment)`` then
        rescale position ``si``. Position k still holds its own value at step k (steps
        only rescale positions at or before their own), so ``si <= k``. ``heaps[v]`` holds
        the positions whose current value equals ``v``; its smallest is
        ``sentiments.index(v)``, and that is the one a step rescales, so it leaves the heap
        of its old value for the heap of its new one. Dict keys compare like
        ``list.index`` does (``0 == 0.0 == -0.0``).
        """
        if "but" not in lower:
            return sentiments
        bi = lower.index("but")
        # Zeros only ever find and rescale zeros (to 0.0), which changes neither the sum nor
        # the neutral count, so only the non-zero scores are replayed.
        nonzero = list(compress(range(len(sentiments)), sentiments))
        heaps: dict[float, list[int]] = {}
        for position in nonzero:
            heaps.setdefault(sentiments[position], []).append(position)  # ascending: a heap
        for k in nonzero:
            value = sentiments[k]
            heap = heaps[value]
            si = heap[0]
            if si < bi:
                new = value * 0.5
            elif si > bi:
                new = value * 1.5
            else:
                continue
            heapq.heappop(heap)
            sentiments[si] = new
            heapq.heappush(heaps.setdefault(new, []), si)
        return sentiments

    def rounded_scores(sentiments: list[float], text: str) -> _Scores:
        """Stock `score_valence` (with `_punctuation_emphasis`, `_amplify_ep`, `_amplify_qm`,
        `normalize`, `_sift_sentiment_scores`) statement for statement, same float
        operations in the same order; returns (compound, pos, neg, neu) instead of a dict."""
        if not sentiments:
            return _ZERO_SCORES
        if not any(sentiments):
            # Stock: sum_s = 0.0 (sum starts from the int 0, so even -0.0 scores add up to
            # 0.0), no emphasis is added, compound = 0.0 / sqrt(15) = 0.0, pos = neg = 0.0,
            # neu = n / n = 1.0.
            return _NEUTRAL_SCORES
        sum_s = float(sum(sentiments))
        ep_count = text.count("!")
        if ep_count > 4:
            ep_count = 4
        ep_amplifier = ep_count * 0.292
        qm_count = text.count("?")
        qm_amplifier: float = 0
        if qm_count > 1:
            qm_amplifier = qm_count * 0.18 if qm_count <= 3 else 0.96
        punct_emph_amplifier = ep_amplifier + qm_amplifier
        if sum_s > 0:
            sum_s += punct_emph_amplifier
        elif sum_s < 0:
            sum_s -= punct_emph_amplifier
        compound = sum_s / math.sqrt((sum_s * sum_s) + 15)
        if compound < -1.0:
            compound = -1.0
        elif compound > 1.0:
            compound = 1.0
        pos_sum = 0.0
        neg_sum = 0.0
        # Zeros only add to the neutral count (`== 0`, as `list.count` compares), so the
        # sums visit just the non-zero scores, in order.
        neu_count = sentiments.count(0)
        for sentiment_score in filter(None, sentiments):
            if sentiment_score > 0:
                pos_sum += float(sentiment_score) + 1
            elif sentiment_score < 0:
                neg_sum += float(sentiment_score) - 1
        if pos_sum > math.fabs(neg_sum):
            pos_sum += punct_emph_amplifier
        elif pos_sum < math.fabs(neg_sum):
            neg_sum -= punct_emph_amplifier
        total = pos_sum + math.fabs(neg_sum) + neu_count
        pos = math.fabs(pos_sum / total)
        neg = math.fabs(neg_sum / total)
        neu = math.fabs(neu_count / total)
        # round() keeps a zero as it is, and costs ~0.3 µs; pos or neg is often zero.
        return (
            round(compound, 4),
            round(pos, 3) if pos else pos,
            round(neg, 3) if neg else neg,
            round(neu, 3),
        )

    class LinearAnalyzer(vs.SentimentIntensityAnalyzer):
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
            self._scored = frozenset(self.lexicon.keys() - booster.keys())

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

        def _words(self, tokens: list[str]) -> tuple[list[str], list[bool], list[bool]]:
            """For each token: its word (`SentiText._strip_punc_if_word`) lowercased, whether
            the word is ALL CAPS, whether it is a scored lexicon word.

            The word itself is not kept: the stock code only lowercases it or asks
            ``isupper()``, and ``word.isupper() == token.isupper()`` (stripping removes
            ASCII punctuation, which has no case).
            """
            lower = list(map(lowered_words.__getitem__, tokens))
            upper = list(map(str.isupper, tokens))
            return lower, upper, list(map(self._scored.__contains__, lower))

        def _valences(
            self,
            lower: Sequence[str],
            upper: Sequence[bool],
            spans: Iterable[tuple[int, int, bool, Iterable[int]]],
            sentiments: list[float],
        ) -> None:
            """For each ``(start, end, is_cap_diff, positions)`` in `spans`, set
            ``sentiments[i]`` for each scored word position i in `positions` to the stock
            main loop's value ("kind of" skip, then `sentiment_valence`) when the text
            scored is tokens ``start:end``, with that text's `is_cap_diff`.

            ``j = i - start`` is the stock code's index; ``last`` is ``end - 1``.
            """
            lexicon = self.lexicon
            for start, end, is_cap_diff, positions in spans:
                last = end - 1
                for i in positions:
                    j = i - start
                    item_lowercase = lower[i]
                    if item_lowercase == "kind" and i < last and lower[i + 1] == "of":
                        sentiments[i] = 0
                        continue
                    # --- stock `sentiment_valence`, statement for statement ---
                    valence = lexicon[item_lowercase]
                    if item_lowercase == "no" and i != last and lower[i + 1] in lexicon:
                        valence = 0.0
                    if (
                        (j > 0 and lower[i - 1] == "no")
                        or (j > 1 and lower[i - 2] == "no")
                        or (j > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor"))
                    ):
                        valence = lexicon[item_lowercase] * n_scalar
                    if is_cap_diff and upper[i]:
                        if valence > 0:
                            valence += c_incr
                        else:
                            valence -= c_incr
                    # The `for start_i in range(3)` loop, unrolled: start_i 0, 1, 2 read the
                    # words one, two and three back. `scalar_inc_dec` is 0.0 for a
                    # non-booster, and `valence + 0.0` is still done (-0.0 becomes 0.0).
                    if j > 0:
                        one = lower[i - 1]
                        if one not in lexicon:
                            s = booster.get(one)
                            if s is None:
                                s = 0.0
                            else:
                                s = booster_scalar(s, upper[i - 1], valence, is_cap_diff)
                            valence = valence + s
                            if negated[one]:
                                valence = valence * n_scalar
                        if j > 1:
                            two = lower[i - 2]
                            if two not in lexicon:
                                s = booster.get(two)
                                if s is None:
                                    s = 0.0
                                else:
                                    s = booster_scalar(s, upper[i - 2], valence, is_cap_diff)
                                    if s != 0:
                                        s = s * 0.95
                                valence = valence + s
                                if two == "never" and (one == "so" or one == "this"):
                                    valence = valence * 1.25
                                elif two == "without" and one == "doubt":
                                    pass
                                elif negated[two]:
                                    valence = valence * n_scalar
                            if j > 2:
                                three = lower[i - 3]
                                if three not in lexicon:
                                    s = booster.get(three)
                                    if s is None:
                                        s = 0.0
                                    else:
                                        s = booster_scalar(s, upper[i - 3], valence, is_cap_diff)
                                        if s != 0:
                                            s = s * 0.9
                                    valence = valence + s
                                    # Stock precedence: (A and B) or C.
                                    if (three == "never" and (two == "so" or two == "this")) or (
                                        one == "so" or one == "this"
                                    ):
                                        valence = valence * 1.25
                                    elif three == "without" and (two == "doubt" or one == "doubt"):
                                        pass
                                    elif negated[three]:
                                        valence = valence * n_scalar
                                    if not idiom_markers.isdisjoint(lower[i - 3 : i + 3]):
                                        valence = special_idioms_check(valence, lower, i, end)
                    # --- stock `_least_check` ---
                    if j > 1 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
                        if lower[i - 2] != "at" and lower[i - 2] != "very":
                            valence = valence * n_scalar
                    elif j > 0 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
                        valence = valence * n_scalar
                    sentiments[i] = valence

        def _sentiments(self, tokens: list[str]) -> list[float]:
            """The word scores the stock `polarity_scores` passes to `score_valence`."""
            lower, upper, scored = self._words(tokens)
            n = len(lower)
            # vs.allcap_differential: some, but not all, tokens are upper case.
            is_cap_diff = 0 < n - sum(upper) < n
            sentiments: list[float] = [0] * n
            spans = [(0, n, is_cap_diff, compress(range(n), scored))]
            self._valences(lower, upper, spans, sentiments)
            return but_check(lower, sentiments)

        def polarity_scores(self, text: str) -> dict[str, float]:
            text = self._replace_emoji(text).strip()
            return self.score_valence(self._sentiments(text.split()), text)

        def scores(self, text: str) -> _Scores:
            """``polarity_scores(text)`` as (compound, pos, neg, neu), without the dict."""
            text = self._replace_emoji(text).strip()
            return rounded_scores(self._sentiments(text.split()), text)

        def scores_with_sentences(
            self, document: str, sentences: Sequence[str]
        ) -> tuple[_Scores, list[_Scores]] | None:
            """``scores(document)`` and ``[scores(s) for s in sentences]``, sharing the
            per-word work (module docstring); None, and nothing computed, when the
            document's tokens are not the sentences' tokens one after another."""
            texts = [self._replace_emoji(sentence).strip() for sentence in sentences]
            if not self._is_made_of(document, texts):
                return None
            # `_is_made_of` also proves that `document` holds no emoji (it is its own
            # `_replace_emoji`) and that its tokens are the sentences' tokens in turn.
            tokens: list[str] = []
            bounds: list[tuple[int, int]] = []
            for text in texts:
                start = len(tokens)
                tokens += text.split()
                bounds.append((start, len(tokens)))
            lower, upper, scored = self._words(tokens)
            n = len(tokens)
            is_cap_diff = 0 < n - sum(upper) < n
            # Each sentence's word scores, in the sentence as its own text.
            spans = []
            rescore: list[int] = []  # positions to score again in the document's context
            for start, end in bounds:
                if not any(scored[start:end]):
                    continue
                m = end - start
                n_upper = sum(upper[start:end])
                sentence_cap_diff = 0 < m - n_upper < m
                spans.append(
                    (start, end, sentence_cap_diff, compress(range(start, end), scored[start:end]))
                )
                if sentence_cap_diff != is_cap_diff and n_upper:
                    rescore += range(start, end)
                else:
                    # Words whose window i-3..i+2 crosses the sentence's edges.
                    rescore += range(start, min(start + 3, end))
                    rescore += range(max(start + 3, end - 2), end)
            in_sentences: list[float] = [0] * n
            self._valences(lower, upper, spans, in_sentences)
            in_document = in_sentences.copy()
            positions = compress(rescore, map(scored.__getitem__, rescore))
            self._valences(lower, upper, [(0, n, is_cap_diff, positions)], in_document)
            has_but = "but" in lower
            sentence_scores = []
            for text, (start, end) in zip(texts, bounds, strict=True):
                values = in_sentences[start:end]
                if has_but:
                    values = but_check(lower[start:end], values)
                sentence_scores.append(rounded_scores(values, text))
            document_scores = rounded_scores(but_check(lower, in_document), document.strip())
            return document_scores, sentence_scores

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

    return LinearAnalyzer


@functools.cache
def get_analyzer() -> SentimentIntensityAnalyzer:
    """This process's linear-time analyser, built on first use (building costs ~10 ms)."""
    return _make_linear_analyzer_class()()


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _cached_scores(text: str) -> VaderScores:
    return _scores(text)


def _scores(text: str) -> VaderScores:
    return VaderScores(*get_analyzer().scores(text))  # type: ignore[attr-defined]


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
    names = ("compound", "pos", "neg", "neu")
    if not rows:
        return {name: [] for name in names}
    return dict(zip(names, map(list, zip(*rows, strict=True)), strict=True))


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
            rows.append(_NAN_SCORES if empty_as_nan else _ZERO_SCORES)
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
    sentences' tokens one after another, the per-word work is shared (module docstring);
    otherwise, or when it is None, the document is scored on its own.
    """
    analyzer: Any = get_analyzer()
    texts = [None if text is None else normalise_quotes(text) for text in sentences]
    sentence_rows: list[_Scores | None] = [None] * len(texts)
    document_rows: list[_Scores] = []
    for document, part in zip(documents, parts, strict=True):
        if document is None or not document.strip():
            document_rows.append(_NAN_SCORES)
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
    for k, (original, text) in enumerate(zip(sentences, texts, strict=True)):
        if original is None or text is None or not original.strip():
            sentence_rows[k] = _NAN_SCORES
        elif sentence_rows[k] is None:  # a headline, or a sentence not shared with a document
            sentence_rows[k] = score(text, normalise=False)
    return _columns(sentence_rows), _columns(document_rows)  # type: ignore[arg-type]
