"""HTML building blocks of the report: escaping, cell formatting, tables, the note
shown in place of a table that cannot be drawn, and the page's style sheet.

Every section (the run's own in `framing.report`, each family's in its `report`
module) builds its HTML from these, so that every string from the corpus or a table
is escaped the same way and a missing value reads the same everywhere ("–").
Importing this module imports nothing heavy (no matplotlib).
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from typing import Any

import polars as pl

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
color:#1a1a1a;background:#fff;max-width:1180px;margin:0 auto;padding:1.2em 1.5em 4em}
h1{font-size:1.7em;margin:.2em 0}h2{margin-top:2.2em;border-bottom:2px solid #ddd;
padding-bottom:.2em}h3{margin:1.4em 0 .4em}
nav ol{columns:3;padding-left:1.4em}p.lead{color:#444;margin-top:0}
table{border-collapse:collapse;margin:.4em 0 1em;font-size:.88em}
th,td{border-bottom:1px solid #e2e2e2;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums}
.grid{display:flex;flex-wrap:wrap;gap:1.2em}.grid>figure,.grid>div{flex:1 1 420px;min-width:0}
.wide{overflow-x:auto}.grid.narrow>div{flex:0 1 250px}.grid>.missing{align-self:flex-start}table.mono{font-family:ui-monospace,"DejaVu Sans Mono",monospace}
figure{margin:1em 0}figure svg{max-width:100%;height:auto;display:block}
figcaption{font-size:.87em;color:#333;margin-top:.3em;max-width:60em}
.missing{color:#8a5a00;background:#fff7e6;border-left:4px solid #e6a700;padding:.4em .8em}
.note{background:#f1f6fb;border-left:4px solid #5b9bd5;padding:.4em .8em}
details.evidence{margin:.2em 0 1em}details.evidence>summary{cursor:pointer;color:#245;
font-size:.88em}
code,.mono{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.85em;
word-break:break-all}
"""


def escape(value: Any) -> str:
    """Escape anything for HTML text and attribute values (None reads as "")."""
    return html.escape("" if value is None else str(value), quote=True)


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_cell(value: Any, spec: str = ".3g") -> str:
    """A value for a table cell: numbers with `spec` (integers with thousands
    separators), booleans lowercase; missing and NaN read as an en dash."""
    if _is_missing(value):
        return "–"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return format(value + 0.0, spec)  # + 0.0: no "-0"
    return str(value)


def is_finite(value: Any) -> bool:
    """Whether `value` is a finite int or float (not a bool, None or NaN)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def is_dark(colour: str) -> bool:
    """Whether a ``#rrggbb`` colour needs white text (relative luminance below 0.4)."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.4


def counts_text(pairs: Iterable[tuple[str, Any]]) -> str:
    """``"a 3; b 5"``: the n behind each label, for captions."""
    return "; ".join(f"{name} {format_cell(n)}" for name, n in pairs)


def table(
    frame: pl.DataFrame,
    columns: Sequence[str],
    *,
    formats: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> str:
    """An HTML table of `columns` (those present), every cell escaped; numeric
    columns right-aligned and formatted with `formats[column]` (default ``.3g``)."""
    formats = formats or {}
    headers = headers or {}
    columns = [c for c in columns if c in frame.columns]
    head = "".join(f"<th>{escape(headers.get(c, c))}</th>" for c in columns)
    numeric = {c for c in columns if frame.schema[c].is_numeric()}
    rows = []
    for row in frame.select(columns).iter_rows(named=True):
        cells = []
        for c in columns:
            if c in numeric:
                text = format_cell(row[c], formats.get(c, ".3g"))
                cells.append(f"<td class='n'>{escape(text)}</td>")
            else:
                cells.append(f"<td>{escape(format_cell(row[c]))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def missing(text: str) -> str:
    """The sentence shown instead of a figure or table that cannot be drawn."""
    return f"<p class='missing'>{escape(text)}</p>"


def why_unusable(tables: dict[str, pl.DataFrame], name: str, columns: Iterable[str]) -> str | None:
    """None when `tables[name]` has rows and `columns`; else why it cannot be shown."""
    frame = tables.get(name)
    if frame is None:
        return f"{name}.csv is not part of this run (not computed, or disabled by the study)."
    if frame.height == 0:
        return f"{name}.csv has no rows in this run."
    absent = [c for c in columns if c not in frame.columns]
    if absent:
        return f"{name}.csv lacks column(s) {', '.join(absent)}; nothing to draw."
    return None
