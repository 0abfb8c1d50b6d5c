"""What the outlet statistics resample: articles, or body sentences (docs/stats.md).

An outlet with at least ``[stats] min_articles`` articles is resampled by article:
each row is one article's value of a feature. Below that, by body sentence, for the
features a family rebuilds from its sentence columns (`Family.counterparts`, each
checked against the article values by `verified` before use); a row then holds the
sentence's numerator and denominator, and the statistic is ``scale · Σ num / Σ den``
(or the mean of num).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import polars as pl

from framing.features import Counterpart, Family

ARTICLE_TOTALS = ("n_words", "n_sentences")
SENTENCE_KEY = frozenset({"outlet", "article_id", "sentence", "is_headline"})


@dataclass
class Unit:
    """The rows of one unit (article or sentence), sorted by outlet, with their values."""

    name: str
    outlets: np.ndarray  # outlet of each row, sorted
    num: dict[str, np.ndarray]
    den: dict[str, np.ndarray | None]
    scale: dict[str, float]
    basis: dict[str, str]

    def outlet_names(self) -> list[str]:
        """The outlets with rows, sorted."""
        return sorted(set(self.outlets.tolist()))

    def rows(self, outlets: Iterable[str]) -> np.ndarray:
        """Indices of the rows of `outlets` (each outlet's rows are contiguous)."""
        parts = []
        for outlet in sorted(outlets):
            start = np.searchsorted(self.outlets, outlet, side="left")
            stop = np.searchsorted(self.outlets, outlet, side="right")
            parts.append(np.arange(start, stop))
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    def groups(
        self, features: list[str], index: np.ndarray
    ) -> list[tuple[np.ndarray, str, list[str]]]:
        """Features grouped by kind and by which `index` rows have values (stable order).

        Returns (rows with values, a stable name for that pattern, features).
        """
        by_rows: dict[tuple[bool, bytes], tuple[np.ndarray, str, list[str]]] = {}
        for feature in features:
            den = self.den[feature]
            present = np.isfinite(self.num[feature][index])
            if den is not None:
                present &= np.isfinite(den[index])
            key = (den is None, np.packbits(present).tobytes())
            kind = "mean" if den is None else "ratio"
            entry = (index[present], f"{kind}:{mask_key(present)}", [])
            by_rows.setdefault(key, entry)[2].append(feature)
        return list(by_rows.values())

    def matrices(
        self, features: list[str], index: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
        """num, den (None for means) and scale of `features` (one kind) on `index` rows."""
        num = np.column_stack([self.num[f][index] for f in features])
        scale = np.array([self.scale[f] for f in features])
        if self.den[features[0]] is None:
            return num, None, scale
        return num, np.column_stack([self.den[f][index] for f in features]), scale


def mask_key(mask: np.ndarray) -> str:
    """A stable name for a set of rows (which values are present): part of the keys
    of the random streams, so a feature's draws depend on its rows only."""
    packed = np.packbits(mask.astype(bool)).tobytes()
    return f"{mask.size}:{hashlib.sha256(packed).hexdigest()[:16]}"


def numeric(series: pl.Series) -> np.ndarray:
    """A column as float64, null as NaN."""
    return series.cast(pl.Float64).fill_null(np.nan).to_numpy().astype(np.float64, copy=False)


def numeric_features(articles: pl.DataFrame, families: list[Family]) -> list[str]:
    """n_words, n_sentences and every numeric article-level feature present."""
    declared = [c.name for f in families for c in f.columns if c.level == "article" and c.numeric]
    return sorted({*ARTICLE_TOTALS, *declared} & set(articles.columns))


def article_unit(articles: pl.DataFrame, features: list[str]) -> Unit:
    """One row per article (sorted by outlet): the mean of its values per feature."""
    return Unit(
        name="article",
        outlets=articles["outlet"].to_numpy().astype(str),
        num={f: numeric(articles[f]) for f in features},
        den=dict.fromkeys(features),
        scale=dict.fromkeys(features, 1.0),
        basis=dict.fromkeys(features, "mean of article values"),
    )


def sentence_unit(values: pl.DataFrame, parts: list[Counterpart]) -> Unit:
    """One row per body sentence, from `sentence_values` of the same `parts`."""
    return Unit(
        name="sentence",
        outlets=values["outlet"].to_numpy().astype(str),
        num={p.feature: numeric(values[f"num:{p.feature}"]) for p in parts},
        den={
            p.feature: None if p.den is None else numeric(values[f"den:{p.feature}"]) for p in parts
        },
        scale={p.feature: p.scale for p in parts},
        basis={p.feature: p.basis for p in parts},
    )


def empty_sentence_unit() -> Unit:
    """A sentence unit with no rows and no features."""
    return sentence_unit(pl.DataFrame({"outlet": []}, schema={"outlet": pl.String}), [])


def counterparts(families: list[Family], sentence_columns: Iterable[str]) -> dict[str, Counterpart]:
    """The article features that the families rebuild from their sentence columns
    (`Family.counterparts`); each is checked against the article values before use
    (``verified``)."""
    present = frozenset(sentence_columns)
    return {c.feature: c for family in families for c in family.counterparts(present)}


def sentence_values(sentences: pl.DataFrame, parts: list[Counterpart]) -> pl.DataFrame:
    """Per body sentence: outlet, article_id and ``num:<feature>``/``den:<feature>``."""
    body = sentences.filter(~pl.col("is_headline")).sort("outlet", "article_id", "sentence")
    exprs = []
    for part in parts:
        exprs.append(part.num.cast(pl.Float64).fill_nan(None).alias(f"num:{part.feature}"))
        if part.den is not None:
            exprs.append(part.den.cast(pl.Float64).fill_nan(None).alias(f"den:{part.feature}"))
    return body.select("outlet", "article_id", *exprs)


def _rebuilt(parts: list[Counterpart]) -> list[pl.Expr]:
    """Per article, each counterpart's statistic over its body sentences."""
    aggs = []
    for part in parts:
        num = pl.col(f"num:{part.feature}")
        if part.den is None:
            aggs.append(num.mean().alias(part.feature))
        else:
            den = pl.col(f"den:{part.feature}")
            both = num.is_not_null() & den.is_not_null()
            total = den.filter(both).sum()
            aggs.append(
                pl.when(total != 0)
                .then(part.scale * num.filter(both).sum() / total)
                .alias(part.feature)
            )
    return aggs


def verified(
    articles: pl.DataFrame, values: pl.DataFrame, parts: list[Counterpart]
) -> tuple[list[Counterpart], list[str]]:
    """Keep the counterparts that rebuild every article's value (rtol 1e-9); a note
    for each one dropped."""
    aggs = _rebuilt(parts)
    rebuilt = articles.select("outlet", "article_id").join(
        values.group_by("outlet", "article_id").agg(aggs)
        if aggs
        else values.select("outlet", "article_id").unique(),
        on=["outlet", "article_id"],
        how="left",
        maintain_order="left",
    )
    kept, notes = [], []
    for part in parts:
        expected = numeric(articles[part.feature])
        got = numeric(rebuilt[part.feature])
        same = np.isclose(got, expected, rtol=1e-9, atol=1e-12) | (
            np.isnan(got) & np.isnan(expected)
        )
        if same.all():
            kept.append(part)
        else:
            notes.append(
                f"{part.feature}: its sentence-level counterpart ({part.basis}) does not "
                f"reproduce the article values; no sentence-unit statistics for it"
            )
    return kept, notes


@dataclass(frozen=True)
class Plan:
    """Which unit resamples each outlet, and the features each unit covers."""

    outlets: list[str]
    # Outlets with fewer than `min_articles` articles: resampled by body sentence.
    small: list[str]
    large: list[str]
    min_articles: int
    features: list[str]
    # Features with a verified sentence counterpart, and those without one.
    sentence_features: list[str]
    article_only: list[str]
    article: Unit
    sentence: Unit


def plan_units(
    articles: pl.DataFrame, sentences: pl.DataFrame, families: list[Family], *, min_articles: int
) -> tuple[Plan, list[str]]:
    """The `Plan` of a study's outlets, and a note per counterpart that failed its check.

    `articles` are sorted by outlet and article_id; `sentences` may be empty."""
    features = numeric_features(articles, families)
    article_counts = dict(articles.group_by("outlet").len().sort("outlet").iter_rows())
    outlets = sorted(article_counts)
    small = [o for o in outlets if article_counts[o] < min_articles]
    sentence = empty_sentence_unit()
    parts: list[Counterpart] = []
    notes: list[str] = []
    if small and sentences.height and set(sentences.columns) >= SENTENCE_KEY:
        sentence, parts, notes = _small_outlet_sentences(
            articles, sentences, families, features, small
        )
    sentence_features = [p.feature for p in parts]
    plan = Plan(
        outlets=outlets,
        small=small,
        large=[o for o in outlets if o not in small],
        min_articles=min_articles,
        features=features,
        sentence_features=sentence_features,
        article_only=[f for f in features if f not in sentence_features],
        article=article_unit(articles, features),
        sentence=sentence,
    )
    return plan, notes


def _small_outlet_sentences(
    articles: pl.DataFrame,
    sentences: pl.DataFrame,
    families: list[Family],
    features: list[str],
    small: list[str],
) -> tuple[Unit, list[Counterpart], list[str]]:
    """The sentence unit of the `small` outlets, its verified counterparts and notes."""
    # Only the small outlets' sentences are read (a streamed run keeps no others in
    # memory), whatever the caller passes, so every run gives the same numbers.
    sentences = sentences.filter(pl.col("outlet").is_in(small))
    candidates = counterparts(families, sentences.columns)
    parts = [candidates[f] for f in features if f in candidates]
    values = sentence_values(sentences, parts)
    parts, notes = verified(articles.filter(pl.col("outlet").is_in(small)), values, parts)
    return sentence_unit(values, parts), parts, notes
