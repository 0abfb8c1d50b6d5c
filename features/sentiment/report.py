"""What report.html shows of the sentiment family: its headline figure."""

from __future__ import annotations

from framing.features.base import Headline

HEADLINES = (
    Headline(
        "sentiment__mean_compound",
        "Mean sentence sentiment (VADER compound)",
        "higher = more positive; −1 most negative, +1 most positive",
        rank=20,
    ),
)
