"""Config loading: typed, frozen, unknown keys rejected with a suggestion, TOML paths in errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from framing.config import load_study
from framing.errors import ConfigError
from tests.conftest import EXAMPLE_CONFIG, MINIMAL_STUDY


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "study.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as info:
        load_study(write(tmp_path, text))
    message = str(info.value)
    assert "\n" not in message
    return message


def test_example_config_loads_with_five_outlets_and_six_actors() -> None:
    study = load_study(EXAMPLE_CONFIG)
    assert [o.id for o in study.outlets] == [
        "independent", "outlet_001", "business_insider_repost", "ft_irish_times", "scmp",
    ]  # fmt: skip
    assert {a.id for a in study.actors} == {
        "south_korea", "north_korea", "russia", "united_states", "ukraine", "china",
    }  # fmt: skip
    assert "KCNA" in next(a for a in study.actors if a.id == "north_korea").aliases
    assert study.base_dir == EXAMPLE_CONFIG.parent


def test_config_is_frozen() -> None:
    study = load_study(EXAMPLE_CONFIG)
    with pytest.raises(ValidationError):
        study.study.seed = 1  # type: ignore[misc]


def test_misspelt_key_suggests_the_valid_one(tmp_path: Path) -> None:
    message = error_of(tmp_path, MINIMAL_STUDY.replace('name = "mini"', 'name = "mini"\nsed = 3'))
    assert message == f"{tmp_path / 'study.toml'}: study: unknown key 'sed'; did you mean 'seed'?"


def test_misspelt_key_in_array_of_tables_names_its_index(tmp_path: Path) -> None:
    message = error_of(tmp_path, MINIMAL_STUDY.replace('files = ["b/*.txt"]', 'file = ["b/*.txt"]'))
    assert "outlets[1]" in message and "did you mean 'files'?" in message


def test_misspelt_top_level_table(tmp_path: Path) -> None:
    message = error_of(tmp_path, MINIMAL_STUDY + "\n[modles]\nfolds = 3\n")
    assert "(top level): unknown key 'modles'; did you mean 'models'?" in message


def test_wrong_type_names_the_key(tmp_path: Path) -> None:
    message = error_of(
        tmp_path, MINIMAL_STUDY.replace('name = "mini"', 'name = "mini"\nseed = "x"')
    )
    assert "study.seed:" in message and "integer" in message


def test_unknown_family_lists_valid_ones(tmp_path: Path) -> None:
    message = error_of(
        tmp_path, MINIMAL_STUDY.replace("families = []", 'families = ["sentimental"]')
    )
    assert "features.families" in message and "unknown family 'sentimental'" in message
    assert "sentiment" in message.split("valid families:")[1]


def test_actor_without_aliases(tmp_path: Path) -> None:
    message = error_of(
        tmp_path, MINIMAL_STUDY.replace('aliases = ["Seoul", "South Korea"]', "aliases = []")
    )
    assert "actors[0].aliases" in message


def test_duplicate_outlet_ids(tmp_path: Path) -> None:
    message = error_of(tmp_path, MINIMAL_STUDY.replace('id = "b"', 'id = "a"'))
    assert "outlets[1].id: 'a' is used twice" in message


def test_outlet_without_files(tmp_path: Path) -> None:
    message = error_of(tmp_path, MINIMAL_STUDY.replace('files = ["b/*.txt"]\n', ""))
    assert "outlets[1].files: required key is missing" in message


def test_missing_required_table(tmp_path: Path) -> None:
    message = error_of(tmp_path, "[[outlets]]\nid='a'\nname='A'\nfiles=['x']\n")
    assert "study: required key is missing" in message


def test_invalid_toml_is_one_line(tmp_path: Path) -> None:
    message = error_of(tmp_path, "[study\nname=1")
    assert "invalid TOML" in message


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_study(tmp_path / "nope.toml")


def test_paths_resolve_relative_to_the_config(tmp_path: Path) -> None:
    study = load_study(write(tmp_path, MINIMAL_STUDY))
    assert study.resolve("a/x.txt") == tmp_path / "a/x.txt"


def test_resolved_config_has_defaults_filled_in(tmp_path: Path) -> None:
    data = load_study(write(tmp_path, MINIMAL_STUDY)).to_toml_dict()
    assert data["study"]["seed"] == 2024
    assert data["corpus"]["clean"] is True
    assert data["stats"]["bootstrap"] == 2000
