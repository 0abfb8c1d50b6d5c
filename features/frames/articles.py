"""Per-article work of the frames family: sentence flags, each article's share of
body sentences cueing every frame, its dominant frame, and the cue counts of
``lexicon_hits`` (definitions: docs/frames.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from framing.features.base import Context, Extracted
from framing.features.frames.lexicon import RESIDUAL, FrameLexicon, masked_words, study_lexicon
from framing.features.frames.matching import cue_table, frame_flags, match_cues
from framing.outputs.tables import KEY

if TYPE_CHECKING:
    from framing.corpus import Batch
    from framing.features.frames import FramesOptions


def extract(batch: Batch, ctx: Context) -> Extracted:
    """Sentence flags, article shares and dominant frame, and per-article cue counts."""
    options: FramesOptions = ctx.options
    lexicon = study_lexicon(ctx.study, options)
    hits = match_cues(batch.tokens, cue_table(lexicon), masked=masked_words(ctx.study, options))
    sentences = frame_flags(hits, batch.sentences.height, lexicon)

    meta = batch.sentences.select(*KEY, "is_headline").with_row_index("sentence_row")
    body = pl.concat([meta, sentences], how="horizontal").filter(~pl.col("is_headline"))
    body_hits = hits.join(meta.filter(~pl.col("is_headline")), on="sentence_row", how="inner")
    dominant = _dominant(frame_counts(body, lexicon.ids), body_hits, lexicon)
    return Extracted(
        articles=_article_columns(batch.articles, body, dominant, lexicon),
        sentences=sentences,
        tables={"lexicon_hits": _lexicon_hits(body_hits, batch.articles)},
    )


def frame_counts(body: pl.DataFrame, frame_ids: tuple[str, ...]) -> pl.DataFrame:
    """Per article and frame: ``sentences`` (body sentences cueing it) and
    ``n_sentences`` (body sentences), from the ``frames__<id>`` flags of `body`."""
    return (
        body.unpivot(
            index=list(KEY),
            on=[f"frames__{f}" for f in frame_ids],
            variable_name="frame",
            value_name="cued",
        )
        .with_columns(pl.col("frame").str.strip_prefix("frames__"))
        .group_by(*KEY, "frame")
        .agg(pl.col("cued").sum().alias("sentences"), pl.len().alias("n_sentences"))
    )


def _dominant(counts: pl.DataFrame, body_hits: pl.DataFrame, lexicon: FrameLexicon) -> pl.DataFrame:
    """``frames__dominant`` of the articles cueing a substantive frame: most body
    sentences, then most cue hits, then codebook order."""
    order = {frame_id: i for i, frame_id in enumerate(lexicon.ids)}
    hit_counts = body_hits.group_by(*KEY, "frame").agg(pl.len().alias("hits"))
    return (
        counts.filter(pl.col("frame") != RESIDUAL, pl.col("sentences") > 0)
        .join(hit_counts, on=[*KEY, "frame"], how="left")
        .with_columns(pl.col("frame").replace_strict(order, return_dtype=pl.Int32).alias("_order"))
        .sort(*KEY, "sentences", "hits", "_order", descending=[False, False, True, True, False])
        .group_by(KEY, maintain_order=True)
        .first()
        .select(*KEY, pl.col("frame").alias("frames__dominant"))
    )


def _article_columns(
    articles: pl.DataFrame, body: pl.DataFrame, dominant: pl.DataFrame, lexicon: FrameLexicon
) -> pl.DataFrame:
    """The family's article-level columns, one row per article in input order."""
    wide = body.group_by(KEY).agg(
        pl.len().alias("_n_body"),
        *[pl.col(f"frames__{f}").mean().alias(f"frames__{f}_share") for f in lexicon.ids],
    )
    return (
        articles.select(KEY)
        .join(wide, on=KEY, how="left", maintain_order="left")
        .join(dominant, on=KEY, how="left", maintain_order="left")
        .select(
            *[
                pl.col(f"frames__{f}_share").cast(pl.Float64).fill_null(float("nan"))
                for f in lexicon.ids
            ],
            # Body sentences but no substantive cue: `other`; no body sentence: null.
            pl.when(pl.col("frames__dominant").is_not_null())
            .then(pl.col("frames__dominant"))
            .when(pl.col("_n_body").is_not_null())
            .then(pl.lit(RESIDUAL))
            .otherwise(None)
            .cast(pl.String)
            .alias("frames__dominant"),
        )
    )


def _lexicon_hits(body_hits: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """``lexicon_hits`` rows of the frames: per article, frame and cue, body hits."""
    return (
        body_hits.group_by(*KEY, "frame", "cue")
        .agg(pl.len().cast(pl.Int64).alias("count"))
        .join(articles.select(KEY).with_row_index("_article"), on=KEY, how="inner")
        .sort("_article", "frame", "cue")
        .select(
            *KEY,
            pl.concat_str(pl.lit("frame:"), pl.col("frame")).alias("lexicon"),
            pl.col("cue").alias("word"),
            "count",
        )
    )
