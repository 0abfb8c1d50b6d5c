"""Per-group float sums that do not depend on the chunking: the mention-tone units.

A unit's sum (an article's or a sentence's mention scores for one actor) is computed
within one chunk but must be the bits the whole corpus would give, whatever chunks the
rows came in and whatever order they were merged. The whole-corpus code added each
unit with `numpy.add.reduceat`, whose result for a run depends only on that run's
values in that order, not on the rows around it; so here too the rows are sorted by key
and each run is added by `numpy.add.reduceat`.
"""

from __future__ import annotations

import polars as pl


def run_sums(frame: pl.DataFrame, keys: list[str], value: str, order: list[str]) -> pl.DataFrame:
    """Per distinct `keys`: Σ `value` (``<value>_sum``, Float64) and the number of rows
    (``<value>_n``, Int64), the values added in `order` (which starts with `keys`).
    Null values are skipped."""
    import numpy as np

    schema = {
        **{k: frame.schema[k] for k in keys},
        f"{value}_sum": pl.Float64,
        f"{value}_n": pl.Int64,
    }
    ordered = frame.filter(pl.col(value).is_not_null()).sort(order, maintain_order=True)
    if not ordered.height:
        return pl.DataFrame(schema=schema)
    new_run = np.zeros(ordered.height, dtype=bool)
    new_run[0] = True
    for key in keys:
        column = ordered[key].to_numpy()
        new_run[1:] |= column[1:] != column[:-1]
    starts = np.flatnonzero(new_run)
    sums = np.add.reduceat(ordered[value].cast(pl.Float64).to_numpy(), starts)
    counts = np.diff(np.append(starts, ordered.height))
    return ordered[starts].select(
        *keys,
        pl.Series(f"{value}_sum", sums, dtype=pl.Float64),
        pl.Series(f"{value}_n", counts, dtype=pl.Int64),
    )
