"""The scikit-learn models: one per (classifier, feature set).

Every model is ``features -> classifier`` (`make_pipeline`); ``features`` is a
ColumnTransformer fitted on the training side of each fold only (imputation medians,
scaling, the tf-idf vocabulary and idf weights never see the test side). The run builds
the same matrices with `framing.models.blocks`, sharing each fold's tf-idf between models.

Feature sets
    ``style``: the unit's numeric feature columns; NaN replaced by the training
    median; standardised (z-scores) for the linear models, min-max scaled to
    [0, 1] (clipped) for naive Bayes, which needs non-negative inputs; left as
    they are for the random forest.
    ``tfidf``: word 1- and 2-grams of the (masked) text, lowercased, tokenised like
    `framing.corpus.tokens` words and numbers; sublinear tf (1 + log tf), l2-normalised
    rows; at most `max_terms` n-grams, the most frequent of the training side.
    ``style+tfidf``: both, side by side; the style block is multiplied by 1/sqrt(m)
    (m = number of style columns) so that both blocks have comparable row norms.

Classifiers (fixed settings, so numbers are comparable across studies)
    ``logreg``: L2 logistic regression, C = 1, multinomial, balanced class weights.
    ``linear_svm``: LinearSVC, C = 1, one-vs-rest, balanced class weights.
    ``naive_bayes``: multinomial naive Bayes, alpha = 0.1 (additive smoothing). Laplace's
    alpha = 1 adds one pseudo-count per vocabulary term, many times the total tf-idf mass
    of a small corpus: on the example study it predicted the majority class almost always
    (macro-F1 0.11 vs 0.28 at alpha = 0.1, sentence tf-idf).
    ``random_forest``: `FOREST_TREES` trees, sqrt(features) per split, balanced weights;
    opt-in, and on the style set only unless ``forest_tfidf``.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from framing.corpus.tokens import NUMBER, WORD

from .data import ACTOR_PLACEHOLDER, TOPIC_PLACEHOLDER

if TYPE_CHECKING:
    from sklearn.base import ClassifierMixin
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import Pipeline

CLASSIFIERS = ("logreg", "linear_svm", "naive_bayes", "random_forest")
FEATURE_SETS = ("style", "tfidf", "style+tfidf")
FOREST_TREES = 50
# How each classifier's style block is scaled (see the module doc).
SCALING = {
    "logreg": "standard", "linear_svm": "standard", "naive_bayes": "minmax", "random_forest": "none",
}  # fmt: skip
# The placeholders are tokens of their own, so `[actor] said` is a readable bigram.
TFIDF_TOKEN = "|".join([re.escape(ACTOR_PLACEHOLDER), re.escape(TOPIC_PLACEHOLDER), WORD, NUMBER])


def make_classifier(name: str, *, seed: int) -> ClassifierMixin:
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.svm import LinearSVC

    if name == "logreg":
        # newton-cg: same optimum as lbfgs (the loss is strictly convex), ~2x faster here.
        return LogisticRegression(C=1.0, solver="newton-cg", max_iter=1000, class_weight="balanced")
    if name == "linear_svm":
        return LinearSVC(C=1.0, class_weight="balanced", max_iter=10_000, random_state=seed)
    if name == "naive_bayes":
        return MultinomialNB(alpha=0.1)
    if name == "random_forest":
        return RandomForestClassifier(
            n_estimators=FOREST_TREES, class_weight="balanced", random_state=seed, n_jobs=1
        )
    raise ValueError(f"unknown classifier {name!r}; valid: {', '.join(CLASSIFIERS)}")


def style_transformer(scaling: str) -> Pipeline:
    """Median imputation, then `scaling` ("standard", "minmax" or "none")."""
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import MinMaxScaler, StandardScaler

    # keep_empty_features: an all-NaN column stays (as 0) so feature names are stable.
    steps: list = [SimpleImputer(strategy="median", keep_empty_features=True)]
    if scaling == "minmax":
        steps.append(MinMaxScaler(clip=True))
    elif scaling == "standard":
        steps.append(StandardScaler())
    return make_pipeline(*steps)


def tfidf_vectorizer(*, max_terms: int | None) -> TfidfVectorizer:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        lowercase=True,
        token_pattern=TFIDF_TOKEN,
        ngram_range=(1, 2),
        sublinear_tf=True,
        max_features=max_terms or None,
    )


def style_weight(feature_set: str, style_columns: tuple[str, ...]) -> float | None:
    """The style block's weight in ``style+tfidf``: 1/sqrt(m). A tf-idf row has unit l2
    norm; m z-scores have expected squared norm m. Without this weight the style block
    dominates the shared penalty (and the SVM converges ~5x slower)."""
    if feature_set == "style+tfidf" and style_columns:
        return 1 / math.sqrt(len(style_columns))
    return None


def make_features(
    classifier: str,
    feature_set: str,
    *,
    style_columns: tuple[str, ...],
    max_terms: int | None = None,
) -> ColumnTransformer:
    """The feature step as one scikit-learn ColumnTransformer. `framing.models.blocks`
    builds the same matrices fold by fold, sharing the tf-idf block between classifiers
    (tested equal)."""
    from sklearn.compose import ColumnTransformer

    if feature_set not in FEATURE_SETS:
        raise ValueError(f"unknown feature set {feature_set!r}; valid: {', '.join(FEATURE_SETS)}")
    parts: list = []
    if feature_set in ("style", "style+tfidf"):
        parts.append(("style", style_transformer(SCALING[classifier]), list(style_columns)))
    if feature_set in ("tfidf", "style+tfidf"):
        parts.append(("tfidf", tfidf_vectorizer(max_terms=max_terms), "text"))
    weight = style_weight(feature_set, style_columns)
    weights = None if weight is None else {"style": weight, "tfidf": 1.0}
    return ColumnTransformer(parts, transformer_weights=weights)


def make_pipeline(
    classifier: str,
    feature_set: str,
    *,
    style_columns: tuple[str, ...],
    seed: int,
    max_terms: int | None = None,
) -> Pipeline:
    """``features -> classifier`` as one scikit-learn Pipeline (the reference the fold
    matrices of `framing.models.blocks` are tested against)."""
    from sklearn.pipeline import Pipeline

    features = make_features(
        classifier, feature_set, style_columns=style_columns, max_terms=max_terms
    )
    return Pipeline(
        [("features", features), ("classifier", make_classifier(classifier, seed=seed))]
    )


def readable_name(name: str) -> str:
    """``tfidf__brushed off`` -> ``tfidf:"brushed off"``; ``style__lexical__ttr`` -> ``lexical__ttr``."""
    block, _, rest = name.partition("__")
    if block == "tfidf":
        return f'tfidf:"{rest}"'
    return rest if block == "style" else name
