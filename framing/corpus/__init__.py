"""The corpus stage: sources (files per outlet, or one table) → cleaning → headline,
paragraphs and sentences → the one shared tokenisation, as polars frames.

    >>> from framing.corpus import Batch, KEY, load_corpus

This package is the stage's public face: import its names from here. Each loads on
first use from the module that defines it (`sources`, `tables`, `batch`,
`duplicates`, `segment`, `cleaning`), so importing the package imports neither polars nor a rule.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

# Each public name -> the module of this package that defines it.
_HOMES = {
    "RawArticle": "sources",
    "decode": "sources",
    "list_inputs": "sources",
    "load_texts": "sources",
    "read_table": "tables",
    "ARTICLE_SCHEMA": "batch",
    "CLEANING_SCHEMA": "batch",
    "KEY": "batch",
    "PARAGRAPH_SCHEMA": "batch",
    "SENTENCE_SCHEMA": "batch",
    "Batch": "batch",
    "Corpus": "batch",
    "batch_from_texts": "batch",
    "build_batch": "batch",
    "load_corpus": "batch",
    "segment_inputs": "batch",
    "cross_outlet_duplicates": "duplicates",
    "duplicate_note": "duplicates",
    "Segmented": "segment",
    "segment_article": "segment",
    "split_sentences": "segment",
    "DEFAULT_BOILERPLATE": "cleaning",
}
__all__ = [
    "ARTICLE_SCHEMA",
    "CLEANING_SCHEMA",
    "DEFAULT_BOILERPLATE",
    "KEY",
    "PARAGRAPH_SCHEMA",
    "SENTENCE_SCHEMA",
    "Batch",
    "Corpus",
    "RawArticle",
    "Segmented",
    "batch_from_texts",
    "build_batch",
    "cross_outlet_duplicates",
    "decode",
    "duplicate_note",
    "list_inputs",
    "load_corpus",
    "load_texts",
    "read_table",
    "segment_article",
    "segment_inputs",
    "split_sentences",
]

if TYPE_CHECKING:
    from framing.corpus.batch import (
        ARTICLE_SCHEMA,
        CLEANING_SCHEMA,
        KEY,
        PARAGRAPH_SCHEMA,
        SENTENCE_SCHEMA,
        Batch,
        Corpus,
        batch_from_texts,
        build_batch,
        load_corpus,
        segment_inputs,
    )
    from framing.corpus.cleaning import DEFAULT_BOILERPLATE
    from framing.corpus.duplicates import cross_outlet_duplicates, duplicate_note
    from framing.corpus.segment import Segmented, segment_article, split_sentences
    from framing.corpus.sources import RawArticle, decode, list_inputs, load_texts
    from framing.corpus.tables import read_table


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'framing.corpus' has no attribute {name!r}")
    value = getattr(import_module(f"framing.corpus.{home}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
