"""Who "he", "she", "they" and "it" refer to (docs/attribution.md, rule 5).

The article's *entities* are noted sentence by sentence: the speakers of its
attributions, the subject of each sentence when it is a person's name, and the other
person names it mentions. A pronoun refers to the most recent entity that agrees with
it, looking back at most `LOOK_BACK` sentences; within one sentence a subject comes
before a speaker, a speaker before another mention:

* he/she: a person, singular, not known to be of the other gender;
* they: an organisation or a plural group ("officials", "the protesters");
* it: an organisation, not an unnamed group.

Gender is known from the text first: a title ("Mr.", "Mrs.", "Ms.", "Miss") before the
name anywhere in the article; a gendered noun in the speaker's own phrase or title
("spokeswoman", "congressman", "wife"). Failing that, from the person's given name when
at least 97% of the US babies given it were of one sex (``lexicons/first_names.toml``,
US Social Security Administration counts; "Jordan" has none). A pronoun is left
unresolved rather than guessed when the most recent sentence with an agreeing entity
has two or more of them of the same rank, none of known matching gender.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from framing.features.attribution.vocabulary import PERSON_HEADS

if TYPE_CHECKING:
    from framing.features.attribution.speakers import SpeakerInfo

__all__ = ["Referents", "first_name_gender", "gender_of_phrase", "is_person_like"]

# Prepositions that open a post-modifier after a description's head noun.
POST_MODIFIERS = frozenset({"of", "for", "at", "with", "from", "in", "on", "to", "close"})
# How many sentences back a pronoun looks for its referent.
LOOK_BACK = 12
RANKS = {"subject": 0, "speaker": 1, "mention": 2}
MALE_WORDS = frozenset(
    [
        "mr",
        "sir",
        "he",
        "him",
        "his",
        "himself",
        "husband",
        "father",
        "son",
        "brother",
        "uncle",
        "nephew",
        "grandfather",
        "grandson",
        "king",
        "prince",
        "boy",
        "dad",
        "widower",
        "actor",
        "businessman",
        "congressman",
        "spokesman",
        "chairman",
        "councilman",
        "assemblyman",
        "statesman",
    ]
)
FEMALE_WORDS = frozenset(
    [
        "mrs",
        "ms",
        "miss",
        "madam",
        "dame",
        "she",
        "her",
        "hers",
        "herself",
        "wife",
        "mother",
        "daughter",
        "sister",
        "aunt",
        "niece",
        "grandmother",
        "granddaughter",
        "queen",
        "princess",
        "girl",
        "mom",
        "widow",
        "actress",
        "lady",
        "businesswoman",
        "congresswoman",
        "spokeswoman",
        "chairwoman",
        "councilwoman",
        "assemblywoman",
        "stateswoman",
        "first-lady",
    ]
)
HONORIFIC_RE = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+(?:[A-Z][\w'’\-]*\.?\s+){0,2}([A-Z][\w'’\-]+)")
# A capitalised group noun: "Republicans", "Democrats", "Asian Americans".
GROUP_RE = re.compile(r"[A-Z]\w*(?:ans|ats|ists|ites)$")


def gender_of_phrase(text: str) -> str | None:
    """ "m" or "f" from a title or gendered noun in a phrase ("Mrs. Ortiz", "a
    Democratic congresswoman"), None when it has none or both."""
    words = {w.lower().rstrip(".") for w in re.findall(r"[\w\-]+\.?", text)}
    found = {"m" for w in words if w in MALE_WORDS} | {"f" for w in words if w in FEMALE_WORDS}
    return found.pop() if len(found) == 1 else None


FIRST_NAMES_FILE = "lexicons/first_names.toml"


@cache
def _first_names() -> dict[str, str]:
    """Given name (lower case) → "f" or "m", read once from `FIRST_NAMES_FILE`."""
    text = resources.files("framing.features").joinpath(FIRST_NAMES_FILE).read_text("utf-8")
    names = tomllib.loads(text)["names"]
    return {n: "f" for n in names["female"]} | {n: "m" for n in names["male"]}


def first_name_gender(name: str) -> str | None:
    """ "m" or "f" from the given name of a full name ("Donald Trump" → "m"), None for a
    single word, an initial or a name not in the list."""
    words = [w for w in name.split() if w.lower().rstrip(".") not in MALE_WORDS | FEMALE_WORDS]
    if len(words) < 2 or len(words[0]) < 2 or not words[0][:1].isupper():
        return None
    return _first_names().get(words[0].lower())


def _key(name: str) -> str:
    """The gender key of a name: its last word, lower case, without a possessive."""
    words = name.replace("’", "'").split()
    return re.sub(r"'s?$", "", words[-1].lower()) if words else ""


@dataclass
class _Entity:
    sentence: int
    role: str
    info: SpeakerInfo | None  # None: a name not classified yet (see `name`)
    name: str
    person: bool
    plural: bool = False
    org: bool = False


@dataclass
class Referents:
    """The entities an article has mentioned so far, and what is known of their gender."""

    sentence: int = 0
    entities: list[_Entity] = field(default_factory=list)
    gender: dict[str, str] = field(default_factory=dict)  # name key -> "m" / "f"
    conflicts: set[str] = field(default_factory=set)  # keys seen with both genders

    def next_sentence(self) -> None:
        self.sentence += 1
        cutoff = self.sentence - LOOK_BACK
        if self.entities and self.entities[0].sentence < cutoff:
            self.entities = [e for e in self.entities if e.sentence >= cutoff]

    def note(self, info: SpeakerInfo, role: str, phrase: str = "") -> None:
        """An entity of the current sentence, with the phrase that named it."""
        name = info.canonical or info.speaker
        if not name:
            return
        plural = info.anonymous or _plural_head(name)
        person = is_person_like(info) and not plural
        org = not person and not plural
        self.entities.append(_Entity(self.sentence, role, info, name, person, plural, org))
        gender = gender_of_phrase(f"{phrase} {info.title}") if person else None
        if gender:
            self.learn(name, gender)

    def note_name(self, name: str) -> None:
        """A person's name mentioned in the current sentence (classified when chosen)."""
        self.entities.append(_Entity(self.sentence, "mention", None, name, True))

    def learn(self, name: str, gender: str) -> None:
        key = _key(name)
        if not key or key in self.conflicts:
            return
        if self.gender.get(key, gender) != gender:
            self.conflicts.add(key)
            del self.gender[key]
            return
        self.gender[key] = gender

    def learn_from_text(self, text: str) -> None:
        """Titles before names anywhere in a paragraph: "Mr. Haller", "Ms. Ortiz"."""
        for match in HONORIFIC_RE.finditer(text):
            self.learn(match.group(2), "m" if match.group(1) == "Mr" else "f")

    def resolve(self, pronoun: str, classify: Callable[[str], SpeakerInfo]) -> SpeakerInfo | None:
        """The entity `pronoun` refers to (module docstring), or None."""
        fits = [e for e in self.entities if e.sentence < self.sentence and self._agrees(pronoun, e)]
        if not fits:
            return None
        latest = max(e.sentence for e in fits)
        here = [e for e in fits if e.sentence == latest]
        best = min(RANKS[e.role] for e in here)
        top = list({e.name: e for e in here if RANKS[e.role] == best}.values())
        if len(top) > 1:
            known = [e for e in top if self.gender_of(e.name)]
            if len(known) != 1:
                return None
            top = known
        chosen = top[0]
        return chosen.info if chosen.info is not None else classify(chosen.name)

    def agrees(self, pronoun: str, info: SpeakerInfo) -> bool:
        """Whether a person `info` may be "he" or "she": not known to be of the other
        gender."""
        wanted = "m" if pronoun == "he" else "f"
        known = self.gender_of(info.canonical or info.speaker)
        title_gender = gender_of_phrase(info.title)
        return known in (None, wanted) and title_gender in (None, wanted)

    def gender_of(self, name: str) -> str | None:
        """What the article says of the person's gender, else their given name's."""
        return self.gender.get(_key(name)) or first_name_gender(name)

    def _agrees(self, pronoun: str, e: _Entity) -> bool:
        if pronoun in ("he", "she"):
            wanted = "m" if pronoun == "he" else "f"
            known = self.gender_of(e.name)
            return e.person and not e.plural and known in (None, wanted)
        if pronoun == "they":
            return (e.plural or e.org) and e.info is not None
        if pronoun == "it":
            return e.org and e.info is not None and not e.info.anonymous
        return False


def is_person_like(info: SpeakerInfo) -> bool:
    """A named person, or an unnamed one described by a person noun ("the Ohio
    businessman", "a Trump supporter"; not "the campaign", "officials")."""
    if info.is_person:
        return True
    words = (info.canonical or info.speaker).lower().split()
    cut = next((k for k, w in enumerate(words) if w in POST_MODIFIERS), len(words))
    head = words[cut - 1] if cut else ""  # "a supporter of the campaign" → supporter
    return head in PERSON_HEADS and not info.anonymous


def _plural_head(phrase: str) -> bool:
    """A lower-case plural head ("the protesters", "campaign aides"; not -ss/-us/-is) or a
    capitalised group ("Democrats", "Asian Americans")."""
    words = phrase.split()
    head = words[-1] if words else ""
    if GROUP_RE.match(head):
        return True
    return head.islower() and head.endswith("s") and not head.endswith(("ss", "us", "is"))
