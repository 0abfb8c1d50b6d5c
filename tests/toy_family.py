"""A feature family that lives in the test folder only: exclamation marks per sentence.

`tests/test_registry.py` registers it (`framing.features.register("toy",
"tests.toy_family")`) and checks that it reaches every table, the feature list and the
report without any other module knowing about it.
"""

from __future__ import annotations

import polars as pl

from framing.corpus import Batch
from framing.features.base import (
    Column,
    Context,
    Counterpart,
    Extracted,
    Family,
    Headline,
    Partials,
    concat_partials,
)
from framing.outputs.tables import TableSpec

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


SENTENCE = ["outlet", "article_id", "sentence"]


def partial(extracted: Extracted, batch: Batch, ctx: Context) -> Partials:
    """Per chunk: "!" and sentences per outlet, and each outlet's loudest sentence (key
    only: its text is read back at the end)."""
    marks = pl.concat([batch.sentences.select(*SENTENCE), extracted.sentences], how="horizontal")
    totals = marks.group_by("outlet").agg(
        pl.col("toy__marks").sum().alias("marks"), pl.len().alias("sentences")
    )
    return {"totals": totals, "loudest": _loudest(marks)}


def _loudest(marks: pl.DataFrame) -> pl.DataFrame:
    """Per outlet the sentence with the most "!", the first in key order on ties."""
    return (
        marks.sort(
            ["outlet", "toy__marks", "article_id", "sentence"],
            descending=[False, True, False, False],
        )
        .group_by("outlet", maintain_order=True)
        .first()
    )


def merge(name: str, frames: list[pl.DataFrame]) -> pl.DataFrame:
    stacked = concat_partials(name, frames)
    if name == "totals":
        return stacked.group_by("outlet").agg(pl.col("marks", "sentences").sum())
    return _loudest(stacked)


def summarise(partials: Partials, ctx: Context) -> dict[str, pl.DataFrame]:
    """``toy_outlets``: per outlet, "!" per sentence and its loudest sentence's text."""
    assert ctx.texts is not None
    loudest = partials["loudest"]
    text = (
        ctx.texts.scan("sentences")
        .join(loudest.lazy().select(SENTENCE), on=SENTENCE, how="semi")
        .select(*SENTENCE, "text")
        .collect()
    )
    table = (
        partials["totals"]
        .join(loudest.join(text, on=SENTENCE).select("outlet", "text"), on="outlet")
        .select(
            "outlet",
            (pl.col("marks") / pl.col("sentences")).alias("marks_per_sentence"),
            pl.col("text").alias("loudest"),
        )
        .sort("outlet")
    )
    return {"toy_outlets": table}


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
    partial=partial,
    merge=merge,
    summarise=summarise,
    tables=(TableSpec("toy_outlets", ("outlet",), text=("outlet", "loudest")),),
    counterparts=counterparts,
    headlines=(Headline("toy__marks_per_sentence", "Exclamation marks", "higher = louder", 99),),
)
