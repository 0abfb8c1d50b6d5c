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
    "NEGATIONS",
    "PERFECT_AUXILIARIES",
    "PREPOSITIONS",
    "SUBJECT_PRONOUNS",
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
