"""The family's work on a batch: the `quotes` table and article columns (`extract`), and
the per-outlet × side `attribution` table (`summarise`). Columns: docs/attribution.md."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from framing.features.attribution.sides import all_sides, balance_index, voice_sides
from framing.features.base import Extracted

if TYPE_CHECKING:
    from framing.config import Study
    from framing.corpus import Batch
    from framing.features.attribution import AttributionOptions
    from framing.features.attribution.cues import VerbLexicon
    from framing.features.attribution.extraction import Attribution
    from framing.features.base import Context

__all__ = ["ARTICLE_SCHEMA", "ATTRIBUTION_SCHEMA", "QUOTE_SCHEMA", "extract", "summarise"]

QUOTE_SCHEMA: dict[str, pl.DataType] = {
    "outlet": pl.String(),
    "article_id": pl.String(),
    "paragraph": pl.Int32(),
    "kind": pl.String(),
    "speaker": pl.String(),
    "speaker_canonical": pl.String(),
    "actor": pl.String(),
    "side": pl.String(),
    "verb": pl.String(),
    "quote": pl.String(),
    "n_words": pl.Int64(),
    "index": pl.Int32(),
    "paragraph_end": pl.Int32(),
    "n_quoted_words": pl.Int64(),
    "title": pl.String(),
    "affiliation": pl.String(),
    "verb_lemma": pl.String(),
    "verb_class": pl.String(),
    "anonymous": pl.Boolean(),
    "speaker_start": pl.Int64(),
    "speaker_end": pl.Int64(),
    "cue_start": pl.Int64(),
    "cue_end": pl.Int64(),
}
ARTICLE_SCHEMA = {
    "attribution__quotes": pl.Int64,
    "attribution__quoted_words": pl.Int64,
    "attribution__direct_share": pl.Float64,
    "attribution__balance": pl.Float64,
    "attribution__anonymous_share": pl.Float64,
    "attribution__charged_verb_share": pl.Float64,
    "attribution__first_side": pl.String,
}
ATTRIBUTION_SCHEMA = {
    "outlet": pl.String,
    "side": pl.String,
    "quotes": pl.Int64,
    "quoted_words": pl.Int64,
    "share_quotes": pl.Float64,
    "share_words": pl.Float64,
    "direct_share": pl.Float64,
    "direct_words": pl.Int64,
    "n_quotes_outlet": pl.Int64,
    "n_words_outlet": pl.Int64,
    "n_articles": pl.Int64,
    "balance": pl.Float64,
    "anonymous_share_outlet": pl.Float64,
    "first_side_share": pl.Float64,
    "neutral_verbs": pl.Int64,
    "charged_verbs": pl.Int64,
    "charged_share": pl.Float64,
    "top_verbs": pl.String,
}
TOP_VERBS = 5


def verb_lexicon(options: AttributionOptions) -> VerbLexicon:
    """The shipped reporting-verb lexicon with the study's replacements and additions."""
    from framing.features.attribution.cues import build_lexicon, load_default_lexicon

    data = load_default_lexicon()
    forms = {**data.get("forms", {}), **{k: list(v) for k, v in options.verb_forms.items()}}

    def pick(name: str) -> list[str]:
        replace = getattr(options, f"{name}_verbs")
        default = data.get(name, [])
        return [
            *(default if replace is None else replace),
            *getattr(options, f"extra_{name}_verbs"),
        ]

    return build_lexicon(
        neutral=pick("neutral"),
        charged=pick("charged"),
        stance=pick("stance"),
        belief=pick("belief"),
        evidence=pick("evidence"),
        quotation_only=data.get("quotation_only", []),
        clause_only=data.get("clause_only", []),
        forms=forms,
    )


def person_aliases(study: Study) -> frozenset[str]:
    """Single-word aliases that are the first or last word of a longer personal-name
    alias of the same actor ("Putin" of "Vladimir Putin"), so "he" may refer to them."""
    from framing.features.attribution.vocabulary import NON_PERSON

    out: set[str] = set()
    for actor in study.actors:
        names = [a.split() for a in actor.aliases if len(a.split()) > 1]
        names = [n for n in names if not any(w in NON_PERSON for w in n)]
        for alias in actor.aliases:
            if " " not in alias and any(alias in (n[0], n[-1]) for n in names):
                out.add(alias)
    return frozenset(out)


def extract(batch: Batch, ctx: Context) -> Extracted:
    """Attributions of each article (`quotes` table) and the article-level columns."""
    from framing.features.actors.gazetteer import Gazetteer
    from framing.features.attribution.extraction import extract_attributions

    options: AttributionOptions = ctx.options
    settings = {
        "lexicon": verb_lexicon(options),
        "gazetteer": Gazetteer.from_study(ctx.study),
        "person_aliases": person_aliases(ctx.study),
        "min_words": options.min_quote_words,
        "continuation_paragraphs": options.continuation_paragraphs,
    }
    voices = voice_sides(ctx.study)
    rows: list[dict] = []
    article_rows: list[dict] = []
    paragraphs = batch.paragraphs.select("outlet", "article_id", "paragraph", "text")
    by_article = paragraphs.partition_by(
        ["outlet", "article_id"], as_dict=True, maintain_order=True
    )
    for outlet, article_id in batch.articles.select("outlet", "article_id").iter_rows():
        frame = by_article.get((outlet, article_id))
        items = (
            list(zip(frame["paragraph"], frame["text"], strict=True)) if frame is not None else []
        )
        found = extract_attributions(items, **settings)
        rows.extend(
            {"outlet": outlet, "article_id": article_id, "index": index, **vars(a)}
            for index, a in enumerate(found)
        )
        article_rows.append(_article_metrics(found, voices))
    quotes = pl.DataFrame(rows, schema=QUOTE_SCHEMA)
    articles = pl.DataFrame(article_rows, schema=ARTICLE_SCHEMA)
    return Extracted(articles=articles, tables={"quotes": quotes})


def _share(part: float, whole: float) -> float:
    return part / whole if whole else math.nan


def _article_metrics(found: list[Attribution], voices: list[str]) -> dict:
    n = len(found)
    counts: dict[str, int] = {}
    for a in found:
        counts[a.side] = counts.get(a.side, 0) + 1
    with_verb = [a for a in found if a.verb_class in ("neutral", "charged")]
    return {
        "attribution__quotes": n,
        "attribution__quoted_words": sum(a.n_words for a in found),
        "attribution__direct_share": _share(sum(a.kind == "direct" for a in found), n),
        "attribution__balance": balance_index(counts, voices),
        "attribution__anonymous_share": _share(
            sum(a.anonymous or a.side == "anonymous" for a in found), n
        ),
        "attribution__charged_verb_share": _share(
            sum(a.verb_class == "charged" for a in with_verb), len(with_verb)
        ),
        "attribution__first_side": found[0].side if found else None,
    }


def summarise(extracted: Extracted, corpus: Batch, ctx: Context) -> dict[str, pl.DataFrame]:
    """`quotes` (sorted) and `attribution`: one row per outlet × side."""
    quotes = extracted.tables.get("quotes")
    if quotes is None or quotes.width == 0:
        quotes = pl.DataFrame(schema=QUOTE_SCHEMA)
    quotes = quotes.sort("outlet", "article_id", "paragraph", "index")
    first = pl.DataFrame(
        {
            "outlet": corpus.articles["outlet"],
            "first_side": extracted.articles["attribution__first_side"]
            if "attribution__first_side" in extracted.articles.columns
            else pl.Series([None] * corpus.articles.height, dtype=pl.String),
        }
    )
    sides = all_sides(ctx.study)
    voices = voice_sides(ctx.study)
    rows: list[dict] = []
    for outlet in sorted(corpus.articles["outlet"].unique().to_list()):
        totals = _OutletTotals.of(quotes.filter(pl.col("outlet") == outlet), voices)
        firsts = first.filter(pl.col("outlet") == outlet)["first_side"]
        rows.extend(_side_row(outlet, side, totals, firsts) for side in sides)
    attribution = pl.DataFrame(rows, schema=ATTRIBUTION_SCHEMA).sort("outlet", "side")
    return {"quotes": quotes, "attribution": attribution}


@dataclass(frozen=True)
class _OutletTotals:
    """One outlet's attributions and their totals over every side."""

    quotes: pl.DataFrame
    n_quotes: int
    n_words: int
    balance: float
    anonymous_share: float

    @classmethod
    def of(cls, mine: pl.DataFrame, voices: list[str]) -> _OutletTotals:
        n_quotes = mine.height
        counts = dict(mine.group_by("side").len().iter_rows()) if n_quotes else {}
        anonymous = (
            mine.filter(pl.col("anonymous") | (pl.col("side") == "anonymous")).height / n_quotes
            if n_quotes
            else math.nan
        )
        return cls(
            quotes=mine,
            n_quotes=n_quotes,
            n_words=int(mine["n_words"].sum()) if n_quotes else 0,
            balance=balance_index(counts, voices),
            anonymous_share=anonymous,
        )


def _side_row(outlet: str, side: str, totals: _OutletTotals, firsts: pl.Series) -> dict:
    """The `attribution` row of one outlet × side; `firsts` are the first sides of the
    outlet's articles."""
    s = totals.quotes.filter(pl.col("side") == side)
    q = s.height
    w = int(s["n_words"].sum()) if q else 0
    neutral = s.filter(pl.col("verb_class") == "neutral").height
    charged = s.filter(pl.col("verb_class") == "charged").height
    verbs = (
        s.filter(pl.col("verb_lemma") != "")
        .group_by("verb_lemma")
        .len()
        .sort(["len", "verb_lemma"], descending=[True, False])
    )
    n_articles = firsts.len()
    return {
        "outlet": outlet,
        "side": side,
        "quotes": q,
        "quoted_words": w,
        "share_quotes": _share(q, totals.n_quotes),
        "share_words": _share(w, totals.n_words),
        "direct_share": _share(s.filter(pl.col("kind") == "direct").height, q),
        "direct_words": int(s["n_quoted_words"].sum()) if q else 0,
        "n_quotes_outlet": totals.n_quotes,
        "n_words_outlet": totals.n_words,
        "n_articles": n_articles,
        "balance": totals.balance,
        "anonymous_share_outlet": totals.anonymous_share,
        "first_side_share": _share((firsts == side).sum(), n_articles),
        "neutral_verbs": neutral,
        "charged_verbs": charged,
        "charged_share": _share(charged, neutral + charged),
        "top_verbs": "; ".join(f"{v}:{n}" for v, n in verbs.head(TOP_VERBS).iter_rows()),
    }
