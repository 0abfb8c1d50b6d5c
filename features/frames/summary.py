"""``frames.csv``: per outlet and frame, the body sentences cueing it, their share and a
95% Wilson interval corrected for the clustering of sentences in articles."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from framing.features.base import Context, Extracted
from framing.features.frames.articles import frame_counts
from framing.features.frames.lexicon import study_lexicon
from framing.outputs.tables import KEY
from framing.stats.resampling import Z_95, wilson_interval

if TYPE_CHECKING:
    from framing.corpus import Batch


def summarise(extracted: Extracted, corpus: Batch, ctx: Context) -> dict[str, pl.DataFrame]:
    """``frames``: per outlet and frame, sentences cueing it, share and 95% CI."""
    lexicon = study_lexicon(ctx.study, ctx.options)
    flag_columns = [f"frames__{f}" for f in lexicon.ids]
    body = (
        pl.concat(
            [corpus.sentences.select(*KEY, "is_headline"), extracted.sentences], how="horizontal"
        )
        if extracted.sentences.height == corpus.sentences.height and extracted.sentences.width
        else corpus.sentences.select(*KEY, "is_headline").with_columns(
            pl.lit(0, dtype=pl.Int8).alias(c) for c in flag_columns
        )
    ).filter(~pl.col("is_headline"))
    frames = pl.DataFrame({"frame": list(lexicon.ids)})
    # Every article × frame, so articles without body sentences still count (as n = 0).
    per_article = (
        corpus.articles.select(KEY)
        .join(frames, how="cross")
        .join(frame_counts(body, lexicon.ids), on=[*KEY, "frame"], how="left")
        .with_columns(pl.col("sentences", "n_sentences").fill_null(0))
    )
    table = outlet_frames(per_article, min_articles=ctx.study.stats.min_articles)
    order = {frame_id: i for i, frame_id in enumerate(lexicon.ids)}
    # Sorted by outlet, then frame in codebook order (the key columns).
    table = (
        table.with_columns(pl.col("frame").replace_strict(order, return_dtype=pl.Int32).alias("_o"))
        .sort("outlet", "_o")
        .drop("_o")
    )
    return {"frames": table}


def outlet_frames(per_article: pl.DataFrame, *, min_articles: int, z: float = Z_95) -> pl.DataFrame:
    """frames.csv from per-article counts ``outlet, article_id, frame, sentences, n_sentences``.

    Per outlet and frame: ``sentences`` = body sentences cueing the frame, ``share`` =
    sentences / n_sentences, and a 95% Wilson interval on the effective sample size
    ``n_sentences / design_effect``. The design effect corrects for sentences of one
    article being alike: with m ≥ `min_articles` articles, it is the ratio of the
    linearised (between-article) variance of the ratio estimator,
    ``m/(m-1) · Σ_a (y_a - p·n_a)² / N²``, to the simple-random-sampling variance
    ``p(1-p)/N``, floored at 1; with fewer articles, or p ∈ {0, 1}, it is 1.
    """
    grouped = per_article.group_by("outlet", "frame").agg(
        pl.col("sentences").sum().cast(pl.Int64),
        pl.col("n_sentences").sum().cast(pl.Int64),
        (pl.col("n_sentences") > 0).sum().cast(pl.Int64).alias("n_articles"),
    )
    share = pl.col("sentences") / pl.col("n_sentences")
    squares = (
        per_article.join(
            grouped.select("outlet", "frame", share.alias("p")), on=["outlet", "frame"]
        )
        .group_by("outlet", "frame")
        .agg(((pl.col("sentences") - pl.col("p") * pl.col("n_sentences")) ** 2).sum().alias("ss"))
    )
    m = pl.col("n_articles").cast(pl.Float64)
    n = pl.col("n_sentences").cast(pl.Float64)
    p = pl.col("share")
    deff = (
        pl.when((pl.col("n_articles") >= max(min_articles, 2)) & (p > 0) & (p < 1))
        .then(((m / (m - 1) * pl.col("ss") / (n * n)) / (p * (1 - p) / n)).clip(lower_bound=1.0))
        .otherwise(1.0)
    )
    table = (
        grouped.join(squares, on=["outlet", "frame"], how="left")
        .with_columns(
            pl.when(pl.col("n_sentences") > 0).then(share).otherwise(float("nan")).alias("share")
        )
        .with_columns(deff.alias("design_effect"))
    )
    low, high = wilson_interval(p, n / pl.col("design_effect"), z=z)
    return table.with_columns(low.alias("ci_low"), high.alias("ci_high")).select(
        "outlet", "frame", "sentences", "share", "ci_low", "ci_high", "n_sentences",
        "n_articles", "design_effect",
    )  # fmt: skip
