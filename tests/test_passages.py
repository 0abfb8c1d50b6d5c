"""Shared passages (wire copy): shingle Jaccard between outlets' paragraphs."""

from __future__ import annotations

import itertools
import random
import sys
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from framing.corpus.texts import ScanTexts
from framing.features.actors import passages
from framing.features.actors.passage_lsh import MISS_PROBABILITY, band_plan, miss_probability
from framing.features.actors.passages import (
    SCHEMA,
    passage_signatures,
    shared_passages,
    shared_passages_from,
)

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


# --- Issue 16: MinHash/LSH signatures per chunk + exact verification, against the frozen
# exact method (tests/passages_reference.py).


def reference(paragraphs: pl.DataFrame, **options: float) -> pl.DataFrame:
    from tests.passages_reference import shared_passages as exact_shared_passages

    return exact_shared_passages(paragraphs, **options)  # type: ignore[arg-type]


def wire_corpus(seed: int, *, articles: int = 80, outlets: int = 5) -> pl.DataFrame:
    """Paragraphs of random words (400-word vocabulary, 8–60 words), 35% of them agency
    copy of an earlier paragraph with 0–5 random edits (substitution, deletion,
    insertion), so similarities spread around the default threshold; 5% a fixed
    boilerplate line, identical in every outlet (including several times in one)."""
    rng = random.Random(seed)
    vocabulary = [f"v{i}" for i in range(400)]
    boilerplate = [
        "follow",
        "us",
        "on",
        "every",
        "network",
        "for",
        "the",
        "latest",
        "news",
        "and",
        "read",
        "our",
        "terms",
    ]
    originals: list[list[str]] = []
    rows = []
    for article in range(articles):
        for paragraph in range(1, rng.randint(2, 7)):
            draw = rng.random()
            if originals and draw < 0.35:
                words = list(rng.choice(originals))
                for _ in range(rng.randint(0, 5)):
                    at = rng.randrange(len(words))
                    edit = rng.choice(("substitute", "delete", "insert"))
                    if edit == "substitute":
                        words[at] = rng.choice(vocabulary)
                    elif edit == "delete" and len(words) > 1:
                        del words[at]
                    else:
                        words.insert(at, rng.choice(vocabulary))
            elif draw < 0.40:
                words = boilerplate
            else:
                words = [rng.choice(vocabulary) for _ in range(rng.randint(8, 60))]
                originals.append(words)
            rows.append((f"o{article % outlets}", f"a{article}", paragraph, " ".join(words)))
    return frame(rows)


def chunked_signatures(paragraphs: pl.DataFrame, size: int, seed: int, **options) -> pl.DataFrame:
    """Signatures made per chunk of `size` articles, concatenated in shuffled order."""
    articles = paragraphs.select("outlet", "article_id").unique(maintain_order=True)
    chunks = [
        passage_signatures(
            paragraphs.join(articles.slice(i, size), on=["outlet", "article_id"]), **options
        )
        for i in range(0, articles.height, size)
    ]
    random.Random(seed).shuffle(chunks)
    return pl.concat(chunks)


def test_band_plan_meets_the_miss_bound() -> None:
    assert band_plan(0.5) == (33, 2)
    assert miss_probability(0.5) == pytest.approx(0.75**33)  # 7.5e-5
    for threshold in (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0):
        bands, rows = band_plan(threshold)
        assert miss_probability(threshold) <= MISS_PROBABILITY
        # Pairs above the threshold are missed even less often.
        assert miss_probability(threshold, min(1.0, threshold + 0.05)) <= miss_probability(
            threshold
        )
        assert rows == 1 or (bands <= 40 and bands * rows <= 80)


def test_example_study_finds_what_the_exact_method_finds() -> None:
    from framing.config import load_study
    from framing.corpus import list_inputs, segment_inputs
    from tests.conftest import EXAMPLE_CONFIG

    study = load_study(EXAMPLE_CONFIG)
    paragraphs = segment_inputs(list_inputs(study)[0], study)[0].paragraphs
    found = 0
    # The default flags nothing on the example (closest pair 0.25); lower thresholds do.
    for threshold in (0.5, 0.2, 0.1):
        got = shared_passages(paragraphs, threshold=threshold)
        assert_frame_equal(got, reference(paragraphs, threshold=threshold))
        found += got.height
    assert found > 0


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.7])
def test_wire_copy_near_the_threshold_over_many_seeds(threshold: float) -> None:
    exact_pairs = new_pairs = near = 0
    for seed in range(25):
        paragraphs = wire_corpus(seed)
        expected = reference(paragraphs, threshold=threshold)
        got = shared_passages(paragraphs, threshold=threshold)
        assert_frame_equal(got, expected)
        exact_pairs += expected.height // 2
        new_pairs += got.height // 2
        near += expected.filter(pl.col("similarity") < threshold + 0.1).height // 2
    # Printed with -s; the corpus does hold many pairs just above the threshold.
    print(f"threshold {threshold}: exact {exact_pairs} pairs, LSH {new_pairs}, near {near}")
    assert near > 100


@pytest.mark.parametrize("size", [1, 2, 3, 80])
def test_any_chunking_gives_the_same_signatures_and_passages(size: int) -> None:
    paragraphs = wire_corpus(3)
    options = {"k": 5, "min_words": 10, "threshold": 0.5}
    whole = passage_signatures(paragraphs, **options)
    merged = chunked_signatures(paragraphs, size, seed=size, **options)
    assert_frame_equal(
        merged.sort("outlet", "article_id", "paragraph"),
        whole.sort("outlet", "article_id", "paragraph"),
    )
    got = shared_passages_from(merged, ScanTexts({"paragraphs": paragraphs.lazy()}), **options)
    assert_frame_equal(got, reference(paragraphs, threshold=0.5))


def test_crowded_buckets_go_to_exact_prefix_filtering(monkeypatch: pytest.MonkeyPatch) -> None:
    # With a cap of 2 classes nearly every bucket is crowded: the exact pass must still
    # find every pair (and only those).
    monkeypatch.setattr(passages, "BUCKET_CAP", 2)
    monkeypatch.setattr(passages, "VERIFY_BLOCK", 7)
    for seed in range(5):
        paragraphs = wire_corpus(seed)
        assert_frame_equal(shared_passages(paragraphs), reference(paragraphs))


def test_identical_copies_form_one_class_and_pair_across_outlets_only() -> None:
    rows = [("a", "1", 1, BASE), ("a", "2", 1, BASE), ("b", "3", 1, BASE), ("c", "4", 2, BASE)]
    got = shared_passages(frame(rows))
    assert_frame_equal(got, reference(frame(rows)))
    # a's two copies pair with b and c (4 pairs) plus b–c: 5 pairs, 10 rows; never a–a.
    assert got.height == 10 and (got["outlet"] != got["other_outlet"]).all()


def test_signatures_are_compact_and_checked() -> None:
    paragraphs = wire_corpus(1)
    signatures = passage_signatures(paragraphs, k=5, min_words=10, threshold=0.5)
    assert signatures.columns[:5] == ["outlet", "article_id", "paragraph", "size", "fingerprint"]
    # 4 bytes per band key, 4 for size, 8 for the fingerprint, the key columns.
    assert signatures.estimated_size() / signatures.height < 200
    with pytest.raises(ValueError, match="same threshold"):
        shared_passages_from(
            signatures,
            ScanTexts({"paragraphs": paragraphs.lazy()}),
            threshold=0.7,
            k=5,
            min_words=10,
        )
    with pytest.raises(ValueError, match="twice"):
        shared_passages_from(
            pl.concat([signatures, signatures]),
            ScanTexts({"paragraphs": paragraphs.lazy()}),
            threshold=0.5,
            k=5,
            min_words=10,
        )
    other = paragraphs.with_columns(pl.col("text") + " extra words here")
    with pytest.raises(ValueError, match="texts do not hold"):
        shared_passages_from(
            signatures, ScanTexts({"paragraphs": other.lazy()}), threshold=0.5, k=5, min_words=10
        )


def earlier_cases() -> list[tuple[pl.DataFrame, dict[str, float]]]:
    """The inputs of the tests above (before issue 16), with their options."""
    changed = BASE.replace("w15", "changed")
    upper = BASE.upper().replace("W3", "Korea’s")
    rng = random.Random(7)
    vocabulary = [f"v{i}" for i in range(12)]
    pieces = [[rng.choice(vocabulary) for _ in range(rng.randint(8, 25))] for _ in range(6)]
    brute = []
    for n in range(40):
        words = list(rng.choice(pieces))
        for _ in range(rng.randint(0, 4)):
            words[rng.randrange(len(words))] = rng.choice(vocabulary)
        brute.append((f"o{n % 5}", f"a{n}", 1, " ".join(words)))
    short = "w0 w1 w2 w3 w4 w5 w6 w7 w8"
    other = " ".join(f"x{i}" for i in range(30))
    pair = [("a", "1", 1, BASE), ("b", "2", 1, changed)]
    return [
        (frame([("a", "1", 1, BASE), ("b", "2", 3, changed), ("c", "3", 1, "w0 w1 w2")]), {}),
        (frame([("a", "1", 1, upper), ("b", "2", 1, BASE.replace("w3", "korea's"))]), {}),
        (frame([("a", "1", 1, BASE), ("a", "2", 1, BASE), ("b", "3", 1, other)]), {}),
        (frame([("b", "3", 2, short), ("c", "4", 1, short)]), {}),
        (frame(pair), {"threshold": 21 / 31}),
        (frame(pair), {"threshold": 0.7}),
        (frame([]), {}),
        (
            frame([("a", "1", 1, ""), ("b", "1", 1, "123 🙂 ..."), ("c", "1", 1, "word " * 2000)]),
            {},
        ),
        (frame(brute), {"threshold": 0.4, "k": 3, "min_words": 5}),
    ]


def test_earlier_cases_equal_the_exact_method() -> None:
    for paragraphs, options in earlier_cases():
        assert_frame_equal(shared_passages(paragraphs, **options), reference(paragraphs, **options))


def test_benchmark_runs_and_both_methods_agree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import bench_passages

    monkeypatch.setattr(bench_passages, "DATA", tmp_path)
    assert bench_passages.main(["--articles", "150"]) == 0
    out = capsys.readouterr().out
    assert "33 bands × 2 rows" in out and "signature bytes each" in out
    assert "tables identical: True" in out
