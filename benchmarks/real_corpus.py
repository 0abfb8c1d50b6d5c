"""The shared real articles as a temporary study, for the benchmarks (issue 15).

The articles (default: ``shared/eval/polnear-dev/articles.jsonl.gz`` in the first folder
above the repository that has it; 924 US political news articles from 7 outlets,
research use only) are read at run time and written, in a folder the caller deletes
afterwards (never in the repository), as

* ``articles.parquet``: a corpus table (``outlet, title, text, id``), the body being the
  article's text after its headline (``body_start``), stripped;
* ``study.toml``: a config that reads that table; with ``features_only``, the families
  and models of a generated corpus (lexical, readability, sentiment; models off), else
  every default; with ``features_only`` cleaning is off and each body is the text
  the study reads from it (`as_read`), so the naive loop's values can be compared;
* ``files/OUTLET/ID.txt``: one file per article (headline, blank line, body) for the
  naive loop.

``repeat`` k > 1 writes every article k times, copy i under the outlet ``"NAME i"``, the
id ``"ID-ri"`` and the headline ``"TITLE (i)"``, to reach 3,000 or more articles. The
bodies are the same texts; the headline makes each copy a distinct input (its content
hash covers title and text), so neither the feature cache (off anyway: the benchmarks run
``--no-cache``) nor a worker's computing each distinct input of a chunk once can reuse
one copy's features for another.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED_ARTICLES = Path("shared/eval/polnear-dev/articles.jsonl.gz")
FEATURES_ONLY = (
    "clean = false\n"
    '\n[features]\nfamilies = ["lexical", "readability", "sentiment"]\n\n'
    "[models]\nenabled = false\n"
)


def default_real_path() -> Path | None:
    """``../shared/eval/polnear-dev/articles.jsonl.gz`` from the repository, or from the
    first folder above it that has one (a git worktree sits one level deeper)."""
    for folder in REPO.parents:
        if (folder / SHARED_ARTICLES).is_file():
            return folder / SHARED_ARTICLES
    return None


def as_read(table: Any, folder: Path) -> Any:
    """`table` with each body replaced by the text the study reads from it (whitespace
    and Unicode normalised: no-break spaces become spaces...; cleaning is off), and
    without the articles it skips (no text): so the naive loop, reading the files,
    scores the characters the families score and their values can be compared."""
    import polars as pl

    from framing.config import load_study
    from framing.corpus import list_inputs, segment_inputs

    table.write_parquet(folder / "articles.parquet")
    config = write_config(folder, FEATURES_ONLY)
    study = load_study(config)
    batch, _, _ = segment_inputs(list_inputs(study)[0], study)
    read = batch.articles.select(pl.col("article_id").alias("id"), "text")
    return table.drop("text").join(read, on="id", how="inner", maintain_order="left")


def write_config(folder: Path, extra: str) -> Path:
    config = folder / "study.toml"
    config.write_text(
        '[study]\nname = "bench-real"\nseed = 2024\n\n[corpus]\ntable = "articles.parquet"\n'
        'columns = { outlet = "outlet", text = "text", title = "title", id = "id" }\n' + extra,
        encoding="utf-8",
    )
    return config


def real_corpus(
    source: Path, folder: Path, *, repeat: int = 1, features_only: bool = False
) -> tuple[Path, list[tuple[str, str]]]:
    """Write the real articles (`repeat` times) under `folder`; return the config path
    and the ``(outlet, path)`` text files, in the table's order."""
    import polars as pl

    with gzip.open(source, "rb") as fh:
        raw = pl.read_ndjson(fh.read())
    once = raw.select(
        "outlet",
        "title",
        pl.col("text").str.slice(pl.col("body_start")).str.strip_chars().alias("text"),
        pl.col("article_id").cast(pl.String).alias("id"),
    )
    if features_only:
        once = as_read(once, folder)
    copies = [once]
    for i in range(2, repeat + 1):
        copies.append(
            once.with_columns(
                (pl.col("outlet") + f" {i}").alias("outlet"),
                (pl.col("id") + f"-r{i}").alias("id"),
                (pl.col("title") + f" ({i})").alias("title"),
            )
        )
    table = pl.concat(copies)
    table.write_parquet(folder / "articles.parquet")
    config = write_config(folder, FEATURES_ONLY if features_only else "")
    files = []
    for outlet, title, text, article_id in table.select(
        "outlet", "title", "text", "id"
    ).iter_rows():
        # Named by id: the naive loop's article_id (the file's stem) is the study's.
        path = folder / "files" / re.sub(r"\W+", "_", outlet) / f"{article_id}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{title}\n\n{text}", encoding="utf-8")
        files.append((outlet, str(path)))
    return config, files
