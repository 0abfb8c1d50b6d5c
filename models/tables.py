"""The classifiers' output tables (see `framing.outputs.tables`), and what each column
of ``classifiers.csv`` means (docs/models.md has the long form; tested to cover
`fitting.CLASSIFIER_SCHEMA`)."""

from __future__ import annotations

from framing.outputs.tables import TableSpec

MODEL = ("model", "feature_set")

MODEL_TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "classifiers",
        MODEL,
        text=(*MODEL, "unit"),
        description=(
            "per model x feature set: cross-validated scores beside chance, permutation p-values"
        ),
    ),
    TableSpec(
        "confusion",
        (*MODEL, "true", "predicted"),
        text=(*MODEL, "true", "predicted"),
        description="per model x feature set: confusion counts over the CV folds",
    ),
    TableSpec(
        "coefficients",
        (*MODEL, "class", "rank"),
        text=(*MODEL, "class", "feature"),
        description="per model x feature set x class: the top weighted features",
    ),
)

CLASSIFIER_COLUMN_DESCRIPTIONS: dict[str, str] = {
    "model": "the classifier",
    "feature_set": "the feature set: style, tfidf or style+tfidf",
    "unit": "what is classified: sentence, paragraph or article",
    "target": "what it is classified into: outlet or a label column",
    "folds": "cross-validation folds used (shrunk when a class is small)",
    "n": "units the models saw: every unit, or the class-stratified sample above max_units",
    "accuracy": "correct / n, mean over folds",
    "macro_f1": "mean over classes of F1, mean over folds",
    "balanced_accuracy": "mean recall over classes, mean over folds",
    "sd": "sample sd of macro_f1 over folds",
    "chance_macro_f1": "the larger of the two dummies' macro-F1: the bar to clear",
    "permutation_p": "the model's own permutation p-value; empty when it has none",
    "accuracy_sd": "sample sd of accuracy over folds",
    "balanced_accuracy_sd": "sample sd of balanced_accuracy over folds",
    "chance_accuracy": "accuracy of always predicting the training majority class",
    "chance_macro_f1_most_frequent": "macro-F1 of always predicting the majority class",
    "chance_macro_f1_stratified": "macro-F1 of random labels in training proportions",
    "permutations": "draws the model's own test used (0: none; fewer when it stopped early)",
    "permutation_unit": "what the shuffles move: outlet, article or unit",
    "permutation_method": "fixed (all draws), sequential (refits, Besag-Clifford) or none",
    "feature_set_p": "the feature set's permutation p-value, the same on every row of the set",
    "feature_set_test": "its statistic: naive_bayes (tf-idf sets) or lda (style)",
    "feature_set_statistic": "that statistic's observed macro-F1, mean over the tests' folds",
    "feature_set_permutations": "draws of the feature set's test",
    "n_classes": "classes of the target",
    "n_features": "columns of the model refitted on all units",
    "n_available": "units of the study before any sample",
    "grouping": "what the folds keep together: article, outlet or none",
    "grouping_note": "why the folds are not grouped as asked, or were shrunk",
    "method_note": "what differs from the standard method (sample, vocabulary cap, the tests' own folds), or empty",
    "status": "ok, skipped or failed",
    "skip_reason": "why the model was skipped or failed",
}
