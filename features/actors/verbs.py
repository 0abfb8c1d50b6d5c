"""The verbs an actor is the grammatical subject of (docs/actors.md, "Verbs").

An actor is the subject of a verb from ``lexicons/actor_verbs.txt`` when the verb
follows an alias within ``verb_gap`` tokens that are all auxiliaries, modals or
adverbs ("Seoul has also warned"); passives ("Seoul was warned"), negations ("did
not warn") and aliases right after a preposition ("ties with Moscow") do not count.

Tokens: the text around a mention is split with `_TOKEN`, built from the shared
tokenisation's pieces (`framing.corpus.tokens`: initialisms, letters, punctuation)
but with letters-only words joined by ``'``, ``’`` or ``-``, and bare numbers. The
shared pattern glues letters to digits ("G7", "5bn", "warned7") and joins words with
‐ and ‑ too; on such text the rule would read different tokens, so adopting it
changes ``actor_verb_hits`` and belongs with a new family version.

Words: the forms of *be*, perfect *have*, modals and *do*, negations and prepositions
are the project's shared closed classes (`framing.corpus.words`); the adverbs allowed
in the gap are this rule's own (`ADVERBS`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from framing.corpus.tokens import INITIALISM, LETTER, PUNCT
from framing.corpus.words import (
    BE_FORMS,
    MODAL_AUXILIARIES,
    NEGATIONS,
    PERFECT_AUXILIARIES,
    PREPOSITIONS,
)
from framing.outputs.tables import KEY

if TYPE_CHECKING:
    from framing.features.actors.gazetteer import Gazetteer, Mention

VERBS_FILE = Path(__file__).parent.parent / "lexicons" / "actor_verbs.txt"
VERB_HIT_SCHEMA = {
    "outlet": pl.String,
    "article_id": pl.String,
    "sentence": pl.Int32,
    "actor": pl.String,
    "alias": pl.String,
    "verb": pl.String,
    "verb_class": pl.String,
    "form": pl.String,
}
VERBS_SCHEMA = {
    "outlet": pl.String,
    "actor": pl.String,
    "verb": pl.String,
    "verb_class": pl.String,
    "count": pl.Int64,
}
# Adverbs that may sit between an actor and its verb ("Seoul has also warned"), besides
# any lowercase word of 5+ letters ending in -ly. The rule's own list: no other family
# reads it.
ADVERBS = frozenset(
    {"also", "again", "already", "still", "now", "then", "once", "soon", "later", "earlier",
     "today", "yesterday", "too", "even", "just", "first", "quickly", "reportedly"}
)  # fmt: skip
_TOKEN = re.compile(rf"{INITIALISM}|\d+(?:[.,:]\d+)*%?|{LETTER}+(?:['’\-]{LETTER}+)*|{PUNCT}")
# Characters read before a mention (for a preposition) and after it (for the verb).
_BEFORE = 40
_AFTER = 160


@dataclass(frozen=True)
class VerbForm:
    lemma: str
    verb_class: str
    # Grammatical uses of this spelling: "s" (3rd sg), "past", "part", "ing", "base".
    kinds: frozenset[str]
    # A 3sg form that is also a plural noun ("attacks"): counts only after an auxiliary.
    noun_like: bool


@lru_cache(maxsize=4)
def load_verbs(path: Path = VERBS_FILE) -> dict[tuple[str, ...], VerbForm]:
    """The verb lexicon: lowercase token tuple (``("brushed", "off")``) → `VerbForm`."""
    forms: dict[tuple[str, ...], dict[str, Any]] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split("|")]
        spellings = parts[2].split() if len(parts) == 3 else []
        if len(spellings) != 4:
            raise ValueError(f"{path}:{number}: expected 'lemma | class | 3sg past participle ing'")
        lemma, verb_class = parts[0], parts[1]
        for kind, spelling in zip(
            ("base", "s", "past", "part", "ing"), [lemma, *spellings], strict=True
        ):
            noun_like = spelling.endswith("*")
            key = tuple(spelling.rstrip("*").replace("_", " ").split())
            entry = forms.setdefault(
                key,
                {
                    "lemma": lemma.replace("_", " "),
                    "class": verb_class,
                    "kinds": set(),
                    "noun": False,
                },
            )
            entry["kinds"].add(kind)
            entry["noun"] = entry["noun"] or noun_like
    return {
        key: VerbForm(e["lemma"], e["class"], frozenset(e["kinds"]), e["noun"])
        for key, e in forms.items()
    }


def _lower(token: str) -> str:
    return token.lower().replace("’", "'")


def subject_verb(
    text: str, mention: Mention, *, verbs: dict[tuple[str, ...], VerbForm], gap: int
) -> tuple[VerbForm, str] | None:
    """The verb `mention` is the subject of, with its spelling in `text`, or None.

    Rule: after the alias come at most `gap` tokens that are auxiliaries, modals or
    adverbs (closed list, or a lowercase word ending in -ly), then a verb form of the
    lexicon. A past form after a *be* auxiliary is passive (the actor is the object)
    and does not count; an -ing form counts only after *be*; a base form, or a
    noun-like 3sg form, only after a modal or *do*; nothing counts after a negation.
    """
    before = _TOKEN.findall(text[max(0, mention.start - _BEFORE) : mention.start])
    if before and _lower(before[-1]) in PREPOSITIONS:
        return None
    tokens = [_lower(t) for t in _TOKEN.findall(text[mention.end : mention.end + _AFTER])]
    be = perfect = modal = False
    for i in range(min(gap, len(tokens)) + 1):
        for length in (3, 2, 1):
            form = verbs.get(tuple(tokens[i : i + length])) if i + length <= len(tokens) else None
            if form is None:
                continue
            kinds = form.kinds
            if be:
                ok = "ing" in kinds
            elif modal:
                ok = "base" in kinds
            elif perfect:
                ok = "part" in kinds
            else:
                ok = "past" in kinds or ("s" in kinds and not form.noun_like)
            return (form, " ".join(tokens[i : i + length])) if ok else None
        if i == len(tokens):
            return None
        token = tokens[i]
        if token in NEGATIONS or token.endswith("n't"):
            return None
        if token in BE_FORMS:
            be = True
        elif token in PERFECT_AUXILIARIES:
            perfect = True
        elif token in MODAL_AUXILIARIES:
            modal = True
        elif not (
            token in ADVERBS or (token.endswith("ly") and len(token) > 4 and token.isalpha())
        ):
            return None
    return None


def verb_hits(
    sentences: pl.DataFrame, hits: pl.DataFrame, gazetteer: Gazetteer, *, gap: int
) -> pl.DataFrame:
    """``actor_verb_hits``: subject–verb pairs found by `subject_verb` in the sentences
    `hits` (from `mentions.sentence_mentions`) list, headline included (sentence 0)."""
    verbs = load_verbs()
    rows: list[dict[str, Any]] = []
    mentioned = (
        sentences.select(*KEY, "sentence", "text")
        .with_row_index("row")
        .join(hits.select("row").unique(), on="row", how="semi")
    )
    # A Python loop is the honest tool here: rule-based parsing of the (few) sentences
    # that mention an actor.
    for outlet, article_id, sentence, text in mentioned.select(
        *KEY, "sentence", "text"
    ).iter_rows():
        for mention in gazetteer.find(text or ""):
            found = subject_verb(text, mention, verbs=verbs, gap=gap)
            if found is not None:
                form, spelling = found
                rows.append(
                    {"outlet": outlet, "article_id": article_id, "sentence": sentence,
                     "actor": mention.actor, "alias": mention.alias, "verb": form.lemma,
                     "verb_class": form.verb_class, "form": spelling}
                )  # fmt: skip
    return pl.DataFrame(rows, schema=VERB_HIT_SCHEMA)


def verb_counts(hits: pl.DataFrame) -> pl.DataFrame:
    """Subject–verb hits per outlet, actor and verb (`VERBS_SCHEMA`, unsorted): of one
    chunk's ``actor_verb_hits``, summed over chunks into ``actor_verbs``."""
    if not hits.width:
        hits = pl.DataFrame(schema=VERB_HIT_SCHEMA)
    return (
        hits.group_by("outlet", "actor", "verb", "verb_class")
        .agg(pl.len().cast(pl.Int64).alias("count"))
        .select(list(VERBS_SCHEMA))
    )
