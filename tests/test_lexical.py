"""`lexical` family and the shared lexicon matcher (`framing.features.lexical.lexicon`)."""

from __future__ import annotations

import math
import random
import re
import warnings
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from pydantic import ValidationError

from framing.config import Study
from framing.corpus import batch_from_texts
from framing.corpus.tokens import TOKEN_PATTERN, tokenize_sentences
from framing.features import Context, Extracted
from framing.features import lexical as lx
from framing.features.lexical import quoting
from framing.features.lexical.diversity import (
    MATTR_WINDOW,
    _hdd,
    _hdd_terms,
    diversity,
    mattr,
    mtld,
)
from framing.features.lexical.lexicon import (
    MATCH_SCHEMA,
    Lexicon,
    bundled_lexicon_paths,
    hits_by_article,
    lexicons_digest,
    load_lexicon,
    match_lexicons,
    parse_lexicon,
    read_header,
)
from framing.features.lexical.options import CODE_VERSION
from framing.features.lexical.quoting import CLOSE_DOUBLE, OPEN_DOUBLE

FAMILY = lx.FAMILY


def make_study(
    topic_words: tuple[str, ...] = (), lexical: dict[str, Any] | None = None, base: Path = Path(".")
) -> Study:
    features: dict[str, Any] = {"topic_words": list(topic_words)}
    if lexical is not None:
        features["lexical"] = lexical
    return Study.model_validate(
        {
            "study": {"name": "t"},
            "corpus": {"table": "x.csv"},
            "features": features,
            "base_dir": base,
        }
    )


def run(texts: list[tuple[str, str, str]], study: Study | None = None) -> Extracted:
    study = study or make_study()
    batch = batch_from_texts(texts)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return FAMILY.extract(
            batch, Context(study=study, options=study.features.options("lexical"))
        )


def article(out: Extracted, row: int = 0) -> dict[str, Any]:
    return out.articles.row(row, named=True)


# Three paragraphs, so each is one sentence whatever the sentence splitter does.
SMALL = "He said “we may perhaps win” today.\n\nIs it true?\n\nYou must go!"
# Words: he said we may perhaps win today (7) + is it true (3) + you must go (3) = 13.


# --- diversity measures by hand ------------------------------------------------------


def test_mtld_hand_values() -> None:
    # "a b c a d e": TTR never falls to 0.72 (lowest 3/4 at "a"); the leftover segment
    # has TTR 5/6, so factors = (1 - 5/6) / (1 - 0.72) = 0.595238; 6 / 0.595238 = 10.08,
    # the same backwards ("e d a c b a").
    assert mtld(list("abcade")) == pytest.approx(10.08)
    # "a a b c d e" forward: TTR 1/2 at the second "a" -> 1 factor; "b c d e" leftover
    # TTR 1 adds 0 -> 6 / 1 = 6. Backward "e d c b a a": TTR 5/6 at the end -> 10.08.
    # Bidirectional mean: (6 + 10.08) / 2 = 8.04.
    assert mtld(list("aabcde")) == pytest.approx(8.04)
    # No repeated word: no factor accrues -> undefined.
    assert math.isnan(mtld(list("abc")))
    assert math.isnan(mtld([]))


def mattr_naive(words: list[str], window: int) -> float:
    if len(words) < window:
        return float("nan")
    ttrs = [len(set(words[s : s + window])) / window for s in range(len(words) - window + 1)]
    return sum(ttrs) / len(ttrs)


def mattr_fast(words: list[str], window: int) -> float:
    return mattr(words, window=window)


def test_mattr_hand_value_and_naive_agreement() -> None:
    # "a b a c", window 3: windows "a b a" (2/3) and "b a c" (3/3) -> mean 5/6.
    assert mattr_fast(list("abac"), 3) == pytest.approx(5 / 6)
    # Shorter than the window -> NaN.
    assert math.isnan(mattr_fast(list("ab"), 3))
    rng = random.Random(7)
    for _ in range(20):
        words = [rng.choice("abcdefghij") for _ in range(rng.randint(1, 120))]
        for window in (1, 5, 50):
            expected = mattr_naive(words, window)
            got = mattr_fast(words, window)
            assert (math.isnan(expected) and math.isnan(got)) or got == pytest.approx(expected)


def mtld_by_definition(words: list[str], threshold: float = 0.72) -> float:
    # McCarthy & Jarvis (2010), step by step with a set of seen words.
    def factors(sequence: list[str]) -> float:
        total, seen, count = 0.0, set(), 0
        for word in sequence:
            count += 1
            seen.add(word)
            if len(seen) / count <= threshold:
                total, seen, count = total + 1.0, set(), 0
        if count:
            total += (1.0 - len(seen) / count) / (1.0 - threshold)
        return total

    values = []
    for sequence in (words, words[::-1]):
        f = factors(sequence)
        if f <= 0:
            return float("nan")
        values.append(len(sequence) / f)
    return sum(values) / 2


def hdd_by_definition(words: list[str], sample: int = 42) -> float:
    n = len(words)
    if n < sample:
        return float("nan")
    counts: dict[str, int] = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    return math.fsum(
        (1 - math.comb(n - f, sample) / math.comb(n, sample)) / sample for f in counts.values()
    )


def test_mtld_is_bit_identical_to_the_definition() -> None:
    rng = random.Random(11)
    for _ in range(200):
        vocabulary = "abcdefghijklmnopqrstuvwxyz"[: rng.randint(1, 26)]
        words = [rng.choice(vocabulary) for _ in range(rng.randint(0, 300))]
        expected, got = mtld_by_definition(words), mtld(words)
        assert (math.isnan(expected) and math.isnan(got)) or got == expected
    with pytest.raises(ValueError, match="threshold"):
        mtld(list("abc"), threshold=1.0)


def test_diversity_of_many_articles_at_once_matches_each_text_alone() -> None:
    # Articles of every size (none, under the HD-D sample, under the MATTR window,
    # long), sharing words, in one frame: no measure may leak between articles.
    rng = random.Random(5)
    texts = [
        [
            rng.choice("abcdefghijklmnopqrst")
            for _ in range(rng.choice([0, 1, 3, 41, 42, 49, 50, 51, 200]))
        ]
        for _ in range(40)
    ]
    frame = pl.DataFrame(
        {
            "_article": [a for a, words in enumerate(texts) for _ in words],
            "lower": [w for words in texts for w in words],
        },
        schema={"_article": pl.UInt32, "lower": pl.String},
    )
    out = diversity(frame, len(texts))
    for a, words in enumerate(texts):
        assert out["types"][a] == len(set(words))
        expected_mtld = mtld_by_definition(words)
        assert (math.isnan(expected_mtld) and math.isnan(out["mtld"][a])) or out["mtld"][
            a
        ] == expected_mtld
        for got, expected in (
            (out["mattr"][a], mattr_naive(words, MATTR_WINDOW)),
            (out["hdd"][a], hdd_by_definition(words)),
        ):
            assert (math.isnan(expected) and math.isnan(got)) or got == pytest.approx(expected)


def quoted_by_walking(batch: Any) -> list[float]:
    """quoted_share per sentence, by walking each paragraph's tokens (module docstring)."""
    sentences = batch.sentences.with_row_index("sentence_row")
    paragraph = {
        r["sentence_row"]: (r["outlet"], r["article_id"], r["paragraph"])
        for r in sentences.iter_rows(named=True)
    }
    tokens = batch.tokens.rows(named=True)
    quoted = [0] * sentences.height
    words = [0] * sentences.height
    current, double, single = None, 0, False
    for j, t in enumerate(tokens):
        row, tok = t["sentence_row"], t["token"]
        if paragraph[row] != current:
            current, double, single = paragraph[row], 0, False
        nxt = (
            tokens[j + 1]["token"]
            if j + 1 < len(tokens) and tokens[j + 1]["sentence_row"] == row
            else None
        )
        prv = tokens[j - 1]["token"] if j > 0 and tokens[j - 1]["sentence_row"] == row else None
        pair_first = tok == nxt and prv != tok
        if tok in OPEN_DOUBLE or (tok == "`" and pair_first):
            double = 1
        elif tok in CLOSE_DOUBLE:
            double = 0
        elif tok == '"' or (tok == "'" and pair_first):
            double ^= 1
        if tok == "‘":
            single = True
        elif tok == "’":
            single = False
        if t["kind"] != "punct":
            words[row] += 1
            quoted[row] += bool(double or single)
    return [q / w if w else float("nan") for q, w in zip(quoted, words, strict=True)]


def test_quote_state_matches_a_token_walk_on_random_texts() -> None:
    rng = random.Random(3)
    pieces = [
        '"',
        "“",
        "”",
        "‘",
        "’",
        "'",
        "''",
        "``",
        "`",
        "«",
        "»",
        "„",
        "a",
        "b c",
        ". ",
        "\n\n",
    ]
    texts = [
        ("o", str(i), " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 40))))
        for i in range(60)
    ]
    out = run(texts)
    expected = quoted_by_walking(batch_from_texts(texts))
    got = out.sentences["lexical__quoted_share"].to_list()
    assert len(got) == len(expected)
    for g, e in zip(got, expected, strict=True):
        assert (math.isnan(e) and math.isnan(g)) or g == pytest.approx(e)


NATO = "alpha bravo charlie delta echo foxtrot golf hotel india juliet"


def test_article_diversity_and_word_shape_on_a_cyclic_text() -> None:
    # Ten distinct words repeated six times: 60 words, 10 types.
    out = run([("o", "a", " ".join([NATO] * 6) + ".")])
    row = article(out)
    assert row["lexical__tokens"] == 60
    assert row["lexical__types"] == 10
    assert row["lexical__ttr"] == pytest.approx(10 / 60)
    # Every 50-word window holds all 10 types: MATTR = 10 / 50.
    assert row["lexical__mattr"] == pytest.approx(0.2)
    # MTLD: TTR 10/k first falls to <= 0.72 at k = 14, so each factor is 14 words:
    # 60 = 4 * 14 + 4, the 4 leftover words are all new (TTR 1, adds 0) -> 60 / 4 = 15,
    # and the same backwards.
    assert row["lexical__mtld"] == pytest.approx(15.0)
    # HD-D: each type has f = 6 of N = 60. P(absent from 42 draws) = C(54,42)/C(60,42)
    # = (18*17*16*15*14*13) / (60*59*58*57*56*55) = 13366080 / 36045979200;
    # HD-D = 10 * (1 - P0) / 42.
    p0 = 13366080 / 36045979200
    assert row["lexical__hdd"] == pytest.approx(10 * (1 - p0) / 42)
    # Letters: 5+5+7+5+4+7+4+5+5+6 = 53 per cycle -> 5.3; 7+ letters: charlie, foxtrot.
    assert row["lexical__mean_word_length"] == pytest.approx(5.3)
    assert row["lexical__long_word_share"] == pytest.approx(0.2)


def test_hdd_extremes() -> None:
    # 42 distinct words: every type is surely in a 42-word sample -> 42 * (1/42) = 1.
    words = " ".join(f"w{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(42))
    assert article(run([("o", "a", words)]))["lexical__hdd"] == pytest.approx(1.0)
    # One word 42 times: 1 type, always present -> 1/42.
    assert article(run([("o", "a", " ".join(["same"] * 42))]))["lexical__hdd"] == pytest.approx(
        1 / 42
    )
    # 41 words: shorter than the sample -> NaN (so is MATTR under 50).
    row = article(run([("o", "a", " ".join(["same"] * 41))]))
    assert math.isnan(row["lexical__hdd"])
    assert math.isnan(row["lexical__mattr"])


# --- rates by hand -----------------------------------------------------------------


def test_small_text_rates_by_hand() -> None:
    row = article(run([("o", "a", SMALL)]))
    assert row["lexical__tokens"] == 13
    assert row["lexical__question_rate"] == pytest.approx(1 / 3)  # "Is it true?"
    assert row["lexical__exclamation_rate"] == pytest.approx(1 / 3)  # "You must go!"
    # Inside “…”: we may perhaps win = 4 of 13 words.
    assert row["lexical__quote_density"] == pytest.approx(4 / 13)
    assert row["lexical__first_person_rate"] == pytest.approx(100 / 13)  # we
    assert row["lexical__second_person_rate"] == pytest.approx(100 / 13)  # you
    assert row["lexical__hedges_rate"] == pytest.approx(200 / 13)  # may, perhaps
    assert row["lexical__boosters_rate"] == pytest.approx(100 / 13)  # must
    assert row["lexical__report_verbs_rate"] == pytest.approx(100 / 13)  # said
    assert row["lexical__numbers_rate"] == 0
    assert row["lexical__loaded_language_rate"] == 0


def test_numbers_rate_and_us_is_not_first_person() -> None:
    # Words: US troops arrived 2024 with 3,000 men = 7; numbers 2024, 3,000 -> 2 * 100 / 7.
    # "US" (all caps) is the country, not "us".
    row = article(run([("o", "a", "US troops arrived 2024 with 3,000 men, and told us.")]))
    assert row["lexical__tokens"] == 10
    assert row["lexical__numbers_rate"] == pytest.approx(20.0)
    assert row["lexical__first_person_rate"] == pytest.approx(10.0)  # only the lowercase "us"


def test_quote_marks_straight_curly_pairs_and_paragraph_reset() -> None:
    texts = [
        # straight double quotes toggle: "b c" inside -> 2 of 4 words
        ("o", "1", 'a "b c" d'),
        # '' pairs toggle like ": "b" inside -> 1 of 3
        ("o", "2", "a ''b'' c"),
        # `` opens, '' closes: "b c" inside -> 2 of 3... words a b c d -> 2 of 4
        ("o", "3", "a ``b c'' d"),
        # single curly ‘…’; a possessive ’ outside a quote changes nothing: b -> 1 of 4
        ("o", "4", "a ‘b’ dogs’ e"),
        # unclosed “ runs to the paragraph's end only: b c (2) of a b c d e (5)
        ("o", "5", "a “b c\n\nd e"),
        # multi-paragraph quote: opening mark repeats, no closing mark until the last:
        # b c + d e = 4 of a b c d e f = 6
        ("o", "6", "a “b c\n\n“d e” f"),
    ]
    out = run(texts)
    assert out.articles["lexical__quote_density"].to_list() == pytest.approx(
        [2 / 4, 1 / 3, 2 / 4, 1 / 4, 2 / 5, 4 / 6]
    )


def test_sentence_level_columns() -> None:
    out = run([("o", "a", SMALL)])
    sentences = out.sentences
    assert sentences.height == 3
    assert sentences["lexical__words"].to_list() == [7, 3, 3]
    assert sentences["lexical__is_question"].to_list() == [0, 1, 0]
    assert sentences["lexical__is_exclamation"].to_list() == [0, 0, 1]
    assert sentences["lexical__quoted_share"].to_list() == pytest.approx([4 / 7, 0, 0])
    assert sentences["lexical__hedges_hits"].to_list() == [2, 0, 0]
    assert sentences["lexical__boosters_hits"].to_list() == [0, 0, 1]
    assert sentences["lexical__first_person"].to_list() == [1, 0, 0]
    assert sentences["lexical__second_person"].to_list() == [0, 0, 1]
    # he said we may perhaps win today: 2+4+2+3+7+3+5 = 26 letters / 7 words.
    assert sentences["lexical__word_length"][0] == pytest.approx(26 / 7)
    assert sentences["lexical__long_words"].to_list() == [1, 0, 0]  # perhaps


def test_question_mark_before_closing_quote() -> None:
    out = run([("o", "a", "He asked “why?”\n\nShe said “no!”\n\nFine.")])
    assert out.sentences["lexical__is_question"].to_list() == [1, 0, 0]
    assert out.sentences["lexical__is_exclamation"].to_list() == [0, 1, 0]


def test_headline_is_excluded_from_article_columns_but_has_sentence_values() -> None:
    from framing.corpus import RawArticle, build_batch

    raw = [RawArticle("o", "a", "x", "Absurd regime talks\n\nThey met today.")]
    batch = build_batch(raw, clean=False, headline="first_line")[0]
    study = make_study()
    out = FAMILY.extract(batch, Context(study=study, options=study.features.options("lexical")))
    row = article(out)
    assert row["lexical__tokens"] == 3  # body: they met today
    assert row["lexical__subjectivity_rate"] == 0
    assert out.sentences["lexical__subjectivity_hits"].to_list() == [1, 0]  # absurd, headline
    assert out.tables["lexicon_hits"].height == 0


# --- masking, options and the hits table -------------------------------------------


def test_topic_words_and_extra_mask_remove_words_from_rates_and_hits() -> None:
    plain = run([("o", "a", SMALL)])
    hits = plain.tables["lexicon_hits"]
    assert ("hedges", "perhaps", 1) in hits.select("lexicon", "word", "count").rows()

    masked = run([("o", "a", SMALL)], make_study(topic_words=("perhaps",)))
    assert article(masked)["lexical__hedges_rate"] == pytest.approx(100 / 13)  # may only
    assert "perhaps" not in masked.tables["lexicon_hits"]["word"].to_list()

    extra = run([("o", "a", SMALL)], make_study(lexical={"extra_mask": ["may", "said"]}))
    assert article(extra)["lexical__hedges_rate"] == pytest.approx(100 / 13)  # perhaps only
    assert article(extra)["lexical__report_verbs_rate"] == 0
    assert not {"may", "said"} & set(extra.tables["lexicon_hits"]["word"].to_list())


def test_add_words_and_replace_a_list_with_a_file(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("# name: mine\ntoday\nwin\n", encoding="utf-8")
    study = make_study(
        lexical={"add": {"boosters": ["go"]}, "files": {"subjectivity": "mine.txt"}}, base=tmp_path
    )
    out = run([("o", "a", SMALL)], study)
    row = article(out)
    assert row["lexical__boosters_rate"] == pytest.approx(200 / 13)  # must, go
    assert row["lexical__subjectivity_rate"] == pytest.approx(200 / 13)  # win, today
    assert FAMILY.reads(study)["files"]["subjectivity"] == lexicons_digest([tmp_path / "mine.txt"])


def test_options_are_validated() -> None:
    with pytest.raises(ValidationError, match="unknown lexicon 'hedgez'"):
        make_study(lexical={"add": {"hedgez": ["x"]}})
    with pytest.raises(ValidationError):
        make_study(lexical={"mask": ["x"]})


def test_missing_list_file_is_a_config_error(tmp_path: Path) -> None:
    from framing.errors import ConfigError

    study = make_study(lexical={"files": {"hedges": "nope.txt"}}, base=tmp_path)
    with pytest.raises(
        ConfigError, match=r"features\.lexical\.files\.hedges: 'nope.txt' not found"
    ):
        run([("o", "a", SMALL)], study)


def test_reads_changes_with_topic_words() -> None:
    assert FAMILY.reads(make_study(("war",))) != FAMILY.reads(make_study(("peace",)))
    assert FAMILY.reads(make_study(("war",)))["topic_words"] == ["war"]


def test_hits_table_equals_rates_times_words() -> None:
    texts = [
        ("x", "1", SMALL),
        ("x", "2", "The regime slammed the so-called deal. Of course it was absurd, they said."),
        ("y", "3", "According to officials, the regime’s claims are clearly false, reportedly."),
        ("y", "4", "Nothing to see."),
    ]
    out = run(texts)
    hits = out.tables["lexicon_hits"]
    assert hits.columns == ["outlet", "article_id", "lexicon", "word", "count"]
    assert hits.sort("outlet", "article_id", "lexicon", "word").equals(hits)
    keys = out.articles.with_columns(
        pl.Series("outlet", [t[0] for t in texts]), pl.Series("article_id", [t[1] for t in texts])
    )
    totals = hits.group_by("outlet", "article_id", "lexicon").agg(pl.col("count").sum())
    for row in keys.iter_rows(named=True):
        for name in lx.LEXICONS:
            found = totals.filter(
                (pl.col("outlet") == row["outlet"])
                & (pl.col("article_id") == row["article_id"])
                & (pl.col("lexicon") == name)
            )
            count = found["count"].sum() if found.height else 0
            assert row[f"lexical__{name}_rate"] * row["lexical__tokens"] / 100 == pytest.approx(
                count
            )
    # Words behind article 3: according to, claims (report verbs), clearly, reportedly.
    three = hits.filter(pl.col("article_id") == "3").select("lexicon", "word").rows()
    assert ("report_verbs", "according to") in three
    assert ("loaded_language", "regime") in three  # regime’s -> regime
    assert ("boosters", "clearly") in three
    assert ("hedges", "reportedly") in three


# --- degenerate input ----------------------------------------------------------------


def test_degenerate_inputs_give_nan_not_errors() -> None:
    texts = [("o", "one", "word"), ("o", "nums", "123 456"), ("o", "emoji", "😀 😀"),
             ("o", "nopunct", "no punctuation at all here")]  # fmt: skip
    out = run(texts)
    assert out.articles.height == 4
    one, nums, emoji, _ = out.articles.iter_rows(named=True)
    assert one["lexical__tokens"] == 1 and one["lexical__ttr"] == 1
    assert math.isnan(one["lexical__mtld"])
    assert nums["lexical__numbers_rate"] == 100
    assert math.isnan(nums["lexical__mean_word_length"])
    assert emoji["lexical__tokens"] == 0
    for name in ("ttr", "mtld", "quote_density", "hedges_rate", "first_person_rate"):
        assert math.isnan(emoji[f"lexical__{name}"])
    for column in FAMILY.columns:
        frame = out.articles if column.level == "article" else out.sentences
        low, high = column.range
        values = frame[column.name].cast(pl.Float64).fill_nan(None).drop_nulls()
        assert low is None or (values >= low).all(), column.name
        assert high is None or (values <= high).all(), column.name


def test_empty_batch_and_columns_match_declaration() -> None:
    batch = batch_from_texts([])
    study = make_study()
    out = FAMILY.extract(batch, Context(study=study, options=study.features.options("lexical")))
    assert out.articles.columns == FAMILY.article_columns()
    assert out.sentences.columns == FAMILY.sentence_columns()
    full = run([("o", "a", SMALL)])
    assert full.articles.columns == FAMILY.article_columns()
    assert full.sentences.columns == FAMILY.sentence_columns()


def test_one_megabyte_text_is_fast() -> None:
    import time

    text = ("He said “the regime may perhaps win” and they laughed. " * 20 + "\n\n") * 1000
    start = time.perf_counter()
    row = article(run([("o", "big", text)]))
    assert time.perf_counter() - start < 10
    assert row["lexical__tokens"] == 200_000
    # Per repeat of 10 words: may, perhaps = 2 hedges -> 20 per 100 words.
    assert row["lexical__hedges_rate"] == pytest.approx(20.0)
    assert row["lexical__quote_density"] == pytest.approx(0.5)  # 5 of 10 words quoted


# --- the matcher ---------------------------------------------------------------------


def match(text: str, *lexicons: Lexicon) -> list[tuple[str, str, int]]:
    tokens = tokenize_sentences(pl.DataFrame({"text": [text]}))
    found = match_lexicons(tokens, list(lexicons))
    return found.select("lexicon", "word", "position").rows()


def test_matcher_whole_words_phrases_longest_match_and_possessives() -> None:
    lex = Lexicon.from_words("t", ["of course", "course", "war", "regime", "according to"])
    # "of course" wins over "course" at 1; the later "course" counts alone.
    assert match("of course the course", lex) == [("t", "of course", 0), ("t", "course", 3)]
    # Whole tokens only: no hit inside "warship" or "war-torn".
    assert match("warship war-torn war", lex) == [("t", "war", 2)]
    # A phrase does not match across punctuation.
    assert match("according, to them", lex) == []
    assert match("Regime’s men, according to", lex) == [
        ("t", "regime", 0),
        ("t", "according to", 3),
    ]


def test_matcher_lexicons_are_independent_and_masking_phrases() -> None:
    a = Lexicon.from_words("a", ["clear"])
    b = Lexicon.from_words("b", ["clear", "war criminal"])
    assert sorted(match("clear", a, b)) == [("a", "clear", 0), ("b", "clear", 0)]
    # Masking a word removes phrases containing it; masking a phrase removes that phrase.
    assert b.masked(["war"]).entries == ("clear",)
    assert b.masked(["War criminal"]).entries == ("clear",)
    assert b.masked(["criminals"]).entries == ("clear", "war criminal")


def match_by_walking(
    texts: list[str], lexicons: list[Lexicon]
) -> list[tuple[int, int, str, str, int]]:
    """Hits as ``(sentence_row, position, lexicon, word, n_tokens)``, sorted: every
    entry tried at every token of each sentence, longest overlapping hit kept."""
    out = []
    for row, text in enumerate(texts):
        tokens = re.findall(TOKEN_PATTERN, text)
        keys = [re.sub(r"'s$", "", t.lower().replace("’", "'")) for t in tokens]
        for lex in lexicons:
            found = [
                (p, len(e.split(" ")), e)
                for e in lex.entries
                for p in range(len(keys))
                if keys[p : p + len(e.split(" "))] == e.split(" ")
            ]
            for p, n, e in found:
                if not any(m > n and q < p + n and p < q + m for q, m, _ in found):
                    out.append((row, p, lex.name, e, n))
    return sorted(out)


def test_matcher_equals_a_walk_over_every_entry_on_random_texts() -> None:
    # Phrases sharing prefixes and ends, in several lexicons, possessives, phrases cut
    # by punctuation or a sentence end, one phrase inside another.
    a = Lexicon.from_words(
        "a", ["of course", "course", "of course not", "in fact", "fact", "a b c d", "b c"]
    )
    b = Lexicon.from_words("b", ["course", "in", "according to", "to", "b c d", "c"])
    vocabulary = ["of", "course", "not", "in", "fact", "according", "to", "a", "b", "c"]
    vocabulary += ["d", "course's", "Fact’s", "'s", ",", "“", "x", "OF"]
    rng = random.Random(17)
    for _ in range(30):
        texts = [
            " ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 30)))
            for _ in range(rng.randint(1, 8))
        ]
        tokens = tokenize_sentences(pl.DataFrame({"text": texts}))
        found = match_lexicons(tokens, [a, b])
        got = found.select("sentence_row", "position", "lexicon", "word", "n_tokens").rows()
        assert got == match_by_walking(texts, [a, b])
        assert found.schema == MATCH_SCHEMA


def test_hits_by_article_with_keep() -> None:
    batch = batch_from_texts([("o", "a", "War.\n\nWar again."), ("o", "b", "Peace.")])
    found = match_lexicons(batch.tokens, [Lexicon.from_words("t", ["war", "peace"])])
    table = hits_by_article(found, batch.sentences)
    assert table.rows() == [("o", "a", "t", "war", 2), ("o", "b", "t", "peace", 1)]
    first_only = hits_by_article(found, batch.sentences, keep=pl.col("paragraph") == 1)
    assert first_only.rows() == [("o", "a", "t", "war", 1), ("o", "b", "t", "peace", 1)]


def test_parse_rejects_punctuation_entries_and_reads_headers(tmp_path: Path) -> None:
    lex = parse_lexicon("# name: x\n# version: 2\nfoo  # a comment\n\nBar Baz\n", name="x")
    assert lex.entries == ("bar baz", "foo")
    assert lex.version == "2"
    with pytest.raises(ValueError, match=r"x:2: entry '\?' has a punctuation token"):
        parse_lexicon("ok\n?\n", name="x")


# --- the bundled lists -------------------------------------------------------------


def test_every_lexicon_file_has_the_header_fields() -> None:
    paths = bundled_lexicon_paths()
    for name in lx.LEXICONS:
        header = read_header(paths[name])
        for key in ("name", "version", "source", "licence", "notes"):
            assert header.get(key, "").strip(), f"{name}.txt: '# {key}:' missing"
        assert header["name"] == name
        assert re.fullmatch(r"\d+\.\d+\.\d+", header["version"]), name
        assert re.search(r"\(\d{4}\)", header["source"]), f"{name}.txt: source lacks a year"
        lexicon = load_lexicon(paths[name])
        assert len(lexicon.entries) >= 30, name


def test_family_version_tracks_the_list_files(tmp_path: Path) -> None:
    paths = bundled_lexicon_paths()
    assert (
        FAMILY.version == f"{CODE_VERSION}." + lexicons_digest(paths[n] for n in lx.LEXICONS)[:10]
    )
    copy = tmp_path / "hedges.txt"
    copy.write_bytes(paths["hedges"].read_bytes())
    before = lexicons_digest([copy])
    copy.write_bytes(paths["hedges"].read_bytes() + b"perchance\n")
    assert lexicons_digest([copy]) != before


def test_bundled_lists_hold_no_default_topic_words() -> None:
    # The example study's topic words must not hide in our lists by default, or a
    # study that forgets to mask them would measure its topic.
    topic = {"war", "military", "nuclear", "invasion", "weapons", "korea", "russia"}
    for name in lx.LEXICONS:
        for entry in load_lexicon(bundled_lexicon_paths()[name]).entries:
            assert not topic & set(entry.split()), (name, entry)


def test_hdd_term_is_within_1e13_of_exact_rational_arithmetic() -> None:
    from fractions import Fraction

    import numpy as np

    rng = random.Random(3)
    for _ in range(500):
        n = rng.randint(42, 5000)
        f = rng.randint(1, n)
        exact = float((1 - Fraction(math.comb(n - f, 42), math.comb(n, 42))) / 42)
        got = _hdd(np.array([f]), np.array([0]), np.array([n]), 42)[0]
        assert got == pytest.approx(exact, rel=1e-13)


def test_quote_state_does_not_depend_on_the_order_of_paragraph_blocks() -> None:
    tokens = pl.DataFrame(
        {
            "_para": [1, 1, 1, 2, 2, 2, 2],
            "sentence_row": [0, 0, 0, 1, 1, 1, 1],
            "token": ["“", "a", "b", "c", "”", "‘", "d"],
        },
        schema={"_para": pl.Int64, "sentence_row": pl.UInt32, "token": pl.String},
    )
    in_order = quoting.quoted(tokens)
    assert in_order.to_list() == [True, True, True, False, False, True, True]
    blocks_swapped = [3, 4, 5, 6, 0, 1, 2]
    assert (
        quoting.quoted(tokens[blocks_swapped]).to_list()
        == in_order.gather(blocks_swapped).to_list()
    )


def test_hdd_of_many_articles_equals_each_type_summed_alone() -> None:
    import numpy as np

    # Small and large frequencies (the second case sets the distinct (article, f)
    # table aside for np.unique), types in any order, articles without types, and
    # articles under the sample.
    rng = random.Random(8)
    for big in (False, True):
        words = [rng.choice([10, 42, 300, 5000]) for _ in range(30)]
        types = [
            (a, rng.randint(1, min(n, 5000 if big and t == 0 else 9)))
            for a, n in enumerate(words)
            for t in range(rng.choice([0, 1, 5, 40]))
        ]
        rng.shuffle(types)
        article, f = (np.array(column) for column in zip(*types, strict=True))
        got = _hdd(f, article, np.array(words), 42)
        for a, n in enumerate(words):
            mine = f[article == a]
            expected = (
                math.fsum(_hdd_terms(mine, np.full(mine.size, n), 42).tolist())
                if mine.size
                else math.nan
            )
            assert (math.isnan(expected) and math.isnan(got[a])) or got[a] == expected


def test_a_repeated_article_key_fails_loudly() -> None:
    from dataclasses import replace

    batch = batch_from_texts([("o", "a", "War."), ("o", "b", "Peace.")])
    twice = replace(batch, articles=pl.concat([batch.articles, batch.articles.head(1)]))
    study = make_study()
    with pytest.raises(pl.exceptions.ComputeError, match="m:1"):
        FAMILY.extract(twice, Context(study=study, options=study.features.options("lexical")))
