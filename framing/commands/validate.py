"""`framing validate`: load config and corpus, report what would be analysed."""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

from framing.config import load_study
from framing.corpus import load_corpus
from framing.corpus.tokens import tokenize_sentences
from framing.errors import printable
from framing.pipeline.plan import check_study


def summarise_corpus(config: str | Path) -> pl.DataFrame:
    """One row per outlet: articles, body sentences and words, and skipped inputs."""
    study = load_study(config)
    check_study(study)  # what `framing run` checks before it reads the corpus
    corpus = load_corpus(study)
    batch = corpus.batch
    body = batch.sentences.filter(~pl.col("is_headline"))
    words = (
        tokenize_sentences(body)
        .filter(pl.col("kind") != "punct")
        .join(
            body.with_row_index("sentence_row").select("sentence_row", "outlet"), on="sentence_row"
        )
        .group_by("outlet")
        .len("words")
    )
    names = {o.id: o.name for o in study.outlets}
    summary = (
        batch.articles.group_by("outlet")
        .len("articles")
        .join(body.group_by("outlet").len("sentences"), on="outlet", how="left")
        .join(words, on="outlet", how="left")
        .with_columns(
            pl.col("outlet").replace_strict(names, default=pl.col("outlet")).alias("name"),
            pl.col("sentences", "words").fill_null(0),
        )
        .select("outlet", "name", "articles", "sentences", "words")
        .sort("outlet")
        # Printed on a terminal: a name (or a table's outlet) is shown, never acted on.
        .with_columns(pl.col("outlet", "name").map_elements(printable, return_dtype=pl.String))
    )
    for source, reason in corpus.skipped:
        print(f"framing: skipped {printable(source)}: {reason}", file=sys.stderr)
    for note in corpus.notes:
        print(f"framing: note: {printable(note)}", file=sys.stderr)
    return summary
