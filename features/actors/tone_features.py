"""Features of one actor mention for the mention-tone model (`tone_model`).

The one feature code path: `benchmarks/train_tone.py` trains on these features and the
family scores mentions with them. What the model does with them: docs/actors.md
("Tone toward each mention").

Why these features: sentence-level VADER gives every actor in "Seoul condemned Pyongyang's
threats" the same tone. The features here are relative to the mention. The target is one
token (``<t>``) and every other actor another (``<o>``), so "<t> condemned" and "condemned
<t>" differ; each lexicon word's valence is credited by side (left/right of the target), by
whether the target or another actor is the nearest actor to it, by clause and by quotation;
the words next to the target stand in for its role (subject, object, owner, passive agent).

Other actors are the spans the caller gives (gazetteer hits) *and* capitalised words that do
not start a sentence, both as ``<o>``. Why capitalised words: names and parties in the
training sentences (2013-2019 US politics) carry label priors ("comey" → negative) that would
turn into a bias about those actors when the toolkit measures how outlets frame them. Why one
token for both: in the training data the sentences whose other actors were labelled are
mostly polar, so a separate "known other actor" token learns "several actors → not neutral",
a quirk of how the data was sampled, not of news.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["CLASSES", "FORMAT", "WINDOW", "Features", "Lexicon", "Span", "mention_features",
           "sentence_features", "sentence_tokens", "tokenize_mention"]  # fmt: skip

# Column order of the weights; a mention's score is P(positive) - P(negative).
CLASSES = ("negative", "neutral", "positive")
# Model files name the feature code they were trained with; bump it when features change.
FORMAT = "framing.mention_tone/2"

# Known other actors (spans given) and name-like words share one token (module docstring).
TARGET, OTHER = "<t>", "<o>"
Span = tuple[int, int]
Features = dict[str, float]  # feature name → value

WINDOW = 4  # tokens each side for positional word features (grouped CV on train, docs/actors.md)

# Case kept: capitalisation decides which words are name-like (see the module docstring).
_TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)*|[^\sA-Za-z0-9]")
# Typographic quotes and apostrophes read as their ASCII forms (as framing.vader does).
_QUOTE_TABLE = str.maketrans(dict.fromkeys("“”„‟«»″", '"') | dict.fromkeys("‘’‚‛‹›′", "'"))
_WORD_RE = re.compile(r"[A-Za-z]+")
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "st", "jr", "sr",
    "prof", "rev", "hon", "pres", "no", "u", "s", "k", "d", "r",
})  # fmt: skip
# Tokens after which a capitalised word may just start a sentence or a quotation.
_SENTENCE_STARTS = frozenset({".", "?", "!", '"', ":", "(", "—", "–", "-"})
# Tokens that end a clause. Commas are left out on purpose: in news they separate
# appositions ("Trump, the president, ...") far more often than clauses.
_CLAUSE_BREAKS = frozenset({
    ";", ":", ".", "?", "!", "(", ")", "—", "–", '"', "but", "while", "although", "though",
    "whereas", "however", "because", "after", "before", "when", "which", "who", "that",
})  # fmt: skip
_NEGATION_REACH = 3  # tokens before a lexicon word, as VADER's negation check
_NEGATION_SCALAR = -0.74  # VADER's N_SCALAR
# (suffix, replacement) pairs tried in order when a word is not in the lexicon.
_SUFFIXES = (
    ("ies", "y"), ("ied", "y"), ("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("ing", ""),
    ("ing", "e"), ("ly", ""),
)  # fmt: skip
_MEMO_SIZE = 200_000
_MIN_STEM = 4  # shorter stems make false hits ("has" → "ha", "ties" → "ty")
# Role cues without a parser: words skipped before the target's verb ("<t> has also slammed")
# and between a verb and its object ("attacked the <t>").
_AUXILIARIES = frozenset({
    "is", "was", "were", "are", "be", "been", "being", "has", "have", "had", "will", "would",
    "could", "should", "may", "might", "can", "also", "not", "never", "did", "does", "do", "to",
    "just", "still", "then", "reportedly", "allegedly", "later", "repeatedly", "publicly",
    "already", "again",
})  # fmt: skip
_DETERMINERS = frozenset({
    "the", "a", "an", "his", "her", "their", "its", "our", "to", "with", "for", "on", "at",
    "from", "that", "about", "and",
})  # fmt: skip
_POSSESSIVES = frozenset({"his", "her", "their", "its", "my", "our", "your"})
_APPOSITION_REACH = 8  # tokens after "<t> ," read as its apposition


@dataclass(frozen=True)
class Lexicon:
    """Word valences (VADER's lexicon, words only) and negation words."""

    valence: dict[str, float]
    negations: frozenset[str]
    # token → `get(token)`: most tokens are not lexicon words and would try every suffix.
    _memo: dict[str, float | None] = field(default_factory=dict, repr=False, compare=False)

    def get(self, token: str) -> float | None:
        """Valence of `token`, else of its first suffix-stripped form in the lexicon
        (VADER lists "slam" but not "slammed"), so inflections of lexicon words count."""
        try:
            return self._memo[token]
        except KeyError:
            pass
        if len(self._memo) > _MEMO_SIZE:
            self._memo.clear()
        value = self._memo[token] = self._lookup(token)
        return value

    def _lookup(self, token: str) -> float | None:
        value = self.valence.get(token)
        if value is not None:
            return value
        for suffix, repl in _SUFFIXES:
            if token.endswith(suffix):
                stem = token[: -len(suffix)]
                undoubled = stem[:-1] if stem[-1:] == stem[-2:-1] else ""  # "slamm" → "slam"
                for cand in (stem + repl, undoubled):
                    if len(cand) >= _MIN_STEM and cand in self.valence:
                        return self.valence[cand]
        return None


def _words(segment: str, at_start: bool, headline: bool) -> list[str]:
    """Lowercased tokens of a text segment. A capitalised word that does not start a
    sentence becomes ``<o>`` (a name, or a title such as "Justice", whose lexicon valence
    is not tone), unless the text is headline-cased, where capitals tell nothing."""
    out: list[str] = []
    previous = ""
    for token in _TOKEN_RE.findall(segment.translate(_QUOTE_TABLE)):
        lower = token.lower()
        out.append(OTHER if token[0].isupper() and not at_start and not headline else lower)
        # "Mr. Trump": a period after an abbreviation does not start a sentence.
        at_start = token in _SENTENCE_STARTS and not (token == "." and previous in _ABBREVIATIONS)
        previous = lower
    return out


def _is_headline(text: str) -> bool:
    """Most words capitalised ("Trump Slams Pelosi Over Wall")."""
    words = _WORD_RE.findall(text)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) > 0.6 * len(words)


def sentence_tokens(text: str, spans: Sequence[Span]) -> tuple[list[str], list[int]]:
    """Tokens of `text` with each actor span as one ``<o>`` token; returns the tokens and,
    per span, its token index (-1 for a span overlapping an earlier one, which is dropped).

    A gap's tokens never depend on which span is the target: the token before a gap is a
    span token, never a sentence start. So every mention of a sentence shares them."""
    headline = _is_headline(text)
    tokens: list[str] = []
    index = [-1] * len(spans)
    cursor = 0
    for k in sorted(range(len(spans)), key=lambda k: spans[k]):
        s, e = spans[k]
        if s < cursor:  # overlapping spans: keep the first
            continue
        at_start = not tokens or tokens[-1] in _SENTENCE_STARTS
        tokens += _words(text[cursor:s], at_start, headline)
        index[k] = len(tokens)
        tokens.append(OTHER)
        cursor = e
    tokens += _words(text[cursor:], False, headline)
    return tokens, index


def tokenize_mention(
    text: str, start: int, end: int, others: Sequence[Span] = ()
) -> tuple[list[str], int]:
    """Tokens of `text` with the target span as one ``<t>`` token and each other actor span
    (not overlapping the target) as one ``<o>``; returns (tokens, target index)."""
    spans = [(start, end), *((s, e) for s, e in others if e <= start or s >= end)]
    tokens, index = sentence_tokens(text, spans)
    tokens[index[0]] = TARGET
    return tokens, index[0]


@dataclass(frozen=True)
class _Sentence:
    """What the features of every mention of one sentence share: the tokens with every
    actor as ``<o>``, the actors' positions, quotation flags, and its lexicon words as
    (position, token, valence after negation, distance to the nearest actor)."""

    tokens: list[str]
    actors: list[int]
    quoted: list[bool]
    polar: list[tuple[int, str, float, int]]


def _sentence(tokens: list[str], lexicon: Lexicon) -> _Sentence:
    actors = [j for j, t in enumerate(tokens) if t == OTHER]
    polar = []
    for j, token in enumerate(tokens):
        value = lexicon.get(token)
        if value is None:
            continue
        if any(t in lexicon.negations for t in tokens[max(0, j - _NEGATION_REACH) : j]):
            value *= _NEGATION_SCALAR
        k = bisect.bisect(actors, j)  # actors[k - 1] < j < actors[k]: j is no actor
        near = [j - actors[k - 1]] if k else []
        near += [actors[k] - j] if k < len(actors) else []
        polar.append((j, token, value, min(near, default=len(tokens))))
    return _Sentence(tokens, actors, _inside_quotes(tokens), polar)


def _clause_bounds(tokens: Sequence[str], ti: int) -> tuple[int, int]:
    """[lo, hi) of the clause holding the target: up to the nearest break each side."""
    lo = ti
    while lo > 0 and tokens[lo - 1] not in _CLAUSE_BREAKS:
        lo -= 1
    hi = ti + 1
    while hi < len(tokens) and tokens[hi] not in _CLAUSE_BREAKS:
        hi += 1
    return lo, hi


def _inside_quotes(tokens: Sequence[str]) -> list[bool]:
    """Per token: is it between an odd and the next even ASCII double quote."""
    inside, flags = False, []
    for token in tokens:
        if token == '"':
            inside = not inside
        flags.append(inside)
    return flags


def _word_features(tokens: Sequence[str], ti: int, feats: dict[str, float]) -> None:
    """Exact neighbours, side-tagged window words and bigrams, and the sentence's words
    (its topic and mood, which the target's tone often follows)."""
    n = len(tokens)
    for k in (1, 2):
        feats[f"l{k}:" + (tokens[ti - k] if ti - k >= 0 else "^")] = 1.0
        feats[f"r{k}:" + (tokens[ti + k] if ti + k < n else "$")] = 1.0
    lo, hi = max(0, ti - WINDOW), min(n, ti + WINDOW + 1)
    for j in range(lo, ti):
        feats["l:" + tokens[j]] = 1.0
        if j + 1 < ti:
            feats["lb:" + tokens[j] + " " + tokens[j + 1]] = 1.0
    for j in range(ti + 1, hi):
        feats["r:" + tokens[j]] = 1.0
        if j + 1 < hi:
            feats["rb:" + tokens[j] + " " + tokens[j + 1]] = 1.0
    for token in tokens:
        if token != TARGET:
            feats["s:" + token] = 1.0


def _lexicon_features(sentence: _Sentence, ti: int, feats: dict[str, float]) -> None:
    """Lexicon valence credited by where each polar word stands relative to the target."""
    lo, hi = _clause_bounds(sentence.tokens, ti)
    quoted = sentence.quoted
    sums: dict[str, float] = {}
    for j, token, value, nearest in sentence.polar:
        sign = "p" if value > 0 else "n"
        size = abs(value) / 4.0  # VADER valences run to ±4
        # Ties go to the target: "Seoul condemned Pyongyang" credits "condemned" to both.
        side = "l" if j < ti else "r"
        near = "t" if abs(j - ti) == nearest else "o"
        parts = [
            (f"s_{sign}", size),
            (f"{side}_{near}_{sign}", size),
            (f"d_{sign}", size / (1.0 + abs(j - ti) / 4.0)),
        ]
        if lo <= j < hi:
            parts.append((f"c_{sign}", size))
        if quoted[j] != quoted[ti]:  # a quotation the target is not part of, or vice versa
            parts.append((f"q_{sign}", size))
        for key, weight in parts:
            sums[key] = sums.get(key, 0.0) + weight
        feats[f"lw:{side}{near}:" + token] = 1.0
    for key, total in sums.items():
        feats["lx:" + key] = math.tanh(total)
    feats["lx:compound"] = math.tanh(sums.get("s_p", 0.0) - sums.get("s_n", 0.0))


def _structure_features(sentence: _Sentence, ti: int, feats: dict[str, float]) -> None:
    """Where the target stands: before every other actor (likely the subject), in quotes."""
    others = [j for j in sentence.actors if j != ti]
    feats["st:n_others"] = min(len(others), 3) / 3.0
    if others:
        feats["st:first_actor" if ti < others[0] else "st:not_first_actor"] = 1.0
    feats["st:quoted"] = float(sentence.quoted[ti])
    feats["st:position"] = ti / max(1, len(sentence.tokens) - 1)


def _valence_sum(tokens: Sequence[str], lo: int, hi: int, lexicon: Lexicon) -> float:
    """Summed lexicon valence / 4 of tokens[lo:hi] (no negation: the spans are short)."""
    return sum((lexicon.get(t) or 0.0) / 4.0 for t in tokens[max(lo, 0) : hi])


def _put_polarity(feats: dict[str, float], key: str, total: float) -> None:
    """``key_p`` or ``key_n`` = tanh(|total|), when `total` is not zero."""
    if total:
        feats[f"{key}_{'p' if total > 0 else 'n'}"] = math.tanh(abs(total))


def _after_target(tokens: Sequence[str], ti: int, lexicon: Lexicon, feats: Features) -> None:
    """The target as owner ("<t>'s failures") or as subject: the first word after it and
    past auxiliaries ("<t> has slammed") by identity and valence; its apposition."""
    n, j = len(tokens), ti + 1
    if tokens[j : j + 2] == ["'", "s"]:
        feats["sx:poss"] = 1.0
        _put_polarity(feats, "sx:poss", _valence_sum(tokens, j + 2, j + 5, lexicon))
        return
    while j < n and tokens[j] in _AUXILIARIES:
        j += 1
    if j < n and tokens[j].isalpha():
        feats["sx:subj:" + tokens[j]] = 1.0
        _put_polarity(feats, "sx:subj", (lexicon.get(tokens[j]) or 0.0) / 4.0)
    if ti + 1 < n and tokens[ti + 1] == ",":  # "<t>, a disgraced former aide, ..."
        end = ti + 2
        while end < min(n, ti + 2 + _APPOSITION_REACH) and tokens[end] not in (",", ".", ";"):
            end += 1
        _put_polarity(feats, "sx:appos", _valence_sum(tokens, ti + 2, end, lexicon))


def _before_target(tokens: Sequence[str], ti: int, lexicon: Lexicon, feats: Features) -> None:
    """The target as object: the word before it past determiners ("attacked the <t>"), or
    as the agent of a passive ("was praised by <t>")."""
    j = ti - 1
    while j >= 0 and tokens[j] in _DETERMINERS:
        j -= 1
    if j >= 0 and tokens[j] == "by":
        feats["sx:by"] = 1.0
        k = j - 1
        while k >= 0 and tokens[k] in _AUXILIARIES:
            k -= 1
        if k >= 0:
            feats["sx:agent:" + tokens[k]] = 1.0
            _put_polarity(feats, "sx:agent", (lexicon.get(tokens[k]) or 0.0) / 4.0)
    elif j >= 0 and tokens[j].isalpha():
        feats["sx:obj:" + tokens[j]] = 1.0
        _put_polarity(feats, "sx:obj", (lexicon.get(tokens[j]) or 0.0) / 4.0)


def _role_features(
    tokens: Sequence[str], ti: int, surface: str, lexicon: Lexicon, feats: dict[str, float]
) -> None:
    """Who does what to whom, approximated from the words next to the target."""
    _after_target(tokens, ti, lexicon, feats)
    _before_target(tokens, ti, lexicon, feats)
    if surface.lower() in _POSSESSIVES:  # "his poor showings"
        feats["sx:posspron"] = 1.0
        _put_polarity(feats, "sx:poss", _valence_sum(tokens, ti + 1, ti + 4, lexicon))


def _target_features(
    sentence: _Sentence, ti: int, surface: str, lexicon: Lexicon
) -> dict[str, float]:
    tokens = list(sentence.tokens)
    tokens[ti] = TARGET
    feats: dict[str, float] = {}
    _word_features(tokens, ti, feats)
    _lexicon_features(sentence, ti, feats)
    _structure_features(sentence, ti, feats)
    _role_features(tokens, ti, surface, lexicon, feats)
    return feats


def mention_features(
    text: str, start: int, end: int, others: Sequence[Span], lexicon: Lexicon
) -> dict[str, float]:
    """Sparse features of one mention (feature name → value); `others`: the other actors'
    spans (those overlapping the target are ignored)."""
    spans = [(start, end), *((s, e) for s, e in others if e <= start or s >= end)]
    tokens, index = sentence_tokens(text, spans)
    return _target_features(_sentence(tokens, lexicon), index[0], text[start:end], lexicon)


def sentence_features(text: str, spans: Sequence[Span], lexicon: Lexicon) -> list[Features]:
    """`mention_features` of each span, the sentence's other spans as its other actors:
    the same features, with the tokens and lexicon look-ups shared by the mentions."""
    tokens, index = sentence_tokens(text, spans)
    if -1 in index:  # overlapping spans: each mention sees a different set of others
        return [
            mention_features(text, s, e, [*spans[:k], *spans[k + 1 :]], lexicon)
            for k, (s, e) in enumerate(spans)
        ]
    sentence = _sentence(tokens, lexicon)
    return [
        _target_features(sentence, index[k], text[s:e], lexicon) for k, (s, e) in enumerate(spans)
    ]
