"""VADER sentiment (Hutto & Gilbert 2014), exactly as vaderSentiment 3.3.2 scores it, in linear time.

This is the one place the project builds and calls VADER; feature families import from here.

Why not call ``SentimentIntensityAnalyzer.polarity_scores`` directly: in vaderSentiment
3.3.2 its cost grows with the square of the text length. For every lexicon word,
``_negation_check`` (up to three times) and ``_special_idioms_check`` lowercase the *whole*
token list again, and ``_but_check`` looks each score up with ``list.index`` and moves it
with ``pop``/``insert``. A 1,000-word article costs tens of milliseconds; a 1 MB text,
hours. `LinearAnalyzer` subclasses the stock analyser (same lexicon files, same
constants, same ``score_valence``) and overrides only ``polarity_scores`` with code that
lowercases the tokens once and replays ``_but_check`` with a heap per value. Every
arithmetic step is done in the stock order, so the scores are the same floats; the tests
check equality on the example corpus and on thousands of generated texts.

``_but_check``'s quirk is kept on purpose: for the score at position *k* it rescales the
*first* position holding an equal value (``list.index``), which may be an earlier,
already rescaled one. Changing that would change VADER's numbers.

Quote normalisation (`normalise_quotes`): VADER strips ASCII punctuation from the ends of
a token before the lexicon look-up, but not typographic quotes, so ``“great”`` scores 0
while ``"great"`` scores 3.1, and ``doesn’t`` is not read as a negation while ``doesn't``
is. `score` and `score_texts` therefore map typographic quotes and apostrophes to ASCII
first. Parity is stated (and tested) for the same normalised text.
"""

from __future__ import annotations

import functools
import heapq
import math
import string
from collections.abc import Sequence
from itertools import compress
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

__all__ = [
    "NEGATIVE_THRESHOLD",
    "POSITIVE_THRESHOLD",
    "VaderScores",
    "get_analyzer",
    "normalise_quotes",
    "score",
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
    # A `replace` per mark present beats `str.translate` with a dict (a Python-level
    # look-up per character) by ~10x on news text.
    for mark, ascii_mark in _QUOTE_MAP:
        if mark in text:
            text = text.replace(mark, ascii_mark)
    return text


def _make_linear_analyzer_class() -> type[SentimentIntensityAnalyzer]:
    # Defined inside a function so that importing this module does not import vaderSentiment.
    from vaderSentiment import vaderSentiment as vs

    punctuation = string.punctuation
    booster = vs.BOOSTER_DICT
    special = vs.SPECIAL_CASES
    n_scalar = vs.N_SCALAR
    c_incr = vs.C_INCR
    scalar_inc_dec = vs.scalar_inc_dec

    class TokenCache(dict[str, str]):
        """token → the token as `SentiText._strip_punc_if_word` leaves it; bounded."""

        def __missing__(self, token: str) -> str:
            if len(self) > 200_000:
                self.clear()
            stripped = token.strip(punctuation)
            word = stripped if len(stripped) > 2 else token
            self[token] = word
            return word

    @functools.lru_cache(maxsize=4096)
    def negated_word(word: str) -> bool:
        # vs.negated([word]) scans the 59-word NEGATE list; memoised, same answer.
        return vs.negated([word])

    def negation_check(valence: float, lower: list[str], start_i: int, i: int) -> float:
        # Stock `_negation_check` on a list lowered once; same branches, same order.
        if start_i == 0 and negated_word(lower[i - 1]):
            valence = valence * n_scalar
        if start_i == 1:
            if lower[i - 2] == "never" and (lower[i - 1] == "so" or lower[i - 1] == "this"):
                valence = valence * 1.25
            elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
                valence = valence
            elif negated_word(lower[i - 2]):
                valence = valence * n_scalar
        if start_i == 2:
            if (
                # Stock precedence: (A and B) or C.
                (lower[i - 3] == "never" and (lower[i - 2] == "so" or lower[i - 2] == "this"))
                or (lower[i - 1] == "so" or lower[i - 1] == "this")
            ):
                valence = valence * 1.25
            elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
                valence = valence
            elif negated_word(lower[i - 3]):
                valence = valence * n_scalar
        return valence

    # Every sequence the idiom check builds joins tokens with spaces, and tokens hold no
    # whitespace, so it can only match a multi-word key if each of its tokens is one of
    # these words; when none of tokens i-3..i+2 is, the check cannot change the valence.
    idiom_words = frozenset(
        word for key in (*special, *booster) if " " in key for word in key.split(" ")
    )

    def special_idioms_check(valence: float, lower: list[str], i: int) -> float:
        # Stock `_special_idioms_check`; only called with i >= 3.
        if idiom_words.isdisjoint(lower[i - 3 : i + 3]):
            return valence
        onezero = f"{lower[i - 1]} {lower[i]}"
        twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
        twoone = f"{lower[i - 2]} {lower[i - 1]}"
        threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
        threetwo = f"{lower[i - 3]} {lower[i - 2]}"
        for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
            if seq in special:
                valence = special[seq]
                break
        if len(lower) - 1 > i:
            zeroone = f"{lower[i]} {lower[i + 1]}"
            if zeroone in special:
                valence = special[zeroone]
        if len(lower) - 1 > i + 1:
            zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
            if zeroonetwo in special:
                valence = special[zeroonetwo]
        for n_gram in (threetwoone, threetwo, twoone):
            if n_gram in booster:
                valence = valence + booster[n_gram]
        return valence

    def but_check(lower: list[str], sentiments: list[float]) -> list[float]:
        """Stock `_but_check`, replayed in O(n log n).

        Stock: ``for sentiment in sentiments: si = sentiments.index(sentiment)`` then
        rescale position ``si``. ``heaps[v]`` holds, lazily, the positions whose current
        value equals ``v``; its smallest live entry is ``sentiments.index(v)``. Dict keys
        compare like ``list.index`` does (``0 == 0.0 == -0.0``).
        """
        if "but" not in lower:
            return sentiments
        bi = lower.index("but")
        # Zeros only ever find and rescale zeros (to 0.0), which changes neither the sum nor
        # the neutral count, so only the non-zero scores are replayed.
        nonzero = [k for k, value in enumerate(sentiments) if value]
        heaps: dict[float, list[int]] = {}
        for position in nonzero:
            heaps.setdefault(sentiments[position], []).append(position)  # ascending: a heap
        for k in nonzero:
            value = sentiments[k]
            heap = heaps[value]
            while sentiments[heap[0]] != value:
                heapq.heappop(heap)
            si = heap[0]
            if si < bi:
                new = value * 0.5
            elif si > bi:
                new = value * 1.5
            else:
                continue
            sentiments[si] = new
            if new != value:
                heapq.heappush(heaps.setdefault(new, []), si)
        return sentiments

    class LinearAnalyzer(vs.SentimentIntensityAnalyzer):
        """`SentimentIntensityAnalyzer` whose `polarity_scores` runs in linear time
        (``O(n log n)`` with a "but") and returns the stock analyser's values."""

        def __init__(self) -> None:
            super().__init__()
            # Only single characters can match in the stock emoji loop (`for chr in text`);
            # in 3.3.2 none is ASCII, so ASCII text (most news sentences) skips the scan.
            self._emoji_chars = frozenset(k for k in self.emojis if len(k) == 1)
            self._ascii_free = not any(c.isascii() for c in self._emoji_chars)
            self._scored = self.lexicon.keys() - booster.keys()
            self._tokens = TokenCache()

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

        def polarity_scores(self, text: str) -> dict[str, float]:
            text = self._replace_emoji(text).strip()
            words = list(map(self._tokens.__getitem__, text.split()))
            lower = list(map(str.lower, words))
            n = len(words)
            # vs.allcap_differential: some, but not all, tokens are upper case.
            is_cap_diff = 0 < n - sum(map(str.isupper, words)) < n
            lexicon = self.lexicon
            sentiments: list[float] = [0] * n
            # Words outside the lexicon, boosters and the "kind" of "kind of" score 0.
            for i in compress(range(n), map(self._scored.__contains__, lower)):
                item_lowercase = lower[i]
                if item_lowercase == "kind" and i < n - 1 and lower[i + 1] == "of":
                    continue
                item = words[i]
                # --- stock `sentiment_valence`, statement for statement ---
                valence = lexicon[item_lowercase]
                if item_lowercase == "no" and i != n - 1 and lower[i + 1] in lexicon:
                    valence = 0.0
                if (
                    (i > 0 and lower[i - 1] == "no")
                    or (i > 1 and lower[i - 2] == "no")
                    or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor"))
                ):
                    valence = lexicon[item_lowercase] * n_scalar
                if item.isupper() and is_cap_diff:
                    if valence > 0:
                        valence += c_incr
                    else:
                        valence -= c_incr
                for start_i in range(3):
                    if i > start_i and lower[i - (start_i + 1)] not in lexicon:
                        s = scalar_inc_dec(words[i - (start_i + 1)], valence, is_cap_diff)
                        if start_i == 1 and s != 0:
                            s = s * 0.95
                        if start_i == 2 and s != 0:
                            s = s * 0.9
                        valence = valence + s
                        valence = negation_check(valence, lower, start_i, i)
                        if start_i == 2:
                            valence = special_idioms_check(valence, lower, i)
                # --- stock `_least_check` ---
                if i > 1 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
                    if lower[i - 2] != "at" and lower[i - 2] != "very":
                        valence = valence * n_scalar
                elif i > 0 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
                    valence = valence * n_scalar
                sentiments[i] = valence
            sentiments = but_check(lower, sentiments)
            return self.score_valence(sentiments, text)

    return LinearAnalyzer


@functools.cache
def get_analyzer() -> SentimentIntensityAnalyzer:
    """This process's linear-time analyser, built on first use (building costs ~10 ms)."""
    return _make_linear_analyzer_class()()


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _cached_scores(text: str) -> VaderScores:
    return _scores(text)


def _scores(text: str) -> VaderScores:
    result = get_analyzer().polarity_scores(text)
    return VaderScores(result["compound"], result["pos"], result["neg"], result["neu"])


def score(text: str, *, normalise: bool = True) -> VaderScores:
    """VADER's scores of `text` (after `normalise_quotes` unless ``normalise=False``).

    compound = x / sqrt(x² + 15), x the sum of the rule-adjusted word valences plus
    punctuation emphasis, in [-1, 1]; pos, neg, neu are shares of that mass in [0, 1].
    Text with no token (empty or whitespace) gives 0.0 for all four, as vaderSentiment does.
    """
    if normalise:
        text = normalise_quotes(text)
    return _cached_scores(text) if len(text) <= _CACHE_MAX_CHARS else _scores(text)


def score_texts(
    texts: Sequence[str | None], *, normalise: bool = True, empty_as_nan: bool = True
) -> dict[str, list[float]]:
    """Columns ``compound, pos, neg, neu``, one value per text, in order.

    With ``empty_as_nan`` (default) a text that is None or has no token (``str.split``
    finds nothing) gets NaN instead of vaderSentiment's all-zero scores.
    """
    columns: dict[str, list[float]] = {"compound": [], "pos": [], "neg": [], "neu": []}
    nan = math.nan
    for text in texts:
        if text is None or (empty_as_nan and not text.strip()):
            values: tuple[float, ...] = (nan, nan, nan, nan) if empty_as_nan else (0.0,) * 4
        else:
            values = score(text, normalise=normalise)
        columns["compound"].append(values[0])
        columns["pos"].append(values[1])
        columns["neg"].append(values[2])
        columns["neu"].append(values[3])
    return columns
