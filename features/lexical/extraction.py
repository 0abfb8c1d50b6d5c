"""The `lexical` family's extraction: per-token flags summed per sentence, then per article.

Every token of the shared tokenisation is flagged once (`_token_flags`: word, letter
word, letters, long word, number, person deixis, inside quotes), and the flags and the
lexicon hits are summed per sentence; article columns sum the body sentences' counts
(integers, so the totals, hit counts included, are exact) and add the diversity
measures (`framing.features.lexical.diversity`). Quote state comes from
`framing.features.lexical.quoting`, lexicon hits from `framing.features.lexical.lexicon`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import polars as pl

from framing.features.base import Column, Context, Extracted
from framing.features.lexical.columns import COLUMNS, INT_COLUMNS, LONG_WORD
from framing.features.lexical.diversity import diversity
from framing.features.lexical.lexicon import (
    HITS_SCHEMA,
    hits_by_article,
    hits_per_sentence,
    match_lexicons,
)
from framing.features.lexical.options import study_lexicons
from framing.features.lexical.quoting import CLOSERS, quoted

if TYPE_CHECKING:
    import numpy as np

    from framing.corpus import Batch

__all__ = ["FIRST_PERSON", "SECOND_PERSON", "extract"]

FIRST_PERSON = (
    "i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves",
    "i'm", "i've", "i'd", "i'll", "we're", "we've", "we'd", "we'll", "let's",
)  # fmt: skip
SECOND_PERSON = (
    "you", "your", "yours", "yourself", "yourselves", "you're", "you've", "you'd", "you'll", "y'all",
)  # fmt: skip
NAN = float("nan")


def _ratio(numerator: pl.Expr, denominator: pl.Expr, scale: float = 1.0) -> pl.Expr:
    """``numerator × scale / denominator`` as Float64; NaN where the denominator is 0."""
    return (
        pl.when(denominator > 0)
        .then(numerator.cast(pl.Float64) * scale / denominator.cast(pl.Float64))
        .otherwise(NAN)
    )


def _empty_extracted(batch: Batch) -> Extracted:
    return Extracted(
        articles=pl.DataFrame(
            {c.name: pl.Series([], dtype=_dtype(c)) for c in COLUMNS if c.level == "article"}
        ),
        sentences=pl.DataFrame(
            {c.name: pl.Series([], dtype=_dtype(c)) for c in COLUMNS if c.level == "sentence"}
        ),
        tables={"lexicon_hits": pl.DataFrame(schema=HITS_SCHEMA)},
    )


def _dtype(column: Column) -> type[pl.DataType]:
    return pl.Int64 if column.name in INT_COLUMNS else pl.Float64


COUNTS = ("_words", "_letter_words", "_chars", "_long", "_num", "_p1", "_p2", "_q")


def _token_flags(tokens: pl.DataFrame, in_quotes: pl.Series) -> pl.DataFrame:
    """Per token of `tokens` (``token, lower, kind``): the 0/1 (or letter count)
    columns summed into `COUNTS`, in one pass; `in_quotes` is `quoted` of the tokens."""
    is_word = pl.col("kind") != "punct"
    letter_word = pl.col("kind") == "word"
    # Letters and digits ([^\W_]), counted as all characters minus the rest: the
    # complement class rarely matches, which the regex engine scans much faster.
    length = pl.col("token").str.len_chars() - pl.col("token").str.count_matches(r"[\W_]")
    # Eager selects do not share subexpressions: the letter count is a column first.
    return (
        tokens.lazy()
        .with_columns(pl.when(letter_word).then(length).otherwise(0).alias("_chars"))
        .select(
            is_word.alias("_words"),
            letter_word.alias("_letter_words"),
            "_chars",
            (pl.col("_chars") >= LONG_WORD).alias("_long"),
            (pl.col("kind") == "number").alias("_num"),
            (
                pl.col("lower").is_in(FIRST_PERSON)
                & ~((pl.col("lower") == "us") & (pl.col("token") == "US"))
            ).alias("_p1"),
            pl.col("lower").is_in(SECOND_PERSON).alias("_p2"),
            (pl.lit(in_quotes) & is_word).alias("_q"),
        )
        .collect()
    )


def _sums(index: np.ndarray, values: pl.DataFrame | dict[str, Any], n: int) -> dict[str, Any]:
    """Per column of `values`, its sums over the rows with each `index` 0 .. n-1
    (Int64 arrays; float sums of integers, exact far below 2**53)."""
    import numpy as np

    return {
        name: np.bincount(index, weights=np.asarray(column), minlength=n).astype(np.int64)
        for name, column in (
            values.to_dict() if isinstance(values, pl.DataFrame) else values
        ).items()
    }


def extract(batch: Batch, ctx: Context) -> Extracted:
    """Article- and sentence-level lexical columns and the ``lexicon_hits`` table.

    Token counts are summed per sentence once; article columns sum the body sentences'
    counts (integers, so the totals, hit counts included, are exact) and add the
    diversity measures of `framing.features.lexical.diversity`."""
    if batch.articles.height == 0:
        return _empty_extracted(batch)
    lexicons = study_lexicons(ctx.study, ctx.options)
    names = [lex.name for lex in lexicons]
    sentences = _sentence_frame(batch)
    tokens = batch.tokens
    # sentence_row is the row index of `sentences`, so gathers replace joins.
    row = tokens["sentence_row"].to_numpy()
    in_quotes = quoted(
        pl.DataFrame(
            {
                "_para": sentences["_para"].to_numpy()[row],
                "sentence_row": tokens["sentence_row"],
                "token": tokens["token"],
            }
        )
    )
    flags = _token_flags(tokens, in_quotes)
    matches = match_lexicons(tokens, lexicons)
    hits = hits_per_sentence(matches, batch.sentences.height, names)
    counts = _sums(row, flags, batch.sentences.height)
    return Extracted(
        articles=_article_columns(
            _article_table(batch, sentences, counts, hits, names, flags), names
        ),
        sentences=_sentence_columns(sentences, counts, hits, names),
        tables={
            "lexicon_hits": hits_by_article(matches, batch.sentences, keep=~pl.col("is_headline"))
        },
    )


def _sentence_frame(batch: Batch) -> pl.DataFrame:
    """Per sentence (in order): its article's row (``_article``), a paragraph id unique
    in the batch (``_para``), ``is_headline``, and whether it ends in ? or ! (before
    closing quotes or brackets), as 0.0/1.0."""
    articles = batch.articles.select("outlet", "article_id").with_row_index("_article")
    text = pl.col("text").fill_null("")
    return (
        batch.sentences.lazy()
        # m:1 fails loudly on a repeated (outlet, article_id): the sums below need
        # exactly one row per sentence.
        .join(
            articles.lazy(),
            on=["outlet", "article_id"],
            how="left",
            maintain_order="left",
            validate="m:1",
        )
        .select(
            "_article",
            (pl.col("_article").cast(pl.Int64) * 1_000_000 + pl.col("paragraph")).alias("_para"),
            "is_headline",
            text.str.contains(rf"\?[.?!…]*[\s{CLOSERS}]*$").cast(pl.Float64).alias("_question"),
            text.str.contains(rf"![.?!…]*[\s{CLOSERS}]*$").cast(pl.Float64).alias("_exclamation"),
        )
        .collect()
    )


def _hit_names(names: list[str]) -> list[str]:
    return [f"_hits_{n}" for n in names]


def _sentence_columns(
    sentences: pl.DataFrame, counts: dict[str, Any], hits: pl.DataFrame, names: list[str]
) -> pl.DataFrame:
    """The sentence-level columns, from the per-sentence `counts` (`_sums` of the token
    flags) and lexicon `hits`."""
    hit_names = _hit_names(names)
    sent = pl.DataFrame(
        {
            **counts,
            **{h: hits[n] for n, h in zip(names, hit_names, strict=True)},
            "_question": sentences["_question"],
            "_exclamation": sentences["_exclamation"],
        }
    )
    return sent.select(
        pl.col("_words").cast(pl.Int64).alias("lexical__words"),
        _ratio(pl.col("_chars"), pl.col("_letter_words")).alias("lexical__word_length"),
        pl.col("_long").cast(pl.Int64).alias("lexical__long_words"),
        pl.col("_num").cast(pl.Int64).alias("lexical__numbers"),
        pl.col("_question").alias("lexical__is_question"),
        pl.col("_exclamation").alias("lexical__is_exclamation"),
        _ratio(pl.col("_q"), pl.col("_words")).alias("lexical__quoted_share"),
        pl.col("_p1").cast(pl.Int64).alias("lexical__first_person"),
        pl.col("_p2").cast(pl.Int64).alias("lexical__second_person"),
        *[pl.col(h).alias(f"lexical__{n}_hits") for n, h in zip(names, hit_names, strict=True)],
    )


def _article_table(
    batch: Batch,
    sentences: pl.DataFrame,
    counts: dict[str, Any],
    hits: pl.DataFrame,
    names: list[str],
    flags: pl.DataFrame,
) -> pl.DataFrame:
    """Per article (in order): the body sentences' `counts` and `hits` summed, the body
    sentences, questions and exclamations, and the `diversity` measures of its body
    words (each prefixed ``_``)."""
    import numpy as np

    row = batch.tokens["sentence_row"].to_numpy()
    sentence_article = sentences["_article"].to_numpy()
    n_articles = batch.articles.height
    body = ~sentences["is_headline"].to_numpy()
    by_article = _sums(
        sentence_article[body],
        {
            **{c: v[body] for c, v in counts.items()},
            **{h: hits[n].to_numpy()[body] for n, h in zip(names, _hit_names(names), strict=True)},
            "_sentences": np.ones(int(body.sum())),
            "_questions": sentences["_question"].to_numpy()[body],
            "_exclamations": sentences["_exclamation"].to_numpy()[body],
        },
        n_articles,
    )
    words = flags["_words"].to_numpy() & body[row]
    measures = diversity(
        pl.DataFrame(
            {"_article": sentence_article[row[words]], "lower": batch.tokens["lower"].filter(words)}
        ),
        n_articles,
    )
    return pl.DataFrame({**by_article, **{f"_{name}": values for name, values in measures.items()}})


def _article_columns(table: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    """The article-level columns, from `_article_table`."""
    w = pl.col("_words")
    return table.select(
        w.cast(pl.Int64).alias("lexical__tokens"),
        pl.col("_types").cast(pl.Int64).alias("lexical__types"),
        _ratio(pl.col("_types"), w).alias("lexical__ttr"),
        pl.col("_mtld").alias("lexical__mtld"),
        pl.col("_mattr").alias("lexical__mattr"),
        pl.col("_hdd").alias("lexical__hdd"),
        _ratio(pl.col("_chars"), pl.col("_letter_words")).alias("lexical__mean_word_length"),
        _ratio(pl.col("_long"), pl.col("_letter_words")).alias("lexical__long_word_share"),
        _ratio(pl.col("_num"), w, 100).alias("lexical__numbers_rate"),
        _ratio(pl.col("_questions"), pl.col("_sentences")).alias("lexical__question_rate"),
        _ratio(pl.col("_exclamations"), pl.col("_sentences")).alias("lexical__exclamation_rate"),
        _ratio(pl.col("_q"), w).alias("lexical__quote_density"),
        _ratio(pl.col("_p1"), w, 100).alias("lexical__first_person_rate"),
        _ratio(pl.col("_p2"), w, 100).alias("lexical__second_person_rate"),
        *[
            _ratio(pl.col(h), w, 100).alias(f"lexical__{n}_rate")
            for n, h in zip(names, _hit_names(names), strict=True)
        ],
    )
