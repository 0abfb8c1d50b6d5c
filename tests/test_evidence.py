"""evidence.csv and `framing explain`: the sentences, quotes and words behind a value."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from framing.config import Study
from framing.evidence import (
    EVIDENCE_SCHEMA,
    actor_sentences,
    feature_sentences,
    frame_cues,
    frame_sentences,
    side_quotes,
    term_sentences,
)
from framing.features.actors.mentions import sentence_mentions, study_gazetteer
from framing.features.base import Counterpart
from tests.conftest import EXAMPLE_CONFIG, EXAMPLE_DATA, MINIMAL_STUDY


def body(texts: list[str], compounds: list[float], outlet: str = "a") -> pl.LazyFrame:
    n = len(texts)
    return pl.LazyFrame(
        {
            "outlet": [outlet] * n,
            "article_id": ["art"] * n,
            "sentence": list(range(1, n + 1)),
            "is_headline": [False] * n,
            "text": texts,
            "sentiment__compound": compounds,
            "frames__economic": [1, 0, 1, 1, 1][:n] + [0] * max(0, n - 5),
        }
    )


def study() -> Study:
    return Study.model_validate(
        {
            "study": {"name": "t"},
            "corpus": {"table": "x.csv"},
            "actors": [
                {"id": "seoul", "label": "South Korea", "aliases": ["Seoul"]},
                {"id": "moscow", "label": "Russia", "aliases": ["Moscow"]},
            ],
        }
    )


def test_actor_sentences_rank_by_tone_and_skip_neutral_ones() -> None:
    texts = [
        "Seoul praised the deal.", "Seoul condemned Moscow.", "Seoul met.",
        "Seoul welcomed it warmly.", "Moscow thanked Seoul.", "Seoul was furious.",
        "Seoul loved it.", "Nobody else.",
    ]  # fmt: skip
    compounds = [0.5, -0.6, 0.0, 0.7, 0.3, -0.8, 0.9, -0.9]
    sentences = body(texts, compounds)
    # The actors family's mentions of those sentences, as its extract finds them.
    mentions = sentence_mentions(sentences.collect(), study_gazetteer(study().actors))
    rows = actor_sentences(sentences, mentions)
    seoul_up = rows.filter(key="seoul:positive")
    assert seoul_up["value"].to_list() == [0.9, 0.7, 0.5]  # capped at 3, best first
    assert seoul_up["rank"].to_list() == [1, 2, 3]
    assert rows.filter(key="seoul:negative")["value"].to_list() == [-0.8, -0.6]
    assert rows.filter(key="moscow:negative")["text"].to_list() == ["Seoul condemned Moscow."]
    assert rows.filter(key="moscow:positive")["sentence"].to_list() == [5]
    assert 0.0 not in rows["value"].to_list()  # "Seoul met." is neutral
    assert "Nobody else." not in rows["text"].to_list()


def test_frames_give_first_cued_sentences_and_top_cue_words() -> None:
    texts = [f"Sentence {i}." for i in range(1, 6)]
    rows = frame_sentences(body(texts, [0.0] * 5))
    assert rows["key"].unique().to_list() == ["economic:sentences"]
    assert rows["sentence"].to_list() == [1, 3, 4]
    hits = pl.DataFrame(
        {
            "outlet": ["a"] * 5,
            "article_id": ["x", "x", "y", "y", "y"],
            "lexicon": ["frame:economic"] * 4 + ["hedges"],
            "word": ["cost", "trade", "cost", "budget", "may"],
            "count": [1, 2, 2, 1, 9],
        }
    )
    cues = frame_cues(hits)
    assert cues["text"].to_list() == ["cost", "trade", "budget"]
    assert cues["value"].to_list() == [3.0, 2.0, 1.0] and set(cues["key"]) == {"economic:cues"}


def test_quotes_longest_first_with_speaker() -> None:
    quotes = pl.DataFrame(
        {
            "outlet": ["a"] * 4,
            "article_id": ["x"] * 4,
            "paragraph": [1, 2, 3, 4],
            "side": ["seoul", "seoul", "moscow", ""],
            "speaker": ["Yoon", "", "Putin", "Someone"],
            "quote": ["short one", "a much longer quote here", "no", "unattributed"],
            "n_words": [2, 5, 1, 1],
        }
    )
    rows = side_quotes(quotes)
    assert rows.filter(key="seoul")["text"].to_list() == [
        "“a much longer quote here”", "“short one” — Yoon",
    ]  # fmt: skip
    assert set(rows["key"]) == {"seoul", "moscow"}


def test_terms_match_whole_words_only() -> None:
    texts = ["The army moved.", "They will arm Kyiv.", "Arms to\nKyiv now.", "arms  to Kyiv"]
    terms = pl.DataFrame({"outlet": ["a", "a"], "term": ["arm", "arms to"], "rank": [1, 1]})
    rows = term_sentences(body(texts, [0.0] * 4), terms)
    assert rows.filter(key="arm")["sentence"].to_list() == [2]
    assert rows.filter(key="arms to")["sentence"].to_list() == [3, 4]


def test_feature_sentences_pull_up_and_down_from_the_mean() -> None:
    part = Counterpart(
        "sentiment__mean_compound", pl.col("sentiment__compound"), None, 1.0,
        ("sentiment__compound",), "mean of sentiment__compound",
    )  # fmt: skip
    texts = [f"S{i}." for i in range(5)]
    rows = feature_sentences(
        body(texts, [0.1, 0.5, -0.2, 0.3, -0.7]), part, key="sentiment__mean_compound", limit=2
    )
    # mean 0.0: above it 0.5, 0.3, 0.1; below it -0.7, -0.2.
    assert rows.filter(key="sentiment__mean_compound:high")["value"].to_list() == [0.5, 0.3]
    assert rows.filter(key="sentiment__mean_compound:low")["value"].to_list() == [-0.7, -0.2]


@pytest.fixture(scope="module")
def example_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example study, models off, written to a run folder."""
    from framing.pipeline import run

    root = tmp_path_factory.mktemp("evidence")
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    text = text.replace('"../data/seoul_moscow_pyongyang/', f'"{EXAMPLE_DATA.as_posix()}/')
    text = text.replace("[models]\n", "[models]\nenabled = false\n", 1)
    config = root / "study.toml"
    config.write_text(text, encoding="utf-8")
    results = run(config, out=root / "out", jobs=1, cache=False)
    assert results.run_dir is not None
    return results.run_dir


def test_example_evidence_covers_every_kind(example_run: Path) -> None:
    from framing.outputs.reader import read_typed

    evidence = read_typed(example_run / "evidence.csv")
    assert evidence.columns == list(EVIDENCE_SCHEMA)
    assert set(evidence["table"]) == {"actors", "attribution", "frames", "terms", "features"}
    assert evidence.group_by("outlet", "table", "key").len()["len"].max() <= 3
    assert set(evidence["outlet"]) == {
        "business_insider_repost", "ft_irish_times", "independent", "outlet_001", "scmp",
    }  # fmt: skip
    keys = evidence.select("outlet", "table", "key", "rank")
    assert keys.equals(keys.sort(keys.columns)) and not keys.is_duplicated().any()
    # Every sentence named is that sentence of sentences.csv.
    sentences = read_typed(example_run / "sentences.csv").select(
        "outlet", "article_id", "sentence", pl.col("text").alias("source")
    )
    named = evidence.filter(pl.col("table").is_in(["actors", "features", "terms"]))
    joined = named.join(sentences, on=["outlet", "article_id", "sentence"], how="left")
    assert (joined["text"] == joined["source"]).all()


def test_explain_prints_sentences_words_and_evidence(cli, example_run: Path) -> None:
    result = cli(
        "explain", example_run, "--outlet", "scmp", "--feature", "sentiment__mean_compound",
        "--limit", "2",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("scmp · sentiment__mean_compound = -0.193")
    assert "highest:" in lines and "lowest:" in lines
    assert lines[lines.index("lowest:") + 1].split()[0] == "-0.8755"
    words = cli("explain", example_run, "--outlet", "scmp", "--feature", "lexical__hedges_rate")
    assert "words of hedges that fired (hits):" in words.stdout and "could" in words.stdout
    actor = cli("explain", example_run, "--outlet", "scmp", "--feature", "north_korea")
    assert actor.exit_code == 0 and "actors · north_korea:negative:" in actor.stdout
    whole = cli(
        "explain", example_run, "--outlet", "scmp", "--feature",
        "readability__flesch_reading_ease",
    )  # fmt: skip
    assert "computed on whole articles" in whole.stdout


@pytest.mark.parametrize(
    ("outlet", "feature", "message"),
    [
        ("nope", "sentiment__mean_compound", "--outlet: 'nope' is not an outlet of"),
        ("scmp", "nope", "--feature: 'nope' is neither a feature column nor an evidence key"),
    ],
)
def test_explain_errors_are_one_line_exit_2(
    cli, example_run: Path, outlet: str, feature: str, message: str
) -> None:
    result = cli("explain", example_run, "--outlet", outlet, "--feature", feature)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr
    examples = result.stderr.partition("(e.g. ")[2].partition(";")[0].split(", ")
    assert len(examples) == len(set(examples))  # no name offered twice


def test_explain_needs_a_finished_run(cli, tmp_path: Path) -> None:
    result = cli("explain", tmp_path, "--outlet", "a", "--feature", "x")
    assert result.exit_code == 2 and "not a complete run" in result.stderr


def test_a_study_without_families_has_an_empty_evidence_table(mini_study) -> None:
    from framing.pipeline import compute

    _, _, tables, _ = compute(mini_study(MINIMAL_STUDY))
    assert tables["evidence"].is_empty() and tables["evidence"].columns == list(EVIDENCE_SCHEMA)


def _tampered_copy(example_run: Path, tmp_path: Path) -> Path:
    import shutil

    copy = tmp_path / "run"
    shutil.copytree(example_run, copy)
    return copy


def test_explain_reads_cells_with_the_types_the_run_recorded(
    cli, example_run: Path, tmp_path: Path
) -> None:
    """A text cell in a numeric column of an edited outlets.csv is an error naming the
    file and row, as for `framing report`: not a silent switch to the evidence rows."""
    run = _tampered_copy(example_run, tmp_path)
    outlets = pl.read_csv(run / "outlets.csv", infer_schema=False)
    edited = outlets.with_columns(
        pl.when(pl.col("outlet") == "scmp")
        .then(pl.lit("abc"))
        .otherwise(pl.col("sentiment__mean_compound"))
        .alias("sentiment__mean_compound")
    )
    edited.write_csv(run / "outlets.csv")
    result = cli("explain", run, "--outlet", "scmp", "--feature", "sentiment__mean_compound")
    assert result.exit_code == 1, result.stdout
    assert result.stderr.count("\n") == 1 and "outlets.csv" in result.stderr
    assert "sentiment__mean_compound" in result.stderr


def test_explain_names_an_unreadable_part_of_the_run(
    cli, example_run: Path, tmp_path: Path
) -> None:
    run = _tampered_copy(example_run, tmp_path)
    parts = sorted((run / "parts" / "sentences").glob("*.parquet"))
    target = parts[0] if parts else run / "sentences.csv"
    target.write_bytes(b"garbage")
    result = cli("explain", run, "--outlet", "scmp", "--feature", "sentiment__mean_compound")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "sentences" in result.stderr
    assert "--debug" not in result.stderr
