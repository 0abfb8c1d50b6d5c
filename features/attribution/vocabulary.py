"""The attribution family's word lists, loaded once from ``lexicons/attribution_words.toml``.

Each list of the file (what it is, and why the rules need it, is written above it
there) becomes a frozenset here, under the upper-case name the rules use; the
closed-class words the family shares with others come from `framing.corpus.words`.
Sets compare lowercase words (``Token.lower``/``Token.bare``) unless the file says a
list is case-sensitive (`STOP_CAPS`, `NON_PERSON`, `AFFILIATION_PREFIX_HEADS`).
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources

from framing.corpus.words import HONORIFICS, MODAL_AUXILIARIES, TITLE_ABBREVIATIONS, WEEKDAYS

WORDS_FILE = "lexicons/attribution_words.toml"


def load_word_lists() -> dict[str, list[str]]:
    """The ``[words]`` table of `WORDS_FILE` as written: list name → words, in order."""
    text = resources.files("framing.features").joinpath(WORDS_FILE).read_text("utf-8")
    return tomllib.loads(text)["words"]


@cache
def word_lists() -> dict[str, frozenset[str]]:
    """Every list of `WORDS_FILE` as a frozenset (read once per process)."""
    return {name: frozenset(words) for name, words in load_word_lists().items()}


_LISTS = word_lists()

CONJUNCTIONS = _LISTS["conjunctions"]
PRE_VERB_WORDS = _LISTS["pre_verb_words"]
ADVERBIAL_STARTS = _LISTS["adverbial_starts"]
SUBORDINATORS = _LISTS["subordinators"]
STOP_CAPS = _LISTS["stop_caps"]
ANALYST_HEADS = _LISTS["analyst_heads"]
OFFICIAL_HEADS = _LISTS["official_heads"]
REFERRING_HEADS = _LISTS["referring_heads"]
PERSON_HEADS = _LISTS["person_heads"]
NP_WORDS = _LISTS["np_words"]
OFFICIAL_TITLES = _LISTS["official_titles"]
EXPERT_WORDS = _LISTS["expert_words"]
NON_PERSON = _LISTS["non_person"]
ORG_WORDS = _LISTS["org_words"]
AFFILIATION_PREFIX_HEADS = _LISTS["affiliation_prefix_heads"]
DAYS = WEEKDAYS | _LISTS["relative_days"]
NP_BREAK_WORDS = _LISTS["np_break_words"]
NP_QUANTIFIERS = _LISTS["np_quantifiers"]
# Calendar words, in any case ("On Tuesday", "In January"), and time nouns, in lower
# case only ("this week", "today"; but "The New York Times", "USA Today"): time
# adverbials, not speakers.
CALENDAR_WORDS = _LISTS["months"] | WEEKDAYS
TIME_WORDS = _LISTS["time_words"] | _LISTS["relative_days"]
FILLER_WORDS = _LISTS["filler_words"] | DAYS

# A verb right after one of these is an infinitive, a modal or negated form, or do-support
# ("vowed to say", "would say", "did not say"): not a reporting cue.
NOT_BEFORE_CUE = MODAL_AUXILIARIES | {"to", "not", "n't", "never"}
SOURCE_HEADS = ANALYST_HEADS | OFFICIAL_HEADS
# Words of a title written before a name, lowercase: honorifics and title abbreviations
# with and without their stop ("mr.", "sen", "lt.") — never part of the name itself.
TITLE_WORDS = HONORIFICS | TITLE_ABBREVIATIONS | {f"{w}." for w in TITLE_ABBREVIATIONS}

# Whole-word matches of any expert word / official title in lowercase text: one
# alternation instead of a search per word (same answer: some word matches somewhere).
EXPERT_WORD_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in sorted(EXPERT_WORDS)) + r")\b"
)
OFFICIAL_TITLE_RE = re.compile(r"\b(?:" + "|".join(sorted(OFFICIAL_TITLES)) + r")\b")
