"""Reading a study config: TOML with its own types, one-line errors naming the key."""

from __future__ import annotations

import datetime
import json
import tomllib
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ValidationError,
)

from framing.config.sections import FeaturesSection, _unknown_key_message
from framing.config.study import Study
from framing.errors import ConfigError
from framing.features import registry


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
