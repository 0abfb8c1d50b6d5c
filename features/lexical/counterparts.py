"""Which sentence-level lexical columns rebuild each article-level one (`Counterpart`).

Rates are ``100 · Σ hits / Σ words`` over body sentences, shares ``Σ part / Σ whole``,
and the question and exclamation rates the mean of a 0/1 sentence flag.
"""

from __future__ import annotations

import polars as pl

from framing.features.base import Counterpart

WORDS = "lexical__words"


def counterparts(present: frozenset[str]) -> list[Counterpart]:
    """The lexical article features rebuilt from the sentence columns in `present`."""
    col = pl.col
    words = col(WORDS).cast(pl.Float64)
    letters = words - col("lexical__numbers").cast(pl.Float64)
    hit_columns = ["lexical__numbers", "lexical__first_person", "lexical__second_person"]
    hit_columns += sorted(n for n in present if n.startswith("lexical__") and n.endswith("_hits"))
    out = [
        Counterpart(
            hits.removesuffix("_hits") + "_rate",
            col(hits).cast(pl.Float64),
            words,
            100.0,
            (hits, WORDS),
            f"100 · Σ {hits} / Σ {WORDS} over body sentences",
        )
        for hits in hit_columns
    ]
    out += [
        Counterpart(
            "lexical__mean_word_length",
            # word_length is NaN in a sentence without letter words: it then adds nothing.
            col("lexical__word_length").cast(pl.Float64).fill_nan(0.0) * letters, letters, 1.0,
            ("lexical__word_length", WORDS, "lexical__numbers"),
            "Σ (lexical__word_length · letter words) / Σ letter words over body sentences",
        ),
        Counterpart(
            "lexical__long_word_share", col("lexical__long_words").cast(pl.Float64), letters, 1.0,
            ("lexical__long_words", WORDS, "lexical__numbers"),
            "Σ lexical__long_words / Σ letter words over body sentences",
        ),
        Counterpart(
            "lexical__quote_density",
            col("lexical__quoted_share").cast(pl.Float64).fill_nan(0.0) * words, words, 1.0,
            ("lexical__quoted_share", WORDS),
            f"Σ (lexical__quoted_share · {WORDS}) / Σ {WORDS} over body sentences",
        ),
    ]  # fmt: skip
    for feature, flag in (
        ("lexical__question_rate", "lexical__is_question"),
        ("lexical__exclamation_rate", "lexical__is_exclamation"),
    ):
        out.append(
            Counterpart(
                feature,
                col(flag).cast(pl.Float64),
                None,
                1.0,
                (flag,),
                f"mean of {flag} over body sentences",
            )
        )
    return [c for c in out if set(c.requires) <= present]
