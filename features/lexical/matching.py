"""Lexicon hits over the shared tokens: `match_lexicons`, and counts per article and sentence.

The matching rules (normal form, whole tokens, phrases within a sentence, the longest
hit of a lexicon wins) are stated in `framing.features.lexical.lexicon`, whose API
re-exports these functions; this module is how they run: all lexicons at once, one set
look-up per token, phrases grown a token at a time from the few tokens that start one.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from framing.features.lexical.lexicon import Lexicon

__all__ = ["HITS_SCHEMA", "MATCH_SCHEMA", "hits_by_article", "hits_per_sentence", "match_lexicons"]

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
    grams = _phrase_grams(keyed, tokens, entries)
    if grams:
        found.append(
            pl.concat(grams)
            .lazy()
            .join(entries.phrases.lazy(), left_on=["word", "_n"], right_on=["word", "n_tokens"])
            .with_columns(pl.col("_n").alias("n_tokens"))
        )
    hits = pl.concat(found, how="diagonal").select(*MATCH_SCHEMA).with_row_index("_hit").collect()
    return _longest_hits(hits).sort("sentence_row", "position", "lexicon").drop("_hit")


def _phrase_grams(
    keyed: pl.DataFrame, tokens: pl.DataFrame, entries: _EntryTable
) -> list[pl.DataFrame]:
    """The n-grams (n >= 2) of `tokens` that are some phrase's words, grown from the
    `keyed` tokens one token at a time (see `match_lexicons`): per n, rows ``_row``
    (the first token's row), ``sentence_row``, ``position``, ``word`` (the n-gram's
    key) and ``_n``."""
    import numpy as np

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
    return grams


def _longest_hits(hits: pl.DataFrame) -> pl.DataFrame:
    """`hits` without those a longer hit of the same lexicon and sentence overlaps (only
    phrase hits can be longer). No two kept hits share a position and lexicon, so a sort
    by ``sentence_row, position, lexicon`` has no ties."""
    longer = hits.filter(pl.col("n_tokens") > 1).select(
        "lexicon",
        "sentence_row",
        pl.col("position").alias("_start"),
        (pl.col("position") + pl.col("n_tokens")).alias("_end"),
        pl.col("n_tokens").alias("_n"),
    )
    if not longer.height:
        return hits
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
    return hits.lazy().join(beaten, on="_hit", how="anti").collect()


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
