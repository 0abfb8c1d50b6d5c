"""Word lists (lexicons): load, mask, match over the shared tokens, count hits.

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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from framing.corpus.tokens import TOKEN_PATTERN

HEADER_KEYS = ("name", "version", "source", "licence", "notes")
HITS_SCHEMA = {
    "outlet": pl.String,
    "article_id": pl.String,
    "lexicon": pl.String,
    "word": pl.String,
    "count": pl.Int64,
}
MATCH_SCHEMA = {
    "lexicon": pl.String,
    "word": pl.String,
    "sentence_row": pl.UInt32,
    "position": pl.UInt32,
    "n_tokens": pl.UInt32,
}
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


@dataclass(frozen=True)
class _EntryTable:
    """The entries of a list of lexicons, arranged for `match_lexicons`."""

    single: pl.DataFrame  # lexicon, word, n_tokens (== 1)
    phrases: pl.DataFrame  # lexicon, word, n_tokens (> 1)
    forms: pl.Series  # every token ``lower`` that can start a hit (see match_lexicons)
    # By token count n >= 1: the first n tokens of the phrases longer than n, and
    # (n >= 2) the phrases of n tokens.
    prefixes: dict[int, pl.Series]
    words: dict[int, pl.Series]


@functools.lru_cache(maxsize=16)
def _entry_table(lexicons: tuple[Lexicon, ...]) -> _EntryTable:
    # A worker matches the same lexicons in every chunk; a Lexicon is frozen.
    # Entries with an empty token (possible only in a Lexicon built by hand) are left
    # out, so a token that is only "'s" (empty key) or an n-gram holding one matches
    # nothing.
    rows = [
        (lex.name, e, e.count(" ") + 1)
        for lex in lexicons
        for e in lex.entries
        if "" not in e.split(" ")
    ]
    table = pl.DataFrame(
        rows,
        schema={"lexicon": pl.String, "word": pl.String, "n_tokens": pl.UInt32},
        orient="row",
    )
    phrases = [word.split(" ") for _, word, n in rows if n > 1]
    longest = max((len(p) for p in phrases), default=1)
    prefixes = {
        n: pl.Series(sorted({" ".join(p[:n]) for p in phrases if len(p) > n}), dtype=pl.String)
        for n in range(1, longest)
    }
    words = {
        n: pl.Series(sorted({" ".join(p) for p in phrases if len(p) == n}), dtype=pl.String)
        for n in range(2, longest + 1)
    }
    first = sorted({word for _, word, n in rows if n == 1} | {p[0] for p in phrases})
    return _EntryTable(
        single=table.filter(pl.col("n_tokens") == 1),
        phrases=table.filter(pl.col("n_tokens") > 1),
        forms=pl.Series([*first, *(f + "'s" for f in first)], dtype=pl.String),
        prefixes=prefixes,
        words=words,
    )


def match_lexicons(tokens: pl.DataFrame, lexicons: Sequence[Lexicon]) -> pl.DataFrame:
    """Every hit of every lexicon in `tokens` (``Batch.tokens``: rows ordered by
    ``sentence_row`` then ``position``). Columns: ``lexicon, word, sentence_row,
    position, n_tokens``, sorted by ``sentence_row, position, lexicon``; overlapping
    shorter hits of one lexicon are dropped.

    All lexicons are matched at once. A hit's first token has a key (``lower``
    without a final ``'s``) equal to a single-token entry or to a phrase's first
    token, so its ``lower`` is that token, bare or with ``'s``: one set lookup per
    token keeps those few rows, and only they are keyed. Single-token entries are
    found in one join on the key. Phrases grow one token at a time from the kept
    tokens that start some phrase: the next token of the sentence (by row) is
    appended, n-grams that are a phrase are kept, and only those that begin some
    longer phrase grow on (an n-gram never crosses a sentence end)."""
    import numpy as np

    entries = _entry_table(tuple(lexicons))
    if entries.single.height + entries.phrases.height == 0 or tokens.height == 0:
        return pl.DataFrame(schema=MATCH_SCHEMA)
    # strip_suffix is the literal form of POSSESSIVE ("'s" at the end only).
    key = pl.col("lower").str.strip_suffix("'s")
    keyed = (
        tokens.lazy()
        .with_row_index("_row")
        .filter(pl.col("lower").is_in(entries.forms.implode()))
        .select("_row", "sentence_row", "position", key.alias("word"))
        .collect()
    )
    found = [keyed.lazy().join(entries.single.lazy(), on="word")]
    grams = []
    growing = keyed
    sentence = tokens["sentence_row"].to_numpy()
    for n in range(1, len(entries.prefixes) + 1):
        # `growing` holds the n-grams that begin some longer phrase.
        growing = growing.filter(pl.col("word").is_in(entries.prefixes[n].implode()))
        if growing.height == 0:
            break
        first = growing["_row"].to_numpy().astype(np.int64)
        row = first + n  # the next token of the text, kept only within the sentence
        inside = row < tokens.height
        row[~inside] = 0
        inside &= sentence[row] == sentence[first]
        growing = growing.with_columns(
            pl.when(pl.Series(inside))
            .then(pl.concat_str("word", tokens["lower"].gather(row), separator=" "))
            .alias("word")
        ).with_columns(
            pl.col("word").str.strip_suffix("'s")  # the appended token's key
        )
        grams.append(
            growing.filter(pl.col("word").is_in(entries.words[n + 1].implode())).with_columns(
                pl.lit(n + 1, dtype=pl.UInt32).alias("_n")
            )
        )
    if grams:
        found.append(
            pl.concat(grams)
            .lazy()
            .join(entries.phrases.lazy(), left_on=["word", "_n"], right_on=["word", "n_tokens"])
            .with_columns(pl.col("_n").alias("n_tokens"))
        )
    hits = pl.concat(found, how="diagonal").select(*MATCH_SCHEMA).with_row_index("_hit").collect()
    # Longest match wins within a lexicon: a hit is dropped when a longer hit of the
    # same lexicon and sentence overlaps it; only phrase hits can be longer. (No two
    # kept hits share a position and lexicon, so the sort has no ties.)
    longer = hits.filter(pl.col("n_tokens") > 1).select(
        "lexicon",
        "sentence_row",
        pl.col("position").alias("_start"),
        (pl.col("position") + pl.col("n_tokens")).alias("_end"),
        pl.col("n_tokens").alias("_n"),
    )
    if longer.height:
        beaten = (
            hits.lazy()
            .join(longer.lazy(), on=["lexicon", "sentence_row"])
            .filter(
                (pl.col("_n") > pl.col("n_tokens"))
                & (pl.col("_start") < pl.col("position") + pl.col("n_tokens"))
                & (pl.col("position") < pl.col("_end"))
            )
            .select("_hit")
        )
        hits = hits.lazy().join(beaten, on="_hit", how="anti").collect()
    return hits.sort("sentence_row", "position", "lexicon").drop("_hit")


def hits_by_article(
    matches: pl.DataFrame, sentences: pl.DataFrame, *, keep: pl.Expr | None = None
) -> pl.DataFrame:
    """Hit counts per ``outlet, article_id, lexicon, word`` (the ``lexicon_hits``
    table), over the sentences selected by `keep` (default: all), sorted."""
    # sentence_row is a row index of `sentences`, so a gather replaces a join.
    at = matches["sentence_row"]
    where = sentences.select(
        pl.col("outlet", "article_id").gather(at),
        (keep if keep is not None else pl.repeat(True, pl.len())).gather(at).alias("_keep"),
    )
    return (
        pl.concat([matches.select("lexicon", "word"), where], how="horizontal")
        .lazy()
        .filter(pl.col("_keep"))
        .group_by("outlet", "article_id", "lexicon", "word")
        .agg(pl.len().cast(pl.Int64).alias("count"))
        .select(*HITS_SCHEMA)
        .sort("outlet", "article_id", "lexicon", "word")
        .collect()
    )


def hits_per_sentence(
    matches: pl.DataFrame, n_sentences: int, names: Sequence[str]
) -> pl.DataFrame:
    """One row per sentence (``n_sentences`` rows, in order), one Int64 column of hit
    counts per lexicon name in `names` (zero when none)."""
    import numpy as np

    row = matches["sentence_row"].to_numpy()
    lexicon = matches["lexicon"]
    return pl.DataFrame(
        {
            "sentence_row": pl.arange(0, n_sentences, dtype=pl.UInt32, eager=True),
            **{
                name: np.bincount(row[(lexicon == name).to_numpy()], minlength=n_sentences)[
                    :n_sentences
                ].astype(np.int64)
                for name in names
            },
        }
    )


def apply_overrides(
    lexicons: Mapping[str, Lexicon], *, add: Mapping[str, Iterable[str]], mask: Iterable[str]
) -> dict[str, Lexicon]:
    """Each lexicon extended with its `add` words, then masked (mask applies last)."""
    mask = tuple(mask)
    return {name: lex.extended(add.get(name, ())).masked(mask) for name, lex in lexicons.items()}
