"""The referent of a pronoun source. PolNeAR marks no coreference, so the scorer
defines it (benchmarks/README.md):

* he/she/they/it (and object/possessive forms): the nearest preceding annotated
  source of the article that is not a pronoun (a who/which source counts as the
  noun phrase before it) and agrees in gender and number;
* I/me/we/us: the source of the innermost relation whose content holds the pronoun
  (the quoted speaker talking about themself), resolved in turn if a pronoun;
* who/which/that: the noun phrase just before it (up to the previous punctuation).

Agreement: he → singular, not an organisation, not known female; she → singular, not
an organisation, not known male; they → plural or organisation; it → organisation.
Gender is known only from the text, never from a list of first names: a gendered
head noun or title in the mention ("spokeswoman", "Mr."); else "Mr./Mrs./Ms./Miss
<name>" elsewhere in the article, when only one gender occurs with that name; else a
he/she source whose only possible person antecedent in its own and the previous
paragraph is that name. Otherwise unknown (agrees with he and she).
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass

from attribution_eval.polnear import Article, Relation
from attribution_eval.speakers import (
    THIRD_PERSON,
    Heads,
    alternatives,
    normalise_word,
    pronoun_kind,
    words_of,
    wordset,
)

MALE = wordset(
    "mr sir husband father son brother uncle nephew grandfather grandson king prince "
    "boy dad widower actor himself"
)
FEMALE = wordset(
    "mrs ms miss madam wife mother daughter sister aunt niece grandmother "
    "granddaughter queen princess girl mom widow actress lady herself"
)
ORG_NOUNS = wordset(
    "campaign committee party administration government department agency office "
    "organization organisation group company corporation firm network newspaper paper "
    "post times journal news magazine outlet poll survey report study statement memo "
    "email letter website site court board council commission bureau foundation "
    "institute center centre university college association union team camp coalition "
    "pac senate house congress legislature ministry embassy review analysis record "
    "book article story video ad release filing document documents tweet blog show "
    "program programme channel station inc llc club church fund project initiative "
    "movement caucus convention panel trust"
)
PLURAL_WORDS = wordset("people police many some others both all few several those these")
WEB_RE = re.compile(r"\.(?:com|org|net|gov|edu)\b", re.IGNORECASE)
HONORIFIC_RE = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+((?:[A-Z][\w'’\-]*\.?\s+){0,2}[A-Z][\w'’\-]+)")


@dataclass(frozen=True)
class Mention:
    """A non-pronoun source as a referent candidate."""

    relation: Relation | None
    text: str
    start: int
    heads: tuple[Heads, ...]
    plural: bool
    org: bool
    gender: str | None  # "m", "f" or None


def _word_gender(words: list[str]) -> str | None:
    """Gender from gendered nouns/titles after the last possessive of a phrase."""
    last_possessive = max((i for i, w in enumerate(words) if re.search(r"['’]s?$", w)), default=-1)
    found = set()
    for word in words[last_possessive + 1 :]:
        w = normalise_word(word)
        if w in MALE or (w.endswith("man") and w.islower() and w not in ("woman", "human")):
            found.add("m")
        if w in FEMALE or (w.endswith("woman") and w.islower()):
            found.add("f")
    return found.pop() if len(found) == 1 else None


def _is_plural(phrase: str, heads: tuple[Heads, ...]) -> bool:
    """Plural by the head of the core noun phrase (the first part; an appositive
    "the governor and a candidate" describes the same one person): coordinated
    heads, a plural pronoun-like word, a lower-case -s noun, or a capitalised
    -ans/-ats/-ists/-ites group (Republicans, Democrats)."""
    if not heads:
        return False
    if len(heads[0]) > 1:
        return True
    head = next(iter(heads[0]))
    words = [w for w in words_of(phrase) if normalise_word(w) == head]
    for word in words[:1]:
        if head in PLURAL_WORDS:
            return True
        if word.islower() and head.endswith("s") and not head.endswith(("ss", "us", "is")):
            return True
        if word[:1].isupper() and re.search(r"(ans|ats|ists|ites)$", head):
            return True
    return False


def _is_org(phrase: str, heads: tuple[Heads, ...]) -> bool:
    flat = {x for h in heads for x in h}
    if flat & ORG_NOUNS:
        return True
    last = words_of(phrase)[-1:]
    # An acronym ("FBI", "CNN") or a web domain ("GunBroker.com").
    return any((w.isupper() and len(w) >= 2 and w.isalpha()) or WEB_RE.search(w) for w in last)


def mention(relation: Relation | None, text: str, start: int) -> Mention:
    heads = tuple(alternatives(text))
    return Mention(
        relation,
        text,
        start,
        heads,
        _is_plural(text, heads),
        _is_org(text, heads),
        _word_gender(words_of(text)),
    )


def _name_head(m: Mention) -> str | None:
    """The head of the mention's first part when it is written capitalised (a name)."""
    capitalised = {normalise_word(w) for w in words_of(m.text) if w[:1].isupper()}
    return next((h for h in (m.heads[0] if m.heads else ()) if h in capitalised), None)


def agrees(pronoun: str, m: Mention) -> bool:
    kind = THIRD_PERSON[pronoun]
    if kind == "pl":
        return m.plural or m.org
    if kind == "org":
        return m.org and not m.plural
    return not m.plural and not m.org and m.gender != ("f" if kind == "m" else "m")


class ArticleReferents:
    """Referents of every pronoun source of one article."""

    def __init__(self, article: Article, relations: list[Relation]) -> None:
        self.article = article
        self.relations = sorted(relations, key=lambda r: r.source_start)
        self.paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n+", article.text)]
        self.mentions = [
            mention(r, r.source_text, r.source_start)
            for r in self.relations
            if r.has_source and pronoun_kind(r.source_text) is None
        ]
        # A "who/which" source stands for the noun phrase before it ("Lynch, who told").
        self.mentions += [
            m
            for r in self.relations
            if r.has_source
            and pronoun_kind(r.source_text) == "relative"
            and (m := self._relative(r)) is not None
        ]
        self.mentions.sort(key=lambda m: m.start)
        self.name_gender = self._name_genders()
        self.mentions = [self._with_gender(m, self.name_gender) for m in self.mentions]

    def paragraph_of(self, offset: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, offset) - 1

    def _with_gender(self, m: Mention, names: dict[str, str]) -> Mention:
        if m.gender or m.plural or m.org:
            return m
        genders = {names[h] for alt in m.heads for h in alt if h in names}
        gender = genders.pop() if len(genders) == 1 else None
        return Mention(m.relation, m.text, m.start, m.heads, m.plural, m.org, gender)

    def _name_genders(self) -> dict[str, str]:
        """Name head -> gender from honorifics in the text, else unambiguous he/she."""
        seen: dict[str, set[str]] = defaultdict(set)
        for match in HONORIFIC_RE.finditer(self.article.text):
            for word in words_of(match.group(2)):
                seen[normalise_word(word)].add("m" if match.group(1) == "Mr" else "f")
        out = {name: g.pop() for name, g in seen.items() if len(g) == 1}
        evidence: dict[str, set[str]] = defaultdict(set)
        for r in self.relations:
            word = r.source_text.strip().lower()
            if r.has_source and THIRD_PERSON.get(word) in ("m", "f"):
                people = self._people_before(r.source_start)
                if len(people) == 1:
                    evidence[next(iter(people))].add(THIRD_PERSON[word])
        for name, genders in evidence.items():
            if name not in out and len(genders) == 1:
                out[name] = genders.pop()
        return out

    def _people_before(self, start: int) -> set[str]:
        """Who a he/she at `start` may be: the person key (name head, else head noun)
        of every singular, non-organisation source in this and the previous paragraph.
        Evidence only when that is one key and a name."""
        first = max(0, self.paragraph_of(start) - 1)
        keys: set[tuple[str, bool]] = set()
        for m in self.mentions:
            recent = m.start < start and self.paragraph_of(m.start) >= first
            if recent and not m.plural and not m.org and m.heads:
                name = _name_head(m)
                keys.add((name, True) if name else (min(m.heads[0]), False))
        return {k for k, is_name in keys if is_name} if len(keys) == 1 else set()

    def referent(self, relation: Relation, depth: int = 0) -> Mention | None:
        kind = pronoun_kind(relation.source_text)
        word = words_of(relation.source_text)[0].lower() if kind else ""
        if kind == "third":
            before = [m for m in self.mentions if m.start < relation.source_start]
            return next((m for m in reversed(before) if agrees(word, m)), None)
        if kind == "first" and depth < 3:
            outer = self._enclosing(relation)
            if outer is None:
                return None
            if pronoun_kind(outer.source_text) is None:
                return next((m for m in self.mentions if m.relation is outer), None)
            return self.referent(outer, depth + 1)
        if kind == "relative":
            return self._relative(relation)
        return None

    def _enclosing(self, relation: Relation) -> Relation | None:
        s = relation.source_start
        holders = [
            r
            for r in self.relations
            if r is not relation and r.has_source and any(a <= s < b for a, b in r.content)
        ]
        return min(holders, key=lambda r: sum(b - a for a, b in r.content), default=None)

    def _relative(self, relation: Relation) -> Mention | None:
        """The noun phrase just before "who/which/that": its trailing run of
        capitalised words (with "of"/"the" inside: "Marco Rubio of Florida"), else
        its last word ("letters that...")."""
        s = relation.source_start
        before = self.article.text[max(0, s - 200) : s].rstrip().rstrip(",").rstrip()
        words = list(re.finditer(r"[\w'’.\-]+", before))
        run: list[re.Match[str]] = []
        for match in reversed(words):
            word = match.group()
            if word[:1].isupper() or (run and word.lower() in ("of", "the", "de")):
                run.insert(0, match)
            else:
                break
        while run and not run[0].group()[:1].isupper():
            run.pop(0)
        chosen = run or words[-1:]
        if not chosen:
            return None
        start = max(0, s - 200) + chosen[0].start()
        end = max(0, s - 200) + chosen[-1].end()
        return mention(None, self.article.text[start:end], start)
