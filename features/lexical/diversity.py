"""Vocabulary diversity of each article's body words, in reading order.

MTLD (McCarthy & Jarvis 2010), MATTR (Covington & McFall 2010) and HD-D (McCarthy &
Jarvis 2007), defined in docs/lexicons.md, for every article of a batch at once
(`diversity`): one group_by on the words lists each word's rows, and each word's
previous and next occurrence in its article and each type's frequency follow in numpy
(`_occurrences`), instead of a window per (article, word). `mtld` and `mattr` score one
text, for tests and notebooks.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

import polars as pl

if TYPE_CHECKING:
    import numpy as np

__all__ = ["HDD_SAMPLE", "MATTR_WINDOW", "MTLD_THRESHOLD", "diversity", "mattr", "mtld"]

MTLD_THRESHOLD = 0.72
MATTR_WINDOW = 50
HDD_SAMPLE = 42
NAN = float("nan")


def _check_threshold(threshold: float) -> None:
    # _mtld_factors skips the TTR test after a new word, which is exact only below 1.
    if not 0 < threshold < 1:
        raise ValueError(f"MTLD threshold must lie strictly between 0 and 1, not {threshold}")


def _mtld_factors(gaps: list[int], threshold: float) -> float:
    """Factor count of one MTLD pass (McCarthy & Jarvis 2010): a factor ends when the
    running TTR falls to `threshold` or below; the leftover segment adds
    ``(1 - TTR) / (1 - threshold)``. The text is given as ``gaps[i]``, the distance
    from word i back to its previous occurrence (i + 1 if none).

    A word is new to the current factor when its previous occurrence lies before the
    factor's start, that is when its gap is at least its count within the factor
    (itself included), so neither the start nor a set of seen words is needed. The
    TTR cannot fall at a new word ((t+1)/(c+1) >= t/c for t <= c, and rounding keeps
    that order), so it is only tested at a repeat, with the same division as the
    definition; `_check_threshold` guarantees that a one-word factor never ends. Same
    floats as the set-based loop.
    """
    factors = 0
    types = 0
    count = 0
    for gap in gaps:
        count += 1
        if gap >= count:
            types += 1
        elif types / count <= threshold:
            factors += 1
            types = 0
            count = 0
    if count:
        return factors + (1.0 - types / count) / (1.0 - threshold)
    return float(factors)


def _mtld_value(forward: list[int], backward: list[int], threshold: float) -> float:
    """Bidirectional MTLD from the gap lists of a text and of its reversal: mean of
    ``len(words) / factors``; NaN when a pass has no factor."""
    values = []
    for gaps in (forward, backward):
        factors = _mtld_factors(gaps, threshold)
        if factors <= 0:
            return NAN
        values.append(len(gaps) / factors)
    return sum(values) / 2


def _gaps(words: Sequence[str]) -> list[int]:
    """Distance from each word back to its previous occurrence in `words` (i + 1 for
    word i if none)."""
    last: dict[str, int] = {}
    out = []
    for i, word in enumerate(words):
        out.append(i - last.get(word, -1))
        last[word] = i
    return out


def mtld(words: Sequence[str], *, threshold: float = MTLD_THRESHOLD) -> float:
    """Bidirectional MTLD of one text: mean of ``len(words) / factors`` over the forward
    and the reversed text. NaN when no factor accrues (no word repeats, or no words)."""
    _check_threshold(threshold)
    return _mtld_value(_gaps(words), _gaps(words[::-1]), threshold)


def mattr(words: Sequence[str], *, window: int = MATTR_WINDOW) -> float:
    """MATTR of one text (see `_mattr_values`); NaN when shorter than `window`."""
    frame = pl.DataFrame(
        {"_article": [0] * len(words), "lower": list(words)},
        schema={"_article": pl.UInt32, "lower": pl.String},
    )
    return float(diversity(frame, 1, window=window)["mattr"][0])


def _hdd(f: np.ndarray, article: np.ndarray, words: np.ndarray, sample: int) -> np.ndarray:
    """HD-D per article (one entry per entry of `words`, the articles' word counts)
    from its types' frequencies `f` (one entry per type, in any order; `article` the
    type's article): the sum over types of P(type in a random `sample`-word draw
    without replacement) / sample, P = 1 - C(n-f, s) / C(n, s) with n the article's
    words. NaN when n < sample or without words.

    C(n-f, s) / C(n, s) is computed as the product of (n-f-k) / (n-k) for k < s: 42
    roundings, so within ~1e-14 of the exact ratio (tested against rational
    arithmetic), where exp(lgamma(...) - ...) loses ~1e-13 to cancellation; and workers
    need not import scipy (~0.2 s each).
    """
    import numpy as np

    f = np.asarray(f, np.int64)
    article = np.asarray(article, np.int64)
    words = np.asarray(words, np.int64)
    # A term depends on (n, f) only, and most of an article's types have a small f:
    # each distinct (article, f) is computed once and repeated for its types, which
    # also groups them by article.
    width = int(f.max(initial=0)) + 1
    cell = article * width + f
    if words.size * width <= 8 * cell.size + 4096:
        count = np.bincount(cell, minlength=words.size * width)
        distinct = np.flatnonzero(count)
        count = count[distinct]
    else:
        distinct, count = np.unique(cell, return_counts=True)
    terms = _hdd_terms(distinct % width, words[distinct // width], sample)
    # math.fsum is exactly rounded, so HD-D does not depend on the order of an
    # article's types nor on how many articles share a chunk (numpy's sums do).
    values = np.repeat(terms, count).tolist()
    sizes = np.bincount(article, minlength=words.size).tolist()
    out, end = [], 0
    for k in sizes:
        end += k
        out.append(math.fsum(values[end - k : end]) if k else NAN)
    return np.array(out, np.float64)


def _hdd_terms(f: np.ndarray, n: np.ndarray, sample: int) -> np.ndarray:
    """P(a type of frequency `f` in a random `sample`-word draw from `n` words) /
    sample, per entry (NaN when n < sample); see `_hdd`."""
    import numpy as np

    f = f.astype(np.float64)
    n = n.astype(np.float64)
    valid = n >= sample
    rest = n - f
    absent = np.ones_like(rest)
    with np.errstate(invalid="ignore", divide="ignore"):
        for k in range(sample):
            absent *= (rest - k) / (n - k)
    # rest < sample: the type cannot be missed (a factor is 0; later ones may be negative).
    p0 = np.where(valid & (rest >= sample), absent, 0.0)
    return np.where(valid, (1.0 - p0) / sample, np.nan)


class _Occurrences(NamedTuple):
    """Where each word of a batch's articles occurs (`_occurrences`): int64 arrays, per
    word (in reading order, articles contiguous), per article or per type (an article's
    distinct word)."""

    article: np.ndarray  # per word: its article
    index: np.ndarray  # per word: its index i within its article
    length: np.ndarray  # per word: its article's word count
    previous: np.ndarray  # per word: index of its previous occurrence in the article, or -1
    following: np.ndarray  # per word: index of its next occurrence, or the article's length
    sizes: np.ndarray  # per article: its word count
    starts: np.ndarray  # per article: the row of its first word
    frequency: np.ndarray  # per type: its occurrences in its article
    type_article: np.ndarray  # per type: its article


def _occurrences(words: pl.DataFrame, n_articles: int) -> _Occurrences:
    """`_Occurrences` of `words` (``_article`` sorted, ``lower``).

    One group_by on the word lists its rows, ascending; rows are grouped by article, so
    each type (article, word) is a run of one article within its word's rows, and
    consecutive rows of a run are a word's consecutive occurrences.
    """
    import numpy as np

    by_word = words.select("lower").with_row_index("_row").group_by("lower").agg("_row")
    article = words["_article"].to_numpy().astype(np.int64)
    sizes = np.bincount(article, minlength=n_articles)
    starts = np.cumsum(sizes) - sizes
    i = np.arange(article.size) - starts[article]  # index within the article
    n = sizes[article]
    occurrences = by_word["_row"].explode().to_numpy().astype(np.int64)
    lengths = by_word["_row"].list.len().to_numpy()
    in_article = article[occurrences]
    first_of_type = np.ones(occurrences.size, bool)
    first_of_type[1:] = in_article[1:] != in_article[:-1]
    first_of_type[np.cumsum(lengths) - lengths] = True
    repeat = np.flatnonzero(~first_of_type)
    later, earlier = occurrences[repeat], occurrences[repeat - 1]
    prev = np.full(article.size, -1, np.int64)
    prev[later] = i[earlier]
    following = n.copy()
    following[earlier] = i[later]
    type_start = np.flatnonzero(first_of_type)
    return _Occurrences(
        article=article,
        index=i,
        length=n,
        previous=prev,
        following=following,
        sizes=sizes,
        starts=starts,
        frequency=np.diff(type_start, append=occurrences.size),
        type_article=in_article[type_start],
    )


def diversity(
    words: pl.DataFrame,
    n_articles: int,
    *,
    window: int = MATTR_WINDOW,
    sample: int = HDD_SAMPLE,
    threshold: float = MTLD_THRESHOLD,
) -> dict[str, np.ndarray]:
    """``types``, ``mtld``, ``mattr`` and ``hdd`` per article (arrays of `n_articles`)
    from `words` (``_article`` in 0 .. n_articles-1, ``lower``), the body words in
    reading order."""
    import numpy as np

    _check_threshold(threshold)
    if words.height == 0:
        return {
            "types": np.zeros(n_articles, np.int64),
            **{name: np.full(n_articles, NAN) for name in ("mtld", "mattr", "hdd")},
        }
    if not words["_article"].is_sorted():  # each article's words must be contiguous
        words = words.sort("_article", maintain_order=True)
    text = _occurrences(words, n_articles)
    return {
        "types": np.bincount(text.type_article, minlength=n_articles),
        "mtld": _mtld_values(text, threshold),
        "mattr": _mattr_values(text, window),
        "hdd": _hdd(text.frequency, text.type_article, text.sizes, sample),
    }


def _mattr_values(text: _Occurrences, window: int) -> np.ndarray:
    """MATTR per article (NaN under `window` words): the mean over every window of its
    types / `window`.

    A word at index i whose previous occurrence is at p (-1 if none) is new in every
    window starting at s with max(p+1, i-w+1) <= s <= min(i, n-w); summing those
    window counts gives the summed window type counts."""
    import numpy as np

    i, n, sizes = text.index, text.length, text.sizes
    low = np.maximum(text.previous + 1, i - window + 1)
    high = np.minimum(i, n - window)
    # Float sums of small integers: exact (far below 2**53).
    windows = np.bincount(
        text.article, weights=np.clip(high - low + 1, 0, None), minlength=sizes.size
    )
    out = np.full(sizes.size, NAN)
    long_enough = sizes >= window
    out[long_enough] = windows[long_enough] / (window * (sizes[long_enough] - window + 1)).astype(
        np.float64
    )
    return out


def _mtld_values(text: _Occurrences, threshold: float) -> np.ndarray:
    """Bidirectional MTLD per article (`_mtld_value`; NaN without words)."""
    import numpy as np

    i, n, sizes, starts = text.index, text.length, text.sizes, text.starts
    forward = (i - text.previous).tolist()
    # In the reversed text, a word's previous occurrence is its next one: its gap is
    # the distance to the next occurrence, read in reverse order within each article.
    mirror = starts[text.article] + n - 1 - i
    backward = (text.following - i)[mirror].tolist()
    out = np.full(sizes.size, NAN)
    ends = (starts + sizes).tolist()
    for a in np.flatnonzero(sizes).tolist():
        s, e = ends[a] - int(sizes[a]), ends[a]
        out[a] = _mtld_value(forward[s:e], backward[s:e], threshold)
    return out
