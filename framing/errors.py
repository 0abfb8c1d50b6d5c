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


# Characters that would break a one-line message or act on a terminal rather than be
# shown: control characters (ESC starts terminal sequences, CR and LF break the line),
# line and paragraph separators, and the bidirectional overrides and isolates that can
# make text display in another order than it reads.
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def printable(text: str) -> str:
    """`text` with every control character, line separator and bidirectional control
    written as a visible escape (``\\x1b``, ``\\n``, ``\\u202e``): safe to print on a
    terminal as one line, whatever a file name or table cell holds."""
    import unicodedata

    if text.isprintable():  # the usual case: nothing to escape
        return text
    out = []
    for char in text:
        if char in _BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            out.append(char.encode("unicode_escape").decode("ascii"))
        else:
            out.append(char)
    return "".join(out)
