"""Cue matching on the shared tokenisation: which sentences cue which frames.

Matching is on whole tokens of `Batch.tokens` (`framing.corpus.tokens`), lowercased,
with a possessive ``'s`` stripped; a cue word ending in ``*`` matches any token
starting with it; a multiword cue must occur as consecutive tokens of one sentence
with no punctuation token between. Masked topic words match no cue.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl

from framing.corpus.tokens import TOKEN_PATTERN
from framing.features.frames.lexicon import RESIDUAL, FrameLexicon

CUE_SCHEMA = {
    "frame": pl.String,
    "cue": pl.String,
    "part": pl.Int32,
    "n_parts": pl.Int32,
    "word": pl.String,
    "prefix": pl.Boolean,
}


def cue_table(lexicon: FrameLexicon) -> pl.DataFrame:
    """One row per word of each cue: ``frame, cue, part (0-based), n_parts, word, prefix``.

    Each cue word is split with the shared tokeniser's pattern, so that a cue such as
    ``g7`` (tokens ``g``, ``7``) lines up with the tokens it must match.
    """
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
                    {"frame": frame.id, "cue": cue, "part": i, "n_parts": len(parts),
                     "word": _strip_possessive(word), "prefix": prefix}
                )  # fmt: skip
    return pl.DataFrame(rows, schema=CUE_SCHEMA)


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
