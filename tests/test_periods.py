"""Article dates and period_stats.csv: outlets over days, weeks or months."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from framing.config import load_study
from framing.corpus.dates import parse_date
from framing.errors import ConfigError
from framing.stats.periods import PERIOD_SCHEMA, all_periods, period_of, period_tables
from tests.conftest import MINIMAL_STUDY


def test_period_labels_and_their_first_day() -> None:
    day = dt.date(2024, 6, 21)  # a Friday, ISO week 25
    assert period_of(day, "day") == ("2024-06-21", day)
    assert period_of(day, "week") == ("2024-W25", dt.date(2024, 6, 17))
    assert period_of(day, "month") == ("2024-06", dt.date(2024, 6, 1))
    # 30 December 2024 belongs to ISO week 1 of 2025.
    assert period_of(dt.date(2024, 12, 30), "week")[0] == "2025-W01"


def test_every_period_between_the_first_and_last_date() -> None:
    months = all_periods(dt.date(2023, 11, 30), dt.date(2024, 2, 1), "month")
    assert [m for m, _ in months] == ["2023-11", "2023-12", "2024-01", "2024-02"]
    weeks = all_periods(dt.date(2024, 12, 25), dt.date(2025, 1, 8), "week")
    assert [w for w, _ in weeks] == ["2024-W52", "2025-W01", "2025-W02"]
    assert len(all_periods(dt.date(2024, 2, 27), dt.date(2024, 3, 1), "day")) == 4


def test_a_known_change_over_time_is_recovered_with_empty_weeks_explicit() -> None:
    """Outlet a: x ≈ 0 in the first two weeks of June 2024, nothing in the third,
    x ≈ 1 in the fourth. Outlet b writes only in week 1."""
    rng = np.random.default_rng(4)
    dates = ["2024-06-03", "2024-06-05", "2024-06-11", "2024-06-13"] * 5 + ["2024-06-25"] * 12
    shift = [0.0] * 20 + [1.0] * 12
    articles = pl.DataFrame(
        {
            "outlet": ["a"] * 32 + ["b", "b"],
            "article_id": [f"{i:03d}" for i in range(34)],
            "date": [*dates, "2024-06-04", None],
            "x": [s + rng.normal(0, 0.3) for s in shift] + [0.5, 0.5],
        }
    )
    table, undated = period_tables(articles, ["x"], period="week", seed=1, resamples=500)
    assert table.schema == pl.Schema(PERIOD_SCHEMA)
    a = table.filter(outlet="a")
    assert a["period"].to_list() == ["2024-W23", "2024-W24", "2024-W25", "2024-W26"]
    assert a["n"].to_list() == [10, 10, 0, 12]
    first, empty, last = a.row(0, named=True), a.row(2, named=True), a.row(3, named=True)
    assert math.isnan(empty["mean"]) and empty["note"] == "no articles in this period"
    assert last["mean"] == pytest.approx(1.0, abs=0.2)
    assert first["ci_high"] < last["ci_low"]  # the change is outside both intervals
    assert last["ci_low"] < last["mean"] < last["ci_high"]
    b = table.filter(outlet="b")
    assert b["n"].to_list() == [1, 0, 0, 0] and b["note"][0] == "one article: no interval"
    assert undated == {"count": 1, "articles": ["b/033"]}


def test_a_typo_year_is_an_error_not_a_million_empty_periods() -> None:
    """One article dated 1024 instead of 2024: every day between is a row per outlet
    and feature (365,000 days); the error names both ends and the fix, at once."""
    import time

    from framing.errors import DataError

    articles = pl.DataFrame(
        {
            "outlet": ["a", "a", "b"],
            "article_id": ["1", "2", "3"],
            "date": ["1024-06-21", "2024-06-21", "2024-06-22"],
            "x": [0.1, 0.2, 0.3],
        }
    )
    began = time.perf_counter()
    with pytest.raises(DataError) as info:
        period_tables(articles, ["x"], period="day", seed=1, resamples=10)
    assert time.perf_counter() - began < 5
    message = str(info.value)
    assert "a/1 (1024-06-21)" in message and "b/3 (2024-06-22)" in message
    assert "stats.period" in message and "365" in message
    # The same span by month is 12,001 periods: still too many; a decade by day is fine.
    with pytest.raises(DataError):
        period_tables(articles, ["x"], period="month", seed=1, resamples=10)
    decade = articles.with_columns(pl.Series("date", ["2014-06-21", "2024-06-21", "2024-06-22"]))
    table, _ = period_tables(decade, ["x"], period="day", seed=1, resamples=0)
    assert table.filter(outlet="a").height == 3655


def test_dates_are_iso_and_checked() -> None:
    assert parse_date("2024-06-21T09:30:00Z") == "2024-06-21"
    assert parse_date(" 2024-6-1 ") == "2024-06-01"
    assert parse_date("") is None and parse_date(None) is None
    for bad in ("21/06/2024", "2024-13-01", "June 2024"):
        with pytest.raises(ValueError):
            parse_date(bad)


DATED_TABLE_STUDY = """\
[study]
name = "dated"

[corpus]
table = "articles.csv"
columns = { outlet = "source", text = "body", date = "published" }

[[actors]]
id = "seoul"
label = "South Korea"
aliases = ["Seoul"]

[features]
families = ["sentiment", "actors", "frames"]

[models]
enabled = false

[stats]
period = "week"
bootstrap = 200
"""


def test_a_dated_table_through_the_pipeline(tmp_path: Path, cli) -> None:
    from framing.pipeline import compute

    good = "Seoul had a wonderful and happy and great success. Everyone loved it."
    bad = "Seoul had a terrible and awful and tragic disaster. Everyone hated it."
    rows = ["source,body,published"]
    rows += [f"a,{good},2024-06-0{d}" for d in (3, 4, 5)]
    rows += [f"a,{bad},2024-06-2{d}" for d in (4, 5, 6)]
    rows += [f"b,{good},", f"b,{bad},2024-06-12"]
    (tmp_path / "articles.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "study.toml").write_text(DATED_TABLE_STUDY, encoding="utf-8")
    _, _, tables, facts = compute(tmp_path / "study.toml")
    stats = tables["period_stats"].filter(feature="sentiment__mean_compound")
    a = stats.filter(outlet="a")
    assert a["period"].to_list() == ["2024-W23", "2024-W24", "2024-W25", "2024-W26"]
    assert a["n"].to_list() == [3, 0, 0, 3]
    assert a["mean"][0] > 0.5 and a["mean"][3] < -0.5
    # Tone toward an actor: the sentences naming Seoul, averaged per article.
    tone = tables["period_stats"].filter(outlet="a", feature="tone:seoul")
    assert tone["n"].to_list() == [3, 0, 0, 3]
    assert tone["mean"][0] > 0.5 and tone["mean"][3] < -0.5
    frames = tables["period_stats"].filter(pl.col("feature").str.starts_with("frames__"))
    assert frames.height and frames["feature"].str.ends_with("_share").all()
    assert facts["undated_articles"] == {"count": 1, "articles": ["b/row000007"]}
    assert any("1 articles have no date" in note for note in facts["notes"])
    assert tables["articles"]["date"].to_list()[:2] == ["2024-06-03", "2024-06-04"]
    rows[1] = f"a,{good},03/06/2024"
    (tmp_path / "articles.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = cli("validate", tmp_path / "study.toml")
    assert result.exit_code == 1
    assert "articles.csv: row 1: column 'published': '03/06/2024' does not start with a date" in (
        result.stderr
    )


def test_dates_from_file_names(mini_study) -> None:
    from framing.pipeline import compute

    pattern = r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})"
    config = (
        MINIMAL_STUDY.replace(
            'files = ["a/*.txt"]', f"files = [\"a/*.txt\"]\ndate_pattern = '{pattern}'"
        )
        + '\n[stats]\nperiod = "month"\n'
    )
    path = mini_study(
        config,
        {
            "a/report_20240621.txt": "Seoul spoke.\n\nSeoul said so. It rained.\n",
            "a/report_20240802.txt": "Seoul again.\n\nSeoul said more. It rained.\n",
            "b/undated.txt": "Quiet.\n\nNothing happened. It rained.\n",
        },
    )
    _, _, tables, facts = compute(path)
    dates = dict(zip(tables["articles"]["article_id"], tables["articles"]["date"], strict=True))
    assert dates == {"report_20240621": "2024-06-21", "report_20240802": "2024-08-02",
                     "undated": None}  # fmt: skip
    # No family: no headline feature, so no rows; undated articles are still named.
    assert tables["period_stats"].is_empty()
    assert facts["undated_articles"] == {"count": 1, "articles": ["b/undated"]}


def test_period_needs_dates(tmp_path: Path) -> None:
    path = tmp_path / "study.toml"
    path.write_text(MINIMAL_STUDY + '\n[stats]\nperiod = "week"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"stats\.period: articles have no dates; map "):
        load_study(path)


def test_a_date_pattern_needs_year_month_and_day(tmp_path: Path) -> None:
    path = tmp_path / "study.toml"
    edit = "files = [\"a/*.txt\"]\ndate_pattern = '(?P<year>\\d{4})'"
    path.write_text(MINIMAL_STUDY.replace('files = ["a/*.txt"]', edit), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_study(path)
    assert str(info.value).startswith(
        f"{path}: outlets[0].date_pattern: date_pattern '(?P<year>\\d{{4}})' lacks the named "
        "group(s) (?P<month>...), (?P<day>...); e.g. "
    )


def test_an_optional_date_group_that_matched_nothing_is_a_value_error() -> None:
    """A pattern with an optional day, on a month-only name: a ValueError naming the
    group (the caller turns it into a one-line error), not a TypeError on None."""
    import re

    from framing.corpus.dates import date_from_name

    pattern = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})(-(?P<day>\d{2}))?")
    assert date_from_name(pattern, "2024-06-21.txt") == "2024-06-21"
    with pytest.raises(ValueError, match="group 'day' matched nothing"):
        date_from_name(pattern, "2024-06.txt")


@pytest.mark.parametrize("actor", ["outlet", "article_id", "seoul"])
def test_tone_per_period_for_an_actor_named_like_a_key_column(mini_study, actor: str) -> None:
    """An actor id is a slug, and `outlet` is one: its tone column is tone:outlet,
    never a second `outlet` column (the per-article pivot failed on it)."""
    from framing.pipeline import compute

    pattern = r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})"
    config = (
        MINIMAL_STUDY.replace('id = "seoul"', f'id = "{actor}"')
        .replace('files = ["a/*.txt"]', f"files = [\"a/*.txt\"]\ndate_pattern = '{pattern}'")
        .replace("families = []", 'families = ["sentiment", "actors"]')
        + '\n[stats]\nperiod = "month"\n'
    )
    path = mini_study(
        config,
        {
            "a/report_20240621.txt": "Seoul spoke.\n\nSeoul said it was glad. It rained.\n",
            "b/undated.txt": "Quiet.\n\nNothing happened. It rained.\n",
        },
    )
    _, _, tables, _ = compute(path)
    tone = tables["period_stats"].filter(feature=f"tone:{actor}", outlet="a")
    assert tone["n"].to_list() == [1]


@pytest.mark.parametrize("period", ["day", "week", "month"])
def test_the_span_check_counts_periods_as_they_are_listed(period: str) -> None:
    """count_periods (the guard) and all_periods (the table) agree, ISO week 53 and
    month ends included."""
    from framing.stats.periods import count_periods

    first = dt.date(2020, 12, 27)
    assert [w for w, _ in all_periods(first, dt.date(2021, 1, 4), "week")] == [
        "2020-W52", "2020-W53", "2021-W01",
    ]  # fmt: skip
    for days in (0, 1, 6, 7, 30, 31, 59, 366, 800):
        last = first + dt.timedelta(days=days)
        assert count_periods(first, last, period) == len(all_periods(first, last, period))
