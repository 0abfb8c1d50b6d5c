"""`framing explain RUN_DIR --outlet ID --feature NAME`: what produced one value.

NAME is a feature column (``sentiment__mean_compound``) or an evidence key of the run
(an actor, a side, a frame, a distinguishing term: see `framing.evidence`). For a
feature with a sentence-level counterpart, the outlet's body sentences with the
highest (and, for a mean of sentences, lowest) value; for a word-list rate or a frame
share, the words that fired; for a feature computed on whole articles only, the
outlet's article values. For an evidence key, the run's ``evidence.csv`` rows. Reads
the finished run folder only (`framing.outputs.reader`).
"""

from __future__ import annotations

import math
from pathlib import Path

import polars as pl

from framing.errors import ConfigError, DataError
from framing.outputs.parts import PARTS_DIRNAME, published_scan
from framing.outputs.reader import EDITED, read_manifest, read_typed

TEXT_WIDTH = 160


def explain(run_dir: Path, *, outlet: str, feature: str, limit: int = 10) -> list[str]:
    """The lines `framing explain` prints; `ConfigError` (one line) for an unknown
    run folder, outlet or feature."""
    run_dir = Path(run_dir)
    # Cells are read with the types the run recorded, so an edited cell is an error
    # naming its file and row (as for `framing report`), never a column of text.
    recorded = read_manifest(run_dir).get("columns") or {}
    outlets = _table(run_dir, "outlets", recorded)
    known = outlets["outlet"].to_list() if outlets.height else []
    if outlet not in known:
        raise ConfigError(
            f"--outlet: {outlet!r} is not an outlet of {run_dir} (outlets: {', '.join(known)})"
        )
    if (
        feature in outlets.columns
        and feature != "n_articles"
        and outlets[feature].dtype.is_numeric()
    ):
        return _feature_lines(run_dir, recorded, outlets, outlet, feature, limit)
    evidence = _evidence(run_dir, recorded)
    names: list[str] = []
    rows = evidence
    if evidence.height:
        base = evidence["key"].str.split(":").list.first()
        names = sorted(set(base.to_list()))
        rows = evidence.filter((base == feature) | (evidence["key"] == feature))
    if not rows.height:
        # Feature columns are evidence keys too (table "features"): each named once.
        examples = list(dict.fromkeys([c for c in outlets.columns if "__" in c][:2] + names))[:5]
        raise ConfigError(
            f"--feature: {feature!r} is neither a feature column nor an evidence key of "
            f"{run_dir} (e.g. {', '.join(examples)}; `framing features` lists the columns)"
        )
    return _evidence_lines(rows.filter(outlet=outlet), outlet, feature)


def _table(run_dir: Path, name: str, recorded: dict) -> pl.DataFrame:
    path = run_dir / f"{name}.csv"
    return read_typed(path, recorded.get(path.name))


def _evidence(run_dir: Path, recorded: dict) -> pl.DataFrame:
    path = run_dir / "evidence.csv"
    return _table(run_dir, "evidence", recorded) if path.is_file() else pl.DataFrame()


def _evidence_lines(rows: pl.DataFrame, outlet: str, name: str) -> list[str]:
    if not rows.height:
        return [f"{outlet} · {name}: no evidence rows for this outlet (evidence.csv)"]
    lines = [f"{outlet} · {name} (evidence.csv)"]
    for (table, key), group in rows.sort("table", "key", "rank").group_by(
        "table", "key", maintain_order=True
    ):
        lines.append(f"{table} · {key}:")
        lines += [_line(r) for r in group.iter_rows(named=True)]
    return lines


def _feature_lines(
    run_dir: Path, recorded: dict, outlets: pl.DataFrame, outlet: str, feature: str, limit: int
) -> list[str]:
    value = outlets.filter(outlet=outlet)[feature][0]
    head = [f"{outlet} · {feature} = {_number(value)} (outlets.csv: mean over its articles)"]
    lexicon = _lexicon_of(feature)
    words = _words(run_dir, recorded, outlet, lexicon, limit) if lexicon else []
    sentences = _sentence_lines(run_dir, recorded, outlet, feature, limit)
    if sentences is None and not words:
        return head + _article_lines(run_dir, recorded, outlet, feature, limit)
    return head + words + (sentences or [])


def _lexicon_of(feature: str) -> str | None:
    """The lexicon_hits.csv word list behind a rate or share column, if any."""
    if feature.startswith("lexical__") and feature.endswith("_rate"):
        return feature.removeprefix("lexical__").removesuffix("_rate")
    if feature.startswith("frames__") and feature.endswith("_share"):
        return "frame:" + feature.removeprefix("frames__").removesuffix("_share")
    return None


def _words(run_dir: Path, recorded: dict, outlet: str, lexicon: str, limit: int) -> list[str]:
    """The words of `lexicon` that fired most in the outlet's articles."""
    hits = _outlet_rows(run_dir, recorded, "lexicon_hits", outlet)
    if hits is None:
        return []
    top = (
        hits.filter(pl.col("lexicon") == lexicon)
        .group_by("word")
        .agg(pl.col("count").sum())
        .sort(["count", "word"], descending=[True, False])
        .head(limit)
    )
    if not top.height:
        return []
    return [f"words of {lexicon} that fired (hits):"] + [
        f"  {count:>6}  {word}" for word, count in top.iter_rows()
    ]


def _sentence_lines(
    run_dir: Path, recorded: dict, outlet: str, feature: str, limit: int
) -> list[str] | None:
    """Highest (and lowest) sentences by the feature's counterpart; None without one."""
    from framing.evidence import body_sentences, feature_sentences, headline_counterparts
    from framing.features import FAMILIES

    sentences = _outlet_rows(run_dir, recorded, "sentences", outlet)
    if sentences is None:
        return None
    body = body_sentences(sentences)
    part = headline_counterparts(list(FAMILIES.values()), body, [feature]).get(feature)
    if part is None:
        return None
    rows = feature_sentences(body, part, key=feature, limit=limit)
    lines = [f"sentence values: {part.basis}"]
    for key, group in rows.group_by("key", maintain_order=True):
        lines.append(("highest" if str(key[0]).endswith(":high") else "lowest") + ":")
        lines += [_line(r) for r in group.iter_rows(named=True)]
    return lines


def _article_lines(
    run_dir: Path, recorded: dict, outlet: str, feature: str, limit: int
) -> list[str]:
    articles = _table(run_dir, "articles", recorded)
    rows = (
        articles.filter(outlet=outlet)
        .select("article_id", pl.col(feature).cast(pl.Float64).alias("value"), "title")
        .sort("value", "article_id", descending=[True, False], nulls_last=True)
        .head(limit)
    )
    lines = [
        f"{feature} is computed on whole articles (no sentence-level breakdown); "
        "its articles, highest first:"
    ]
    return lines + [f"  {_number(v):>8}  {a}  {_clip(t or '')}" for a, v, t in rows.iter_rows()]


def _outlet_rows(run_dir: Path, recorded: dict, name: str, outlet: str) -> pl.DataFrame | None:
    """One outlet's rows of a large table of the run: from its Parquet parts, else its
    CSV; None if absent. `DataError` naming the parts folder for a part that cannot be
    read (an edited run folder), rather than a polars message."""
    parts = run_dir / PARTS_DIRNAME / name
    if parts.is_dir():
        try:
            return published_scan(run_dir, name).filter(pl.col("outlet") == outlet).collect()
        except (pl.exceptions.PolarsError, OSError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise DataError(f"{parts}: cannot read the table's parts ({first}); {EDITED}") from exc
    path = run_dir / f"{name}.csv"
    if not path.is_file():
        return None
    return _table(run_dir, name, recorded).filter(pl.col("outlet") == outlet)


def _line(row: dict) -> str:
    where = row["article_id"] or ""
    if row.get("sentence") is not None:
        where += f"#{row['sentence']}"
    return f"  {_number(row.get('value')):>8}  {where}  {_clip(row['text'] or '')}"


def _number(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TEXT_WIDTH else text[: TEXT_WIDTH - 1] + "…"
