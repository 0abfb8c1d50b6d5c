"""Mention tone per outlet × actor for ``actors.csv``, and the mentions behind it
(``actor_tone_evidence.csv``). Definitions: docs/actors.md, "Tone per outlet and actor".

Both read the per-mention table ``mention_tones`` (numbers only: keys, offsets, polarity,
score), never the corpus text; the evidence table then looks up the text of the few
sentences it lists. Streamed (features/base.py): per chunk, `unit_sums` keeps Σ scores
and the number of mentions per article × actor and per sentence × actor (which unit an
outlet resamples is known only once every chunk has counted its articles), and
`evidence_candidates` the chunk's `EVIDENCE_PER_POLE` extremes per pole with their
sentence's text; `outlet_tones_from_units` and `ranked_evidence` read the merged rows.
A unit's sum is added by numpy in (sentence, start) order within one chunk, as the whole
corpus would add it, so the tables do not depend on the chunking.

``tone`` is the mean score over the outlet's mentions of the actor (headline included).
Its 95% interval is a cluster bootstrap: the resampled units are the outlet's articles that
mention the actor, or, when the outlet has fewer than ``[stats] min_articles`` articles, its
sentences that mention it; a resample's statistic is the mean over every mention in the
drawn units (Σ scores / Σ mentions), so mentions of one unit stay together. Draws come from
`framing.stats.resampling.stream`, keyed by the study seed, "actors.tone", outlet and actor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import polars as pl

from framing.features.actors.mention_tone import TONE_SCHEMA
from framing.features.actors.sums import run_sums
from framing.stats.resampling import bootstrap, percentile_ci, stream

if TYPE_CHECKING:
    import numpy as np

# The tone columns of actors.csv, after the VADER ones.
OUTLET_TONE_SCHEMA = {
    "outlet": pl.String,
    "actor": pl.String,
    "tone": pl.Float64,
    "tone_ci_low": pl.Float64,
    "tone_ci_high": pl.Float64,
    "tone_unit": pl.String,
    "tone_n": pl.Int64,
    "tone_negative": pl.Int64,
    "tone_neutral": pl.Int64,
    "tone_positive": pl.Int64,
    "tone_note": pl.String,
}
EVIDENCE_SCHEMA = {
    "outlet": pl.String,
    "actor": pl.String,
    "pole": pl.String,
    "rank": pl.Int64,
    "article_id": pl.String,
    "sentence": pl.Int32,
    "alias": pl.String,
    "start": pl.Int64,
    "end": pl.Int64,
    "polarity": pl.String,
    "score": pl.Float64,
    "text": pl.String,
}
# Mentions listed per outlet × actor and pole (the most negative, the most positive).
EVIDENCE_PER_POLE = 3
POLARITIES = ("negative", "neutral", "positive")
# A candidate for the evidence table: a row of it before ranking.
CANDIDATE_SCHEMA = {k: v for k, v in EVIDENCE_SCHEMA.items() if k != "rank"}
# The resampled units of `outlet_tones`: their key columns besides outlet and actor.
UNIT_KEYS = {"article": ["article_id"], "sentence": ["article_id", "sentence"]}
# One order of an outlet × actor's mentions whatever the chunking: unit sums follow it.
MENTION_ORDER = ["outlet", "actor", "article_id", "sentence", "start"]


def unit_sums(tones: pl.DataFrame, unit: str) -> pl.DataFrame:
    """Per outlet × actor × `unit` ("article" or "sentence") mentioned in `tones`: ``tone_sum``
    (Σ scores, added in `MENTION_ORDER` by `sums.run_sums`: the same bits in a chunk as in
    the whole corpus) and ``tone_mentions``."""
    keys = ["outlet", "actor", *UNIT_KEYS[unit]]
    return run_sums(tones, keys, "score", MENTION_ORDER).rename(
        {"score_sum": "tone_sum", "score_n": "tone_mentions"}
    )


def polarity_counts(tones: pl.DataFrame) -> pl.DataFrame:
    """Per outlet × actor × article: mentions per polarity (``tone_negative`` ...)."""
    return tones.group_by("outlet", "actor", "article_id").agg(
        (pl.col("polarity") == p).sum().cast(pl.Int64).alias(f"tone_{p}") for p in POLARITIES
    )


def outlet_tones(
    tones: pl.DataFrame,
    articles_per_outlet: dict[str, int],
    *,
    seed: int,
    resamples: int,
    min_articles: int,
) -> pl.DataFrame:
    """`outlet_tones_from_units` of one table of mentions (the whole corpus's, or a test's)."""
    articles = unit_sums(tones, "article").join(
        polarity_counts(tones), on=["outlet", "actor", "article_id"], how="left"
    )
    return outlet_tones_from_units(
        articles,
        unit_sums(tones, "sentence"),
        articles_per_outlet,
        seed=seed,
        resamples=resamples,
        min_articles=min_articles,
    )


def outlet_tones_from_units(
    articles: pl.DataFrame,
    sentences: pl.DataFrame,
    articles_per_outlet: dict[str, int],
    *,
    seed: int,
    resamples: int,
    min_articles: int,
) -> pl.DataFrame:
    """One row per outlet × actor with at least one mention: `OUTLET_TONE_SCHEMA`.

    `articles` and `sentences` are `unit_sums` rows (articles with `polarity_counts`) of
    any number of chunks, in any order. `articles_per_outlet` decides the unit (article,
    or sentence below `min_articles`)."""
    import numpy as np

    articles = articles.filter(pl.col("tone_mentions") > 0)
    if not articles.height:
        return pl.DataFrame(schema=OUTLET_TONE_SCHEMA)
    # Units in key order, not chunk order: the draws follow the order of the sums.
    by_cell = {
        unit: frame.sort(["outlet", "actor", *UNIT_KEYS[unit]]).partition_by(
            "outlet", "actor", as_dict=True, maintain_order=True
        )
        for unit, frame in (("article", articles), ("sentence", sentences))
    }
    rows: list[dict[str, Any]] = []
    for (outlet, actor), group in by_cell["article"].items():
        by_article = articles_per_outlet.get(str(outlet), 0) >= min_articles
        unit = "article" if by_article else "sentence"
        units = group if by_article else by_cell["sentence"][(outlet, actor)]
        sums = units["tone_sum"].to_numpy().astype(np.float64)
        counts = units["tone_mentions"].to_numpy().astype(np.float64)
        rng = stream(seed, "actors.tone", str(outlet), str(actor))
        low, high, note = _interval(sums, counts, rng, resamples, unit, min_articles)
        rows.append(
            {
                "outlet": outlet,
                "actor": actor,
                "tone": float(np.sum(sums) / np.sum(counts)),
                "tone_ci_low": low,
                "tone_ci_high": high,
                "tone_unit": unit,
                "tone_n": int(sums.size),
                **{f"tone_{p}": int(group[f"tone_{p}"].sum()) for p in POLARITIES},
                "tone_note": note,
            }
        )
    return pl.DataFrame(rows, schema=OUTLET_TONE_SCHEMA)


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
    """`ranked_evidence` of one table of mentions (the whole corpus's, or a test's)."""
    return ranked_evidence(evidence_candidates(tones, sentences, per_pole=per_pole), per_pole)


def evidence_candidates(
    tones: pl.DataFrame, sentences: pl.DataFrame, *, per_pole: int = EVIDENCE_PER_POLE
) -> pl.DataFrame:
    """`CANDIDATE_SCHEMA`: per outlet × actor, the `per_pole` mentions of `tones` with the
    lowest negative scores (pole "negative") and the highest positive ones ("positive"),
    each with the text of its sentence (from `sentences`: one chunk's are enough)."""
    poles = [
        tones.filter(pl.col("score") < 0).with_columns(pl.lit("negative").alias("pole")),
        tones.filter(pl.col("score") > 0).with_columns(pl.lit("positive").alias("pole")),
    ]
    picked = top_candidates(pl.concat(poles).select(*TONE_SCHEMA, "pole"), per_pole)
    # The only text read: the sentences of the listed mentions.
    text = sentences.select("outlet", "article_id", "sentence", "text").join(
        picked.select("outlet", "article_id", "sentence").unique(),
        on=["outlet", "article_id", "sentence"],
        how="semi",
    )
    return (
        picked.join(text, on=["outlet", "article_id", "sentence"], how="left")
        .select(list(CANDIDATE_SCHEMA))
        .cast(CANDIDATE_SCHEMA)  # type: ignore[arg-type]
    )


def top_candidates(candidates: pl.DataFrame, per_pole: int = EVIDENCE_PER_POLE) -> pl.DataFrame:
    """The `per_pole` most extreme of `candidates` per outlet × actor × pole, with their
    ``rank``: lowest score first on the negative pole, highest on the positive one; ties
    go to the earlier article, sentence and offset (every key breaks ties, so the choice
    does not depend on row order: merging top lists of chunks is exact)."""
    # Highest first = lowest first of the negated score (negation is exact).
    extremity = (
        pl.when(pl.col("pole") == "negative").then(pl.col("score")).otherwise(-pl.col("score"))
    )
    return (
        candidates.drop("rank", strict=False)
        .sort(extremity, *MENTION_ORDER)
        .with_columns(
            pl.int_range(1, pl.len() + 1, dtype=pl.Int64)
            .over("outlet", "actor", "pole")
            .alias("rank")
        )
        .filter(pl.col("rank") <= per_pole)
    )


def ranked_evidence(candidates: pl.DataFrame, per_pole: int = EVIDENCE_PER_POLE) -> pl.DataFrame:
    """``actor_tone_evidence`` from `evidence_candidates` of any number of chunks."""
    if not candidates.height:
        return pl.DataFrame(schema=EVIDENCE_SCHEMA)
    return (
        top_candidates(candidates, per_pole)
        .select(list(EVIDENCE_SCHEMA))
        .cast(EVIDENCE_SCHEMA)  # type: ignore[arg-type]
        .sort("outlet", "actor", "pole", "rank")
    )
