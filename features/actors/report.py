"""The actors family's section of report.html, "Tone toward actors": first the mention
tone per outlet and actor with intervals and, collapsed, the mentions behind it
(`tone_report`); then, for comparison, heat maps actor × outlet of the mean VADER
compound of the sentences that mention each actor, with the number of sentences behind
every cell.

Reads ``actors.csv`` and ``actor_tone_evidence.csv``; declared as `SECTION` on the family.
matplotlib is imported only when the section is drawn (by `framing.report.figures`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

import polars as pl

from framing.features.actors.tone_report import evidence_blocks, tone_figures
from framing.features.base import ReportSection
from framing.report.figures import heatmap
from framing.report.html import is_finite, missing, why_unusable

if TYPE_CHECKING:
    from framing.report.figures import Figures


class _Tone(NamedTuple):
    """One heat map: the mean column, the column with its n, which sentences."""

    column: str
    n_column: str
    which: str


def _tones(frame: pl.DataFrame) -> list[_Tone]:
    """Tone over sentences naming the actor alone; and over every sentence naming it,
    when actors.csv has that too."""
    tones = [
        _Tone(
            "mean_compound",
            "n_exclusive" if "n_exclusive" in frame.columns else "sentences",
            "body sentences that mention the actor and no other",
        )
    ]
    if {"mean_compound_all", "sentences"} <= set(frame.columns):
        tones.append(
            _Tone(
                "mean_compound_all",
                "sentences",
                "body sentences that mention the actor (alone or with others)",
            )
        )
    return tones


def actors_section(figures: Figures, tables: dict[str, pl.DataFrame]) -> str:
    """Mention tone with its evidence, then one heat map per VADER column of actors.csv."""
    why = why_unusable(tables, "actors", ["outlet", "actor", "mean_compound"])
    if why:
        return missing(why)
    frame = tables["actors"]
    parts = [
        "<h3>Tone toward each mention</h3>",
        tone_figures(figures, frame),
        evidence_blocks(tables),
        "<h3>Sentence VADER (the whole sentence's tone, for comparison)</h3>",
    ]
    for tone in _tones(frame):
        if tone.n_column not in frame.columns:
            frame = frame.with_columns(pl.lit(None, pl.Int64).alias(tone.n_column))
        parts.append(_tone_heatmap(figures, frame, tone))
    return "".join(parts)


def _grid(
    frame: pl.DataFrame, tone: _Tone, outlets: list[str], actors: list[str]
) -> tuple[list[list[float]], list[list[str]]]:
    """Values (NaN where missing) and cell texts ("+0.25\\nn=4"), actor rows × outlets."""
    lookup = {
        (o, a): (v, n)
        for o, a, v, n in frame.select("outlet", "actor", tone.column, tone.n_column).iter_rows()
    }
    values, cells = [], []
    for actor in actors:
        row_values, row_cells = [], []
        for outlet in outlets:
            value, n = lookup.get((outlet, actor), (None, None))
            value = float(value) if is_finite(value) else math.nan
            row_values.append(value)
            n_text = f"n={n}" if n is not None else ""
            row_cells.append(f"{value:+.2f}\n{n_text}" if math.isfinite(value) else f"–\n{n_text}")
        values.append(row_values)
        cells.append(row_cells)
    return values, cells


def _tone_heatmap(figures: Figures, frame: pl.DataFrame, tone: _Tone) -> str:
    outlets = sorted(frame["outlet"].unique().to_list())
    actors = sorted(frame["actor"].unique().to_list())
    values, cells = _grid(frame, tone, outlets, actors)
    if not any(math.isfinite(v) for row in values for v in row):
        return missing(
            f"actors.csv: {tone.column} is empty for every outlet and actor ({tone.which})."
        )
    figure = heatmap(
        figures,
        values,
        actors,
        outlets,
        cmap="RdBu",
        vmin=-1,
        vmax=1,
        cells=cells,
        colorbar="mean VADER compound",
        title=f"Tone toward each actor ({tone.column})",
    )
    caption = (
        f"Mean VADER compound sentiment of the {tone.which}, per outlet (columns) and actor "
        "(rows): red = negative, blue = positive, −1 to +1. Each cell: the mean, and "
        f"n = the number of sentences behind it ({tone.n_column}); grey “–” = no such "
        "sentence. Means over fewer than ~5 sentences are anecdotes, not estimates."
    )
    return figures.figure(figure, caption, label=tone.column)


SECTION = ReportSection("actors", "Tone toward actors", actors_section)
