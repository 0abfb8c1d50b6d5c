"""The tables of a study config: every key, its type, default and check.

One pydantic model per TOML table (`[study]`, `[corpus]`, `[[outlets]]`, `[[actors]]`,
`[features]`, `[models]`, `[stats]`); `framing.config.study.Study` puts them together.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from framing.features import registry

SLUG = r"^[a-z0-9][a-z0-9_\-]*$"
# An outlet meta key: a column name of outlets.csv and a value of `stats.group_by`.
META_KEY = r"^[A-Za-z_][A-Za-z0-9_]*$"
# Columns a meta key must not shadow (outlets.csv's own, and articles.csv's for a
# meta column of a corpus table); feature columns contain "__".
RESERVED_META = frozenset(
    {"outlet", "article_id", "title", "date", "n_articles", "n_sentences", "n_words", "text"}
)
DATE_GROUPS = ("year", "month", "day")
# The study name is a folder name (at most 255 bytes on common file systems, and a run
# id goes below it); ids label every table row and figure.
MAX_STUDY_NAME = 100
MAX_ID = 64
# sklearn's `random_state` takes 0 <= seed < 2**32; every random step derives from it.
MAX_SEED = 2**32 - 1


class Section(BaseModel):
    """Base for every config table: frozen, and unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class StudySection(Section):
    name: str = Field(
        pattern=SLUG,
        max_length=MAX_STUDY_NAME,
        description="Folder name under outputs/ (lowercase slug, at most 100 characters).",
    )
    description: str = Field("", description="One line shown in the report.")
    seed: int = Field(
        2024,
        ge=0,
        le=MAX_SEED,
        description="Every random step (bootstrap, CV, permutations) derives from it (0 to 2^32-1).",
    )


class ColumnMap(Section):
    outlet: str = Field("outlet", description="Column holding the outlet id.")
    text: str = Field("text", description="Column holding the article body.")
    title: str | None = Field(None, description="Column holding the headline (optional).")
    id: str | None = Field(
        None, description="Column holding a unique article id (default: row number)."
    )
    date: str | None = Field(
        None,
        description="Column holding the publication date, YYYY-MM-DD first (optional; "
        "needed by stats.period).",
    )


def _linear_pattern(pattern: str) -> str:
    """A `corpus.boilerplate` pattern, checked to compile in the linear-time engine
    that runs it (`framing.corpus.cleaning.check_pattern`)."""
    from framing.corpus.cleaning import check_pattern

    check_pattern(pattern)
    return pattern


BoilerplatePattern = Annotated[str, AfterValidator(_linear_pattern)]


class CorpusSection(Section):
    table: Path | None = Field(
        None, description="One .csv, .jsonl or .parquet table holding all articles."
    )
    columns: ColumnMap = Field(default_factory=ColumnMap, description="Column mapping for `table`.")
    clean: bool = Field(
        True, description="Strip page furniture (captions, credits, link markers...)."
    )
    boilerplate: tuple[BoilerplatePattern, ...] = Field(
        (),
        description="Extra regexes (Rust `regex` syntax: no look-around or back-references); a matching line is removed.",
    )
    headline: Literal["auto", "first_line", "none"] = Field(
        "auto",
        description="auto: first line when it reads as a headline; first_line: always; none: never.",
    )
    meta_columns: tuple[str, ...] = Field(
        (),
        description="Columns of `table` describing the outlet (one value per outlet): "
        "outlet meta, like [[outlets]] meta.",
    )

    @field_validator("meta_columns")
    @classmethod
    def _meta_column_names(cls, columns: tuple[str, ...]) -> tuple[str, ...]:
        for column in columns:
            check_meta_key(column)
        if len(set(columns)) != len(columns):
            raise ValueError("a column is listed twice")
        return columns


class OutletSection(Section):
    id: str = Field(
        pattern=SLUG, max_length=MAX_ID, description="Stable outlet id used in every table."
    )
    name: str = Field(description="Display name.")
    files: tuple[str, ...] = Field((), description="Globs, relative to the config file.")
    meta: dict[str, str] = Field(
        default_factory=dict,
        description="Free descriptive fields (country, region, leaning...): outlets.csv "
        "columns and stats.group_by keys.",
    )
    date_pattern: str | None = Field(
        None,
        description="Regex found in each file name, with groups (?P<year>), (?P<month>) and "
        "(?P<day>): the article's date.",
    )

    @field_validator("meta")
    @classmethod
    def _meta_keys(cls, meta: dict[str, str]) -> dict[str, str]:
        for key, value in meta.items():
            check_meta_key(key)
            # As a table's meta cell: surrounding spaces dropped ("UK " and "UK" are one
            # group), and an empty value is no value, which the config says by omission.
            if not value.strip():
                raise ValueError(f"{key} is empty; leave the key out for an outlet without one")
        return {key: value.strip() for key, value in meta.items()}

    @field_validator("date_pattern")
    @classmethod
    def _date_groups(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            check_date_pattern(pattern)
        return pattern


def check_meta_key(key: str) -> None:
    """ValueError unless `key` can name an outlets.csv column: an identifier, no
    ``__`` (feature columns have it), not a column the tables already have."""
    if not re.fullmatch(META_KEY, key) or "__" in key:
        raise ValueError(
            f"meta key {key!r} is not an identifier (letters, digits, _; no '__'); rename it"
        )
    if key in RESERVED_META:
        raise ValueError(f"meta key {key!r} is a column the tables already have; rename it")


def check_date_pattern(pattern: str) -> None:
    """ValueError unless `pattern` compiles with named groups year, month and day."""
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"date_pattern '{pattern}' is not a valid regex ({exc})") from exc
    absent = [g for g in DATE_GROUPS if g not in compiled.groupindex]
    if absent:
        raise ValueError(
            f"date_pattern '{pattern}' lacks the named group(s) "
            + ", ".join(f"(?P<{g}>...)" for g in absent)
            + r"; e.g. '(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})'"
        )


class ActorSection(Section):
    id: str = Field(pattern=SLUG, max_length=MAX_ID, description="Actor id used in every table.")
    label: str = Field(description="Display name.")
    aliases: tuple[str, ...] = Field(
        min_length=1, description="Names that refer to the actor (case-sensitive)."
    )
    side: str | None = Field(
        None, description="Side for attribution balance (default: the actor id)."
    )

    @field_validator("aliases")
    @classmethod
    def _no_blank_alias(cls, aliases: tuple[str, ...]) -> tuple[str, ...]:
        if any(not a.strip() for a in aliases):
            raise ValueError("aliases must not be blank")
        return aliases

    @property
    def side_id(self) -> str:
        return self.side or self.id


class FeaturesSection(Section):
    """`[features]`; each family's own options live in `[features.<family>]`."""

    model_config = ConfigDict(extra="allow", frozen=True)

    families: tuple[str, ...] = Field(
        tuple(registry.BUILTIN), description="Feature families to compute."
    )
    topic_words: tuple[str, ...] = Field(
        (),
        description="Story topic words masked from every lexicon and (optionally) from tf-idf models.",
    )

    @field_validator("families")
    @classmethod
    def _known_families(cls, families: tuple[str, ...]) -> tuple[str, ...]:
        for name in families:
            if name not in registry.names():
                raise ValueError(
                    f"unknown family {name!r}; valid families: {', '.join(registry.names())}"
                )
        if len(set(families)) != len(families):
            raise ValueError("a family is listed twice")
        return families

    @model_validator(mode="after")
    def _family_options(self) -> FeaturesSection:
        from framing.features import FAMILIES

        for key, value in (self.model_extra or {}).items():
            if key not in registry.names():
                raise ValueError(
                    _unknown_key_message(key, [*type(self).model_fields, *registry.names()])
                )
            options_model = FAMILIES[key].options
            # Validated here so that errors carry the TOML path; stored validated.
            self.model_extra[key] = options_model.model_validate(value)
        return self

    def options(self, family: str) -> BaseModel:
        """The validated options of one family (its defaults when the table is absent)."""
        from framing.features import FAMILIES

        extra = self.model_extra or {}
        return extra.get(family) or FAMILIES[family].options()


class ModelsSection(Section):
    target: str = Field("outlet", description="`outlet`, or a label column of the corpus table.")
    unit: Literal["sentence", "paragraph", "article"] = Field(
        "sentence", description="Unit classified."
    )
    feature_sets: tuple[Literal["style", "tfidf", "style+tfidf"], ...] = Field(
        ("style", "tfidf", "style+tfidf"), description="Feature sets to fit."
    )
    classifiers: tuple[Literal["logreg", "linear_svm", "naive_bayes", "random_forest"], ...] = (
        Field(
            ("logreg", "linear_svm", "naive_bayes"),
            description="Classifiers to fit; random_forest is opt-in (~25x the cost of a linear fit).",
        )
    )
    folds: int = Field(
        5, ge=2, le=50, description="Cross-validation folds (shrunk when a class is small)."
    )
    group: Literal["auto", "article", "outlet", "none"] = Field(
        "auto",
        description="Keep an article (or outlet) on one side of each fold; auto = by article.",
    )
    mask_names: bool = Field(True, description="Mask actor aliases and topic words in tf-idf.")
    permutations: int = Field(
        100, ge=0, description="Label permutations for the permutation-test p-values."
    )
    forest_tfidf: bool = Field(
        False,
        description="Fit random_forest on the tf-idf feature sets too (slow on sparse text); "
        "without it, forests fit the style set only.",
    )
    refit_tests: bool = Field(
        False,
        description="Also test logreg/linear_svm/random_forest by refitting them on every "
        "permutation (sequential p-values; up to 5 x (1 + permutations) fits per model).",
    )
    max_units: int = Field(
        3000,
        ge=0,
        description="Above this many units, models use a class-stratified sample of this size (0: all units).",
    )
    max_terms: int = Field(
        10000,
        ge=0,
        description="tf-idf vocabulary: the most frequent n-grams of each training side (0: all).",
    )
    enabled: bool = Field(True, description="Fit classifiers at all.")


class StatsSection(Section):
    bootstrap: int = Field(2000, ge=100, description="Bootstrap resamples for 95% CIs.")
    permutations: int = Field(2000, ge=100, description="Permutations for comparison p-values.")
    pairwise: bool = Field(False, description="Also compare every pair of outlets.")
    min_articles: int = Field(
        10,
        ge=2,
        description="Resample articles when an outlet has at least this many, else sentences.",
    )
    group_by: tuple[str, ...] = Field(
        (),
        description="Outlet meta keys: group_stats.csv and group_comparisons.csv compare "
        "the groups of outlets sharing a value.",
    )
    period: Literal["day", "week", "month"] | None = Field(
        None, description="Write period_stats.csv per outlet and period (needs article dates)."
    )


def _unknown_key_message(key: str, valid: list[str]) -> str:
    close = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else f"; valid keys: {', '.join(sorted(valid))}"
    return f"unknown key {key!r}{hint}"
