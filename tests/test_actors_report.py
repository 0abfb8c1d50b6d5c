"""The actors section of report.html: mention tone with intervals, and its evidence."""

from __future__ import annotations

import re

import polars as pl

from framing.features.actors.report import actors_section
from framing.features.actors.tone_report import evidence_blocks
from framing.report.figures import Figures

EVIL = "<script>alert('x')</script>"
ACTORS = ["north_korea", "russia", "south_korea", "ukraine", "united_states", EVIL]


def _actors(n_outlets: int) -> pl.DataFrame:
    rows = []
    for i in range(n_outlets):
        for k, actor in enumerate(ACTORS):
            tone = ((i + k) % 7 - 3) / 5
            mentioned = (i + k) % 5 != 0
            rows.append(
                {
                    "outlet": f"outlet_{i:02d}",
                    "actor": actor,
                    "mentions": 1 + i if mentioned else 0,
                    "sentences": 1 + i if mentioned else 0,
                    "mean_compound": 0.1,
                    "mean_compound_all": 0.2,
                    "n_exclusive": 1,
                    "tone": tone if mentioned else float("nan"),
                    "tone_ci_low": tone - 0.1 if mentioned and i else float("nan"),
                    "tone_ci_high": tone + 0.1 if mentioned and i else float("nan"),
                }
            )
    return pl.DataFrame(rows)


def _evidence() -> pl.DataFrame:
    text = f"Moscow & {EVIL} condemned Seoul's threats."
    start = text.index("Seoul")
    return pl.DataFrame(
        {
            "outlet": ["outlet_00", "outlet_00", "outlet_01"],
            "actor": ["south_korea", "south_korea", EVIL],
            "pole": ["negative", "positive", "positive"],
            "rank": [1, 1, 1],
            "article_id": ["a1", "a2", "a3"],
            "sentence": [3, 4, 5],
            "alias": ["Seoul", "Seoul", "x"],
            "start": [start, 0, 999],
            "end": [start + 5, 5, 1000],
            "polarity": ["negative", "positive", "positive"],
            "score": [-0.8123, 0.61, 0.3],
            "text": [text, "Seoul won praise.", "out of range offsets"],
        }
    )


def test_thirty_outlets_six_actors_two_balanced_figures() -> None:
    html = actors_section(Figures(), {"actors": _actors(30), "actor_tone_evidence": _evidence()})
    tone_part = html[: html.index("Sentence VADER")]
    assert tone_part.count("<figure") == 2  # 3 + 3 panels, not 5 + 1
    for label in ("north_korea", "ukraine"):
        assert label in tone_part
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", tone_part, re.S)
    assert all(
        "95% cluster-bootstrap" in c and "n = " in c and "higher = more positive" in c
        for c in captions
    )
    assert tone_part.count("outlet_29") >= 2  # every outlet is a row of each figure
    assert "<script>" not in html
    # The VADER heat maps stay, after the mention tone.
    assert html.count("<figure") == 4


def test_evidence_is_collapsed_escaped_and_marked() -> None:
    html = evidence_blocks({"actor_tone_evidence": _evidence()})
    assert html.count("<details>") == 2 and "<details open" not in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Moscow &amp; &lt;script&gt;" in html
    assert "<mark>Seoul</mark>&#x27;s threats." in html
    assert "<b>-0.81</b>" in html and "<b>+0.61</b>" in html
    assert "out of range offsets" in html and html.count("<mark>") == 2
    assert "(article a1, sentence 3)" in html
    # An outlet without a negative mention shows a dash in that column.
    evil_block = html[html.index("Evidence for &lt;script&gt;") :]
    assert "<td>–</td>" in evil_block


def test_a_run_without_mention_tone_says_so() -> None:
    old = _actors(3).drop("tone", "tone_ci_low", "tone_ci_high")
    html = actors_section(Figures(), {"actors": old})
    assert "no mention tone in this run" in html
    assert html.count("<figure") == 2  # the VADER maps are still drawn
    assert evidence_blocks({}) == ""
