"""The files textstat's counts read, loaded once per process, without importing textstat.

The CMU dictionary (`framing.features.readability.cmu`), Pyphen's en_US hyphenation
patterns, and textstat's Dale–Chall easy-word list (read from textstat's package
folder: importing textstat pulls in NLTK and its downloader).
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from framing.features.readability.cmu import cmu_pronunciations

__all__ = ["Resources", "resources"]


class Resources(NamedTuple):
    """What `resources` loads."""

    cmu: dict[str, str]  # word -> its first cmudict line (`parse_cmu`)
    hyphenator: Any  # pyphen.Pyphen(lang="en_US")
    easy_words: frozenset[str]  # textstat's en_US easy words (Dale–Chall)


@cache
def resources() -> Resources:
    """CMU syllables, Pyphen en_US and textstat's easy-word list (loaded once per process).

    The easy-word file is read from textstat's package folder without importing
    textstat, whose import pulls in NLTK and its downloader.
    """
    import importlib.util
    from pathlib import Path

    import pyphen

    spec = importlib.util.find_spec("textstat")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("textstat is not installed; `pip install textstat==0.7.13`")
    easy_path = Path(next(iter(spec.submodule_search_locations))) / "resources/en/easy_words.txt"
    with easy_path.open(encoding="utf-8") as handle:
        easy = frozenset(line.strip() for line in handle)
    return Resources(cmu_pronunciations(), pyphen.Pyphen(lang="en_US"), easy)
