"""Feature families: one module per family, one registry.

`FAMILIES` maps a family name to its `Family` declaration (see `base.py`). Family
modules are imported on first access, so `import framing` stays cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from framing.features.base import Column, Context, Extracted, Family, NoOptions

__all__ = ["FAMILIES", "Column", "Context", "Extracted", "Family", "NoOptions", "all_columns"]

# Order is the order of columns in articles.csv and of `framing features`.
FAMILY_MODULES = ("lexical", "readability", "sentiment", "attribution", "actors", "frames", "terms")


class _Registry(Mapping[str, Family]):
    def __init__(self) -> None:
        self._loaded: dict[str, Family] = {}

    def __getitem__(self, name: str) -> Family:
        if name not in FAMILY_MODULES:
            raise KeyError(name)
        if name not in self._loaded:
            module = importlib.import_module(f"framing.features.{name}")
            self._loaded[name] = module.FAMILY
        return self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(FAMILY_MODULES)

    def __len__(self) -> int:
        return len(FAMILY_MODULES)


FAMILIES: Mapping[str, Family] = _Registry()


def all_columns() -> list[Column]:
    """Every registered column, family by family."""
    return [column for family in FAMILIES.values() for column in family.columns]
