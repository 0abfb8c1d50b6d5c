"""The wheel a user installs: every package, every data file the tool reads at run
time, the licence, and no warning from the build.

`pyproject.toml` lists its packages one by one (features/ and models/ install as
`framing.features` and `framing.models`), so a new package or data folder is easy to
forget; this test builds the wheel from a copy of the source and compares.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Source folder -> where it installs.
INSTALLED_AS = {"framing": "framing", "features": "framing/features", "models": "framing/models"}
# What a build reads besides the packages.
BUILD_FILES = ("pyproject.toml", "README.md", "LICENSE")
JUNK = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")


def _expected_files() -> set[str]:
    """Every file of the three source trees (modules and data alike), as installed."""
    expected = set()
    for folder, target in INSTALLED_AS.items():
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                expected.add(f"{target}/{path.relative_to(ROOT / folder).as_posix()}")
    return expected


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> tuple[zipfile.ZipFile, str]:
    """The wheel built by pip (~10-20 s) from a clean copy of the source (an in-tree
    build/ folder could hold stale files), and what the build printed."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    for folder in INSTALLED_AS:
        shutil.copytree(ROOT / folder, source / folder, ignore=JUNK)
    for name in BUILD_FILES:
        shutil.copy2(ROOT / name, source / name)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-w", str(tmp / "dist")],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = done.stdout + done.stderr
    if done.returncode != 0 and re.search(
        r"No matching distribution|Could not find a version", output
    ):
        pytest.skip("pip could not fetch the build backend (setuptools): offline?")
    assert done.returncode == 0, output[-3000:]
    (built,) = (tmp / "dist").glob("framing-*.whl")
    return zipfile.ZipFile(built), output


@pytest.mark.slow
def test_wheel_carries_every_package_and_data_file(wheel: tuple[zipfile.ZipFile, str]) -> None:
    archive, output = wheel
    names = set(archive.namelist())
    missing = sorted(_expected_files() - names)
    assert not missing, (
        f"not in the wheel (add the package or its data to pyproject.toml): {missing}"
    )
    # The word lists the families read through importlib.resources and Path(__file__).
    lexicons = {n for n in names if n.startswith("framing/features/lexicons/")}
    assert {Path(n).name for n in lexicons} == {
        p.name for p in (ROOT / "features/lexicons").iterdir()
    }
    # The mention-tone model the actors family loads beside its code.
    assert "framing/features/actors/mention_tone.json" in names
    # Every folder with an __init__.py is a package of the wheel.
    for folder, target in INSTALLED_AS.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            assert f"{target}/{init.relative_to(ROOT / folder).as_posix()}" in names
    # The example study stays in the repository: the installed tool never reads it.
    assert not any(n.startswith(("configs/", "data/", "tests/", "benchmarks/")) for n in names)
    # No build warning (the licence table, undeclared package data...). pip's own
    # "WARNING: Location ... is ignored" lines come from a machine's pip configuration.
    warnings = [
        line
        for line in output.splitlines()
        if re.search(r"warning|deprecat", line, re.I) and not line.startswith("WARNING: Location")
    ]
    assert not warnings, "\n".join(warnings)


@pytest.mark.slow
def test_wheel_metadata_names_the_licence_and_the_command(
    wheel: tuple[zipfile.ZipFile, str],
) -> None:
    archive, _ = wheel
    info = {Path(n).name: n for n in archive.namelist() if ".dist-info/" in n}
    metadata = archive.read(info["METADATA"]).decode()
    assert "License-Expression: MIT" in metadata
    assert archive.read(info["LICENSE"]) == (ROOT / "LICENSE").read_bytes()
    assert "framing = framing.cli:main" in archive.read(info["entry_points.txt"]).decode()
