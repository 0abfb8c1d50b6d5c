"""`framing outlets add`: plug a new outlet into a study config, comments kept.

The config is edited with tomlkit, so every byte of the existing file stays as it
was: the new ``[[outlets]]`` table goes right after the last one (before any blank
lines and comments that lead into the next section), or at the end when the study
has no outlet tables yet. Nothing is written unless the id is new and valid, every
file or glob matches a file, and the edited config loads with `load_study`.
"""

from __future__ import annotations

import glob
import os
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import tomlkit
from pydantic import ValidationError
from tomlkit.items import AoT, Array, Comment, Table, Whitespace

from framing.config import OutletSection, expand_pattern, load_study
from framing.errors import ConfigError
from framing.outputs.writer import atomic_path

BOM = "\ufeff"
ONE_LINE_WIDTH = 88  # longer `files` arrays are written one path per line


@dataclass(frozen=True)
class AddedOutlet:
    """What `add_outlet` wrote: the config, the TOML block, and the matched files."""

    config: Path
    outlet_id: str
    files: tuple[str, ...]  # as stored, relative to the config's folder
    matched: int  # files the globs match today
    toml: str  # the `[[outlets]]` block as written


def config_relative(pattern: str, *, config: Path, cwd: Path | None = None) -> str:
    """A path or glob given relative to `cwd` (or absolute), relative to the config's
    folder with POSIX separators, as the study configs store them."""
    cwd = Path.cwd() if cwd is None else cwd
    full = os.path.abspath(os.path.join(cwd, os.path.expanduser(pattern)))
    try:
        relative = os.path.relpath(full, os.path.abspath(config.parent))
    except ValueError:  # another drive (Windows): keep it absolute
        return Path(full).as_posix()
    return Path(relative).as_posix()


def _matches(pattern: str, base: Path) -> list[Path]:
    """Files a config entry names, exactly as the corpus loader expands it."""
    return [m for m in expand_pattern(base, pattern) if m.is_file()]


def _check_id(config: Path, outlet_id: str, name: str, existing: list[str]) -> None:
    where = f"{config}: outlets[{len(existing)}]"
    try:
        OutletSection(id=outlet_id, name=name)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        hint = "; use lowercase letters, digits, '_' and '-'" if field == "id" else ""
        raise ConfigError(f"{where}.{field}: {first['msg']}{hint}") from exc
    if outlet_id in existing:
        raise ConfigError(
            f"{where}.id: {outlet_id!r} is already used by outlets[{existing.index(outlet_id)}]; "
            "choose another id"
        )
    if not name.strip():
        raise ConfigError(f"{where}.name: must not be blank")


def _new_table(outlet_id: str, name: str, files: Sequence[str]) -> Table:
    table = tomlkit.table()
    table.add("id", outlet_id)
    table.add("name", name)
    array = tomlkit.array()
    array.extend(files)
    if len(f"files = {array.as_string()}") > ONE_LINE_WIDTH:
        array.multiline(True)
    table.add("files", array)
    return table


def _leading_comments(items: list[tuple]) -> int:
    """How many of a table's trailing trivia items are comments right under its keys."""
    n = 0
    while n < len(items) and isinstance(items[n][1], Comment):
        n += 1
    return n


def _with_outlet(text: str, table: Table) -> str:
    """`text` with `table` appended to its outlets; every existing byte kept."""
    document = tomlkit.parse(text)
    outlets = document.get("outlets")
    if outlets is None:  # no outlets yet (a corpus table): a new section at the end
        sep = "" if not text or text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
        return f"{text}{sep}[[outlets]]\n{table.as_string()}"
    if isinstance(outlets, Array):  # `outlets = [{...}]`: add one inline table
        inline = tomlkit.inline_table()
        inline.update(table.unwrap())
        outlets.append(inline)
        return document.as_string()
    if not isinstance(outlets, AoT) or not len(outlets):
        raise ConfigError("outlets: expected [[outlets]] tables; add the outlet by hand")
    # tomlkit keeps the blank lines and comments that lead into the next section in the
    # last outlet's table: they move below the new table, except comments right under
    # the last key, which belong to that outlet. A blank line separates the tables.
    body = outlets[-1].value.body
    last_key = max((i for i, (k, _) in enumerate(body) if k is not None), default=-1)
    keep = last_key + 1 + _leading_comments(body[last_key + 1 :])
    moved = body[keep:]
    del body[keep:]
    last = body[-1][1] if body else None
    if last is not None and not isinstance(last, Whitespace) and "\n" not in last.trivia.trail:
        last.trivia.trail += "\n"  # the file ended without a newline
    body.append((None, Whitespace("\n")))
    for _, item in moved:
        table.value.append(None, item)
    outlets.append(table)
    return document.as_string()


def _edited_file(config: Path) -> Path:
    """The file to rewrite: `config`, or the file it links to when that lies in the
    same folder (the link then stays a link). A link out of its folder is refused:
    nothing framing writes follows a link out of its folder."""
    if not config.is_symlink():
        return config
    target = config.resolve()
    if target.parent != config.parent.resolve():
        raise ConfigError(
            f"{config}: a symbolic link to {target}, outside its folder; "
            f"run `framing outlets add` on {target} itself"
        )
    return target


def _stored_patterns(
    files: Sequence[str], config: Path, cwd: Path | None, base: Path
) -> tuple[list[str], set[Path]]:
    """`files` as the config will store them (relative to its folder `base`), and the
    files they match; `ConfigError` for one that matches nothing."""
    stored: list[str] = []
    matched: set[Path] = set()
    for given in dict.fromkeys(files):
        pattern = config_relative(given, config=config, cwd=cwd)
        full = Path(pattern) if Path(pattern).is_absolute() else base / pattern
        if glob.has_magic(pattern) and expand_pattern(base, pattern) == [full]:
            # A file whose very name holds [ ] * ?: stored escaped, so that the config
            # names exactly that file, even after it is removed.
            pattern = glob.escape(pattern)
        found = _matches(pattern, base)
        if not found:
            kind = "matches no file" if glob.has_magic(given) else "file not found"
            raise ConfigError(
                f"{given}: {kind} (relative to the current directory); "
                "pass existing article files or a quoted glob"
            )
        stored.append(pattern)
        matched.update(p.resolve() for p in found)
    return stored, matched


def add_outlet(
    config: str | Path,
    *,
    outlet_id: str,
    name: str,
    files: Sequence[str],
    cwd: Path | None = None,
) -> AddedOutlet:
    """Append an ``[[outlets]]`` table to `config`; validate it all; write atomically.

    `files` are paths or globs relative to `cwd` (default: the current directory) or
    absolute; they are stored relative to the config file's folder. Raises
    `ConfigError` (exit 2) naming the problem; the config is untouched then.
    """
    config = Path(config)
    edited = _edited_file(config)
    study = load_study(config)
    _check_id(config, outlet_id, name, [o.id for o in study.outlets])
    if not files:
        raise ConfigError("FILES: give at least one article file or quoted glob")
    stored, matched = _stored_patterns(files, config, cwd, study.base_dir)
    data = config.read_bytes()
    bom = BOM if data.startswith(BOM.encode()) else ""
    raw = data.decode("utf-8-sig")  # bytes, so that CRLF line ends survive
    table = _new_table(outlet_id, name, stored)
    block = "[[outlets]]\n" + table.as_string()
    text = _with_outlet(raw, table)
    if "\r\n" in raw and "\n" not in raw.replace("\r\n", ""):  # a CRLF file stays CRLF
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    if tomllib.loads(text).get("outlets", [])[-1] != {
        "id": outlet_id,
        "name": name,
        "files": stored,
    }:  # pragma: no cover - a tomlkit layout we did not foresee
        raise ConfigError(f"{config}: could not append the outlet safely; add it by hand")
    with atomic_path(edited) as tmp:
        tmp.write_bytes((bom + text).encode("utf-8"))
        try:
            load_study(tmp)
        except ConfigError as exc:
            raise ConfigError(str(exc).replace(str(tmp), str(config))) from exc
    return AddedOutlet(
        config=config,
        outlet_id=outlet_id,
        files=tuple(stored),
        matched=len(matched),
        toml=block,
    )
