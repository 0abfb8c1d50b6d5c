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
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from framing.corpus import KEY

from .data import TARGET

MIN_GROUPS_PER_CLASS = 2
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

    notes: list[str] = []
    grouping = "none"
    groups: np.ndarray | None = None
    if unit != "article" and group in ("auto", "article"):
        codes = _codes(frame, KEY)
        cls, n_groups = _min_count(labels, codes)
        if n_groups >= MIN_GROUPS_PER_CLASS:
            grouping, groups, smallest, n_smallest = "article", codes, cls, n_groups
        elif group == "article":
            raise Skip(
                f"group = article needs {MIN_GROUPS_PER_CLASS} articles per class; class {cls!r} has "
                f"{n_groups}. Use group = auto or none to fold {unit}s instead"
            )
        else:
            notes.append(
                f"not grouped: class {cls!r} has {n_groups} article(s), so {unit}s of one article appear "
                "on both sides of a fold; scores measure the style and topic of those articles, not the outlet"
            )
    elif group == "outlet":
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
        grouping, groups, smallest, n_smallest = "outlet", codes, cls, n_groups
    elif unit == "article":
        notes.append("not grouped: the unit is the article")

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
    return CVPlan(
        splits=tuple((train, test) for train, test in splits),
        folds=k,
        grouping=grouping,
        note="; ".join(notes),
        blocks=blocks,
        block_unit=block_unit,
    )
