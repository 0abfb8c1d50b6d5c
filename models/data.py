"""The table a classifier sees: one row per unit (sentence, paragraph or article).

Built in two steps so that memory does not grow with the corpus (issue 16):
`unit_keys` lists every unit without its text or style columns (keys and label only,
read with projection from the lazy tables); the caller draws its sample on those rows;
`unit_inputs` then reads the text (from `Texts`) and the style columns of the chosen
units only. `unit_frame` is both steps for every unit. `mask_expression` hides actor
names and topic words from the text before tf-idf, so a model cannot separate outlets
by the names alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from framing.corpus import KEY

if TYPE_CHECKING:
    from framing.config import Study
    from framing.corpus import Batch
    from framing.features import Family
    from framing.features.base import Texts

TARGET = "_label"
ACTOR_PLACEHOLDER = "[actor]"
TOPIC_PLACEHOLDER = "[topic]"
# Characters that the Rust regex engine (polars) reads as syntax.
_REGEX_META = set("\\.+*?()|[]{}^$#&-~")


def as_texts(texts: Texts | Batch) -> Texts:
    """`texts` itself (`framing.features.base.Texts`), or a `Batch` held in memory read
    through `framing.corpus.texts.FrameTexts`."""
    from framing.corpus.texts import FrameTexts

    return texts if hasattr(texts, "scan") else FrameTexts([texts])  # type: ignore[list-item,return-value]


# The columns that name one unit of each level, in the order units are sorted.
UNIT_KEYS = {
    "article": list(KEY),
    "paragraph": [*KEY, "paragraph"],
    "sentence": [*KEY, "paragraph", "sentence"],
}


@dataclass(frozen=True)
class UnitData:
    """Rows to classify: `frame` holds the unit's keys (`UNIT_KEYS`) and its label
    (`TARGET`); from `unit_frame`, also ``text`` and the style columns."""

    unit: str
    target: str
    frame: pl.DataFrame
    style_columns: tuple[str, ...]
    # Units dropped because their target label is missing (label targets only).
    unlabelled: int = 0


def style_columns(families: list[Family], *, level: str, available: list[str]) -> list[str]:
    """Registered numeric columns of `level` ("sentence" or "article") present in a table."""
    present = set(available)
    return [
        c.name
        for f in families
        for c in f.columns
        if c.level == level and c.numeric and c.name in present
    ]


def _escape(term: str) -> str:
    return "".join("\\" + ch if ch in _REGEX_META else ch for ch in term)


def _term_pattern(terms: list[str]) -> str:
    """One alternation, longest term first, anchored on word boundaries where the
    term starts or ends with a word character (so ``U.S.`` still matches before a space)."""
    parts = []
    for term in sorted(set(terms), key=lambda t: (-len(t), t)):
        head = r"\b" if term[0].isalnum() or term[0] == "_" else ""
        tail = r"\b" if term[-1].isalnum() or term[-1] == "_" else ""
        parts.append(f"{head}{_escape(term)}{tail}")
    return "|".join(parts)


def mask_expression(
    text: pl.Expr, *, names: list[str] | tuple[str, ...], topic_words: list[str] | tuple[str, ...]
) -> pl.Expr:
    """`text` with actor `names` (case-sensitive, as aliases are matched everywhere)
    replaced by ``[actor]``, then `topic_words` (case-insensitive) by ``[topic]``.

    Names go first so that ``North Korea`` becomes one ``[actor]``, not ``[topic] [topic]``.
    """
    names = [n for n in names if n.strip()]
    topic_words = [w for w in topic_words if w.strip()]
    if names:
        text = text.str.replace_all(_term_pattern(names), ACTOR_PLACEHOLDER)
    if topic_words:
        text = text.str.replace_all("(?i)" + _term_pattern(topic_words), TOPIC_PLACEHOLDER)
    return text


def _as_float(columns: list[str]) -> list[pl.Expr]:
    """Style columns as Float64 with null, NaN and ±inf all NaN (imputed later, in-fold)."""
    values = [pl.col(c).cast(pl.Float64) for c in columns]
    return [
        pl.when(v.is_finite()).then(v).otherwise(float("nan")).alias(c)
        for v, c in zip(values, columns, strict=True)
    ]


def _columns(table: pl.DataFrame | pl.LazyFrame) -> list[str]:
    return table.collect_schema().names() if isinstance(table, pl.LazyFrame) else table.columns


def unit_style_columns(
    study: Study, tables: dict[str, pl.DataFrame | pl.LazyFrame], families: list[Family]
) -> list[str]:
    """The style columns of `study.models.unit`: article-level columns of the articles
    table for articles, sentence-level columns of the sentences table otherwise."""
    if study.models.unit == "article":
        return style_columns(families, level="article", available=tables["articles"].columns)
    return style_columns(families, level="sentence", available=_columns(tables["sentences"]))


def unit_keys(
    study: Study,
    texts: Texts,
    tables: dict[str, pl.DataFrame | pl.LazyFrame],
    families: list[Family],
) -> UnitData:
    """Every unit of `study.models.unit` with its label, without text or style columns.

    sentence: rows of ``tables["sentences"]`` (headlines included); paragraph: rows of
    ``texts.scan("paragraphs")``; article: rows of ``tables["articles"]``. Only the key
    columns are read (projection), so a lazy table's text is never loaded. Rows sorted
    by their keys; rows whose label is missing are dropped and counted.
    """
    unit, target = study.models.unit, study.models.target
    articles = tables["articles"]
    keys = UNIT_KEYS[unit]
    if unit == "article":
        frame = articles.lazy().select(keys)
    elif unit == "sentence":
        frame = tables["sentences"].lazy().select(keys)
    else:
        frame = texts.scan("paragraphs").select(keys)
    if target != "outlet":
        label = articles.lazy().select(*KEY, pl.col(target).cast(pl.String).alias(TARGET))
        frame = frame.join(label, on=KEY, how="left")
    else:
        frame = frame.with_columns(pl.col("outlet").alias(TARGET))
    # Streaming: a lazy table is read a batch of rows at a time, these columns only.
    frame = _sorted(frame.collect(engine="streaming"), keys)
    has_label = pl.col(TARGET).is_not_null() & (pl.col(TARGET).str.strip_chars() != "")
    unlabelled = frame.height - frame.select(has_label.sum()).item()
    labelled = frame.filter(has_label) if unlabelled else frame
    columns = unit_style_columns(study, tables, families)
    return UnitData(unit, target, labelled, tuple(columns), unlabelled)


def _sorted(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """`frame` sorted by `keys`. A run's tables already are (chunks are written sorted,
    in key order): checking that costs a few boolean columns, where sorting several
    string columns builds a row encoding of twice the frame's size."""
    later = pl.lit(False)
    for key in reversed(keys):
        previous = pl.col(key).shift(1)
        later = (pl.col(key) > previous) | ((pl.col(key) == previous) & later)
    # Strictly increasing rows: unique keys in order, which sorting would return as they are.
    if frame.select(later.slice(1).fill_null(False).all()).item():
        return frame
    return frame.sort(keys)


def _fetch(scan: pl.LazyFrame, keys: pl.DataFrame, on: list[str]) -> pl.DataFrame:
    """The rows of `scan` whose `on` columns are in `keys`. The filter on the article
    ids goes down to the Parquet reader, so only the sampled articles' rows are
    decoded (measured at 3,000 of 3.5 million sentences: +78 MB, against +350 MB for
    the semi-join alone); the semi-join then keeps the exact units."""
    articles = keys.get_column("article_id").unique().implode()
    wanted = scan.filter(pl.col("article_id").is_in(articles))
    return wanted.join(keys.lazy(), on=on, how="semi").collect(engine="streaming")


def unit_inputs(
    study: Study,
    texts: Texts,
    tables: dict[str, pl.DataFrame | pl.LazyFrame],
    keys: pl.DataFrame,
    columns: tuple[str, ...],
) -> pl.DataFrame:
    """``text`` and the style `columns` (Float64, missing as NaN) of the units in
    `keys` (a `unit_keys` frame or a subset), one row per row of `keys`, in its order.

    Text: headline + body for articles, the paragraph's or sentence's own text. Style:
    the articles table's columns for articles, the sentences table's for sentences, and
    for a paragraph the mean of its sentences' values (NaN ignored).
    """
    unit = study.models.unit
    on = UNIT_KEYS[unit]
    wanted = keys.select(on)
    if unit == "article":
        text = _fetch(texts.scan("articles"), wanted, on).select(
            *KEY,
            pl.concat_str([pl.col("title").fill_null(""), pl.col("text")], separator="\n\n")
            .str.strip_chars()
            .alias("text"),
        )
        style = (
            tables["articles"]
            .lazy()
            .select(*on, *columns)
            .join(wanted.lazy(), on=on, how="semi")
            .collect()
        )
    else:
        level = "sentences" if unit == "sentence" else "paragraphs"
        text = _fetch(texts.scan(level), wanted, on).select(*on, "text")
        sentences = tables["sentences"].lazy().select(*UNIT_KEYS["sentence"], *columns)
        if unit == "sentence":
            style = _fetch(sentences, wanted, on)
        else:
            # The paragraph's sentences only, then their means: the same values, in the
            # same order, as a mean over the whole table gives.
            chosen = _fetch(sentences, wanted, on).sort(UNIT_KEYS["sentence"])
            style = chosen.group_by(on).agg(
                pl.col(c).cast(pl.Float64).fill_nan(None).mean() for c in columns
            )
    frame = wanted.join(text, on=on, how="left", maintain_order="left").join(
        style.select(*on, *columns), on=on, how="left", maintain_order="left"
    )
    return frame.select(pl.col("text").fill_null(""), *_as_float(list(columns)))


def unit_frame(
    study: Study,
    texts: Texts | Batch,
    tables: dict[str, pl.DataFrame | pl.LazyFrame],
    families: list[Family],
) -> UnitData:
    """Every unit of `study.models.unit` with its keys, label, text and style columns
    (`unit_keys` + `unit_inputs` for all units)."""
    texts = as_texts(texts)
    data = unit_keys(study, texts, tables, families)
    inputs = unit_inputs(study, texts, tables, data.frame, data.style_columns)
    frame = pl.concat([data.frame, inputs], how="horizontal")
    return UnitData(data.unit, data.target, frame, data.style_columns, data.unlabelled)
