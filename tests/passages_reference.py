"""Frozen reference: `framing.features.actors.passages` as it was before issue 16's
MinHash/LSH (commit 5a34158), the exact in-memory prefix-filtering method. Tests and
benchmarks/bench_passages.py compare the streaming method against it; do not edit.

Wire copy: paragraphs that different outlets share (near-)verbatim.

Agency copy (Reuters, AP, Yonhap...) republished by several outlets makes them look
alike in every feature; `shared_passages` flags those paragraphs so agreement in
shared copy is not read as editorial agreement.

Method (docs/actors.md, "Shared passages"): each paragraph becomes the set of its word
``k``-grams ("shingles", Broder 1997), words lowercased (``\\w+`` runs, inner
apostrophes kept); paragraphs with fewer than ``min_words`` words are skipped (too
short to call copy). Two paragraphs of *different outlets* are shared when the Jaccard
similarity of their shingle sets, ``|A ∩ B| / |A ∪ B|``, is at least ``threshold``.

Scaling: candidate pairs come from prefix filtering (Chaudhuri, Ganti & Kaushik 2006;
Bayardo, Ma & Srikant 2007): shingles are ordered globally by rarity and each
paragraph keeps only its first ``|A| - ceil(threshold·|A|) + 1``; two sets with
Jaccard ≥ threshold must share a shingle of their prefixes, so the self-join on
prefixes finds every such pair (exact, no false negatives) while touching only rare
shingles. Candidates are then verified on their full sets. All steps are polars joins
and group-bys; no Python loop over paragraphs.

Words here are not the shared tokenisation's (`framing.corpus.tokens`), on purpose:
shingles run over a paragraph's raw text (``Batch.tokens`` is per sentence and keeps
punctuation as tokens), and the split is blind to punctuation inside words, so
re-punctuated copy still matches ("Ho-jin" and "Ho jin", "1,000" and "1 000" give
the same words; the shared tokens keep "Ho-jin" and "1,000" whole). The shared
tokens would give other shingles, hence other similarities in shared_passages.csv.
"""

from __future__ import annotations

import polars as pl

__all__ = ["SCHEMA", "shared_passages"]

SCHEMA = {
    "outlet": pl.String,
    "article_id": pl.String,
    "paragraph": pl.Int32,
    "other_outlet": pl.String,
    "other_article_id": pl.String,
    "other_paragraph": pl.Int32,
    "similarity": pl.Float64,
    "text": pl.String,
}
# A word for shingles: a run of \w characters, inner straight apostrophes kept (after
# ’ -> '); see the module docstring for why this is not the shared token pattern.
_WORD = r"\w+(?:'\w+)*"
# Guards the float comparison J >= threshold against representation error (21/31 etc.).
_EPS = 1e-12


def shingles(paragraphs: pl.DataFrame, *, k: int = 5, min_words: int = 10) -> pl.DataFrame:
    """Distinct shingles per paragraph: ``pid`` (row index into `paragraphs`), ``h`` (u64
    hash of the k-gram; a 64-bit collision is negligible) — only paragraphs with at
    least ``max(k, min_words)`` words."""
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
    gram = pl.concat_str([pl.col("w").shift(-i).over("pid") for i in range(k)], separator=" ")
    return (
        words.select("pid", gram.alias("gram"))
        .drop_nulls("gram")
        .select("pid", pl.col("gram").hash(seed=0).alias("h"))
        .unique(maintain_order=True)
    )


def shared_passages(
    paragraphs: pl.DataFrame,
    *,
    threshold: float = 0.5,
    k: int = 5,
    min_words: int = 10,
) -> pl.DataFrame:
    """Pairs of paragraphs from different outlets with shingle Jaccard ≥ `threshold`.

    `paragraphs` needs ``outlet, article_id, paragraph, text`` (e.g. `Batch.paragraphs`).
    Each pair is listed twice, once from each side, so filtering on ``outlet`` shows an
    outlet's every shared paragraph; ``text`` is the paragraph of the ``outlet`` side.
    Columns: `SCHEMA`; ``similarity`` is the Jaccard index in [threshold, 1], unrounded.
    Sorted by ``outlet, article_id, paragraph, other_outlet, other_article_id,
    other_paragraph``.
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    if paragraphs.height == 0:
        return pl.DataFrame(schema=SCHEMA)
    meta = paragraphs.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("pid"),
        pl.col("outlet").cast(pl.String),
        pl.col("article_id").cast(pl.String),
        pl.col("paragraph").cast(pl.Int32),
        pl.col("text").cast(pl.String),
    )
    sets = shingles(paragraphs, k=k, min_words=min_words)
    if sets.height == 0:
        return pl.DataFrame(schema=SCHEMA)
    sizes = sets.group_by("pid").agg(pl.len().cast(pl.Int64).alias("size"))
    candidates = _candidates(sets, sizes, meta.select("pid", "outlet"), threshold=threshold)
    if candidates.height == 0:
        return pl.DataFrame(schema=SCHEMA)
    pairs = _similar_pairs(candidates, sets, sizes, threshold=threshold)
    both = pl.concat(
        [
            pairs,
            pairs.select(pl.col("pid_b").alias("pid"), pl.col("pid").alias("pid_b"), "similarity"),
        ]
    )
    other = meta.select(
        pl.col("pid").alias("pid_b"),
        pl.col("outlet").alias("other_outlet"),
        pl.col("article_id").alias("other_article_id"),
        pl.col("paragraph").alias("other_paragraph"),
    )
    return (
        both.join(meta, on="pid")
        .join(other, on="pid_b")
        .select(list(SCHEMA))
        .sort(list(SCHEMA)[:6])
    )


def _candidates(
    sets: pl.DataFrame, sizes: pl.DataFrame, outlets: pl.DataFrame, *, threshold: float
) -> pl.DataFrame:
    """``pid, pid_b`` (pid < pid_b, different outlets) sharing a shingle of their
    prefixes: every pair that can reach `threshold`, by prefix filtering."""
    frequency = sets.group_by("h").agg(pl.len().alias("df"))
    prefix_length = pl.col("size") - (pl.col("size") * threshold - _EPS).ceil().cast(pl.Int64) + 1
    prefixes = (
        sets.join(frequency, on="h")
        .join(sizes, on="pid")
        .sort("pid", "df", "h")
        .with_columns(pl.int_range(pl.len()).over("pid").alias("rank"))
        .filter(pl.col("rank") < prefix_length)
        .join(outlets, on="pid")
        .select("pid", "h", "outlet")
    )
    return (
        prefixes.join(prefixes, on="h", suffix="_b")
        .filter((pl.col("pid") < pl.col("pid_b")) & (pl.col("outlet") != pl.col("outlet_b")))
        .select("pid", "pid_b")
        .unique()
    )


def _similar_pairs(
    candidates: pl.DataFrame, sets: pl.DataFrame, sizes: pl.DataFrame, *, threshold: float
) -> pl.DataFrame:
    """``pid, pid_b, similarity`` of the `candidates` whose full shingle sets have a
    Jaccard index of at least `threshold`."""
    overlap = (
        candidates.join(sets, on="pid")
        .join(sets.rename({"pid": "pid_b"}), on=["pid_b", "h"])
        .group_by("pid", "pid_b")
        .agg(pl.len().cast(pl.Int64).alias("overlap"))
    )
    return (
        overlap.join(sizes, on="pid")
        .join(sizes.rename({"pid": "pid_b", "size": "size_b"}), on="pid_b")
        .with_columns(
            (pl.col("overlap") / (pl.col("size") + pl.col("size_b") - pl.col("overlap"))).alias(
                "similarity"
            )
        )
        .filter(pl.col("similarity") >= threshold - _EPS)
        .select("pid", "pid_b", "similarity")
    )
