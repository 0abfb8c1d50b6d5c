"""framing: measure how news outlets frame the same story.

    >>> import framing
    >>> results = framing.run("configs/seoul_moscow_pyongyang.toml")
    >>> results["outlets"]          # polars DataFrame

Importing the package does nothing else: submodules load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Results", "compute", "load_study", "run"]

if TYPE_CHECKING:
    from framing.config import load_study
    from framing.pipeline import Results, compute, run


def __getattr__(name: str) -> Any:
    if name in ("run", "compute", "Results"):
        from framing import pipeline

        return getattr(pipeline, name)
    if name == "load_study":
        from framing.config import load_study

        return load_study
    raise AttributeError(f"module 'framing' has no attribute {name!r}")
