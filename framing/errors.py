"""Errors the CLI turns into one line on stderr and an exit code.

`ConfigError` (exit 2) is for anything the user fixes in the config or the command
line; `DataError` (exit 1) is for corpus files and runtime failures.
"""

from __future__ import annotations

import threading

# Set by the CLI's SIGINT/SIGTERM handler. A run never publishes once it is set, even
# when the KeyboardInterrupt itself was swallowed inside a C or Rust callback. (Here,
# not in `framing.outputs.writer`, so the CLI can set it up without importing polars.)
interrupted = threading.Event()


class FramingError(Exception):
    """Base class: the message is the whole user-facing line."""

    exit_code = 1


class ConfigError(FramingError):
    """The study config or the command line is wrong (exit 2)."""

    exit_code = 2


class DataError(FramingError):
    """A corpus file or table cannot be used, or the run failed (exit 1)."""

    exit_code = 1
