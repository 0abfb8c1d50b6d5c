"""Study configuration: one TOML file per study, typed, validated and frozen.

Every key, its type and its default is declared in `sections.py`, and nowhere else; the
resolved config (defaults filled in) is written into every run as `config.toml`.
Errors name the file and the TOML path, e.g.
``configs/x.toml: outlets[1].files: field required``, and an unknown key suggests
the nearest valid one.

The package: `sections` (one model per TOML table), `study` (`Study`: the tables
together and the checks across them), `files` (what a ``files`` entry names) and
`loading` (`load_study`: strict TOML types, errors naming the TOML path).
"""

from __future__ import annotations

from framing.config.files import expand_pattern
from framing.config.loading import format_validation_error, load_study
from framing.config.sections import (
    DATE_GROUPS,
    MAX_ID,
    MAX_SEED,
    MAX_STUDY_NAME,
    META_KEY,
    RESERVED_META,
    SLUG,
    ActorSection,
    ColumnMap,
    CorpusSection,
    FeaturesSection,
    ModelsSection,
    OutletSection,
    Section,
    StatsSection,
    StudySection,
    check_date_pattern,
    check_meta_key,
)
from framing.config.study import Study, alias_key

__all__ = [
    "DATE_GROUPS", "MAX_ID", "MAX_SEED", "MAX_STUDY_NAME", "META_KEY", "RESERVED_META", "SLUG",
    "ActorSection", "ColumnMap", "CorpusSection", "FeaturesSection", "ModelsSection",
    "OutletSection", "Section", "StatsSection", "Study", "StudySection", "alias_key",
    "check_date_pattern", "check_meta_key", "expand_pattern", "format_validation_error",
    "load_study",
]  # fmt: skip
