"""Writing files: atomic, with ordinary permissions, through symlinks."""

from __future__ import annotations

import os
import stat
from pathlib import Path

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


def test_a_rewritten_file_keeps_its_mode_and_a_symlink_stays_a_link(tmp_path: Path) -> None:
    target = tmp_path / "real.toml"
    target.write_text("a = 1\n")
    target.chmod(0o664)
    link = tmp_path / "study.toml"
    link.symlink_to(target)
    write_text(link, "a = 2\n")
    assert link.is_symlink()
    assert target.read_text() == "a = 2\n"
    assert _mode(target) == 0o664


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
