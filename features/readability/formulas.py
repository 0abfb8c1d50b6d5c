"""textstat's readability formulas, as polars expressions over `counts_frame`'s columns.

Each formula does textstat 0.7.13's operations in textstat's order, unrounded, so the
values are the same floats; where textstat returns a hard-coded 0.0 for a text without
words (or without syllables, for the two Flesch formulas) the value is NaN instead.
"""

from __future__ import annotations

import polars as pl

from framing.features.readability.columns import PREFIX
from framing.features.readability.counts import counts_frame

__all__ = ["formulas", "readability_frame"]


def formulas() -> list[pl.Expr]:
    """textstat's formulas over `counts_frame` columns, same operation order (unrounded)."""
    words, sentences, syllables = pl.col("words"), pl.col("sentences"), pl.col("syllables")
    wps = words / sentences
    spw = syllables / words
    per_dc = pl.col("difficult_dc") * 100 / words
    dale_chall = 0.1579 * per_dc + 0.0496 * wps
    linsear = (pl.col("lw_easy") * 1 + pl.col("lw_hard") * 3) / pl.col("lw_sentences")
    nan = pl.lit(float("nan"))
    has_words = words > 0
    has_syllables = has_words & (syllables > 0)
    exprs = {
        "flesch_reading_ease": (has_syllables, 206.835 - 1.015 * wps - 84.6 * spw),
        "flesch_kincaid_grade": (has_syllables, 0.39 * wps + 11.8 * spw - 15.59),
        "gunning_fog": (has_words, 0.4 * (wps + pl.col("difficult_fog") * 100 / words)),
        "smog_index": (
            has_words,
            1.043 * (30 * (pl.col("polysyllables") / sentences)).pow(0.5) + 3.1291,
        ),
        "coleman_liau_index": (
            has_words,
            0.058 * ((pl.col("letters") / words) * 100)
            - 0.296 * ((sentences / words) * 100)
            - 15.8,
        ),
        "automated_readability_index": (
            has_words,
            4.71 * (pl.col("chars") / pl.col("tokens")) + 0.5 * wps - 21.43,
        ),
        "dale_chall_readability_score": (
            has_words,
            pl.when(per_dc > 5).then(dale_chall + 3.6365).otherwise(dale_chall),
        ),
        "linsear_write_formula": (
            has_words,
            pl.when(linsear <= 20).then((linsear - 2) / 2).otherwise(linsear / 2),
        ),
    }
    out = [
        pl.when(valid).then(value).otherwise(nan).cast(pl.Float64).alias(PREFIX + name)
        for name, (valid, value) in exprs.items()
    ]
    counts = {
        "syllable_count": "syllables",
        "polysyllabcount": "polysyllables",
        "difficult_words": "difficult_unique",
        "lexicon_count": "words",
        "sentence_count": "sentences",
    }
    return out + [pl.col(source).alias(PREFIX + name) for name, source in counts.items()]


def readability_frame(texts: list[str]) -> pl.DataFrame:
    """One row per text: every `readability__*` column, in `FAMILY.columns` order."""
    return counts_frame(texts).select(formulas())
