"""`actors` feature family: who is mentioned, where, how often, in what tone, doing what.

Mentions come from the study's gazetteer (`framing.features.actors.gazetteer`: case-sensitive,
whole-word, leftmost-longest alias matching). Definitions (docs/actors.md):

* A **body sentence** is a non-headline sentence; the headline is counted apart.
* ``mentions`` counts every alias occurrence, headline included; ``headline_mentions``
  only the headline's.
* ``first_position`` of an article = ``(s - 1) / (n - 1)``, where ``s`` is the number of
  the first body sentence mentioning the actor and ``n`` the article's body sentences
  (0 = first sentence, 1 = last; 0 when ``n = 1``). ``first_mention_position`` in
  actors.csv is its mean over the outlet's articles that mention the actor in the body.
* **Sentiment toward an actor** = VADER compound (``sentiment__compound``, from the
  sentiment family) of body sentences that mention it. ``mean_compound`` uses the
  sentences that mention this actor and **no other** (``n_exclusive`` of them), so the
  tone is not shared out between actors; ``mean_compound_all`` uses every body
  sentence that mentions it (``sentences`` of them). CIs: percentile bootstrap over
  sentences, ``stats.bootstrap`` resamples, seeded per (outlet, actor, set) from
  ``study.seed``; NaN when fewer than 2 sentences.
* **Verbs**: an actor is the subject of a verb from ``lexicons/actor_verbs.txt`` when
  the verb follows an alias within ``verb_gap`` tokens that are all auxiliaries,
  modals or adverbs ("Seoul has also warned"); passives ("Seoul was warned"),
  negations ("did not warn") and aliases right after a preposition ("ties with
  Moscow") do not count.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from framing.features.actors.counterparts import counterparts
from framing.features.actors.report import SECTION
from framing.features.base import Column, Context, Extracted, Family
from framing.outputs.tables import TableSpec

if TYPE_CHECKING:
    import numpy as np

    from framing.config import Study
    from framing.corpus import Batch
    from framing.features.actors.gazetteer import Gazetteer, Mention

KEY = ["outlet", "article_id"]
VERBS_FILE = Path(__file__).parent.parent / "lexicons" / "actor_verbs.txt"
COMPOUND = "sentiment__compound"
REF = "docs/actors.md"

MENTION_SCHEMA = {
    "outlet": pl.String,
    "article_id": pl.String,
    "actor": pl.String,
    "mentions": pl.Int64,
    "headline_mentions": pl.Int64,
    "first_sentence": pl.Int32,
    "first_position": pl.Float64,
    "sentences": pl.Int64,
    "sentences_exclusive": pl.Int64,
}
VERB_HIT_SCHEMA = {
    "outlet": pl.String,
    "article_id": pl.String,
    "sentence": pl.Int32,
    "actor": pl.String,
    "alias": pl.String,
    "verb": pl.String,
    "verb_class": pl.String,
    "form": pl.String,
}
ACTORS_SCHEMA = {
    "outlet": pl.String,
    "actor": pl.String,
    "mentions": pl.Int64,
    "headline_mentions": pl.Int64,
    "first_mention_position": pl.Float64,
    "sentences": pl.Int64,
    "mean_compound": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
    "share_sentences": pl.Float64,
    "articles": pl.Int64,
    "n_exclusive": pl.Int64,
    "mean_compound_all": pl.Float64,
    "ci_low_all": pl.Float64,
    "ci_high_all": pl.Float64,
}
VERBS_SCHEMA = {
    "outlet": pl.String,
    "actor": pl.String,
    "verb": pl.String,
    "verb_class": pl.String,
    "count": pl.Int64,
}


class ActorsOptions(BaseModel):
    """``[features.actors]``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    verb_gap: int = Field(
        3, ge=0, le=6, description="Most auxiliaries/adverbs allowed between an alias and its verb."
    )
    passage_threshold: float = Field(
        0.5,
        gt=0,
        le=1,
        description="Shingle Jaccard at which two outlets' paragraphs count as shared.",
    )
    passage_shingle: int = Field(
        5, ge=1, le=20, description="Words per shingle for shared passages."
    )
    passage_min_words: int = Field(
        10, ge=1, description="Paragraphs shorter than this are not checked for sharing."
    )


# --- gazetteer and verb lexicon -------------------------------------------------------


@lru_cache(maxsize=8)
def _gazetteer(actors: tuple[Any, ...]) -> Gazetteer:
    from framing.features.actors.gazetteer import Gazetteer

    return Gazetteer.from_actors(actors)


@dataclass(frozen=True)
class VerbForm:
    lemma: str
    verb_class: str
    # Grammatical uses of this spelling: "s" (3rd sg), "past", "part", "ing", "base".
    kinds: frozenset[str]
    # A 3sg form that is also a plural noun ("attacks"): counts only after an auxiliary.
    noun_like: bool


@lru_cache(maxsize=4)
def load_verbs(path: Path = VERBS_FILE) -> dict[tuple[str, ...], VerbForm]:
    """The verb lexicon: lowercase token tuple (``("brushed", "off")``) → `VerbForm`."""
    forms: dict[tuple[str, ...], dict[str, Any]] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split("|")]
        spellings = parts[2].split() if len(parts) == 3 else []
        if len(spellings) != 4:
            raise ValueError(f"{path}:{number}: expected 'lemma | class | 3sg past participle ing'")
        lemma, verb_class = parts[0], parts[1]
        for kind, spelling in zip(
            ("base", "s", "past", "part", "ing"), [lemma, *spellings], strict=True
        ):
            noun_like = spelling.endswith("*")
            key = tuple(spelling.rstrip("*").replace("_", " ").split())
            entry = forms.setdefault(
                key,
                {
                    "lemma": lemma.replace("_", " "),
                    "class": verb_class,
                    "kinds": set(),
                    "noun": False,
                },
            )
            entry["kinds"].add(kind)
            entry["noun"] = entry["noun"] or noun_like
    return {
        key: VerbForm(e["lemma"], e["class"], frozenset(e["kinds"]), e["noun"])
        for key, e in forms.items()
    }


_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\d+(?:[.,:]\d+)*%?|[^\W\d_]+(?:['’\-][^\W\d_]+)*|[^\w\s]")
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being"})
_PERFECT = frozenset({"has", "have", "had"})
_MODAL = frozenset(
    {
        "will",
        "would",
        "could",
        "can",
        "may",
        "might",
        "should",
        "must",
        "shall",
        "do",
        "does",
        "did",
    }
)
_NEGATION = frozenset({"not", "never", "no"})
_ADVERBS = frozenset(
    {"also", "again", "already", "still", "now", "then", "once", "soon", "later", "earlier",
     "today", "yesterday", "too", "even", "just", "first", "quickly", "reportedly"}
)  # fmt: skip
_PREPOSITIONS = frozenset(
    {"to", "with", "against", "from", "by", "of", "for", "on", "in", "at", "about", "between",
     "towards", "toward", "into", "over", "under", "than", "like", "without", "via"}
)  # fmt: skip


def _lower(token: str) -> str:
    return token.lower().replace("’", "'")


def subject_verb(
    text: str, mention: Mention, *, verbs: dict[tuple[str, ...], VerbForm], gap: int
) -> tuple[VerbForm, str] | None:
    """The verb `mention` is the subject of, with its spelling in `text`, or None.

    Rule: after the alias come at most `gap` tokens that are auxiliaries, modals or
    adverbs (closed list, or a lowercase word ending in -ly), then a verb form of the
    lexicon. A past form after a *be* auxiliary is passive (the actor is the object)
    and does not count; an -ing form counts only after *be*; a base form, or a
    noun-like 3sg form, only after a modal or *do*; nothing counts after a negation.
    """
    before = _TOKEN.findall(text[max(0, mention.start - 40) : mention.start])
    if before and _lower(before[-1]) in _PREPOSITIONS:
        return None
    tokens = [_lower(t) for t in _TOKEN.findall(text[mention.end : mention.end + 160])]
    be = perfect = modal = False
    for i in range(min(gap, len(tokens)) + 1):
        for length in (3, 2, 1):
            form = verbs.get(tuple(tokens[i : i + length])) if i + length <= len(tokens) else None
            if form is None:
                continue
            kinds = form.kinds
            if be:
                ok = "ing" in kinds
            elif modal:
                ok = "base" in kinds
            elif perfect:
                ok = "part" in kinds
            else:
                ok = "past" in kinds or ("s" in kinds and not form.noun_like)
            return (form, " ".join(tokens[i : i + length])) if ok else None
        if i == len(tokens):
            return None
        token = tokens[i]
        if token in _NEGATION or token.endswith("n't"):
            return None
        if token in _BE:
            be = True
        elif token in _PERFECT:
            perfect = True
        elif token in _MODAL:
            modal = True
        elif not (
            token in _ADVERBS or (token.endswith("ly") and len(token) > 4 and token.isalpha())
        ):
            return None
    return None


# --- extract --------------------------------------------------------------------------


def _sentence_mentions(sentences: pl.DataFrame, gazetteer: Gazetteer) -> pl.DataFrame:
    """One row per (sentence, actor) mentioned: ``row, outlet, article_id, sentence,
    is_headline, actor, count, exclusive`` (exclusive: no other actor in the sentence)."""
    per_actor = (
        gazetteer.mention_table(sentences)
        .group_by("row", "actor")
        .agg(pl.len().cast(pl.Int64).alias("count"))
    )
    info = sentences.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"), *KEY, "sentence", "is_headline"
    )
    return (
        per_actor.with_columns((pl.len().over("row") == 1).alias("exclusive"))
        .join(info, on="row")
        .select("row", *KEY, "sentence", "is_headline", "actor", "count", "exclusive")
        .sort("row", "actor")
    )


def extract(batch: Batch, ctx: Context) -> Extracted:
    """Per-article mention counts, per-sentence counts, and the actor detail tables."""
    gazetteer = _gazetteer(ctx.study.actors)
    sentences = batch.sentences
    hits = _sentence_mentions(sentences, gazetteer)
    body = pl.col("sentence").filter(~pl.col("is_headline"))
    n_body = sentences.filter(~pl.col("is_headline")).group_by(KEY).agg(pl.len().alias("n_body"))
    mentions = (
        hits.group_by(*KEY, "actor")
        .agg(
            pl.col("count").sum().alias("mentions"),
            pl.col("count").filter(pl.col("is_headline")).sum().alias("headline_mentions"),
            body.min().alias("first_sentence"),
            body.len().alias("sentences"),
            pl.col("sentence")
            .filter(~pl.col("is_headline") & pl.col("exclusive"))
            .len()
            .alias("sentences_exclusive"),
        )
        .join(n_body, on=KEY, how="left")
    )
    # (s - 1) / (n - 1), or 0 for a one-sentence body; NaN without a body mention.
    mentions = (
        mentions.with_columns(
            ratio(
                mentions["first_sentence"] - 1,
                (mentions["n_body"].cast(pl.Int64) - 1).clip(lower_bound=1),
            ).alias("first_position")
        )
        .select(list(MENTION_SCHEMA))
        .cast(MENTION_SCHEMA)  # type: ignore[arg-type]
        .sort(*KEY, "actor")
    )

    per_article = mentions.group_by(KEY).agg(
        pl.col("mentions").sum().alias("actors__mentions"),
        (pl.col("mentions") > 0).sum().cast(pl.Int64).alias("actors__actors_mentioned"),
        pl.col("headline_mentions").sum().alias("actors__headline_mentions"),
    )
    body_rows = hits.filter(~pl.col("is_headline")).select(*KEY, "sentence").unique()
    covered = body_rows.group_by(KEY).agg(pl.len().alias("_covered"))
    articles = (
        batch.articles.select(KEY)
        .join(per_article, on=KEY, how="left", maintain_order="left")
        .join(n_body, on=KEY, how="left", maintain_order="left")
        .join(covered, on=KEY, how="left", maintain_order="left")
    )
    articles = articles.select(
        pl.col("actors__mentions").fill_null(0).cast(pl.Int64),
        pl.col("actors__actors_mentioned").fill_null(0).cast(pl.Int64),
        pl.col("actors__headline_mentions").fill_null(0).cast(pl.Int64),
        ratio(articles["_covered"].fill_null(0), articles["n_body"]).alias(
            "actors__sentence_share"
        ),
    )
    per_sentence = hits.group_by("row").agg(
        pl.col("count").sum().alias("actors__sentence_mentions"),
        pl.len().cast(pl.Int64).alias("actors__sentence_actors"),
    )
    sentence_columns = (
        pl.DataFrame({"row": pl.arange(0, sentences.height, dtype=pl.UInt32, eager=True)})
        .join(per_sentence, on="row", how="left", maintain_order="left")
        .select(
            pl.col("actors__sentence_mentions", "actors__sentence_actors")
            .fill_null(0)
            .cast(pl.Int64)
        )
    )
    verb_hits = _verb_hits(sentences, hits, gazetteer, gap=ctx.options.verb_gap)
    return Extracted(
        articles=articles,
        sentences=sentence_columns,
        tables={"actor_mentions": mentions, "actor_verb_hits": verb_hits},
    )


def _verb_hits(
    sentences: pl.DataFrame, hits: pl.DataFrame, gazetteer: Gazetteer, *, gap: int
) -> pl.DataFrame:
    """Subject–verb pairs found by `subject_verb`, headline included (sentence 0)."""
    verbs = load_verbs()
    rows: list[dict[str, Any]] = []
    mentioned = (
        sentences.select(*KEY, "sentence", "text")
        .with_row_index("row")
        .join(hits.select("row").unique(), on="row", how="semi")
    )
    # A Python loop is the honest tool here: rule-based parsing of the (few) sentences
    # that mention an actor.
    for outlet, article_id, sentence, text in mentioned.select(
        *KEY, "sentence", "text"
    ).iter_rows():
        for mention in gazetteer.find(text or ""):
            found = subject_verb(text, mention, verbs=verbs, gap=gap)
            if found is not None:
                form, spelling = found
                rows.append(
                    {"outlet": outlet, "article_id": article_id, "sentence": sentence,
                     "actor": mention.actor, "alias": mention.alias, "verb": form.lemma,
                     "verb_class": form.verb_class, "form": spelling}
                )  # fmt: skip
    return pl.DataFrame(rows, schema=VERB_HIT_SCHEMA)


def ratio(numerator: pl.Series, denominator: pl.Series) -> pl.Series:
    """Elementwise ``numerator / denominator`` as Float64; NaN where the denominator is
    null or ≤ 0, or the numerator null.

    numpy divides element by element, correctly rounded. polars may instead multiply by
    the reciprocal when one side is broadcast (e.g. after a join with a one-row frame),
    which changes the last bit with the chunking — and tables must be byte-identical
    whatever the chunking.
    """
    import numpy as np

    num = numerator.cast(pl.Float64).fill_null(np.nan).to_numpy()
    den = denominator.cast(pl.Float64).fill_null(np.nan).to_numpy()
    valid = den > 0
    out = np.full(num.shape, np.nan)
    np.divide(num, den, out=out, where=valid)
    return pl.Series(out, dtype=pl.Float64)


# --- summarise ------------------------------------------------------------------------


def stable_seed(seed: int, *parts: str) -> list[int]:
    """Entropy for `numpy.random.default_rng`: the study seed plus a sha256 of `parts`
    (stable across processes and Python versions, unlike `hash()`)."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return [seed % 2**64, int.from_bytes(digest[:8], "big")]


def bootstrap_mean(
    values: np.ndarray, *, resamples: int, seed: list[int]
) -> tuple[float, float, float]:
    """``(mean, ci_low, ci_high)``: the mean of `values` and its 95% percentile bootstrap
    interval (2.5th and 97.5th percentiles, numpy's linear interpolation, of `resamples`
    means of samples drawn with replacement). NaN mean for no value; NaN CI for fewer
    than 2."""
    import numpy as np

    n = values.size
    if n == 0:
        return math.nan, math.nan, math.nan
    mean = float(values.mean())
    if n < 2:
        return mean, math.nan, math.nan
    rng = np.random.default_rng(seed)
    means = np.empty(resamples)
    # Blocks bound memory at ~16 MB of indices whatever n is.
    block = max(1, 2_000_000 // n)
    for start in range(0, resamples, block):
        stop = min(resamples, start + block)
        means[start:stop] = values[rng.integers(0, n, size=(stop - start, n))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return mean, float(low), float(high)


def _compounds(corpus: Batch, ctx: Context) -> pl.Series:
    sentiment = ctx.upstream.get("sentiment")
    frame = sentiment.sentences if sentiment is not None else pl.DataFrame()
    if COMPOUND in frame.columns and frame.height == corpus.sentences.height:
        return frame[COMPOUND].cast(pl.Float64).fill_nan(None)
    return pl.Series(COMPOUND, [None] * corpus.sentences.height, dtype=pl.Float64)


def _sentiment_table(corpus: Batch, ctx: Context, gazetteer: Gazetteer) -> pl.DataFrame:
    """Per (outlet, actor): mean compound with bootstrap CI, exclusive and all sentences."""
    import numpy as np

    compound = _compounds(corpus, ctx)
    body = _sentence_mentions(corpus.sentences, gazetteer).filter(~pl.col("is_headline"))
    # Resampling order must not depend on chunking: sort before drawing.
    body = body.with_columns(compound.gather(body["row"]).alias(COMPOUND)).sort(
        "outlet", "actor", "article_id", "sentence"
    )
    rows: list[dict[str, Any]] = []
    resamples = ctx.study.stats.bootstrap
    for (outlet, actor), group in body.group_by("outlet", "actor", maintain_order=True):
        row: dict[str, Any] = {"outlet": outlet, "actor": actor}
        for suffix, subset in (("", group.filter(pl.col("exclusive"))), ("_all", group)):
            values = subset[COMPOUND].drop_nulls().to_numpy().astype(np.float64)
            seed = stable_seed(
                ctx.study.study.seed, str(outlet), str(actor), suffix or "_exclusive"
            )
            mean, low, high = bootstrap_mean(values, resamples=resamples, seed=seed)
            row |= {
                f"mean_compound{suffix}": mean,
                f"ci_low{suffix}": low,
                f"ci_high{suffix}": high,
            }
        row["n_exclusive"] = int(group["exclusive"].sum())
        rows.append(row)
    names = ("outlet", "actor", "n_exclusive", "mean_compound", "ci_low", "ci_high")
    names += ("mean_compound_all", "ci_low_all", "ci_high_all")
    schema = {name: ACTORS_SCHEMA[name] for name in names}
    return pl.DataFrame(rows, schema=schema)


def summarise(extracted: Extracted, corpus: Batch, ctx: Context) -> dict[str, pl.DataFrame]:
    """``actors`` (outlet × actor), ``actor_verbs`` and ``shared_passages`` tables."""
    from framing.features.actors.passages import shared_passages

    gazetteer = _gazetteer(ctx.study.actors)
    mentions = extracted.tables.get("actor_mentions", pl.DataFrame(schema=MENTION_SCHEMA))
    if not mentions.width:
        mentions = pl.DataFrame(schema=MENTION_SCHEMA)
    body_sentences = (
        corpus.sentences.filter(~pl.col("is_headline"))
        .group_by("outlet")
        .agg(pl.len().alias("_n_body"))
    )
    grid = pl.DataFrame({"outlet": corpus.articles["outlet"].unique().sort()}).join(
        pl.DataFrame({"actor": list(gazetteer.actors)}, schema={"actor": pl.String}), how="cross"
    )
    counts = mentions.group_by("outlet", "actor").agg(
        pl.col("mentions").sum(),
        pl.col("headline_mentions").sum(),
        pl.col("first_position").fill_nan(None).sum().alias("_position_sum"),
        pl.col("first_position").fill_nan(None).count().alias("_position_n"),
        pl.col("sentences").sum(),
        (pl.col("mentions") > 0).sum().cast(pl.Int64).alias("articles"),
    )
    actors = (
        grid.join(counts, on=["outlet", "actor"], how="left")
        .join(body_sentences, on="outlet", how="left")
        .join(_sentiment_table(corpus, ctx, gazetteer), on=["outlet", "actor"], how="left")
        .with_columns(
            pl.col(
                "mentions", "headline_mentions", "sentences", "articles", "n_exclusive"
            ).fill_null(0),
            pl.col(
                "mean_compound",
                "ci_low",
                "ci_high",
                "mean_compound_all",
                "ci_low_all",
                "ci_high_all",
            ).fill_null(float("nan")),
        )
    )
    actors = (
        actors.with_columns(
            ratio(actors["_position_sum"], actors["_position_n"]).alias("first_mention_position"),
            ratio(actors["sentences"], actors["_n_body"]).alias("share_sentences"),
        )
        .select(list(ACTORS_SCHEMA))
        .cast(ACTORS_SCHEMA)  # type: ignore[arg-type]
        .sort("outlet", "actor")
    )
    hits = extracted.tables.get("actor_verb_hits", pl.DataFrame(schema=VERB_HIT_SCHEMA))
    if not hits.width:
        hits = pl.DataFrame(schema=VERB_HIT_SCHEMA)
    verbs = (
        hits.group_by("outlet", "actor", "verb", "verb_class")
        .agg(pl.len().cast(pl.Int64).alias("count"))
        .select(list(VERBS_SCHEMA))
        .sort("outlet", "actor", "verb", "verb_class")
    )
    options: ActorsOptions = ctx.options
    passages = shared_passages(
        corpus.paragraphs,
        threshold=options.passage_threshold,
        k=options.passage_shingle,
        min_words=options.passage_min_words,
    )
    return {"actors": actors, "actor_verbs": verbs, "shared_passages": passages}


def _reads(study: Study) -> Any:
    return [actor.model_dump(mode="json") for actor in study.actors]


def _count(name: str, definition: str, level: str = "article") -> Column:
    return Column(name, definition, (0, None), "higher = more", REF, level=level)  # type: ignore[arg-type]


FAMILY = Family(
    name="actors",
    version="1",
    description=(
        "Actor mentions (case- and boundary-correct alias matching), headline mentions, "
        "first-mention position, sentiment toward each actor (VADER over the sentences "
        "that mention it), the verbs actors are subjects of, and paragraphs shared "
        "between outlets (wire copy)."
    ),
    columns=(
        _count(
            "actors__mentions", "Mentions of any study actor in the article, headline included."
        ),
        _count(
            "actors__actors_mentioned",
            "Distinct study actors mentioned in the article (headline included).",
        ),
        _count("actors__headline_mentions", "Mentions of any study actor in the headline."),
        Column(
            "actors__sentence_share",
            "Share of body sentences that mention at least one study actor; NaN without body sentences.",
            (0, 1),
            "higher = more actor-centred",
            REF,
        ),
        _count(
            "actors__sentence_mentions", "Mentions of any study actor in the sentence.", "sentence"
        ),
        _count(
            "actors__sentence_actors",
            "Distinct study actors mentioned in the sentence.",
            "sentence",
        ),
    ),
    extract=extract,
    summarise=summarise,
    options=ActorsOptions,
    requires=("sentiment",),
    tables=(
        TableSpec("actors", ("outlet", "actor"), text=("outlet", "actor")),
        TableSpec(
            "actor_mentions",
            ("outlet", "article_id", "actor"),
            text=("outlet", "article_id", "actor"),
            large=True,
        ),
        TableSpec(
            "actor_verb_hits",
            ("outlet", "article_id", "sentence", "actor", "alias", "verb"),
            text=("outlet", "article_id", "actor", "verb"),
            large=True,
        ),
        TableSpec(
            "actor_verbs",
            ("outlet", "actor", "verb", "verb_class"),
            text=("outlet", "actor", "verb"),
        ),
        TableSpec(
            "shared_passages",
            (
                "outlet",
                "article_id",
                "paragraph",
                "other_outlet",
                "other_article_id",
                "other_paragraph",
            ),
            text=("outlet", "article_id", "text"),
        ),
    ),
    reads=_reads,
    counterparts=counterparts,
    report=SECTION,
)
