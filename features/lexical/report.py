"""What report.html shows of the lexical family: its headline figures."""

from __future__ import annotations

from framing.features.base import Headline

HEADLINES = (
    Headline(
        "lexical__mattr",
        "Lexical diversity (moving-average type-token ratio)",
        "higher = more varied vocabulary",
        rank=30,
    ),
    Headline(
        "lexical__quote_density",
        "Quoted words",
        "higher = more of the body inside quotation marks",
        rank=40,
    ),
)
