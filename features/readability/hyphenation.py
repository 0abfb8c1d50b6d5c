"""Pyphen's en_US hyphenation points, by a trie walk over Pyphen's own patterns.

textstat counts a word missing from the CMU dictionary as its Pyphen hyphenation points
+ 1. `hyphenation_points` gives Pyphen 0.18's count (``len(positions(word))``) for an
ASCII word, ~7× faster: one walk per start position through a trie of the patterns
(`_hyphenation_trie`, built in one pass over the sorted patterns) instead of Pyphen's
substring look-ups. If the installed Pyphen stores its patterns differently
(`trie_matches_pyphen`), every word goes to Pyphen itself: slower, still exact.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from framing.features.readability.resources import resources

__all__ = ["hyphenation_memo", "hyphenation_points", "trie_matches_pyphen", "walk_trie"]


@cache
def _hyphenation_trie() -> dict[str, Any]:
    """Pyphen en_US's patterns as a trie: ``children[char]`` is a ``(children, points)`` node.

    ``points`` merges every pattern spelled by a prefix of the node's path (the node's
    own included): ``(index, value)`` pairs, index counted from the path's first
    character, value the max over those patterns (zeros left out), or None if no
    prefix is a pattern. A node without a pattern shares its parent's tuple.

    Built in one pass over the sorted patterns: a pattern sorts after its prefixes and
    before its extensions, so when a pattern is inserted, every pattern on its path is
    in place, and its own node is new (no earlier pattern passes through it). Each node
    is thus created once, with its final points.
    """
    patterns = resources().hyphenator.hd.patterns
    root: dict[str, Any] = {}
    for key in sorted(patterns):
        children, points = root, None
        for char in key[:-1]:
            node = children.get(char)
            if node is None:
                node = children[char] = ({}, points)
            children, points = node
        offset, values = patterns[key]
        merged = dict(points or ())
        for index, value in enumerate(values, offset):
            if value > merged.get(index, 0):
                merged[index] = value
        # No zero enters `merged` (0 > get(...) is false); pair order is irrelevant.
        children[key[-1]] = ({}, tuple(merged.items()) or None)
    return root


def hyphenation_points(word: str) -> int:
    """``len(Pyphen(lang="en_US").positions(word))`` for an ASCII `word`, ~7× faster.

    Pyphen 0.18's Liang matching (``HyphDict.positions``) on Pyphen's own patterns: at
    every start ``i`` of ``.word.`` (lowercased) it looks up each substring of up to
    ``maxlen`` (28) characters and raises each point a found pattern covers to the
    pattern's value. The patterns found at ``i`` are the prefixes of the rest of the
    word, i.e. the pattern nodes on its path through a trie, which ends at the first
    prefix no pattern has; and since the points only ever take a max, the node where
    the path ends holds their merged points (`_hyphenation_trie`): the same values,
    with one lookup per character walked and one merge per start, without Pyphen's
    memo or its ``DataInt`` objects. Odd points are hyphens, kept if at least ``left``
    characters from the start and ``right`` from the end. ASCII only, because
    lowercasing keeps an ASCII word's length (Pyphen bounds by the given word but
    matches the lowercased one).
    """
    if not trie_matches_pyphen():
        return len(resources().hyphenator.positions(word))
    return walk_trie(word)


def walk_trie(word: str) -> int:
    """`hyphenation_points` by the trie walk (see there)."""
    root, depth, left, right = _hyphenation_walk()
    pointed = f".{word.lower()}."
    points = [0] * (len(pointed) + 1)
    for start in range(len(pointed) - 1):
        children, merged = root, None
        # No path is longer than the longest pattern: slicing the rest of the word
        # instead copied it at every start, quadratic in a long token (4 MB: 225 s).
        for char in pointed[start : start + depth]:
            node = children.get(char)
            if node is None:
                break
            children, merged = node
        if merged is not None:
            for index, value in merged:
                index += start
                if value > points[index]:
                    points[index] = value
    # points[k] lies after k - 1 characters of the word: Pyphen keeps
    # left <= k - 1 <= len(word) - right. Odd points are hyphens.
    return sum(map(_ODD, points[left + 1 : len(word) - right + 2]))


_ODD = (1).__and__


@cache
def _hyphenation_walk() -> tuple[dict[str, Any], int, int, int]:
    """What `walk_trie` reads: the trie, its depth (the longest pattern's length), and
    Pyphen's ``left`` and ``right`` bounds."""
    hyphenator = resources().hyphenator
    depth = max(map(len, hyphenator.hd.patterns))
    return _hyphenation_trie(), depth, hyphenator.left, hyphenator.right


# Words whose hyphenation exercises many of en_US's patterns (long, prefixed, suffixed,
# odd letters, apostrophe, digits); see `trie_matches_pyphen`.
_PROBE_WORDS = (
    "hyphenation", "representative", "unbelievable", "internationalization",
    "antidisestablishmentarianism", "pseudopseudohypoparathyroidism", "characterization",
    "reconstruction", "possibilities", "governmental", "naturally", "rhythm", "pyongyang",
    "kyiv", "zzzqqq", "a", "ab", "xyz", "shouldn't", "f16s", "covid19", "extraordinarily",
)  # fmt: skip


@cache
def trie_matches_pyphen() -> bool:
    """Whether `hyphenation_points` agrees with the installed Pyphen on `_PROBE_WORDS`.

    It reads Pyphen's pattern table (``hd.patterns``, ``left``, ``right``), internals of
    Pyphen 0.18; if another version stores them differently, every word goes to Pyphen
    itself (slower, still exact) instead of getting other counts.
    """
    hyphenator = resources().hyphenator
    try:
        return all(walk_trie(word) == len(hyphenator.positions(word)) for word in _PROBE_WORDS)
    except Exception:
        return False


def hyphenation_memo(hyphenator: Any) -> dict:
    """Pyphen's per-dictionary word cache (`HyphDict.cache`), or an empty dict."""
    memo = getattr(getattr(hyphenator, "hd", None), "cache", None)
    return memo if isinstance(memo, dict) else {}
