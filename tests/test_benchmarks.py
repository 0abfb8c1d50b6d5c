"""Smoke tests of benchmarks/: the generator, and that each script runs and prints its lines.

Tiny sizes; one real `framing run` child process (bench_features, --jobs 1). bench_scale's
pipeline runs are replaced by canned measurements, so its test checks the arithmetic
and the printed verdicts, not the pipeline.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import bench_common as common  # noqa: E402
import bench_features  # noqa: E402
import bench_models_scale  # noqa: E402
import bench_scale  # noqa: E402
import bench_stages  # noqa: E402
import generate_corpus  # noqa: E402


def test_generator_is_deterministic_and_news_shaped(tmp_path: Path) -> None:
    first = generate_corpus.generate(24, outlets=3, seed=7, out=tmp_path / "a")
    second = generate_corpus.generate(24, outlets=3, seed=7, out=tmp_path / "b")
    files = sorted(first.parent.glob("outlet_*/*.txt"))
    assert len(files) == 24
    assert {f.parent.name for f in files} == {"outlet_00", "outlet_01", "outlet_02"}
    for path in files:
        twin = second.parent / path.relative_to(first.parent)
        assert path.read_bytes() == twin.read_bytes()
    # A larger corpus starts with the same articles.
    bigger = generate_corpus.generate(30, outlets=3, seed=7, out=tmp_path / "c")
    assert (bigger.parent / "outlet_01/a0000004.txt").read_bytes() == (
        first.parent / "outlet_01/a0000004.txt"
    ).read_bytes()
    assert generate_corpus.is_complete(first.parent, 24, 3, 7)
    assert not generate_corpus.is_complete(first.parent, 25, 3, 7)

    texts = [f.read_text(encoding="utf-8") for f in files]
    for text in texts:
        headline, blank, body = text.partition("\n\n")
        assert blank and headline and "\n" not in headline
        assert headline[-1] not in ".,;:"
        assert 150 <= len(body.split()) <= 2700
        assert all(p and p == p.strip() for p in body.strip().split("\n\n"))
    joined = "".join(texts)
    for mark in ("“", "”", '"', " said", "?", ","):
        assert mark in joined
    assert re.search(r"\d", joined)


def test_pipeline_scores_exactly_the_file_body(tmp_path: Path) -> None:
    # The values check compares textstat on the file's body with articles.csv: that
    # needs the study's cleaning to leave generated bodies untouched.
    from framing.config import load_study
    from framing.corpus import load_corpus

    config = generate_corpus.generate(30, outlets=3, seed=11, out=tmp_path)
    corpus = load_corpus(load_study(config))
    assert corpus.batch.articles.height == 30
    for row in corpus.batch.articles.iter_rows(named=True):
        raw = (tmp_path / row["outlet"] / f"{row['article_id']}.txt").read_text(encoding="utf-8")
        headline, _, body = raw.partition("\n\n")
        assert row["title"] == headline
        assert row["text"] == body.strip()


def test_tree_poller_sums_a_process_and_its_children() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(2)"])
    try:
        time.sleep(0.2)
        poller = common.TreePoller(os.getpid())
        poller.sample()
        assert child.pid in common.process_tree(os.getpid())
        assert poller.memory.peak_processes >= 2
        assert poller.memory.peak_rss > 10 * common.MB
    finally:
        child.kill()
        child.wait()


@pytest.mark.slow
def test_bench_features_prints_rates_ratio_memory_and_parity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--articles", "12", "--outlets", "3", "--sample", "6", "--jobs", "1"]
    code = bench_features.main([*args, "--data", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert re.search(
        r"^naive: [\d.]+ articles/s  pipeline\((--jobs 1|no --jobs flag yet)\): [\d.]+ articles/s"
        r"  ratio: [\d.]+x  peak RSS: \d+ MB",
        out,
        re.MULTILINE,
    ), out
    assert re.search(
        r"^identical values \(6 articles\): readability max \|diff\| 0\.0e\+00", out, re.M
    )
    assert "(tolerance 1e-9)" in out and ": yes" in out


def test_bench_scale_prints_rates_and_verdicts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    measured = {5: (2.0, 500), 10: (4.4, 900)}  # size: (seconds, peak RSS in MB)

    def fake_run(config: Path, articles: int, *, jobs: int) -> common.PipelineRun:
        assert config.is_file() and jobs == 2
        seconds, rss = measured[articles]
        memory = common.TreeMemory(
            peak_rss=rss * common.MB, peak_pss=rss * common.MB, peak_processes=3
        )
        run_dir = tmp_path / "out" / "study" / "run"
        return common.PipelineRun(articles, seconds, memory, ["python", "-m", "framing"], run_dir)

    monkeypatch.setattr(bench_scale, "run_pipeline", fake_run)
    code = bench_scale.main(["--sizes", "10,5", "--outlets", "2", "--data", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert "5 articles: pipeline(--jobs 2): 2.5 articles/s" in out
    assert "10 articles: pipeline(--jobs 2): 2.3 articles/s" in out
    assert "10 vs 5: throughput ratio 0.91 (target >= 0.85: met)" in out
    assert "10 vs 5: peak RSS ratio 1.80 (target <= 1.50: NOT met); peak RSS 900 MB" in out


def test_bench_models_scale_measures_fit_all_on_lazy_parts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One real models-off run kept beside the corpus, then `fit_all` in a child on its
    lazy parts (and, with --eager, on the collected table): the same units and sample."""
    code = bench_models_scale.main(
        ["--sizes", "12", "--outlets", "3", "--data", str(tmp_path), "--eager"]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert len(list(tmp_path.glob("*/run-models-off/*/*/parts/sentences/*.parquet"))) >= 1
    lines = [line for line in out.splitlines() if " articles, " in line]
    assert [line.split()[0] for line in lines] == ["lazy", "eager"]
    for line in lines:
        assert re.search(r"12 articles, +[\d,]+ sentences, sample [\d,]+: prepare", line), line
        assert re.search(r"RSS [\d,]+ MB before, peak [\d,]+ MB", line), line
    assert lines[0].split(":")[0].split()[1:] == lines[1].split(":")[0].split()[1:]


def test_bench_stages_prints_cpu_per_stage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--articles", "12", "--chunk", "4", "--outlets", "3", "--naive", "3"]
    code = bench_stages.main([*args, "--data", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert re.search(
        r"^CPU ms/article: segment [\d.]+, lexical [\d.]+, readability [\d.]+, sentiment [\d.]+;"
        r" total [\d.]+$",
        out,
        re.M,
    ), out
    assert re.search(
        r"^naive loop CPU ms/article \(3 articles\): textstat 13 functions [\d.]+,"
        r" vaderSentiment body \+ sentences [\d.]+$",
        out,
        re.M,
    ), out
