"""The actors family's per-chunk partial aggregates and their merge (features/base.py,
"Corpus-wide tables ... stream"); `summary.summarise` builds the tables from them.

Each partial holds what one table needs from a chunk, never the text of every sentence:

* ``outlets``: per outlet, its articles and body sentences (summed over chunks).
* ``article_actors``: per article × actor mentioned, the counts and first position of
  ``actor_mentions`` and the article's mention-tone unit (`tone_summary.unit_sums`).
* ``sentence_actors``: per sentence × actor mentioned, its mention-tone unit, whether
  it is the headline, whether it names no other actor, and its VADER compound: the
  sentence-level values the intervals resample (`tone.sentence_compounds`).
* ``tone_evidence``: per outlet × actor × pole, the chunk's most extreme mentions with
  their sentence's text; merged by keeping the most extreme (a top-k, exact whatever
  the chunking since every key breaks ties).
* ``verb_counts``: subject–verb hits per outlet × actor × verb (summed over chunks).
* ``passage_signatures``: `passages.passage_signatures` of the chunk's paragraphs.

Rows per article or sentence are concatenated, never summed across chunks: an article
lives in one chunk, and `summarise` sorts them by key before adding or resampling, so
the tables are the same bits for any chunking and any merge order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from framing.features.actors.mention_tone import TONE_SCHEMA
from framing.features.actors.mentions import MENTION_SCHEMA
from framing.features.actors.tone import sentence_compounds
from framing.features.actors.tone_summary import (
    evidence_candidates,
    polarity_counts,
    top_candidates,
    unit_sums,
)
from framing.features.actors.verbs import VERB_HIT_SCHEMA, verb_counts
from framing.features.base import Context, Extracted, stack_frames

if TYPE_CHECKING:
    from framing.corpus import Batch
    from framing.features.actors import ActorsOptions

OUTLETS_SCHEMA = {"outlet": pl.String, "articles": pl.Int64, "body_sentences": pl.Int64}
# Partials merged by summing their count columns over these keys.
SUMMED = {"outlets": ("outlet",), "verb_counts": ("outlet", "actor", "verb", "verb_class")}
# What `article_actors` keeps of actor_mentions (the rest is the mention-tone unit).
ARTICLE_MENTION_COLUMNS = (
    "outlet",
    "article_id",
    "actor",
    "mentions",
    "headline_mentions",
    "first_position",
    "sentences",
)


def partial(extracted: Extracted, batch: Batch, ctx: Context) -> dict[str, pl.DataFrame]:
    """The chunk's partials (module docstring)."""
    from framing.features.actors import passages

    options: ActorsOptions = ctx.options
    tones = table(extracted, "mention_tones", TONE_SCHEMA)
    return {
        "outlets": outlet_counts(batch),
        "article_actors": article_actors(table(extracted, "actor_mentions", MENTION_SCHEMA), tones),
        "sentence_actors": sentence_actors(tones, batch, ctx),
        "tone_evidence": evidence_candidates(tones, batch.sentences),
        "verb_counts": verb_counts(table(extracted, "actor_verb_hits", VERB_HIT_SCHEMA)),
        "passage_signatures": passages.passage_signatures(
            batch.paragraphs,
            k=options.passage_shingle,
            min_words=options.passage_min_words,
            threshold=options.passage_threshold,
        ),
    }


def merge(name: str, frames: list[pl.DataFrame]) -> pl.DataFrame:
    """Partial `name` of several chunks (or merges) as one: counts summed, the evidence
    candidates cut to the top ones, every other partial concatenated. Commutative and
    associative up to row order (`summarise` sorts)."""
    stacked = stack_frames(frames, how="diagonal_relaxed")
    if not stacked.width:
        return stacked
    if name in SUMMED:
        keys = SUMMED[name]
        return stacked.group_by(keys).agg(pl.exclude(keys).sum())
    if name == "tone_evidence":
        return top_candidates(stacked).drop("rank")
    return stacked


def table(extracted: Extracted, name: str, schema: dict) -> pl.DataFrame:
    """A per-article table of the family, or an empty one with its schema."""
    frame = extracted.tables.get(name, pl.DataFrame())
    return frame if frame.width else pl.DataFrame(schema=schema)


def outlet_counts(batch: Batch) -> pl.DataFrame:
    """``outlets``: per outlet of the chunk, its articles and body sentences."""
    articles = batch.articles.group_by("outlet").agg(pl.len().cast(pl.Int64).alias("articles"))
    body = (
        batch.sentences.filter(~pl.col("is_headline"))
        .group_by("outlet")
        .agg(pl.len().cast(pl.Int64).alias("body_sentences"))
    )
    return (
        articles.join(body, on="outlet", how="left")
        .with_columns(pl.col("body_sentences").fill_null(0))
        .select(list(OUTLETS_SCHEMA))
        .cast(OUTLETS_SCHEMA)  # type: ignore[arg-type]
    )


def article_actors(mentions: pl.DataFrame, tones: pl.DataFrame) -> pl.DataFrame:
    """``article_actors``: actor_mentions' counts with the article's tone unit."""
    keys = ["outlet", "actor", "article_id"]
    tone = unit_sums(tones, "article").join(polarity_counts(tones), on=keys, how="left")
    return mentions.select(ARTICLE_MENTION_COLUMNS).join(tone, on=keys, how="left")


def sentence_actors(tones: pl.DataFrame, batch: Batch, ctx: Context) -> pl.DataFrame:
    """``sentence_actors``: per sentence × actor mentioned, its tone unit and compound."""
    return sentence_compounds(tones, batch, ctx).join(
        unit_sums(tones, "sentence"), on=["outlet", "actor", "article_id", "sentence"], how="left"
    )
