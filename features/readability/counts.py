"""Every count textstat's formulas read, from one pass over a text (`text_counts`).

Words and sentences by textstat's rules (`framing.features.readability.words`);
syllables from the CMU dictionary, else Pyphen hyphenation points + 1
(`framing.features.readability.cmu`, `framing.features.readability.hyphenation`);
difficult words by textstat's easy-word list. Each distinct word form is counted once
per process, on its first look-up in a bounded memo of packed counts (`_WordCounts`,
`_pack`), and an article's words are summed in C on machine integers (`_sum_counts`).
"""

from __future__ import annotations

import polars as pl

from framing.features.readability.cmu import cmu_syllables, stressed_phones
from framing.features.readability.hyphenation import (
    hyphenation_memo,
    hyphenation_points,
    trie_matches_pyphen,
    walk_trie,
)
from framing.features.readability.resources import resources
from framing.features.readability.words import (
    PUNCTUATION,
    count_sentences,
    count_tokens,
    long_runs,
    remove_punctuation,
)

__all__ = ["COUNT_FIELDS", "count_syllables", "counts_frame", "text_counts"]


class _WordCounts(dict[str, int]):
    """Word form -> its packed counts (`_pack`); a missing form is counted on lookup."""

    def __missing__(self, word: str) -> int:
        """Memoise `word`'s `_pack` counts (returned), and put it in `_DIFFICULT_FORMS`
        if difficult at threshold 2 (see `_word_counts`)."""
        if not word.isascii():
            syllables, hard0, hard2, hard3 = _word_counts(word)
            value = _pack(syllables, hard0, hard3)
        else:
            # For an ASCII word, both of textstat's calls (`_word_counts`) count its
            # lowercase form, which is itself one textstat word: count once, and share
            # the lowercase form's entry when it has one ("Korea" and "korea").
            lower = word.lower()
            value = self.get(lower)
            if value is None:
                cmu, _, easy = resources()
                line = cmu.get(lower)
                if line is not None:
                    syllables = stressed_phones(line)
                elif trie_matches_pyphen():
                    syllables = walk_trie(lower) + 1
                else:
                    syllables = hyphenation_points(lower) + 1
                difficult = lower not in easy
                packed = _PACKED[difficult]
                value = (
                    packed[syllables]
                    if syllables < len(packed)
                    else _pack(syllables, difficult, difficult and syllables >= 3)
                )
                hard2 = difficult and syllables >= 2
            else:
                hard2 = lower in _DIFFICULT_FORMS
        self[word] = value
        if hard2:
            _DIFFICULT_FORMS.add(word)
        return value


# Per process: word form -> its packed counts, and the memoised forms that are
# difficult at threshold 2. Pure memo, so it can only make repeated words cheaper;
# emptied before an article whose words could take it past the cap. Looking a form
# up counts it if new, so an article's words are summed without first finding the
# new ones.
_WORD_CACHE: dict[str, int] = _WordCounts()
_DIFFICULT_FORMS: set[str] = set()
_WORD_CACHE_MAX = 50_000

# `_pack` stores a word's counts in one int, so that one C-level sum(map(...)) of the
# packed values of an article's words sums every count at once: four 0/1 counts in
# 12-bit fields (1 if >= 3 syllables, 1 if > 0 syllables, difficult at threshold 3
# (Gunning fog) and 0 (Dale–Chall)), and the syllables above them, in a field without
# an upper bound. `_sum_counts` sums at most `_CHUNK` words at once, so no 0/1 field
# carries into the next; and while the total stays below 2**63 (below 32,768
# syllables per chunk), sum() adds machine integers instead of big ones (~40 % faster).
_COUNT_BITS = 12
_CHUNK = (1 << _COUNT_BITS) - 1
_SYLLABLE_SHIFT = 4 * _COUNT_BITS


def count_syllables(text: str) -> int:
    """textstat's ``count_syllables(text, "en_US")``: syllables summed over its words."""
    if not text:
        return 0
    hyphenator = resources().hyphenator
    count = 0
    for word in remove_punctuation(text).lower().split():
        syllables = cmu_syllables(word)
        if syllables is None:
            points = hyphenation_points(word) if word.isascii() else len(hyphenator.positions(word))
            syllables = points + 1
        count += syllables
    return count


def _pack(syllables: int, hard0: bool, hard3: bool) -> int:
    """One word's counts, in the fields `_sum_counts` reads back."""
    return (
        syllables << _SYLLABLE_SHIFT
        | (syllables >= 3)
        | (syllables > 0) << _COUNT_BITS
        | hard3 << 2 * _COUNT_BITS
        | hard0 << 3 * _COUNT_BITS
    )


# `_pack` of the usual syllable counts, for an easy and a difficult ASCII word:
# `_PACKED[difficult][syllables]` (difficult at threshold 3 means >= 3 syllables).
_PACKED = tuple(
    tuple(_pack(syllables, difficult, difficult and syllables >= 3) for syllables in range(32))
    for difficult in (False, True)
)


def _sum_counts(words: list[str]) -> tuple[int, int, int, int, int]:
    """Memoised `words`' counts, summed: syllables, and words with >= 3 syllables, with
    > 0 syllables, difficult at threshold 3, and at threshold 0 (see `_pack`)."""
    value = _WORD_CACHE.__getitem__
    syllables = polysyllabic = voiced = hard_fog = hard_dc = 0
    for start in range(0, len(words), _CHUNK):
        total = sum(map(value, words if len(words) <= _CHUNK else words[start : start + _CHUNK]))
        syllables += total >> _SYLLABLE_SHIFT
        polysyllabic += total & _CHUNK
        voiced += total >> _COUNT_BITS & _CHUNK
        hard_fog += total >> 2 * _COUNT_BITS & _CHUNK
        hard_dc += total >> 3 * _COUNT_BITS & _CHUNK
    return syllables, polysyllabic, voiced, hard_fog, hard_dc


def _word_counts(word: str) -> tuple[int, bool, bool, bool]:
    """Syllables of a non-ASCII textstat word, and whether difficult at thresholds 0, 2, 3.

    As textstat: syllables by ``count_syllables(word)``; difficult at threshold t when
    the lowercased word is not an easy word and ``count_syllables(word.lower()) >= t``
    (its ``is_difficult_word``). Lowercasing can change a non-ASCII word's length, or
    make a combining mark the punctuation rule deletes ("İ" -> "i̇"): so both calls,
    as textstat makes them.
    """
    lower = word.lower()
    syllables = count_syllables(word)
    if lower in resources().easy_words:
        return syllables, False, False, False
    hard = syllables if lower == word else count_syllables(lower)
    return syllables, True, hard >= 2, hard >= 3


def _forget() -> None:
    """Empty the word memo (`_WORD_CACHE`, `_DIFFICULT_FORMS`) and Pyphen's."""
    _WORD_CACHE.clear()
    _DIFFICULT_FORMS.clear()
    # Pyphen memoises every word it hyphenates, without bound (a list of int objects
    # per word); on a large corpus with many rare words that grew a worker by ~300 MB
    # per 100k articles. Our memo above already memoises.
    hyphenation_memo(resources().hyphenator).clear()


COUNT_FIELDS = (
    "words", "sentences", "syllables", "polysyllables", "difficult_unique",
    "difficult_fog", "difficult_dc", "letters", "chars", "tokens",
    "lw_easy", "lw_hard", "lw_sentences",
)  # fmt: skip


def text_counts(text: str) -> tuple[int, ...]:
    """Every count the formulas need, in `COUNT_FIELDS` order, from one pass over `text`.

    ``difficult_fog`` (threshold 3) and ``difficult_dc`` (threshold 0) count every
    occurrence, as textstat's Gunning fog and Dale–Chall do; ``difficult_unique``
    (threshold 2) counts distinct word forms (case-sensitive), as its
    ``difficult_words`` does. ``letters`` are word characters, ``chars`` non-space
    characters, ``tokens`` whitespace-separated tokens (ARI's denominator).
    ``lw_*`` are Linsear Write's easy/hard words among the first 100 words and the
    sentences of the text up to the 100th word.
    """
    n_tokens = count_tokens(text)
    # One punctuation removal serves words and sentences: deleting the terminators
    # afterwards gives textstat's words (the deletions are independent).
    kept = remove_punctuation(text, keep_terminators=True)
    stripped = kept.replace(".", "").replace("!", "").replace("?", "")
    words = stripped.split()
    if len(_WORD_CACHE) + len(words) > _WORD_CACHE_MAX:
        _forget()
    syllables, polysyllabic, _, hard_fog, hard_dc = _sum_counts(words)
    # Linsear Write reads only the first 100 words when there are more than 100
    # whitespace tokens, and counts sentences on those tokens joined by spaces.
    if n_tokens <= 100:
        lw_words, lw_tokens = words, text.split()
    elif len(words) == n_tokens:
        # Each token gives at most one word (punctuation removal within a token does
        # not depend on its neighbours and never adds a space), so here each gives
        # exactly one, in order: the 100th word comes from the 100th token.
        lw_words, lw_tokens = words[:100], text.split(None, 100)[:100]
    else:
        tokens, lw_words, end = text.split(), [], 0
        while end < len(tokens) and len(lw_words) < 100:
            word = PUNCTUATION.sub("", tokens[end])
            end += 1
            if word:
                lw_words.append(word)
        lw_tokens = tokens[:end]
    _, lw_hard, lw_voiced, _, _ = _sum_counts(lw_words)
    letters = "".join(words)
    return (
        len(words),
        max(1, long_runs(kept)) if text else 0,
        syllables,
        polysyllabic,
        len(_DIFFICULT_FORMS.intersection(words)),
        hard_fog,
        hard_dc,
        len(letters) - letters.count("'"),
        # Whitespace is never deleted, so text and `stripped` have the same amount.
        len(text) - (len(stripped) - len(letters)),
        n_tokens,
        lw_voiced - lw_hard,
        lw_hard,
        count_sentences(" ".join(lw_tokens)),
    )


def counts_frame(texts: list[str]) -> pl.DataFrame:
    """`text_counts` of each text, one row per text (Int64 columns `COUNT_FIELDS`)."""
    rows = [text_counts(t or "") for t in texts]
    return pl.DataFrame(rows, schema=dict.fromkeys(COUNT_FIELDS, pl.Int64), orient="row")
