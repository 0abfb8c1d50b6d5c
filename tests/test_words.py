"""Shared closed-class English words (`framing.corpus.words`)."""

from __future__ import annotations

import importlib

import pytest

from framing.corpus import words

SETS = {name: getattr(words, name) for name in words.__all__}


@pytest.mark.parametrize("name", sorted(SETS))
def test_sets_are_lowercase_and_non_empty(name: str) -> None:
    values = SETS[name]
    assert isinstance(values, frozenset) and values
    assert all(w == w.lower().strip() and w for w in values)


@pytest.mark.parametrize(
    ("private", "shared"),
    [
        ("_BE", "BE_FORMS"),
        ("_PERFECT", "PERFECT_AUXILIARIES"),
        ("_MODAL", "MODAL_AUXILIARIES"),
        ("_NEGATION", "NEGATIONS"),
        ("_PREPOSITIONS", "PREPOSITIONS"),
    ],
)
def test_shared_sets_equal_the_actors_lists_they_can_replace(private: str, shared: str) -> None:
    # The actors family still has its own copies; once it imports these, nothing to check.
    actors = importlib.import_module("framing.features.actors")
    if hasattr(actors, private):
        assert getattr(actors, private) == SETS[shared]


def test_honorifics_with_and_without_dot() -> None:
    assert {"mr", "mr.", "dr", "dr.", "prof."} <= words.HONORIFICS
    assert {"monday", "sunday"} <= words.WEEKDAYS and "today" not in words.WEEKDAYS
