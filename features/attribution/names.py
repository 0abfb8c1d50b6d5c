"""Person names, titles and affiliations in speaker phrases (plain strings, no tokens).

A person's name is a run of 2–4 capitalised words with no title, function word or
place/organisation word in it (`NON_PERSON`: "North Korea", "Foreign Ministry" are not
people); titles before it ("President", "Foreign Minister") are split off, and an
affiliation after "of/at/from/with" + a capitalised organisation is split from it
("Yang Moo-jin of the University of North Korean Studies").
"""

from __future__ import annotations

import re

from framing.corpus.words import NAME_SUFFIXES
from framing.features.attribution.vocabulary import (
    EXPERT_WORD_RE,
    NON_PERSON,
    NP_WORDS,
    OFFICIAL_TITLES,
    SOURCE_HEADS,
    STOP_CAPS,
    TITLE_WORDS,
)

__all__ = [
    "POSSESSIVE_RE",
    "has_expert_word",
    "name_from_words",
    "parse_appositive",
    "person_runs",
    "split_affiliation",
]

# A capitalised word keeps its full stop when the run goes on after it: an initial or a
# title ("Walter J. Grant", "Sen. Tom Adler").
CAP_RUN_RE = re.compile(r"(?:[A-Z][\w’'\-]*(?:\.(?=[ \t]+[A-Z])|\b)[ \t]*){2,8}")
POSSESSIVE_RE = re.compile(r"['’]s$")
# Only this much of a paragraph is searched for names (a bound for pasted dumps).
MAX_NAME_SEARCH_CHARS = 200_000
AFFILIATION_LINKS = frozenset({"of", "at", "from", "with", "for"})


def person_runs(text: str) -> list[str]:
    """Runs of 2–4 capitalised words that look like a person's name."""
    out: list[str] = []
    for match in CAP_RUN_RE.finditer(text[:MAX_NAME_SEARCH_CHARS]):
        for words in _name_pieces(match.group().split()):
            name = name_from_words(words)
            if name:
                out.append(name)
    return out


def _name_pieces(run: list[str]) -> list[list[str]]:
    """A run of capitalised words split at titles and possessives: "South Korea's
    President Yoon Suk Yeol" → [South, Korea], [], [Yoon, Suk, Yeol]."""
    part: list[str] = []
    pieces: list[list[str]] = []
    for word in run:
        low = word.lower()
        if word in STOP_CAPS or low in TITLE_WORDS or low in NP_WORDS:
            pieces.append(part)
            part = []
        elif POSSESSIVE_RE.search(word):
            part.append(word[:-2])
            pieces.append(part)
            part = []
        elif word.endswith(".") and len(word) > 2:
            # "… Donald Trump. Johnson …": a sentence ends here ("Jr." keeps its stop)
            part.append(word if low.rstrip(".") in NAME_SUFFIXES else word[:-1])
            pieces.append(part)
            part = []
        else:
            part.append(word)
    pieces.append(part)
    return pieces


def name_from_words(words: list[str]) -> str:
    """The person name in a run of capitalised words, or ""."""
    # Drop leading titles (President, Professor, Foreign Minister ...).
    while words and (words[0].lower() in NP_WORDS or words[0].lower() in TITLE_WORDS):
        words = words[1:]
    if words and POSSESSIVE_RE.search(words[-1]):
        return ""  # a possessor ("Yoon Suk Yeol’s office") is handled by the caller
    if not 2 <= len(words) <= 4:
        return ""
    if any(w in NON_PERSON or w.rstrip("’'s") in NON_PERSON for w in words):
        return ""
    return " ".join(words)


def split_affiliation(words: list[str]) -> tuple[list[str], str]:
    """(core words, affiliation) for "Name of/at/from/with/for the Org" (org
    capitalised), after a person's name, a plural source head ("Analysts at the …") or
    a lower-case description ("a reporter for USA Today", "the chairman of the House
    Intelligence Committee")."""
    for k, word in enumerate(words):
        if k == 0 or word.lower() not in AFFILIATION_LINKS:
            continue
        rest = words[k + 1 :]
        if rest and rest[0].lower() == "the":
            rest = rest[1:]
        if rest and rest[0][:1].isupper():
            before = words[:k]
            head = before[-1] if before else ""
            described = head.islower() and head.isalpha() and head not in AFFILIATION_LINKS
            if name_from_words(before) or head.lower() in SOURCE_HEADS or described:
                return before, " ".join(words[k + 1 :])
    return words, ""


def parse_appositive(text: str) -> tuple[str, str]:
    """(title, affiliation) of "a senior analyst at the Carnegie Endowment" and the like."""
    text = re.sub(r"^(?:who (?:is|was|has been)|also)\s+", "", text.strip())
    text = re.sub(r"^(?:a|an|the)\s+", "", text)
    match = re.search(r"\s(?:at|of|from|with)\s+(?:the\s+)?(?=[A-Z])", " " + text)
    if match:
        title = (" " + text)[: match.start()].strip()
        return title, (" " + text)[match.end() :].strip()
    last = text.split()[-1] if text.split() else ""
    if (last.islower() and last in NP_WORDS) or any(w in OFFICIAL_TITLES for w in text.split()):
        return text, ""  # a title: "Mr Yoon’s national security adviser"
    if text[:1].isupper():
        return "", text
    return text, ""


def has_expert_word(*texts: str) -> bool:
    """Whether the texts, joined by spaces, contain a whole expert word ("professor",
    "think tank", "former", …)."""
    return EXPERT_WORD_RE.search(" ".join(texts).lower()) is not None
