"""The shared tokenisation (`framing.corpus.tokens`)."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.corpus.tokens import TOKEN_SCHEMA, tokenize_sentences


def tokens_of(*texts: str | None) -> pl.DataFrame:
    return tokenize_sentences(pl.DataFrame({"text": list(texts)}, schema={"text": pl.String}))


def test_tokens_kinds_and_lower() -> None:
    out = tokens_of("U.S. said “it’s absurd” and Korea’s 3.5% rose, 1,000 times.")
    assert out["token"].to_list() == [
        "U.S.", "said", "“", "it’s", "absurd", "”", "and", "Korea’s", "3.5%", "rose", ",",
        "1,000", "times", ".",
    ]  # fmt: skip
    assert out["kind"].to_list() == [
        "word", "word", "punct", "word", "word", "punct", "word", "word", "number", "word",
        "punct", "number", "word", "punct",
    ]  # fmt: skip
    # ’ maps to ' in `lower`, so curly and straight apostrophes compare equal.
    assert out["lower"][3] == "it's"
    assert out["lower"][7] == "korea's"
    assert out["position"].to_list() == list(range(14))


def test_alphanumeric_words_and_glued_numbers() -> None:
    out = tokens_of(
        "The G7 sent F-16s and COVID-19 aid: 5bn, the 20th in the 1990s, a 10-year-old plan"
    )
    pairs = [(t, k) for t, k in out.select("token", "kind").rows() if k != "punct"]
    assert ("G7", "word") in pairs
    assert ("F-16s", "word") in pairs
    assert ("COVID-19", "word") in pairs
    assert ("5bn", "number") in pairs
    assert ("20th", "number") in pairs
    assert ("1990s", "number") in pairs
    assert ("10-year-old", "number") in pairs


def test_quote_marks_are_single_punct_tokens() -> None:
    out = tokens_of("''hi'' ``yo'' \"x\" ‘y’ dogs' bone")
    assert out["token"].to_list() == [
        "'", "'", "hi", "'", "'", "`", "`", "yo", "'", "'", '"', "x", '"', "‘", "y", "’",
        "dogs", "'", "bone",
    ]  # fmt: skip


def test_rows_point_to_sentences_and_degenerate_input() -> None:
    out = tokens_of("One two.", "", None, "😀 ok", "123 456")
    assert out["sentence_row"].to_list() == [0, 0, 0, 3, 3, 4, 4]
    assert out.filter(pl.col("sentence_row") == 3)["kind"].to_list() == ["punct", "word"]
    assert out.filter(pl.col("sentence_row") == 4)["kind"].to_list() == ["number", "number"]
    empty = tokenize_sentences(pl.DataFrame(schema={"text": pl.String}))
    assert empty.height == 0
    assert dict(empty.schema) == TOKEN_SCHEMA
    assert dict(out.schema) == TOKEN_SCHEMA


def test_positions_restart_in_every_sentence() -> None:
    out = tokens_of("One two.", "", None, "Three", "Four five six")
    assert out.select("sentence_row", "position").rows() == [
        (0, 0), (0, 1), (0, 2), (3, 0), (4, 0), (4, 1), (4, 2),
    ]  # fmt: skip


def _kinds_by_regex(tokens: pl.Series) -> list[str]:
    """``kind`` by its definition: a token starting with ``\\d``, ``\\w`` or neither."""
    token = pl.col("token")
    return (
        tokens.alias("token")
        .to_frame()
        .select(
            pl.when(token.str.contains(r"^\d"))
            .then(pl.lit("number"))
            .when(token.str.contains(r"^\w"))
            .then(pl.lit("word"))
            .otherwise(pl.lit("punct"))
        )
        .to_series()
        .to_list()
    )


def test_first_byte_table_agrees_with_the_regexes() -> None:
    from framing.corpus.tokens import _KIND_OF_FIRST_BYTE, KINDS

    ascii_starts = pl.Series([chr(b) + "x" for b in range(1, 0x80)])
    assert [KINDS[_KIND_OF_FIRST_BYTE[b]] for b in range(1, 0x80)] == _kinds_by_regex(ascii_starts)
    assert set(_KIND_OF_FIRST_BYTE[0x80:]) == {3}  # left to the regexes


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.one_of(
                st.sampled_from(list("aZ1٣²_ .,’'“-ΣİǅK😀\u0301\u200d")),
                # No lone surrogates: decoded UTF-8 never holds one (polars refuses them).
                st.characters(exclude_categories=("Cs",)),
            ),
            max_size=30,
        ),
        max_size=6,
    )
)
def test_kind_and_lower_follow_their_definitions(texts: list[str]) -> None:
    out = tokens_of(*texts)
    assert out["kind"].to_list() == _kinds_by_regex(out["token"])
    expected = out.select(
        pl.col("token").str.to_lowercase().str.replace_all("’", "'", literal=True)
    ).to_series()
    assert out["lower"].to_list() == expected.to_list()
