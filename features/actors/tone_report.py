"""Mention tone in report.html: per actor, each outlet's mean mention tone with its 95%
interval (one panel per actor, outlets as rows, so 30 outlets stay readable), and per
actor a collapsed block of each outlet's most negative and most positive mentions.

Reads ``actors.csv`` (``tone``, ``tone_ci_low``, ``tone_ci_high``, ``mentions``) and
``actor_tone_evidence.csv``. Every text is escaped here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import polars as pl

from framing.report.figures import DOT_COLOUR
from framing.report.html import escape, format_cell, is_finite, missing

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from framing.report.figures import Figures

TONE_COLUMNS = ("outlet", "actor", "tone", "tone_ci_low", "tone_ci_high", "mentions")
PANELS_PER_FIGURE = 5
# Characters of context kept each side of a mention in a long sentence.
CONTEXT = 160


def tone_figures(figures: Figures, frame: pl.DataFrame) -> str:
    """The mention-tone panels, PANELS_PER_FIGURE actors per figure; or why not."""
    absent = [c for c in TONE_COLUMNS if c not in frame.columns]
    if absent:
        return missing(
            f"actors.csv lacks {', '.join(absent)}: no mention tone in this run "
            "(runs before actors version 2 scored sentences only)."
        )
    if not frame.filter(pl.col("tone").is_not_nan()).height:
        return missing("actors.csv: no outlet mentions any actor, so there is no mention tone.")
    outlets = sorted(frame["outlet"].unique().to_list())
    actors = sorted(frame["actor"].unique().to_list())
    lookup = {(r["outlet"], r["actor"]): r for r in frame.select(TONE_COLUMNS).to_dicts()}
    # As few figures as PANELS_PER_FIGURE allows, equally full (6 actors: 3 + 3).
    n_figures = -(-len(actors) // PANELS_PER_FIGURE)
    per_figure = -(-len(actors) // n_figures)
    parts = []
    for k, first in enumerate(range(0, len(actors), per_figure)):
        figure = _panels(figures, lookup, outlets, actors[first : first + per_figure])
        label = "mention tone" + (f" ({k + 1})" if k else "")
        parts.append(figures.figure(figure, _caption(), label=label))
    return "".join(parts)


def _panels(
    figures: Figures,
    lookup: dict[tuple[str, str], dict[str, Any]],
    outlets: list[str],
    actors: list[str],
) -> Figure:
    """One panel per actor; rows are outlets (the first on top), x from −1 to +1."""
    rows = outlets[::-1]
    height = 1.1 + (0.38 if len(rows) <= 10 else 0.26) * len(rows)
    figure = figures.new(1.6 + 1.9 * len(actors), height)
    figure.set_layout_engine("constrained")  # the shared labels clear the panels
    axes = figure.subplots(1, len(actors), sharey=True, squeeze=False)[0]
    for ax, actor in zip(axes, actors, strict=True):
        for y, outlet in enumerate(rows):
            _draw_cell(ax, y, lookup.get((outlet, actor)))
        ax.axvline(0, color="#999999", linewidth=0.8)
        ax.set_xlim(-1.15, 1.15)
        ax.set_xticks([-1, 0, 1])
        ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_title(actor, loc="left", fontsize=9)
    axes[0].set_yticks(range(len(rows)), labels=rows)
    axes[0].set_ylim(-0.6, len(rows) - 0.4)
    figure.supxlabel("mean mention tone (−1 negative … +1 positive); n = mentions", fontsize=8.5)
    figure.suptitle("Tone toward each actor, per mention", x=0.02, ha="left", fontweight="bold")
    return figure


def _draw_cell(ax: Any, y: int, row: dict[str, Any] | None) -> None:
    """A dot at tone with its interval; hollow when there is no interval; "n" at right."""
    if row is None or not is_finite(row["tone"]):
        return
    low, high = row["tone_ci_low"], row["tone_ci_high"]
    if is_finite(low) and is_finite(high):
        ax.hlines(y, low, high, color=DOT_COLOUR, linewidth=2, alpha=0.55)
        ax.plot([row["tone"]], [y], "o", color=DOT_COLOUR, markersize=5)
    else:
        ax.plot([row["tone"]], [y], "o", markerfacecolor="white", color=DOT_COLOUR, markersize=5)
    ax.text(
        1.13,
        y,
        format_cell(row["mentions"]),
        ha="right",
        va="center",
        fontsize=6.5,
        color="#555555",
    )


def _caption() -> str:
    return (
        "Mean tone toward each actor over its mentions, per outlet (rows) and actor "
        "(panels): each mention scored by the mention-tone model, P(positive) − "
        "P(negative), −1 to +1, higher = more positive toward that actor; the sentence's "
        "other actors do not share its tone. Bars: 95% cluster-bootstrap intervals "
        "(the articles that mention the actor resampled; their sentences when the "
        "outlet has fewer than [stats] min_articles articles, tone_unit in actors.csv). "
        "Hollow dot: one article or sentence, no interval (tone_note). The small number "
        "at the right is n = the mentions behind the dot; no dot = not mentioned. "
        "The model's macro-F1 on held-out news is 0.67 (docs/actors.md): read "
        "differences between outlets, not single mentions."
    )


def evidence_blocks(tables: dict[str, pl.DataFrame]) -> str:
    """Per actor, a collapsed block: each outlet's most negative and most positive mentions."""
    evidence = tables.get("actor_tone_evidence")
    needed = {"outlet", "actor", "pole", "rank", "text", "start", "end", "score"}
    if evidence is None or not needed <= set(evidence.columns) or not evidence.height:
        return ""
    blocks = []
    for (actor,), group in evidence.sort("actor", "outlet", "pole", "rank").group_by(
        "actor", maintain_order=True
    ):
        rows = []
        for (outlet,), mentions in group.group_by("outlet", maintain_order=True):
            cells = [
                _mention_list(mentions.filter(pl.col("pole") == p))
                for p in ("negative", "positive")
            ]
            rows.append(f"<tr><td>{escape(outlet)}</td><td>{cells[0]}</td><td>{cells[1]}</td></tr>")
        outlets = group["outlet"].n_unique()
        blocks.append(
            f"<details><summary>Evidence for {escape(actor)}: the most negative and most "
            f"positive mentions in each of {outlets} outlet{'s' if outlets != 1 else ''}"
            "</summary><table><thead><tr><th>outlet</th><th>most negative (score &lt; 0)</th>"
            f"<th>most positive (score &gt; 0)</th></tr></thead><tbody>{''.join(rows)}"
            "</tbody></table></details>"
        )
    return "".join(blocks)


def _mention_list(mentions: pl.DataFrame) -> str:
    if not mentions.height:
        return "–"
    items = []
    for m in mentions.to_dicts():
        where = f"article {m.get('article_id', '')}, sentence {m.get('sentence', '')}"
        items.append(
            f"<li><b>{escape(format_cell(m['score'], '+.2f'))}</b> "
            f"{_marked(m['text'], m['start'], m['end'])} <small>({escape(where)})</small></li>"
        )
    return f"<ul>{''.join(items)}</ul>"


def _marked(text: Any, start: Any, end: Any) -> str:
    """The sentence, escaped, the mention in <mark>; long sentences cut around it."""
    text = "" if text is None else str(text)
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        return escape(text)
    lo, hi = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    before = ("…" if lo else "") + text[lo:start]
    after = text[end:hi] + ("…" if hi < len(text) else "")
    return f"{escape(before)}<mark>{escape(text[start:end])}</mark>{escape(after)}"
