"""The registry of feature families: the only list of them.

A family is a package (or module) with a module-level ``FAMILY`` (`Family`); the
registry maps its name to that module's import path and imports it on first use, so
``import framing`` stays cheap. The built-in families come first, in the order of their
columns in ``articles.csv`` and of ``framing features``; a family from elsewhere (a
plugin, a test) is added with `register` and follows them.

Worker processes start as fresh interpreters: the run sends them `registered()` and
they call `adopt` before their first chunk, so a registered family runs anywhere the
built-in ones do (its module must be importable there).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from framing.features.base import Family

# Name -> module holding FAMILY. The order is the order of columns in articles.csv.
BUILTIN: dict[str, str] = {
    name: f"framing.features.{name}"
    for name in ("lexical", "readability", "sentiment", "attribution", "actors", "frames", "terms")
}
_registered: dict[str, str] = {}


def register(name: str, module: str) -> None:
    """Add the family whose ``FAMILY`` lives in `module` (an import path)."""
    if name in BUILTIN:
        raise ValueError(f"{name!r} is a built-in family")
    _registered[name] = module
    FAMILIES.forget(name)


def unregister(name: str) -> None:
    """Remove a family added with `register` (no-op for an unknown name)."""
    _registered.pop(name, None)
    FAMILIES.forget(name)


@dataclass(frozen=True)
class Registered:
    """The families added with `register` in one process, to `adopt` in another (one
    value, not a mapping, so an engine ships it whole)."""

    families: tuple[tuple[str, str], ...] = ()


def registered() -> Registered:
    """The families added with `register` (what worker processes need to `adopt`)."""
    return Registered(tuple(_registered.items()))


def adopt(families: Registered) -> None:
    """Register `families` (from `registered()` of another process) here too."""
    for name, module in families.families:
        if _registered.get(name) != module:
            register(name, module)


def names() -> tuple[str, ...]:
    """Every family name: the built-in ones, then the registered ones."""
    return (*BUILTIN, *_registered)


class _Families(Mapping[str, "Family"]):
    """``name -> Family``, importing each family's module on first access."""

    def __init__(self) -> None:
        self._loaded: dict[str, Family] = {}

    def __getitem__(self, name: str) -> Family:
        if name not in self._loaded:
            module = BUILTIN.get(name) or _registered.get(name)
            if module is None:
                raise KeyError(name)
            family = importlib.import_module(module).FAMILY
            if family.name != name:
                raise ValueError(f"{module}.FAMILY is named {family.name!r}, not {name!r}")
            self._loaded[name] = family
        return self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(names())

    def __len__(self) -> int:
        return len(names())

    def forget(self, name: str) -> None:
        self._loaded.pop(name, None)


FAMILIES = _Families()
