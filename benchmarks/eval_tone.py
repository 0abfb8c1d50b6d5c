"""Evaluate the mention-tone model beside the VADER baselines, in one run.

    .venv/bin/python benchmarks/eval_tone.py [DATA] [--model features/actors/mention_tone.json]

DATA defaults to ``$FRAMING_NEWSMTSC``, else ``shared/eval/newsmtsc/sentences.jsonl.gz``
beside the repository or a folder above it (as `train_tone.py`). Prints macro-F1 over the
three classes (F1m), accuracy and per-class precision/recall/F1: on the train split by
5-fold grouped cross-validation (a sentence's mentions never straddle folds; each fold's
model is trained by `train_tone.fit`, the shipped model's code), and on devtest_mt with the
shipped model file, with and without the other targets' spans given as other actors; each
beside VADER on the whole sentence, VADER on an 8-word window each side of the mention, and
"always neutral". Then the inference time per mention. Takes about a minute (five CV fits).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support
from sklearn.model_selection import GroupKFold
from train_tone import (
    Mention,
    data_path,
    featurize,
    file_sha256,
    fit,
    load_mentions,
    vader_lexicon,
)

from framing.features.actors import tone_model as tm
from framing.features.actors.tone_features import CLASSES

WINDOW_WORDS = 8  # the window baseline: VADER on 8 words each side of the mention


def vader_label(compound: float) -> str:
    """VADER's usual cut-offs, ±0.05."""
    if compound >= 0.05:
        return "positive"
    return "negative" if compound <= -0.05 else "neutral"


def sentence_vader(mentions: Sequence[Mention]) -> list[str]:
    """Baseline: VADER compound of the whole sentence, the same for every mention in it."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    return [vader_label(analyzer.polarity_scores(m.text)["compound"]) for m in mentions]


def window_vader(mentions: Sequence[Mention]) -> list[str]:
    """Baseline: VADER compound of the mention plus `WINDOW_WORDS` whitespace words each side."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    labels = []
    for m in mentions:
        left = m.text[: m.start].split()[-WINDOW_WORDS:]
        right = m.text[m.end :].split()[:WINDOW_WORDS]
        window = " ".join([*left, m.text[m.start : m.end], *right])
        labels.append(vader_label(analyzer.polarity_scores(window)["compound"]))
    return labels


def model_labels(model: tm.ToneModel, mentions: Sequence[Mention]) -> list[str]:
    return [
        label
        for label, _ in model.score_mentions((m.text, m.start, m.end, m.others) for m in mentions)
    ]


def cross_validated(mentions: Sequence[Mention], folds: int = 5) -> list[str]:
    """Out-of-fold labels: each fold predicted by a model trained on the other folds."""
    lexicon = vader_lexicon()
    groups = [m.group for m in mentions]
    predicted = [""] * len(mentions)
    for train_idx, test_idx in GroupKFold(n_splits=folds).split(mentions, groups=groups):
        model = tm.ToneModel(fit([mentions[i] for i in train_idx], lexicon))
        for i, label in zip(
            test_idx, model_labels(model, [mentions[i] for i in test_idx]), strict=True
        ):
            predicted[i] = label
    return predicted


def report(name: str, gold: Sequence[str], predicted: Sequence[str]) -> None:
    f1m = f1_score(gold, predicted, average="macro", labels=list(CLASSES))
    acc = accuracy_score(gold, predicted)
    p, r, f, n = precision_recall_fscore_support(
        gold, predicted, labels=list(CLASSES), zero_division=0
    )
    per_class = "  ".join(
        f"{c[:3]} P {p[k]:.3f} R {r[k]:.3f} F1 {f[k]:.3f} (n={n[k]})" for k, c in enumerate(CLASSES)
    )
    print(f"  {name:<34} F1m {f1m:.3f}  acc {acc:.3f}  | {per_class}")


def time_per_mention(model: tm.ToneModel, mentions: Sequence[Mention]) -> None:
    """CPU and wall time per mention (best of 3), one call each and batched, features
    included. CPU time is the figure to plan with on a shared machine."""
    items = [(m.text, m.start, m.end, m.others) for m in mentions]
    timers: dict[str, Callable[[], object]] = {
        "score_mention (one call each)": lambda: [model.score_mention(*it) for it in items],
        "score_mentions (one batch)": lambda: model.score_mentions(items),
        "features only": lambda: featurize(mentions, model.lexicon),
    }
    for name, run in timers.items():
        cpu, wall = min(_seconds(run) for _ in range(3))
        print(
            f"  {name:<30} {1e3 * cpu / len(items):.3f} ms CPU, "
            f"{1e3 * wall / len(items):.3f} ms wall per mention"
        )


def _seconds(run: Callable[[], object]) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    run()
    return time.process_time() - cpu, time.perf_counter() - wall


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="?", help="NewsMTSC sentences.jsonl.gz")
    parser.add_argument("--model", type=Path, default=tm.MODEL_PATH)
    args = parser.parse_args(argv)
    path = data_path(args.data)
    if not path.is_file():
        parser.error(f"{path}: NewsMTSC not found; give its path or set FRAMING_NEWSMTSC")
    print(f"data {path} sha256 {file_sha256(path)}")
    train = load_mentions(path, "train")
    gold = [m.label for m in train]
    print(f"\ntrain: {len(train)} mentions, 5-fold grouped CV for the model")
    report("model (grouped 5-fold CV)", gold, cross_validated(train))
    report("VADER sentence", gold, sentence_vader(train))
    report(f"VADER ±{WINDOW_WORDS}-word window", gold, window_vader(train))
    report("always neutral", gold, ["neutral"] * len(gold))

    model = tm.load_model(args.model)
    dev = load_mentions(path, "devtest_mt")
    dev_alone = load_mentions(path, "devtest_mt", use_others=False)
    gold = [m.label for m in dev]
    print(f"\ndevtest_mt: {len(dev)} mentions, model file {args.model}")
    report("model (other targets as <o>)", gold, model_labels(model, dev))
    report("model (no other actors given)", gold, model_labels(model, dev_alone))
    report("VADER sentence", gold, sentence_vader(dev))
    report(f"VADER ±{WINDOW_WORDS}-word window", gold, window_vader(dev))
    report("always neutral", gold, ["neutral"] * len(gold))

    print(f"\ninference time ({len(dev)} devtest_mt mentions, best of 3)")
    time_per_mention(model, dev)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
