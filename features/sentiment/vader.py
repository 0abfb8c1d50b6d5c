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
the sentences' word scores, re-scores in body context the words near sentence edges that
have an active word within reach, then runs ``_but_check`` and the final scoring on the
body as the stock code does. All of it is one pass over the body's tokens, each sentence
a range of them. The tests compare both with the stock analyser on texts built to put
every context rule across sentence edges.

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
from bisect import bisect_left
from collections.abc import Callable, Container, Iterable, Sequence
from itertools import chain, compress
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

# Bits of `flags` in `_make_linear_analyzer_class`.
_SCORED, _ACTIVE, _BUT = 1, 2, 4


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

    # Every sequence the idiom check builds joins tokens with spaces, and tokens hold no
    # whitespace, so only a multi-word key can match, and only if each of its words is one
    # of tokens i-3..i+2. Each key has one word here (its longest), so when none of those
    # tokens is one of these words the check cannot change the valence. (Frequent words
    # such as "the" and "of" are left out, which is what makes the test worth doing.)
    idiom_markers = frozenset(
        max(key.split(" "), key=len) for key in (*special, *booster) if " " in key
    )

    # The words whose presence among tokens i-3..i+2 can make the score of a lexicon word
    # at i other than its lexicon valence (plus the ALL-CAPS increment); see `_valences`.
    # Boosters, negations ("never", "without" and any word holding "n't" among them),
    # "no", "so", "this", "least", "kind" and the idiom markers. The other words the rules
    # name ("or", "nor", "at", "very", "doubt", "of") only matter next to one of these.
    named = ("no", "so", "this", "least", "kind")
    fixed_active = (*booster, *(word.lower() for word in vs.NEGATE), *idiom_markers, *named)

    # Lowercased word → what it is, as bits: a scored lexicon word (_SCORED, added by
    # `LinearAnalyzer.__init__`), an active word (_ACTIVE), "but" (_BUT); words that are
    # none of these are not in it. One look-up per token tells all three.
    flags: dict[str, int] = dict.fromkeys(fixed_active, _ACTIVE)
    flags["but"] = _BUT
    # Every word holding "n't" is a negation too: `lowered_words` marks each it returns
    # (and unmarks them when it is cleared), so every word in it that `negated` is true of
    # is _ACTIVE.
    marked: list[str] = []

    class LoweredWords(dict[str, str]):
        """token → its word (SentiText._strip_punc_if_word), lowercased as every stock
        look-up does; computed on first look-up (inline: a miss is one Python call),
        cleared by `trim` when it has grown large."""

        def trim(self) -> None:
            """Clear the memo and the n't marks once past 200,000 tokens. Only between
            texts: a text's n't words must stay marked until its flags have been read."""
            if len(self) > 200_000:
                self.clear()
                for word in marked:
                    flags[word] &= ~_ACTIVE
                    if not flags[word]:
                        del flags[word]
                marked.clear()

        def __missing__(self, token: str) -> str:
            stripped = token.strip(punctuation)
            word = self[token] = (stripped if len(stripped) > 2 else token).lower()
            if "n't" in word and not flags.get(word, 0) & _ACTIVE:
                flags[word] = flags.get(word, 0) | _ACTIVE
                marked.append(word)
            return word

    lowered_words = LoweredWords()

    def near(active: Iterable[int]) -> set[int]:
        """The positions i whose tokens i-3..i+2 include one at a position in `active`."""
        found: set[int] = set()
        for position in active:
            found.update(range(position - 2, position + 4))
        return found

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

    def but_check(positions: Sequence[int], values: list[float], bi: int) -> None:
        """Stock `_but_check`, replayed in O(n log n), in place, on a text whose word
        scores are `values` at token `positions` (ascending; "but" is not among them: it is
        no lexicon word) and 0 elsewhere, and whose first "but" is token `bi`.

        Stock: ``for sentiment in sentiments: si = sentiments.index(sentiment)`` then
        rescale position ``si`` by 0.5 (before "but") or 1.5 (after). Step k reads position
        k's own value v (steps only rescale positions at or before their own, so k is still
        untouched), and position k holds v, so ``si`` is the smallest *earlier* position
        holding v now, or k itself. ``earlier[v]`` is a heap of the earlier positions
        holding v now (dict keys compare like ``list.index`` does); a value that is no
        original score is never looked for, so positions holding one are not kept. Zeros
        only ever find and rescale zeros (to 0.0 or -0.0), which changes neither the sum
        nor the neutral count, so they are skipped.
        """
        cut = bisect_left(positions, bi)  # indices below `cut` are before "but"
        originals = set(values)
        earlier: dict[float, list[int]] = {}
        for k, value in enumerate(values):
            if not value:
                continue
            heap = earlier.get(value)
            # heapreplace: k is the largest earlier position from now on.
            si = heapq.heapreplace(heap, k) if heap else k
            new = value * 0.5 if si < cut else value * 1.5
            values[si] = new
            if new in originals:
                heapq.heappush(earlier.setdefault(new, []), si)

    fabs, sqrt = math.fabs, math.sqrt

    def rounded_scores(values: list[float], n_tokens: int, text: str) -> _Scores:
        """Stock `score_valence` (with `_punctuation_emphasis`, `_amplify_ep`, `_amplify_qm`,
        `normalize`, `_sift_sentiment_scores`) statement for statement, same float
        operations in the same order, on a text of `n_tokens` tokens whose word scores are
        `values` (in token order) and 0 elsewhere; returns (compound, pos, neg, neu)
        instead of a dict.

        The stock list holds the int 0 at the other tokens. Leaving them out changes no
        result: ``sum`` starts from the int 0, and adding an exact zero to a float leaves it
        as it is (``0 + x`` is ``x`` for x != 0, and a zero sum stays 0.0); they only add to
        the neutral count, which is counted here; the pos/neg sums skip zeros anyway.
        """
        if not any(values):
            # Stock: no token gives all zeros. Otherwise sum_s = 0.0 (sum starts from the int
            # 0, so even -0.0 scores add up to 0.0), no emphasis is added, compound =
            # 0.0 / sqrt(15) = 0.0, pos = neg = 0.0, neu = n / n = 1.0.
            return _NEUTRAL_SCORES if n_tokens else _ZERO_SCORES
        sum_s = float(sum(values))
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
        compound = sum_s / sqrt((sum_s * sum_s) + 15)
        if compound < -1.0:
            compound = -1.0
        elif compound > 1.0:
            compound = 1.0
        pos_sum = 0.0
        neg_sum = 0.0
        # `== 0`, as the stock `list.count` compares.
        neu_count = n_tokens - len(values) + values.count(0)
        # Stock `float(sentiment_score)` is left out: a score is a float, or a small int
        # from SPECIAL_CASES ("the bomb" → 3) that float + int adds exactly.
        for sentiment_score in filter(None, values):
            if sentiment_score > 0:
                pos_sum += sentiment_score + 1
            elif sentiment_score < 0:
                neg_sum += sentiment_score - 1
        if pos_sum > fabs(neg_sum):
            pos_sum += punct_emph_amplifier
        elif pos_sum < fabs(neg_sum):
            neg_sum -= punct_emph_amplifier
        total = pos_sum + fabs(neg_sum) + neu_count
        pos = fabs(pos_sum / total)
        neg = fabs(neg_sum / total)
        neu = fabs(neu_count / total)
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
            scored = self.lexicon.keys() - booster.keys()
            if "but" in scored:  # `but_check` relies on this (true of 3.3.2)
                raise RuntimeError(
                    '"but" is a lexicon word: framing.features.sentiment.vader needs updating'
                )
            for word in scored:
                flags[word] = flags.get(word, 0) | _SCORED

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

        def _words(self, tokens: list[str]) -> tuple[list[str], list[int], set[int], list[int]]:
            """Each token's word (`SentiText._strip_punc_if_word`) lowercased; the
            positions of the scored lexicon words, ascending; those near an active word
            (`near`); those of "but", ascending. (The word itself is never needed: the
            stock code only lowercases it or asks ``isupper()``, and ``word.isupper() ==
            token.isupper()``, as stripping removes ASCII punctuation, which has no case.)"""
            lowered_words.trim()
            lower = list(map(lowered_words.__getitem__, tokens))
            flagged = list(compress(range(len(lower)), map(flags.get, lower)))
            kinds = list(map(flags.__getitem__, map(lower.__getitem__, flagged)))
            return (
                lower,
                [p for p, kind in zip(flagged, kinds, strict=True) if kind & _SCORED],
                near(p for p, kind in zip(flagged, kinds, strict=True) if kind & _ACTIVE),
                [p for p, kind in zip(flagged, kinds, strict=True) if kind & _BUT],
            )

        def _valences(
            self,
            lower: Sequence[str],
            tokens: Sequence[str],
            start: int,
            end: int,
            is_cap_diff: bool,
            positions: Iterable[int],
            near: Container[int],
        ) -> list[float]:
            """The stock main loop's value ("kind of" skip, then `sentiment_valence`) of the
            scored word at each of `positions`, when the text scored is tokens
            ``start:end``, with that text's `is_cap_diff`; `near` holds (at least) the
            positions i whose tokens i-3..i+2 include an active word (`_words`).

            ``j = i - start`` is the stock code's index; ``last`` is ``end - 1``.
            """
            lexicon = self.lexicon
            last = end - 1
            values: list[float] = []
            for i in positions:
                item_lowercase = lower[i]
                if i not in near:
                    # No word any rule below reads is within reach, so each rule leaves the
                    # valence as it is but the ALL-CAPS one. (The `valence + 0.0` steps
                    # skipped could only turn a -0.0 into 0.0, and no later step tells
                    # them apart.)
                    valence = lexicon[item_lowercase]
                    if is_cap_diff and tokens[i].isupper():
                        if valence > 0:
                            valence += c_incr
                        else:
                            valence -= c_incr
                    values.append(valence)
                    continue
                j = i - start
                if item_lowercase == "kind" and i < last and lower[i + 1] == "of":
                    values.append(0)
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
                if is_cap_diff and tokens[i].isupper():
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
                            s = booster_scalar(s, tokens[i - 1].isupper(), valence, is_cap_diff)
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
                                s = booster_scalar(s, tokens[i - 2].isupper(), valence, is_cap_diff)
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
                                    s = booster_scalar(
                                        s, tokens[i - 3].isupper(), valence, is_cap_diff
                                    )
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
                values.append(valence)
            return values

        def _sentiments(self, tokens: list[str]) -> tuple[list[int], list[float]]:
            """The scored words' positions and the scores the stock `polarity_scores` passes
            to `score_valence` at them (every other score is 0)."""
            lower, positions, near_active, buts = self._words(tokens)
            if not positions:
                return positions, []
            n = len(tokens)
            # vs.allcap_differential: some, but not all, tokens are upper case.
            is_cap_diff = 0 < n - sum(map(str.isupper, tokens)) < n
            values = self._valences(lower, tokens, 0, n, is_cap_diff, positions, near_active)
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

        def scores(self, text: str) -> _Scores:
            """``polarity_scores(text)`` as (compound, pos, neg, neu), without the dict."""
            text = self._replace_emoji(text).strip()
            tokens = text.split()
            return rounded_scores(self._sentiments(tokens)[1], len(tokens), text)

        def scores_with_sentences(
            self, document: str, sentences: Sequence[str]
        ) -> tuple[_Scores, list[_Scores]] | None:
            """``scores(document)`` and ``[scores(s) for s in sentences]``, sharing the
            per-word work (module docstring); None, and nothing computed, when the
            document's tokens are not the sentences' tokens one after another.

            One pass over the document's tokens; each sentence is the token range
            ``start:end``, and only its scored words are visited.
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
            lower, scored, near_active, buts = self._words(tokens)
            upper = list(compress(range(n), map(str.isupper, tokens)))
            is_cap_diff = 0 < n - len(upper) < n
            n_scored = len(scored)
            # The document's word scores at `scored`, and those to score again in its context.
            in_document: list[float] = []
            rescore_index: list[int] = []
            rescore: list[int] = []
            rows: list[_Scores] = []
            k = start = 0
            for text, words in zip(texts, splits, strict=True):
                m = len(words)
                end = start + m
                if k == n_scored or scored[k] >= end:
                    # No scored word: every score is 0, as in `rounded_scores`.
                    rows.append(_NEUTRAL_SCORES if m else _ZERO_SCORES)
                    start = end
                    continue
                stop = bisect_left(scored, end, k)
                positions = scored[k:stop]
                n_upper = bisect_left(upper, end) - bisect_left(upper, start) if upper else 0
                sentence_cap_diff = 0 < m - n_upper < m
                values = self._valences(
                    lower, tokens, start, end, sentence_cap_diff, positions, near_active
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
            if rescore:
                again = self._valences(lower, tokens, 0, n, is_cap_diff, rescore, near_active)
                for index, value in zip(rescore_index, again, strict=True):
                    in_document[index] = value
            if buts:
                but_check(scored, in_document, buts[0])
            # Counting ! and ? does not need the stock `strip()`.
            return rounded_scores(in_document, n, document), rows

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
    for k, row in enumerate(sentence_rows):
        # A shared sentence without tokens (None, empty or whitespace) has the row
        # `_ZERO_SCORES`; any other shared row is final.
        if row is not None and row is not _ZERO_SCORES:
            continue
        original, text = sentences[k], texts[k]
        if original is None or text is None or not original.strip():
            sentence_rows[k] = _NAN_SCORES
        elif row is None:  # a headline, or a sentence not shared with a document
            sentence_rows[k] = score(text, normalise=False)
    return _columns(sentence_rows), _columns(document_rows)  # type: ignore[arg-type]
