"""Turn one article's raw text into a headline, clean paragraphs and sentences.

Pure functions, no I/O. The rules are written down in ``docs/segmentation.md``: text
normalisation, cleaning (page furniture, `framing.corpus.cleaning`), the headline
rule, the paragraph rule and the sentence rule. Every regular expression here is
linear in the length of its input (bounded repetitions only), so a megabyte of
unpunctuated text segments in milliseconds.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from framing.corpus.cleaning import compile_study_patterns, remove_furniture, remove_repeats
from framing.corpus.lines import BULLET, BULLET_FIRST, CLOSERS, first_letter, reads_as_headline

__all__ = ["Segmented", "segment_article", "split_sentences"]


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


_INVISIBLE = ("\ufeff", "\u200b", "\u00ad")  # BOM (zero-width no-break space), ZWSP, soft hyphen
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

_MAX_WRAPPED_LINE = 120


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
        if first_dot < 0 or first_dot == len(chunk.rstrip(CLOSERS)) - 1:
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
        if not line.strip() or BULLET.match(line.lstrip()):
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
        boilerplate: extra regexes (Rust `regex` syntax, run in linear time); a line in
            which one is found (as by ``re.search``) is removed and counted under ``"study"``.
        headline: ``"auto"`` takes the first line when it reads as a headline,
            ``"first_line"`` always takes it, ``"none"`` never does.
        title: a known headline (e.g. a table's title column); when given, no headline
            is taken from the text, and a body line repeating it is removed.

    Raises:
        ValueError: a ``boilerplate`` pattern does not compile, or ``headline`` is unknown.
    """
    if headline not in ("auto", "first_line", "none"):
        raise ValueError(f"headline must be 'auto', 'first_line' or 'none', not {headline!r}")
    study = compile_study_patterns(boilerplate)
    entries = _normalised_lines(raw)
    removed: Counter[str] = Counter()
    if clean:
        remove_furniture(entries, study, removed)

    if title is not None:
        title = " ".join(title.split()) or None
    elif headline != "none":
        first = next((i for i, line in enumerate(entries) if line), None)
        if first is not None and (headline == "first_line" or _opens_with_headline(entries, first)):
            title, entries[first] = entries[first], None

    if clean:
        remove_repeats(entries, title, removed)
    paragraphs = tuple(_paragraphs(entries))
    return Segmented(
        title=title,
        paragraphs=paragraphs,
        # A paragraph is one non-blank line, hence its own single hard chunk.
        sentences=tuple(tuple(_split_chunk(p)) for p in paragraphs),
        removed=dict(sorted(removed.items())),
    )


def _normalised_lines(raw: str) -> list[str | None]:
    """`raw`'s lines (docs/segmentation.md §0): invisible marks deleted, NFC, every
    whitespace run one space, trimmed; ``""`` for a blank line. (A list of optional
    lines: the rules that follow set a removed line to None.)"""
    for invisible in _INVISIBLE:  # one `replace` per mark present: str.translate with a
        if invisible in raw:  # dict is a Python-level lookup per character (~10x slower)
            raw = raw.replace(invisible, "")
    text = unicodedata.normalize("NFC", raw)
    # Every whitespace character but the ASCII space is unprintable (tested over all of
    # Unicode), so a printable line's only whitespace is spaces, and with no double,
    # leading or trailing space it is its own " ".join(line.split()): most lines are,
    # and these tests cost about half the split and join.
    return [
        line
        if line.isprintable() and "  " not in line and line[:1] != " " and line[-1:] != " "
        else " ".join(line.split())
        for line in text.splitlines()
    ]


def _opens_with_headline(entries: list[str | None], first: int) -> bool:
    """The headline rule for ``headline="auto"`` (docs/segmentation.md)."""
    line = entries[first] or ""
    if not reads_as_headline(line) or not any(entries[first + 1 :]):
        return False
    following = entries[first + 1] if first + 1 < len(entries) else None
    # A lowercase start on the very next line means the first line is a wrapped sentence.
    return not (following and first_letter(following).islower())


def _paragraphs(entries: list[str | None]) -> list[str]:
    """Blocks (runs of lines between blank or removed lines) into paragraphs."""
    paragraphs: list[str] = []
    block: list[str] = []
    for line in [*entries, None]:
        if line:
            block.append(line)
        elif len(block) == 1:  # the common case, with nothing to join
            item = block[0]
            if item[0] in BULLET_FIRST:
                item = BULLET.sub("", item, count=1)
            if item:
                paragraphs.append(item)
            block = []
        elif block:
            paragraphs.extend(_block_paragraphs(block))
            block = []
    return paragraphs


def _block_paragraphs(block: list[str]) -> list[str]:
    """One paragraph per line, or the block's lines joined when it is hard-wrapped."""
    bullets = [bool(BULLET.match(line)) for line in block]
    items = [
        BULLET.sub("", line, count=1) if bullet else line
        for line, bullet in zip(block, bullets, strict=True)
    ]
    if not _is_hard_wrapped(block, bullets):
        return [item for item in items if item]
    # Each paragraph's lines, joined once at the end: joining line by line copied the
    # paragraph so far at every line, quadratic in a long block (1.6 MB of one-letter
    # lines: 10 s). Items are trimmed; only a bullet's may be empty.
    paragraphs: list[list[str]] = []
    for item, bullet in zip(items, bullets, strict=True):
        if bullet or not paragraphs:
            paragraphs.append([item])
        else:
            paragraphs[-1].append(item)
    joined = (" ".join(part for part in parts if part) for parts in paragraphs)
    return [p for p in joined if p]


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
        end = line.rstrip(CLOSERS)
        if not end or end[-1] not in ".!?…:" or first_letter(following).islower():
            inside += 1
    return 2 * inside > breaks
