"""Speaker comparison: head words of a speaker phrase, and when two phrases agree.

A phrase (a gold source, a predicted speaker) is read as *alternatives*: its
comma/dash-separated parts (a name and its appositive name the same person), each
part cut before its first post-modifier (preposition, relative pronoun, "familiar
with"...) -- plus, for a title with a post-modifier, the name it ends with --, each
part's coordinated conjuncts ("Clinton and Kaine"), and the *head*
of each conjunct: its last word, lower-cased, possessive and full stop removed, a
suffix (Jr., III) and an emphatic reflexive ("Sanders himself") skipped. A part is a frozenset of conjunct heads. Two phrases agree
when one alternative of each is the same set: "Hillary Clinton" = "Clinton" =
"Mrs. Clinton's" (head "clinton"); "former Obama adviser David Axelrod" = "Axelrod";
"the New York businessman" = "businessman"; "Trump Tower" ≠ "Trump".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

Heads = frozenset[str]


def wordset(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string."""
    return frozenset(words.split())


WORD_RE = re.compile(r"[^\W_][\w'’.\-]*")
PART_SPLIT_RE = re.compile(r"[,;:(\[]|\s[—–]\s?|\s--\s")
PAREN_RE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
CUT_WORDS = wordset(
    "of at for from in with on to by under during about since after before over who "
    "whom whose which that where when while because as than familiar close involved "
    "briefed knowledgeable speaking working allied aligned loyal opposed based said "
    "says called named dubbed titled known"
)
CONJUNCTIONS = frozenset(["and", "&", "or"])
SUFFIXES = frozenset(["jr", "sr", "ii", "iii", "iv"])
# An emphatic reflexive after the head ("Mr. Rubio himself", "Sanders himself") is not
# the head: skipped like a suffix.
EMPHATIC_REFLEXIVES = frozenset(["himself", "herself", "themselves", "itself"])

THIRD_PERSON = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
    "they": "pl",
    "them": "pl",
    "their": "pl",
    "themselves": "pl",
    "it": "org",
    "its": "org",
    "itself": "org",
}
FIRST_PERSON = wordset("i me my we us our myself ourselves")
SECOND_PERSON = frozenset(["you", "your", "yourself"])
RELATIVE = frozenset(["who", "whom", "whose", "which", "that"])


def normalise_word(word: str) -> str:
    word = word.lower().replace("’", "'").rstrip(".")
    if word.endswith("'s"):
        word = word[:-2]
    return word.rstrip("'")


def words_of(text: str) -> list[str]:
    return WORD_RE.findall(PAREN_RE.sub(" ", text))


def _conjunct_heads(words: list[str]) -> Heads:
    conjuncts: list[list[str]] = [[]]
    for word in words:
        if word.lower() in CONJUNCTIONS:
            conjuncts.append([])
        else:
            conjuncts[-1].append(word)
    heads = set()
    for conjunct in conjuncts:
        kept = [normalise_word(w) for w in conjunct]
        kept = [w for w in kept if w and w not in SUFFIXES]
        if len(kept) > 1 and kept[-1] in EMPHATIC_REFLEXIVES:
            kept.pop()
        if kept:
            heads.add(kept[-1])
    return frozenset(heads)


def _part_heads(part: str) -> list[Heads]:
    """The part cut before its first post-modifier; and, when that leaves a
    lower-case head (a title), the name the part ends with if a lower-case word
    directly precedes it ("former secretary of state Hillary Clinton")."""
    words = words_of(part)
    cut = next((i for i, w in enumerate(words[1:], 1) if w.lower() in CUT_WORDS), len(words))
    out = [_conjunct_heads(words[:cut])]
    name: list[str] = []
    for word in reversed(words):
        if not word[:1].isupper():
            break
        name.insert(0, word)
    before = words[len(words) - len(name) - 1] if len(name) < len(words) else ""
    title_head = all(h.islower() for h in out[0]) and any(not h.isdigit() for h in out[0])
    if name and cut < len(words) and title_head and before.islower() and before not in CUT_WORDS:
        out.append(_conjunct_heads(name))
    return out


def alternatives(phrase: str) -> list[Heads]:
    """The head sets a phrase can be read as (see the module docstring)."""
    parts = PART_SPLIT_RE.split(PAREN_RE.sub(" ", phrase or ""))
    # A part that opens with a post-modifier ("who observed...") is a clause, no name.
    parts = [p for p in parts if (w := words_of(p)) and w[0].lower() not in CUT_WORDS]
    found = [h for p in parts for h in _part_heads(p)]
    return list(dict.fromkeys(h for h in found if h))


def agree(gold: Iterable[Heads], predicted: Iterable[str]) -> bool:
    """True when some alternative of a predicted phrase equals a gold alternative."""
    wanted = set(gold)
    return any(h in wanted for phrase in predicted for h in alternatives(phrase))


def pronoun_kind(source_text: str) -> str | None:
    """``third``, ``first``, ``second`` or ``relative`` for a source that is only a
    pronoun; None for a name or description."""
    words = [w.lower() for w in words_of(source_text)]
    if len(words) != 1:
        return None
    word = words[0]
    if word in THIRD_PERSON:
        return "third"
    if word in FIRST_PERSON:
        return "first"
    if word in SECOND_PERSON:
        return "second"
    return "relative" if word in RELATIVE else None


def is_pronoun(phrase: str) -> bool:
    return pronoun_kind(phrase) is not None


def predicted_phrases(row: dict, written: str) -> list[str]:
    """The predicted speaker as written (title + speaker, or the mention at its
    offsets) and as resolved (``speaker_canonical``); pronouns are not a speaker."""
    out = [p for p in (written, row.get("speaker_canonical") or "") if p.strip()]
    return [p for p in out if not is_pronoun(p)]


def speakerless(row: dict) -> bool:
    return (
        not (row.get("speaker") or "").strip() and not (row.get("speaker_canonical") or "").strip()
    )
