"""The whole study config (`Study`): its tables, the checks across them, paths."""

from __future__ import annotations

import glob
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import (
    Field,
    model_validator,
)

from framing.config.files import _is_article_file, expand_pattern
from framing.config.sections import (
    ActorSection,
    CorpusSection,
    FeaturesSection,
    ModelsSection,
    OutletSection,
    Section,
    StatsSection,
    StudySection,
)
from framing.errors import ConfigError


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
        if self.corpus.table is None and self.corpus.meta_columns:
            raise ValueError(
                "corpus.meta_columns: a list of corpus.table's columns, but there is no "
                f"corpus.table; give each [[outlets]] meta = {{ {self.corpus.meta_columns[0]} "
                '= "..." } instead'
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
