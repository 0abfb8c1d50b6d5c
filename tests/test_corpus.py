"""The corpus stage's public face (`framing.corpus`): every name it lists loads from
the module that defines it, and importing the package loads none of them."""

from __future__ import annotations

import subprocess
import sys
from importlib import import_module

import framing.corpus


def test_public_names_load_from_their_modules() -> None:
    from framing.corpus import _HOMES

    assert sorted(_HOMES) == sorted(framing.corpus.__all__)
    for name, home in _HOMES.items():
        module = import_module(f"framing.corpus.{home}")
        assert getattr(framing.corpus, name) is getattr(module, name), name


def test_importing_the_package_is_cheap() -> None:
    code = (
        "import sys, framing.corpus\n"
        "loaded = [m for m in sys.modules if m == 'polars' or m.startswith('framing.corpus.')]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
