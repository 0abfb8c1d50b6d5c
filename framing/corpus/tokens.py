"""The one tokenisation every feature family shares.

`tokenize_sentences` turns the sentences frame into one row per token, computed
once per batch (``Batch.tokens``) with polars string expressions, no Python loop.

A token is, in order of precedence:

* an initialism with dots: ``U.S.``, ``e.g.`` (kind ``word``);
* a number, with any letters or hyphenated words glued to it: ``1,000``, ``3.5%``,
  ``20th``, ``1990s``, ``5bn``, ``10-year-old`` (kind ``number``);
* a word: a letter followed by letters or digits, joined by inner apostrophes or
  hyphens: ``Ho-jin``, ``Korea's``, ``doesn’t``, ``G7``, ``F-16s``, ``COVID-19``
  (kind ``word``);
* any other single non-space character: ``.``, ``“``, ``'``, ``—``, ``😀`` (kind
  ``punct``).

``lower`` is the lowercased token with the curly apostrophe (’) mapped to the
straight one ('), so ``Korea’s`` and ``Korea's`` have the same ``lower``.
Word counts everywhere (``n_words``, per-100-word rates) count ``word`` and
``number`` tokens.
"""

from __future__ import annotations

import polars as pl

LETTER = r"[^\W\d_]"
ALNUM = r"[^\W_]"
JOINER = r"['’\-‐‑]"
INITIALISM = rf"(?:{LETTER}\.){{2,}}"
NUMBER = rf"\d+(?:[.,:]\d+)*%?(?:-?{LETTER}{ALNUM}*)*(?:['’]s\b)?"
WORD = rf"{LETTER}{ALNUM}*(?:{JOINER}{ALNUM}+)*"
PUNCT = r"[^\w\s]"
TOKEN_PATTERN = f"{INITIALISM}|{NUMBER}|{WORD}|{PUNCT}"
TOKEN_SCHEMA = {
    "sentence_row": pl.UInt32,
    "position": pl.UInt32,
    "token": pl.String,
    "lower": pl.String,
    "kind": pl.String,
}

KINDS = ("number", "word", "punct")
# A token's kind is decided by its first character: ``number`` if it matches ``\d``,
# else ``word`` if it matches ``\w``, else ``punct`` (`_regex_kinds`). For the ~99% of
# tokens that start with an ASCII character the kind is read off their first UTF-8
# byte instead of two regex passes over every token: the ASCII ``\d`` are 0-9, the
# ASCII ``\w`` those, the letters and "_". Per first byte, an index into `KINDS`, or 3
# for a lead byte of a non-ASCII character (tokens left to the regexes).
_ASCII_DIGITS = b"0123456789"
_ASCII_WORD = b"_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_KIND_OF_FIRST_BYTE = tuple(
    3 if byte >= 0x80 else 0 if byte in _ASCII_DIGITS else 1 if byte in _ASCII_WORD else 2
    for byte in range(256)
)


def tokenize_sentences(sentences: pl.DataFrame) -> pl.DataFrame:
    """One row per token: ``sentence_row`` (row index into `sentences`), ``position``
    (token index within its sentence, from 0), ``token``, ``lower``, ``kind``
    (``word``, ``number`` or ``punct``). Sentences without tokens have no rows."""
    import numpy as np

    if sentences.height == 0:
        return pl.DataFrame(schema=TOKEN_SCHEMA)
    # Positions are numbered per sentence before the lists are exploded (an
    # ``int_range().over("sentence_row")`` window after exploding costs more), and the
    # steps run as one lazy query: every eager step costs a fixed ~0.1 ms. ``curly``
    # marks the tokens of sentences with a ’; ``kind`` is an index into `KINDS`, or 3.
    text = pl.col("text").fill_null("")
    token = pl.col("token")
    tokens = (
        sentences.lazy()
        .select(
            pl.int_range(pl.len(), dtype=pl.UInt32).alias("sentence_row"),
            text.str.extract_all(TOKEN_PATTERN).alias("token"),
            text.str.contains("’", literal=True).cast(pl.UInt8).alias("curly"),
        )
        .with_columns(pl.int_ranges(token.list.len(), dtype=pl.UInt32).alias("position"))
        # A sentence without tokens (an empty list, or a null) gives no row.
        .explode("token", "position", empty_as_null=False, keep_nulls=False)
        .select(
            "sentence_row",
            "position",
            "token",
            token.str.to_lowercase().alias("lower"),
            pl.lit(pl.Series(_KIND_OF_FIRST_BYTE, dtype=pl.UInt8))
            .gather(token.cast(pl.Binary).bin.get(0))  # a token is never empty
            .alias("kind"),
            "curly",
        )
        .collect()
    )
    # ’ -> ' only where a ’ can be: a replace over every token costs as much as the
    # lowercasing.
    lower = tokens["lower"]
    rows = np.flatnonzero(tokens["curly"].to_numpy())
    if rows.size:
        lower = lower.scatter(rows, lower.gather(rows).str.replace_all("’", "'", literal=True))
    kind = tokens["kind"].to_numpy()
    rows = np.flatnonzero(kind == 3)
    if rows.size:
        kind = kind.copy()
        kind[rows] = _regex_kinds(tokens["token"].gather(rows)).to_numpy()
    return pl.DataFrame(
        [
            tokens["sentence_row"],
            tokens["position"],
            tokens["token"],
            lower,
            pl.Series("kind", KINDS).gather(kind),
        ]
    )


def _regex_kinds(tokens: pl.Series) -> pl.Series:
    """Index into `KINDS` of each token's kind, by the definition (first character)."""
    first = pl.col("token")
    return (
        tokens.alias("token")
        .to_frame()
        .select(
            pl.when(first.str.contains(r"^\d"))
            .then(0)
            .when(first.str.contains(r"^\w"))
            .then(1)
            .otherwise(2)
            .cast(pl.UInt8)
        )
        .to_series()
    )
