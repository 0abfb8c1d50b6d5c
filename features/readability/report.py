"""What report.html shows of the readability family: its headline figure."""

from __future__ import annotations

from framing.features.base import Headline

HEADLINES = (
    Headline(
        "readability__flesch_reading_ease",
        "Flesch reading ease",
        "higher = easier to read",
        rank=10,
    ),
)
