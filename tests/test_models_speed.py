"""The fast classifier evaluation (issue 15): shared fold features equal scikit-learn's,
vectorised refits equal scikit-learn's fits, honest p-values, samples and caps."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from scipy import sparse
from scipy.stats import binom

from framing.config import Study
from framing.corpus import KEY, Batch, batch_from_texts
from framing.models import CLASSIFIER_COLUMNS, fit_all
from framing.models.blocks import fold_blocks
from framing.models.cv import stratified_sample
from framing.models.estimators import CLASSIFIERS, FEATURE_SETS, SCALING, make_features
from framing.models.fitting import prepare
from framing.models.permutation import (
    fixed_p,
    lda_predictions,
    naive_bayes_predictions,
    permutation_draws,
    sequential_p,
)
from tests.test_models import FAKE, MARKERS, OUTLETS, make_study, styled_tables, synthetic_texts

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def planted() -> Batch:
    return batch_from_texts(synthetic_texts())


def dense(matrix: object) -> np.ndarray:
    return matrix.toarray() if sparse.issparse(matrix) else np.asarray(matrix)


# --- shared fold features and vectorised refits equal scikit-learn's --------------------


def test_fold_blocks_equal_the_column_transformer(planted: Batch) -> None:
    study = make_study(feature_sets=list(FEATURE_SETS))
    prepared = prepare(study, planted, styled_tables(planted), [FAKE])
    X, (train, test) = prepared.X, prepared.plan.splits[0]
    options = {"style_columns": prepared.style_columns, "max_terms": None}
    blocks = fold_blocks(
        X, train, test, scalings=sorted(set(SCALING.values())), text=True, **options
    )
    full = fold_blocks(X, np.arange(X.height), None, scalings=["standard"], text=True, **options)
    for classifier in CLASSIFIERS:
        for feature_set in FEATURE_SETS:
            reference = make_features(classifier, feature_set, style_columns=prepared.style_columns)
            expected_train = reference.fit_transform(X[train])
            ours_train, ours_test = blocks.matrices(classifier, feature_set)
            assert sparse.issparse(ours_train) == sparse.issparse(expected_train)
            assert np.array_equal(dense(ours_train), dense(expected_train))
            assert np.array_equal(dense(ours_test), dense(reference.transform(X[test])))
            assert blocks.names(feature_set) == list(reference.get_feature_names_out())
    reference = make_features("logreg", "style+tfidf", style_columns=prepared.style_columns)
    assert np.array_equal(
        dense(full.matrices("logreg", "style+tfidf")[0]), dense(reference.fit_transform(X))
    )


def test_vectorised_naive_bayes_equals_multinomial_nb(planted: Batch) -> None:
    from sklearn.naive_bayes import MultinomialNB

    study = make_study(feature_sets=["style+tfidf"])
    prepared = prepare(study, planted, styled_tables(planted), [FAKE])
    labels, plan = prepared.labels, prepared.plan
    labelings = np.vstack([labels, permutation_draws(labels, plan, seed=3, count=4)])
    for train, test in plan.splits:
        blocks = fold_blocks(
            prepared.X, train, test, style_columns=prepared.style_columns,
            scalings=["minmax"], text=True, max_terms=None,
        )  # fmt: skip
        for feature_set in ("style", "tfidf", "style+tfidf"):
            x_train, x_test = blocks.matrices("naive_bayes", feature_set)
            ours = naive_bayes_predictions(x_train, x_test, labelings[:, train], n_classes=3)
            for row, y in zip(ours, labelings, strict=True):
                expected = MultinomialNB(alpha=0.1).fit(x_train, y[train]).predict(x_test)
                assert np.array_equal(row, expected), feature_set


def uneven_texts(seed: int = 11) -> list[tuple[str, str, str]]:
    """`synthetic_texts` with articles of 2 to 9 sentences: permuting outlet labels among
    articles then changes each class's number of sentences."""
    rng = random.Random(seed)
    return [
        (outlet, article, "\n\n".join(text.split("\n\n")[: rng.randint(2, 9)]))
        for outlet, article, text in synthetic_texts(seed=seed)
    ]


def test_vectorised_refits_follow_each_draws_class_counts() -> None:
    """Sentences grouped by article: a draw swaps the labels of articles of different
    lengths, so each labelling has its own class counts. Naive Bayes' priors and LDA's
    class means must come from each labelling's own counts, as a refit would take them."""
    from sklearn.naive_bayes import MultinomialNB

    batch = batch_from_texts(uneven_texts())
    study = make_study(feature_sets=["style+tfidf"])
    prepared = prepare(study, batch, styled_tables(batch), [FAKE])
    labels, plan = prepared.labels, prepared.plan
    assert plan.block_unit == "article"
    labelings = np.vstack([labels, permutation_draws(labels, plan, seed=3, count=6)])
    train, test = plan.splits[0]
    counts = {tuple(np.bincount(row[train], minlength=3)) for row in labelings}
    assert len(counts) > 1  # the draws do change the training class counts
    blocks = fold_blocks(
        prepared.X, train, test, style_columns=prepared.style_columns,
        scalings=["minmax", "standard"], text=True, max_terms=None,
    )  # fmt: skip
    x_train, x_test = blocks.matrices("naive_bayes", "style+tfidf")
    ours = naive_bayes_predictions(x_train, x_test, labelings[:, train], n_classes=3)
    for row, y in zip(ours, labelings, strict=True):
        expected = MultinomialNB(alpha=0.1).fit(x_train, y[train]).predict(x_test)
        assert np.array_equal(row, expected)
    x_train, x_test = blocks.matrices("logreg", "style")
    together = lda_predictions(x_train, x_test, labelings[:, train], n_classes=3)
    for row, y in zip(together, labelings, strict=True):
        alone = lda_predictions(x_train, x_test, y[None, train], n_classes=3)[0]
        assert np.array_equal(row, alone)


def test_scores_equal_one_pipeline_per_fold(planted: Batch) -> None:
    """Accuracy, macro-F1 and balanced accuracy equal those of the previous method: one
    scikit-learn Pipeline (`make_pipeline`) fitted per fold; n_features its width."""
    from sklearn.base import clone

    from framing.models.estimators import make_pipeline
    from framing.models.evaluate import score_folds

    study = make_study(
        classifiers=list(CLASSIFIERS), feature_sets=list(FEATURE_SETS), permutations=0,
        forest_tfidf=True, max_units=0,
    )  # fmt: skip
    tables = styled_tables(planted)
    prepared = prepare(study, planted, tables, [FAKE])
    ours = fit_all(study, planted, tables, [FAKE])[0]["classifiers"]
    for classifier in CLASSIFIERS:
        for feature_set in FEATURE_SETS:
            pipeline = make_pipeline(
                classifier, feature_set, style_columns=prepared.style_columns, seed=5
            )
            predicted = np.empty_like(prepared.labels)
            for train, test in prepared.plan.splits:
                fitted = clone(pipeline).fit(prepared.X[train], prepared.labels[train])
                predicted[test] = fitted.predict(prepared.X[test])
            s = score_folds(prepared.labels, predicted, prepared.plan, n_classes=3)
            row = ours.filter(pl.col("model") == classifier, pl.col("feature_set") == feature_set)
            assert row["accuracy"].item() == s.accuracy.mean()
            assert row["macro_f1"].item() == s.macro_f1.mean()
            assert row["balanced_accuracy"].item() == s.balanced_accuracy.mean()
            width = len(clone(pipeline).fit(prepared.X, prepared.labels)[0].get_feature_names_out())
            assert row["n_features"].item() == width


def test_lda_separates_and_batches_consistently() -> None:
    rng = np.random.default_rng(0)
    y = np.repeat([0, 1, 2], 30)
    x = rng.normal(size=(90, 4)) + np.eye(3, 4)[y] * 4
    x_test = np.eye(3, 4) * 4
    labelings = np.vstack([y, rng.permutation(y), rng.permutation(y)])
    together = lda_predictions(x, x_test, labelings, n_classes=3)
    assert together[0].tolist() == [0, 1, 2]
    one_by_one = [lda_predictions(x, x_test, row[None], n_classes=3)[0] for row in labelings]
    assert np.array_equal(together, np.array(one_by_one))


# --- honest p-values --------------------------------------------------------------------


def test_sequential_p_values_by_hand() -> None:
    # Besag & Clifford: stopped at the 2nd exceedance after 4 draws -> p = 2/4.
    assert sequential_p(0.5, iter([0.6, 0.1, 0.2, 0.7, 0.9]), limit=99, exceedances=2) == (0.5, 4)
    # Never 2 exceedances within 4 draws -> the fixed p-value (1 + 1) / (1 + 4).
    assert sequential_p(0.5, iter([0.6, 0.1, 0.2, 0.3]), limit=4, exceedances=2) == (0.4, 4)
    assert fixed_p(0.5, np.array([0.6, 0.1, 0.2, 0.3])) == 0.4
    assert sequential_p(0.5, iter([]), limit=0)[1] == 0


def shuffled_label_tables(batch: Batch, seed: int) -> dict[str, pl.DataFrame]:
    """Styled tables plus a ``label`` column: the outlets shuffled among the articles."""
    tables = styled_tables(batch)
    outlets = tables["articles"]["outlet"].to_list()
    random.Random(seed).shuffle(outlets)
    tables["articles"] = tables["articles"].with_columns(pl.Series("label", outlets))
    return tables


def test_null_p_values_are_not_too_small(monkeypatch: pytest.MonkeyPatch) -> None:
    """200 label-shuffled datasets: the share of p <= 0.05 stays within binomial error of
    0.05 for the feature-set tests (naive Bayes on tf-idf, LDA on style), naive Bayes' own
    test on style, and Besag & Clifford's sequential p-value of the same draws."""
    import framing.models.evaluate as evaluate
    from framing.models.outcomes import merge
    from framing.models.tasks import Task, run_task

    # Chance baselines are beside the point here; skip their 250 dummy fits per dataset.
    monkeypatch.setattr(evaluate, "chance_baselines", lambda *a, **k: (0.0, 0.0, 0.0))
    batch = batch_from_texts(synthetic_texts(articles=6, sentences=4))
    study = make_study(target="label", classifiers=["naive_bayes"], feature_sets=["style", "tfidf"])
    models = [("naive_bayes", "tfidf"), ("naive_bayes", "style")]
    datasets, small = 200, dict.fromkeys(["tfidf", "style", "naive_bayes/style", "sequential"], 0)
    for seed in range(datasets):
        prepared = prepare(study, batch, shuffled_label_tables(batch, seed), [FAKE])
        parts = run_task(Task((*range(prepared.plan.folds), -1)), prepared, models)
        tfidf, style = (o.row for o in merge(prepared, models, [parts]))
        small["tfidf"] += tfidf["feature_set_p"] <= 0.05
        small["style"] += style["feature_set_p"] <= 0.05
        small["naive_bayes/style"] += style["permutation_p"] <= 0.05
        # The same draws, sequentially: stop at the 3rd null value >= the observed one.
        values = sum(p.statistics[("naive_bayes", "tfidf")] for p in parts if p.part >= 0)
        values = values / prepared.plan.folds
        assert values[0] == pytest.approx(tfidf["feature_set_statistic"])
        p_seq, _ = sequential_p(values[0], iter(values[1:]), limit=values.size - 1, exceedances=3)
        small["sequential"] += p_seq <= 0.05
    bound = binom.ppf(0.999, datasets, 0.05)  # 21 of 200; the expected count is 10
    assert all(count <= bound for count in small.values()), small
    assert sum(small.values()) > 0  # the tests do reject sometimes: not vacuous


def nested_texts(nesting: str, seed: int = 1) -> list[tuple[str, str, str]]:
    """Filler sentences without markers, in groups of different sizes: with nesting
    "article", 3 outlets x 6 articles of 1 to 8 sentences; with "outlet", 12 outlets of
    1 to 5 articles of 1 to 8 sentences."""
    rng = random.Random(seed)
    if nesting == "article":
        return [
            (outlet, article, "\n\n".join(text.split("\n\n")[: rng.randint(1, 8)]))
            for outlet, article, text in synthetic_texts(articles=6, sentences=8)
        ]
    filler = [f"w{chr(97 + i)}{chr(97 + j)}" for i in range(6) for j in range(6)]
    return [
        (f"o{o:02d}", f"o{o:02d}-{a}", "\n\n".join(
            " ".join(rng.choices(filler, k=8)).capitalize() + "." for _ in range(rng.randint(1, 8))
        ))
        for o in range(12)
        for a in range(rng.randint(1, 5))
    ]  # fmt: skip


def null_rejections(
    datasets: int, nesting: str = "article", *, fresh_seeds: bool = False
) -> dict[str, int]:
    """How many of `datasets` shuffled-label datasets give p <= 0.05, per test
    (`nested_texts`; naive Bayes on tf-idf and LDA on style, naive Bayes' own test on
    style). "article": the outlets shuffled among the articles, sentences grouped by
    article. "outlet": a 3-valued label shuffled among the outlets (4 each), sentences
    grouped by outlet (``group = "outlet"``). With `fresh_seeds`, dataset i has study
    seed 1001 + i (its own folds and draws); else every dataset has seed 5.
    `benchmarks/models_null.py` prints them."""
    import framing.models.evaluate as evaluate
    from framing.models.outcomes import merge
    from framing.models.tasks import Task, run_task

    batch = batch_from_texts(nested_texts(nesting))
    group = {"article": "auto", "outlet": "outlet"}[nesting]
    study = make_study(
        target="label", group=group, classifiers=["naive_bayes"], feature_sets=["style", "tfidf"]
    )
    models = [("naive_bayes", "tfidf"), ("naive_bayes", "style")]
    small = dict.fromkeys(["tfidf", "style", "naive_bayes/style"], 0)
    with pytest.MonkeyPatch.context() as patch:
        # Chance baselines are beside the point here; skip their 250 dummy fits per dataset.
        patch.setattr(evaluate, "chance_baselines", lambda *a, **k: (0.0, 0.0, 0.0))
        for seed in range(datasets):
            if nesting == "article":
                tables = shuffled_label_tables(batch, seed)
            else:
                tables = outlet_label_tables(batch, seed)
            seeded = study
            if fresh_seeds:
                seeded = study.model_copy(
                    update={"study": study.study.model_copy(update={"seed": 1001 + seed})}
                )
            prepared = prepare(seeded, batch, tables, [FAKE])
            assert prepared.plan.block_unit == nesting and prepared.plan.separate_tests
            parts = run_task(Task((*range(prepared.plan.folds), -1)), prepared, models)
            tfidf, style = (o.row for o in merge(prepared, models, [parts]))
            small["tfidf"] += tfidf["feature_set_p"] <= 0.05
            small["style"] += style["feature_set_p"] <= 0.05
            small["naive_bayes/style"] += style["permutation_p"] <= 0.05
    return small


def outlet_label_tables(batch: Batch, seed: int) -> dict[str, pl.DataFrame]:
    """Styled tables plus a ``label`` column constant within outlets: 3 values, 4
    outlets each, shuffled among the 12 outlets."""
    tables = styled_tables(batch)
    outlets = sorted(set(tables["articles"]["outlet"].to_list()))
    values = [v for v in "abc" for _ in range(len(outlets) // 3)]
    random.Random(seed).shuffle(values)
    label = pl.col("outlet").replace_strict(dict(zip(outlets, values, strict=True)))
    tables["articles"] = tables["articles"].with_columns(label.alias("label"))
    return tables


@pytest.fixture(scope="module")
def uneven_null_counts() -> tuple[dict[str, int], float]:
    """`null_rejections` of 200 datasets grouped by article, and the binomial bound."""
    datasets = 200
    return null_rejections(datasets, "article"), binom.ppf(0.999, datasets, 0.05)


def test_null_p_values_with_articles_of_different_lengths(uneven_null_counts) -> None:
    """Labels shuffled among articles of different lengths change each class's sentence
    count; the vectorised refits must follow it (naive Bayes' own test on style counted
    27 of 200 at p <= 0.05 when its priors were the observed labels')."""
    small, bound = uneven_null_counts
    assert small["style"] <= bound and small["naive_bayes/style"] <= bound, small


def test_tfidf_null_p_values_with_articles_of_different_lengths(uneven_null_counts) -> None:
    """The permutation tests of a grouped plan run on label-free group folds of their
    own: on the stratified folds the tf-idf test counted 26 of 200 at p <= 0.05."""
    small, bound = uneven_null_counts
    assert small["tfidf"] <= bound, small
    assert sum(small.values()) > 0  # the tests do reject sometimes: not vacuous


def test_null_p_values_with_sentences_grouped_by_outlet() -> None:
    """A label constant within outlets of different sizes, shuffled among them, folds
    grouped by outlet: 100 datasets, each test within binomial error of 0.05."""
    datasets = 100
    small = null_rejections(datasets, "outlet")
    assert all(count <= binom.ppf(0.999, datasets, 0.05) for count in small.values()), small


def test_grouped_tests_have_label_free_folds() -> None:
    """Grouped: the tests' folds keep articles whole, cover every unit once, balance
    the units, and are the same whatever the labels (the stratified CV folds are not).
    Ungrouped: the tests use the CV folds themselves."""
    from framing.models.cv import plan_cv
    from framing.models.data import unit_frame

    batch = batch_from_texts(nested_texts("article"))
    study = make_study(target="label")
    plans, sizes = [], None
    for seed in range(4):
        data = unit_frame(study, batch, shuffled_label_tables(batch, seed), [FAKE])
        plans.append(
            plan_cv(data.frame, unit="sentence", target="label", group="auto", folds=5, seed=5)
        )
        sizes = np.bincount(plans[-1].blocks)
    first = plans[0]
    assert first.separate_tests and first.tests.splits == first.test_splits
    for plan in plans[1:]:
        assert all(
            np.array_equal(a[1], b[1])
            for a, b in zip(plan.test_splits, first.test_splits, strict=True)
        )
    assert any(
        not np.array_equal(a[1], b[1])
        for plan in plans[1:]
        for a, b in zip(plan.splits, first.splits, strict=True)
    )  # the CV folds do follow the labels
    tests = [test for _, test in first.test_splits]
    assert np.array_equal(np.sort(np.concatenate(tests)), np.arange(first.blocks.size))
    for train, test in first.test_splits:
        assert not set(first.blocks[train]) & set(first.blocks[test])
    units = [test.size for test in tests]
    assert max(units) - min(units) <= sizes.max()
    data = unit_frame(study, batch, shuffled_label_tables(batch, 0), [FAKE])
    ungrouped = plan_cv(data.frame, unit="sentence", target="label", group="none", folds=5, seed=5)
    assert not ungrouped.separate_tests and ungrouped.tests.splits is ungrouped.splits


def weak_signal_texts(share: float, seed: int = 4) -> list[tuple[str, str, str]]:
    """Like `synthetic_texts`, but only `share` of an outlet's sentences carry its marker."""
    rng = random.Random(seed)
    filler = [f"w{chr(97 + i)}{chr(97 + j)}" for i in range(6) for j in range(6)]
    texts = []
    for outlet in OUTLETS:
        for a in range(8):
            sentences = []
            for _ in range(5):
                words = rng.choices(filler, k=8)
                if rng.random() < share:
                    words.insert(rng.randrange(len(words)), MARKERS[outlet])
                sentences.append(" ".join(words).capitalize() + ".")
            texts.append((outlet, f"{outlet}-{a:02d}", "\n\n".join(sentences)))
    return texts


@pytest.mark.parametrize("share", [0.3, 0.0])
def test_decision_at_001_agrees_with_1000_permutations(share: float) -> None:
    """A real (weak) signal, and none: the default p-values (100 draws, logreg's own test
    sequential) decide at 0.01 as the full 1,000-permutation test does."""
    batch = batch_from_texts(weak_signal_texts(share))
    tables = {"articles": batch.articles.select(*KEY, "title"), "sentences": batch.sentences}
    models = {"classifiers": ["logreg", "naive_bayes"], "feature_sets": ["tfidf"]}
    default = make_study(**models, permutations=100, refit_tests=True)
    full = make_study(**models, permutations=1000)
    ours = fit_all(default, batch, tables, [])[0]["classifiers"]
    reference = fit_all(full, batch, tables, [])[0]["classifiers"]
    decision = reference.filter(pl.col("model") == "naive_bayes")["permutation_p"].item() <= 0.01
    assert decision == (share > 0)  # the data are what they claim
    for column in ("permutation_p", "feature_set_p"):
        assert ((ours[column] <= 0.01) == decision).all(), (column, ours)
    logreg = ours.filter(pl.col("model") == "logreg").row(0, named=True)
    assert logreg["permutation_method"] == "sequential"
    if decision:  # never 10 null scores as high as the observed one: all 100 draws
        assert logreg["permutations"] == 100


# --- samples, caps, columns and docs -----------------------------------------------------


def test_many_outlets_with_two_articles_each_get_a_plan_and_notes() -> None:
    rng = random.Random(3)
    filler = [f"w{chr(97 + i)}{chr(97 + j)}" for i in range(6) for j in range(6)]
    outlets = [f"outlet{k:02d}" for k in range(12)]
    texts = [
        (o, f"{o}-{a}", "\n\n".join(" ".join(rng.choices(filler, k=7)) + "." for _ in range(4)))
        for o in outlets
        for a in range(2)
    ]
    batch = batch_from_texts(texts)
    study = Study.model_validate(
        {
            "study": {"name": "many", "seed": 5},
            "outlets": [{"id": o, "name": o, "files": [f"{o}/*.txt"]} for o in outlets],
            "features": {"families": []},
            "models": {
                "classifiers": ["naive_bayes"],
                "feature_sets": ["tfidf"],
                "permutations": 9,
            },
        }
    )
    tables = {"articles": batch.articles.select(*KEY, "title"), "sentences": batch.sentences}
    result, notes = fit_all(study, batch, tables, [])
    row = result["classifiers"].row(0, named=True)
    assert row["status"] == "ok" and row["grouping"] == "article" and row["folds"] == 2
    assert row["grouping_note"].startswith("folds shrunk from 5 to 2: class ")
    assert notes["notes"][0].startswith(
        "plan: 96 sentences, 12 classes, 2-fold CV grouped by article"
    )
    assert "9 permutations among articles" in notes["notes"][0]


def test_stratified_sample_keeps_shares_and_small_classes() -> None:
    labels = np.repeat([0, 1, 2], [900, 90, 10])
    rows = stratified_sample(labels, 100, seed=1)
    assert np.all(np.diff(rows) > 0)
    assert np.bincount(labels[rows]).tolist() == [90, 20, 10]  # at least min(count, 20)
    assert np.array_equal(rows, stratified_sample(labels, 100, seed=1))
    assert not np.array_equal(rows, stratified_sample(labels, 100, seed=2))


def test_above_max_units_models_use_a_stated_sample(planted: Batch) -> None:
    study = make_study(max_units=120, max_terms=50, permutations=5)
    tables, notes = fit_all(study, planted, styled_tables(planted), [FAKE])
    row = tables["classifiers"].row(0, named=True)
    assert (row["n"], row["n_available"]) == (120, planted.sentences.height)
    assert row["n_features"] == 50
    assert "120 of 300 sentences: a class-stratified sample" in row["method_note"]
    assert "tf-idf vocabulary at its cap" in row["method_note"]
    assert notes["n"] == 120 and notes["n_available"] == 300
    assert any(n.startswith("120 of 300 sentences") for n in notes["notes"])
    assert tables["confusion"]["count"].sum() == 120


def test_without_a_sample_or_cap_there_is_no_method_note(planted: Batch) -> None:
    tables = fit_all(make_study(permutations=0), planted, styled_tables(planted), [FAKE])[0]
    row = tables["classifiers"].row(0, named=True)
    assert row["method_note"] is None and row["n"] == row["n_available"] == 300
    assert row["permutation_method"] == "none" and np.isnan(row["feature_set_p"])


def test_every_classifier_column_is_documented() -> None:
    from framing.models.tables import CLASSIFIER_COLUMN_DESCRIPTIONS

    doc = (ROOT / "docs" / "models.md").read_text(encoding="utf-8")
    missing = [c for c in CLASSIFIER_COLUMNS if f"`{c}`" not in doc]
    assert not missing, f"columns of classifiers.csv not in docs/models.md: {missing}"
    assert tuple(CLASSIFIER_COLUMN_DESCRIPTIONS) == CLASSIFIER_COLUMNS
