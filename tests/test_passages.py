"""Shared passages (wire copy): shingle Jaccard between outlets' paragraphs."""

from __future__ import annotations

import itertools
import random

import polars as pl
import pytest

from framing.features.actors.passages import SCHEMA, shared_passages

BASE = " ".join(f"w{i}" for i in range(30))


def frame(rows: list[tuple[str, str, int, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "outlet": pl.String,
            "article_id": pl.String,
            "paragraph": pl.Int32,
            "text": pl.String,
        },
        orient="row",
    )


def test_one_word_change_is_flagged_both_ways() -> None:
    changed = BASE.replace("w15", "changed")
    result = shared_passages(
        frame([("a", "1", 1, BASE), ("b", "2", 3, changed), ("c", "3", 1, "w0 w1 w2")])
    )
    # 30 words → 26 five-word shingles each; "w15" sits in 5 shingles (starting at w11..w15),
    # so 21 are shared: J = 21 / (26 + 26 - 21) = 21/31.
    assert result.columns == list(SCHEMA)
    assert result.select("outlet", "paragraph", "other_outlet", "other_paragraph").rows() == [
        ("a", 1, "b", 3),
        ("b", 3, "a", 1),
    ]
    assert result["similarity"].to_list() == pytest.approx([21 / 31, 21 / 31], abs=1e-12)
    assert result["text"].to_list() == [BASE, changed]


def test_case_and_curly_apostrophes_do_not_matter() -> None:
    upper = BASE.upper().replace("W3", "Korea’s")
    lower = BASE.replace("w3", "korea's")
    result = shared_passages(frame([("a", "1", 1, upper), ("b", "2", 1, lower)]))
    assert result["similarity"].to_list() == [1.0, 1.0]


def test_same_outlet_short_and_dissimilar_paragraphs_are_not_flagged() -> None:
    short = "w0 w1 w2 w3 w4 w5 w6 w7 w8"  # 9 words < min_words = 10
    other = " ".join(f"x{i}" for i in range(30))
    rows = [
        ("a", "1", 1, BASE),
        ("a", "2", 1, BASE),
        ("b", "3", 1, other),
        ("b", "3", 2, short),
        ("c", "4", 1, short),
    ]
    assert shared_passages(frame(rows)).height == 0


def test_threshold_is_inclusive_and_validated() -> None:
    changed = BASE.replace("w15", "changed")
    rows = [("a", "1", 1, BASE), ("b", "2", 1, changed)]
    assert shared_passages(frame(rows), threshold=21 / 31).height == 2
    assert shared_passages(frame(rows), threshold=0.7).height == 0
    with pytest.raises(ValueError, match="threshold"):
        shared_passages(frame(rows), threshold=0)


def test_degenerate_inputs() -> None:
    empty = shared_passages(frame([]))
    assert empty.columns == list(SCHEMA) and empty.height == 0
    rows = [("a", "1", 1, ""), ("b", "1", 1, "123 🙂 ..."), ("c", "1", 1, "word " * 200_000)]
    # The one long paragraph has no partner in another outlet.
    assert shared_passages(frame(rows)).height == 0


def test_prefix_filter_finds_exactly_what_brute_force_finds() -> None:
    rng = random.Random(7)
    vocabulary = [f"v{i}" for i in range(12)]
    pieces = [[rng.choice(vocabulary) for _ in range(rng.randint(8, 25))] for _ in range(6)]
    rows = []
    for n in range(40):
        words = list(rng.choice(pieces))
        for _ in range(rng.randint(0, 4)):
            words[rng.randrange(len(words))] = rng.choice(vocabulary)
        rows.append((f"o{n % 5}", f"a{n}", 1, " ".join(words)))
    got = shared_passages(frame(rows), threshold=0.4, k=3, min_words=5)

    def grams(text: str) -> set[tuple[str, ...]]:
        w = text.split()
        return {tuple(w[i : i + 3]) for i in range(len(w) - 2)} if len(w) >= 5 else set()

    expected = []
    for a, b in itertools.permutations(rows, 2):
        ga, gb = grams(a[3]), grams(b[3])
        if a[0] != b[0] and ga and gb and len(ga & gb) / len(ga | gb) >= 0.4:
            expected.append((a[0], a[1], b[0], b[1], len(ga & gb) / len(ga | gb)))
    assert len(expected) > 20  # the corpus does contain shared passages
    pairs = got.select(
        "outlet", "article_id", "other_outlet", "other_article_id", "similarity"
    ).rows()
    got_sorted, expected_sorted = sorted(pairs), sorted(expected)
    assert [p[:4] for p in got_sorted] == [e[:4] for e in expected_sorted]
    assert [p[4] for p in got_sorted] == pytest.approx([e[4] for e in expected_sorted], abs=1e-12)
