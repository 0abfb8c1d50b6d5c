"""The report's figures: matplotlib drawn to inline SVG, deterministically.

`Figures` makes and serialises figures; `heatmap` and `dot_plot` are the two shapes
that several sections draw. matplotlib is imported inside the functions, so importing
this module (as every family's report module does) stays cheap.
"""

from __future__ import annotations

import io
import warnings
from typing import TYPE_CHECKING, Any

from framing.report.html import escape, format_cell, is_finite

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Text in a heat-map cell turns white below this luminance of the cell's colour.
DARK_CELL = 0.45
# Longest text drawn in a figure (tick labels, titles, legends); longer text ends in
# "…". Labels come from the data (outlet ids, terms, actors): a 20,000-character label
# made matplotlib allocate a canvas that did not fit in memory. Tables show it whole.
MAX_LABEL = 60
DOT_COLOUR = "#0072B2"


class Figures:
    """Draws matplotlib figures to inline SVG, deterministically.

    Figures are built with `matplotlib.figure.Figure` (no pyplot, so no global figure
    registry to close and no GUI backend); SVG text stays text (``svg.fonttype =
    none``) so it is escaped by matplotlib's XML writer, mathtext is off so a ``$`` in
    an outlet name is just a dollar, and each figure gets its own id salt so ids never
    collide between the SVGs of one page.
    """

    def __init__(self) -> None:
        self.count = 0

    def new(self, width: float, height: float) -> Figure:
        """An empty figure of `width` × `height` inches at 100 dpi."""
        from matplotlib.figure import Figure

        with self._rc():
            return Figure(figsize=(width, height), dpi=100)

    def _rc(self) -> Any:
        import matplotlib

        return matplotlib.rc_context(
            {
                "svg.fonttype": "none",
                "svg.hashsalt": f"framing-report-{self.count}",
                "text.parse_math": False,
                "text.usetex": False,
                "font.family": "sans-serif",
                "font.size": 9,
                "axes.spines.top": False,
                "axes.spines.right": False,
                "axes.titlesize": 10,
                "axes.titleweight": "bold",
            }
        )

    def svg(self, figure: Figure) -> str:
        """`figure` as an ``<svg>`` element (no XML prolog, no date); every text at
        most `MAX_LABEL` characters."""
        _shorten_texts(figure)
        buffer = io.StringIO()
        with self._rc(), warnings.catch_warnings():
            # A label in a script the font lacks (Korean, emoji) is drawn as boxes; one
            # warning per glyph on stderr would bury the run's own lines.
            warnings.filterwarnings("ignore", message="Glyph .* missing from font")
            figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
        self.count += 1
        text = buffer.getvalue()
        return text[text.index("<svg") :].strip()

    def figure(self, figure: Figure, caption: str, *, label: str) -> str:
        """`<figure>` with the SVG and a caption (`caption` is escaped here)."""
        return (
            f"<figure aria-label='{escape(label)}'>{self.svg(figure)}"
            f"<figcaption>{escape(caption)}</figcaption></figure>"
        )


def shorten(text: str) -> str:
    """`text` cut to `MAX_LABEL` characters, ending in "…" when cut."""
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def _shorten_texts(figure: Figure) -> None:
    """Cut every text of `figure` to `MAX_LABEL` characters: its text artists, and the
    fixed tick labels, which matplotlib sets again from their formatter when drawing."""
    from matplotlib.text import Text
    from matplotlib.ticker import FixedFormatter, FuncFormatter

    for axes in figure.axes:
        for axis in (axes.xaxis, axes.yaxis):
            for formatter in (axis.get_major_formatter(), axis.get_minor_formatter()):
                if isinstance(formatter, FixedFormatter):
                    formatter.seq = [shorten(str(label)) for label in formatter.seq]
                elif isinstance(formatter, FuncFormatter):  # labels given to set_*ticks
                    formatter.func = _shortened(formatter.func)
    for text in figure.findobj(Text):
        label = text.get_text()
        if len(label) > MAX_LABEL:
            text.set_text(shorten(label))


def _shortened(func: Any) -> Any:
    def label(value: Any, pos: Any = None) -> str:
        return shorten(str(func(value, pos)))

    return label


def heatmap(
    figures: Figures,
    values: list[list[float]],
    rows: list[str],
    columns: list[str],
    *,
    cmap: str,
    vmin: float,
    vmax: float,
    cells: list[list[str]],
    colorbar: str,
    title: str,
) -> Figure:
    """A labelled heat map; NaN cells grey; `cells` is the text written in each cell."""
    import numpy as np
    from matplotlib import colormaps

    data = np.ma.masked_invalid(np.array(values, dtype=float))
    colours = colormaps[cmap].with_extremes(bad="#eeeeee")
    width = min(2.2 + 1.05 * len(columns), 13)
    figure = figures.new(width, 0.9 + 0.42 * len(rows))
    ax = figure.add_subplot()
    # Vector cells (not a raster image), white gaps between them; NaN cells are not
    # drawn and show the grey axes background.
    image = ax.pcolormesh(
        data, cmap=colours, vmin=vmin, vmax=vmax, edgecolors="white", linewidth=0.8
    )
    ax.set_facecolor("#eeeeee")
    ax.set_xlim(0, len(columns))
    ax.set_ylim(len(rows), 0)
    ax.set_xticks([j + 0.5 for j in range(len(columns))], labels=columns, rotation=30, ha="right")
    ax.set_yticks([i + 0.5 for i in range(len(rows))], labels=rows)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    for i, row in enumerate(cells):
        for j, text in enumerate(row):
            value = values[i][j]
            dark = False
            if is_finite(value):
                red, green, blue, _ = colours(image.norm(value))
                dark = 0.2126 * red + 0.7152 * green + 0.0722 * blue < DARK_CELL
            colour = "white" if dark else "#222222"
            ax.text(j + 0.5, i + 0.5, text, ha="center", va="center", fontsize=7.5, color=colour)
    bar = figure.colorbar(image, ax=ax, shrink=0.85, pad=0.02)
    bar.set_label(colorbar)
    ax.set_title(title, loc="left")
    return figure


def dot_plot(
    figures: Figures, records: list[dict[str, Any]], *, feature: str, title: str
) -> Figure:
    """One dot per outlet (its ``mean``) with a bar from ``ci_low`` to ``ci_high``
    where both are finite; the first of `records` is drawn on top. Each label carries
    the outlet's ``n``, with its ``unit`` when the outlets' units differ."""
    rows = records[::-1]
    # Rows stay readable (9 pt labels) but closer together when there are many.
    figure = figures.new(5.6, 0.9 + (0.38 if len(rows) <= 10 else 0.26) * len(rows))
    ax = figure.add_subplot()
    mixed = len({r.get("unit") for r in rows}) > 1
    labels = [
        f"{r['outlet']} (n={format_cell(r['n'])}"
        + (f" {r.get('unit')}{'' if r['n'] == 1 else 's'})" if mixed else ")")
        for r in rows
    ]
    for y, r in enumerate(rows):
        if is_finite(r["ci_low"]) and is_finite(r["ci_high"]):
            ax.hlines(y, r["ci_low"], r["ci_high"], color=DOT_COLOUR, linewidth=2, alpha=0.55)
        if is_finite(r["mean"]):
            ax.plot([r["mean"]], [y], "o", color=DOT_COLOUR, markersize=6)
        else:
            ax.text(
                0.0,
                y,
                "  no value",
                va="center",
                fontsize=8,
                color="#8a5a00",
                transform=ax.get_yaxis_transform(),
            )
    ax.set_yticks(range(len(rows)), labels=labels)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_xlabel(feature)
    ax.set_title(title, loc="left")
    return figure
