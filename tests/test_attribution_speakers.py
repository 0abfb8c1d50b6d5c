"""Family version 3 (issue 17): abbreviations, cue classes, labels, follow-on quotations,
descriptions, pronoun agreement, canonical names and the evidence offsets — on made-up
sentences in the style of English news (no corpus text)."""

from __future__ import annotations

import polars as pl
import pytest

from framing.config import Study
from framing.corpus import batch_from_texts
from framing.features.attribution import FAMILY, AttributionOptions
from framing.features.attribution.extraction import body_starts, extract_attributions
from framing.features.attribution.pronouns import Referents, first_name_gender, gender_of_phrase
from framing.features.attribution.speakers import SpeakerInfo
from framing.features.attribution.tables import verb_lexicon
from framing.features.base import Context


def _rows(*paragraphs: str):
    return extract_attributions(
        list(enumerate(paragraphs, 1)), lexicon=verb_lexicon(AttributionOptions())
    )


def _who(*paragraphs: str) -> list[tuple[str, str, str]]:
    return [(r.kind, r.speaker_canonical, r.verb) for r in _rows(*paragraphs)]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“We are not going anywhere,” said Ms. Ortiz, a teacher.", "Ortiz"),
        ("''He was going to make the name known,'' Mr. Haller said.", "Haller"),
        ("“We will vote on it today,” said Sen. Tom Adler of Vermont.", "Tom Adler"),
        ("“We are fine with that,” Robert K. Lane said.", "Robert K. Lane"),
        ("“I will not be there,” said Lt. Gen. Ann Poe.", "Ann Poe"),
    ],
)
def test_abbreviations_stay_with_the_name(text: str, speaker: str) -> None:
    assert _who(text) == [("direct", speaker, "said")]


def test_a_state_abbreviation_keeps_its_stop_and_the_speaker_before_it() -> None:
    # v6: "Md." was a word and a full stop, which ended the sentence and lost the speaker.
    text = "Tom Reed, of Ashton, Md., who grew corn there for 40 years, said the farm was lost."
    assert _who(text) == [("indirect", "Tom Reed", "said")]


def test_a_suffix_or_initial_ends_a_sentence_only_before_a_sentence_starter() -> None:
    rows = _rows("The march was led by Carl Ames Jr. The crowd said it was peaceful.")
    assert [(r.speaker, r.quote) for r in rows] == [("The crowd", "it was peaceful")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Voters believe that the economy is getting worse.", ("belief", "believe")),
        ("New polls show the mayor leading in Ohio.", ("evidence", "show")),
        ("The candidate is telling supporters that the race is rigged.", ("neutral", "tell")),
        ("The senator called the plan “a gift to Wall Street banks.”", ("neutral", "call")),
        ("The senator tweeted that the bill would pass.", ("neutral", "tweet")),
        # lexicon version 4
        ("The mayor expressed confidence that the plan would pass.", ("neutral", "express")),
        ("Critics questioned whether the plan would pass.", ("charged", "question")),
        ("Trump called for “a total and complete shutdown.”", ("neutral", "call for")),
    ],
)
def test_cue_classes_and_forms(text: str, expected: tuple[str, str]) -> None:
    (row,) = _rows(text)
    assert (row.verb_class, row.verb_lemma) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The governor called a meeting on Monday.",  # call needs a quotation
        "The governor called for restraint.",  # a demand with an object, no proposition
        "Voters questioned the plan.",  # question needs a clause
        "Iran vows revenge after the strike.",  # vow needs a clause
        "Analysts think so.",  # belief needs a clause
        "The think tank published its report.",  # a noun
        "The deal is said to be fragile.",  # passive
    ],
)
def test_not_attributions(text: str) -> None:
    assert _rows(text) == []


def test_labels_name_the_speaker() -> None:
    assert _who("Ann Carver: ‘The new slogan will not help the party at all’") == [
        ("direct", "Ann Carver", ":")
    ]
    assert _who("“The rent is too high for working families.” — Paul Lind") == [
        ("direct", "Paul Lind", "—")
    ]
    assert _rows("Update: the story has been changed since it first ran.") == []


def test_follow_on_quotations_keep_their_speaker() -> None:
    rows = _rows(
        "“We have work to do in every county,” Reyes said, “and we will do it.”",
        "“The key group is older voters,” said Dana Brooks, the party chair. "
        "“The candidate has to keep that support.”",
    )
    assert [(r.kind, r.speaker_canonical) for r in rows] == [
        ("direct", "Reyes"),
        ("direct", "Reyes"),
        ("direct", "Dana Brooks"),
        ("direct", "Dana Brooks"),
    ]


def test_a_question_split_from_its_cue() -> None:
    assert _who("“Who will pay for the new bridge?” Sen. Lisa Moore asked.") == [
        ("direct", "Lisa Moore", "asked")
    ]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“It was a very good night,” the Ohio businessman said.", "the Ohio businessman"),
        ("Campaign manager Ellen Park said the race was close.", "Ellen Park"),
        ("A spokesman for the campaign said the ad would run.", "A spokesman for the campaign"),
        ("Most of them said the vote was rigged.", "Most of them"),
        ("Six in 10 said they want change.", "Six in 10"),
        ("The plan will fail, according to a senior official.", "a senior official"),
        ("The lawmaker, who represents a rural district, said the remarks hurt.", "The lawmaker"),
        ("Mr. Ferreira, 71, said he had been flooded with letters.", "Mr. Ferreira"),
        ("The plan angered the teachers, who said that it would fail.", "the teachers"),
        ("Farmers who said the tariffs hurt them met in Ames.", "Farmers"),
        # since version 4 a document speaks in a which-clause as it does as a subject
        ("The treaty, which says that both sides must help, was signed.", "The treaty"),
        ("Ann Ross herself said on Tuesday that the plan would fail.", "Ann Ross"),
        ("Ann Ross, at a meeting in Columbus, Ohio, said the plan would fail.", "Ann Ross"),
        ("“We really can win on Tuesday,” said Ann Ross as she closed out.", "Ann Ross"),
        ("The two lawmakers, however, argue that the rule is unfair.", "The two lawmakers"),
        ("Sen. Ann Ross (D-Vt.) said the plan would fail.", "Ann Ross"),
        ("The firm, which made $3 billion last year, said it will close a plant.", "The firm"),
        ("The group, backed by wealthy donors, said the ad would run.", "The group"),
        ("The deal is a big win for Ames, which gets a road, said Ann Ross, of Ames.", "Ann Ross"),
        ("Ann Ross expressed confidence in the “plan that the council has adopted.”", "Ann Ross"),
        ("Gov. Tom Hale (R), one of its authors, said the bill was fair.", "Tom Hale"),
        ("Dan Cole took the stage and called the plan “a disgrace to us all.”", "Dan Cole"),
        ("And after the vote, Ann Ross blamed “four liberal judges on the court.”", "Ann Ross"),
    ],
)
def test_descriptions_and_groups_as_speakers(text: str, speaker: str) -> None:
    (row,) = _rows(text)
    assert row.speaker == speaker or row.speaker_canonical == speaker.removeprefix("Mr. ")


def test_pronouns_agree_in_gender() -> None:
    rows = _rows(
        "Mr. Brown met Ms. Green on Monday. “We agreed on a plan,” Ms. Green said.",
        "Mr. Brown left early. “It went very well,” she said.",
        "“It went very well,” he said.",
    )
    assert [r.speaker_canonical for r in rows] == ["Green", "Green", "Brown"]


def test_a_pronoun_without_an_agreeing_referent_stays_unresolved() -> None:
    rows = _rows("Mr. Brown spoke first. “It went very well,” she said.")
    assert [(r.speaker, r.speaker_canonical, r.side) for r in rows] == [("she", "", "unknown")]


def test_referents_leave_a_tie_unresolved() -> None:
    referents = Referents()
    for name in ("Jane Roe", "Ann Poe"):
        referents.note(SpeakerInfo(name, name, None, "other", is_person=True), "speaker")
    referents.next_sentence()
    assert referents.resolve("she", lambda name: SpeakerInfo(name, name, None, "other")) is None
    assert gender_of_phrase("the Democratic congresswoman") == "f"
    assert gender_of_phrase("Mr. Haller") == "m" and gender_of_phrase("the senator") is None


def test_canonical_names_join_only_the_same_person() -> None:
    rows = _rows(
        "Walter Grant spoke at Grant Tower on Monday, and Emily Grant introduced him.",
        "“We will build it right away,” Grant said in a news conference at Grant Tower.",
        "“He has a plan for that,” Shaw's attorney said.",
    )
    assert [r.speaker_canonical for r in rows] == ["Walter Grant", "Shaw's attorney"]


def test_offsets_point_at_the_speaker_and_the_cue_in_the_body_text() -> None:
    text = (
        "Pact signed, officials say\n\n"
        "“This is a historic day for both of our nations,” said Sen. Tom Adler.\n\n"
        "He added that the vote was close. “We will be back next year,” he said.\n\n"
        "“It is not over,” Ms. Ortiz told reporters."
    )
    batch = batch_from_texts([("o", "a1", text)], headline="auto")
    study = Study.model_validate(
        {
            "study": {"name": "t"},
            "corpus": {"table": "unused.jsonl"},
            "features": {"families": ["attribution"]},
            "models": {"enabled": False},
        }
    )
    ctx = Context(study=study, options=AttributionOptions())
    quotes = FAMILY.extract(batch, ctx).tables["quotes"]
    body = batch.articles["text"][0]
    assert {"speaker_start", "speaker_end", "cue_start", "cue_end"} <= set(quotes.columns)
    for row in quotes.iter_rows(named=True):
        if row["paragraph"] == 0:
            assert row["cue_start"] is None  # headline: no body offsets
            continue
        assert body[row["cue_start"] : row["cue_end"]] == row["verb"]
        mention = body[row["speaker_start"] : row["speaker_end"]]
        assert mention in {"Sen. Tom Adler", "He", "he", "Ms. Ortiz"}
    assert quotes.filter(pl.col("paragraph") == 0).height == 1


def test_body_starts_skip_the_headline() -> None:
    assert body_starts([0, 1, 2, 3], ["Head", "ab", "cde", "f"]) == [-1, 0, 4, 9]


def test_a_capitalised_word_inside_a_name_is_no_verb() -> None:
    text = "“He will be in court soon,” the campaign spokeswoman Hope Carter said on Friday."
    assert _who(text) == [("direct", "Hope Carter", "said")]


def test_a_nested_attribution_stays_inside_the_outer_content() -> None:
    rows = _rows(
        "Omar Hale told reporters that he believed the governor must reach out to the unions."
    )
    outer = rows[0]
    assert (outer.speaker_canonical, outer.verb) == ("Omar Hale", "told")
    assert outer.quote == "he believed the governor must reach out to the unions"


def test_a_pronoun_after_the_person_subject_of_its_sentence() -> None:
    rows = _rows(
        "“We have a plan for the port,” said Mayor Tom Adler.",
        "Ms. Lane read the letter aloud: “It is not enough for us,” she said.",
    )
    assert [r.speaker_canonical for r in rows] == ["Tom Adler", "Lane"]


def test_a_given_name_gives_the_gender_when_the_text_does_not() -> None:
    rows = _rows("Mary Holt and John Poe spoke at the rally. “We will win this,” she said.")
    assert [r.speaker_canonical for r in rows] == ["Mary Holt"]
    rows = _rows("Donald Crane spoke next. “It went very well,” she said.")
    assert [(r.speaker, r.speaker_canonical) for r in rows] == [("she", "")]
    # An ambiguous name, a lone surname or an initial has no gender.
    assert first_name_gender("Donald Crane") == "m" and first_name_gender("Mary Holt") == "f"
    assert first_name_gender("Jordan Lee") is None and first_name_gender("Crane") is None
    assert first_name_gender("J. Crane") is None


def test_a_second_clause_and_a_relative_clause_keep_their_speakers() -> None:
    assert _who(
        "Some farmers said prices were low, while other growers said they had not noticed."
    ) == [("indirect", "Some farmers", "said"), ("indirect", "other growers", "said")]
    assert _who("Ann Ross, who said she rarely votes, said the mayor is doing well.") == [
        ("indirect", "Ann Ross", "said"),
        ("indirect", "Ann Ross", "said"),
    ]


def test_he_refers_to_an_unnamed_person_described_last() -> None:
    rows = _rows(
        "Donald Crane spoke first. A local supporter of the campaign said the rally went"
        " well. “It was a great night for all of us,” he said."
    )
    assert [r.speaker_canonical for r in rows] == ["local supporter of the campaign"] * 2
    # An organisation is not a person: "he" goes past it to the named man.
    rows = _rows("Donald Crane spoke first. The campaign said it was pleased. “We won,” he said.")
    assert rows[-1].speaker_canonical == "Donald Crane"


def test_a_time_adverbial_is_not_the_subject() -> None:
    rows = _rows(
        "Eight years ago, Ann Ross backed the mayor and said, “He has done nothing for us.”"
    )
    assert [r.speaker_canonical for r in rows] == ["Ann Ross"]


def test_a_name_never_runs_over_a_full_stop() -> None:
    from framing.features.attribution.names import person_runs

    text = (
        "He joked about Donald Trump. Johnson laughed. Robert K. Lane and Sen. Jeff Merkley left."
    )
    assert person_runs(text) == ["Donald Trump", "Robert K. Lane", "Jeff Merkley"]


def test_a_verb_before_an_object_ends_the_subject() -> None:
    rows = _rows(
        "Back in 1999, Ann Ross praised the plan, telling reporters that it was fair.",
        "The mayor left no doubt of her support, saying that “the plan is very good.”",
        "The new ad hits the mayor for his votes and claims that he “lied to us all.”",
    )
    assert [r.speaker for r in rows] == ["Ann Ross", "The mayor", "The new ad"]


def test_a_scare_quote_before_the_cue_and_a_subject_inside_the_content() -> None:
    rows = _rows(
        'Trump\'s plan may be "strategic," said Jeffery Hemsley, a professor.'
        ' "Each candidate is talking to the base and not to the public," he said.'
    )
    assert [(r.kind, r.speaker_canonical) for r in rows] == [
        ("indirect", "Jeffery Hemsley"),
        ("direct", "Jeffery Hemsley"),
    ]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“Her plan is about twenty years old,” said a longtime adviser to Ross.",
         "a longtime adviser to Ross"),
        ("“We are under a lot of pressure,” an intelligence source, who was not named,"
         " told Fox News.", "an intelligence source"),
    ],
)  # fmt: skip
def test_unnamed_sources_around_a_quotation(text: str, speaker: str) -> None:
    (row,) = _rows(text)
    assert (row.kind, row.speaker) == ("direct", speaker)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # v6: "said to cheers" is speech, not an intention ("vowed to act")
        (
            "“We will win the state,” Sanders said to cheers at a rally.",
            ("direct", "Sanders", "said"),
        ),
        # v6: an inverted cue opening the sentence takes the quotation after its speaker
        ("Said Comey, “The thought that we erred is painful.”", ("direct", "Comey", "Said")),
        ("But, said Ann Solo, “I do not want a fight with him.”", ("direct", "Ann Solo", "said")),
        # v6: an indefinite appositive whose last words are a name; an adverb before a participle
        (
            "“It is a populism that grows,” Massimo Franco, a columnist for the daily Corriere "
            "della Sera, wrote on Friday.",
            ("direct", "Massimo Franco", "wrote"),
        ),
        (
            "Hillary Clinton, also campaigning in Wisconsin, said the rival was responsible.",
            ("indirect", "Hillary Clinton", "said"),
        ),
    ],
)
def test_version_6_speaker_phrases(text: str, expected: tuple[str, str, str]) -> None:
    assert _who(text) == [expected]


@pytest.mark.parametrize(
    "paragraphs",
    [
        ("“Where is the money?” Trump asked at a rally in Ohio.",),
        ("“You think I am going to change?” Trump asked reporters during a news conference.",),
    ],
)
def test_v6_a_question_before_x_asked_with_circumstances_is_x_s(paragraphs) -> None:
    # The words after "asked" are its circumstances, not a reported clause.
    assert _who(*paragraphs) == [("direct", "Trump", "asked")]


@pytest.mark.parametrize(
    ("first", "verb"),
    [
        ("Cruz continued:", "continued"),
        ("In a statement, Cruz said:", "said"),
        ("Cruz wrote on Twitter:", "wrote"),
    ],
)
def test_v6_a_cue_ending_its_paragraph_with_a_colon_reports_the_next_quotation(
    first: str, verb: str
) -> None:
    rows = _who(first, "“We are proud of the result in Iowa tonight.”")
    assert rows == [("direct", "Cruz", verb)]


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # a cue that ends its sentence with no content names the question before it
        (
            ("Glenn Beck spoke first. “What made him change so fundamentally?” Beck questioned.",),
            [("direct", "Glenn Beck", "questioned")],
        ),
        # after "told", the listener and circumstances are no clause
        (
            (
                "“We will not have a good relationship, who knows?” Trump told Britain’s ITV in an interview.",
            ),
            [("direct", "Trump", "told")],
        ),
        # the subject stands before a participle phrase, not inside it
        (
            (
                "Another intelligence source speaking to Fox News said, “The agents are looking at it.”",
            ),
            [("direct", "Another intelligence source", "said")],
        ),
    ],
)
def test_v6_questions_listeners_and_participle_phrases(paragraphs, expected) -> None:
    assert _who(*paragraphs) == expected


def test_v6_a_quotation_opening_a_sentence_without_subject_stays_with_its_speaker() -> None:
    text = (
        "“The key group is older women,” said Jaime Harrison, chair of the party. "
        "“Clinton has to keep their support” - and Sanders has to win them over."
    )
    assert _who(text) == [("direct", "Jaime Harrison", "said"), ("mixed", "Jaime Harrison", "")]


def test_v6_a_capitalised_reporting_verb_opening_an_inversion_is_no_part_of_the_name() -> None:
    assert _who("Stated Stone: “I think that the stakes are so high for them.”") == [
        ("direct", "Stone", "Stated")
    ]


def test_v6_the_state_of_a_place_is_no_sentence_subject() -> None:
    text = (
        "At a rally in Ames, Iowa, on Sunday, Mrs. Clinton tried to expand on her "
        "statement, saying that the country should lead."
    )
    assert _who(text) == [("indirect", "Clinton", "saying")]
