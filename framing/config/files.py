"""What an outlet's ``files`` entry names: the file itself or its glob matches."""

from __future__ import annotations

import glob
import os
from pathlib import Path

from framing.errors import DataError


def expand_pattern(base: Path, pattern: str) -> list[Path]:
    """What a ``files`` entry names, relative to `base` (the config's folder) unless
    absolute: the file itself when one has that very name (``report[2024].txt``), else
    its glob matches (``**`` recursive), sorted. Only `pattern` is a pattern: a config
    in a folder named ``study[1]`` finds its files."""
    given = Path(pattern).expanduser()
    full = given if given.is_absolute() else base / given
    if glob.has_magic(str(full)) and os.path.lexists(full) and not full.is_dir():
        return [full]
    searched = str(full) if given.is_absolute() else os.path.join(glob.escape(str(base)), given)
    # Sorted by path components, as Path objects sort, but ~10x cheaper.
    found = sorted(glob.glob(searched, recursive=True), key=lambda m: m.split(os.sep))
    return list(map(Path, found))


def _is_article_file(path: Path, where: str) -> bool:
    """Whether a glob match is an article file: True for a regular file (or a link to
    one), False for a folder; `DataError` for a broken link or a FIFO, socket or device."""
    if path.is_file():
        return True
    if path.is_dir():
        return False
    if path.is_symlink() and not path.exists():
        raise DataError(
            f"{where}: {path} is a symbolic link to a missing file ({os.readlink(path)}); "
            "fix or remove the link"
        )
    raise DataError(f"{where}: {path} is not a regular file (a FIFO, socket or device); remove it")
