"""framing.stats: bootstrap intervals, permutation tests, effect sizes, FDR, tables."""

from __future__ import annotations

import itertools
import math
import warnings
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from framing.config import Study
from framing.features.base import Column, Family
from framing.features.sentiment.counterparts import counterparts as sentiment_counterparts
from framing.stats.comparisons import COMPARISON_SCHEMA
from framing.stats.effects import bh_qvalues, cohens_d
from framing.stats.outlets import STATS_SCHEMA, outlet_tables
from framing.stats.resampling import (
    bootstrap,
    percentile_ci,
    permutation_counts,
    random_subsets,
    stream,
    subset_counts,
)

from .conftest import EXAMPLE_CONFIG, EXAMPLE_DATA


def make_study(**stats: object) -> Study:
    options = {"bootstrap": 200, "permutations": 199, "min_articles": 3, **stats}
    return Study.model_validate(
        {"study": {"name": "t", "seed": 7}, "corpus": {"table": "x.csv"}, "stats": options}
    )


FAMILY = Family(
    name="fam",
    version="1",
    description="",
    columns=(
        Column("fam__x", "", (None, None), ""),
        Column("fam__empty", "", (None, None), ""),
        Column("fam__const", "", (None, None), ""),
        Column("fam__label", "", (None, None), "", numeric=False),
    ),
    extract=lambda batch, ctx: None,  # type: ignore[arg-type,return-value]
)


def articles_table(sizes: dict[str, int], seed: int = 0) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    outlets = [o for o, n in sizes.items() for _ in range(n)]
    n = len(outlets)
    return pl.DataFrame(
        {
            "outlet": outlets,
            "article_id": [f"{i:04d}" for i in range(n)],
            "title": ["t"] * n,
            "n_words": rng.integers(100, 900, n),
            "n_sentences": rng.integers(5, 40, n),
            "fam__x": rng.normal(size=n) + np.array([o == "b" for o in outlets]) * 3.0,
            "fam__empty": [None] * n,
            "fam__const": [0.1] * n,
            "fam__label": ["z"] * n,
        },
        schema_overrides={"fam__empty": pl.Float64},
    )


def run(articles: pl.DataFrame, study: Study | None = None, sentences: pl.DataFrame | None = None):
    tables = {
        "articles": articles,
        "sentences": sentences if sentences is not None else pl.DataFrame(),
    }
    return outlet_tables(study or make_study(), tables, [FAMILY])


# ---------------------------------------------------------------- kernels


def test_bh_matches_hand_computation() -> None:
    # sorted p: .005 .01 .03 .04 → m·p/rank: .02 .02 .04 .04 (already monotone)
    p = np.array([0.01, 0.04, np.nan, 0.03, 0.005])
    expected = np.array([0.02, 0.04, np.nan, 0.04, 0.02])
    np.testing.assert_allclose(bh_qvalues(p), expected, equal_nan=True)


def test_bh_step_up_takes_the_minimum_over_larger_ranks() -> None:
    # m·p/rank: .04 .03 .0267 .4 → running minimum from the top: .0267 .0267 .0267 .4
    p = np.array([0.01, 0.015, 0.02, 0.4])
    np.testing.assert_allclose(bh_qvalues(p), [0.08 / 3, 0.08 / 3, 0.08 / 3, 0.4])
    np.testing.assert_allclose(bh_qvalues(np.array([0.9, 0.8])), [0.9, 0.9])
    assert np.isnan(bh_qvalues(np.array([np.nan]))).all()
    assert bh_qvalues(np.array([])).size == 0


def test_bh_agrees_with_scipy() -> None:
    from scipy.stats import false_discovery_control

    p = np.random.default_rng(1).uniform(size=50) ** 3
    np.testing.assert_allclose(bh_qvalues(p), false_discovery_control(p, method="bh"))


def test_cohens_d_hand_worked() -> None:
    # a = 1,2,3 (mean 2, SS 2); b = 4,5,6,7 (mean 5.5, SS 5); s_p² = 7/5.
    values = np.array([1, 2, 3, 4, 5, 6, 7], dtype=float)[:, None]
    labels = np.array([0, 0, 0, 1, 1, 1, 1])
    d, mean_g, mean_rest = cohens_d(values, labels, 2)
    expected = (2 - 5.5) / math.sqrt(7 / 5)
    np.testing.assert_allclose(d[:, 0], [expected, -expected])
    np.testing.assert_allclose(mean_g[:, 0], [2, 5.5])
    np.testing.assert_allclose(mean_rest[:, 0], [5.5, 2])


def test_cohens_d_one_vs_rest_uses_the_rest_pooled() -> None:
    # Three groups: group 0 = 0, 2 against rest = 4, 6, 8, 10 (mean 7, SS 20); SS_0 = 2.
    values = np.array([0, 2, 4, 6, 8, 10], dtype=float)[:, None]
    labels = np.array([0, 0, 1, 1, 2, 2])
    d, _, _ = cohens_d(values, labels, 3)
    assert d[0, 0] == pytest.approx((1 - 7) / math.sqrt(22 / 4))


def test_cohens_d_undefined_without_variation() -> None:
    values = np.array([[0.1], [0.1], [0.1], [0.1]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        d, _, _ = cohens_d(values, np.array([0, 0, 1, 1]), 2)
        d2, _, _ = cohens_d(np.array([[1.0], [2.0]]), np.array([0, 1]), 2)
    assert np.isnan(d).all() and np.isnan(d2).all()


def test_permutation_identical_groups_give_p_one() -> None:
    values = np.array([1, 2, 3, 4, 5, 1, 2, 3, 4, 5], dtype=float)[:, None]
    labels = np.repeat([0, 1], 5)
    observed, counts = permutation_counts(
        values, None, labels, 2, permutations=999, rng=stream(1, "t")
    )
    assert observed[0, 0] == 0
    assert ((counts + 1) / 1000 == 1).all()


def test_permutation_separated_groups_give_the_minimum_p() -> None:
    values = np.concatenate([np.arange(10) + 1000.0, np.arange(10.0)])[:, None]
    labels = np.repeat([0, 1], 10)
    for den in (None, np.ones_like(values)):
        observed, counts = permutation_counts(
            values, den, labels, 2, permutations=999, rng=stream(1, "t")
        )
        assert observed[0, 0] == pytest.approx(1000)
        assert (counts == 0).all()  # p = (0 + 1) / (999 + 1), the smallest possible


def test_permutation_counts_do_not_depend_on_the_column_blocks(monkeypatch) -> None:
    # Wide blocks (one sparse product) and 16-column blocks must give the same bytes:
    # each column is summed over the same rows in the same order either way.
    from framing.stats import resampling

    rng = np.random.default_rng(3)
    num, den = rng.normal(size=(300, 40)), rng.uniform(1, 2, size=(300, 40))
    labels = np.sort(rng.integers(0, 5, 300))
    for ratio_den in (None, den):
        results = []
        for cache_bytes in (1, 1 << 30):
            monkeypatch.setattr(resampling, "CACHE_BYTES", cache_bytes)
            results.append(
                permutation_counts(num, ratio_den, labels, 5, permutations=200, rng=stream(1, "b"))
            )
        (narrow_observed, narrow_counts), (wide_observed, wide_counts) = results
        assert narrow_observed.tobytes() == wide_observed.tobytes()
        assert np.array_equal(narrow_counts, wide_counts) and narrow_counts.any()


def test_random_subsets_are_uniform() -> None:
    subsets = random_subsets(stream(1, "subsets"), 5, 2, 20000)
    assert (subsets[:, 0] != subsets[:, 1]).all()
    assert subsets.min() >= 0 and subsets.max() <= 4
    pairs = np.sort(subsets, axis=1)
    _, frequency = np.unique(pairs[:, 0] * 5 + pairs[:, 1], return_counts=True)
    assert frequency.size == 10  # all C(5, 2) subsets, each about 1 / 10 of the draws
    np.testing.assert_allclose(frequency / 20000, 0.1, atol=0.01)


@pytest.mark.parametrize("method", ["all", "subset"])
def test_both_permutation_methods_match_full_enumeration(method: str) -> None:
    values = np.array([0.3, 1.9, 2.2, 0.1, 0.8, 1.1, 2.5, 0.4])
    labels = np.array([0, 0, 0, 1, 1, 1, 1, 1])
    observed = values[:3].mean() - values[3:].mean()
    splits = list(itertools.combinations(range(8), 3))
    extreme = 0
    for chosen in splits:
        inside = np.isin(np.arange(8), chosen)
        extreme += abs(values[inside].mean() - values[~inside].mean()) >= abs(observed) - 1e-12
    exact = extreme / len(splits)
    m = 4000
    rng = stream(3, "enumeration", method)
    if method == "all":
        got, counts = permutation_counts(values[:, None], None, labels, 2, permutations=m, rng=rng)
        got, count = got[0, 0], counts[0, 0]
    else:
        got, counts = subset_counts(values[:, None], None, labels == 0, permutations=m, rng=rng)
        got, count = got[0], counts[0]
    assert got == pytest.approx(observed)
    # Binomial standard error at m = 4000 is below 0.008.
    assert (count + 1) / (m + 1) == pytest.approx(exact, abs=0.03)


def test_subset_method_extremes() -> None:
    identical = np.array([1, 2, 3, 1, 2, 3], dtype=float)[:, None]
    _, counts = subset_counts(
        identical, None, np.arange(6) < 3, permutations=99, rng=stream(1, "s")
    )
    assert counts[0] == 99  # p = 1
    apart = np.concatenate([np.arange(10) + 1000.0, np.arange(30.0)])[:, None]
    for den in (None, np.ones_like(apart)):
        _, counts = subset_counts(
            apart, den, np.arange(40) < 10, permutations=999, rng=stream(1, "s")
        )
        assert counts[0] == 0


def test_bootstrap_ratio_of_sums() -> None:
    num = np.array([[1.0], [3.0]])
    den = np.array([[2.0], [2.0]])
    draws = bootstrap(num, den, resamples=500, rng=stream(1, "r"))
    # Resamples of two rows: {1,1} → .5, {1,3} → 1, {3,3} → 1.5.
    assert set(np.round(draws[:, 0], 12)) <= {0.5, 1.0, 1.5}
    assert 0.4 < np.mean(draws[:, 0] == 1.0) < 0.6


def test_bootstrap_ci_covers_the_mean_at_about_the_nominal_rate() -> None:
    rng = np.random.default_rng(2024)
    covered = 0
    simulations = 200
    for i in range(simulations):
        sample = rng.normal(1.0, 2.0, size=(40, 1))
        draws = bootstrap(sample, None, resamples=400, rng=stream(2024, "coverage", str(i)))
        low, high = percentile_ci(draws)
        covered += bool(low[0] <= 1.0 <= high[0])
    assert 0.90 <= covered / simulations <= 0.99


def test_streams_are_keyed_by_name_not_order() -> None:
    a = stream(5, "bootstrap", "x").integers(0, 1 << 30, 4)
    b = stream(5, "bootstrap", "x").integers(0, 1 << 30, 4)
    c = stream(5, "bootstrap", "y").integers(0, 1 << 30, 4)
    assert (a == b).all() and not (a == c).all()


# ----------------------------------------------------------------- tables


def test_tables_have_the_documented_columns_and_sorting() -> None:
    (tables, notes) = run(articles_table({"a": 6, "b": 5, "c": 4}))
    stats, comparisons = tables["outlet_stats"], tables["comparisons"]
    assert stats.columns[:7] == ["outlet", "feature", "unit", "n", "mean", "ci_low", "ci_high"]
    assert comparisons.columns[:3] == ["outlet", "versus", "feature"]
    for name in ("difference", "effect_size", "p_value", "q_value"):
        assert name in comparisons.columns
    assert stats.equals(stats.sort("outlet", "feature"))
    assert comparisons.equals(comparisons.sort("outlet", "versus", "feature"))
    features = {"n_words", "n_sentences", "fam__x", "fam__empty", "fam__const"}
    assert set(stats["feature"]) == features  # fam__label is not numeric
    assert stats.height == 3 * len(features)
    assert set(stats["unit"]) == {"article"}
    assert set(comparisons["versus"]) == {"rest"}
    assert notes == []


def test_outlet_stats_values() -> None:
    articles = articles_table({"a": 6, "b": 5})
    tables, _ = run(articles)
    row = tables["outlet_stats"].filter(outlet="a", feature="fam__x").row(0, named=True)
    values = articles.filter(outlet="a")["fam__x"].to_numpy()
    assert row["n"] == 6
    assert row["mean"] == pytest.approx(values.mean())
    assert row["ci_low"] < row["mean"] < row["ci_high"]
    assert values.min() <= row["ci_low"] and row["ci_high"] <= values.max()


def test_comparisons_values_and_q_within_each_comparison() -> None:
    articles = articles_table({"a": 6, "b": 5, "c": 4})
    tables, _ = run(articles, make_study(pairwise=True, permutations=499))
    comparisons = tables["comparisons"]
    assert set(zip(comparisons["outlet"], comparisons["versus"], strict=True)) == {
        ("a", "rest"), ("b", "rest"), ("c", "rest"), ("a", "b"), ("a", "c"), ("b", "c"),
    }  # fmt: skip
    row = comparisons.filter(outlet="b", versus="rest", feature="fam__x").row(0, named=True)
    inside = articles.filter(outlet="b")["fam__x"].to_numpy()
    outside = (
        articles.filter(outlet="a")["fam__x"].to_list()
        + articles.filter(outlet="c")["fam__x"].to_list()
    )
    assert row["difference"] == pytest.approx(inside.mean() - np.mean(outside))
    assert (row["n"], row["n_versus"]) == (5, 10)
    assert row["effect_size_kind"] == "cohens_d" and row["effect_size"] > 1
    assert row["p_value"] == pytest.approx(1 / 500)  # b is shifted by 3 SD
    for (_, _), part in comparisons.group_by("outlet", "versus"):
        np.testing.assert_allclose(
            part["q_value"].to_numpy(), bh_qvalues(part["p_value"].to_numpy()), equal_nan=True
        )


def test_missing_values_are_dropped_and_other_features_do_not_matter() -> None:
    articles = articles_table({"a": 6, "b": 5}).with_columns(
        pl.when(pl.col("article_id").is_in(["0000", "0001"]))
        .then(None)
        .otherwise(pl.col("fam__x"))
        .alias("fam__x")
    )
    tables, _ = run(articles)
    row = tables["outlet_stats"].filter(outlet="a", feature="fam__x").row(0, named=True)
    values = articles.filter(outlet="a")["fam__x"].drop_nulls().to_numpy()
    assert row["n"] == 4 and row["mean"] == pytest.approx(values.mean())
    only_x = Family("fam", "1", "", (FAMILY.columns[0],), FAMILY.extract)
    alone, _ = outlet_tables(
        make_study(), {"articles": articles, "sentences": pl.DataFrame()}, [only_x]
    )
    # n_words shares its draws with fam__const in one run and not in the other.
    for name, feature in itertools.product(("outlet_stats", "comparisons"), ("fam__x", "n_words")):
        mine = tables[name].filter(feature=feature).drop("q_value", strict=False)
        theirs = alone[name].filter(feature=feature).drop("q_value", strict=False)
        assert mine.equals(theirs)


def test_rerun_and_row_order_give_identical_tables() -> None:
    articles = articles_table({"a": 6, "b": 5, "c": 1, "d": 2})
    first, _ = run(articles)
    second, _ = run(articles.sample(fraction=1.0, shuffle=True, seed=3))
    for name in ("outlet_stats", "comparisons"):
        assert first[name].write_csv() == second[name].write_csv()


def test_degenerate_inputs_give_nan_not_warnings() -> None:
    articles = articles_table({"a": 6, "b": 5, "solo": 1})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tables, notes = run(articles, make_study(min_articles=2))
    stats = tables["outlet_stats"]
    empty = stats.filter(outlet="a", feature="fam__empty").row(0, named=True)
    assert empty["n"] == 0 and math.isnan(empty["mean"]) and math.isnan(empty["ci_low"])
    const = stats.filter(outlet="a", feature="fam__const").row(0, named=True)
    assert const["mean"] == pytest.approx(0.1)
    assert const["ci_low"] == pytest.approx(0.1) and const["ci_high"] == pytest.approx(0.1)
    # One article, no sentences table: its value, no interval, and a note saying why.
    solo = stats.filter(outlet="solo", feature="fam__x").row(0, named=True)
    assert solo["n"] == 1 and math.isfinite(solo["mean"]) and math.isnan(solo["ci_low"])
    assert solo["note"]
    comparisons = tables["comparisons"]
    const_cmp = comparisons.filter(outlet="a", feature="fam__const").row(0, named=True)
    assert math.isnan(const_cmp["effect_size"]) and const_cmp["p_value"] == 1.0
    empty_cmp = comparisons.filter(outlet="a", feature="fam__empty").row(0, named=True)
    assert math.isnan(empty_cmp["p_value"]) and math.isnan(empty_cmp["q_value"])
    assert any("solo" in note for note in notes)


def test_single_outlet_gives_empty_comparisons_and_a_note() -> None:
    tables, notes = run(articles_table({"only": 8}))
    assert tables["comparisons"].height == 0
    assert tables["comparisons"].schema == pl.Schema(COMPARISON_SCHEMA)
    assert tables["outlet_stats"].schema == pl.Schema(STATS_SCHEMA)
    assert "comparisons skipped: the study has a single outlet" in notes


def sentences_table(compound: dict[str, list[float]]) -> pl.DataFrame:
    rows = []
    for outlet, scores in compound.items():
        rows.append((outlet, f"{outlet}1", 0, 0, True, "Headline", 0.9))
        for i, score in enumerate(scores, start=1):
            rows.append((outlet, f"{outlet}1", 1, i, False, "s", score))
    key = ["outlet", "article_id", "paragraph", "sentence", "is_headline", "text"]
    return pl.DataFrame(rows, schema=[*key, "sentiment__compound"], orient="row")


SENTIMENT = Family(
    name="sentiment",
    version="1",
    description="",
    columns=(
        Column("sentiment__compound", "", (-1, 1), "", level="sentence"),
        Column("sentiment__mean_compound", "", (-1, 1), ""),
        Column("sentiment__doc_compound", "", (-1, 1), ""),
    ),
    extract=lambda batch, ctx: None,  # type: ignore[arg-type,return-value]
    counterparts=sentiment_counterparts,
)


def test_small_outlets_resample_body_sentences() -> None:
    scores = {"a": [0.5, -0.2, 0.1, 0.4], "b": [-0.6, -0.1, -0.3]}
    sentences = sentences_table(scores)
    articles = pl.DataFrame(
        {
            "outlet": ["a", "b"],
            "article_id": ["a1", "b1"],
            "title": ["t", "t"],
            "n_words": [40, 30],
            "n_sentences": [4, 3],
            "sentiment__mean_compound": [np.mean(scores["a"]), np.mean(scores["b"])],
            "sentiment__doc_compound": [0.7, -0.8],
        }
    )
    study = make_study(permutations=999)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tables, notes = outlet_tables(
            study, {"articles": articles, "sentences": sentences}, [SENTIMENT]
        )
    stats = tables["outlet_stats"]
    row = stats.filter(outlet="a", feature="sentiment__mean_compound").row(0, named=True)
    assert row["unit"] == "sentence" and row["n"] == 4  # the headline is left out
    assert row["mean"] == pytest.approx(0.2)
    assert -0.2 <= row["ci_low"] < 0.2 < row["ci_high"] <= 0.5
    doc = stats.filter(outlet="a", feature="sentiment__doc_compound").row(0, named=True)
    assert doc["n"] == 1 and math.isnan(doc["ci_low"]) and "counterpart" in doc["note"]
    comparison = (
        tables["comparisons"]
        .filter(outlet="a", feature="sentiment__mean_compound")
        .row(0, named=True)
    )
    assert comparison["unit"] == "sentence" and (comparison["n"], comparison["n_versus"]) == (4, 3)
    assert comparison["difference"] == pytest.approx(0.2 - (-1 / 3))
    # Of the 35 ways to split the 7 body sentences 4 / 3, 3 are as extreme: p = 3/35.
    assert comparison["p_value"] == pytest.approx(3 / 35, abs=0.03)
    assert any("sentence" in note for note in notes)


def test_mixed_study_reads_only_the_small_outlets_sentences() -> None:
    scores = {"big": [0.1] * 8, "c": [0.5, -0.2, 0.1, 0.4], "d": [-0.6, -0.1, -0.3]}
    sentences = sentences_table(scores)
    big = pl.DataFrame(
        {
            "outlet": ["big"] * 3,
            "article_id": ["big1", "big2", "big3"],
            "sentiment__mean_compound": [0.1, 0.3, -0.2],
        }
    )
    small = pl.DataFrame(
        {
            "outlet": ["c", "d"],
            "article_id": ["c1", "d1"],
            "sentiment__mean_compound": [0.2, -1 / 3],
        }
    )
    articles = pl.concat([big, small]).with_columns(
        title=pl.lit("t"), n_words=pl.lit(10), n_sentences=pl.lit(3), sentiment__doc_compound=0.0
    )
    study = make_study(min_articles=3, pairwise=True)
    tables = {"articles": articles, "sentences": sentences}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result, notes = outlet_tables(study, tables, [SENTIMENT])
        # The big outlet's sentences change nothing (a streamed run does not pass them).
        again, _ = outlet_tables(
            study, {**tables, "sentences": sentences.filter(pl.col("outlet") != "big")}, [SENTIMENT]
        )
    for name in ("outlet_stats", "comparisons"):
        assert result[name].write_csv() == again[name].write_csv()
    comparisons = result["comparisons"]
    row = comparisons.filter(outlet="c", versus="rest", feature="sentiment__mean_compound").row(
        0, named=True
    )
    assert (row["unit"], row["n"], row["n_versus"]) == ("sentence", 4, 3)
    assert "other outlets with fewer than 3 articles" in row["note"]
    big_rest = comparisons.filter(outlet="big", versus="rest", feature="sentiment__mean_compound")
    assert big_rest["unit"].to_list() == ["article"] and big_rest["n_versus"].to_list() == [2]
    mixed = comparisons.filter(outlet="big", versus="c")
    assert mixed.height > 0 and mixed["p_value"].is_nan().all()
    assert any("pool the body sentences" in note for note in notes)


def test_a_counterpart_that_does_not_rebuild_the_article_is_not_used() -> None:
    sentences = sentences_table({"a": [0.5, -0.2], "b": [0.1, 0.3]})
    articles = pl.DataFrame(
        {
            "outlet": ["a", "b"],
            "article_id": ["a1", "b1"],
            "title": ["t", "t"],
            "n_words": [10, 10],
            "n_sentences": [2, 2],
            "sentiment__mean_compound": [0.99, 0.2],  # not the mean of its sentences
            "sentiment__doc_compound": [0.1, 0.2],
        }
    )
    tables, notes = outlet_tables(
        make_study(), {"articles": articles, "sentences": sentences}, [SENTIMENT]
    )
    row = (
        tables["outlet_stats"]
        .filter(outlet="a", feature="sentiment__mean_compound")
        .row(0, named=True)
    )
    assert row["unit"] == "article" and row["mean"] == 0.99 and math.isnan(row["ci_low"])
    assert any("does not reproduce" in note for note in notes)


@pytest.mark.slow
def test_example_study(tmp_path: Path) -> None:
    """The example study through the pipeline: five outlets, one article each."""
    import framing.stats.units
    from framing.pipeline import compute
    from framing.pipeline.plan import selected_families

    text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    text = text.replace('"../data/seoul_moscow_pyongyang/', f'"{EXAMPLE_DATA.as_posix()}/')
    text = text.replace("[models]\n", "[models]\nenabled = false\n", 1)
    config = tmp_path / "study.toml"
    config.write_text(text, encoding="utf-8")
    study, _, tables, facts = compute(config)
    stats, comparisons = tables["outlet_stats"], tables["comparisons"]
    families = selected_families(study)
    n_features = len(framing.stats.units.numeric_features(tables["articles"], families))
    assert sorted(set(stats["outlet"])) == sorted(set(tables["articles"]["outlet"]))
    assert stats.height == 5 * n_features and comparisons.height == 5 * n_features
    # One article per outlet: sentence unit where a counterpart exists, else no interval.
    sentence_rows = stats.filter(unit="sentence")
    assert sentence_rows.height > 0 and sentence_rows["ci_low"].is_not_nan().all()
    assert stats.filter(unit="article")["ci_low"].is_nan().all()
    means = tables["outlets"].select("outlet", "sentiment__mean_compound").sort("outlet")
    got = stats.filter(feature="sentiment__mean_compound").sort("outlet")
    np.testing.assert_allclose(got["mean"].to_numpy(), means["sentiment__mean_compound"].to_numpy())
    tested = comparisons.filter(pl.col("p_value").is_not_nan())
    assert set(tested["unit"]) == {"sentence"} and (tested["p_value"] >= 1 / 2001).all()
    assert any("fewer than 10 articles" in note for note in facts["notes"])


def test_a_features_p_value_does_not_depend_on_how_many_features_are_tested() -> None:
    """The permutation method (one shuffle of all rows, or a subset per outlet) is chosen
    from the row counts alone: with 40 features instead of 1 it used to switch, and the
    first feature's p-value moved (0.6287 → 0.6302)."""
    from framing.stats.comparisons import _test_groups

    rng = np.random.default_rng(5)
    num = rng.normal(size=(200, 40))
    labels = np.array([0] * 60 + [1] * 140)
    options = {"permutations": 999, "seed": 7, "keys": ("k",)}
    alone = _test_groups(num[:, :1], None, labels, ["a", "b"], [0], **options)
    together = _test_groups(num, None, labels, ["a", "b"], [0], **options)
    assert alone[0][0] == together[0][0]
