"""`terms` feature family: each outlet's distinguishing words and bigrams.

For every outlet against all other outlets pooled, the weighted log-odds ratio with
an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' words",
Political Analysis 16(4): 372-403, section 3.5). Unigrams and bigrams are two
separate vocabularies (each its own multinomial, with its own totals and prior).

Tokens are the word and number tokens of the shared tokenisation (`framing.corpus.tokens`),
lowercased: whole words only, nothing stemmed, no stop list. A bigram is two
consecutive tokens of one sentence with no punctuation token between them. Body
sentences only, unless ``headlines = true``.

The method needs corpus-wide counts. They stream (issue 16): `partial` counts each
chunk's terms per outlet from its shared tokenisation (`Batch.tokens`), `merge` adds
the counts, `summarise` scores the merged counts; `extract` returns nothing per
article. The merged counts grow with the vocabulary (Heaps' law), not with the text:
sizes measured in docs/terms.md. Formulas: `log_odds` and docs/terms.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from framing.features.base import (
    Context,
    Extracted,
    Family,
    HeldSpill,
    Spilled,
    stack_frames,
)
from framing.features.terms_report import SECTION
from framing.outputs.tables import TableSpec

if TYPE_CHECKING:
    from framing.corpus import Batch

TERMS_SCHEMA = {
    "outlet": pl.String,
    "term": pl.String,
    "count": pl.Int64,
    "log_odds": pl.Float64,
    "z_score": pl.Float64,
    "n": pl.Int8,
    "count_others": pl.Int64,
    "rank": pl.Int64,
}


class TermsOptions(BaseModel):
    """`[features.terms]`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    top_k: int = Field(
        50, ge=1, description="Terms kept per outlet and n-gram order (highest z-score first)."
    )
    min_count: int = Field(
        1, ge=1, description="Keep a term for an outlet only if it uses it this often."
    )
    prior: float = Field(
        1000.0,
        gt=0,
        description="α0, total pseudo-count of the informative Dirichlet prior (spread as the corpus).",
    )
    bigrams: bool = Field(True, description="Also rank bigrams (scored separately from unigrams).")
    headlines: bool = Field(False, description="Count headline tokens too (default: body only).")


COUNT_SCHEMA = {"outlet": pl.String, "n": pl.Int8, "term": pl.String, "count": pl.Int64}
COUNT_KEYS = ("outlet", "n", "term")


def term_counts(batch: Batch, *, bigrams: bool = True, headlines: bool = False) -> pl.DataFrame:
    """Per outlet: ``outlet, n, term, count`` for unigrams (n = 1) and bigrams (n = 2),
    sorted by outlet, n and term (`chunk_counts`, sorted)."""
    return chunk_counts(batch, bigrams=bigrams, headlines=headlines).sort(COUNT_KEYS)


def chunk_counts(batch: Batch, *, bigrams: bool = True, headlines: bool = False) -> pl.DataFrame:
    """`term_counts` in no particular row order.

    One pass over the shared tokenisation: punctuation tokens stay in the stream while
    bigrams are formed (so ``a, b`` gives no bigram ``a b``) and are dropped after.
    """
    tokens = batch.tokens
    if tokens.height == 0:
        return pl.DataFrame(schema=COUNT_SCHEMA)
    sentence_outlet = batch.sentences.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("sentence_row"), "outlet", "is_headline"
    )
    stream = tokens.join(sentence_outlet, on="sentence_row", how="left", maintain_order="left")
    if not headlines:
        stream = stream.filter(~pl.col("is_headline"))
    is_word = pl.col("kind") != "punct"
    unigrams = stream.filter(is_word).select(
        "outlet", pl.lit(1, pl.Int8).alias("n"), pl.col("lower").alias("term")
    )
    parts = [unigrams]
    if bigrams:
        # Tokens of a sentence are contiguous and in order in `Batch.tokens`; the
        # shifted columns are taken before filtering, on the full token stream.
        parts.append(
            stream.with_columns(
                pl.col("lower").shift(-1).alias("_next"),
                pl.col("kind").shift(-1).alias("_next_kind"),
                pl.col("sentence_row").shift(-1).alias("_next_sentence"),
            )
            .filter(
                is_word
                & (pl.col("_next_sentence") == pl.col("sentence_row"))
                & (pl.col("_next_kind") != "punct")
            )
            .select(
                "outlet",
                pl.lit(2, pl.Int8).alias("n"),
                pl.concat_str(pl.col("lower"), pl.lit(" "), pl.col("_next")).alias("term"),
            )
        )
    return pl.concat(parts).group_by(COUNT_KEYS).agg(pl.len().cast(pl.Int64).alias("count"))


def log_odds(
    counts: pl.DataFrame, *, prior: float, totals: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Monroe et al. (2008) weighted log-odds of every (outlet, term) vs all other outlets.

    `counts` holds ``outlet, n, term, count``. Within each n-gram order n, with
    y_w = corpus count of term w, N = Σ_w y_w, and the informative Dirichlet prior
    α_w = α0 · y_w / N (so Σ_w α_w = α0 = `prior`); for outlet i with count y_iw and
    total n_i, and the other outlets pooled (y_jw = y_w − y_iw, n_j = N − n_i)::

        δ_w   = log[(y_iw + α_w) / (n_i + α0 − y_iw − α_w)]
              − log[(y_jw + α_w) / (n_j + α0 − y_jw − α_w)]
        σ²_w ≈ 1 / (y_iw + α_w) + 1 / (y_jw + α_w)
        z_w   = δ_w / σ_w

    Returns ``outlet, n, term, count, count_others, log_odds, z_score``. A log-odds
    whose odds are undefined (a term that is the whole vocabulary) is NaN. `totals`
    (``outlet, n, count``: every term's count summed per outlet and order) defaults to
    those of `counts`; given, `counts` may hold only some terms (every outlet's row of
    each), as `summarise` scores the corpus's terms a bucket at a time.
    """
    totals_term = counts.group_by("n", "term").agg(pl.col("count").sum().alias("y_w"))
    if totals is None:
        totals = counts.group_by("outlet", "n").agg(pl.col("count").sum())
    totals_n = totals.group_by("n").agg(pl.col("count").sum().alias("big_n"))
    totals_outlet = totals.select("outlet", "n", pl.col("count").alias("n_i"))
    y_i = pl.col("count").cast(pl.Float64)
    y_j = pl.col("count_others").cast(pl.Float64)
    alpha = pl.col("alpha")
    rest_i = pl.col("n_i") + prior - y_i - alpha
    rest_j = pl.col("n_j") + prior - y_j - alpha
    delta = ((y_i + alpha) / rest_i).log() - ((y_j + alpha) / rest_j).log()
    variance = 1.0 / (y_i + alpha) + 1.0 / (y_j + alpha)
    return (
        counts.join(totals_term, on=["n", "term"])
        .join(totals_n, on="n")
        .join(totals_outlet, on=["outlet", "n"])
        .with_columns(
            (pl.col("y_w") - pl.col("count")).alias("count_others"),
            (pl.col("big_n") - pl.col("n_i")).cast(pl.Float64).alias("n_j"),
            (prior * pl.col("y_w") / pl.col("big_n")).alias("alpha"),
        )
        .with_columns(
            pl.when((rest_i > 0) & (rest_j > 0))
            .then(delta)
            .otherwise(float("nan"))
            .alias("log_odds")
        )
        .with_columns((pl.col("log_odds") / variance.sqrt()).alias("z_score"))
        .select("outlet", "n", "term", "count", "count_others", "log_odds", "z_score")
    )


def distinguishing_terms(
    counts: pl.DataFrame | Iterable[pl.DataFrame],
    *,
    prior: float,
    top_k: int,
    min_count: int = 1,
    totals: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """terms.csv: per outlet and n-gram order, the `top_k` terms with the highest z-score
    among those the outlet uses at least `min_count` times; ``rank`` 1 = highest z
    (ties: alphabetical). Empty with fewer than two outlets (no "others").

    `counts` is one frame, or frames holding disjoint sets of terms (each term with all
    its outlets' rows) scored one at a time against the corpus `totals` (`log_odds`):
    each frame's top `top_k` per outlet and order are kept, then ranked together,
    which is the same ranking as over one frame."""
    frames = [counts] if isinstance(counts, pl.DataFrame) else counts
    if totals is None:
        whole = frames[0] if isinstance(frames, list) else pl.concat(list(frames))
        frames = [whole]
        totals = whole.group_by("outlet", "n").agg(pl.col("count").sum())
    if totals.height == 0 or totals["outlet"].n_unique() < 2:
        return pl.DataFrame(schema=TERMS_SCHEMA)
    best = [
        _ranked(log_odds(f, prior=prior, totals=totals).filter(pl.col("count") >= min_count), top_k)
        for f in frames
        if f.height
    ]
    if not best:
        return pl.DataFrame(schema=TERMS_SCHEMA)
    ranked = _ranked(pl.concat(best).drop("rank"), top_k)
    return ranked.select(list(TERMS_SCHEMA)).cast(TERMS_SCHEMA).sort("outlet", "term")


def _ranked(scored: pl.DataFrame, top_k: int) -> pl.DataFrame:
    """The `top_k` rows per outlet and n by z-score (NaN last, ties by term), ranked."""
    return (
        scored.with_columns(pl.col("z_score").fill_nan(None).alias("_z"))
        .sort(
            ["outlet", "n", "_z", "term"], descending=[False, False, True, False], nulls_last=True
        )
        .with_columns((pl.int_range(pl.len()).over("outlet", "n") + 1).cast(pl.Int64).alias("rank"))
        .filter(pl.col("rank") <= top_k)
        .drop("_z")
    )


def extract(batch: Batch, ctx: Context) -> Extracted:
    """Nothing per article: the log-odds need the whole corpus (see `summarise`)."""
    return Extracted()


def partial(extracted: Extracted, batch: Batch, ctx: Context) -> dict[str, pl.DataFrame]:
    """``term_counts``: the chunk's counts per outlet × n × term (`chunk_counts`; the
    run spills them: they grow with the vocabulary); ``term_totals``: their sums per
    outlet × n."""
    options: TermsOptions = ctx.options
    counts = chunk_counts(batch, bigrams=options.bigrams, headlines=options.headlines)
    return {
        "term_counts": counts,
        "term_totals": counts.group_by("outlet", "n").agg(pl.col("count").sum()),
    }


def merge(name: str, frames: list[pl.DataFrame]) -> pl.DataFrame:
    """Chunks' counts added per outlet × n × term (or per outlet × n for the totals):
    commutative, associative; rows in no particular order (`summarise` sorts). Frames
    are stacked by column name: a merged frame's columns come in another order than a
    chunk's, and the run merges the two together."""
    stacked = stack_frames(frames, how="diagonal_relaxed")
    if stacked.width == 0:
        return stacked
    if name == "term_totals":
        return stacked.group_by("outlet", "n").agg(pl.col("count").sum())
    # ``_bucket`` (the term's hash: where a spilled row goes) is computed here, in the
    # process that merges and spills, never on a worker whose polars might hash
    # differently: every row of a term must land in one bucket.
    merged = stacked.group_by(COUNT_KEYS).agg(pl.col("count").sum())
    return merged.with_columns(pl.col("term").hash(seed=0).alias("_bucket"))


def summarise(partials: dict[str, Any], ctx: Context) -> dict[str, pl.DataFrame]:
    """``terms``: `distinguishing_terms` of the merged counts, scored a bucket of terms
    at a time against the corpus totals. Every total is an integer sum and the ranking
    breaks ties by term, so neither the row order nor the bucketing changes a value."""
    options: TermsOptions = ctx.options
    totals = partials.get("term_totals")
    spilled: Spilled | pl.DataFrame | None = partials.get("term_counts")
    if totals is None or totals.width == 0 or spilled is None:
        return {"terms": pl.DataFrame(schema=TERMS_SCHEMA)}
    if isinstance(spilled, pl.DataFrame):  # merged in memory, e.g. called directly
        spilled = HeldSpill(spilled)
    buckets = (
        merge("term_counts", [bucket.collect()]).drop("_bucket") for bucket in spilled.buckets()
    )
    table = distinguishing_terms(
        buckets, prior=options.prior, top_k=options.top_k, min_count=options.min_count,
        totals=merge("term_totals", [totals]),
    )  # fmt: skip
    return {"terms": table}


FAMILY = Family(
    name="terms",
    version="1",
    description=(
        "Distinguishing terms: for each outlet against all others, the weighted log-odds "
        "ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008) of every "
        "unigram and bigram; writes terms.csv (no per-article columns). See docs/terms.md."
    ),
    columns=(),
    extract=extract,
    partial=partial,
    merge=merge,
    summarise=summarise,
    spill=("term_counts",),
    options=TermsOptions,
    tables=(TableSpec("terms", ("outlet", "term"), text=("outlet", "term")),),
    report=SECTION,
)
