"""Writing files: atomic, with ordinary permissions, never through a symbolic link."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from framing.outputs.writer import write_text


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_files_get_the_umask_mode_not_a_private_one(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_text(tmp_path / "a.csv", "x\n")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "a.csv") == 0o644  # mkstemp alone would give 0o600


def test_a_rewritten_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "study.toml"
    target.write_text("a = 1\n")
    target.chmod(0o664)
    write_text(target, "a = 2\n")
    assert target.read_text() == "a = 2\n"
    assert _mode(target) == 0o664


def _writers(tmp_path: Path):
    """Every way the writer puts a file at a path (each given the path)."""
    import polars as pl

    from framing.outputs.writer import write_csv

    frame = pl.DataFrame({"a": [1]})
    return {
        "write_text": lambda path: write_text(path, "new\n"),
        "write_csv (frame)": lambda path: write_csv(path, frame),
        "write_csv (lazy)": lambda path: write_csv(path, frame.lazy()),
    }


@pytest.mark.parametrize("writer", ["write_text", "write_csv (frame)", "write_csv (lazy)"])
def test_a_write_replaces_a_symlink_and_never_writes_through_it(
    tmp_path: Path, writer: str
) -> None:
    """A run folder from someone else may hold links to your files: writing a file
    replaces the link itself; what it pointed to is untouched."""
    outside = tmp_path / "outside" / ".bashrc"
    outside.parent.mkdir()
    outside.write_text("precious\n")
    folder = tmp_path / "run"
    folder.mkdir()
    link = folder / "report.html"
    link.symlink_to(outside)
    _writers(tmp_path)[writer](link)
    assert outside.read_text() == "precious\n"
    assert not link.is_symlink() and link.is_file()


def test_a_path_that_cannot_be_written_is_a_one_line_data_error(tmp_path: Path) -> None:
    from framing.errors import DataError

    (tmp_path / "report.html").mkdir()  # a folder where the file should go
    with pytest.raises(DataError, match=r"report\.html: cannot write"):
        write_text(tmp_path / "report.html", "x")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_run_never_publishes_after_an_interrupt_was_swallowed(tmp_path: Path) -> None:
    """A KeyboardInterrupt raised inside a polars callback can be swallowed there; the
    flag set by the signal handler still stops the run before it looks complete."""
    import pytest

    from framing.outputs.writer import RunWriter, interrupted

    writer = RunWriter(tmp_path, "study", "0" * 64)
    interrupted.set()
    try:
        with pytest.raises(KeyboardInterrupt):
            writer.publish({"study": "study"})
    finally:
        interrupted.clear()
    assert not writer.final_dir.exists()


def test_an_error_after_an_interrupt_exits_130_with_one_line(cli, mini_study, monkeypatch) -> None:
    import framing.pipeline.study
    from framing.outputs.writer import interrupted

    def swallowed(*args: object, **kwargs: object) -> None:
        interrupted.set()  # as the signal handler does, then polars turns it into an error
        raise TypeError("'<unprintable str object>' is not a Polars data type")

    monkeypatch.setattr(framing.pipeline.study, "compute", swallowed)
    result = cli("run", mini_study(), "--out", mini_study().parent / "out")
    assert result.exit_code == 130
    assert result.stderr.strip() == "framing: interrupted; the unfinished run was not published"
    interrupted.clear()


def test_a_new_run_removes_only_the_unfinished_folders_of_dead_runs(tmp_path: Path) -> None:
    """A live run holds a lock on its `.partial` folder; the kernel drops it when the
    run dies. A folder with no lock file is never judged (a run publishing now)."""
    from framing.outputs.partial import LOCK_NAME, PartialFolder
    from framing.outputs.writer import RunWriter

    study_dir = tmp_path / "study"
    study_dir.mkdir()
    live = PartialFolder(study_dir / ".live.partial")
    dead = PartialFolder(study_dir / ".dead.partial")
    dead.close()  # as the kernel does when its process is killed
    (study_dir / ".old.partial").mkdir()  # no lock file
    (study_dir / "finished").mkdir()
    writer = RunWriter(tmp_path, "study", "0" * 64)
    try:
        assert writer.removed == [".dead.partial"]
        assert sorted(p.name for p in study_dir.iterdir()) == sorted(
            [".live.partial", ".old.partial", "finished", writer.partial_dir.name]
        )
        assert (writer.partial_dir / LOCK_NAME).is_file()
        assert writer.notes() == ["removed 1 unfinished folder(s) of killed runs: .dead.partial"]
        published = writer.publish({"study": "study"})
        assert not (published / LOCK_NAME).exists()  # a published run holds its own files only
    finally:
        live.close()
