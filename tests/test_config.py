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


# --- every key checks its TOML type, and errors name its own table ---------------------


def _scalar_keys() -> list[tuple[str, str, type]]:
    """(TOML table, key, type) for every int, float, bool and str key of the study's
    sections and of every family's ``[features.<family>]`` table."""
    from framing.config import ModelsSection, StatsSection, StudySection
    from framing.features import FAMILIES

    tables = {
        "study": StudySection,
        "models": ModelsSection,
        "stats": StatsSection,
        "corpus": __import__("framing.config", fromlist=["CorpusSection"]).CorpusSection,
        **{f"features.{name}": family.options for name, family in FAMILIES.items()},
    }
    keys = []
    for table, model in tables.items():
        for key, field in model.model_fields.items():
            if field.annotation in (int, float, bool, str):
                keys.append((table, key, field.annotation))
    return keys


# A value of each TOML type that a key of another type must refuse.
WRONG = {int: ["1", True, 1.5], float: ["1.0", True], bool: ["yes", 1, 0], str: [5, True, []]}


def with_value(table: str, key: str, value: object) -> str:
    """MINIMAL_STUDY with ``[table] key = value`` (tables nest at dots)."""
    import tomllib

    import tomlkit

    data = tomllib.loads(MINIMAL_STUDY)
    node = data
    for part in table.split("."):
        node = node.setdefault(part, {})
    node[key] = value
    return tomlkit.dumps(data)


@pytest.mark.parametrize(("table", "key", "kind"), _scalar_keys(), ids=str)
def test_every_key_refuses_a_value_of_another_toml_type(
    tmp_path: Path, table: str, key: str, kind: type
) -> None:
    """README: a wrong type is exit 2 naming the key. pydantic's default mode would take
    "1" or true for an integer and "yes" for a boolean."""
    for value in WRONG[kind]:
        message = error_of(tmp_path, with_value(table, key, value))
        assert f": {table}.{key}: " in message, (value, message)
        assert "(got " in message, message


@pytest.mark.parametrize(
    "table", ["study", "corpus", "models", "stats", "features.terms", "features.actors"]
)
def test_an_unknown_key_is_reported_in_its_own_table_with_its_keys(
    tmp_path: Path, table: str
) -> None:
    from framing.features import FAMILIES

    message = error_of(tmp_path, with_value(table, "bogus_key", 1))
    assert f": {table}: unknown key 'bogus_key'" in message, message
    if table.startswith("features."):
        valid = sorted(FAMILIES[table.split(".")[1]].options.model_fields)
        assert message.endswith(f"valid keys: {', '.join(valid)}"), message


def test_an_out_of_range_family_option_names_its_path(tmp_path: Path) -> None:
    message = error_of(tmp_path, MINIMAL_STUDY + "\n[features.terms]\ntop_k = 0\n")
    assert ": features.terms.top_k: Input should be greater than or equal to 1" in message


def test_a_toml_date_is_not_text(tmp_path: Path) -> None:
    message = error_of(
        tmp_path,
        MINIMAL_STUDY.replace('name = "mini"\n', 'name = "mini"\ndescription = 2024-06-01\n'),
    )
    assert (
        "study.description: Input should be a valid string (got the date or time 2024-06-01)"
        in message
    )


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ('name = "mini"', f'name = "{"s" * 101}"', "study.name"),
        ('id = "a"', f'id = "{"a" * 65}"', "outlets[0].id"),
        ('id = "seoul"', f'id = "{"s" * 65}"', "actors[0].id"),
        ('name = "mini"', 'name = "mini"\nseed = -1', "study.seed"),
        ('name = "mini"', f'name = "mini"\nseed = {2**32}', "study.seed"),
    ],
)
def test_names_ids_and_seed_that_a_run_cannot_use_are_refused_at_load(
    tmp_path: Path, old: str, new: str, where: str
) -> None:
    """A study name is a folder name, ids label every figure, the seed seeds sklearn
    (0 to 2^32-1): each used to fail after the work, now when the config loads."""
    assert f": {where}: " in error_of(tmp_path, MINIMAL_STUDY.replace(old, new, 1))


ACTORS = """
[[actors]]
id = "north"
label = "North"
aliases = [{north}]

[[actors]]
id = "south"
label = "South"
aliases = [{south}]
"""


@pytest.mark.parametrize(
    ("north", "south", "clash"),
    [
        ('"Kim"', '"Yoon", "Kim"', True),
        ('"Kim  Jong-un"', '" Kim Jong-un"', True),  # spacing is not significant in matching
        ('"Korea\'s leader"', '"Korea’s leader"', True),  # nor ’ against '
        ('"Kim"', '"kim"', False),  # matching is case-sensitive
        ('"Kim", "Kim"', '"Yoon"', False),  # twice for one actor is harmless
    ],
)
def test_an_alias_given_to_two_actors_is_refused_at_load_as_matching_would(
    tmp_path: Path, north: str, south: str, clash: bool
) -> None:
    """The config check and the actor matcher agree on which aliases clash."""
    from framing.features.actors.gazetteer import Gazetteer

    config = MINIMAL_STUDY.split("[[actors]]")[0] + ACTORS.format(north=north, south=south)
    config += "\n[features]\nfamilies = []\n\n[models]\nenabled = false\n"
    path = write(tmp_path, config)
    try:
        study = load_study(path)
    except ConfigError as exc:
        assert (
            clash and "actors[1].aliases[" in str(exc) and "also an alias of actors[0]" in str(exc)
        )
    else:
        assert not clash
    entries = []
    for actor_id, aliases in (("north", north), ("south", south)):
        entries += [
            (a, actor_id, actor_id) for a in __import__("tomllib").loads(f"a = [{aliases}]")["a"]
        ]
    if clash:
        with pytest.raises(ValueError, match="belongs to both actors"):
            Gazetteer(entries)
    else:
        Gazetteer(entries)
        assert study.actors
