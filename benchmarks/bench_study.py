"""The whole default study against the naive features loop, on the same texts (issue 15).

    python benchmarks/bench_study.py [--real PATH] [--generated N] [--jobs 2]
                                     [--sample 400] [--no-example] [--no-real] [--keep]

For each corpus, in one run of this script:

(a) **naive**: `bench_features.naive_loop` (pandas + textstat + VADER per article, one
    process) over the corpus's article files, all of them (``--sample`` evenly spaced
    ones for the generated corpus, whose time is then scaled to all articles);
(b) **study**: ``framing run CONFIG --jobs J --no-cache --quiet --out TMP`` as one child
    process (`bench_common.run_pipeline`): every default family, the default
    ``[models]``, statistics, every table and the report;

and prints the study's wall time, its stages (the manifest's ``timings_seconds``), the
models' share of the wall time, the ratio study / naive, and the models' plan (the first
of the manifest's ``models.notes``).

Corpora:

* the example, ``configs/seoul_moscow_pyongyang.toml`` (5 articles) — target: the whole
  run within 5 s;
* the shared real articles (``--real``, default: ``shared/eval/polnear-dev/
  articles.jsonl.gz`` in the first folder above the repository that has it; 924 US
  political news articles from 7 outlets, research use only): read at run time, written
  as a temporary corpus table (``outlet, title, text, id``) with a default study config
  and one text file per article for the naive loop, in a temporary folder that is
  deleted afterwards — never in the repository. Targets: study <= 2x the naive loop,
  models <= 50% of the study's wall time;
* with ``--generated N``, N generated articles (`generate_corpus`, kept in
  ``benchmarks/_data/``), run as the default study (every family, default models) from
  a temporary config. 10,000 articles take minutes.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from bench_common import PipelineRun, cpu_use, machine_load, run_pipeline, stage_times
from bench_features import config_files, evenly_spaced, naive_loop
from generate_corpus import DATA_DIR, ensure_corpus
from real_corpus import default_real_path, real_corpus

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "configs" / "seoul_moscow_pyongyang.toml"
EXAMPLE_TARGET_SECONDS = 5.0
RATIO_TARGET = 2.0
MODELS_SHARE_TARGET = 0.5


@dataclass
class Measured:
    name: str
    articles: int
    naive_seconds: float
    naive_note: str
    study: PipelineRun

    @property
    def ratio(self) -> float:
        return self.study.seconds / self.naive_seconds

    @property
    def models_share(self) -> float:
        timings = self.study.manifest.get("timings_seconds") or {}
        return timings.get("models", 0.0) / self.study.seconds


def default_study_config(generated: Path, folder: Path) -> Path:
    """The generated corpus as the default study: its outlets (absolute globs) and
    actors, no [features] or [models] tables (so every default applies)."""
    import tomlkit

    study = tomllib.loads(generated.read_text(encoding="utf-8"))
    for outlet in study["outlets"]:
        outlet["files"] = [str(generated.parent / pattern) for pattern in outlet["files"]]
    keep = {k: study[k] for k in ("study", "outlets", "actors") if k in study}
    config = folder / "study.toml"
    config.write_text(tomlkit.dumps(keep), encoding="utf-8")
    return config


def measure(
    name: str, config: Path, files: list[tuple[str, str]], *, jobs: int, sample: int
) -> Measured:
    """Time the naive loop over `files` (or an evenly spaced sample, scaled up), then the
    whole study of `config`."""
    timed = evenly_spaced(files, sample) if sample else files
    _, seconds, cpu = naive_loop(timed)
    note = f"{len(timed):,} articles in {seconds:.1f} s wall ({cpu_use(cpu, seconds)})"
    if len(timed) < len(files):
        note += f", scaled to {len(files):,} articles"
        seconds *= len(files) / len(timed)
    study = run_pipeline(config, len(files), jobs=jobs)
    return Measured(name, len(files), seconds, note, study)


def report(m: Measured) -> list[str]:
    """The printed lines of one corpus, and its target verdicts."""
    run, timings = m.study, m.study.manifest.get("timings_seconds") or {}
    notes = (m.study.manifest.get("models") or {}).get("notes") or ["(models disabled)"]
    lines = [
        f"{m.name}: naive loop: {m.naive_note} -> {m.naive_seconds:.1f} s",
        f"{m.name}: study: {' '.join(['framing', *run.command[3:]])}",
        f"{m.name}: study: {m.articles:,} articles in {run.seconds:.1f} s wall"
        f" ({cpu_use(run.cpu_seconds, run.seconds)}); stages: {stage_times(run)};"
        f" models {timings.get('models', 0.0):.1f} s = {m.models_share:.0%} of the wall time",
        f"{m.name}: study / naive loop = {m.ratio:.2f}x",
        f"{m.name}: models plan: {notes[0]}",
    ]
    return lines


def verdicts(m: Measured) -> list[tuple[str, bool]]:
    if m.name == "example":
        return [
            (
                f"whole run <= {EXAMPLE_TARGET_SECONDS:.0f} s",
                m.study.seconds <= EXAMPLE_TARGET_SECONDS,
            )
        ]
    return [
        (f"study <= {RATIO_TARGET:.0f}x naive loop", m.ratio <= RATIO_TARGET),
        (f"models <= {MODELS_SHARE_TARGET:.0%} of wall", m.models_share <= MODELS_SHARE_TARGET),
    ]


def run_all(args: argparse.Namespace, folder: Path) -> list[Measured]:
    results = []
    if not args.no_example:
        results.append(measure("example", EXAMPLE, config_files(EXAMPLE), jobs=args.jobs, sample=0))
    if args.real is not None:
        (folder / "real").mkdir()
        config, files = real_corpus(args.real, folder / "real")
        results.append(measure("real", config, files, jobs=args.jobs, sample=0))
    if args.generated:
        generated = ensure_corpus(args.generated, data=args.data)
        (folder / "generated").mkdir()
        config = default_study_config(generated, folder / "generated")
        files = config_files(generated)
        name = f"generated-{args.generated}"
        results.append(measure(name, config, files, jobs=args.jobs, sample=args.sample))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--real",
        type=Path,
        default=default_real_path(),
        help="the shared real articles (.jsonl.gz); default: found above the repo",
    )
    parser.add_argument(
        "--generated",
        type=int,
        default=0,
        metavar="N",
        help="also N generated articles (10000 takes minutes; default: off)",
    )
    parser.add_argument("--jobs", type=int, default=2, help="framing run --jobs (default 2)")
    parser.add_argument(
        "--sample",
        type=int,
        default=400,
        help="generated corpus: articles timed in the naive loop (default 400)",
    )
    parser.add_argument("--no-example", action="store_true", help="skip the example study")
    parser.add_argument("--no-real", action="store_true", help="skip the real articles")
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="where corpora are kept")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    args = parser.parse_args(argv)  # fmt: skip
    if args.no_real:
        args.real = None
    elif args.real is not None and not args.real.is_file():
        parser.error(f"--real {args.real}: no such file")
    print(f"machine: {machine_load()} before the run")
    folder = Path(tempfile.mkdtemp(prefix="framing-bench-study-"))
    try:
        results = run_all(args, folder)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    met = True
    for m in results:
        print("\n".join(report(m)))
        checks = verdicts(m)
        met &= all(ok for _, ok in checks)
        print(
            f"{m.name}: targets: "
            + "; ".join(f"{t}: {'met' if ok else 'NOT met'}" for t, ok in checks)
        )
        if args.keep:
            print(f"{m.name}: run folder kept: {m.study.run_dir}")
        else:
            shutil.rmtree(m.study.run_dir.parent.parent, ignore_errors=True)
    print(f"machine: {machine_load()} after the run")
    summary = {m.name: {"study_s": round(m.study.seconds, 2), "ratio": round(m.ratio, 3),
                        "models_share": round(m.models_share, 3)} for m in results}  # fmt: skip
    print(f"summary: {json.dumps(summary)}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
