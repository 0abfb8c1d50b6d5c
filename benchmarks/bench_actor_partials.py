"""How much the actors family's merged partial aggregates hold per article (issue 16).

    python benchmarks/bench_actor_partials.py [--articles 2000] [--chunk 64]

On a generated corpus (`generate_corpus.ensure_corpus`: 20 outlets, seed 2024, the
generator's five actors), in this process: segment the articles, then chunk by chunk
(``--chunk`` articles) extract the sentiment and actors families, take the actors
family's `partial`, and merge as the run's reduction does (`framing.pipeline.reduce`:
every `MERGE_EVERY` frames, and once at the end). Prints, per partial, its rows and
bytes (polars' ``estimated_size``) after the final merge, and the total per article
without ``passage_signatures`` (the passages code's own, measured on its branch), then
the time `summarise` takes without shared passages.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate_corpus

from framing.config import load_study
from framing.corpus import list_inputs, segment_inputs
from framing.corpus.texts import FrameTexts
from framing.features import FAMILIES, Extracted
from framing.features.actors import passages
from framing.features.actors.summary import actor_table, merge, partial
from framing.pipeline.plan import family_context, summary_context
from framing.pipeline.reduce import MERGE_EVERY

SKIPPED = "passage_signatures"


def _no_signatures(paragraphs: pl.DataFrame, **_: object) -> pl.DataFrame:
    return pl.DataFrame()


def reduce_partials(config: Path, chunk: int) -> tuple[dict[str, pl.DataFrame], int, object]:
    """The actors family's merged partials of the corpus, its articles and the study."""
    study = load_study(config)
    batch, _, _ = segment_inputs(list_inputs(study)[0], study)
    frames: dict[str, list[pl.DataFrame]] = {}
    for start in range(0, batch.articles.height, chunk):
        part = batch.take(batch.articles.slice(start, chunk))
        results: dict[str, Extracted] = {}
        for name in ("sentiment", "actors"):
            family = FAMILIES[name]
            results[name] = family.extract(part, family_context(study, family, results))
        context = family_context(study, FAMILIES["actors"], results)
        for name, frame in partial(results["actors"], part, context).items():
            gathered = frames.setdefault(name, [])
            gathered.append(frame)
            if len(gathered) >= MERGE_EVERY:
                frames[name] = [merge(name, gathered)]
    merged = {name: merge(name, gathered) for name, gathered in frames.items()}
    return merged, batch.articles.height, study


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--chunk", type=int, default=64)
    args = parser.parse_args(argv)
    config = generate_corpus.ensure_corpus(args.articles)
    # The signatures are the passages code's: not counted here, so not computed.
    passages.passage_signatures = _no_signatures  # type: ignore[attr-defined]
    start = time.perf_counter()
    merged, n, study = reduce_partials(config, args.chunk)
    print(f"{n:,} articles, chunks of {args.chunk}: {time.perf_counter() - start:.0f} s")
    total = 0
    for name, frame in sorted(merged.items()):
        if name == SKIPPED:
            continue
        size = frame.estimated_size()
        total += size
        print(f"  {name:<18} {frame.height:>8,} rows {size:>12,} bytes {size / n:>8.1f} B/article")
    print(f"merged partials without {SKIPPED}: {total:,} bytes = {total / n:.1f} bytes/article")
    context = summary_context(study, FAMILIES["actors"], FrameTexts([]))  # type: ignore[arg-type]
    start = time.perf_counter()
    actor_table(merged, context)
    print(f"actors table from the partials: {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
