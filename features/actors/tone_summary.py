"""Mention tone per outlet × actor for ``actors.csv``, and the mentions behind it
(``actor_tone_evidence.csv``). Definitions: docs/actors.md, "Tone per outlet and actor".

Both read the per-mention table ``mention_tones`` (numbers only: keys, offsets, polarity,
score), never the corpus text; the evidence table then looks up the text of the few
sentences it lists. So they can run on per-chunk parts of that table.

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
    import numpy as np

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
    import numpy as np

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
    picked = pl.concat(poles).select(*TONE_SCHEMA, "pole", "rank")
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
