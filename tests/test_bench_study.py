"""Smoke test of benchmarks/bench_study.py on a tiny stand-in for the real articles:
the temporary corpus table, the naive loop and the study run, and what it prints."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest

from tests.test_models import synthetic_texts

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import bench_study  # noqa: E402


def test_bench_study_runs_on_a_tiny_real_like_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "articles.jsonl.gz"
    rows = []
    for outlet, article_id, body in synthetic_texts(articles=3, sentences=6):
        title = f"A headline from {outlet}"
        text = f"{title}.\n{body}"
        rows.append(
            {"outlet": outlet.title(), "article_id": article_id, "split": "dev", "date": "",
             "title": title, "body_start": len(title) + 2, "text": text}
        )  # fmt: skip
    with gzip.open(source, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(json.dumps(r) for r in rows) + "\n")

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
