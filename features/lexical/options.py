"""`[features.lexical]`: the study's lexicons, and what the family's cache key reads.

The bundled lists (``features/lexicons/*.txt``, one per name in `LEXICONS`) are
replaced by a study's own list files (``files``), extended (``add``), then masked by the
study's ``topic_words`` and ``extra_mask`` (docs/lexicons.md). The family version
changes with every edit of a bundled list (`family_version`), and the cache key with
the topic words and the content of any study list file (`reads`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from framing.features.lexical.lexicon import (
    Lexicon,
    apply_overrides,
    bundled_lexicon_paths,
    lexicons_digest,
    load_lexicon,
)

if TYPE_CHECKING:
    from framing.config import Study

__all__ = [
    "CODE_VERSION",
    "LEXICONS",
    "LexicalOptions",
    "family_version",
    "reads",
    "study_lexicons",
]

LEXICONS = (
    "hedges",
    "boosters",
    "factives",
    "assertives",
    "report_verbs",
    "subjectivity",
    "loaded_language",
)


class LexicalOptions(BaseModel):
    """`[features.lexical]`: study changes to the bundled lexicons."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    extra_mask: tuple[str, ...] = Field(
        (),
        description="Words or phrases masked from every lexicon, besides [features] topic_words.",
    )
    add: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, description="Words added to a lexicon, e.g. add.hedges = ['reckon']."
    )
    files: dict[str, str] = Field(
        default_factory=dict,
        description="A lexicon replaced by the study's own list file (path relative to the config).",
    )

    @field_validator("add", "files")
    @classmethod
    def _known_lexicons(cls, value: dict[str, Any]) -> dict[str, Any]:
        for name in value:
            if name not in LEXICONS:
                raise ValueError(f"unknown lexicon {name!r}; valid lexicons: {', '.join(LEXICONS)}")
        return value


def _bundled_paths() -> dict[str, Any]:
    paths = bundled_lexicon_paths()
    return {name: paths[name] for name in LEXICONS}


# Bumped when a computation changes its values (2: HD-D as a product of ratios).
CODE_VERSION = "2"


def family_version() -> str:
    """``CODE_VERSION`` + "." + the first 10 hex digits of `lexicons_digest` over the
    bundled lists in `LEXICONS`: the version changes with every edit of a bundled list
    (docs/lexicons.md)."""
    return f"{CODE_VERSION}." + lexicons_digest(_bundled_paths().values())[:10]


def _study_file(study: Study, name: str, path: str) -> Any:
    from framing.errors import ConfigError

    full = study.resolve(path)
    if not full.is_file():
        raise ConfigError(
            f"{study.source or 'config'}: features.lexical.files.{name}: {path!r} not found "
            f"(looked in {full}); give a list file path relative to the config file"
        )
    return full


def study_lexicons(study: Study, options: LexicalOptions) -> list[Lexicon]:
    """The study's lexicons, in `LEXICONS` order: bundled or replaced by `files`,
    extended by `add`, then masked by ``topic_words`` and `extra_mask`."""
    bundled = _bundled_paths()
    loaded = {
        name: load_lexicon(
            _study_file(study, name, options.files[name])
            if name in options.files
            else bundled[name],
            name=name,
        )
        for name in LEXICONS
    }
    mask = (*study.features.topic_words, *options.extra_mask)
    return list(apply_overrides(loaded, add=options.add, mask=mask).values())


def reads(study: Study) -> dict[str, Any]:
    """Cache key: the topic words and the content of any study-supplied list file."""
    options = study.features.options("lexical")
    assert isinstance(options, LexicalOptions)
    files = {
        name: lexicons_digest([_study_file(study, name, path)])
        for name, path in options.files.items()
    }
    return {"topic_words": sorted(study.features.topic_words), "files": files}
