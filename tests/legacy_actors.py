"""A frozen copy of the actors family's corpus-wide tables as they were computed before
streaming (issue 16): `summarise(extracted, corpus, ctx)` over the whole corpus in
memory. tests/test_actors_stream.py checks the streamed tables against it, bit for bit.
Do not edit to follow the family: it is the reference the streamed code must equal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from framing.features.actors.mention_tone import TONE_SCHEMA as MENTION_TONE_SCHEMA
from framing.features.actors.mentions import MENTION_SCHEMA, sentence_mentions, study_gazetteer
from framing.features.actors.summary import ACTORS_SCHEMA, TONE_COUNTS, TONE_VALUES
from framing.features.actors.tone import TONE_SCHEMA
from framing.features.actors.tone_summary import EVIDENCE_SCHEMA, OUTLET_TONE_SCHEMA, POLARITIES
from framing.features.actors.verbs import VERB_HIT_SCHEMA, VERBS_SCHEMA
from framing.features.base import Context, Extracted
from framing.stats.resampling import (
    bootstrap,
    bootstrap_mean,
    percentile_ci,
    series_ratio,
    stable_seed,
    stream,
)
from tests.passages_reference import shared_passages

if TYPE_CHECKING:
    from framing.corpus import Batch
    from framing.features.actors.gazetteer import Gazetteer

COMPOUND = "sentiment__compound"
EVIDENCE_PER_POLE = 3


def summarise(extracted: Extracted, corpus: Batch, ctx: Context) -> dict[str, pl.DataFrame]:
    """``actors`` (outlet × actor), ``actor_tone_evidence``, ``actor_verbs`` and
    ``shared_passages`` tables."""
    options: Any = ctx.options
    tones = _table(extracted, "mention_tones", MENTION_TONE_SCHEMA)
    passages = shared_passages(
        corpus.paragraphs,
        threshold=options.passage_threshold,
        k=options.passage_shingle,
        min_words=options.passage_min_words,
    )
    return {
        "actors": actor_table(extracted, corpus, ctx, study_gazetteer(ctx.study.actors)),
        "actor_tone_evidence": tone_evidence(tones, corpus.sentences),
        "actor_verbs": verb_table(extracted.tables.get("actor_verb_hits", pl.DataFrame())),
        "shared_passages": passages,
    }


def actor_table(
    extracted: Extracted, corpus: Batch, ctx: Context, gazetteer: Gazetteer
) -> pl.DataFrame:
    """``actors``: every outlet × study actor, mentioned or not (counts 0, tone NaN)."""
    mentions = _table(extracted, "actor_mentions", MENTION_SCHEMA)
    body_sentences = (
        corpus.sentences.filter(~pl.col("is_headline"))
        .group_by("outlet")
        .agg(pl.len().alias("_n_body"))
    )
    grid = pl.DataFrame({"outlet": corpus.articles["outlet"].unique().sort()}).join(
        pl.DataFrame({"actor": list(gazetteer.actors)}, schema={"actor": pl.String}), how="cross"
    )
    counts = mentions.group_by("outlet", "actor").agg(
        pl.col("mentions").sum(),
        pl.col("headline_mentions").sum(),
        pl.col("first_position").fill_nan(None).sum().alias("_position_sum"),
        pl.col("first_position").fill_nan(None).count().alias("_position_n"),
        pl.col("sentences").sum(),
        (pl.col("mentions") > 0).sum().cast(pl.Int64).alias("articles"),
    )
    table = (
        grid.join(counts, on=["outlet", "actor"], how="left")
        .join(body_sentences, on="outlet", how="left")
        .join(sentiment_table(corpus, ctx, gazetteer), on=["outlet", "actor"], how="left")
        .join(_mention_tone(extracted, corpus, ctx), on=["outlet", "actor"], how="left")
        .with_columns(
            pl.col(
                "mentions",
                "headline_mentions",
                "sentences",
                "articles",
                "n_exclusive",
                *TONE_COUNTS,
            ).fill_null(0),
            pl.col(*TONE_VALUES, "tone", "tone_ci_low", "tone_ci_high").fill_null(float("nan")),
            pl.col("tone_note").fill_null("not mentioned"),
        )
    )
    return (
        table.with_columns(
            series_ratio(table["_position_sum"], table["_position_n"]).alias(
                "first_mention_position"
            ),
            series_ratio(table["sentences"], table["_n_body"]).alias("share_sentences"),
        )
        .select(list(ACTORS_SCHEMA))
        .cast(ACTORS_SCHEMA)  # type: ignore[arg-type]
        .sort("outlet", "actor")
    )


def _table(extracted: Extracted, name: str, schema: dict) -> pl.DataFrame:
    """A per-article table of the family, or an empty one with its schema."""
    frame = extracted.tables.get(name, pl.DataFrame())
    return frame if frame.width else pl.DataFrame(schema=schema)


def _mention_tone(extracted: Extracted, corpus: Batch, ctx: Context) -> pl.DataFrame:
    """actors.csv's mention-tone columns, from the per-mention table alone (and the
    number of articles per outlet, which decides what is resampled)."""
    counts = corpus.articles.group_by("outlet").len()
    return outlet_tones(
        _table(extracted, "mention_tones", MENTION_TONE_SCHEMA),
        dict(counts.iter_rows()),
        seed=ctx.study.study.seed,
        resamples=ctx.study.stats.bootstrap,
        min_articles=ctx.study.stats.min_articles,
    )


def _compounds(corpus: Batch, ctx: Context) -> pl.Series:
    """Each sentence's compound, or null when the sentiment family gave none."""
    sentiment = ctx.upstream.get("sentiment")
    frame = sentiment.sentences if sentiment is not None else pl.DataFrame()
    if COMPOUND in frame.columns and frame.height == corpus.sentences.height:
        return frame[COMPOUND].cast(pl.Float64).fill_nan(None)
    return pl.Series(COMPOUND, [None] * corpus.sentences.height, dtype=pl.Float64)


def sentiment_table(corpus: Batch, ctx: Context, gazetteer: Gazetteer) -> pl.DataFrame:
    """Per (outlet, actor): mean compound with bootstrap CI, exclusive and all sentences."""
    compound = _compounds(corpus, ctx)
    body = sentence_mentions(corpus.sentences, gazetteer).filter(~pl.col("is_headline"))
    # Resampling order must not depend on chunking: sort before drawing.
    body = body.with_columns(compound.gather(body["row"]).alias(COMPOUND)).sort(
        "outlet", "actor", "article_id", "sentence"
    )
    rows: list[dict[str, Any]] = []
    resamples = ctx.study.stats.bootstrap
    for (outlet, actor), group in body.group_by("outlet", "actor", maintain_order=True):
        row: dict[str, Any] = {"outlet": outlet, "actor": actor}
        for suffix, subset in (("", group.filter(pl.col("exclusive"))), ("_all", group)):
            values = subset[COMPOUND].drop_nulls().to_numpy().astype(np.float64)
            seed = stable_seed(
                ctx.study.study.seed, str(outlet), str(actor), suffix or "_exclusive"
            )
            mean, low, high = bootstrap_mean(values, resamples=resamples, seed=seed)
            row |= {
                f"mean_compound{suffix}": mean,
                f"ci_low{suffix}": low,
                f"ci_high{suffix}": high,
            }
        row["n_exclusive"] = int(group["exclusive"].sum())
        rows.append(row)
    return pl.DataFrame(rows, schema=TONE_SCHEMA)


def outlet_tones(
    tones: pl.DataFrame,
    articles_per_outlet: dict[str, int],
    *,
    seed: int,
    resamples: int,
    min_articles: int,
) -> pl.DataFrame:
    """One row per outlet × actor with at least one mention: `OUTLET_TONE_SCHEMA`.

    `articles_per_outlet` decides the unit (article, or sentence below `min_articles`)."""
    if not tones.height:
        return pl.DataFrame(schema=OUTLET_TONE_SCHEMA)
    # One order whatever the chunking: the units' sums, and so the draws, follow it.
    ordered = tones.select(
        "outlet", "actor", "article_id", "sentence", "start", "polarity", "score"
    ).sort("outlet", "actor", "article_id", "sentence", "start", maintain_order=True)
    rows: list[dict[str, Any]] = []
    for (outlet, actor), group in ordered.group_by("outlet", "actor", maintain_order=True):
        by_article = articles_per_outlet.get(str(outlet), 0) >= min_articles
        unit = "article" if by_article else "sentence"
        keys = ["article_id"] if by_article else ["article_id", "sentence"]
        sums, counts = _unit_sums(group, keys)
        rng = stream(seed, "actors.tone", str(outlet), str(actor))
        low, high, note = _interval(sums, counts, rng, resamples, unit, min_articles)
        polarity = group["polarity"]
        rows.append(
            {
                "outlet": outlet,
                "actor": actor,
                "tone": float(np.sum(sums) / np.sum(counts)),
                "tone_ci_low": low,
                "tone_ci_high": high,
                "tone_unit": unit,
                "tone_n": int(sums.size),
                **{f"tone_{p}": int((polarity == p).sum()) for p in POLARITIES},
                "tone_note": note,
            }
        )
    return pl.DataFrame(rows, schema=OUTLET_TONE_SCHEMA)


def _unit_sums(group: pl.DataFrame, keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Per unit (consecutive rows sharing `keys`): Σ scores and the number of mentions."""
    scores = group["score"].to_numpy().astype(np.float64)
    new_unit = np.zeros(group.height, dtype=bool)
    new_unit[0] = True
    for key in keys:
        values = group[key].to_numpy()
        new_unit[1:] |= values[1:] != values[:-1]
    starts = np.flatnonzero(new_unit)
    counts = np.diff(np.append(starts, group.height)).astype(np.float64)
    return np.add.reduceat(scores, starts), counts


def _interval(
    sums: np.ndarray,
    counts: np.ndarray,
    rng: np.random.Generator,
    resamples: int,
    unit: str,
    min_articles: int,
) -> tuple[float, float, str]:
    """(ci_low, ci_high, note): NaN bounds and the reason when there is one unit."""
    if sums.size < 2:
        return float("nan"), float("nan"), f"one {unit}: no interval"
    draws = bootstrap(sums[:, None], counts[:, None], resamples=resamples, rng=rng)
    low, high = percentile_ci(draws)
    note = (
        ""
        if unit == "article"
        else f"fewer than {min_articles} articles: sentences resampled "
        "(an interval of within-article stability)"
    )
    return float(low[0]), float(high[0]), note


def tone_evidence(
    tones: pl.DataFrame, sentences: pl.DataFrame, *, per_pole: int = EVIDENCE_PER_POLE
) -> pl.DataFrame:
    """``actor_tone_evidence``: per outlet × actor, the `per_pole` mentions with the lowest
    negative scores (pole "negative") and the highest positive ones ("positive"), each with
    its sentence's text. Ties go to the earlier article, sentence and offset."""
    if not tones.height:
        return pl.DataFrame(schema=EVIDENCE_SCHEMA)
    order = ["outlet", "actor", "article_id", "sentence", "start"]
    poles = []
    for pole, keep, descending in (
        ("negative", pl.col("score") < 0, False),
        ("positive", pl.col("score") > 0, True),
    ):
        chosen = (
            tones.filter(keep)
            .sort(["score", *order], descending=[descending] + [False] * len(order))
            .with_columns(
                pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over("outlet", "actor").alias("rank")
            )
            .filter(pl.col("rank") <= per_pole)
            .with_columns(pl.lit(pole).alias("pole"))
        )
        poles.append(chosen)
    picked = pl.concat(poles).select(*MENTION_TONE_SCHEMA, "pole", "rank")
    # The only text read: the sentences of the listed mentions.
    text = sentences.select("outlet", "article_id", "sentence", "text").join(
        picked.select("outlet", "article_id", "sentence").unique(),
        on=["outlet", "article_id", "sentence"],
        how="semi",
    )
    return (
        picked.join(text, on=["outlet", "article_id", "sentence"], how="left")
        .select(list(EVIDENCE_SCHEMA))
        .cast(EVIDENCE_SCHEMA)  # type: ignore[arg-type]
        .sort("outlet", "actor", "pole", "rank")
    )


def verb_table(hits: pl.DataFrame) -> pl.DataFrame:
    """``actor_verbs``: per outlet, actor and verb, how many subject–verb hits."""
    if not hits.width:
        hits = pl.DataFrame(schema=VERB_HIT_SCHEMA)
    return (
        hits.group_by("outlet", "actor", "verb", "verb_class")
        .agg(pl.len().cast(pl.Int64).alias("count"))
        .select(list(VERBS_SCHEMA))
        .sort("outlet", "actor", "verb", "verb_class")
    )
