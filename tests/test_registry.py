"""A family registered from the test folder alone reaches every table, the feature list
and the report: adding a family is writing one package (docs/architecture.md)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from framing.features import FAMILIES, register, unregister
from tests.conftest import write_files

STUDY = """\
[study]
name = "toy-study"

[[outlets]]
id = "loud"
name = "Loud"
files = ["loud/*.txt"]

[[outlets]]
id = "calm"
name = "Calm"
files = ["calm/*.txt"]

[features]
families = ["toy"]

[models]
enabled = false

[stats]
bootstrap = 200
permutations = 200
min_articles = 2
"""


@pytest.fixture
def toy() -> Iterator[None]:
    register("toy", "tests.toy_family")
    yield
    unregister("toy")


def _study(root: Path) -> Path:
    files = {}
    for i in range(3):
        files[f"loud/{i}.txt"] = f"Headline {i}\n\nWow! It won! Really. Yes!\n"
        files[f"calm/{i}.txt"] = f"Headline {i}\n\nIt rained. Nothing else happened.\n"
    write_files(root, files)
    (root / "study.toml").write_text(STUDY, encoding="utf-8")
    return root / "study.toml"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_registered_family_reaches_every_output(toy, cli, tmp_path: Path, jobs: str) -> None:
    config = _study(tmp_path)
    result = cli("run", config, "--out", tmp_path / "out", "--jobs", jobs, "--chunk-size", "2")
    assert result.exit_code == 0, result.stderr
    run = Path(result.stdout.strip().splitlines()[-1])
    articles = pl.read_csv(run / "articles.csv")
    loud = articles.filter(outlet="loud")["toy__marks_per_sentence"].to_list()
    # "Wow! It won! Really. Yes!": 3 "!" over 4 body sentences, in each article.
    assert loud == [0.75, 0.75, 0.75]
    stats = pl.read_csv(run / "outlet_stats.csv").filter(feature="toy__marks_per_sentence")
    assert sorted(stats["outlet"]) == ["calm", "loud"]
    comparisons = pl.read_csv(run / "comparisons.csv").filter(feature="toy__marks_per_sentence")
    assert comparisons.height == 2 and comparisons["difference"].abs().max() == 0.75
    sentences = pl.read_csv(run / "sentences.csv")
    assert "toy__marks" in sentences.columns
    # The corpus-wide table, reduced from chunks of 2 articles, text read back at the end.
    outlets = pl.read_csv(run / "toy_outlets.csv")
    assert outlets.rows() == [
        ("calm", 0.0, "Headline 0"),
        ("loud", 3 / 5, "Wow!"),
    ]
    report = (run / "report.html").read_text(encoding="utf-8")
    assert "Exclamation marks" in report and "toy__marks_per_sentence" in report
    listed = cli("features", "--format", "csv")
    assert "toy__marks_per_sentence" in listed.stdout


def test_an_unregistered_family_is_an_unknown_name(cli, tmp_path: Path) -> None:
    assert "toy" not in FAMILIES
    result = cli("validate", _study(tmp_path))
    assert result.exit_code == 2
    assert "unknown family 'toy'" in result.stderr
