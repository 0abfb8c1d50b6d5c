"""Shared passages (wire copy): the exact in-memory method against MinHash/LSH signatures
per chunk + exact verification (issue 16), on 10,000 and 100,000 articles' paragraphs.

    .venv/bin/python benchmarks/bench_passages.py [--articles 10000,100000] [--old-up-to 10000]

Paragraphs are synthesised directly (generating 100,000 articles' files is too slow for a
benchmark of one step): per article 15 paragraphs of 10–150 words (lognormal, median 45)
drawn from a Zipf (exponent 1) vocabulary of 30,000 words, so common words and
common 5-grams recur as in news (the 100 commonest words are 48% of tokens); 3% of paragraphs are agency copy — one of a pool of
paragraphs (one per 300 paragraphs of the corpus), each word replaced with probability
3% — so every pool paragraph is carried ~9 times by different articles and outlets at
similarities from 1 down through the threshold. 20 outlets. Written once as Parquet
parts of 10,000 articles under benchmarks/_data/passages-n{N}/ (deterministic).

Each method runs in its own child process; wall time and the child's peak RSS
(``VmHWM``) are printed; for the new method also the peak while signing the chunks
(sequentially here; the workers' job in a run) and, reset, the peak of the final step
with every chunk's signatures in memory (the parent's). New method: signatures per chunk of 1,000 articles read
from the parts (as a worker would), concatenated, then `shared_passages_from` with a
`Texts` that scans the Parquet parts lazily. Old method (tests/passages_reference.py)
only up to ``--old-up-to`` articles; where both run their tables are compared.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "_data"
PARAGRAPHS = 15
OUTLETS = 20
PART = 10_000
CHUNK = 1_000
OPTIONS = {"threshold": 0.5, "k": 5, "min_words": 10}


def corpus(n: int, seed: int = 16) -> Path:
    """The folder of Parquet parts of `n` articles' paragraphs (made once)."""
    folder = DATA / f"passages-v2-n{n}-s{seed}"
    if (folder / "done.json").exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng([seed, 0])
    vocabulary = pl.Series([f"w{i}" for i in range(30_000)])
    pool = [_words(rng, _length(rng)) for _ in range(max(1, n * PARAGRAPHS // 300))]
    for first in range(0, n, PART):
        part_rng = np.random.default_rng([seed, 1, first])
        _part(part_rng, first, min(n, first + PART), pool, vocabulary).write_parquet(
            folder / f"part-{first:07d}.parquet"
        )
    (folder / "done.json").write_text(json.dumps({"articles": n, "seed": seed}))
    return folder


def _length(rng: np.random.Generator) -> int:
    return int(np.clip(rng.lognormal(np.log(45), 0.5), 10, 150))


# Zipf with exponent 1 over 30,000 words (rank k drawn with probability ∝ 1/k): the
# 100 commonest words are 48% of tokens, as in generate_corpus.py's measured 45%.
_CDF = np.cumsum(1 / np.arange(1, 30_001))
_CDF /= _CDF[-1]


def _words(rng: np.random.Generator, n: int) -> np.ndarray:
    return np.minimum(np.searchsorted(_CDF, rng.random(n)), 29_999)


def _part(rng, first: int, stop: int, pool, vocabulary: pl.Series) -> pl.DataFrame:
    texts = []
    for _ in range((stop - first) * PARAGRAPHS):
        if rng.random() < 0.03:
            words = pool[rng.integers(len(pool))].copy()
            edits = rng.random(len(words)) < 0.03
            words[edits] = _words(rng, int(edits.sum()))
        else:
            words = _words(rng, _length(rng))
        texts.append(words)
    lengths = np.array([len(w) for w in texts])
    flat = vocabulary.gather(np.concatenate(texts))
    pid = np.repeat(np.arange(len(texts)), lengths)
    joined = (
        pl.DataFrame({"pid": pid, "w": flat})
        .group_by("pid", maintain_order=True)
        .agg(pl.col("w").str.join(" ").alias("text"))
    )
    article = first + joined["pid"] // PARAGRAPHS
    return joined.select(
        (pl.lit("outlet_") + (article % OUTLETS).cast(pl.String).str.zfill(2)).alias("outlet"),
        (pl.lit("a") + article.cast(pl.String).str.zfill(7)).alias("article_id"),
        (pl.col("pid") % PARAGRAPHS + 1).cast(pl.Int32).alias("paragraph"),
        pl.lit(False).alias("is_headline"),
        "text",
    )


def peak_rss_mb() -> float:
    """This process's peak resident set (``VmHWM``). Not ``ru_maxrss``: Linux carries
    that over from the parent through fork and exec, so a child would report at least
    the parent's size (here, the corpus generator's)."""
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024


class ParquetTexts:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def scan(self, level: str) -> pl.LazyFrame:
        return pl.scan_parquet(self.folder / "part-*.parquet")


def run_new(folder: Path, out: Path) -> dict:
    from framing.features.actors import passages

    start, cpu = time.perf_counter(), time.process_time()
    signatures = []
    for part in sorted(folder.glob("part-*.parquet")):
        rows = pl.scan_parquet(part).select(pl.len()).collect().item()
        for i in range(0, rows, CHUNK * PARAGRAPHS):
            chunk = pl.scan_parquet(part).slice(i, CHUNK * PARAGRAPHS).collect()
            signatures.append(passages.passage_signatures(chunk, **OPTIONS))
    merged = pl.concat(signatures)
    del signatures
    signed, signed_cpu = time.perf_counter(), time.process_time()
    signature_rss = peak_rss_mb()
    # Reset the peak: what follows is what the parent does once every chunk is in.
    Path("/proc/self/clear_refs").write_text("5")
    result = passages.shared_passages_from(merged, ParquetTexts(folder), **OPTIONS)
    done, done_cpu = time.perf_counter(), time.process_time()
    rss = peak_rss_mb()
    _, classes = passages._classes(merged)
    candidates, crowded = passages._lsh_candidates(classes, merged, threshold=OPTIONS["threshold"])
    result.write_parquet(out)
    return {
        "seconds": done - start,
        "signature_seconds": signed - start,
        "cpu": done_cpu - cpu,
        "signature_cpu": signed_cpu - cpu,
        "peak_rss_mb": max(rss, signature_rss),
        "signature_rss_mb": signature_rss,
        "from_rss_mb": rss,
        "paragraphs": merged.height,
        "bytes_per_paragraph": merged.estimated_size() / merged.height,
        "classes": classes.height,
        "candidates": candidates.height,
        "crowded_classes": crowded.len(),
        "pairs": result.height // 2,
    }


def run_old(folder: Path, out: Path) -> dict:
    sys.path.insert(0, str(ROOT))
    from tests.passages_reference import shared_passages

    start, cpu = time.perf_counter(), time.process_time()
    paragraphs = pl.read_parquet(folder / "part-*.parquet")
    result = shared_passages(paragraphs, **OPTIONS)
    done, done_cpu = time.perf_counter(), time.process_time()
    result.write_parquet(out)
    return {
        "seconds": done - start,
        "cpu": done_cpu - cpu,
        "peak_rss_mb": peak_rss_mb(),
        "pairs": result.height // 2,
    }


def child(method: str, folder: Path, out: Path) -> dict:
    command = [sys.executable, __file__, "--child", method, str(folder), str(out)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="10000,100000")
    parser.add_argument("--old-up-to", type=int, default=10_000)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        method, folder, out = args.child
        run = run_new if method == "new" else run_old
        print(json.dumps(run(Path(folder), Path(out))))
        return 0
    from framing.features.actors.passage_lsh import band_plan, miss_probability

    bands, rows = band_plan(OPTIONS["threshold"])
    print(
        f"load average {os.getloadavg()[0]:.1f}; threshold {OPTIONS['threshold']}: "
        f"{bands} bands × {rows} rows, P(miss at t) = {miss_probability(OPTIONS['threshold']):.2e}"
    )
    for n in (int(x) for x in args.articles.split(",")):
        made = time.perf_counter()
        folder = corpus(n)
        print(
            f"\n{n:,} articles (corpus ready in {time.perf_counter() - made:.0f} s; "
            f"load average {os.getloadavg()[0]:.1f})"
        )
        new = child("new", folder, folder / "new.parquet")
        print(
            f"  new: {new['seconds']:.1f} s wall, {new['cpu']:.1f} s CPU (signatures "
            f"{new['signature_seconds']:.1f} s, {new['signature_cpu']:.1f} s CPU), "
            f"peak RSS {new['peak_rss_mb']:.0f} MB (signatures {new['signature_rss_mb']:.0f}"
            f" MB, then shared_passages_from {new['from_rss_mb']:.0f} MB); "
            f"{new['paragraphs']:,} paragraphs, "
            f"{new['bytes_per_paragraph']:.0f} signature bytes each, {new['classes']:,} "
            f"distinct sets; {new['candidates']:,} candidate pairs + "
            f"{new['crowded_classes']:,} sets in crowded buckets → {new['pairs']:,} pairs"
        )
        if n <= args.old_up_to:
            old = child("old", folder, folder / "old.parquet")
            exact = pl.read_parquet(folder / "old.parquet")
            same = exact.equals(pl.read_parquet(folder / "new.parquet"))
            # What the banding should miss, summed over the exact method's pairs.
            expected = (
                sum(miss_probability(OPTIONS["threshold"], j) for j in exact["similarity"]) / 2
            )
            print(
                f"  old: {old['seconds']:.1f} s wall, {old['cpu']:.1f} s CPU, "
                f"peak RSS {old['peak_rss_mb']:.0f} MB; {old['pairs']:,} pairs; "
                f"tables identical: {same} (expected misses {expected:.2f})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
