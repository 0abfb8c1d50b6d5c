"""Classifiers from lazy tables and a `Texts` (issue 16): the sample is drawn on the
units' keys, text is read for the sampled units only, and every table equals the
one the previous in-memory path (kept below as `previous_prepare`) gives."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

import framing.models.fitting as fitting
from framing.config import Study, load_study
from framing.corpus import KEY, Batch
from framing.features import Family
from framing.models import fit_all
from framing.models.data import TARGET, _as_float, _sorted, mask_expression, style_columns
from framing.pipeline.plan import selected_families
from framing.pipeline.study import compute
from tests.conftest import EXAMPLE_CONFIG, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import generate_corpus

UNITS = ["sentence", "paragraph", "article"]


@dataclass(frozen=True)
class MemoryTexts:
    """The `Texts` contract over a batch in memory, as the pipeline's `FrameTexts`."""

    batch: Batch

    def scan(self, level: str) -> pl.LazyFrame:
        frame = getattr(self.batch, level)
        if level == "articles":
            frame = frame.select(*KEY, "title", "text")
        return frame.lazy()


# --- the previous path, verbatim but for names: every unit's text in memory ------------


def previous_unit_frame(
    study: Study, batch: Batch, tables: dict[str, pl.DataFrame], families: list[Family]
) -> tuple[pl.DataFrame, tuple[str, ...], int]:
    settings = study.models
    unit, target = settings.unit, settings.target
    articles = tables["articles"]
    if unit == "article":
        columns = style_columns(families, level="article", available=articles.columns)
        text = batch.articles.select(
            *KEY,
            pl.concat_str([pl.col("title").fill_null(""), pl.col("text")], separator="\n\n")
            .str.strip_chars()
            .alias("text"),
        )
        frame = articles.select(*KEY, *columns).join(text, on=KEY, how="left")
    else:
        sentences = tables["sentences"]
        columns = style_columns(families, level="sentence", available=sentences.columns)
        if unit == "sentence":
            frame = sentences.select(*KEY, "paragraph", "sentence", "text", *columns)
        else:
            means = sentences.group_by(*KEY, "paragraph").agg(
                pl.col(c).cast(pl.Float64).fill_nan(None).mean() for c in columns
            )
            frame = batch.paragraphs.select(*KEY, "paragraph", "text").join(
                means, on=[*KEY, "paragraph"], how="left"
            )
    label = pl.col("outlet") if target == "outlet" else pl.col(target).cast(pl.String)
    if target != "outlet":
        frame = frame.join(articles.select(*KEY, target), on=KEY, how="left")
    frame = frame.with_columns(
        label.alias(TARGET), pl.col("text").fill_null(""), *_as_float(columns)
    )
    if target not in ("outlet", TARGET):
        frame = frame.drop(target)
    order = [*KEY, "paragraph", "sentence"] if unit == "sentence" else [*KEY, "paragraph"]
    frame = frame.sort([c for c in order if c in frame.columns])
    labelled = frame.filter(pl.col(TARGET).is_not_null() & (pl.col(TARGET).str.strip_chars() != ""))
    return labelled, tuple(columns), frame.height - labelled.height


def previous_stratified_sample(labels: np.ndarray, size: int, *, seed: int) -> np.ndarray:
    from framing.models.cv import MIN_PER_CLASS_IN_SAMPLE, SAMPLE_STREAM

    classes, inverse, counts = np.unique(labels, return_inverse=True, return_counts=True)
    quota = counts * size / labels.size
    take = np.floor(quota).astype(np.int64)
    order = np.lexsort((np.arange(classes.size), -(quota - take)))
    take[order[: size - int(take.sum())]] += 1
    take = np.minimum(np.maximum(take, MIN_PER_CLASS_IN_SAMPLE), counts)
    rng = np.random.default_rng([seed, SAMPLE_STREAM])
    chosen = [
        rng.choice(np.flatnonzero(inverse == c), size=int(take[c]), replace=False)
        for c in range(classes.size)
    ]
    return np.sort(np.concatenate(chosen))


def previous_sample(frame: pl.DataFrame, study: Study) -> tuple[pl.DataFrame, str]:
    limit, unit = study.models.max_units, study.models.unit
    if not limit or frame.height <= limit:
        return frame, ""
    rows = previous_stratified_sample(frame[TARGET].to_numpy(), limit, seed=study.study.seed)
    note = (
        f"{rows.size:,} of {frame.height:,} {unit}s: a class-stratified sample "
        f"(max_units = {limit:,}); scores, baselines and tests are on the sample"
    )
    return frame[rows], note


def previous_prepare(
    study: Study, batch: Batch, tables: dict[str, pl.DataFrame], families: list[Family]
) -> fitting.Prepared:
    from framing.models.cv import Skip, plan_cv

    settings = study.models
    if settings.target != "outlet" and settings.target not in tables["articles"].columns:
        raise Skip(f"target {settings.target!r} is not a column of the corpus table")
    whole, columns, unlabelled = previous_unit_frame(study, batch, tables, families)
    notes = []
    if unlabelled:
        notes.append(f"{unlabelled} {settings.unit}s without a {settings.target!r} label dropped")
    frame, sample_note = previous_sample(whole, study)
    notes += [sample_note] if sample_note else []
    seed = study.study.seed
    plan = plan_cv(
        frame, unit=settings.unit, target=settings.target, group=settings.group,
        folds=settings.folds, seed=seed,
    )  # fmt: skip
    if plan.note:
        notes.append(plan.note)
    class_names, labels = np.unique(frame[TARGET].to_numpy(), return_inverse=True)
    text = pl.col("text")
    if settings.mask_names:
        names = [alias for actor in study.actors for alias in actor.aliases]
        text = mask_expression(text, names=names, topic_words=study.features.topic_words)
    shared = {
        "unit": settings.unit, "target": settings.target, "folds": plan.folds,
        "n": frame.height, "n_available": whole.height, "n_classes": len(class_names),
        "grouping": plan.grouping, "grouping_note": plan.note or None,
    }  # fmt: skip
    return fitting.Prepared(
        X=frame.select(text.alias("text"), *columns),
        labels=labels,
        class_names=[str(c) for c in class_names],
        plan=plan,
        style_columns=columns,
        level="article" if settings.unit == "article" else "sentence",
        seed=seed,
        permutations=settings.permutations,
        shared=shared,
        chance=fitting._chance(labels, plan, n_classes=len(class_names), seed=seed),
        notes=notes,
        refit_tests=settings.refit_tests,
        forest_tfidf=settings.forest_tfidf,
        max_terms=settings.max_terms or None,
        method_note=sample_note,
    )


# --- inputs: eager (as the pipeline had them) and lazy (as a written run has them) -------


@dataclass(frozen=True)
class Inputs:
    study: Study
    batch: Batch
    families: list[Family]
    eager: dict[str, pl.DataFrame]

    def lazy(
        self, folder: Path, *, poisoned: bool = True, shuffled: bool = False
    ) -> dict[str, Any]:
        """articles in memory, sentences as Parquet parts of 3 articles each, scanned
        lazily; with `poisoned`, reading the sentences table's text raises; with
        `shuffled`, the rows are out of order (parts a table that is not sorted)."""
        sentences = self.eager["sentences"]
        if shuffled:
            sentences = sentences.sample(fraction=1.0, shuffle=True, seed=1)
        folder.mkdir(parents=True, exist_ok=True)
        order = sentences.select(KEY).unique(maintain_order=True).with_row_index("_article")
        numbered = sentences.join(order, on=KEY, how="left", maintain_order="left")
        numbered = numbered.with_columns(pl.col("_article") // 3)
        paths = []
        for chunk, part in enumerate(numbered.partition_by("_article", maintain_order=True)):
            path = folder / f"part-{chunk:06d}.parquet"
            part.drop("_article").write_parquet(path)
            paths.append(path)
        scan = pl.concat([pl.scan_parquet(p) for p in paths])
        if poisoned:
            scan = scan.with_columns(pl.col("text").map_batches(_poison, return_dtype=pl.String))
        return {"articles": self.eager["articles"], "sentences": scan}


def _poison(text: pl.Series) -> pl.Series:
    raise AssertionError("the sentences table's text was read: only Texts may read text")


def _with_models(study: Study, **models: Any) -> Study:
    return study.model_copy(update={"models": study.models.model_copy(update=models)})


def _inputs(study: Study) -> Inputs:
    off = _with_models(study, enabled=False)
    _, corpus, tables, _ = compute(off, jobs=1)
    assert corpus.batch is not None
    eager = {n: t for n, t in tables.items() if n in ("articles", "sentences")}
    return Inputs(study, corpus.batch, selected_families(study), eager)


@pytest.fixture(scope="module")
def example() -> Inputs:
    return _inputs(load_study(EXAMPLE_CONFIG))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Inputs:
    """90 generated articles (3 outlets, ~3,000 sentences), a label column with gaps."""
    folder = tmp_path_factory.mktemp("generated")
    config = generate_corpus.generate(90, outlets=3, seed=3, out=folder / "corpus")
    inputs = _inputs(load_study(config))
    articles = inputs.eager["articles"].with_columns(
        # Two sides, and every seventh article unlabelled (dropped, and counted).
        pl.when(pl.int_range(pl.len()) % 7 == 0)
        .then(None)
        .otherwise(
            pl.when(pl.col("outlet") < "outlet_02").then(pl.lit("left")).otherwise(pl.lit("right"))
        )
        .alias("side")
    )
    return Inputs(
        inputs.study, inputs.batch, inputs.families, {**inputs.eager, "articles": articles}
    )


def _prepared_equal(ours: fitting.Prepared, reference: fitting.Prepared) -> None:
    assert_frame_equal(ours.X, reference.X)
    assert np.array_equal(ours.labels, reference.labels)
    assert ours.class_names == reference.class_names
    assert ours.plan.grouping == reference.plan.grouping and ours.plan.note == reference.plan.note
    for name in ("splits", "test_splits"):
        for a, b in zip(getattr(ours.plan, name), getattr(reference.plan, name), strict=True):
            assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    assert np.array_equal(ours.plan.blocks, reference.plan.blocks)
    assert ours.style_columns == reference.style_columns and ours.style_columns
    for name in ("shared", "chance", "notes", "method_note", "level", "max_terms"):
        assert getattr(ours, name) == getattr(reference, name), name


# Small samples: the example's sentences and paragraphs, the generated corpus's every unit.
SAMPLES = {"sentence": 300, "paragraph": 120, "article": 40}


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("target", ["outlet", "side"])
def test_generated_sample_equals_previous_path(
    generated: Inputs, tmp_path: Path, unit: str, target: str
) -> None:
    """Above max_units: the same sampled rows, text, style values, folds, baselines and
    notes as the previous path, from lazy parts whose text is never read."""
    study = _with_models(generated.study, enabled=True, unit=unit, target=target,
                         max_units=SAMPLES[unit])  # fmt: skip
    reference = previous_prepare(study, generated.batch, generated.eager, generated.families)
    for shuffled in (False, True):
        tables = generated.lazy(tmp_path / f"sentences{shuffled}", shuffled=shuffled)
        ours = fitting.prepare(study, MemoryTexts(generated.batch), tables, generated.families)
        _prepared_equal(ours, reference)
    assert ours.shared["n"] < ours.shared["n_available"]
    if target == "side":
        assert any("without a 'side' label dropped" in note for note in ours.notes)


@pytest.mark.parametrize("unit", UNITS)
def test_example_equals_previous_path(example: Inputs, tmp_path: Path, unit: str) -> None:
    """The example, default sample size (every unit) and with a small sample."""
    for max_units in (3000, SAMPLES[unit]):
        study = _with_models(example.study, enabled=True, unit=unit, max_units=max_units)
        texts = MemoryTexts(example.batch)
        tables = example.lazy(tmp_path / f"s{max_units}")
        try:
            reference = previous_prepare(study, example.batch, example.eager, example.families)
        except Exception as exc:  # the example has one article per outlet: no article model
            with pytest.raises(type(exc), match=str(exc)):
                fitting.prepare(study, texts, tables, example.families)
            continue
        _prepared_equal(fitting.prepare(study, texts, tables, example.families), reference)


@pytest.fixture
def previous_fit_all(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """`fit_all` as it was: `previous_prepare` over the batch and eager tables."""

    def run(study: Study, inputs: Inputs) -> tuple[dict[str, pl.DataFrame], dict[str, Any]]:
        with monkeypatch.context() as patch:
            patch.setattr(
                fitting, "prepare",
                lambda study, texts, tables, families: previous_prepare(
                    study, inputs.batch, inputs.eager, families
                ),
            )  # fmt: skip
            return fit_all(study, inputs.batch, inputs.eager, inputs.families)

    yield run


def _without_seconds(notes: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in notes.items() if k != "seconds"}


@pytest.mark.parametrize(
    ("corpus", "unit"),
    [("example", "sentence"), ("generated", "paragraph"), ("generated", "article")],
)
def test_tables_equal_previous_path(
    request: pytest.FixtureRequest, previous_fit_all: Any, tmp_path: Path, corpus: str, unit: str
) -> None:
    """classifiers, confusion, coefficients and the notes, end to end: the example at
    its own [models] settings, the generated corpus sampled at default models."""
    inputs: Inputs = request.getfixturevalue(corpus)
    models: dict[str, Any] = {"enabled": True, "unit": unit}
    if corpus == "generated":
        models.update(max_units=SAMPLES[unit], permutations=19)
    study = _with_models(inputs.study, **models)
    expected, expected_notes = previous_fit_all(study, inputs)
    tables, notes = fit_all(
        study, MemoryTexts(inputs.batch), inputs.lazy(tmp_path / "s"), inputs.families
    )
    for name in ("classifiers", "confusion", "coefficients"):
        assert_frame_equal(tables[name], expected[name])
    assert _without_seconds(notes) == _without_seconds(expected_notes)
    status = tables["classifiers"]["status"]
    assert (status == "ok").sum() >= 9 and (status != "failed").all()


def test_a_batch_still_works(generated: Inputs) -> None:
    """Callers that still hold the batch pass it as `texts`: the same units."""
    study = _with_models(generated.study, enabled=True, max_units=SAMPLES["sentence"])
    ours = fitting.prepare(study, generated.batch, generated.eager, generated.families)
    reference = previous_prepare(study, generated.batch, generated.eager, generated.families)
    _prepared_equal(ours, reference)


def test_sorted_checks_before_sorting() -> None:
    keys = ["outlet", "article_id", "sentence"]
    ordered = pl.DataFrame(
        {
            "outlet": ["a", "a", "a", "b"],
            "article_id": ["1", "1", "2", "1"],
            "sentence": [0, 1, 0, 0],
        }
    )
    assert _sorted(ordered, keys) is ordered
    shuffled = ordered[[2, 0, 3, 1]]
    assert_frame_equal(_sorted(shuffled, keys), ordered)
    # A repeated key is not "strictly increasing": sorted the usual way.
    repeated = pl.concat([ordered[[3]], ordered])
    assert _sorted(repeated, keys) is not repeated
    assert _sorted(repeated, keys)["outlet"].to_list() == ["a", "a", "a", "b", "b"]


@pytest.mark.parametrize("seed", range(5))
def test_sample_from_class_codes_equals_previous_sample(seed: int) -> None:
    """Class codes number the labels as np.unique does, non-ASCII and mixed case too."""
    rng = np.random.default_rng(seed)
    names = ["Zeta", "alpha", "Émile", "beta", "ß", "a b", "10", "9"][: 2 + seed]
    labels = rng.choice(names, size=5000, p=rng.dirichlet(np.ones(len(names))))
    frame = pl.DataFrame({TARGET: labels, "row": np.arange(labels.size)})
    study = Study.model_validate(
        {
            "study": {"name": "s", "seed": seed},
            "outlets": [{"id": "a", "name": "a", "files": ["a/*.txt"]}],
            "models": {"max_units": 700},
        }
    )
    ours, note = fitting._sample(frame, study)
    expected, expected_note = previous_sample(frame, study)
    assert_frame_equal(ours, expected)
    assert note == expected_note
    assert note.startswith(f"{ours.height:,} of 5,000 sentences")
