"""`framing` command line: parses arguments and calls the Python API, nothing more.

Exit codes: 0 success, 1 data or runtime error, 2 usage or config error. Errors are
one line on stderr; `--debug` shows the traceback instead.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from framing.errors import ConfigError, FramingError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Measure how news outlets frame the same story. See README.md for a tour.",
)
_state = {"debug": False}


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


def _stderr_console(quiet: bool):
    from rich.console import Console

    console = Console(stderr=True)
    return console if (console.is_terminal and not quiet) else None


@contextmanager
def _progress(quiet: bool, label: str) -> Iterator[tuple]:
    """(on_total, on_progress) callbacks driving a rich bar on stderr, or no-ops."""
    console = _stderr_console(quiet)
    if console is None:
        yield None, None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)
        yield (lambda total: bar.update(task, total=total)), (lambda n: bar.advance(task, n))


@app.command()
def run(
    configs: Annotated[list[Path], typer.Argument(help="Study config files (.toml).")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Root folder for runs (default: outputs/).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Run each study; print each run directory (last line of stdout)."""
    from framing.pipeline import run as run_study

    for config in configs:
        with _progress(quiet, f"{config.stem}: features") as (on_total, on_progress):
            results = run_study(config, out=out, on_total=on_total, on_progress=on_progress)
        typer.echo(str(results.run_dir))


@app.command()
def validate(config: Annotated[Path, typer.Argument(help="Study config file (.toml).")]) -> None:
    """Check a config and its corpus; print outlets, articles and words. Writes nothing."""
    from framing.validate import summarise_corpus

    summary = summarise_corpus(config)
    typer.echo(summary.write_csv(separator="\t").rstrip("\n"))


@app.command()
def features(
    format: Annotated[
        TableFormat, typer.Option("--format", help="Output format.")
    ] = TableFormat.table,
) -> None:
    """List every feature column: family, definition, range, direction, reference."""
    from framing.docs import feature_table, features_markdown

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


def main() -> None:
    """Entry point: run the app and turn errors into one line and an exit code."""
    try:
        app(standalone_mode=False)
    except FramingError as exc:
        if _state["debug"]:
            raise
        typer.echo(f"framing: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        typer.echo("framing: interrupted; the unfinished run was not published", err=True)
        sys.exit(130)
    except Exception as exc:  # the last line of defence for users
        import click

        if isinstance(exc, click.exceptions.Exit):
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Abort):
            sys.exit(130)
        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(2)
        if _state["debug"]:
            raise
        where = ""
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        if tb is not None:
            where = f" (at {Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno})"
        typer.echo(
            f"framing: error: {type(exc).__name__}: {exc}{where}; rerun with --debug", err=True
        )
        sys.exit(1)


__all__ = ["ConfigError", "app", "main"]
