"""The one quote-mark model (`framing.corpus.marks`)."""

from __future__ import annotations

import importlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from framing.corpus import marks


def test_roles_cover_every_mark_once() -> None:
    doubles = (*marks.OPEN_DOUBLE, *marks.CLOSE_DOUBLE, marks.STRAIGHT_DOUBLE)
    singles = (marks.OPEN_SINGLE, marks.CLOSE_SINGLE, marks.STRAIGHT_SINGLE)
    assert len({*doubles, *singles}) == len(doubles) + len(singles)
    assert set(marks.TOKEN_MARKS) == {*doubles, *singles, "`"}
    # Every typographic mark of a role folds to ASCII.
    assert {*marks.OPEN_DOUBLE, *marks.CLOSE_DOUBLE} <= set(marks.DOUBLE_VARIANTS)
    assert {marks.OPEN_SINGLE, marks.CLOSE_SINGLE} <= set(marks.SINGLE_VARIANTS)


def test_mark_pattern_prefers_the_longest_mark() -> None:
    pattern = marks.mark_pattern(["'", "''", '"'])
    assert pattern.findall("''a' \"b") == ["''", "'", '"']
    assert marks.mark_pattern(["“", "“"]).pattern == "“"


@pytest.mark.parametrize(
    ("text", "pos", "expected"),
    [
        ("Korea’s", 5, True),
        ("doesn’t", 5, True),
        ("the ’90s", 4, True),
        ("‘a deal’ now", 7, False),
        ("‘a deal’", 7, False),
        ("‘a deal’,", 7, False),
    ],
)
def test_apostrophe_or_closing_single(text: str, pos: int, expected: bool) -> None:
    assert text[pos] == "’"
    assert marks.is_apostrophe(text, pos) is expected


@pytest.mark.parametrize(
    ("text", "pos", "expected"),
    [("‘x", 0, True), ("a ‘x", 2, True), ("(‘x", 1, True), ("rock‘n", 4, False), ("9‘", 1, False)],
)
def test_opening_single(text: str, pos: int, expected: bool) -> None:
    assert marks.opens_single(text, pos) is expected


@pytest.mark.parametrize(
    ("text", "pos", "expected"),
    [
        ('"x', 0, True),
        ('a "x', 2, True),
        ('a\t"x', 2, True),
        ('("x', 1, True),
        ('—"x', 1, True),
        ('and/"x', 4, True),
        ('x" y', 1, False),
        ('x." y', 2, False),
        ("a ''x", 2, True),
    ],
)
def test_straight_marks_open_by_context(text: str, pos: int, expected: bool) -> None:
    assert marks.straight_opens(text, pos) is expected


def test_to_ascii() -> None:
    assert marks.to_ascii("“great” ‘fine’ doesn’t ''ok'' „so‟ «x» ‹y› ″ ′ ‚ ‛") == (
        '"great" \'fine\' doesn\'t "ok" "so" "x" \'y\' " \' \' \''
    )
    assert marks.to_ascii("plain ascii") == "plain ascii"


@given(st.text(alphabet=st.sampled_from(list("ab '\"`“”‘’„‟«»″‚‛‹›′é")), max_size=30))
def test_to_ascii_is_vaders_normalisation(text: str) -> None:
    # VADER's quote normalisation is the model's `to_ascii` (parity is stated for it).
    vader = importlib.import_module("framing.features.sentiment.vader")
    normalise = getattr(vader, "normalise_quotes", marks.to_ascii)
    assert marks.to_ascii(text) == normalise(text)


def test_token_marks_are_lexicals_quote_marks() -> None:
    lexical = importlib.import_module("framing.features.lexical.quoting")
    if hasattr(lexical, "QUOTE_MARKS"):  # until lexical reads the model itself
        assert lexical.QUOTE_MARKS == marks.TOKEN_MARKS
        assert lexical.OPEN_DOUBLE == marks.OPEN_DOUBLE
        assert lexical.CLOSE_DOUBLE == marks.CLOSE_DOUBLE
