"""Shapes of a normalised line that several segmentation rules read: bullet markers,
closing marks, the first letter, and whether a line reads as a headline (the test both
the headline rule and the ``repeated_headline`` cleaning rule apply; see
docs/segmentation.md §1–§3)."""

from __future__ import annotations

import re

BULLET = re.compile(r"^(?:[•◦▪▫‣⁃●■►]|[-*·](?=\s)) *")
BULLET_FIRST = "•◦▪▫‣⁃●■►-*·"  # a line `BULLET` matches starts with one of these
CLOSERS = "\"”’'»)]"
MAX_HEADLINE_WORDS = 25


def reads_as_headline(line: str) -> bool:
    """Short, no sentence-final period, not a bullet, starting with a capital."""
    end = line.rstrip(CLOSERS)  # tested first: it rejects most body lines, cheaply
    if not end or end[-1] in ".,;:…":
        return False
    if not 2 <= len(line.split()) <= MAX_HEADLINE_WORDS or BULLET.match(line):
        return False
    return first_letter(line).isupper()


def first_letter(text: str) -> str:
    """The first alphabetic character of `text`, or ``""``."""
    return next((c for c in text if c.isalpha()), "")
