"""Shingles and MinHash/LSH signatures of paragraphs, for shared passages in bounded memory.

`passage_signatures` turns the paragraphs of one chunk of the corpus into one compact
row per eligible paragraph; `framing.features.actors.passages.shared_passages_from`
finds the candidate pairs from the concatenated rows of every chunk and verifies them
exactly. Everything a row holds depends on the paragraph's text alone (never on the
chunk it came in), so concatenating chunks' frames in any order gives the same table.

MinHash (Broder 1997): for a random permutation π of shingle hashes,
P[min π(A) = min π(B)] = J(A, B), the Jaccard index. A signature keeps ``bands · rows``
such minima (π_i = a splitmix64 finaliser of the shingle hash xor a per-i seed, a
bijection on 64-bit values). LSH banding (Indyk & Motwani 1998; Leskovec, Rajaraman &
Ullman, *Mining of Massive Datasets*, ch. 3): the minima are cut into ``bands`` groups
of ``rows``; two paragraphs are candidates when all ``rows`` minima of at least one band
agree, so a pair with Jaccard J is a candidate with probability
``1 − (1 − J^rows)^bands``. `band_plan` picks ``rows`` and ``bands`` from the threshold
t so that a pair at exactly t is missed with probability ``(1 − t^rows)^bands ≤ 10⁻⁴``
(the issue asks for ≤ 10⁻³; ten times less costs 8 more bands at t = 0.5 and makes
the benchmark's 15,000 pairs come out identical, not one short, in expectation).
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

__all__ = [
    "MISS_PROBABILITY",
    "band_columns",
    "band_plan",
    "miss_probability",
    "passage_signatures",
    "shingles",
    "signature_schema",
]

# The most a pair at exactly the threshold may be missed by the banding.
MISS_PROBABILITY = 1e-4
# Bounds on the signature: at most 40 band keys (160 bytes of UInt32) and 80 MinHash
# functions (the CPU cost, one pass over the shingles each). Within them the plan takes
# as many rows per band as it can, because each extra row makes a band sharper: pairs
# far below the threshold rarely agree on a whole band, so fewer false candidates.
MAX_BANDS = 40
MAX_HASHES = 80

# A word for shingles: a run of \w characters, inner straight apostrophes kept (after
# ’ -> '); see `framing.features.actors.passages` for why this is not the shared token
# pattern.
_WORD = r"\w+(?:'\w+)*"
_KEY_SCHEMA = {"outlet": pl.String, "article_id": pl.String, "paragraph": pl.Int32}
# splitmix64's finaliser (Steele, Lea & Flood 2014): a bijection on 64-bit integers
# whose output bits each depend on every input bit.
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = 0x9E3779B97F4A7C15


def band_plan(threshold: float) -> tuple[int, int]:
    """``(bands, rows)`` for LSH at `threshold`: the largest ``rows`` such that
    ``bands = ⌈ln(MISS_PROBABILITY) / ln(1 − t^rows)⌉`` fits `MAX_BANDS` and
    ``bands · rows`` fits `MAX_HASHES`; at low thresholds, where even one row needs
    more bands, ``rows = 1`` and as many bands as the miss bound needs (t = 0.5: 33 × 2,
    t = 0.3: 26 × 1, t = 0.1: 88 × 1)."""
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    best = (_bands_needed(threshold, 1), 1)
    for rows in range(2, MAX_HASHES + 1):
        bands = _bands_needed(threshold, rows)
        if bands <= MAX_BANDS and bands * rows <= MAX_HASHES:
            best = (bands, rows)
    return best


def _bands_needed(threshold: float, rows: int) -> int:
    agree = threshold**rows  # P(one band agrees) for a pair at exactly the threshold
    if agree >= 1:
        return 1
    return max(1, math.ceil(math.log(MISS_PROBABILITY) / math.log1p(-agree)))


def miss_probability(threshold: float, similarity: float | None = None) -> float:
    """P(a pair of Jaccard `similarity` (default: `threshold`) shares no band) under the
    plan for `threshold`: ``(1 − J^rows)^bands``."""
    bands, rows = band_plan(threshold)
    j = threshold if similarity is None else similarity
    return (1 - j**rows) ** bands


def band_columns(threshold: float) -> list[str]:
    bands, _ = band_plan(threshold)
    return [f"band_{i:02d}" for i in range(bands)]


def signature_schema(threshold: float) -> dict[str, pl.DataType]:
    """Columns of `passage_signatures`' frame: the paragraph's key, ``size`` (distinct
    shingles), ``fingerprint`` (order-free 64-bit hash of the whole shingle set: equal
    sets, equal fingerprints) and one UInt32 key per LSH band."""
    return {
        **_KEY_SCHEMA,
        "size": pl.UInt32,
        "fingerprint": pl.UInt64,
        **{name: pl.UInt32 for name in band_columns(threshold)},
    }


def shingles(paragraphs: pl.DataFrame, *, k: int = 5, min_words: int = 10) -> pl.DataFrame:
    """Distinct shingles per paragraph: ``pid`` (row index into `paragraphs`), ``h`` (u64
    hash of the k-gram; a 64-bit collision is negligible) — only paragraphs with at
    least ``max(k, min_words)`` words. Rows of a paragraph are contiguous, ``pid``
    ascending."""
    words = (
        paragraphs.select(
            pl.int_range(pl.len(), dtype=pl.UInt32).alias("pid"),
            pl.col("text")
            .fill_null("")
            .str.to_lowercase()
            .str.replace_all("’", "'", literal=True)
            .str.extract_all(_WORD)
            .alias("w"),
        )
        .filter(pl.col("w").list.len() >= max(k, min_words))
        .explode("w")
    )
    # A paragraph's words are contiguous, so a k-gram starting at a word stays inside its
    # paragraph iff the word k − 1 further on has the same pid (faster than shift().over()).
    gram = pl.concat_str([pl.col("w").shift(-i) for i in range(k)], separator=" ")
    inside = pl.col("pid").shift(-(k - 1)) == pl.col("pid")
    return (
        words.select("pid", gram.alias("gram"), inside.alias("inside"))
        .filter(pl.col("inside"))
        .select("pid", pl.col("gram").hash(seed=0).alias("h"))
        .unique(maintain_order=True)
    )


def passage_signatures(
    paragraphs: pl.DataFrame, *, k: int, min_words: int, threshold: float
) -> pl.DataFrame:
    """One row per paragraph of `paragraphs` (``outlet, article_id, paragraph, text``;
    e.g. one chunk's `Batch.paragraphs`) that has at least ``max(k, min_words)`` words:
    `signature_schema(threshold)`. Rows depend on their paragraph only, so the frames of
    several chunks are merged by plain concatenation. At the default threshold a row
    takes 165 bytes with the benchmark's short keys and 180 with the example's (polars'
    `estimated_size`, key strings included; benchmarks/bench_passages.py prints it)."""
    schema = signature_schema(threshold)
    sets = shingles(paragraphs, k=k, min_words=min_words)
    if sets.height == 0:
        return pl.DataFrame(schema=schema)
    pid = sets["pid"].to_numpy()
    h = sets["h"].to_numpy()
    starts = np.flatnonzero(np.r_[True, pid[1:] != pid[:-1]])
    sizes = np.diff(np.r_[starts, len(pid)])
    bands, rows = band_plan(threshold)
    minima = _minhash(h, starts, bands * rows)
    keys = paragraphs.select(pl.col(name).cast(dtype) for name, dtype in _KEY_SCHEMA.items())[
        pid[starts]
    ]
    band_keys = {
        name: _band_key(minima[:, i * rows : (i + 1) * rows], i)
        for i, name in enumerate(band_columns(threshold))
    }
    return keys.with_columns(
        pl.Series("size", sizes, dtype=pl.UInt32),
        # The sum of mixed shingle hashes mod 2^64 (numpy's uint64 addition wraps):
        # independent of order, so equal sets give equal fingerprints.
        pl.Series("fingerprint", np.add.reduceat(_mix(h ^ _seed(-1)), starts), pl.UInt64),
        *(pl.Series(name, values, dtype=pl.UInt32) for name, values in band_keys.items()),
    ).select(list(schema))


def _minhash(h: np.ndarray, starts: np.ndarray, n_hashes: int) -> np.ndarray:
    """``(paragraphs, n_hashes)`` minima of the permuted shingle hashes per paragraph."""
    minima = np.empty((len(starts), n_hashes), dtype=np.uint64)
    for i in range(n_hashes):
        minima[:, i] = np.minimum.reduceat(_mix(h ^ _seed(i)), starts)
    return minima


def _band_key(minima: np.ndarray, band: int) -> np.ndarray:
    """One UInt32 per row for the band's ``rows`` minima: equal minima give equal keys;
    unequal ones collide with probability 2^-32 (a spurious candidate, which the exact
    verification drops)."""
    key = np.full(len(minima), _seed(1000 + band), dtype=np.uint64)
    for column in minima.T:
        key = _mix(key ^ column)
    return (key >> np.uint64(32)).astype(np.uint32)


def _seed(i: int) -> np.uint64:
    return _mix(np.array([(_GOLDEN * (i + 2)) % 2**64], dtype=np.uint64))[0]


def _mix(x: np.ndarray) -> np.ndarray:
    x = x ^ (x >> np.uint64(30))
    x = x * _MIX_1
    x = x ^ (x >> np.uint64(27))
    x = x * _MIX_2
    return x ^ (x >> np.uint64(31))
