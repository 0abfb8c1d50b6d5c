"""Tests for framing.corpus.segment: hand-checked counts on the example corpus, cleaning,
headlines, paragraphs, the sentence splitter's abbreviation and quote rules, degenerate input, properties."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.corpus import Segmented, segment_article, split_sentences

DATA = Path(__file__).parents[1] / "data/seoul_moscow_pyongyang"


def _read(prefix: str) -> str:
    (path,) = DATA.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _all_sentences(seg: Segmented) -> list[str]:
    return [s for sentences in seg.sentences for s in sentences]


# Counted by hand from `cat -A` of each file (see docs/segmentation.md for the rules):
# paragraphs = non-empty body lines after the headline, minus furniture lines (no
# block in the corpus is hard-wrapped); sentences = per paragraph, one per full stop /
# ?! / closing quote followed by a capitalised word, abbreviations not splitting;
# removed = furniture lines (and the one copyright span) listed in the comment.
EXPECTED = {
    # 13 blank-separated paragraphs (lines 3..27 odd); two-sentence paragraphs at
    # lines 5, 9, 11, 17, 23 -> 13 + 5 = 18 sentences. No furniture.
    "000": (
        "South Korea says it could supply arms to Ukraine after Russia signs ‘absurd’ deal "
        "with North Korea",
        13,
        18,
        0,
    ),
    # No headline (line 1 ends with a period). 13 one-line paragraphs; two sentences in
    # lines 7, 10, 13 -> 13 + 3 = 16. No furniture.
    "001": (None, 13, 16, 0),
    # 3 bullets + 14 paragraphs (lines 10..36 even) = 17; two sentences at lines 14, 18
    # -> 17 + 2 = 19. Removed 4: caption (line 3), credit "Contributor via Getty Images",
    # "Related Articles", "Back to top button".
    "002": ("South Korea could arm Ukraine after Russia-North Korea deal", 17, 19, 4),
    # Standfirst (line 3) + 16 body paragraphs = 17; two sentences at lines 11, 16, 24,
    # 26, 28, 44 -> 17 + 6 = 23. Removed 5: two "Photograph:" captions (5, 22), two
    # "Opens in new window ]" lines (20, 38), the copyright span ending line 44.
    "003": ("South Korea to consider supplying arms to Ukraine after Putin-Kim pact", 17, 23, 5),
    # 26 paragraphs; line 5 has three sentences, lines 35, 41, 53, 57 two -> 26 + 2 + 4
    # = 32. Removed 7: two "Photo" captions (13, 31), the related headline twice (47, 49),
    # "Additional reporting by the Associated Press", "Read More", "Leave a Reply".
    "004": (
        "Russia-North Korea military pact prompts Seoul to threaten arms to Ukraine",
        26,
        32,
        7,
    ),
}


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_example_corpus_hand_counts(prefix: str) -> None:
    title, n_paragraphs, n_sentences, n_removed = EXPECTED[prefix]
    seg = segment_article(_read(prefix))
    assert seg.title == title
    assert len(seg.paragraphs) == n_paragraphs
    assert len(seg.sentences) == len(seg.paragraphs)
    assert len(_all_sentences(seg)) == n_sentences
    assert sum(seg.removed.values()) == n_removed


def test_removed_counts_per_rule() -> None:
    assert segment_article(_read("002")).removed == {"caption": 1, "credit": 1, "navigation": 2}
    assert segment_article(_read("003")).removed == {"caption": 2, "copyright": 1, "link": 2}
    assert segment_article(_read("004")).removed == {
        "byline": 1,
        "caption": 2,
        "navigation": 2,
        "repeated_headline": 2,
    }


FURNITURE = [
    "Photograph:",
    "Photo by",
    "Photo:",
    "Getty Images",
    "Contributor via",
    "Opens in new window",
    "Related Articles",
    "Back to top",
    "Read More",
    "Leave a Reply",
    "Copyright",
    "©",
    "Additional reporting",
    "strongest ever",  # the related-story headline repeated in 004
    "(CL)",  # the caption above the credit line in 002
    "Hanwha Aerospace",  # inside 004's "Photo: Bloomberg" caption
    "waste-carrying balloon",  # inside 003's second caption
]


def test_cleaner_removes_all_furniture() -> None:
    for prefix in EXPECTED:
        seg = segment_article(_read(prefix))
        for paragraph in seg.paragraphs:
            for marker in FURNITURE:
                assert marker not in paragraph, (prefix, marker, paragraph)


def test_cleaner_keeps_sentences_next_to_furniture() -> None:
    s002 = _all_sentences(segment_article(_read("002")))
    assert "South Korea says it may start sending weapons to Ukraine." in s002
    assert s002[-1].startswith("Analysts at the US think tank Institute for the Study of War")
    s003 = _all_sentences(segment_article(_read("003")))
    assert s003[-1] == (
        "“Directly supplying lethal weapons to Ukraine runs the risk of justifying the strategic "
        "partnership that North Korea and Russia just signed.”"
    )
    assert any(s.startswith("South Korea has condemned Russia’s invasion") for s in s003)
    assert any(s.startswith("US state department spokesman Matthew Miller") for s in s003)
    s004 = _all_sentences(segment_article(_read("004")))
    assert s004[-1].endswith("(Sea of Japan)”, he said.")
    assert any(s.startswith("But Sun Yun, director of the China programme") for s in s004)
    assert any(s.startswith("Suwon University Professor Ilya Belyakov") for s in s004)


def test_clean_false_keeps_every_line() -> None:
    seg = segment_article(_read("004"), clean=False)
    assert seg.removed == {}
    assert seg.title == EXPECTED["004"][0]
    # 26 body paragraphs + 7 furniture lines, all kept.
    assert len(seg.paragraphs) == 33
    assert "Read More" in seg.paragraphs


def test_tricky_sentences_come_out_whole() -> None:
    s000 = _all_sentences(segment_article(_read("000")))
    assert (
        "Mr Yoon’s national security adviser, Chang Ho-jin, said South Korea would now reconsider "
        "the issue of supporting Ukraine in fighting off Russian invasion."
    ) in s000
    assert (
        "“For all intents and purposes, this is a pact of military alliance,” said Artyom Lukin, "
        "of Russia’s Far Eastern Federal University."
    ) in s000
    assert "“This will be Moscow’s first defence alliance outside the post-Soviet space.”" in s000
    s002 = _all_sentences(segment_article(_read("002")))
    assert (
        "South Korea summoned Russia's ambassador on Friday over the deal, with South Korean "
        "Foreign Minister Cho Tae-yul and U.S. Secretary of State Antony Blinken condemning the "
        "deal as a threat to stability and regional security."
    ) in s002
    assert any(s.startswith("South Korea is among the U.S. allies") for s in s002)
    assert any(
        s.endswith(
            "warned South Korea against arming Ukraine in response, saying it would be a “big mistake.”"
        )
        for s in s002
    )
    assert any(s.startswith("Moscow “will… [make] “Decisions") for s in s002)


def test_bullets_are_paragraphs_without_markers() -> None:
    seg = segment_article(_read("002"))
    assert seg.paragraphs[:3] == (
        "South Korea says it may start sending weapons to Ukraine.",
        "This came after Russia signed a security pact with North Korea.",
        "Russia's alliance with North Korea has heightened tensions in the region.",
    )
    seg = segment_article("Title here\n\n- first item\n* second item\n• third item")
    assert seg.paragraphs == ("first item", "second item", "third item")


def test_standfirst_is_a_body_paragraph() -> None:
    seg = segment_article(_read("003"))
    assert seg.paragraphs[0].startswith("Tensions rise on Korean peninsula")


def test_whitespace_collapsed() -> None:
    seg = segment_article("Headline  here\n\n  A\u00a0 body\tline.  \n \u00a0 \nNext\u2009one.")
    assert seg.paragraphs == ("A body line.", "Next one.")


# --- headline rule -------------------------------------------------------------------


def test_headline_modes_and_given_title() -> None:
    text = "A short headline\n\nBody sentence one. Body two."
    assert segment_article(text).title == "A short headline"
    assert segment_article(text, headline="none").title is None
    assert segment_article(text, headline="none").paragraphs[0] == "A short headline"
    body_first = "Body sentence one.\nBody two."
    assert segment_article(body_first).title is None
    assert segment_article(body_first, headline="first_line").title == "Body sentence one."
    given = segment_article("Table Title\n\nTable  title.\n\nBody text here.", title="Table title")
    assert given.title == "Table title"
    assert given.paragraphs == ("Body text here.",)
    assert given.removed == {"repeated_title": 2}


def test_headline_not_taken_from_wrapped_text_or_lone_line() -> None:
    assert segment_article("South Korea has strongly criticised\nthe new pact.").title is None
    assert segment_article("Only one line").title is None
    assert segment_article("Only one line").paragraphs == ("Only one line",)


def test_repeated_title_removed_from_body() -> None:
    seg = segment_article("Kim meets Putin\n\nKim met Putin.\n\nKIM MEETS PUTIN\n\nThey signed.")
    assert seg.paragraphs == ("Kim met Putin.", "They signed.")
    assert seg.removed == {"repeated_title": 1}


# --- paragraph rule ------------------------------------------------------------------


def test_hard_wrapped_block_is_joined() -> None:
    text = (
        "Headline of the story\n\n"
        "South Korea said on Thursday it would\n"
        "reconsider supplying weapons to Ukraine\n"
        "after the pact. Officials declined to say\n"
        "which weapons.\n\n"
        "Second paragraph here."
    )
    seg = segment_article(text)
    assert seg.paragraphs == (
        "South Korea said on Thursday it would reconsider supplying weapons to Ukraine after "
        "the pact. Officials declined to say which weapons.",
        "Second paragraph here.",
    )
    assert seg.sentences[0] == (
        "South Korea said on Thursday it would reconsider supplying weapons to Ukraine after "
        "the pact.",
        "Officials declined to say which weapons.",
    )


def test_one_paragraph_per_line_block_is_not_joined() -> None:
    seg = segment_article("First sentence here.\nSecond line here.\nThird line.")
    assert seg.paragraphs == ("First sentence here.", "Second line here.", "Third line.")


# --- cleaning rules ------------------------------------------------------------------


def test_caption_rule_leaves_sentences_about_photographs() -> None:
    text = (
        "Seoul headline here\n\nThe photograph was taken by AP in Seoul.\n\n"
        "A Photograph: it shows soldiers at the border.\n\n"
        "Soldiers at the border. Photograph: Jane Doe/Reuters"
    )
    seg = segment_article(text)
    assert seg.paragraphs == (
        "The photograph was taken by AP in Seoul.",
        "A Photograph: it shows soldiers at the border.",
    )
    assert seg.removed == {"caption": 1}


def test_copyright_span_and_line() -> None:
    seg = segment_article(
        "Head line\n\nHe spoke. – Copyright Acme Ltd 2024\n\n© Acme News\n\nThe Copyright Act of 1976 applies."
    )
    assert seg.paragraphs == ("He spoke.", "The Copyright Act of 1976 applies.")
    assert seg.removed == {"copyright": 2}


def test_study_patterns_and_invalid_pattern() -> None:
    seg = segment_article("Head line\n\nSubscribe now\n\nBody.", boilerplate=["^Subscribe"])
    assert seg.paragraphs == ("Body.",)
    assert seg.removed == {"study": 1}
    with pytest.raises(ValueError, match=r"invalid boilerplate pattern '\(': "):
        segment_article("x", boilerplate=["("])


def test_caption_above_credit_only_in_blank_line_separated_text() -> None:
    single = "Body one.\nBody two about the meeting.\nContributor via Getty Images\nBody three."
    seg = segment_article(single)
    assert seg.paragraphs == ("Body one.", "Body two about the meeting.", "Body three.")
    assert seg.removed == {"credit": 1}


# --- sentence splitter ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # titles never end a sentence
        ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
        (
            "Gen. Kim, Lt. Col. Park, Sen. Lee, Rep. Cho and Gov. Han met. Prof. Yoo came.",
            ["Gen. Kim, Lt. Col. Park, Sen. Lee, Rep. Cho and Gov. Han met.", "Prof. Yoo came."],
        ),
        (
            "Mrs. Park and Ms. Lee live on St. Mark's Place.",
            ["Mrs. Park and Ms. Lee live on St. Mark's Place."],
        ),
        ("It was Kim vs. Yoon. They argued.", ["It was Kim vs. Yoon.", "They argued."]),
        # months and "No." before a number
        (
            "Signed on Jan. 19 in Pyongyang. Feb. 3 came.",
            ["Signed on Jan. 19 in Pyongyang.", "Feb. 3 came."],
        ),
        (
            "He is No. 1 in the polls. No. He is not.",
            ["He is No. 1 in the polls.", "No.", "He is not."],
        ),
        # etc., e.g., i.e.
        (
            "Pens, paper, etc. are sold. Pens etc. Then more.",
            ["Pens, paper, etc. are sold.", "Pens etc.", "Then more."],
        ),
        (
            "Some, e.g. Seoul, objected. Others, i.e. Tokyo, did not.",
            ["Some, e.g. Seoul, objected.", "Others, i.e. Tokyo, did not."],
        ),
        # dotted acronyms: split only before a sentence-start word
        (
            "U.S. Secretary of State Antony Blinken spoke.",
            ["U.S. Secretary of State Antony Blinken spoke."],
        ),
        (
            "He flew to the U.S. The next day he left.",
            ["He flew to the U.S.", "The next day he left."],
        ),
        (
            "The U.N. Security Council and the U.K. Foreign Office met.",
            ["The U.N. Security Council and the U.K. Foreign Office met."],
        ),
        # initials
        ("Kim J. Un and J.R.R. Tolkien wrote.", ["Kim J. Un and J.R.R. Tolkien wrote."]),
        # numbers
        (
            "Growth was 3.5 percent. About 1,000 came.",
            ["Growth was 3.5 percent.", "About 1,000 came."],
        ),
        # quotes
        ('"It is wrong," he said. He left.', ['"It is wrong," he said.', "He left."]),
        ("“It is wrong,” he said.", ["“It is wrong,” he said."]),
        ('He said: "It is absurd." Then he left.', ['He said: "It is absurd."', "Then he left."]),
        ("“Why not?” Then silence.", ["“Why not?”", "Then silence."]),
        ("“Why?” he asked.", ["“Why?” he asked."]),
        ("She shouted ‘Stop!’ Nobody listened.", ["She shouted ‘Stop!’", "Nobody listened."]),
        ("It was absurd.'' Then he left.", ["It was absurd.''", "Then he left."]),
        ("He said ‘no.’ ‘Yes,’ she said.", ["He said ‘no.’", "‘Yes,’ she said."]),
        # ellipses
        (
            "He paused... then went on. It ended… The end.",
            ["He paused... then went on.", "It ended…", "The end."],
        ),
        ("Moscow “will… [make] decisions”.", ["Moscow “will… [make] decisions”."]),
        # lowercase after a period never starts a sentence
        ("See the figure in sec. two.", ["See the figure in sec. two."]),
        # bullet lines and blank lines are hard boundaries
        ("• First point\n• Second point\n- Third", ["• First point", "• Second point", "- Third"]),
        ("one line\n\nanother line", ["one line", "another line"]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


# --- degenerate input ----------------------------------------------------------------


@pytest.mark.parametrize("raw", ["", " ", "\n\n\n", " \u00a0\t\n \n", "\ufeff"])
def test_empty_input(raw: str) -> None:
    assert segment_article(raw) == Segmented(None, (), (), {})
    assert split_sentences(raw.replace("\ufeff", "")) == []


def test_quote_runs() -> None:
    assert split_sentences('"' * 200) == ['"' * 200]
    assert split_sentences("“" * 100 + "”" * 100) == ["“" * 100 + "”" * 100]
    assert segment_article("'" * 200, clean=False).paragraphs == ("'" * 200,)


def test_megabyte_paragraph_without_punctuation_is_fast() -> None:
    raw = "word " * 200_000
    start = time.perf_counter()
    seg = segment_article(raw)
    assert split_sentences(raw) == [raw.strip()]
    # A guard against quadratic scans (which take minutes on 1 MB), not a speed test:
    # the bound leaves room for a loaded CI machine (~0.1 s when quiet).
    assert time.perf_counter() - start < 5
    assert len(seg.paragraphs) == 1


@pytest.mark.parametrize(
    "raw",
    [
        "x" * 1_000_000,
        "." * 1_000_000,
        "'" * 1_000_000,
        ". " * 500_000,
        ".' " * 300_000,
        "A. " * 300_000,
        "Photo: " * 150_000,
        " – ©" * 250_000,
        "a/" * 500_000,
    ],
)
def test_megabyte_of_punctuation_stays_linear(raw: str) -> None:
    # Quadratic backtracking would take minutes here; linear scans take well under 1 s
    # (the bound leaves room for a slow CI machine).
    start = time.perf_counter()
    segment_article(raw)
    split_sentences(raw)
    assert time.perf_counter() - start < 3.0


@pytest.mark.parametrize("line", ["a", "the talks went on and on"])
def test_four_megabytes_of_short_lines_stay_linear(line: str) -> None:
    """A hard-wrapped block of short lines (a scraped column, a vertical list): joining
    it line by line copied the paragraph so far each time (one-letter lines: 10 s at
    1.6 MB, over two minutes at 4 MB)."""
    count = 4_000_000 // (len(line) + 1)
    start = time.perf_counter()
    seg = segment_article("Head\n\n" + f"{line}\n" * count, headline="first_line")
    assert time.perf_counter() - start < 20.0  # ~1 s; quadratic: over a minute
    # One paragraph: every line kept, joined.
    assert seg.paragraphs == (" ".join([line] * count),)


def test_crlf_and_cr_line_endings() -> None:
    seg = segment_article("Head line\r\n\r\nFirst.\rSecond.")
    assert seg.title == "Head line"
    assert seg.paragraphs == ("First.", "Second.")


def test_invalid_headline_mode() -> None:
    with pytest.raises(ValueError, match="headline"):
        segment_article("x", headline="middle")  # type: ignore[arg-type]


# --- properties ----------------------------------------------------------------------


def _squeezed(text: str) -> str:
    return "".join(text.split())


_TEXTY = st.lists(
    st.one_of(
        st.sampled_from(list("aAbZ .,!?…'\"“”‘’()[]\n\t\u00a0•-*0123456789")),
        st.sampled_from(["Mr.", "U.S.", "e.g.", "No.", "Jan.", "J.", "The", "''", "...", "Photo:"]),
        st.characters(),
    ),
    max_size=120,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXTY)
def test_sentences_reproduce_the_text(text: str) -> None:
    sentences = split_sentences(text)
    assert all(s and s == s.strip() for s in sentences)
    assert "".join(_squeezed(s) for s in sentences) == _squeezed(text)


@settings(max_examples=300, deadline=None)
@given(_TEXTY, st.booleans(), st.sampled_from(["auto", "first_line", "none"]))
def test_segment_article_never_crashes(text: str, clean: bool, headline: str) -> None:
    seg = segment_article(text, clean=clean, headline=headline)  # type: ignore[arg-type]
    assert len(seg.sentences) == len(seg.paragraphs)
    assert all(p and p == " ".join(p.split()) for p in seg.paragraphs)
    for paragraph, sentences in zip(seg.paragraphs, seg.sentences, strict=True):
        assert sentences
        assert "".join(_squeezed(s) for s in sentences) == _squeezed(paragraph)
    assert all(n > 0 for n in seg.removed.values())
    if not clean:
        assert seg.removed == {}


# The splitting fast paths must not change any result: the sentence regex finds exactly
# what its plainer form (below) finds (the cleaning fast paths: tests/test_cleaning.py).
_PLAIN_TERMINAL = re.compile(
    r"(?<![.!?…‽])(?>([.!?…‽]+)((?:''|[\"”’'»)\]])*))"
    r"(?=\s+[\"“‘'«(\[`]*+([^\W_a-z]\S{0,63}))"
)


@given(st.text(alphabet=".!?…‽\"”’'»)]“‘«([` \n\taAé1", max_size=40))
@settings(max_examples=3000, deadline=None)
def test_sentence_regex_matches_its_plain_form(text: str) -> None:
    from framing.corpus.segment import _TERMINAL

    def found(pattern: re.Pattern[str]) -> list:
        return [(m.span(), m.groups()) for m in pattern.finditer(text)]

    assert found(_TERMINAL) == found(_PLAIN_TERMINAL)


def test_repeated_title_is_found_through_case_folding() -> None:
    seg = segment_article("Straße talks — day 2\n\nSTRASSE TALKS: DAY 2!\n\nThe talks went on.")
    assert seg.title == "Straße talks — day 2"
    assert seg.paragraphs == ("The talks went on.",)
    assert seg.removed == {"repeated_title": 1}


def test_rules_after_a_copyright_cut_judge_the_shortened_line() -> None:
    # 620+ characters: too long for the whole-line rules until the copyright trailer is
    # cut, after which "Photo: Jane Doe" is a caption credit like any other.
    prose = " ".join(["The minister spoke to reporters about the plan in the capital"] * 9)
    line = prose + " Photo: Jane Doe — © 2024 Example News Group Ltd, all rights reserved worldwide"
    assert len(line) > 600 > len(line.split(" —")[0])
    raw = "Headline here for the story\n\nFirst paragraph of the body. It goes on.\n\n"
    seg = segment_article(raw + line + "\n\nLast paragraph here.")
    assert seg.removed == {"caption": 1, "copyright": 1}
    assert list(seg.paragraphs) == [
        "First paragraph of the body. It goes on.",
        "Last paragraph here.",
    ]


def test_only_the_ascii_space_is_printable_whitespace() -> None:
    # segment_article keeps a printable line with single inner spaces as it is, for
    # " ".join(line.split()) would give it back unchanged: true only while every other
    # whitespace character is unprintable.
    spaces = [c for c in map(chr, range(0x110000)) if c.isspace() and c.isprintable()]
    assert spaces == [" "]


def test_bullet_lines_start_with_a_listed_character() -> None:
    from framing.corpus.lines import BULLET, BULLET_FIRST

    starts = {c for c in map(chr, range(0x110000)) if BULLET.match(c + " x")}
    assert starts == set(BULLET_FIRST)


_NO_OTHER_MARKS = ".\"”’'»)]“‘«([` \n\taAé1"


@given(st.text(alphabet=_NO_OTHER_MARKS, max_size=40))
@settings(max_examples=3000, deadline=None)
def test_dot_regex_matches_the_sentence_regex_without_other_marks(text: str) -> None:
    from framing.corpus.segment import _DOT_TERMINAL, _TERMINAL

    def found(pattern: re.Pattern[str]) -> list:
        return [(m.span(), m.groups()) for m in pattern.finditer(text)]

    assert found(_DOT_TERMINAL) == found(_TERMINAL)


def _plain_split_chunk(chunk: str) -> list[str]:
    """`_split_chunk` with the general regex on every chunk and no shortcut."""
    from framing.corpus.segment import _TERMINAL, _ends_sentence

    sentences, start = [], 0
    for match in _TERMINAL.finditer(chunk):
        if _ends_sentence(chunk, match):
            piece = chunk[start : match.end()].strip()
            if piece:
                sentences.append(piece)
            start = match.end()
    tail = chunk[start:].strip()
    return [*sentences, tail] if tail else sentences


@given(
    st.lists(
        st.one_of(
            st.sampled_from(list(_NO_OTHER_MARKS + "!?…‽")),
            st.sampled_from(["Mr.", "U.S.", "e.g.", "No.", "Jan.", "J.", "The", "''", "..."]),
        ),
        max_size=30,
    ).map("".join)
)
@settings(max_examples=3000, deadline=None)
def test_split_chunk_shortcuts_change_nothing(chunk: str) -> None:
    from framing.corpus.segment import _split_chunk

    assert _split_chunk(chunk) == _plain_split_chunk(chunk)
