"""Find the study's actors in text: alias matching that is case- and boundary-correct.

One compiled alternation of every alias, longest first, so at any position the longest
alias wins ("North Korea" over "Korea"), and matches never overlap. The rules
(docs/actors.md):

* **Case-sensitive**: "US" is not "us"; "Seoul" is not "seoul".
* **Whole words**: an alias edge that is a word character must sit on a word boundary
  (no word character beyond it — which characters are word characters: below), so
  "US" does not match inside "USA", "Russia" does not match inside "Russian" (which
  matches only when "Russian" is itself an alias) and "Kim" is never found inside
  "Kim Jong-un" unless "Kim" is an alias — and even then the longer alias wins where it
  applies.
* **Possessives** need no special rule: "Seoul's" / "Seoul’s" mention Seoul (the
  apostrophe is a boundary); the mention's span ends at the alias, not the "'s".
* **Hyphenated compounds mention each part**: "Russia-North Korea treaty" mentions Russia
  *and* North Korea, "pro-Russian" mentions Russian (a hyphen is a word boundary).
* **Spacing and apostrophes** inside an alias are flexible: a space matches any run of
  whitespace (line breaks, no-break spaces) and ' matches ’ too.

The pattern runs in Python's ``re`` (`Gazetteer.find`, with character offsets) and in
polars' Rust regex engine (`Gazetteer.mention_table`, `Gazetteer.count_mentions`,
vectorised, no Python row loop); both pick the first (= longest) alternative that
matches at the leftmost position. **A word character and whitespace are what polars'
Rust regex says they are** (`framing.features.actors.word_chars`: Python's ``\\w``
counts "¹" and "½" as word characters, Rust's counts combining marks, ZWJ and "‿"):
polars does the bulk counting and cannot be redefined (no lookaround), so the Rust
pattern keeps ``\\b`` and ``\\s`` and the Python pattern spells the same sets out —
``(?<!W)`` / ``(?!W)`` at an alias edge, ``S+`` between words, W and S being Rust's
``\\w`` and ``\\s`` as explicit classes. Both engines then find the same mentions in any
text ("Seoul¹" mentions Seoul in both; "Seoul\\u0301" in neither).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from framing.features.actors.word_chars import SPACE_CLASS, WORD_CLASS

if TYPE_CHECKING:
    from framing.config import ActorSection, Study

__all__ = ["Gazetteer", "Mention"]

_SPECIAL = set("\\.^$|?*+()[]{}#&~-")
_WHITESPACE = re.compile(f"{SPACE_CLASS}+")  # polars' \s, as in `mention_table`'s key
_WORD_CHAR = re.compile(WORD_CLASS)


@dataclass(frozen=True)
class Mention:
    """One actor mention: ``text[start:end] `` is the alias as written (character offsets)."""

    start: int
    end: int
    alias: str
    actor: str
    side: str


def _alias_pattern(alias: str, *, rust: bool) -> str:
    """Regex for one alias: for polars' Rust `regex` (`rust`) or for Python `re`, the
    two matching the same text (Rust's word and space characters in both)."""
    words = [[_escape(char) for char in word] for word in _WHITESPACE.split(alias)]
    space = r"\s+" if rust else f"{SPACE_CLASS}+"
    body = space.join("".join(units) for units in words)
    # A boundary only where the alias edge is a word character: "U.S." ends in a dot,
    # and a boundary after it would demand a following letter. Next to a word-character
    # edge, Rust's `\b` is exactly "no word character on the other side".
    left = bool(_WORD_CHAR.fullmatch(alias[0]))
    right = bool(_WORD_CHAR.fullmatch(alias[-1]))
    if rust:
        boundary = r"\b"
        return (boundary if left else "") + body + (boundary if right else "")
    if left:
        # The lookbehind goes after the first character, not before it: an alternation
        # whose branches all start with a literal lets `re` skip positions that cannot
        # start an alias (a leading lookaround made `find` ~12x slower).
        first = words[0][0]
        body = f"{first}(?<!{WORD_CLASS}{first})" + body[len(first) :]
    return body + (f"(?!{WORD_CLASS})" if right else "")


def _escape(char: str) -> str:
    """One alias character as a regex unit (one character wide in both engines)."""
    if char in ("'", "’"):
        return "['’]"
    return "\\" + char if char in _SPECIAL else char


def _normalise(matched: str) -> str:
    """Matched text back to its alias spelling: whitespace runs → one space, ’ → '."""
    return _WHITESPACE.sub(" ", matched).replace("’", "'")


class Gazetteer:
    """The study's actors and their aliases, compiled for fast matching.

    Raises `ValueError` when one alias is given to two different actors (a mention
    could not be attributed).
    """

    def __init__(self, entries: Sequence[tuple[str, str, str]]) -> None:
        """`entries`: ``(alias, actor, side)`` triples."""
        by_key: dict[str, tuple[str, str, str]] = {}
        for alias, actor, side in entries:
            alias = alias.strip()
            key = _normalise(alias)
            if not key:
                continue
            previous = by_key.get(key)
            if previous is not None and previous[1] != actor:
                raise ValueError(
                    f"alias {alias!r} belongs to both actors {previous[1]!r} and {actor!r}; "
                    "give each alias to one actor"
                )
            by_key.setdefault(key, (alias, actor, side))
        # Longest first, so the alternation picks the longest alias at a position; ties
        # broken by text so the pattern (and the cache key built from it) is stable.
        ordered = sorted(by_key.items(), key=lambda kv: (-len(kv[0]), kv[0]))
        self._lookup: dict[str, tuple[str, str, str]] = dict(ordered)
        self.actors: tuple[str, ...] = tuple(dict.fromkeys(actor for _, actor, _ in entries))
        self.sides: dict[str, str] = {actor: side for _, actor, side in entries}
        aliases = [alias for alias, _, _ in (v for _, v in ordered)]
        # `pattern` is polars' (Rust regex); `_regex` the same matcher for Python `re`.
        self.pattern: str | None = (
            "|".join(_alias_pattern(a, rust=True) for a in aliases) if aliases else None
        )
        self._regex = (
            re.compile("|".join(_alias_pattern(a, rust=False) for a in aliases))
            if aliases
            else None
        )

    @classmethod
    def from_actors(cls, actors: Sequence[ActorSection]) -> Gazetteer:
        return cls([(alias, a.id, a.side_id) for a in actors for alias in a.aliases])

    @classmethod
    def from_study(cls, study: Study) -> Gazetteer:
        return cls.from_actors(study.actors)

    def __len__(self) -> int:
        return len(self._lookup)

    def aliases(self) -> pl.DataFrame:
        """One row per alias: ``alias, actor, side`` (longest alias first)."""
        return pl.DataFrame(
            [
                {"alias": a, "actor": actor, "side": side}
                for a, actor, side in self._lookup.values()
            ],
            schema={"alias": pl.String, "actor": pl.String, "side": pl.String},
        )

    def find(self, text: str) -> list[Mention]:
        """Every mention in `text`, left to right, non-overlapping, leftmost-longest."""
        if self._regex is None or not text:
            return []
        out: list[Mention] = []
        for match in self._regex.finditer(text):
            alias, actor, side = self._lookup[_normalise(match.group())]
            out.append(Mention(match.start(), match.end(), alias, actor, side))
        return out

    def mention_table(self, frame: pl.DataFrame, text_col: str = "text") -> pl.DataFrame:
        """One row per mention in ``frame[text_col]``, vectorised (polars regex).

        Columns: ``row`` (UInt32 row index into `frame`), ``mention`` (UInt32, order
        within the row), ``alias``, ``actor``, ``side``. Rows are in text order.
        """
        schema = {
            "row": pl.UInt32,
            "mention": pl.UInt32,
            "alias": pl.String,
            "actor": pl.String,
            "side": pl.String,
        }
        if self.pattern is None or frame.height == 0:
            return pl.DataFrame(schema=schema)
        found = (
            frame.select(
                pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"),
                pl.col(text_col).fill_null("").str.extract_all(self.pattern).alias("matched"),
            )
            .explode("matched")
            .drop_nulls("matched")
            .with_columns(pl.int_range(pl.len(), dtype=pl.UInt32).over("row").alias("mention"))
            .with_columns(
                pl.col("matched")
                .str.replace_all(r"\s+", " ")
                .str.replace_all("’", "'", literal=True)
                .alias("key")
            )
        )
        keys = pl.DataFrame(
            {
                "key": list(self._lookup),
                "alias": [v[0] for v in self._lookup.values()],
                "actor": [v[1] for v in self._lookup.values()],
                "side": [v[2] for v in self._lookup.values()],
            }
        )
        return (
            found.join(keys, on="key", how="left", maintain_order="left")
            .select(list(schema))
            .cast(schema)  # type: ignore[arg-type]
        )

    def count_mentions(
        self, frame: pl.DataFrame, text_col: str = "text", *, prefix: str = "mentions__"
    ) -> pl.DataFrame:
        """`frame` with one UInt32 column ``<prefix><actor>`` per actor: its mentions per row.

        Counts come from the same leftmost-longest matching as `find` (a span is never
        counted for two actors). Actors appear in the order they were declared.
        """
        columns = [f"{prefix}{actor}" for actor in self.actors]
        if not columns:
            return frame
        counts = self.mention_table(frame, text_col).group_by("row", "actor").len("n")
        wide = (
            pl.DataFrame({"row": pl.arange(0, frame.height, dtype=pl.UInt32, eager=True)})
            .join(
                counts.pivot(on="actor", index="row", values="n") if counts.height else counts,
                on="row",
                how="left",
            )
            .sort("row")
        )
        return frame.with_columns(
            (
                wide[actor].fill_null(0).cast(pl.UInt32)
                if actor in wide.columns
                else pl.repeat(0, frame.height, dtype=pl.UInt32, eager=True)
            ).alias(column)
            for actor, column in zip(self.actors, columns, strict=True)
        )
