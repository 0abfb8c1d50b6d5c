"""Smoke test of benchmarks/bench_study.py on a tiny stand-in for the real articles:
the temporary corpus table, the naive loop and the study run, and what it prints."""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

import pytest

from tests.test_models import synthetic_texts

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import bench_features  # noqa: E402
import bench_study  # noqa: E402
from real_corpus import real_corpus  # noqa: E402


def real_like_articles(path: Path) -> Path:
    """9 made-up articles in the shared real articles' format (3 outlets); one body
    has a no-break space, which the study reads as a space."""
    rows = []
    for outlet, article_id, body in synthetic_texts(articles=3, sentences=6):
        title = f"A headline from {outlet}"
        text = f"{title}.\n{body}".replace(" ", "\u00a0", 1)
        rows.append(
            {"outlet": outlet.title(), "article_id": article_id, "split": "dev", "date": "",
             "title": title, "body_start": len(title) + 2, "text": text}
        )  # fmt: skip
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


def test_bench_study_runs_on_a_tiny_real_like_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = real_like_articles(tmp_path / "articles.jsonl.gz")
    code = bench_study.main(["--no-example", "--real", str(source), "--jobs", "1"])
    out = capsys.readouterr().out
    assert "real: naive loop: 9 articles" in out
    assert "real: study: 9 articles in" in out and "models " in out
    assert "real: models plan: plan: " in out
    assert "real: targets: study <= 2x naive loop:" in out
    summary = json.loads(out.strip().splitlines()[-1].removeprefix("summary: "))
    assert set(summary) == {"real"} and summary["real"]["study_s"] > 0
    assert code in (0, 1)  # tiny corpora do not meet the targets; the run must finish


def test_default_real_path_is_found_above_the_repository() -> None:
    found = bench_study.default_real_path()
    assert found is None or found.name == "articles.jsonl.gz"


@pytest.mark.slow
def test_bench_features_on_repeated_real_like_articles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--real --repeat 2: 18 articles under distinct outlets and ids, the naive loop's
    values equal to the families' (the bodies are the text the study reads)."""
    source = real_like_articles(tmp_path / "articles.jsonl.gz")
    args = ["--real", str(source), "--repeat", "2", "--sample", "0", "--jobs", "1"]
    code = bench_features.main(args)
    out = capsys.readouterr().out
    assert code == 0, out
    assert "corpus: 18 real articles" in out
    assert "pipeline: 18 articles in" in out
    assert "targets: ratio >= 12 (issue 15)" in out
    assert re.search(r"^CPU per article: naive [\d.]+ ms, pipeline", out, re.MULTILINE)
    assert re.search(r"identical values \(18 articles\): .*: yes", out)


def test_repeated_real_articles_get_distinct_outlets_and_ids(tmp_path: Path) -> None:
    import polars as pl

    source = real_like_articles(tmp_path / "articles.jsonl.gz")
    config, files = real_corpus(source, tmp_path, repeat=3)
    table = pl.read_parquet(tmp_path / "articles.parquet")
    assert table.height == len(files) == 27 and table["id"].n_unique() == 27
    assert table["outlet"].n_unique() == 9 and table["text"].n_unique() == 9
    assert table.select("title", "text").n_unique() == 27  # distinct inputs, no reuse
    assert "[models]" not in config.read_text(encoding="utf-8")
