"""Quote marks as VADER needs them: typographic quotes and apostrophes mapped to ASCII.

VADER strips ASCII punctuation from the ends of a token before the lexicon look-up, but
not typographic quotes, so ``“great”`` scores 0 while ``"great"`` scores 3.1, and
``doesn’t`` is not read as a negation while ``doesn't`` is. Mapping each mark to its
ASCII counterpart, character for character (no token is split or joined, no quote state
is tracked), makes VADER read the words inside quotes as it reads them elsewhere. The
fold is the shared quote-mark model's (`framing.corpus.marks.to_ascii`); parity with
vaderSentiment is stated, and tested, for the normalised text.
"""

from __future__ import annotations

from framing.corpus.marks import to_ascii

__all__ = ["normalise_quotes"]


def normalise_quotes(text: str) -> str:
    """`text` with ``''`` → ``"``, then “ ” „ ‟ « » ″ → ``"`` and ‘ ’ ‚ ‛ ‹ › ′ → ``'``
    (`framing.corpus.marks.to_ascii`): what VADER needs to see the words inside
    typographic quotes."""
    return to_ascii(text)
