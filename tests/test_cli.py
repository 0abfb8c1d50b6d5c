"""CLI contract: exit codes 0/1/2, one-line errors naming the problem, run folders."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import EXAMPLE_CONFIG, MINIMAL_STUDY


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_validate_example_prints_five_outlets(cli) -> None:
    result = cli("validate", EXAMPLE_CONFIG)
    assert result.exit_code == 0
    rows = result.stdout.strip().splitlines()
    assert rows[0].split("\t") == ["outlet", "name", "articles", "sentences", "words"]
    assert len(rows) == 6


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("[models]", "[models]\nfolsd = 3", "models: unknown key 'folsd'; did you mean 'folds'?"),
        ('"b/*.txt"', '"b/missing.txt"', "outlets[1].files[0]: 'b/missing.txt' file not found"),
        ('"b/*.txt"', '"c/*.txt"', "outlets[1].files[0]: 'c/*.txt' matches no file"),
    ],
    ids=["misspelt-key", "missing-file", "empty-glob"],
)
def test_validate_config_problem_exits_2(cli, mini_study, old: str, new: str, message: str) -> None:
    result = cli("validate", mini_study(MINIMAL_STUDY.replace(old, new)))
    assert result.exit_code == 2
    assert message in one_line(result.stderr)


def test_validate_undecodable_file_exits_1(cli, mini_study) -> None:
    config = mini_study(
        files={
            "a/one.txt": "Seoul said so.\n",
            "b/two.txt": "Caf\xe9 r\xe9sum\xe9".encode("latin-1"),
        }
    )
    result = cli("validate", config)
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert "b/two.txt: not valid UTF-8" in line and "re-save" in line


def test_validate_binary_file_exits_1(cli, mini_study) -> None:
    config = mini_study(
        files={"a/one.txt": "Seoul said so.\n", "b/two.txt": b"\x89PNG\x00\x00\x01"}
    )
    result = cli("validate", config)
    assert result.exit_code == 1
    assert "binary" in one_line(result.stderr)


def test_bom_and_crlf_are_read(cli, mini_study) -> None:
    text = "\ufeffSeoul warns Moscow\r\n\r\nSeoul said it would act.\r\n".encode()
    config = mini_study(
        files={"a/one.txt": text, "b/two.txt": "Quiet day\n\nIt rained in Seoul.\n"}
    )
    result = cli("validate", config)
    assert result.exit_code == 0, result.stderr


def test_empty_file_is_skipped_and_reported(cli, mini_study) -> None:
    config = mini_study(
        files={"a/one.txt": "Seoul said so.\n", "a/empty.txt": "  \n", "b/two.txt": "It rained.\n"}
    )
    result = cli("validate", config)
    assert result.exit_code == 0
    assert "skipped a/empty.txt" in result.stderr


def _files(run_dir: Path) -> dict[str, bytes]:
    """Every file of a run folder (Parquet parts included) by its relative path."""
    return {
        p.relative_to(run_dir).as_posix(): p.read_bytes() for p in run_dir.rglob("*") if p.is_file()
    }


def test_run_writes_a_complete_folder_and_keeps_earlier_runs(
    cli, mini_study, tmp_path: Path
) -> None:
    config = mini_study()
    out = tmp_path / "out"
    first = cli("run", config, "--out", out, "--quiet")
    assert first.exit_code == 0, first.stderr
    first_dir = Path(first.stdout.strip().splitlines()[-1])
    before = _files(first_dir)
    second = cli("run", config, "--out", out, "--quiet")
    second_dir = Path(second.stdout.strip().splitlines()[-1])
    assert second_dir != first_dir
    assert _files(first_dir) == before
    manifest = json.loads((second_dir / "manifest.json").read_text())
    assert manifest["status"] == "complete"
    assert {"articles.csv", "sentences.csv", "outlets.csv", "config.toml"} <= set(before)
    assert not list(out.glob("*/.*.partial"))
    for name in ("articles.csv", "sentences.csv", "outlets.csv"):
        assert (first_dir / name).read_bytes() == (second_dir / name).read_bytes()


def test_features_lists_every_registered_column(cli) -> None:
    from framing.features import FAMILIES, all_columns

    result = cli("features", "--format", "csv")
    assert result.exit_code == 0
    listed = set(pl.read_csv(result.stdout.encode())["column"])
    tables = {c.name for family in FAMILIES.values() for c in family.table_columns}
    assert listed == {c.name for c in all_columns()} | tables


def test_every_column_is_documented() -> None:
    from framing.features import all_columns

    for column in all_columns():
        assert column.definition.strip() and column.direction.strip(), column.name
        assert column.name.startswith(f"{column.family}__"), column.name


def test_docs_features_md_is_up_to_date() -> None:
    from framing.commands.docs import features_markdown

    path = Path(__file__).resolve().parents[1] / "docs" / "features.md"
    assert path.read_text(encoding="utf-8") == features_markdown(), (
        "docs/features.md is stale: run `framing features --format markdown > docs/features.md`"
    )
