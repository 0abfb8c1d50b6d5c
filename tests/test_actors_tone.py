"""Tone toward each actor mention: the model, the per-mention table, the per-article and
per-outlet aggregates with their cluster-bootstrap intervals, and the evidence."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from framing.corpus import Batch, batch_from_texts
from framing.features import FAMILIES, Extracted
from framing.features.actors import tone_features as tf
from framing.features.actors.gazetteer import Gazetteer
from framing.features.actors.mention_tone import TONE_SCHEMA
from framing.features.actors.tone_model import MODEL_PATH, ToneModel, shipped_model
from framing.features.actors.tone_summary import outlet_tones, tone_evidence
from framing.stats.resampling import bootstrap, percentile_ci, stream
from tests.conftest import MINIMAL_STUDY, ROOT
from tests.test_actors import make_study, run

sys.path.insert(0, str(ROOT / "benchmarks"))
import train_tone

SENTENCE = "Seoul condemned Pyongyang's threats on Tuesday."
SEOUL, PYONGYANG = (0, 5), (16, 25)


@pytest.fixture(scope="module")
def model() -> ToneModel:
    return shipped_model()


# ------------------------------------------------------------------------- the model


def test_scores_are_labels_and_bounded(model: ToneModel) -> None:
    label, score = model.score_mention(SENTENCE, *SEOUL, others=[PYONGYANG])
    assert label in tf.CLASSES
    assert -1.0 <= score <= 1.0


def test_a_mention_scores_the_same_in_any_batch(model: ToneModel) -> None:
    """Bit for bit: tables must not depend on how mentions were batched (chunking)."""
    items = [(SENTENCE, *SEOUL, [PYONGYANG]), (SENTENCE, *PYONGYANG, [SEOUL]), ("", 0, 0, [])]
    assert model.score_mentions(items) == [model.score_mention(t, s, e, o) for t, s, e, o in items]
    assert model.score_mentions(items[::-1]) == model.score_mentions(items)[::-1]


def test_target_is_masked(model: ToneModel) -> None:
    """The target's own name never counts: only its context does."""
    other = "Tokyo condemned Pyongyang's threats on Tuesday."
    assert model.score_mention(SENTENCE, *SEOUL, [PYONGYANG]) == model.score_mention(
        other, *SEOUL, [PYONGYANG]
    )


def test_actors_sharing_a_sentence_get_different_scores(model: ToneModel) -> None:
    seoul = model.score_mention(SENTENCE, *SEOUL, [PYONGYANG])[1]
    pyongyang = model.score_mention(SENTENCE, *PYONGYANG, [SEOUL])[1]
    assert pyongyang < seoul


def test_inflections_of_lexicon_words_are_found() -> None:
    lexicon = tf.Lexicon({"slam": -1.6, "threat": -2.4}, frozenset())
    assert lexicon.get("slammed") == -1.6
    assert lexicon.get("threats") == -2.4
    assert lexicon.get("has") is None  # no stems shorter than four letters


def test_role_cues_without_a_parser() -> None:
    """Owner, object and passive-agent cues come from the words next to the target."""
    lexicon = tf.Lexicon({"failure": -2.0, "praise": 2.6, "attack": -2.1}, frozenset())
    owner = tf.mention_features("Pyongyang's failures grew.", 0, 9, (), lexicon)
    assert owner["sx:poss"] == 1.0 and owner["sx:poss_n"] > 0
    agent = tf.mention_features("She was praised by Kim today.", 19, 22, (), lexicon)
    assert agent["sx:by"] == 1.0 and agent["sx:agent_p"] > 0
    obj = tf.mention_features("They attacked the senator.", 18, 25, (), lexicon)
    assert obj["sx:obj:attacked"] == 1.0 and obj["sx:obj_n"] > 0


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        (SENTENCE, [SEOUL, PYONGYANG]),
        (
            "Seoul said Seoul's envoy met Moscow, not Kyiv. Seoul",
            [(0, 5), (11, 16), (29, 35), (41, 45), (47, 52)],
        ),
        ('"Moscow lied," Seoul said.', [(1, 7), (15, 20)]),
        ("Russia-North Korea treaty", [(0, 6), (7, 18)]),
        ("South Korea", [(0, 11), (6, 11)]),  # overlapping spans: each scored on its own
        ("", []),
    ],
)
def test_sentence_features_are_each_mentions_features(text: str, spans: list) -> None:
    """Sharing the sentence's tokens between its mentions changes no feature, nor order."""
    lexicon = shipped_model().lexicon
    shared = tf.sentence_features(text, spans, lexicon)
    single = [
        tf.mention_features(text, s, e, [*spans[:k], *spans[k + 1 :]], lexicon)
        for k, (s, e) in enumerate(spans)
    ]
    assert [list(f.items()) for f in shared] == [list(f.items()) for f in single]
    tokens, ti = tf.tokenize_mention(text, *spans[0], spans[1:]) if spans else ([], 0)
    assert not spans or (tokens.count(tf.TARGET) == 1 and tokens[ti] == tf.TARGET)


def test_model_file_records_its_data_and_citation() -> None:
    payload = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    training = payload["training"]
    assert len(training["data_sha256"]) == 64
    assert "Hamborg" in training["citation"] and "EACL 2021" in training["citation"]
    assert training["mentions"] == 8739
    assert payload["format"] == tf.FORMAT
    docs = (ROOT / "docs" / "actors.md").read_text(encoding="utf-8")
    assert training["data_sha256"] in docs


def test_a_model_file_for_other_features_is_refused() -> None:
    payload = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    with pytest.raises(ValueError, match="not written for this feature code"):
        ToneModel(payload | {"format": "framing.mention_tone/1"})


DATA = train_tone.data_path()
MINIMAL_STUDY_ACTORS = MINIMAL_STUDY.replace("families = []", 'families = ["actors"]')


@pytest.mark.skipif(
    not DATA.is_file(),
    reason=f"NewsMTSC not found at {DATA} (set FRAMING_NEWSMTSC to its sentences.jsonl.gz; "
    "CI without ../shared skips this)",
)
def test_retraining_reproduces_the_shipped_model_file(tmp_path: Path) -> None:
    out = tmp_path / "mention_tone.json"
    assert train_tone.main([str(DATA), "-o", str(out)]) == 0
    assert out.read_bytes() == MODEL_PATH.read_bytes()
    assert json.loads(out.read_bytes())["training"]["data_sha256"] == train_tone.file_sha256(DATA)


# ------------------------------------------------------------------ per article


def _batch() -> Batch:
    a = batch_from_texts(
        [
            (
                "a",
                "1",
                "Seoul warns Moscow\n\nSeoul condemned Moscow's threats. Moscow praised Seoul.",
            ),
            ("a", "2", "Seoul won praise.\n\nNothing here.\n\nMoscow lied, Seoul said."),
        ],
        headline="first_line",
    )
    b = batch_from_texts([("b", "3", "Russia attacked Seoul.")])
    return Batch(
        *(
            pl.concat([getattr(a, n), getattr(b, n)])
            for n in ("articles", "paragraphs", "sentences")
        )
    )


@pytest.fixture(scope="module")
def extracted() -> tuple[Extracted, dict[str, pl.DataFrame]]:
    return run(_batch(), {})


def test_every_mention_gets_a_tone_headline_included(
    extracted: tuple[Extracted, dict[str, pl.DataFrame]], model: ToneModel
) -> None:
    tones = extracted[0].tables["mention_tones"]
    assert tones.columns == list(TONE_SCHEMA)
    batch = _batch()
    gazetteer = Gazetteer.from_actors(make_study().actors)
    expected = [
        (o, a, s, m.actor, m.start, m.end)
        for o, a, s, text in batch.sentences.select(
            "outlet", "article_id", "sentence", "text"
        ).iter_rows()
        for m in gazetteer.find(text)
    ]
    assert (
        tones.select("outlet", "article_id", "sentence", "actor", "start", "end").rows() == expected
    )
    assert len(expected) == 11 and tones.filter(pl.col("sentence") == 0).height == 3
    # "Seoul condemned Moscow's threats.": each scored with the other as the other actor.
    text = "Seoul condemned Moscow's threats."
    rows = tones.filter((pl.col("article_id") == "1") & (pl.col("sentence") == 1))
    assert rows["score"].to_list() == [
        model.score_mention(text, 0, 5, [(16, 22)])[1],
        model.score_mention(text, 16, 22, [(0, 5)])[1],
    ]
    assert rows["alias"].to_list() == ["Seoul", "Moscow"]
    assert rows["polarity"].to_list() == [
        model.score_mention(text, 0, 5, [(16, 22)])[0],
        "negative",
    ]


def test_actor_mentions_tone_is_the_mean_of_its_mentions(
    extracted: tuple[Extracted, dict[str, pl.DataFrame]],
) -> None:
    tones = extracted[0].tables["mention_tones"]
    mentions = extracted[0].tables["actor_mentions"]
    for row in mentions.iter_rows(named=True):
        own = tones.filter(
            (pl.col("article_id") == row["article_id"]) & (pl.col("actor") == row["actor"])
        )
        assert own.height == row["mentions"]
        assert row["tone"] == pytest.approx(sum(own["score"]) / own.height, abs=1e-15)
        for label in tf.CLASSES:
            assert row[f"tone_{label}"] == (own["polarity"] == label).sum()


def test_mention_tones_same_bits_whatever_the_chunking() -> None:
    batch = _batch()
    whole = run(batch, {})[0]
    parts = Extracted.concat([run(batch.take(batch.articles.slice(i, 1)), {})[0] for i in range(3)])
    for name in ("mention_tones", "actor_mentions"):
        assert whole.tables[name].equals(parts.tables[name]), name


# ------------------------------------------------------------------ per outlet


def _tones(rows: list[tuple[str, str, str, int, float]]) -> pl.DataFrame:
    """Hand-made per-mention rows: (outlet, actor, article_id, sentence, score)."""
    return pl.DataFrame(
        [
            {
                "outlet": o, "article_id": a, "sentence": s, "actor": actor, "alias": actor,
                "start": i, "end": i + 1, "score": score,
                "polarity": "positive" if score > 0.3 else "negative" if score < -0.3 else "neutral",
            }
            for i, (o, actor, a, s, score) in enumerate(rows)
        ],
        schema=TONE_SCHEMA,
    )  # fmt: skip


def _outlet(tones: pl.DataFrame, articles: dict[str, int], seed: int = 2024) -> dict:
    table = outlet_tones(tones, articles, seed=seed, resamples=2000, min_articles=10)
    return {(r["outlet"], r["actor"]): r for r in table.iter_rows(named=True)}


def test_outlet_tone_resamples_articles_not_mentions() -> None:
    """10 articles, 20 mentions each, all +0.5 or all −0.5 by article: the interval is as
    wide as 10 articles allow, not as narrow as 200 independent mentions would make it."""
    rows = [
        ("a", "seoul", f"{i:02d}", 1 + j % 4, 0.5 if i % 2 else -0.5)
        for i in range(10)
        for j in range(20)
    ]
    cell = _outlet(_tones(rows), {"a": 10})[("a", "seoul")]
    assert cell["tone"] == 0.0 and cell["tone_unit"] == "article" and cell["tone_n"] == 10
    assert cell["tone_ci_high"] - cell["tone_ci_low"] > 0.35  # mentions resampled: ~0.14
    assert cell["tone_note"] == ""
    # The same draws as resampling the articles' sums by hand with the study's stream.
    sums, counts = np.array([[10.0 if i % 2 else -10.0] for i in range(10)]), np.full((10, 1), 20.0)
    draws = bootstrap(sums, counts, resamples=2000, rng=stream(2024, "actors.tone", "a", "seoul"))
    low, high = percentile_ci(draws)
    assert (cell["tone_ci_low"], cell["tone_ci_high"]) == (low[0], high[0])


def test_outlet_tone_with_few_articles_resamples_sentences() -> None:
    rows = [("a", "seoul", "1", s, score) for s, score in ((1, 0.9), (1, 0.7), (2, -0.4), (3, 0.1))]
    rows += [("b", "seoul", "2", 4, -0.8), ("b", "seoul", "2", 4, -0.2)]
    cells = _outlet(_tones(rows), {"a": 1, "b": 3})
    a, b = cells[("a", "seoul")], cells[("b", "seoul")]
    assert a["tone"] == pytest.approx(1.3 / 4) and a["tone_unit"] == "sentence" and a["tone_n"] == 3
    assert a["tone_ci_low"] < a["tone"] < a["tone_ci_high"]
    assert "sentences resampled" in a["tone_note"]
    assert (a["tone_negative"], a["tone_neutral"], a["tone_positive"]) == (1, 1, 2)
    # One sentence: a tone, no interval, and why.
    assert b["tone"] == pytest.approx(-0.5) and math.isnan(b["tone_ci_low"])
    assert b["tone_note"] == "one sentence: no interval"


def test_one_article_has_no_interval_and_says_why() -> None:
    rows = [("a", "seoul", "1", s, 0.1 * s) for s in range(1, 6)]
    cell = _outlet(_tones(rows), {"a": 12})[("a", "seoul")]
    assert cell["tone"] == pytest.approx(0.3) and math.isnan(cell["tone_ci_high"])
    assert cell["tone_note"] == "one article: no interval"


def test_outlet_tone_is_seeded_and_order_free() -> None:
    rows = [("a", "seoul", str(i), 1 + i % 3, math.sin(i)) for i in range(30)]
    tones = _tones(rows)
    first = _outlet(tones, {"a": 30})
    assert _outlet(tones.reverse(), {"a": 30}) == first
    other = _outlet(tones, {"a": 30}, seed=1)[("a", "seoul")]
    assert other["tone"] == first[("a", "seoul")]["tone"]
    assert other["tone_ci_low"] != first[("a", "seoul")]["tone_ci_low"]


def test_actors_table_every_mentioned_cell_has_a_tone(
    extracted: tuple[Extracted, dict[str, pl.DataFrame]],
) -> None:
    actors = extracted[1]["actors"]
    for row in actors.iter_rows(named=True):
        if row["mentions"]:
            assert math.isfinite(row["tone"])
            assert math.isfinite(row["tone_ci_low"]) or row["tone_note"].startswith("one ")
            assert (
                row["tone_negative"] + row["tone_neutral"] + row["tone_positive"] == row["mentions"]
            )
        else:
            assert math.isnan(row["tone"]) and row["tone_note"] == "not mentioned"
    # The VADER columns are untouched by the mention tone (test_actors checks their values).
    assert {"mean_compound", "ci_low", "ci_high", "mean_compound_all"} <= set(actors.columns)


def test_example_study_every_mentioned_cell_has_a_tone_and_an_interval() -> None:
    """The issue's 'done when' on the shipped example: 24 outlet × actor cells mentioned."""
    from framing.config import load_study
    from framing.corpus import list_inputs, segment_inputs
    from framing.pipeline.plan import family_context, selected_families
    from tests.conftest import EXAMPLE_CONFIG

    study = load_study(EXAMPLE_CONFIG)
    batch, _, _ = segment_inputs(list_inputs(study)[0], study)
    results: dict[str, Extracted] = {}
    for family in selected_families(study):
        if family.name in ("sentiment", "actors"):
            results[family.name] = family.extract(batch, family_context(study, family, results))
    actors_family = FAMILIES["actors"]
    context = family_context(study, actors_family, results)
    actors = actors_family.corpus_tables(results["actors"], batch, context)["actors"]
    mentioned = actors.filter(pl.col("mentions") > 0)
    assert mentioned.height == 24
    # The gap the issue measured: VADER over the sentences naming the actor alone leaves
    # 11 of these cells without a tone; the mention tone fills every one.
    assert mentioned["mean_compound"].is_nan().sum() == 11
    assert mentioned["tone"].is_finite().all()
    assert (
        mentioned["tone_ci_low"].is_finite() | mentioned["tone_note"].str.starts_with("one ")
    ).all()
    # One article per outlet: every interval resamples sentences, and says so.
    assert (mentioned["tone_unit"] == "sentence").all() and (mentioned["tone_n"] >= 2).all()
    assert mentioned["tone_note"].str.contains("sentences resampled").all()
    assert (
        (mentioned["tone_ci_low"] <= mentioned["tone"])
        & (mentioned["tone"] <= mentioned["tone_ci_high"])
    ).all()
    counts = mentioned["tone_negative"] + mentioned["tone_neutral"] + mentioned["tone_positive"]
    assert (counts == mentioned["mentions"]).all()
    unmentioned = actors.filter(pl.col("mentions") == 0)
    assert (
        unmentioned["tone"].is_nan().all() and (unmentioned["tone_note"] == "not mentioned").all()
    )


# ------------------------------------------------------------------ evidence


def test_evidence_lists_the_extremes_with_their_sentence() -> None:
    rows = [
        ("a", "seoul", "1", s, score)
        for s, score in enumerate((0.9, -0.8, 0.2, -0.1, 0.5, -0.95, 0.0), 1)
    ]
    tones = _tones(rows).with_columns(
        pl.lit(0, pl.Int64).alias("start"), pl.lit(5, pl.Int64).alias("end")
    )
    sentences = pl.DataFrame(
        {
            "outlet": "a",
            "article_id": "1",
            "sentence": list(range(1, 8)),
            "text": [f"Seoul {i}" for i in range(1, 8)],
        },
        schema_overrides={"sentence": pl.Int32},
    )
    evidence = tone_evidence(tones, sentences, per_pole=2)
    assert evidence.select("pole", "rank", "score").rows() == [
        ("negative", 1, -0.95), ("negative", 2, -0.8), ("positive", 1, 0.9), ("positive", 2, 0.5),
    ]  # fmt: skip
    assert evidence["text"].to_list() == ["Seoul 6", "Seoul 2", "Seoul 1", "Seoul 5"]
    assert tone_evidence(tones.clear(), sentences).height == 0


def test_every_table_column_is_described_in_docs() -> None:
    docs = (ROOT / "docs" / "actors.md").read_text(encoding="utf-8")
    for column in FAMILIES["actors"].table_columns:
        assert column.definition and column.level == "table", column.name
        assert f"`{column.name}`" in docs, column.name


def test_every_new_column_is_declared_for_framing_features(
    extracted: tuple[Extracted, dict[str, pl.DataFrame]],
) -> None:
    """Every column of the new tables (but the outlet/article/actor keys) and every tone
    column of the old ones is a table column, so `framing features` lists it."""
    declared = {(c.table, c.name) for c in FAMILIES["actors"].table_columns}
    tables = {**extracted[0].tables, **extracted[1]}
    keys = {"outlet", "article_id", "actor"}
    expected = {
        ("mention_tones", name) for name in tables["mention_tones"].columns if name not in keys
    }
    expected |= {
        ("actor_tone_evidence", name)
        for name in tables["actor_tone_evidence"].columns
        if name not in {"outlet", "actor"}
    }
    for table in ("actor_mentions", "actors"):
        expected |= {(table, name) for name in tables[table].columns if name.startswith("tone")}
    assert tables["actor_tone_evidence"].height > 0
    assert expected <= declared, sorted(expected - declared)


# ------------------------------------------------------------------ a broken install


@pytest.fixture
def broken_model(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Point the shipped model at a file in tmp_path; the caches are cleared around it."""
    import framing.features.actors.tone_model as tone_model

    def use(content: bytes | None) -> Path:
        path = tmp_path / "mention_tone.json"
        if content is not None:
            path.write_bytes(content)
        monkeypatch.setattr(tone_model, "MODEL_PATH", path)
        tone_model.shipped_model.cache_clear()
        tone_model.model_sha256.cache_clear()
        return path

    yield use
    tone_model.shipped_model.cache_clear()
    tone_model.model_sha256.cache_clear()


def _one_line_naming(result, path: Path) -> bool:
    """The CLI's one-line error: the file's path, the way to restore it, no traceback."""
    line = result.stderr.strip()
    return (
        "\n" not in line
        and line.startswith("framing: error: ")
        and str(path) in line
        and "train_tone.py" in line
        and "Traceback" not in result.stderr
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_missing_model_stops_the_run_with_one_line(
    cli, mini_study, tmp_path, broken_model, jobs
) -> None:
    path = broken_model(None)
    config = mini_study(MINIMAL_STUDY_ACTORS)
    result = cli("run", config, "--out", tmp_path / "out", "--quiet", "--jobs", jobs)
    assert result.exit_code == 1
    assert _one_line_naming(result, path), result.stderr
    assert "cannot be read" in result.stderr
    assert not list((tmp_path / "out").rglob("manifest.json"))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_corrupt_model_stops_the_run_with_one_line(
    cli, mini_study, tmp_path, broken_model, jobs
) -> None:
    """Readable but not a model: the run is planned (its sha256 reads fine), then the
    first chunk that scores a mention stops it, in a worker or not, with one line."""
    path = broken_model(b'{"format": "framing.mention_tone/1"')
    config = mini_study(MINIMAL_STUDY_ACTORS)
    result = cli("run", config, "--out", tmp_path / "out", "--quiet", "--jobs", jobs)
    assert result.exit_code == 1
    assert _one_line_naming(result, path), result.stderr
    assert "not a mention-tone model for this version" in result.stderr
    assert not list((tmp_path / "out").rglob("manifest.json"))


def test_a_model_error_shows_its_traceback_with_debug(
    cli, mini_study, tmp_path, broken_model
) -> None:
    """--debug lets the DataError through (the traceback) instead of the one line."""
    from framing.errors import DataError

    path = broken_model(None)
    config = mini_study(MINIMAL_STUDY_ACTORS)
    with pytest.raises(DataError, match=str(path)):
        cli("--debug", "run", config, "--out", tmp_path / "out", "--quiet", "--jobs", "1")
    assert not list((tmp_path / "out").rglob("manifest.json"))


def test_a_run_without_actors_does_not_need_the_model(cli, mini_study, tmp_path, broken_model):
    broken_model(None)
    config = mini_study(MINIMAL_STUDY.replace("families = []", 'families = ["sentiment"]'))
    result = cli("run", config, "--out", tmp_path / "out", "--quiet", "--jobs", "1")
    assert result.exit_code == 0, result.stderr


def test_a_missing_model_is_a_data_error_naming_the_file(broken_model) -> None:
    import framing.features.actors.tone_model as tone_model
    from framing.errors import DataError

    path = broken_model(None)
    for load in (tone_model.shipped_model, tone_model.model_sha256):
        with pytest.raises(DataError) as caught:
            load()
        message = str(caught.value)
        assert message.startswith(f"{path}: the mention-tone model cannot be read (")
        assert "\n" not in message and "train_tone.py" in message
        assert caught.value.exit_code == 1


def test_an_unreadable_model_is_a_data_error(broken_model) -> None:
    """A directory where the file should be: unreadable even for root (chmod is not)."""
    import framing.features.actors.tone_model as tone_model
    from framing.errors import DataError

    path = broken_model(None)
    path.mkdir()
    with pytest.raises(DataError, match="the mention-tone model cannot be read"):
        tone_model.shipped_model()


@pytest.mark.parametrize(
    "content",
    [
        b'{"format": "framing.mention_tone/1"',  # cut short: not JSON
        b"[1, 2, 3]",  # JSON, not an object
        b'{"format": "framing.mention_tone/2"}',  # the format, none of the fields
        b"\xff\xfe not utf-8",
    ],
)
def test_a_corrupt_model_is_a_data_error(broken_model, content: bytes) -> None:
    import framing.features.actors.tone_model as tone_model
    from framing.errors import DataError

    path = broken_model(content)
    with pytest.raises(DataError) as caught:
        tone_model.shipped_model()
    message = str(caught.value)
    assert message.startswith(f"{path}: not a mention-tone model for this version of framing (")
    assert "\n" not in message and "train_tone.py" in message


def test_a_model_for_other_feature_code_is_a_data_error(broken_model) -> None:
    """A well-formed model file of another format (an older framing's) is refused too."""
    import framing.features.actors.tone_model as tone_model
    from framing.errors import DataError

    payload = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    broken_model(json.dumps(payload | {"format": "framing.mention_tone/1"}).encode())
    with pytest.raises(DataError, match="not written for this feature code"):
        tone_model.shipped_model()
