"""Closed-class English words that more than one family reads, lowercase.

These are grammar, not lexicons: small closed classes (determiners, pronouns, forms of
*be*, modals…) that no study tunes and that need no source or licence, so they live
here as code, next to the tokenisation (`framing.corpus.tokens`), while a family's
own word lists are data files under ``features/lexicons/``. A family that needs a
variant composes it from these sets (e.g. the attribution family's "words before a
verb that is not a reporting cue" = `MODAL_AUXILIARIES` plus "to", "not", "n't",
"never") and says so where it does.

Compare tokens with these after lowercasing and mapping ’ to ' (the ``lower`` of
`framing.corpus.tokens`).
"""

from __future__ import annotations

__all__ = [
    "BE_FORMS",
    "DETERMINERS",
    "HONORIFICS",
    "MODAL_AUXILIARIES",
    "NAME_SUFFIXES",
    "NEGATIONS",
    "NUMBER_ABBREVIATIONS",
    "OTHER_ABBREVIATIONS",
    "PERFECT_AUXILIARIES",
    "PLACE_ABBREVIATIONS",
    "PREPOSITIONS",
    "SENTENCE_STARTERS",
    "SUBJECT_PRONOUNS",
    "TITLE_ABBREVIATIONS",
    "WEEKDAYS",
]

# Articles, demonstratives and possessive determiners: what can open a noun phrase.
DETERMINERS = frozenset(
    {"a", "an", "the", "this", "that", "these", "those",
     "his", "her", "its", "their", "our", "my", "your"}
)  # fmt: skip
# Personal pronouns in subject position.
SUBJECT_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})
# Every form of "be": the auxiliary of the passive and the progressive.
BE_FORMS = frozenset({"is", "are", "was", "were", "be", "been", "being"})
# The auxiliary of the perfect.
PERFECT_AUXILIARIES = frozenset({"has", "have", "had"})
# Modal verbs and the forms of do-support: a verb after them is a bare infinitive.
MODAL_AUXILIARIES = frozenset(
    {"will", "would", "could", "can", "may", "might", "should", "must", "shall",
     "do", "does", "did"}
)  # fmt: skip
NEGATIONS = frozenset({"not", "never", "no"})
# Common prepositions (a selection, not the closed class entire): a noun after one is
# its object, not a clause subject.
PREPOSITIONS = frozenset(
    {"to", "with", "against", "from", "by", "of", "for", "on", "in", "at", "about", "between",
     "towards", "toward", "into", "over", "under", "than", "like", "without", "via"}
)  # fmt: skip
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
# Titles that precede a person's name, with and without the dot ("Mr", "Mr.").
HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame",
     "mr.", "mrs.", "ms.", "dr.", "prof."}
)  # fmt: skip

# Abbreviations written with a full stop, lowercase and without the stop; what the stop
# after one means is decided once, here, for every reader of these lists:
# * after a `TITLE_ABBREVIATIONS` word it never ends a sentence: the title precedes a
#   name ("Mr. Kim", "Sen. Tom Adler", "Lt. Gen. Ann Poe", "St. Louis");
# * after a `NUMBER_ABBREVIATIONS` word it precedes a number ("No. 5", "Jan. 19");
# * after an `OTHER_ABBREVIATIONS` word it never ends a sentence ("vs.", "e.g.");
# * after a `NAME_SUFFIXES` word ("Martin Luther King Jr.", "Acme Inc."), an initial
#   ("Robert K. Lane") or a dotted initialism ("U.S."), it ends a sentence only when the
#   next word is one of `SENTENCE_STARTERS` ("… to the U.S. The next day").
# These are the lists of `framing.corpus.segment` (`_NEVER_END`, `_BEFORE_NUMBER`,
# `_SENTENCE_STARTERS`, case-sensitive copies there), plus "atty", "sens", "reps",
# "gens" (plural titles: "Sens. Kaine and Warner") and the suffixes.
TITLE_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "mx", "dr", "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt",
     "cpl", "pvt", "brig", "sen", "rep", "gov", "pres", "prof", "rev", "hon", "amb", "supt",
     "insp", "det", "messrs", "mme", "mlle", "st", "mt", "ft", "fr", "atty", "sens", "reps",
     "gens"}
)  # fmt: skip
NUMBER_ABBREVIATIONS = frozenset(
    {"no", "nos", "art", "vol", "fig", "ch", "sec", "p", "pp", "para", "jan", "feb", "mar",
     "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)  # fmt: skip
OTHER_ABBREVIATIONS = frozenset({"vs", "v", "e.g", "i.e", "cf", "viz", "approx", "incl"})
NAME_SUFFIXES = frozenset({"jr", "sr", "inc", "corp", "co", "ltd", "llc", "bros", "esq"})
# US state abbreviations in AP style ("Ashton, Md.", "Sen. Ann Ross (D-Vt.)"), capitalised
# when written, so "Wash." is the state and "wash." a verb. Their stop is read like a
# name suffix's (it ends a sentence only before a sentence starter: "… in Aspen, Colo.
# The next day"). Only the attribution family's narrative tokeniser reads this list (so
# that "X, of Ashton, Md., said" keeps its speaker); the corpus sentence splitter
# `framing.corpus.segment` does not, so the corpus's sentences are unchanged. "Miss." is
# left out: it is an honorific first. Two-letter dotted ones ("N.Y.") are initialisms.
PLACE_ABBREVIATIONS = frozenset(
    {"ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind",
     "kan", "kans", "ky", "la", "md", "mass", "mich", "minn", "mo", "mont", "neb", "nev",
     "okla", "ore", "pa", "tenn", "tex", "vt", "va", "wash", "wis", "wyo"}
)  # fmt: skip
SENTENCE_STARTERS = frozenset(
    {"the", "this", "that", "these", "those", "there", "then", "thus", "they", "their",
     "them", "he", "she", "it", "its", "we", "our", "you", "your", "his", "her", "but",
     "and", "or", "so", "yet", "nor", "however", "meanwhile", "moreover", "furthermore",
     "also", "still", "instead", "indeed", "in", "on", "at", "by", "for", "from", "with",
     "without", "as", "after", "before", "since", "during", "while", "when", "where", "why",
     "how", "what", "who", "which", "if", "although", "though", "because", "under", "over",
     "some", "many", "most", "several", "both", "each", "every", "all", "any", "no", "none",
     "one", "another", "such", "an", "to", "last", "next", "earlier", "later", "now",
     "today", "yesterday", "officials", "analysts", "experts", "critics"}
)  # fmt: skip
