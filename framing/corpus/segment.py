"""Turn one article's raw text into a headline, clean paragraphs and sentences.

Pure functions, no I/O. The rules are written down in ``docs/segmentation.md``:
cleaning (page furniture), the headline rule, the paragraph rule and the sentence
rule. Every regular expression here is linear in the length of its input (bounded
repetitions only), so a megabyte of unpunctuated text segments in milliseconds.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from string import ascii_letters
from typing import Literal

__all__ = ["DEFAULT_BOILERPLATE", "Segmented", "segment_article", "split_sentences"]


@dataclass(frozen=True)
class Segmented:
    """One segmented article.

    Attributes:
        title: the headline, or None.
        paragraphs: body paragraphs, cleaned, in order (headline excluded).
        sentences: per paragraph, its sentences (same length as ``paragraphs``).
        removed: cleaning rule name -> number of lines or spans removed (non-zero only,
            sorted by rule name).
    """

    title: str | None
    paragraphs: tuple[str, ...]
    sentences: tuple[tuple[str, ...], ...]
    removed: dict[str, int] = field(default_factory=dict, hash=False)


_AGENCY = (
    r"(?:Getty Images|AFP|AP|Reuters|EPA(?:-EFE)?|Shutterstock|Alamy|Bloomberg|Xinhua|Yonhap"
    r"|KCNA|KNS|Sputnik|TASS|Pool|Anadolu(?: Agency)?|NurPhoto|SOPA Images|LightRocket"
    r"|PA(?: Wire| Media)?|ZUMA(?: Press| Wire)?|Kyodo|UPI|Handout|dpa|ANSA|Associated Press"
    r"|Rex(?: Features)?|REX|Imago|WireImage|Sipa(?: USA)?|Avalon|Polaris|Redux)"
)
_CREDIT_WORD = r"(?:Photo(?:graph)?s?|Picture|Image|Illustration|Credit)(?: credit)?(?: ?: ?| by )"
_NAME = r"[\w’'.\-]+(?: [\w’'.\-]+){0,5}"

#: Default cleaning rules: rule name -> regex, searched in each line after its
#: whitespace is collapsed to single spaces and trimmed. A match removes the whole
#: line, except for ``copyright``, which removes only the matched span (the line goes
#: when nothing but punctuation is left). The structural rules ``caption`` (the line
#: just above a ``credit`` line), ``repeated_title`` and ``repeated_headline`` have no
#: regex; see docs/segmentation.md.
DEFAULT_BOILERPLATE: dict[str, str] = {
    "link": r"(?i)Opens in (?:a )?new (?:window|tab) ?\]?$",
    "navigation": (
        r"(?i)^(?:related (?:articles?|stories|content|posts|coverage|reading|topics|links)"
        r"|more on this (?:story|topic)|back to top(?: button)?|read (?:more|next|also)"
        r"|read (?:more|next|also) ?:.{0,300}|leave a (?:reply|comment)|continue reading"
        r"|share this (?:article|story)|advertisement|see also|you may also like"
        r"|recommended(?: for you)?|skip to (?:main )?content) ?[:>»›]?$"
    ),
    "copyright": (
        r"(?:^|\s[–—-] ?|(?<=[.!?”’\"]) )"
        r"(?:©.{0,150}|Copyright\b(?=.{0,150}$)(?=.*?(?:\b(?:19|20)\d\d\b|[Rr]ights [Rr]eserved)).*)$"
    ),
    "credit": (
        rf"^(?:{_CREDIT_WORD}[^.!?]{{1,80}}"
        rf"|(?:{_NAME}(?: ?/ ?| via ))?{_AGENCY}(?:(?: ?/ ?| via ){_AGENCY})*)$"
    ),
    "caption": rf"(?:^|[\s.!?”’\")\]]){_CREDIT_WORD}(?![a-z])[^!?]{{1,80}}(?<!\.)$",
    "byline": (
        r"^\(?(?:[Aa]dditional |[Ff]urther )?(?:[Rr]eporting|[Ww]riting|[Ee]diting|Written|Compiled"
        r"|Edited)(?: and [a-z]+)? (?:by|from) [^.!?]{1,150}$"
    ),
    "separator": r"^[\W_]*$",
}

_SPAN_RULES = frozenset({"copyright"})

_CREDIT_WORDS = ("Photo", "Picture", "Image", "Illustration", "Credit")  # as in _CREDIT_WORD
_LINK_LAST = "wWbB]"  # "window", "tab" or "]", case-insensitively
# related/more/back/read/leave/continue/share/advertisement/see/you/recommended/skip
_NAVIGATION_FIRST = "RrMmBbLlCcSsſAaYy"
# "(", Additional, Further, Reporting, Writing, Editing, Written, Compiled, Edited
_BYLINE_FIRST = "(AaFfRrWwEeC"
# Per rule, a cheap test that a (non-empty, trimmed) line *may* match its regex: a
# necessary condition read off the pattern, so a line failing it is skipped without a
# regex search and no result changes. Most lines are body text and fail every test,
# which makes cleaning ~10x cheaper. Under (?i), "w", "b", "r", "m", "l", "c", "a", "y"
# match only their ASCII cases, "s" also matches "ſ" (U+017F); tests/test_segment.py
# checks these tests against the regexes.
_MAY_MATCH: dict[str, Callable[[str], bool]] = {
    "link": lambda line: line[-1] in _LINK_LAST,
    "navigation": lambda line: line[0] in _NAVIGATION_FIRST,
    "copyright": lambda line: "©" in line or "Copyright" in line,
    # starts with a credit word, or ends in an agency name (all end in an ASCII letter)
    "credit": lambda line: line[-1] in ascii_letters or line.startswith(_CREDIT_WORDS),
    # a credit word, and no final period
    "caption": lambda line: line[-1] != "." and any(word in line for word in _CREDIT_WORDS),
    "byline": lambda line: line[0] in _BYLINE_FIRST,
    # no letter or digit: the first character is not one
    "separator": lambda line: not line[0].isalnum(),
}
# Weaker tests still, of the first and of the last character alone: a rule's
# `_MAY_MATCH` test holds only if its first-character or its last-character test here
# does (a rule missing from a table fails that half; copyright's test reads the whole
# line, so its first-character test always holds). They pick, per line, the few rules
# whose `_MAY_MATCH` test is worth calling, from two small per-character caches.
_MAY_MATCH_FIRST: dict[str, Callable[[str], bool]] = {
    "navigation": lambda first: first in _NAVIGATION_FIRST,
    "copyright": lambda first: True,
    "credit": lambda first: first in {word[0] for word in _CREDIT_WORDS},
    "byline": lambda first: first in _BYLINE_FIRST,
    "separator": lambda first: not first.isalnum(),
}
_MAY_MATCH_LAST: dict[str, Callable[[str], bool]] = {
    "link": lambda last: last in _LINK_LAST,
    "credit": lambda last: last in ascii_letters,
    "caption": lambda last: last != ".",
}
_Rule = tuple[str, re.Pattern[str], Callable[[str], bool]]
_DEFAULT_RULES: tuple[_Rule, ...] = tuple(
    (name, re.compile(pattern), _MAY_MATCH[name]) for name, pattern in DEFAULT_BOILERPLATE.items()
)
# The rules (in order) for each set of rules, as a bit mask over `_DEFAULT_RULES`.
_RULES_OF_MASK: tuple[tuple[_Rule, ...], ...] = tuple(
    tuple(rule for k, rule in enumerate(_DEFAULT_RULES) if mask >> k & 1)
    for mask in range(1 << len(_DEFAULT_RULES))
)
_FIRST_MASKS: dict[str, int] = {}  # first character -> rules its test lets through
_LAST_MASKS: dict[str, int] = {}


def _character_mask(char: str, tests: dict[str, Callable[[str], bool]]) -> int:
    return sum(
        1 << k
        for k, (name, _, _) in enumerate(_DEFAULT_RULES)
        if name in tests and tests[name](char)
    )


_INVISIBLE = ("\ufeff", "\u200b", "\u00ad")  # BOM (zero-width no-break space), ZWSP, soft hyphen
_BULLET = re.compile(r"^(?:[•◦▪▫‣⁃●■►]|[-*·](?=\s)) *")
_BULLET_FIRST = "•◦▪▫‣⁃●■►-*·"  # a line `_BULLET` matches starts with one of these
_CLOSERS = "\"”’'»)]"
_OPENERS = "\"“‘'«([`"
# Terminal punctuation and its closing quotes, followed by whitespace and a word that
# may start a sentence (after opening quotes, a character that is not a-z). The
# lookbehind (the punctuation starts a run) and the possessive quantifiers keep runs of
# dots or quotes linear, not quadratic. The pattern opens with the punctuation class
# itself, not with the lookbehind, so that `re` scans for it in C (its charset-prefix
# search) instead of trying a match at every character: ~3x faster on news text.
_TERMINAL = re.compile(
    r"([.!?…‽](?<![.!?…‽]{2})[.!?…‽]*+)((?:''|[\"”’'»)\]])*+)"
    r"(?=\s+[\"“‘'«(\[`]*+([^\W_a-z]\S{0,63}))"
)
# `_TERMINAL` for text whose only terminal punctuation is ".": each class of the five
# marks can then match only ".", so the two find the same matches in such text; this
# one starts with a literal, which `re` scans for several times faster than a class.
_DOT_TERMINAL = re.compile(_TERMINAL.pattern.replace("[.!?…‽]", r"\."))
_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")

_MAX_HEADLINE_WORDS = 25
_MAX_WRAPPED_LINE = 120
_MAX_CAPTION_WORDS = 60
# Furniture lines are short; a longer line is body text even if it ends like a caption.
_MAX_FURNITURE_LINE = 600


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words before a period that never end a sentence: titles precede a name.
_NEVER_END = _wordset(
    "Mr Mrs Ms Mx Dr Gen Lt Col Maj Capt Cmdr Adm Sgt Cpl Pvt Brig Sen Rep Gov Pres Prof "
    "Rev Hon Amb Supt Insp Det Messrs Mme Mlle St Mt Ft Fr vs v e.g i.e cf viz approx incl"
)
# Abbreviations that precede a number ("No. 5", "Jan. 19"); elsewhere they are words.
_BEFORE_NUMBER = _wordset(
    "No Nos Art Vol Fig Ch Sec p pp para Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
)
# After "U.S." or an initial, only these words start a new sentence ("to the U.S. The
# next day"); any other capitalised word continues it ("U.S. Secretary of State").
_SENTENCE_STARTERS = _wordset(
    "The This That These Those There Then Thus They Their Them He She It Its We Our You Your "
    "His Her But And Or So Yet Nor However Meanwhile Moreover Furthermore Also Still Instead "
    "Indeed In On At By For From With Without As After Before Since During While When Where "
    "Why How What Who Which If Although Though Because Under Over Some Many Most Several Both "
    "Each Every All Any No None One Another Such An To Last Next Earlier Later Now Today "
    "Yesterday Officials Analysts Experts Critics"
)


def split_sentences(paragraph: str) -> list[str]:
    """Split text into sentences; the rule is in docs/segmentation.md.

    A sentence ends at ``.``, ``!``, ``?`` or an ellipsis (plus any closing quotes or
    brackets) that is followed by whitespace and then by a word starting with a capital
    letter or a digit, unless the word before the period is an abbreviation, an initial
    or a dotted acronym. Blank lines and bullet lines are hard boundaries. Sentences are
    trimmed and never empty; joined, they hold exactly the non-space characters of
    ``paragraph`` in order.
    """
    return [sentence for chunk in _hard_chunks(paragraph) for sentence in _split_chunk(chunk)]


def _split_chunk(chunk: str) -> list[str]:
    """`split_sentences` within one hard chunk (no blank line, no bullet after line 1)."""
    terminal = _TERMINAL
    if not ("!" in chunk or "?" in chunk or "…" in chunk or "‽" in chunk):
        # A match needs a terminal mark followed, after any closers, by whitespace; when
        # the first "." is the last mark and only closers follow it, there is none.
        first_dot = chunk.find(".")
        if first_dot < 0 or first_dot == len(chunk.rstrip(_CLOSERS)) - 1:
            tail = chunk.strip()
            return [tail] if tail else []
        terminal = _DOT_TERMINAL
    sentences: list[str] = []
    start = 0
    for match in terminal.finditer(chunk):
        end = match.end()
        if _ends_sentence(chunk, match):
            piece = chunk[start:end].strip()
            if piece:
                sentences.append(piece)
            start = end
    tail = chunk[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _hard_chunks(text: str) -> list[str]:
    """Lines grouped into runs separated by blank lines and started by bullet lines."""
    chunks: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        if not line.strip() or _BULLET.match(line.lstrip()):
            if current:
                chunks.append(current)
            current = [line] if line.strip() else []
        else:
            current.append(line)
    if current:
        chunks.append(current)
    return ["\n".join(lines) for lines in chunks]


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    """Whether a ``_TERMINAL`` match ends a sentence (its next word may start one)."""
    punct, closers, next_word = match.groups()
    if next_word[0].islower():
        return False
    if punct != "." or closers:
        return True
    before = text[max(0, match.start() - 64) : match.start()]
    word = "" if not before or before[-1].isspace() else before.rsplit(None, 1)[-1].lstrip(_OPENERS)
    if not word:
        return True
    if word in _NEVER_END:
        return False
    if word in _BEFORE_NUMBER:
        return not next_word[0].isdigit()
    # (An acronym is at least "X.Y": a cheap test first.)
    if (len(word) > 2 and word[1] == "." and _ACRONYM.fullmatch(word)) or (
        len(word) == 1 and word.isupper()
    ):
        return next_word.rstrip(",;:") in _SENTENCE_STARTERS
    return True


def segment_article(
    raw: str,
    *,
    clean: bool = True,
    boilerplate: Sequence[str] = (),
    headline: Literal["auto", "first_line", "none"] = "auto",
    title: str | None = None,
) -> Segmented:
    """Clean, find the headline, and split an article into paragraphs and sentences.

    Args:
        raw: decoded article text; any line endings.
        clean: remove page furniture (DEFAULT_BOILERPLATE, ``boilerplate``, repeated
            headlines). False keeps every line.
        boilerplate: extra regexes; a line in which one is found (``re.search``) is
            removed and counted under ``"study"``.
        headline: ``"auto"`` takes the first line when it reads as a headline,
            ``"first_line"`` always takes it, ``"none"`` never does.
        title: a known headline (e.g. a table's title column); when given, no headline
            is taken from the text, and a body line repeating it is removed.

    Raises:
        ValueError: a ``boilerplate`` pattern does not compile, or ``headline`` is unknown.
    """
    if headline not in ("auto", "first_line", "none"):
        raise ValueError(f"headline must be 'auto', 'first_line' or 'none', not {headline!r}")
    study = _compile_study(boilerplate)
    for invisible in _INVISIBLE:  # one `replace` per mark present: str.translate with a
        if invisible in raw:  # dict is a Python-level lookup per character (~10x slower)
            raw = raw.replace(invisible, "")
    text = unicodedata.normalize("NFC", raw)
    # Each entry is a line with collapsed whitespace ("" when blank), or None once removed.
    # Every whitespace character but the ASCII space is unprintable (tested over all of
    # Unicode), so a printable line's only whitespace is spaces, and with no double,
    # leading or trailing space it is its own " ".join(line.split()): most lines are,
    # and these tests cost about half the split and join.
    entries: list[str | None] = [
        line
        if line.isprintable() and "  " not in line and line[:1] != " " and line[-1:] != " "
        else " ".join(line.split())
        for line in text.splitlines()
    ]
    removed: Counter[str] = Counter()
    if clean:
        _remove_furniture(entries, study, removed)

    if title is not None:
        title = " ".join(title.split()) or None
    elif headline != "none":
        first = next((i for i, line in enumerate(entries) if line), None)
        if first is not None and (headline == "first_line" or _opens_with_headline(entries, first)):
            title, entries[first] = entries[first], None

    if clean:
        _remove_repeats(entries, title, removed)
    paragraphs = tuple(_paragraphs(entries))
    return Segmented(
        title=title,
        paragraphs=paragraphs,
        # A paragraph is one non-blank line, hence its own single hard chunk.
        sentences=tuple(tuple(_split_chunk(p)) for p in paragraphs),
        removed=dict(sorted(removed.items())),
    )


def _compile_study(patterns: Sequence[str]) -> list[re.Pattern[str]]:
    if isinstance(patterns, str):
        patterns = (patterns,)
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern))
        except (re.error, TypeError) as err:
            raise ValueError(f"invalid boilerplate pattern {pattern!r}: {err}") from err
    return compiled


def _remove_furniture(
    entries: list[str | None], study: list[re.Pattern[str]], removed: Counter[str]
) -> None:
    """Apply the line rules in place, then drop the caption line above each credit line."""
    first_text = next((i for i, line in enumerate(entries) if line), -1)
    # Only where blank lines separate paragraphs does a line glued to a credit line
    # belong to it; in one-paragraph-per-line text it is as likely to be body text.
    blocked = _has_blank_between_text(entries)
    for i, line in enumerate(entries):
        if not line:
            continue
        rule, line = _line_rule(line, removed)
        entries[i] = line
        if rule is None and study and any(p.search(line) for p in study):
            rule = "study"
        if rule is None:
            continue
        entries[i] = None
        if rule not in _SPAN_RULES:
            removed[rule] += 1
        previous = entries[i - 1] if i > 0 else None
        if (
            rule == "credit"
            and blocked
            and previous
            and i - 1 != first_text
            and len(previous.split()) <= _MAX_CAPTION_WORDS
        ):
            entries[i - 1] = None
            removed["caption"] += 1


def _line_rule(line: str, removed: Counter[str], after: int = 0) -> tuple[str | None, str]:
    """The first default rule (from number `after` on) that removes `line` (non-empty),
    or None; and the line, shortened if a span rule cut it (counted in `removed`)."""
    # Only the rules whose `_MAY_MATCH` test the line may pass: every other rule's
    # test fails on the line's first or last character alone.
    first, last = line[0], line[-1]
    first_mask = _FIRST_MASKS.get(first)
    if first_mask is None:
        first_mask = _FIRST_MASKS[first] = _character_mask(first, _MAY_MATCH_FIRST)
    last_mask = _LAST_MASKS.get(last)
    if last_mask is None:
        last_mask = _LAST_MASKS[last] = _character_mask(last, _MAY_MATCH_LAST)
    long_line = len(line) > _MAX_FURNITURE_LINE
    for name, pattern, may_match in _RULES_OF_MASK[(first_mask | last_mask) >> after << after]:
        if (long_line and name not in _SPAN_RULES) or not may_match(line):
            continue
        found = pattern.search(line)
        if not found:
            continue
        if name in _SPAN_RULES:
            line = line[: found.start()].rstrip()
            removed[name] += 1
            if any(c.isalnum() for c in line):
                # The later rules judge the shortened line, whole-line rules included,
                # picked afresh: its first and last characters may have changed.
                later = _DEFAULT_RULES.index((name, pattern, may_match)) + 1
                return _line_rule(line, removed, later)
        return name, line
    return None, line


def _has_blank_between_text(entries: list[str | None]) -> bool:
    seen_text = seen_blank = False
    for line in entries:
        if line:
            if seen_blank:
                return True
            seen_text = True
        elif seen_text:
            seen_blank = True
    return False


def _opens_with_headline(entries: list[str | None], first: int) -> bool:
    """The headline rule for ``headline="auto"`` (docs/segmentation.md)."""
    line = entries[first] or ""
    if not _reads_as_headline(line) or not any(entries[first + 1 :]):
        return False
    following = entries[first + 1] if first + 1 < len(entries) else None
    # A lowercase start on the very next line means the first line is a wrapped sentence.
    return not (following and _first_letter(following).islower())


def _reads_as_headline(line: str) -> bool:
    """Short, no sentence-final period, not a bullet, starting with a capital."""
    end = line.rstrip(_CLOSERS)  # tested first: it rejects most body lines, cheaply
    if not end or end[-1] in ".,;:…":
        return False
    if not 2 <= len(line.split()) <= _MAX_HEADLINE_WORDS or _BULLET.match(line):
        return False
    return _first_letter(line).isupper()


def _first_letter(text: str) -> str:
    return next((c for c in text if c.isalpha()), "")


_NOT_ALNUM = re.compile(r"[\W_]+")  # sre's \w is exactly str.isalnum() plus "_"


def _normalised(text: str) -> str:
    """Casefolded words without punctuation: equal for near-exact repeats."""
    return " ".join(_NOT_ALNUM.sub(" ", text.casefold()).split())


def _remove_repeats(entries: list[str | None], title: str | None, removed: Counter[str]) -> None:
    """Drop body lines repeating the headline, and headline-like lines seen twice or more."""
    key = _normalised(title) if title else ""
    # A line normalises to the key only if its casefolded text contains every word of
    # the key: a substring test that rejects almost every body line before the
    # (costlier) normalisation. Longest words first, as they reject soonest.
    longest, *words = sorted(set(key.split()), key=len, reverse=True) if key else ("",)
    keys: dict[int, str] = {}  # headline-like lines (not repeating the title) -> their key
    for i, line in enumerate(entries):
        if not line:
            continue
        if key:
            folded = line.casefold()
            if (
                longest in folded
                and all(word in folded for word in words)
                and _normalised(line) == key
            ):
                entries[i] = None
                removed["repeated_title"] += 1
                continue
        # (A line ending in "." never reads as a headline: tested first, cheaply.)
        if line[-1] != "." and _reads_as_headline(line):
            keys[i] = _normalised(line)
    counts = Counter(keys.values())
    for i, line_key in keys.items():
        if line_key and counts[line_key] > 1:
            entries[i] = None
            removed["repeated_headline"] += 1


def _paragraphs(entries: list[str | None]) -> list[str]:
    """Blocks (runs of lines between blank or removed lines) into paragraphs."""
    paragraphs: list[str] = []
    block: list[str] = []
    for line in [*entries, None]:
        if line:
            block.append(line)
        elif len(block) == 1:  # the common case, with nothing to join
            item = block[0]
            if item[0] in _BULLET_FIRST:
                item = _BULLET.sub("", item, count=1)
            if item:
                paragraphs.append(item)
            block = []
        elif block:
            paragraphs.extend(_block_paragraphs(block))
            block = []
    return paragraphs


def _block_paragraphs(block: list[str]) -> list[str]:
    """One paragraph per line, or the block's lines joined when it is hard-wrapped."""
    bullets = [bool(_BULLET.match(line)) for line in block]
    items = [
        _BULLET.sub("", line, count=1) if bullet else line
        for line, bullet in zip(block, bullets, strict=True)
    ]
    if not _is_hard_wrapped(block, bullets):
        return [item for item in items if item]
    paragraphs: list[str] = []
    for item, bullet in zip(items, bullets, strict=True):
        if bullet or not paragraphs:
            paragraphs.append(item)
        else:
            paragraphs[-1] = f"{paragraphs[-1]} {item}".strip()
    return [p for p in paragraphs if p]


def _is_hard_wrapped(block: list[str], bullets: list[bool]) -> bool:
    """Most line breaks in the block fall inside a sentence, after a short line."""
    breaks = len(block) - 1
    if breaks < 1:
        return False
    inside = 0
    for k in range(breaks):
        line, following = block[k], block[k + 1]
        if bullets[k + 1] or len(line) > _MAX_WRAPPED_LINE:
            continue
        end = line.rstrip(_CLOSERS)
        if not end or end[-1] not in ".!?…:" or _first_letter(following).islower():
            inside += 1
    return 2 * inside > breaks
