"""Peak memory and time of the classifiers (`framing.models.fit_all`) as the corpus
grows (issue 16).

    python benchmarks/bench_models_scale.py [--sizes 10000,100000] [--eager] [--outlets M]

For each size: the generated corpus (`generate_corpus.py`, reused under
benchmarks/_data/) and, once, ``framing run --jobs 2 --no-cache`` of it with models
off, whose run folder is kept beside the corpus (``<corpus>/run-models-off``; its
``parts/sentences`` hold every sentence with its text and style columns). Then, in a
fresh child process, `fit_all` with the default ``[models]`` (enabled; unit sentence,
three classifiers, three feature sets, 100 permutations, a 3,000-unit sample), every
task in that process, on what a written run hands it: the articles table in memory
(read from ``articles.csv``) and the sentences table as a lazy scan of the parts, its
text read through a `Texts` over the same parts.

Printed per size: units and sample, seconds in `prepare` (the key frame, the sample,
the sampled units' text) and in the whole `fit_all`, the child's RSS just before
`fit_all` and its peak during it (polled every 10 ms; ``ru_maxrss`` agrees), and the
size of the no-text key frame. With ``--eager`` each size is measured a second time
the previous way: the sentences table collected whole, text included, before
`fit_all` (what the pipeline did before issue 16), for comparison.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench_common import MB, machine_load
from bench_scale import sizes_arg
from generate_corpus import DATA_DIR, ensure_corpus

RUN_FOLDER = "run-models-off"
SENTENCE_TEXT = ["outlet", "article_id", "paragraph", "sentence", "is_headline", "text"]


def models_off_run(config: Path) -> Path:
    """The kept run folder of `config` with models off; made by `framing run` if missing."""
    root = config.parent / RUN_FOLDER
    done = sorted(root.glob("*/*/manifest.json"))
    if not done:
        command = [sys.executable, "-m", "framing", "run", str(config), "--jobs", "2",
                   "--no-cache", "--quiet", "--out", str(root)]  # fmt: skip
        print(f"  making the lazy inputs once: {' '.join(command[1:])}", flush=True)
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        done = sorted(root.glob("*/*/manifest.json"))
    return done[-1].parent


class PeakRss(threading.Thread):
    """This process's resident set size, polled every 10 ms from /proc/self/statm."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0
        self.running = True

    @staticmethod
    def now() -> int:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, self.now())
            time.sleep(0.01)

    def stop(self) -> int:
        self.running = False
        self.join()
        return max(self.peak, self.now())


def measure(run_dir: Path, config: Path, *, eager: bool) -> dict[str, Any]:
    """In this (fresh) process: `fit_all` on the run's tables; the figures as a dict."""
    import polars as pl

    import framing.models.fitting as fitting
    from framing.config import load_study
    from framing.models.data import unit_keys
    from framing.outputs.parts import published_scan
    from framing.pipeline.plan import selected_families

    # Imported before the baseline: the fits need them whatever the corpus.
    for module in ("sklearn.linear_model", "sklearn.svm", "sklearn.naive_bayes"):
        importlib.import_module(module)
    study = load_study(config)
    study = study.model_copy(
        update={"models": study.models.model_copy(update={"enabled": True, "unit": "sentence"})}
    )
    families = selected_families(study)
    articles = pl.read_csv(run_dir / "articles.csv", infer_schema_length=None)
    sentences: pl.LazyFrame | pl.DataFrame = published_scan(run_dir, "sentences")

    class PartTexts:
        """`Texts` over the run's sentence parts (the only level a sentence study reads)."""

        def scan(self, level: str) -> pl.LazyFrame:
            if level != "sentences":
                raise NotImplementedError(f"this benchmark reads sentences only, not {level}")
            return published_scan(run_dir, "sentences").select(SENTENCE_TEXT)

    class EagerTexts:
        def scan(self, level: str) -> pl.LazyFrame:
            return sentences.lazy().select(SENTENCE_TEXT)

    if eager:  # the previous way: every sentence, text included, in memory first
        sentences = sentences.collect()
    texts = EagerTexts() if eager else PartTexts()
    tables = {"articles": articles, "sentences": sentences}
    seconds: dict[str, float] = {}
    prepare = fitting.prepare

    def timed_prepare(*args: Any) -> Any:
        start = time.perf_counter()
        prepared = prepare(*args)
        seconds["prepare"] = time.perf_counter() - start
        return prepared

    fitting.prepare = timed_prepare
    try:
        before = PeakRss.now()
        poller = PeakRss()
        poller.start()
        start = time.perf_counter()
        _, notes = fitting.fit_all(study, texts, tables, families)
        seconds["fit_all"] = time.perf_counter() - start
        peak = poller.stop()
    finally:
        fitting.prepare = prepare
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    keys = unit_keys(study, texts, tables, families).frame
    return {
        "mode": "eager" if eager else "lazy",
        "articles": articles.height,
        "units": notes.get("n_available"),
        "sample": notes.get("n"),
        "prepare_s": round(seconds["prepare"], 2),
        "fit_all_s": round(seconds["fit_all"], 2),
        "rss_before_mb": round(before / MB),
        "peak_rss_mb": round(peak / MB),
        "ru_maxrss_mb": round(max_rss / MB),
        "key_frame_mb": round(keys.estimated_size() / MB, 1),
    }


def child(run_dir: Path, config: Path, *, eager: bool) -> dict[str, Any]:
    command = [sys.executable, __file__, "--measure", str(run_dir), "--config", str(config)]
    command += ["--eager"] if eager else []
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def describe(result: dict[str, Any]) -> str:
    return (
        f"  {result['mode']:5} {result['articles']:>7,} articles, {result['units']:>9,} sentences,"
        f" sample {result['sample']:,}: prepare {result['prepare_s']:.1f} s, fit_all"
        f" {result['fit_all_s']:.1f} s; RSS {result['rss_before_mb']:,} MB before, peak"
        f" {result['peak_rss_mb']:,} MB (+{result['peak_rss_mb'] - result['rss_before_mb']:,});"
        f" key frame {result['key_frame_mb']:.0f} MB"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=sizes_arg, default=[10_000, 100_000])
    parser.add_argument("--eager", action="store_true", help="also measure the previous way")
    parser.add_argument("--outlets", type=int, default=20, help="outlets (default 20)")
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="corpora folder")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--config", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure, args.config, eager=args.eager)))
        return 0
    print(f"load before: {machine_load()}")
    results = []
    for size in args.sizes:
        config = ensure_corpus(size, outlets=args.outlets, data=args.data)
        run_dir = models_off_run(config)
        for eager in [False, True] if args.eager else [False]:
            results.append(child(run_dir, config, eager=eager))
            print(describe(results[-1]), flush=True)
    lazy = [r for r in results if r["mode"] == "lazy"]
    if len(lazy) > 1:
        small, big = lazy[0], lazy[-1]
        print(
            f"lazy, {big['articles']:,} vs {small['articles']:,} articles: peak RSS ratio"
            f" {big['peak_rss_mb'] / small['peak_rss_mb']:.2f}, growth above the baseline"
            f" {big['peak_rss_mb'] - big['rss_before_mb']:,} vs"
            f" {small['peak_rss_mb'] - small['rss_before_mb']:,} MB, fit_all time ratio"
            f" {big['fit_all_s'] / small['fit_all_s']:.2f}"
        )
    print(f"load after: {machine_load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
