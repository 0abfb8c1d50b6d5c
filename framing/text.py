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


def tokenize_sentences(sentences: pl.DataFrame) -> pl.DataFrame:
    """One row per token: ``sentence_row`` (row index into `sentences`), ``position``
    (token index within its sentence, from 0), ``token``, ``lower``, ``kind``
    (``word``, ``number`` or ``punct``). Sentences without tokens have no rows."""
    if sentences.height == 0:
        return pl.DataFrame(schema=TOKEN_SCHEMA)
    # Positions are numbered per sentence before the lists are exploded (an
    # ``int_range().over("sentence_row")`` window after exploding costs more), and the
    # steps run as one lazy query.
    return (
        sentences.lazy()
        .select(
            pl.int_range(pl.len(), dtype=pl.UInt32).alias("sentence_row"),
            pl.col("text").fill_null("").str.extract_all(TOKEN_PATTERN).alias("token"),
        )
        .with_columns(pl.int_ranges(pl.col("token").list.len(), dtype=pl.UInt32).alias("position"))
        .explode("token", "position")
        .drop_nulls("token")  # a sentence without tokens explodes to one null row
        .select(
            "sentence_row",
            "position",
            "token",
            pl.col("token")
            .str.to_lowercase()
            .str.replace_all("’", "'", literal=True)
            .alias("lower"),
            pl.when(pl.col("token").str.contains(r"^\d"))
            .then(pl.lit("number"))
            .when(pl.col("token").str.contains(r"^\w"))
            .then(pl.lit("word"))
            .otherwise(pl.lit("punct"))
            .alias("kind"),
        )
        .collect()
    )
