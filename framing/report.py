"""Self-contained HTML report (issue 7 fills this in)."""

from __future__ import annotations

import html
from typing import Any

import polars as pl


def render_report(tables: dict[str, pl.DataFrame], manifest: dict[str, Any]) -> str:
    """One HTML page, no network, article text escaped."""
    title = html.escape(str(manifest.get("study", "framing run")))
    return f"<!doctype html><meta charset='utf-8'><title>{title}</title><h1>{title}</h1>\n"
