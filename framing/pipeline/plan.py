"""Plan a run before any text is read: which families, their cache keys, the chunks.

A family's cache key digests its name, version and options, the parts of the study it
reads, the keys of the families it requires, the framing version and the versions of
the packages the numbers come from (`Family.packages`, see `code_versions`). The
chunks are consecutive slices of the sorted inputs; each lists the units (families,
and the per-article counts `BASE`) it must compute because the cache lacks them.
"""

from __future__ import annotations

import functools
import glob
import json
from dataclasses import dataclass
from importlib import metadata
from typing import TYPE_CHECKING

from framing.features import FAMILIES, registry
from framing.pipeline.cache import family_key

if TYPE_CHECKING:
    from framing.config import Study
    from framing.corpus import RawArticle
    from framing.features.base import Context, Extracted, Family, Texts
    from framing.pipeline.engine import LocalPool

# The per-article word and sentence counts every run writes, cached like a family.
BASE = "_base"
BASE_VERSION = "1"
# Packages every family's numbers pass through (segmentation and the shared
# tokenisation). scipy computed lexical's HD-D until its version 2; it stays listed so
# caches written before still hit (drop it with the next `CACHE_FORMAT`).
SHARED_PACKAGES = ("polars", "numpy", "scipy")


@dataclass(frozen=True)
class ChunkJob:
    """One chunk of work: its articles, the units to compute, for which input hashes."""

    raw: list[RawArticle]
    names: tuple[str, ...]
    todo: frozenset[str]


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
    """What `family` may read: the study, its options, the families it requires."""
    from framing.features.base import Context

    options = study.features.options(family.name)
    return Context(study=study, options=options, upstream={n: upstream[n] for n in family.requires})


def summary_context(study: Study, family: Family, texts: Texts) -> Context:
    """What `family.summarise` may read: the study, its options, the corpus's text."""
    from framing.features.base import Context

    options = study.features.options(family.name)
    return Context(study=study, options=options, texts=texts)


@functools.cache
def package_version(name: str) -> str:
    """The installed version of `name`, once per process: every family's cache key asks
    for every package, and each look-up scans the environment's metadata (~4 ms). A
    process computes with the modules it imported, so their versions cannot change."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def code_versions(family: Family | None) -> str:
    """The code part of a cache key: the framing version and the versions of the shared
    packages and of every package a built-in family declares (so an upgrade of any of
    them recomputes), plus the family's own declared packages when it is not built in."""
    import framing

    names = {*SHARED_PACKAGES}
    for name in registry.BUILTIN:
        names.update(FAMILIES[name].packages)
    if family is not None:
        names.update(family.packages)
    versions = {n: package_version(n) for n in names}
    return json.dumps({"framing": framing.__version__, **versions}, sort_keys=True)


def unit_keys(study: Study, families: list[Family]) -> dict[str, str]:
    """The cache key of each family (and of the word counts) for this study.

    Every key includes the corpus settings that turn an input into cleaned text.
    """
    corpus = study.corpus.model_dump(mode="json", exclude={"table"})
    keys = {BASE: family_key(BASE, BASE_VERSION, corpus, None, [], code_versions(None))}
    for family in families:
        options = study.features.options(family.name).model_dump(mode="json")
        keys[family.name] = family_key(
            family.name,
            family.version,
            options,
            {"corpus": corpus, "study": family.reads(study)},
            [keys[r] for r in family.requires],
            code_versions(family),
        )
    return keys


def check_study(study: Study) -> None:
    """Every check of a study that needs no article: a label target needs a corpus
    table, and each selected family reads what it needs from the study (its lexicon
    files, word lists, actors) as it does for its cache key. `framing validate` and the start of `framing run` call this, so a run never
    fails on its config after reading the corpus. Raises `ConfigError`."""
    from framing.errors import ConfigError

    where = study.source or "config"
    models = study.models
    if models.enabled and models.target != "outlet" and study.corpus.table is None:
        raise ConfigError(
            f"{where}: models.target: {models.target!r} would be a label column of "
            'corpus.table, and this study reads files; use target = "outlet" or a table'
        )
    try:
        unit_keys(study, selected_families(study))
    except ValueError as exc:  # a family's own check of what it read
        raise ConfigError(f"{where}: {exc}") from exc


def with_requirements(names: list[str], families: list[Family]) -> list[str]:
    """`names` plus the families they require, in the study's family order."""
    wanted = set(names)
    for family in reversed(families):
        if family.name in wanted:
            wanted.update(family.requires)
    return [u for u in [BASE, *(f.name for f in families)] if u in wanted]


def plan_chunks(
    inputs: list[RawArticle], families: list[Family], missing: dict[str, set[str]], size: int
) -> list[ChunkJob]:
    """Consecutive chunks of `size` inputs, each with the units the cache lacks for it
    (`missing`: unit -> input hashes) and the inputs to compute them on."""
    units = [BASE, *(f.name for f in families)]
    jobs: list[ChunkJob] = []
    for start in range(0, len(inputs), size):
        raw = inputs[start : start + size]
        hashes = {a.input_hash for a in raw}
        names = with_requirements([u for u in units if missing[u] & hashes], families)
        todo = frozenset(h for h in hashes if any(h in missing[u] for u in units))
        jobs.append(ChunkJob(raw, tuple(names), todo))
    return jobs


def prestart(
    study: Study, *, jobs: int | None, engine: str, chunk_size: int | None = None
) -> LocalPool | None:
    """Workers for ``framing run``, started before the run lists its corpus.

    Only when the run will use them: the local engine, two or more jobs, and a corpus
    (`expected_articles`: files counted by their globs, or a table's rows) that makes
    two or more chunks; None otherwise. Each worker warms up on a made-up article
    (`framing.pipeline.work.warm_worker`) while this process imports, lists and hashes;
    a run of 2,000 articles finishes ~0.4 s sooner.
    """
    from framing.pipeline.engine import LocalPool, auto_chunk_size, default_jobs
    from framing.pipeline.work import warm_worker

    jobs = jobs or default_jobs()
    if engine != "local" or jobs <= 1:
        return None
    try:
        articles = expected_articles(study)
    except Exception:  # the run itself reports a missing file or an unreadable table
        return None
    size = chunk_size or auto_chunk_size(articles, jobs)
    chunks = -(-articles // size)
    if chunks <= 1:
        return None
    return LocalPool(min(jobs, chunks), warm_worker, (study, registry.registered()))


def expected_articles(study: Study) -> int:
    """About how many inputs the study will list, cheaply: its outlets' glob matches
    (folders included: an upper bound, without a stat of each file), or its table's
    rows (a Parquet file's row count from its footer; a JSON Lines file's non-empty
    lines; a CSV's lines less the header, an upper bound when cells hold line breaks)."""
    if study.corpus.table is None:
        patterns = [study.resolve(p) for outlet in study.outlets for p in outlet.files]
        return sum(len(glob.glob(str(p), recursive=True)) for p in patterns)
    path = study.resolve(study.corpus.table)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        import polars as pl

        return int(pl.scan_parquet(path).select(pl.len()).collect().item())
    data = path.read_bytes()
    lines = sum(1 for line in data.splitlines() if line.strip())
    return max(0, lines - 1) if suffix == ".csv" else lines
