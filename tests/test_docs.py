"""Documentation enforced by tests: every CLI command, run option and output table is
in the README, and every config key in framing/config/sections.py has a description."""

from __future__ import annotations

import re

import typer.main
from pydantic import BaseModel

from framing.cli import app
from framing.config import Study
from framing.features import FAMILIES
from framing.outputs.tables import all_tables
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: typer.Typer, prefix: str = "") -> dict[str, object]:
    click_group = typer.main.get_command(group)
    found: dict[str, object] = {}
    for name, command in click_group.commands.items():  # type: ignore[attr-defined]
        if hasattr(command, "commands"):
            for sub, sub_command in command.commands.items():
                found[f"{prefix}{name} {sub}"] = sub_command
        else:
            found[f"{prefix}{name}"] = command
    return found


def test_every_command_and_option_is_in_the_readme() -> None:
    commands = _commands(app)
    assert {"run", "validate", "features", "compare", "report", "outlets add"} <= set(commands)
    for name, command in commands.items():
        assert f"`framing {name}" in README, f"command `framing {name}` is not in README.md"
        for param in command.params:  # type: ignore[attr-defined]
            for option in param.opts:
                if option.startswith("--") and option != "--help":
                    assert option in README, f"`framing {name} {option}` is not in README.md"


def test_every_output_table_is_in_the_readme() -> None:
    tables = set(all_tables())
    assert {"articles", "sentences", "outlets", "outlet_stats", "comparisons"} <= tables
    assert {"classifiers", "confusion", "coefficients", "quotes", "lexicon_hits"} <= tables
    missing = sorted(t for t in tables if f"`{t}.csv`" not in README)
    assert not missing, f"tables not listed in README.md: {missing}"


def test_every_config_key_has_a_description() -> None:
    def walk(model: type[BaseModel], path: str) -> list[str]:
        undocumented = []
        for name, field in model.model_fields.items():
            if field.exclude:
                continue
            annotation = field.annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                undocumented += walk(annotation, f"{path}{name}.")
            elif not field.description and not re.fullmatch(r"study|corpus|outlets|actors", name):
                undocumented.append(f"{path}{name}")
        return undocumented

    top_level = {"study", "corpus", "outlets", "actors", "features", "models", "stats"}
    assert top_level <= set(Study.model_fields)
    for section in ("models", "stats"):
        model = Study.model_fields[section].annotation
        assert isinstance(model, type) and issubclass(model, BaseModel)
        assert not walk(model, f"{section}."), walk(model, f"{section}.")
    for family in FAMILIES.values():
        assert not walk(family.options, f"features.{family.name}."), family.name


def test_every_table_and_its_key_is_in_docs_outputs() -> None:
    doc = (ROOT / "docs" / "outputs.md").read_text(encoding="utf-8")
    for name, spec in all_tables().items():
        assert f"| `{name}.csv` |" in doc, name
        assert f"| `{', '.join(spec.keys)}` |" in doc, name


def test_every_column_of_the_group_period_and_evidence_tables_is_documented() -> None:
    """Each column of the tables written from a schema here is named in its row of
    docs/outputs.md or, for the statistics, in docs/stats.md."""
    from framing.evidence import EVIDENCE_SCHEMA
    from framing.stats.groups import GROUP_COMPARISON_SCHEMA, GROUP_STATS_SCHEMA
    from framing.stats.periods import PERIOD_SCHEMA

    outputs = (ROOT / "docs" / "outputs.md").read_text(encoding="utf-8")
    stats = (ROOT / "docs" / "stats.md").read_text(encoding="utf-8")
    evidence = (ROOT / "docs" / "evidence.md").read_text(encoding="utf-8")
    for table, schema, doc in (
        ("group_stats", GROUP_STATS_SCHEMA, stats),
        ("group_comparisons", GROUP_COMPARISON_SCHEMA, stats),
        ("period_stats", PERIOD_SCHEMA, stats),
        ("evidence", EVIDENCE_SCHEMA, evidence),
    ):
        row = next(line for line in outputs.splitlines() if line.startswith(f"| `{table}.csv` |"))
        for column in schema:
            assert f"`{column}`" in row or f"`{column}`" in doc, (table, column)
