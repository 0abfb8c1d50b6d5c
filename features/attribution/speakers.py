"""Who a speaker phrase names, and which side they speak for (docs/attribution.md, rules 5–6).

`classify_speaker` turns a phrase ("Mr Yoon", "he", "the ministry", "Yang Moo-jin, a
professor at the University of North Korean Studies") into a `SpeakerInfo`, reading and
updating the `ArticleState` of the article:

* **Resolution**: he/she → the person speaker of the previous sentence, else its person
  subject, else the latest person speaker; it/they → the latest non-person speaker;
  "the statement"/"the ministry" → the latest speaker within three paragraphs; "Mr X"
  or a bare surname → the latest full name in the article whose first or last word is X
  (Korean and Chinese names put the surname first).
* **Sides**: the actor whose alias names the person, or is in the speaker's own phrase
  (never in its affiliation: "University of North Korean Studies" is not North Korea);
  else ``expert`` (a person with an academic or think-tank title or affiliation, or a
  "former" office), ``anonymous`` ("officials said", "experts say"), ``other`` (named,
  neither), ``unknown`` (unresolved, or a joint speaker of several sides).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from framing.corpus.words import DETERMINERS, NAME_SUFFIXES
from framing.features.attribution.canonical import canonical_org
from framing.features.attribution.names import (
    POSSESSIVE_RE,
    has_expert_word,
    name_from_words,
    parse_appositive,
    person_runs,
    split_affiliation,
)
from framing.features.attribution.pronouns import Referents
from framing.features.attribution.vocabulary import (
    AFFILIATION_PREFIX_HEADS,
    ANALYST_HEADS,
    NP_WORDS,
    OFFICIAL_TITLE_RE,
    ORG_WORDS,
    REFERRING_HEADS,
    SOURCE_HEADS,
    STOP_CAPS,
    TITLE_WORDS,
)

if TYPE_CHECKING:
    from framing.features.actors.gazetteer import Gazetteer, Mention

__all__ = ["UNKNOWN", "ArticleState", "SpeakerInfo", "classify_speaker"]

# How many names the resolver keeps (and searches) per article: a bound for pasted dumps.
MAX_NAMES = 2000
SEARCHED_NAMES = 500
# A "the ministry" refers back at most this many paragraphs.
REFERENCE_PARAGRAPHS = 3


@dataclass
class SpeakerInfo:
    speaker: str
    canonical: str
    actor: str | None
    side: str
    title: str = ""
    affiliation: str = ""
    anonymous: bool = False
    is_person: bool = False


UNKNOWN = SpeakerInfo("", "", None, "unknown")


class ArticleState:
    """What the resolver remembers while reading one article."""

    def __init__(self, gazetteer: Gazetteer | None, person_aliases: frozenset[str]) -> None:
        self.gazetteer = gazetteer
        self.person_aliases = person_aliases
        self.names: list[str] = []  # full person names seen, in order
        self.speakers: list[tuple[int, SpeakerInfo]] = []  # (paragraph, info)
        self.known: dict[str, SpeakerInfo] = {}  # canonical name → classification
        self.referents = Referents()  # what "he", "she", "they", "it" may refer to

    def remember_names(self, text: str) -> None:
        self.names.extend(person_runs(text))
        self.referents.learn_from_text(text)
        if len(self.names) > MAX_NAMES:
            del self.names[: MAX_NAMES // 2]

    def resolve_surname(self, token: str) -> str | None:
        """The full name a lone surname stands for: the first name introduced in the
        article that ends with it (newswire style: the surname alone is the person first
        named in full; "Grant" is not "Emily Grant" named later); failing that, the
        first that starts with it (East Asian names: "Mr Kim" → "Kim Jong-un")."""
        names = self.names[-SEARCHED_NAMES:]
        for position in (-1, 0):
            for name in names:
                parts = name.split()
                if len(parts) > 1 and parts[position] == token:
                    return name
        return None

    def find(self, text: str) -> list[Mention]:
        """Actor mentions in `text` (none without a gazetteer)."""
        return self.gazetteer.find(text) if self.gazetteer is not None else []


@dataclass
class _Phrase:
    """A speaker phrase taken apart: the core (the phrase less its affiliation), the
    person's name and title in it, and the actor mentions in the core."""

    text: str
    core_words: list[str]
    affiliation: str
    title_app: str  # the title given by an appositive ("a professor at Y" → "professor")
    name: str = ""
    title: str = ""
    mentions: list[Mention] = field(default_factory=list)

    @property
    def core(self) -> str:
        return " ".join(self.core_words)

    @property
    def head(self) -> str:
        return self.core_words[-1].lower() if self.core_words else ""

    @property
    def possessive(self) -> bool:
        return bool(POSSESSIVE_RE.search(self.core_words[-1])) if self.core_words else False

    @property
    def anonymous_head(self) -> bool:
        """An unnamed source: "officials", "analysts at the X Institute"."""
        return bool(self.core_words) and self.head in SOURCE_HEADS and not self.name

    @property
    def expertish(self) -> bool:
        return has_expert_word(self.title, self.title_app, self.affiliation) or (
            has_expert_word(self.core) and bool(self.name)
        )


def classify_speaker(
    np_text: str,
    appositive: str,
    state: ArticleState,
    paragraph: int,
) -> SpeakerInfo:
    """Speaker, canonical name, actor, side, title and affiliation of one phrase."""
    np_text = " ".join(np_text.split()).strip(" ,")
    if not np_text:
        return UNKNOWN
    low = np_text.lower()
    if low in {"he", "she", "it", "they", "we", "i"}:
        return _resolve_pronoun(low, np_text, state, paragraph)
    words = np_text.split()
    if _refers_back(words):
        return _resolve_reference(np_text, state, paragraph)
    phrase = _take_apart(np_text, words, appositive, state)
    return _classify_phrase(phrase, state)


def _resolve_pronoun(low: str, np_text: str, state: ArticleState, paragraph: int) -> SpeakerInfo:
    """he/she/they/it: the entity they refer to (`pronouns`); "we", "I" and a pronoun
    without an agreeing referent stay unresolved."""
    if low in {"he", "she", "it", "they"}:
        found = state.referents.resolve(
            low, lambda name: classify_speaker(name, "", state, paragraph)
        )
        if found is not None:
            return found
    return SpeakerInfo(np_text, "", None, "unknown")


def _refers_back(words: list[str]) -> bool:
    """ "the statement", "a ministry spokesman": a lowercase description with a referring head."""
    bare_words = [w for w in words if w.lower() not in DETERMINERS]
    return (
        words[0].lower() in {"the", "a"}
        and bool(bare_words)
        and bare_words[-1].lower() in REFERRING_HEADS
        and not any(w[:1].isupper() for w in bare_words)
    )


def _resolve_reference(np_text: str, state: ArticleState, paragraph: int) -> SpeakerInfo:
    for para, info in reversed(state.speakers):
        if (
            paragraph - para <= REFERENCE_PARAGRAPHS
            and not info.anonymous
            and info.side != "unknown"
        ):
            return info
    return SpeakerInfo(np_text, np_text, None, "other")


def _take_apart(np_text: str, words: list[str], appositive: str, state: ArticleState) -> _Phrase:
    core_words, affiliation = split_affiliation(words)
    title_app, affil_app = parse_appositive(appositive) if appositive else ("", "")
    affiliation = affiliation or affil_app
    # Prefix affiliation: "Suwon University Professor Ilya Belyakov".
    for k, w in enumerate(core_words[:-1]):
        if w in AFFILIATION_PREFIX_HEADS:
            if not affiliation:
                affiliation = " ".join(core_words[: k + 1])
            core_words = core_words[k + 1 :]
            break
    phrase = _Phrase(np_text, core_words, affiliation, title_app)
    phrase.mentions = state.find(phrase.core)
    _find_name(phrase, state)
    return phrase


def _find_name(phrase: _Phrase, state: ArticleState) -> None:
    """Set the phrase's person name (the last run of capitalised non-title words, or a
    surname resolved to a full name) and the title around it."""
    runs = _capitalised_runs(phrase.core_words)
    if not runs or phrase.possessive or phrase.head in ORG_WORDS:
        return
    last = runs[-1]
    if _ends_with(phrase.core_words, last) is False:
        return  # "Shaw's attorney", "Reyes advisers": a description, not the name
    name = name_from_words(last)
    if not name and len(last) == 1:
        honorific = any(w.lower() in TITLE_WORDS for w in phrase.core_words)
        name = state.resolve_surname(POSSESSIVE_RE.sub("", last[0])) or ""
        if not name and (honorific or last[0] in state.person_aliases):
            name = last[0]
    if not name:
        return
    phrase.name = name
    title_words = [w for w in phrase.core_words if w not in last]
    title = " ".join(w for w in title_words if w.lower() not in TITLE_WORDS)
    if not title:
        phrase.title = phrase.title_app
    else:
        phrase.title = f"{title}; {phrase.title_app}" if phrase.title_app else title


def _ends_with(words: list[str], run: list[str]) -> bool:
    """Whether `run` ends the phrase `words` (a suffix such as "Jr." may follow)."""
    tail = list(words)
    while tail and tail[-1].lower().rstrip(".") in NAME_SUFFIXES:
        tail.pop()
    return tail[-len(run) :] == run


def _capitalised_runs(words: list[str]) -> list[list[str]]:
    """Runs of capitalised words that are not titles, honorifics or function words."""
    runs: list[list[str]] = []
    caps: list[str] = []
    for w in words:
        low = w.lower()
        if (
            w[:1].isupper()
            and low not in NP_WORDS
            and low not in TITLE_WORDS
            and w not in STOP_CAPS
        ):
            caps.append(w)
        else:
            if caps:
                runs.append(caps)
            caps = []
    if caps:
        runs.append(caps)
    return runs


def _classify_phrase(phrase: _Phrase, state: ArticleState) -> SpeakerInfo:
    name = phrase.name
    actor = side = None
    if name and state.gazetteer is not None:
        actor, side = _actor_of_name(name, state)
        if actor is None and name in state.known:
            return _as_known(phrase, state.known[name])
    sides = {m.side for m in phrase.mentions}
    if " and " in f" {phrase.core} " and len(sides) > 1:  # a joint speaker
        return SpeakerInfo(
            phrase.text, phrase.core, None, "unknown", phrase.title, phrase.affiliation
        )
    if actor is None:
        actor, side = _actor_of_title(phrase, state) or _actor_of_core(phrase) or (None, None)
    info = _speaker_info(phrase, actor, side, state)
    if name:
        state.known.setdefault(name, info)
    return info


def _actor_of_name(name: str, state: ArticleState) -> tuple[str | None, str | None]:
    """The actor whose alias is the person's name, or one of its words."""
    for m in state.find(name):
        if (m.start == 0 and m.end == len(name)) or m.alias in name.split() or m.alias == name:
            return m.actor, m.side
    return None, None


def _as_known(phrase: _Phrase, known: SpeakerInfo) -> SpeakerInfo:
    """A person classified earlier in the article, named again."""
    return SpeakerInfo(
        phrase.text,
        phrase.name,
        known.actor,
        known.side,
        known.title or phrase.title,
        known.affiliation or phrase.affiliation,
        known.anonymous,
        True,
    )


def _actor_of_title(phrase: _Phrase, state: ArticleState) -> tuple[str, str] | None:
    """ "Tehran's ambassador to the UN, Amir Iravani, said": an official title in the
    appositive naming an actor (for a named non-expert whose core names no actor)."""
    if phrase.mentions or not phrase.name or not phrase.title_app or phrase.expertish:
        return None
    title_mentions = state.find(phrase.title_app)
    if title_mentions and OFFICIAL_TITLE_RE.search(phrase.title_app.lower()):
        return title_mentions[0].actor, title_mentions[0].side
    return None


def _actor_of_core(phrase: _Phrase) -> tuple[str, str] | None:
    """The first actor named in the core: for an unnamed speaker ("South Korea's
    presidential office"), or a named official who is not an expert."""
    if not phrase.mentions:
        return None
    official = bool(OFFICIAL_TITLE_RE.search(phrase.core.lower())) or phrase.possessive
    if phrase.anonymous_head and phrase.head in ANALYST_HEADS:
        return None  # "US analysts": nationality is not a side
    if not phrase.name or (official and not phrase.expertish):
        return phrase.mentions[0].actor, phrase.mentions[0].side
    return None


def _speaker_info(
    phrase: _Phrase, actor: str | None, side: str | None, state: ArticleState
) -> SpeakerInfo:
    name, core, affiliation = phrase.name, phrase.core, phrase.affiliation
    if actor is not None:
        canonical = name or canonical_org(core, state.resolve_surname)
        return SpeakerInfo(
            name or core,
            canonical,
            actor,
            side or actor,
            phrase.title,
            affiliation,
            phrase.anonymous_head,
            bool(name),
        )
    if phrase.anonymous_head:
        if phrase.head in ANALYST_HEADS and affiliation:
            return SpeakerInfo(core, core, None, "expert", "", affiliation, False, False)
        return SpeakerInfo(core, core, None, "anonymous", "", affiliation, True, False)
    if name:
        side = "expert" if phrase.expertish or bool(affiliation) else "other"
        return SpeakerInfo(name, name, None, side, phrase.title, affiliation, False, True)
    return SpeakerInfo(
        core, canonical_org(core, state.resolve_surname), None, "other", "", affiliation
    )
