"""Feature extraction over the whole corpus, chunk by chunk, through the cache.

The parent looks every input up in the cache, plans chunks of what is missing
(`framing.pipeline.plan`), has an engine run them (`framing.pipeline.work` on
`framing.pipeline.engine`), stores what came back, and hands each chunk's batch with
every family's results (cached or computed) to a callback as chunks complete.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from framing.errors import interrupted
from framing.features import registry
from framing.pipeline.cache import CacheUnusable, Tagged
from framing.pipeline.collect import untag
from framing.pipeline.engine import Engine, LocalPool, auto_chunk_size, map_chunks
from framing.pipeline.plan import BASE, ChunkJob, plan_chunks, unit_keys
from framing.pipeline.work import ChunkResult, work_chunk

if TYPE_CHECKING:
    from framing.config import Study
    from framing.corpus import RawArticle
    from framing.features.base import Extracted, Family
    from framing.pipeline.cache import FeatureCache

ProgressCallback = Callable[[int], None]
ChunkCallback = Callable[[int, ChunkResult, dict[str, "Extracted"]], None]


class CachedUnits:
    """What the cache holds for each unit (family or `BASE`) of a run, and what the run
    adds to it: lookups before the work, one transaction per completed chunk."""

    def __init__(self, cache: FeatureCache | None, keys: dict[str, str], hashes: list[str]):
        self.cache = cache
        self.keys = keys
        self.units = list(keys)
        self.notes: list[str] = []
        self.hits = self._checked_hits(hashes)
        self.missing = {u: set(hashes) - set(self.hits[u]) for u in self.units}
        self.stored: dict[str, set[str]] = {u: set() for u in self.units}
        self.distinct = len(hashes)

    def _checked_hits(self, hashes: list[str]) -> dict[str, dict[str, int]]:
        """Each unit's hits whose stored chunks pass their check; none (and the cache
        set aside, with a note) when the cache cannot be read."""
        if self.cache is None:
            return {u: {} for u in self.units}
        try:
            hits = {u: self.cache.hits(self.keys[u], hashes) for u in self.units}
            failing = self.cache.failing_chunks({c for h in hits.values() for c in h.values()})
        except CacheUnusable as exc:
            self.notes.append(
                f"the feature cache cannot be read ({exc}); every feature was computed and "
                "nothing was cached: delete that file to start a new cache, or use --no-cache"
            )
            self.cache = None
            return {u: {} for u in self.units}
        if failing:
            self.notes.append(
                f"{len(failing)} cached chunk(s) in {self.cache.path} failed their sha256 "
                "check; their articles were computed again and stored anew"
            )
        return {u: {h: c for h, c in hits[u].items() if c not in failing} for u in self.units}

    def store(self, job: ChunkJob, result: ChunkResult, present: list[str]) -> None:
        """Store the chunk's computed results, every family in one transaction."""
        if self.cache is None:
            return
        distinct = list(dict.fromkeys(present))
        new = {
            name: [h for h in distinct if h in self.missing[name] and h not in self.stored[name]]
            for name in job.names
        }
        new = {name: hashes for name, hashes in new.items() if hashes}
        if new:  # the whole chunk, every family: all of it or none
            self.cache.store_all(
                [(self.keys[n], result.tagged[n].filter(set(h)), h) for n, h in new.items()]
            )
        for name, hashes in new.items():
            self.stored[name].update(hashes)

    def complete(self, job: ChunkJob, result: ChunkResult, present: list[str]) -> dict:
        """Every unit's results for the chunk's rows: computed ones, then cached ones."""
        extracted: dict[str, Extracted] = {}
        for unit in self.units:
            parts = [result.tagged[unit]] if unit in result.tagged else []
            cached = {
                h: self.hits[unit][h]
                for h in dict.fromkeys(present)
                if h in self.hits[unit] and not (unit in result.tagged and h in job.todo)
            }
            if cached and self.cache is not None:
                parts.append(self.cache.load(cached))
            extracted[unit] = untag(Tagged.concat(parts), result.batch)
        return extracted

    def counts(self, inputs: int, jobs: list[ChunkJob], size: int) -> dict[str, Any]:
        """The manifest's ``cache`` entry."""
        return {
            "enabled": self.cache is not None,
            "notes": [*self.notes, *(self.cache.notes if self.cache else [])],
            "inputs": inputs,
            "distinct_inputs": self.distinct,
            "hits": {u: len(self.hits[u]) for u in self.units if u != BASE},
            "misses": {u: len(self.missing[u]) for u in self.units if u != BASE},
            "computed_inputs": len({h for job in jobs for h in job.todo}),
            "chunk_size": size,
        }


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
    hashes = list(dict.fromkeys(a.input_hash for a in inputs))
    units = CachedUnits(cache, unit_keys(study, families), hashes)
    size = chunk_size or auto_chunk_size(len(inputs), jobs)
    plan = plan_chunks(inputs, families, units.missing, size)

    def done(i: int, result: ChunkResult) -> None:
        if interrupted.is_set():  # a swallowed SIGINT/SIGTERM: stop between chunks
            raise KeyboardInterrupt
        present = result.batch.articles.get_column("input_hash").to_list()
        units.store(plan[i], result, present)
        on_chunk(i, result, units.complete(plan[i], result, present))
        if on_progress:
            on_progress(len(plan[i].raw))

    shared = (study, registry.registered())
    map_chunks(
        work_chunk, plan, shared, done, jobs=jobs, engine=engine, scheduler=scheduler, pool=workers
    )
    return units.counts(len(inputs), plan, size)
