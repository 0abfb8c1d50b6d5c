"""Word lists (lexicons): load, mask, match over the shared tokens, count hits.

Loading, masking and versioning are here; matching and hit counts are implemented in
`framing.features.lexical.matching` and re-exported here.

Shared by every family that counts cue words (``lexical``, ``frames``). The API:

``load_lexicon(path, name=None) -> Lexicon``
    Read one plain-text list (format below). Raises `LexiconError` (a `ValueError`)
    naming the file and line for an entry that is not made of word tokens.
``bundled_lexicon_paths() -> dict[str, Path]``
    The lists shipped in ``features/lexicons/*.txt``, by file stem.
``Lexicon.extended(words)`` / ``Lexicon.masked(words)``
    A copy with extra entries, or without the entries a study masks (its topic words).
``lexicons_digest(paths) -> str``
    A sha256 over the files' bytes, to put in a family's ``version`` or cache key so
    that results change whenever a list changes.
``match_lexicons(tokens, lexicons) -> pl.DataFrame``
    One row per hit: ``lexicon, word, sentence_row, position, n_tokens``, where
    ``word`` is the lexicon entry that matched (a phrase for multiword entries),
    ``sentence_row``/``position`` locate its first token in ``Batch.tokens``.
``hits_by_article(matches, sentences, keep=None) -> pl.DataFrame``
    ``outlet, article_id, lexicon, word, count``, sorted by those columns: the rows of
    the run's ``lexicon_hits.csv``. ``keep`` is an optional boolean expression over
    the sentences frame (e.g. ``~pl.col("is_headline")``).

List file format (UTF-8): header lines ``# name:``, ``# version:``, ``# source:``,
``# licence:``, ``# notes:`` (a key may repeat; its values are joined with a space),
then one entry per line. Blank lines and text after ``#`` are ignored. Entries may be
phrases ("according to"); there are no wildcards, so inflected forms are listed.

Matching. Entries and tokens are compared in a normal form: the token's ``lower``
(lowercase, ’ → ') with a final possessive ``'s`` removed, so "regime" matches
"Regime’s". An entry is tokenised with the same pattern as the text, so it matches
whole tokens only ("war" never matches inside "warship" or "war-torn") and a phrase
matches consecutive tokens of one sentence (punctuation tokens count, so "according
to" does not match across "according, to"). Every token of an entry must be a word
or number token. Within one lexicon a hit is dropped when a longer hit overlaps it
("of course" is counted once, not also as "course"); lexicons are matched
independently of each other.

Masking. ``masked(words)`` removes an entry when it equals a masked phrase, or when
any of its tokens equals a masked single word (masking "war" also removes "war
criminal").
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from framing.corpus.tokens import TOKEN_PATTERN

# The matching half of the API is implemented in `matching`; re-exported here so that
# this module stays the one import point of the API above.
from framing.features.lexical.matching import (
    HITS_SCHEMA,
    MATCH_SCHEMA,
    hits_by_article,
    hits_per_sentence,
    match_lexicons,
)

__all__ = [
    "HITS_SCHEMA",
    "MATCH_SCHEMA",
    "Lexicon",
    "LexiconError",
    "apply_overrides",
    "bundled_lexicon_paths",
    "hits_by_article",
    "hits_per_sentence",
    "lexicons_digest",
    "load_lexicon",
    "match_lexicons",
    "normalise_phrase",
    "normalise_token",
    "parse_lexicon",
    "read_header",
]

HEADER_KEYS = ("name", "version", "source", "licence", "notes")
_TOKEN_RE = re.compile(TOKEN_PATTERN)
_HEADER_RE = re.compile(r"^#\s*([a-z]+)\s*:\s*(.*?)\s*$")
POSSESSIVE = r"'s$"


class LexiconError(ValueError):
    """A malformed list file or entry."""


def normalise_token(lower: str) -> str:
    """The match form of one token's ``lower``: a final possessive 's removed."""
    return re.sub(POSSESSIVE, "", lower) or lower


def normalise_phrase(text: str) -> str:
    """The match form of an entry: its tokens' match forms joined by one space."""
    tokens = _TOKEN_RE.findall(text.lower().replace("’", "'"))
    return " ".join(normalise_token(t) for t in tokens)


@dataclass(frozen=True)
class Lexicon:
    """A named word list; `entries` are unique normalised phrases, sorted."""

    name: str
    entries: tuple[str, ...]
    version: str = ""
    source: str = ""
    licence: str = ""
    notes: str = ""
    path: str | None = None

    @staticmethod
    def from_words(name: str, words: Iterable[str], **meta: str | None) -> Lexicon:
        """A lexicon from raw words or phrases (normalised and checked here)."""
        return Lexicon(name=name, entries=_entries(words, where=name), **meta)  # type: ignore[arg-type]

    def extended(self, words: Iterable[str]) -> Lexicon:
        """A copy with `words` added (normalised; duplicates ignored)."""
        added = _entries(words, where=f"{self.name} (added words)")
        return replace(self, entries=tuple(sorted({*self.entries, *added})))

    def masked(self, words: Iterable[str]) -> Lexicon:
        """A copy without entries equal to a masked phrase or containing a masked word."""
        phrases = {p for p in (normalise_phrase(w) for w in words) if p}
        if not phrases:
            return self
        singles = {p for p in phrases if " " not in p}
        kept = tuple(
            e for e in self.entries if e not in phrases and not singles.intersection(e.split(" "))
        )
        return replace(self, entries=kept)


def _entries(words: Iterable[str], *, where: str) -> tuple[str, ...]:
    out: set[str] = set()
    for word in words:
        entry = normalise_phrase(word)
        if not entry:
            continue
        if any(not re.match(r"\w", token) for token in entry.split(" ")):
            raise LexiconError(f"{where}: entry {word!r} has a punctuation token; list words only")
        out.add(entry)
    return tuple(sorted(out))


def parse_lexicon(text: str, *, name: str, path: str | None = None) -> Lexicon:
    """A `Lexicon` from the text of a list file (see the module docstring)."""
    header: dict[str, list[str]] = {}
    entries: set[str] = set()
    where = path or name
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        match = _HEADER_RE.match(line)
        if match and match.group(1) in HEADER_KEYS:
            header.setdefault(match.group(1), []).append(match.group(2))
            continue
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        entries.update(_entries([line], where=f"{where}:{number}"))
    meta = {key: " ".join(values) for key, values in header.items()}
    return Lexicon(
        name=name,
        entries=tuple(sorted(entries)),
        version=meta.get("version", ""),
        source=meta.get("source", ""),
        licence=meta.get("licence", ""),
        notes=meta.get("notes", ""),
        path=path,
    )


def read_header(path: str | Path) -> dict[str, str]:
    """The header fields of a list file (``name``, ``version``, ...), as written."""
    header: dict[str, list[str]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        match = _HEADER_RE.match(line.strip())
        if match and match.group(1) in HEADER_KEYS:
            header.setdefault(match.group(1), []).append(match.group(2))
    return {key: " ".join(values) for key, values in header.items()}


def load_lexicon(path: str | Path, *, name: str | None = None) -> Lexicon:
    """Read a list file; `name` defaults to the file's stem."""
    path = Path(path)
    text = path.read_text(encoding="utf-8-sig")
    return _parse_cached(text, name or path.stem, str(path))


@functools.lru_cache(maxsize=64)
def _parse_cached(text: str, name: str, path: str) -> Lexicon:
    # A worker loads the same lists for every chunk: parsing, not reading, is the cost.
    # The key holds the text, so an edited file is parsed afresh; a Lexicon is frozen.
    return parse_lexicon(text, name=name, path=path)


def bundled_lexicon_paths() -> dict[str, Path]:
    """The lists shipped with framing (``features/lexicons/*.txt``), by file stem."""
    from importlib.resources import files

    folder = Path(str(files("framing.features") / "lexicons"))
    return {p.stem: p for p in sorted(folder.glob("*.txt"))}


def lexicons_digest(paths: Iterable[str | Path]) -> str:
    """sha256 (hex) over each file's name and bytes, in name order."""
    digest = hashlib.sha256()
    for path in sorted(Path(p) for p in paths):
        digest.update(path.name.encode() + b"\x00" + path.read_bytes() + b"\x00")
    return digest.hexdigest()


def apply_overrides(
    lexicons: Mapping[str, Lexicon], *, add: Mapping[str, Iterable[str]], mask: Iterable[str]
) -> dict[str, Lexicon]:
    """Each lexicon extended with its `add` words, then masked (mask applies last)."""
    mask = tuple(mask)
    return {name: lex.extended(add.get(name, ())).masked(mask) for name, lex in lexicons.items()}
