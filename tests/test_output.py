"""Writing files: atomic, with ordinary permissions, through symlinks."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from framing.output import write_text


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
