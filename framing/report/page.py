"""The self-contained HTML report of one run: summary, figures, tables, provenance.

`render_report(tables, manifest)` turns a run's tables into one HTML page that opens
from disk with no network: no script, no external style sheet, font or image; the
figures are SVG drawn by matplotlib and inlined. Every string that comes from the
corpus or a table (titles, quotes, terms, outlet and actor ids) is escaped, in the
HTML and inside the SVG. The same tables and manifest give the same bytes: the SVG
carries no date, its ids come from a fixed per-figure salt, and nothing here reads
the clock. `rebuild_report(run_dir)` rereads a finished run's CSVs and manifest and
rewrites its ``report.html`` (``framing report RUN_DIR``). See docs/report.md.
"""

from __future__ import annotations

import html
import io
import math
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# Headline features drawn as per-outlet dot plots: (short title, direction to read).
HEADLINE_FEATURES: dict[str, tuple[str, str]] = {
    "readability__flesch_reading_ease": ("Flesch reading ease", "higher = easier to read"),
    "sentiment__mean_compound": (
        "Mean sentence sentiment (VADER compound)",
        "higher = more positive; −1 most negative, +1 most positive",
    ),
    "lexical__mattr": (
        "Lexical diversity (moving-average type-token ratio)",
        "higher = more varied vocabulary",
    ),
    "lexical__quote_density": (
        "Quoted words",
        "higher = more of the body inside quotation marks",
    ),
}
# Actor sides: Okabe & Ito's colour-blind-safe palette, then a few more; the
# sides that are not actors (experts, unnamed sources, the rest) are greys, last.
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
RESIDUAL_SIDES = {
    "expert": "#4D4D4D",
    "anonymous": "#8C8C8C",
    "other": "#B3B3B3",
    "unknown": "#D9D9D9",
}
MAX_TERMS = 10
MAX_ARTICLES = 300
MAX_SPEAKERS = 5
QUOTE_CHARS = 160
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
code,.mono{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.85em;
word-break:break-all}
"""


# ---------------------------------------------------------------- small helpers


def _e(value: Any) -> str:
    """Escape anything for HTML text and attribute values."""
    return html.escape("" if value is None else str(value), quote=True)


def _missing_value(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _fmt(value: Any, spec: str = ".3g") -> str:
    """A number for a table cell; missing and NaN read as an en dash."""
    if _missing_value(value):
        return "–"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return format(value + 0.0, spec)  # + 0.0: no "-0"
    return str(value)


def _table(
    frame: pl.DataFrame,
    columns: Sequence[str],
    *,
    formats: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> str:
    """An HTML table of `columns` (those present), every cell escaped."""
    formats = formats or {}
    headers = headers or {}
    columns = [c for c in columns if c in frame.columns]
    head = "".join(f"<th>{_e(headers.get(c, c))}</th>" for c in columns)
    numeric = {c for c in columns if frame.schema[c].is_numeric()}
    rows = []
    for row in frame.select(columns).iter_rows(named=True):
        cells = []
        for c in columns:
            text = _fmt(row[c], formats.get(c, ".3g")) if c in numeric else _fmt(row[c])
            cells.append(
                f"<td class='n'>{_e(text)}</td>" if c in numeric else f"<td>{_e(text)}</td>"
            )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _missing(text: str) -> str:
    return f"<p class='missing'>{_e(text)}</p>"


def _usable(tables: dict[str, pl.DataFrame], name: str, columns: Iterable[str]) -> str | None:
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


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _feature_columns() -> dict[str, Any]:
    """Declared feature columns by name (definition, direction), from the registry."""
    from framing.features import FAMILIES

    return {c.name: c for family in FAMILIES.values() for c in family.columns}


def _dark(colour: str) -> bool:
    """Whether a ``#rrggbb`` colour needs white text (relative luminance below ~0.4)."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.4


def _counts_text(pairs: Iterable[tuple[str, Any]]) -> str:
    return "; ".join(f"{name} {_fmt(n)}" for name, n in pairs)


# ---------------------------------------------------------------- figures


class _Figures:
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
        buffer = io.StringIO()
        with self._rc():
            figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
        self.count += 1
        text = buffer.getvalue()
        return text[text.index("<svg") :].strip()

    def figure(self, figure: Figure, caption: str, *, label: str) -> str:
        """`<figure>` with the SVG and a caption (`caption` is escaped here)."""
        return (
            f"<figure aria-label='{_e(label)}'>{self.svg(figure)}"
            f"<figcaption>{_e(caption)}</figcaption></figure>"
        )


def _heatmap(
    figures: _Figures,
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
            if _finite(value):
                red, green, blue, _ = colours(image.norm(value))
                dark = 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.45
            ax.text(
                j + 0.5,
                i + 0.5,
                text,
                ha="center",
                va="center",
                fontsize=7.5,
                color="white" if dark else "#222222",
            )
    bar = figure.colorbar(image, ax=ax, shrink=0.85, pad=0.02)
    bar.set_label(colorbar)
    ax.set_title(title, loc="left")
    return figure


# ---------------------------------------------------------------- sections


def _header(manifest: dict[str, Any]) -> str:
    study = manifest.get("study", "framing run")
    parts = [f"<h1>{_e(study)}</h1>"]
    if manifest.get("description"):
        parts.append(f"<p class='lead'>{_e(manifest['description'])}</p>")
    parts.append(
        f"<p class='lead'>Run <code>{_e(manifest.get('run_id', '–'))}</code> · config "
        f"<code>{_e(manifest.get('config', '–'))}</code> · config hash "
        f"<code>{_e(str(manifest.get('config_hash', '–'))[:12])}</code></p>"
    )
    return "".join(parts)


SECTIONS = (
    ("summary", "Study summary"),
    ("features", "Headline features by outlet"),
    ("attribution", "Who is quoted"),
    ("actors", "Tone toward actors"),
    ("frames", "Frames"),
    ("terms", "Distinguishing terms"),
    ("classifiers", "Can a classifier tell the outlets apart?"),
    ("provenance", "Provenance"),
)


def _nav() -> str:
    items = "".join(f"<li><a href='#{key}'>{_e(title)}</a></li>" for key, title in SECTIONS)
    return f"<nav><ol>{items}</ol></nav>"


def _section(key: str, body: str) -> str:
    title = dict(SECTIONS)[key]
    return f"<section id='{key}'><h2>{_e(title)}</h2>{body}</section>"


def _outlet_counts(tables: dict[str, pl.DataFrame]) -> pl.DataFrame | None:
    columns = ["outlet", "n_articles", "n_sentences", "n_words"]
    outlets = tables.get("outlets")
    if outlets is not None and outlets.height and set(columns) <= set(outlets.columns):
        return outlets.select(columns).sort("outlet")
    articles = tables.get("articles")
    if articles is not None and articles.height and {"outlet", "n_words"} <= set(articles.columns):
        return (
            articles.group_by("outlet")
            .agg(
                pl.len().alias("n_articles"),
                *[pl.col(c).sum() for c in ("n_sentences", "n_words") if c in articles.columns],
            )
            .sort("outlet")
        )
    return None


def _notes(manifest: dict[str, Any]) -> list[str]:
    notes = [str(n) for n in manifest.get("notes") or []]
    models = manifest.get("models")
    if isinstance(models, dict):
        notes += [f"models: {n}" for n in models.get("notes") or []]
    return notes


def _article_list(tables: dict[str, pl.DataFrame]) -> str:
    """The articles, folded away (a `<details>` element: no script needed)."""
    articles = tables.get("articles")
    columns = ["outlet", "article_id", "title", "n_words", "n_sentences"]
    if articles is None or not articles.height or "outlet" not in articles.columns:
        return ""
    shown = articles.sort([c for c in ("outlet", "article_id") if c in articles.columns])
    more = ""
    if shown.height > MAX_ARTICLES:
        more = f"<p>First {MAX_ARTICLES} of {shown.height}; all are in articles.csv.</p>"
        shown = shown.head(MAX_ARTICLES)
    return (
        f"<details><summary>The {articles.height} article(s)</summary>{more}"
        + _table(shown, columns, headers={"n_words": "words", "n_sentences": "sentences"})
        + "</details>"
    )


def _summary(tables: dict[str, pl.DataFrame], manifest: dict[str, Any]) -> str:
    parts = []
    counts = _outlet_counts(tables)
    if counts is None:
        parts.append(_missing("No articles in this run: outlets.csv and articles.csv are empty."))
    else:
        total = counts.select(pl.exclude("outlet").sum()).row(0, named=True)
        parts.append(
            f"<p>{counts.height} outlet(s), {_fmt(total.get('n_articles'))} article(s), "
            f"{_fmt(total.get('n_sentences'))} body sentence(s), "
            f"{_fmt(total.get('n_words'))} body word(s).</p>"
        )
        parts.append(
            _table(
                counts,
                counts.columns,
                headers={"n_articles": "articles", "n_sentences": "sentences", "n_words": "words"},
            )
        )
        if counts.height == 1:
            parts.append(_missing("Only one outlet: there is nothing to compare it with."))
        parts.append(_article_list(tables))
    notes = _notes(manifest)
    if notes:
        items = "".join(f"<li>{_e(n)}</li>" for n in notes)
        parts.append(f"<h3>Notes</h3><div class='note'><ul>{items}</ul></div>")
    parts.append("<h3>Cleaning</h3>")
    cleaning = [c for c in manifest.get("cleaning") or [] if isinstance(c, dict)]
    if cleaning:
        frame = pl.DataFrame(
            [
                {
                    "outlet": str(c.get("outlet", "")),
                    "rule": str(c.get("rule", "")),
                    "count": int(c.get("count") or 0),
                }
                for c in cleaning
            ]
        )
        pivot = (
            frame.group_by("outlet", "rule")
            .agg(pl.col("count").sum())
            .sort("rule")
            .pivot(on="rule", index="outlet", values="count")
            .fill_null(0)
            .sort("outlet")
        )
        parts.append(
            "<p>Lines of page furniture removed before analysis, by rule.</p>"
            + _table(pivot, pivot.columns, formats={c: "d" for c in pivot.columns})
        )
    else:
        parts.append("<p>No page furniture was removed (or cleaning was off).</p>")
    parts.append("<h3>Skipped inputs</h3>")
    skipped = [s for s in manifest.get("skipped") or [] if isinstance(s, dict)]
    if skipped:
        items = "".join(
            f"<li><code>{_e(s.get('source'))}</code>: {_e(s.get('reason'))}</li>" for s in skipped
        )
        parts.append(f"<ul>{items}</ul>")
    else:
        parts.append("<p>None: every input file was read.</p>")
    return "".join(parts)


STAT_COLUMNS = ("outlet", "feature", "unit", "n", "mean", "ci_low", "ci_high", "note")


def _headline_stats(tables: dict[str, pl.DataFrame]) -> tuple[pl.DataFrame | None, bool]:
    """Per outlet × headline feature: unit, n, mean, CI, note; and whether from outlet_stats.

    The unit may differ between outlets (stats.py resamples sentences for an outlet
    with few articles); where one outlet has several rows for a feature, articles win.
    """
    features = list(HEADLINE_FEATURES)
    stats = tables.get("outlet_stats")
    if (
        stats is not None
        and stats.height
        and set(STAT_COLUMNS[:-1]) - {"unit"} <= set(stats.columns)
    ):
        stats = stats.with_columns(
            pl.col("unit").cast(pl.String)
            if "unit" in stats.columns
            else pl.lit("article").alias("unit"),
            pl.col("note").cast(pl.String)
            if "note" in stats.columns
            else pl.lit(None, pl.String).alias("note"),
        )
        chosen = (
            stats.filter(pl.col("feature").is_in(features))
            .sort("feature", "outlet", pl.col("unit") != "article", "unit")
            .unique(["feature", "outlet"], keep="first", maintain_order=True)
        )
        if chosen.height:
            return chosen.select(STAT_COLUMNS), True
    articles = tables.get("articles")
    present = [f for f in features if articles is not None and f in articles.columns]
    if articles is None or not articles.height or not present:
        return None, False
    long = (
        articles.select("outlet", *present)
        .unpivot(index="outlet", variable_name="feature", value_name="value")
        .with_columns(pl.col("value").cast(pl.Float64).fill_nan(None))
        .group_by("outlet", "feature")
        .agg(pl.col("value").count().alias("n"), pl.col("value").mean().alias("mean"))
        .with_columns(
            pl.lit("article").alias("unit"),
            pl.lit(None, pl.Float64).alias("ci_low"),
            pl.lit(None, pl.Float64).alias("ci_high"),
            pl.lit(None, pl.String).alias("note"),
        )
        .sort("feature", "outlet")
    )
    return long.select(STAT_COLUMNS), False


def _units(n: Any, unit: Any) -> str:
    unit = str(unit or "unit")
    return f"{_fmt(n)} {unit if n == 1 else unit + 's'}"


def _dot_plot(figures: _Figures, rows: pl.DataFrame, feature: str, declared: Any) -> str:
    title, direction = HEADLINE_FEATURES.get(feature, (feature, ""))
    if declared is not None and not direction:
        direction = declared.direction
    records = rows.sort("outlet", descending=True).to_dicts()  # first outlet at the top
    figure = figures.new(5.6, 0.9 + 0.38 * len(records))
    ax = figure.add_subplot()
    labels = [f"{r['outlet']} (n={_fmt(r['n'])})" for r in records]
    for y, r in enumerate(records):
        if _finite(r["ci_low"]) and _finite(r["ci_high"]):
            ax.hlines(y, r["ci_low"], r["ci_high"], color="#0072B2", linewidth=2, alpha=0.55)
        if _finite(r["mean"]):
            ax.plot([r["mean"]], [y], "o", color="#0072B2", markersize=6)
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
    ax.set_yticks(range(len(records)), labels=labels)
    ax.set_ylim(-0.6, len(records) - 0.4)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_xlabel(feature)
    ax.set_title(title, loc="left")
    records.reverse()  # captions read in outlet order
    has_ci = [r for r in records if _finite(r["ci_low"]) and _finite(r["ci_high"])]
    definition = f" {declared.definition.rstrip('.')}." if declared is not None else ""
    interval = (
        "Dots: outlet value; bars: 95% confidence interval (outlet_stats.csv)."
        if has_ci
        else "Dots: outlet value; no confidence interval is available."
    )
    without = [r for r in records if r not in has_ci and _finite(r["mean"])]
    if has_ci and without:
        interval += (
            " No interval for "
            + "; ".join(
                f"{r['outlet']}" + (f" ({r['note']})" if r["note"] else "") for r in without
            )
            + "."
        )
    elif without and any(r["note"] for r in without):
        interval += f" No interval: {without[0]['note']}."
    caption = (
        f"{title} per outlet ({feature}): {direction}.{definition} {interval} n per outlet: "
        + "; ".join(f"{r['outlet']} {_units(r['n'], r['unit'])}" for r in records)
        + "."
    )
    return figures.figure(figure, caption, label=feature)


def _features(figures: _Figures, tables: dict[str, pl.DataFrame]) -> str:
    stats, has_ci = _headline_stats(tables)
    if stats is None:
        return _missing(
            "None of the headline features ("
            + ", ".join(HEADLINE_FEATURES)
            + ") was computed in this run (their families are disabled or there are no articles)."
        ) + _comparisons(tables)
    parts = []
    if not has_ci:
        parts.append(
            _missing(
                "outlet_stats.csv is missing or empty, so the plots show plain outlet means "
                "without confidence intervals."
            )
        )
    declared = _feature_columns()
    plots = []
    for feature in HEADLINE_FEATURES:
        rows = stats.filter(pl.col("feature") == feature)
        if rows.height and rows["mean"].cast(pl.Float64).fill_nan(None).drop_nulls().len():
            plots.append(_dot_plot(figures, rows, feature, declared.get(feature)))
        elif rows.height:
            plots.append(_missing(f"{feature}: no outlet has a value (all NaN)."))
    parts.append("<div class='grid'>" + "".join(plots) + "</div>")
    parts.append(_comparisons(tables))
    return "".join(parts)


def _comparisons(tables: dict[str, pl.DataFrame]) -> str:
    columns = ["outlet", "versus", "feature", "difference", "effect_size", "p_value", "q_value"]
    why = _usable(tables, "comparisons", columns)
    head = "<h3>Comparisons of the headline features</h3>"
    if why:
        return head + _missing(why)
    frame = (
        tables["comparisons"]
        .filter(pl.col("feature").is_in(list(HEADLINE_FEATURES)))
        .with_columns(pl.col("p_value").cast(pl.Float64).fill_nan(None))
        .sort("feature", "outlet", "versus")
    )
    if not frame.height:
        return head + _missing("comparisons.csv has no rows for the headline features.")
    parts = [head]
    tested = frame.filter(pl.col("p_value").is_not_null())
    if tested.height:
        extra = [
            c
            for c in ("unit", "n", "n_versus", "effect_size_kind", "note")
            if c in tested.columns
            and tested[c].null_count() < tested.height
            and not (tested.schema[c] == pl.String and (tested[c].fill_null("") == "").all())
        ]
        parts.append(
            "<p>Each outlet against the rest of the corpus (<code>versus</code> = rest) "
            "or another outlet: difference (outlet − versus), Cohen's d where defined, "
            "permutation p-value and the Benjamini–Hochberg q-value over all features of "
            "that comparison (docs/stats.md). Read q, not p: with many features some "
            "p-values are small by chance.</p>"
            + "<div class='wide'>"
            + _table(
                tested,
                [
                    *columns[:3],
                    *[c for c in extra if c != "note"],
                    *columns[3:],
                    *[c for c in extra if c == "note"],
                ],
            )
            + "</div>"
        )
    untested = frame.filter(pl.col("p_value").is_null())
    if untested.height:
        note = pl.col("note") if "note" in untested.columns else pl.lit(None, pl.String)
        reasons = (
            untested.with_columns(note.fill_null("no p-value").alias("why"))
            .group_by("feature", "why")
            .agg(pl.col("outlet").sort())
            .sort("feature", "why")
        )
        items = "".join(
            f"<li><code>{_e(feature)}</code>: {_e(why)} ({_e(', '.join(outlets))})</li>"
            for feature, why, outlets in reasons.iter_rows()
        )
        parts.append(f"<p>Not tested:</p><ul>{items}</ul>")
    return "".join(parts)


def _attribution(figures: _Figures, tables: dict[str, pl.DataFrame]) -> str:
    why = _usable(tables, "attribution", ["outlet", "side", "quotes", "share_quotes"])
    if why:
        return _missing(why)
    frame = tables["attribution"].with_columns(
        pl.col("share_quotes").cast(pl.Float64).fill_nan(None).fill_null(0.0),
        pl.col("quotes").cast(pl.Int64).fill_null(0),
    )
    outlets = sorted(frame["outlet"].unique().to_list())
    totals = dict(frame.group_by("side").agg(pl.col("share_quotes").sum()).iter_rows())
    present = [s for s in sorted(totals) if totals[s] > 0]
    actor_sides = sorted(
        (s for s in present if s not in RESIDUAL_SIDES), key=lambda s: (-totals[s], s)
    )
    sides = actor_sides + [s for s in RESIDUAL_SIDES if s in present]
    colours = {s: PALETTE[k % len(PALETTE)] for k, s in enumerate(actor_sides)}
    colours |= RESIDUAL_SIDES
    n_quotes = dict(frame.group_by("outlet").agg(pl.col("quotes").sum()).iter_rows())
    if not sides:
        return _missing("No attributed quotes in any outlet: nothing to divide between sides.")
    figure = figures.new(7.6, 1.0 + 0.42 * len(outlets))
    ax = figure.add_subplot()
    shares = {(o, s): v for o, s, v in frame.select("outlet", "side", "share_quotes").iter_rows()}
    ys = list(range(len(outlets)))[::-1]
    left = [0.0] * len(outlets)
    for side in sides:
        widths = [shares.get((o, side), 0.0) for o in outlets]
        colour = colours[side]
        ax.barh(ys, widths, left=left, color=colour, label=side, height=0.62)
        for y, x0, w in zip(ys, left, widths, strict=True):
            if w >= 0.08:
                ax.text(
                    x0 + w / 2,
                    y,
                    f"{w:.0%}",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if _dark(colour) else "#111111",
                )
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.set_yticks(ys, labels=[f"{o} (n={n_quotes.get(o, 0)})" for o in outlets])
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter("{x:.0%}")
    ax.set_xlabel("share of the outlet's attributions")
    ax.legend(title="speaker's side", loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ax.set_title("Attributions by the speaker's side", loc="left")
    empty = [o for o in outlets if not n_quotes.get(o)]
    caption = (
        "Share of each outlet's attributions (direct, indirect and mixed quotes) by the side "
        "of the speaker; each bar sums to 100%, a longer segment = that side is quoted more "
        "often. n = attributions per outlet: "
        + _counts_text((o, n_quotes.get(o, 0)) for o in outlets)
        + "."
        + (f" No attributions (empty bar): {', '.join(empty)}." if empty else "")
    )
    parts = [figures.figure(figure, caption, label="attribution")]
    per_outlet = [
        c
        for c in ("n_quotes_outlet", "n_words_outlet", "balance", "anonymous_share_outlet")
        if c in frame.columns
    ]
    if per_outlet:
        summary = tables["attribution"].group_by("outlet").agg(pl.col(per_outlet).first())
        parts.append(
            "<p>Per outlet: <em>balance</em> is the normalised entropy of attributions over "
            "the voice sides (0 = one side only, 1 = perfectly even); "
            "<em>anonymous share</em> = share of attributions to unnamed sources.</p>"
            + _table(
                summary.sort("outlet"),
                ["outlet", *per_outlet],
                headers={
                    "n_quotes_outlet": "attributions",
                    "n_words_outlet": "quoted words",
                    "anonymous_share_outlet": "anonymous share",
                },
            )
        )
    parts.append(_speakers(tables))
    return "".join(parts)


def _speakers(tables: dict[str, pl.DataFrame]) -> str:
    """The most-quoted speakers of each outlet, with the first thing each said."""
    head = "<h3>Most-quoted speakers</h3>"
    speaker = "speaker_canonical"
    quotes = tables.get("quotes")
    if quotes is not None and speaker not in quotes.columns:
        speaker = "speaker"
    why = _usable(tables, "quotes", ["outlet", speaker, "quote"])
    if why:
        return head + _missing(why)
    side = [pl.col("side").first()] if "side" in quotes.columns else []
    top = (
        quotes.filter(pl.col(speaker).is_not_null() & (pl.col(speaker) != ""))
        .group_by("outlet", speaker, maintain_order=True)
        .agg(pl.len().alias("attributions"), *side, pl.col("quote").first().alias("first quote"))
        .sort("outlet", "attributions", speaker, descending=[False, True, False])
        .group_by("outlet", maintain_order=True)
        .head(MAX_SPEAKERS)
        .with_columns(
            pl.when(pl.col("first quote").str.len_chars() > QUOTE_CHARS)
            .then(pl.col("first quote").str.slice(0, QUOTE_CHARS - 1) + "…")
            .otherwise(pl.col("first quote"))
            .alias("first quote")
        )
    )
    if not top.height:
        return head + _missing("No attribution in quotes.csv names its speaker.")
    return (
        head + f"<p>Up to {MAX_SPEAKERS} speakers per outlet by number of attributions, "
        "with the first statement attributed to each (quotes.csv has them all).</p>"
        + _table(
            top,
            ["outlet", speaker, "side", "attributions", "first quote"],
            headers={speaker: "speaker"},
        )
    )


def _actors(figures: _Figures, tables: dict[str, pl.DataFrame]) -> str:
    why = _usable(tables, "actors", ["outlet", "actor", "mean_compound"])
    if why:
        return _missing(why)
    frame = tables["actors"]
    parts = []
    variants = [
        (
            "mean_compound",
            "n_exclusive" if "n_exclusive" in frame.columns else "sentences",
            "body sentences that mention the actor and no other",
        ),
    ]
    if {"mean_compound_all", "sentences"} <= set(frame.columns):
        variants.append(
            (
                "mean_compound_all",
                "sentences",
                "body sentences that mention the actor (alone or with others)",
            )
        )
    for column, n_column, which in variants:
        if n_column not in frame.columns:
            frame = frame.with_columns(pl.lit(None, pl.Int64).alias(n_column))
        parts.append(_actor_heatmap(figures, frame, column, n_column, which))
    return "".join(parts)


def _actor_heatmap(
    figures: _Figures, frame: pl.DataFrame, column: str, n_column: str, which: str
) -> str:
    outlets = sorted(frame["outlet"].unique().to_list())
    actors = sorted(frame["actor"].unique().to_list())
    lookup = {
        (o, a): (v, n)
        for o, a, v, n in frame.select("outlet", "actor", column, n_column).iter_rows()
    }
    values, cells = [], []
    for actor in actors:
        row_values, row_cells = [], []
        for outlet in outlets:
            value, n = lookup.get((outlet, actor), (None, None))
            value = float(value) if _finite(value) else math.nan
            row_values.append(value)
            n_text = f"n={n}" if n is not None else ""
            row_cells.append(f"{value:+.2f}\n{n_text}" if math.isfinite(value) else f"–\n{n_text}")
        values.append(row_values)
        cells.append(row_cells)
    if not any(math.isfinite(v) for row in values for v in row):
        return _missing(f"actors.csv: {column} is empty for every outlet and actor ({which}).")
    figure = _heatmap(
        figures,
        values,
        actors,
        outlets,
        cmap="RdBu",
        vmin=-1,
        vmax=1,
        cells=cells,
        colorbar="mean VADER compound",
        title=f"Tone toward each actor ({column})",
    )
    caption = (
        f"Mean VADER compound sentiment of the {which}, per outlet (columns) and actor "
        "(rows): red = negative, blue = positive, −1 to +1. Each cell: the mean, and "
        f"n = the number of sentences behind it ({n_column}); grey “–” = no such sentence. "
        "Means over fewer than ~5 sentences are anecdotes, not estimates."
    )
    return figures.figure(figure, caption, label=column)


def _frames(figures: _Figures, tables: dict[str, pl.DataFrame]) -> str:
    why = _usable(tables, "frames", ["outlet", "frame", "share"])
    if why:
        return _missing(why)
    frame = tables["frames"]
    outlets = sorted(frame["outlet"].unique().to_list())
    names = frame["frame"].unique(maintain_order=True).to_list()  # codebook order
    lookup = {(o, f): v for o, f, v in frame.select("outlet", "frame", "share").iter_rows()}
    values = [
        [float(v) if _finite(v := lookup.get((o, f))) else math.nan for o in outlets] for f in names
    ]
    if not any(math.isfinite(v) for row in values for v in row):
        return _missing("frames.csv: no outlet has a frame share (no body sentences).")
    cells = [[f"{v:.0%}" if math.isfinite(v) else "–" for v in row] for row in values]
    top = max(v for row in values for v in row if math.isfinite(v)) or 1.0
    figure = _heatmap(
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
        n_text = " n = body sentences per outlet: " + _counts_text(n.iter_rows()) + "."
    caption = (
        "Share of each outlet's body sentences that cue each policy frame (Media Frames "
        "Corpus dimensions, cue lexicon in docs/frames.md): darker = the frame is more "
        "present. A sentence can cue several frames; “other” = sentences cueing none, so "
        "a column need not sum to 100%. 95% intervals are in frames.csv." + n_text
    )
    return figures.figure(figure, caption, label="frames")


def _terms(tables: dict[str, pl.DataFrame]) -> str:
    why = _usable(tables, "terms", ["outlet", "term", "z_score"])
    if why:
        return _missing(why)
    frame = (
        tables["terms"]
        .with_columns(pl.col("z_score").cast(pl.Float64).fill_nan(None))
        .filter(pl.col("z_score") > 0)
        .sort("outlet", "z_score", "term", descending=[False, True, False])
    )
    if not frame.height:
        return _missing("terms.csv has no term over-represented in any outlet (z > 0).")
    intro = (
        f"<p>The {MAX_TERMS} terms most over-represented in each outlet against all the "
        "others: weighted log-odds ratio with an informative Dirichlet prior (Monroe, "
        "Colaresi &amp; Quinn 2008); <em>z</em> = log-odds / its standard error, higher = "
        "more distinctive of the outlet (|z| &gt; 1.96 ≈ unlikely by chance for one term). "
        "<em>count</em> = uses in the outlet.</p>"
    )
    blocks = []
    for (outlet,), rows in frame.group_by("outlet", maintain_order=True):
        top = rows.head(MAX_TERMS)
        blocks.append(
            f"<div><h3>{_e(outlet)}</h3>"
            + _table(
                top,
                ["term", "count", "log_odds", "z_score"],
                formats={"log_odds": ".2f", "z_score": ".2f"},
            )
            + "</div>"
        )
    return intro + "<div class='grid'>" + "".join(blocks) + "</div>"


def _classifiers(figures: _Figures, tables: dict[str, pl.DataFrame], manifest: dict) -> str:
    why = _usable(tables, "classifiers", ["model", "feature_set", "macro_f1"])
    if why:
        return _missing(why)
    frame = tables["classifiers"].sort("model", "feature_set")
    if "chance_macro_f1" not in frame.columns:
        return _missing(
            "classifiers.csv has no chance_macro_f1 column; scores are not shown without "
            "their chance baseline."
        )
    ok = frame
    if "status" in frame.columns:
        ok = frame.filter(pl.col("status").is_null() | (pl.col("status") == "ok"))
    ok = ok.with_columns(pl.col("macro_f1", "chance_macro_f1").cast(pl.Float64).fill_nan(None))
    drawable = ok.filter(pl.col("macro_f1").is_not_null() & pl.col("chance_macro_f1").is_not_null())
    parts = []
    meta = frame.row(0, named=True)
    parts.append(
        "<p>Cross-validated macro-F1 of each model and feature set at telling "
        f"<code>{_e(meta.get('target', 'outlet'))}</code> apart from "
        f"<code>{_e(meta.get('unit', '?'))}</code> units ({_fmt(meta.get('folds'))} folds, "
        f"n = {_fmt(meta.get('n'))}). Read every score beside its chance baseline (the better "
        "of a majority-class and a stratified random guesser on the same folds) and its "
        "permutation p-value: a score near chance means the outlets are not separable.</p>"
    )
    if drawable.height:
        parts.append(_classifier_figure(figures, drawable))
    else:
        parts.append(_missing("No classifier has both a score and a chance baseline."))
    shown = frame.with_columns(
        pl.when(pl.col("chance_macro_f1").cast(pl.Float64).fill_nan(None).is_null())
        .then(None)
        .otherwise(pl.col("macro_f1"))
        .alias("macro_f1")
    )
    parts.append(
        _table(
            shown,
            [
                "model",
                "feature_set",
                "macro_f1",
                "sd",
                "chance_macro_f1",
                "permutation_p",
                "accuracy",
                "chance_accuracy",
                "grouping",
                "status",
                "skip_reason",
            ],
            formats={
                "macro_f1": ".3f",
                "sd": ".3f",
                "chance_macro_f1": ".3f",
                "accuracy": ".3f",
                "chance_accuracy": ".3f",
                "permutation_p": ".3f",
            },
        )
    )
    parts.append(_confusion(figures, tables, drawable))
    return "".join(parts)


def _classifier_figure(figures: _Figures, frame: pl.DataFrame) -> str:
    records = frame.to_dicts()
    labels = [f"{r['model']} · {r['feature_set']}" for r in records]
    ys = list(range(len(records)))[::-1]
    figure = figures.new(6.6, 0.9 + 0.34 * len(records))
    ax = figure.add_subplot()
    scores = [r["macro_f1"] for r in records]
    errors = [r.get("sd") if _finite(r.get("sd")) else 0.0 for r in records]
    ax.barh(
        ys,
        scores,
        xerr=errors,
        color="#56B4E9",
        height=0.6,
        error_kw={"linewidth": 0.8},
        label="macro-F1 (± sd over folds)",
    )
    ax.scatter(
        [r["chance_macro_f1"] for r in records],
        ys,
        marker="|",
        s=260,
        color="#D55E00",
        linewidths=2.2,
        zorder=3,
        label="chance baseline",
    )
    for y, r in zip(ys, records, strict=True):
        p = r.get("permutation_p")
        if _finite(p):
            ax.text(
                1.01, y, f"p={p:.3f}", va="center", fontsize=7.5, transform=ax.get_yaxis_transform()
            )
    ax.set_yticks(ys, labels=labels)
    ax.set_xlim(0, 1)
    ax.set_xlabel("macro-F1 (higher = outlets easier to tell apart; 0 to 1)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.1, 1), fontsize=7.5, frameon=False)
    ax.set_title("Classifier scores beside chance", loc="left")
    n = records[0].get("n")
    caption = (
        "Cross-validated macro-F1 (bar, ± sd across folds) of each model × feature set, "
        "with the chance baseline on the same folds (orange tick) and the permutation "
        "p-value (right): higher = the outlets are easier to tell apart; a bar that does "
        f"not clear its tick is no better than guessing. n = {_fmt(n)} units."
    )
    return figures.figure(figure, caption, label="classifiers")


def _confusion(figures: _Figures, tables: dict[str, pl.DataFrame], scored: pl.DataFrame) -> str:
    head = "<h3>Confusion matrix of the best model</h3>"
    why = _usable(tables, "confusion", ["model", "feature_set", "true", "predicted", "count"])
    if why:
        return head + _missing(why)
    confusion = tables["confusion"]
    available = set(confusion.select("model", "feature_set").unique().iter_rows())
    ranked = scored.sort("macro_f1", "model", "feature_set", descending=[True, False, False])
    best = next(
        (r for r in ranked.iter_rows(named=True) if (r["model"], r["feature_set"]) in available),
        None,
    )
    if best is None:
        return head + _missing("No scored model has a confusion matrix in confusion.csv.")
    rows = confusion.filter(
        (pl.col("model") == best["model"]) & (pl.col("feature_set") == best["feature_set"])
    )
    classes = sorted(set(rows["true"].to_list()) | set(rows["predicted"].to_list()))
    counts = {
        (t, p): int(c or 0) for t, p, c in rows.select("true", "predicted", "count").iter_rows()
    }
    totals = {t: sum(counts.get((t, p), 0) for p in classes) for t in classes}
    values = [
        [counts.get((t, p), 0) / totals[t] if totals[t] else math.nan for p in classes]
        for t in classes
    ]
    cells = [[str(counts.get((t, p), 0)) for p in classes] for t in classes]
    figure = _heatmap(
        figures,
        values,
        classes,
        classes,
        cmap="Blues",
        vmin=0,
        vmax=1,
        cells=cells,
        colorbar="share of the true class's units",
        title=f"{best['model']} · {best['feature_set']}",
    )
    axes: Axes = figure.axes[0]
    axes.set_xlabel("predicted")
    axes.set_ylabel("true")
    caption = (
        f"Confusion matrix of the highest-scoring model ({best['model']}, feature set "
        f"{best['feature_set']}, macro-F1 {best['macro_f1']:.3f} vs chance "
        f"{best['chance_macro_f1']:.3f}): rows = true class, columns = predicted; numbers = "
        "units, colour = share of the row; a dark diagonal = classes told apart, "
        "off-diagonal cells = which outlets are confused. n = "
        f"{sum(totals.values())} units: " + _counts_text((t, totals[t]) for t in classes) + "."
    )
    return head + figures.figure(figure, caption, label="confusion")


def _provenance(manifest: dict[str, Any]) -> str:
    keys = ["study", "run_id", "status", "config", "config_hash", "command", "cwd"]
    rows = "".join(
        f"<tr><th>{_e(k)}</th><td class='mono'>{_e(manifest[k])}</td></tr>"
        for k in keys
        if k in manifest
    )
    parts = [f"<table>{rows}</table>"]
    inputs = [i for i in manifest.get("inputs") or [] if isinstance(i, dict)]
    parts.append(f"<h3>Inputs ({len(inputs)})</h3>")
    if inputs:
        frame = pl.DataFrame(
            [
                {
                    "path": str(i.get("path", "")),
                    "bytes": i.get("bytes"),
                    "sha256": str(i.get("sha256", "")),
                }
                for i in inputs
            ],
            schema={"path": pl.String, "bytes": pl.Int64, "sha256": pl.String},
        )
        parts.append(_table(frame, frame.columns).replace("<table>", "<table class='mono'>", 1))
    else:
        parts.append("<p>The manifest lists no input files.</p>")
    blocks = []
    for key, title in (
        ("packages", "Package versions"),
        ("families", "Feature family versions"),
        ("timings_seconds", "Timings (seconds)"),
        ("rows", "Rows per table"),
    ):
        value = manifest.get(key)
        if isinstance(value, dict) and value:
            cells = "".join(
                f"<tr><th>{_e(k)}</th><td class='mono'>{_e(v)}</td></tr>" for k, v in value.items()
            )
            blocks.append(f"<div><h3>{_e(title)}</h3><table>{cells}</table></div>")
    parts.append("<div class='grid narrow'>" + "".join(blocks) + "</div>")
    return "".join(parts)


# ---------------------------------------------------------------- entry points


def render_report(tables: dict[str, pl.DataFrame], manifest: dict[str, Any]) -> str:
    """One self-contained HTML page for a run's `tables` and `manifest`.

    No script and no network: styles inline, figures inline SVG. Every table and
    manifest string is escaped. A missing or empty table gives a sentence saying so.
    Deterministic: the same inputs give the same bytes.
    """
    figures = _Figures()
    bodies: dict[str, Callable[[], str]] = {
        "summary": lambda: _summary(tables, manifest),
        "features": lambda: _features(figures, tables),
        "attribution": lambda: _attribution(figures, tables),
        "actors": lambda: _actors(figures, tables),
        "frames": lambda: _frames(figures, tables),
        "terms": lambda: _terms(tables),
        "classifiers": lambda: _classifiers(figures, tables, manifest),
        "provenance": lambda: _provenance(manifest),
    }
    sections = "\n".join(_section(key, bodies[key]()) for key, _ in SECTIONS)
    title = _e(f"{manifest.get('study', 'framing run')} — framing report")
    return (
        "<!doctype html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{title}</title><style>{STYLE}</style></head><body>\n"
        f"<header>{_header(manifest)}{_nav()}</header>\n<main>\n{sections}\n</main>\n"
        "<footer><p class='lead'>Written by framing; every number above is in the run's "
        "CSV tables. See docs/report.md.</p></footer></body></html>\n"
    )


def rebuild_report(run_dir: str | Path) -> Path:
    """Rewrite ``report.html`` of a finished run from its CSVs and manifest."""
    from framing.outputs.reader import load_run
    from framing.outputs.writer import write_text

    run_dir = Path(run_dir)
    tables, manifest = load_run(run_dir)
    target = run_dir / "report.html"
    write_text(target, render_report(tables, manifest))
    return target
