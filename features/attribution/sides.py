"""Sides of attributions and the balance index (docs/attribution.md).

Balance index (article and outlet): the normalised Shannon entropy of the shares of
attributions per *voice* side — every actor side of the study plus ``expert`` —
``H = -Σ p_s ln p_s / ln K`` with ``K`` the number of voice sides; 0 when one side has
every attribution, 1 when all K sides have equal shares; NaN when there is no
attribution of a voice side (anonymous, other and unknown speakers are not voices
of the story's sides) or K < 2.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from framing.config import Study

__all__ = ["EXTRA_SIDES", "all_sides", "balance_index", "voice_sides"]

EXTRA_SIDES = ("expert", "anonymous", "other", "unknown")


def voice_sides(study: Study) -> list[str]:
    """The sides the balance index is computed over: actor sides, then ``expert``."""
    return [*dict.fromkeys(a.side_id for a in study.actors), "expert"]


def all_sides(study: Study) -> list[str]:
    """Every side an attribution can have: the voice sides, then anonymous, other, unknown."""
    return [*voice_sides(study), *EXTRA_SIDES[1:]]


def balance_index(counts: dict[str, int], sides: list[str]) -> float:
    """Normalised entropy ``-Σ p ln p / ln K`` of the counts over `sides` (K = len(sides)).

    NaN when K < 2 or no count is positive.
    """
    k = len(sides)
    total = sum(counts.get(s, 0) for s in sides)
    if k < 2 or total <= 0:
        return math.nan
    h = -sum((c / total) * math.log(c / total) for s in sides if (c := counts.get(s, 0)) > 0)
    return h / math.log(k)
