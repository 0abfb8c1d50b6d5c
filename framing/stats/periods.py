"""Outlets over time: ``period_stats.csv`` (docs/stats.md, "Periods").

With ``[stats] period = "day" | "week" | "month"`` and article dates (a mapped
``corpus.columns.date``, or an outlet's ``date_pattern`` on file names), every outlet ×
period × feature (the caller's choice: headline features, frame shares, tone toward
each actor) gets the mean over the outlet's articles of that period and
a 95% percentile bootstrap interval over those articles. Every period from the first
to the last dated article of the study is listed for every outlet, so an empty period
is a row with ``n = 0`` rather than a gap. Articles without a date are left out and
named in the manifest (`undated_articles`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import numpy as np
import polars as pl

from framing.errors import DataError
from framing.stats.resampling import bootstrap, percentile_ci, stream
from framing.stats.units import mask_key, numeric

Period = Literal["day", "week", "month"]
PERIOD_SCHEMA = {
    "outlet": pl.String,
    "period": pl.String,
    "start": pl.String,
    "feature": pl.String,
    "n": pl.Int64,
    "mean": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
    "resamples": pl.Int64,
    "note": pl.String,
}
# Undated articles named in the manifest; the count is always complete.
NAMED_UNDATED = 50
# Periods listed (empty ones included) beyond which the span is taken for a wrong
# date: 13 years by day. One year typed 1024 for 2024 would otherwise list 365,000
# days per outlet and feature, tens of millions of rows, before anyone sees it.
MAX_PERIODS = 5000


def period_of(day: dt.date, period: Period) -> tuple[str, dt.date]:
    """The period label of a date and the period's first day: ``2024-06-21`` (day),
    ``2024-W25`` (ISO week, Monday to Sunday), ``2024-06`` (month)."""
    if period == "day":
        return day.isoformat(), day
    if period == "week":
        year, week, weekday = day.isocalendar()
        return f"{year}-W{week:02d}", day - dt.timedelta(days=weekday - 1)
    return f"{day.year}-{day.month:02d}", day.replace(day=1)


def all_periods(first: dt.date, last: dt.date, period: Period) -> list[tuple[str, dt.date]]:
    """Every period from the one holding `first` to the one holding `last`, in order."""
    out = []
    _, start = period_of(first, period)
    while start <= last:
        out.append(period_of(start, period))
        if period == "day":
            start += dt.timedelta(days=1)
        elif period == "week":
            start += dt.timedelta(days=7)
        else:
            start = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def count_periods(first: dt.date, last: dt.date, period: Period) -> int:
    """How many periods `all_periods` lists from `first` to `last` (without listing)."""
    (_, start), (_, end) = period_of(first, period), period_of(last, period)
    if period == "day":
        return (end - start).days + 1
    if period == "week":
        return (end - start).days // 7 + 1
    return (end.year - start.year) * 12 + end.month - start.month + 1


def check_span(dated: pl.DataFrame, days: list[dt.date], period: Period) -> None:
    """`DataError` naming the first and last dated articles when they are more than
    `MAX_PERIODS` periods apart."""
    first, last = min(days), max(days)
    count = count_periods(first, last, period)
    if count <= MAX_PERIODS:
        return
    ends = []
    for day in (first, last):
        outlet, article = dated.row(days.index(day))[:2]
        ends.append(f"{outlet}/{article} ({day.isoformat()})")
    raise DataError(
        f"stats.period: the dated articles run from {ends[0]} to {ends[1]}: {count:,} "
        f"{period}s, more than {MAX_PERIODS:,}; check those dates, or set a longer "
        "stats.period"
    )


def period_tables(
    articles: pl.DataFrame,
    features: list[str],
    *,
    period: Period,
    seed: int,
    resamples: int,
) -> tuple[pl.DataFrame, dict[str, Any]]:
    """``period_stats`` and what the manifest says of undated articles."""
    dated = articles.filter(pl.col("date").is_not_null() & (pl.col("date") != ""))
    undated = articles.filter(pl.col("date").is_null() | (pl.col("date") == ""))
    names = [
        f"{o}/{a}"
        for o, a in undated.select("outlet", "article_id").sort("outlet", "article_id").iter_rows()
    ]
    facts = {"count": len(names), "articles": names[:NAMED_UNDATED]}
    present = [f for f in features if f in articles.columns]
    if not dated.height or not present:
        return pl.DataFrame(schema=PERIOD_SCHEMA), facts
    dated = dated.select("outlet", "article_id", pl.all().exclude("outlet", "article_id"))
    days = [dt.date.fromisoformat(d) for d in dated["date"].to_list()]
    check_span(dated, days, period)
    labels = [period_of(d, period)[0] for d in days]
    dated = dated.with_columns(pl.Series("_period", labels)).sort("outlet", "_period", "article_id")
    periods = all_periods(min(days), max(days), period)
    outlets = sorted(set(articles["outlet"].to_list()))
    rows: list[dict] = []
    for outlet in outlets:
        mine = dated.filter(pl.col("outlet") == outlet)
        by_period = {key[0]: frame for key, frame in mine.group_by("_period", maintain_order=True)}
        for label, start in periods:
            frame = by_period.get(label)
            rows += _period_rows(
                frame, outlet, label, start.isoformat(), present, seed=seed, resamples=resamples
            )
    return pl.DataFrame(rows, schema=PERIOD_SCHEMA).sort("outlet", "period", "feature"), facts


def _period_rows(
    frame: pl.DataFrame | None,
    outlet: str,
    label: str,
    start: str,
    features: list[str],
    *,
    seed: int,
    resamples: int,
) -> list[dict]:
    """One outlet's rows for one period: mean and bootstrap interval per feature."""
    base = {"outlet": outlet, "period": label, "start": start}
    if frame is None:
        return [
            base | {"feature": f, "n": 0, "mean": np.nan, "ci_low": np.nan, "ci_high": np.nan,
                    "resamples": 0, "note": "no articles in this period"}
            for f in features
        ]  # fmt: skip
    rows = []
    values = np.column_stack([numeric(frame[f]) for f in features])
    for j, feature in enumerate(features):
        present = np.isfinite(values[:, j])
        column = values[present, j][:, None]
        n = int(present.sum())
        mean = float(column.mean()) if n else np.nan
        low = high = np.nan
        used, note = 0, ""
        if n == 0:
            note = "no value in this period"
        elif n == 1:
            note = "one article: no interval"
        elif resamples > 0:
            rng = stream(seed, "period-bootstrap", outlet, label, mask_key(present))
            low_a, high_a = percentile_ci(bootstrap(column, None, resamples=resamples, rng=rng))
            low, high, used = float(low_a[0]), float(high_a[0]), resamples
        rows.append(
            base | {"feature": feature, "n": n, "mean": mean, "ci_low": low, "ci_high": high,
                    "resamples": used, "note": note}
        )  # fmt: skip
    return rows
