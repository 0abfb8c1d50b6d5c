"""Are the classifiers' permutation p-values valid when units are grouped? A simulation.

Shuffled-label datasets (no signal): sentences grouped by article, articles of 1 to 8
sentences, the outlets shuffled among the articles; and sentences grouped by outlet,
12 outlets of 1 to 5 articles, a 3-valued label shuffled among the outlets. Prints, per
permutation test (naive Bayes on tf-idf and LDA on style: `feature_set_p`; naive Bayes'
own test on style: `permutation_p`), how many datasets give p <= 0.05. A valid test
rejects about 5%. The datasets are `tests/test_models_speed.py`'s `null_rejections`.
Every dataset has the same study seed, so the same folds and draws; with --fresh-seeds
dataset i has seed 1001 + i, and the datasets share only their texts.
Usage: .venv/bin/python benchmarks/models_null.py [DATASETS] [article|outlet] [--fresh-seeds]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

# The datasets live with the tests that bound them; run from anywhere.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.test_models_speed import null_rejections


def main(
    datasets: int = 200,
    nestings: tuple[str, ...] = ("article", "outlet"),
    *,
    fresh_seeds: bool = False,
) -> None:
    sd = (0.05 * 0.95 / datasets) ** 0.5
    print(
        f"datasets: {datasets}; a valid test: about {0.05 * datasets:.0f} (sd {sd * datasets:.1f})"
    )
    for nesting in nestings:
        start = time.perf_counter()
        counts = null_rejections(datasets, nesting, fresh_seeds=fresh_seeds)
        shares = ", ".join(f"{name} {n} ({n / datasets:.1%})" for name, n in counts.items())
        print(f"grouped by {nesting}: p <= 0.05 in {shares}  [{time.perf_counter() - start:.0f} s]")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--fresh-seeds"]
    count = int(args[0]) if args else 200
    main(count, tuple(args[1:]) or ("article", "outlet"), fresh_seeds="--fresh-seeds" in sys.argv)
