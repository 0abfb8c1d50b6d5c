"""Frozen copies of the corpus-wide summaries as they were before issue 16 (whole corpus
in one process): the reference `tests/test_summaries_streaming.py` compares the
streaming `partial` / `merge` / `summarise` functions against. Do not update them to
follow the code: they are what "unchanged tables" means."""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

from framing.corpus import Batch
from framing.features.attribution.sides import all_sides, balance_index, voice_sides
from framing.features.attribution.tables import ATTRIBUTION_SCHEMA, QUOTE_SCHEMA, TOP_VERBS
from framing.features.base import Context, Extracted
from framing.features.frames.articles import frame_counts
from framing.features.frames.lexicon import study_lexicon
from framing.features.terms import distinguishing_terms
from framing.outputs.tables import KEY
from framing.stats.resampling import Z_95, wilson_interval


def _share(part: float, whole: float) -> float:
    return part / whole if whole else math.nan


# ------------------------------------------------------------------ attribution


def attribution_summary(
    extracted: Extracted, corpus: Batch, ctx: Context
) -> dict[str, pl.DataFrame]:
    """`quotes` (sorted) and `attribution`: one row per outlet × side."""
    quotes = extracted.tables.get("quotes")
    if quotes is None or quotes.width == 0:
        quotes = pl.DataFrame(schema=QUOTE_SCHEMA)
    quotes = quotes.sort("outlet", "article_id", "paragraph", "index")
    first = pl.DataFrame(
        {
            "outlet": corpus.articles["outlet"],
            "first_side": extracted.articles["attribution__first_side"]
            if "attribution__first_side" in extracted.articles.columns
            else pl.Series([None] * corpus.articles.height, dtype=pl.String),
        }
    )
    sides = all_sides(ctx.study)
    voices = voice_sides(ctx.study)
    rows: list[dict] = []
    for outlet in sorted(corpus.articles["outlet"].unique().to_list()):
        totals = _OutletTotals.of(quotes.filter(pl.col("outlet") == outlet), voices)
        firsts = first.filter(pl.col("outlet") == outlet)["first_side"]
        rows.extend(_side_row(outlet, side, totals, firsts) for side in sides)
    attribution = pl.DataFrame(rows, schema=ATTRIBUTION_SCHEMA).sort("outlet", "side")
    return {"quotes": quotes, "attribution": attribution}


@dataclass(frozen=True)
class _OutletTotals:
    """One outlet's attributions and their totals over every side."""

    quotes: pl.DataFrame
    n_quotes: int
    n_words: int
    balance: float
    anonymous_share: float

    @classmethod
    def of(cls, mine: pl.DataFrame, voices: list[str]) -> _OutletTotals:
        n_quotes = mine.height
        counts = dict(mine.group_by("side").len().iter_rows()) if n_quotes else {}
        anonymous = (
            mine.filter(pl.col("anonymous") | (pl.col("side") == "anonymous")).height / n_quotes
            if n_quotes
            else math.nan
        )
        return cls(
            quotes=mine,
            n_quotes=n_quotes,
            n_words=int(mine["n_words"].sum()) if n_quotes else 0,
            balance=balance_index(counts, voices),
            anonymous_share=anonymous,
        )


def _side_row(outlet: str, side: str, totals: _OutletTotals, firsts: pl.Series) -> dict:
    """The `attribution` row of one outlet × side; `firsts` are the first sides of the
    outlet's articles."""
    s = totals.quotes.filter(pl.col("side") == side)
    q = s.height
    w = int(s["n_words"].sum()) if q else 0
    neutral = s.filter(pl.col("verb_class") == "neutral").height
    charged = s.filter(pl.col("verb_class") == "charged").height
    verbs = (
        s.filter(pl.col("verb_lemma") != "")
        .group_by("verb_lemma")
        .len()
        .sort(["len", "verb_lemma"], descending=[True, False])
    )
    n_articles = firsts.len()
    return {
        "outlet": outlet,
        "side": side,
        "quotes": q,
        "quoted_words": w,
        "share_quotes": _share(q, totals.n_quotes),
        "share_words": _share(w, totals.n_words),
        "direct_share": _share(s.filter(pl.col("kind") == "direct").height, q),
        "direct_words": int(s["n_quoted_words"].sum()) if q else 0,
        "n_quotes_outlet": totals.n_quotes,
        "n_words_outlet": totals.n_words,
        "n_articles": n_articles,
        "balance": totals.balance,
        "anonymous_share_outlet": totals.anonymous_share,
        "first_side_share": _share((firsts == side).sum(), n_articles),
        "neutral_verbs": neutral,
        "charged_verbs": charged,
        "charged_share": _share(charged, neutral + charged),
        "top_verbs": "; ".join(f"{v}:{n}" for v, n in verbs.head(TOP_VERBS).iter_rows()),
    }


# ----------------------------------------------------------------------- frames


def frames_summary(extracted: Extracted, corpus: Batch, ctx: Context) -> dict[str, pl.DataFrame]:
    """``frames``: per outlet and frame, sentences cueing it, share and 95% CI."""
    lexicon = study_lexicon(ctx.study, ctx.options)
    flag_columns = [f"frames__{f}" for f in lexicon.ids]
    body = (
        pl.concat(
            [corpus.sentences.select(*KEY, "is_headline"), extracted.sentences], how="horizontal"
        )
        if extracted.sentences.height == corpus.sentences.height and extracted.sentences.width
        else corpus.sentences.select(*KEY, "is_headline").with_columns(
            pl.lit(0, dtype=pl.Int8).alias(c) for c in flag_columns
        )
    ).filter(~pl.col("is_headline"))
    frames = pl.DataFrame({"frame": list(lexicon.ids)})
    # Every article × frame, so articles without body sentences still count (as n = 0).
    per_article = (
        corpus.articles.select(KEY)
        .join(frames, how="cross")
        .join(frame_counts(body, lexicon.ids), on=[*KEY, "frame"], how="left")
        .with_columns(pl.col("sentences", "n_sentences").fill_null(0))
    )
    table = outlet_frames(per_article, min_articles=ctx.study.stats.min_articles)
    order = {frame_id: i for i, frame_id in enumerate(lexicon.ids)}
    # Sorted by outlet, then frame in codebook order (the key columns).
    table = (
        table.with_columns(pl.col("frame").replace_strict(order, return_dtype=pl.Int32).alias("_o"))
        .sort("outlet", "_o")
        .drop("_o")
    )
    return {"frames": table}


def outlet_frames(per_article: pl.DataFrame, *, min_articles: int, z: float = Z_95) -> pl.DataFrame:
    """frames.csv from per-article counts ``outlet, article_id, frame, sentences, n_sentences``.

    Per outlet and frame: ``sentences`` = body sentences cueing the frame, ``share`` =
    sentences / n_sentences, and a 95% Wilson interval on the effective sample size
    ``n_sentences / design_effect``. The design effect corrects for sentences of one
    article being alike: with m ≥ `min_articles` articles, it is the ratio of the
    linearised (between-article) variance of the ratio estimator,
    ``m/(m-1) · Σ_a (y_a - p·n_a)² / N²``, to the simple-random-sampling variance
    ``p(1-p)/N``, floored at 1; with fewer articles, or p ∈ {0, 1}, it is 1.
    """
    grouped = per_article.group_by("outlet", "frame").agg(
        pl.col("sentences").sum().cast(pl.Int64),
        pl.col("n_sentences").sum().cast(pl.Int64),
        (pl.col("n_sentences") > 0).sum().cast(pl.Int64).alias("n_articles"),
    )
    share = pl.col("sentences") / pl.col("n_sentences")
    squares = (
        per_article.join(
            grouped.select("outlet", "frame", share.alias("p")), on=["outlet", "frame"]
        )
        .group_by("outlet", "frame")
        .agg(((pl.col("sentences") - pl.col("p") * pl.col("n_sentences")) ** 2).sum().alias("ss"))
    )
    m = pl.col("n_articles").cast(pl.Float64)
    n = pl.col("n_sentences").cast(pl.Float64)
    p = pl.col("share")
    deff = (
        pl.when((pl.col("n_articles") >= max(min_articles, 2)) & (p > 0) & (p < 1))
        .then(((m / (m - 1) * pl.col("ss") / (n * n)) / (p * (1 - p) / n)).clip(lower_bound=1.0))
        .otherwise(1.0)
    )
    table = (
        grouped.join(squares, on=["outlet", "frame"], how="left")
        .with_columns(
            pl.when(pl.col("n_sentences") > 0).then(share).otherwise(float("nan")).alias("share")
        )
        .with_columns(deff.alias("design_effect"))
    )
    low, high = wilson_interval(p, n / pl.col("design_effect"), z=z)
    return table.with_columns(low.alias("ci_low"), high.alias("ci_high")).select(
        "outlet", "frame", "sentences", "share", "ci_low", "ci_high", "n_sentences",
        "n_articles", "design_effect",
    )  # fmt: skip


# ------------------------------------------------------------------------ terms


def term_counts(batch: Batch, *, bigrams: bool = True, headlines: bool = False) -> pl.DataFrame:
    """Per outlet: ``outlet, n, term, count`` for unigrams (n = 1) and bigrams (n = 2).

    One pass over the shared tokenisation: punctuation tokens stay in the stream while
    bigrams are formed (so ``a, b`` gives no bigram ``a b``) and are dropped after.
    """
    schema = {"outlet": pl.String, "n": pl.Int8, "term": pl.String, "count": pl.Int64}
    tokens = batch.tokens
    if tokens.height == 0:
        return pl.DataFrame(schema=schema)
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
    return (
        pl.concat(parts)
        .group_by("outlet", "n", "term")
        .agg(pl.len().cast(pl.Int64).alias("count"))
        .sort("outlet", "n", "term")
    )


def terms_summary(extracted: Extracted, corpus: Batch, ctx: Context) -> dict[str, pl.DataFrame]:
    options = ctx.options
    counts = term_counts(corpus, bigrams=options.bigrams, headlines=options.headlines)
    table = distinguishing_terms(
        counts, prior=options.prior, top_k=options.top_k, min_count=options.min_count
    )
    return {"terms": table}
