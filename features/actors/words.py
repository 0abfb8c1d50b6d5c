"""The closed English word lists the subject–verb rule reads (`verbs.subject_verb`).

Kept in one place so they can join the project's shared word lists; every entry is
lowercase, with the straight apostrophe.
"""

from __future__ import annotations

# A form of *be*: a past form after it is passive, an -ing form progressive.
BE = frozenset({"is", "are", "was", "were", "be", "been", "being"})
# A form of perfect *have*: a participle may follow.
PERFECT = frozenset({"has", "have", "had"})
# Modals and *do*: only a base form may follow.
MODAL = frozenset(
    {"will", "would", "could", "can", "may", "might", "should", "must", "shall", "do", "does",
     "did"}
)  # fmt: skip
# Words that stop the search (besides any token ending in n't).
NEGATION = frozenset({"not", "never", "no"})
# Adverbs that may sit between an actor and its verb (so may lowercase -ly words).
ADVERBS = frozenset(
    {"also", "again", "already", "still", "now", "then", "once", "soon", "later", "earlier",
     "today", "yesterday", "too", "even", "just", "first", "quickly", "reportedly"}
)  # fmt: skip
# An alias right after one of these is an object or a complement ("ties with Moscow").
PREPOSITIONS = frozenset(
    {"to", "with", "against", "from", "by", "of", "for", "on", "in", "at", "about", "between",
     "towards", "toward", "into", "over", "under", "than", "like", "without", "via"}
)  # fmt: skip
