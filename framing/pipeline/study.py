"""One study, end to end: `compute` (everything but the run folder) and `run`.

Articles stream through in chunks of the sorted input list (`framing.pipeline.extract`):
a worker reads, cleans and segments a chunk and computes the features the cache does
not hold; the parent fills in cached results, stores new ones, collects each chunk's
rows of the per-article tables (`framing.pipeline.collect`), in memory or as Parquet
parts, and reduces the families' partial aggregates (`framing.pipeline.reduce`), so
memory does not grow with the corpus. Corpus-wide tables (family summaries,
statistics, models) are computed at the end from the reduced partials, the articles
table and lazy scans of the parts; what needs text reads back only its rows.

`framing.compute(path)` returns everything as polars frames (notebooks, tests);
`framing.run(path)` writes a run folder (`framing.outputs.folder`). The CLI calls `run`.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import polars as pl

from framing.config import Study, load_study
from framing.corpus import Corpus, list_inputs
from framing.corpus.meta import outlet_meta
from framing.errors import DataError
from framing.evidence import article_tone, evidence_table
from framing.features.base import Family
from framing.outputs.parts import PARTS_DIRNAME, published_scan
from framing.pipeline.cache import CACHE_DIRNAME
from framing.pipeline.collect import Collector, outlet_means
from framing.pipeline.engine import Engine, LocalPool, check_options, default_jobs, map_chunks
from framing.pipeline.extract import extract_features
from framing.pipeline.plan import check_study, selected_families
from framing.pipeline.stores import open_cache, run_stores
from framing.progress import SILENT, Progress

# Imported in the background during feature extraction (`_import_later_stages`).
LATER_STAGE_MODULES = (
    "scipy.sparse", "matplotlib.figure", "matplotlib.backends.backend_svg",
    "framing.stats.outlets", "framing.report.page",
)  # fmt: skip

Table = pl.DataFrame | pl.LazyFrame
# ``map_tasks(work, items, shared, on_done)``: `framing.models.fit_all`'s task mapper.
Mapper = Callable[..., None]


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


class _Timings(dict[str, float]):
    """Wall seconds per stage, for the manifest; each stage is reported to `progress`."""

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress

    @contextlib.contextmanager
    def stage(self, name: str, total: int | None = None) -> Iterator[None]:
        self.progress.stage(name, total)
        start = time.perf_counter()
        yield
        self[name] = time.perf_counter() - start


def compute(
    config: str | Path | Study,
    *,
    jobs: int = 1,
    engine: Engine = "local",
    scheduler: str | None = None,
    cache_dir: Path | None = None,
    chunk_size: int | None = None,
    spool: Path | None = None,
    progress: Progress = SILENT,
    workers: LocalPool | None = None,
) -> tuple[Study, Corpus, dict[str, Table], dict[str, Any]]:
    """Every table of a study and the manifest facts; writes no run folder.

    `jobs` workers of `engine` (or the started local `workers`, see
    `framing.pipeline.plan.prestart`) segment and extract, `chunk_size` articles at a
    time (default: `auto_chunk_size`); `cache_dir` holds the per-article cache (None: no
    cache). With `spool`, per-article rows are kept as Parquet parts in that folder
    (`framing.outputs.parts`) and returned as lazy scans; without, every table is a
    polars DataFrame. The tables depend on none of `jobs`, `engine`, `chunk_size`,
    `spool` or the cache. Each stage and its steps are reported to `progress`
    (`framing.progress`).
    """
    check_options(jobs=jobs, engine=engine, chunk_size=chunk_size)
    timings = _Timings(progress)
    with timings.stage("list"):
        study = config if isinstance(config, Study) else load_study(config)
        check_study(study)
        inputs, digests = list_inputs(study)
    families = selected_families(study)
    if jobs > 1 or engine != "local":  # workers extract; this process mostly waits
        threading.Thread(target=_import_later_stages, daemon=True).start()
    cache_notes: list[str] = []
    with run_stores(spool) as stores:
        collector = Collector(study, families, *stores)
        with timings.stage("features", len(inputs)), open_cache(cache_dir, cache_notes) as cache:
            cache_counts = extract_features(
                inputs, study, families, collector.add, jobs=jobs, engine=engine,
                scheduler=scheduler, cache=cache, chunk_size=chunk_size,
                on_progress=progress.advance, workers=workers,
            )  # fmt: skip
        cache_notes += cache_counts.pop("notes")
        workers = _fresh_workers(workers, study)
        with timings.stage("tables"):
            corpus, tables = _tables(study, collector, families, list(digests))
        run_notes, undated = _statistics_and_evidence(study, tables, families, timings)
        pool = workers if engine == "local" else None
        model_notes = _models(study, collector, tables, families, jobs, engine, pool, timings)
    facts = {
        "families": {f.name: f.version for f in families},
        "engine": {"name": engine, "jobs": jobs, "scheduler": scheduler},
        "cache": {**cache_counts, "dir": str(cache_dir) if cache_dir else None},
        "input_sha256": {str(p): d for p, d in digests.items()},
        **_run_facts(corpus, [*cache_notes, *run_notes], model_notes, undated, timings),
    }
    return study, corpus, tables, facts


def _fresh_workers(workers: LocalPool | None, study: Study) -> LocalPool | None:
    """The feature workers exit once the features are done: each still holds about a
    chunk's worth of memory (~0.5 GB at 256 articles), which its allocator gives back
    only slowly, while the corpus-wide stages peak in this process. The classifiers get
    fresh workers, started now, in the background, while this process computes the
    tables and statistics (`LocalPool.restart`)."""
    if workers is None:
        return None
    if not study.models.enabled:
        workers.close()
        return None
    workers.restart()
    return workers


def _run_facts(
    corpus: Corpus,
    run_notes: list[str],
    model_notes: dict[str, Any],
    undated: dict[str, Any] | None,
    timings: _Timings,
) -> dict[str, Any]:
    """The manifest facts of the corpus-wide stages: notes, undated articles, models,
    timings."""
    return {
        "notes": _notes(corpus, run_notes, model_notes),
        **({"undated_articles": undated} if undated is not None else {}),
        "models": model_notes,
        "timings_seconds": {k: round(v, 3) for k, v in timings.items()},
    }


def _statistics_and_evidence(
    study: Study, tables: dict[str, Table], families: list[Family], timings: _Timings
) -> tuple[list[str], Any]:
    """The stats stage (outlet and group statistics, periods) and the evidence stage,
    adding their tables to `tables`; their notes and the undated articles (None
    without periods)."""
    with timings.stage("stats"):
        stats_notes = _statistics(study, tables, families)
        undated = _periods(study, tables, families)
    with timings.stage("evidence"):
        headline_columns = [h.column for f in families for h in f.headlines]
        tables["evidence"] = evidence_table(study, tables, families, headline_columns)
    return [*stats_notes, *_undated_notes(undated)], undated


def _notes(corpus: Corpus, run_notes: list[str], model_notes: dict[str, Any]) -> list[str]:
    """The manifest's notes: skipped inputs, duplicates, the cache's and the
    statistics' notes (`run_notes`), unfit models."""
    return [
        *(f"skipped {source}: {reason}" for source, reason in corpus.skipped),
        *corpus.notes,
        *run_notes,
        *(n for n in model_notes.get("notes", []) if n.startswith("no model fitted")),
    ]


def _tables(
    study: Study, collector: Collector, families: list[Family], input_files: list[Path]
) -> tuple[Corpus, dict[str, Table]]:
    """The collected per-article tables, per-outlet means and the family summaries."""
    corpus = collector.corpus(input_files)
    tables = collector.tables()
    if tables["articles"].height == 0:
        raise DataError(
            f"{study.source}: no article has any text; check "
            + ("corpus.table" if study.corpus.table else "the outlet files")
        )
    tables["outlets"] = outlet_means(
        tables["articles"], families, outlet_meta(study, tables["articles"])
    )
    tables.update(collector.summaries())
    return corpus, tables


def _statistics(study: Study, tables: dict[str, Table], families: list[Family]) -> list[str]:
    """Add outlet_stats and comparisons (and the group tables) to `tables`; return
    the notes."""
    from framing.stats.groups import study_groups
    from framing.stats.outlets import outlet_tables

    view = _stats_view(study, tables)
    stats_tables, notes = outlet_tables(study, view, families)
    tables.update(stats_tables)
    grouped, group_notes = study_groups(study, view, families)
    tables.update(grouped)
    return notes + group_notes


def _periods(
    study: Study, tables: dict[str, Table], families: list[Family]
) -> dict[str, Any] | None:
    """Add period_stats (with `[stats] period`) to `tables`; return the count and
    names of the undated articles (None without `period`)."""
    if study.stats.period is None:
        return None
    from framing.stats.periods import period_tables

    articles = tables["articles"]
    assert isinstance(articles, pl.DataFrame)
    if "date" not in articles.columns:
        articles = articles.with_columns(pl.lit(None, pl.String).alias("date"))
    with_actors = "sentences" in tables and "mention_tones" in tables
    tone = (
        article_tone(tables["sentences"], tables["mention_tones"], study)
        if with_actors
        else pl.DataFrame()
    )
    if tone.width:
        articles = articles.join(tone, on=["outlet", "article_id"], how="left")
    features = [h.column for f in families for h in f.headlines]
    features += sorted(
        c for c in articles.columns if c.startswith("frames__") and c.endswith("_share")
    )
    features += [c for c in tone.columns if c.startswith("tone:")]
    tables["period_stats"], undated = period_tables(
        articles, features, period=study.stats.period, seed=study.study.seed,
        resamples=study.stats.bootstrap,
    )  # fmt: skip
    return undated


def _undated_notes(undated: dict[str, Any] | None) -> list[str]:
    if not undated or not undated["count"]:
        return []
    return [
        f"{undated['count']} articles have no date and are left out of period_stats "
        "(manifest: undated_articles)"
    ]


def _models(
    study: Study,
    collector: Collector,
    tables: dict[str, Table],
    families: list[Family],
    jobs: int,
    engine: Engine,
    pool: LocalPool | None,
    timings: _Timings,
) -> dict[str, Any]:
    """The models stage (with ``[models] enabled``): add the classifier tables to
    `tables`; return the models' notes. The models read the tables lazily and the text
    of their (sampled) units only."""
    if not study.models.enabled:
        return {}
    from framing.models import fit_all

    # The fits run on local workers too, the ones restarted for them when the run
    # started its workers ahead (the Dask engine is for features only).
    on_workers = partial(map_chunks, jobs=jobs if engine == "local" else 1, pool=pool)
    with timings.stage("models"):
        model_tables, notes = fit_all(
            study, collector.texts(), tables, families,
            map_tasks=_counted(on_workers, timings.progress),
        )  # fmt: skip
    tables.update(model_tables)
    return notes


def _counted(map_tasks: Mapper, progress: Progress) -> Mapper:
    """`map_tasks` reporting each finished classifier fit to `progress` (stage "models")."""
    planned = [0]

    def mapper(work: Any, items: Any, shared: Any, on_done: Any) -> None:
        planned[0] += len(items)
        progress.stage("models", planned[0])

        def done(i: int, result: Any) -> None:
            on_done(i, result)
            progress.advance(1)

        map_tasks(work, items, shared, done)

    return mapper


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
    config: str | Path | Study,
    *,
    out: str | Path | None = None,
    jobs: int | None = None,
    engine: Engine = "local",
    scheduler: str | None = None,
    cache: bool = True,
    chunk_size: int | None = None,
    progress: Progress = SILENT,
    workers: LocalPool | None = None,
) -> Results:
    """Run a study and write its folder under `out` (default: ``outputs/``).

    `config` is a config path or a loaded `Study`. `jobs` defaults to every core; the
    feature cache lives in ``<out>/.framing-cache/`` unless `cache` is False. The run is
    built in a hidden ``.<run-id>.partial`` folder, removed if the run fails or is
    interrupted. Each stage and its steps are reported to `progress`.
    """
    from framing.outputs.folder import write_run
    from framing.outputs.writer import RunWriter

    check_options(jobs=jobs, engine=engine, chunk_size=chunk_size)
    root = Path(out) if out is not None else Path("outputs")
    study = config if isinstance(config, Study) else load_study(config)
    writer = RunWriter(root, study.study.name, study.config_hash())
    try:
        study, corpus, tables, facts = compute(
            study, jobs=jobs if jobs is not None else default_jobs(), engine=engine,
            scheduler=scheduler, cache_dir=root / CACHE_DIRNAME if cache else None,
            chunk_size=chunk_size, spool=writer.partial_dir / PARTS_DIRNAME,
            progress=progress, workers=workers,
        )  # fmt: skip
        run_dir = write_run(writer, study, corpus, tables, facts, progress=progress)
    except BaseException:
        writer.discard()
        raise
    published = {
        name: published_scan(run_dir, name) if isinstance(table, pl.LazyFrame) else table
        for name, table in tables.items()
    }
    return Results(tables=published, run_dir=run_dir, manifest=writer.manifest)
