"""Progress through every stage of a run: what the pipeline reports (`framing.progress`),
what a terminal shows, and the silence of `--quiet` and of a stderr that is no terminal."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from framing.progress import SILENT, stage_times, terminal_progress

STUDY = """\
[study]
name = "progress-check"

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
families = ["lexical", "sentiment"]

[models]
classifiers = ["logreg"]
feature_sets = ["style", "tfidf"]
folds = 2
permutations = 10

[stats]
bootstrap = 200
permutations = 200
"""

FILES = {
    f"{outlet}/{i}.txt": f"{title} {i}\n\n{body} Seoul said so on day {i}. Officials agreed.\n"
    for outlet, title, body in (
        ("a", "Seoul warns", "Seoul warned of a grave and dangerous threat."),
        ("b", "Markets calm", "Stocks rose and investors were pleased and hopeful."),
    )
    for i in range(3)
}
STAGES = ["list", "features", "tables", "stats", "models", "write", "report"]


class Recorder:
    """A `Progress` that keeps every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, ...]] = []

    def stage(self, name: str, total: int | None = None) -> None:
        self.calls.append(("stage", name, total))

    def advance(self, n: int = 1) -> None:
        self.calls.append(("advance", n))

    def stages(self) -> dict[str, tuple[int | None, int]]:
        """Stage -> (last total reported, steps advanced), in order of first report."""
        seen: dict[str, tuple[int | None, int]] = {}
        current = None
        for call in self.calls:
            if call[0] == "stage":
                current = call[1]
                seen[current] = (call[2], seen.get(current, (None, 0))[1])
            else:
                assert current is not None, "advance before any stage"
                total, done = seen[current]
                seen[current] = (total, done + call[1])
        return seen


@pytest.fixture
def study(mini_study) -> Path:
    return mini_study(STUDY, FILES)


@pytest.mark.slow
def test_every_stage_reports_its_steps_and_its_time(study: Path, tmp_path: Path) -> None:
    from framing.pipeline import run

    recorder = Recorder()
    results = run(study, out=tmp_path / "out", jobs=1, progress=recorder)
    seen = recorder.stages()
    assert list(seen) == STAGES
    assert seen["features"] == (6, 6)  # articles
    # Fits are counted by the tasks they run in (`framing.models.tasks.plan_tasks`):
    # with few units every fold and model is one task.
    assert seen["models"] == (1, 1)
    written = [p for p in results.run_dir.iterdir() if p.suffix in (".csv", ".toml")]
    assert seen["write"] == (len(written), len(written))  # config.toml and every table
    for stage in ("list", "tables", "stats", "report"):
        assert seen[stage] == (None, 0)  # no steps: the display shows the stage and its time
    # The manifest times every stage the progress showed, the writing stages included.
    manifest = json.loads((results.run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert list(manifest["timings_seconds"]) == STAGES
    assert all(seconds >= 0 for seconds in manifest["timings_seconds"].values())
    # report.html is written before its own time is known; it shows the others.
    assert "Timings" in (results.run_dir / "report.html").read_text(encoding="utf-8")


def test_terminal_display_names_each_stage_with_its_count() -> None:
    from rich.console import Console

    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    with terminal_progress("study", quiet=False, console=console) as progress:
        assert progress is not SILENT
        progress.stage("features", 4)
        progress.advance(3)
        progress.stage("models", 10)
        progress.stage("models", 12)  # the same stage: a new total, steps kept
        progress.advance(5)
        progress.stage("report")
        shown = screen.getvalue()
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown)
    for text in ("study: starting", "study: features", "0/4 articles", "study: classifiers"):
        assert text in plain, plain
    lines = plain.replace("\r", "\n").splitlines()
    report = [line for line in lines if "study: report" in line]
    # A stage without steps shows none, not the count of the stage before it.
    assert report and not any(re.search(r"\d+/\d+", line) for line in report), report
    assert not any("5/12" in line and "features" in line for line in lines)


@pytest.mark.parametrize("quiet, terminal", [(True, True), (False, False), (True, False)])
def test_quiet_or_no_terminal_is_silent(quiet: bool, terminal: bool) -> None:
    from rich.console import Console

    screen = io.StringIO()
    console = Console(file=screen, force_terminal=terminal)
    with terminal_progress("study", quiet=quiet, console=console) as progress:
        assert progress is SILENT
        progress.stage("features", 4)
        progress.advance(4)
    assert screen.getvalue() == ""


def test_stage_times_line() -> None:
    line = stage_times({"list": 0.04, "features": 2.55, "models": 103.8})
    assert line == "list 0.0 s, features 2.5 s, models 103.8 s; 106.4 s in all"


def _tty(monkeypatch: pytest.MonkeyPatch, on: bool) -> None:
    """rich's own switch: stderr (pytest's capture) counts as a terminal or not."""
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TTY_COMPATIBLE", "1" if on else "0")


@pytest.mark.slow
def test_cli_on_a_terminal_shows_stages_then_their_times(
    cli, study: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tty(monkeypatch, True)
    result = cli("run", study, "--out", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    for title in ("starting", "listing inputs", "features", "statistics", "classifiers"):
        assert f"study: {title}" in result.stderr
    assert "writing files" in result.stderr and "study: report" in result.stderr
    # The last stderr line: every stage's time, in the manifest's order.
    last = result.stderr.rstrip().splitlines()[-1]
    assert re.fullmatch(
        r"framing: study: list [\d.]+ s, features [\d.]+ s, tables [\d.]+ s, stats [\d.]+ s, "
        r"models [\d.]+ s, write [\d.]+ s, report [\d.]+ s; [\d.]+ s in all",
        last,
    ), last
    assert result.stdout.strip().endswith(Path(result.stdout.strip()).name)
    # --quiet on the same terminal: nothing on stderr at all.
    quiet = cli("run", study, "--out", tmp_path / "out", "--jobs", "1", "--quiet")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    # stderr not a terminal (a log file, CI): notes only, no progress, no times.
    _tty(monkeypatch, False)
    piped = cli("run", study, "--out", tmp_path / "out", "--jobs", "1")
    assert piped.exit_code == 0
    assert all(line.startswith("framing: note: ") for line in piped.stderr.splitlines())
    assert "\x1b" not in piped.stderr and " s in all" not in piped.stderr
