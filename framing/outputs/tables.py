"""The table registry: every CSV a run may write, with its key columns.

One `TableSpec` per table: the run's own tables are declared here, the classifiers'
in `framing.models.tables` and each family's in its `Family.tables`. The writer sorts
and writes them, `framing compare` aligns rows on `keys`, and the reader (`framing
report`, `framing compare`) reads `text` columns as text and skips `large` tables when
it only needs the small ones. Importing this module imports nothing heavy.
"""

from __future__ import annotations

from dataclasses import dataclass

KEY = ("outlet", "article_id")


@dataclass(frozen=True)
class TableSpec:
    """One output table, ``<name>.csv``."""

    name: str
    # Columns that identify a row (compare aligns on them; rows whose key repeats are
    # told apart by their order within the key).
    keys: tuple[str, ...]
    # Columns that hold names and text: read back as text even when every value looks
    # like a number (an outlet id "2024", an article id "001").
    text: tuple[str, ...] = ()
    # A per-article table the report never reads (it can be very large).
    large: bool = False
    # Sort applied when rows from several chunks or families are merged; empty: rows
    # stay in article order, stably (per-article detail tables only).
    sort: tuple[str, ...] = ()
    description: str = ""


CORE_TABLES: tuple[TableSpec, ...] = (
    TableSpec("articles", KEY, text=(*KEY, "title"), description="one row per article"),
    TableSpec(
        "sentences",
        (*KEY, "sentence"),
        text=(*KEY, "text"),
        large=True,
        description="one row per sentence, headline included (sentence 0)",
    ),
    TableSpec("outlets", ("outlet",), text=("outlet",), description="one row per outlet"),
    TableSpec(
        "outlet_stats",
        ("outlet", "feature"),
        text=("outlet", "feature", "unit", "basis", "note"),
        description="per outlet x feature: n, mean, 95% bootstrap interval",
    ),
    TableSpec(
        "comparisons",
        ("outlet", "versus", "feature"),
        text=("outlet", "versus", "feature", "unit", "note"),
        description="each outlet against the rest (and pairs): difference, effect size, p, q",
    ),
    TableSpec(
        "group_stats",
        ("group_by", "group", "feature"),
        text=("group_by", "group", "feature", "note"),
        description="per outlet group x feature: mean of outlet means, two-stage bootstrap interval",
    ),
    TableSpec(
        "group_comparisons",
        ("group_by", "group", "versus", "feature"),
        text=("group_by", "group", "versus", "feature", "effect_size_kind", "note"),
        description="each outlet group against the rest (and pairs): outlets permuted",
    ),
    TableSpec(
        "period_stats",
        ("outlet", "period", "feature"),
        text=("outlet", "period", "start", "feature", "note"),
        description="per outlet x period x headline feature: n, mean, 95% bootstrap interval",
    ),
    TableSpec(
        "evidence",
        ("outlet", "table", "key", "rank"),
        text=("outlet", "table", "key", "article_id", "text"),
        description="per outlet x figure item: the sentences, quotes or words behind it",
    ),
)


def all_tables() -> dict[str, TableSpec]:
    """Every table a run may write, by name: the run's own, the classifiers', then each
    registered family's (a table two families share is declared the same by both)."""
    from framing.features import FAMILIES
    from framing.models.tables import MODEL_TABLES

    specs: dict[str, TableSpec] = {}
    for spec in (*CORE_TABLES, *MODEL_TABLES, *(t for f in FAMILIES.values() for t in f.tables)):
        if specs.setdefault(spec.name, spec) != spec:
            raise ValueError(f"table {spec.name!r} is declared twice, differently")
    return specs


def keys() -> dict[str, tuple[str, ...]]:
    """Key columns of every known table (what `framing compare` aligns rows on)."""
    return {name: spec.keys for name, spec in all_tables().items()}


def large_tables() -> frozenset[str]:
    """The tables the report never reads."""
    return frozenset(name for name, spec in all_tables().items() if spec.large)


# Written by several families (lexical's word lists, frames' cue words): one spec.
LEXICON_HITS = TableSpec(
    "lexicon_hits",
    (*KEY, "lexicon", "word"),
    text=(*KEY, "lexicon", "word"),
    large=True,
    sort=(*KEY, "lexicon", "word"),
    description="per article x word list x word: hits (lexical word lists, frame cues)",
)
