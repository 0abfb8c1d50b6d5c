"""CPU per article of each stage a worker runs, in this process, on generated or real news.

    python benchmarks/bench_stages.py [--articles 1000] [--chunk 125] [--naive 0]
                                      [--real [PATH]] [--all-families]

Reads, cleans and segments the articles (``segment``, including the shared
tokenisation) and runs each family of the corpus's study on chunks of `--chunk`
articles, as a worker does, with polars on one thread (a worker shares the machine with
the others). The first chunk is a warm-up and is not timed: it pays the one-off loading
of the CMU dictionary, hyphenation patterns and VADER's lexicon. Times are process CPU
time (``time.process_time``), so other jobs on the machine change them little.

With ``--naive N``, also the CPU per article of the naive loop's two parts
(`bench_features.py`), on N evenly spaced articles of the same corpus: the 13 textstat
functions on the body, and stock vaderSentiment on the body and on each sentence.

With ``--real``, the corpus is the shared real articles (`real_corpus`; PATH defaults
to ``shared/eval/polnear-dev/articles.jsonl.gz`` above the repository), written to a
temporary folder deleted afterwards; ``--articles`` is then ignored (924 articles). By
default the families are the generated corpus's (lexical, readability, sentiment);
``--all-families`` runs every default family (actors, attribution and frames too).

Use it to see where a worker's time goes; `bench_features.py` measures whole runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench_features import config_files
from bench_study import default_study_config
from generate_corpus import DATA_DIR, ensure_corpus
from real_corpus import default_real_path, real_corpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--chunk", type=int, default=125)
    parser.add_argument("--outlets", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="where corpora are kept")
    parser.add_argument(
        "--naive", type=int, default=0, help="also time the naive loop's parts on N articles"
    )
    parser.add_argument(
        "--real",
        type=Path,
        nargs="?",
        const=default_real_path(),
        help="the shared real articles (.jsonl.gz) instead of a generated corpus",
    )
    parser.add_argument(
        "--all-families", action="store_true", help="every default family, not only three"
    )
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="framing-bench-stages-"))
    try:
        return measure(parser, args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure(parser: argparse.ArgumentParser, args: argparse.Namespace, folder: Path) -> int:
    """Time each stage on the chosen corpus (written under `folder` when real)."""
    # Before polars is imported (run as a script): one thread, as in a worker.
    os.environ.setdefault("POLARS_MAX_THREADS", "1")
    from framing.config import load_study
    from framing.corpus import list_inputs, segment_inputs
    from framing.pipeline import plan as pipeline

    if args.real is not None:
        if not args.real.is_file():
            parser.error(f"--real {args.real}: no such file")
        config, files = real_corpus(args.real, folder, features_only=not args.all_families)
    else:
        config = ensure_corpus(args.articles, outlets=args.outlets, seed=args.seed, data=args.data)
        files = config_files(config)
        if args.all_families:
            config = default_study_config(config, folder)
    study = load_study(config)
    inputs = list_inputs(study)[0]
    names = [family.name for family in pipeline.selected_families(study)]
    chunks = [inputs[i : i + args.chunk] for i in range(0, len(inputs), args.chunk)]
    if len(chunks) < 2:
        parser.error("need at least two chunks (the first is a warm-up)")

    seconds: dict[str, float] = dict.fromkeys(["segment", *names], 0.0)
    timed = 0
    for i, raw in enumerate(chunks):
        start = time.process_time()
        batch, _, _ = segment_inputs(raw, study)
        _ = batch.tokens  # the shared tokenisation, built once per chunk
        spent = {"segment": time.process_time() - start}
        results: dict = {}
        for name in names:
            family = pipeline.FAMILIES[name]
            start = time.process_time()
            results[name] = family.extract(batch, pipeline.family_context(study, family, results))
            spent[name] = time.process_time() - start
        if i:
            timed += len(raw)
            for stage, value in spent.items():
                seconds[stage] += value
    per_article = {stage: value / timed * 1000 for stage, value in seconds.items()}
    print(f"corpus: {config}; {timed:,} articles timed in chunks of {args.chunk}")
    print(
        "CPU ms/article: "
        + ", ".join(f"{stage} {value:.2f}" for stage, value in per_article.items())
        + f"; total {sum(per_article.values()):.2f}"
    )
    if args.naive:
        textstat_ms, vader_ms = naive_parts(files, args.naive)
        print(
            f"naive loop CPU ms/article ({args.naive} articles): textstat 13 functions"
            f" {textstat_ms:.2f}, vaderSentiment body + sentences {vader_ms:.2f}"
        )
    return 0


def naive_parts(files: list[tuple[str, str]], sample: int) -> tuple[float, float]:
    """CPU ms per article of the naive loop's textstat calls and of its VADER calls."""
    from bench_features import (
        READABILITY,
        SENTENCE_END,
        STRAIGHTEN,
        evenly_spaced,
        offline_textstat,
    )
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    bodies = []
    for _, path in evenly_spaced(files, sample):
        with open(path, encoding="utf-8") as handle:
            bodies.append(handle.read().partition("\n\n")[2].strip())
    textstat = offline_textstat()
    analyzer = SentimentIntensityAnalyzer()
    textstat.flesch_reading_ease("Warm the caches up. Nothing is timed yet.")
    start = time.process_time()
    for body in bodies:
        for name in READABILITY:
            getattr(textstat, name)(body)
    textstat_ms = (time.process_time() - start) / len(bodies) * 1000
    start = time.process_time()
    for body in bodies:
        text = body.translate(STRAIGHTEN)
        analyzer.polarity_scores(text)
        for sentence in SENTENCE_END.split(text):
            analyzer.polarity_scores(sentence)
    vader_ms = (time.process_time() - start) / len(bodies) * 1000
    return textstat_ms, vader_ms


if __name__ == "__main__":
    sys.exit(main())
