"""Which tokens lie inside quotation marks: the `lexical` family's own quote-mark model.

Quote state (``quote_density``, ``quoted_share``) is tracked within each paragraph,
token by token: “ „ « and a backtick pair (``) open a double quote, ” and » close it,
a straight " or a pair of straight single quotes ('') toggles it; ‘ opens a single
quote and a lone ’ closes it. The state resets at every paragraph, so an unbalanced
mark never leaks past its paragraph, and a quotation running over several paragraphs
(opening mark repeated, no closing mark) is inside quotes in each. A lone straight '
is ignored: without character offsets it cannot be told from an apostrophe.

Which character plays which role comes from the shared quote-mark model
(`framing.corpus.marks`); how the state is tracked over tokens is this family's rule,
kept in this one module apart from the family's counting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from framing.corpus.marks import CLOSE_DOUBLE, OPEN_DOUBLE
from framing.corpus.marks import TOKEN_MARKS as QUOTE_MARKS

if TYPE_CHECKING:
    import numpy as np

__all__ = ["CLOSERS", "CLOSE_DOUBLE", "OPEN_DOUBLE", "QUOTE_MARKS", "quoted"]

# Closing marks (quotes and brackets) that may follow a sentence's final ? or !.
CLOSERS = "\"'”’»)\\]"


def quoted(tokens: pl.DataFrame) -> pl.Series:
    """Per token (Boolean): it lies inside quotation marks (module docstring). Needs
    columns ``_para`` (paragraph id), ``sentence_row`` and ``token``, rows in reading
    order, each paragraph's rows contiguous.

    The state changes only at a quote mark and resets at a paragraph's first token, so
    it is computed at those few event rows (`_events`), in numpy (no window per
    paragraph), and repeated over the rows up to the next event."""
    import numpy as np

    para = tokens["_para"]
    if not para.is_sorted():
        # A Batch keeps each paragraph's rows together and in order (ids ascending);
        # any other order gets the same answer, computed on the rows sorted stably.
        order = np.argsort(para.to_numpy(), kind="stable")
        inverse = np.empty_like(order)
        inverse[order] = np.arange(order.size)
        return quoted(tokens[order]).gather(inverse)
    events = _events(tokens)
    row = events["_row"].to_numpy()
    spans = np.diff(row, append=tokens.height)
    return pl.Series("_quoted", np.repeat(_state_at(events), spans), pl.Boolean)


def _events(tokens: pl.DataFrame) -> pl.DataFrame:
    """The rows of `tokens` holding a quote mark or starting a paragraph: ``_row``,
    ``sentence_row``, ``token`` (the mark's index in `QUOTE_MARKS`, -1 for another
    token) and ``_start``."""
    start = (pl.col("_para") != pl.col("_para").shift(1)).fill_null(True)
    return (
        tokens.lazy()
        .select(
            pl.int_range(pl.len(), dtype=pl.Int64).alias("_row"),
            "sentence_row",
            "token",
            start.alias("_start"),
        )
        .filter(pl.col("token").is_in(QUOTE_MARKS) | pl.col("_start"))
        .with_columns(
            pl.col("token").replace_strict(
                QUOTE_MARKS, range(len(QUOTE_MARKS)), default=-1, return_dtype=pl.Int8
            )
        )
        .collect()
    )


def _state_at(events: pl.DataFrame) -> np.ndarray:
    """Whether each event (`_events`) leaves its token inside quotes.

    The double state is the value set at the last reset (an opening mark sets 1; a
    closing mark or a paragraph start, 0) plus the toggles since, mod 2; the single
    state is whether the last ‘, ’ or paragraph start was a ‘."""
    import numpy as np

    row = events["_row"].to_numpy()
    sentence = events["sentence_row"].to_numpy()
    is_start = events["_start"].to_numpy()
    mark = events["token"].to_numpy()  # index in QUOTE_MARKS, -1 at a paragraph start

    def is_mark(*marks: str) -> np.ndarray:
        return np.isin(mark, [QUOTE_MARKS.index(m) for m in marks])

    # Events j and j+1 are neighbouring tokens of one sentence; a mark's neighbour that
    # is the same mark is an event too.
    adjacent = (row[1:] == row[:-1] + 1) & (sentence[1:] == sentence[:-1])

    def pair_first(m: str) -> np.ndarray:
        # The mark starts a pair of it: the next token of the sentence is the same
        # mark, the previous one is not.
        same = is_mark(m)
        pair = np.concatenate((adjacent & same[1:] & same[:-1], [False]))
        return same & pair & ~np.concatenate(([False], pair[:-1]))

    opening = is_mark(*OPEN_DOUBLE) | pair_first("`")
    reset = opening | is_mark(*CLOSE_DOUBLE) | is_start
    index = np.arange(events.height)
    last = np.maximum.accumulate(np.where(reset, index, 0))  # event 0 starts a paragraph
    toggle = is_mark('"') | pair_first("'")
    toggles = np.cumsum(toggle)
    double = (opening[last] + toggles - (toggles - toggle)[last]) % 2 == 1
    single_open = is_mark("‘")
    single_set = single_open | is_mark("’") | is_start
    single = single_open[np.maximum.accumulate(np.where(single_set, index, 0))]
    return double | single
