"""The gazetteer: case- and boundary-correct, leftmost-longest alias matching."""

from __future__ import annotations

import re
import time
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.config import ActorSection
from framing.features.actors import word_chars
from framing.features.actors.gazetteer import Gazetteer, Mention
from framing.features.actors.mentions import sentence_mentions

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


# Where Python's `re` and polars' Rust regex disagree on word and space characters
# (docs: framing.features.actors.word_chars). Rust's definition wins in both engines.
BOUNDARY_CASES = [
    ("Seoul¹ said it.", [("Seoul", "south_korea")]),  # ¹ (No): not a word character
    ("Seoul²³ and Moscow", [("Seoul", "south_korea"), ("Moscow", "russia")]),
    ("½Seoul", [("Seoul", "south_korea")]),
    ("Seoul\u0301 said", []),  # combining acute: a word character (Mark)
    ("Seoul\u200d said", []),  # zero-width joiner (Join_Control)
    ("Seoul\u200c said", []),  # zero-width non-joiner (Join_Control)
    ("Seoul\ufe0f said", []),  # variation selector (Mark)
    ("Seoul‿x", []),  # undertie (Connector_Punctuation, like "_")
    ("Seoul_x", []),
    ("首尔Seoul, 서울Seoul, Seoul首尔", []),  # CJK and Hangul letters are word characters
    ("「Seoul」。Moscow、", [("Seoul", "south_korea"), ("Moscow", "russia")]),
    ("U.S.¹ and U.S.x", [("U.S.", "united_states"), ("U.S.", "united_states")]),
    ("x¹U.S. and ¹US¹", [("U.S.", "united_states"), ("US", "united_states")]),
    # U+001C is whitespace to Python's \s, not to Rust's: not a space inside an alias.
    (
        "North\x1cKorea and North\u3000Korea",
        [("Korea", "korea"), ("North\u3000Korea", "north_korea")],
    ),
]


def _sentences(texts: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "outlet": ["o"] * len(texts),
            "article_id": [f"a{i}" for i in range(len(texts))],
            "sentence": [0] * len(texts),
            "is_headline": [False] * len(texts),
            "text": texts,
        }
    )


def _polars_counts(gaz: Gazetteer, texts: list[str]) -> list[dict[str, int]]:
    """Per text, mentions per actor as the actors family counts them (polars path)."""
    hits = sentence_mentions(_sentences(texts), gaz)
    out: list[dict[str, int]] = [{} for _ in texts]
    for row, actor, count in hits.select("row", "actor", "count").iter_rows():
        out[row][actor] = count
    return out


def _find_counts(gaz: Gazetteer, texts: list[str]) -> list[dict[str, int]]:
    out: list[dict[str, int]] = []
    for text in texts:
        counts: dict[str, int] = {}
        for mention in gaz.find(text):
            counts[mention.actor] = counts.get(mention.actor, 0) + 1
        out.append(counts)
    return out


@pytest.mark.parametrize(("text", "expected"), BOUNDARY_CASES)
def test_word_boundaries_are_rust_regex_word_boundaries(
    gaz: Gazetteer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(gaz, text) == expected
    table = gaz.mention_table(pl.DataFrame({"text": [text]}))
    assert list(zip(table["alias"], table["actor"], strict=True)) == [
        (m.alias, m.actor) for m in gaz.find(text)
    ]


def test_sentence_counts_equal_find_on_boundary_cases(gaz: Gazetteer) -> None:
    texts = [text for text, _ in BOUNDARY_CASES]
    assert _polars_counts(gaz, texts) == _find_counts(gaz, texts)


def test_aliases_with_unusual_edges_agree() -> None:
    """Alias edges that only one engine's \\w called a word character: "¹" (Python) and a
    combining mark (Rust) — the boundary rule follows Rust in both."""
    gaz = Gazetteer([("¹Seoul", "a", "s"), ("Mosco\u0301", "b", "s"), ("Ki‿m", "c", "s")])
    texts = ["x¹Seoul", "¹Seoul", "Mosco\u0301w", "Mosco\u0301 ok", "xKi‿m", "Ki‿m!"]
    assert _polars_counts(gaz, texts) == _find_counts(gaz, texts)
    assert _find_counts(gaz, texts) == [{"a": 1}, {"a": 1}, {}, {"b": 1}, {}, {"c": 1}]


def _engines_differ(char: str) -> bool:
    """Python's \\w or \\s and polars' disagree on `char` (the cases worth drawing)."""
    return bool(re.fullmatch(r"\w", char)) != bool(
        re.fullmatch(word_chars.WORD_CLASS, char)
    ) or bool(re.fullmatch(r"\s", char)) != bool(re.fullmatch(word_chars.SPACE_CLASS, char))


_DISAGREEING = [
    chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and _engines_differ(chr(c))
]
_ANY_CHAR = st.characters(exclude_categories=("Cs",))  # polars strings are UTF-8
_AROUND = st.text(st.one_of(_ANY_CHAR, st.sampled_from(_DISAGREEING)), max_size=4)
_ALIAS = st.sampled_from(["Seoul", "U.S.", "North Korea", "Yoon's office", "Kim Jong-un"])


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.tuples(_AROUND, _ALIAS, _AROUND), min_size=1, max_size=4))
def test_engines_agree_on_any_unicode_around_an_alias(
    gaz: Gazetteer, pieces: list[tuple[str, str, str]]
) -> None:
    text = "".join(before + alias + after for before, alias, after in pieces)
    table = gaz.mention_table(pl.DataFrame({"text": [text]}))
    found = gaz.find(text)
    assert list(table["alias"]) == [m.alias for m in found]
    assert _polars_counts(gaz, [text]) == _find_counts(gaz, [text])


def test_shipped_word_classes_match_installed_polars() -> None:
    """A polars upgrade that changes its regex Unicode tables fails here (regenerate with
    ``python -m framing.features.actors.word_chars``) instead of crashing runs."""
    source = Path(word_chars.__file__).read_text(encoding="utf-8")
    shipped = source.split("# BEGIN GENERATED", 1)[1].split("\n", 1)[1]
    shipped = shipped.split("# END GENERATED", 1)[0]
    assert shipped == word_chars.generated_block()


def test_footnote_after_an_actor_does_not_stop_the_actors_family() -> None:
    """The reported crash: "Seoul¹" was a mention for polars' count and none for `find`,
    and `mention_tones` raised. Now it is one mention, with a tone, in every table."""
    from framing.corpus import RawArticle
    from framing.corpus.batch import segment_inputs
    from framing.pipeline.work import extract_chunk
    from tests.test_properties import STUDY

    text = "x\n\nSeoul¹ said it. ½Moscow and Seoul\u0301 did not."
    batch, _, _ = segment_inputs([RawArticle("a", "x", "_", text)], STUDY)
    actors = extract_chunk(batch, STUDY, ["sentiment", "actors"])["actors"]
    tones = actors.tables["mention_tones"]
    assert list(zip(tones["actor"], tones["alias"], strict=True)) == [
        ("seoul", "Seoul"),
        ("russia", "Moscow"),
    ]
    mentions = actors.tables["actor_mentions"].sort("actor")
    assert list(zip(mentions["actor"], mentions["mentions"], strict=True)) == [
        ("russia", 1),
        ("seoul", 1),
    ]
    assert actors.articles["actors__mentions"].to_list() == [2]
