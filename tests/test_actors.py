"""The actors family: mentions, positions, actor-targeted sentiment, subject verbs."""

from __future__ import annotations

import math
import time

import numpy as np
import polars as pl
import pytest

from framing.config import Study
from framing.corpus import Batch, batch_from_texts
from framing.features import FAMILIES, Context, Extracted
from framing.features.actors import ActorsOptions
from framing.features.actors.gazetteer import Gazetteer
from framing.features.actors.summary import ACTORS_SCHEMA
from framing.features.actors.verbs import load_verbs, subject_verb
from framing.stats.resampling import bootstrap_mean, stable_seed

ACTORS = [
    {"id": "south_korea", "label": "South Korea", "aliases": ["South Korea", "Seoul"]},
    {"id": "russia", "label": "Russia", "aliases": ["Russia", "Russian", "Moscow", "Putin"]},
]


def make_study(*, seed: int = 2024, actors: list[dict] = ACTORS) -> Study:
    return Study.model_validate(
        {
            "study": {"name": "t", "seed": seed},
            "outlets": [{"id": o, "name": o, "files": ["x"]} for o in ("a", "b")],
            "actors": actors,
        }
    )


def run(
    batch: Batch, scores: dict[str, float], *, study: Study | None = None
) -> tuple[Extracted, dict[str, pl.DataFrame]]:
    """extract + summarise with a hand-built sentiment upstream: compound by sentence text."""
    study = study or make_study()
    compound = [scores.get(text, 0.0) for text in batch.sentences["text"]]
    upstream = {"sentiment": Extracted(sentences=pl.DataFrame({"sentiment__compound": compound}))}
    ctx = Context(study=study, options=ActorsOptions(), upstream=upstream)
    extracted = FAMILIES["actors"].extract(batch, ctx)
    return extracted, FAMILIES["actors"].corpus_tables(extracted, batch, ctx)


# One sentence per paragraph, so the numbering does not depend on the sentence splitter.
ARTICLE_A = "Seoul warns Moscow\n\nSeoul helped the talks.\n\nSeoul and Moscow met.\n\nNothing here.\n\nSeoul won praise."
ARTICLE_B = "Seoul betrayed everyone.\n\nSeoul lied again."
SCORES = {
    "Seoul warns Moscow": -0.9,  # headline: not in the sentiment sets
    "Seoul helped the talks.": 0.5,
    "Seoul and Moscow met.": 0.1,
    "Seoul won praise.": 0.3,
    "Seoul betrayed everyone.": -0.6,
    "Seoul lied again.": -0.4,
}


@pytest.fixture(scope="module")
def tables() -> tuple[Extracted, dict[str, pl.DataFrame]]:
    a = batch_from_texts([("a", "1", ARTICLE_A)], headline="first_line")
    b = batch_from_texts([("b", "2", ARTICLE_B)])
    batch = Batch(
        *(
            pl.concat([getattr(a, n), getattr(b, n)])
            for n in ("articles", "paragraphs", "sentences")
        )
    )
    return run(batch, SCORES)


def row(actors: pl.DataFrame, outlet: str, actor: str) -> dict:
    return actors.filter((pl.col("outlet") == outlet) & (pl.col("actor") == actor)).row(
        0, named=True
    )


def test_actors_table_shape(tables: tuple[Extracted, dict[str, pl.DataFrame]]) -> None:
    actors = tables[1]["actors"]
    assert actors.columns == list(ACTORS_SCHEMA)
    # Every outlet × every actor, sorted.
    assert actors.select("outlet", "actor").rows() == [
        ("a", "russia"),
        ("a", "south_korea"),
        ("b", "russia"),
        ("b", "south_korea"),
    ]


def test_counts_positions_and_shares(tables: tuple[Extracted, dict[str, pl.DataFrame]]) -> None:
    actors = tables[1]["actors"]
    sk = row(actors, "a", "south_korea")
    # Seoul: headline 1 + body sentences 1, 2, 4 → 4 mentions, 3 body sentences of 4.
    assert (sk["mentions"], sk["headline_mentions"], sk["sentences"]) == (4, 1, 3)
    assert sk["share_sentences"] == 0.75
    assert sk["first_mention_position"] == 0.0  # first body sentence
    ru = row(actors, "a", "russia")
    # Moscow: headline + body sentence 2 of 4 → position (2 - 1) / (4 - 1) = 1/3.
    assert (ru["mentions"], ru["headline_mentions"], ru["sentences"]) == (2, 1, 1)
    assert ru["first_mention_position"] == pytest.approx(1 / 3)
    none = row(actors, "b", "russia")
    assert (none["mentions"], none["sentences"], none["share_sentences"]) == (0, 0, 0.0)
    assert math.isnan(none["first_mention_position"]) and math.isnan(none["mean_compound"])


def test_exclusive_and_all_sentence_sentiment(
    tables: tuple[Extracted, dict[str, pl.DataFrame]],
) -> None:
    actors = tables[1]["actors"]
    sk = row(actors, "a", "south_korea")
    # Only-Seoul sentences: 0.5, 0.3 → mean 0.4; with "Seoul and Moscow met." (0.1): 0.9/3 = 0.3.
    assert sk["n_exclusive"] == 2
    assert sk["mean_compound"] == pytest.approx(0.4)
    assert sk["mean_compound_all"] == pytest.approx(0.3)
    # Two values: bootstrap means are 0.3, 0.4, 0.5 with prob. 1/4, 1/2, 1/4, so the
    # 2.5th and 97.5th percentiles of 2,000 of them are 0.3 and 0.5.
    assert (sk["ci_low"], sk["ci_high"]) == pytest.approx((0.3, 0.5))
    assert sk["ci_low_all"] <= sk["mean_compound_all"] <= sk["ci_high_all"]
    ru = row(actors, "a", "russia")
    # Moscow is never alone in a body sentence; one shared sentence (0.1): CI NaN (n < 2).
    assert ru["n_exclusive"] == 0 and math.isnan(ru["mean_compound"])
    assert ru["mean_compound_all"] == pytest.approx(0.1)
    assert math.isnan(ru["ci_low_all"]) and math.isnan(ru["ci_high_all"])


def test_praised_and_condemned_get_opposite_signs(
    tables: tuple[Extracted, dict[str, pl.DataFrame]],
) -> None:
    actors = tables[1]["actors"]
    # Outlet b: (-0.6 + -0.4) / 2 = -0.5.
    assert row(actors, "b", "south_korea")["mean_compound"] == pytest.approx(-0.5)
    assert row(actors, "a", "south_korea")["mean_compound"] > 0


def test_opposite_signs_with_real_vader() -> None:
    batch = batch_from_texts(
        [
            (
                "a",
                "1",
                "Seoul is wonderful, brilliant and admirable.\n\nWe love Seoul, a great friend.",
            ),
            (
                "b",
                "2",
                "Seoul is terrible, corrupt and disgraceful.\n\nSeoul lied and failed horribly.",
            ),
        ]
    )
    study = make_study()
    sentiment = FAMILIES["sentiment"]
    upstream = {
        "sentiment": sentiment.extract(batch, Context(study=study, options=sentiment.options()))
    }
    ctx = Context(study=study, options=ActorsOptions(), upstream=upstream)
    actors = FAMILIES["actors"].corpus_tables(FAMILIES["actors"].extract(batch, ctx), batch, ctx)[
        "actors"
    ]
    assert row(actors, "a", "south_korea")["mean_compound"] > 0.5
    assert row(actors, "b", "south_korea")["mean_compound"] < -0.5


def test_article_and_sentence_columns(tables: tuple[Extracted, dict[str, pl.DataFrame]]) -> None:
    extracted = tables[0]
    assert extracted.articles.rows() == [
        # a: 6 mentions (Seoul ×4, Moscow ×2), 2 actors, headline 2, 3 of 4 body sentences.
        (6, 2, 2, 0.75),
        # b: 2 mentions of Seoul, both body sentences.
        (2, 1, 0, 1.0),
    ]
    assert extracted.sentences["actors__sentence_actors"].to_list() == [2, 1, 2, 0, 1, 1, 1]
    detail = extracted.tables["actor_mentions"]
    assert detail.columns[:2] == ["outlet", "article_id"]
    assert detail.filter(pl.col("actor") == "russia").select(
        "first_sentence", "sentences_exclusive"
    ).rows() == [(2, 0)]


def test_actor_verbs_table(tables: tuple[Extracted, dict[str, pl.DataFrame]]) -> None:
    verbs = tables[1]["actor_verbs"]
    # "Seoul warns" (headline), "Seoul helped", "Seoul betrayed"/"lied" are not in the list.
    assert verbs.rows() == [
        ("a", "south_korea", "help", "cooperative", 1),
        ("a", "south_korea", "warn", "threat", 1),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Putin warned that it was a mistake.", ("warn", "threat", "warned")),
        ("Seoul has also reportedly warned Moscow.", ("warn", "threat", "warned")),
        ("Moscow brushed off the protest.", ("brush off", "hostile", "brushed off")),
        ("Seoul is considering arms sales.", ("consider", "deliberative", "considering")),
        ("Russia will retaliate.", ("retaliate", "hostile", "retaliate")),
        ("Seoul says it may act.", ("say", "say", "says")),
        ("Seoul was warned by Putin.", None),  # passive: Seoul is the object
        ("Seoul has been warned.", None),
        ("Seoul did not warn anyone.", None),  # negation
        ("Seoul didn't warn anyone.", None),
        ("Ties with Moscow warned nobody.", None),  # after a preposition
        ("Russian attacks continued.", None),  # plural noun, not a verb
        ("Russian support grew.", None),  # base form without an auxiliary
        ("Seoul's ministry said so.", None),  # possessive is not the subject
        ("Seoul officials and diplomats said so.", None),  # gap words not auxiliaries/adverbs
        ("Seoul", None),
    ],
)
def test_subject_verb(text: str, expected: tuple[str, str, str] | None) -> None:
    gazetteer = Gazetteer.from_actors(make_study().actors)
    mention = gazetteer.find(text)[0]
    found = subject_verb(text, mention, verbs=load_verbs(), gap=3)
    assert (found if found is None else (found[0].lemma, found[0].verb_class, found[1])) == expected


def test_bootstrap_mean() -> None:
    values = np.array([0.1, -0.3, 0.5, 0.2, 0.0, 0.7, -0.1])
    seed = stable_seed(2024, "a", "south_korea", "_exclusive")
    mean, low, high = bootstrap_mean(values, resamples=2000, seed=seed)
    assert mean == pytest.approx(1.1 / 7)
    assert low < mean < high
    assert bootstrap_mean(values, resamples=2000, seed=seed) == (mean, low, high)
    assert bootstrap_mean(
        values, resamples=2000, seed=stable_seed(7, "a", "south_korea", "_exclusive")
    ) != (
        mean,
        low,
        high,
    )
    assert all(math.isnan(x) for x in bootstrap_mean(np.array([]), resamples=100, seed=seed))
    one = bootstrap_mean(np.array([0.4]), resamples=100, seed=seed)
    assert one[0] == 0.4 and math.isnan(one[1]) and math.isnan(one[2])
    # The seed is stable across processes: sha256, not hash().
    assert stable_seed(2024, "a", "b") == [2024, stable_seed(0, "a", "b")[1]]


def test_deterministic_and_seeded() -> None:
    texts = [("a", str(i), f"Seoul won praise {i}.\n\nSeoul lost ground {i}.") for i in range(6)]
    batch = batch_from_texts(texts)
    scores = {
        t: s
        for i, (_, _, text) in enumerate(texts)
        for t, s in zip(text.split("\n\n"), (math.sin(i + 0.3), math.cos(2 * i)), strict=True)
    }
    first = run(batch, scores)[1]["actors"]
    again = run(batch, scores)[1]["actors"]
    other_seed = run(batch, scores, study=make_study(seed=1))[1]["actors"]
    assert first.equals(again)
    sk = row(first, "a", "south_korea")
    assert sk["ci_low"] < sk["mean_compound"] < sk["ci_high"]
    assert sk["ci_low"] != row(other_seed, "a", "south_korea")["ci_low"]
    assert sk["mean_compound"] == row(other_seed, "a", "south_korea")["mean_compound"]


def test_degenerate_inputs() -> None:
    batch = batch_from_texts(
        [
            ("a", "1", "12345"),
            ("a", "2", "🙂🙂🙂"),
            ("a", "3", "one"),
            ("b", "4", "Seoul " + "word " * 200_000),
        ]
    )
    start = time.perf_counter()
    extracted, summary = run(batch, {})
    assert time.perf_counter() - start < 10
    assert extracted.articles["actors__mentions"].to_list() == [0, 0, 0, 1]
    assert summary["actors"].height == 4
    assert summary["shared_passages"].height == 0
    # A study without actors: zero columns of counts, empty tables, no crash.
    _, empty = run(batch, {}, study=make_study(actors=[]))
    assert empty["actors"].height == 0 and empty["actors"].columns == list(ACTORS_SCHEMA)
    assert empty["actor_verbs"].height == 0


def test_declared_columns_and_ranges(tables: tuple[Extracted, dict[str, pl.DataFrame]]) -> None:
    family = FAMILIES["actors"]
    extracted = tables[0]
    assert extracted.articles.columns == family.article_columns()
    assert extracted.sentences.columns == family.sentence_columns()
    for column in family.columns:
        frame = extracted.articles if column.level == "article" else extracted.sentences
        low, high = column.range
        values = frame[column.name].cast(pl.Float64).fill_nan(None).drop_nulls()
        assert column.definition and column.reference and column.direction
        assert low is None or values.min() >= low  # type: ignore[operator]
        assert high is None or values.max() <= high  # type: ignore[operator]


def test_same_bits_whatever_the_chunking() -> None:
    # 32 one-sentence paragraphs, Seoul first in sentence 14: position 13/31. polars may
    # compute x / n as x * (1/n) when n is broadcast, which gives 0.4193548387096774
    # instead of the correctly rounded 13/31 = 0.41935483870967744 for a lone article.
    long = "\n\n".join("Seoul acted." if i == 14 else f"Filler {i}." for i in range(1, 33))
    texts = [("a", "1", long), ("a", "2", "Seoul won.\n\nMoscow lost.\n\nOther."), ("b", "3", long)]
    batch = batch_from_texts(texts)
    whole, _ = run(batch, {})
    parts = [run(batch.take(batch.articles.slice(i, 1)), {})[0] for i in range(3)]
    stacked = Extracted.concat(parts)
    assert whole.articles.equals(stacked.articles)
    detail = whole.tables["actor_mentions"]
    assert detail.equals(stacked.tables["actor_mentions"])
    assert detail.filter(pl.col("article_id") == "1")["first_position"].to_list() == [13 / 31]
