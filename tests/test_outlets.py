"""`framing outlets add`: the config keeps every byte but the appended outlet table."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from framing.commands.outlets import add_outlet, config_relative
from framing.config import load_study
from framing.errors import ConfigError
from tests.conftest import EXAMPLE_CONFIG, MINIMAL_STUDY


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


def inserted_after(old: str, anchor: str, block: str) -> str:
    """`old` with `block` inserted right after the (unique) `anchor`."""
    assert old.count(anchor) == 1
    at = old.index(anchor) + len(anchor)
    return old[:at] + block + old[at:]


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example config, comments and all, in tmp_path/configs; cwd is tmp_path."""
    config = tmp_path / "configs" / "study.toml"
    config.parent.mkdir()
    config.write_bytes(EXAMPLE_CONFIG.read_bytes())
    for name in ("one", "two"):
        path = tmp_path / "data" / "new_outlet" / f"{name}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Headline {name}\n\nSeoul said so.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return config


def test_appends_after_the_last_outlet_keeping_every_byte(cli, example: Path) -> None:
    old = example.read_text(encoding="utf-8")
    result = cli("outlets", "add", example, "--id", "yonhap", "--name", "Yonhap", "data/*/*.txt")
    assert result.exit_code == 0, result.stderr
    # Right after the last outlet, before the comment that introduces the actors.
    block = '\n[[outlets]]\nid = "yonhap"\nname = "Yonhap"\nfiles = ["../data/*/*.txt"]\n'
    last = 'meta = { country = "Hong Kong", region = "Asia" }\n'
    assert example.read_text(encoding="utf-8") == inserted_after(old, last, block)
    assert result.stdout.strip() == block.strip()
    assert "added outlet 'yonhap'" in result.stderr and "(2 files)" in result.stderr
    study = load_study(example)
    assert study.outlets[-1].id == "yonhap"
    assert study.actors[0].id == "south_korea"


def test_files_are_stored_relative_to_the_config(example: Path, tmp_path: Path) -> None:
    absolute = tmp_path / "data" / "new_outlet" / "one.txt"
    added = add_outlet(
        example, outlet_id="x", name="X", files=[str(absolute), "data/new_outlet/two.txt"]
    )
    assert added.files == ("../data/new_outlet/one.txt", "../data/new_outlet/two.txt")
    assert added.matched == 2
    assert config_relative("b/*.txt", config=Path("/s/configs/c.toml"), cwd=Path("/s")) == (
        "../b/*.txt"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--id", "scmp", "--name", "S", "data/*/*.txt"], "outlets[5].id: 'scmp' is already used"),
        (["--id", "Bad Id", "--name", "S", "data/*/*.txt"], "outlets[5].id: String should match"),
        (["--id", "new", "--name", " ", "data/*/*.txt"], "outlets[5].name: must not be blank"),
        (["--id", "new", "--name", "N", "data/nope.txt"], "data/nope.txt: file not found"),
        (["--id", "new", "--name", "N", "data/none/*.txt"], "data/none/*.txt: matches no file"),
    ],
    ids=["duplicate-id", "invalid-id", "blank-name", "missing-file", "empty-glob"],
)
def test_bad_input_exits_2_and_writes_nothing(
    cli, example: Path, args: list[str], message: str
) -> None:
    old = example.read_bytes()
    result = cli("outlets", "add", example, *args)
    assert result.exit_code == 2
    assert message in one_line(result.stderr)
    assert example.read_bytes() == old
    assert [p.name for p in example.parent.iterdir()] == ["study.toml"]  # no temp left


def test_invalid_config_is_not_touched(cli, mini_study) -> None:
    config = mini_study(MINIMAL_STUDY.replace("[models]", "[models]\nfolsd = 3"))
    old = config.read_bytes()
    result = cli("outlets", "add", config, "--id", "c", "--name", "C", config.parent / "a/one.txt")
    assert result.exit_code == 2
    assert "did you mean 'folds'" in one_line(result.stderr)
    assert config.read_bytes() == old


def test_comment_under_the_last_outlet_stays_with_it(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Seoul said so.\n", encoding="utf-8")
    old = (
        '[study]\nname = "s"\n\n[[outlets]]\nid = "a"\nname = "A"\nfiles = ["a.txt"]  # one\n'
        "# a's note\n\n\n# models next\n[models]\nenabled = false\n"
    )
    config = tmp_path / "s.toml"
    config.write_text(old, encoding="utf-8")
    add_outlet(config, outlet_id="b", name="B", files=[str(tmp_path / "a.txt")])
    block = '\n[[outlets]]\nid = "b"\nname = "B"\nfiles = ["a.txt"]\n'
    assert config.read_text(encoding="utf-8") == inserted_after(old, "# a's note\n", block)


def test_config_without_outlet_tables_gets_one_at_the_end(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("outlet,text\na,Seoul said so.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Seoul said so.\n", encoding="utf-8")
    config = tmp_path / "s.toml"
    config.write_text('[study]\nname = "s"\n\n[corpus]\ntable = "t.csv"', encoding="utf-8")
    add_outlet(config, outlet_id="b", name="B", files=[str(tmp_path / "b.txt")])
    assert config.read_text(encoding="utf-8").endswith(
        'table = "t.csv"\n\n[[outlets]]\nid = "b"\nname = "B"\nfiles = ["b.txt"]\n'
    )


def test_api_error_is_a_config_error(mini_study) -> None:
    config = mini_study()
    with pytest.raises(ConfigError, match=r"outlets\[2\]\.id: 'a' is already used by outlets\[0\]"):
        add_outlet(config, outlet_id="a", name="A", files=[str(config.parent / "a/one.txt")])


def test_added_outlet_validates_and_runs(cli, mini_study, tmp_path: Path) -> None:
    config = mini_study(
        MINIMAL_STUDY.replace("families = []", 'families = ["lexical"]'),
        files={
            "a/one.txt": "Seoul warns Moscow\n\nSeoul said it would act.\n",
            "b/two.txt": "A quiet day\n\nNothing happened in South Korea today.\n",
            "c/three.txt": "Moscow replies\n\nMoscow said Seoul was wrong.\n",
        },
    )
    glob = str(tmp_path / "c" / "*.txt")
    assert cli("outlets", "add", config, "--id", "c", "--name", "Outlet C", glob).exit_code == 0
    validated = cli("validate", config)
    assert validated.exit_code == 0
    assert [line.split("\t")[0] for line in validated.stdout.splitlines()[1:]] == ["a", "b", "c"]
    ran = cli("run", config, "--out", tmp_path / "runs", "--quiet")
    assert ran.exit_code == 0, ran.stderr
    run_dir = Path(ran.stdout.strip().splitlines()[-1])
    articles = pl.read_csv(run_dir / "articles.csv")
    assert articles["outlet"].to_list() == ["a", "b", "c"]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["plain", "bom"])
def test_crlf_and_bom_are_kept(tmp_path: Path, bom: bytes) -> None:
    (tmp_path / "a.txt").write_text("Seoul said so.\n", encoding="utf-8")
    old = bom + b'[study]\r\nname = "s"\r\n\r\n[[outlets]]\r\nid = "a"\r\nname = "A"\r\n'
    old += b'files = ["a.txt"]\r\n\r\n# next\r\n[models]\r\nenabled = false\r\n'
    config = tmp_path / "s.toml"
    config.write_bytes(old)
    add_outlet(config, outlet_id="b", name="B", files=[str(tmp_path / "a.txt")])
    block = b'\r\n[[outlets]]\r\nid = "b"\r\nname = "B"\r\nfiles = ["a.txt"]\r\n'
    anchor = b'files = ["a.txt"]\r\n'
    assert config.read_bytes() == old.replace(anchor, anchor + block)
