"""`frames` feature family: policy frames cued per sentence, shares per article and outlet.

The dimensions are the fifteen of the Media Frames Corpus codebook (Boydstun et al.
2014; Card et al. 2015). Each has a cue lexicon written for this project
(``features/lexicons/frames.toml``, versioned per frame); a study may replace it
(``[features.frames] lexicon = "path.toml"``) or add cues (``extend``). Matching is
on whole tokens of the shared tokenisation (`framing.corpus.tokens`), lowercased, with a
possessive ``'s`` stripped; a cue word ending in ``*`` matches any token starting
with it; a multiword cue must occur as consecutive tokens of one sentence with no
punctuation token between. By default the study's ``[features] topic_words`` are
masked: a token equal to a topic word matches no cue (so neither does a multiword
cue containing it), as in every other lexicon family.

A sentence *cues* a frame when at least one of the frame's cues occurs in it. The
residual ``other`` frame has no cues: a sentence cues ``other`` exactly when it cues
no other frame. Details, the CI method and the lexicon's limits: docs/frames.md.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from framing.errors import ConfigError
from framing.features.base import Column, Context, Extracted, Family
from framing.features.frames.counterparts import counterparts
from framing.features.frames.report import SECTION
from framing.outputs.tables import LEXICON_HITS, TableSpec

if TYPE_CHECKING:
    from framing.config import Study
    from framing.corpus import Batch

RESIDUAL = "other"
KEY = ["outlet", "article_id"]
DEFAULT_LEXICON = Path(__file__).parent.parent / "lexicons" / "frames.toml"
# The built-in lexicon's frames, in codebook order (tests check this against the TOML;
# kept here so that declaring the columns does not read a file at import time).
FRAME_IDS = (
    "economic",
    "capacity_resources",
    "morality",
    "fairness_equality",
    "legality_constitutionality",
    "policy_prescription",
    "crime_punishment",
    "security_defence",
    "health_safety",
    "quality_of_life",
    "cultural_identity",
    "public_opinion",
    "political",
    "external_regulation",
    RESIDUAL,
)
FRAME_LABELS = {
    "economic": "Economic",
    "capacity_resources": "Capacity and resources",
    "morality": "Morality",
    "fairness_equality": "Fairness and equality",
    "legality_constitutionality": "Legality, constitutionality and jurisprudence",
    "policy_prescription": "Policy prescription and evaluation",
    "crime_punishment": "Crime and punishment",
    "security_defence": "Security and defence",
    "health_safety": "Health and safety",
    "quality_of_life": "Quality of life",
    "cultural_identity": "Cultural identity",
    "public_opinion": "Public opinion",
    "political": "Political",
    "external_regulation": "External regulation and reputation",
    RESIDUAL: "Other",
}
REFERENCE = (
    "Dimensions: Boydstun, Card, Gross, Resnik & Smith (2014) policy frames codebook; "
    "Card et al. (2015) Media Frames Corpus. Cues: framing's own lexicon (docs/frames.md)"
)
Z_95 = 1.959963984540054
# A cue word: letters, digits, inner apostrophes/hyphens/dots, optional trailing `*`.
_CUE_WORD = r"^[^\W_](?:[\w'\-.]*[^\W_])?\.?\*?$"


class FramesOptions(BaseModel):
    """`[features.frames]`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lexicon: str | None = Field(
        None, description="A TOML cue lexicon replacing the built-in one (relative to the config)."
    )
    extend: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, description="Extra cues per frame id, added to the lexicon's."
    )
    mask_topic_words: bool = Field(
        True, description="Tokens equal to a `[features] topic_words` entry match no cue."
    )


@dataclass(frozen=True)
class Frame:
    id: str
    label: str
    description: str
    version: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class FrameLexicon:
    """Frames in order; the residual `other` frame is always last and has no cues."""

    name: str
    version: str
    frames: tuple[Frame, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.frames)

    @property
    def substantive(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.frames if f.id != RESIDUAL)


def parse_lexicon(data: dict[str, Any], *, source: str) -> FrameLexicon:
    """A `FrameLexicon` from parsed TOML; `ConfigError` naming `source` when malformed.

    Root-level scalars are metadata (`name`, `version`, ...); every table is a frame.
    """
    frames: list[Frame] = []
    for frame_id, table in data.items():
        if not isinstance(table, dict):
            continue
        if not frame_id.replace("_", "").isalnum() or frame_id != frame_id.lower():
            raise ConfigError(f"{source}: [{frame_id}]: frame ids are lowercase letters, digits, _")
        cues = table.get("cues", [])
        if not isinstance(cues, list) or not all(isinstance(c, str) for c in cues):
            raise ConfigError(f"{source}: [{frame_id}].cues: must be a list of strings")
        if frame_id == RESIDUAL and cues:
            raise ConfigError(
                f"{source}: [{RESIDUAL}].cues: `{RESIDUAL}` is the residual frame (a sentence "
                "cueing no other frame) and takes no cues; put them under a new frame id"
            )
        frames.append(
            Frame(
                id=frame_id,
                label=str(table.get("label", frame_id)),
                description=str(table.get("description", "")),
                version=str(table.get("version", "1")),
                cues=tuple(_normalise_cues(cues, where=f"{source}: [{frame_id}].cues")),
            )
        )
    if not [f for f in frames if f.id != RESIDUAL]:
        raise ConfigError(f"{source}: no frame tables with cues; see docs/frames.md for the format")
    residual = next((f for f in frames if f.id == RESIDUAL), None)
    residual = residual or Frame(RESIDUAL, "Other", "Sentences cueing no other frame.", "1", ())
    return FrameLexicon(
        name=str(data.get("name", Path(source).stem)),
        version=str(data.get("version", "1")),
        frames=(*[f for f in frames if f.id != RESIDUAL], residual),
    )


def _normalise_cues(cues: list[str], *, where: str) -> list[str]:
    out: list[str] = []
    for cue in cues:
        words = cue.lower().replace("’", "'").split()
        if not words or not all(re.match(_CUE_WORD, w) for w in words):
            raise ConfigError(
                f"{where}: {cue!r} is not a cue; use words separated by spaces, "
                "optionally ending in * (e.g. 'econom*', 'human rights')"
            )
        normal = " ".join(words)
        if normal not in out:
            out.append(normal)
    return out


def load_lexicon(path: Path = DEFAULT_LEXICON, *, source: str | None = None) -> FrameLexicon:
    """Read a cue lexicon TOML file (the built-in one by default)."""
    shown = source or str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{shown}: frame lexicon not found; fix features.frames.lexicon") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{shown}: invalid TOML frame lexicon: {exc}") from exc
    return parse_lexicon(data, source=shown)


def study_lexicon(study: Study, options: FramesOptions) -> FrameLexicon:
    """The study's lexicon: the built-in one or its replacement, plus `extend`."""
    if options.lexicon is not None:
        lexicon = load_lexicon(study.resolve(options.lexicon), source=options.lexicon)
    else:
        lexicon = load_lexicon()
    if not options.extend:
        return lexicon
    where = f"{study.source or 'config'}: features.frames.extend"
    unknown = sorted(set(options.extend) - set(lexicon.substantive))
    if unknown:
        raise ConfigError(
            f"{where}: unknown frame {unknown[0]!r}; frames: {', '.join(lexicon.substantive)}"
        )
    frames = []
    for frame in lexicon.frames:
        extra = _normalise_cues(list(options.extend.get(frame.id, ())), where=f"{where}.{frame.id}")
        cues = (*frame.cues, *[c for c in extra if c not in frame.cues])
        frames.append(Frame(frame.id, frame.label, frame.description, frame.version, cues))
    return FrameLexicon(lexicon.name, lexicon.version, tuple(frames))


def masked_words(study: Study, options: FramesOptions) -> frozenset[str]:
    if not options.mask_topic_words:
        return frozenset()
    return frozenset(w.lower().replace("’", "'") for w in study.features.topic_words)


def cue_table(lexicon: FrameLexicon) -> pl.DataFrame:
    """One row per word of each cue: ``frame, cue, part (0-based), n_parts, word, prefix``.

    Each cue word is split with the shared tokeniser's pattern, so that a cue such as
    ``g7`` (tokens ``g``, ``7``) lines up with the tokens it must match.
    """
    from framing.corpus.tokens import TOKEN_PATTERN

    token = re.compile(TOKEN_PATTERN)
    rows: list[dict[str, Any]] = []
    for frame in lexicon.frames:
        for cue in frame.cues:
            parts: list[tuple[str, bool]] = []
            for word in cue.split():
                prefix = word.endswith("*")
                pieces = token.findall(word.rstrip("*"))
                parts += [(p, False) for p in pieces[:-1]] + [(pieces[-1], prefix)]
            for i, (word, prefix) in enumerate(parts):
                rows.append(
                    {
                        "frame": frame.id,
                        "cue": cue,
                        "part": i,
                        "n_parts": len(parts),
                        "word": _strip_possessive(word),
                        "prefix": prefix,
                    }
                )
    schema = {
        "frame": pl.String,
        "cue": pl.String,
        "part": pl.Int32,
        "n_parts": pl.Int32,
        "word": pl.String,
        "prefix": pl.Boolean,
    }
    return pl.DataFrame(rows, schema=schema)


def _strip_possessive(word: str) -> str:
    return word[:-2] if word.endswith("'s") and len(word) > 2 else word


def match_cues(
    tokens: pl.DataFrame, cues: pl.DataFrame, *, masked: frozenset[str] = frozenset()
) -> pl.DataFrame:
    """Every cue occurrence: ``sentence_row, frame, cue`` (one row per occurrence).

    `tokens` is `Batch.tokens`; `cues` is `cue_table(...)`. Vectorised: each cue word
    is joined to the tokens (exact words on the token, prefix words on the token's
    first L characters, one join per distinct prefix length L); an occurrence of an
    n-word cue starting at token t is n matched words at t, t+1, ..., t+n-1 of one
    sentence. A punctuation token between two words breaks a multiword cue.
    """
    out_schema = {"sentence_row": pl.UInt32, "frame": pl.String, "cue": pl.String}
    if tokens.height == 0 or cues.height == 0:
        return pl.DataFrame(schema=out_schema)
    words = (
        tokens.with_row_index("tok")
        .filter(pl.col("kind") != "punct")
        .select(
            "tok",
            "sentence_row",
            pl.col("lower").str.replace(r"(.)'s$", "$1").alias("base"),
        )
    )
    if masked:
        words = words.filter(~pl.col("base").is_in(list(masked)))
    matched = [
        words.join(cues.filter(~pl.col("prefix")), left_on="base", right_on="word", how="inner")
    ]
    prefix_cues = cues.filter(pl.col("prefix")).with_columns(
        pl.col("word").str.len_chars().alias("length")
    )
    for length in sorted(prefix_cues["length"].unique().to_list()):
        matched.append(
            words.filter(pl.col("base").str.len_chars() >= length)
            .with_columns(pl.col("base").str.slice(0, length).alias("stem"))
            .join(
                prefix_cues.filter(pl.col("length") == length).drop("length"),
                left_on="stem",
                right_on="word",
                how="inner",
            )
            .drop("stem")
        )
    columns = ["tok", "sentence_row", "frame", "cue", "part", "n_parts"]
    hits = pl.concat([m.select(columns) for m in matched])
    return (
        hits.with_columns((pl.col("tok") - pl.col("part")).alias("start"))
        .group_by("frame", "cue", "start", "sentence_row", "n_parts")
        .agg(pl.col("part").n_unique().alias("found"))
        .filter(pl.col("found") == pl.col("n_parts"))
        .sort("start", "frame", "cue")
        .select(pl.col("sentence_row").cast(pl.UInt32), "frame", "cue")
    )


def frame_flags(hits: pl.DataFrame, n_sentences: int, lexicon: FrameLexicon) -> pl.DataFrame:
    """One row per sentence: ``frames__<id>`` (0/1) per frame and ``frames__n_frames``."""
    cued = hits.select("sentence_row", "frame").unique()
    flags = [
        pl.col("sentence_row")
        .is_in(cued.filter(pl.col("frame") == frame_id)["sentence_row"].implode())
        .cast(pl.Int8)
        .alias(f"frames__{frame_id}")
        for frame_id in lexicon.substantive
    ]
    rows = pl.DataFrame({"sentence_row": pl.int_range(n_sentences, dtype=pl.UInt32, eager=True)})
    out = rows.select(flags) if flags else pl.DataFrame()
    n_frames = pl.sum_horizontal([f"frames__{f}" for f in lexicon.substantive]).cast(pl.Int32)
    return out.with_columns(
        (n_frames == 0).cast(pl.Int8).alias(f"frames__{RESIDUAL}"),
        n_frames.alias("frames__n_frames"),
    ).select(*[f"frames__{f}" for f in lexicon.ids], "frames__n_frames")


def extract(batch: Batch, ctx: Context) -> Extracted:
    """Sentence flags, article shares and dominant frame, and per-article cue counts."""
    options: FramesOptions = ctx.options
    lexicon = study_lexicon(ctx.study, options)
    hits = match_cues(batch.tokens, cue_table(lexicon), masked=masked_words(ctx.study, options))
    sentences = frame_flags(hits, batch.sentences.height, lexicon)

    meta = batch.sentences.select(*KEY, "is_headline").with_row_index("sentence_row")
    body = pl.concat([meta, sentences], how="horizontal").filter(~pl.col("is_headline"))
    order = {frame_id: i for i, frame_id in enumerate(lexicon.ids)}
    sentences_per_frame = (
        body.unpivot(
            index=[*KEY, "sentence_row"],
            on=[f"frames__{f}" for f in lexicon.ids],
            variable_name="frame",
            value_name="cued",
        )
        .with_columns(pl.col("frame").str.strip_prefix("frames__"))
        .group_by(*KEY, "frame")
        .agg(pl.col("cued").sum().alias("sentences"), pl.len().alias("n_sentences"))
    )
    body_hits = hits.join(meta.filter(~pl.col("is_headline")), on="sentence_row", how="inner")
    hit_counts = body_hits.group_by(*KEY, "frame").agg(pl.len().alias("hits"))
    dominant = (
        sentences_per_frame.filter(pl.col("frame") != RESIDUAL, pl.col("sentences") > 0)
        .join(hit_counts, on=[*KEY, "frame"], how="left")
        .with_columns(pl.col("frame").replace_strict(order, return_dtype=pl.Int32).alias("_order"))
        .sort(
            *KEY,
            "sentences",
            "hits",
            "_order",
            descending=[False, False, True, True, False],
        )
        .group_by(KEY, maintain_order=True)
        .first()
        .select(*KEY, pl.col("frame").alias("frames__dominant"))
    )
    wide = body.group_by(KEY).agg(
        pl.len().alias("_n_body"),
        *[pl.col(f"frames__{f}").mean().alias(f"frames__{f}_share") for f in lexicon.ids],
    )
    articles = (
        batch.articles.select(KEY)
        .join(wide, on=KEY, how="left", maintain_order="left")
        .join(dominant, on=KEY, how="left", maintain_order="left")
        .select(
            *[
                pl.col(f"frames__{f}_share").cast(pl.Float64).fill_null(float("nan"))
                for f in lexicon.ids
            ],
            # Body sentences but no substantive cue: `other`; no body sentence: null.
            pl.when(pl.col("frames__dominant").is_not_null())
            .then(pl.col("frames__dominant"))
            .when(pl.col("_n_body").is_not_null())
            .then(pl.lit(RESIDUAL))
            .otherwise(None)
            .cast(pl.String)
            .alias("frames__dominant"),
        )
    )
    lexicon_hits = (
        body_hits.group_by(*KEY, "frame", "cue")
        .agg(pl.len().cast(pl.Int64).alias("count"))
        .join(batch.articles.select(KEY).with_row_index("_article"), on=KEY, how="inner")
        .sort("_article", "frame", "cue")
        .select(
            *KEY,
            pl.concat_str(pl.lit("frame:"), pl.col("frame")).alias("lexicon"),
            pl.col("cue").alias("word"),
            "count",
        )
    )
    return Extracted(articles=articles, sentences=sentences, tables={"lexicon_hits": lexicon_hits})


def wilson_interval(share: pl.Expr, n: pl.Expr, *, z: float = Z_95) -> tuple[pl.Expr, pl.Expr]:
    """Wilson score interval for a proportion `share` observed on `n` (possibly effective,
    non-integer) trials: centre ``(p + z²/2n) / (1 + z²/n)`` ± half-width
    ``z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n)``. NaN when n = 0."""
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (share + z2 / (2 * n)) / denominator
    half = z * (share * (1 - share) / n + z2 / (4 * n * n)).sqrt() / denominator
    # At p = 0 (or 1) the bound equals p analytically; rounding must not put it past p.
    low = pl.min_horizontal((centre - half).clip(0.0, 1.0), share)
    high = pl.max_horizontal((centre + half).clip(0.0, 1.0), share)
    low = pl.when(n > 0).then(low).otherwise(float("nan"))
    high = pl.when(n > 0).then(high).otherwise(float("nan"))
    return low, high


def outlet_frames(per_article: pl.DataFrame, *, min_articles: int, z: float = Z_95) -> pl.DataFrame:
    """frames.csv from per-article counts ``outlet, article_id, frame, sentences, n_sentences``.

    Per outlet and frame: ``sentences`` = body sentences cueing the frame, ``share`` =
    sentences / n_sentences, and a 95% Wilson interval on the effective sample size
    ``n_sentences / design_effect``. The design effect corrects for sentences of one
    article being alike: with m ≥ `min_articles` articles, it is the ratio of the
    linearised (between-article) variance of the ratio estimator,
    ``m/(m-1) · Σ_a (y_a - p·n_a)² / N²``, to the simple-random-sampling variance
    ``p(1-p)/N``, floored at 1; with fewer articles, or p ∈ {0, 1}, it is 1.
    """
    grouped = per_article.group_by("outlet", "frame").agg(
        pl.col("sentences").sum().cast(pl.Int64),
        pl.col("n_sentences").sum().cast(pl.Int64),
        (pl.col("n_sentences") > 0).sum().cast(pl.Int64).alias("n_articles"),
    )
    share = pl.col("sentences") / pl.col("n_sentences")
    squares = (
        per_article.join(
            grouped.select("outlet", "frame", share.alias("p")), on=["outlet", "frame"]
        )
        .group_by("outlet", "frame")
        .agg(((pl.col("sentences") - pl.col("p") * pl.col("n_sentences")) ** 2).sum().alias("ss"))
    )
    m = pl.col("n_articles").cast(pl.Float64)
    n = pl.col("n_sentences").cast(pl.Float64)
    p = pl.col("share")
    deff = (
        pl.when((pl.col("n_articles") >= max(min_articles, 2)) & (p > 0) & (p < 1))
        .then(((m / (m - 1) * pl.col("ss") / (n * n)) / (p * (1 - p) / n)).clip(lower_bound=1.0))
        .otherwise(1.0)
    )
    table = (
        grouped.join(squares, on=["outlet", "frame"], how="left")
        .with_columns(
            pl.when(pl.col("n_sentences") > 0).then(share).otherwise(float("nan")).alias("share")
        )
        .with_columns(deff.alias("design_effect"))
    )
    low, high = wilson_interval(p, n / pl.col("design_effect"), z=z)
    return table.with_columns(low.alias("ci_low"), high.alias("ci_high")).select(
        "outlet",
        "frame",
        "sentences",
        "share",
        "ci_low",
        "ci_high",
        "n_sentences",
        "n_articles",
        "design_effect",
    )


def summarise(extracted: Extracted, corpus: Batch, ctx: Context) -> dict[str, pl.DataFrame]:
    """``frames``: per outlet and frame, sentences cueing it, share and 95% CI."""
    lexicon = study_lexicon(ctx.study, ctx.options)
    flag_columns = [f"frames__{f}" for f in lexicon.ids]
    body = (
        pl.concat(
            [corpus.sentences.select(*KEY, "is_headline"), extracted.sentences], how="horizontal"
        )
        if extracted.sentences.height == corpus.sentences.height and extracted.sentences.width
        else corpus.sentences.select(*KEY, "is_headline").with_columns(
            pl.lit(0, dtype=pl.Int8).alias(c) for c in flag_columns
        )
    ).filter(~pl.col("is_headline"))
    articles = corpus.articles.select(KEY)
    frames = pl.DataFrame({"frame": list(lexicon.ids)})
    counts = (
        body.unpivot(index=KEY, on=flag_columns, variable_name="frame", value_name="cued")
        .with_columns(pl.col("frame").str.strip_prefix("frames__"))
        .group_by(*KEY, "frame")
        .agg(pl.col("cued").sum().alias("sentences"), pl.len().alias("n_sentences"))
    )
    # Every article × frame, so articles without body sentences still count (as n = 0).
    per_article = (
        articles.join(frames, how="cross")
        .join(counts, on=[*KEY, "frame"], how="left")
        .with_columns(pl.col("sentences", "n_sentences").fill_null(0))
    )
    table = outlet_frames(per_article, min_articles=ctx.study.stats.min_articles)
    order = {frame_id: i for i, frame_id in enumerate(lexicon.ids)}
    # Sorted by outlet, then frame in codebook order (the key columns).
    table = (
        table.with_columns(pl.col("frame").replace_strict(order, return_dtype=pl.Int32).alias("_o"))
        .sort("outlet", "_o")
        .drop("_o")
    )
    return {"frames": table}


def reads(study: Study) -> dict[str, Any]:
    """Cache key: the resolved lexicon (so an edited lexicon file invalidates the cache)
    and the masked topic words."""
    options = study.features.options("frames")
    assert isinstance(options, FramesOptions)
    lexicon = study_lexicon(study, options)
    return {
        "lexicon": {f.id: [f.version, list(f.cues)] for f in lexicon.frames},
        "masked": sorted(masked_words(study, options)),
    }


def _columns() -> tuple[Column, ...]:
    sentence = [
        Column(
            f"frames__{f}",
            (
                f"1 when the sentence contains at least one cue of the '{FRAME_LABELS[f]}' frame "
                "lexicon (whole tokens; topic words masked), else 0"
                if f != RESIDUAL
                else "1 when the sentence cues none of the other frames (the codebook's residual 'other' dimension), else 0"
            ),
            (0, 1),
            "higher = frame present",
            REFERENCE,
            level="sentence",
        )
        for f in FRAME_IDS
    ]
    sentence.append(
        Column(
            "frames__n_frames",
            "Number of frames (other than 'other') the sentence cues",
            (0, None),
            "higher = more frames cued",
            REFERENCE,
            level="sentence",
        )
    )
    article = [
        Column(
            f"frames__{f}_share",
            f"Share of the article's body sentences that cue the '{FRAME_LABELS[f]}' frame "
            "(sentences cueing it / body sentences); NaN without body sentences",
            (0, 1),
            "higher = frame more present",
            REFERENCE,
        )
        for f in FRAME_IDS
    ]
    article.append(
        Column(
            "frames__dominant",
            "Frame cued by the most body sentences (ties: more cue hits, then codebook order); "
            "'other' when no frame is cued; null without body sentences",
            (None, None),
            "categorical",
            REFERENCE,
            numeric=False,
        )
    )
    return (*sentence, *article)


FAMILY = Family(
    name="frames",
    version="1",
    description=(
        "Policy frames of the Media Frames Corpus codebook (Boydstun et al. 2014; Card et "
        "al. 2015), cued per sentence by framing's own versioned cue lexicons "
        "(features/lexicons/frames.toml; replace or extend in [features.frames]). "
        "Columns shown are those of the built-in lexicon; see docs/frames.md."
    ),
    columns=_columns(),
    extract=extract,
    summarise=summarise,
    options=FramesOptions,
    tables=(TableSpec("frames", ("outlet", "frame"), text=("outlet", "frame")), LEXICON_HITS),
    reads=reads,
    counterparts=counterparts,
    report=SECTION,
)

__all__ = [
    "FAMILY",
    "FRAME_IDS",
    "FrameLexicon",
    "FramesOptions",
    "cue_table",
    "load_lexicon",
    "match_cues",
    "outlet_frames",
    "study_lexicon",
    "wilson_interval",
]
