"""`framing` command line: parses arguments and calls the Python API, nothing more.

Exit codes: 0 success, 1 data or runtime error, 2 usage or config error. Errors are
one line on stderr; `--debug` shows the traceback instead.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from framing.errors import ConfigError, FramingError

if TYPE_CHECKING:
    from framing.progress import Progress

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Measure how news outlets frame the same story. See README.md for a tour.",
)
_state = {"debug": False}


class EngineName(StrEnum):
    local = "local"
    dask = "dask"


class TableFormat(StrEnum):
    table = "table"
    csv = "csv"
    markdown = "markdown"


@app.callback()
def _options(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks instead of one-line errors.")
    ] = False,
) -> None:
    _state["debug"] = debug


@contextmanager
def _progress(quiet: bool, label: str) -> Iterator[Progress]:
    """The run's stage-by-stage progress on stderr (`framing.progress`), or silence."""
    from framing.progress import terminal_progress

    with terminal_progress(label, quiet=quiet) as progress:
        yield progress


@app.command()
def run(
    configs: Annotated[list[Path], typer.Argument(help="Study config files (.toml).")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Root folder for runs (default: outputs/).")
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Worker processes (default: all cores)."),
    ] = None,
    engine: Annotated[
        EngineName, typer.Option("--engine", help="Where chunks run: local processes or Dask.")
    ] = EngineName.local,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler address (default: a LocalCluster)."),
    ] = None,
    chunk_size: Annotated[
        int | None,
        typer.Option(
            "--chunk-size", min=1, help="Articles per chunk (default: 16-256, by corpus and jobs)."
        ),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Recompute every feature; leave the cache alone.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar, no notes.")
    ] = False,
) -> None:
    """Run each study; print each run directory (last line of stdout)."""
    from framing.config import load_study
    from framing.pipeline.plan import prestart
    from framing.progress import SILENT, stage_times

    if scheduler and engine is not EngineName.dask:
        raise ConfigError("--scheduler: goes with --engine dask")
    for config in configs:
        study = load_study(config)
        # Workers start before the heavy imports below, so both happen at once.
        workers = prestart(study, jobs=jobs, engine=engine.value, chunk_size=chunk_size)
        with workers or nullcontext(), _progress(quiet, config.stem) as progress:
            from framing.pipeline import run as run_study

            results = run_study(
                study, out=out, jobs=jobs, engine=engine.value, scheduler=scheduler,
                cache=not no_cache, chunk_size=chunk_size, progress=progress, workers=workers,
            )  # fmt: skip
        if not quiet:
            from framing.errors import printable

            for note in results.manifest.get("notes", []):
                typer.echo(f"framing: note: {printable(note)}", err=True)
        if progress is not SILENT:  # a terminal watched the stages: say what each took
            timings = stage_times(results.manifest.get("timings_seconds", {}))
            typer.echo(f"framing: {config.stem}: {timings}", err=True)
        typer.echo(str(results.run_dir))


@app.command()
def validate(config: Annotated[Path, typer.Argument(help="Study config file (.toml).")]) -> None:
    """Check a config and its corpus; print outlets, articles and words. Writes nothing."""
    from framing.commands.validate import summarise_corpus

    summary = summarise_corpus(config)
    typer.echo(summary.write_csv(separator="\t").rstrip("\n"))


@app.command()
def features(
    format: Annotated[
        TableFormat, typer.Option("--format", help="Output format.")
    ] = TableFormat.table,
) -> None:
    """List every feature column: family, definition, range, direction, reference."""
    from framing.commands.docs import feature_table, features_markdown

    if format is TableFormat.markdown:
        typer.echo(features_markdown(), nl=False)
        return
    table = feature_table()
    if format is TableFormat.csv or not sys.stdout.isatty():
        typer.echo(table.write_csv().rstrip("\n"))
        return
    from rich.console import Console
    from rich.table import Table

    view = Table(*table.columns, show_lines=False)
    for row in table.iter_rows():
        view.add_row(*(str(v) for v in row))
    Console().print(view)


@app.command()
def compare(
    a: Annotated[
        Path, typer.Argument(metavar="A", help="A result table (.csv) or a run directory.")
    ],
    b: Annotated[
        Path, typer.Argument(metavar="B", help="The table or run directory to compare with A.")
    ],
    key: Annotated[
        str | None,
        typer.Option("--key", help="Key columns, comma-separated (tables without a known key)."),
    ] = None,
    tolerance: Annotated[
        float, typer.Option("--tolerance", help="Absolute difference ignored in numeric cells.")
    ] = 0.0,
    fail_on_change: Annotated[
        bool, typer.Option("--fail-on-change", help="Exit 1 when anything changed.")
    ] = False,
    out: Annotated[
        Path | None, typer.Option("--out", help="Also write the changes table to this CSV.")
    ] = None,
) -> None:
    """Compare two result tables or two run directories: changes on stdout, summary on stderr."""
    from framing.commands.compare import changes_csv, changes_view, compare_paths
    from framing.outputs.writer import write_text

    columns = [c.strip() for c in key.split(",") if c.strip()] if key else None
    result = compare_paths(a, b, key=columns, tolerance=tolerance)
    if sys.stdout.isatty():
        from rich.console import Console

        Console().print(changes_view(result.changes, limit=500))
    else:
        typer.echo(changes_csv(result.changes), nl=False)
    from framing.errors import printable

    for line in result.summary_lines():
        typer.echo(printable(line), err=True)
    if out is not None:
        write_text(out, changes_csv(result.changes))
    if fail_on_change and result.changed:
        raise typer.Exit(1)


@app.command()
def report(
    run_dir: Annotated[
        Path, typer.Argument(help="A finished run folder: outputs/<study>/<run-id>.")
    ],
) -> None:
    """(Re)build report.html from a run's tables and manifest; print its path."""
    from framing.report.page import rebuild_report

    typer.echo(str(rebuild_report(run_dir)))


@app.command()
def explain(
    run_dir: Annotated[
        Path, typer.Argument(help="A finished run folder: outputs/<study>/<run-id>.")
    ],
    outlet: Annotated[str, typer.Option("--outlet", help="Outlet id.")],
    feature: Annotated[
        str, typer.Option("--feature", help="Feature column, or an actor, side, frame or term.")
    ],
    limit: Annotated[int, typer.Option("--limit", min=1, help="Rows per list (default 10).")] = 10,
) -> None:
    """Print the sentences or words that produced one outlet's value of a feature."""
    from framing.commands.explain import explain as explain_value
    from framing.errors import printable

    # Ids and sentences come from a run folder anyone may have edited: one line each.
    for line in explain_value(run_dir, outlet=outlet, feature=feature, limit=limit):
        typer.echo(printable(line))


outlets_app = typer.Typer(no_args_is_help=True, help="Edit the outlets of a study config.")
app.add_typer(outlets_app, name="outlets")


@outlets_app.command("add")
def outlets_add(
    config: Annotated[Path, typer.Argument(help="Study config file (.toml).")],
    files: Annotated[
        list[str], typer.Argument(help="Article files or quoted globs (from the current folder).")
    ],
    outlet_id: Annotated[str, typer.Option("--id", help="New outlet id (lowercase slug).")],
    name: Annotated[str, typer.Option("--name", help="Display name.")],
) -> None:
    """Add an outlet (id, name, files) to CONFIG, comments kept; print the TOML added."""
    from framing.commands.outlets import add_outlet

    added = add_outlet(config, outlet_id=outlet_id, name=name, files=files)
    typer.echo(added.toml.rstrip("\n"))
    typer.echo(
        f"framing: added outlet {added.outlet_id!r} to {added.config} ({added.matched} "
        f"file{'' if added.matched == 1 else 's'}); check it: framing validate {added.config}",
        err=True,
    )


INTERRUPTED = "framing: interrupted; the unfinished run was not published"


def _interrupted_line() -> str:
    """The line an interrupt prints: only `framing run` has a run to leave unpublished
    (every other command writes its one file atomically, or nothing)."""
    words = [arg for arg in sys.argv[1:] if not arg.startswith("-")]
    return INTERRUPTED if words[:1] == ["run"] else "framing: interrupted; nothing was written"


def _interrupt(signum: int, frame: object) -> None:
    """SIGINT and SIGTERM (`kill`, a job scheduler, a container stop): stop the run.

    The KeyboardInterrupt can land inside a C or Rust callback (polars), which cannot
    pass it on; the flag makes sure the run still stops and is never published.
    """
    from framing.errors import interrupted

    interrupted.set()
    raise KeyboardInterrupt


def _unraisable(info: Any) -> None:
    """Keep stderr to one line when an interrupt was swallowed inside an extension."""
    if not isinstance(info.exc_value, KeyboardInterrupt):
        sys.__unraisablehook__(info)


def _error(message: str) -> None:
    """The one line of an error on stderr, control characters shown as escapes."""
    from framing.errors import printable

    typer.echo(f"framing: error: {printable(message)}", err=True)


def _click_exceptions() -> tuple[tuple[type, ...], tuple[type, ...], tuple[type, ...]]:
    """(exit, abort, usage-error) exception classes of click and of the copy of click
    that recent typer releases carry (`typer._click`): typer raises the latter's."""
    import click

    exits: list[type] = [click.exceptions.Exit, typer.Exit]
    aborts: list[type] = [click.exceptions.Abort, typer.Abort]
    usage: list[type] = [click.ClickException]
    try:
        from typer._click import exceptions as vendored
    except ImportError:  # a typer that uses click itself
        pass
    else:
        usage.append(vendored.ClickException)
    return tuple(exits), tuple(aborts), tuple(usage)


def _usage_message(exc: Exception) -> str:
    """One line for a command-line usage error, naming the option or argument: e.g.
    ``--jobs: Input should be greater than or equal to 1; see `framing run --help```."""
    param = getattr(exc, "param", None)
    message = str(getattr(exc, "message", "") or "").removeprefix("Value error, ").rstrip(".")
    if param is not None and message:
        opts = [o for o in getattr(param, "opts", []) if o.startswith("--")]
        name = opts[0] if opts else str(getattr(param, "name", "") or "").upper()
        message = f"{name}: {message}"
    else:
        message = " ".join(exc.format_message().split()).rstrip(".")  # type: ignore[attr-defined]
    names = []  # the subcommands, from the context chain (the program is `framing`)
    ctx = getattr(exc, "ctx", None)
    while ctx is not None and ctx.parent is not None:
        names.append(ctx.info_name)
        ctx = ctx.parent
    return f"{message}; see `{' '.join(['framing', *reversed(names)])} --help`"


def main() -> None:
    """Entry point: run the app and turn errors into one line and an exit code."""
    import signal

    from framing.errors import interrupted

    interrupted.clear()
    try:
        previous = {s: signal.signal(s, _interrupt) for s in (signal.SIGTERM, signal.SIGINT)}
    except ValueError:  # not the main thread: leave signals to the host program
        previous = {}
    previous_hook, sys.unraisablehook = sys.unraisablehook, _unraisable
    try:
        code = app(standalone_mode=False)
        if code == 130:  # typer turns a KeyboardInterrupt into this return value
            raise KeyboardInterrupt
        if isinstance(code, int) and code:
            sys.exit(code)
    except FramingError as exc:
        if interrupted.is_set():
            typer.echo(_interrupted_line(), err=True)
            sys.exit(130)
        if _state["debug"]:
            raise
        _error(str(exc))
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        typer.echo(_interrupted_line(), err=True)
        sys.exit(130)
    except Exception as exc:  # the last line of defence for users
        exits, aborts, usage_errors = _click_exceptions()
        if isinstance(exc, exits):
            sys.exit(exc.exit_code)
        if isinstance(exc, aborts):
            sys.exit(130)
        if isinstance(exc, usage_errors):
            if type(exc).__name__ == "NoArgsIsHelpError":  # `framing` alone: the help
                exc.show()
            else:
                _error(_usage_message(exc))
            sys.exit(2)
        if interrupted.is_set():  # the interrupt surfaced as another error
            typer.echo(_interrupted_line(), err=True)
            sys.exit(130)
        if _state["debug"]:
            raise
        where = ""
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        if tb is not None:
            where = f" (at {Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno})"
        _error(f"{type(exc).__name__}: {exc}{where}; rerun with --debug")
        sys.exit(1)
    finally:
        sys.unraisablehook = previous_hook
        for signum, handler in previous.items():
            signal.signal(signum, handler)


__all__ = ["ConfigError", "app", "main"]
