"""The `lexical` family's columns: definition, range, direction and reference of each."""

from __future__ import annotations

from framing.features.base import Column
from framing.features.lexical.diversity import HDD_SAMPLE, MATTR_WINDOW
from framing.features.lexical.options import LEXICONS

__all__ = ["COLUMNS", "INT_COLUMNS", "LONG_WORD"]

LONG_WORD = 7  # letters or digits; the LIX threshold (Björnsson 1968: "more than six letters")

_BODY = "Body (headline excluded); words = word and number tokens."
_REF_MTLD = (
    "McCarthy, P. M. & Jarvis, S. (2010). MTLD, vocd-D, and HD-D. Behavior Research Methods 42(2)"
)
_LEXICON_TEXT = {
    "hedges": ("hedges (may, perhaps, apparently...)", "more = more tentative", "Hyland (2005)"),
    "boosters": (
        "boosters (clearly, indeed, of course...)",
        "more = more emphatic certainty",
        "Hyland (2005)",
    ),
    "factives": (
        "factive verbs (revealed, admitted, realised...)",
        "more = more content presupposed true",
        "Hooper (1975); Recasens et al. (2013)",
    ),
    "assertives": (
        "assertive verbs (claimed, insisted, believes...)",
        "more = more commitment-graded assertion",
        "Hooper (1975); Recasens et al. (2013)",
    ),
    "report_verbs": (
        "reporting verbs (said, told, warned, according to...)",
        "more = more attributed speech",
        "Bergler (1992); Thompson & Ye (1991); Hunston (1995)",
    ),
    "subjectivity": (
        "strongly subjective words (absurd, shocking, sadly...)",
        "more = more evaluative language",
        "own list after Wiebe et al. (2004); Wilson et al. (2005)",
    ),
    "loaded_language": (
        "loaded terms (regime, puppet, slammed, so-called...)",
        "more = more emotive labelling",
        "own list after Da San Martino et al. (2019); Recasens et al. (2013)",
    ),
}

COLUMNS: tuple[Column, ...] = (
    Column("lexical__tokens", f"Words in the body. {_BODY}", (0, None), "length", ""),
    Column("lexical__types", "Distinct lowercased words in the body.", (0, None), "length", ""),
    Column("lexical__ttr", "Type-token ratio: types / tokens (NaN without words).", (0, 1),
           "higher = more varied vocabulary; falls with length", "Templin (1957)"),
    Column("lexical__mtld", "Measure of textual lexical diversity: mean of forward and backward "
           "tokens / factors, factor threshold TTR 0.72; NaN when no word repeats.", (1, None),
           "higher = more varied vocabulary (length-robust)", _REF_MTLD),
    Column("lexical__mattr", f"Moving-average TTR: mean TTR over every {MATTR_WINDOW}-word window; "
           f"NaN under {MATTR_WINDOW} words.", (0, 1),
           "higher = more varied vocabulary (length-robust)",
           "Covington, M. A. & McFall, J. D. (2010). Journal of Quantitative Linguistics 17(2)"),
    Column("lexical__hdd", f"HD-D: sum over types of P(type in a random {HDD_SAMPLE}-word sample, "
           f"hypergeometric) / {HDD_SAMPLE}; NaN under {HDD_SAMPLE} words.", (0, 1),
           "higher = more varied vocabulary (length-robust)",
           "McCarthy, P. M. & Jarvis, S. (2007). Language Testing 24(4)"),
    Column("lexical__mean_word_length", "Mean letters and digits per word token (numbers "
           "excluded; apostrophes and hyphens not counted); NaN without letter words.", (1, None), "higher = longer words", ""),
    Column("lexical__long_word_share", f"Share of word tokens with {LONG_WORD}+ letters or digits; NaN "
           "without letter words.", (0, 1), "higher = longer words", "Björnsson (1968), LIX"),
    Column("lexical__numbers_rate", "Number tokens (1,000; 3.5%; 20th) per 100 words; NaN without body "
           "words.", (0, 100),
           "higher = more figures", ""),
    Column("lexical__question_rate", "Share of body sentences ending in '?' (before closing "
           "quotes or brackets); NaN without body sentences.", (0, 1), "higher = more questions", ""),
    Column("lexical__exclamation_rate", "Share of body sentences ending in '!'; NaN without body "
           "sentences.", (0, 1),
           "higher = more exclamations", ""),
    Column("lexical__quote_density", "Share of body words inside quotation marks (straight, "
           "curly, ``'' and ‘ ’; state reset per paragraph); NaN without body words.", (0, 1),
           "higher = more quoted words", ""),
    Column("lexical__first_person_rate", "First-person pronouns (I, we, us, our, let's...; not "
           "'US') per 100 words; NaN without body words.", (0, 100), "higher = more first-person voice (mostly in quotes)", ""),
    Column("lexical__second_person_rate", "Second-person pronouns (you, your...) per 100 words; NaN "
           "without body words.",
           (0, 100), "higher = more direct address", ""),
    *[
        Column(f"lexical__{name}_rate", f"Hits of {text} per 100 words; topic words masked; see "
               "lexicon_hits.csv; NaN without body words.", (0, 100), direction, reference)
        for name, (text, direction, reference) in _LEXICON_TEXT.items()
    ],
    Column("lexical__words", "Words (word and number tokens) in the sentence.", (0, None),
           "length", "", level="sentence"),
    Column("lexical__word_length", "Mean letters and digits per word token in the sentence.",
           (1, None), "higher = longer words", "", level="sentence"),
    Column("lexical__long_words", f"Word tokens with {LONG_WORD}+ letters or digits.", (0, None),
           "higher = longer words", "", level="sentence"),
    Column("lexical__numbers", "Number tokens in the sentence.", (0, None), "higher = more figures",
           "", level="sentence"),
    Column("lexical__is_question", "1 if the sentence ends in '?', else 0.", (0, 1), "question",
           "", level="sentence"),
    Column("lexical__is_exclamation", "1 if the sentence ends in '!', else 0.", (0, 1),
           "exclamation", "", level="sentence"),
    Column("lexical__quoted_share", "Share of the sentence's words inside quotation marks "
           "(quote state carried across the paragraph).", (0, 1), "higher = more quoted", "",
           level="sentence"),
    Column("lexical__first_person", "First-person pronouns in the sentence.", (0, None),
           "first-person voice", "", level="sentence"),
    Column("lexical__second_person", "Second-person pronouns in the sentence.", (0, None),
           "direct address", "", level="sentence"),
    *[
        Column(f"lexical__{name}_hits", f"Hits of {text} in the sentence (headline included).",
               (0, None), direction, reference, level="sentence")
        for name, (text, direction, reference) in _LEXICON_TEXT.items()
    ],
)  # fmt: skip
INT_COLUMNS = frozenset(
    {
        "lexical__tokens",
        "lexical__types",
        "lexical__words",
        "lexical__long_words",
        "lexical__numbers",
        "lexical__first_person",
        "lexical__second_person",
        *(f"lexical__{n}_hits" for n in LEXICONS),
    }
)
