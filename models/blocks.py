"""In-fold feature matrices, built once per fold and shared by every model.

`estimators.make_features` states the feature step as one scikit-learn
ColumnTransformer per (classifier, feature set). Fitting it per model would fit the
same tf-idf vocabulary six times per fold (the costliest step on large corpora), so
`fold_blocks` fits each block once per fold — the tf-idf vectoriser once, the style
transformer once per scaling the classifiers need — and `Blocks.matrices` assembles a
model's matrices exactly as its ColumnTransformer would: the style block weighted,
style first, one sparse CSR matrix when the stacked density is below scikit-learn's
``sparse_threshold`` (0.3), else one dense array (tested equal, value for value).
Nothing here sees a label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from .estimators import SCALING, style_transformer, style_weight, tfidf_vectorizer

# scikit-learn's ColumnTransformer default: below this density the output is sparse.
SPARSE_THRESHOLD = 0.3
Matrix = Any  # numpy array or scipy CSR matrix


@dataclass(frozen=True)
class Blocks:
    """The blocks fitted on one training side: ``style[scaling]`` and ``tfidf`` hold
    (train, test) pairs; `test` is None when fitted on every unit (the refit)."""

    style_columns: tuple[str, ...]
    style: dict[str, tuple[Matrix, Matrix | None]] = field(default_factory=dict)
    tfidf: tuple[Matrix, Matrix | None] | None = None
    terms: tuple[str, ...] = ()

    def matrices(self, classifier: str, feature_set: str) -> tuple[Matrix, Matrix | None]:
        """(train, test) features of one model, as its ColumnTransformer outputs them."""
        parts = []
        if feature_set in ("style", "style+tfidf"):
            train, test = self.style[SCALING[classifier]]
            weight = style_weight(feature_set, self.style_columns)
            if weight is not None:
                train, test = train * weight, None if test is None else test * weight
            parts.append((train, test))
        if feature_set in ("tfidf", "style+tfidf"):
            assert self.tfidf is not None
            parts.append(self.tfidf)
        return _stack([p[0] for p in parts]), _stack([p[1] for p in parts])

    def names(self, feature_set: str) -> list[str]:
        """Output feature names, as ``ColumnTransformer.get_feature_names_out`` gives them."""
        style = [f"style__{c}" for c in self.style_columns]
        tfidf = [f"tfidf__{t}" for t in self.terms]
        return {"style": style, "tfidf": tfidf, "style+tfidf": style + tfidf}[feature_set]


def _stack(parts: Sequence[Matrix | None]) -> Matrix | None:
    """ColumnTransformer's ``_hstack``: sparse CSR when any block is sparse and the
    stacked density is below `SPARSE_THRESHOLD`, else dense."""
    from scipy import sparse

    if any(p is None for p in parts):
        return None
    if not any(sparse.issparse(p) for p in parts):
        return parts[0] if len(parts) == 1 else np.hstack(parts)
    nnz = sum(p.nnz if sparse.issparse(p) else p.shape[0] * p.shape[1] for p in parts)
    total = sum(p.shape[0] * p.shape[1] for p in parts)
    if total and nnz / total < SPARSE_THRESHOLD:
        return sparse.hstack(parts).tocsr()
    dense = [p.toarray() if sparse.issparse(p) else p for p in parts]
    return dense[0] if len(dense) == 1 else np.hstack(dense)


def fold_blocks(
    X: pl.DataFrame,
    train: np.ndarray,
    test: np.ndarray | None,
    *,
    style_columns: Sequence[str],
    scalings: Sequence[str],
    text: bool,
    max_terms: int | None,
) -> Blocks:
    """Fit the blocks on rows `train` of `X` (``text`` + style columns) and transform
    rows `test` (None: no test side): one style block per scaling in `scalings`
    (`estimators.SCALING`), the tf-idf block when `text`. Raises scikit-learn's
    ValueError on an empty vocabulary."""
    style: dict[str, tuple[Matrix, Matrix | None]] = {}
    if scalings and style_columns:
        frame_train = X[train].select(style_columns)
        frame_test = None if test is None else X[test].select(style_columns)
        for scaling in sorted(set(scalings)):
            transformer = style_transformer(scaling)
            fitted = transformer.fit_transform(frame_train)
            style[scaling] = (
                fitted,
                None if frame_test is None else transformer.transform(frame_test),
            )
    tfidf, terms = None, ()
    if text:
        vectorizer = tfidf_vectorizer(max_terms=max_terms)
        fitted = vectorizer.fit_transform(X[train].get_column("text"))
        transformed = None if test is None else vectorizer.transform(X[test].get_column("text"))
        tfidf, terms = (fitted, transformed), tuple(vectorizer.get_feature_names_out())
    return Blocks(tuple(style_columns), style=style, tfidf=tfidf, terms=terms)
