"""`frames` family: cue matching, shares, CI, lexicon loading, degenerate input."""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import polars as pl
import pytest

from framing.config import Study
from framing.corpus import batch_from_texts
from framing.errors import ConfigError
from framing.features import Context
from framing.features.frames import (
    DEFAULT_LEXICON,
    FAMILY,
    FRAME_IDS,
    FramesOptions,
    outlet_frames,
    study_lexicon,
)


def make_study(
    tmp_path: Path | None = None, *, topic_words: tuple[str, ...] = (), **frames
) -> Study:
    features: dict = {"families": ["frames"], "topic_words": list(topic_words)}
    if frames:
        features["frames"] = frames
    return Study.model_validate(
        {
            "study": {"name": "t"},
            "outlets": [{"id": "a", "name": "A", "files": ["x"]}],
            "features": features,
            "base_dir": tmp_path or Path("."),
        }
    )


def run(texts: list[tuple[str, str, str]], study: Study | None = None, **batch_options):
    study = study or make_study()
    batch = batch_from_texts(texts, **batch_options)
    ctx = Context(study=study, options=study.features.options("frames"))
    extracted = FAMILY.extract(batch, ctx)
    return batch, extracted, FAMILY.corpus_tables(extracted, batch, ctx)["frames"]


def flags(text: str, study: Study | None = None) -> dict[str, int]:
    """Frames cued by a one-sentence article: {frame: 1} for each cued frame."""
    _, extracted, _ = run([("a", "1", text)], study)
    row = extracted.sentences.row(0, named=True)
    return {k.removeprefix("frames__"): v for k, v in row.items() if v and k != "frames__n_frames"}


def test_builtin_lexicon_matches_declared_frames() -> None:
    data = tomllib.loads(DEFAULT_LEXICON.read_text(encoding="utf-8"))
    tables = {k: v for k, v in data.items() if isinstance(v, dict)}
    assert tuple(tables) == FRAME_IDS
    for frame_id, table in tables.items():
        assert table["version"] and table["description"] and table["label"]
        assert bool(table["cues"]) == (frame_id != "other")
    declared = {c.name for c in FAMILY.columns}
    assert {f"frames__{f}" for f in FRAME_IDS} <= declared
    assert {f"frames__{f}_share" for f in FRAME_IDS} <= declared


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Economists fear a recession.", {"economic": 1}),  # prefix cue econom*
        ("The court's decision stands.", {"legality_constitutionality": 1}),  # possessive 's
        ("The quality of life fell.", {"quality_of_life": 1}),  # multiword cue
        ("The quality, of life fell.", {"other": 1}),  # punctuation breaks a multiword cue
        ("The lawn grew.", {"other": 1}),  # whole words: `law` does not match `lawn`
        ("Voters protested the tax.", {"economic": 1, "public_opinion": 1}),
        ("", {}),
    ],
)
def test_cues_fire_on_hand_made_sentences(text: str, expected: dict[str, int]) -> None:
    if not text:
        batch, _, table = run([("a", "1", text)])
        assert batch.sentences.height == 0 and table.height == 0
        return
    assert flags(text) == expected


def test_n_frames_and_other_are_consistent() -> None:
    _, extracted, _ = run([("a", "1", "Voters protested the tax. Nothing to see.")])
    assert extracted.sentences["frames__n_frames"].to_list() == [2, 0]
    assert extracted.sentences["frames__other"].to_list() == [0, 1]


def test_topic_words_mask_cues_and_multiword_cues() -> None:
    masked = make_study(topic_words=("military", "rights"))
    assert flags("A military parade.", masked) == {"other": 1}
    assert flags("A military parade.") == {"security_defence": 1}
    # `human rights` contains a masked token, so neither it nor `rights` fires.
    assert flags("Human rights matter.", masked) == {"other": 1}
    unmasked = make_study(topic_words=("military",), mask_topic_words=False)
    assert flags("A military parade.", unmasked) == {"security_defence": 1}
    assert FAMILY.reads(masked)["masked"] == ["military", "rights"]
    assert FAMILY.reads(unmasked)["masked"] == []


def test_extend_adds_cues_and_changes_the_cache_key() -> None:
    extended = make_study(extend={"security_defence": ["parade*", "red flag"]})
    assert flags("Parades were held.", extended) == {"security_defence": 1}
    assert flags("A red flag flew.", extended) == {"security_defence": 1}
    assert FAMILY.reads(extended) != FAMILY.reads(make_study())
    with pytest.raises(ConfigError, match="unknown frame 'securty'"):
        study_lexicon(extended, FramesOptions(extend={"securty": ("x",)}))


def test_replacement_lexicon(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text(
        'name = "mine"\n[diplomacy]\nversion = "2"\ncues = ["talks", "peace process"]\n',
        encoding="utf-8",
    )
    study = make_study(tmp_path, lexicon="mine.toml")
    lexicon = study_lexicon(study, study.features.options("frames"))
    assert lexicon.ids == ("diplomacy", "other")
    _, extracted, table = run(
        [("a", "1", "Talks resumed. The peace process stalled. Rain.")], study
    )
    assert extracted.sentences.columns == ["frames__diplomacy", "frames__other", "frames__n_frames"]
    assert extracted.sentences["frames__diplomacy"].to_list() == [1, 1, 0]
    assert extracted.articles["frames__diplomacy_share"].to_list() == pytest.approx([2 / 3])
    assert table["frame"].to_list() == ["diplomacy", "other"]

    (tmp_path / "bad.toml").write_text('[other]\ncues = ["x"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="residual"):
        study_lexicon(make_study(tmp_path, lexicon="bad.toml"), FramesOptions(lexicon="bad.toml"))
    with pytest.raises(ConfigError, match="not found"):
        study_lexicon(make_study(tmp_path), FramesOptions(lexicon="missing.toml"))


def test_article_shares_dominant_and_headline_excluded() -> None:
    text = (
        "Court rules on tax\n\n"  # headline: cues legality and economic, must not count
        "The tax rose. Prices and budgets grew. The court ruled. It rained."
    )
    batch, extracted, table = run([("a", "1", text)], headline="first_line")
    assert batch.sentences["is_headline"].to_list() == [True, False, False, False, False]
    row = extracted.articles.row(0, named=True)
    # 4 body sentences: economic in 2 (tax; prices+budgets), legality in 1, none in 1.
    assert row["frames__economic_share"] == 0.5
    assert row["frames__legality_constitutionality_share"] == 0.25
    assert row["frames__other_share"] == 0.25
    assert row["frames__morality_share"] == 0.0
    assert row["frames__dominant"] == "economic"
    hits = extracted.tables["lexicon_hits"]
    assert hits.columns[:2] == ["outlet", "article_id"]
    assert hits.select("lexicon", "word", "count").rows() == [
        ("frame:economic", "budget*", 1),
        ("frame:economic", "price*", 1),
        ("frame:economic", "tax", 1),
        ("frame:legality_constitutionality", "court", 1),
    ]
    economic = table.filter(pl.col("frame") == "economic").row(0, named=True)
    assert (economic["sentences"], economic["n_sentences"], economic["share"]) == (2, 4, 0.5)


def test_dominant_ties_break_on_hits_then_codebook_order() -> None:
    # One sentence each; legality has 2 hits (court, judges) vs economic's 1 -> legality.
    _, ex, _ = run([("a", "1", "The tax rose. The court and judges met.")])
    assert ex.articles["frames__dominant"].to_list() == ["legality_constitutionality"]
    # Equal sentences and hits: codebook order puts economic first.
    _, ex, _ = run([("a", "1", "The tax rose. The court met.")])
    assert ex.articles["frames__dominant"].to_list() == ["economic"]
    _, ex, _ = run([("a", "1", "Nothing here.")])
    assert ex.articles["frames__dominant"].to_list() == ["other"]


def test_article_without_body_sentences_gives_nan_and_null() -> None:
    _, ex, table = run([("a", "1", "Tax headline only")], headline="first_line")
    row = ex.articles.row(0, named=True)
    assert math.isnan(row["frames__economic_share"]) and row["frames__dominant"] is None
    assert ex.sentences["frames__economic"].to_list() == [1]  # headline flagged, not counted
    assert table["n_sentences"].unique().to_list() == [0]
    assert table["share"].is_nan().all() and table["ci_low"].is_nan().all()


def test_wilson_interval_hand_checked() -> None:
    # 2 of 10 sentences, one article: p = 0.2, design effect 1. Wilson (z = 1.95996):
    # centre = (0.2 + z²/20) / (1 + z²/10) = 0.39207/1.38415 = 0.28326
    # half   = z·sqrt(0.016 + z²/400) / 1.38415 = 1.95996·0.16001/1.38415 = 0.22658
    # -> [0.05668, 0.50984] (Newcombe 1998, table I: 0.0567-0.5098).
    per_article = pl.DataFrame(
        {
            "outlet": ["a"],
            "article_id": ["1"],
            "frame": ["f"],
            "sentences": [2],
            "n_sentences": [10],
        }
    )
    row = outlet_frames(per_article, min_articles=10).row(0, named=True)
    assert row["share"] == 0.2 and row["design_effect"] == 1.0
    assert row["ci_low"] == pytest.approx(0.0566822, abs=1e-6)
    assert row["ci_high"] == pytest.approx(0.5098375, abs=1e-6)


def test_design_effect_widens_clustered_interval() -> None:
    # 10 articles of 2 sentences; articles 1-5 cue the frame in both, 6-10 in neither.
    # N = 20, y = 10, p = 0.5; Σ (y_a − p·n_a)² = 10 · 1² = 10;
    # v_cluster = 10/9 · 10 / 20² = 0.027778; v_srs = 0.25/20 = 0.0125; deff = 2.2222;
    # n_eff = 20 / 2.2222 = 9 -> Wilson(0.5, 9) = [0.22653, 0.77347] (vs [0.29930,
    # 0.70070] for n = 20).
    per_article = pl.DataFrame(
        {
            "outlet": ["a"] * 10,
            "article_id": [str(i) for i in range(10)],
            "frame": ["f"] * 10,
            "sentences": [2] * 5 + [0] * 5,
            "n_sentences": [2] * 10,
        }
    )
    row = outlet_frames(per_article, min_articles=10).row(0, named=True)
    assert row["design_effect"] == pytest.approx(20 / 9)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((0.2265292, 0.7734708), abs=1e-6)
    # Below min_articles the design effect is not estimated.
    row = outlet_frames(per_article, min_articles=11).row(0, named=True)
    assert row["design_effect"] == 1.0
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((0.2992980, 0.7007020), abs=1e-6)


def test_frames_table_contract_and_bounds() -> None:
    texts = [
        ("b", "1", "The economy grew. Troops moved to the border. Voters protested."),
        ("a", "2", "Sanctions were imposed. Nothing else. 12345."),
        ("a", "3", "😀 🎉"),
        ("c", "4", "word"),
    ]
    batch, extracted, table = run(texts)
    assert table.columns == [
        "outlet", "frame", "sentences", "share", "ci_low", "ci_high",
        "n_sentences", "n_articles", "design_effect",
    ]  # fmt: skip
    assert table["outlet"].to_list() == sorted(table["outlet"].to_list())
    assert table.height == 3 * len(FRAME_IDS)
    assert table.filter(pl.col("outlet") == "a")["frame"].to_list() == list(FRAME_IDS)
    for column in ("share", "ci_low", "ci_high"):
        values = table[column].fill_nan(None).drop_nulls()
        assert values.is_between(0, 1).all()
    assert (table["ci_low"] <= table["share"]).all() and (table["share"] <= table["ci_high"]).all()
    # Every sentence cues either `other` or at least one frame, never both.
    s = extracted.sentences
    assert ((s["frames__other"] == 1) == (s["frames__n_frames"] == 0)).all()
    assert extracted.sentences.height == batch.sentences.height
    assert extracted.articles.height == batch.articles.height


def test_large_unpunctuated_text_is_fast() -> None:
    import time

    text = "the tax court " * 70_000  # ~1 MB, no sentence punctuation
    start = time.perf_counter()
    _, extracted, _ = run([("a", "1", text)])
    assert time.perf_counter() - start < 10
    assert extracted.articles["frames__economic_share"].to_list() == [1.0]
