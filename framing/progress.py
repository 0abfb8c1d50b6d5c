"""Progress of a run, stage by stage: the one interface the pipeline reports through,
its silent default, and the terminal display the CLI hands down.

The pipeline (`framing.pipeline.study`, `framing.outputs.folder`) calls
``progress.stage(name, total)`` as each stage starts, with the number of steps when it
is known (calling it again with the current name updates the total), and
``progress.advance(n)`` as steps complete: articles through the features, classifier
fits, files written. It never asks whether anyone is watching; `SILENT` is the default.
Stage names are those of the manifest's ``timings_seconds``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress as RichProgress
    from rich.progress import ProgressColumn, Task, TaskID
    from rich.text import Text

# How the display names each stage and its steps (a stage missing here shows its name).
TITLES = {
    "start": "starting",
    "list": "listing inputs",
    "features": "features",
    "tables": "tables",
    "stats": "statistics",
    "models": "classifiers",
    "write": "writing files",
    "report": "report",
}
STEPS = {"features": "articles", "models": "fits", "write": "files"}


class Progress(Protocol):
    """Where a run reports its stages and their steps."""

    def stage(self, name: str, total: int | None = None) -> None:
        """Stage `name` starts (the previous one has ended), with `total` steps or
        None when unknown; for the current stage, `total` replaces its total."""

    def advance(self, n: int = 1) -> None:
        """`n` more steps of the current stage are done."""


class _Silent:
    def stage(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass


SILENT: Progress = _Silent()


class _TerminalProgress:
    """One rich line on stderr: run label, stage, bar (a pulse when the stage has no
    total), ``done/total steps``, the stage's elapsed time. Each stage is a task of its
    own (rich cannot take a task's total back to unknown); the one before is hidden."""

    def __init__(self, bar: RichProgress, label: str) -> None:
        self._bar, self._label = bar, label
        self._name: str | None = None
        self._task: TaskID | None = None

    def stage(self, name: str, total: int | None = None) -> None:
        if name == self._name and self._task is not None:
            self._bar.update(self._task, total=total)
            return
        if self._task is not None:
            self._bar.update(self._task, visible=False)
        self._name = name
        self._task = self._bar.add_task(
            f"{self._label}: {TITLES.get(name, name)}", total=total, steps=STEPS.get(name, "")
        )
        # Drawn now, not at the next tick: a stage shorter than a tick still shows.
        self._bar.refresh()

    def advance(self, n: int = 1) -> None:
        if self._task is not None:
            self._bar.advance(self._task, n)


def _steps_column() -> ProgressColumn:
    from rich.progress import ProgressColumn
    from rich.text import Text

    class Steps(ProgressColumn):
        def render(self, task: Task) -> Text:
            if task.total is None:
                return Text("")
            return Text(f"{task.completed:.0f}/{task.total:.0f} {task.fields.get('steps', '')}")

    return Steps()


@contextmanager
def terminal_progress(
    label: str, *, quiet: bool, console: Console | None = None
) -> Iterator[Progress]:
    """A live progress line on stderr while the block runs, erased at its end; `SILENT`
    with `quiet` or when stderr is not an interactive terminal. `console` replaces
    stderr (tests)."""
    console = console or _stderr_console()
    if quiet or not console.is_interactive:
        yield SILENT
        return
    from rich.progress import BarColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as RichProgress

    with RichProgress(
        TextColumn("{task.description}"),
        BarColumn(),
        _steps_column(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        progress = _TerminalProgress(bar, label)
        progress.stage("start")
        yield progress


def _stderr_console() -> Console:
    """rich's console on stderr, which decides whether stderr is an interactive terminal
    (``TTY_COMPATIBLE``, ``TTY_INTERACTIVE=0``, a dumb terminal), except that
    ``FORCE_COLOR`` alone does not make a log file one: it asks for colour (CI jobs set
    it), and a live display there writes a frame every tick into the log."""
    import os
    import sys

    from rich.console import Console

    colour_only = os.environ.get("FORCE_COLOR") and not os.environ.get("TTY_COMPATIBLE")
    if colour_only and not sys.stderr.isatty():
        return Console(stderr=True, force_terminal=False)
    return Console(stderr=True)


def stage_times(timings: Mapping[str, float]) -> str:
    """The manifest's stage timings as one line: ``list 0.0 s, ..., report 1.2 s;
    108.7 s in all``."""
    parts = [f"{name} {seconds:.1f} s" for name, seconds in timings.items()]
    return f"{', '.join(parts)}; {sum(timings.values()):.1f} s in all"
