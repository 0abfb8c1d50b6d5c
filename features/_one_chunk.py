"""Until `Family` has `partial`/`merge` fields (issue 16, the lead's branch): the old
``summarise(extracted, corpus, ctx)`` signature served by a family's streaming
functions, the whole corpus taken as one chunk. Removed once the pipeline streams."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl


def one_chunk(partial: Callable, merge: Callable, summarise: Callable) -> Callable[..., Any]:
    def whole(extracted: Any, corpus: Any, ctx: Any) -> dict[str, pl.DataFrame]:
        partials = partial(extracted, corpus, ctx)
        return summarise({n: merge(n, [f]) for n, f in partials.items()}, ctx)

    return whole
