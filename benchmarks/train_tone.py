"""Train the mention-tone model on NewsMTSC's train split and write it as JSON.

    .venv/bin/python benchmarks/train_tone.py [DATA] [-o features/actors/mention_tone.json]

DATA defaults to ``$FRAMING_NEWSMTSC``, else ``shared/eval/newsmtsc/sentences.jsonl.gz``
beside the repository (``../shared/eval/...``) or beside a folder above it (a worktree). The data never enters the repository; the model file records its
sha256 and the citation. Prints the data's sha256, then the model's size.

The model is the mean of a multinomial logistic regression and an NB-LR (Wang & Manning
2012), folded into one weight matrix (docs/actors.md). Deterministic: single-threaded BLAS
(threadpoolctl), a fixed solver, sorted vocabulary and lexicon, weights rounded to
`DECIMALS`, JSON written with sorted keys. Retraining on the same file with the same package
versions reproduces the shipped file byte for byte (tests/test_actors_tone.py; on another
machine's BLAS a weight may differ by one unit in the last decimal).

Data: NewsMTSC (Hamborg & Donnay, EACL 2021), MIT licence for the repository's files.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from framing.features.actors import tone_features as tf
from framing.features.actors.tone_model import MODEL_PATH

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path("shared") / "eval" / "newsmtsc" / "sentences.jsonl.gz"
CITATION = (
    "Felix Hamborg and Karsten Donnay. 2021. NewsMTSC: A Dataset for (Multi-)Target-dependent "
    "Sentiment Classification in Political News Articles. In Proceedings of EACL 2021, "
    "pages 1663-1675."
)
SOURCE = "NewsMTSC train split (sentences.jsonl.gz; public repository fhamborg/NewsMTSC, MIT)"
LEXICON = "VADER word lexicon (Hutto & Gilbert 2014; vaderSentiment 3.3.2, MIT)"
METHOD = (
    "mean of a multinomial logistic regression and an NB-LR (Wang & Manning 2012, ACL), "
    "folded into one weight matrix"
)
# Chosen by 5-fold grouped CV on the train split; never on devtest_mt (docs/actors.md).
C = 0.05  # multinomial LR
NB_C, NB_ALPHA = 0.1, 1.0  # NB-LR: binary LRs' C and the log-count ratios' smoothing
MIN_DF = 2  # a feature seen in one training mention only is noise, and bloats the file
DECIMALS = 4
_LEXICON_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")  # what `tone_features` tokens can look like


@dataclass(frozen=True)
class Mention:
    """One labelled target: its sentence, span, the other targets' spans, label, group."""

    text: str
    start: int
    end: int
    others: tuple[tf.Span, ...]
    label: str
    group: str  # the sentence text: CV folds keep a sentence's mentions together


def default_data() -> Path:
    """``shared/eval/newsmtsc/sentences.jsonl.gz`` beside the repository, or beside a
    folder above it: a git worktree (``/work/wt/<branch>``) sits one level deeper than the
    main checkout, and its tests must find the same data. The nearest one wins; when none
    exists, the path beside the repository (for the error message and the test's skip)."""
    for folder in ROOT.parents:
        if (folder / SHARED_DATA).is_file():
            return folder / SHARED_DATA
    return ROOT.parent / SHARED_DATA


def data_path(given: str | Path | None = None) -> Path:
    """The NewsMTSC file: `given`, else ``$FRAMING_NEWSMTSC``, else `default_data()`."""
    return Path(given or os.environ.get("FRAMING_NEWSMTSC") or default_data())


def file_sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_mentions(path: str | Path, split: str, use_others: bool = True) -> list[Mention]:
    """Every target of every sentence of `split`; the sentence's other targets are the
    mention's `others` (actors a gazetteer would also have found) unless `use_others` is off."""
    mentions = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row["split"] != split:
                continue
            targets = row["targets"]
            for i, t in enumerate(targets):
                others = tuple(
                    (u["start"], u["end"]) for k, u in enumerate(targets) if k != i and use_others
                )
                mentions.append(
                    Mention(row["text"], t["start"], t["end"], others, t["polarity"], row["text"])
                )
    return mentions


def vader_lexicon() -> tf.Lexicon:
    """VADER's single-word entries and negation words (vaderSentiment 3.3.2)."""
    from vaderSentiment import vaderSentiment as vs

    analyzer = vs.SentimentIntensityAnalyzer()
    words = {w: v for w, v in analyzer.lexicon.items() if _LEXICON_WORD.fullmatch(w)}
    # "no" is not in VADER's NEGATE list but its scorer treats it as a negation too.
    return tf.Lexicon(words, frozenset(vs.NEGATE) | {"no"})


def featurize(mentions: Sequence[Mention], lexicon: tf.Lexicon) -> list[tf.Features]:
    return [tf.mention_features(m.text, m.start, m.end, m.others, lexicon) for m in mentions]


def _logistic_regression(x, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial LR with balanced class weights: (coef (n_features, 3), intercept (3,))."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=C, class_weight="balanced", max_iter=5000, tol=1e-6)
    model.fit(x, labels)
    if tuple(model.classes_) != tf.CLASSES:
        raise ValueError(f"unexpected labels {model.classes_}")
    return model.coef_.T, model.intercept_


def _nb_logistic_regression(x, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """NB-LR (Wang & Manning 2012), one class against the rest: each feature is scaled by
    its log-count ratio r_c, a binary LR is fitted on the scaled features, and its weights
    times r_c are the class's weights on the raw features (so inference stays linear)."""
    from sklearn.linear_model import LogisticRegression

    presence = abs(x)
    coef, intercept = np.zeros((x.shape[1], len(tf.CLASSES))), np.zeros(len(tf.CLASSES))
    for k, label in enumerate(tf.CLASSES):
        inside = labels == label
        p = NB_ALPHA + np.asarray(presence[inside].sum(axis=0)).ravel()
        q = NB_ALPHA + np.asarray(presence[~inside].sum(axis=0)).ravel()
        ratio = np.log(p / p.sum()) - np.log(q / q.sum())
        model = LogisticRegression(C=NB_C, class_weight="balanced", max_iter=5000, tol=1e-6)
        model.fit(x.multiply(ratio[None, :]).tocsr(), inside.astype(int))
        coef[:, k] = model.coef_[0] * ratio
        intercept[k] = model.intercept_[0]
    return coef, intercept


def fit(mentions: Sequence[Mention], lexicon: tf.Lexicon) -> dict:
    """Train on `mentions`; returns the model payload (what the JSON file holds). The
    weights are the mean of the two models' logits, LR and NB-LR."""
    from sklearn.feature_extraction import DictVectorizer
    from threadpoolctl import threadpool_limits  # a scikit-learn dependency

    vectorizer = DictVectorizer(sort=True)
    x = vectorizer.fit_transform(featurize(mentions, lexicon)).tocsc()
    keep = np.flatnonzero(np.diff(x.indptr) >= MIN_DF)  # columns' document frequency
    x = x[:, keep].tocsr()
    labels = np.array([m.label for m in mentions])
    with threadpool_limits(limits=1):  # threaded BLAS may sum in another order run to run
        parts = [_logistic_regression(x, labels), _nb_logistic_regression(x, labels)]
    coef = np.round(sum(c for c, _ in parts) / len(parts), DECIMALS)  # (n_features, 3)
    intercept = np.round(sum(b for _, b in parts) / len(parts), DECIMALS)
    used = np.flatnonzero(np.abs(coef).sum(axis=1) > 0)
    names = vectorizer.get_feature_names_out()[keep][used]
    return {
        "format": tf.FORMAT,
        "window": tf.WINDOW,
        "classes": list(tf.CLASSES),
        "vocabulary": [str(n) for n in names],
        "coef": [[_num(v) for v in row] for row in coef[used]],
        "intercept": [_num(v) for v in intercept],
        "lexicon": {w: lexicon.valence[w] for w in sorted(lexicon.valence)},
        "negations": sorted(lexicon.negations),
    }


def _num(value: float) -> float | int:
    """A rounded weight as JSON writes it shortest: 0.5, not 0.5000; -0.0 as 0."""
    value = float(value)
    return 0 if value == 0 else value


def write_model(payload: dict, path: str | Path) -> None:
    """Sorted keys, no spaces, one trailing newline: the same payload, the same bytes."""
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    Path(path).write_text(text + "\n", encoding="utf-8")


def training_metadata(sha: str, n_mentions: int) -> dict:
    """What the model file records about its training: data, hash, settings, citations."""
    return {
        "data": SOURCE,
        "data_sha256": sha,
        "mentions": n_mentions,
        "method": METHOD,
        "C": C,
        "nb_C": NB_C,
        "nb_alpha": NB_ALPHA,
        "min_df": MIN_DF,
        "citation": CITATION,
        "lexicon": LEXICON,
        "script": "benchmarks/train_tone.py",
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="?", help="NewsMTSC sentences.jsonl.gz")
    parser.add_argument("-o", "--output", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    path = data_path(args.data)
    if not path.is_file():
        parser.error(f"{path}: NewsMTSC not found; give its path or set FRAMING_NEWSMTSC")
    sha = file_sha256(path)
    print(f"data {path} sha256 {sha}")
    mentions = load_mentions(path, "train")
    payload = fit(mentions, vader_lexicon())
    payload["training"] = training_metadata(sha, len(mentions))
    write_model(payload, args.output)
    size = args.output.stat().st_size
    print(
        f"{len(mentions)} mentions, {len(payload['vocabulary'])} features -> "
        f"{args.output} ({size / 1e6:.2f} MB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
