"""The mention-tone model: negative / neutral / positive toward one actor mention, and a
score in [-1, 1] (P(positive) − P(negative)).

One linear model over the sparse features of `tone_features`, trained on NewsMTSC (Hamborg
& Donnay, EACL 2021) by ``benchmarks/train_tone.py``: the average of a multinomial logistic
regression and an NB-LR (Wang & Manning 2012), folded into one weight matrix. Inference is
plain Python plus numpy: the model file (`MODEL_PATH`, shipped in the package) is JSON —
vocabulary, weights, the VADER word lexicon, negations, and the training data's sha256 and
citation — never a pickle. docs/actors.md gives its measured F1m and what it cannot see.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from framing.errors import DataError
from framing.features.actors.tone_features import (
    CLASSES,
    FORMAT,
    WINDOW,
    Features,
    Lexicon,
    Span,
    mention_features,
    sentence_features,
)

if TYPE_CHECKING:
    import numpy as np

__all__ = ["MODEL_PATH", "ToneModel", "load_model", "model_sha256", "shipped_model"]

MODEL_PATH = Path(__file__).with_name("mention_tone.json")


class ToneModel:
    """A loaded model file: `score_mention` and the batched `score_mentions`."""

    def __init__(self, payload: dict) -> None:
        import numpy as np

        self.lexicon = Lexicon(dict(payload["lexicon"]), frozenset(payload["negations"]))
        self.index = {name: i for i, name in enumerate(payload["vocabulary"])}
        self.coef = np.asarray(payload["coef"], dtype=np.float64)  # (n_features, 3)
        self.intercept = np.asarray(payload["intercept"], dtype=np.float64)
        self.classes = tuple(payload["classes"])
        self.training = dict(payload.get("training", {}))
        if (
            payload.get("format") != FORMAT
            or payload.get("window") != WINDOW
            or self.classes != CLASSES
            or self.coef.shape != (len(self.index), len(CLASSES))
        ):
            raise ValueError("model file was not written for this feature code")

    def probabilities(self, features: Sequence[Features]) -> np.ndarray:
        """(n, 3) class probabilities for feature dicts, in `CLASSES` order. A row's
        probabilities depend on its own features only (not on the rest of the batch)."""
        import numpy as np

        rows, cols, vals = [], [], []
        get = self.index.get
        for r, feats in enumerate(features):
            found = [(get(name), value) for name, value in feats.items()]
            found = [(col, value) for col, value in found if col is not None]
            rows += [r] * len(found)
            cols += [col for col, _ in found]
            vals += [value for _, value in found]
        logits = np.tile(self.intercept, (len(features), 1))
        # One gather and one scatter-add for the whole batch (a sparse matrix product);
        # each row's terms are added in its own features' order, whatever the batch.
        np.add.at(
            logits,
            np.asarray(rows, dtype=np.intp),
            np.asarray(vals, dtype=np.float64)[:, None]
            * self.coef[np.asarray(cols, dtype=np.intp)],
        )
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def score_mentions(
        self, mentions: Iterable[tuple[str, int, int, Sequence[Span]]]
    ) -> list[tuple[str, float]]:
        """(label, score) for each (text, start, end, other actor spans);
        score = P(positive) − P(negative), in [-1, 1]; label = the likeliest class."""
        return self._labels([mention_features(t, s, e, o, self.lexicon) for t, s, e, o in mentions])

    def _labels(self, features: Sequence[Features]) -> list[tuple[str, float]]:
        if not features:
            return []
        probs = self.probabilities(features)
        labels = probs.argmax(axis=1)
        return [(self.classes[k], float(p[2] - p[0])) for k, p in zip(labels, probs, strict=True)]

    def score_sentences(
        self, sentences: Iterable[tuple[str, Sequence[Span]]]
    ) -> list[tuple[str, float]]:
        """(label, score) for every span of every (text, actor spans), in order: each span
        scored with the sentence's other spans as its other actors, as `score_mentions`
        would, the sentence tokenised once."""
        features = [
            f for text, spans in sentences for f in sentence_features(text, spans, self.lexicon)
        ]
        return self._labels(features)

    def score_mention(
        self, text: str, start: int, end: int, others: Sequence[Span] = ()
    ) -> tuple[str, float]:
        """(label, score) toward ``text[start:end]``; other actors' spans may be given."""
        return self.score_mentions([(text, start, end, others)])[0]


def load_model(path: str | Path) -> ToneModel:
    """Read a model file written by ``benchmarks/train_tone.py`` (JSON, no pickle)."""
    return ToneModel(json.loads(Path(path).read_text(encoding="utf-8")))


def _shipped_bytes() -> bytes:
    try:
        return MODEL_PATH.read_bytes()
    except OSError as exc:
        raise DataError(
            f"{MODEL_PATH}: the mention-tone model cannot be read ({exc.strerror}); "
            "reinstall framing, or rebuild it with benchmarks/train_tone.py"
        ) from exc


@lru_cache(maxsize=1)
def shipped_model() -> ToneModel:
    """The model file shipped with the package, loaded once per process (~30 ms);
    `DataError` (exit 1, one line) when it is missing or not a model for this code."""
    try:
        return ToneModel(json.loads(_shipped_bytes()))
    except (ValueError, KeyError, TypeError) as exc:  # JSONDecodeError is a ValueError
        raise DataError(
            f"{MODEL_PATH}: not a mention-tone model for this version of framing ({exc}); "
            "reinstall framing, or rebuild it with benchmarks/train_tone.py"
        ) from exc


@lru_cache(maxsize=1)
def model_sha256() -> str:
    """sha256 of the shipped model file: part of the family's cache key, so a retrained
    model recomputes cached mention tones even if nobody bumps the family version. Read
    when a run is planned, so a missing file stops the run before any work."""
    return hashlib.sha256(_shipped_bytes()).hexdigest()
