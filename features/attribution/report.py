"""The attribution family's section of report.html, "Who is quoted": each outlet's
attributions by the speaker's side (stacked bars summing to 100%), balance and
anonymous share per outlet, and the most-quoted speakers with what they first said.

Reads ``attribution.csv`` and ``quotes.csv``; declared as `SECTION` on the family.
matplotlib is imported only when the section is drawn (by `framing.report.figures`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from framing.features.attribution.sides import EXTRA_SIDES
from framing.features.base import ReportSection
from framing.report.html import counts_text, is_dark, missing, table, why_unusable

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from framing.report.figures import Figures

# Actor sides: Okabe & Ito's colour-blind-safe palette, then a few more; the sides
# that are not actors (`EXTRA_SIDES`: experts, unnamed sources, the rest) are greys,
# drawn after them.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#7F3C8D",
    "#11A579",
    "#3969AC",
    "#E73F74",
    "#80BA5A",
)
RESIDUAL_SIDES = dict(zip(EXTRA_SIDES, ("#4D4D4D", "#8C8C8C", "#B3B3B3", "#D9D9D9"), strict=True))
# Segments narrower than this share of the bar carry no percentage label.
LABELLED_SHARE = 0.08
MAX_SPEAKERS = 5
QUOTE_CHARS = 160
PER_OUTLET_COLUMNS = ("n_quotes_outlet", "n_words_outlet", "balance", "anonymous_share_outlet")
PER_OUTLET_HEADERS = {
    "n_quotes_outlet": "attributions",
    "n_words_outlet": "quoted words",
    "anonymous_share_outlet": "anonymous share",
}


def _side_colours(frame: pl.DataFrame) -> dict[str, str]:
    """Colour of each side with a share somewhere, in drawing order: actor sides by
    decreasing total share (then name), then the residual sides in their fixed order."""
    totals = dict(frame.group_by("side").agg(pl.col("share_quotes").sum()).iter_rows())
    present = [s for s in sorted(totals) if totals[s] > 0]
    actor_sides = sorted(
        (s for s in present if s not in RESIDUAL_SIDES), key=lambda s: (-totals[s], s)
    )
    colours = {s: PALETTE[k % len(PALETTE)] for k, s in enumerate(actor_sides)}
    return colours | {s: c for s, c in RESIDUAL_SIDES.items() if s in present}


def _stacked_bars(
    figures: Figures,
    frame: pl.DataFrame,
    colours: dict[str, str],
    outlets: list[str],
    n_quotes: dict[str, int],
) -> Figure:
    """One bar per outlet (first outlet on top), one segment per side in `colours`."""
    figure = figures.new(7.6, 1.0 + 0.42 * len(outlets))
    ax = figure.add_subplot()
    shares = {(o, s): v for o, s, v in frame.select("outlet", "side", "share_quotes").iter_rows()}
    ys = list(range(len(outlets)))[::-1]
    left = [0.0] * len(outlets)
    for side, colour in colours.items():
        widths = [shares.get((o, side), 0.0) for o in outlets]
        ax.barh(ys, widths, left=left, color=colour, label=side, height=0.62)
        text_colour = "white" if is_dark(colour) else "#111111"
        for y, x0, w in zip(ys, left, widths, strict=True):
            if w >= LABELLED_SHARE:
                ax.text(
                    x0 + w / 2,
                    y,
                    f"{w:.0%}",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color=text_colour,
                )
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.set_yticks(ys, labels=[f"{o} (n={n_quotes.get(o, 0)})" for o in outlets])
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter("{x:.0%}")
    ax.set_xlabel("share of the outlet's attributions")
    ax.legend(title="speaker's side", loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ax.set_title("Attributions by the speaker's side", loc="left")
    return figure


def _per_outlet(tables: dict[str, pl.DataFrame]) -> str:
    """Balance, anonymous share and totals per outlet (those columns present)."""
    attribution = tables["attribution"]
    columns = [c for c in PER_OUTLET_COLUMNS if c in attribution.columns]
    if not columns:
        return ""
    summary = attribution.group_by("outlet").agg(pl.col(columns).first())
    return (
        "<p>Per outlet: <em>balance</em> is the normalised entropy of attributions over "
        "the voice sides (0 = one side only, 1 = perfectly even); "
        "<em>anonymous share</em> = share of attributions to unnamed sources.</p>"
        + table(summary.sort("outlet"), ["outlet", *columns], headers=PER_OUTLET_HEADERS)
    )


def attribution_section(figures: Figures, tables: dict[str, pl.DataFrame]) -> str:
    """Attributions by side per outlet, the per-outlet summary, the top speakers."""
    why = why_unusable(tables, "attribution", ["outlet", "side", "quotes", "share_quotes"])
    if why:
        return missing(why)
    frame = tables["attribution"].with_columns(
        pl.col("share_quotes").cast(pl.Float64).fill_nan(None).fill_null(0.0),
        pl.col("quotes").cast(pl.Int64).fill_null(0),
    )
    colours = _side_colours(frame)
    if not colours:
        return missing("No attributed quotes in any outlet: nothing to divide between sides.")
    outlets = sorted(frame["outlet"].unique().to_list())
    n_quotes = dict(frame.group_by("outlet").agg(pl.col("quotes").sum()).iter_rows())
    figure = _stacked_bars(figures, frame, colours, outlets, n_quotes)
    empty = [o for o in outlets if not n_quotes.get(o)]
    caption = (
        "Share of each outlet's attributions (direct, indirect and mixed quotes) by the side "
        "of the speaker; each bar sums to 100%, a longer segment = that side is quoted more "
        "often. n = attributions per outlet: "
        + counts_text((o, n_quotes.get(o, 0)) for o in outlets)
        + "."
        + (f" No attributions (empty bar): {', '.join(empty)}." if empty else "")
    )
    figure_html = figures.figure(figure, caption, label="attribution")
    return figure_html + _per_outlet(tables) + speakers(tables)


def _top_speakers(quotes: pl.DataFrame, speaker: str) -> pl.DataFrame:
    """Up to `MAX_SPEAKERS` per outlet by attributions, each with its first quote
    (cut to `QUOTE_CHARS` characters, an ellipsis included)."""
    side = [pl.col("side").first()] if "side" in quotes.columns else []
    first = pl.col("first quote")
    return (
        quotes.filter(pl.col(speaker).is_not_null() & (pl.col(speaker) != ""))
        .group_by("outlet", speaker, maintain_order=True)
        .agg(pl.len().alias("attributions"), *side, pl.col("quote").first().alias("first quote"))
        .sort("outlet", "attributions", speaker, descending=[False, True, False])
        .group_by("outlet", maintain_order=True)
        .head(MAX_SPEAKERS)
        .with_columns(
            pl.when(first.str.len_chars() > QUOTE_CHARS)
            .then(first.str.slice(0, QUOTE_CHARS - 1) + "…")
            .otherwise(first)
            .alias("first quote")
        )
    )


def speakers(tables: dict[str, pl.DataFrame]) -> str:
    """The most-quoted speakers of each outlet, with the first thing each said."""
    head = "<h3>Most-quoted speakers</h3>"
    speaker = "speaker_canonical"
    quotes = tables.get("quotes")
    if quotes is not None and speaker not in quotes.columns:
        speaker = "speaker"
    why = why_unusable(tables, "quotes", ["outlet", speaker, "quote"])
    if why:
        return head + missing(why)
    top = _top_speakers(tables["quotes"], speaker)
    if not top.height:
        return head + missing("No attribution in quotes.csv names its speaker.")
    return (
        head + f"<p>Up to {MAX_SPEAKERS} speakers per outlet by number of attributions, "
        "with the first statement attributed to each (quotes.csv has them all).</p>"
        + table(
            top,
            ["outlet", speaker, "side", "attributions", "first quote"],
            headers={speaker: "speaker"},
        )
    )


SECTION = ReportSection("attribution", "Who is quoted", attribution_section)
