"""`attribution` feature family: who gets quoted, how much, and how.

Per article, `framing.features.attribution.extraction.extract_attributions` lists every
direct quote, indirect attribution and mixed quote with its speaker, actor, side and
reporting verb (`quotes` table); the family turns them into article columns and, per
outlet × side, the `attribution` table (`tables`). Rules, formulas and every column:
docs/attribution.md. The balance index is defined in `sides`.

The package, by stage of the rules: `quotations` (pairing quote marks, on the shared
model `framing.corpus.marks`), `narrative` (quotations masked, tokens, sentences),
`cues` (the reporting-verb lexicon and the cues of a sentence), `phrases` and `clauses`
(the speaker and content of a cue), `names` and `speakers` (who a phrase names, which
side), `sentences` and `extraction` (a sentence's and an article's attributions),
`vocabulary` (the word lists of ``lexicons/attribution_words.toml``).

Importing the package loads only this declaration (and `sides`); the rules, their word
lists and the lexicon load when the family first runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from framing.features.attribution.report import SECTION
from framing.features.attribution.sides import EXTRA_SIDES, all_sides, balance_index, voice_sides
from framing.features.base import Column, Context, Extracted, Family
from framing.outputs.tables import TableSpec

if TYPE_CHECKING:
    from framing.corpus import Batch

__all__ = [
    "COLUMNS",
    "EXTRA_SIDES",
    "FAMILY",
    "AttributionOptions",
    "all_sides",
    "balance_index",
    "extract",
    "merge",
    "partial",
    "summarise",
    "voice_sides",
]


class AttributionOptions(BaseModel):
    """`[features.attribution]`: the verb lexicon and the scare-quote threshold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min_quote_words: int = Field(
        3, ge=1, le=50, description="A quotation with fewer words is a scare quote, not a quote."
    )
    continuation_paragraphs: int = Field(
        2,
        ge=0,
        le=20,
        description="A cue-less quotation continues the previous speaker within this many paragraphs.",
    )
    neutral_verbs: tuple[str, ...] | None = Field(
        None, description="Replace the default neutral reporting verbs (lemmas)."
    )
    charged_verbs: tuple[str, ...] | None = Field(
        None, description="Replace the default charged reporting verbs (lemmas)."
    )
    stance_verbs: tuple[str, ...] | None = Field(
        None, description="Replace the default stance verbs (object-taking, charged; lemmas)."
    )
    belief_verbs: tuple[str, ...] | None = Field(
        None, description="Replace the default belief verbs (think, believe…; [] for none)."
    )
    evidence_verbs: tuple[str, ...] | None = Field(
        None, description="Replace the default evidence verbs (show, find…; [] for none)."
    )
    extra_neutral_verbs: tuple[str, ...] = Field((), description="Add neutral reporting verbs.")
    extra_charged_verbs: tuple[str, ...] = Field((), description="Add charged reporting verbs.")
    extra_stance_verbs: tuple[str, ...] = Field((), description="Add stance verbs.")
    extra_belief_verbs: tuple[str, ...] = Field((), description="Add belief verbs.")
    extra_evidence_verbs: tuple[str, ...] = Field((), description="Add evidence verbs.")
    verb_forms: dict[str, tuple[str, ...]] = Field(
        default_factory=dict,
        description="Irregular inflections: lemma -> forms (e.g. say = [says, said, saying]).",
    )


def extract(batch: Batch, ctx: Context) -> Extracted:
    """Attributions of each article (`quotes` table) and the article-level columns."""
    from framing.features.attribution import tables

    return tables.extract(batch, ctx)


def partial(extracted: Extracted, batch: Batch, ctx: Context) -> dict[str, pl.DataFrame]:
    """One chunk's counts per outlet × side, verb and first side (`tables.partial`)."""
    from framing.features.attribution import tables

    return tables.partial(extracted, batch, ctx)


def merge(name: str, frames: list[pl.DataFrame]) -> pl.DataFrame:
    """Chunks' counts summed per key (`tables.merge`)."""
    from framing.features.attribution import tables

    return tables.merge(name, frames)


def summarise(partials: dict[str, pl.DataFrame], ctx: Context) -> dict[str, pl.DataFrame]:
    """`attribution`: one row per outlet × side, from the merged counts."""
    from framing.features.attribution import tables

    return tables.summarise(partials, ctx)


REF = "docs/attribution.md"
COLUMNS = (
    Column(
        "attribution__quotes",
        "Attributions in the article: direct quotes, indirect attributions and mixed quotes "
        "(one per quotation or reported statement).",
        (0, None),
        "count",
        REF,
    ),
    Column(
        "attribution__quoted_words",
        "Words of reported content: the quotation (direct) or the reported clause with its "
        "quoted fragments (indirect, mixed), summed over attributions.",
        (0, None),
        "count",
        REF,
    ),
    Column(
        "attribution__direct_share",
        "Share of attributions that are direct quotes (kind = direct); NaN without attributions.",
        (0, 1),
        "higher = more verbatim quotation",
        REF,
    ),
    Column(
        "attribution__balance",
        "Normalised entropy of attribution shares over voice sides (actor sides + expert): "
        "-Σ p ln p / ln K; NaN when no attribution has a voice side.",
        (0, 1),
        "higher = more even between sides",
        REF,
    ),
    Column(
        "attribution__anonymous_share",
        "Share of attributions to unnamed sources ('officials said', 'experts say'); NaN "
        "without attributions.",
        (0, 1),
        "higher = more anonymous sourcing",
        REF,
    ),
    Column(
        "attribution__charged_verb_share",
        "Share of attributions with a lexicon verb whose verb is charged (claimed, insisted, "
        "warned, slammed...) rather than neutral (said, told); NaN without such attributions.",
        (0, 1),
        "higher = more evaluative reporting verbs",
        REF,
    ),
    Column(
        "attribution__first_side",
        "Side of the article's first attribution in reading order (headline first); null without attributions.",
        (None, None),
        "categorical",
        REF,
        numeric=False,
    ),
)

FAMILY = Family(
    name="attribution",
    # 2: clause look-back bounded at 120 tokens (attribution/phrases.py). 3 (issue 17):
    # outputs change on purpose — abbreviations, lexicon version 2 (belief/evidence
    # classes), speaker noun phrases, pronoun agreement, offsets (docs/attribution.md).
    # 4 (issue 17, second pass): relative-clause speakers ("X, who said…"), first-name
    # gender, more cue forms (docs/attribution.md, "Family version 4"). 5 (issue 17,
    # third pass): "according to" as the source, lexicon version 3, speaker-phrase and
    # quotation-mark fixes marked "(v5)" in docs/attribution.md. 6 (issue 17, fourth
    # pass): lexicon version 4, state abbreviations, announcing colons, circumstances
    # after a verb and the fixes marked "(v6)" in docs/attribution.md. 7: speakers are
    # found by the actors gazetteer, whose word boundaries now follow polars' Rust regex
    # (docs/actors.md, "whole words"): "Putin¹ said" names Putin.
    version="7",
    description="Quotes and attributions: who is quoted, how much, with which verbs (rules + actor gazetteer).",
    columns=COLUMNS,
    extract=extract,
    partial=partial,
    merge=merge,
    summarise=summarise,
    options=AttributionOptions,
    tables=(
        TableSpec(
            "quotes",
            ("outlet", "article_id", "paragraph"),
            # Reading order within an article (index: the extractor's order in a paragraph).
            sort=("outlet", "article_id", "paragraph", "index"),
            # One row per attribution with its text: the report never reads it whole.
            large=True,
            text=(
                "outlet",
                "article_id",
                "kind",
                "speaker",
                "speaker_canonical",
                "actor",
                "side",
                "verb",
                "quote",
                "title",
            ),
        ),
        TableSpec("attribution", ("outlet", "side"), text=("outlet", "side")),
    ),
    reads=lambda study: [(a.id, a.side_id, a.aliases) for a in study.actors],
    report=SECTION,
)
