"""Canonical names of organisation and description speakers (docs/attribution.md,
"Speaker resolution"): leading determiners dropped, "Mr X" resolved to the full name,
and a person's office named by the person ("Mr Yoon’s office" → "Yoon Suk Yeol's
office")."""

from __future__ import annotations

from collections.abc import Callable

from framing.corpus.words import DETERMINERS
from framing.features.attribution.names import POSSESSIVE_RE
from framing.features.attribution.vocabulary import NP_WORDS, TITLE_WORDS

__all__ = ["canonical_org"]


def canonical_org(core: str, resolve_surname: Callable[[str], str | None]) -> str:
    """Organisation phrase with leading determiners dropped and "Mr X" resolved; a
    person's office is named by the person ("South Korean president Yoon Suk Yeol’s
    office" and "Mr Yoon’s office" → "Yoon Suk Yeol's office")."""
    words = core.replace("’", "'").split()
    office = _persons_office(words, resolve_surname)
    if office is not None:
        return office
    while words and words[0].lower() in DETERMINERS:
        words = words[1:]
    out: list[str] = []
    k = 0
    while k < len(words):
        w = words[k]
        if w.lower() in TITLE_WORDS and k + 1 < len(words):
            nxt = words[k + 1]
            base = POSSESSIVE_RE.sub("", nxt)
            resolved = resolve_surname(base)
            if resolved:
                out.append(resolved + nxt[len(base) :])
                k += 2
                continue
        out.append(w)
        k += 1
    return " ".join(out)


def _persons_office(words: list[str], resolve_surname: Callable[[str], str | None]) -> str | None:
    """ "<person>'s <office>" for the last possessive of `words` that a person's name
    (or a surname resolved to one) owns, else None."""
    for k in range(len(words) - 1, -1, -1):
        if words[k].endswith("'s") and k + 1 < len(words):
            owner = [*words[: k + 1]]
            owner[-1] = owner[-1][:-2]
            tail: list[str] = []
            for w in reversed(owner):
                if not w[:1].isupper() or w.lower() in TITLE_WORDS or w.lower() in NP_WORDS:
                    break
                tail.insert(0, w)
            if tail:
                person = " ".join(tail)
                full = resolve_surname(person) if len(tail) == 1 else person
                if full or len(tail) > 1:
                    return f"{full}'s " + " ".join(words[k + 1 :])
            break
    return None
