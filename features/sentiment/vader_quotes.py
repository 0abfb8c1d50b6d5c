"""Quote marks as VADER needs them: typographic quotes and apostrophes mapped to ASCII.

This is deliberately *not* the project's shared quote-mark model: it reproduces what
vaderSentiment 3.3.2's own whitespace splitting needs, and nothing else. VADER strips
ASCII punctuation from the ends of a token before the lexicon look-up, but not
typographic quotes, so ``“great”`` scores 0 while ``"great"`` scores 3.1, and
``doesn’t`` is not read as a negation while ``doesn't`` is. Mapping each mark to its
ASCII counterpart, character for character (no token is split or joined, no quote state
is tracked), makes VADER read the words inside quotes as it reads them elsewhere.
Parity with vaderSentiment is stated, and tested, for the normalised text.
"""

from __future__ import annotations

__all__ = ["normalise_quotes"]

# ``''`` (two apostrophes, a common ASCII stand-in for a closing double quote) becomes
# ``"`` first; then each typographic mark below becomes its ASCII counterpart.
_DOUBLE_QUOTES = "“”„‟«»″"
_SINGLE_QUOTES = "‘’‚‛‹›′"
_QUOTE_MAP = [(mark, '"') for mark in _DOUBLE_QUOTES] + [(mark, "'") for mark in _SINGLE_QUOTES]


def normalise_quotes(text: str) -> str:
    """`text` with ``''`` → ``"``, then “ ” „ ‟ « » ″ → ``"`` and ‘ ’ ‚ ‛ ‹ › ′ → ``'``.

    What VADER needs to see the words inside typographic quotes (module docstring); it
    reproduces VADER's view of a token, not the shared quote-mark model.
    """
    if "''" in text:
        text = text.replace("''", '"')
    if text.isascii():  # O(1); the marks below are all non-ASCII
        return text
    # A `replace` per mark present beats `str.translate` with a dict (a Python-level
    # look-up per character) by ~10x on news text.
    for mark, ascii_mark in _QUOTE_MAP:
        if mark in text:
            text = text.replace(mark, ascii_mark)
    return text
