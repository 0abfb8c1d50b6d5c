"""The attribution family's word lists (`lexicons/attribution_words.toml`) and their loader."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from framing.corpus import words
from framing.features.attribution import vocabulary
from framing.features.attribution.vocabulary import WORDS_FILE, load_word_lists, word_lists

ROOT = Path(__file__).resolve().parents[1]
LISTS = load_word_lists()
# Lists that hold capitalised words as written; every other list is lowercase.
CASE_SENSITIVE = {"stop_caps", "non_person", "affiliation_prefix_heads"}


def test_word_lists_load_once_as_frozensets() -> None:
    assert word_lists() is word_lists()
    assert set(word_lists()) == set(LISTS)
    assert all(isinstance(v, frozenset) for v in word_lists().values())


@pytest.mark.parametrize("name", sorted(LISTS))
def test_each_list_is_non_empty_without_duplicates(name: str) -> None:
    entries = LISTS[name]
    assert entries, name
    assert all(isinstance(w, str) and w == w.strip() and w for w in entries)
    duplicates = sorted({w for w in entries if entries.count(w) > 1})
    assert not duplicates, f"{name}: {duplicates}"


@pytest.mark.parametrize("name", sorted(set(LISTS) - CASE_SENSITIVE))
def test_lists_are_lowercase_unless_case_sensitive(name: str) -> None:
    assert all(w == w.lower() for w in LISTS[name]), name


def test_every_list_has_a_header_comment_and_is_read() -> None:
    text = (ROOT / "features" / WORDS_FILE).read_text("utf-8")
    loader = Path(vocabulary.__file__).read_text("utf-8")
    for name in LISTS:
        assert re.search(rf"(?m)^# .*\n{name} = \[", text), f"{name} has no comment"
        assert f'_LISTS["{name}"]' in loader, f"{name} is not read"


def test_the_file_ships_with_the_package() -> None:
    shipped = resources.files("framing.features").joinpath(WORDS_FILE).read_text("utf-8")
    data = tomllib.loads(shipped)
    assert data["license"].startswith("MIT")
    assert data["words"] == LISTS


def test_composed_sets() -> None:
    # The rules' composite sets, from the file and the shared closed classes.
    assert words.WEEKDAYS | {"today", "yesterday", "tonight"} == vocabulary.DAYS
    assert vocabulary.DAYS | {"reporters", "statement"} <= vocabulary.FILLER_WORDS
    assert {
        "to", "will", "would", "could", "may", "might", "should", "shall", "can", "must",
        "did", "does", "do", "not", "n't", "never",
    } == vocabulary.NOT_BEFORE_CUE  # fmt: skip
    assert vocabulary.SOURCE_HEADS == vocabulary.ANALYST_HEADS | vocabulary.OFFICIAL_HEADS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a senior fellow at the institute", True),
        ("think tank", True),
        ("a think-tank founder", True),
        ("formerly", False),  # whole words only
        ("the foreign minister", False),
    ],
)
def test_expert_words_match_whole_words(text: str, expected: bool) -> None:
    assert (vocabulary.EXPERT_WORD_RE.search(text) is not None) is expected
    # The one alternation answers as a search per word would.
    per_word = any(re.search(rf"\b{re.escape(w)}\b", text) for w in vocabulary.EXPERT_WORDS)
    assert per_word is expected


def test_abbreviation_lists_equal_the_sentence_splitter_lists() -> None:
    # framing.corpus.words holds the lists the attribution tokeniser and sentence cut
    # read; framing.corpus.segment keeps case-sensitive copies of its own. Same words,
    # but for the plural and attorney titles added for attribution.
    from framing.corpus import segment

    def lower(values: frozenset[str]) -> set[str]:
        return {v.lower() for v in values}

    never_end = words.TITLE_ABBREVIATIONS | words.OTHER_ABBREVIATIONS
    assert lower(segment._NEVER_END) == never_end - {"atty", "sens", "reps", "gens"}
    assert lower(segment._BEFORE_NUMBER) == words.NUMBER_ABBREVIATIONS
    assert lower(segment._SENTENCE_STARTERS) == words.SENTENCE_STARTERS
    assert not (words.TITLE_ABBREVIATIONS & words.NAME_SUFFIXES)
