"""Hypothesis properties: arbitrary Unicode through loading, segmentation and every family.

For any text — quote marks of every kind, newlines, emoji, right-to-left script,
combining marks, very long words, digits — `build_batch` and every registered
family's `extract` (and `summarise`) never crash, never warn, finish within a
per-example deadline, and keep every declared feature column finite and inside
its `Column.range`. NaN (or null) is allowed where the input gives the measure
nothing to divide by (an article without body words, a sentence without words),
or where the column's definition says when it is NaN.
"""

from __future__ import annotations

import math
import re
import warnings
from datetime import timedelta

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.config import Study
from framing.corpus import KEY, Batch, RawArticle, build_batch
from framing.features import FAMILIES, Column, Extracted
from framing.pipeline.plan import family_context, selected_families
from framing.pipeline.work import extract_chunk

PIECES = [
    # quote marks, balanced or not, and their ASCII stand-ins
    '"', "“", "”", "‘", "’", "'", "''", "«", "»", "„", "‹", "›", "`",
    # sentence and paragraph structure
    ".", "!", "?", "…", "...", ",", ";", ":", " - ", " — ", "\n", "\n\n", "\r\n", "\t", " ",
    "\u00a0", "\u2028", "\u200b",
    # words the families react to: actors, reporting verbs, negations, frames
    "Seoul", "Moscow", "South Korea", "Putin", "said", "told", "according to", "warned",
    "not", "very", "good", "bad", "war", "sanctions", "Mr.", "U.S.", "Dr.", "Photo:",
    # emoji (with modifiers and ZWJ), RTL, combining marks, CJK, digits
    "😀", "👍🏽", "👩‍👩‍👧", "🇰🇷", "سيول", "מוסקבה", "\u200f", "\u202e", "e\u0301", "Z\u0336\u0334",
    "\u0301", "首尔", "서울", "0", "42", "3.14", "1,000", "-7", "2024-06-19",
]  # fmt: skip
TEXT = st.lists(
    st.one_of(
        st.sampled_from(PIECES),
        st.characters(exclude_categories=("Cs",)),
        st.text(st.characters(exclude_categories=("Cs",)), max_size=8),
        st.integers(1, 400).map(lambda n: "w" * n),  # a very long "word"
    ),
    max_size=60,
).map("".join)
TITLE = st.one_of(st.none(), TEXT.map(lambda t: t[:80]))

STUDY = Study.model_validate(
    {
        "study": {"name": "props", "seed": 1},
        "outlets": [{"id": o, "name": o, "files": ["x"]} for o in ("a", "b")],
        "actors": [
            {"id": "seoul", "label": "South Korea", "aliases": ["Seoul", "South Korea", "서울"]},
            {"id": "russia", "label": "Russia", "aliases": ["Moscow", "Putin", "Russia"]},
        ],
        "features": {"topic_words": ["war"]},
    }
)
FAMILY_NAMES = [f.name for f in selected_families(STUDY)]
# Words a definition uses when a column may be NaN or null for some input.
MAY_BE_MISSING = re.compile(r"\b(NaN|null|undefined)\b", re.IGNORECASE)
# NaN without the definition saying so is accepted where the denominator is empty: an
# article with no body word tokens (a headline alone, only numbers or emoji), or a
# sentence without word tokens.


def test_every_family_is_exercised() -> None:
    assert set(FAMILY_NAMES) == set(FAMILIES)


@pytest.fixture(scope="module", autouse=True)
def _warm_up() -> None:
    """Build analysers, lexicons and dictionaries once, outside the deadlines."""
    batch = build_batch([RawArticle("a", "1", "a/1", "Seoul said it was good. Moscow.")])[0]
    extract_chunk(batch, STUDY, FAMILY_NAMES)


@settings(
    max_examples=100,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    texts=st.lists(st.tuples(TEXT, TITLE), min_size=1, max_size=3),
    clean=st.booleans(),
    headline=st.sampled_from(["auto", "first_line", "none"]),
)
def test_loading_and_segmentation_never_crash(
    texts: list[tuple[str, str | None]], clean: bool, headline: str
) -> None:
    raw = [
        RawArticle("ab"[i % 2], f"id{i}", f"src{i}", text, title=title)
        for i, (text, title) in enumerate(texts)
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        batch, cleaning, skipped = build_batch(raw, clean=clean, headline=headline)
    assert batch.articles.height + len(skipped) == len(raw)
    assert batch.articles["content_hash"].str.len_chars().to_list() == [64] * len(batch)
    for frame in (batch.paragraphs, batch.sentences):
        assert frame["text"].null_count() == 0
        assert all(t and t == t.strip() for t in frame["text"])
        # each article's rows are contiguous, in article order
        runs = frame.select(pl.col("article_id").rle_id()).to_series().n_unique()
        assert runs == frame["article_id"].n_unique()
    body = batch.sentences.filter(~pl.col("is_headline"))
    for _, rows in body.group_by("article_id", maintain_order=True):
        assert rows["sentence"].to_list() == list(range(1, rows.height + 1))
    assert (cleaning["count"] > 0).all()


def _wordless(batch: Batch) -> dict[str, pl.Series]:
    """Per article (no body word tokens) and per sentence (no word tokens): empty input."""
    words = batch.tokens.filter(pl.col("kind") == "word").group_by("sentence_row").len("words")
    sentences = (
        batch.sentences.with_row_index("sentence_row")
        .join(words, on="sentence_row", how="left", maintain_order="left")
        .with_columns(pl.col("words").fill_null(0))
    )
    body = sentences.filter(~pl.col("is_headline")).group_by(KEY).agg(pl.col("words").sum())
    articles = batch.articles.select(KEY).join(body, on=KEY, how="left", maintain_order="left")
    return {
        "article": articles["words"].fill_null(0) == 0,
        "sentence": sentences["words"] == 0,
    }


def _check_range(column: Column, values: pl.Series, empty: pl.Series) -> None:
    if values.dtype == pl.Boolean or not values.dtype.is_numeric():
        return
    floats = values.cast(pl.Float64)
    missing = floats.is_null() | floats.is_nan().fill_null(False)
    unexplained = missing & ~empty
    if unexplained.any():
        assert MAY_BE_MISSING.search(column.definition), (
            f"{column.name}: NaN or null on input with words, and its definition does not say when"
        )
    low, high = column.range
    for value in floats.filter(~missing):
        assert math.isfinite(value), (column.name, value)
        assert low is None or value >= low - 1e-9, (column.name, value, column.range)
        assert high is None or value <= high + 1e-9, (column.name, value, column.range)


@settings(
    max_examples=60,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(texts=st.lists(TEXT, min_size=1, max_size=3), headline=st.booleans())
def test_every_family_is_safe_and_in_range(texts: list[str], headline: bool) -> None:
    raw = [RawArticle("ab"[i % 2], f"id{i}", f"src{i}", t) for i, t in enumerate(texts)]
    batch = build_batch(raw, clean=True, headline="first_line" if headline else "none")[0]
    if batch.articles.height == 0:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        extracted = extract_chunk(batch, STUDY, FAMILY_NAMES)
        for name in FAMILY_NAMES:
            family = FAMILIES[name]
            if family.summarise is not None:
                family.corpus_tables(
                    extracted[name], batch, family_context(STUDY, family, extracted)
                )
    empty = _wordless(batch)
    for name in FAMILY_NAMES:
        family, result = FAMILIES[name], extracted[name]
        assert isinstance(result, Extracted)
        for column in family.columns:
            frame = result.articles if column.level == "article" else result.sentences
            assert column.name in frame.columns, column.name
            _check_range(column, frame[column.name], empty[column.level])
