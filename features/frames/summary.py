"""``frames.csv``: per outlet and frame, the body sentences cueing it, their share and a
95% Wilson interval corrected for the clustering of sentences in articles.

Streamed (issue 16): each chunk's `partial` is, per outlet × frame, five integer sums
over its articles (y = body sentences cueing the frame, n = body sentences): Σy, Σn,
Σy², Σyn, Σn², and the articles with n > 0; `merge` adds them; `summarise` turns the
sums into the table. Integer sums are exact, so any chunking gives the same table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from framing.features.base import Context, Extracted, stack_frames
from framing.features.frames.articles import frame_counts
from framing.features.frames.lexicon import study_lexicon
from framing.outputs.tables import KEY
from framing.stats.resampling import Z_95, wilson_interval

if TYPE_CHECKING:
    from framing.corpus import Batch

SUM_COLUMNS = (
    "sentences",  # Σy
    "n_sentences",  # Σn
    "sentences_sq",  # Σy²
    "sentences_n",  # Σyn
    "n_sentences_sq",  # Σn²
    "n_articles",  # articles with n > 0
)
TABLE_COLUMNS = (
    "outlet", "frame", "sentences", "share", "ci_low", "ci_high", "n_sentences",
    "n_articles", "design_effect",
)  # fmt: skip


def partial(extracted: Extracted, batch: Batch, ctx: Context) -> dict[str, pl.DataFrame]:
    """``frame_sums``: the chunk's sums per outlet × frame (`frame_sums`)."""
    lexicon = study_lexicon(ctx.study, ctx.options)
    flag_columns = [f"frames__{f}" for f in lexicon.ids]
    body = (
        pl.concat(
            [batch.sentences.select(*KEY, "is_headline"), extracted.sentences], how="horizontal"
        )
        if extracted.sentences.height == batch.sentences.height and extracted.sentences.width
        else batch.sentences.select(*KEY, "is_headline").with_columns(
            pl.lit(0, dtype=pl.Int8).alias(c) for c in flag_columns
        )
    ).filter(~pl.col("is_headline"))
    frames = pl.DataFrame({"frame": list(lexicon.ids)})
    # Every article × frame, so articles without body sentences still count (as n = 0:
    # they add nothing to the sums, but their outlet gets its rows).
    per_article = (
        batch.articles.select(KEY)
        .join(frames, how="cross")
        .join(frame_counts(body, lexicon.ids), on=[*KEY, "frame"], how="left")
        .with_columns(pl.col("sentences", "n_sentences").fill_null(0))
    )
    return {"frame_sums": frame_sums(per_article)}


def frame_sums(per_article: pl.DataFrame) -> pl.DataFrame:
    """Per outlet and frame, the `SUM_COLUMNS` of per-article counts ``outlet,
    article_id, frame, sentences, n_sentences`` (all Int64)."""
    y = pl.col("sentences").cast(pl.Int64)
    n = pl.col("n_sentences").cast(pl.Int64)
    return per_article.group_by("outlet", "frame").agg(
        y.sum().alias("sentences"),
        n.sum().alias("n_sentences"),
        (y * y).sum().alias("sentences_sq"),
        (y * n).sum().alias("sentences_n"),
        (n * n).sum().alias("n_sentences_sq"),
        (n > 0).sum().cast(pl.Int64).alias("n_articles"),
    )


def merge(name: str, frames: list[pl.DataFrame]) -> pl.DataFrame:
    """Chunks' `frame_sums` added per outlet × frame (commutative, associative)."""
    stacked = stack_frames(frames)
    if stacked.width == 0:
        return stacked
    return stacked.group_by("outlet", "frame").agg(pl.col(SUM_COLUMNS).sum())


def summarise(partials: dict[str, pl.DataFrame], ctx: Context) -> dict[str, pl.DataFrame]:
    """``frames``: per outlet and frame, sentences cueing it, share and 95% CI, sorted
    by outlet, then frame in codebook order (the key columns)."""
    lexicon = study_lexicon(ctx.study, ctx.options)
    sums = partials.get("frame_sums")
    if sums is None or sums.width == 0:
        sums = pl.DataFrame(
            schema={"outlet": pl.String, "frame": pl.String, **dict.fromkeys(SUM_COLUMNS, pl.Int64)}
        )
    table = frame_table(sums, min_articles=ctx.study.stats.min_articles)
    order = {frame_id: i for i, frame_id in enumerate(lexicon.ids)}
    table = (
        table.with_columns(pl.col("frame").replace_strict(order, return_dtype=pl.Int32).alias("_o"))
        .sort("outlet", "_o")
        .drop("_o")
    )
    return {"frames": table}


def outlet_frames(per_article: pl.DataFrame, *, min_articles: int, z: float = Z_95) -> pl.DataFrame:
    """frames.csv from per-article counts ``outlet, article_id, frame, sentences,
    n_sentences`` (rows in no particular order): `frame_table` of their `frame_sums`."""
    return frame_table(frame_sums(per_article), min_articles=min_articles, z=z)


def frame_table(sums: pl.DataFrame, *, min_articles: int, z: float = Z_95) -> pl.DataFrame:
    """frames.csv rows from the per outlet × frame sums (`frame_sums`).

    Per outlet and frame: ``sentences`` = body sentences cueing the frame, ``share`` =
    sentences / n_sentences, and a 95% Wilson interval on the effective sample size
    ``n_sentences / design_effect``. The design effect corrects for sentences of one
    article being alike: with m ≥ `min_articles` articles, it is the ratio of the
    linearised (between-article) variance of the ratio estimator,
    ``m/(m-1) · Σ_a (y_a - p·n_a)² / N²``, to the simple-random-sampling variance
    ``p(1-p)/N``, floored at 1; with fewer articles, or p ∈ {0, 1}, it is 1.
    """
    m_min = max(min_articles, 2)
    deff = [
        _design_effect(*row, min_articles=m_min)
        for row in sums.select(
            "sentences", "n_sentences", "sentences_sq", "sentences_n", "n_sentences_sq",
            "n_articles",
        ).iter_rows()
    ]  # fmt: skip
    share = pl.col("sentences") / pl.col("n_sentences")
    n = pl.col("n_sentences").cast(pl.Float64)
    table = sums.with_columns(
        pl.when(pl.col("n_sentences") > 0).then(share).otherwise(float("nan")).alias("share"),
        pl.Series("design_effect", deff, dtype=pl.Float64),
    )
    low, high = wilson_interval(pl.col("share"), n / pl.col("design_effect"), z=z)
    return table.with_columns(low.alias("ci_low"), high.alias("ci_high")).select(TABLE_COLUMNS)


def _design_effect(
    y: int, n: int, yy: int, yn: int, nn: int, m: int, *, min_articles: int
) -> float:
    """The design effect of `frame_table` from the sums Y = Σy, N = Σn, Σy², Σyn, Σn².

    With p = Y/N, Σ(y − p·n)² = Σy² − 2pΣyn + p²Σn² = S / N² where
    S = N²Σy² − 2·Y·N·Σyn + Y²Σn² (an integer), so the design effect
    m/(m−1) · Σ(y − p·n)²/N² ÷ p(1−p)/N is exactly m·S / ((m−1)·N·Y·(N−Y)).
    Python integers make S exact and int / int is correctly rounded: one rounding in
    all, at least as exact as the sum of rounded squares this replaced (which agreed
    with it within 1e-12 relative on the example and generated corpora).
    """
    if m < min_articles or y <= 0 or y >= n:
        return 1.0
    spread = n * n * yy - 2 * y * n * yn + y * y * nn
    numerator, denominator = m * spread, (m - 1) * n * y * (n - y)
    return 1.0 if numerator <= denominator else numerator / denominator
