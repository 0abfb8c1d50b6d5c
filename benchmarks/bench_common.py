"""Shared by the benchmark scripts: run `framing run` as a child process and measure it.

Memory: while the child runs, /proc is polled (every `POLL_SECONDS`) for the child and
all its descendants (worker processes included). At each poll the resident set sizes
(``VmRSS``) of every process in the tree are summed; the peak of that sum is reported.
Pages shared between processes (e.g. forked workers' copy-on-write pages) count once
per process, so the sum over-states physical memory; the proportional set size sum
(``Pss`` from ``smaps_rollup``, shared pages split between their users) is reported
beside it. A peak shorter than the poll interval can be missed. Linux only.

The poller shares the machine with what it measures, so it keeps its own cost small
(~2% of a core): the process tree is rescanned every `TREE_EVERY` polls (workers live
for the whole run), and ``smaps_rollup``, which walks a process's page tables, is read
only when the RSS sum reaches a new peak or every `PSS_EVERY` polls, so the PSS peak
is the PSS at those moments.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

POLL_SECONDS = 0.05
TREE_EVERY = 5
PSS_EVERY = 10
PAGE = os.sysconf("SC_PAGE_SIZE")
MB = 1024 * 1024


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: split after the last ")".
        ppid = int(stat[stat.rindex(b")") + 2 :].split(maxsplit=2)[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def process_tree(root: int) -> list[int]:
    """`root` and all its descendants that exist now."""
    children = _children_map()
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, ()))
    return tree


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _pss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


@dataclass
class TreeMemory:
    """Peak memory of a process tree, sampled from /proc."""

    peak_rss: int = 0  # bytes, peak of the per-poll sum of VmRSS over the tree
    peak_pss: int = 0  # bytes, peak of the per-poll sum of Pss over the tree
    peak_processes: int = 0
    samples: int = 0
    # RSS in bytes of each process (root first) at the poll where the RSS sum peaked.
    at_peak: list[int] = field(default_factory=list)

    def breakdown(self) -> str:
        """E.g. ``"412 + 301 + 298 + 13 MB"``: the processes' RSS at the peak, root first."""
        return " + ".join(f"{rss / MB:.0f}" for rss in self.at_peak) + " MB"


class TreePoller(threading.Thread):
    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.memory = TreeMemory()
        self._pids: list[int] = [root]
        self._stop_event = threading.Event()

    def sample(self) -> None:
        memory = self.memory
        if memory.samples % TREE_EVERY == 0:
            self._pids = process_tree(self.root)
        pids = self._pids
        rss = [_rss_bytes(pid) for pid in pids]
        peak = sum(rss) > memory.peak_rss
        if peak:
            memory.peak_rss = sum(rss)
            memory.at_peak = rss
        if peak or memory.samples % PSS_EVERY == 0:
            memory.peak_pss = max(memory.peak_pss, sum(map(_pss_bytes, pids)))
        memory.peak_processes = max(memory.peak_processes, len(pids))
        memory.samples += 1

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.sample()
            self._stop_event.wait(POLL_SECONDS)

    def stop(self) -> TreeMemory:
        self._stop_event.set()
        self.join()
        return self.memory


def run_options() -> set[str]:
    """The options `framing run` accepts, read from the installed CLI.

    The same as reading ``framing run --help``, without a second interpreter start-up;
    falls back to that when the command cannot be inspected.
    """
    try:
        import typer

        from framing.cli import app

        command = typer.main.get_command(app).commands["run"]  # type: ignore[attr-defined]
        return {opt for param in command.params for opt in getattr(param, "opts", ())}
    except Exception:
        env = {**os.environ, "COLUMNS": "200", "TERM": "dumb", "NO_COLOR": "1"}
        done = subprocess.run(
            [sys.executable, "-m", "framing", "run", "--help"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        return set(re.findall(r"--[a-z][a-z-]*", done.stdout))


def supported_flags(wanted: tuple[str, ...] = ("--jobs", "--no-cache")) -> dict[str, bool]:
    """Which of `wanted` `framing run` accepts."""
    options = run_options()
    return {flag: flag in options for flag in wanted}


@dataclass
class PipelineRun:
    articles: int
    seconds: float
    memory: TreeMemory
    command: list[str]
    run_dir: Path
    cpu_seconds: float = 0.0  # user + system time of the child and its descendants
    manifest: dict = field(default_factory=dict)
    missing_flags: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.articles / self.seconds


def run_pipeline(config: Path, articles: int, *, jobs: int, out: Path | None = None) -> PipelineRun:
    """Run ``framing run CONFIG --jobs J --no-cache --quiet --out DIR`` and measure it.

    Wall-clock time from start to exit (interpreter start-up, imports, loading and
    segmentation, features, statistics, writing every table and the report).
    Flags the installed `framing run` does not accept yet are left out and listed.
    """
    flags = supported_flags()
    out = out if out is not None else Path(tempfile.mkdtemp(prefix="framing-bench-"))
    command = [sys.executable, "-m", "framing", "run", str(config), "--quiet", "--out", str(out)]
    if flags["--jobs"]:
        command += ["--jobs", str(jobs)]
    if flags["--no-cache"]:
        command += ["--no-cache"]
    missing = [flag for flag, ok in flags.items() if not ok]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    child = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    poller = TreePoller(child.pid)
    poller.sample()
    poller.start()
    stdout, stderr = child.communicate()
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # Workers are waited for by the child, so their times are in the child's totals.
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    memory = poller.stop()
    if child.returncode != 0:
        raise RuntimeError(
            f"`{' '.join(command)}` exited with {child.returncode}:\n{stderr.strip()[-2000:]}"
        )
    run_dir = Path(stdout.strip().splitlines()[-1])
    manifest_path = run_dir / "manifest.json"
    manifest = (
        json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    )
    return PipelineRun(articles, seconds, memory, command, run_dir, cpu, manifest, missing)


def describe_pipeline(run: PipelineRun, jobs: int) -> str:
    label = f"--jobs {jobs}" if "--jobs" not in run.missing_flags else "no --jobs flag yet"
    return f"pipeline({label})"


def cpu_use(cpu_seconds: float, wall_seconds: float) -> str:
    """E.g. ``"CPU 35.2 s = 1.8 cores busy on average"``: how much of the machine a run got."""
    return f"CPU {cpu_seconds:.1f} s = {cpu_seconds / wall_seconds:.1f} cores busy on average"


def stage_times(run: PipelineRun) -> str:
    timings = run.manifest.get("timings_seconds") or {}
    return ", ".join(f"{k} {v:.1f} s" for k, v in timings.items())


def machine_load() -> str:
    try:
        load = os.getloadavg()
    except OSError:
        return "load average unknown"
    return f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs"
