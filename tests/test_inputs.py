"""Corpus inputs with surprises: literal names that look like globs, tables with
nested, repeated or empty columns, NUL bytes, links to nothing, FIFOs, and files that
change while a run reads them. Each is a one-line error naming the file (or setting)
before any feature is computed, or read exactly as named."""

from __future__ import annotations

import json
import os
from pathlib import Path

import polars as pl
import pytest

from tests.test_robustness import TWO_OUTLETS, make_study, one_line, run_ok, study_toml

TABLE = pl.DataFrame(
    {
        "source": ["a", "a", "b"],
        "url": ["u1", "u2", "u3"],
        "headline": ["Seoul acts", "Moscow answers", "Quiet day"],
        "body": ["Seoul said it would act.", "Moscow said no.", "It rained in Seoul."],
    }
)


def table_config(tmp_path: Path, name: str, *, columns: str = "") -> Path:
    columns = columns or 'outlet = "source", text = "body", title = "headline", id = "url"'
    corpus = f'[corpus]\ntable = "{name}"\ncolumns = {{ {columns} }}\n'
    config = study_toml({"a": [], "b": []}, corpus=corpus).replace("files = []\n", "")
    path = tmp_path / "study.toml"
    path.write_text(config, encoding="utf-8")
    return path


def place(suffix: str) -> str:
    """How a table's errors name a row: by line in JSON Lines, else ``row N``."""
    return "line" if suffix == ".jsonl" else "row"


def write_table(path: Path, frame: pl.DataFrame) -> None:
    {".csv": frame.write_csv, ".jsonl": frame.write_ndjson, ".parquet": frame.write_parquet}[
        path.suffix
    ](path)


# --- literal names are never glob patterns -------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_a_table_whose_name_holds_glob_characters_is_read_as_named(
    cli, tmp_path: Path, suffix: str
) -> None:
    """polars reads ``corp[1].parquet`` as a pattern matching ``corp1.parquet``; the
    manifest hashes the named file, so the run must read that very file."""
    write_table(tmp_path / f"corp[1]{suffix}", TABLE)
    write_table(
        tmp_path / f"corp1{suffix}", TABLE.with_columns(pl.lit("Decoy text.").alias("body"))
    )
    run_dir = run_ok(cli, table_config(tmp_path, f"corp[1]{suffix}"), tmp_path / "out")
    sentences = pl.read_csv(run_dir / "sentences.csv")
    assert "Moscow said no." in sentences["text"].to_list()
    assert "Decoy text." not in sentences["text"].to_list()
    manifest = json.loads((run_dir / "manifest.json").read_text())
    [entry] = manifest["inputs"]
    assert entry["path"].endswith(f"corp[1]{suffix}")


def test_an_outlet_file_whose_name_holds_glob_characters_is_that_file(cli, tmp_path: Path) -> None:
    files = {**TWO_OUTLETS, "a/report[2024].txt": "Seoul report\n\nSeoul said so. It was late.\n"}
    files["a/report2.txt"] = "Decoy\n\nDecoy text. Nothing here.\n"
    config = make_study(
        tmp_path, study_toml({"a": ["a/report[2024].txt"], "b": ["b/*.txt"]}), files
    )
    run_dir = run_ok(cli, config, tmp_path / "out")
    ids = pl.read_csv(run_dir / "articles.csv")["article_id"].to_list()
    assert ids == ["report[2024]", "two"]


def test_outlets_add_stores_a_literal_name_so_that_it_names_that_file(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {**TWO_OUTLETS, "c/report[2024].txt": "Seoul report\n\nSeoul said so.\n"}
    files["c/report2.txt"] = "Decoy\n\nDecoy text.\n"
    config = make_study(tmp_path, study_toml({"a": ["a/*.txt"], "b": ["b/*.txt"]}), files)
    monkeypatch.chdir(tmp_path)
    result = cli("outlets", "add", config, "--id", "c", "--name", "C", "c/report[2024].txt")
    assert result.exit_code == 0, result.stderr
    assert "(1 file)" in result.stderr
    from framing.config import load_study

    study = load_study(config)
    assert [p.name for o, p in study.outlet_files() if o == "c"] == ["report[2024].txt"]


def test_a_config_in_a_folder_whose_name_holds_glob_characters_finds_its_files(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a files entry is a pattern, not the config's folder: `study[1]/a/*.txt`
    used to match nothing (the folder name read as a character class)."""
    root = tmp_path / "study[1]"
    files = {**TWO_OUTLETS, "c/x.txt": "Seoul report\n\nSeoul said so.\n"}
    config = make_study(root, study_toml({"a": ["a/*.txt"], "b": ["b/**/*.txt"]}), files)
    (tmp_path / "study1" / "a").mkdir(parents=True)  # what the class would match instead
    (tmp_path / "study1" / "a" / "decoy.txt").write_text("Decoy\n\nDecoy text.\n")
    run_dir = run_ok(cli, config, tmp_path / "out")
    assert pl.read_csv(run_dir / "articles.csv")["article_id"].to_list() == ["one", "two"]
    monkeypatch.chdir(root)
    result = cli("outlets", "add", config, "--id", "c", "--name", "C", "c/*.txt")
    assert result.exit_code == 0, result.stderr
    assert "(1 file)" in result.stderr


def test_an_out_folder_whose_name_holds_glob_characters_works(cli, tmp_path: Path) -> None:
    config = make_study(tmp_path, study_toml({"a": ["a/*.txt"], "b": ["b/*.txt"]}), TWO_OUTLETS)
    run_dir = run_ok(cli, config, tmp_path / "runs[1]")
    assert (run_dir / "sentences.csv").is_file()


# --- tables with surprises -----------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_unmapped_list_and_record_columns_are_ignored(cli, tmp_path: Path, suffix: str) -> None:
    frame = TABLE.with_columns(
        pl.Series("tags", [["x", "y"], [], None]), pl.Series("meta", [{"k": 1}, {"k": 2}, None])
    )
    write_table(tmp_path / f"articles{suffix}", frame)
    run_ok(cli, table_config(tmp_path, f"articles{suffix}"), tmp_path / "out")


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_a_mapped_column_of_lists_exits_2_naming_the_setting(
    cli, tmp_path: Path, suffix: str
) -> None:
    frame = TABLE.with_columns(pl.Series("body", [["x"], ["y"], ["z"]]))
    write_table(tmp_path / f"articles{suffix}", frame)
    result = cli("validate", table_config(tmp_path, f"articles{suffix}"))
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert "corpus.columns.text: column 'body'" in line and "not text" in line


@pytest.mark.parametrize(
    ("suffix", "content"),
    [
        (".csv", "source,url,body,body\na,u1,First.,Second.\nb,u2,Third.,Fourth.\n"),
        (".jsonl", '{"source":"a","url":"u1","body":"First.","body":"Second."}\n'),
    ],
)
def test_a_mapped_column_named_twice_is_an_error(
    cli, tmp_path: Path, suffix: str, content: str
) -> None:
    (tmp_path / f"articles{suffix}").write_text(content, encoding="utf-8")
    config = table_config(
        tmp_path, f"articles{suffix}", columns='outlet = "source", text = "body", id = "url"'
    )
    result = cli("validate", config)
    assert result.exit_code == 1
    assert "'body'" in one_line(result.stderr)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
@pytest.mark.parametrize("empty", ["", "   "])
def test_an_empty_article_id_is_an_error_naming_the_row(
    cli, tmp_path: Path, suffix: str, empty: str
) -> None:
    write_table(
        tmp_path / f"articles{suffix}", TABLE.with_columns(pl.Series("url", ["u1", empty, "u3"]))
    )
    result = cli("validate", table_config(tmp_path, f"articles{suffix}"))
    assert result.exit_code == 1
    assert f"{place(suffix)} 2: empty article id in column 'url'" in one_line(result.stderr)


def test_a_table_outlet_too_long_to_label_a_figure_is_an_error(cli, tmp_path: Path) -> None:
    outlets = pl.Series("source", ["a", "a", "b" * 5000])
    write_table(tmp_path / "articles.csv", TABLE.with_columns(outlets))
    result = cli("validate", table_config(tmp_path, "articles.csv"))
    assert result.exit_code == 1
    assert "row 3: outlet 'bbbb" in one_line(result.stderr) and "longer than 64" in result.stderr


def test_a_nul_byte_anywhere_in_a_file_is_an_error(cli, tmp_path: Path) -> None:
    """Only the first 8 KB used to be checked: a NUL further on reached sentences.csv."""
    late = ("Seoul said so. " * 1000).encode() + b"\x00" + b" Then more.\n"
    config = make_study(
        tmp_path,
        study_toml({"a": ["a/*.txt"], "b": ["b/*.txt"]}),
        {**TWO_OUTLETS, "a/one.txt": late},
    )
    result = cli("run", config, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1
    assert f"a/one.txt: looks like a binary file (a NUL byte at byte {late.index(0)})" in one_line(
        result.stderr
    )


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_a_nul_character_in_a_table_cell_is_an_error(cli, tmp_path: Path, suffix: str) -> None:
    body = ["Seoul said it would act.", "x" * 9000 + "\x00 hidden", "It rained."]
    write_table(tmp_path / f"articles{suffix}", TABLE.with_columns(pl.Series("body", body)))
    result = cli("validate", table_config(tmp_path, f"articles{suffix}"))
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert (f"{place(suffix)} 2: column 'body' holds a NUL" in line) or ("NUL byte" in line), line


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
@pytest.mark.parametrize("mark", ["\x1b]8;;http://evil.invalid\x07", "\n", "\u202e"])
def test_a_table_outlet_holding_a_control_character_is_an_error(
    cli, tmp_path: Path, suffix: str, mark: str
) -> None:
    """An outlet labels figures and `validate` prints it: an escape sequence in it
    rendered a hidden hyperlink on the terminal."""
    outlets = pl.Series("source", ["a", f"a{mark}x", "b"])
    write_table(tmp_path / f"articles{suffix}", TABLE.with_columns(outlets))
    result = cli("validate", table_config(tmp_path, f"articles{suffix}"))
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert f"{place(suffix)} 2: outlet 'a" in line and "holds a control character" in line
    assert mark not in line + result.stdout


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_a_table_article_id_holding_a_control_character_is_an_error(
    cli, tmp_path: Path, suffix: str
) -> None:
    """`framing explain` prints article ids next to sentences: an escape sequence in
    one reached the terminal (as an outlet's would, which is refused)."""
    ids = pl.Series("url", ["u1", "u\x1b[2Jx", "u3"])
    write_table(tmp_path / f"articles{suffix}", TABLE.with_columns(ids))
    result = cli("validate", table_config(tmp_path, f"articles{suffix}"))
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert f"{place(suffix)} 2: article id 'u" in line and "holds a control character" in line
    assert "\x1b" not in line + result.stdout


def test_validate_shows_an_outlet_name_as_text(cli, tmp_path: Path) -> None:
    config = make_study(tmp_path, study_toml({"a": ["a/*.txt"], "b": ["b/*.txt"]}), TWO_OUTLETS)
    text = config.read_text(encoding="utf-8").replace('"Outlet a"', '"A\\u001b[2J\\u0007"')
    config.write_text(text, encoding="utf-8")
    result = cli("validate", config)
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "A\\x1b[2J\\x07" in result.stdout


def test_a_lone_surrogate_escape_in_a_jsonl_cell_is_an_error_naming_the_line(
    cli, tmp_path: Path
) -> None:
    """JSON can escape half of a UTF-16 pair ("\\ud800"), which is no text: it used to
    fail the run with an internal UnicodeEncodeError."""
    good = '{"source": "a", "url": "u1", "headline": "H", "body": "Seoul said so."}'
    bad = '{"source": "b", "url": "u2", "headline": "H", "body": "Moscow \\ud800 said."}'
    (tmp_path / "articles.jsonl").write_text(f"{good}\n{bad}\n", encoding="utf-8")
    result = cli("validate", table_config(tmp_path, "articles.jsonl"))
    assert result.exit_code == 1
    assert "articles.jsonl: line 2: key 'body' holds a lone surrogate" in one_line(result.stderr)


def test_a_table_without_rows_names_the_table_setting(cli, tmp_path: Path) -> None:
    (tmp_path / "articles.csv").write_text("source,url,headline,body\n", encoding="utf-8")
    result = cli("validate", table_config(tmp_path, "articles.csv"))
    assert result.exit_code == 1
    assert "no article has any text; check corpus.table" in one_line(result.stderr)


def test_a_broken_link_matched_by_a_glob_is_an_error(cli, tmp_path: Path) -> None:
    config = make_study(tmp_path, study_toml({"a": ["a/*.txt"], "b": ["b/*.txt"]}), TWO_OUTLETS)
    (tmp_path / "a" / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    result = cli("validate", config)
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert "outlets[0].files[0]" in line and "gone.txt is a symbolic link to a missing file" in line


def test_a_fifo_matched_by_a_glob_is_an_error_not_a_hang(cli, hang_guard, tmp_path: Path) -> None:
    config = make_study(tmp_path, study_toml({"a": ["a/*.txt"], "b": ["b/*.txt"]}), TWO_OUTLETS)
    os.mkfifo(tmp_path / "b" / "pipe.txt")
    result = cli("validate", config)
    assert result.exit_code == 1
    assert "pipe.txt is not a regular file" in one_line(result.stderr)


# --- analyse exactly the bytes that were hashed -----------------------------------------


def test_a_file_changed_during_the_run_never_reaches_the_cache(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inputs are hashed when listed and read again where they are segmented. A file
    changed in between used to have the new text's features stored under the old
    hash, and served later for the restored file (14 words reported for 388)."""
    import framing.pipeline.study as study_module

    long_story = "Seoul answers Moscow\n\n" + "Seoul said it would act today. " * 40 + "\n"
    config = make_study(
        tmp_path,
        study_toml({"a": ["a/*.txt"], "b": ["b/*.txt"]}),
        {**TWO_OUTLETS, "a/one.txt": long_story},
    )
    listed = study_module.list_inputs

    def list_then_edit(study):
        inputs = listed(study)
        (tmp_path / "a" / "one.txt").write_text("Short now.\n\nJust this.\n", encoding="utf-8")
        return inputs

    monkeypatch.setattr(study_module, "list_inputs", list_then_edit)
    result = cli("run", config, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1
    assert "a/one.txt: changed while the run was reading it" in one_line(result.stderr)

    monkeypatch.setattr(study_module, "list_inputs", listed)
    (tmp_path / "a" / "one.txt").write_text(long_story, encoding="utf-8")
    run_dir = run_ok(cli, config, tmp_path / "out")
    words = pl.read_csv(run_dir / "articles.csv").filter(pl.col("article_id") == "one")["n_words"]
    assert words.item() == 6 * 40


def test_jsonl_errors_name_the_line_blank_lines_included(cli, tmp_path: Path) -> None:
    """JSON Lines problems are named by line (as a parse error is): with a blank line
    first, the second record is line 3, not "row 2"."""
    first = '{"source": "a", "url": "u1", "body": "Seoul spoke.", "country": "KR"}'
    second = '{"source": "a", "url": "u2", "body": "Moscow spoke.", "country": "RU"}'
    (tmp_path / "articles.jsonl").write_text(f"\n{first}\n{second}\n", encoding="utf-8")
    config = table_config(
        tmp_path, "articles.jsonl", columns='outlet = "source", text = "body", id = "url"'
    )
    text = config.read_text(encoding="utf-8").replace(
        "columns = {", 'meta_columns = ["country"]\ncolumns = {', 1
    )
    config.write_text(text, encoding="utf-8")
    result = cli("validate", config)
    assert result.exit_code == 1
    assert one_line(result.stderr) == (
        "framing: error: articles.jsonl: line 3: column 'country' is 'RU' for outlet 'a', "
        "but line 2 says 'KR'; a meta column holds one value per outlet"
    )
    dup = second.replace("u2", "u1").replace("RU", "KR")
    (tmp_path / "articles.jsonl").write_text(f"\n{first}\n\n{dup}\n", encoding="utf-8")
    result = cli("validate", config)
    assert "articles.jsonl: line 4: article id 'u1' appears twice" in one_line(result.stderr)
