"""`frames` feature family: policy frames cued per sentence, shares per article and outlet.

The dimensions are the fifteen of the Media Frames Corpus codebook (Boydstun et al.
2014; Card et al. 2015). Each has a cue lexicon written for this project
(``features/lexicons/frames.toml``, versioned per frame); a study may replace it
(``[features.frames] lexicon = "path.toml"``) or add cues (``extend``). Matching is
on whole tokens of the shared tokenisation (`framing.corpus.tokens`), lowercased, with a
possessive ``'s`` stripped; a cue word ending in ``*`` matches any token starting
with it; a multiword cue must occur as consecutive tokens of one sentence with no
punctuation token between. By default the study's ``[features] topic_words`` are
masked: a token equal to a topic word matches no cue (so neither does a multiword
cue containing it), as in every other lexicon family.

A sentence *cues* a frame when at least one of the frame's cues occurs in it. The
residual ``other`` frame has no cues: a sentence cues ``other`` exactly when it cues
no other frame. Details, the CI method and the lexicon's limits: docs/frames.md.

The work is in the modules: `lexicon` (the lexicon format, the study's lexicon and
masked words), `matching` (cues on the shared tokens, sentence flags), `articles`
(per-article shares, dominant frame, cue counts) and `summary` (frames.csv).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from framing.features.base import Column, Family
from framing.features.frames.articles import extract
from framing.features.frames.counterparts import counterparts
from framing.features.frames.lexicon import (
    DEFAULT_LEXICON,
    RESIDUAL,
    FrameLexicon,
    load_lexicon,
    masked_words,
    study_lexicon,
)
from framing.features.frames.matching import cue_table, match_cues
from framing.features.frames.report import SECTION
from framing.features.frames.summary import merge, outlet_frames, partial, summarise
from framing.outputs.tables import LEXICON_HITS, TableSpec

if TYPE_CHECKING:
    from framing.config import Study

# The built-in lexicon's frames, in codebook order (tests check this against the TOML;
# kept here so that declaring the columns does not read a file at import time).
FRAME_IDS = (
    "economic",
    "capacity_resources",
    "morality",
    "fairness_equality",
    "legality_constitutionality",
    "policy_prescription",
    "crime_punishment",
    "security_defence",
    "health_safety",
    "quality_of_life",
    "cultural_identity",
    "public_opinion",
    "political",
    "external_regulation",
    RESIDUAL,
)
FRAME_LABELS = {
    "economic": "Economic",
    "capacity_resources": "Capacity and resources",
    "morality": "Morality",
    "fairness_equality": "Fairness and equality",
    "legality_constitutionality": "Legality, constitutionality and jurisprudence",
    "policy_prescription": "Policy prescription and evaluation",
    "crime_punishment": "Crime and punishment",
    "security_defence": "Security and defence",
    "health_safety": "Health and safety",
    "quality_of_life": "Quality of life",
    "cultural_identity": "Cultural identity",
    "public_opinion": "Public opinion",
    "political": "Political",
    "external_regulation": "External regulation and reputation",
    RESIDUAL: "Other",
}
REFERENCE = (
    "Dimensions: Boydstun, Card, Gross, Resnik & Smith (2014) policy frames codebook; "
    "Card et al. (2015) Media Frames Corpus. Cues: framing's own lexicon (docs/frames.md)"
)


class FramesOptions(BaseModel):
    """`[features.frames]`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lexicon: str | None = Field(
        None, description="A TOML cue lexicon replacing the built-in one (relative to the config)."
    )
    extend: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, description="Extra cues per frame id, added to the lexicon's."
    )
    mask_topic_words: bool = Field(
        True, description="Tokens equal to a `[features] topic_words` entry match no cue."
    )


def reads(study: Study) -> dict[str, Any]:
    """Cache key: the resolved lexicon (so an edited lexicon file invalidates the cache)
    and the masked topic words."""
    options = study.features.options("frames")
    assert isinstance(options, FramesOptions)
    lexicon = study_lexicon(study, options)
    return {
        "lexicon": {f.id: [f.version, list(f.cues)] for f in lexicon.frames},
        "masked": sorted(masked_words(study, options)),
    }


def _columns() -> tuple[Column, ...]:
    sentence = [
        Column(
            f"frames__{f}",
            (
                f"1 when the sentence contains at least one cue of the '{FRAME_LABELS[f]}' frame "
                "lexicon (whole tokens; topic words masked), else 0"
                if f != RESIDUAL
                else "1 when the sentence cues none of the other frames (the codebook's residual 'other' dimension), else 0"
            ),
            (0, 1),
            "higher = frame present",
            REFERENCE,
            level="sentence",
        )
        for f in FRAME_IDS
    ]
    sentence.append(
        Column(
            "frames__n_frames",
            "Number of frames (other than 'other') the sentence cues",
            (0, None),
            "higher = more frames cued",
            REFERENCE,
            level="sentence",
        )
    )
    article = [
        Column(
            f"frames__{f}_share",
            f"Share of the article's body sentences that cue the '{FRAME_LABELS[f]}' frame "
            "(sentences cueing it / body sentences); NaN without body sentences",
            (0, 1),
            "higher = frame more present",
            REFERENCE,
        )
        for f in FRAME_IDS
    ]
    article.append(
        Column(
            "frames__dominant",
            "Frame cued by the most body sentences (ties: more cue hits, then codebook order); "
            "'other' when no frame is cued; null without body sentences",
            (None, None),
            "categorical",
            REFERENCE,
            numeric=False,
        )
    )
    return (*sentence, *article)


FAMILY = Family(
    name="frames",
    version="1",
    description=(
        "Policy frames of the Media Frames Corpus codebook (Boydstun et al. 2014; Card et "
        "al. 2015), cued per sentence by framing's own versioned cue lexicons "
        "(features/lexicons/frames.toml; replace or extend in [features.frames]). "
        "Columns shown are those of the built-in lexicon; see docs/frames.md."
    ),
    columns=_columns(),
    extract=extract,
    partial=partial,
    merge=merge,
    summarise=summarise,
    options=FramesOptions,
    tables=(TableSpec("frames", ("outlet", "frame"), text=("outlet", "frame")), LEXICON_HITS),
    reads=reads,
    counterparts=counterparts,
    report=SECTION,
)

__all__ = [
    "DEFAULT_LEXICON",
    "FAMILY",
    "FRAME_IDS",
    "FrameLexicon",
    "FramesOptions",
    "cue_table",
    "load_lexicon",
    "match_cues",
    "outlet_frames",
    "study_lexicon",
]
