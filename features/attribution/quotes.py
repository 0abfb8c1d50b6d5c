"""Rule-based quote and speaker extraction for newswire English (no model, no download).

`extract_attributions(paragraphs, ...)` reads one article (its paragraphs in order,
headline first when there is one) and returns one `Attribution` per quote or reported
statement. The rules are written down in docs/attribution.md; in short:

1. **Quotation marks** (“…”, "…", ‘…’, ''…'') are paired by a left-to-right scan. An
   opening mark repeated inside an open quote is ignored; a quote left open at the end
   of a paragraph continues when the next paragraph opens with a mark (the newswire
   multi-paragraph convention), else it ends with its paragraph, so an unbalanced mark
   never swallows the rest of the article. A quotation of fewer than `min_words` words,
   or a short all-capitalised name ("New World Order"), is a scare quote, not a quote.
2. Each quotation is replaced by a placeholder and the remaining *narrative* is cut
   into sentences and comma chunks. **Cues** are reporting verbs from the lexicon
   (say/said/told/added/warned/"according to"…); a cue before "to" + verb ("vowed to
   act"), after "is/was" (passive) or after a determiner (a noun: "a warning") is not
   a cue, and a cue whose subject is "which" (a document) is skipped.
3. The **speaker** of a cue is the noun phrase before it ("X said"), after it
   ("…, said X, a professor at Y"), the sentence subject for chained verbs ("X
   slammed the deal and said", "…, saying"), or the phrase after "according to".
   Titles, appositives and affiliations are split from the name.
4. A quotation that is the whole reported content of a cue is `direct`; embedded in
   paraphrase it makes the cue `mixed`; a cue without quotation is `indirect`. A
   sentence that is only a quotation continues the previous speaker.
5. **Resolution**: "Mr X"/a bare surname → the latest full name in the article whose
   first or last word is X (Korean and Chinese names put the surname first);
   he/she → the speaker, or else the person subject, of the previous sentence, else
   the latest person speaker; "the statement"/"the ministry" → the latest speaker.
6. **Sides**: the actor whose alias is in the speaker's own phrase (never in its
   affiliation: "University of North Korean Studies" is not North Korea); else
   `expert` (a named person with an academic/think-tank title or affiliation, or a
   "former" office), `anonymous` ("officials said", "experts say"), `other` (named,
   neither), `unknown` (unresolved, or a joint speaker of several sides).

Every step is a bounded scan over tokens; the work is linear in the text length.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from framing.features.actors.gazetteer import Gazetteer

__all__ = [
    "Attribution",
    "VerbLexicon",
    "extract_attributions",
    "find_quotes",
    "inflect",
    "load_default_lexicon",
]

PLACEHOLDER = "\ue000"
WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
TOKEN_RE = re.compile(
    r"\ue000|(?:[^\W\d_]\.){2,}|[^\W_]+(?:['’\-.][^\W_]+)*(?:['’]s\b)?|[^\w\s]", re.UNICODE
)
MARK_RE = re.compile(r"''|[“”\"‘’]")

# --- word lists (lowercase). Generic newswire English, not specific to any story. ---
DETERMINERS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
    ]
)
CONJUNCTIONS = frozenset(["and", "but", "or", "so", "yet", "then", "however", "meanwhile", "also"])
AUXILIARIES = frozenset(
    [
        "has",
        "have",
        "had",
        "also",
        "will",
        "would",
        "could",
        "may",
        "might",
        "should",
        "shall",
        "can",
        "did",
        "does",
        "do",
        "then",
        "later",
        "again",
        "reportedly",
        "repeatedly",
        "previously",
        "earlier",
        "recently",
        "once",
        "further",
        "publicly",
        "privately",
        "separately",
        "quickly",
        "flatly",
        "simply",
        "just",
        "only",
        "still",
        "even",
        "already",
        "has't",
        "hasn't",
        "never",
        "not",
    ]
)
PASSIVE = frozenset(["is", "was", "were", "are", "be", "been", "being"])
MODALS = frozenset(
    [
        "to",
        "will",
        "would",
        "could",
        "may",
        "might",
        "should",
        "shall",
        "can",
        "must",
        "did",
        "does",
        "do",
        "not",
        "n't",
        "never",
    ]
)
DAYS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "yesterday",
        "tonight",
    ]
)
ADVERBIAL_STARTS = frozenset(
    [
        "during",
        "while",
        "in",
        "at",
        "on",
        "from",
        "amid",
        "amidst",
        "despite",
        "speaking",
        "following",
        "for",
        "with",
        "under",
        "over",
        "through",
        "across",
        "via",
        "by",
        "without",
    ]
)
SUBORDINATORS = frozenset(
    [
        "after",
        "before",
        "as",
        "when",
        "because",
        "since",
        "if",
        "although",
        "though",
        "once",
        "unless",
    ]
)
PRONOUNS = frozenset(["he", "she", "it", "they", "we", "i"])
STOP_CAPS = frozenset(
    [
        "But",
        "And",
        "So",
        "Yet",
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "After",
        "Before",
        "As",
        "When",
        "While",
        "During",
        "Despite",
        "With",
        "For",
        "From",
        "By",
        "Of",
        "To",
        "This",
        "That",
        "These",
        "Those",
        "Its",
        "His",
        "Her",
        "Their",
        "Our",
        "Then",
        "However",
        "Meanwhile",
        "Also",
        "Speaking",
        "Condemning",
        "According",
        "Asked",
        "Earlier",
        "Later",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Prof",
    ]
)
HONORIFICS = frozenset(
    ["mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "mr.", "mrs.", "ms.", "dr.", "prof."]
)
ANALYST_HEADS = frozenset(
    [
        "analysts",
        "analyst",
        "experts",
        "expert",
        "researchers",
        "scholars",
        "academics",
        "observers",
        "critics",
        "commentators",
        "economists",
        "specialists",
    ]
)
OFFICIAL_HEADS = frozenset(
    [
        "officials",
        "official",
        "sources",
        "source",
        "diplomats",
        "diplomat",
        "aides",
        "insiders",
        "people",
        "authorities",
        "officers",
        "officer",
        "lawmakers",
        "legislators",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "residents",
        "witnesses",
    ]
)
REFERRING_HEADS = frozenset(
    [
        "statement",
        "report",
        "ministry",
        "office",
        "agency",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "document",
        "department",
        "government",
        "embassy",
    ]
)
# Lowercase words that may sit inside a speaker's noun phrase.
NP_WORDS = frozenset(
    [
        "of",
        "the",
        "for",
        "at",
        "in",
        "and",
        "'s",
        "office",
        "ministry",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "adviser",
        "advisor",
        "minister",
        "president",
        "secretary",
        "ambassador",
        "envoy",
        "official",
        "officials",
        "leader",
        "supreme",
        "chairman",
        "chair",
        "director",
        "general",
        "chief",
        "head",
        "deputy",
        "vice",
        "national",
        "security",
        "state",
        "department",
        "defence",
        "defense",
        "foreign",
        "interior",
        "presidential",
        "prime",
        "media",
        "agency",
        "intelligence",
        "government",
        "military",
        "army",
        "navy",
        "staff",
        "joint",
        "chiefs",
        "command",
        "commander",
        "embassy",
        "statement",
        "report",
        "analyst",
        "analysts",
        "expert",
        "experts",
        "researcher",
        "researchers",
        "professor",
        "scholar",
        "scholars",
        "fellow",
        "senior",
        "former",
        "assistant",
        "associate",
        "political",
        "science",
        "think",
        "tank",
        "critics",
        "observers",
        "sources",
        "source",
        "diplomats",
        "diplomat",
        "aides",
        "spokesperson",
        "people",
        "authorities",
        "lawmakers",
        "legislators",
        "committee",
        "council",
        "institute",
        "university",
        "centre",
        "center",
        "studies",
        "news",
        "service",
        "services",
        "press",
        "some",
        "many",
        "several",
        "other",
        "two",
        "three",
        "four",
        "five",
        "most",
        "run",
        "state-run",
        "based",
        "economist",
        "economists",
        "lecturer",
    ]
)
OFFICIAL_TITLES = frozenset(
    [
        "president",
        "minister",
        "ministry",
        "secretary",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "adviser",
        "advisor",
        "ambassador",
        "envoy",
        "official",
        "officials",
        "leader",
        "office",
        "government",
        "military",
        "army",
        "navy",
        "commander",
        "chief",
        "department",
        "agency",
        "intelligence",
        "media",
        "embassy",
        "foreign",
        "defence",
        "defense",
        "staff",
        "presidential",
        "premier",
        "chancellor",
        "governor",
        "mayor",
        "diplomat",
        "diplomats",
        "lawmaker",
        "senator",
        "king",
        "queen",
        "chairman",
        "sources",
    ]
)
EXPERT_WORDS = (
    "professor", "analyst", "researcher", "research", "fellow", "scholar", "expert",
    "economist", "scientist", "lecturer", "academic", "university", "institute", "centre",
    "center", "think tank", "think-tank", "endowment", "foundation", "studies", "school",
    "college", "programme", "program", "former", "consultant", "strategist", "author",
    "observer", "commentator",
)  # fmt: skip
# Capitalised words that mark a run as a place or an organisation, not a person.
NON_PERSON = frozenset(
    [
        "North",
        "South",
        "East",
        "West",
        "Central",
        "United",
        "States",
        "Republic",
        "Kingdom",
        "Union",
        "Federation",
        "Democratic",
        "People's",
        "Islamic",
        "Nations",
        "House",
        "Office",
        "Ministry",
        "Department",
        "Agency",
        "Council",
        "Committee",
        "Assembly",
        "Parliament",
        "Congress",
        "Senate",
        "Court",
        "Party",
        "Army",
        "Navy",
        "Force",
        "Forces",
        "Command",
        "Guard",
        "Bank",
        "Fund",
        "University",
        "Institute",
        "Centre",
        "Center",
        "Foundation",
        "Endowment",
        "School",
        "College",
        "Studies",
        "Program",
        "Programme",
        "Network",
        "Group",
        "Association",
        "Society",
        "Times",
        "Post",
        "News",
        "Media",
        "Press",
        "Daily",
        "Journal",
        "Sea",
        "Ocean",
        "Peninsula",
        "Strait",
        "Gulf",
        "Island",
        "Islands",
        "City",
        "Province",
        "Region",
        "Square",
        "Airport",
        "Street",
        "Security",
        "Defence",
        "Defense",
        "Foreign",
        "International",
        "National",
        "Charter",
        "War",
        "Treaty",
        "Agreement",
        "Summit",
        "Korean",
        "Korea",
        "Korean",
        "Asia",
        "Europe",
        "European",
        "Pacific",
        "Atlantic",
        "Middle",
        "Cold",
        "Service",
        "Services",
        "Intelligence",
        "Network",
        "Week",
        "Times",
        "Edge",
        "Order",
    ]
)
ORG_WORDS = frozenset(
    [
        "office",
        "ministry",
        "department",
        "agency",
        "media",
        "government",
        "embassy",
        "council",
        "committee",
        "statement",
        "report",
        "institute",
        "university",
        "centre",
        "center",
        "news",
        "service",
        "army",
        "navy",
        "military",
        "intelligence",
        "staff",
        "command",
        "chiefs",
        "party",
        "parliament",
    ]
)


@dataclass(frozen=True)
class VerbLexicon:
    """Reporting verbs: inflected form (lowercase words) → (lemma, class, role).

    `role` is ``cue`` (introduces reported speech) or ``stance`` (takes an object; only
    colours a chained cue). `cls` is ``neutral`` or ``charged``.
    """

    forms: dict[tuple[str, ...], tuple[str, str, str]]

    @property
    def max_len(self) -> int:
        return max((len(k) for k in self.forms), default=1)

    def match(self, words: Sequence[str], i: int) -> tuple[int, tuple[str, str, str]] | None:
        """Longest lexicon form starting at ``words[i]``: (length in tokens, entry)."""
        for n in range(min(self.max_len, len(words) - i), 0, -1):
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
) -> VerbLexicon:
    """A `VerbLexicon` from lemma lists; `forms` overrides the generated inflections."""
    forms = forms or {}
    table: dict[tuple[str, ...], tuple[str, str, str]] = {}
    for cls, role, lemmas in (
        ("neutral", "cue", neutral),
        ("charged", "cue", charged),
        ("charged", "stance", stance),
    ):
        for lemma in lemmas:
            lemma = " ".join(lemma.lower().split())
            if not lemma:
                continue
            for form in forms.get(lemma) or inflect(lemma):
                table[tuple(form.lower().split())] = (lemma, cls, role)
    return VerbLexicon(table)


@cache
def _default_lexicon_data() -> dict:
    text = (
        resources.files("framing.features")
        .joinpath("lexicons/reporting_verbs.toml")
        .read_text("utf-8")
    )
    return tomllib.loads(text)


def load_default_lexicon() -> dict:
    """The shipped lexicon file as data: ``neutral``, ``charged``, ``stance``, ``forms``."""
    return _default_lexicon_data()


@dataclass(frozen=True)
class Attribution:
    """One quote or reported statement. Offsets are paragraph numbers of the input."""

    paragraph: int
    paragraph_end: int
    kind: str  # direct | indirect | mixed
    speaker: str
    speaker_canonical: str
    actor: str | None
    side: str
    verb: str
    verb_lemma: str
    verb_class: str  # neutral | charged | "" (no cue)
    quote: str
    n_words: int
    n_quoted_words: int
    title: str
    affiliation: str
    anonymous: bool


# --------------------------------------------------------------------------- quotes


@dataclass
class Quote:
    """A quotation: its content spans ``(paragraph index, start, end)`` and mark spans."""

    segments: list[tuple[int, int, int]] = field(default_factory=list)
    masks: list[tuple[int, int, int]] = field(default_factory=list)
    text: str = ""
    n_words: int = 0
    valid: bool = False


def _is_open_straight(text: str, pos: int) -> bool:
    before = text[pos - 1] if pos > 0 else " "
    return before.isspace() or before in "([{—–-/\ue000"


def find_quotes(paragraphs: Sequence[str], *, min_words: int = 3) -> list[Quote]:
    """Every quotation in an article's paragraphs, in order of appearance.

    A quotation is valid when it has at least `min_words` words and is not a short
    run of capitalised words (a name or title such as “New World Order”).
    """
    quotes: list[Quote] = []
    current: Quote | None = None
    family = ""  # "double" or "single"
    start = 0
    mark_start = 0
    for p, text in enumerate(paragraphs):
        if current is not None:
            # A quote carries over only when this paragraph opens with a mark.
            stripped = len(text) - len(text.lstrip())
            head = text[stripped : stripped + 2]
            opener = (
                head.startswith(("“", '"', "''")) if family == "double" else head.startswith("‘")
            )
            if opener:
                width = 2 if head.startswith("''") else 1
                start = stripped + width
                mark_start = stripped
            else:
                quotes.append(current)
                current = None
        for match in MARK_RE.finditer(text):
            mark = match.group()
            pos = match.start()
            if current is not None and pos < start:
                continue  # the continuation mark consumed above
            after = text[match.end() : match.end() + 1]
            before = text[pos - 1 : pos] if pos else ""
            if mark == "’":
                # An apostrophe (Korea’s, doesn’t) unless it closes an open single quote.
                if family != "single" or current is None or (after and after.isalnum()):
                    continue
                kind = "close"
            elif mark == "‘":
                if before and before.isalnum():
                    continue
                kind = "open_single"
            elif mark == "“":
                kind = "open"
            elif mark == "”":
                kind = "close"
            else:  # straight double mark or two apostrophes
                if current is not None and family == "double":
                    kind = "close"
                else:
                    kind = "open" if _is_open_straight(text, pos) else "stray"
            if current is None:
                if kind == "open" or kind == "open_single":
                    current = Quote()
                    family = "double" if kind == "open" else "single"
                    start = match.end()
                    mark_start = pos
                continue
            if kind == "close" and (family == "double" or mark == "’"):
                current.segments.append((p, start, pos))
                current.masks.append((p, mark_start, match.end()))
                quotes.append(current)
                current = None
            # An opening mark inside an open quote (repeated or nested) is ignored.
        if current is not None:
            current.segments.append((p, start, len(text)))
            current.masks.append((p, mark_start, len(text)))
    if current is not None:
        quotes.append(current)
    for quote in quotes:
        parts = [paragraphs[p][s:e].strip() for p, s, e in quote.segments]
        quote.text = " ".join(x for x in parts if x)
        words = WORD_RE.findall(quote.text)
        quote.n_words = len(words)
        quote.valid = quote.n_words >= min_words and not _is_name_like(words, quote.text)
    return quotes


def _is_name_like(words: list[str], text: str) -> bool:
    """A short run of capitalised words without final punctuation: a name, not speech."""
    if len(words) > 5 or text.rstrip().endswith((".", "!", "?", ",", "…")):
        return False
    small = {"of", "the", "and", "for", "in", "on", "a", "to"}
    content = [w for w in words if w.lower() not in small]
    return bool(content) and all(w[0].isupper() for w in content)


# ------------------------------------------------------------------------ narrative


@dataclass
class Token:
    text: str
    start: int
    end: int
    quote: int = -1  # index into the article's quotes for a placeholder

    @property
    def lower(self) -> str:
        return self.text.lower().replace("’", "'")

    @property
    def bare(self) -> str:
        """Lowercase without a possessive 's."""
        low = self.lower
        return low[:-2] if low.endswith("'s") else low

    @property
    def is_cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()

    @property
    def is_boundary(self) -> bool:
        return self.quote >= 0 or self.text in {",", ";", ":", "—", "–", "(", ")", "[", "]"}


FILLER_WORDS = (
    frozenset(
        [
            "on",
            "late",
            "early",
            "a",
            "an",
            "the",
            "last",
            "this",
            "statement",
            "letter",
            "interview",
            "speech",
            "post",
            "message",
            "reporters",
            "journalists",
            "week",
            "night",
            "morning",
            "evening",
        ]
    )
    | DAYS
)
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "sen",
        "rep",
        "gov",
        "st",
        "jr",
        "sr",
        "no",
        "vs",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "inc",
        "corp",
        "co",
        "ltd",
        "u.s",
        "u.n",
        "u.k",
        "e.g",
        "i.e",
    ]
)


def _sentences(tokens: list[Token], quotes: list[Quote]) -> list[list[Token]]:
    """Cut a paragraph's narrative tokens into sentences (quotations are single tokens)."""
    out: list[list[Token]] = []
    current: list[Token] = []
    for i, tok in enumerate(tokens):
        current.append(tok)
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is None:
            break
        starts = nxt.is_cap or nxt.quote >= 0 or nxt.text in {"“", '"', "‘", "("}
        if not starts:
            continue
        if tok.text in {".", "!", "?"}:
            prev = tokens[i - 1].lower.rstrip(".") if i else ""
            if prev in ABBREVIATIONS or (len(prev) == 1 and prev.isalpha()):
                continue
            out.append(current)
            current = []
        elif tok.quote >= 0 and quotes[tok.quote].text.rstrip("”’\"' ").endswith((".", "!", "?")):
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


# ----------------------------------------------------------------------- speakers


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
        self.prev_sentence_speaker: SpeakerInfo | None = None
        self.prev_sentence_subject: SpeakerInfo | None = None

    def remember_names(self, text: str) -> None:
        self.names.extend(_person_runs(text))
        if len(self.names) > 2000:
            del self.names[:1000]

    def resolve_surname(self, token: str) -> str | None:
        for name in reversed(self.names[-500:]):
            parts = name.split()
            if len(parts) > 1 and token in (parts[0], parts[-1]) and name != token:
                return name
        return None


_CAP_RUN_RE = re.compile(r"(?:[A-Z][\w’'\-]*\b[ \t]*){2,8}")


def _person_runs(text: str) -> list[str]:
    """Runs of 2–4 capitalised words that look like a person's name."""
    out: list[str] = []
    for match in _CAP_RUN_RE.finditer(text[:200_000]):
        # Split at possessives and titles: "South Korea's President Yoon Suk Yeol".
        part: list[str] = []
        pieces: list[list[str]] = []
        for word in match.group().split():
            low = word.lower()
            if word in STOP_CAPS or low in HONORIFICS or low in NP_WORDS:
                pieces.append(part)
                part = []
            elif re.search(r"['’]s$", word):
                part.append(word[:-2])
                pieces.append(part)
                part = []
            else:
                part.append(word)
        pieces.append(part)
        for words in pieces:
            name = _name_from_words(words)
            if name:
                out.append(name)
    return out


def _name_from_words(words: list[str]) -> str:
    """The person name in a run of capitalised words, or ""."""
    # Drop leading titles (President, Professor, Foreign Minister ...).
    while words and (words[0].lower() in NP_WORDS or words[0].lower() in HONORIFICS):
        words = words[1:]
    if words and re.search(r"['’]s$", words[-1]):
        return ""  # a possessor ("Yoon Suk Yeol’s office") is handled by the caller
    if not 2 <= len(words) <= 4:
        return ""
    if any(w in NON_PERSON or w.rstrip("’'s") in NON_PERSON for w in words):
        return ""
    return " ".join(words)


def _np_text(tokens: Sequence[Token], text: str) -> str:
    """The text a run of tokens covers in `text` (the narrative they come from)."""
    if not tokens:
        return ""
    return " ".join(text[tokens[0].start : tokens[-1].end].split())


def _trailing_np(chunk: list[Token]) -> list[Token]:
    """The noun phrase that ends `chunk` (scanning back over NP-like tokens)."""
    j = len(chunk)
    while j > 0:
        tok = chunk[j - 1]
        if tok.quote >= 0:
            break
        if tok.is_cap or tok.bare in NP_WORDS or (tok.is_word and tok.text[:1].isdigit()):
            j -= 1
            continue
        if tok.lower in PRONOUNS and j == len(chunk):
            j -= 1
            break
        if tok.lower in DETERMINERS and j < len(chunk):
            j -= 1
            break
        break
    np = chunk[j:]
    while np and (
        np[0].lower in {"of", "for", "at", "in", "and", "'s"}
        or np[0].text in STOP_CAPS - {"The", "A", "An", "Mr", "Mrs", "Ms", "Dr", "Prof"}
    ):
        np = np[1:]
    return np


def _leading_np(chunk: list[Token]) -> list[Token]:
    """The noun phrase that starts `chunk`."""
    i = 0
    while i < len(chunk) and chunk[i].lower in CONJUNCTIONS:
        i += 1
    start = i
    if i < len(chunk) and chunk[i].lower in PRONOUNS:
        return chunk[i : i + 1]
    if i < len(chunk) and chunk[i].lower in DETERMINERS:
        i += 1
    while i < len(chunk):
        tok = chunk[i]
        if tok.quote >= 0:
            break
        if tok.is_cap or tok.bare in NP_WORDS or tok.text[:1].isdigit():
            i += 1
            continue
        break
    np = chunk[start:i]
    while np and np[-1].lower in {"of", "for", "at", "in", "and", "the"}:
        np = np[:-1]
    return np


def _split_affiliation(words: list[str]) -> tuple[list[str], str]:
    """(core words, affiliation) for "Name of/at/from the Org" (org capitalised)."""
    for k, word in enumerate(words):
        if k == 0 or word.lower() not in {"of", "at", "from", "with"}:
            continue
        rest = words[k + 1 :]
        if rest and rest[0].lower() == "the":
            rest = rest[1:]
        if rest and rest[0][:1].isupper():
            before = words[:k]
            # Only after a person name or a plural head ("Analysts at the …").
            if _name_from_words(before) or (
                before and before[-1].lower() in ANALYST_HEADS | OFFICIAL_HEADS
            ):
                return before, " ".join(words[k + 1 :])
    return words, ""


def _parse_appositive(text: str) -> tuple[str, str]:
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


def _has_expert_word(*texts: str) -> bool:
    low = " ".join(texts).lower()
    return any(re.search(rf"\b{re.escape(w)}\b", low) for w in EXPERT_WORDS)


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
    words = np_text.split()
    gaz = state.gazetteer

    if low in {"he", "she"}:
        prev = state.prev_sentence_speaker
        if prev is not None and prev.is_person:
            return prev
        if state.prev_sentence_subject is not None:
            return state.prev_sentence_subject
        for _, info in reversed(state.speakers):
            if info.is_person:
                return info
        return SpeakerInfo(np_text, "", None, "unknown")
    if low in {"it", "they"}:
        for _, info in reversed(state.speakers):
            if not info.is_person and info.side != "unknown":
                if low == "it" and info.anonymous:
                    continue
                return info
        return SpeakerInfo(np_text, "", None, "unknown")
    if low in {"we", "i"}:
        return SpeakerInfo(np_text, "", None, "unknown")

    bare_words = [w for w in words if w.lower() not in DETERMINERS]
    if (
        words[0].lower() in {"the", "a"}
        and bare_words
        and bare_words[-1].lower() in REFERRING_HEADS
        and not any(w[:1].isupper() for w in bare_words)
    ):
        for para, info in reversed(state.speakers):
            if paragraph - para <= 3 and not info.anonymous and info.side != "unknown":
                return info
        return SpeakerInfo(np_text, np_text, None, "other")

    core_words, affiliation = _split_affiliation(words)
    title_app, affil_app = _parse_appositive(appositive) if appositive else ("", "")
    affiliation = affiliation or affil_app
    # Prefix affiliation: "Suwon University Professor Ilya Belyakov".
    for k, w in enumerate(core_words[:-1]):
        if w in {
            "University",
            "Institute",
            "Centre",
            "Center",
            "College",
            "School",
        } and k + 1 < len(core_words):
            if not affiliation:
                affiliation = " ".join(core_words[: k + 1])
            core_words = core_words[k + 1 :]
            break
    core = " ".join(core_words)
    mentions = gaz.find(core) if gaz is not None else []

    # Person name: the last run of capitalised non-title words.
    name = ""
    caps: list[str] = []
    runs: list[list[str]] = []
    for w in core_words:
        if (
            w[:1].isupper()
            and w.lower() not in NP_WORDS
            and w.lower() not in HONORIFICS
            and w not in STOP_CAPS
        ):
            caps.append(w)
        else:
            if caps:
                runs.append(caps)
            caps = []
    if caps:
        runs.append(caps)
    honorific = any(w.lower() in HONORIFICS for w in core_words)
    possessive_last = bool(re.search(r"['’]s$", core_words[-1])) if core_words else False
    org_head = core_words[-1].lower() in ORG_WORDS if core_words else False
    if runs and not possessive_last and not org_head:
        last = runs[-1]
        candidate = _name_from_words(last)
        if candidate:
            name = candidate
        elif len(last) == 1:
            resolved = state.resolve_surname(re.sub(r"['’]s$", "", last[0]))
            if resolved:
                name = resolved
            elif honorific or last[0] in state.person_aliases:
                name = last[0]
    title = ""
    if name:
        title_words = [w for w in core_words if w not in last] if runs else []
        title = " ".join(w for w in title_words if w.lower() not in HONORIFICS)
        title = title_app if not title else (f"{title}; {title_app}" if title_app else title)
    anonymous_head = (
        bool(core_words) and core_words[-1].lower() in ANALYST_HEADS | OFFICIAL_HEADS and not name
    )

    # Actor: the person's own alias first, then an alias anywhere in the core phrase.
    actor = side = None
    if name and gaz is not None:
        for m in gaz.find(name):
            if (m.start == 0 and m.end == len(name)) or m.alias in name.split() or m.alias == name:
                actor, side = m.actor, m.side
                break
        if actor is None and name in state.known:
            known = state.known[name]
            return SpeakerInfo(
                np_text,
                name,
                known.actor,
                known.side,
                known.title or title,
                known.affiliation or affiliation,
                known.anonymous,
                True,
            )
    sides = {m.side for m in mentions}
    joint = " and " in f" {core} " and len(sides) > 1
    if joint:
        return SpeakerInfo(np_text, core, None, "unknown", title, affiliation)

    expertish = _has_expert_word(title, title_app, affiliation) or (
        _has_expert_word(core) and bool(name)
    )
    if actor is None and not mentions and name and title_app and not expertish:
        # "Tehran's ambassador to the UN, Amir Iravani, said": an official title naming an actor.
        title_mentions = gaz.find(title_app) if gaz is not None else []
        if title_mentions and any(
            re.search(rf"\b{t}\b", title_app.lower()) for t in OFFICIAL_TITLES
        ):
            actor, side = title_mentions[0].actor, title_mentions[0].side
    if actor is None and mentions:
        core_low = core.lower()
        official = any(re.search(rf"\b{t}\b", core_low) for t in OFFICIAL_TITLES) or possessive_last
        if anonymous_head and core_words[-1].lower() in ANALYST_HEADS:
            pass  # "US analysts": nationality is not a side
        elif not name or (official and not expertish):
            actor, side = mentions[0].actor, mentions[0].side
    if actor is not None:
        canonical = name or _canonical_org(core, state)
        info = SpeakerInfo(
            name or core,
            canonical,
            actor,
            side or actor,
            title,
            affiliation,
            anonymous_head,
            bool(name),
        )
    elif anonymous_head:
        if core_words[-1].lower() in ANALYST_HEADS and affiliation:
            info = SpeakerInfo(core, core, None, "expert", "", affiliation, False, False)
        else:
            info = SpeakerInfo(core, core, None, "anonymous", "", affiliation, True, False)
    elif name:
        is_expert = expertish or bool(affiliation)
        info = SpeakerInfo(
            name, name, None, "expert" if is_expert else "other", title, affiliation, False, True
        )
    else:
        info = SpeakerInfo(core, _canonical_org(core, state), None, "other", "", affiliation)
    if name:
        state.known.setdefault(name, info)
    return info


def _canonical_org(core: str, state: ArticleState) -> str:
    """Organisation phrase with leading determiners dropped and "Mr X" resolved; a
    person's office is named by the person ("South Korean president Yoon Suk Yeol’s
    office" and "Mr Yoon’s office" → "Yoon Suk Yeol's office")."""
    words = core.replace("’", "'").split()
    for k in range(len(words) - 1, -1, -1):
        if words[k].endswith("'s") and k + 1 < len(words):
            owner = [w for w in words[: k + 1]]
            owner[-1] = owner[-1][:-2]
            tail = []
            for w in reversed(owner):
                if not w[:1].isupper() or w.lower() in HONORIFICS or w.lower() in NP_WORDS:
                    break
                tail.insert(0, w)
            if tail:
                person = " ".join(tail)
                full = state.resolve_surname(person) if len(tail) == 1 else person
                if full or len(tail) > 1:
                    return f"{full}'s " + " ".join(words[k + 1 :])
            break
    while words and words[0].lower() in DETERMINERS:
        words = words[1:]
    out: list[str] = []
    k = 0
    while k < len(words):
        w = words[k]
        if w.lower() in HONORIFICS and k + 1 < len(words):
            nxt = words[k + 1]
            base = re.sub(r"['’]s$", "", nxt)
            resolved = state.resolve_surname(base)
            if resolved:
                out.append(resolved + nxt[len(base) :])
                k += 2
                continue
        out.append(w)
        k += 1
    return " ".join(out)


# --------------------------------------------------------------------------- cues


@dataclass
class Cue:
    index: int  # token index of the verb in the sentence
    length: int
    verb: str  # as written
    lemma: str
    cls: str
    participle: bool
    according: bool = False
    speaker_tokens: list[Token] = field(default_factory=list)
    appositive: str = ""
    content: tuple[int, int] = (0, 0)  # token range [a, b) of reported content
    chained_to_subject: bool = False
    skip: bool = False
    np_start: int = -1  # token index where a speaker placed before the verb starts


def _find_cues(
    sent: list[Token], lexicon: VerbLexicon
) -> tuple[list[Cue], list[tuple[int, tuple[str, str, str]]]]:
    """Reporting cues and stance verbs of one sentence, left to right."""
    words = [t.lower for t in sent]
    cues: list[Cue] = []
    stances: list[tuple[int, tuple[str, str, str]]] = []
    i = 0
    while i < len(sent):
        hit = lexicon.match(words, i) if sent[i].is_word else None
        if hit is None:
            i += 1
            continue
        n, (lemma, cls, role) = hit
        form = " ".join(words[i : i + n])
        prev = words[i - 1] if i else ""
        nxt = words[i + n] if i + n < len(words) else ""
        nxt2 = words[i + n + 1] if i + n + 1 < len(words) else ""
        according = lemma == "according to"
        participle = form.split()[0].endswith("ing") and not according
        reject = False
        if not according:
            if prev in DETERMINERS or prev.endswith("'s") or prev in PASSIVE or prev in MODALS:
                reject = True
            if participle and prev not in {",", "and"}:
                reject = True
            if (
                nxt == "to"
                and nxt2
                and nxt2 not in DETERMINERS
                and nxt2 not in {"reporters", "journalists", "me", "him", "her", "them", "us"}
                and not sent[i + n + 1].is_cap
            ):
                reject = True  # "vowed to act": an intention, not reported speech
        if not reject:
            if role == "stance":
                stances.append((i, (lemma, cls, role)))
            else:
                cues.append(
                    Cue(
                        i,
                        n,
                        " ".join(t.text for t in sent[i : i + n]),
                        lemma,
                        cls,
                        participle,
                        according,
                    )
                )
        i += n
    return cues, stances


# No clause in news prose runs this long without a comma or a clause word; the bound
# keeps a sentence without punctuation (a pasted transcript) linear instead of
# quadratic in its length, and changes nothing for shorter chunks.
MAX_CHUNK_TOKENS = 120


def _chunk_start(sent: list[Token], end: int) -> int:
    """Index after the last chunk boundary before `end` (at most `MAX_CHUNK_TOKENS` back)."""
    k = end
    stop = max(0, end - MAX_CHUNK_TOKENS)
    while k > stop and not sent[k - 1].is_boundary:
        k -= 1
    return k


def _skip_filler(sent: list[Token], i: int) -> int:
    """Skip time and setting adverbials after a verb: "on Thursday", "to reporters"."""
    while i < len(sent):
        w = sent[i].lower
        if w in {"on", "late", "early", "last", "this", "in", "at", "to", "during"}:
            j = i + 1
            while j < len(sent) and j < i + 4 and sent[j].lower in FILLER_WORDS:
                j += 1
            if j == i + 1:
                break
            i = j
            continue
        if w in DAYS or w in {"reporters", "journalists", "also", "further", "that"}:
            i += 1
            continue
        if sent[i].text in {",", ":"}:
            i += 1
            continue
        break
    return i


def _sentence_subject(sent: list[Token]) -> list[Token]:
    """The subject noun phrase of a sentence (after an introductory adverbial chunk)."""
    start = 0
    for _ in range(3):
        end = start
        while end < len(sent) and not sent[end].is_boundary:
            end += 1
        chunk = sent[start:end]
        first = chunk[0].lower if chunk else ""
        intro = (
            first in ADVERBIAL_STARTS | SUBORDINATORS
            or first.endswith("ing")
            or first in {"however", "meanwhile", "instead", "still"}
        )
        if chunk and not intro:
            return _leading_np(chunk)
        if end >= len(sent):
            break
        start = end + 1
    return []


def _analyse_cue(
    sent: list[Token], cue: Cue, prev_end: int, next_start: int, narrative: str
) -> None:
    """Fill in the speaker tokens, appositive and content range of one cue."""
    i, n = cue.index, cue.length
    after = i + n
    if cue.according:
        k = after
        while k < len(sent) and not sent[k].is_boundary and sent[k].text not in {".", "!", "?"}:
            k += 1
        cue.speaker_tokens = sent[after:k]
        before = _chunk_start(sent, i)
        if before > prev_end and before - 1 >= 0 and sent[before - 1].text == ",":
            cue.content = (prev_end, before - 1)
        else:
            cue.content = (k, next_start)
        return
    if cue.participle:
        cue.chained_to_subject = True
        cue.content = (_skip_filler(sent, after), next_start)
        return
    # Walk back over adverbs and auxiliaries between the subject and the verb.
    j = i
    while j > 0 and (
        sent[j - 1].lower in AUXILIARIES
        or (sent[j - 1].lower.endswith("ly") and not sent[j - 1].is_cap)
    ):
        j -= 1
    if j >= 2 and sent[j - 1].lower in DAYS and sent[j - 2].lower == "on":
        j -= 2
    start = _chunk_start(sent, j)
    chunk = sent[start:j]
    if chunk and chunk[-1].lower in {"and", "but", "or"}:
        cue.chained_to_subject = True
        cue.content = (_skip_filler(sent, after), next_start)
        return
    if chunk and chunk[0].lower in {"which", "that"}:
        cue.skip = True  # "the text, which says …": a document, not a speaker
        return
    if not chunk or chunk[0].lower == "who" or (chunk[0].lower in ADVERBIAL_STARTS and start > 0):
        # The verb follows a comma: "X, a professor at Y, said …" / "X, who …, said" /
        # "X, during a visit, warned" — or an inversion "…, said X, a professor at Y."
        found = _subject_before(sent, start if chunk else j, prev_end, narrative)
        if found is not None:
            np, appositive, start = found
            cue.speaker_tokens, cue.appositive, cue.np_start = np, appositive, start
            cue.content = _content_range(sent, prev_end, start, after, next_start)
            return
        if chunk:
            cue.content = (prev_end, prev_end)
            return
        k = (
            _skip_filler(sent, after)
            if after < len(sent) and sent[after].lower in {"on", "in", "late", "early"}
            else after
        )
        end = k
        while (
            end < len(sent) and not sent[end].is_boundary and sent[end].text not in {".", "!", "?"}
        ):
            end += 1
        np = sent[k:end]
        if np and (np[0].is_cap or np[0].lower in PRONOUNS | DETERMINERS):
            cue.speaker_tokens = np
            if end < len(sent) and sent[end].text == ",":
                a_end = end + 1
                while (
                    a_end < len(sent)
                    and not sent[a_end].is_boundary
                    and sent[a_end].text not in {".", "!", "?"}
                ):
                    a_end += 1
                apposition = sent[end + 1 : a_end]
                if apposition and _looks_appositive(apposition):
                    cue.appositive = _np_text(apposition, narrative)
            cut = start - 1 if start > 0 and sent[start - 1].text == "," else start
            cue.content = (prev_end, max(prev_end, cut))
        else:
            cue.content = (prev_end, prev_end)
        return
    if _looks_appositive(chunk) and start > 0:
        found = _subject_before(sent, j, prev_end, narrative)
        if found is not None:
            np, appositive, start = found
            cue.speaker_tokens, cue.appositive, cue.np_start = np, appositive, start
            cue.content = _content_range(sent, prev_end, start, after, next_start)
            return
    np = _trailing_np(chunk)
    if not np and chunk and len(chunk) <= 6 and chunk[0].is_cap:
        np = chunk
    cue.speaker_tokens = np
    np_start = start + (len(chunk) - len(np))
    cue.np_start = np_start if np else -1
    cue.content = _content_range(sent, prev_end, np_start, after, next_start)


def _content_range(
    sent: list[Token], prev_end: int, np_start: int, after: int, next_start: int
) -> tuple[int, int]:
    """Reported content of a cue whose speaker starts at `np_start`: a quotation or
    clause before the speaker ("“Q,” X said" / "C, X said") or the clause after the
    verb ("X said (that) C"), whichever the sentence has."""
    before_end = np_start
    while before_end > prev_end and sent[before_end - 1].text in {",", "—", "–"}:
        before_end -= 1
    before = [t for t in sent[prev_end:before_end] if t.is_word or t.quote >= 0]
    before = [t for t in before if t.lower not in CONJUNCTIONS]
    if len(before) == 1 and before[0].quote >= 0 and prev_end == 0:
        return prev_end, before_end
    a = _skip_filler(sent, after)
    stop = next_start
    if next_start < len(sent):
        # Stop before the next cue's own speaker: "…, Putin said, BBC News reported."
        nxt_chunk = sent[_chunk_start(sent, next_start) : next_start]
        stop = max(a, next_start - len(_trailing_np(nxt_chunk)))
    body = [t for t in sent[a:stop] if t.is_word or t.quote >= 0]
    if body and body[0].lower not in SUBORDINATORS | ADVERBIAL_STARTS | CONJUNCTIONS:
        return a, next_start
    if before and before_end < np_start:  # "C, X said": a comma separates the clause
        return prev_end, before_end
    return a, next_start


def _subject_before(
    sent: list[Token], end: int, prev_end: int, narrative: str
) -> tuple[list[Token], str, int] | None:
    """Speaker in the chunks before a comma-preceded verb, skipping adverbials,
    relative clauses and appositives: (noun phrase, appositive, start index)."""
    appositive = ""
    skipped_clause = False
    k = end
    for _ in range(4):
        if k <= prev_end or k == 0 or sent[k - 1].text != ",":
            return None
        start = max(_chunk_start(sent, k - 1), prev_end)
        chunk = sent[start : k - 1]
        if not chunk:
            return None
        first = chunk[0].lower
        if first == "who" or first in ADVERBIAL_STARTS:
            skipped_clause = True
            k = start
            continue
        if (
            _looks_appositive(chunk)
            and start > prev_end
            and start > 0
            and sent[start - 1].text == ","
        ):
            appositive = appositive or _np_text(chunk, narrative)
            k = start
            continue
        np = _trailing_np(chunk)
        rest = [
            t for t in chunk[: len(chunk) - len(np)] if t.lower not in CONJUNCTIONS and t.is_word
        ]
        # After a relative or adverbial clause, the NP just before it is its subject
        # ("… after Mr Putin, who visited Y, said"); otherwise it must fill its chunk.
        if (
            np
            and (not rest or skipped_clause)
            and (any(t.is_cap for t in np) or np[0].lower in PRONOUNS)
        ):
            # A title chunk before the name: "Mr Yoon’s national security adviser, Chang Ho-jin,"
            if start > prev_end and start >= 2 and sent[start - 1].text == ",":
                t_start = _chunk_start(sent, start - 1)
                title_chunk = sent[t_start : start - 1]
                if title_chunk and any(
                    not t.is_cap and (t.bare in OFFICIAL_TITLES or _has_expert_word(t.bare))
                    for t in title_chunk
                ):
                    appositive = appositive or _np_text(title_chunk, narrative)
            return np, appositive, start + len(chunk) - len(np)
        return None
    return None


def _looks_appositive(chunk: list[Token]) -> bool:
    """ "a senior analyst at …", "director of …", "who was …", "of X University"."""
    words = [t.lower for t in chunk if t.is_word]
    if not words:
        return False
    if words[0] in {"who", "of"}:
        return True
    if words[0] in {"a", "an", "the"} and len(words) > 1 and not chunk[1].is_cap:
        head_words = set(words[1:6])
        return bool(head_words & (NP_WORDS - {"of", "the", "for", "at", "in", "and"}))
    return not chunk[0].is_cap and words[0] in NP_WORDS and any(w in {"of", "at"} for w in words)


# -------------------------------------------------------------------------- driver


def extract_attributions(
    paragraphs: Sequence[tuple[int, str]],
    *,
    lexicon: VerbLexicon,
    gazetteer: Gazetteer | None = None,
    person_aliases: frozenset[str] = frozenset(),
    min_words: int = 3,
    continuation_paragraphs: int = 2,
) -> list[Attribution]:
    """Every attribution of one article, in reading order.

    `paragraphs` are ``(paragraph number, text)`` in order. `person_aliases` are
    single-word aliases that name people (e.g. "Putin", from "Vladimir Putin"), so
    that "he" can refer to them.
    """
    texts = [t or "" for _, t in paragraphs]
    numbers = [p for p, _ in paragraphs]
    quotes = find_quotes(texts, min_words=min_words)
    masks_by_para: dict[int, list[tuple[int, int, int]]] = {}
    for qi, quote in enumerate(quotes):
        if not quote.valid:
            continue
        for p, s, e in quote.masks:
            masks_by_para.setdefault(p, []).append((s, e, qi))
    state = ArticleState(gazetteer, person_aliases)
    rows: list[dict] = []
    quote_row: dict[int, int] = {}

    for p, text in enumerate(texts):
        masks = sorted(masks_by_para.get(p, []))
        narrative_parts: list[str] = []
        owners: list[int] = []
        last = 0
        for s, e, qi in masks:
            if s < last:
                continue
            narrative_parts.append(text[last:s] + " " + PLACEHOLDER + " ")
            owners.append(qi)
            last = e
        narrative_parts.append(text[last:])
        narrative = "".join(narrative_parts)
        state.remember_names(text)
        tokens: list[Token] = []
        owner_iter = iter(owners)
        for match in TOKEN_RE.finditer(narrative):
            tok = Token(match.group(), match.start(), match.end())
            if tok.text == PLACEHOLDER:
                tok.quote = next(owner_iter)
            tokens.append(tok)
        for sent in _sentences(tokens, quotes):
            _process_sentence(
                sent,
                narrative,
                quotes,
                p,
                numbers,
                lexicon,
                state,
                rows,
                quote_row,
                continuation_paragraphs,
            )

    return [Attribution(**{k: v for k, v in row.items() if not k.startswith("_")}) for row in rows]


def _content_text(sent: list[Token], a: int, b: int, narrative: str, quotes: list[Quote]) -> str:
    """Reported content as text, quotations restored with curly marks."""
    while a < b and (sent[a].lower in {"that", ",", ":"} or sent[a].text in {",", ":"}):
        a += 1
    while b > a and sent[b - 1].text in {",", ".", ";", ":", "—", "–"}:
        b -= 1
    if a >= b:
        return ""
    raw = narrative[sent[a].start : sent[b - 1].end]
    parts = raw.split(PLACEHOLDER)
    out = parts[0]
    quote_ids = [t.quote for t in sent[a:b] if t.quote >= 0]
    for qi, rest in zip(quote_ids, parts[1:], strict=False):
        out += f"“{quotes[qi].text}”" + rest
    return " ".join(out.split())


def _process_sentence(
    sent: list[Token],
    narrative: str,
    quotes: list[Quote],
    p: int,
    numbers: list[int],
    lexicon: VerbLexicon,
    state: ArticleState,
    rows: list[dict],
    quote_row: dict[int, int],
    continuation_paragraphs: int,
) -> None:
    cues, stances = _find_cues(sent, lexicon)
    subject_tokens = _sentence_subject(sent)
    subject_text = _np_text(subject_tokens, narrative)
    placeholders = [k for k, t in enumerate(sent) if t.quote >= 0]
    sentence_speaker: SpeakerInfo | None = None

    def stance_before(index: int) -> tuple[str, str, str] | None:
        found = [s for s in stances if s[0] < index]
        return found[0][1] if found else None

    # Participles chained to an earlier cue of the same sentence add nothing new.
    kept: list[Cue] = []
    for cue in cues:
        if cue.participle and kept:
            continue
        kept.append(cue)
    cues = kept
    for c, cue in enumerate(cues):
        prev_end = cues[c - 1].index + cues[c - 1].length if c else 0
        next_start = cues[c + 1].index if c + 1 < len(cues) else len(sent)
        _analyse_cue(sent, cue, prev_end, next_start, narrative)
        if cue.participle or cue.chained_to_subject:
            next_stop = next_start
            if c + 1 < len(cues):
                next_stop = _chunk_start(sent, cues[c + 1].index)
            cue.content = (cue.content[0], max(cue.content[0], next_stop))
    claimed: set[int] = set()
    for c, cue in enumerate(cues):
        if cue.skip:
            continue
        a, b = cue.content
        plain = not cue.according and not cue.participle and not cue.chained_to_subject
        if plain and cue.np_start >= 0 and a > cue.index and c + 1 < len(cues):
            # "X said C and Y said D": C stops where the next cue's speaker starts.
            nxt = cues[c + 1]
            b = min(b, max(a, nxt.np_start if 0 <= nxt.np_start < nxt.index else nxt.index))
        inside = [k for k in placeholders if a <= k < b and k not in claimed]
        body = [
            t
            for t in sent[a:b]
            if t.text not in {",", ".", ":", ";", "!", "?"}
            and t.lower not in CONJUNCTIONS | {"that"}
        ]
        if not body:
            continue  # ", X said, Y reported": the second cue has no content of its own
        if cue.chained_to_subject:
            speaker_np, appositive = subject_text, ""
        else:
            speaker_np, appositive = _np_text(cue.speaker_tokens, narrative), cue.appositive
        if not speaker_np and not inside:
            continue  # a reporting verb with neither speaker nor quotation
        info = classify_speaker(speaker_np, appositive, state, p) if speaker_np else UNKNOWN
        verb_lemma, verb_cls, verb = cue.lemma, cue.cls, cue.verb
        if cue.chained_to_subject:
            stance = stance_before(cue.index)
            if stance is not None:
                verb_lemma, verb_cls = stance[0], stance[1]
                verb = stance[0]
        claimed.update(inside)
        whole = len(body) == 1 and body[0].quote >= 0
        if whole:
            qi = body[0].quote
            if qi in quote_row:
                # A later paragraph of a multi-paragraph quote: name its speaker if unknown.
                row = rows[quote_row[qi]]
                if row["side"] == "unknown" or row.get("_continued"):
                    row.update(_speaker_fields(info), _continued=False)
                sentence_speaker = info
                continue
            rows.append(
                _row(
                    quotes[qi], "direct", quotes[qi].text, info, verb, verb_lemma, verb_cls, numbers
                )
            )
            quote_row[qi] = len(rows) - 1
        else:
            content = _content_text(sent, a, b, narrative, quotes)
            kind = "mixed" if inside else "indirect"
            quoted = sum(quotes[sent[k].quote].n_words for k in inside)
            row = _row(
                None, kind, content, info, verb, verb_lemma, verb_cls, numbers, p=p, n_quoted=quoted
            )
            rows.append(row)
            for k in inside:
                quote_row.setdefault(sent[k].quote, len(rows) - 1)
        if info is not UNKNOWN:
            state.speakers.append((p, info))
        sentence_speaker = info

    # Quotations no cue claimed.
    non_punct = [
        t
        for t in sent
        if t.text not in {",", ".", ":", ";", "!", "?", "—", "–"} and t.lower not in CONJUNCTIONS
    ]
    for k in placeholders:
        if k in claimed:
            continue
        qi = sent[k].quote
        if qi in quote_row:
            continue
        standalone = len(non_punct) == 1 or (
            cues and all(t.quote >= 0 for t in non_punct[: non_punct.index(sent[k]) + 1])
        )
        info: SpeakerInfo = UNKNOWN
        continued = False
        if standalone and state.speakers and p - state.speakers[-1][0] <= continuation_paragraphs:
            info = sentence_speaker or state.speakers[-1][1]
            continued = True
        elif not standalone and stances and subject_text:
            info = classify_speaker(subject_text, "", state, p)
        if standalone:
            row = _row(quotes[qi], "direct", quotes[qi].text, info, "", "", "", numbers)
        else:
            row = _row(
                None,
                "mixed",
                _content_text(sent, 0, len(sent), narrative, quotes),
                info,
                "",
                "",
                "",
                numbers,
                p=p,
                n_quoted=quotes[qi].n_words,
            )
        row["_continued"] = continued
        rows.append(row)
        quote_row[qi] = len(rows) - 1

    state.prev_sentence_speaker = sentence_speaker
    subject_info = None
    if subject_tokens and not (len(subject_tokens) == 1 and subject_tokens[0].lower in PRONOUNS):
        names = _person_runs(subject_text)
        if names:
            subject_info = classify_speaker(names[-1], "", state, p)
    state.prev_sentence_subject = subject_info


def _speaker_fields(info: SpeakerInfo) -> dict:
    return {
        "speaker": info.speaker,
        "speaker_canonical": info.canonical,
        "actor": info.actor,
        "side": info.side,
        "title": info.title,
        "affiliation": info.affiliation,
        "anonymous": info.anonymous,
    }


def _row(
    quote: Quote | None,
    kind: str,
    text: str,
    info: SpeakerInfo,
    verb: str,
    verb_lemma: str,
    verb_cls: str,
    numbers: list[int],
    *,
    p: int = 0,
    n_quoted: int = 0,
) -> dict:
    if quote is not None:
        first, last = numbers[quote.segments[0][0]], numbers[quote.segments[-1][0]]
        n_quoted = quote.n_words
    else:
        first = last = numbers[p]
    return {
        "paragraph": first,
        "paragraph_end": last,
        "kind": kind,
        **_speaker_fields(info),
        "verb": verb,
        "verb_lemma": verb_lemma,
        "verb_class": verb_cls,
        "quote": text,
        "n_words": len(WORD_RE.findall(text)),
        "n_quoted_words": n_quoted,
        "_continued": False,
    }
