"""The table a classifier sees: one row per unit (sentence, paragraph or article).

`unit_frame` returns ``outlet, article_id, [paragraph], text, target`` and the
unit's numeric style columns; `mask_expression` hides actor names and topic words
from the text before tf-idf, so a model cannot separate outlets by the names alone.
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

TARGET = "_label"
ACTOR_PLACEHOLDER = "[actor]"
TOPIC_PLACEHOLDER = "[topic]"
# Characters that the Rust regex engine (polars) reads as syntax.
_REGEX_META = set("\\.+*?()|[]{}^$#&-~")


@dataclass(frozen=True)
class UnitData:
    """Rows to classify; `frame` holds ``outlet, article_id, text, target`` + style columns."""

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


def unit_frame(
    study: Study, batch: Batch, tables: dict[str, pl.DataFrame], families: list[Family]
) -> UnitData:
    """The units of `study.models.unit` with text, target label and style features.

    sentence: rows of ``tables["sentences"]`` (headlines included), sentence-level columns.
    paragraph: ``batch.paragraphs`` text; sentence-level columns averaged over the
    paragraph's sentences (NaN ignored). article: headline + body text; article-level
    columns of ``tables["articles"]``. Rows whose label is missing are dropped and counted.
    """
    settings = study.models
    unit, target = settings.unit, settings.target
    articles = tables["articles"]
    if unit == "article":
        columns = style_columns(families, level="article", available=articles.columns)
        text = batch.articles.select(
            *KEY,
            pl.concat_str([pl.col("title").fill_null(""), pl.col("text")], separator="\n\n")
            .str.strip_chars()
            .alias("text"),
        )
        frame = articles.select(*KEY, *columns).join(text, on=KEY, how="left")
    else:
        sentences = tables["sentences"]
        columns = style_columns(families, level="sentence", available=sentences.columns)
        if unit == "sentence":
            frame = sentences.select(*KEY, "paragraph", "sentence", "text", *columns)
        else:
            means = sentences.group_by(*KEY, "paragraph").agg(
                pl.col(c).cast(pl.Float64).fill_nan(None).mean() for c in columns
            )
            frame = batch.paragraphs.select(*KEY, "paragraph", "text").join(
                means, on=[*KEY, "paragraph"], how="left"
            )
    label = pl.col("outlet") if target == "outlet" else pl.col(target).cast(pl.String)
    if target != "outlet":
        frame = frame.join(articles.select(*KEY, target), on=KEY, how="left")
    frame = frame.with_columns(
        label.alias(TARGET), pl.col("text").fill_null(""), *_as_float(columns)
    )
    if target not in ("outlet", TARGET):
        frame = frame.drop(target)
    order = [*KEY, "paragraph", "sentence"] if unit == "sentence" else [*KEY, "paragraph"]
    frame = frame.sort([c for c in order if c in frame.columns])
    labelled = frame.filter(pl.col(TARGET).is_not_null() & (pl.col(TARGET).str.strip_chars() != ""))
    return UnitData(unit, target, labelled, tuple(columns), frame.height - labelled.height)
