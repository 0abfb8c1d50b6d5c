"""The self-contained HTML report of one run: summary, figures, tables, provenance.

`render_report(tables, manifest)` turns a run's tables into one HTML page that opens
from disk with no network: no script, no external style sheet, font or image; the
figures are SVG drawn by matplotlib and inlined. Every string that comes from the
corpus or a table (titles, quotes, terms, outlet and actor ids) is escaped, in the
HTML and inside the SVG. The same tables and manifest give the same bytes: the SVG
carries no date, its ids come from a fixed per-figure salt, and nothing here reads
the clock. `rebuild_report(run_dir)` rereads a finished run's CSVs and manifest and
rewrites its ``report.html`` (``framing report RUN_DIR``). See docs/report.md.

The page is a list of sections (`sections`): the run's own (summary, headline
features, classifiers, provenance, in this package) and between them the section of
every registered family that declares one (`Family.report`, in the family's package),
in registry order. The navigation is built from the same list.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from framing.features.base import ReportSection
from framing.report.classifiers import classifiers_section
from framing.report.evidence import section_evidence
from framing.report.figures import Figures
from framing.report.groups import groups_section
from framing.report.headlines import features_section
from framing.report.html import STYLE, escape
from framing.report.periods import periods_section
from framing.report.summary import provenance_section, summary_section


def sections(
    manifest: dict[str, Any], tables: dict[str, pl.DataFrame] | None = None
) -> list[ReportSection]:
    """The page's sections in order: summary, headline features, each registered
    family's own section (registry order), groups and periods (when the run has their
    tables), classifiers, provenance."""
    from framing.features import FAMILIES

    own_families = [f.report for f in FAMILIES.values() if f.report is not None]
    present = tables or {}
    optional: list[ReportSection] = []
    if "group_stats" in present:
        optional.append(ReportSection("groups", "Groups of outlets", groups_section))
    if "period_stats" in present:
        optional.append(ReportSection("periods", "Outlets over time", periods_section))
    chosen = [
        ReportSection(
            "summary", "Study summary", lambda _, tables: summary_section(tables, manifest)
        ),
        ReportSection("features", "Headline features by outlet", features_section),
        *own_families,
        *optional,
        ReportSection(
            "classifiers", "Can a classifier tell the outlets apart?", classifiers_section
        ),
        ReportSection("provenance", "Provenance", lambda _, tables: provenance_section(manifest)),
    ]
    keys = [s.key for s in chosen]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise ValueError(f"report sections share a key (an HTML id): {', '.join(repeated)}")
    return chosen


def _header(manifest: dict[str, Any]) -> str:
    study = manifest.get("study", "framing run")
    parts = [f"<h1>{escape(study)}</h1>"]
    if manifest.get("description"):
        parts.append(f"<p class='lead'>{escape(manifest['description'])}</p>")
    parts.append(
        f"<p class='lead'>Run <code>{escape(manifest.get('run_id', '–'))}</code> · config "
        f"<code>{escape(manifest.get('config', '–'))}</code> · config hash "
        f"<code>{escape(str(manifest.get('config_hash', '–'))[:12])}</code></p>"
    )
    return "".join(parts)


def _nav(chosen: list[ReportSection]) -> str:
    items = "".join(f"<li><a href='#{escape(s.key)}'>{escape(s.title)}</a></li>" for s in chosen)
    return f"<nav><ol>{items}</ol></nav>"


def _section(section: ReportSection, body: str) -> str:
    return f"<section id='{escape(section.key)}'><h2>{escape(section.title)}</h2>{body}</section>"


def render_report(tables: dict[str, pl.DataFrame], manifest: dict[str, Any]) -> str:
    """One self-contained HTML page for a run's `tables` and `manifest`.

    No script and no network: styles inline, figures inline SVG. Every table and
    manifest string is escaped. A missing or empty table gives a sentence saying so.
    Deterministic: the same inputs give the same bytes.
    """
    figures = Figures()
    chosen = sections(manifest, tables)
    body = "\n".join(
        _section(s, s.render(figures, tables) + section_evidence(s.key, tables)) for s in chosen
    )
    title = escape(f"{manifest.get('study', 'framing run')} — framing report")
    return (
        "<!doctype html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{title}</title><style>{STYLE}</style></head><body>\n"
        f"<header>{_header(manifest)}{_nav(chosen)}</header>\n<main>\n{body}\n</main>\n"
        "<footer><p class='lead'>Written by framing; every number above is in the run's "
        "CSV tables. See docs/report.md.</p></footer></body></html>\n"
    )


def rebuild_report(run_dir: str | Path) -> Path:
    """Rewrite ``report.html`` of a finished run from its CSVs and manifest."""
    from framing.errors import DataError
    from framing.outputs.reader import EDITED, load_run
    from framing.outputs.writer import write_text

    run_dir = Path(run_dir)
    tables, manifest = load_run(run_dir)
    try:
        page = render_report(tables, manifest)
    except Exception as exc:  # a folder from anyone: values its checks could not foresee
        raise DataError(
            f"{run_dir}: cannot draw report.html from this run's tables and manifest "
            f"({type(exc).__name__}: {exc}); {EDITED}"
        ) from exc
    target = run_dir / "report.html"
    write_text(target, page)
    return target
