"""Wire copy: paragraphs that different outlets share (near-)verbatim.

Agency copy (Reuters, AP, Yonhap...) republished by several outlets makes them look
alike in every feature; `shared_passages` flags those paragraphs so agreement in
shared copy is not read as editorial agreement.

Method (docs/actors.md, "Shared passages"): each paragraph becomes the set of its word
``k``-grams ("shingles", Broder 1997), words lowercased (``\\w+`` runs, inner
apostrophes kept); paragraphs with fewer than ``min_words`` words are skipped (too
short to call copy). Two paragraphs of *different outlets* are shared when the Jaccard
similarity of their shingle sets, ``|A ∩ B| / |A ∪ B|``, is at least ``threshold``.

Scaling, in two steps so that no step holds the corpus's text:

1. `passage_signatures` (per chunk, `passage_lsh`): one compact row per paragraph —
   shingle-set size, a fingerprint of the whole set and MinHash/LSH band keys.
2. `shared_passages_from` (once, over every chunk's rows): paragraphs with identical
   sets (equal fingerprint and size) form one *class*, so verbatim copy carried by
   hundreds of outlets costs one class, not a quadratic number of candidates. Classes
   sharing a band key are candidates; their representatives' text is read back
   (`texts.scan("paragraphs")`, only those rows) and each candidate verified exactly on
   the full shingle sets. A pair at exactly the threshold shares no band with
   probability ``(1 − t^rows)^bands`` ≤ 10⁻⁴ (`passage_lsh.band_plan`; t = 0.5:
   33 bands × 2 rows, 7.5·10⁻⁵). A band bucket of more than `BUCKET_CAP` classes
   (boilerplate, or a very common shingle winning the minimum) is not paired
   blindly: its classes go to exact prefix filtering (Chaudhuri, Ganti & Kaushik 2006;
   Bayardo, Ma & Srikant 2007) among themselves, which finds every pair of them at the
   threshold (no loss) while joining on rare shingles only, so candidates stay
   proportional to the real near-duplicates. Verified class pairs are expanded to
   their paragraphs of different outlets.

Words here are not the shared tokenisation's (`framing.corpus.tokens`), on purpose:
shingles run over a paragraph's raw text (``Batch.tokens`` is per sentence and keeps
punctuation as tokens), and the split is blind to punctuation inside words, so
re-punctuated copy still matches ("Ho-jin" and "Ho jin", "1,000" and "1 000" give
the same words; the shared tokens keep "Ho-jin" and "1,000" whole). The shared
tokens would give other shingles, hence other similarities in shared_passages.csv.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from framing.corpus.texts import ScanTexts, read_rows
from framing.features.actors.passage_lsh import (
    band_columns,
    passage_signatures,
    shingles,
    signature_schema,
)

if TYPE_CHECKING:
    from framing.features.base import Texts

__all__ = [
    "SCHEMA",
    "passage_signatures",
    "shared_passages",
    "shared_passages_from",
    "shingles",
]

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
KEY = ["outlet", "article_id", "paragraph"]
# Guards the float comparison J >= threshold against representation error (21/31 etc.).
_EPS = 1e-12
# Classes in one band bucket beyond which the bucket is not paired all-against-all
# (≤ 125,000 candidate pairs from one bucket) but handed to exact prefix filtering.
BUCKET_CAP = 500
# Candidate pairs verified at once: each pair gathers both shingle lists (~2 × 50 × 8
# bytes), so a block stays near 100 MB whatever the number of candidates.
VERIFY_BLOCK = 100_000
# Paragraphs shingled at once when reading back: the words and k-gram strings of a
# block take ~100 MB for 20,000 paragraphs (about a chunk's worth); the whole read-back
# at once would take ~8 kB per paragraph.
SHINGLE_BLOCK = 20_000


def shared_passages(
    paragraphs: pl.DataFrame,
    *,
    threshold: float = 0.5,
    k: int = 5,
    min_words: int = 10,
) -> pl.DataFrame:
    """Pairs of paragraphs from different outlets with shingle Jaccard ≥ `threshold`.

    `paragraphs` needs ``outlet, article_id, paragraph, text`` (e.g. `Batch.paragraphs`),
    unique on ``outlet, article_id, paragraph``. Each pair is listed twice, once from
    each side, so filtering on ``outlet`` shows an outlet's every shared paragraph;
    ``text`` is the paragraph of the ``outlet`` side. Columns: `SCHEMA`; ``similarity``
    is the Jaccard index in [threshold, 1], unrounded. Sorted by ``outlet, article_id,
    paragraph, other_outlet, other_article_id, other_paragraph``. In memory: the same
    as `passage_signatures` on the whole frame, then `shared_passages_from`.
    """
    signatures = passage_signatures(paragraphs, k=k, min_words=min_words, threshold=threshold)
    return shared_passages_from(
        signatures,
        ScanTexts({"paragraphs": paragraphs.lazy()}),
        threshold=threshold,
        k=k,
        min_words=min_words,
    )


def shared_passages_from(
    source: pl.DataFrame | pl.LazyFrame,
    texts: Texts,
    *,
    threshold: float,
    k: int,
    min_words: int,
) -> pl.DataFrame:
    """`shared_passages`' table from the concatenated `passage_signatures` of every chunk
    (any order: the result depends on the rows' content only) and `texts` to read the
    candidates' paragraphs back; `threshold`, `k` and `min_words` must be the ones the
    signatures were made with. `source` may be a lazy scan (signatures spilled to disk):
    it is then read a few columns at a time (`Signatures`)."""
    schema = signature_schema(threshold)
    signatures = Signatures(source)
    if signatures.columns != list(schema):
        raise ValueError(
            f"signatures have columns {signatures.columns}, expected {list(schema)}: "
            "make them with passage_signatures at the same threshold"
        )
    if signatures.select(KEY).select(pl.struct(KEY).is_duplicated().any()).item():
        raise ValueError("signatures list a paragraph twice: was a chunk merged twice?")
    if signatures.height == 0:
        return pl.DataFrame(schema=SCHEMA)
    members, classes = _classes(signatures)
    candidates, crowded = _lsh_candidates(classes, signatures, threshold=threshold)
    wanted = pl.concat([candidates["cls"], candidates["cls_b"], crowded]).unique().to_frame()
    sets = _class_shingles(
        classes.join(wanted, on="cls", how="semi"), signatures, texts, k=k, min_words=min_words
    )
    prefix_pairs = _prefix_candidates(
        sets.join(crowded.to_frame(), on="cls", how="semi"),
        classes.select("cls", "omin", "omax"),
        threshold=threshold,
    )
    pairs = _verify(pl.concat([candidates, prefix_pairs]).unique(), sets, threshold=threshold)
    return _paragraph_pairs(pairs, members, classes, signatures, texts)


class Signatures:
    """Every chunk's signatures, read a few columns at a time: at 100,000 articles they
    take ~250 MB whole, one band column ~6 MB. Row ``pid`` is the row's position in
    `source` (a fixed list of files or a frame), the same at every read."""

    def __init__(self, source: pl.DataFrame | pl.LazyFrame) -> None:
        self.source = source.lazy()
        self.columns = self.source.collect_schema().names()
        self.height = self.source.select(pl.len()).collect().item()

    def select(self, *columns: str | list[str]) -> pl.DataFrame:
        return self.source.select(*columns).collect()

    def __getitem__(self, column: str) -> pl.Series:
        return self.select(column).to_series()

    def gather(self, columns: list[str], pids: pl.Series) -> pl.DataFrame:
        """The rows at `pids` (in that order) of `columns`."""
        return self.select(columns).select(pl.all().gather(pids))


def _classes(signatures: Signatures) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``members`` (pid = row in `signatures`, outlet code ``oc``, class ``cls``) and
    ``classes`` (cls, rep = a member's pid, size, omin/omax = its members' lowest and
    highest outlet code): one row per distinct shingle set. Members of a class have the
    same set (equal 64-bit fingerprint; a collision is negligible), hence the same
    band keys, read at ``rep``. Which member represents a class, and the class
    numbers, follow the row order, but nothing in the result depends on them."""
    members = signatures.select("outlet", "fingerprint").select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("pid"),
        (pl.col("outlet").rank("dense") - 1).cast(pl.UInt32).alias("oc"),
        (pl.col("fingerprint").rank("dense") - 1).cast(pl.UInt32).alias("cls"),
    )
    classes = (
        members.group_by("cls")
        .agg(
            pl.col("pid").min().alias("rep"),
            pl.col("oc").min().alias("omin"),
            pl.col("oc").max().alias("omax"),
        )
        .sort("cls")
    )
    size = signatures["size"].gather(classes["rep"])
    return members, classes.insert_column(2, size)


def _cross_outlet(suffix: str = "_b") -> pl.Expr:
    """Two classes hold paragraphs of two different outlets unless both hold one and
    the same outlet only."""
    lo, hi = pl.col("omin"), pl.col("omax")
    lo_b, hi_b = pl.col(f"omin{suffix}"), pl.col(f"omax{suffix}")
    return (lo != hi) | (lo_b != hi_b) | (lo != lo_b)


def _size_compatible(threshold: float) -> pl.Expr:
    """J(A, B) ≤ min(|A|, |B|) / max(|A|, |B|): pairs too unequal in size cannot reach
    the threshold (exact pruning, no loss)."""
    small = pl.min_horizontal("size", "size_b").cast(pl.Float64)
    large = pl.max_horizontal("size", "size_b").cast(pl.Float64)
    return small >= (threshold - _EPS) * large


def _lsh_candidates(
    classes: pl.DataFrame, signatures: Signatures, *, threshold: float
) -> tuple[pl.DataFrame, pl.Series]:
    """``cls, cls_b`` (cls < cls_b) sharing a band key, in buckets of at most
    `BUCKET_CAP` classes, possibly of different outlets and compatible in size; and the
    classes of the larger buckets (``crowded``), left to exact prefix filtering."""
    found = pl.DataFrame(schema={"cls": pl.UInt32, "cls_b": pl.UInt32})
    crowded = []
    for band in band_columns(threshold):
        # Most keys are unique: drop them first, so the group-by and joins run on the
        # few classes that share a key.
        column = classes.with_columns(signatures[band].gather(classes["rep"]).alias("key")).filter(
            pl.col("key").is_duplicated()
        )
        buckets = (
            column.group_by("key")
            .agg(pl.len().alias("n"), pl.col("omin").min(), pl.col("omax").max())
            .filter(pl.col("omin") < pl.col("omax"))
        )
        small = buckets.filter(pl.col("n") <= BUCKET_CAP).select("key")
        large = buckets.filter(pl.col("n") > BUCKET_CAP).select("key")
        crowded.append(column.join(large, on="key", how="semi")["cls"])
        in_small = column.join(small, on="key", how="semi")
        pairs = (
            in_small.join(in_small, on="key", suffix="_b")
            .filter(
                (pl.col("cls") < pl.col("cls_b")) & _cross_outlet() & _size_compatible(threshold)
            )
            .select("cls", "cls_b")
        )
        # The same pair agrees on several bands: deduplicate as we go to bound memory.
        found = pl.concat([found, pairs]).unique()
    return found, pl.concat(crowded).unique()


def _class_shingles(
    wanted: pl.DataFrame, signatures: Signatures, texts: Texts, *, k: int, min_words: int
) -> pl.DataFrame:
    """``cls, size, h`` (the shingle hashes, a list) of the `wanted` classes, from their
    representative paragraph's text read back from `texts` (only those rows)."""
    reps = pl.concat(
        [wanted.select("cls", "size"), signatures.gather(KEY, wanted["rep"])],
        how="horizontal",
    )
    read = _read_texts(texts, reps.select(KEY)).join(reps, on=KEY)
    sets = pl.concat(
        [
            pl.DataFrame(schema={"cls": pl.UInt32, "size": pl.UInt32, "h": pl.List(pl.UInt64)}),
            *(
                _shingle_lists(read.slice(start, SHINGLE_BLOCK), k=k, min_words=min_words)
                for start in range(0, read.height, SHINGLE_BLOCK)
            ),
        ]
    )
    if sets.height != reps.height or (sets["h"].list.len() != sets["size"]).any():
        raise ValueError(
            "the texts do not hold the paragraphs the signatures were made from "
            "(or k/min_words differ): a shingle set read back has another size"
        )
    return sets


def _shingle_lists(read: pl.DataFrame, *, k: int, min_words: int) -> pl.DataFrame:
    rows = read.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("pid"), "cls", "size")
    lists = shingles(read, k=k, min_words=min_words).group_by("pid").agg(pl.col("h"))
    return rows.join(lists, on="pid").select("cls", "size", "h")


def _read_texts(texts: Texts, keys: pl.DataFrame) -> pl.DataFrame:
    """``outlet, article_id, paragraph, text`` of the paragraphs in `keys` only
    (`framing.corpus.texts.read_rows`: the other paragraphs' text is never loaded)."""
    scan = texts.scan("paragraphs").select(
        pl.col(name).cast(dtype) for name, dtype in SCHEMA.items() if name in (*KEY, "text")
    )
    if keys.height == 0:
        return scan.head(0).collect()
    return read_rows(scan, keys.select(pl.col(c).cast(SCHEMA[c]) for c in KEY), KEY)


def _paragraph_pairs(
    pairs: pl.DataFrame,
    members: pl.DataFrame,
    classes: pl.DataFrame,
    signatures: Signatures,
    texts: Texts,
) -> pl.DataFrame:
    """`SCHEMA` rows: every verified class pair (both directions) and every class of
    identical sets (Jaccard 1) expanded to its paragraphs of different outlets. Through
    (class, outlet) pairs first, so one outlet's many copies of a set are never paired
    with each other only to be dropped."""
    similarity = pl.lit(1.0, dtype=pl.Float64).alias("similarity")
    class_pairs = pl.concat(
        [
            pairs,
            pairs.select(pl.col("cls_b").alias("cls"), pl.col("cls").alias("cls_b"), "similarity"),
            classes.filter(pl.col("omin") < pl.col("omax")).select(
                "cls", pl.col("cls").alias("cls_b"), similarity
            ),
        ]
    )
    outlets = members.select("cls", "oc").unique()
    side_b = {"cls": "cls_b", "oc": "oc_b", "pid": "pid_b"}
    found = (
        class_pairs.join(outlets, on="cls")
        .join(outlets.rename(side_b, strict=False), on="cls_b")
        .filter(pl.col("oc") != pl.col("oc_b"))
        .join(members, on=["cls", "oc"])
        .join(members.rename(side_b), on=["cls_b", "oc_b"])
    )
    keyed = pl.concat(
        [
            signatures.gather(KEY, found["pid"]),
            signatures.gather(KEY, found["pid_b"]).rename({c: f"other_{c}" for c in KEY}),
            found.select("similarity"),
        ],
        how="horizontal",
    )
    text = _read_texts(texts, keyed.select(KEY).unique())
    return keyed.join(text, on=KEY).select(list(SCHEMA)).sort(list(SCHEMA)[:6])


def _prefix_candidates(
    sets: pl.DataFrame, outlets: pl.DataFrame, *, threshold: float
) -> pl.DataFrame:
    """``cls, cls_b`` (cls < cls_b, possibly of different outlets) sharing a shingle of
    their prefixes: every pair among `sets` that can reach `threshold`. Shingles are
    ordered by rarity within `sets`; each set keeps its first ``|A| − ⌈t·|A|⌉ + 1``;
    two sets with Jaccard ≥ t must share one of them."""
    if sets.height == 0:
        return pl.DataFrame(schema={"cls": pl.UInt32, "cls_b": pl.UInt32})
    elements = sets.explode("h")
    frequency = elements.group_by("h").agg(pl.len().alias("df"))
    size = pl.col("size").cast(pl.Int64)
    prefix_length = size - (size * threshold - _EPS).ceil().cast(pl.Int64) + 1
    prefixes = (
        elements.join(frequency, on="h")
        .sort("cls", "df", "h")
        .with_columns(pl.int_range(pl.len()).over("cls").alias("rank"))
        .filter(pl.col("rank") < prefix_length)
        .join(outlets, on="cls")
        .select("cls", "h", "omin", "omax")
    )
    return (
        prefixes.join(prefixes, on="h", suffix="_b")
        .filter((pl.col("cls") < pl.col("cls_b")) & _cross_outlet())
        .select("cls", "cls_b")
        .unique()
    )


def _verify(candidates: pl.DataFrame, sets: pl.DataFrame, *, threshold: float) -> pl.DataFrame:
    """``cls, cls_b, similarity`` of the `candidates` whose full shingle sets have a
    Jaccard index of at least `threshold`, `VERIFY_BLOCK` pairs at a time (each pair
    gathers both its sets)."""
    other = sets.rename({"cls": "cls_b", "size": "size_b", "h": "h_b"})
    overlap = pl.col("h").list.set_intersection("h_b").list.len().cast(pl.Int64)
    size, size_b = pl.col("size").cast(pl.Int64), pl.col("size_b").cast(pl.Int64)
    verified = [
        candidates.slice(start, VERIFY_BLOCK)
        .join(sets, on="cls")
        .join(other, on="cls_b")
        .select("cls", "cls_b", (overlap / (size + size_b - overlap)).alias("similarity"))
        .filter(pl.col("similarity") >= threshold - _EPS)
        for start in range(0, candidates.height, VERIFY_BLOCK)
    ]
    schema = {"cls": pl.UInt32, "cls_b": pl.UInt32, "similarity": pl.Float64}
    return pl.concat([pl.DataFrame(schema=schema), *verified])
