"""The gazetteer: case- and boundary-correct, leftmost-longest alias matching."""

from __future__ import annotations

import time

import polars as pl
import pytest

from framing.config import ActorSection
from framing.features.actors.gazetteer import Gazetteer, Mention

ACTORS = (
    ActorSection(
        id="south_korea",
        label="South Korea",
        aliases=("South Korea", "Seoul", "Yoon", "Yoon's office"),
    ),
    ActorSection(
        id="north_korea",
        label="North Korea",
        aliases=("North Korea", "North Korean", "Kim Jong-un", "Kim Yo Jong", "Pyongyang"),
    ),
    ActorSection(id="korea", label="Korea", aliases=("Korea",), side="peninsula"),
    ActorSection(id="russia", label="Russia", aliases=("Russia", "Moscow", "Putin")),
    ActorSection(id="united_states", label="United States", aliases=("US", "U.S.", "Washington")),
    ActorSection(id="ukraine", label="Ukraine", aliases=("Ukraine",)),
)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.from_actors(ACTORS)


def spans(gaz: Gazetteer, text: str) -> list[tuple[str, str]]:
    return [(text[m.start : m.end], m.actor) for m in gaz.find(text)]


def test_kim_alone_is_not_an_actor(gaz: Gazetteer) -> None:
    text = "Kim Jong-un met Kim Yo Jong; analyst Kim Dong-yup and Mr Kim disagreed."
    assert spans(gaz, text) == [("Kim Jong-un", "north_korea"), ("Kim Yo Jong", "north_korea")]


def test_us_is_case_and_boundary_correct(gaz: Gazetteer) -> None:
    text = "The USA told us that US troops and U.S. ships, and USB sticks, were ready."
    assert spans(gaz, text) == [("US", "united_states"), ("U.S.", "united_states")]


def test_possessives_and_curly_apostrophes(gaz: Gazetteer) -> None:
    assert spans(gaz, "Seoul's answer and Moscow’s reply") == [
        ("Seoul", "south_korea"),
        ("Moscow", "russia"),
    ]
    # The mention ends at the alias, not at the 's.
    assert gaz.find("Seoul's")[0] == Mention(0, 5, "Seoul", "south_korea", "south_korea")
    # An alias with an apostrophe matches either apostrophe and reports its own spelling.
    (mention,) = gaz.find("Yoon’s office said")
    assert (mention.alias, mention.start, mention.end) == ("Yoon's office", 0, 13)


def test_longest_match_wins(gaz: Gazetteer) -> None:
    assert spans(gaz, "North Korea and Korea") == [
        ("North Korea", "north_korea"),
        ("Korea", "korea"),
    ]
    assert spans(gaz, "North Korean troops") == [("North Korean", "north_korea")]
    assert gaz.find("Korea")[0].side == "peninsula"


def test_no_match_inside_longer_words(gaz: Gazetteer) -> None:
    # "Russian" and "Ukrainian" are not aliases here, so they mention nothing.
    assert spans(gaz, "Russian troops, Ukrainian drones, Putinism, Washingtonian") == []
    assert spans(gaz, "seoul and russia in lower case") == []


def test_hyphenated_compounds_mention_each_part(gaz: Gazetteer) -> None:
    assert spans(gaz, "the Russia-North Korea treaty") == [
        ("Russia", "russia"),
        ("North Korea", "north_korea"),
    ]
    assert spans(gaz, "a US-led bloc") == [("US", "united_states")]


def test_whitespace_inside_alias_is_flexible(gaz: Gazetteer) -> None:
    text = "South\nKorea and South\u00a0Korea"
    assert [(m.alias, m.start, m.end) for m in gaz.find(text)] == [
        ("South Korea", 0, 11),
        ("South Korea", 16, 27),
    ]


def test_degenerate_inputs(gaz: Gazetteer) -> None:
    assert gaz.find("") == []
    assert gaz.find("12345 🙂 ...") == []
    empty = Gazetteer.from_actors(())
    assert empty.find("Seoul") == []
    assert empty.pattern is None
    assert empty.count_mentions(pl.DataFrame({"text": ["Seoul"]})).columns == ["text"]


def test_alias_of_two_actors_is_an_error() -> None:
    actors = (
        ActorSection(id="a", label="A", aliases=("Korea",)),
        ActorSection(id="b", label="B", aliases=("Korea",)),
    )
    with pytest.raises(ValueError, match="both actors 'a' and 'b'"):
        Gazetteer.from_actors(actors)


def test_polars_path_agrees_with_find(gaz: Gazetteer) -> None:
    texts = [
        "Kim Jong-un hosted Putin in Pyongyang; the US and Seoul's Yoon objected.",
        "The USA, us, USB. Russia-North Korea ties; North Korean and Korea.",
        "",
        None,
        "Yoon’s office said South\nKorea would reconsider arms for Ukraine.",
    ]
    frame = pl.DataFrame({"text": texts}, schema={"text": pl.String})
    table = gaz.mention_table(frame)
    expected = [(row, m.alias, m.actor) for row, t in enumerate(texts) for m in gaz.find(t or "")]
    assert list(zip(table["row"], table["alias"], table["actor"], strict=True)) == expected
    counts = gaz.count_mentions(frame)
    # Row 0: Kim Jong-un, Pyongyang → north_korea 2; Putin → russia 1; US → 1; Seoul, Yoon → 2.
    assert counts.row(0, named=True) | {"text": None} == {
        "text": None,
        "mentions__south_korea": 2,
        "mentions__north_korea": 2,
        "mentions__korea": 0,
        "mentions__russia": 1,
        "mentions__united_states": 1,
        "mentions__ukraine": 0,
    }
    assert counts["mentions__korea"].to_list() == [0, 1, 0, 0, 0]
    assert counts["mentions__south_korea"].to_list() == [2, 0, 0, 0, 2]


def test_from_study_uses_side(gaz: Gazetteer) -> None:
    assert gaz.sides["korea"] == "peninsula"
    assert gaz.actors == (
        "south_korea",
        "north_korea",
        "korea",
        "russia",
        "united_states",
        "ukraine",
    )


def test_one_megabyte_is_fast(gaz: Gazetteer) -> None:
    text = "Seoul warned Moscow and the USA about North Korean arms. " * 18_000
    start = time.perf_counter()
    mentions = gaz.find(text)
    assert len(mentions) == 3 * 18_000
    assert time.perf_counter() - start < 2.0
