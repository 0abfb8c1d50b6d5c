"""Attributions by punctuation, without a verb (docs/attribution.md, rule 2):

* a transcript or headline label, "NAME: text" at the start of a paragraph ("Ann
  Carver: ‘The Slogan Will Not Help …’", "SMITH: We will win."), when NAME is a
  person's name (2–4 capitalised words, or one capitalised word in capitals of 3+
  letters) and what follows is a quotation or holds no reporting verb;
* a byline after a quotation, "“…” — NAME" closing a sentence.

The cue is the colon or the dash (`verb` as written, no lemma, no class); speaker and
content come from the ordinary rules (`clauses`).
"""

from __future__ import annotations

from framing.features.attribution.cues import Cue
from framing.features.attribution.narrative import TERMINATORS, Token
from framing.features.attribution.phrases import word_kind

__all__ = ["label_cue"]

DASH_LABELS = frozenset({"—", "–", "―", "-"})
MAX_LABEL_WORDS = 6
# Capitalised words that open a non-speaker label ("Update:", "Editor's note:", "Q:").
NOT_SPEAKERS = frozenset(
    {"update", "updated", "note", "editor", "editors", "photo", "photos", "video", "watch",
     "read", "more", "related", "correction", "source", "sources", "breaking", "exclusive",
     "also", "q", "a", "listen", "see", "click", "follow", "credit", "caption", "advertisement",
     "poll", "polls", "results", "live", "latest", "analysis", "opinion", "editorial"}
)  # fmt: skip


def label_cue(sent: list[Token], *, first: bool, has_cues: bool) -> Cue | None:
    """A colon label at the start of a paragraph's first sentence, or a dash byline that
    ends the sentence after a quotation; None when the sentence has neither."""
    if first:
        k = next((i for i, t in enumerate(sent[: MAX_LABEL_WORDS + 1]) if t.text == ":"), -1)
        after = sent[k + 1 :] if k > 0 else []
        starts_quote = bool(after) and after[0].quote >= 0
        if k > 0 and _names_person(sent[:k]) and (starts_quote or not has_cues):
            return Cue(k, 1, ":", "", "", False)
    end = len(sent) - (1 if sent and sent[-1].text in TERMINATORS else 0)
    for k in range(max(1, end - MAX_LABEL_WORDS - 1), end - 1):
        if (
            sent[k].text in DASH_LABELS
            and sent[k - 1].quote >= 0
            and _names_person(sent[k + 1 : end])
        ):
            return Cue(k, 1, sent[k].text, "", "", False)
    return None


def _names_person(tokens: list[Token]) -> bool:
    """1–6 capitalised words naming a person, not a label word ("Update")."""
    words = [t for t in tokens if t.is_word]
    if not words or len(words) != len(tokens) or len(words) > MAX_LABEL_WORDS:
        return False
    if words[0].lower.rstrip(".") in NOT_SPEAKERS:
        return False
    if not all(t.is_cap and word_kind(t) != "stop" for t in words):
        return False
    if len(words) == 1:
        return words[0].text.isupper() and len(words[0].text) >= 3
    return True
