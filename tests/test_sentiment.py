"""The `sentiment` family and `framing.features.sentiment.vader`: parity with vaderSentiment, hand-checked
values, aggregation, quote normalisation, degenerate input."""

from __future__ import annotations

import math
import random
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment import vaderSentiment as vs

from framing.corpus import ARTICLE_SCHEMA, PARAGRAPH_SCHEMA, SENTENCE_SCHEMA, Batch
from framing.features import FAMILIES
from framing.features.sentiment import extract
from framing.features.sentiment.vader import (
    get_analyzer,
    normalise_quotes,
    score,
    score_sentences_and_documents,
    score_texts,
)
from framing.features.sentiment.vader_analyzer import LinearAnalyzer

EXAMPLE_CONFIG = Path(__file__).resolve().parents[1] / "configs" / "seoul_moscow_pyongyang.toml"
STOCK = vs.SentimentIntensityAnalyzer()
LINEAR = LinearAnalyzer()


def _internals(analyzer: Any, text: str) -> tuple[dict[str, float], list[float], str]:
    """polarity_scores plus the unrounded per-word scores it passed to score_valence."""
    seen: dict[str, Any] = {}
    original = analyzer.score_valence

    def spy(sentiments: list[float], scored_text: str) -> dict[str, float]:
        seen["sentiments"], seen["text"] = list(sentiments), scored_text
        return original(sentiments, scored_text)

    analyzer.score_valence = spy
    try:
        result = analyzer.polarity_scores(text)
    finally:
        del analyzer.score_valence
    return result, seen.get("sentiments", []), seen.get("text", "")


def assert_parity(text: str) -> None:
    expected, expected_sentiments, expected_text = _internals(STOCK, text)
    got, got_sentiments, got_text = _internals(LINEAR, text)
    assert got_text == expected_text
    # The unrounded word scores are the same floats, so the rounded ones are too.
    assert got_sentiments == expected_sentiments, text[:200]
    assert got.keys() == expected.keys()
    for key in expected:
        assert got[key] == pytest.approx(expected[key], abs=1e-9), (key, text[:200])
    assert score(text, normalise=False) == (
        expected["compound"],
        expected["pos"],
        expected["neg"],
        expected["neu"],
    )


# --- generated texts -----------------------------------------------------------------

_NEUTRAL = [
    "the",
    "a",
    "of",
    "in",
    "on",
    "said",
    "Seoul",
    "Moscow",
    "officials",
    "treaty",
    "it",
    "was",
    "is",
    "and",
    "to",
    "that",
    "on",
    "Tuesday",
]
_SPECIAL = [
    "but", "BUT", "But", "no", "No", "least", "at least", "very least", "never so", "never this",
    "without doubt", "without a doubt", "or", "nor", "kind of", "sort of", "just enough", "kind",
    "of", "so", "this", "never", "the shit", "the bomb", "bad ass", "yeah right", "kiss of death",
    "to die for", "beating heart", "bus stop", "cut the mustard", "upper hand", "in the red",
    "n't", "isn't", "doesn’t", "don't", "can't", "aint", "without", "despite", "rarely",
    ":)", ":(", ":D", "<3", ":-)", ";)", "lol", "sux", "kinda", "sorta",
]  # fmt: skip
_WRAP = [
    '"{}"',
    "“{}”",
    "‘{}’",
    "''{}''",
    "({})",
    "{}!",
    "{}!!!",
    "{}?",
    "{}???",
    "{},",
    "{}.",
    "{}...",
]
_SPACES = [" ", " ", " ", " ", "  ", "\n", "\t", "\xa0"]


def _vocabulary() -> tuple[list[str], list[str], list[str]]:
    lexicon = sorted(STOCK.lexicon)
    boosters = sorted(vs.BOOSTER_DICT)
    emoji = sorted(k for k in STOCK.emojis if len(k) == 1)
    return lexicon, boosters + vs.NEGATE, emoji


def generated_texts(n: int, *, seed: int = 20240619) -> list[str]:
    """Varied texts: lexicon words, negations, boosters, "but", idioms, ALL CAPS, quotes,
    ! and ? runs, emoji (spaced and glued), odd whitespace; 1 to ~3,000 tokens."""
    rng = random.Random(seed)
    lexicon, modifiers, emoji = _vocabulary()
    texts = []
    for k in range(n):
        if k % 200 == 0:
            length = rng.randint(1_000, 3_000)  # very long: the stock analyser is quadratic here
        elif k % 10 == 0:
            length = rng.randint(40, 300)
        else:
            length = rng.randint(0, 30)
        # A small pool per text makes repeated words (and repeated scores) common, which is
        # what exercises `_but_check`'s list.index quirk.
        pool = [
            *rng.sample(lexicon, 6),
            *rng.sample(modifiers, 4),
            *rng.sample(_SPECIAL, 6),
            *rng.sample(_NEUTRAL, 5),
            *rng.sample(emoji, 2),
        ]
        caps = rng.random() < 0.3
        parts: list[str] = []
        for _ in range(length):
            word = rng.choice(pool)
            roll = rng.random()
            if caps and roll < 0.25:
                word = word.upper()
            elif roll < 0.3:
                word = word.capitalize()
            if rng.random() < 0.15:
                word = rng.choice(_WRAP).format(word)
            if rng.random() < 0.03:
                word += rng.choice(emoji)  # glued emoji: the stock loop inserts a space
            parts.append(word)
            parts.append(rng.choice(_SPACES))
        text = "".join(parts)
        if rng.random() < 0.2:
            text = (
                rng.choice(["", " ", "!", "!!!!!", "??", "?!?!"])
                + text
                + rng.choice(["!", "?", "!!", "???"])
            )
        texts.append(text)
    return texts


GENERATED = generated_texts(1_200)


def test_generated_set_is_varied() -> None:
    assert len(GENERATED) >= 1_000
    joined = " ".join(GENERATED)
    for marker in ["but", "BUT", "kind of", "!!!", "???", "“", "n't", "least", "never so"]:
        assert marker in joined
    assert any(c in STOCK.emojis for c in joined)
    assert max(len(t.split()) for t in GENERATED) >= 1_000
    assert len({round(STOCK.polarity_scores(t)["compound"], 2) for t in GENERATED[:300]}) > 50


@pytest.mark.parametrize("chunk", range(6))
def test_parity_on_generated_texts(chunk: int) -> None:
    for text in GENERATED[chunk::6]:
        assert_parity(text)
        assert_parity(normalise_quotes(text))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "good",
                "bad",
                "GOOD",
                "but",
                "not",
                "no",
                "very",
                "kind",
                "of",
                "least",
                "at",
                "never",
                "so",
                "without",
                "doubt",
                "!",
                "?",
                "nor",
                "great!",
                ":)",
            ]
        ),
        max_size=25,
    )
)
def test_parity_property(words: list[str]) -> None:
    assert_parity(" ".join(words))


def test_parity_on_example_corpus() -> None:
    from framing.config import load_study
    from framing.corpus import load_corpus

    batch = load_corpus(load_study(EXAMPLE_CONFIG)).batch
    assert batch.sentences.height > 50
    for text in [*batch.sentences["text"], *batch.articles["text"]]:
        assert_parity(text)
        assert_parity(normalise_quotes(text))
    # The family's own columns are the stock analyser's scores of the normalised text.
    result = extract(batch, None)  # type: ignore[arg-type]
    expected = [
        STOCK.polarity_scores(normalise_quotes(t))["compound"] for t in batch.sentences["text"]
    ]
    assert result.sentences["sentiment__compound"].to_list() == expected
    docs = [STOCK.polarity_scores(normalise_quotes(t)) for t in batch.articles["text"]]
    assert result.articles["sentiment__doc_compound"].to_list() == [d["compound"] for d in docs]
    assert result.articles["sentiment__doc_neu"].to_list() == [d["neu"] for d in docs]


# --- sentences and their document: shared per-word work -------------------------------

# Words whose scores depend on their neighbours, to put at sentence edges.
_EDGE_WORDS = [
    "but", "BUT", "no", "No", "not", "never", "so", "this", "without", "doubt", "least", "at",
    "very", "VERY", "kind", "of", "sort", "just", "enough", "or", "nor", "the", "shit", "bomb",
    "bad", "ass", "bus", "stop", "yeah", "right", "kiss", "death", "to", "die", "for",
    "beating", "heart", "isn't", "don't", "extremely", "barely", "GOOD", "BAD", "good",
    "great", "terrible", "happy", "sad", "love", "hate", "I", "A", "US", "said", ":)",
]  # fmt: skip


def edge_documents(n: int, *, seed: int = 515) -> list[list[str]]:
    """Documents as lists of sentences of 1-12 tokens, most drawn from `_EDGE_WORDS`, some
    entirely ALL CAPS, some ending in ! or ?, so that negations, boosters, "but", "no",
    "kind of", "least" and idioms fall on sentence edges."""
    rng = random.Random(seed)
    lexicon, modifiers, _ = _vocabulary()
    documents = []
    for _ in range(n):
        sentences = []
        for _ in range(rng.randint(1, 12)):
            pool = _EDGE_WORDS if rng.random() < 0.8 else lexicon + modifiers + _NEUTRAL
            words = [rng.choice(pool) for _ in range(rng.choice([1, 2, 3, rng.randint(4, 12)]))]
            if rng.random() < 0.15:
                words = [w.upper() for w in words]
            elif rng.random() < 0.3:
                words[0] = words[0].capitalize()
            words[-1] += rng.choice(["", "", ".", "!", "?", "!!", ",", "’"])
            sentences.append(rng.choice(["", " "]) + " ".join(words) + rng.choice(["", "\n"]))
        documents.append(sentences)
    return documents


# Hand-made edges: each rule's window reaching into the next or previous sentence.
_EDGE_CASES = [
    ["They gave a kiss of", "death to all."],  # "kiss of death": i, i+1, i+2
    ["Then a kiss", "of death."],
    ["It was kind", "of good."],  # "kind of": i+1
    ["There is no", "good news."],  # "no" before a lexicon word: i+1
    ["There is no.", "Good.", "No", "or", "bad"],  # "no" 1, 2, 3 back ("or")
    ["I never", "so much liked it."],
    ["It was never so", "good."],
    ["Without", "a doubt, good."],
    ["It is not", "good."],
    ["At", "least good.", "very", "least bad."],
    ["It was very", "good.", "EXTREMELY", "good."],
    ["THIS IS VERY", "GOOD, said I.", "ALL CAPS HERE", "VERY BAD", "fine"],
    ["I liked it but", "it was bad.", "Good but", "bad."],
    ["They said the", "bomb was great.", "yeah", "right"],
    ["good", "bad", "good", "great", "no"],
]


def test_documents_share_their_sentences_word_scores_exactly() -> None:
    documents = _EDGE_CASES + edge_documents(400)
    sentences = [s for d in documents for s in d]
    texts = [_join(d, seed=k) for k, d in enumerate(documents)]
    parts, start = [], 0
    for d in documents:
        parts.append(list(range(start, start + len(d))))
        start += len(d)
    got_sentences, got_documents = score_sentences_and_documents(sentences, texts, parts)
    shared = 0
    for k, (text, part) in enumerate(zip(texts, parts, strict=True)):
        normalised = [normalise_quotes(sentences[i]) for i in part]
        shared += LINEAR.scores_with_sentences(normalise_quotes(text), normalised) is not None
        expected = STOCK.polarity_scores(normalise_quotes(text))
        assert [got_documents[m][k] for m in ("compound", "pos", "neg", "neu")] == [
            expected[m] for m in ("compound", "pos", "neg", "neu")
        ], text
    assert shared == len(texts)  # the shortcut is what was tested, not the fallback
    for k, sentence in enumerate(sentences):
        expected = STOCK.polarity_scores(normalise_quotes(sentence))
        assert [got_sentences[m][k] for m in ("compound", "pos", "neg", "neu")] == [
            expected[m] for m in ("compound", "pos", "neg", "neu")
        ], sentence


def _join(sentences: list[str], *, seed: int) -> str:
    rng = random.Random(seed)
    return "".join(s + rng.choice([" ", "\n\n", "\t", "  "]) for s in sentences)


def test_documents_not_made_of_their_sentences_are_scored_on_their_own() -> None:
    sentences = ["It is not good.", "But it is GREAT!", "No", "doubt about it :)", "😁 fine"]
    cases = [
        ("It is not good.But it is GREAT!", [0, 1]),  # glued: one token across the edge
        ("It is not good. But it is GREAT! Very bad.", [0, 1]),  # text the sentences lack
        ("But it is GREAT! It is not good.", [0, 1]),  # another order
        ("No doubt about it :)", [2, 3]),
        ("It is not good. 😁 fine", [0, 4]),  # emoji: the document is replaced, not shared
        ("   ", [0]),
    ]
    documents = [text for text, _ in cases]
    got_sentences, got_documents = score_sentences_and_documents(
        sentences, documents, [part for _, part in cases]
    )
    assert got_sentences == score_texts(sentences)
    assert got_documents["compound"][:5] == [
        STOCK.polarity_scores(text)["compound"] for text in documents[:5]
    ]
    assert math.isnan(got_documents["compound"][5])
    for text, part in cases[:3]:
        assert LINEAR.scores_with_sentences(text, [sentences[k] for k in part]) is None
    assert LINEAR.scores_with_sentences(cases[3][0], [sentences[2], sentences[3]]) is not None


def test_sentences_without_tokens_in_a_shared_document_are_nan() -> None:
    sentences = ["Good.", " ", None, "", "Bad!"]
    document = "Good.  \n Bad!"
    assert LINEAR.scores_with_sentences(document, [s or "" for s in sentences]) is not None
    got_sentences, got_documents = score_sentences_and_documents(
        sentences, [document], [[0, 1, 2, 3, 4]]
    )
    assert got_sentences == score_texts(sentences)
    assert [math.isnan(c) for c in got_sentences["compound"]] == [False, True, True, True, False]
    assert got_documents == score_texts([document])


def test_but_check_quirk_is_reproduced() -> None:
    # "applaud" 2.0, "advantage" 1.0. Stock `_but_check` walks the scores [2.0, 0, 1.0]:
    # k=0 halves position 0 (before "but") → [1.0, 0, 1.0]; k=2 looks up the value 1.0 with
    # list.index, finds position 0 and halves it again → [0.5, 0, 1.0]; "advantage" is never
    # multiplied by 1.5. x = 1.5, compound = 1.5 / sqrt(1.5² + 15) = 1.5 / 4.15331 = 0.36116.
    # (A "fixed" check would give [1.0, 0, 1.5], x = 2.5, compound 0.5423.)
    _, sentiments, _ = _internals(LINEAR, "applaud but advantage")
    assert sentiments == [0.5, 0, 1.0]
    assert score("applaud but advantage").compound == 0.3612
    assert_parity("good great but good great good good")


# Lexicon words whose valences are halves or 1.5 times each other's (0.5, 1.0, 1.5, 2.0,
# 3.0 and negatives), so that `_but_check`'s list.index finds earlier, rescaled positions.
_COLLIDING = ["adorns", "bffn", "ez", "fav", "xlnt", "alarming", "accusation", "adverse",
              "abandoned", "fubar"]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from([*_COLLIDING, "but", "but", "the", "not", "very", "BUT"]),
        min_size=1,
        max_size=40,
    )
)
def test_but_check_replays_colliding_values(words: list[str]) -> None:
    assert {STOCK.lexicon[w] for w in _COLLIDING} == {0.5, 1.0, 1.5, 2.0, 3.0, -0.5, -1.0,
                                                       -1.5, -2.0, -3.0}  # fmt: skip
    text = " ".join(words)
    assert_parity(text)
    # The same words as a document of three-word sentences: the document's "but" replay
    # runs on the sentences' word scores.
    sentences = [" ".join(words[k : k + 3]) for k in range(0, len(words), 3)]
    got_sentences, got_documents = score_sentences_and_documents(
        sentences, [text], [list(range(len(sentences)))]
    )
    expected = STOCK.polarity_scores(text)
    assert [got_documents[m][0] for m in ("compound", "pos", "neg", "neu")] == [
        expected[m] for m in ("compound", "pos", "neg", "neu")
    ]
    assert got_sentences == score_texts(sentences)


# Words that can change a lexicon word's score from up to three tokens before it or two
# after it, and lexicon words to put near them.
_ACTIVE = ["very", "not", "no", "so", "this", "least", "kind", "never", "without", "bomb",
           "xyzn't", "XYZN'T", "isn't", "hardly", "sort", "at least", "kiss of death"]  # fmt: skip


def test_lexicon_words_near_words_that_change_them() -> None:
    """Each active word at each distance from a lexicon word, alone and with a sentence
    edge at each place: the quick path for lexicon words with no such word in reach must
    not catch these."""
    filler = ["the", "officials", "said"]
    documents = []
    for active in _ACTIVE:
        for target in ["good", "GOOD", "bad", "kind", "no"]:
            for distance in (-5, -4, -3, -2, -1, 1, 2, 3, 4):
                words = filler * 2 + [target] + filler * 2  # the target is word 6
                words.insert(7 + distance if distance < 0 else 6 + distance, active)
                text = " ".join(words)
                assert_parity(text)
                assert_parity(text.upper())
                documents += [
                    [" ".join(words[:cut]), " ".join(words[cut:])] for cut in (5, 6, 7, 8)
                ]
    sentences = [s for d in documents for s in d]
    texts = [" ".join(d) for d in documents]
    parts = [[2 * k, 2 * k + 1] for k in range(len(documents))]
    got_sentences, got_documents = score_sentences_and_documents(sentences, texts, parts)
    for k, text in enumerate(texts):
        expected = STOCK.polarity_scores(text)
        assert got_documents["compound"][k] == expected["compound"], text
        assert got_documents["neu"][k] == expected["neu"], text
    for k, sentence in enumerate(sentences):
        assert got_sentences["compound"][k] == STOCK.polarity_scores(sentence)["compound"]


def test_words_holding_nt_stay_negations_when_the_word_memo_is_cleared() -> None:
    # Any word holding "n't" is a negation to vaderSentiment; "qzn't" is in no list.
    analyzer = LinearAnalyzer()
    for text in ["It qzn't good.", "IT QZN'T GOOD at all", "good qzn't", "not very good"]:
        before = analyzer.scores(text)
        analyzer.scores(" ".join(f"w{k}" for k in range(200_010)))  # the memo is cleared
        assert analyzer.scores(text) == before
        expected = STOCK.polarity_scores(text)
        assert before == tuple(expected[m] for m in ("compound", "pos", "neg", "neu"))
    assert analyzer.scores("It qzn't good.")[0] < 0  # compound


# --- hand-checked values -------------------------------------------------------------


def test_hand_checked_sentences() -> None:
    # "The book was good.": only "good" is in the lexicon (valence 1.9).
    # compound = 1.9 / sqrt(1.9² + 15) = 1.9 / sqrt(18.61) = 0.44043 → 0.4404
    # pos = (1.9 + 1) / (2.9 + 3 neutral words) = 0.4915 → 0.492; neu = 3 / 5.9 = 0.508
    assert score("The book was good.") == (0.4404, 0.492, 0.0, 0.508)
    # "It is not good.": "not" right before "good" negates: 1.9 × -0.74 = -1.406.
    # compound = -1.406 / sqrt(1.406² + 15) = -1.406 / sqrt(16.9768) = -0.34124 → -0.3412
    # neg = |-1.406 - 1| / (2.406 + 3) = 0.4451 → 0.445; neu = 3 / 5.406 = 0.555
    assert score("It is not good.") == (-0.3412, 0.0, 0.445, 0.555)
    # "The food was good, but the service was bad.": good 1.9 before "but" → × 0.5 = 0.95;
    # bad -2.5 after it → × 1.5 = -3.75. x = -2.8; compound = -2.8 / sqrt(7.84 + 15) = -0.58588
    # pos = 1.95 / (1.95 + 4.75 + 7) = 0.1423; neg = 4.75 / 13.7 = 0.3467; neu = 7 / 13.7 = 0.5109
    assert score("The food was good, but the service was bad.") == (-0.5859, 0.142, 0.347, 0.511)


def test_quote_normalisation_changes_scores_in_the_expected_direction() -> None:
    # Stock VADER strips only ASCII punctuation: “great”! stays “great” and misses the lexicon.
    assert STOCK.polarity_scores("It was “great”!")["compound"] == 0.0
    # Normalised: great 3.1 plus one "!" (0.292): x = 3.392,
    # compound = 3.392 / sqrt(3.392² + 15) = 3.392 / sqrt(26.5057) = 0.65885 → 0.6588
    assert score("It was “great”!").compound == 0.6588
    assert score("It was ''great''!").compound == 0.6588
    assert score("It was ‘great’!").compound == 0.6588
    # A curly apostrophe hides a negation: "doesn’t work well" reads as positive unless
    # normalised ("well" 1.1 → × -0.74 after "doesn't").
    assert score("It doesn’t work well.", normalise=False).compound > 0
    assert score("It doesn’t work well.").compound < 0
    assert score("It doesn’t work well.") == score("It doesn't work well.")
    assert normalise_quotes("“a” ‘b’ ''c'' «d» don’t") == '"a" \'b\' "c" "d" don\'t'


# --- the family ----------------------------------------------------------------------


def _batch(articles: list[tuple[str, str, str | None, list[str]]]) -> Batch:
    """A hand-built batch: (outlet, article_id, headline or None, body sentences); one
    paragraph per article, body text = sentences joined by spaces."""
    a_rows, p_rows, s_rows = [], [], []
    for outlet, article_id, headline, body in articles:
        key = {"outlet": outlet, "article_id": article_id}
        text = " ".join(body)
        a_rows.append(
            {**key, "title": headline, "text": text, "source": "test", "content_hash": article_id}
        )
        if headline is not None:
            p_rows.append({**key, "paragraph": 0, "is_headline": True, "text": headline})
            s_rows.append(
                {**key, "paragraph": 0, "sentence": 0, "is_headline": True, "text": headline}
            )
        if body:
            p_rows.append({**key, "paragraph": 1, "is_headline": False, "text": text})
        for number, sentence in enumerate(body, 1):
            s_rows.append(
                {**key, "paragraph": 1, "sentence": number, "is_headline": False, "text": sentence}
            )
    return Batch(
        pl.DataFrame(a_rows, schema=ARTICLE_SCHEMA),
        pl.DataFrame(p_rows, schema=PARAGRAPH_SCHEMA),
        pl.DataFrame(s_rows, schema=SENTENCE_SCHEMA),
    )


def test_aggregation_on_a_hand_built_batch() -> None:
    batch = _batch(
        [
            ("b", "3", "Great news", []),  # headline only: no body, first in input order
            (
                "a",
                "1",
                "Great news",
                [
                    "The book was good.",  # 0.4404
                    "It is not good.",  # -0.3412
                    "The food was good, but the service was bad.",  # -0.5859
                    "Officials met on Tuesday.",  # 0.0
                ],
            ),
            ("a", "2", None, ["Nothing.", "It is not good.", "It is not good."]),  # 0, -0.3412 ×2
        ]
    )
    result = extract(batch, None)  # type: ignore[arg-type]
    assert result.sentences.height == batch.sentences.height
    assert result.sentences["sentiment__compound"].to_list() == [
        0.6249,  # "Great news": 3.1 / sqrt(3.1² + 15) = 3.1 / 4.96085 = 0.62489
        0.6249,
        0.4404,
        -0.3412,
        -0.5859,
        0.0,
        0.0,
        -0.3412,
        -0.3412,
    ]
    b3, a1, a2 = result.articles.to_dicts()  # input order, not sorted
    # a/1: mean = (0.4404 - 0.3412 - 0.5859 + 0) / 4 = -0.121675
    assert a1["sentiment__mean_compound"] == pytest.approx(-0.121675, abs=1e-12)
    # median of [-0.5859, -0.3412, 0, 0.4404] = (-0.3412 + 0) / 2 = -0.1706
    assert a1["sentiment__median_compound"] == pytest.approx(-0.1706, abs=1e-12)
    assert (a1["sentiment__share_positive"], a1["sentiment__share_negative"]) == (0.25, 0.5)
    assert a1["sentiment__share_neutral"] == 0.25
    assert (a1["sentiment__min_compound"], a1["sentiment__most_negative_sentence"]) == (-0.5859, 3)
    assert a1["sentiment__headline_compound"] == 0.6249
    assert (
        a1["sentiment__doc_compound"]
        == STOCK.polarity_scores(batch.articles["text"][1])["compound"]
    )
    # a/2: mean = (0 - 0.3412 - 0.3412) / 3 = -0.2274667; ties → the earliest sentence (2)
    assert a2["sentiment__mean_compound"] == pytest.approx(-0.6824 / 3, abs=1e-12)
    assert a2["sentiment__median_compound"] == -0.3412
    assert a2["sentiment__share_negative"] == pytest.approx(2 / 3)
    assert a2["sentiment__share_neutral"] == pytest.approx(1 / 3)
    assert a2["sentiment__share_positive"] == 0.0
    assert a2["sentiment__most_negative_sentence"] == 2
    assert math.isnan(a2["sentiment__headline_compound"])
    # b/3: no body sentence → NaN aggregates, null index, NaN doc scores; headline scored.
    assert b3["sentiment__headline_compound"] == 0.6249
    assert b3["sentiment__most_negative_sentence"] is None
    for name, value in b3.items():
        if name not in ("sentiment__headline_compound", "sentiment__most_negative_sentence"):
            assert math.isnan(value), name
    assert result.articles.columns == FAMILIES["sentiment"].article_columns()
    assert result.sentences.columns == FAMILIES["sentiment"].sentence_columns()


def _check_ranges(result: Any) -> None:
    family = FAMILIES["sentiment"]
    for column in family.columns:
        frame = result.sentences if column.level == "sentence" else result.articles
        low, high = column.range
        for value in frame[column.name].to_list():
            if value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            assert (low is None or value >= low) and (high is None or value <= high), column.name


DEGENERATE = [
    "",
    " ",
    "word",
    "no punctuation at all here",
    "12345 678 9.5",
    "😁😁😁",
    "!!!???",
    "“”",
    "''",
]


def test_degenerate_inputs_give_defined_values_without_warnings() -> None:
    batch = _batch([("o", str(i), text or None, [text]) for i, text in enumerate(DEGENERATE)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = extract(batch, None)  # type: ignore[arg-type]
    _check_ranges(result)
    compound = result.sentences["sentiment__compound"].to_list()
    assert math.isnan(compound[0]) and math.isnan(compound[1])  # no token → NaN
    values = dict(zip(DEGENERATE, score_texts(DEGENERATE)["compound"], strict=True))
    assert values["word"] == 0.0 and values["12345 678 9.5"] == 0.0
    # 😁 → "beaming face with smiling eyes": smiling 1.6 each, so positive.
    assert values["😁😁😁"] > 0
    assert math.isnan(values[""]) and math.isnan(values[" "])
    assert score_texts([None, ""], empty_as_nan=False)["compound"] == [0.0, 0.0]


def test_empty_batch() -> None:
    result = extract(_batch([]), None)  # type: ignore[arg-type]
    assert result.articles.height == 0 and result.sentences.height == 0


def test_one_megabyte_text_is_linear_and_exact_in_its_parts() -> None:
    rng = random.Random(7)
    pieces = ["Seoul was not happy, but Moscow was VERY pleased!", "It is kind of bad.", "No good 😁.",
              "At least it isn’t a horrible treaty?", "Officials said nothing at all."]  # fmt: skip
    text = " ".join(rng.choice(pieces) for _ in range(40_000))[:1_000_000]
    assert len(text) >= 999_000
    batch = _batch([("o", "big", None, [text])])
    start = time.perf_counter()
    result = extract(batch, None)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - start
    assert elapsed < 5, elapsed  # the stock analyser would need hours
    _check_ranges(result)
    assert result.articles["sentiment__doc_compound"][0] == pytest.approx(
        1.0, abs=1e-3
    )  # saturated
    # Parity where the stock analyser is affordable: a 20,000-character prefix.
    assert_parity(normalise_quotes(text[:20_000]))


def test_import_is_cheap_and_the_analyser_is_built_once() -> None:
    code = (
        "import sys, framing.features.sentiment, framing.features.sentiment.vader; "
        "assert 'vaderSentiment' not in sys.modules and 'vaderSentiment.vaderSentiment' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    assert get_analyzer() is get_analyzer()
    assert isinstance(get_analyzer(), vs.SentimentIntensityAnalyzer)


def test_columns_are_declared() -> None:
    family = FAMILIES["sentiment"]
    assert family.sentence_columns() == [
        f"sentiment__{m}" for m in ("compound", "pos", "neg", "neu")
    ]
    for name in ["mean_compound", "median_compound", "share_positive", "share_negative", "share_neutral",
                 "min_compound", "most_negative_sentence", "headline_compound", "doc_compound",
                 "doc_pos", "doc_neg", "doc_neu"]:  # fmt: skip
        assert f"sentiment__{name}" in family.article_columns()
    for column in family.columns:
        assert column.definition and column.direction and column.reference


def test_a_memo_clear_never_lands_inside_a_text() -> None:
    # "wasn't—" is a negation only because it holds "n't"; the memo reaches its limit on
    # the new tokens after it, within the same text.
    analyzer = LinearAnalyzer()
    memo = analyzer._word_index.lowered
    text = "Officials wasn't\u2014 good news qqqnew1 qqqnew2 qqqnew3"
    i = 0
    while len(memo) < 199_999:
        memo[f"fill{i}"]
        i += 1
    expected = STOCK.polarity_scores(text)
    assert analyzer.scores(text) == tuple(expected[m] for m in ("compound", "pos", "neg", "neu"))
    assert analyzer.scores(text)[0] < 0
