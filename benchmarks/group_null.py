"""Are group p-values valid when articles are nested in outlets? A simulation.

Ten outlets with real differences between them (outlet effect sd 1, article noise sd
1, 20 articles each) are split 5 against 5 at random, so group labels carry no
information. Prints the share of splits with p ≤ 0.05 for framing's test (outlets
permuted between the groups: exact over all 252 assignments, and with 60 random
ones) and for the naive test that permutes articles as if they were independent.
A valid test rejects about 5%. Usage: .venv/bin/python benchmarks/group_null.py [TRIALS]
"""

from __future__ import annotations

import sys

import numpy as np

from framing.stats.nested import outlet_permutation


def main(trials: int = 1000) -> None:
    rng = np.random.default_rng(11)
    exact = sampled = naive = 0
    for trial in range(trials):
        articles = rng.normal(0, 1, 10)[None, :] + rng.normal(0, 1, (20, 10))
        means = articles.mean(axis=0)[:, None]
        inside = rng.permutation(np.repeat([True, False], 5))
        test = outlet_permutation(means, inside, permutations=2000, seed=trial, keys=("null",))
        exact += test.p_value[0] <= 0.05
        test = outlet_permutation(means, inside, permutations=60, seed=trial, keys=("null",))
        sampled += test.p_value[0] <= 0.05
        values, labels = articles.T.ravel(), np.repeat(inside, 20)
        observed = abs(values[labels].mean() - values[~labels].mean())
        shuffled = (rng.permutation(labels) for _ in range(199))
        extreme = sum(abs(values[s].mean() - values[~s].mean()) >= observed for s in shuffled)
        naive += (extreme + 1) / 200 <= 0.05
    sd = (0.05 * 0.95 / trials) ** 0.5
    print(f"splits: {trials}; rejection rate at 0.05 (a valid test: about 0.05 ± {sd:.3f})")
    print(f"outlets permuted, exact (252 assignments): {exact / trials:.3f}")
    print(f"outlets permuted, 60 random assignments:   {sampled / trials:.3f}")
    print(f"articles permuted (ignores nesting):        {naive / trials:.3f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
