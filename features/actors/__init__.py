"""`actors` feature family: who is mentioned, where, how often, in what tone, doing what.

Mentions come from the study's gazetteer (`framing.features.actors.gazetteer`: case-sensitive,
whole-word, leftmost-longest alias matching). Definitions (docs/actors.md):

* A **body sentence** is a non-headline sentence; the headline is counted apart.
* ``mentions`` counts every alias occurrence, headline included; ``headline_mentions``
  only the headline's.
* ``first_position`` of an article = ``(s - 1) / (n - 1)``, where ``s`` is the number of
  the first body sentence mentioning the actor and ``n`` the article's body sentences
  (0 = first sentence, 1 = last; 0 when ``n = 1``). ``first_mention_position`` in
  actors.csv is its mean over the outlet's articles that mention the actor in the body.
* **Sentiment toward an actor** = VADER compound (``sentiment__compound``, from the
  sentiment family) of body sentences that mention it. ``mean_compound`` uses the
  sentences that mention this actor and **no other** (``n_exclusive`` of them), so the
  tone is not shared out between actors; ``mean_compound_all`` uses every body
  sentence that mentions it (``sentences`` of them). CIs: percentile bootstrap over
  sentences, ``stats.bootstrap`` resamples, seeded per (outlet, actor, set) from
  ``study.seed``; NaN when fewer than 2 sentences.
* **Verbs**: an actor is the subject of a verb from ``lexicons/actor_verbs.txt`` when
  the verb follows an alias within ``verb_gap`` tokens that are all auxiliaries,
  modals or adverbs ("Seoul has also warned"); passives ("Seoul was warned"),
  negations ("did not warn") and aliases right after a preposition ("ties with
  Moscow") do not count.

The work is in the modules: `mentions` (per-article extraction), `verbs` (subject–verb
rule and verb lexicon), `tone` (sentence VADER toward each actor), `tone_features`,
`tone_model` and `mention_tone` (tone toward each mention), `partials` (what each chunk
keeps for the corpus-wide tables, and their merge), `summary` and `tone_summary` (the
corpus-wide tables from the merged partials), `sums` (float sums that do not depend on
the chunking), `passages` (shared wire copy) and `counterparts` (for the outlet
statistics).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from framing.features.actors.counterparts import counterparts
from framing.features.actors.mentions import extract
from framing.features.actors.report import SECTION
from framing.features.actors.summary import merge, partial, summarise
from framing.features.actors.table_columns import TABLE_COLUMNS
from framing.features.base import Column, Family
from framing.outputs.tables import TableSpec

if TYPE_CHECKING:
    from framing.config import Study

REF = "docs/actors.md"


class ActorsOptions(BaseModel):
    """``[features.actors]``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    verb_gap: int = Field(
        3, ge=0, le=6, description="Most auxiliaries/adverbs allowed between an alias and its verb."
    )
    passage_threshold: float = Field(
        0.5,
        gt=0,
        le=1,
        description="Shingle Jaccard at which two outlets' paragraphs count as shared.",
    )
    passage_shingle: int = Field(
        5, ge=1, le=20, description="Words per shingle for shared passages."
    )
    passage_min_words: int = Field(
        10, ge=1, description="Paragraphs shorter than this are not checked for sharing."
    )


def _reads(study: Study) -> Any:
    """The actors, and the shipped tone model's sha256: a retrained model recomputes
    cached mention tones even when the family version stays."""
    from framing.features.actors.tone_model import model_sha256

    return {
        "actors": [actor.model_dump(mode="json") for actor in study.actors],
        "tone_model": model_sha256(),
    }


def _count(name: str, definition: str, level: str = "article") -> Column:
    return Column(name, definition, (0, None), "higher = more", REF, level=level)  # type: ignore[arg-type]


FAMILY = Family(
    name="actors",
    # 3: one definition of a word character in both matchers (polars' Rust regex \w;
    # features/actors/word_chars.py): mention tones next to "¹", combining marks, ZWJ or
    # U+001C-U+001F may change (docs/actors.md, "whole words").
    version="3",
    description=(
        "Actor mentions (case- and boundary-correct alias matching), headline mentions, "
        "first-mention position, tone toward each mention (a model trained on NewsMTSC: "
        "polarity and score per mention, aggregated per article and per outlet with "
        "intervals), sentiment toward each actor (VADER over the sentences that mention "
        "it), the verbs actors are subjects of, and paragraphs shared between outlets "
        "(wire copy)."
    ),
    columns=(
        _count(
            "actors__mentions", "Mentions of any study actor in the article, headline included."
        ),
        _count(
            "actors__actors_mentioned",
            "Distinct study actors mentioned in the article (headline included).",
        ),
        _count("actors__headline_mentions", "Mentions of any study actor in the headline."),
        Column(
            "actors__sentence_share",
            "Share of body sentences that mention at least one study actor; NaN without body sentences.",
            (0, 1),
            "higher = more actor-centred",
            REF,
        ),
        _count(
            "actors__sentence_mentions", "Mentions of any study actor in the sentence.", "sentence"
        ),
        _count(
            "actors__sentence_actors",
            "Distinct study actors mentioned in the sentence.",
            "sentence",
        ),
    ),
    extract=extract,
    partial=partial,
    merge=merge,
    summarise=summarise,
    # ~165 bytes per paragraph: read back a few columns at a time (passages.Signatures).
    spill=("passage_signatures",),
    options=ActorsOptions,
    requires=("sentiment",),
    tables=(
        TableSpec("actors", ("outlet", "actor"), text=("outlet", "actor")),
        TableSpec(
            "actor_mentions",
            ("outlet", "article_id", "actor"),
            text=("outlet", "article_id", "actor"),
            large=True,
        ),
        TableSpec(
            "mention_tones",
            ("outlet", "article_id", "sentence", "start"),
            text=("outlet", "article_id", "actor", "alias", "polarity"),
            large=True,
            description="per actor mention: polarity and score toward that actor",
        ),
        TableSpec(
            "actor_tone_evidence",
            ("outlet", "actor", "pole", "rank"),
            text=("outlet", "actor", "pole", "article_id", "alias", "polarity", "text"),
            description="per outlet x actor: its most negative and most positive mentions",
        ),
        TableSpec(
            "actor_verb_hits",
            ("outlet", "article_id", "sentence", "actor", "alias", "verb"),
            text=("outlet", "article_id", "actor", "verb"),
            large=True,
        ),
        TableSpec(
            "actor_verbs",
            ("outlet", "actor", "verb", "verb_class"),
            text=("outlet", "actor", "verb"),
        ),
        TableSpec(
            "shared_passages",
            (
                "outlet",
                "article_id",
                "paragraph",
                "other_outlet",
                "other_article_id",
                "other_paragraph",
            ),
            text=("outlet", "article_id", "text"),
        ),
    ),
    reads=_reads,
    counterparts=counterparts,
    report=SECTION,
    table_columns=TABLE_COLUMNS,
)
