"""A cache that cannot lie: a damaged, unreadable or read-only feature cache never
serves a result that fails its check, never stops a run with a raw SQLite or Arrow
error, and says which file and what to do. The tables are those of an uncached run."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from framing.pipeline.cache import BLOB_MAGIC
from tests.test_robustness import TWO_OUTLETS, make_study, run_ok, study_toml

TABLES = ("articles.csv", "sentences.csv", "outlets.csv")


@pytest.fixture
def study(tmp_path: Path) -> Path:
    return make_study(tmp_path, study_toml({"a": ["a/*.txt"], "b": ["b/*.txt"]}), TWO_OUTLETS)


def cache_file(out: Path) -> Path:
    return out / ".framing-cache" / "features.sqlite"


def notes(run_dir: Path) -> list[str]:
    return json.loads((run_dir / "manifest.json").read_text())["notes"]


def same_tables(a: Path, b: Path) -> bool:
    return all((a / n).read_bytes() == (b / n).read_bytes() for n in TABLES)


def damage_blobs(path: Path, how) -> int:
    """Apply `how(blob) -> bytes` to every stored blob; return how many."""
    db = sqlite3.connect(path)
    rows = db.execute("SELECT chunk, part, data FROM parts").fetchall()
    db.executemany(
        "UPDATE parts SET data = ? WHERE chunk = ? AND part = ?",
        [(how(data), chunk, part) for chunk, part, data in rows],
    )
    db.commit()
    db.close()
    return len(rows)


DAMAGE = {
    "a flipped payload byte": lambda b: b[:-3] + bytes([b[-3] ^ 0x40]) + b[-2:],
    "a flipped digest byte": lambda b: b[: len(BLOB_MAGIC)] + bytes([b[len(BLOB_MAGIC)] ^ 1]) + b[len(BLOB_MAGIC) + 1 :],
    "cut short": lambda b: b[: len(b) // 2],
    "no marker": lambda b: b[len(BLOB_MAGIC) :],
    "empty": lambda b: b"",
    "a string": lambda b: "text",
}  # fmt: skip


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_blob_that_fails_its_check_is_never_served(
    cli, study: Path, tmp_path: Path, damage: str
) -> None:
    out = tmp_path / "out"
    first = run_ok(cli, study, out)
    assert damage_blobs(cache_file(out), DAMAGE[damage]) > 0
    again = run_ok(cli, study, out)
    assert same_tables(first, again)
    assert any("failed their sha256 check" in n and str(cache_file(out)) in n for n in notes(again))
    # The articles were stored anew: the next run is served from the cache, silently.
    third = run_ok(cli, study, out)
    manifest = json.loads((third / "manifest.json").read_text())
    assert not any("cache" in n for n in manifest["notes"])
    assert set(manifest["cache"]["misses"].values()) == {0}


@pytest.mark.parametrize("content", [b"", b"garbage" * 50, "cut"])
def test_a_damaged_database_is_set_aside_with_a_note(
    cli, study: Path, tmp_path: Path, content: bytes | str
) -> None:
    out = tmp_path / "out"
    first = run_ok(cli, study, out, "--no-cache")
    run_ok(cli, study, out)
    path = cache_file(out)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3] if content == "cut" else content)
    result = cli("run", study, "--out", out)
    assert result.exit_code == 0, result.stderr
    run_dir = Path(result.stdout.strip().splitlines()[-1])
    assert same_tables(first, run_dir)
    if content:  # an empty file is an empty database: it is simply filled
        assert "framing: note: the feature cache cannot be" in result.stderr
        assert str(path) in result.stderr and "--no-cache" in result.stderr


def test_a_read_only_cache_is_read_and_not_written(
    cli, study: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(A read-only file cannot be made so for root: the connection is opened read-only.)"""
    import framing.pipeline.cache as cache_module

    out = tmp_path / "out"
    first = run_ok(cli, study, out)
    connect = sqlite3.connect

    def read_only(path, **options):
        return connect(f"file:{path}?mode=ro", uri=True, **options)

    monkeypatch.setattr(cache_module.sqlite3, "connect", read_only)
    # A new article misses; its results cannot be stored.
    (study.parent / "b" / "three.txt").write_text("Another day\n\nSeoul was calm. Moscow too.\n")
    result = cli("run", study, "--out", out)
    assert result.exit_code == 0, result.stderr
    assert "could not be stored in the feature cache" in result.stderr
    run_dir = Path(result.stdout.strip().splitlines()[-1])
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["cache"]["hits"]["lexical"] == 2  # the two earlier articles were read
    assert (first / "articles.csv").read_bytes() != (run_dir / "articles.csv").read_bytes()


def test_a_cache_that_cannot_be_opened_is_a_note(
    cli, study: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import framing.pipeline.cache as cache_module

    def refuse(*args, **kwargs):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(cache_module.sqlite3, "connect", refuse)
    result = cli("run", study, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert "unable to open database file" in result.stderr


def test_a_cache_file_that_is_a_link_is_not_written_through(
    cli, study: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.sqlite"
    victim.write_bytes(b"precious")
    cache_file(tmp_path / "out").parent.mkdir(parents=True)
    cache_file(tmp_path / "out").symlink_to(victim)
    result = cli("run", study, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert victim.read_bytes() == b"precious"
    assert "is a symbolic link" in result.stderr
