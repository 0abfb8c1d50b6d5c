"""The PolNeAR scorer of benchmarks/ (`eval_attribution.py`): its definitions on made-up
text (the corpus itself is never in the project), and the family as the scorer runs it."""

from __future__ import annotations

import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from attribution_eval.family_adapter import lexicon_lemmas, run_family  # noqa: E402
from attribution_eval.locate import keyed, place_paragraphs, place_row  # noqa: E402
from attribution_eval.metrics import cue_class, score_article, spans_match  # noqa: E402
from attribution_eval.polnear import Article, Relation, quotation_spans  # noqa: E402
from attribution_eval.referents import ArticleReferents  # noqa: E402
from attribution_eval.speakers import agree, alternatives, pronoun_kind  # noqa: E402


def test_speaker_agreement_by_heads() -> None:
    assert agree(alternatives("Hillary Clinton"), ["Mrs. Clinton's"])
    assert agree(alternatives("former Obama adviser David Axelrod"), ["Axelrod"])
    assert agree(alternatives("the New York businessman"), ["businessman"])
    assert not agree(alternatives("Trump"), ["Trump Tower"])
    assert not agree(alternatives("Sen. Jeff Merkley"), ["Sen"])
    assert not agree(alternatives("Clinton and Kaine"), ["Clinton"])
    assert agree(alternatives("Jane Roe, a professor at Yale"), ["professor"])
    assert agree(alternatives("Mr. Rubio himself"), ["Marco Rubio"])  # emphatic reflexive
    assert pronoun_kind("she") == "third" and pronoun_kind("who") == "relative"
    assert pronoun_kind("the senator") is None


def test_span_match_is_half_of_the_shorter() -> None:
    assert spans_match(((0, 10),), ((5, 30),))  # 5 >= 0.5 * 10
    assert not spans_match(((0, 10),), ((8, 30),))
    assert not spans_match(((0, 10),), ((10, 30),))


def test_quotation_spans_pair_marks_per_line() -> None:
    text = "He said “one two three” and ‘four five’.\n''Six seven,'' she said. It’s \"open"
    spans = [text[s:e] for s, e in quotation_spans(text)]
    assert spans == ["one two three", "four five", "Six seven,", "open"]


def _article(text: str) -> Article:
    return Article("a1", "Outlet", "train", text, 0, quotation_spans(text))


def _relation(text: str, source: str, start_at: int = 0) -> Relation:
    s = text.index(source, start_at)
    span = ((s, s + len(source)),)
    return Relation(
        "r", "a1", "Outlet", "train", True, False, source, "said", "", span, (), (), (), 0
    )


def test_pronoun_referent_agrees_in_gender() -> None:
    text = "Title.\nMr. Brown met Ms. Green. Ms. Green spoke.\nLater she said it was fine."
    green = _relation(text, "Ms. Green", text.index("Ms. Green spoke"))
    brown = _relation(text, "Mr. Brown")
    she = _relation(text, "she")
    refs = ArticleReferents(_article(text), [brown, green, she])
    assert refs.referent(she).text == "Ms. Green"


def test_family_rows_are_placed_in_the_article() -> None:
    body = "“We will win this race,” Jane Roe said on Monday.\nShe added that polls were close."
    text = "A headline\n" + body
    rows, paragraphs = run_family(
        [{"outlet": "O", "article_id": "a1", "title": "A headline", "body": body}]
    )
    assert [r["kind"] for r in rows] == ["direct", "indirect"]
    key = keyed(text)
    placed = place_paragraphs(key, paragraphs)
    spans = [place_row(text, key, placed, row) for row in rows]
    first = spans[0]
    assert text[first.content[0] : first.content[1]] == "We will win this race,"
    assert text[first.cue[0] : first.cue[1]] == "said"
    assert "Roe" in first.speaker_text


def test_gold_cues_are_classed_by_the_family_lexicon() -> None:
    lexicon = lexicon_lemmas()
    assert cue_class("said", lexicon) == "lexicon"
    assert cue_class("has long argued", lexicon) == "lexicon"
    assert cue_class("brushed off", lexicon) == "stance"
    assert cue_class("glared", lexicon) == "other"


def test_reported_precision_counts_indirect_rows_by_cue_class() -> None:
    body = "Jane Roe said the polls were close.\nVoters believe that the economy is weak."
    text = "A headline\n" + body
    rows, paragraphs = run_family(
        [{"outlet": "O", "article_id": "a1", "title": "A headline", "body": body}]
    )
    key = keyed(text)
    placed = [place_row(text, key, place_paragraphs(key, paragraphs), row) for row in rows]
    content = text.index("the polls were close")
    cue = text.index("said")
    gold = Relation(
        "r", "a1", "O", "train", True, False, "Jane Roe", "said", "the polls were close",
        ((text.index("Jane"), text.index("Jane") + 8),), ((cue, cue + 4),),
        ((content, content + 20),), (), 0,
    )  # fmt: skip
    cases = score_article(_article(text), [gold], placed, lexicon_lemmas())
    precision = {c.metric: c.ok for c in cases if c.metric.startswith("reported_precision_")}
    # The speech row matches the annotated relation; the belief row matches none.
    assert precision == {"reported_precision_speech": True, "reported_precision_belief": False}
