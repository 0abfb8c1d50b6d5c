"""Cross-validation plans: which folds, grouped how, and why.

Grouping keeps every unit of one article (or one outlet) on one side of each
fold, so a model cannot score by recognising an article it saw in training.
`plan_cv` decides from the data and `[models]`:

* ``unit = article``: no grouping is needed (each unit is its own article).
* ``group = auto`` / ``article`` with a smaller unit: stratified group K-fold by
  article when every class has at least `MIN_GROUPS_PER_CLASS` articles; with
  ``auto`` and fewer, it falls back to stratified folds of units and says so.
* ``group = outlet`` (label targets only): stratified group K-fold by outlet, so
  test outlets are never seen in training.
* ``group = none``: stratified K-fold of units.

Folds shrink to the size of the smallest class (counted in groups when grouped).
A target with one class, or a class with fewer than two items, raises `Skip`.

The permutation tests have folds of their own when grouped (`CVPlan.tests`):
`label_free_folds` deals the same groups into as many folds without looking at a
label, because stratified folds are balanced for the observed labelling and a shuffled
one is not (docs/models.md, Permutation tests). Ungrouped, the tests use the CV folds.

Above ``[models] max_units`` units, `stratified_sample` picks the units the models
see: each class keeps its share of the sample (largest remainder), and at least
`MIN_PER_CLASS_IN_SAMPLE` units (all of them when it has fewer); within a class, units
are drawn uniformly without replacement, from a stream seeded by the study seed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import polars as pl

from framing.corpus import KEY

from .data import TARGET

MIN_GROUPS_PER_CLASS = 2
MIN_PER_CLASS_IN_SAMPLE = 20
# Random streams of the sample and of the tests' folds, separate from the CV folds'
# and the permutations'.
SAMPLE_STREAM = 1
TEST_FOLDS_STREAM = 2
Split = tuple[np.ndarray, np.ndarray]


class Skip(Exception):
    """A model cannot be evaluated honestly on this data; the message says why."""


@dataclass(frozen=True)
class CVPlan:
    splits: tuple[Split, ...]
    folds: int
    # "article", "outlet" or "none".
    grouping: str
    # Human-readable caveats (fallbacks, shrunk folds); "" when there are none.
    note: str
    # Integer code per unit: labels are permuted among these blocks (see `permutation_blocks`).
    blocks: np.ndarray
    block_unit: str
    # The permutation tests' folds: label-free group folds when grouped, else `splits`.
    test_splits: tuple[Split, ...] = ()

    @property
    def tests(self) -> CVPlan:
        """This plan with the permutation tests' folds as its splits: the observed
        statistic and every draw of a test are computed on these."""
        return replace(self, splits=self.test_splits or self.splits)

    @property
    def separate_tests(self) -> bool:
        """Whether the tests' folds differ from the CV folds (grouped plans)."""
        return bool(self.test_splits) and self.test_splits is not self.splits


def _codes(frame: pl.DataFrame, columns: list[str]) -> np.ndarray:
    """Dense integer code per distinct combination of `columns` (codes in sorted order)."""
    keys = frame.select(
        pl.concat_str([pl.col(c).cast(pl.String) for c in columns], separator="\x00")
    )
    return keys.to_series().rank("dense").cast(pl.Int64).to_numpy() - 1


def _min_count(labels: np.ndarray, blocks: np.ndarray) -> tuple[str, int]:
    """The class with the fewest distinct blocks, and that count."""
    pairs = pl.DataFrame({"label": labels, "block": blocks}).unique()
    counts = pairs.group_by("label").len().sort("len", "label")
    return counts["label"][0], int(counts["len"][0])


def _constant_within(labels: np.ndarray, blocks: np.ndarray) -> bool:
    frame = pl.DataFrame({"label": labels, "block": blocks})
    return bool(frame.group_by("block").agg(pl.col("label").n_unique())["label"].max() == 1)


def permutation_blocks(frame: pl.DataFrame, *, grouping: str) -> tuple[np.ndarray, str]:
    """The coarsest blocks within which the label is constant: the CV groups when
    grouped, else articles, else single units. Permuting labels among blocks keeps
    the dependence between units of one article in the null distribution."""
    labels = frame[TARGET].to_numpy()
    candidates = [(["outlet"], "outlet")] if grouping == "outlet" else []
    candidates += [(KEY, "article")] if grouping in ("outlet", "article") else []
    for columns, name in candidates:
        codes = _codes(frame, columns)
        if _constant_within(labels, codes):
            return codes, name
    return np.arange(frame.height), "unit"


def _grouping(
    frame: pl.DataFrame, labels: np.ndarray, *, unit: str, target: str, group: str
) -> tuple[str, np.ndarray | None, tuple[str, int] | None, list[str]]:
    """(grouping, group code per unit or None, (class with the fewest groups, their
    count) when grouped, notes); raises `Skip` when `group` cannot be honoured."""
    if unit != "article" and group in ("auto", "article"):
        codes = _codes(frame, KEY)
        cls, n_groups = _min_count(labels, codes)
        if n_groups >= MIN_GROUPS_PER_CLASS:
            return "article", codes, (cls, n_groups), []
        if group == "article":
            raise Skip(
                f"group = article needs {MIN_GROUPS_PER_CLASS} articles per class; class {cls!r} has "
                f"{n_groups}. Use group = auto or none to fold {unit}s instead"
            )
        return "none", None, None, [
            f"not grouped: class {cls!r} has {n_groups} article(s), so {unit}s of one article appear "
            "on both sides of a fold; scores measure the style and topic of those articles, not the outlet"
        ]  # fmt: skip
    if group == "outlet":
        if target == "outlet":
            raise Skip(
                "group = outlet with target = outlet: no test outlet would be seen in training"
            )
        codes = _codes(frame, ["outlet"])
        cls, n_groups = _min_count(labels, codes)
        if n_groups < MIN_GROUPS_PER_CLASS:
            raise Skip(
                f"group = outlet needs {MIN_GROUPS_PER_CLASS} outlets per class; {cls!r} has {n_groups}"
            )
        return "outlet", codes, (cls, n_groups), []
    return "none", None, None, ["not grouped: the unit is the article"] if unit == "article" else []


def plan_cv(
    frame: pl.DataFrame, *, unit: str, target: str, group: str, folds: int, seed: int
) -> CVPlan:
    """Splits for `frame` (rows = units, label in `TARGET`); raises `Skip` when impossible."""
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

    labels = frame[TARGET].to_numpy()
    classes = np.unique(labels)
    if classes.size < 2:
        only = f" ({classes[0]!r})" if classes.size else ""
        raise Skip(f"target {target!r} has a single class{only}; nothing to distinguish")
    smallest, n_smallest = _min_count(labels, np.arange(labels.size))
    if n_smallest < 2:
        raise Skip(f"class {smallest!r} has {n_smallest} {unit}; every class needs at least 2")
    grouping, groups, fewest, notes = _grouping(
        frame, labels, unit=unit, target=target, group=group
    )
    if fewest is not None:
        smallest, n_smallest = fewest
    k = min(folds, n_smallest)
    if k < folds:
        what = {"none": unit, "article": "article", "outlet": "outlet"}[grouping]
        notes.append(
            f"folds shrunk from {folds} to {k}: class {smallest!r} has {n_smallest} {what}(s)"
        )
    placeholder = np.zeros((labels.size, 1))
    if groups is None:
        splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
        splits = splitter.split(placeholder, labels)
    else:
        splitter = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed)
        splits = splitter.split(placeholder, labels, groups)
    blocks, block_unit = permutation_blocks(frame, grouping=grouping)
    cv_splits = tuple((train, test) for train, test in splits)
    return CVPlan(
        splits=cv_splits,
        folds=k,
        grouping=grouping,
        note="; ".join(notes),
        blocks=blocks,
        block_unit=block_unit,
        test_splits=cv_splits if groups is None else label_free_folds(groups, k, seed=seed),
    )


def label_free_folds(groups: np.ndarray, k: int, *, seed: int) -> tuple[Split, ...]:
    """`k` (train, test) splits of whole groups that depend on the groups and the seed
    only, never on a label: the groups in a seeded random order, then, largest first
    (ties in that order), each into the fold with the fewest units so far, as
    scikit-learn's GroupKFold balances them. Under the null, labels shuffled among
    the groups leave these folds unchanged, so the observed labelling and every draw
    are scored on the same folds."""
    codes, sizes = np.unique(groups, return_counts=True)
    order = np.random.default_rng([seed, TEST_FOLDS_STREAM]).permutation(codes.size)
    order = order[np.argsort(-sizes[order], kind="stable")]
    fold_of_group = np.empty(codes.size, dtype=np.int64)
    units = np.zeros(k, dtype=np.int64)
    for g in order:
        fold = int(np.argmin(units))
        fold_of_group[g] = fold
        units[fold] += sizes[g]
    fold_of_unit = fold_of_group[np.searchsorted(codes, groups)]
    everything = np.arange(groups.size)
    return tuple((everything[fold_of_unit != f], everything[fold_of_unit == f]) for f in range(k))


def stratified_sample(labels: np.ndarray, size: int, *, seed: int) -> np.ndarray:
    """Sorted row indices of a class-stratified sample of about `size` rows (see module doc)."""
    classes, inverse = np.unique(labels, return_inverse=True)
    return sample_by_class(inverse, classes.size, size, seed=seed)


def sample_by_class(codes: np.ndarray, n_classes: int, size: int, *, seed: int) -> np.ndarray:
    """`stratified_sample` from each row's class code (0 .. `n_classes` - 1, classes in
    sorted order as `np.unique` numbers them): the same rows, without a label array."""
    counts = np.bincount(codes, minlength=n_classes)
    quota = counts * size / codes.size
    take = np.floor(quota).astype(np.int64)
    # Largest remainders get the rows left over; ties go to the first class.
    order = np.lexsort((np.arange(n_classes), -(quota - take)))
    take[order[: size - int(take.sum())]] += 1
    take = np.minimum(np.maximum(take, MIN_PER_CLASS_IN_SAMPLE), counts)
    rng = np.random.default_rng([seed, SAMPLE_STREAM])
    chosen = [
        rng.choice(np.flatnonzero(codes == c), size=int(take[c]), replace=False)
        for c in range(n_classes)
    ]
    return np.sort(np.concatenate(chosen))
