"""The only module of the scorer that imports the toolkit's internals.

When the package layout changes (as when ``framing/features/quotes.py`` became the package
``features/attribution/``),
edit the imports here and nothing else. Two entry points:

* `run_family(articles)`: the attribution family as a user gets it (the articles
  built into a segmented batch with the default corpus settings, the family's
  ``extract`` with default options and no study actors) -> predicted rows and the
  cleaned paragraphs the rows refer to.
* `lexicon_lemmas()`: the family's reporting-verb lexicon: lemma classes, every
  inflected form, and the forms the family accepts as a cue (to classify gold cues).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Columns of quotes.csv that the scorer reads; offset columns are optional.
ROW_COLUMNS = (
    "outlet",
    "article_id",
    "paragraph",
    "paragraph_end",
    "kind",
    "speaker",
    "speaker_canonical",
    "title",
    "verb",
    "verb_lemma",
    "verb_class",
    "quote",
    "index",
)
OFFSET_COLUMNS = ("speaker_start", "speaker_end", "cue_start", "cue_end")


@dataclass(frozen=True)
class Paragraph:
    """A cleaned paragraph as the family saw it; `body_start` is its offset in the
    toolkit's body text (paragraphs joined by a blank line), -1 for the headline."""

    article_id: str
    paragraph: int
    text: str
    body_start: int


def run_family(articles: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[Paragraph]]:
    """Rows of the family's ``quotes`` table (dicts) and the paragraphs they index.

    `articles`: dicts with ``outlet``, ``article_id``, ``title`` (headline line) and
    ``body`` (text after the headline).
    """
    from framing.config import Study
    from framing.corpus import RawArticle, build_batch
    from framing.pipeline.work import extract_chunk

    study = Study.model_validate(
        {
            "study": {"name": "polnear-eval"},
            "corpus": {"table": "polnear.jsonl", "columns": {"title": "title", "id": "id"}},
            "features": {"families": ["attribution"]},
            "models": {"enabled": False},
        }
    )
    raw = [
        RawArticle(a["outlet"], a["article_id"], a["article_id"], a["body"], title=a["title"])
        for a in articles
    ]
    corpus = study.corpus
    batch, _, _ = build_batch(
        raw, clean=corpus.clean, boilerplate=corpus.boilerplate, headline=corpus.headline
    )
    quotes = extract_chunk(batch, study, ["attribution"])["attribution"].tables["quotes"]
    wanted = [c for c in (*ROW_COLUMNS, *OFFSET_COLUMNS) if c in quotes.columns]
    rows = quotes.select(wanted).to_dicts()
    return rows, _paragraphs(batch.paragraphs.select("article_id", "paragraph", "text").rows())


def _paragraphs(rows: list[tuple[str, int, str]]) -> list[Paragraph]:
    out: list[Paragraph] = []
    offset: dict[str, int] = {}
    for article_id, number, text in rows:
        if number == 0:
            out.append(Paragraph(article_id, number, text, -1))
            continue
        start = offset.get(article_id, 0)
        out.append(Paragraph(article_id, number, text, start))
        offset[article_id] = start + len(text) + 2  # "\n\n".join(paragraphs)
    return out


@dataclass(frozen=True)
class Lexicon:
    """The family's reporting-verb lexicon, for classifying gold cues.

    `classes`: lemma -> ``neutral``/``charged``/``belief``/``evidence``/``stance``. `forms`: every regular
    inflection of each lemma plus the irregular forms, lower case -> lemma, including
    the noun-like ones the family leaves out on purpose ("states"): whether a cue's
    *lemma* is in the lexicon. `accepted`: the forms the family itself takes as a
    cue (any class but stance, as its lexicon table is built).
    """

    classes: dict[str, str]
    forms: dict[str, str]
    accepted: frozenset[str]


def lexicon_lemmas() -> Lexicon:
    from framing.features.attribution.cues import build_lexicon, inflect, load_default_lexicon

    data = load_default_lexicon()
    names = ("stance", "evidence", "belief", "charged", "neutral")
    classes = {lemma: cls for cls in names for lemma in data.get(cls, [])}
    forms: dict[str, str] = {}
    for lemma in classes:
        for form in inflect(lemma):
            forms.setdefault(form.lower(), lemma)
    for lemma, irregular in data.get("forms", {}).items():
        for form in irregular if lemma in classes else ():
            forms.setdefault(form.lower(), lemma)
    table = build_lexicon(
        neutral=data["neutral"],
        charged=data["charged"],
        stance=data["stance"],
        belief=data.get("belief", []),
        evidence=data.get("evidence", []),
        forms=data.get("forms", {}),
    ).forms
    accepted = frozenset(" ".join(k) for k, (_, _, role) in table.items() if role == "cue")
    return Lexicon(classes, forms, accepted)
