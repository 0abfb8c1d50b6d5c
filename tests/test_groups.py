"""Groups of outlets: outlet meta, group_stats.csv and group_comparisons.csv."""

from __future__ import annotations

import math
import re
import warnings

import numpy as np
import polars as pl
import polars.testing
import pytest

from framing.stats.groups import (
    GROUP_COMPARISON_SCHEMA,
    GROUP_STATS_SCHEMA,
    ONE_OUTLET,
    group_tables,
)
from framing.stats.nested import outlet_permutation, two_stage_bootstrap
from tests.conftest import MINIMAL_STUDY


def nested_corpus(
    groups: dict[str, list[int]],
    *,
    shift: dict[str, float] | None = None,
    outlet_sd: float = 0.3,
    article_sd: float = 1.0,
    seed: int = 0,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Articles nested in outlets nested in groups: x = group shift + outlet effect
    (sd `outlet_sd`) + article noise (sd `article_sd`). `groups` maps a group to
    its outlets' article counts. Returns (articles, meta)."""
    rng = np.random.default_rng(seed)
    shift = shift or {}
    outlets, values, meta = [], [], []
    for g, sizes in groups.items():
        for i, n in enumerate(sizes):
            name = f"{g}_{i:02d}"
            effect = shift.get(g, 0.0) + rng.normal(0, outlet_sd)
            outlets += [name] * n
            values += list(effect + rng.normal(0, article_sd, n))
            meta.append({"outlet": name, "region": g})
    articles = pl.DataFrame(
        {
            "outlet": outlets,
            "article_id": [f"{i:05d}" for i in range(len(outlets))],
            "x": values,
            "y": np.ones(len(outlets)),
        }
    ).sort("outlet", "article_id")
    return articles, pl.DataFrame(meta)


def tables_of(articles, meta, *, features=("x",), **options):
    settings = {"seed": 3, "resamples": 400, "permutations": 2000, "pairwise": False} | options
    return group_tables(articles, meta, list(features), group_by=("region",), **settings)


def test_a_known_group_difference_is_recovered() -> None:
    articles, meta = nested_corpus(
        {"north": [20] * 6, "south": [20] * 6, "west": [20] * 6}, shift={"north": 1.5}
    )
    (tables, notes) = tables_of(articles, meta)
    stats = tables["group_stats"].filter(feature="x")
    north = stats.filter(group="north").row(0, named=True)
    assert north["n_outlets"] == 6 and north["n_articles"] == 120
    assert north["ci_low"] < 1.5 < north["ci_high"]
    others = stats.filter(pl.col("group") != "north")
    assert (others["ci_high"] < north["ci_low"]).all()
    compared = tables["group_comparisons"].filter(feature="x", versus="rest")
    row = compared.filter(group="north").row(0, named=True)
    assert row["difference"] == pytest.approx(1.5, abs=0.4)
    # 6 outlets of 18 inside: C(18, 6) = 18,564 assignments > 2000: sampled.
    assert row["exact"] is False and row["assignments"] == 2000
    assert row["p_value"] == pytest.approx(1 / 2001) and row["q_value"] <= 0.01
    assert row["effect_size"] > 2 and row["effect_size_kind"] == "cohens_d_outlets"
    assert compared.filter(group="south")["p_value"][0] > 0.01
    assert notes == []


def test_group_mean_is_the_mean_of_outlet_means_not_of_articles() -> None:
    articles = pl.DataFrame(
        {
            "outlet": ["a"] * 9 + ["b"],
            "article_id": [str(i) for i in range(10)],
            "x": [0.0] * 9 + [10.0],
        }
    )
    meta = pl.DataFrame({"outlet": ["a", "b"], "region": ["r", "r"]})
    stats = tables_of(articles, meta)[0]["group_stats"].row(0, named=True)
    assert stats["mean"] == 5.0  # article-weighted it would be 1.0
    assert stats["n_outlets"] == 2 and stats["n_articles"] == 10


def test_two_outlet_groups_give_wide_intervals_and_one_outlet_none() -> None:
    """Outlet effects ±1 in both groups (same spread between outlets), 30 articles
    each with little noise: the pair's interval spans its two outlets, about
    [-1, 1]; ten outlets pin the mean down better; an article-level interval
    (60 articles, sd 0.2) would be about ±0.05 wide, hiding the outlet spread."""
    rng = np.random.default_rng(5)
    effects = {"pair_00": -1.0, "pair_01": 1.0, "solo_00": 0.0}
    effects |= {f"many_{i:02d}": (-1.0) ** i for i in range(10)}
    outlets = [o for o in sorted(effects) for _ in range(30)]
    articles = pl.DataFrame(
        {
            "outlet": outlets,
            "article_id": [f"{i:04d}" for i in range(len(outlets))],
            "x": [effects[o] + rng.normal(0, 0.2) for o in outlets],
        }
    )
    meta = pl.DataFrame({"outlet": sorted(effects), "region": [o[:-3] for o in sorted(effects)]})
    stats = tables_of(articles, meta, resamples=1000)[0]["group_stats"]
    pair = stats.filter(group="pair").row(0, named=True)
    many = stats.filter(group="many").row(0, named=True)
    assert pair["ci_low"] < -0.9 and pair["ci_high"] > 0.9
    assert "two outlets" in pair["note"] and pair["n_outlets"] == 2
    assert 0.8 < many["ci_high"] - many["ci_low"] < 1.5  # ≈ 2 · 1.96 / √10 = 1.24
    solo = stats.filter(group="solo").row(0, named=True)
    assert solo["n_outlets"] == 1 and math.isnan(solo["ci_low"]) and solo["note"] == ONE_OUTLET


def test_small_studies_enumerate_every_assignment() -> None:
    """5 outlets, 2 against 3: 10 assignments, all counted; p is a multiple of 1/10."""
    articles, meta = nested_corpus({"a": [1, 1], "b": [1, 1, 1]}, shift={"a": 50.0})
    compared = tables_of(articles, meta, pairwise=True)[0]["group_comparisons"]
    assert set(zip(compared["group"], compared["versus"], strict=True)) == {
        ("a", "rest"), ("b", "rest"), ("a", "b"),
    }  # fmt: skip
    row = compared.filter(group="a", versus="rest", feature="x").row(0, named=True)
    assert row["exact"] is True and row["assignments"] == 10
    assert row["min_p_value"] == pytest.approx(0.1) and row["p_value"] == pytest.approx(0.1)
    assert "all 10 assignments" in row["note"]
    # A constant feature: every assignment ties with the observed difference 0.
    constant = compared.filter(group="a", versus="rest", feature="y")
    assert constant.is_empty()  # only x was asked for


def test_equal_sides_have_a_mirror_so_the_smallest_p_doubles() -> None:
    means = np.array([[0.0], [0.1], [5.0], [5.1]])
    test = outlet_permutation(
        means, np.array([False, False, True, True]), permutations=100, seed=1, keys=("k",)
    )
    assert test.exact and test.assignments == 6
    assert test.min_p_value == pytest.approx(2 / 6) and test.p_value[0] == pytest.approx(2 / 6)


@pytest.mark.parametrize("permutations", [2000, 60])
def test_p_values_stay_valid_under_shuffled_group_labels(permutations: int) -> None:
    """Labels carry no information, outlets differ a lot (outlet sd 1, article sd 1):
    the rejection rate at 0.05 must not exceed 0.05 by more than chance allows.
    10 outlets, 5 against 5: 252 assignments (exact), or 60 random ones."""
    rng = np.random.default_rng(11)
    rejected, trials = 0, 400
    for trial in range(trials):
        outlet_effects = rng.normal(0, 1, 10)
        means = (outlet_effects + rng.normal(0, 1, (20, 10)).mean(axis=0))[:, None]
        inside = rng.permutation(np.repeat([True, False], 5))
        test = outlet_permutation(
            means, inside, permutations=permutations, seed=trial, keys=("null",)
        )
        rejected += bool(test.p_value[0] <= 0.05)
    # Binomial(400, 0.05): sd 0.011; allow three of them.
    assert rejected / trials <= 0.05 + 0.033


def test_two_stage_bootstrap_resamples_outlets_then_articles() -> None:
    """One article per outlet: only the outer stage varies. One outlet with many
    articles: only the inner stage varies."""
    single = [np.array([[float(v)]]) for v in (1, 2, 3)]
    draws = two_stage_bootstrap(single, resamples=500, seed=1, keys=("t",))
    assert set(np.unique(draws * 3).round(6)) <= set(range(3, 10))
    one = [np.arange(50, dtype=float)[:, None]]
    inner = two_stage_bootstrap(one, resamples=500, seed=1, keys=("t",))
    # The bootstrap SE of a mean of 0..49: sd(0..49, ddof 0) / √50 = 14.43 / 7.07 = 2.04.
    assert inner.mean() == pytest.approx(24.5, abs=0.3)
    assert inner.std() == pytest.approx(2.04, rel=0.15)


def test_outlets_without_a_value_do_not_widen_a_features_interval() -> None:
    """The statistic is the mean over the outlets that have a value (n_outlets), so a
    resample draws that many outlets from those: an outlet without any value of the
    feature (no headline, never names the actor) is not drawn as an empty slot that
    shrinks the resample to fewer outlets (0.25-2.75 for 0..3 instead of 0.5-2.5)."""
    valued = [np.array([[float(v)]]) for v in (0, 1, 2, 3)]
    empty = [np.array([[np.nan]]) for _ in range(6)]
    draws = two_stage_bootstrap(valued + empty, resamples=2000, seed=1, keys=("t",))
    assert np.isfinite(draws).all()
    # Every resample is a mean of exactly four outlet values: a multiple of 1/4.
    assert np.allclose(draws * 4, np.round(draws * 4))
    # A feature every outlet has keeps the same outlets-then-articles scheme.
    both = [np.array([[float(v), 1.0]]) for v in (0, 1, 2, 3)]
    both += [np.array([[np.nan, 1.0]]) for _ in range(6)]
    mixed = two_stage_bootstrap(both, resamples=2000, seed=1, keys=("t",))
    assert np.allclose(mixed[:, 0] * 4, np.round(mixed[:, 0] * 4))
    assert np.allclose(mixed[:, 1], 1.0)


def test_tables_have_the_schema_sort_and_are_reproducible() -> None:
    articles, meta = nested_corpus({"b": [3, 4], "a": [5, 2, 3]}, shift={"a": 1.0})
    first, _ = tables_of(articles, meta, features=("y", "x"), pairwise=True)
    shuffled = articles.sample(fraction=1, shuffle=True, seed=2)
    again, _ = tables_of(shuffled, meta, features=("y", "x"), pairwise=True)
    assert first["group_stats"].schema == pl.Schema(GROUP_STATS_SCHEMA)
    assert first["group_comparisons"].schema == pl.Schema(GROUP_COMPARISON_SCHEMA)
    for name in first:
        assert first[name].equals(again[name])
    keys = first["group_comparisons"].select("group_by", "group", "versus", "feature")
    assert keys.equals(keys.sort(keys.columns))
    # Draws of x do not depend on which other features are asked for.
    alone, _ = tables_of(articles, meta, features=("x",), pairwise=True)
    # (Equal to the last bit or so: the article stage's matrix product may round
    # differently with another number of columns.)
    x = first["group_stats"].filter(feature="x")
    pl.testing.assert_frame_equal(x, alone["group_stats"], check_exact=False, rel_tol=1e-12)


def test_outlets_without_the_key_are_left_out_with_a_note() -> None:
    articles, meta = nested_corpus({"a": [3, 3], "b": [3, 3]})
    meta = meta.with_columns(
        pl.when(pl.col("outlet") == "b_01").then(None).otherwise(pl.col("region")).alias("region")
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tables, notes = tables_of(articles, meta)
    assert notes == ["group_by region: outlets without a region are left out: b_01"]
    b = tables["group_stats"].filter(group="b").row(0, named=True)
    assert b["n_outlets"] == 1 and b["note"] == ONE_OUTLET


def test_a_single_group_has_stats_and_no_comparison() -> None:
    articles, meta = nested_corpus({"only": [2, 2, 2]})
    tables, notes = tables_of(articles, meta)
    assert tables["group_stats"].height == 1 and tables["group_comparisons"].is_empty()
    assert notes == ["group_by region: fewer than two groups, nothing to compare"]


# ------------------------------------------------------------------ outlet meta

GROUPED_STUDY = MINIMAL_STUDY.replace(
    'files = ["a/*.txt"]', 'files = ["a/*.txt"]\nmeta = { country = "KR", region = "Asia" }'
).replace('files = ["b/*.txt"]', 'files = ["b/*.txt"]\nmeta = { region = "Europe" }')


def test_meta_lands_in_outlets_csv_after_the_counts(mini_study) -> None:
    from framing.pipeline import compute

    config = mini_study(GROUPED_STUDY + '\n[stats]\ngroup_by = ["region"]\n')
    _, _, tables, _ = compute(config)
    outlets = tables["outlets"]
    assert outlets.columns[:6] == [
        "outlet", "n_articles", "n_sentences", "n_words", "country", "region",
    ]  # fmt: skip
    assert outlets["country"].to_list() == ["KR", None]
    stats = tables["group_stats"]
    assert set(stats["group"]) == {"Asia", "Europe"} and (stats["note"] == ONE_OUTLET).all()
    assert set(tables["group_comparisons"]["assignments"]) <= {0, 2}


def test_without_group_by_there_are_no_group_tables(mini_study) -> None:
    from framing.pipeline import compute

    _, _, tables, _ = compute(mini_study(GROUPED_STUDY))
    assert "group_stats" not in tables and "country" in tables["outlets"].columns


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ('meta = { "bad-key" = "x" }', "meta key 'bad-key' is not an identifier"),
        ('meta = { n_words = "x" }', "meta key 'n_words' is a column the tables already have"),
        ("meta = { region = 3 }", "outlets[0].meta.region: Input should be a valid string"),
        # A table's empty cell is "no value"; in the config, leaving the key out says it.
        ('meta = { region = " " }', "outlets[0].meta: region is empty; leave the key out"),
    ],
)
def test_meta_keys_and_values_are_checked(tmp_path, edit: str, message: str) -> None:
    from framing.config import load_study
    from framing.errors import ConfigError

    text = MINIMAL_STUDY.replace('files = ["a/*.txt"]', f'files = ["a/*.txt"]\n{edit}')
    path = tmp_path / "study.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_study(path)


def test_group_by_needs_a_meta_key(tmp_path) -> None:
    from framing.config import load_study
    from framing.errors import ConfigError

    path = tmp_path / "study.toml"
    path.write_text(GROUPED_STUDY + '\n[stats]\ngroup_by = ["leaning"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_study(path)
    assert str(info.value) == (
        f"{path}: stats.group_by[0]: 'leaning' is not an outlet meta key (known keys: "
        'country, region); add meta = { leaning = "..." } to [[outlets]] or list it in '
        "corpus.meta_columns"
    )


TABLE_STUDY = """\
[study]
name = "tab"

[corpus]
table = "articles.csv"
columns = { outlet = "source", text = "body" }
meta_columns = ["country"]

[features]
families = []

[models]
enabled = false

[stats]
group_by = ["country"]
"""


def test_meta_columns_of_a_table(tmp_path, cli) -> None:
    rows = "source,body,country\na,Seoul spoke. It rained.,KR\na,Moscow spoke.,KR\nb,Quiet.,\n"
    (tmp_path / "articles.csv").write_text(rows, encoding="utf-8")
    (tmp_path / "study.toml").write_text(TABLE_STUDY, encoding="utf-8")
    from framing.pipeline import compute

    _, _, tables, facts = compute(tmp_path / "study.toml")
    assert tables["outlets"]["country"].to_list() == ["KR", None]
    assert "group_by country: outlets without a country are left out: b" in facts["notes"]
    conflict = rows + "a,Another.,RU\n"
    (tmp_path / "articles.csv").write_text(conflict, encoding="utf-8")
    result = cli("validate", tmp_path / "study.toml")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "framing: error: articles.csv: row 4: column 'country' is 'RU' for outlet 'a', but "
        "row 1 says 'KR'; a meta column holds one value per outlet"
    )


def test_compare_knows_the_group_tables() -> None:
    from framing.outputs.tables import keys

    assert keys()["group_stats"] == ("group_by", "group", "feature")
    assert keys()["group_comparisons"] == ("group_by", "group", "versus", "feature")


def test_a_group_called_rest_is_an_error() -> None:
    from framing.errors import DataError

    articles, meta = nested_corpus({"rest": [2, 2], "other": [2, 2]})
    with pytest.raises(DataError, match="outlets have region = 'rest'"):
        tables_of(articles, meta)


def test_config_meta_values_are_stripped_as_table_cells_are(mini_study) -> None:
    """ "Europe " and "Europe" are one group, from a config as from a table."""
    from framing.pipeline import compute

    text = GROUPED_STUDY.replace('region = "Europe"', 'region = " Asia "')
    _, _, tables, _ = compute(mini_study(text + '\n[stats]\ngroup_by = ["region"]\n'))
    assert tables["outlets"]["region"].to_list() == ["Asia", "Asia"]
    assert set(tables["group_stats"]["group"]) == {"Asia"}


def test_meta_columns_need_a_table(tmp_path) -> None:
    """A files corpus has no columns: meta_columns there grouped every outlet out."""
    from framing.config import load_study
    from framing.errors import ConfigError

    text = MINIMAL_STUDY.replace(
        "[[outlets]]", '[corpus]\nmeta_columns = ["country"]\n\n[[outlets]]', 1
    )
    path = tmp_path / "study.toml"
    path.write_text(text + '\n[stats]\ngroup_by = ["country"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_study(path)
    assert str(info.value) == (
        f"{path}: corpus.meta_columns: a list of corpus.table's columns, but there is no "
        'corpus.table; give each [[outlets]] meta = { country = "..." } instead'
    )


def test_exact_enumeration_runs_in_bounded_memory() -> None:
    """22 outlets split 11/11 have 705,432 assignments: all counted with `permutations`
    = 10⁶, in chunks (all at once held 254 MB), with the same p as in one piece."""
    import tracemalloc

    rng = np.random.default_rng(0)
    means = rng.normal(size=(22, 3))
    inside = np.arange(22) < 11
    tracemalloc.start()
    try:
        test = outlet_permutation(means, inside, permutations=10**6, seed=1, keys=("m",))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert test.exact and test.assignments == 705_432
    assert peak < 100e6
    small = outlet_permutation(
        means[:12], np.arange(12) < 5, permutations=10**6, seed=1, keys=("m",)
    )
    import framing.stats.nested as nested

    chunk, nested.CHUNK_ELEMENTS = nested.CHUNK_ELEMENTS, 50
    try:
        again = outlet_permutation(
            means[:12], np.arange(12) < 5, permutations=10**6, seed=1, keys=("m",)
        )
    finally:
        nested.CHUNK_ELEMENTS = chunk
    assert np.array_equal(small.p_value, again.p_value) and small.exact
