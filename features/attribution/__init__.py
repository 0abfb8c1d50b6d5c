"""`attribution` feature family: who gets quoted, how much, and how.

Per article, `framing.features.attribution.quotes.extract_attributions` lists every direct quote,
indirect attribution and mixed quote with its speaker, actor, side and reporting verb
(`quotes` table); the family turns them into article columns and, per outlet × side,
the `attribution` table. Rules, formulas and every column: docs/attribution.md.

Balance index (article and outlet): the normalised Shannon entropy of the shares of
attributions per *voice* side — every actor side of the study plus ``expert`` —
``H = -Σ p_s ln p_s / ln K`` with ``K`` the number of voice sides; 0 when one side has
every attribution, 1 when all K sides have equal shares; NaN when there is no
attribution of a voice side (anonymous, other and unknown speakers are not voices
of the story's sides) or K < 2.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from framing.features.base import Column, Context, Extracted, Family
from framing.outputs.tables import TableSpec

if TYPE_CHECKING:
    from framing.config import Study
    from framing.corpus import Batch

EXTRA_SIDES = ("expert", "anonymous", "other", "unknown")
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
}


class AttributionOptions(BaseModel):
    """`[features.attribution]`: the verb lexicon and the scare-quote threshold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min_quote_words: int = Field(
        3, ge=1, le=50, description="A quotation with fewer words is a scare quote, not a quote."
    )
    continuation_paragraphs: int = Field(
        2,
        ge=0,
        le=20,
        description="A cue-less quotation continues the previous speaker within this many paragraphs.",
    )
    neutral_verbs: tuple[str, ...] | None = Field(
        None, description="Replace the default neutral reporting verbs (lemmas)."
    )
    charged_verbs: tuple[str, ...] | None = Field(
        None, description="Replace the default charged reporting verbs (lemmas)."
    )
    stance_verbs: tuple[str, ...] | None = Field(
        None, description="Replace the default stance verbs (object-taking, charged; lemmas)."
    )
    extra_neutral_verbs: tuple[str, ...] = Field((), description="Add neutral reporting verbs.")
    extra_charged_verbs: tuple[str, ...] = Field((), description="Add charged reporting verbs.")
    extra_stance_verbs: tuple[str, ...] = Field((), description="Add stance verbs.")
    verb_forms: dict[str, tuple[str, ...]] = Field(
        default_factory=dict,
        description="Irregular inflections: lemma -> forms (e.g. say = [says, said, saying]).",
    )


def _lexicon(options: AttributionOptions):
    from framing.features.attribution.quotes import build_lexicon, load_default_lexicon

    data = load_default_lexicon()
    forms = {**data.get("forms", {}), **{k: list(v) for k, v in options.verb_forms.items()}}

    def pick(
        replace: tuple[str, ...] | None, default: list[str], extra: tuple[str, ...]
    ) -> list[str]:
        return [*(default if replace is None else replace), *extra]

    return build_lexicon(
        neutral=pick(options.neutral_verbs, data["neutral"], options.extra_neutral_verbs),
        charged=pick(options.charged_verbs, data["charged"], options.extra_charged_verbs),
        stance=pick(options.stance_verbs, data["stance"], options.extra_stance_verbs),
        forms=forms,
    )


def voice_sides(study: Study) -> list[str]:
    """The sides the balance index is computed over: actor sides, then ``expert``."""
    return [*dict.fromkeys(a.side_id for a in study.actors), "expert"]


def all_sides(study: Study) -> list[str]:
    return [*voice_sides(study), *EXTRA_SIDES[1:]]


def balance_index(counts: dict[str, int], sides: list[str]) -> float:
    """Normalised entropy ``-Σ p ln p / ln K`` of the counts over `sides` (K = len(sides)).

    NaN when K < 2 or no count is positive.
    """
    k = len(sides)
    total = sum(counts.get(s, 0) for s in sides)
    if k < 2 or total <= 0:
        return math.nan
    h = -sum((c / total) * math.log(c / total) for s in sides if (c := counts.get(s, 0)) > 0)
    return h / math.log(k)


def _person_aliases(study: Study) -> frozenset[str]:
    """Single-word aliases that are the first or last word of a longer personal-name
    alias of the same actor ("Putin" of "Vladimir Putin"), so "he" may refer to them."""
    from framing.features.attribution.quotes import NON_PERSON

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
    from framing.features.attribution.quotes import extract_attributions

    options: AttributionOptions = ctx.options
    lexicon = _lexicon(options)
    gazetteer = Gazetteer.from_study(ctx.study)
    person_aliases = _person_aliases(ctx.study)
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
        found = extract_attributions(
            items,
            lexicon=lexicon,
            gazetteer=gazetteer,
            person_aliases=person_aliases,
            min_words=options.min_quote_words,
            continuation_paragraphs=options.continuation_paragraphs,
        )
        for index, a in enumerate(found):
            rows.append(
                {
                    "outlet": outlet,
                    "article_id": article_id,
                    "paragraph": a.paragraph,
                    "kind": a.kind,
                    "speaker": a.speaker,
                    "speaker_canonical": a.speaker_canonical,
                    "actor": a.actor,
                    "side": a.side,
                    "verb": a.verb,
                    "quote": a.quote,
                    "n_words": a.n_words,
                    "index": index,
                    "paragraph_end": a.paragraph_end,
                    "n_quoted_words": a.n_quoted_words,
                    "title": a.title,
                    "affiliation": a.affiliation,
                    "verb_lemma": a.verb_lemma,
                    "verb_class": a.verb_class,
                    "anonymous": a.anonymous,
                }
            )
        article_rows.append(_article_metrics(found, voices))
    quotes = pl.DataFrame(rows, schema=QUOTE_SCHEMA)
    articles = pl.DataFrame(
        article_rows,
        schema={
            "attribution__quotes": pl.Int64,
            "attribution__quoted_words": pl.Int64,
            "attribution__direct_share": pl.Float64,
            "attribution__balance": pl.Float64,
            "attribution__anonymous_share": pl.Float64,
            "attribution__charged_verb_share": pl.Float64,
            "attribution__first_side": pl.String,
        },
    )
    return Extracted(articles=articles, tables={"quotes": quotes})


def _article_metrics(found: list, voices: list[str]) -> dict:
    n = len(found)
    counts: dict[str, int] = {}
    for a in found:
        counts[a.side] = counts.get(a.side, 0) + 1
    with_verb = [a for a in found if a.verb_class]
    return {
        "attribution__quotes": n,
        "attribution__quoted_words": sum(a.n_words for a in found),
        "attribution__direct_share": sum(a.kind == "direct" for a in found) / n if n else math.nan,
        "attribution__balance": balance_index(counts, voices),
        "attribution__anonymous_share": sum(a.anonymous or a.side == "anonymous" for a in found) / n
        if n
        else math.nan,
        "attribution__charged_verb_share": sum(a.verb_class == "charged" for a in with_verb)
        / len(with_verb)
        if with_verb
        else math.nan,
        "attribution__first_side": found[0].side if found else None,
    }


def summarise(extracted: Extracted, corpus: Batch, ctx: Context) -> dict[str, pl.DataFrame]:
    """`quotes` (sorted) and `attribution`: one row per outlet × side."""
    quotes = extracted.tables.get("quotes")
    if quotes is None or quotes.width == 0:
        quotes = pl.DataFrame(schema=QUOTE_SCHEMA)
    quotes = quotes.sort("outlet", "article_id", "paragraph", "index")
    sides = all_sides(ctx.study)
    voices = voice_sides(ctx.study)
    outlets = sorted(corpus.articles["outlet"].unique().to_list())
    first = pl.DataFrame(
        {
            "outlet": corpus.articles["outlet"],
            "first_side": extracted.articles["attribution__first_side"]
            if "attribution__first_side" in extracted.articles.columns
            else pl.Series([None] * corpus.articles.height, dtype=pl.String),
        }
    )
    rows: list[dict] = []
    for outlet in outlets:
        mine = quotes.filter(pl.col("outlet") == outlet)
        n_quotes = mine.height
        n_words = int(mine["n_words"].sum()) if n_quotes else 0
        counts = dict(mine.group_by("side").len().iter_rows()) if n_quotes else {}
        balance = balance_index(counts, voices)
        anonymous = (
            mine.filter(pl.col("anonymous") | (pl.col("side") == "anonymous")).height / n_quotes
            if n_quotes
            else math.nan
        )
        firsts = first.filter(pl.col("outlet") == outlet)["first_side"]
        n_articles = firsts.len()
        for side in sides:
            s = mine.filter(pl.col("side") == side)
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
            rows.append(
                {
                    "outlet": outlet,
                    "side": side,
                    "quotes": q,
                    "quoted_words": w,
                    "share_quotes": q / n_quotes if n_quotes else math.nan,
                    "share_words": w / n_words if n_words else math.nan,
                    "direct_share": s.filter(pl.col("kind") == "direct").height / q
                    if q
                    else math.nan,
                    "direct_words": int(s["n_quoted_words"].sum()) if q else 0,
                    "n_quotes_outlet": n_quotes,
                    "n_words_outlet": n_words,
                    "n_articles": n_articles,
                    "balance": balance,
                    "anonymous_share_outlet": anonymous,
                    "first_side_share": (firsts == side).sum() / n_articles
                    if n_articles
                    else math.nan,
                    "neutral_verbs": neutral,
                    "charged_verbs": charged,
                    "charged_share": charged / (neutral + charged)
                    if neutral + charged
                    else math.nan,
                    "top_verbs": "; ".join(f"{v}:{n}" for v, n in verbs.head(5).iter_rows()),
                }
            )
    attribution = pl.DataFrame(
        rows,
        schema={
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
        },
    ).sort("outlet", "side")
    return {"quotes": quotes, "attribution": attribution}


REF = "docs/attribution.md"
COLUMNS = (
    Column(
        "attribution__quotes",
        "Attributions in the article: direct quotes, indirect attributions and mixed quotes "
        "(one per quotation or reported statement).",
        (0, None),
        "count",
        REF,
    ),
    Column(
        "attribution__quoted_words",
        "Words of reported content: the quotation (direct) or the reported clause with its "
        "quoted fragments (indirect, mixed), summed over attributions.",
        (0, None),
        "count",
        REF,
    ),
    Column(
        "attribution__direct_share",
        "Share of attributions that are direct quotes (kind = direct); NaN without attributions.",
        (0, 1),
        "higher = more verbatim quotation",
        REF,
    ),
    Column(
        "attribution__balance",
        "Normalised entropy of attribution shares over voice sides (actor sides + expert): "
        "-Σ p ln p / ln K; NaN when no attribution has a voice side.",
        (0, 1),
        "higher = more even between sides",
        REF,
    ),
    Column(
        "attribution__anonymous_share",
        "Share of attributions to unnamed sources ('officials said', 'experts say'); NaN "
        "without attributions.",
        (0, 1),
        "higher = more anonymous sourcing",
        REF,
    ),
    Column(
        "attribution__charged_verb_share",
        "Share of attributions with a lexicon verb whose verb is charged (claimed, insisted, "
        "warned, slammed...) rather than neutral (said, told); NaN without such attributions.",
        (0, 1),
        "higher = more evaluative reporting verbs",
        REF,
    ),
    Column(
        "attribution__first_side",
        "Side of the article's first attribution in reading order (headline first); null without attributions.",
        (None, None),
        "categorical",
        REF,
        numeric=False,
    ),
)

FAMILY = Family(
    name="attribution",
    version="2",  # 2: clause look-back bounded at 120 tokens (features/quotes.py)
    description="Quotes and attributions: who is quoted, how much, with which verbs (rules + actor gazetteer).",
    columns=COLUMNS,
    extract=extract,
    summarise=summarise,
    options=AttributionOptions,
    tables=(
        TableSpec(
            "quotes",
            ("outlet", "article_id", "paragraph"),
            text=(
                "outlet",
                "article_id",
                "kind",
                "speaker",
                "speaker_canonical",
                "actor",
                "side",
                "verb",
                "quote",
                "title",
            ),
        ),
        TableSpec("attribution", ("outlet", "side"), text=("outlet", "side")),
    ),
    reads=lambda study: [(a.id, a.side_id, a.aliases) for a in study.actors],
)
