"""Per-outlet statistics and outlet comparisons (docs/stats.md).

``outlet_stats``: for every outlet × numeric article-level feature, the outlet's
value with a 95% percentile-bootstrap confidence interval. ``comparisons``: each
outlet against the rest of the corpus (and, with ``[stats] pairwise = true``, every
pair of outlets): difference, Cohen's d, two-sided permutation p-value and
Benjamini–Hochberg q-value.

The unit resampled is the article when an outlet has at least ``[stats]
min_articles`` articles. Below that, it is the body sentence, for the features that
are a mean or a ratio of sums of a sentence-level column (``counterparts``); the
other features get no interval. Every random draw comes from a stream keyed by the
study seed and the names involved (``stream``), so reruns are byte-identical.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import polars as pl

from framing.config import Study
from framing.features import Counterpart, Family

LEVEL = 0.95
ARTICLE_TOTALS = ("n_words", "n_sentences")
# Elements of the largest temporary array (resamples × rows) built at once.
CHUNK_ELEMENTS = 1 << 21
# Columns per block in sparse products (see `_column_blocks`).
BLOCK = 16

STATS_SCHEMA = {
    "outlet": pl.String,
    "feature": pl.String,
    "unit": pl.String,
    "n": pl.Int64,
    "mean": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
    "se": pl.Float64,
    "resamples": pl.Int64,
    "basis": pl.String,
    "note": pl.String,
}
COMPARISON_SCHEMA = {
    "outlet": pl.String,
    "versus": pl.String,
    "feature": pl.String,
    "unit": pl.String,
    "n": pl.Int64,
    "n_versus": pl.Int64,
    "mean": pl.Float64,
    "mean_versus": pl.Float64,
    "difference": pl.Float64,
    "effect_size": pl.Float64,
    "effect_size_kind": pl.String,
    "p_value": pl.Float64,
    "q_value": pl.Float64,
    "permutations": pl.Int64,
    "note": pl.String,
}


# --------------------------------------------------------------------------- streams


def stream(seed: int, *keys: str) -> np.random.Generator:
    """A generator keyed by the seed and names: sha256, never Python's ``hash()``."""
    text = "\x1f".join([str(seed), *keys])
    entropy = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "little")
    return np.random.default_rng(np.random.SeedSequence(entropy))


def _mask_key(mask: np.ndarray) -> str:
    """A stable name for a set of rows (which values are present)."""
    packed = np.packbits(mask.astype(bool)).tobytes()
    return f"{mask.size}:{hashlib.sha256(packed).hexdigest()[:16]}"


# ------------------------------------------------------------------ numeric kernels


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den elementwise, NaN where den is 0 (no warning)."""
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=den != 0)
    return out


def bootstrap(
    num: np.ndarray,
    den: np.ndarray | None,
    *,
    resamples: int,
    rng: np.random.Generator,
    scale: float = 1.0,
) -> np.ndarray:
    """Bootstrap distribution of ``scale * sum(num) / sum(den)`` (the mean if `den` is None).

    `num` and `den` are (rows × features) without missing values; every feature is
    resampled with the same row draws. Returns (resamples × features). The draws
    depend only on `rng`, the number of rows and `resamples`.
    """
    n = num.shape[0]
    chunk = max(1, min(resamples, CHUNK_ELEMENTS // max(n, 1)))
    out = np.empty((resamples, num.shape[1]))
    for start in range(0, resamples, chunk):
        size = min(chunk, resamples - start)
        draws = rng.integers(0, n, size=(size, n))
        offsets = (np.arange(size) * n)[:, None]
        counts = np.bincount((draws + offsets).ravel(), minlength=size * n)
        counts = counts.reshape(size, n).astype(np.float64)
        top = counts @ num
        bottom = np.full_like(top, n) if den is None else counts @ den
        out[start : start + size] = scale * _ratio(top, bottom)
    return out


def percentile_ci(draws: np.ndarray, level: float = LEVEL) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval per column (linear interpolation); NaN resamples dropped.

    A column with fewer than half its resamples defined gets NaN.
    """
    alpha = (1 - level) / 2
    low = np.full(draws.shape[1], np.nan)
    high = np.full(draws.shape[1], np.nan)
    finite = np.isfinite(draws)
    complete = finite.all(axis=0)
    if complete.any():
        q = np.quantile(draws[:, complete], [alpha, 1 - alpha], axis=0)
        low[complete], high[complete] = q[0], q[1]
    for j in np.flatnonzero(~complete & (finite.sum(axis=0) * 2 >= draws.shape[0])):
        column = draws[finite[:, j], j]
        low[j], high[j] = np.quantile(column, [alpha, 1 - alpha])
    return low, high


def _sd(draws: np.ndarray) -> np.ndarray:
    """Standard deviation (ddof 1) per column over its finite resamples."""
    out = np.full(draws.shape[1], np.nan)
    finite = np.isfinite(draws)
    complete = finite.all(axis=0)
    if draws.shape[0] > 1 and complete.any():
        out[complete] = draws[:, complete].std(axis=0, ddof=1)
    for j in np.flatnonzero(~complete & (finite.sum(axis=0) > 1)):
        out[j] = draws[finite[:, j], j].std(ddof=1)
    return out


def _group_sums(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Column sums of each contiguous block of rows beginning at `starts`."""
    if values.shape[0] == 0:
        return np.zeros((len(starts), values.shape[1]))
    return np.add.reduceat(values, starts, axis=0)


@dataclass(frozen=True)
class _Difference:
    """``R_inside - R_outside``, R = Σ num / Σ den (or the mean), from inside sums.

    `sums` hold the inside sums of the stacked columns: num, then den for ratios.
    """

    width: int
    ratio: bool
    totals: np.ndarray  # column sums over all rows
    total_rows: int

    def __call__(self, sums: np.ndarray, sizes: np.ndarray) -> np.ndarray:
        w, totals = self.width, self.totals
        if not self.ratio:
            inside = _ratio(sums, sizes[..., None])
            return inside - _ratio(totals - sums, (self.total_rows - sizes)[..., None])
        inside = _ratio(sums[..., :w], sums[..., w:])
        outside = _ratio(totals[:w] - sums[..., :w], totals[w:] - sums[..., w:])
        return inside - outside

    def threshold(self, num: np.ndarray, observed: np.ndarray) -> np.ndarray:
        """|observed| less the rounding of a sum of N terms (about N·eps·scale)."""
        if not self.ratio:
            reference = np.abs(num).max(axis=0) if num.shape[0] else np.zeros(self.width)
        else:
            reference = np.abs(_ratio(self.totals[: self.width], self.totals[self.width :]))
        return np.abs(observed) - 1e-9 * np.nan_to_num(reference)


def _extreme(permuted: np.ndarray, threshold: np.ndarray) -> np.ndarray:
    # A permutation whose statistic is undefined (zero denominator) counts as
    # extreme: conservative, and it keeps the (b + 1) / (m + 1) form.
    return (np.abs(np.nan_to_num(permuted, nan=np.inf)) >= threshold).sum(axis=0)


def _column_blocks(values: np.ndarray) -> list[np.ndarray]:
    # A sparse product reads rows of its dense operand at random; narrow blocks of
    # columns stay in cache (about twice as fast on 100k rows × 150 columns).
    return [
        np.ascontiguousarray(values[:, i : i + BLOCK]) for i in range(0, values.shape[1], BLOCK)
    ]


def permutation_counts(
    num: np.ndarray,
    den: np.ndarray | None,
    labels: np.ndarray,
    n_groups: int,
    *,
    permutations: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Two-sided permutation test of each group against all other rows.

    The statistic for group g is ``R_g - R_rest`` with ``R = sum(num) / sum(den)`` (the
    mean if `den` is None). Labels are permuted over all rows at once, so one
    permutation serves every group: cost permutations × rows × features. Returns the
    observed statistic and the number of permutations whose |statistic| reaches the
    observed one (groups × features); p = (count + 1) / (permutations + 1).
    """
    from scipy import sparse

    if labels.size and (np.diff(labels) < 0).any():
        order = np.argsort(labels, kind="stable")
        labels, num = labels[order], num[order]
        den = None if den is None else den[order]
    blocks = _column_blocks(num) + ([] if den is None else _column_blocks(den))
    total_rows = labels.size
    sizes = np.bincount(labels, minlength=n_groups)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    totals = np.concatenate([block.sum(axis=0) for block in blocks])
    difference = _Difference(num.shape[1], den is not None, totals, total_rows)
    observed = difference(np.hstack([_group_sums(b, starts) for b in blocks]), sizes)
    threshold = difference.threshold(num, observed)
    counts = np.zeros((n_groups, num.shape[1]), dtype=np.int64)

    # One CSR row per (permutation, group) selecting that group's permuted rows.
    chunk = max(1, min(permutations, CHUNK_ELEMENTS // max(total_rows, 1)))
    base = np.arange(total_rows)
    for start in range(0, permutations, chunk):
        size = min(chunk, permutations - start)
        shuffled = rng.permuted(np.tile(base, (size, 1)), axis=1)
        offsets = np.arange(size)[:, None] * total_rows + starts[None, :]
        indptr = np.append(offsets.ravel(), size * total_rows)
        selector = sparse.csr_matrix(
            (np.ones(size * total_rows), shuffled.ravel(), indptr),
            shape=(size * n_groups, total_rows),
        )
        sums = np.hstack([np.asarray(selector @ block) for block in blocks])
        counts += _extreme(difference(sums.reshape(size, n_groups, -1), sizes), threshold)
    return observed, counts


def random_subsets(rng: np.random.Generator, population: int, size: int, count: int) -> np.ndarray:
    """`count` uniform random `size`-subsets of range(population), one per row.

    Floyd's algorithm (Bentley & Floyd 1987), vectorised over rows: cost count ·
    size² / 2 comparisons, independent of `population`.
    """
    chosen = np.empty((count, size), dtype=np.int64)
    for i, j in enumerate(range(population - size, population)):
        pick = rng.integers(0, j + 1, size=count)
        taken = (chosen[:, :i] == pick[:, None]).any(axis=1)
        chosen[:, i] = np.where(taken, j, pick)
    return chosen


def subset_counts(
    num: np.ndarray,
    den: np.ndarray | None,
    inside: np.ndarray,
    *,
    permutations: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """The test of `permutation_counts` for one group (`inside` rows) against the rest.

    Each relabelling draws the smaller side as a random subset of the pooled rows,
    so a small outlet in a large corpus costs permutations × its rows, not × the
    corpus. Returns the observed statistic and counts (features,).
    """
    blocks = _column_blocks(num) + ([] if den is None else _column_blocks(den))
    total_rows = inside.size
    n_inside = int(inside.sum())
    small = min(n_inside, total_rows - n_inside)
    totals = np.concatenate([block.sum(axis=0) for block in blocks])
    difference = _Difference(num.shape[1], den is not None, totals, total_rows)
    observed = difference(
        np.concatenate([b[inside].sum(axis=0) for b in blocks]), np.array(n_inside)
    )
    threshold = difference.threshold(num, observed)
    counts = np.zeros(num.shape[1], dtype=np.int64)
    # The chunk depends on the sizes only, so the draws do not depend on the features.
    chunk = max(1, min(permutations, CHUNK_ELEMENTS // max(small * BLOCK, 1)))
    for start in range(0, permutations, chunk):
        size = min(chunk, permutations - start)
        subset = random_subsets(rng, total_rows, small, size)
        sums = np.hstack([block[subset].sum(axis=1) for block in blocks])
        if small != n_inside:
            sums = difference.totals - sums
        counts += _extreme(difference(sums, np.array(n_inside)), threshold)
    return observed, counts


def _label_sums(values: np.ndarray, labels: np.ndarray, n_groups: int) -> np.ndarray:
    """Column sums of `values` per label (groups × columns); empty groups sum to 0."""
    order = np.argsort(labels, kind="stable")
    sizes = np.bincount(labels, minlength=n_groups)
    out = np.zeros((n_groups, values.shape[1]))
    filled = sizes > 0
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])[filled]
    out[filled] = _group_sums(values[order], starts)
    return out


def cohens_d(
    values: np.ndarray, labels: np.ndarray, n_groups: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cohen's d of each group against all other rows, with the pooled SD.

    d = (mean_g - mean_rest) / s_p, s_p² = (SS_g + SS_rest) / (n_g + n_rest - 2)
    (Cohen 1988, ch. 2). NaN when n_g + n_rest <= 2 or s_p is zero (within
    rounding). Returns d and the two means (groups × features).
    """
    n_all = labels.size
    sizes = np.bincount(labels, minlength=n_groups).astype(np.float64)
    sums = _label_sums(values, labels, n_groups)
    total = values.sum(axis=0)
    mean_g = _ratio(sums, sizes[:, None])
    mean_rest = _ratio(total - sums, (n_all - sizes)[:, None])
    mean_all = total / n_all
    ss_all = ((values - mean_all) ** 2).sum(axis=0)
    ss_g = _label_sums((values - mean_g[labels]) ** 2, labels, n_groups)
    # Sum of squares of the rest about its own mean, from centred terms only.
    shift = np.nan_to_num(mean_rest)
    ss_rest = (
        ss_all + n_all * (mean_all - shift) ** 2 - ss_g - sizes[:, None] * (mean_g - shift) ** 2
    )
    ss_rest = np.maximum(ss_rest, 0.0)
    dof = n_all - 2
    pooled = np.sqrt((ss_g + ss_rest) / dof) if dof > 0 else np.full_like(ss_g, np.nan)
    scale = np.abs(values).max(axis=0) if n_all else np.zeros(values.shape[1])
    defined = np.isfinite(pooled) & (pooled > 1e-12 * scale)
    d = np.full_like(sums, np.nan)
    np.divide(mean_g - mean_rest, pooled, out=d, where=defined)
    return d, mean_g, mean_rest


def bh_qvalues(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg (1995) adjusted p-values; NaN entries are not tests.

    q_(i) = min over j >= i of m · p_(j) / j, capped at 1, m = number of tests.
    """
    p = np.asarray(p, dtype=np.float64)
    q = np.full(p.shape, np.nan)
    tested = np.flatnonzero(np.isfinite(p))
    m = tested.size
    if m == 0:
        return q
    order = tested[np.argsort(p[tested], kind="stable")]
    ranked = p[order] * m / np.arange(1, m + 1)
    q[order] = np.minimum(np.minimum.accumulate(ranked[::-1])[::-1], 1.0)
    return q


# ------------------------------------------------------ sentence-level counterparts


def counterparts(families: list[Family], sentence_columns: Iterable[str]) -> dict[str, Counterpart]:
    """The article features that the families rebuild from their sentence columns
    (`Family.counterparts`); each is checked against the article values before use
    (``_verified``)."""
    present = frozenset(sentence_columns)
    return {c.feature: c for family in families for c in family.counterparts(present)}


def _sentence_values(sentences: pl.DataFrame, parts: list[Counterpart]) -> pl.DataFrame:
    """Per body sentence: outlet, article_id and ``num:<feature>``/``den:<feature>``."""
    body = sentences.filter(~pl.col("is_headline")).sort("outlet", "article_id", "sentence")
    exprs = []
    for part in parts:
        exprs.append(part.num.cast(pl.Float64).fill_nan(None).alias(f"num:{part.feature}"))
        if part.den is not None:
            exprs.append(part.den.cast(pl.Float64).fill_nan(None).alias(f"den:{part.feature}"))
    return body.select("outlet", "article_id", *exprs)


def _verified(
    articles: pl.DataFrame, values: pl.DataFrame, parts: list[Counterpart]
) -> tuple[list[Counterpart], list[str]]:
    """Keep the counterparts that rebuild every article's value (rtol 1e-9)."""
    aggs = []
    for part in parts:
        num = pl.col(f"num:{part.feature}")
        if part.den is None:
            aggs.append(num.mean().alias(part.feature))
        else:
            den = pl.col(f"den:{part.feature}")
            both = num.is_not_null() & den.is_not_null()
            total = den.filter(both).sum()
            aggs.append(
                pl.when(total != 0)
                .then(part.scale * num.filter(both).sum() / total)
                .alias(part.feature)
            )
    rebuilt = articles.select("outlet", "article_id").join(
        values.group_by("outlet", "article_id").agg(aggs)
        if aggs
        else values.select("outlet", "article_id").unique(),
        on=["outlet", "article_id"],
        how="left",
        maintain_order="left",
    )
    kept, notes = [], []
    for part in parts:
        expected = _numeric(articles[part.feature])
        got = _numeric(rebuilt[part.feature])
        same = np.isclose(got, expected, rtol=1e-9, atol=1e-12) | (
            np.isnan(got) & np.isnan(expected)
        )
        if same.all():
            kept.append(part)
        else:
            notes.append(
                f"{part.feature}: its sentence-level counterpart ({part.basis}) does not "
                f"reproduce the article values; no sentence-unit statistics for it"
            )
    return kept, notes


def _numeric(series: pl.Series) -> np.ndarray:
    return series.cast(pl.Float64).fill_null(np.nan).to_numpy().astype(np.float64, copy=False)


# -------------------------------------------------------------------------- tables


@dataclass
class _Unit:
    """The rows of one unit (article or sentence), sorted by outlet, with their values."""

    name: str
    outlets: np.ndarray  # outlet of each row, sorted
    num: dict[str, np.ndarray]
    den: dict[str, np.ndarray | None]
    scale: dict[str, float]
    basis: dict[str, str]

    def rows(self, outlets: Iterable[str]) -> np.ndarray:
        """Indices of the rows of `outlets` (each outlet's rows are contiguous)."""
        parts = []
        for outlet in sorted(outlets):
            start = np.searchsorted(self.outlets, outlet, side="left")
            stop = np.searchsorted(self.outlets, outlet, side="right")
            parts.append(np.arange(start, stop))
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    def groups(
        self, features: list[str], index: np.ndarray
    ) -> list[tuple[np.ndarray, str, list[str]]]:
        """Features grouped by kind and by which `index` rows have values (stable order).

        Returns (rows with values, a stable name for that pattern, features).
        """
        by_rows: dict[tuple[bool, bytes], tuple[np.ndarray, str, list[str]]] = {}
        for feature in features:
            den = self.den[feature]
            present = np.isfinite(self.num[feature][index])
            if den is not None:
                present &= np.isfinite(den[index])
            key = (den is None, np.packbits(present).tobytes())
            kind = "mean" if den is None else "ratio"
            entry = (index[present], f"{kind}:{_mask_key(present)}", [])
            by_rows.setdefault(key, entry)[2].append(feature)
        return list(by_rows.values())

    def matrices(
        self, features: list[str], index: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
        """num, den (None for means) and scale of `features` (one kind) on `index` rows."""
        num = np.column_stack([self.num[f][index] for f in features])
        scale = np.array([self.scale[f] for f in features])
        if self.den[features[0]] is None:
            return num, None, scale
        return num, np.column_stack([self.den[f][index] for f in features]), scale


def numeric_features(articles: pl.DataFrame, families: list[Family]) -> list[str]:
    """n_words, n_sentences and every numeric article-level feature present."""
    declared = [c.name for f in families for c in f.columns if c.level == "article" and c.numeric]
    return sorted({*ARTICLE_TOTALS, *declared} & set(articles.columns))


def _article_unit(articles: pl.DataFrame, features: list[str]) -> _Unit:
    return _Unit(
        name="article",
        outlets=articles["outlet"].to_numpy().astype(str),
        num={f: _numeric(articles[f]) for f in features},
        den=dict.fromkeys(features),
        scale=dict.fromkeys(features, 1.0),
        basis=dict.fromkeys(features, "mean of article values"),
    )


def _sentence_unit(values: pl.DataFrame, parts: list[Counterpart]) -> _Unit:
    return _Unit(
        name="sentence",
        outlets=values["outlet"].to_numpy().astype(str),
        num={p.feature: _numeric(values[f"num:{p.feature}"]) for p in parts},
        den={
            p.feature: None if p.den is None else _numeric(values[f"den:{p.feature}"])
            for p in parts
        },
        scale={p.feature: p.scale for p in parts},
        basis={p.feature: p.basis for p in parts},
    )


def _outlet_rows(
    unit: _Unit, outlet: str, features: list[str], *, seed: int, resamples: int
) -> list[dict]:
    """outlet_stats rows of one outlet: its statistic and bootstrap interval per feature."""
    rows = []
    for index, pattern, group in unit.groups(features, unit.rows([outlet])):
        num, den, scale = unit.matrices(group, index)
        n = index.size
        low = high = se = mean = np.full(len(group), np.nan)
        used, note = 0, ""
        if n == 0:
            note = "no values"
        else:
            mean = num.mean(axis=0) if den is None else scale * _ratio(num.sum(0), den.sum(0))
        if n == 1:
            note = f"one {unit.name}: no interval"
        elif n > 1 and resamples > 0:
            rng = stream(seed, "bootstrap", unit.name, outlet, pattern)
            draws = bootstrap(num, den, resamples=resamples, rng=rng) * scale
            low, high = percentile_ci(draws)
            se = _sd(draws)
            used = resamples
        for j, feature in enumerate(group):
            why = note
            if used and not np.isfinite(low[j]):
                why = "interval undefined: most resamples have a zero denominator"
            rows.append(
                {
                    "outlet": outlet, "feature": feature, "unit": unit.name, "n": n,
                    "mean": float(mean[j]), "ci_low": float(low[j]), "ci_high": float(high[j]),
                    "se": float(se[j]), "resamples": used, "basis": unit.basis[feature],
                    "note": why,
                }
            )  # fmt: skip
    return rows


def _test_groups(
    num: np.ndarray,
    den: np.ndarray | None,
    labels: np.ndarray,
    groups: list[str],
    tested: list[int],
    *,
    permutations: int,
    seed: int,
    keys: tuple[str, ...],
) -> dict[int, np.ndarray]:
    """Permutation counts (features,) of each tested group against all other rows.

    Uses whichever is cheaper: one permutation of all rows shared by every group
    (rows × columns per permutation), or a random subset per group (about
    k × columns + k² / 2 per permutation, k the smaller side). Streams are keyed by
    `keys` and, for subsets, the group's name.
    """
    total_rows = labels.size
    # Decided on row counts alone (one column), so a feature's p-value does not change
    # when the study adds or drops other features or families.
    width = 1 if den is None else 2
    sizes = np.bincount(labels, minlength=len(groups))
    small = [min(int(sizes[g]), total_rows - int(sizes[g])) for g in tested]
    if sum(k * width + k * k / 2 for k in small) < total_rows * width:
        counts = {}
        for g in tested:
            rng = stream(seed, *keys, f"outlet:{groups[g]}")
            _, counts[g] = subset_counts(num, den, labels == g, permutations=permutations, rng=rng)
        return counts
    rng = stream(seed, *keys, "all")
    _, all_counts = permutation_counts(
        num, den, labels, len(groups), permutations=permutations, rng=rng
    )
    return {g: all_counts[g] for g in tested}


def _compare(
    unit: _Unit,
    outlets: list[str],
    versus: str,
    features: list[str],
    *,
    seed: int,
    permutations: int,
) -> list[dict]:
    """comparisons rows: each of `outlets` against `versus` ("rest", or one outlet)."""
    rows: list[dict] = []
    in_scope = unit.rows(unit_outlets(unit) if versus == "rest" else [*outlets, versus])
    scope = "rest" if versus == "rest" else f"{outlets[0]}|{versus}"
    for index, pattern, group in unit.groups(features, in_scope):
        num, den, scale = unit.matrices(group, index)
        row_outlets = unit.outlets[index]
        present = sorted(set(row_outlets.tolist()))
        code = {name: i for i, name in enumerate(present)}
        labels = np.searchsorted(np.array(present), row_outlets) if present else row_outlets
        sizes = np.bincount(labels, minlength=len(present)) if present else np.zeros(0, int)
        tested = [code[o] for o in outlets if o in code and 0 < sizes[code[o]] < labels.size]
        counts: dict[int, np.ndarray] = {}
        if tested:
            counts = _test_groups(
                num, den, labels.astype(np.int64), present, tested,
                permutations=permutations, seed=seed,
                keys=("permutation", unit.name, scope, pattern),
            )  # fmt: skip
            if den is None:
                d, mean_g, mean_rest = cohens_d(num, labels, len(present))
            else:
                sums_num = _label_sums(num, labels, len(present))
                sums_den = _label_sums(den, labels, len(present))
                mean_g = scale * _ratio(sums_num, sums_den)
                mean_rest = scale * _ratio(num.sum(0) - sums_num, den.sum(0) - sums_den)
                d = np.full_like(mean_g, np.nan)
        for outlet in outlets:
            g = code.get(outlet)
            n_g = int(sizes[g]) if g is not None else 0
            for j, feature in enumerate(group):
                row = _untested(outlet, versus, feature, "")
                row |= {"unit": unit.name, "n": n_g, "n_versus": labels.size - n_g}
                if den is None:
                    row["effect_size_kind"] = "cohens_d"
                if g not in counts:
                    row["note"] = "no values on one side: not tested"
                    rows.append(row)
                    continue
                difference = mean_g[g, j] - mean_rest[g, j]
                row["mean"], row["mean_versus"] = float(mean_g[g, j]), float(mean_rest[g, j])
                if not np.isfinite(difference):
                    row["note"] = "statistic undefined (zero denominator): not tested"
                    rows.append(row)
                    continue
                row["difference"] = float(difference)
                row["effect_size"] = float(d[g, j])
                row["p_value"] = float((counts[g][j] + 1) / (permutations + 1))
                row["permutations"] = permutations
                if den is not None:
                    row["note"] = "ratio of sums: no effect size"
                elif not np.isfinite(d[g, j]):
                    row["note"] = "effect size undefined: no variation within the groups"
                rows.append(row)
    return rows


def unit_outlets(unit: _Unit) -> list[str]:
    return sorted(set(unit.outlets.tolist()))


def _untested(outlet: str, versus: str, feature: str, note: str) -> dict:
    return {
        "outlet": outlet, "versus": versus, "feature": feature, "unit": "", "n": 0,
        "n_versus": 0, "mean": np.nan, "mean_versus": np.nan, "difference": np.nan,
        "effect_size": np.nan, "effect_size_kind": "", "p_value": np.nan, "q_value": np.nan,
        "permutations": 0, "note": note,
    }  # fmt: skip


def outlet_tables(
    study: Study, tables: dict[str, pl.DataFrame], families: list[Family]
) -> tuple[dict[str, pl.DataFrame], list[str]]:
    """``outlet_stats`` and ``comparisons`` tables, and notes for the manifest."""
    options = study.stats
    seed = study.study.seed
    articles = tables["articles"].sort("outlet", "article_id")
    sentences = tables.get("sentences", pl.DataFrame())
    features = numeric_features(articles, families)
    notes: list[str] = []

    article_counts = dict(articles.group_by("outlet").len().sort("outlet").iter_rows())
    outlets = sorted(article_counts)
    small = [o for o in outlets if article_counts[o] < options.min_articles]
    large = [o for o in outlets if o not in small]

    article_unit = _article_unit(articles, features)
    parts: list[Counterpart] = []
    sentence_key = {"outlet", "article_id", "sentence", "is_headline"}
    if small and sentences.height and sentence_key <= set(sentences.columns):
        # Only the small outlets' sentences are read (a streamed run keeps no others in
        # memory), whatever the caller passes, so every run gives the same numbers.
        sentences = sentences.filter(pl.col("outlet").is_in(small))
        candidates = counterparts(families, sentences.columns)
        parts = [candidates[f] for f in features if f in candidates]
        values = _sentence_values(sentences, parts)
        parts, failed = _verified(articles.filter(pl.col("outlet").is_in(small)), values, parts)
        notes.extend(failed)
        sentence_unit = _sentence_unit(values, parts)
    else:
        sentence_unit = _sentence_unit(
            pl.DataFrame({"outlet": []}, schema={"outlet": pl.String}), []
        )
    sentence_features = [p.feature for p in parts]
    article_only = [f for f in features if f not in sentence_features]
    if small:
        notes.append(
            f"outlets with fewer than {options.min_articles} articles are resampled by body "
            f"sentence (not independent: intervals are too narrow): {', '.join(small)}"
        )
        if article_only:
            notes.append(
                f"{len(article_only)} features have no sentence-level counterpart and get no "
                "interval or test for those outlets"
            )
        if large:
            notes.append(
                "for those outlets, comparisons with 'rest' pool the body sentences of the "
                f"other outlets with fewer than {options.min_articles} articles only"
            )

    stats_rows: list[dict] = []
    for outlet in large:
        stats_rows += _outlet_rows(
            article_unit, outlet, features, seed=seed, resamples=options.bootstrap
        )
    for outlet in small:
        if sentence_features:
            stats_rows += _outlet_rows(
                sentence_unit, outlet, sentence_features, seed=seed, resamples=options.bootstrap
            )
        # Article-only features: the outlet's article mean, no interval.
        for row in _outlet_rows(article_unit, outlet, article_only, seed=seed, resamples=0):
            row.update(
                ci_low=np.nan, ci_high=np.nan, se=np.nan, resamples=0,
                note=f"fewer than {options.min_articles} articles and no sentence-level "
                "counterpart: no interval",
            )  # fmt: skip
            stats_rows.append(row)
    outlet_stats = pl.DataFrame(stats_rows, schema=STATS_SCHEMA).sort("outlet", "feature")

    comparison_rows: list[dict] = []
    if len(outlets) < 2:
        notes.append("comparisons skipped: the study has a single outlet")
    else:
        if large:
            comparison_rows += _compare(
                article_unit, large, "rest", features, seed=seed, permutations=options.permutations
            )
        if small:
            rows = _compare(
                sentence_unit, small, "rest", sentence_features, seed=seed,
                permutations=options.permutations,
            )  # fmt: skip
            if large:
                scope = f"rest = the other outlets with fewer than {options.min_articles} articles"
                for row in rows:
                    row["note"] = "; ".join(filter(None, [scope, row["note"]]))
            comparison_rows += rows
            comparison_rows += [
                _untested(o, "rest", f, "no sentence-level counterpart: not tested")
                for o in small
                for f in article_only
            ]
        if options.pairwise:
            for i, first in enumerate(outlets):
                for second in outlets[i + 1 :]:
                    if first in large and second in large:
                        comparison_rows += _compare(
                            article_unit, [first], second, features, seed=seed,
                            permutations=options.permutations,
                        )  # fmt: skip
                    elif first in small and second in small:
                        comparison_rows += _compare(
                            sentence_unit, [first], second, sentence_features, seed=seed,
                            permutations=options.permutations,
                        )  # fmt: skip
                        comparison_rows += [
                            _untested(first, second, f, "no sentence-level counterpart: not tested")
                            for f in article_only
                        ]
                    else:
                        why = (
                            f"one outlet has fewer than {options.min_articles} articles, the "
                            "other's sentences are not read: not tested"
                        )
                        comparison_rows += [_untested(first, second, f, why) for f in features]
    comparisons = pl.DataFrame(comparison_rows, schema=COMPARISON_SCHEMA)
    if comparisons.height:
        # Benjamini–Hochberg within each (outlet, versus) comparison, across its features.
        comparisons = comparisons.sort("outlet", "versus", "feature")
        q = np.full(comparisons.height, np.nan)
        family_of: dict[tuple[str, str], list[int]] = {}
        for i, key in enumerate(comparisons.select("outlet", "versus").iter_rows()):
            family_of.setdefault(key, []).append(i)
        p = comparisons["p_value"].to_numpy()
        for index in family_of.values():
            q[index] = bh_qvalues(p[index])
        comparisons = comparisons.with_columns(pl.Series("q_value", q))
    return {"outlet_stats": outlet_stats, "comparisons": comparisons}, notes
