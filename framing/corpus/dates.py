"""Article dates: from a corpus table's date column, or from a file name (docs/stats.md).

A date is kept as ISO text, ``YYYY-MM-DD`` (a time of day, if any, is dropped: periods
are days, weeks or months). An article without one is *undated*: statistics over
periods leave it out and the manifest names it.
"""

from __future__ import annotations

import datetime as dt
import re

ISO_START = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])")


def parse_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` from a cell that starts with an ISO date (a time may follow);
    None for an empty cell. ValueError for anything else, or an impossible date."""
    if value is None or not value.strip():
        return None
    match = ISO_START.match(value)
    if match is None:
        raise ValueError(f"{value!r} does not start with a date like 2024-06-21")
    return _iso(*match.groups(), shown=value)


def date_from_name(pattern: re.Pattern[str], name: str) -> str | None:
    """The date the groups ``year``, ``month``, ``day`` of `pattern` find in a file
    name (first match, anywhere in it); None when it does not match. ValueError for
    an impossible date (month 13) or a group that took no part in the match."""
    match = pattern.search(name)
    if match is None:
        return None
    for group in ("year", "month", "day"):
        if match[group] is None:  # an optional group, e.g. `(-(?P<day>\d{2}))?`
            raise ValueError(f"{match.group(0)!r}: the group {group!r} matched nothing")
    return _iso(match["year"], match["month"], match["day"], shown=match.group(0))


def _iso(year: str, month: str, day: str, *, shown: str) -> str:
    if len(year) != 4:
        raise ValueError(f"{shown!r}: the year must have four digits")
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError as exc:
        raise ValueError(f"{shown!r} is not a valid date ({exc})") from exc
