"""`framing compare`: alignment on keys, tolerance, NaN, rows/columns/tables, exit codes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import polars as pl
import pytest

from framing.commands.compare import (
    CHANGE_SCHEMA,
    changes_csv,
    changes_view,
    compare_frames,
    compare_paths,
)
from framing.errors import ConfigError
from framing.outputs.reader import read_as_written as read_table
from framing.outputs.tables import keys as table_keys
from tests.conftest import MINIMAL_STUDY

FAST_STUDY = MINIMAL_STUDY.replace("families = []", 'families = ["lexical"]')
ARTICLES = {
    "a/one.txt": "Seoul warns Moscow\n\nSeoul said it would act. Officials agreed.\n",
    "b/two.txt": "A quiet day\n\nNothing happened in South Korea today. It rained.\n",
    "c/three.txt": "Moscow replies\n\nMoscow said Seoul was wrong. Nobody agreed.\n",
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Three runs of the mini study: two identical, then one with a third outlet."""
    from framing.pipeline.study import run

    root = tmp_path_factory.mktemp("study")
    for name, text in ARTICLES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    config = root / "study.toml"
    config.write_text(FAST_STUDY, encoding="utf-8")
    first = run(config, out=root / "runs").run_dir
    again = run(config, out=root / "runs").run_dir
    three = FAST_STUDY.replace(
        "[[actors]]", '[[outlets]]\nid = "c"\nname = "Outlet C"\nfiles = ["c/*.txt"]\n\n[[actors]]'
    )
    config.write_text(three, encoding="utf-8")
    more = run(config, out=root / "runs").run_dir
    assert first and again and more
    return {"first": first, "again": again, "more": more}


def changes_of(stdout: str) -> pl.DataFrame:
    return pl.read_csv(io.StringIO(stdout), schema=CHANGE_SCHEMA)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_identical_runs_have_no_changes(cli, runs) -> None:
    result = cli("compare", runs["first"], runs["again"], "--fail-on-change")
    assert result.exit_code == 0, result.stderr
    assert changes_of(result.stdout).is_empty()
    summary = result.stderr.strip().splitlines()
    assert "articles.csv: 2 rows aligned, 0 added, 0 removed, 0 values changed" in summary[0]
    assert summary[-1].startswith("overall: ") and "0 with changes" in summary[-1]


def test_added_outlet_shows_as_added_rows(cli, runs, tmp_path: Path) -> None:
    out = tmp_path / "changes.csv"
    result = cli("compare", runs["first"], runs["more"], "--fail-on-change", "--out", out)
    assert result.exit_code == 1
    changes = changes_of(result.stdout)
    assert out.read_text(encoding="utf-8") == result.stdout
    added = changes.filter(pl.col("change") == "row_added")
    keys = [json.loads(k) for k in added["key"]]
    assert {"outlet": "c", "article_id": "three"} in keys
    assert {"outlet": "c"} in keys
    assert all(k["outlet"] == "c" for k in keys)
    # Outlets a and b are untouched (one-vs-rest comparisons may move); only the
    # config hash differs in the manifest.
    values = changes.filter(pl.col("change") == "value")
    own = ("articles.csv", "sentences.csv", "outlets.csv", "lexicon_hits.csv")
    assert values.filter(pl.col("table").is_in(own)).is_empty()
    manifest = changes.filter(pl.col("table") == "manifest.json")
    assert manifest["column"].to_list() == ["config_hash"]
    assert "outlets.csv: 2 rows aligned, 1 added, 0 removed" in result.stderr
    assert "config_hash differs" in result.stderr and "informational" in result.stderr


def test_without_fail_on_change_exit_is_0(cli, runs) -> None:
    result = cli("compare", runs["first"], runs["more"])
    assert result.exit_code == 0
    assert "row_added" in result.stdout


def test_table_only_in_one_run(runs, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "run"
    shutil.copytree(runs["first"], copy)
    (copy / "lexicon_hits.csv").unlink()
    write(copy / "extra.csv", "name,value\nx,1\n")
    comparison = compare_paths(runs["first"], copy)
    kinds = dict(comparison.changes.select("table", "change").iter_rows())
    assert kinds == {"lexicon_hits.csv": "table_removed", "extra.csv": "table_added"}
    assert comparison.changed
    lines = comparison.summary_lines()
    assert "extra.csv: only in B (1 row; table added)" in lines
    assert "1 table added, 1 removed" in lines[-1]


def test_numbers_compare_as_numbers(tmp_path: Path) -> None:
    a = write(tmp_path / "a" / "outlets.csv", "outlet,x,y\np,1,2.5\nq,NaN,\n")
    b = write(tmp_path / "b" / "outlets.csv", "outlet,x,y\np,1.0,2.50\nq,NaN,\n")
    comparison = compare_paths(a, b)
    assert comparison.changes.is_empty()
    assert not comparison.changed


def test_nan_against_number_and_missing_is_a_change(tmp_path: Path) -> None:
    a = write(tmp_path / "a.csv", "outlet,x\np,NaN\nq,\nr,1\n")
    b = write(tmp_path / "b.csv", "outlet,x\np,0.5\nq,2\nr,\n")
    changes = compare_paths(a, b).changes
    assert changes["a"].to_list() == ["NaN", None, "1"]
    assert changes["b"].to_list() == ["0.5", "2", None]
    assert changes["abs_change"].to_list()[1:] == [None, None]


def test_tolerance_is_absolute(tmp_path: Path) -> None:
    a = write(tmp_path / "a.csv", "outlet,score\np,0.50\nq,10\nr,0\n")
    b = write(tmp_path / "b.csv", "outlet,score\np,0.505\nq,10.2\nr,0.001\n")
    exact = compare_paths(a, b).changes
    assert exact.height == 3
    loose = compare_paths(a, b, tolerance=0.01).changes
    assert loose["key"].to_list() == ['{"outlet":"q"}']
    row = loose.row(0, named=True)
    assert row["abs_change"] == pytest.approx(0.2)
    assert row["rel_change"] == pytest.approx(0.02)
    # A change from 0 has no relative change.
    assert exact.filter(pl.col("a") == "0")["rel_change"].to_list() == [None]


def test_tolerance_on_the_command_line(cli, tmp_path: Path) -> None:
    a = write(tmp_path / "a.csv", "outlet,score\np,0.50\n")
    b = write(tmp_path / "b.csv", "outlet,score\np,0.505\n")
    assert cli("compare", a, b, "--fail-on-change").exit_code == 1
    result = cli("compare", a, b, "--fail-on-change", "--tolerance", "0.01")
    assert result.exit_code == 0
    assert "(tolerance 0.01)" in result.stderr


def test_strings_compare_as_written(tmp_path: Path) -> None:
    a = write(tmp_path / "a.csv", "outlet,title\np,'-dash\nq,Same\nr,\n")
    b = write(tmp_path / "b.csv", 'outlet,title\np,-dash\nq,Same\nr,""\n')
    changes = compare_paths(a, b, key=["outlet"]).changes
    assert changes.select("a", "b").rows() == [("'-dash", "-dash")]


def test_added_and_removed_columns(tmp_path: Path) -> None:
    a = write(tmp_path / "a.csv", "outlet,old,x\np,1,2\n")
    b = write(tmp_path / "b.csv", "outlet,x,new\np,2,3\n")
    comparison = compare_paths(a, b)
    assert comparison.changes.select("change", "column").rows() == [
        ("column_removed", "old"),
        ("column_added", "new"),
    ]
    assert comparison.changed
    assert "columns added: new; columns removed: old" in comparison.summary_lines()[0]


def test_rows_added_and_removed(tmp_path: Path) -> None:
    a = write(tmp_path / "terms.csv", "outlet,term,count\np,war,3\np,peace,1\n")
    b = write(tmp_path / "new" / "terms.csv", "outlet,term,count\np,war,4\nq,talks,2\n")
    comparison = compare_paths(a, b)
    rows = comparison.changes.select("change", "key", "column", "a", "b").rows()
    assert rows == [
        ("row_removed", '{"outlet":"p","term":"peace"}', None, None, None),
        ("row_added", '{"outlet":"q","term":"talks"}', None, None, None),
        ("value", '{"outlet":"p","term":"war"}', "count", "3", "4"),
    ]
    assert comparison.summary_lines()[0] == (
        "terms.csv: 1 row aligned, 1 added, 1 removed, 1 value changed in 1 column "
        "(key: outlet, term)"
    )


def test_repeated_keys_get_an_ordinal(tmp_path: Path) -> None:
    head = "outlet,article_id,paragraph,speaker\n"
    a = write(tmp_path / "quotes.csv", head + "p,1,0,Kim\np,1,0,Lee\n")
    b = write(tmp_path / "b" / "quotes.csv", head + "p,1,0,Kim\np,1,0,Park\np,1,0,Yoon\n")
    comparison = compare_paths(a, b)
    rows = comparison.changes.select("change", "key", "b").rows()
    assert rows == [
        ("row_added", '{"outlet":"p","article_id":"1","paragraph":"0","#":2}', None),
        ("value", '{"outlet":"p","article_id":"1","paragraph":"0","#":1}', "Park"),
    ]
    assert "+ order within key" in comparison.summary_lines()[0]


def test_unknown_table_key_from_leading_strings_or_row_number(tmp_path: Path) -> None:
    a = read_table(write(tmp_path / "a.csv", "group,label,n\nx,y,1\n"))
    summary, _ = compare_frames(a, a, table="custom.csv")
    assert summary.key == ("group", "label")
    assert "leading string columns group, label" in summary.line()
    numbers = read_table(write(tmp_path / "n.csv", "n,m\n1,2\n3,4\n"))
    summary, _ = compare_frames(numbers, numbers.head(1), table="numbers.csv")
    assert summary.key == () and "(key: row number)" in summary.line()
    assert summary.removed == 1


def test_key_option(cli, tmp_path: Path) -> None:
    a = write(tmp_path / "a.csv", "id,label,n\n1,x,5\n2,y,6\n")
    b = write(tmp_path / "b.csv", "id,label,n\n2,y,6\n1,x,7\n")
    result = cli("compare", a, b, "--key", "id")
    assert result.exit_code == 0
    changes = changes_of(result.stdout)
    assert changes.select("key", "column", "a", "b").rows() == [('{"id":"1"}', "n", "5", "7")]
    assert "(key: --key id)" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{}/missing.csv", "{}/b.csv"], "missing.csv: no such file or run directory"),
        (["{}/run", "{}/b.csv"], "cannot compare run directory"),
        (["{}/a.csv", "{}/b.csv", "--key", "nope"], "--key: column 'nope' is not in"),
        (["{}/a.csv", "{}/b.csv", "--tolerance", "-1"], "--tolerance: -1.0 must be a number >= 0"),
        (["{}/empty", "{}/run"], "empty: not a run directory"),
    ],
    ids=["missing-path", "dir-vs-csv", "bad-key", "negative-tolerance", "not-a-run"],
)
def test_bad_arguments_exit_2(cli, tmp_path: Path, args: list[str], message: str) -> None:
    write(tmp_path / "a.csv", "outlet,x\np,1\n")
    write(tmp_path / "b.csv", "outlet,x\np,1\n")
    write(tmp_path / "run" / "articles.csv", "outlet,x\np,1\n")
    (tmp_path / "empty").mkdir()
    result = cli("compare", *(arg.format(tmp_path) for arg in args))
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0], result.stderr


def test_compare_frames_raises_config_error_for_key() -> None:
    frame = pl.DataFrame({"outlet": ["p"]})
    with pytest.raises(ConfigError, match="--key: column 'x' is not in A"):
        compare_frames(frame, frame, table="t.csv", key=("x",))


def test_changes_csv_is_formula_safe_but_keeps_numbers(tmp_path: Path) -> None:
    a = write(tmp_path / "a.csv", "outlet,label,x\np,=1+1,-0.25\n")
    b = write(tmp_path / "b.csv", "outlet,label,x\np,@cmd,-0.5\n")
    changes = compare_paths(a, b, key=["outlet"]).changes
    text = changes_csv(changes)
    assert text.splitlines()[1:] == [
        'a.csv,value,"{""outlet"":""p""}",label,\'=1+1,\'@cmd,,',
        'a.csv,value,"{""outlet"":""p""}",x,-0.25,-0.5,-0.25,-1.0',
    ]
    assert changes_view(changes, limit=1).row_count == 1


def test_docs_list_every_key() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "compare.md").read_text("utf-8")
    for table, key in table_keys().items():
        assert f"| `{table}.csv` | `{', '.join(key)}`" in doc, table
