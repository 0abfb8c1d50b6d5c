"""The material behind the report's figures: ``evidence.csv`` (docs/evidence.md).

For each outlet, a few rows per figure item (`ROWS_PER_KEY`), each naming the article
(and sentence) it comes from:

===============  =====================  ==============================================
``table``        ``key``                rows
===============  =====================  ==============================================
``actors``       ``<actor>:positive``   body sentences naming the actor, highest VADER
                 ``<actor>:negative``   compound first (≥ 0.05), resp. lowest (≤ −0.05)
``attribution``  ``<side>``             the side's longest quotes (``quotes.csv``)
``frames``       ``<frame>:cues``       the frame's cue words that fired most (value:
                                        hits, from ``lexicon_hits.csv``)
                 ``<frame>:sentences``  the first body sentences cueing the frame
``terms``        ``<term>``             body sentences using one of the outlet's top
                                        distinguishing terms (``terms.csv`` rank ≤ 3)
``features``     ``<column>:high``      body sentences with the highest (and, for a
                 ``<column>:low``       mean of sentences, lowest) value of a headline
                                        feature's sentence-level counterpart
===============  =====================  ==============================================

Ties are broken by article id and sentence, so the table is the same on every run.
The selection uses only the run's tables (and the study's actors): `framing explain`
rebuilds any of it from a finished run folder. `article_tone` averages the same
actor sentences per article, for ``period_stats.csv``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import polars as pl

from framing.evidence_rank import body_sentences, ranked_rows, side_key, top_rows, with_text
from framing.outputs.tables import KEY

if TYPE_CHECKING:
    from framing.config import Study
    from framing.features.base import Counterpart, Family

Table = pl.DataFrame | pl.LazyFrame

ROWS_PER_KEY = 3
# Terms per outlet and n-gram order whose sentences are shown (terms.csv `rank`).
TOP_TERMS = 3
# VADER's conventional thresholds for a positive / negative sentence (Hutto & Gilbert 2014).
POSITIVE, NEGATIVE = 0.05, -0.05
COMPOUND = "sentiment__compound"
EVIDENCE_SCHEMA = {
    "outlet": pl.String,
    "table": pl.String,
    "key": pl.String,
    "rank": pl.Int64,
    "article_id": pl.String,
    "sentence": pl.Int64,
    "value": pl.Float64,
    "text": pl.String,
}


def evidence_table(
    study: Study, tables: dict[str, Table], families: list[Family], headline_columns: list[str]
) -> pl.DataFrame:
    """``evidence``: every kind of evidence the run's tables allow (see module doc)."""
    sentences = tables.get("sentences")
    body = body_sentences(sentences) if sentences is not None else None
    parts: list[pl.DataFrame] = []
    if body is not None:
        mentions = tables.get("mention_tones")
        if mentions is not None and COMPOUND in body.collect_schema().names() and study.actors:
            parts.append(actor_sentences(body, mentions))
        parts.append(frame_sentences(body))
        if "terms" in tables:
            parts.append(term_sentences(body, _eager(tables["terms"])))
        for column, part in headline_counterparts(families, body, headline_columns).items():
            parts.append(feature_sentences(body, part, key=column, limit=ROWS_PER_KEY))
    if "quotes" in tables:
        parts.append(side_quotes(tables["quotes"], limit=ROWS_PER_KEY))
    if "lexicon_hits" in tables:
        parts.append(frame_cues(tables["lexicon_hits"], limit=ROWS_PER_KEY))
    frames = [p.select(list(EVIDENCE_SCHEMA)).cast(EVIDENCE_SCHEMA) for p in parts if p.height]
    if not frames:
        return pl.DataFrame(schema=EVIDENCE_SCHEMA)
    return pl.concat(frames).sort("outlet", "table", "key", "rank")


def _eager(table: Table) -> pl.DataFrame:
    return table.collect() if isinstance(table, pl.LazyFrame) else table


ACTOR_ROWS = {k: EVIDENCE_SCHEMA[k] for k in ("outlet", "article_id", "sentence")} | {
    "actor": pl.String,
    "value": pl.Float64,
}


def actor_rows(body: pl.LazyFrame, mentions: Table) -> pl.DataFrame:
    """One row per (scored body sentence, actor it names): ``outlet, article_id,
    sentence, actor`` and the sentence's VADER compound as ``value``.

    Which sentence names which actor is read from the actors family's own mentions
    (``mention_tones``: one row per mention, with its sentence), not matched again."""
    scored = body.filter(pl.col(COMPOUND).is_not_null() & pl.col(COMPOUND).is_not_nan())
    named = mentions.lazy().select(*KEY, pl.col("sentence").cast(pl.Int64), "actor").unique()
    outlets = named.select("outlet").unique().collect().get_column("outlet").sort()
    # One outlet at a time: the join holds one outlet's body sentences, not the corpus's.
    parts = [
        named.filter(pl.col("outlet") == outlet)
        .join(
            scored.filter(pl.col("outlet") == outlet).select(
                *KEY, pl.col("sentence").cast(pl.Int64), COMPOUND
            ),
            on=[*KEY, "sentence"],
        )
        .select(*KEY, "sentence", "actor", pl.col(COMPOUND).alias("value"))
        .collect()
        for outlet in outlets
    ]
    return pl.concat([pl.DataFrame(schema=ACTOR_ROWS), *parts], how="vertical_relaxed")


def actor_sentences(body: pl.LazyFrame, mentions: Table, limit: int = ROWS_PER_KEY) -> pl.DataFrame:
    """Per outlet and actor: the most positive and most negative body sentences naming it."""
    rows = actor_rows(body, mentions).lazy().with_columns(pl.lit("actors").alias("table"))
    positive = rows.filter(pl.col("value") >= POSITIVE).with_columns(
        (pl.col("actor") + ":positive").alias("key")
    )
    negative = rows.filter(pl.col("value") <= NEGATIVE).with_columns(
        (pl.col("actor") + ":negative").alias("key")
    )
    ranked = pl.concat(
        [
            top_rows(positive, descending=True, limit=limit),
            top_rows(negative, descending=False, limit=limit),
        ]
    )
    return with_text(body, ranked)


def article_tone(sentences: Table, mentions: Table, study: Study) -> pl.DataFrame:
    """Per article: ``tone:<actor>``, the mean VADER compound of its body sentences
    naming the actor (null when none does), for every actor of the study, for
    `period_stats`. Empty (no columns) without sentence compounds or actors."""
    body = body_sentences(sentences)
    if COMPOUND not in body.collect_schema().names() or not study.actors:
        return pl.DataFrame()
    rows = actor_rows(body, mentions).with_columns(("tone:" + pl.col("actor")).alias("actor"))
    means = rows.group_by(*KEY, "actor").agg(pl.col("value").mean())
    # Pivoted on the prefixed names: an actor may be called `outlet` or `article_id`.
    wide = means.pivot(on="actor", index=list(KEY), values="value")
    columns = [f"tone:{a.id}" for a in study.actors]
    return wide.with_columns(
        pl.lit(None, pl.Float64).alias(c) for c in columns if c not in wide.columns
    ).select(*KEY, *(pl.col(c).cast(pl.Float64) for c in columns))


def frame_sentences(body: pl.LazyFrame, limit: int = ROWS_PER_KEY) -> pl.DataFrame:
    """Per outlet and frame: the first body sentences that cue the frame."""
    flags = [
        c
        for c in body.collect_schema().names()
        if c.startswith("frames__") and c != "frames__n_frames"
    ]
    if not flags:
        return pl.DataFrame()
    # One frame at a time, each outlet's first `limit` cued sentences (key order).
    order = ["article_id", "sentence"]
    cued = pl.concat(
        [
            body.filter(pl.col(flag) > 0)
            .group_by("outlet")
            .agg(pl.col(order).sort_by(order).head(limit))
            .explode(order)
            .select(
                *KEY,
                "sentence",
                pl.lit("frames").alias("table"),
                pl.lit(flag.removeprefix("frames__") + ":sentences").alias("key"),
                pl.lit(None, pl.Float64).alias("value"),
            )
            .collect()
            for flag in flags
        ]
    )
    return with_text(body, ranked_rows(cued, [], [], limit))


def frame_cues(hits: Table, limit: int = ROWS_PER_KEY) -> pl.DataFrame:
    """Per outlet and frame: the cue words that fired most (value: hits)."""
    words = (
        hits.lazy()
        .filter(pl.col("lexicon").str.starts_with("frame:"))
        .group_by("outlet", "lexicon", "word")
        .agg(pl.col("count").sum().cast(pl.Float64).alias("value"))
        .with_columns(
            pl.lit("frames").alias("table"),
            (pl.col("lexicon").str.strip_prefix("frame:") + ":cues").alias("key"),
            pl.col("word").alias("text"),
            pl.lit(None, pl.String).alias("article_id"),
            pl.lit(None, pl.Int64).alias("sentence"),
        )
        .collect()
    )
    return ranked_rows(words, ["value", "text"], [True, False], limit)


def side_quotes(quotes: Table, limit: int = ROWS_PER_KEY) -> pl.DataFrame:
    """Per outlet and side: its longest quotes, ``“quote” — speaker``; ranked on their
    numbers first, the text of the chosen few read after (`quotes` may be a scan)."""
    needed = {"outlet", "article_id", "side", "quote", "n_words", "speaker"}
    lazy = quotes.lazy()
    if not needed <= set(lazy.collect_schema().names()):
        return pl.DataFrame()
    has_paragraph = "paragraph" in lazy.collect_schema().names()
    numbered = lazy.with_row_index("_row").filter(
        pl.col("side").is_not_null() & (pl.col("side") != "")
    )
    ranked = ranked_rows(
        numbered.select(
            "_row",
            "outlet",
            "article_id",
            pl.lit("attribution").alias("table"),
            pl.col("side").alias("key"),
            pl.col("n_words").cast(pl.Float64).alias("value"),
            pl.lit(None, pl.Int64).alias("sentence"),
            pl.col("paragraph").cast(pl.Int64).alias("_paragraph")
            if has_paragraph
            else pl.lit(0, pl.Int64).alias("_paragraph"),
        ).collect(),
        ["value", "article_id", "_paragraph"],
        [True, False, False],
        limit,
    )
    if not ranked.height:
        return pl.DataFrame()
    speaker = pl.col("speaker").fill_null("")
    chosen = ranked.select("_row", "article_id")
    text = (
        # The chosen articles first: the Parquet reader skips every other quote's text.
        numbered.filter(pl.col("article_id").is_in(chosen["article_id"].unique().implode()))
        .join(chosen.lazy().select("_row"), on="_row", how="semi")
        .select(
            "_row",
            pl.when(speaker != "")
            .then(pl.format("“{}” — {}", pl.col("quote"), speaker))
            .otherwise(pl.format("“{}”", pl.col("quote")))
            .alias("text"),
        )
        .collect()
    )
    return ranked.join(text, on="_row", how="left", maintain_order="left").drop("_row")


def term_pattern(term: str) -> str:
    """A case-insensitive regex for `term` as whole words (any spacing inside)."""
    words = [re.escape(w) for w in term.split()]
    return r"(?i)(?:^|\W)" + r"\s+".join(words) + r"(?:$|\W)"


def term_sentences(
    body: pl.LazyFrame, terms: pl.DataFrame, limit: int = ROWS_PER_KEY
) -> pl.DataFrame:
    """Per outlet and top distinguishing term: the first body sentences using it.

    One lazy pass per outlet over its sentences, keeping only each term's first
    `limit` matches (a running count per term), so no outlet's text is held whole."""
    if not terms.height or not {"outlet", "term", "rank"} <= set(terms.columns):
        return pl.DataFrame()
    top = terms.filter(pl.col("rank") <= TOP_TERMS).select("outlet", "term").sort("outlet", "term")
    found = []
    for (outlet,), mine in top.group_by("outlet", maintain_order=True):
        words = mine["term"].to_list()
        flags = [
            pl.col("text").str.contains(term_pattern(t)).alias(f"_t{i}")
            for i, t in enumerate(words)
        ]
        firsts = [
            (pl.col(f"_t{i}") & (pl.col(f"_t{i}").cum_sum() <= limit)) for i in range(len(words))
        ]
        matches = (
            body.filter(pl.col("outlet") == outlet)
            .select(*KEY, "sentence", "text", *flags)
            .filter(pl.any_horizontal(firsts))
            .collect()
        )
        for i, term in enumerate(words):
            hits = matches.filter(pl.col(f"_t{i}")).head(limit)
            found.append(hits.select(*KEY, "sentence", "text", pl.lit(term).alias("key")))
    if not found:
        return pl.DataFrame()
    rows = pl.concat(found).with_columns(
        pl.lit("terms").alias("table"), pl.lit(None, pl.Float64).alias("value")
    )
    return ranked_rows(rows, [], [], limit)


def headline_counterparts(
    families: list[Family], body: pl.LazyFrame, columns: list[str]
) -> dict[str, Counterpart]:
    """The sentence-level counterparts of `columns` the body sentences can rebuild."""
    from framing.stats.units import counterparts

    found = counterparts(families, body.collect_schema().names())
    return {c: found[c] for c in columns if c in found}


def sentence_values(body: pl.LazyFrame, part: Counterpart) -> pl.LazyFrame:
    """Body sentences (keys only) with ``value``: the counterpart's num / den per
    sentence (num for a mean of sentences), sentences with a zero or missing
    denominator left out."""
    num = part.num.cast(pl.Float64)
    if part.den is None:
        value = num
    else:
        den = part.den.cast(pl.Float64)
        value = pl.when(den > 0).then(part.scale * num / den)
    return (
        body.with_columns(value.fill_nan(None).alias("value"))
        .filter(pl.col("value").is_not_null())
        .select(*KEY, "sentence", "value")
    )


def feature_sentences(
    body: pl.LazyFrame, part: Counterpart, *, key: str, limit: int
) -> pl.DataFrame:
    """Per outlet: the body sentences that pull the feature up (``<key>:high``) and,
    for a mean of sentences, down (``<key>:low``), most first.

    For a mean of sentence values, up and down mean above and below the outlet's
    mean of them; a 0/1 indicator (a frame cue) gets no "low" list (its low sentences
    are all those without the cue). For a ratio (a rate per word) only "high": the
    sentences with a positive numerator, highest rate first.
    """
    values = sentence_values(body, part)
    label = pl.lit("features").alias("table")
    if part.den is not None:
        up = values.filter(pl.col("value") > 0).with_columns(label, side_key(key, "high"))
        return with_text(body, top_rows(up, descending=True, limit=limit))
    per_outlet = (
        values.group_by("outlet")
        .agg(
            pl.col("value").mean().alias("_mean"),
            pl.col("value").is_in([0.0, 1.0]).all().alias("_indicator"),
        )
        .collect()
    )
    valued = values.join(per_outlet.lazy().select("outlet", "_mean"), on="outlet")
    up = valued.filter(pl.col("value") > pl.col("_mean")).with_columns(label, side_key(key, "high"))
    high = top_rows(up, descending=True, limit=limit)
    if per_outlet["_indicator"].all():
        return with_text(body, high)
    down = valued.filter(pl.col("value") < pl.col("_mean")).with_columns(
        label, side_key(key, "low")
    )
    low = top_rows(down, descending=False, limit=limit)
    return with_text(body, pl.concat([high, low]))
