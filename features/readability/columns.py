"""The `readability` family's columns: formula, range, direction and reference of each."""

from __future__ import annotations

from framing.features.base import Column

__all__ = ["COLUMNS", "PREFIX", "TEXTSTAT_VERSION"]

TEXTSTAT_VERSION = "0.7.13"
PREFIX = "readability__"

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
