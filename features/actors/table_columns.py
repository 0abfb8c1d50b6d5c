"""Definitions of the mention-tone columns of the actors family's tables, listed by
`framing features` and docs/features.md beside the feature columns (`Family.table_columns`).
The method behind them: docs/actors.md, "Tone toward each mention"."""

from __future__ import annotations

from dataclasses import replace

from framing.features.base import Column

REF = "docs/actors.md"
SCORE = "score = P(positive) − P(negative) from the mention-tone model"
HIGHER = "higher = more positive toward the actor"


def _column(
    table: str,
    name: str,
    definition: str,
    rng: tuple[float | None, float | None] = (None, None),
    direction: str = "—",
    *,
    numeric: bool = True,
) -> Column:
    return Column(name, definition, rng, direction, REF, "table", numeric, table)


def _counts(table: str, whose: str) -> tuple[Column, ...]:
    return tuple(
        _column(
            table,
            f"tone_{label}",
            f"{whose} the model labels {label} (the likeliest of the three classes).",
            (0, None),
            "higher = more",
        )
        for label in ("negative", "neutral", "positive")
    )


_ARTICLE = (
    _column(
        "actor_mentions",
        "tone",
        f"Mean over the article's mentions of the actor (headline included) of the mention {SCORE}.",
        (-1, 1),
        HIGHER,
    ),
    *_counts("actor_mentions", "Mentions of the actor in the article that"),
)

_MENTION = (
    _column("mention_tones", "sentence", "Sentence number (0 = headline).", (0, None)),
    _column("mention_tones", "actor", "Actor id of the mention.", numeric=False),
    _column("mention_tones", "alias", "The alias found (as the config spells it).", numeric=False),
    _column(
        "mention_tones",
        "start",
        "Character offset of the mention in the sentence's text (0-based, Python str index).",
        (0, None),
    ),
    _column("mention_tones", "end", "Character offset just past the mention.", (0, None)),
    _column(
        "mention_tones",
        "polarity",
        "negative, neutral or positive: the model's likeliest class for this mention.",
        numeric=False,
    ),
    _column("mention_tones", "score", f"Tone toward this mention: {SCORE}.", (-1, 1), HIGHER),
)

_OUTLET = (
    _column(
        "actors",
        "tone",
        f"Mean over the outlet's mentions of the actor (headline included) of the mention {SCORE}; NaN if none.",
        (-1, 1),
        HIGHER,
    ),
    _column(
        "actors",
        "tone_ci_low",
        "95% cluster-bootstrap interval of tone, low end: articles (or sentences, see tone_unit) that mention the actor resampled, all their mentions together; NaN with one unit (tone_note says why).",
        (-1, 1),
    ),
    _column("actors", "tone_ci_high", "High end of tone's 95% interval.", (-1, 1)),
    _column(
        "actors",
        "tone_unit",
        "What the interval resamples: article, or sentence when the outlet has fewer than [stats] min_articles articles.",
        numeric=False,
    ),
    _column(
        "actors",
        "tone_n",
        "Units behind the interval: the articles (or sentences) that mention the actor.",
        (0, None),
        "higher = more",
    ),
    *_counts("actors", "The outlet's mentions of the actor that"),
    _column(
        "actors",
        "tone_note",
        "Why the interval is empty (one article or sentence; not mentioned), or that sentences were resampled.",
        numeric=False,
    ),
)

_EVIDENCE = (
    _column(
        "actor_tone_evidence",
        "pole",
        "negative: mentions scored below 0, lowest first; positive: above 0, highest first.",
        numeric=False,
    ),
    _column("actor_tone_evidence", "rank", "1 = the most extreme mention of its pole.", (1, None)),
    _column("actor_tone_evidence", "article_id", "The article of the mention.", numeric=False),
    # The mention itself, as in mention_tones.csv (same definitions; the actor is the key).
    *(
        replace(column, table="actor_tone_evidence")
        for column in _MENTION
        if column.name != "actor"
    ),
    _column(
        "actor_tone_evidence",
        "text",
        "The sentence holding the mention (start, end index into it).",
        numeric=False,
    ),
)

TABLE_COLUMNS: tuple[Column, ...] = (*_ARTICLE, *_MENTION, *_OUTLET, *_EVIDENCE)
