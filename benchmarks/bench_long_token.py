"""CPU of each worker stage on an article that is one very long token, at several sizes.

    python benchmarks/bench_long_token.py [--sizes 0.5,1,2,4] [--families all] [--word W]

Scrapers produce such text (a base64 image inlined, a table flattened without
spaces). Every stage should take time linear in the length of a text: each doubling
of the token should double its time (the ``x`` columns, ~2.0), not quadruple it. For
each size (in MB, of ASCII letters: a made-up word repeated without spaces, so the
hyphenation patterns keep matching), the article "Headline" + the token is segmented
and every family of the study runs on it, as a worker does, with polars on one
thread. Times are process CPU seconds (``time.process_time``).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

WORD = "hyphenationrepresentativeunbelievable"  # repeated: patterns match all along


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0.5,1,2,4", help="token sizes in MB, comma-separated")
    parser.add_argument("--families", default="all", help="comma-separated, or all")
    parser.add_argument("--word", default=WORD, help="the text repeated to make the token")
    args = parser.parse_args(argv)
    os.environ.setdefault("POLARS_MAX_THREADS", "1")  # before polars is imported

    from framing.config import Study
    from framing.corpus import batch_from_texts
    from framing.features import FAMILIES
    from framing.pipeline.plan import family_context, selected_families
    from framing.pipeline.work import extract_chunk

    names = list(FAMILIES) if args.families == "all" else args.families.split(",")
    study = Study.model_validate(
        {
            "study": {"name": "long-token"},
            "outlets": [{"id": "a", "name": "A", "files": ["x"]}],
            "actors": [{"id": "seoul", "label": "Seoul", "aliases": ["Seoul"]}],
            "features": {"families": names},
        }
    )
    order = [f.name for f in selected_families(study)]
    extract_chunk(batch_from_texts([("a", "warm", "Warm up.\n\nSeoul said so.")]), study, order)
    sizes = [float(s) for s in args.sizes.split(",")]
    rows: list[dict[str, float]] = []
    for size in sizes:
        length = int(size * 1_000_000)
        token = (args.word * (length // len(args.word) + 1))[:length]
        row: dict[str, float] = {}
        start = time.process_time()
        batch = batch_from_texts([("a", "x", "Headline\n\n" + token)], headline="first_line")
        batch.tokens  # noqa: B018 - the shared tokenisation is part of segmenting
        row["segment"] = time.process_time() - start
        results: dict = {}
        for name in order:  # as `extract_chunk` does, one family at a time
            family = FAMILIES[name]
            start = time.process_time()
            results[name] = family.extract(batch, family_context(study, family, results))
            row[name] = time.process_time() - start
        rows.append(row)
    stages = list(rows[0])
    print(f"{'stage':<12}" + "".join(f"{s:>9g} MB" for s in sizes) + "   x per doubling")
    for stage in stages:
        cells = "".join(f"{r[stage]:>10.2f} s" for r in rows)
        ratios = [rows[i + 1][stage] / max(rows[i][stage], 1e-3) for i in range(len(rows) - 1)]
        print(f"{stage:<12}{cells}   " + " ".join(f"{x:.1f}" for x in ratios))
    return 0


if __name__ == "__main__":
    sys.exit(main())
