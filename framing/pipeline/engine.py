"""Where chunk work runs: in this process, a local process pool, or a Dask cluster.

Every engine calls the same pure function on the same chunks and hands each result
to `on_done` in the parent, so the tables are identical whichever engine and however
many workers ran them. No engine keeps results: the caller consumes each as it
arrives, so memory does not grow with the number of chunks. Local workers are
started with ``spawn`` (a fresh interpreter), never ``fork``: polars' thread pool
does not survive a fork.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from multiprocessing import get_context
from typing import Any, Literal

from framing.errors import ConfigError, DataError

Engine = Literal["local", "dask"]
ENGINES = ("local", "dask")
# Chunks in flight per worker: enough to hide hand-over latency, few enough to keep
# memory flat.
IN_FLIGHT = 2
# Articles per chunk chosen by `auto_chunk_size`: at least MIN_CHUNK, at most DEFAULT_CHUNK.
# 128: a worker holds one chunk, its family results and partials at a time (~360 MB at
# 128 articles of 700 words, ~450 MB at 256); the parent's cost per chunk stays small.
DEFAULT_CHUNK = 128
MIN_CHUNK = 16
Work = Callable[..., Any]
OnDone = Callable[[int, Any], None]


def check_options(*, jobs: int | None, engine: str, chunk_size: int | None) -> None:
    """`ConfigError` naming the option (as the command line spells it) that no run can
    use; checked before any work, for the Python API as for the command line."""
    if engine not in ENGINES:
        raise ConfigError(f"--engine: {engine!r} is not one of {', '.join(ENGINES)}")
    for option, value in (("--jobs", jobs), ("--chunk-size", chunk_size)):
        if value is not None and (type(value) is not int or value < 1):
            raise ConfigError(f"{option}: {value!r} is not a whole number of at least 1")


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def auto_chunk_size(n_articles: int, jobs: int) -> int:
    """Enough chunks to keep every worker busy, each big enough to pay its overhead.

    Results do not depend on the chunk size (tested), only speed and memory do.
    """
    return max(MIN_CHUNK, min(DEFAULT_CHUNK, -(-n_articles // (4 * max(jobs, 1)))))


def _executor(jobs: int, warm: Work | None, warm_args: tuple[Any, ...]) -> ProcessPoolExecutor:
    executor = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=get_context("spawn"),
        initializer=_init_worker,
        initargs=(warm, warm_args),
    )
    # A spawn-context pool starts every worker at its first submit.
    executor.submit(int)
    return executor


def _init_worker(warm: Work | None, warm_args: tuple[Any, ...]) -> None:
    # Ctrl-C reaches the whole process group; the parent alone decides what to do.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_with_parent()
    if warm is not None:
        # Only a head start: a failure here shows up again, with its real message, when
        # the worker runs its first chunk.
        with contextlib.suppress(Exception):
            warm(*warm_args)


def exit_with_parent() -> None:
    """In a worker process: exit as soon as the process that started it is gone.

    A parent killed with SIGKILL cannot stop its workers, and a worker waiting for
    its next chunk would wait forever (~180 MB each), keeping multiprocessing's
    resource tracker alive too. A daemon thread waits on the parent's sentinel (a pipe
    the kernel closes when the parent ends, however it ends) and then ends the worker.
    """
    import multiprocessing
    import threading
    from multiprocessing.connection import wait as wait_for

    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return

    def watch() -> None:
        wait_for([parent.sentinel])
        os._exit(1)  # no clean-up to run: the parent, which owned the work, is gone

    threading.Thread(target=watch, name="framing-exit-with-parent", daemon=True).start()


class LocalPool:
    """Local worker processes, started (with ``spawn``) as soon as this is created.

    Starting a process and importing polars and the feature code takes about a second
    per worker; a pool created before the parent lists the corpus (`framing run` does
    this, see `framing.pipeline.plan.prestart`) has its workers ready, and warmed up by
    calling `warm(*warm_args)` (a module-level function, pickled by reference: the
    worker imports its module), by the time the first chunks are sent. Use as a context manager: leaving it stops the
    workers (at once after an error).
    """

    def __init__(self, jobs: int, warm: Work | None = None, warm_args: tuple[Any, ...] = ()):
        self.jobs = jobs
        self.executor = _executor(jobs, warm, warm_args)

    def restart(self) -> None:
        """Let these workers exit (in the background) and start fresh ones, not warmed
        up: a worker that has run chunks keeps much of their memory for a while."""
        self.executor.shutdown(wait=False)
        self.executor = _executor(self.jobs, None, ())

    def close(self) -> None:
        """No more work: the workers exit in the background (~0.15 s of interpreter
        teardown each) while this process goes on; the interpreter joins them at exit."""
        self.executor.shutdown(wait=False)

    def terminate(self) -> None:
        """Stop the workers now, dropping queued work (after an error or an interrupt)."""
        for process in list((getattr(self.executor, "_processes", None) or {}).values()):
            process.terminate()
        self.executor.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> LocalPool:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        if kind is None:
            self.close()
        else:
            self.terminate()


def map_chunks(
    work: Work,
    chunks: Sequence[Any],
    shared: tuple[Any, ...],
    on_done: OnDone,
    *,
    jobs: int,
    engine: Engine = "local",
    scheduler: str | None = None,
    pool: LocalPool | None = None,
) -> None:
    """Call ``on_done(i, work(chunks[i], *shared))`` in this process for every chunk.

    Chunks complete in any order; `on_done` runs in the parent, one call at a time.
    A started `pool` (local engine) is used instead of starting workers; its owner
    closes it.
    """
    if engine == "dask":
        _dask(work, chunks, shared, on_done, jobs=jobs, scheduler=scheduler)
    elif engine != "local":
        raise ConfigError(f"--engine: {engine!r} is not one of {', '.join(ENGINES)}")
    elif jobs <= 1 or len(chunks) <= 1:
        for i, chunk in enumerate(chunks):
            on_done(i, work(chunk, *shared))
    elif pool is not None:
        _pool(work, chunks, shared, on_done, pool)
    else:
        with LocalPool(min(jobs, len(chunks))) as own:
            _pool(work, chunks, shared, on_done, own)


def _pool(
    work: Work, chunks: Sequence[Any], shared: tuple[Any, ...], on_done: OnDone, pool: LocalPool
) -> None:
    executor = pool.executor
    jobs = pool.jobs
    todo: Iterator[tuple[int, Any]] = iter(enumerate(chunks))
    pending: dict[Future, int] = {}

    def submit(n: int) -> None:
        for i, chunk in islice(todo, n):
            pending[executor.submit(work, chunk, *shared)] = i

    try:
        submit(IN_FLIGHT * jobs)
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                i = pending.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool as exc:
                    raise DataError(
                        "a feature worker process died (out of memory, or killed); "
                        "rerun with fewer --jobs, or --jobs 1 to see the error"
                    ) from exc
                submit(1)
                on_done(i, result)
    except BaseException:
        # Interrupted or failed: stop the workers now rather than finish queued chunks.
        pool.terminate()
        raise


def _dask(
    work: Work,
    chunks: Sequence[Any],
    shared: tuple[Any, ...],
    on_done: OnDone,
    *,
    jobs: int,
    scheduler: str | None,
) -> None:
    client, cluster = _dask_client(jobs, scheduler)
    try:
        _dask_stream(client, work, chunks, shared, on_done)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _dask_client(jobs: int, scheduler: str | None) -> tuple[Any, Any]:
    """A client of the scheduler at `scheduler`, or of a new local cluster of `jobs`
    single-threaded worker processes (returned too, to be closed after the work)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise ConfigError(
            "--engine dask: dask.distributed is not installed; "
            "install it with `pip install 'framing[dask]'`"
        ) from exc
    cluster = None
    try:
        if scheduler:
            return Client(scheduler, timeout="30s"), None
        cluster = LocalCluster(
            n_workers=max(1, jobs),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            host="127.0.0.1",
        )
        return Client(cluster), cluster
    except BaseException as exc:
        if cluster is not None:
            cluster.close()
        if not isinstance(exc, OSError):
            raise
        raise DataError(
            f"--scheduler: cannot reach the Dask scheduler {scheduler!r} ({exc})"
        ) from exc


def _dask_stream(
    client: Any, work: Work, chunks: Sequence[Any], shared: tuple[Any, ...], on_done: OnDone
) -> None:
    """Submit chunks as earlier ones complete (a few in flight per worker)."""
    from dask.distributed import as_completed

    workers = max(1, len(client.scheduler_info().get("workers", {})))
    shared_futures = [client.scatter(value, broadcast=True) for value in shared]
    todo = iter(enumerate(chunks))
    index: dict[Any, int] = {}
    stream = as_completed()

    def submit(n: int) -> None:
        for i, chunk in islice(todo, n):
            future = client.submit(work, chunk, *shared_futures, pure=False)
            index[future] = i
            stream.add(future)

    submit(IN_FLIGHT * workers)
    for future in stream:
        i = index.pop(future)
        result = future.result()
        future.release()
        submit(1)
        on_done(i, result)
