"""VADER's scoring rules, as vaderSentiment 3.3.2 applies them, statement for statement.

Each function here is one stock function (or its loop), named after it, so that it can
be read line by line against ``vaderSentiment/vaderSentiment.py``:

=========================  ===================================================
here                       stock (``SentimentIntensityAnalyzer`` unless noted)
=========================  ===================================================
`valences`                 the main loop of ``polarity_scores`` (booster and
                           "kind of" skips)
`sentiment_valence`        ``sentiment_valence`` and ``_least_check``
`preceding_words`          its ``for start_i in range(0, 3)`` loop, unrolled,
                           with ``_negation_check`` inline
`booster_scalar`           ``scalar_inc_dec`` (module function) for a booster
`special_idioms_check`     ``_special_idioms_check``
`but_check`                ``_but_check``, replayed in O(n log n)
`rounded_scores`           ``score_valence`` with ``_punctuation_emphasis``,
                           ``_amplify_ep``, ``_amplify_qm``, ``normalize`` and
                           ``_sift_sentiment_scores``
=========================  ===================================================

Every arithmetic step is done in the stock order, on the same operands, so the scores
are the same floats. What differs is only what is *read*: the tokens are lowercased
once (`framing.features.sentiment.vader_words`) instead of once per rule and word, only
the scored lexicon words' positions are visited, and a word with no active word within
reach skips the rules that cannot change it (`valences`).

Constants keep the stock names (``BOOSTER_DICT``, ``SPECIAL_CASES``, ``N_SCALAR``,
``C_INCR``). Imports vaderSentiment: only the analyser
(`framing.features.sentiment.vader_analyzer`) imports this module.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Container, Iterable, Mapping, Sequence
from math import fabs, sqrt

from vaderSentiment.vaderSentiment import BOOSTER_DICT, C_INCR, N_SCALAR, SPECIAL_CASES

from framing.features.sentiment.vader_scores import NEUTRAL_SCORES, ZERO_SCORES, Scores
from framing.features.sentiment.vader_words import IDIOM_MARKERS, NEGATED

__all__ = [
    "booster_scalar",
    "but_check",
    "preceding_words",
    "rounded_scores",
    "sentiment_valence",
    "special_idioms_check",
    "valences",
]


def valences(
    lexicon: Mapping[str, float],
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
    positions i whose tokens i-3..i+2 include an active word
    (`framing.features.sentiment.vader_words`).
    """
    last = end - 1
    values: list[float] = []
    for i in positions:
        item_lowercase = lower[i]
        if i not in near:
            # No word any rule reads is within reach, so each rule leaves the valence as
            # it is but the ALL-CAPS one. (The `valence + 0.0` steps skipped could only
            # turn a -0.0 into 0.0, and no later step tells them apart.)
            valence = lexicon[item_lowercase]
            if is_cap_diff and tokens[i].isupper():
                if valence > 0:
                    valence += C_INCR
                else:
                    valence -= C_INCR
            values.append(valence)
            continue
        if item_lowercase == "kind" and i < last and lower[i + 1] == "of":
            values.append(0)
            continue
        values.append(sentiment_valence(lexicon, lower, tokens, i, i - start, end, is_cap_diff))
    return values


def sentiment_valence(
    lexicon: Mapping[str, float],
    lower: Sequence[str],
    tokens: Sequence[str],
    i: int,
    j: int,
    end: int,
    is_cap_diff: bool,
) -> float:
    """Stock `sentiment_valence` then `_least_check`, statement for statement, for the
    scored word at token `i` of the text tokens ``start:end``; ``j = i - start`` is the
    stock code's index."""
    item_lowercase = lower[i]
    last = end - 1
    valence = lexicon[item_lowercase]
    if item_lowercase == "no" and i != last and lower[i + 1] in lexicon:
        valence = 0.0
    if (
        (j > 0 and lower[i - 1] == "no")
        or (j > 1 and lower[i - 2] == "no")
        or (j > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor"))
    ):
        valence = lexicon[item_lowercase] * N_SCALAR
    if is_cap_diff and tokens[i].isupper():
        if valence > 0:
            valence += C_INCR
        else:
            valence -= C_INCR
    if j > 0:
        valence = preceding_words(valence, lexicon, lower, tokens, i, j, end, is_cap_diff)
    # --- stock `_least_check` ---
    if j > 1 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        if lower[i - 2] != "at" and lower[i - 2] != "very":
            valence = valence * N_SCALAR
    elif j > 0 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        valence = valence * N_SCALAR
    return valence


def preceding_words(
    valence: float,
    lexicon: Mapping[str, float],
    lower: Sequence[str],
    tokens: Sequence[str],
    i: int,
    j: int,
    end: int,
    is_cap_diff: bool,
) -> float:
    """Stock ``for start_i in range(0, 3)`` in `sentiment_valence`, unrolled (j > 0):
    start_i 0, 1, 2 read the words one, two and three back. `scalar_inc_dec` is 0.0
    for a non-booster, and ``valence + 0.0`` is still done (-0.0 becomes 0.0)."""
    one = lower[i - 1]
    if one not in lexicon:
        s = BOOSTER_DICT.get(one)
        s = 0.0 if s is None else booster_scalar(s, tokens[i - 1].isupper(), valence, is_cap_diff)
        valence = valence + s
        if NEGATED[one]:
            valence = valence * N_SCALAR
    if j > 1:
        two = lower[i - 2]
        if two not in lexicon:
            s = BOOSTER_DICT.get(two)
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
            elif NEGATED[two]:
                valence = valence * N_SCALAR
        if j > 2:
            three = lower[i - 3]
            if three not in lexicon:
                s = BOOSTER_DICT.get(three)
                if s is None:
                    s = 0.0
                else:
                    s = booster_scalar(s, tokens[i - 3].isupper(), valence, is_cap_diff)
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
                elif NEGATED[three]:
                    valence = valence * N_SCALAR
                if not IDIOM_MARKERS.isdisjoint(lower[i - 3 : i + 3]):
                    valence = special_idioms_check(valence, lower, i, end)
    return valence


def booster_scalar(scalar: float, is_upper: bool, valence: float, is_cap_diff: bool) -> float:
    """Stock `scalar_inc_dec` once the word is known to be a booster of value `scalar`;
    `is_upper` is ``word.isupper()``."""
    if valence < 0:
        scalar *= -1
    if is_upper and is_cap_diff:
        if valence > 0:
            scalar += C_INCR
        else:
            scalar -= C_INCR
    return scalar


def special_idioms_check(valence: float, lower: Sequence[str], i: int, end: int) -> float:
    """Stock `_special_idioms_check` on the text lower[..end], lowered once; only called
    with i at least 3 tokens into the text."""
    onezero = f"{lower[i - 1]} {lower[i]}"
    twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
    twoone = f"{lower[i - 2]} {lower[i - 1]}"
    threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
    threetwo = f"{lower[i - 3]} {lower[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            break
    if end - 1 > i:
        zeroone = f"{lower[i]} {lower[i + 1]}"
        if zeroone in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroone]
    if end - 1 > i + 1:
        zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
        if zeroonetwo in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in BOOSTER_DICT:
            valence = valence + BOOSTER_DICT[n_gram]
    return valence


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


def rounded_scores(values: list[float], n_tokens: int, text: str) -> Scores:
    """Stock `score_valence` statement for statement, on a text of `n_tokens` tokens
    whose word scores are `values` (in token order) and 0 elsewhere; returns (compound,
    pos, neg, neu) instead of a dict.

    The stock list holds the int 0 at the other tokens. Leaving them out changes no
    result: ``sum`` starts from the int 0, and adding an exact zero to a float leaves it
    as it is; they only add to the neutral count, counted here; the pos/neg sums skip
    zeros anyway.
    """
    if not any(values):
        # Stock: no token gives all zeros. Otherwise sum_s = 0.0 (sum starts from the int
        # 0, so even -0.0 scores add up to 0.0), no emphasis is added, compound =
        # 0.0 / sqrt(15) = 0.0, pos = neg = 0.0, neu = n / n = 1.0.
        return NEUTRAL_SCORES if n_tokens else ZERO_SCORES
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
