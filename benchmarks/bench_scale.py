"""Throughput and peak memory of `framing run` as the corpus grows (issue 8).

    python benchmarks/bench_scale.py [--sizes 10000,100000] [--jobs 2] [--full]

For each size, generates a corpus (or reuses a finished one under benchmarks/_data/;
generation is outside the timing) and runs ``framing run CONFIG --jobs J --no-cache
--quiet --out TMP`` as a child process: wall-clock articles/s from start to exit, and
peak memory as the peak of the summed RSS of the child and its descendants (see
`common`). Then, for each size against the smallest, the throughput ratio and the
memory ratio, checked against issue 8's targets: throughput at the largest size within
15% of the smallest's, peak memory at most 1.5x and under 2 GB. Each size's run folder
is deleted after it is measured.

With ``--full`` each corpus runs as the *default study* instead (issue 16): every
default family (attribution, actors, frames and terms with their corpus-wide tables,
shared passages), the default ``[models]``, statistics, evidence, every table and the
report; the targets are then issue 16's: throughput at the largest size within 20% of
the smallest's, peak memory at most 1.5x and under 2 GB.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench_common import (
    MB,
    PipelineRun,
    cpu_use,
    describe_pipeline,
    machine_load,
    run_pipeline,
    stage_times,
)
from bench_study import default_study_config
from generate_corpus import DATA_DIR, ensure_corpus

THROUGHPUT_WITHIN = 0.15
FULL_THROUGHPUT_WITHIN = 0.20
MEMORY_GROWTH_MAX = 1.5
MEMORY_CAP = 2 * 1024 * MB


def sizes_arg(text: str) -> list[int]:
    try:
        sizes = sorted({int(s.replace("_", "")) for s in text.split(",") if s.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--sizes: {text!r} is not a list like 10000,100000"
        ) from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("--sizes: give positive article counts")
    return sizes


def verdicts(small: PipelineRun, big: PipelineRun, within: float = THROUGHPUT_WITHIN) -> list[str]:
    rate_ratio = big.rate / small.rate
    mem_ratio = big.memory.peak_rss / small.memory.peak_rss
    ok_rate = rate_ratio >= 1 - within
    ok_growth = mem_ratio <= MEMORY_GROWTH_MAX
    ok_cap = big.memory.peak_rss < MEMORY_CAP
    return [
        f"{big.articles:,} vs {small.articles:,}: throughput ratio {rate_ratio:.2f}"
        f" (target >= {1 - within:.2f}: {'met' if ok_rate else 'NOT met'})",
        f"{big.articles:,} vs {small.articles:,}: peak RSS ratio {mem_ratio:.2f}"
        f" (target <= {MEMORY_GROWTH_MAX:.2f}: {'met' if ok_growth else 'NOT met'});"
        f" peak RSS {big.memory.peak_rss / MB:.0f} MB"
        f" (target < {MEMORY_CAP / MB:.0f} MB: {'met' if ok_cap else 'NOT met'})",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=sizes_arg, default=[10_000, 100_000])
    parser.add_argument("--jobs", type=int, default=2, help="framing run --jobs (default 2)")
    parser.add_argument("--outlets", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="where corpora are kept")
    parser.add_argument(
        "--full", action="store_true", help="run the default study (every family, models)"
    )
    args = parser.parse_args(argv)

    runs: list[PipelineRun] = []
    for size in args.sizes:
        start = time.perf_counter()
        config = ensure_corpus(size, outlets=args.outlets, seed=args.seed, data=args.data)
        print(f"corpus: {size:,} articles ready in {time.perf_counter() - start:.1f} s ({config})")
        print(f"machine: {machine_load()}")
        folder = Path(tempfile.mkdtemp(prefix="framing-bench-scale-"))
        if args.full:
            config = default_study_config(config, folder)
        run = run_pipeline(config, size, jobs=args.jobs)
        shutil.rmtree(run.run_dir.parent.parent, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)
        if run.missing_flags:
            print(f"note: `framing run` has no {', '.join(run.missing_flags)} yet; ran without")
        print(
            f"{size:,} articles: {describe_pipeline(run, args.jobs)}: {run.rate:.1f} articles/s"
            f"  ({run.seconds:.1f} s wall, {cpu_use(run.cpu_seconds, run.seconds)};"
            f" {stage_times(run)})"
            f"  peak RSS: {run.memory.peak_rss / MB:.0f} MB"
            f" (PSS {run.memory.peak_pss / MB:.0f} MB; parent first: {run.memory.breakdown()})"
        )
        runs.append(run)
    for big in runs[1:]:
        within = FULL_THROUGHPUT_WITHIN if args.full else THROUGHPUT_WITHIN
        for line in verdicts(runs[0], big, within):
            print(line)
    print(f"machine: {machine_load()} after the runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
