"""Study configuration: one TOML file per study, typed, validated and frozen.

Every key, its type and its default is declared here, and nowhere else; the
resolved config (defaults filled in) is written into every run as `config.toml`.
Errors name the file and the TOML path, e.g.
``configs/x.toml: outlets[1].files: field required``, and an unknown key suggests
the nearest valid one.
"""

from __future__ import annotations

import datetime
import difflib
import glob
import hashlib
import json
import os
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from framing.errors import ConfigError, DataError
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
        for key in meta:
            check_meta_key(key)
        return meta

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


class Study(Section):
    study: StudySection
    corpus: CorpusSection = Field(default_factory=CorpusSection)
    outlets: tuple[OutletSection, ...] = ()
    actors: tuple[ActorSection, ...] = ()
    features: FeaturesSection = Field(default_factory=FeaturesSection)
    models: ModelsSection = Field(default_factory=ModelsSection)
    stats: StatsSection = Field(default_factory=StatsSection)

    # Set by `load_study`, not read from TOML: where relative paths start.
    base_dir: Path = Field(Path("."), exclude=True)
    source: Path | None = Field(None, exclude=True)

    @model_validator(mode="after")
    def _consistent(self) -> Study:
        if not self.outlets and self.corpus.table is None:
            raise ValueError("no articles: add [[outlets]] with files, or set corpus.table")
        if self.corpus.table is None:
            for i, outlet in enumerate(self.outlets):
                if not outlet.files:
                    raise ValueError(
                        f"outlets[{i}].files: required key is missing; list the article files "
                        "(globs relative to the config), or set corpus.table"
                    )
        _unique([o.id for o in self.outlets], "outlets", "id")
        _unique([a.id for a in self.actors], "actors", "id")
        _one_actor_per_alias(self.actors)
        self._check_groups_and_periods()
        return self

    def meta_keys(self) -> list[str]:
        """Every outlet meta key, in order: corpus meta columns, then [[outlets]] meta."""
        keys = dict.fromkeys(self.corpus.meta_columns)
        for outlet in self.outlets:
            keys.update(dict.fromkeys(outlet.meta))
        return list(keys)

    def has_dates(self) -> bool:
        """Whether articles can carry a date (a mapped column or a file-name pattern)."""
        if self.corpus.table is not None:
            return self.corpus.columns.date is not None
        return any(o.date_pattern for o in self.outlets)

    def _check_groups_and_periods(self) -> None:
        keys = self.meta_keys()
        for i, key in enumerate(self.stats.group_by):
            if key not in keys:
                known = f"known keys: {', '.join(keys)}" if keys else "no outlet has meta"
                raise ValueError(
                    f"stats.group_by[{i}]: {key!r} is not an outlet meta key ({known}); add "
                    f'meta = {{ {key} = "..." }} to [[outlets]] or list it in corpus.meta_columns'
                )
        if len(set(self.stats.group_by)) != len(self.stats.group_by):
            raise ValueError("stats.group_by: a key is listed twice")
        if self.stats.period is not None and not self.has_dates():
            raise ValueError(
                "stats.period: articles have no dates; map corpus.columns.date (a table) or "
                "set date_pattern on [[outlets]] (files)"
            )

    def resolve(self, path: str | Path) -> Path:
        """A path from the config, relative to the config file's folder."""
        p = Path(path).expanduser()
        return p if p.is_absolute() else self.base_dir / p

    def outlet_files(self) -> Iterator[tuple[str, Path]]:
        """``(outlet id, file)`` for every file the outlets' globs match, in config order,
        each file once per outlet; `ConfigError` naming the pattern that matches none.

        A pattern naming an existing file is that file, even when its name holds glob
        characters (``report[2024].txt``). A match that is a symbolic link to nothing,
        or not a regular file (a FIFO would hang the run), is a `DataError` naming it;
        folders are passed over."""
        where = self.source or "config"
        for i, outlet in enumerate(self.outlets):
            seen: set[Path] = set()
            for j, pattern in enumerate(outlet.files):
                full = self.resolve(pattern)
                key = f"{where}: outlets[{i}].files[{j}]"
                found = expand_pattern(self.base_dir, pattern)
                matches = [m for m in found if _is_article_file(m, key)]
                if not matches:
                    kind = "matches no file" if glob.has_magic(pattern) else "file not found"
                    raise ConfigError(
                        f"{where}: outlets[{i}].files[{j}]: {pattern!r} {kind} "
                        f"(looked in {full.parent}); fix the path, relative to the config file"
                    )
                for match in matches:
                    if match not in seen:
                        seen.add(match)
                        yield outlet.id, match

    def to_toml_dict(self) -> dict[str, Any]:
        """The resolved config (defaults filled in) as plain TOML-able data."""
        data = self.model_dump(mode="json", exclude_none=True)
        extra = self.features.model_extra or {}
        data["features"].update(
            {name: opts.model_dump(mode="json", exclude_none=True) for name, opts in extra.items()}
        )
        return data

    def config_hash(self) -> str:
        blob = json.dumps(self.to_toml_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()


def expand_pattern(base: Path, pattern: str) -> list[Path]:
    """What a ``files`` entry names, relative to `base` (the config's folder) unless
    absolute: the file itself when one has that very name (``report[2024].txt``), else
    its glob matches (``**`` recursive), sorted. Only `pattern` is a pattern: a config
    in a folder named ``study[1]`` finds its files."""
    given = Path(pattern).expanduser()
    full = given if given.is_absolute() else base / given
    if glob.has_magic(str(full)) and os.path.lexists(full) and not full.is_dir():
        return [full]
    searched = str(full) if given.is_absolute() else os.path.join(glob.escape(str(base)), given)
    # Sorted by path components, as Path objects sort, but ~10x cheaper.
    found = sorted(glob.glob(searched, recursive=True), key=lambda m: m.split(os.sep))
    return list(map(Path, found))


def _is_article_file(path: Path, where: str) -> bool:
    """Whether a glob match is an article file: True for a regular file (or a link to
    one), False for a folder; `DataError` for a broken link or a FIFO, socket or device."""
    if path.is_file():
        return True
    if path.is_dir():
        return False
    if path.is_symlink() and not path.exists():
        raise DataError(
            f"{where}: {path} is a symbolic link to a missing file ({os.readlink(path)}); "
            "fix or remove the link"
        )
    raise DataError(f"{where}: {path} is not a regular file (a FIFO, socket or device); remove it")


def _unique(values: list[str], table: str, key: str) -> None:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            raise ValueError(f"{table}[{i}].{key}: {value!r} is used twice; ids must be unique")
        seen.add(value)


def alias_key(alias: str) -> str:
    """An alias as actor matching compares it (`framing.features.actors.gazetteer`):
    whitespace runs as one space, trimmed, ’ as '."""
    return " ".join(alias.split()).replace("’", "'")


def _one_actor_per_alias(actors: tuple[ActorSection, ...]) -> None:
    """`ValueError` when one alias (as matching compares them) names two actors: a
    mention of it could not be attributed."""
    owners: dict[str, int] = {}
    for i, actor in enumerate(actors):
        for j, alias in enumerate(actor.aliases):
            owner = owners.setdefault(alias_key(alias), i)
            if actors[owner].id != actor.id:
                raise ValueError(
                    f"actors[{i}].aliases[{j}]: {alias!r} is also an alias of actors[{owner}] "
                    f"({actors[owner].id!r}); give each alias to one actor"
                )


def _unknown_key_message(key: str, valid: list[str]) -> str:
    close = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else f"; valid keys: {', '.join(sorted(valid))}"
    return f"unknown key {key!r}{hint}"


def _toml_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The pydantic model that owns the key at `loc` (to suggest valid keys)."""
    model: Any = Study
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if model is FeaturesSection and part in registry.names():
            from framing.features import FAMILIES

            model = FAMILIES[part].options
            continue
        field = model.model_fields.get(part) if hasattr(model, "model_fields") else None
        if field is None:
            return None
        annotation = field.annotation
        args = getattr(annotation, "__args__", ())
        candidates = [annotation, *args]
        model = next(
            (c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)),
            None,
        )
        if model is None:
            return None
    return model


def format_validation_error(
    source: Path | str, error: ValidationError, prefix: tuple[Any, ...] = ()
) -> str:
    """First error of a pydantic ValidationError as `file: toml.path: message`; `prefix`
    is the TOML path of the table that was validated (the top level by default)."""
    first = error.errors()[0]
    loc = prefix + tuple(p for p in first["loc"] if p not in ("function-after", "function-before"))
    path = _toml_path(loc)
    if first["type"] == "extra_forbidden":
        owner = _model_at(loc)
        valid = list(owner.model_fields) if owner else []
        if owner is Study:
            valid = [k for k in valid if k not in ("base_dir", "source")]
        message = _unknown_key_message(str(loc[-1]), valid)
        parent = _toml_path(loc[:-1])
        return f"{source}: {parent or '(top level)'}: {message}"
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "missing":
        message = "required key is missing"
    elif first["type"].endswith("_type") and "input" in first:
        message += f" (got {_shown_input(first['input'])})"
    where = f"{path}: " if path else ""
    more = len(error.errors()) - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"{source}: {where}{message}{suffix}"


def _shown_input(value: Any) -> str:
    """A wrong-typed TOML value as TOML writes it: ``"1"``, ``true``, ``1.5``."""
    if isinstance(value, dict) and list(value) == [_DATE_KEY]:
        return f"the date or time {value[_DATE_KEY]}"
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 60 else shown[:57] + "..."


_DATE_KEY = "TOML date or time"


def _as_json(value: Any) -> Any:
    """TOML data as JSON data. A TOML date or time becomes an object that no config key
    accepts, so it is reported as the wrong type rather than read as text."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, datetime.date | datetime.time):
        return {_DATE_KEY: value.isoformat()}
    return value


def _strict(model: type[BaseModel], data: Any) -> Any:
    """`model` validated from TOML data with TOML's own types: validated as JSON in
    strict mode, so ``"1"`` and ``true`` are not integers and ``"yes"`` is not a boolean
    (python-mode validation would coerce them), while arrays still fill tuples and
    strings fill paths."""
    return model.model_validate_json(json.dumps(_as_json(data)), strict=True)


def _check_family_options(path: Path, raw: dict[str, Any]) -> None:
    """Each ``[features.<family>]`` table validated by the family's options model, so
    an error names ``features.<family>.<key>`` and lists that family's keys."""
    features = raw.get("features")
    if not isinstance(features, dict):
        return
    from framing.features import FAMILIES

    for key, value in features.items():
        if key in FeaturesSection.model_fields or key not in registry.names():
            continue  # a section key, or an unknown key: the whole-config check names it
        try:
            _strict(FAMILIES[key].options, value)
        except ValidationError as exc:
            raise ConfigError(format_validation_error(path, exc, ("features", key))) from exc


def load_study(path: str | Path) -> Study:
    """Read, validate and freeze a study config. Raises `ConfigError` (one line)."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found; pass the path to a study .toml file")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: config is not UTF-8 text ({exc.reason})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    for reserved in ("base_dir", "source"):
        if reserved in raw:
            raise ConfigError(f"{path}: (top level): {_unknown_key_message(reserved, list(raw))}")
    _check_family_options(path, raw)
    try:
        return _strict(Study, {**raw, "base_dir": str(path.resolve().parent), "source": str(path)})
    except ValidationError as exc:
        raise ConfigError(format_validation_error(path, exc)) from exc
