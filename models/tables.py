"""The classifiers' output tables (see `framing.outputs.tables`)."""

from __future__ import annotations

from framing.outputs.tables import TableSpec

MODEL = ("model", "feature_set")

MODEL_TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "classifiers",
        MODEL,
        text=(*MODEL, "unit"),
        description="per model x feature set: cross-validated scores beside chance",
    ),
    TableSpec(
        "confusion",
        (*MODEL, "true", "predicted"),
        text=(*MODEL, "true", "predicted"),
        description="per model x feature set: confusion counts over the CV folds",
    ),
    TableSpec(
        "coefficients",
        (*MODEL, "class", "rank"),
        text=(*MODEL, "class", "feature"),
        description="per model x feature set x class: the top weighted features",
    ),
)
