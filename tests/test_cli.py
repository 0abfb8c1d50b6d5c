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


# --- usage errors: exit 2, one line naming the option --------------------------------


def _typed_options() -> list[tuple[str, str, str]]:
    """(command, option, bad value) for every int, float and choice option of every
    command, read from the command functions' annotations."""
    import enum
    import inspect
    import typing

    from typer.models import OptionInfo

    from framing import cli

    commands = {
        "run": cli.run, "compare": cli.compare, "features": cli.features,
    }  # fmt: skip
    cases = []
    for name, function in commands.items():
        hints = typing.get_type_hints(function, include_extras=True)
        for parameter in inspect.signature(function).parameters:
            kind, *extras = typing.get_args(hints[parameter])
            option = next((e for e in extras if isinstance(e, OptionInfo)), None)
            if option is None:
                continue
            decls = [option.default, *option.param_decls]  # Annotated: the first is "--name"
            flag = next(d for d in decls if isinstance(d, str) and d.startswith("--"))
            kinds = typing.get_args(kind) or (kind,)
            if int in kinds:
                cases += [(name, flag, "abc"), (name, flag, "1.5")]
                if getattr(option, "min", None) is not None:
                    cases.append((name, flag, str(option.min - 1)))
            elif float in kinds:
                cases.append((name, flag, "abc"))
            elif any(isinstance(k, type) and issubclass(k, enum.Enum) for k in kinds):
                cases.append((name, flag, "bogus"))
    return cases


@pytest.mark.parametrize(("command", "option", "value"), _typed_options())
def test_a_bad_option_value_exits_2_naming_the_option(
    cli, mini_study, command: str, option: str, value: str
) -> None:
    config = mini_study()
    args = {"run": [config], "compare": [config, config], "features": []}[command]
    result = cli(command, *args, option, value)
    assert result.exit_code == 2, result.stderr
    line = one_line(result.stderr)
    assert line.startswith(f"framing: error: {option}: "), line
    assert line.endswith(f"see `framing {command} --help`"), line


def test_the_cases_cover_jobs_chunk_size_engine_and_tolerance() -> None:
    covered = {(c, o) for c, o, _ in _typed_options()}
    assert {("run", "--jobs"), ("run", "--chunk-size"), ("run", "--engine")} <= covered
    assert ("compare", "--tolerance") in covered


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run"], "Missing argument 'configs'"),
        (["run", "x.toml", "--jbos", "2"], "No such option: --jbos"),
        (["bogus"], "No such command 'bogus'"),
        (["compare", "a.csv"], "Missing argument 'B'"),
    ],
)
def test_usage_errors_exit_2_with_one_line(cli, args: list[str], message: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert message in one_line(result.stderr)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"jobs": 0}, "--jobs: 0 is not a whole number of at least 1"),
        ({"chunk_size": 0}, "--chunk-size: 0 is not a whole number"),
        ({"jobs": True}, "--jobs: True is not a whole number"),
        ({"engine": "spark"}, "--engine: 'spark' is not one of local, dask"),
    ],
)
def test_the_python_api_checks_run_options_before_any_work(
    mini_study, tmp_path: Path, options: dict, message: str
) -> None:
    from framing.errors import ConfigError
    from framing.pipeline import run

    with pytest.raises(ConfigError, match=message):
        run(mini_study(), out=tmp_path / "out", **options)
    assert not (tmp_path / "out").exists()


def test_an_error_message_is_one_line_whatever_a_file_name_holds(cli, tmp_path: Path) -> None:
    """A newline or terminal escape in a path is shown escaped, never acted on."""
    name = tmp_path / "bad\nname\x1b[2J\u202e.toml"
    result = cli("validate", name)
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert "\x1b" not in line and "\u202e" not in line
    assert "bad\\nname\\x1b[2J\\u202e.toml" in line


FEATURES = "[features]\nfamilies = []"
RUN_WOULD_REJECT = [
    (FEATURES, '[features]\nfamilies = ["frames"]\n\n[features.frames]\nlexicon = "nope.toml"', "nope.toml: frame lexicon not found"),
    (FEATURES, '[features]\nfamilies = ["frames"]\n\n[features.frames]\nextend = { nonsense = ["x"] }', "features.frames.extend: unknown frame 'nonsense'"),
    (FEATURES, '[features]\nfamilies = ["lexical"]\n\n[features.lexical]\nfiles = { hedges = "nope.txt" }', "features.lexical.files.hedges: 'nope.txt' not found"),
    ("[models]\nenabled = false", '[models]\ntarget = "leaning"', "models.target: 'leaning' would be a label column"),
    ('aliases = ["Seoul", "South Korea"]', 'aliases = ["Seoul", "South Korea"]\n\n[[actors]]\nid = "x"\nlabel = "X"\naliases = ["Seoul"]', "actors[1].aliases[0]: 'Seoul' is also an alias"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "message"), RUN_WOULD_REJECT)
def test_validate_and_the_start_of_run_share_the_checks(
    cli, mini_study, monkeypatch, old: str, new: str, message: str
) -> None:
    """What run would reject, validate rejects too, and run rejects it before it reads
    a single article."""
    import framing.pipeline.study

    assert old in MINIMAL_STUDY
    config = mini_study(MINIMAL_STUDY.replace(old, new))
    validated = cli("validate", config)
    assert validated.exit_code == 2 and message in one_line(validated.stderr)

    def no_reading(*args: object) -> None:
        raise AssertionError("the corpus was read before the config was checked")

    monkeypatch.setattr(framing.pipeline.study, "list_inputs", no_reading)
    ran = cli("run", config, "--out", config.parent / "out", "--quiet")
    assert ran.exit_code == 2 and message in one_line(ran.stderr)
