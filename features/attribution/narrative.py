"""The narrative of a paragraph: its text with each quotation masked, as tokens and sentences.

Every valid quotation's span (marks included) becomes one `PLACEHOLDER` character, so
the rules see "“…,” Macron said" as ``<quote> , Macron said`` and a quotation is one
token that knows its index in the article's quotations.

Tokenisation (`TOKEN_RE`). This is not `framing.corpus.tokens.TOKEN_PATTERN`, on
purpose: the rules read raw paragraph text with quotations masked (the shared tokens
are per sentence, and sentences would cut through quotations), and they need character
offsets to cut phrases back out of the text. It is composed of the shared pieces: the
placeholder, then the shared `INITIALISM` (``U.S.``), then an abbreviation with its
full stop (`ABBREVIATION`: a title "Mr." "Sen." "Lt.", a name suffix "Jr." "Inc.", an
initial "S."), then a word, then the shared `PUNCT`. Its word differs from the shared
`WORD`/`NUMBER` as the family has always read words: a run of letters and digits
(`ALNUM`) joined by ' ’ - or ``.`` (so ``3.5``, ``No.2`` stay one token), with a
possessive 's kept on it. Keeping the stop on the abbreviation makes "Mr. Haller",
"Sen. Tom Adler" and "Robert K. Lane" one noun phrase for every later rule.

Sentences are cut again here, not taken from the corpus's sentences, for the same
reason: the cut must see a quotation as one token ("“We will.” He left." is two
sentences, “Do it. Now,” he said one). Which full stops end a sentence is decided by
the shared abbreviation lists of `framing.corpus.words` (`ends_sentence`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from framing.corpus.tokens import ALNUM, INITIALISM, PUNCT
from framing.corpus.words import (
    NAME_SUFFIXES,
    NUMBER_ABBREVIATIONS,
    OTHER_ABBREVIATIONS,
    PLACE_ABBREVIATIONS,
    SENTENCE_STARTERS,
    TITLE_ABBREVIATIONS,
)
from framing.features.attribution.quotations import PLACEHOLDER, Quote

__all__ = ["TOKEN_RE", "Token", "ends_sentence", "mask_quotations", "split_sentences", "tokenise"]

NARRATIVE_WORD = rf"{ALNUM}+(?:['’\-.]{ALNUM}+)*(?:['’]s\b)?"
# A capitalised title, name suffix or state with its stop ("Mr.", "Sen.", "Jr.", "Md."),
# or an initial ("S."): one token, not a word and a full stop.
_DOTTED = sorted(TITLE_ABBREVIATIONS | NAME_SUFFIXES | PLACE_ABBREVIATIONS, key=len, reverse=True)
ABBREVIATION = r"(?:(?:" + "|".join(w.capitalize() for w in _DOTTED) + r")|[A-Z])\.(?!\w)"
TOKEN_RE = re.compile(f"{PLACEHOLDER}|{INITIALISM}|{ABBREVIATION}|{NARRATIVE_WORD}|{PUNCT}")
# Words after which a full stop never ends a sentence (the stop is a separate token).
_NEVER_END = TITLE_ABBREVIATIONS | NUMBER_ABBREVIATIONS | OTHER_ABBREVIATIONS
BOUNDARIES = frozenset({",", ";", ":", "—", "–", "(", ")", "[", "]"})
TERMINATORS = frozenset({".", "!", "?"})
# Tokens that may open a sentence besides a capitalised word or a quotation.
SENTENCE_OPENERS = frozenset({"“", '"', "‘", "("})


@dataclass
class Token:
    """A narrative token: its text and character span; `quote` is the index into the
    article's quotations of a placeholder, else -1."""

    text: str
    start: int
    end: int
    quote: int = -1
    # Read millions of times per corpus by the rules: computed once, with the token.
    lower: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.lower = self.text.lower().replace("’", "'")

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
        """A quotation or a punctuation mark that ends a comma chunk."""
        return self.quote >= 0 or self.text in BOUNDARIES


def mask_quotations(
    text: str, masks: list[tuple[int, int, int]]
) -> tuple[str, list[int], list[tuple[int, int, int, int]]]:
    """(narrative, owners, breaks): `text` with each ``(start, end, quote index)`` span
    replaced by a spaced `PLACEHOLDER`, the quote index of each placeholder in order,
    and per replaced span (narrative start, narrative end, text start, text end), to map
    narrative offsets back to `text`. A span overlapping an earlier one is dropped."""
    parts: list[str] = []
    owners: list[int] = []
    breaks: list[tuple[int, int, int, int]] = []
    last = 0
    length = 0
    for s, e, qi in sorted(masks):
        if s < last:
            continue
        parts.append(text[last:s])
        length += s - last
        parts.append(" " + PLACEHOLDER + " ")
        breaks.append((length, length + 3, s, e))
        length += 3
        owners.append(qi)
        last = e
    parts.append(text[last:])
    return "".join(parts), owners, breaks


def tokenise(narrative: str, owners: list[int]) -> list[Token]:
    """The tokens of a narrative; placeholders carry their quote index from `owners`."""
    tokens: list[Token] = []
    owner_iter = iter(owners)
    for match in TOKEN_RE.finditer(narrative):
        tok = Token(match.group(), match.start(), match.end())
        if tok.text == PLACEHOLDER:
            tok.quote = next(owner_iter)
        tokens.append(tok)
    return tokens


def split_sentences(tokens: list[Token], quotes: list[Quote]) -> list[list[Token]]:
    """Cut a paragraph's narrative tokens into sentences (quotations are single tokens).

    A sentence ends where `ends_sentence` says so, or at a quotation ending in . ! ?,
    when the next token can open a sentence."""
    out: list[list[Token]] = []
    current: list[Token] = []
    for i, tok in enumerate(tokens):
        current.append(tok)
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is None:
            break
        starts = nxt.is_cap or nxt.quote >= 0 or nxt.text in SENTENCE_OPENERS
        if not starts:
            continue
        if tok.quote >= 0:
            end = quotes[tok.quote].text.rstrip("”’\"' ").endswith((".", "!", "?"))
        else:
            end = ends_sentence(tokens, i)
        if end:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


def ends_sentence(tokens: list[Token], i: int) -> bool:
    """Whether token `i`, followed by a token that can open a sentence, ends one.

    . ! ? end a sentence, but not a full stop after an abbreviation that never ends one
    ("Jan. 19", "vs.") or a single letter. A token that keeps its stop ends one only
    when it is not a title ("Mr.", "Sen.") and the next word is a sentence starter: an
    initial, a name suffix or an initialism ("Robert K. Lane", "Ames Jr. The crowd",
    "to the U.S. The next day")."""
    tok = tokens[i]
    if tok.text in TERMINATORS:
        prev = tokens[i - 1].lower if i else ""
        return tok.text != "." or not (prev in _NEVER_END or (len(prev) == 1 and prev.isalpha()))
    if len(tok.text) < 2 or not tok.text.endswith(".") or not tok.is_word:
        return False
    bare = tok.lower.rstrip(".")
    if bare in TITLE_ABBREVIATIONS or bare in OTHER_ABBREVIATIONS:
        return False
    return tokens[i + 1].lower in SENTENCE_STARTERS
