"""How big the merged `terms` partial gets (issue 16): rows and bytes against corpus size.

    python benchmarks/bench_term_partials.py [N ...] [--outlets M] [--seed S] [--chunk C]

For each N (default 2000 and 10000), generates (or reuses) the benchmark corpus of
`generate_corpus.py`, segments it `--chunk` articles at a time (default 250, as the
run's workers do: no process holds the corpus), takes the terms family's partial of
each chunk and merges them with the family's own `merge` as the run's reduction does
(every `MERGE_EVERY` frames, then once at the end), then prints the merged partial's
rows (outlet × n × term), distinct terms, bytes (polars' `estimated_size`), the
corpus's body tokens, and the seconds spent in `merge`. The counts grow with the vocabulary of each
outlet (Heaps' law), not with the text: bytes per token falls as N grows.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate_corpus

MB = 1024 * 1024


def measure(n: int, *, outlets: int, seed: int, chunk: int) -> dict[str, float]:
    """The merged terms partial of the generated corpus of `n` articles."""
    from framing.config import load_study
    from framing.corpus.batch import segment_inputs
    from framing.corpus.sources import list_inputs
    from framing.features import Context, terms
    from framing.pipeline.reduce import MERGE_EVERY

    config = generate_corpus.corpus_dir(n, outlets, seed) / "study.toml"
    if not generate_corpus.is_complete(config.parent, n, outlets, seed):
        config = generate_corpus.generate(n, outlets=outlets, seed=seed)
    study = load_study(config)
    ctx = Context(study=study, options=terms.TermsOptions())
    raw, _ = list_inputs(study)
    frames: list = []
    tokens = 0
    merging = 0.0
    for start in range(0, len(raw), chunk):
        batch, _, _ = segment_inputs(raw[start : start + chunk], study)
        part = terms.partial(terms.extract(batch, ctx), batch, ctx)["term_counts"]
        tokens += int(part.filter(part["n"] == 1)["count"].sum())
        frames.append(part)
        if len(frames) >= MERGE_EVERY:
            began = time.perf_counter()
            frames = [terms.merge("term_counts", frames)]
            merging += time.perf_counter() - began
    began = time.perf_counter()
    merged = terms.merge("term_counts", frames)
    merging += time.perf_counter() - began
    return {
        "articles": n,
        "tokens": tokens,
        "rows": merged.height,
        "terms": merged["term"].n_unique(),
        "mb": merged.estimated_size() / MB,
        "seconds": merging,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="*", default=[2000, 10000])
    parser.add_argument("--outlets", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--chunk", type=int, default=250)
    args = parser.parse_args()
    print("articles  body tokens  partial rows  distinct terms  partial MB  bytes/token  merge s")
    for n in args.n:
        m = measure(n, outlets=args.outlets, seed=args.seed, chunk=args.chunk)
        print(
            f"{m['articles']:>8,}  {m['tokens']:>11,}  {m['rows']:>12,}  {m['terms']:>14,}  "
            f"{m['mb']:>10.1f}  {m['mb'] * MB / m['tokens']:>11.2f}  {m['seconds']:>7.1f}"
        )


if __name__ == "__main__":
    main()
