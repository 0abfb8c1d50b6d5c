"""framing: measure how news outlets frame the same story.

    >>> import framing
    >>> results = framing.run("configs/seoul_moscow_pyongyang.toml")
    >>> results["outlets"]          # polars DataFrame

Importing the package does nothing else (but the allocator setting below): submodules
load on first use.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

# polars allocates through jemalloc, which by default keeps freed pages for ~10 s before
# giving them back: a run's stages, each building and dropping large frames, then peak
# far above what they hold (one group-by of 30 M rows: 4.2 GB peak by default, 3.0 GB
# with 200 ms, 1.9 GB with 0 ms). 200 ms also gives pages back between stages at no
# measurable cost in speed, where 0 ms halves the speed of allocation-heavy code
# (one-off measurements of 2026-12-08, cited in issue 16's note). Read when polars is first imported, so it is set before; a
# value the user set wins; worker processes inherit it.
os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:200,muzzy_decay_ms:0")

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
