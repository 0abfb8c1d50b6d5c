"""The report's groups and time sections and its evidence blocks: present only with
their tables, escaped, bounded, and readable with 30 outlets in 3 groups (Chromium)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from framing.report.evidence import MAX_ROWS, TEXT_CHARS, evidence_block
from framing.report.headlines import headline_features
from framing.report.page import render_report
from framing.stats.groups import group_tables
from framing.stats.periods import period_tables
from tests.test_report import IMG, SCRIPT, chromium, headless

__all__ = ["chromium"]  # the fixture, shared with test_report

FEATURES = list(headline_features())
REGIONS = ["Asia", "Europe", f"North {SCRIPT} America"]


def thirty_outlets(seed: int = 0) -> dict[str, pl.DataFrame]:
    """30 outlets in 3 regions, 12 dated articles each over 8 weeks (one week empty)."""
    rng = np.random.default_rng(seed)
    outlets = [f"outlet_{i:02d}" for i in range(30)]
    rows = []
    for i, outlet in enumerate(outlets):
        for a in range(12):
            day = dt.date(2024, 6, 3) + dt.timedelta(days=int(rng.integers(0, 56)))
            if 14 <= (day - dt.date(2024, 6, 3)).days < 21:
                day += dt.timedelta(days=7)  # week 25 stays empty
            values = rng.normal(size=len(FEATURES)) + (i % 3)
            rows.append({"outlet": outlet, "article_id": f"{a:02d}", "date": day.isoformat()}
                        | dict(zip(FEATURES, values, strict=True)))  # fmt: skip
    articles = pl.DataFrame(rows)
    meta = pl.DataFrame({"outlet": outlets, "region": [REGIONS[i % 3] for i in range(30)]})
    groups, _ = group_tables(
        articles, meta, FEATURES, group_by=("region",), seed=1, resamples=200,
        permutations=500, pairwise=True,
    )  # fmt: skip
    periods, _ = period_tables(articles, FEATURES, period="week", seed=1, resamples=100)
    outlets_table = (
        articles.group_by("outlet")
        .agg(pl.len().alias("n_articles"), *[pl.col(f).mean() for f in FEATURES])
        .join(meta, on="outlet")
        .sort("outlet")
    )
    return {"articles": articles, "outlets": outlets_table, **groups, "period_stats": periods}


@pytest.fixture(scope="module")
def page() -> str:
    return render_report(thirty_outlets(), {"study": "thirty"})


def section(page: str, key: str) -> str:
    found = re.search(rf"<section id=['\"]{key}['\"]>.*?</section>", page, re.S)
    assert found, key
    return found.group(0)


def test_groups_and_time_sections_come_with_their_tables(page: str) -> None:
    groups, periods = section(page, "groups"), section(page, "periods")
    assert groups.count("<figure") == len(FEATURES)  # one dot plot per headline feature
    assert periods.count("<figure") == len(FEATURES)  # one panel figure per feature
    assert "Asia · 10 outlets" in groups and "2024-W23 to 2024-W30, 8 periods" in periods
    plain = render_report({"articles": thirty_outlets()["articles"]}, {"study": "plain"})
    assert "<section id='groups'>" not in plain and "<section id='periods'>" not in plain


def test_group_names_are_escaped(page: str) -> None:
    assert SCRIPT not in page and "&lt;script&gt;" in page


def test_sizes_stay_bounded(page: str) -> None:
    assert len(section(page, "groups")) < 150_000
    assert len(section(page, "periods")) < 700_000


def test_evidence_blocks_are_closed_escaped_clipped_and_capped() -> None:
    n = MAX_ROWS + 7
    evidence = pl.DataFrame(
        {
            "outlet": [f"o{i:03d}" for i in range(n)],
            "table": ["actors"] * n,
            "key": ["seoul:negative"] * n,
            "rank": [1] * n,
            "article_id": [IMG] * n,
            "sentence": [3] * n,
            "value": [-0.5] * n,
            "text": [SCRIPT + "x" * 400] * n,
        }
    )
    block = evidence_block({"evidence": evidence}, "actors", what="tone")
    assert block.startswith("<details class='evidence'><summary>")  # closed: no `open`
    assert SCRIPT not in block and IMG not in block
    assert block.count("<tr>") == MAX_ROWS + 1  # header + capped rows
    assert "7 more rows in evidence.csv" in block
    clipped = re.findall(r"&lt;script&gt;[^<]*", block)[0]
    assert len(clipped.replace("&lt;", "<").replace("&gt;", ">")) == TEXT_CHARS
    assert evidence_block({"evidence": evidence}, "frames", what="x") == ""


@pytest.mark.slow
def test_thirty_outlets_in_three_groups_render_in_chromium(
    chromium: str, page: str, tmp_path: Path
) -> None:
    browser = chromium
    report = tmp_path / "report.html"
    report.write_text(page, encoding="utf-8")
    done = headless(browser, tmp_path / "profile", "--dump-dom", report.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert dom.count("<svg") == dom.count("<figcaption") >= 2 * len(FEATURES)
    assert "<script" not in dom.lower()
    # Three rows per group plot, whatever the number of outlets.
    groups = section(dom, "groups")
    for region in ("Asia · 10 outlets", "Europe · 10 outlets"):
        assert groups.count(region) == len(FEATURES)
    shot = tmp_path / "report.png"
    done = headless(
        browser, tmp_path / "profile", "--hide-scrollbars", "--window-size=1280,2400",
        f"--screenshot={shot}", report.as_uri(),
    )  # fmt: skip
    assert done.returncode == 0 and shot.stat().st_size > 10_000
