"""Run folders from anyone: `framing report` and `framing compare` on folders that were
edited, hold links or FIFOs, or cells that look like terminal markup. Nothing is
written through a link; every problem is one line naming the file (and key, column
or row); cell text is shown, never interpreted."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from framing.errors import DataError
from framing.outputs.reader import ManifestView, load_run
from tests.test_robustness import TWO_OUTLETS, make_study, one_line, study_toml

FAMILIES = '["lexical", "actors", "frames", "terms", "attribution"]'


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One small finished run with the report's tables; tests tamper with copies."""
    from framing.pipeline import run

    root = tmp_path_factory.mktemp("finished")
    config = make_study(
        root, study_toml({"a": ["a/*.txt"], "b": ["b/*.txt"]}, families=FAMILIES), TWO_OUTLETS
    )
    return run(config, out=root / "out", jobs=1).run_dir


@pytest.fixture
def copy(finished_run: Path, tmp_path: Path) -> Path:
    target = tmp_path / "run"
    shutil.copytree(finished_run, target)
    return target


def edit_manifest(run_dir: Path, **changes: object) -> None:
    path = run_dir / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**manifest, **changes}), encoding="utf-8")


# --- writes never follow links --------------------------------------------------------


def test_rebuilding_a_report_never_writes_through_a_link(cli, copy: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (copy / "report.html").unlink()
    (copy / "report.html").symlink_to(victim)
    result = cli("report", copy)
    assert result.exit_code == 0, result.stderr
    assert victim.read_text() == "precious\n"
    assert not (copy / "report.html").is_symlink()
    assert "<html" in (copy / "report.html").read_text(encoding="utf-8")


def test_compare_out_replaces_a_link_and_leaves_its_target(
    cli, finished_run: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (tmp_path / "changes.csv").symlink_to(victim)
    result = cli("compare", finished_run, finished_run, "--out", tmp_path / "changes.csv")
    assert result.exit_code == 0, result.stderr
    assert victim.read_text() == "precious\n"
    assert (tmp_path / "changes.csv").read_text().startswith("table,change,")


def test_outlets_add_follows_a_config_link_only_within_its_folder(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_study(tmp_path, study_toml({"a": ["a/*.txt"]}), TWO_OUTLETS)
    monkeypatch.chdir(tmp_path)
    inside = tmp_path / "link.toml"
    inside.symlink_to(config)
    assert cli("outlets", "add", inside, "--id", "b", "--name", "B", "b/*.txt").exit_code == 0
    assert inside.is_symlink() and 'id = "b"' in config.read_text()

    elsewhere = tmp_path / "configs"
    elsewhere.mkdir()
    (elsewhere / "study.toml").symlink_to(config)
    before = config.read_bytes()
    result = cli("outlets", "add", elsewhere / "study.toml", "--id", "c", "--name", "C", "a/*.txt")
    assert result.exit_code == 2
    assert "outside its folder" in one_line(result.stderr)
    assert config.read_bytes() == before


# --- data read as terminal markup -------------------------------------------------------

HOSTILE_CELLS = [
    "[/oops]",
    "[link=http://evil.invalid]click[/link]",
    "\x1b[2J\x1b]8;;http://x\x07y",
    "[bold]x",
]


def test_compare_shows_cell_text_as_text_on_a_terminal() -> None:
    from rich.console import Console

    from framing.commands.compare import changes_view
    from framing.commands.table_diff import CHANGE_SCHEMA

    changes = pl.DataFrame(
        {c: HOSTILE_CELLS if c in ("a", "b", "key") else [None] * 4 for c in CHANGE_SCHEMA},
        schema=CHANGE_SCHEMA,
    )
    buffer = io.StringIO()
    # No colour system: any escape sequence in the output would come from the data.
    Console(file=buffer, force_terminal=True, color_system=None, width=400).print(
        changes_view(changes)
    )
    shown = buffer.getvalue()
    assert "\x1b" not in shown and "\x07" not in shown
    for cell in ("[/oops]", "[link=http://evil.invalid]click[/link]", "[bold]x", "\\x1b[2J"):
        assert cell in shown


# --- tampered run folders ---------------------------------------------------------------

WRONG_TYPES = {
    str: [5, ["x"]],
    list: [5, "x", {"a": 1}],
    dict: [5, "x", [1]],
    int: ["x"],
    float: ["x"],
}


def _manifest_cases() -> list[tuple[str, object]]:
    """(key, wrong value) for every field of the manifest the report and compare read."""
    cases = []
    for key, field in ManifestView.model_fields.items():
        if key == "status":  # anything but "complete" is not a finished run (test_report.py)
            continue
        origin = getattr(field.annotation, "__origin__", field.annotation)
        kind = next((k for k in (str, list, dict) if origin is k), dict)
        cases += [(key, value) for value in WRONG_TYPES[kind]]
    return cases


@pytest.mark.parametrize(("key", "value"), _manifest_cases(), ids=str)
def test_a_manifest_field_of_the_wrong_type_is_named(copy: Path, key: str, value: object) -> None:
    from framing.outputs.reader import read_manifest

    edit_manifest(copy, **{key: value})
    with pytest.raises(Exception) as info:
        read_manifest(copy)
    message = str(info.value)
    assert f"manifest.json: {key}" in message and "\n" not in message


@pytest.mark.parametrize(
    "changes",
    [{"notes": 5}, {"packages": ["x"]}, {"rows": {"a.csv": "many"}}, {"inputs": [{"bytes": "x"}]}],
    ids=str,
)
@pytest.mark.parametrize("command", ["report", "compare"])
def test_report_and_compare_name_an_edited_manifest(
    cli, finished_run: Path, copy: Path, command: str, changes: dict
) -> None:
    edit_manifest(copy, **changes)
    result = cli(command, copy) if command == "report" else cli(command, finished_run, copy)
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert f"{copy / 'manifest.json'}: {next(iter(changes))}" in line


def test_every_edited_numeric_cell_is_named_by_file_row_and_column(copy: Path) -> None:
    """For every column of every table the report reads: a cell that is no longer of
    the type the run wrote is a DataError naming table, row and column."""
    from framing.outputs.tables import large_tables

    recorded = json.loads((copy / "manifest.json").read_text())["columns"]
    checked = 0
    for name, columns in recorded.items():
        path = copy / name
        original = path.read_bytes()
        frame = pl.read_csv(path, infer_schema=False)
        if name.removesuffix(".csv") in large_tables() or not frame.height:
            continue
        for column, dtype in columns.items():
            if dtype in ("String", "Null"):
                continue
            first = pl.int_range(pl.len()) == 0
            frame.with_columns(
                pl.when(first).then(pl.lit("abc")).otherwise(pl.col(column)).alias(column)
            ).write_csv(path)
            with pytest.raises(DataError, match=rf"{name}: row 1, column '{column}': 'abc'"):
                load_run(copy)
            path.write_bytes(original)
            checked += 1
    assert checked > 20


@pytest.mark.parametrize("kind", ["fifo", "link", "folder"])
@pytest.mark.parametrize("command", ["report", "compare"])
def test_a_table_that_is_not_a_regular_file_is_named_not_read(
    cli, hang_guard, finished_run: Path, copy: Path, command: str, kind: str
) -> None:
    table = copy / "outlets.csv"
    table.unlink()
    if kind == "fifo":
        os.mkfifo(table)  # nobody writes to it: reading it would hang
    elif kind == "link":
        table.symlink_to("/etc/passwd")
    else:
        table.mkdir()
    result = cli(command, copy) if command == "report" else cli(command, finished_run, copy)
    assert result.exit_code == 1
    assert f"{table}: " in one_line(result.stderr)


def test_sigterm_stops_compare_waiting_on_a_named_pipe(finished_run: Path, tmp_path: Path) -> None:
    """A pipe the user names is read (process substitution works), and a signal still
    stops a read that waits for a writer."""
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    process = subprocess.Popen(
        [sys.executable, "-m", "framing", "compare", str(pipe), str(finished_run / "outlets.csv")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Once our end of the pipe opens, the reader is past its start-up and waits in read.
    deadline = time.monotonic() + 120
    while True:
        try:
            writer = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError:  # ENXIO: no reader yet
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.1)
    time.sleep(0.5)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    os.close(writer)
    assert process.returncode == 130, stderr
    assert stderr.strip() == "framing: interrupted; nothing was written"  # no run to mention
