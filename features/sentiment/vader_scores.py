"""VADER's four scores as the VADER modules pass them around.

A text's scores travel as a plain ``(compound, pos, neg, neu)`` tuple, rounded as
vaderSentiment rounds them (compound to 4 decimals, the proportions to 3). The fixed
rows below are shared objects: `framing.features.sentiment.vader` tells a sentence
without tokens by identity (``row is ZERO_SCORES``). Importing this module imports
nothing else.
"""

from __future__ import annotations

import math

__all__ = ["NAN_SCORES", "NEUTRAL_SCORES", "ZERO_SCORES", "Scores"]

# (compound, pos, neg, neu), rounded as vaderSentiment rounds them.
Scores = tuple[float, float, float, float]
# Our value for a text without tokens (vaderSentiment gives ZERO_SCORES).
NAN_SCORES: Scores = (math.nan, math.nan, math.nan, math.nan)
# vaderSentiment's value for a text without tokens.
ZERO_SCORES: Scores = (0.0, 0.0, 0.0, 0.0)
# vaderSentiment's value for a text with tokens but no scored word.
NEUTRAL_SCORES: Scores = (0.0, 0.0, 0.0, 1.0)
