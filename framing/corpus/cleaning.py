"""Cleaning: remove page furniture from an article's normalised lines.

Pure functions, no I/O. The rules are written down in ``docs/segmentation.md`` §1: the
regex rules (`DEFAULT_BOILERPLATE`), the structural rules (the caption above a credit,
a repeated title, a repeated headline) and a study's own patterns. Each works in place
on a list of lines, where a removed line becomes None, and counts what it removes per
rule. Every regular expression here is linear in the length of its input (bounded
repetitions only). A study's own patterns (``corpus.boilerplate``) run in polars' regex
engine (Rust's `regex` crate), which takes time linear in the length of a line for
any pattern, so no pattern can hang a run (Python's backtracking `re` can take
exponential time on a pattern such as ``(a+)+$``); it has no look-around and no
back-references, and a pattern using them is rejected when the config is loaded.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from string import ascii_letters

from framing.corpus.lines import reads_as_headline

__all__ = [
    "DEFAULT_BOILERPLATE",
    "StudyPatterns",
    "check_pattern",
    "compile_study_patterns",
    "remove_furniture",
    "remove_repeats",
]

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


_MAX_CAPTION_WORDS = 60
# Furniture lines are short; a longer line is body text even if it ends like a caption.
_MAX_FURNITURE_LINE = 600


@dataclass(frozen=True)
class StudyPatterns:
    """A study's extra patterns (``corpus.boilerplate``), run by polars' linear-time
    regex engine over all the lines of an article at once."""

    patterns: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def found(self, lines: list[str]) -> list[bool]:
        """Per line, whether any pattern is found in it (as ``re.search`` would)."""
        import polars as pl

        if not self.patterns or not lines:
            return [False] * len(lines)
        column = pl.Series("line", lines, dtype=pl.String)
        hits = pl.select(pl.any_horizontal(column.str.contains(p) for p in self.patterns))
        return hits.to_series().to_list()


def check_pattern(pattern: str) -> None:
    """`ValueError` (one line, with the reason) unless `pattern` compiles in the engine
    that runs study patterns: Rust's `regex` syntax, which lacks look-around and
    back-references and caps a compiled pattern's size."""
    import polars as pl

    if not isinstance(pattern, str):
        raise ValueError(f"invalid boilerplate pattern {pattern!r}: not a string")
    try:
        pl.Series([""], dtype=pl.String).str.contains(pattern)
    except pl.exceptions.PolarsError as err:
        lines = [line.strip() for line in str(err).splitlines() if line.strip()]
        reason = next((line for line in lines if line.startswith("error:")), lines[0])
        reason = reason.removeprefix("error:").removeprefix("regex error:").strip()
        raise ValueError(
            f"invalid boilerplate pattern {pattern!r}: {reason} (patterns use Rust regex "
            "syntax, which has no look-around or back-references)"
        ) from None


def compile_study_patterns(patterns: Sequence[str]) -> StudyPatterns:
    """A study's extra patterns (``corpus.boilerplate``), checked; `ValueError` naming
    the first that does not compile (`check_pattern`)."""
    if isinstance(patterns, str):
        patterns = (patterns,)
    return _compiled(tuple(patterns))


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> StudyPatterns:
    # Checked once per set of patterns, not once per article.
    for pattern in patterns:
        check_pattern(pattern)
    return StudyPatterns(patterns)


def remove_furniture(
    entries: list[str | None], study: StudyPatterns, removed: Counter[str]
) -> None:
    """Apply the line rules in place (the default rules, then the `study` patterns), and
    drop the caption line above each credit line."""
    first_text = next((i for i, line in enumerate(entries) if line), -1)
    # Only where blank lines separate paragraphs does a line glued to a credit line
    # belong to it; in one-paragraph-per-line text it is as likely to be body text.
    blocked = _has_blank_between_text(entries)
    # A line's rule depends on that line alone: the default rules first, then the study
    # patterns, run on every line no default rule removes at once.
    rules: dict[int, str | None] = {}
    for i, line in enumerate(entries):
        if line:
            rules[i], entries[i] = _line_rule(line, removed)
    if study:
        rest = [i for i, rule in rules.items() if rule is None]
        for i, found in zip(rest, study.found([entries[i] for i in rest]), strict=True):
            if found:
                rules[i] = "study"
    for i, rule in rules.items():
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


_NOT_ALNUM = re.compile(r"[\W_]+")  # sre's \w is exactly str.isalnum() plus "_"


def _normalised(text: str) -> str:
    """Casefolded words without punctuation: equal for near-exact repeats."""
    return " ".join(_NOT_ALNUM.sub(" ", text.casefold()).split())


def remove_repeats(entries: list[str | None], title: str | None, removed: Counter[str]) -> None:
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
        if line[-1] != "." and reads_as_headline(line):
            keys[i] = _normalised(line)
    counts = Counter(keys.values())
    for i, line_key in keys.items():
        if line_key and counts[line_key] > 1:
            entries[i] = None
            removed["repeated_headline"] += 1
