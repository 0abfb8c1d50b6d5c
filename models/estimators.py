"""The scikit-learn pipelines: one per (classifier, feature set).

Every pipeline is ``features -> classifier``; ``features`` is a ColumnTransformer
fitted on the training side of each fold only (imputation medians, scaling, the
tf-idf vocabulary and idf weights never see the test side).

Feature sets
    ``style``: the unit's numeric feature columns; NaN replaced by the training
    median; standardised (z-scores) for the linear models, min-max scaled to
    [0, 1] (clipped) for naive Bayes, which needs non-negative inputs; left as
    they are for the random forest.
    ``tfidf``: word 1- and 2-grams of the (masked) text, lowercased, tokenised like
    `framing.corpus.tokens` words and numbers; sublinear tf (1 + log tf), l2-normalised rows.
    ``style+tfidf``: both, side by side; the style block is multiplied by 1/sqrt(m)
    (m = number of style columns) so that both blocks have comparable row norms.

Classifiers (fixed settings, so numbers are comparable across studies)
    ``logreg``: L2 logistic regression, C = 1, multinomial, balanced class weights.
    ``linear_svm``: LinearSVC, C = 1, one-vs-rest, balanced class weights.
    ``naive_bayes``: multinomial naive Bayes, alpha = 0.1 (additive smoothing). Laplace's
    alpha = 1 adds one pseudo-count per vocabulary term, many times the total tf-idf mass
    of a small corpus: on the example study it predicted the majority class almost always
    (macro-F1 0.11 vs 0.28 at alpha = 0.1, sentence tf-idf).
    ``random_forest``: `FOREST_TREES` trees, sqrt(features) per split, balanced weights.
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
    from sklearn.pipeline import Pipeline

CLASSIFIERS = ("logreg", "linear_svm", "naive_bayes", "random_forest")
FEATURE_SETS = ("style", "tfidf", "style+tfidf")
FOREST_TREES = 50
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


def make_features(
    classifier: str, feature_set: str, *, style_columns: tuple[str, ...]
) -> ColumnTransformer:
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import MinMaxScaler, StandardScaler

    parts = []
    if feature_set in ("style", "style+tfidf"):
        # keep_empty_features: an all-NaN column stays (as 0) so feature names are stable.
        steps = [SimpleImputer(strategy="median", keep_empty_features=True)]
        if classifier == "naive_bayes":
            steps.append(MinMaxScaler(clip=True))
        elif classifier != "random_forest":
            steps.append(StandardScaler())
        parts.append(("style", make_pipeline(*steps), list(style_columns)))
    if feature_set in ("tfidf", "style+tfidf"):
        vectorizer = TfidfVectorizer(
            lowercase=True, token_pattern=TFIDF_TOKEN, ngram_range=(1, 2), sublinear_tf=True
        )
        parts.append(("tfidf", vectorizer, "text"))
    if not parts:
        raise ValueError(f"unknown feature set {feature_set!r}; valid: {', '.join(FEATURE_SETS)}")
    weights = None
    if len(parts) == 2 and style_columns:
        # A tf-idf row has unit l2 norm; m z-scores have expected squared norm m. Without
        # this weight the style block dominates the shared penalty (and the SVM converges ~5x slower).
        weights = {"style": 1 / math.sqrt(len(style_columns)), "tfidf": 1.0}
    return ColumnTransformer(parts, transformer_weights=weights)


def make_pipeline(
    classifier: str, feature_set: str, *, style_columns: tuple[str, ...], seed: int
) -> Pipeline:
    from sklearn.pipeline import Pipeline

    return Pipeline(
        [
            ("features", make_features(classifier, feature_set, style_columns=style_columns)),
            ("classifier", make_classifier(classifier, seed=seed)),
        ]
    )


def readable_name(name: str) -> str:
    """``tfidf__brushed off`` -> ``tfidf:"brushed off"``; ``style__lexical__ttr`` -> ``lexical__ttr``."""
    block, _, rest = name.partition("__")
    if block == "tfidf":
        return f'tfidf:"{rest}"'
    return rest if block == "style" else name
