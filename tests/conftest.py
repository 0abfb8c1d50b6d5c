"""Shared test helpers: the example study, small study folders, running the CLI."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_CONFIG = ROOT / "configs" / "seoul_moscow_pyongyang.toml"
EXAMPLE_DATA = ROOT / "data" / "seoul_moscow_pyongyang"


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., CliResult]:
    """Run `framing ARGS...` in-process; returns exit code, stdout and stderr."""
    from framing.cli import main

    def invoke(*args: str | Path) -> CliResult:
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["framing", *map(str, args)])
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out, err = capsys.readouterr()
        return CliResult(code, out, err)

    return invoke


@pytest.fixture
def hang_guard() -> Iterator[None]:
    """Fail a test that is still running after 60 s instead of letting it hang: opening
    a FIFO waits for a writer forever, the very bug such tests guard against. SIGALRM
    interrupts a wait in Python code; a wait inside a native library (polars retries
    an interrupted open) is ended after 120 s by faulthandler, which prints every
    thread's stack and exits the test process."""
    import faulthandler

    def fail(signum: int, frame: object) -> None:
        raise TimeoutError("still running after 60 s: hung")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(60)
    faulthandler.dump_traceback_later(120, exit=True, file=sys.__stderr__)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


MINIMAL_STUDY = """\
[study]
name = "mini"

[[outlets]]
id = "a"
name = "Outlet A"
files = ["a/*.txt"]

[[outlets]]
id = "b"
name = "Outlet B"
files = ["b/*.txt"]

[[actors]]
id = "seoul"
label = "South Korea"
aliases = ["Seoul", "South Korea"]

[features]
families = []

[models]
enabled = false
"""


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    """Write ``files`` (relative path → text, or raw bytes) under `root`."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@pytest.fixture
def mini_study(tmp_path: Path) -> Callable[..., Path]:
    """Write a two-outlet study in tmp_path; returns the config path.

    ``files`` maps relative paths to text (str) or raw bytes.
    """

    def make(config: str = MINIMAL_STUDY, files: dict[str, str | bytes] | None = None) -> Path:
        files = (
            files
            if files is not None
            else {
                "a/one.txt": "Seoul warns Moscow\n\nSeoul said it would act. Officials agreed.\n",
                "b/two.txt": "A quiet day\n\nNothing happened in South Korea today. It rained.\n",
            }
        )
        write_files(tmp_path, files)
        config_path = tmp_path / "study.toml"
        config_path.write_text(config, encoding="utf-8")
        return config_path

    return make
