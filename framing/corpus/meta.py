"""Outlet meta: the free descriptive fields of each outlet (country, region, leaning…).

They come from ``[[outlets]] meta = { … }`` in the config, or from the columns of a
corpus table named in ``corpus.meta_columns`` (one value per outlet, checked when the
table is read). `outlets.csv` carries them after its counts; ``[stats] group_by``
groups outlets by them.
"""

from __future__ import annotations

import polars as pl

from framing.config import Study
from framing.errors import DataError


def outlet_meta(study: Study, articles: pl.DataFrame) -> pl.DataFrame:
    """One row per outlet of `articles`: ``outlet``, then every meta key of the study
    (text; null where the outlet has no value), sorted by outlet.

    A key given both in the config and in a table column must agree for an outlet.
    """
    keys = study.meta_keys()
    outlets = sorted(set(articles.get_column("outlet").to_list())) if articles.height else []
    rows = {o: dict.fromkeys(keys) for o in outlets}
    from_table = [c for c in study.corpus.meta_columns if c in articles.columns]
    if from_table:
        firsts = (
            articles.select("outlet", *from_table)
            .with_columns(pl.col(c).cast(pl.String).str.strip_chars() for c in from_table)
            .with_columns(pl.col(c).replace("", None) for c in from_table)
            .group_by("outlet")
            .agg(pl.col(c).drop_nulls().first() for c in from_table)
        )
        for row in firsts.iter_rows(named=True):
            rows[row["outlet"]].update({c: row[c] for c in from_table})
    for i, outlet in enumerate(study.outlets):
        if outlet.id not in rows:
            continue
        for key, value in outlet.meta.items():
            table_value = rows[outlet.id].get(key)
            if key in from_table and table_value is not None and table_value != value:
                raise DataError(
                    f"{study.source or 'config'}: outlets[{i}].meta.{key} is {value!r}, but column "
                    f"{key!r} of corpus.table says {table_value!r}; keep one of them"
                )
            rows[outlet.id][key] = value
    schema = {"outlet": pl.String, **dict.fromkeys(keys, pl.String)}
    return pl.DataFrame([{"outlet": o, **rows[o]} for o in outlets], schema=schema)
