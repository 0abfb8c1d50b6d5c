"""A feature family that lives in the test folder only: exclamation marks per sentence.

`tests/test_registry.py` registers it (`framing.features.register("toy",
"tests.toy_family")`) and checks that it reaches every table, the feature list and the
report without any other module knowing about it.
"""

from __future__ import annotations

import polars as pl

from framing.corpus import Batch
from framing.features.base import Column, Context, Counterpart, Extracted, Family, Headline

REF = "tests/toy_family.py"


def extract(batch: Batch, ctx: Context) -> Extracted:
    """Per sentence: its "!" count; per article: the mean over body sentences."""
    marks = batch.sentences.select(
        pl.col("text").str.count_matches("!", literal=True).cast(pl.Float64).alias("toy__marks"),
        pl.col("is_headline"),
        pl.col("outlet"),
        pl.col("article_id"),
    )
    per_article = (
        batch.articles.select("outlet", "article_id")
        .join(
            marks.filter(~pl.col("is_headline"))
            .group_by("outlet", "article_id")
            .agg(pl.col("toy__marks").mean().alias("toy__marks_per_sentence")),
            on=["outlet", "article_id"],
            how="left",
            maintain_order="left",
        )
        .select(pl.col("toy__marks_per_sentence").fill_null(float("nan")))
    )
    return Extracted(articles=per_article, sentences=marks.select("toy__marks"))


def counterparts(present: frozenset[str]) -> list[Counterpart]:
    if "toy__marks" not in present:
        return []
    marks = pl.col("toy__marks").cast(pl.Float64)
    return [
        Counterpart("toy__marks_per_sentence", marks, None, 1.0, ("toy__marks",), "mean of marks")
    ]


FAMILY = Family(
    name="toy",
    version="1",
    description="Exclamation marks (a test family).",
    columns=(
        Column(
            "toy__marks_per_sentence",
            "Mean '!' per body sentence.",
            (0, None),
            "higher = louder",
            REF,
        ),
        Column(
            "toy__marks",
            "'!' in the sentence.",
            (0, None),
            "higher = louder",
            REF,
            level="sentence",
        ),
    ),
    extract=extract,
    counterparts=counterparts,
    headlines=(Headline("toy__marks_per_sentence", "Exclamation marks", "higher = louder", 99),),
)
