"""Classifiers: planted signal found, masked signal gone, no leakage, determinism, skips."""

from __future__ import annotations

import math
import random
import warnings
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from framing.config import Study
from framing.corpus import KEY, Batch, batch_from_texts
from framing.features import Column, Extracted, Family
from framing.models import CLASSIFIER_COLUMNS, fit_all
from framing.models.cv import Skip, plan_cv
from framing.models.data import TARGET, mask_expression, unit_frame
from framing.models.estimators import CLASSIFIERS, FEATURE_SETS
from framing.models.evaluate import fold_scores
from framing.models.permutation import permuted_labels

OUTLETS = ("alpha", "bravo", "charlie")
MARKERS = {"alpha": "zebra", "bravo": "quokka", "charlie": "axolotl"}
FILLER = [f"w{chr(97 + i)}{chr(97 + j)}" for i in range(6) for j in range(6)]  # 36 neutral words


def synthetic_texts(
    *, seed: int = 11, articles: int = 10, sentences: int = 10, markers: bool = True
) -> list[tuple[str, str, str]]:
    """3 outlets x `articles` x `sentences` random filler sentences, one paragraph each;
    with `markers`, every sentence of an outlet carries that outlet's marker word."""
    rng = random.Random(seed)
    texts = []
    for outlet in OUTLETS:
        for a in range(articles):
            paragraphs = []
            for _ in range(sentences):
                words = rng.choices(FILLER, k=8)
                if markers:
                    words.insert(rng.randrange(len(words)), MARKERS[outlet])
                paragraphs.append(" ".join(words).capitalize() + ".")
            texts.append((outlet, f"{outlet}-{a:02d}", "\n\n".join(paragraphs)))
    return texts


def make_study(**models: object) -> Study:
    topic_words = models.pop("topic_words", ())
    settings = {"classifiers": ["logreg"], "feature_sets": ["tfidf"], "permutations": 19, **models}
    return Study.model_validate(
        {
            "study": {"name": "synthetic", "seed": 5},
            "outlets": [{"id": o, "name": o, "files": [f"{o}/*.txt"]} for o in OUTLETS],
            "features": {"families": [], "topic_words": list(topic_words)},
            "models": settings,
        }
    )


def tables_of(batch: Batch) -> dict[str, pl.DataFrame]:
    return {"articles": batch.articles.select(*KEY, "title"), "sentences": batch.sentences}


@pytest.fixture(scope="module")
def planted() -> Batch:
    return batch_from_texts(synthetic_texts())


def row(tables: dict[str, pl.DataFrame], model: str, feature_set: str) -> dict:
    frame = tables["classifiers"].filter(
        pl.col("model") == model, pl.col("feature_set") == feature_set
    )
    assert frame.height == 1
    return frame.row(0, named=True)


# --- metrics, by hand -------------------------------------------------------------------


def test_fold_scores_by_hand() -> None:
    truth = np.array([0, 0, 1, 1, 2])
    predicted = np.array([0, 1, 1, 1, 0])
    accuracy, macro_f1, balanced = fold_scores(truth, predicted, n_classes=3)
    assert accuracy == pytest.approx(3 / 5)
    # F1_0 = 2*1/(2*1+1+1) = 0.5; F1_1 = 2*2/(2*2+1+0) = 0.8; F1_2 = 0 -> mean 1.3/3
    assert macro_f1 == pytest.approx(1.3 / 3)
    # recalls 1/2, 2/2, 0/1 -> mean 0.5
    assert balanced == pytest.approx(0.5)


def test_fold_scores_ignore_classes_absent_from_fold() -> None:
    # Class 2 exists in the study but not in this fold: scikit-learn's default labels
    # (true ∪ predicted) leave it out. F1_0 = 2/(2+0+1) = 2/3, F1_1 = 2/(2+1+0) = 2/3.
    _, macro_f1, balanced = fold_scores(np.array([0, 0, 1]), np.array([0, 1, 1]), n_classes=3)
    assert macro_f1 == pytest.approx(2 / 3)
    assert balanced == pytest.approx((1 / 2 + 1) / 2)


# --- masking ----------------------------------------------------------------------------


def test_mask_expression() -> None:
    frame = pl.DataFrame(
        {"text": ["North Korea's Kim Jong Un met U.S. envoys in Seoul; northern War news"]}
    )
    masked = frame.select(
        mask_expression(
            pl.col("text"),
            names=["North Korea", "Kim Jong Un", "U.S.", "Seoul", "Kim"],
            topic_words=["north", "war"],
        )
    ).item()
    # Names are case-sensitive and longest first; topic words case-insensitive, whole words.
    assert masked == "[actor]'s [actor] met [actor] envoys in [actor]; northern [topic] news"


# --- cross-validation plans -------------------------------------------------------------


def test_grouped_folds_never_split_an_article(planted: Batch) -> None:
    data = unit_frame(make_study(), planted, tables_of(planted), [])
    plan = plan_cv(data.frame, unit="sentence", target="outlet", group="auto", folds=5, seed=5)
    assert plan.grouping == "article" and plan.folds == 5 and plan.note == ""
    articles = data.frame.select(pl.concat_str(KEY, separator="/")).to_series().to_numpy()
    covered = np.concatenate([test for _, test in plan.splits])
    assert np.array_equal(np.sort(covered), np.arange(data.frame.height))
    for train, test in plan.splits:
        assert not set(articles[train]) & set(articles[test])


def test_one_article_per_outlet_falls_back_and_says_so() -> None:
    batch = batch_from_texts(synthetic_texts(articles=1))
    tables = fit_all(make_study(permutations=0), batch, tables_of(batch), [])[0]
    result = row(tables, "logreg", "tfidf")
    assert result["grouping"] == "none"
    assert "appear on both sides of a fold" in result["grouping_note"]


def test_folds_shrink_to_smallest_class() -> None:
    texts = [t for t in synthetic_texts() if not (t[0] == "charlie" and t[1] >= "charlie-03")]
    batch = batch_from_texts(texts)
    data = unit_frame(make_study(), batch, tables_of(batch), [])
    plan = plan_cv(data.frame, unit="sentence", target="outlet", group="auto", folds=5, seed=5)
    assert plan.folds == 3
    assert plan.note == "folds shrunk from 5 to 3: class 'charlie' has 3 article(s)"


def test_permuted_labels_keep_articles_whole_and_fold_counts(planted: Batch) -> None:
    data = unit_frame(make_study(), planted, tables_of(planted), [])
    plan = plan_cv(data.frame, unit="sentence", target="outlet", group="auto", folds=5, seed=5)
    labels = np.unique(data.frame[TARGET].to_numpy(), return_inverse=True)[1]
    shuffled = permuted_labels(labels, plan, np.random.default_rng(0))
    assert not np.array_equal(shuffled, labels)
    for _, test in plan.splits:
        assert np.array_equal(
            np.bincount(shuffled[test], minlength=3), np.bincount(labels[test], minlength=3)
        )
    per_article = (
        pl.DataFrame({"block": plan.blocks, "label": shuffled})
        .group_by("block")
        .agg(pl.col("label").n_unique())
    )
    assert per_article["label"].max() == 1


# --- the acceptance tests -------------------------------------------------------


def test_planted_marker_is_found(planted: Batch) -> None:
    tables, notes = fit_all(make_study(refit_tests=True), planted, tables_of(planted), [])
    result = row(tables, "logreg", "tfidf")
    assert result["status"] == "ok" and result["grouping"] == "article"
    assert result["macro_f1"] > 0.95
    assert result["chance_macro_f1"] < 0.5
    # Nothing of the 19 permutations reaches the observed score: p = 1 / (19 + 1), for
    # logreg's own (sequential) test and for the feature set's (naive Bayes) test.
    assert result["permutation_p"] == pytest.approx(1 / 20)
    assert result["permutations"] == 19 and result["permutation_method"] == "sequential"
    assert result["feature_set_p"] == pytest.approx(1 / 20)
    assert result["feature_set_test"] == "naive_bayes" and result["feature_set_permutations"] == 19
    top = tables["coefficients"].filter(pl.col("rank") == 1).sort("class")
    assert top["feature"].to_list() == [f'tfidf:"{MARKERS[o]}"' for o in OUTLETS]
    confusion = tables["confusion"]
    assert confusion["count"].sum() == result["n"] == planted.sentences.height
    assert notes["grouping"] == "article"


def test_masked_marker_falls_to_chance(planted: Batch) -> None:
    study = make_study(topic_words=list(MARKERS.values()), refit_tests=True)
    result = row(fit_all(study, planted, tables_of(planted), [])[0], "logreg", "tfidf")
    assert result["macro_f1"] < 0.5  # chance is ~1/3 for three balanced classes
    assert abs(result["macro_f1"] - result["chance_macro_f1_stratified"]) < 0.1
    assert result["permutation_p"] > 0.2 and result["feature_set_p"] > 0.2


@pytest.mark.parametrize("model", ["linear_svm", "naive_bayes", "random_forest"])
def test_binary_marker_other_classifiers(model: str) -> None:
    batch = batch_from_texts([t for t in synthetic_texts(sentences=5) if t[0] != "charlie"])
    study = make_study(classifiers=[model], permutations=0, forest_tfidf=True)
    tables = fit_all(study, batch, tables_of(batch), [])[0]
    result = row(tables, model, "tfidf")
    # Naive Bayes also weighs every chance bigram seen in one class only; still well above 0.5.
    assert result["macro_f1"] > (0.8 if model == "naive_bayes" else 0.95)
    assert math.isnan(result["permutation_p"])  # permutations = 0
    top = tables["coefficients"].filter(pl.col("rank") == 1).sort("class")
    if model == "random_forest":
        assert top["class"].to_list() == ["(all)"]
        assert top["feature"].item() in ('tfidf:"zebra"', 'tfidf:"quokka"')
    else:  # binary: the first class gets the negated weights of the second
        assert top["feature"].to_list() == ['tfidf:"zebra"', 'tfidf:"quokka"']


def test_runs_are_deterministic(planted: Batch) -> None:
    study = make_study(
        classifiers=["logreg", "random_forest"], permutations=5, forest_tfidf=True, refit_tests=True
    )
    first = fit_all(study, planted, tables_of(planted), [])[0]
    second = fit_all(study, planted, tables_of(planted), [])[0]
    for name in ("classifiers", "confusion", "coefficients"):
        assert first[name].equals(second[name]), name
    assert list(first["classifiers"].columns) == list(CLASSIFIER_COLUMNS)


def test_models_fitted_on_two_workers_give_the_same_tables(planted: Batch) -> None:
    study = make_study(
        classifiers=["logreg", "random_forest", "naive_bayes"],
        feature_sets=["tfidf"],
        permutations=5,
        forest_tfidf=True,
        refit_tests=True,  # refit tests are tasks of their own: several tasks to spread
    )
    from functools import partial

    from framing.pipeline.engine import LocalPool, map_chunks

    serial, serial_notes = fit_all(study, planted, tables_of(planted), [])
    two = partial(map_chunks, jobs=2)
    pooled, pooled_notes = fit_all(study, planted, tables_of(planted), [], map_tasks=two)
    for name in ("classifiers", "confusion", "coefficients"):
        assert serial[name].equals(pooled[name]), name
    assert serial_notes["notes"] == pooled_notes["notes"]
    assert list(serial_notes["seconds"]) == list(pooled_notes["seconds"])  # model order
    # Workers started ahead and already used for other chunks (features, in a run).
    import math

    with LocalPool(2) as pool:
        roots: dict[int, float] = {}
        map_chunks(math.sqrt, [4.0, 9.0, 16.0], (), roots.__setitem__, jobs=2, pool=pool)
        assert roots == {0: 2.0, 1: 3.0, 2: 4.0}
        on_pool = partial(map_chunks, jobs=2, pool=pool)
        reused = fit_all(study, planted, tables_of(planted), [], map_tasks=on_pool)[0]
    for name in ("classifiers", "confusion", "coefficients"):
        assert serial[name].equals(reused[name]), name


# --- skips ------------------------------------------------------------------------------


def test_single_class_target_is_skipped_with_reason() -> None:
    batch = batch_from_texts([t for t in synthetic_texts(sentences=3) if t[0] == "alpha"])
    tables, notes = fit_all(make_study(), batch, tables_of(batch), [])
    result = row(tables, "logreg", "tfidf")
    assert result["status"] == "skipped"
    assert (
        result["skip_reason"]
        == "target 'outlet' has a single class ('alpha'); nothing to distinguish"
    )
    assert tables["confusion"].height == 0 and tables["coefficients"].height == 0
    assert notes["notes"] == [f"no model fitted: {result['skip_reason']}"]


def test_class_with_one_item_is_skipped_with_reason() -> None:
    texts = [t for t in synthetic_texts(articles=2, sentences=3) if t[0] != "charlie"]
    texts.append(("charlie", "charlie-00", "Just one sentence here."))
    batch = batch_from_texts(texts)
    result = row(fit_all(make_study(), batch, tables_of(batch), [])[0], "logreg", "tfidf")
    assert result["status"] == "skipped"
    assert result["skip_reason"] == "class 'charlie' has 1 sentence; every class needs at least 2"


def test_group_outlet_with_outlet_target_is_skipped(planted: Batch) -> None:
    data = unit_frame(make_study(), planted, tables_of(planted), [])
    with pytest.raises(Skip, match="no test outlet would be seen in training"):
        plan_cv(data.frame, unit="sentence", target="outlet", group="outlet", folds=5, seed=5)


def test_style_without_columns_is_skipped(planted: Batch) -> None:
    tables = fit_all(make_study(feature_sets=["style"]), planted, tables_of(planted), [])[0]
    result = row(tables, "logreg", "style")
    assert result["status"] == "skipped"
    assert (
        result["skip_reason"]
        == "no numeric sentence-level feature columns in the selected families"
    )


# --- style features, units and label targets -------------------------------------------

FAKE = Family(
    name="fake",
    version="1",
    description="test family",
    columns=(
        Column(
            "fake__marker",
            "1 when the sentence carries alpha's marker",
            (0, 1),
            "",
            level="sentence",
        ),
        Column("fake__words", "words in the article", (0, None), "", level="article"),
    ),
    extract=lambda batch, ctx: Extracted(),
)


def styled_tables(batch: Batch) -> dict[str, pl.DataFrame]:
    sentences = batch.sentences.with_columns(
        # NaN and null on some rows: imputed with the training median, inside the fold.
        pl.when((pl.col("sentence") == 2) & pl.col("article_id").str.ends_with("00"))
        .then(None)
        .when((pl.col("sentence") == 3) & pl.col("article_id").str.ends_with("00"))
        .then(float("nan"))
        .otherwise(pl.col("text").str.to_lowercase().str.contains("zebra").cast(pl.Float64))
        .alias("fake__marker")
    )
    articles = batch.articles.select(*KEY, "title").with_columns(
        pl.Series("fake__words", np.arange(batch.articles.height, dtype=float))
    )
    return {"articles": articles, "sentences": sentences}


@pytest.mark.parametrize("model", ["logreg", "naive_bayes"])
def test_style_features_carry_the_signal(planted: Batch, model: str) -> None:
    study = make_study(classifiers=[model], feature_sets=["style", "style+tfidf"], permutations=0,
                       topic_words=list(MARKERS.values()))  # fmt: skip
    tables = fit_all(study, planted, styled_tables(planted), [FAKE])[0]
    style = row(tables, model, "style")
    assert style["status"] == "ok" and style["n_features"] == 1
    # alpha vs the rest is separable from the one column (bravo and charlie are not),
    # except alpha's 2 imputed sentences (training median 0). logreg calls them "not
    # alpha": 98 of 100. For naive Bayes a 0 carries no evidence, the (equal) class
    # priors tie and the first class, alpha, wins: 100 of 100.
    per_class = tables["confusion"].filter(
        pl.col("feature_set") == "style", pl.col("true") == "alpha"
    )
    correct = per_class.filter(pl.col("predicted") == "alpha")["count"].item()
    assert correct == {"logreg": 98, "naive_bayes": 100}[model]
    top = tables["coefficients"].filter(
        pl.col("feature_set") == "style+tfidf", pl.col("class") == "alpha", pl.col("rank") == 1
    )
    assert top["feature"].item() == "fake__marker"


@pytest.mark.parametrize(
    ("unit", "expected"), [("paragraph", "paragraphs"), ("article", "articles")]
)
def test_other_units(planted: Batch, unit: str, expected: str) -> None:
    study = make_study(unit=unit, feature_sets=["style", "tfidf"], permutations=0)
    tables = fit_all(study, planted, styled_tables(planted), [FAKE])[0]
    result = row(tables, "logreg", "tfidf")
    assert result["status"] == "ok" and result["n"] == getattr(planted, expected).height
    assert result["macro_f1"] > 0.95
    assert row(tables, "logreg", "style")["n_features"] == 1


def test_label_target_grouped_by_outlet(planted: Batch) -> None:
    tables = tables_of(planted)
    tables["articles"] = tables["articles"].with_columns(
        pl.when(pl.col("outlet") == "charlie")
        .then(pl.lit("right"))
        .otherwise(pl.lit("left"))
        .alias("bias")
    )
    study = make_study(target="bias", group="outlet")
    result = row(fit_all(study, planted, tables, [])[0], "logreg", "tfidf")
    assert result["status"] == "skipped"
    assert result["skip_reason"] == "group = outlet needs 2 outlets per class; 'right' has 1"
    result = row(fit_all(make_study(target="bias"), planted, tables, [])[0], "logreg", "tfidf")
    assert (
        result["status"] == "ok" and result["target"] == "bias" and result["grouping"] == "article"
    )


# --- degenerate input and the example study --------------------------------------------


def test_no_words_at_all_fails_the_model_not_the_run() -> None:
    texts = [(o, f"{o}-{a}", "🙂 🙂.\n\n🎉!\n\n…") for o in OUTLETS[:2] for a in range(3)]
    batch = batch_from_texts(texts)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tables = fit_all(make_study(), batch, tables_of(batch), [])[0]
    result = row(tables, "logreg", "tfidf")
    assert result["status"] == "failed"
    assert result["skip_reason"].startswith("logreg failed: empty vocabulary")


def test_no_words_fails_the_model_not_the_run_with_refit_tests() -> None:
    """The refit test of a model that cannot be fitted is a task of its own: its error
    must end as the model's failed row, as without refit tests, not stop the run."""
    texts = [(o, f"{o}-{a}", "🙂 🙂.\n\n🎉!\n\n…") for o in OUTLETS[:2] for a in range(3)]
    batch = batch_from_texts(texts)
    study = make_study(refit_tests=True, permutations=9)
    result = row(fit_all(study, batch, tables_of(batch), [])[0], "logreg", "tfidf")
    assert result["status"] == "failed"
    assert result["skip_reason"].startswith("logreg failed: empty vocabulary")


def test_all_classifiers_fit_quietly(planted: Batch) -> None:
    study = make_study(
        classifiers=list(CLASSIFIERS), feature_sets=list(FEATURE_SETS), permutations=2,
        forest_tfidf=True, refit_tests=True,
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tables, notes = fit_all(study, planted, styled_tables(planted), [FAKE])
    assert tables["classifiers"]["status"].to_list() == ["ok"] * 12
    # No warning (e.g. ConvergenceWarning) was recorded either: the plan is the only note.
    assert [n for n in notes["notes"] if not n.startswith("plan: ")] == []
    assert tables["classifiers"].select("model", "feature_set").rows() == sorted(
        (m, f) for m in CLASSIFIERS for f in FEATURE_SETS
    )


@pytest.mark.slow
def test_example_study_writes_the_three_tables() -> None:
    from framing.config import load_study
    from framing.pipeline.study import compute

    study = load_study(Path(__file__).parents[1] / "configs" / "seoul_moscow_pyongyang.toml")
    study = study.model_copy(update={"models": study.models.model_copy(update={"permutations": 3})})
    _, corpus, tables, facts = compute(study)
    classifiers = tables["classifiers"]
    # Forests fit the style set only (forest_tfidf = false): two rows say so.
    skipped = classifiers.filter(pl.col("status") == "skipped")
    assert skipped.select("model", "feature_set").rows() == [
        ("random_forest", "style+tfidf"), ("random_forest", "tfidf"),
    ]  # fmt: skip
    assert skipped["skip_reason"].str.contains("forest_tfidf = true").all()
    classifiers = classifiers.filter(pl.col("status") == "ok")
    assert classifiers.height == 10
    assert set(classifiers["unit"]) == {"sentence"} and set(classifiers["grouping"]) == {"none"}
    # One article per outlet: the fallback is stated in the table and the manifest.
    assert "appear on both sides of a fold" in classifiers["grouping_note"][0]
    assert any("appear on both sides of a fold" in n for n in facts["models"]["notes"])
    assert classifiers.select(pl.col("chance_macro_f1", "feature_set_p").is_not_nan().all()).row(
        0
    ) == (True, True)
    own = classifiers.filter(pl.col("permutation_p").is_not_nan())
    assert own["model"].unique().to_list() == ["naive_bayes"]
    n = corpus.batch.sentences.height
    assert (classifiers["n"] == n).all() and (classifiers["n_available"] == n).all()
    sums = tables["confusion"].group_by("model", "feature_set").agg(pl.col("count").sum())
    assert (sums["count"] == n).all()
    assert set(tables["coefficients"]["class"]) == {*[o.id for o in study.outlets], "(all)"}
