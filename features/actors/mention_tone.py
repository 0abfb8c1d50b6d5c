"""Tone toward each actor mention, per article (docs/actors.md, "Tone toward each mention").

Every gazetteer mention in a sentence (headline included) is scored by the shipped
mention-tone model (`tone_model.shipped_model`): polarity = the likeliest of negative /
neutral / positive, score = P(positive) − P(negative). The sentence's other mentions (of
other actors, or other mentions of the same one) are given to the model as other actors,
so "Seoul condemned Pyongyang's threats" scores Seoul and Pyongyang apart.

Two outputs: the per-mention table ``mention_tones`` (the evidence: one row per mention,
no text) and, per article × actor, the columns that `mentions.extract` adds to
``actor_mentions`` (mean score and counts per polarity).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from framing.outputs.tables import KEY
from framing.stats.resampling import series_ratio

if TYPE_CHECKING:
    from framing.features.actors.gazetteer import Gazetteer

TONE_SCHEMA = {
    "outlet": pl.String,
    "article_id": pl.String,
    "sentence": pl.Int32,
    "actor": pl.String,
    "alias": pl.String,
    "start": pl.Int64,
    "end": pl.Int64,
    "polarity": pl.String,
    "score": pl.Float64,
}
# Per article × actor, joined into actor_mentions.
ARTICLE_TONE_SCHEMA = {
    "tone": pl.Float64,
    "tone_negative": pl.Int64,
    "tone_neutral": pl.Int64,
    "tone_positive": pl.Int64,
}


def mention_tones(
    sentences: pl.DataFrame, hits: pl.DataFrame, gazetteer: Gazetteer
) -> pl.DataFrame:
    """``mention_tones``: one row per mention in the sentences that `hits` (rows of
    `mentions.sentence_mentions`) says hold one, in sentence then text order.

    Offsets (``start``, ``end``) are characters of the sentence's text, from
    `Gazetteer.find`, which finds exactly what the vectorised count in `hits` found
    (checked here: a mismatch is a bug, not a data problem)."""
    from framing.features.actors.tone_model import shipped_model

    rows = hits["row"].unique(maintain_order=True).to_list()
    if not rows:
        return pl.DataFrame(schema=TONE_SCHEMA)
    info = sentences.select(*KEY, "sentence", "text")[rows]
    records: list[tuple] = []
    items: list[tuple[str, list[tuple[int, int]]]] = []
    for outlet, article_id, sentence, text in info.iter_rows():
        found = gazetteer.find(text)
        records += [(outlet, article_id, sentence, m.actor, m.alias, m.start, m.end) for m in found]
        items.append((text, [(m.start, m.end) for m in found]))
    if len(records) != int(hits["count"].sum()):
        raise RuntimeError("gazetteer.find and mention_table disagree on a sentence's mentions")
    # Each mention scored with the sentence's other mentions as its other actors.
    scored = shipped_model().score_sentences(items)
    columns = list(zip(*records, strict=True))
    frame = {
        name: list(values) for name, values in zip(list(TONE_SCHEMA)[:7], columns, strict=True)
    }
    frame["polarity"] = [label for label, _ in scored]
    frame["score"] = [score for _, score in scored]
    return pl.DataFrame(frame, schema=TONE_SCHEMA)


def article_tones(tones: pl.DataFrame) -> pl.DataFrame:
    """Per article × actor: ``tone`` (mean mention score) and mentions per polarity."""
    grouped = tones.group_by(*KEY, "actor", maintain_order=True).agg(
        pl.col("score").sum().alias("_sum"),
        pl.len().alias("_n"),
        *[
            (pl.col("polarity") == label).sum().cast(pl.Int64).alias(f"tone_{label}")
            for label in ("negative", "neutral", "positive")
        ],
    )
    # numpy's correctly rounded division (see series_ratio): the same bits per chunking.
    return grouped.with_columns(series_ratio(grouped["_sum"], grouped["_n"]).alias("tone")).select(
        *KEY, "actor", *ARTICLE_TONE_SCHEMA
    )
