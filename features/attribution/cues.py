"""Reporting cues: the verb lexicon, its inflection, and the cues of a sentence.

The lexicon (``lexicons/reporting_verbs.toml``, sources cited there) lists verb lemmas
in five classes: ``neutral`` and ``charged`` verbs introduce reported speech, ``belief``
and ``evidence`` verbs ascribe a belief or a finding to a source (role ``cue``);
``stance`` verbs take an object and only colour a chained cue ("X slammed the deal and
said"). Regular inflections are generated (`inflect`); the file lists the irregular
ones. Some lemmas are a cue only with a quotation in their content (``quotation``:
"called it “…”") or with a clause (``clause``: every belief and evidence verb,
"maintained that"); `VerbLexicon.needs` says which, and the sentence rules check it.

A lexicon form in a sentence is a cue unless (docs/attribution.md, rule 2) it follows
a determiner or a possessor (a noun: "a warning", "Kim's statement"), a form of *be*
(passive; but *be* + -ing is the progressive, a cue: "is telling"), "to", a modal,
do-support or a negation; it is an -ing form not after ",", "and" or *be*; or it is
followed by "to" + verb ("vowed to act": an intention).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources

from framing.corpus.words import (
    BE_FORMS,
    DETERMINERS,
    MODAL_AUXILIARIES,
    PERFECT_AUXILIARIES,
    SUBJECT_PRONOUNS,
)
from framing.features.attribution.narrative import Token
from framing.features.attribution.vocabulary import NOT_BEFORE_CUE

__all__ = [
    "Cue",
    "VerbLexicon",
    "build_lexicon",
    "find_cues",
    "inflect",
    "load_default_lexicon",
    "satisfied",
]

LEXICON_FILE = "lexicons/reporting_verbs.toml"
# Objects of "told to": "X told reporters that…" is speech, "X vowed to act" is not.
SPEECH_OBJECTS = frozenset({"reporters", "journalists", "me", "him", "her", "them", "us"})
# Verbs that never take an infinitive of intention: "said to cheers", "added to
# laughter", "wrote to supporters" are speech (the passive "is said to be" is rejected
# before this, by its "is").
NO_INTENTION = frozenset({"say", "add", "write", "reply", "respond", "remark", "comment"})

# (lemma, class, role): class ``neutral``/``charged``/``belief``/``evidence``, role
# ``cue``/``stance``.
Entry = tuple[str, str, str]
# Words before a lexicon form that make it a noun or a non-assertion, besides the
# determiners, possessors and `NOT_BEFORE_CUE` ("no doubt", "every warning").
NOT_A_CUE_AFTER = frozenset({"no", "every", "each", "any", "some", "such"})


@dataclass(frozen=True)
class VerbLexicon:
    """Reporting verbs: inflected form (lowercase words) → (lemma, class, role).

    `role` is ``cue`` (introduces reported speech) or ``stance`` (takes an object; only
    colours a chained cue). `cls` is ``neutral`` or ``charged``.
    """

    forms: dict[tuple[str, ...], Entry]
    # lemma -> "quotation" or "clause": what its content must hold for it to be a cue.
    needs: dict[str, str] = field(default_factory=dict)

    @property
    def max_len(self) -> int:
        return max(self.first_words.values(), default=1)

    @cached_property
    def first_words(self) -> dict[str, int]:
        """First word of each form → the longest form's length in words (computed once:
        a word that starts no form is passed over with one dictionary look-up)."""
        out: dict[str, int] = {}
        for key in self.forms:
            out[key[0]] = max(out.get(key[0], 0), len(key))
        return out

    def match(self, words: Sequence[str], i: int) -> tuple[int, Entry] | None:
        """Longest lexicon form starting at ``words[i]``: (length in tokens, entry)."""
        longest = self.first_words.get(words[i], 0)
        for n in range(min(longest, len(words) - i), 0, -1):
            entry = self.forms.get(tuple(words[i : i + n]))
            if entry is not None:
                return n, entry
        return None


def inflect(lemma: str) -> list[str]:
    """Base, 3rd person, past and -ing forms of a regular (phrasal) verb lemma.

    Rules: -e → -es/-ed/-ing without e (state → stated, stating); consonant + y →
    -ies/-ied/-ying (deny → denied); -s/-sh/-ch/-x/-z → -es; else -s/-ed/-ing. Only the
    first word of a phrasal verb inflects (brush off → brushed off).
    """
    head, _, rest = lemma.partition(" ")
    tail = f" {rest}" if rest else ""
    if head.endswith("e"):
        forms = [head, head + "s", head + "d", head[:-1] + "ing"]
    elif len(head) > 1 and head.endswith("y") and head[-2] not in "aeiou":
        forms = [head, head[:-1] + "ies", head[:-1] + "ied", head + "ing"]
    elif head.endswith(("s", "sh", "ch", "x", "z")):
        forms = [head, head + "es", head + "ed", head + "ing"]
    else:
        forms = [head, head + "s", head + "ed", head + "ing"]
    return [f + tail for f in forms]


def build_lexicon(
    *,
    neutral: Iterable[str],
    charged: Iterable[str],
    stance: Iterable[str],
    forms: dict[str, Sequence[str]] | None = None,
    belief: Iterable[str] = (),
    evidence: Iterable[str] = (),
    quotation_only: Iterable[str] = (),
    clause_only: Iterable[str] = (),
) -> VerbLexicon:
    """A `VerbLexicon` from lemma lists; `forms` overrides the generated inflections.

    Belief and evidence lemmas, and `clause_only` ones, need a clause; `quotation_only`
    lemmas need a quotation (module docstring)."""
    forms = forms or {}
    table: dict[tuple[str, ...], Entry] = {}
    needs: dict[str, str] = {}
    for cls, role, lemmas in (
        ("neutral", "cue", neutral),
        ("charged", "cue", charged),
        ("belief", "cue", belief),
        ("evidence", "cue", evidence),
        ("charged", "stance", stance),
    ):
        for lemma in map(_normal, lemmas):
            if not lemma:
                continue
            if cls in ("belief", "evidence"):
                needs[lemma] = "clause"
            for form in forms.get(lemma) or inflect(lemma):
                table[tuple(form.lower().split())] = (lemma, cls, role)
    needs.update((lemma, "clause") for lemma in map(_normal, clause_only) if lemma)
    needs.update((lemma, "quotation") for lemma in map(_normal, quotation_only) if lemma)
    return VerbLexicon(table, needs)


def _normal(lemma: str) -> str:
    return " ".join(lemma.lower().split())


@cache
def _default_lexicon_data() -> dict:
    text = resources.files("framing.features").joinpath(LEXICON_FILE).read_text("utf-8")
    return tomllib.loads(text)


def load_default_lexicon() -> dict:
    """The shipped lexicon file as data: ``neutral``, ``charged``, ``belief``,
    ``evidence``, ``stance``, ``quotation_only``, ``clause_only``, ``forms``."""
    return _default_lexicon_data()


@dataclass
class Cue:
    """A reporting cue of a sentence; `speaker_tokens`, `appositive`, `content` and the
    flags after `according` are filled in by `framing.features.attribution.clauses`."""

    index: int  # token index of the verb in the sentence
    length: int
    verb: str  # as written
    lemma: str
    cls: str
    participle: bool
    according: bool = False
    needs: str = ""  # "quotation" / "clause": what the content must hold (VerbLexicon.needs)
    speaker_tokens: list[Token] = field(default_factory=list)
    appositive: str = ""
    content: tuple[int, int] = (0, 0)  # token range [a, b) of reported content
    chained_to_subject: bool = False
    follows: int = -1  # a participle after a cue of the same sentence: that cue's position
    skip: bool = False
    np_start: int = -1  # token index where a speaker placed before the verb starts
    relative: bool = False  # the verb of a relative clause ("X, who said C, …")


def find_cues(sent: list[Token], lexicon: VerbLexicon) -> tuple[list[Cue], list[tuple[int, Entry]]]:
    """Reporting cues and stance verbs (token index, entry) of one sentence, left to right."""
    words = [t.lower for t in sent]
    cues: list[Cue] = []
    stances: list[tuple[int, Entry]] = []
    title_case = _title_case(sent)
    i = 0
    while i < len(sent):
        usable = sent[i].is_word and (title_case or not _inside_name(sent, i))
        hit = lexicon.match(words, i) if usable else None
        if hit is None:
            i += 1
            continue
        n, (lemma, cls, role) = hit
        according = lemma == "according to"
        participle = words[i].endswith("ing") and not according
        if according or not _rejected(sent, words, i, n, participle, lemma):
            if role == "stance":
                stances.append((i, (lemma, cls, role)))
            else:
                verb = " ".join(t.text for t in sent[i : i + n])
                needs = lexicon.needs.get(lemma, "")
                cues.append(Cue(i, n, verb, lemma, cls, participle, according, needs))
        i += n
    return cues, stances


def _title_case(sent: list[Token]) -> bool:
    """A headline in title case ("Mayor Says She Will Run"): most words capitalised."""
    words = [t for t in sent if t.is_word and t.text[:1].isalpha()]
    return len(words) >= 3 and sum(t.is_cap for t in words) >= 0.6 * len(words)


def _inside_name(sent: list[Token], i: int) -> bool:
    """A capitalised word that does not open the sentence (nor follow a quotation, a
    colon or a dash) is part of a name, not a verb: "spokeswoman Hope Carter said"."""
    if not sent[i].is_cap or i == 0:
        return False
    prev = sent[i - 1]
    return prev.quote < 0 and prev.text not in {":", "—", "–", "(", '"', "“"}


def _rejected(
    sent: list[Token], words: list[str], i: int, n: int, participle: bool, lemma: str
) -> bool:
    """Whether the lexicon form ``words[i : i + n]`` is not a cue here (module docstring)."""
    prev = words[i - 1] if i else ""
    nxt = words[i + n] if i + n < len(words) else ""
    nxt2 = words[i + n + 1] if i + n + 1 < len(words) else ""
    if participle:  # "…, saying", "and saying", progressive "is telling"
        if prev not in {",", "and"} and prev not in BE_FORMS:
            return True
    elif prev in BE_FORMS:
        return True  # passive: "is said to", "was told"
    if prev in DETERMINERS or prev.endswith("'s") or prev in NOT_BEFORE_CUE:
        return True
    if prev in NOT_A_CUE_AFTER or (words[i] == "think" and nxt in ("tank", "tanks")):
        return True  # "no doubt", "think tank"
    # "vowed to act": an intention, not reported speech.
    return (
        nxt == "to"
        and lemma not in NO_INTENTION
        and bool(nxt2)
        and nxt2 not in DETERMINERS
        and nxt2 not in SPEECH_OBJECTS
        and not sent[i + n + 1].is_cap
    )


# A finite verb among the first words of a clause: "voters believe (that) the mayor *is*…".
FINITE_MARKERS = BE_FORMS | PERFECT_AUXILIARIES | MODAL_AUXILIARIES | {"won't", "isn't", "wasn't"}
CLAUSE_OPENERS = SUBJECT_PRONOUNS | {"that", "there", ":", "whether", "if", "how", "why", "what"}
# How far into the content a finite verb (or, after an evidence verb, an -ing form:
# "polls show the mayor leading") is looked for.
CLAUSE_REACH = 6


def satisfied(cue: Cue, content: list[Token], quoted: bool) -> bool:
    """Whether `content` (the cue's content tokens) is what the cue needs: a quotation
    (`quoted`) for a ``quotation`` cue; a quotation or a clause for a ``clause`` cue —
    content opening with "that", ":", a subject pronoun or a wh-word, or with a form of
    be/have/a modal (or, for an evidence verb, an -ing form) among its first words."""
    if not cue.needs or quoted:
        return True
    if cue.needs == "quotation":
        return False
    words = [t.lower for t in content if t.is_word or t.text == ":"]
    if not words:
        return False
    if words[0] in CLAUSE_OPENERS:
        return True
    reach = words[1:CLAUSE_REACH]
    if any(w in FINITE_MARKERS or w.endswith("n't") for w in reach):
        return True
    return cue.cls == "evidence" and any(w.endswith("ing") for w in reach)
