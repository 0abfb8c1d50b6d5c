"""The frames family's section of report.html, "Frames": a heat map frame × outlet of
the share of each outlet's body sentences that cue each frame.

Reads ``frames.csv``; declared as `SECTION` on the family. matplotlib is imported only
when the section is drawn (by `framing.report.figures`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import polars as pl

from framing.features.base import ReportSection
from framing.report.figures import heatmap
from framing.report.html import counts_text, is_finite, missing, why_unusable

if TYPE_CHECKING:
    from framing.report.figures import Figures


def _shares(frame: pl.DataFrame) -> tuple[list[str], list[str], list[list[float]]]:
    """Outlets (sorted), frames (codebook order) and their shares, frame rows ×
    outlet columns, NaN where frames.csv has no finite share."""
    outlets = sorted(frame["outlet"].unique().to_list())
    names = frame["frame"].unique(maintain_order=True).to_list()
    lookup = {(o, f): v for o, f, v in frame.select("outlet", "frame", "share").iter_rows()}
    values = [
        [float(v) if is_finite(v := lookup.get((o, f))) else math.nan for o in outlets]
        for f in names
    ]
    return outlets, names, values


def frames_section(figures: Figures, tables: dict[str, pl.DataFrame]) -> str:
    """The heat map of frame shares, its caption with the sentences per outlet."""
    why = why_unusable(tables, "frames", ["outlet", "frame", "share"])
    if why:
        return missing(why)
    frame = tables["frames"]
    outlets, names, values = _shares(frame)
    if not any(math.isfinite(v) for row in values for v in row):
        return missing("frames.csv: no outlet has a frame share (no body sentences).")
    cells = [[f"{v:.0%}" if math.isfinite(v) else "–" for v in row] for row in values]
    top = max(v for row in values for v in row if math.isfinite(v)) or 1.0
    figure = heatmap(
        figures,
        values,
        names,
        outlets,
        cmap="Blues",
        vmin=0,
        vmax=top,
        cells=cells,
        colorbar="share of the outlet's body sentences",
        title="Frames cued, by outlet",
    )
    n_text = ""
    if "n_sentences" in frame.columns:
        n = frame.group_by("outlet").agg(pl.col("n_sentences").first()).sort("outlet")
        n_text = " n = body sentences per outlet: " + counts_text(n.iter_rows()) + "."
    caption = (
        "Share of each outlet's body sentences that cue each policy frame (Media Frames "
        "Corpus dimensions, cue lexicon in docs/frames.md): darker = the frame is more "
        "present. A sentence can cue several frames; “other” = sentences cueing none, so "
        "a column need not sum to 100%. 95% intervals are in frames.csv." + n_text
    )
    return figures.figure(figure, caption, label="frames")


SECTION = ReportSection("frames", "Frames", frames_section)
