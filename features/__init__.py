"""Feature families: one package per family, one registry (`registry.py`).

`FAMILIES` maps a family name to its `Family` declaration (see `base.py`). Importing
this package imports nothing heavy (the config reads the registry's names before the
CLI starts its workers); family modules are imported on first access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from framing.features.registry import FAMILIES, register, unregister

if TYPE_CHECKING:
    from framing.features.base import (
        Column,
        Context,
        Counterpart,
        Extracted,
        Family,
        Headline,
        NoOptions,
        ReportSection,
        TableSpec,
    )

__all__ = [
    "FAMILIES",
    "Column",
    "Context",
    "Counterpart",
    "Extracted",
    "Family",
    "Headline",
    "NoOptions",
    "ReportSection",
    "TableSpec",
    "all_columns",
    "register",
    "unregister",
]
_FROM_BASE = frozenset(__all__) - {"FAMILIES", "all_columns", "register", "unregister"}


def __getattr__(name: str) -> Any:
    if name in _FROM_BASE:
        from framing.features import base

        return getattr(base, name)
    raise AttributeError(f"module 'framing.features' has no attribute {name!r}")


def all_columns() -> list[Column]:
    """Every registered column, family by family."""
    return [column for family in FAMILIES.values() for column in family.columns]
