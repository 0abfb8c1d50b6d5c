"""The family's work on a batch: the `quotes` table and article columns (`extract`), and
the per-outlet × side `attribution` table (`summarise`). Columns: docs/attribution.md."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import polars as pl

from framing.features.attribution.sides import all_sides, balance_index, voice_sides
from framing.features.base import Extracted, stack_frames

if TYPE_CHECKING:
    from framing.config import Study
    from framing.corpus import Batch
    from framing.features.attribution import AttributionOptions
    from framing.features.attribution.cues import VerbLexicon
    from framing.features.attribution.extraction import Attribution
    from framing.features.base import Context

__all__ = [
    "ARTICLE_SCHEMA",
    "ATTRIBUTION_SCHEMA",
    "QUOTE_SCHEMA",
    "extract",
    "merge",
    "partial",
    "summarise",
]

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


# The partials (`partial`), all counts summed by `merge`:
#   attribution_sides   outlet × side: quotes, words, direct, neutral/charged verbs, anonymous
#   attribution_verbs   outlet × side × verb_lemma: attributions with that lexicon verb
#   attribution_firsts  outlet × first_side (null: no attribution): articles
SIDE_COUNTS = (
    "quotes", "quoted_words", "direct", "direct_words", "neutral_verbs", "charged_verbs",
    "anonymous",
)  # fmt: skip
PARTIAL_KEYS = {
    "attribution_sides": ("outlet", "side"),
    "attribution_verbs": ("outlet", "side", "verb_lemma"),
    "attribution_firsts": ("outlet", "first_side"),
}


def partial(extracted: Extracted, batch: Batch, ctx: Context) -> dict[str, pl.DataFrame]:
    """One chunk's counts per outlet × side, per verb lemma, and per article's first
    side (every article of the chunk counts there, with or without attributions)."""
    quotes = extracted.tables.get("quotes")
    if quotes is None or quotes.width == 0:
        quotes = pl.DataFrame(schema=QUOTE_SCHEMA)
    sides = quotes.group_by("outlet", "side").agg(
        pl.len().cast(pl.Int64).alias("quotes"),
        pl.col("n_words").sum().cast(pl.Int64).alias("quoted_words"),
        (pl.col("kind") == "direct").sum().cast(pl.Int64).alias("direct"),
        pl.col("n_quoted_words").sum().cast(pl.Int64).alias("direct_words"),
        (pl.col("verb_class") == "neutral").sum().cast(pl.Int64).alias("neutral_verbs"),
        (pl.col("verb_class") == "charged").sum().cast(pl.Int64).alias("charged_verbs"),
        (pl.col("anonymous") | (pl.col("side") == "anonymous"))
        .sum()
        .cast(pl.Int64)
        .alias("anonymous"),
    )
    verbs = (
        quotes.filter(pl.col("verb_lemma") != "")
        .group_by("outlet", "side", "verb_lemma")
        .agg(pl.len().cast(pl.Int64).alias("quotes"))
    )
    first = (
        extracted.articles["attribution__first_side"]
        if "attribution__first_side" in extracted.articles.columns
        else pl.Series([None] * batch.articles.height, dtype=pl.String)
    )
    firsts = (
        pl.DataFrame({"outlet": batch.articles["outlet"], "first_side": first.cast(pl.String)})
        .group_by("outlet", "first_side")
        .agg(pl.len().cast(pl.Int64).alias("articles"))
    )
    return {"attribution_sides": sides, "attribution_verbs": verbs, "attribution_firsts": firsts}


def merge(name: str, frames: list[pl.DataFrame]) -> pl.DataFrame:
    """Chunks' counts of partial `name` summed per key (commutative, associative)."""
    keys = PARTIAL_KEYS[name]
    stacked = stack_frames(frames)
    if stacked.width == 0:
        return stacked
    values = [c for c in stacked.columns if c not in keys]
    return stacked.group_by(keys).agg(pl.col(values).sum())


def summarise(partials: dict[str, pl.DataFrame], ctx: Context) -> dict[str, pl.DataFrame]:
    """`attribution`: one row per outlet × side, for every outlet with an article.

    Every value is a count or a ratio of integer counts, so any chunking gives the
    same bits.
    """
    sides = _frame_or_empty(partials, "attribution_sides")
    verbs = _frame_or_empty(partials, "attribution_verbs")
    firsts = _frame_or_empty(partials, "attribution_firsts")
    voices = voice_sides(ctx.study)
    rows: list[dict] = []
    for outlet in sorted(firsts["outlet"].unique().to_list()):
        mine = sides.filter(pl.col("outlet") == outlet)
        by_side = {row["side"]: row for row in mine.iter_rows(named=True)}
        mine_firsts = firsts.filter(pl.col("outlet") == outlet)
        first_counts = dict(
            mine_firsts.drop_nulls("first_side").select("first_side", "articles").iter_rows()
        )
        totals = _outlet_totals(outlet, mine, int(mine_firsts["articles"].sum()), voices)
        mine_verbs = verbs.filter(pl.col("outlet") == outlet)
        for side in all_sides(ctx.study):
            counts = by_side.get(side, dict.fromkeys(SIDE_COUNTS, 0))
            top = _top_verbs(mine_verbs, side)
            rows.append(_side_row(totals, side, counts, first_counts.get(side, 0), top))
    attribution = pl.DataFrame(rows, schema=ATTRIBUTION_SCHEMA).sort("outlet", "side")
    return {"attribution": attribution}


def _outlet_totals(outlet: str, sides: pl.DataFrame, n_articles: int, voices: list[str]) -> dict:
    """The columns every row of one outlet repeats, from its `attribution_sides` rows."""
    quotes, words, anonymous = (
        int(sides[c].sum()) for c in ("quotes", "quoted_words", "anonymous")
    )
    return {
        "outlet": outlet,
        "n_quotes_outlet": quotes,
        "n_words_outlet": words,
        "n_articles": n_articles,
        "balance": balance_index(dict(sides.select("side", "quotes").iter_rows()), voices),
        "anonymous_share_outlet": _share(anonymous, quotes),
    }


# The value columns of each partial, all Int64 (the keys are strings).
PARTIAL_VALUES = {
    "attribution_sides": SIDE_COUNTS,
    "attribution_verbs": ("quotes",),
    "attribution_firsts": ("articles",),
}


def _frame_or_empty(partials: dict[str, pl.DataFrame], name: str) -> pl.DataFrame:
    """Partial `name`, or its empty frame when no chunk produced one."""
    frame = partials.get(name)
    if frame is not None and frame.width:
        return frame
    keys = dict.fromkeys(PARTIAL_KEYS[name], pl.String)
    return pl.DataFrame(schema={**keys, **dict.fromkeys(PARTIAL_VALUES[name], pl.Int64)})


def _top_verbs(verbs: pl.DataFrame, side: str) -> str:
    """The side's `TOP_VERBS` commonest verb lemmas, ``lemma:count; …`` (ties:
    alphabetical)."""
    top = (
        verbs.filter(pl.col("side") == side)
        .sort(["quotes", "verb_lemma"], descending=[True, False])
        .head(TOP_VERBS)
    )
    return "; ".join(f"{v}:{n}" for v, n in top.select("verb_lemma", "quotes").iter_rows())


def _side_row(outlet: dict, side: str, counts: dict, firsts: int, top_verbs: str) -> dict:
    """The `attribution` row of one outlet × side from its summed counts; `outlet` holds
    the outlet's own columns, `firsts` its articles whose first attribution is `side`."""
    q = counts["quotes"]
    w = counts["quoted_words"]
    neutral, charged = counts["neutral_verbs"], counts["charged_verbs"]
    return {
        "outlet": outlet["outlet"],
        "side": side,
        "quotes": q,
        "quoted_words": w,
        "share_quotes": _share(q, outlet["n_quotes_outlet"]),
        "share_words": _share(w, outlet["n_words_outlet"]),
        "direct_share": _share(counts["direct"], q),
        "direct_words": counts["direct_words"],
        "n_quotes_outlet": outlet["n_quotes_outlet"],
        "n_words_outlet": outlet["n_words_outlet"],
        "n_articles": outlet["n_articles"],
        "balance": outlet["balance"],
        "anonymous_share_outlet": outlet["anonymous_share_outlet"],
        "first_side_share": _share(firsts, outlet["n_articles"]),
        "neutral_verbs": neutral,
        "charged_verbs": charged,
        "charged_share": _share(charged, neutral + charged),
        "top_verbs": top_verbs,
    }
