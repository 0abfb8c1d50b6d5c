"""Interrupted runs: SIGINT or SIGTERM mid-run exits promptly and non-zero, publishes
nothing, leaves earlier runs byte-identical, and the next run completes normally.

Each test kills a real `framing run` subprocess, in one of two phases. To make the
phase certain rather than a race, the subprocess slows one step with a sleep:
``write`` sleeps after each CSV, so the signal lands while the run folder is being
assembled in ``.<run-id>.partial``; ``features`` sleeps after each chunk of articles
(``--jobs 1``), so the signal lands between feature-cache writes. Everything else
is the ordinary CLI.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from framing.pipeline.study import run as run_study

pytestmark = pytest.mark.slow

ARTICLES = 64  # four chunks of 16 with --jobs 1
WORDS = [
    "the", "minister", "said", "Seoul", "Moscow", "would", "act", "treaty", "talks", "arms",
    "Ukraine", "officials", "warned", "quiet", "day", "agreed", "strongly", "denied",
]  # fmt: skip
STUDY = """\
[study]
name = "interrupted"

[[outlets]]
id = "a"
name = "Outlet A"
files = ["a/*.txt"]

[[outlets]]
id = "b"
name = "Outlet B"
files = ["b/*.txt"]

[features]
families = ["lexical", "readability", "sentiment"]

[models]
enabled = false

[stats]
bootstrap = 100
permutations = 100
"""
HARNESS = """\
import sys, time
import framing.outputs.writer as output
import framing.pipeline.extract as pipeline

phase = sys.argv.pop(1)
if phase == "collect":  # the parent dawdles over each chunk; its workers wait, alive
    import framing.pipeline.collect as collect

    _add = collect.Collector.add

    def slow_add(self, *args, **kwargs):
        _add(self, *args, **kwargs)
        time.sleep(1.0)

    collect.Collector.add = slow_add
elif phase == "write":
    _write_csv = output.write_csv

    def slow_write_csv(path, frame):
        _write_csv(path, frame)
        time.sleep(0.4)

    output.write_csv = slow_write_csv
else:
    _work_chunk = pipeline.work_chunk

    def slow_work_chunk(*args, **kwargs):
        result = _work_chunk(*args, **kwargs)
        time.sleep(0.4)
        return result

    pipeline.work_chunk = slow_work_chunk
sys.argv = ["framing", *sys.argv[1:]]
from framing.cli import main
main()
"""


@pytest.fixture
def study(tmp_path: Path) -> Path:
    rng = random.Random(0)
    for i in range(ARTICLES):
        folder = tmp_path / "ab"[i % 2]
        folder.mkdir(exist_ok=True)
        paragraphs = [
            " ".join(
                " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 16))).capitalize() + "."
                for _ in range(4)
            )
            for _ in range(4)
        ]
        text = f"Story number {i}\n\n" + "\n\n".join(paragraphs) + "\n"
        (folder / f"{i:04d}.txt").write_text(text, encoding="utf-8")
    config = tmp_path / "study.toml"
    config.write_text(STUDY, encoding="utf-8")
    return config


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def complete_runs(study_dir: Path) -> list[Path]:
    return sorted(p for p in study_dir.iterdir() if p.is_dir() and not p.name.startswith("."))


def cache_entries(out: Path) -> int:
    path = out / ".framing-cache" / "features.sqlite"
    if not path.exists():
        return 0
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
        try:
            return db.execute("SELECT count(*) FROM entries").fetchone()[0]
        except sqlite3.OperationalError:  # schema not created yet
            return 0


def wait_for_phase(
    phase: str, study_dir: Path, out: Path, process: subprocess.Popen, timeout: float = 120
) -> None:
    """Return once the run is in `phase` (some CSVs written / some chunks cached)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if phase == "write":
            partial = sorted(study_dir.glob(".*.partial"))
            if partial and any(partial[0].glob("*.csv")):
                return
        elif cache_entries(out) > 0:
            return
        if process.poll() is not None:
            pytest.fail(f"the run ended (exit {process.returncode}) before it could be interrupted")
        time.sleep(0.02)
    process.kill()
    pytest.fail(f"the run never reached its {phase} phase")


@pytest.mark.parametrize(
    ("phase", "signum"),
    [
        ("write", signal.SIGINT),
        ("write", signal.SIGTERM),
        ("features", signal.SIGTERM),
    ],
    ids=["write-SIGINT", "write-SIGTERM", "features-SIGTERM"],
)
def test_interrupted_run_publishes_nothing_and_the_next_run_completes(
    study: Path, tmp_path: Path, phase: str, signum: signal.Signals
) -> None:
    out = tmp_path / "out"
    earlier = run_study(study, out=out, cache=False).run_dir  # leaves the cache empty
    assert earlier is not None
    before = snapshot(earlier)
    study_dir = earlier.parent

    process = subprocess.Popen(
        [sys.executable, "-c", HARNESS, phase, "run", str(study), "--out", str(out), "--jobs", "1"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for_phase(phase, study_dir, out, process)
    sent = time.monotonic()
    process.send_signal(signum)
    try:
        stdout, stderr = process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail(f"still running 10 s after {signum.name}")
    assert time.monotonic() - sent < 10
    assert process.returncode == 130, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines == ["framing: interrupted; the unfinished run was not published"], stderr
    assert stdout.strip() == ""  # no run directory announced

    # Nothing new looks complete; an unfinished folder stays hidden and unpublished.
    assert complete_runs(study_dir) == [earlier]
    for partial in study_dir.glob(".*.partial"):
        manifest = partial / "manifest.json"
        assert not manifest.exists() or '"complete"' not in manifest.read_text()
        assert not list(partial.glob(".*.tmp")), "a temporary file was left behind"
    assert snapshot(earlier) == before

    # The next run reads back whatever the interrupted one cached, and gets the same tables.
    after = run_study(study, out=out).run_dir
    assert after is not None and after != earlier
    manifest = json.loads((after / "manifest.json").read_text())
    assert manifest["status"] == "complete"
    if phase == "features":  # chunks cached before the signal are read back
        assert sum(manifest["cache"]["hits"].values()) > 0, manifest["cache"]
    assert complete_runs(study_dir) == sorted([earlier, after])
    for name in before:
        if name.endswith(".csv") and "/" not in name:
            assert (after / name).read_bytes() == before[name], name
    assert snapshot(earlier) == before
    with sqlite3.connect(out / ".framing-cache" / "features.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (read from /proc)."""
    found = set()
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(stat_file.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_kill_9_leaves_no_process_and_the_next_run_removes_its_folder(
    study: Path, tmp_path: Path
) -> None:
    """SIGKILL cannot be caught: the workers (and multiprocessing's resource tracker)
    notice their parent is gone and exit; the unfinished folder is removed by the next
    run of the study, since no live run holds its lock."""
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-c", HARNESS, "collect", "run", str(study), "--out", str(out),
         "--jobs", "2", "--chunk-size", "16", "--quiet"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    wait_for_phase("features", out / "interrupted", out, process)
    workers = children(process.pid)
    assert len(workers) >= 2, workers  # two workers (and the resource tracker)
    process.kill()
    process.communicate(timeout=30)
    deadline = time.monotonic() + 60
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if alive(pid)]
    for pid in left:  # do not leave them behind even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert not left, "processes outlived their killed parent"

    study_dir = out / "interrupted"
    [stale] = list(study_dir.glob(".*.partial"))
    done = run_study(study, out=out, jobs=1)
    assert not stale.exists()
    assert list(study_dir.glob(".*.partial")) == []
    assert any(stale.name in note for note in done.manifest["notes"])
