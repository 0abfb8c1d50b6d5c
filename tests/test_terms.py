"""`terms` family: Monroe et al. (2008) log-odds, n-gram counting, ranking, edge cases."""

from __future__ import annotations

import math
import time

import polars as pl
import pytest

from framing.config import Study
from framing.corpus import batch_from_texts
from framing.features import Context
from framing.features.terms import (
    FAMILY,
    TERMS_SCHEMA,
    TermsOptions,
    distinguishing_terms,
    log_odds,
    term_counts,
)


def terms(texts: list[tuple[str, str, str]], **options) -> pl.DataFrame:
    study = Study.model_validate(
        {"study": {"name": "t"}, "outlets": [{"id": "a", "name": "A", "files": ["x"]}]}
    )
    batch = batch_from_texts(texts, headline=options.pop("headline", "none"))
    ctx = Context(study=study, options=TermsOptions(**options))
    return FAMILY.corpus_tables(FAMILY.extract(batch, ctx), batch, ctx)["terms"]


def test_hand_computed_log_odds_two_outlets() -> None:
    counts = term_counts(
        batch_from_texts(
            [("a", "1", "The cat sat. The cat, the dog."), ("b", "2", "The dog sat. The dog ran.")]
        )
    )
    # Unigrams: a = {the 3, cat 2, dog 1, sat 1} (n_a = 7); b = {the 2, dog 2, sat 1,
    # ran 1} (n_b = 6); N = 13. With α0 = 10, "cat" (y_w = 2): α = 10·2/13 = 1.538462.
    # a: (2 + 1.538462) / (7 + 10 − 2 − 1.538462) = 3.538462/13.461538 = 0.262857
    # b: (0 + 1.538462) / (6 + 10 − 0 − 1.538462) = 1.538462/14.461538 = 0.106383
    # δ = ln 0.262857 − ln 0.106383 = −1.336138 − (−2.240710) = 0.904565
    # σ² = 1/3.538462 + 1/1.538462 = 0.282609 + 0.65 = 0.932609; z = 0.904565/0.965717 = 0.936678
    scored = log_odds(counts, prior=10.0)
    cat = scored.filter(pl.col("outlet") == "a", pl.col("term") == "cat").row(0, named=True)
    assert (cat["count"], cat["count_others"], cat["n"]) == (2, 0, 1)
    assert cat["log_odds"] == pytest.approx(0.904565, abs=1e-6)
    assert cat["z_score"] == pytest.approx(0.936678, abs=1e-6)
    # Two outlets: b's log-odds for a shared term is exactly minus a's.
    sat = scored.filter(pl.col("term") == "sat").sort("outlet")["log_odds"].to_list()
    assert sat[0] == pytest.approx(-sat[1])
    # "the cat" / "the dog" are bigrams; "cat the" is not (a comma sits between).
    bigrams = set(counts.filter(pl.col("n") == 2)["term"])
    assert bigrams == {"the cat", "cat sat", "the dog", "dog sat", "dog ran"}


def test_term_used_only_by_one_outlet_ranks_first() -> None:
    shared = "Officials met again today. Officials met again today."
    table = terms(
        [
            ("a", "1", shared + " Zebras zebras zebras."),
            ("b", "2", shared),
            ("c", "3", shared),
        ]
    )
    top = table.filter(pl.col("outlet") == "a", pl.col("n") == 1, pl.col("rank") == 1).row(
        0, named=True
    )
    assert top["term"] == "zebras" and top["count"] == 3 and top["count_others"] == 0
    assert top["z_score"] > 0 and top["log_odds"] > 0
    a_bigrams = table.filter(pl.col("outlet") == "a", pl.col("n") == 2, pl.col("rank") == 1)
    assert a_bigrams["term"].to_list() == ["zebras zebras"]


def test_symmetric_corpus_gives_zero() -> None:
    text = "Seoul warned Moscow. Moscow replied to Seoul."
    table = terms([("a", "1", text), ("b", "2", text)])
    assert table.height > 0
    assert table["log_odds"].abs().max() < 1e-12
    assert table["z_score"].abs().max() < 1e-12


def test_whole_words_lowercase_and_no_crossing() -> None:
    counts = term_counts(batch_from_texts([("a", "1", "Cat cats catalogue CAT. Dog, dog 5 dogs.")]))
    got = {(r["n"], r["term"]): r["count"] for r in counts.iter_rows(named=True)}
    assert got[(1, "cat")] == 2 and got[(1, "cats")] == 1 and got[(1, "catalogue")] == 1
    assert got[(1, "5")] == 1  # numbers are tokens
    assert (2, "cat dog") not in got  # no bigram across sentences
    assert (2, "dog dog") not in got  # nor across punctuation
    assert got[(2, "dog 5")] == 1 and got[(2, "5 dogs")] == 1


def test_headlines_excluded_by_default() -> None:
    texts = [
        ("a", "1", "Zebra headline\n\nBody text here."),
        ("b", "2", "Other headline\n\nBody text."),
    ]
    assert "zebra" not in terms(texts, headline="first_line")["term"].to_list()
    assert "zebra" in terms(texts, headline="first_line", headlines=True)["term"].to_list()


def test_top_k_min_count_sorting_and_schema() -> None:
    table = terms(
        [("a", "1", "one two two three three three. four five six."), ("b", "2", "seven eight.")],
        top_k=2,
        min_count=2,
        bigrams=False,
    )
    assert dict(table.schema) == TERMS_SCHEMA
    a = table.filter(pl.col("outlet") == "a")
    assert set(a["term"]) == {"two", "three"} and sorted(a["rank"]) == [1, 2]
    assert table.filter(pl.col("outlet") == "b").height == 0  # b has no term used twice
    assert table.select("outlet", "term").rows() == sorted(table.select("outlet", "term").rows())


@pytest.mark.parametrize(
    "texts",
    [
        [],
        [("a", "1", "Only one outlet here.")],
        [("a", "1", "...!"), ("b", "2", "?")],
        [("a", "1", "😀"), ("b", "2", "word")],
    ],
)
def test_degenerate_inputs_give_empty_or_defined_tables(texts) -> None:
    table = terms(texts)
    assert dict(table.schema) == TERMS_SCHEMA
    assert table.height == 0 or table.height == 1


def test_single_word_vocabulary_gives_nan_not_inf() -> None:
    # Every unigram is "x": the odds of x against "all other words" are undefined.
    scored = log_odds(
        term_counts(batch_from_texts([("a", "1", "x x"), ("b", "2", "x")])), prior=10.0
    )
    unigram = scored.filter(pl.col("n") == 1)
    assert all(math.isnan(v) for v in unigram["log_odds"])


def test_hundreds_of_outlets() -> None:
    def word(i: int) -> str:  # 7 -> "aah": a word of letters only
        return "".join(chr(ord("a") + int(d)) for d in f"{i:03d}")

    texts = [
        (
            f"o{i:03d}",
            "1",
            f"Common words are shared. Ex{word(i)} says un{word(i)} things about it.",
        )
        for i in range(300)
    ]
    start = time.perf_counter()
    table = terms(texts, top_k=5)
    assert time.perf_counter() - start < 10
    assert table["outlet"].n_unique() == 300
    first = table.filter(pl.col("rank") == 1, pl.col("n") == 1)
    assert first.height == 300
    # Each outlet's own two unique words tie for the top; alphabetical order breaks it.
    assert first.filter(pl.col("outlet") == "o007")["term"].to_list() == ["exaah"]


def test_distinguishing_terms_on_empty_counts() -> None:
    empty = pl.DataFrame(
        schema={"outlet": pl.String, "n": pl.Int8, "term": pl.String, "count": pl.Int64}
    )
    assert distinguishing_terms(empty, prior=1000.0, top_k=5).height == 0
