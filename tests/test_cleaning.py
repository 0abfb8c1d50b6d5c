"""Tests for framing.corpus.cleaning: the default rules compile, and the fast paths of
cleaning (each rule's cheap pre-test, the per-character rule picks, the rule search
per line) give the results of trying every rule on every line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.corpus import DEFAULT_BOILERPLATE

DATA = Path(__file__).parents[1] / "data/seoul_moscow_pyongyang"


def test_default_boilerplate_compiles() -> None:
    for name, pattern in DEFAULT_BOILERPLATE.items():
        assert re.compile(pattern), name


# The cleaning fast paths must not change any result: each rule's cheap pre-test
# (`_MAY_MATCH`) holds on every line its regex matches, and so on.
_FRAGMENTS = [
    "Photo", "Photograph", "Photos", "Picture", "Image", "Illustration", "Credit", " credit",
    ": ", ":", " by ", " via ", "/", " / ", "AP", "AFP", "Getty Images", "EPA-EFE", "Pool",
    "Reuters", "KCNA", "dpa", "Opens in new window", "OPENS IN A NEW TAB", "opens in new tab",
    " ]", "]", "©", "Copyright", " 2024", " 1999", "All rights reserved", "Related Articles",
    "Read more", "READ NEXT", "ſhare this article", "Skip to content", "Advertisement",
    "Back to top", "(", ")", "Additional ", "further ", "reporting by ", "Editing by ",
    "Written by ", "Compiled", "Kim", "Ahn Young-joon", "x", "X", "the", " ", ".", "!", "?",
    "”", "’", "\"", " – ", " — ", "-", "***", "é", "5", "_", "»", "›",
]  # fmt: skip


@given(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=8).map("".join))
@settings(max_examples=3000, deadline=None)
def test_rule_pretests_accept_every_line_the_rule_matches(raw: str) -> None:
    from framing.corpus.cleaning import _DEFAULT_RULES

    line = " ".join(raw.split())
    if not line:
        return
    for name, pattern, may_match in _DEFAULT_RULES:
        if pattern.search(line):
            assert may_match(line), (name, line)


def test_rule_pretests_on_corpus_and_furniture_lines() -> None:
    from framing.corpus.cleaning import _DEFAULT_RULES

    lines = [line for path in DATA.glob("*.txt") for line in path.read_text().splitlines()]
    lines += [
        "***",
        "(Reporting by Jo Lee; Editing by Al Kim)",
        "Kim Jong Un / Pool / AFP",
        "Image by Reuters",
        "You may also like:",
    ]
    hits = set()
    for line in (" ".join(raw.split()) for raw in lines):
        for name, pattern, may_match in _DEFAULT_RULES:
            if line and pattern.search(line):
                hits.add(name)
                assert may_match(line), (name, line)
    assert hits == set(DEFAULT_BOILERPLATE)  # every rule was exercised


def test_case_insensitive_pretests_list_every_matching_character() -> None:
    # `link` and `navigation` are (?i): their pre-tests look at the first or last
    # character, so they must allow every character `re` matches there ("ſ" is an "s").
    every_character = "".join(map(chr, range(0x110000)))
    for letters, allowed in (("wb", "wWbB"), ("rmblcsay", "RrMmBbLlCcSsſAaYy")):
        assert set(re.findall(f"(?i)[{letters}]", every_character)) == set(allowed)


@given(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=8).map("".join))
@settings(max_examples=3000, deadline=None)
def test_character_pretests_accept_every_line_the_rule_pretest_accepts(raw: str) -> None:
    from framing.corpus.cleaning import _DEFAULT_RULES, _MAY_MATCH_FIRST, _MAY_MATCH_LAST

    line = " ".join(raw.split())
    if not line:
        return
    for name, _, may_match in _DEFAULT_RULES:
        if may_match(line):
            first = _MAY_MATCH_FIRST.get(name, lambda _: False)(line[0])
            last = _MAY_MATCH_LAST.get(name, lambda _: False)(line[-1])
            assert first or last, (name, line)


def _plain_line_rule(line: str) -> tuple[str | None, str, dict[str, int]]:
    """Every default rule in turn, as cleaning did before it picked rules per line."""
    from framing.corpus.cleaning import _DEFAULT_RULES, _MAX_FURNITURE_LINE, _SPAN_RULES

    removed: dict[str, int] = {}
    long_line = len(line) > _MAX_FURNITURE_LINE
    for name, pattern, may_match in _DEFAULT_RULES:
        if (long_line and name not in _SPAN_RULES) or not may_match(line):
            continue
        found = pattern.search(line)
        if not found:
            continue
        if name in _SPAN_RULES:
            line = line[: found.start()].rstrip()
            removed[name] = removed.get(name, 0) + 1
            long_line = len(line) > _MAX_FURNITURE_LINE
            if any(c.isalnum() for c in line):
                continue
        return name, line, removed
    return None, line, removed


@given(
    st.sampled_from(["", "x" * 590 + " ", "The minister spoke at length. " * 21]),
    st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=8).map("".join),
    st.sampled_from(
        ["", " — © 2024 Example Ltd", " © AFP", ". Copyright 2023 X. All rights reserved"]
    ),
)
@settings(max_examples=3000, deadline=None)
def test_line_rule_agrees_with_trying_every_rule(prefix: str, raw: str, suffix: str) -> None:
    # Long prefixes make lines that only a copyright cut brings under the length limit;
    # the suffixes are copyright spans, after which the later rules judge what is left.
    from collections import Counter

    from framing.corpus.cleaning import _line_rule

    line = " ".join((prefix + raw + suffix).split())
    if not line:
        return
    removed: Counter[str] = Counter()
    rule, kept = _line_rule(line, removed)
    assert (rule, kept, dict(removed)) == _plain_line_rule(line)


_FURNITURE_LINES = [
    "Photo: Jane Doe/Reuters", "Kim Jong Un / Pool / AFP", "Getty Images", "Related Articles",
    "Read more: the talks", "Advertisement", "Opens in new window ]", "© 2024 Example Ltd",
    "(Reporting by Jo Lee; Editing by Al Kim)", "***", "Image by Reuters", "You may also like:",
    "A caption about the summit Photo: AP", "Share this article", "The minister spoke.",
]  # fmt: skip


@pytest.mark.parametrize("prefix", ["", "x" * 590 + " ", "The minister spoke at length. " * 21])
@pytest.mark.parametrize("suffix", ["", " — © 2024 Example Ltd", ". Copyright 2023 X Ltd"])
def test_line_rule_agrees_on_furniture_with_copyright_tails(prefix: str, suffix: str) -> None:
    from collections import Counter

    from framing.corpus.cleaning import _line_rule

    for furniture in _FURNITURE_LINES:
        line = prefix + furniture + suffix
        removed: Counter[str] = Counter()
        rule, kept = _line_rule(line, removed)
        assert (rule, kept, dict(removed)) == _plain_line_rule(line), line


# --- a study's own patterns cannot hang a run ------------------------------------------

# Patterns that make a backtracking engine (Python's `re`) take time exponential or
# polynomial in the line's length on a line that almost matches.
CATASTROPHIC = [
    ("(a+)+$", "a" * 40 + "!"),
    ("(a|a)*b", "a" * 40),
    ("(a|aa)+$", "a" * 60 + "!"),
    (r"^(\w+\s?)+$", "word " * 30 + "!"),
    (r"(x+x+)+y", "x" * 40),
    (r"^(\d+)*[a-z]$", "1" * 40 + "!"),
]
HANG_GUARD = """
import sys, time
from framing.corpus import segment_article
pattern, line = sys.argv[1], sys.argv[2]
seg = segment_article("Head\\n\\nBody text.\\n\\n" + line + "\\n", boilerplate=[pattern])
print(len(seg.paragraphs))
"""


@pytest.mark.parametrize(("pattern", "line"), CATASTROPHIC)
def test_a_catastrophic_study_pattern_runs_in_linear_time(pattern: str, line: str) -> None:
    """Study patterns run in a linear-time engine: a hang guard (in a subprocess, as a
    backtracking match cannot be interrupted), not a speed measurement."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", HANG_GUARD, pattern, line],
        capture_output=True,
        text=True,
        timeout=120,  # each takes well under a second; `re` would take hours
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().isdigit()


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("(?<=Read )more", "look-around"),
        (r"(\w+) \1", "backreferences"),
        ("(", "unclosed group"),
        ("a{1000}{1000}", "size limit"),
    ],
)
def test_a_pattern_the_engine_cannot_run_is_refused_at_config_load(
    tmp_path: Path, pattern: str, reason: str
) -> None:
    import json

    from framing.config import load_study
    from framing.errors import ConfigError
    from tests.conftest import MINIMAL_STUDY

    config = tmp_path / "study.toml"
    config.write_text(
        MINIMAL_STUDY + f"\n[corpus]\nboilerplate = ['^ok$', {json.dumps(pattern)}]\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"corpus\.boilerplate\[1\]: invalid boilerplate") as info:
        load_study(config)
    assert reason in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("pattern", "removed"),
    [
        ("^Subscribe", ["Subscribe now"]),
        ("(?i)^follow us", ["FOLLOW US on X"]),
        (r"\bnewsletter\b", ["Get our newsletter."]),
        ("é$", ["Café"]),
        (r"^\w+$", ["Café", "Newsletters"]),  # \w is Unicode in both engines
    ],
)
def test_study_patterns_find_what_re_search_finds(pattern: str, removed: list[str]) -> None:
    from framing.corpus.cleaning import compile_study_patterns

    lines = ["Subscribe now", "FOLLOW US on X", "Get our newsletter.", "Café", "Newsletters"]
    found = compile_study_patterns([pattern]).found(lines)
    assert [line for line, hit in zip(lines, found, strict=True) if hit] == removed
    assert found == [bool(re.search(pattern, line)) for line in lines]
