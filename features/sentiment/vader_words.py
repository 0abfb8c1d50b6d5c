"""What VADER's rules need to know of each token, looked up once per token.

vaderSentiment 3.3.2 lowercases (and, for the lexicon, punctuation-strips) the whole
token list again for every rule of every lexicon word. Here each distinct token is
stripped and lowercased once per process (`LoweredWords`), and one dict look-up per
token tells what its word is to the rules (`WordIndex.flags`):

* ``SCORED``: a lexicon word that is no booster (the stock main loop scores only these);
* ``ACTIVE``: a word whose presence among tokens *i* - 3 .. *i* + 2 can make the score
  of a lexicon word at *i* other than its lexicon valence (plus the ALL-CAPS increment):
  boosters, negations ("never", "without" and any word holding "n't" among them),
  "no", "so", "this", "least", "kind" and the idiom markers. The other words the rules
  name ("or", "nor", "at", "very", "doubt", "of") only matter next to one of these;
* ``BUT``: "but", where `_but_check` starts.

Only the positions of these words are visited by the rules
(`framing.features.sentiment.vader_rules`). Imports vaderSentiment: only the analyser
(`framing.features.sentiment.vader_analyzer`) imports this module.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable
from itertools import compress
from typing import Any

from vaderSentiment import vaderSentiment as vs

__all__ = ["ACTIVE", "BUT", "IDIOM_MARKERS", "NEGATED", "SCORED", "Memo", "WordIndex"]

# Bits of `WordIndex.flags`.
SCORED, ACTIVE, BUT = 1, 2, 4

# Memos are cleared when they pass this many entries (a pure memo: only speed changes).
_MEMO_MAX = 200_000


class Memo(dict[str, Any]):
    """token → ``function(token)``, computed on first look-up; cleared when it grows large.

    A hit is a plain dict look-up (no Python call), which is what makes it pay per token.
    """

    def __init__(self, function: Callable[[str], Any]) -> None:
        super().__init__()
        self._function = function

    def __missing__(self, token: str) -> Any:
        if len(self) > _MEMO_MAX:
            self.clear()
        value = self[token] = self._function(token)
        return value


# vs.negated([word]) scans the 59-word NEGATE list; memoised, same answer.
NEGATED = Memo(lambda word: vs.negated([word]))

# Every sequence the idiom check builds joins tokens with spaces, and tokens hold no
# whitespace, so only a multi-word key can match, and only if each of its words is one
# of tokens i-3..i+2. Each key has one word here (its longest), so when none of those
# tokens is one of these words the check cannot change the valence. (Frequent words
# such as "the" and "of" are left out, which is what makes the test worth doing.)
IDIOM_MARKERS = frozenset(
    max(key.split(" "), key=len) for key in (*vs.SPECIAL_CASES, *vs.BOOSTER_DICT) if " " in key
)

# The ACTIVE words known in advance (module docstring); words holding "n't" are marked
# as they are met (`LoweredWords`).
_NAMED = ("no", "so", "this", "least", "kind")
_FIXED_ACTIVE = (
    *vs.BOOSTER_DICT,
    *(word.lower() for word in vs.NEGATE),
    *IDIOM_MARKERS,
    *_NAMED,
)


class LoweredWords(dict[str, str]):
    """token → its word (SentiText._strip_punc_if_word), lowercased as every stock
    look-up does; computed on first look-up (inline: a miss is one Python call),
    cleared by `trim` when it has grown large.

    Every word holding "n't" is a negation too: each one returned is marked ACTIVE in
    `flags` (and unmarked when the memo is cleared), so every word in the memo that
    ``vs.negated`` is true of is ACTIVE.
    """

    def __init__(self, flags: dict[str, int]) -> None:
        super().__init__()
        self._flags = flags
        self._marked: list[str] = []

    def trim(self) -> None:
        """Clear the memo and the n't marks once past `_MEMO_MAX` tokens. Only between
        texts: a text's n't words must stay marked until its flags have been read."""
        if len(self) > _MEMO_MAX:
            self.clear()
            flags = self._flags
            for word in self._marked:
                flags[word] &= ~ACTIVE
                if not flags[word]:
                    del flags[word]
            self._marked.clear()

    def __missing__(self, token: str) -> str:
        stripped = token.strip(string.punctuation)
        word = self[token] = (stripped if len(stripped) > 2 else token).lower()
        flags = self._flags
        if "n't" in word and not flags.get(word, 0) & ACTIVE:
            flags[word] = flags.get(word, 0) | ACTIVE
            self._marked.append(word)
        return word


def near(active: Iterable[int]) -> set[int]:
    """The positions i whose tokens i-3..i+2 include one at a position in `active`."""
    found: set[int] = set()
    for position in active:
        found.update(range(position - 2, position + 4))
    return found


class WordIndex:
    """One analyser's view of tokens: their lowercased words, and what each word is."""

    def __init__(self, scored: Iterable[str]) -> None:
        """`scored`: the lexicon words the stock main loop scores (not the boosters)."""
        flags: dict[str, int] = dict.fromkeys(_FIXED_ACTIVE, ACTIVE)
        flags["but"] = BUT
        for word in scored:
            flags[word] = flags.get(word, 0) | SCORED
        self.flags = flags
        self.lowered = LoweredWords(flags)

    def words(self, tokens: list[str]) -> tuple[list[str], list[int], set[int], list[int]]:
        """Each token's word (`SentiText._strip_punc_if_word`) lowercased; the
        positions of the scored lexicon words, ascending; those near an active word
        (`near`); those of "but", ascending. (The word itself is never needed: the
        stock code only lowercases it or asks ``isupper()``, and ``word.isupper() ==
        token.isupper()``, as stripping removes ASCII punctuation, which has no case.)"""
        lowered, flags = self.lowered, self.flags
        lowered.trim()
        lower = list(map(lowered.__getitem__, tokens))
        flagged = list(compress(range(len(lower)), map(flags.get, lower)))
        kinds = list(map(flags.__getitem__, map(lower.__getitem__, flagged)))
        return (
            lower,
            [p for p, kind in zip(flagged, kinds, strict=True) if kind & SCORED],
            near(p for p, kind in zip(flagged, kinds, strict=True) if kind & ACTIVE),
            [p for p, kind in zip(flagged, kinds, strict=True) if kind & BUT],
        )
