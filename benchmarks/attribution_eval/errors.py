"""Error classes of the family on scored cases (docs/attribution.md, "Measured on PolNeAR"), with detection rules.

Each failed case gets one class, the first rule that applies, in the order below.
Speaker errors (a matched quote or reported statement whose speaker is wrong):

* speakerless rows: ``8 ?/! split`` (the quotation ends in ? or ! before its mark
  and the cue follows), ``6 follow-on`` (the row is the part of a discontinuous
  content after its cue: '"Q1," said X, "q2"'), ``5 comma inside mark`` (content
  before the cue that opens with narrative, not a mark, and ends ',"'), ``1 cue``
  (the gold cue has no form the family accepts), else ``speakerless other``;
* rows with a speaker: ``4 abbreviation`` (speaker ends in a title abbreviation or
  an initial: "Ms", "Sen", "Robert S"), ``9 sentence word`` (a one-word speaker
  that the article also writes in lower case: "Asked", "Later"), ``11 bare title``,
  ``10 clause`` (6+ words), ``7 swapped`` (the speaker is a phrase of the gold
  content), ``2 pronoun`` (left as a pronoun / opposite gender / another person),
  ``3 description`` (gold source is a description or has a lower-case title or
  appositive, and the row took part of it or another phrase), ``1 cue`` (the row
  continues an earlier speaker because the gold cue is not accepted), else
  ``wrong person``.

Reported-speech misses: ``1 cue`` (no accepted form: split into punctuation labels,
progressive forms, lexicon lemmas in a form or use the family rejects, and lemmas
not in the lexicon), else ``accepted cue, missed`` (a who-clause source; an
infinitive, negated, passive or "vowed to" use; other).
"""

from __future__ import annotations

import re

from attribution_eval.family_adapter import Lexicon
from attribution_eval.metrics import Case, cue_grams
from attribution_eval.polnear import Article
from attribution_eval.referents import ArticleReferents, mention
from attribution_eval.speakers import (
    THIRD_PERSON,
    alternatives,
    normalise_word,
    pronoun_kind,
    words_of,
    wordset,
)

ABBREVIATIONS = wordset(
    "mr mrs ms dr sen rep gov gen lt col st jr sr rev prof pres atty sgt capt maj adm "
    "cmdr supt dept corp inc co no vs"
)
TITLES = wordset(
    "president senator sen governor gov secretary representative rep congressman "
    "congresswoman mayor chairman chairwoman director spokesman spokeswoman "
    "spokesperson speaker leader minister ambassador judge justice candidate nominee "
    "professor dr mr mrs ms host anchor"
)
ABBREVIATION_RE = re.compile(
    r"\b(?:" + "|".join(sorted(ABBREVIATIONS, key=len, reverse=True)) + r")\.(?=\s)|\b[A-Z]\.\s",
    re.IGNORECASE,
)
PROGRESSIVE_RE = re.compile(r"\b(?:is|are|was|were|been|be)\s+\w+ing\b", re.IGNORECASE)
CLOSE_MARK = "\"”'’"


def classify(case: Case, article: Article, lexicon: Lexicon, refs: ArticleReferents) -> str:
    """The error class of a failed speaker or reported-speech case."""
    if case.metric.startswith("reported_recall"):
        return _reported_class(case, article, lexicon)
    row = case.placed.row if case.placed else {}
    if not (row.get("speaker") or "").strip():
        return _speakerless_class(case, article, lexicon)
    return _speaker_class(case, article, lexicon, refs)


def _cue_accepted(cue_text: str, lexicon: Lexicon) -> bool:
    return bool(cue_grams(cue_text) & lexicon.accepted)


def _cue_subclass(cue_text: str, lexicon: Lexicon) -> str:
    if not cue_grams(cue_text):
        return "1 cue: punctuation label (NAME: / — NAME)"
    if PROGRESSIVE_RE.search(cue_text):
        return "1 cue: progressive form"
    if any(g in lexicon.forms for g in cue_grams(cue_text)):
        return "1 cue: lemma in lexicon, form/use not accepted"
    return "1 cue: lemma not in lexicon"


NON_ASSERTIVE_RE = re.compile(r"(?:\b(?:to|not|never|is|was|were|been|be)|n['’]t)\s+\w+", re.I)


def _reported_class(case: Case, article: Article, lexicon: Lexicon) -> str:
    g = case.relation
    if not _cue_accepted(g.cue_text, lexicon):
        return _cue_subclass(g.cue_text, lexicon)
    if pronoun_kind(g.source_text) == "relative":
        return "accepted cue, missed: relative clause (X, who said ...)"
    end = g.cue[-1][1]
    if NON_ASSERTIVE_RE.search(g.cue_text) or re.match(r"\s+to\s", article.text[end : end + 5]):
        return "accepted cue, missed: infinitive/negated/passive/intent use"
    return "accepted cue, missed: other"


def _speakerless_class(case: Case, article: Article, lexicon: Lexicon) -> str:
    g, p = case.relation, case.placed
    text = article.text
    cue_after = bool(g.cue) and g.cue[0][0] >= g.content[0][1]
    last_quote = g.quoted[-1] if g.quoted else None
    if last_quote and cue_after and text[last_quote[1] - 1 : last_quote[1]] in "?!":
        return "8 ?/! quotation split from its cue"
    if len(g.content) > 1 and g.cue and p.content and p.content[0] > g.cue[0][0]:
        return "6 follow-on quotation after the cue"
    first = text[g.content[0][0] : g.content[0][0] + 1]
    tail = text[max(0, g.content[-1][1] - 3) : g.content[-1][1] + 2]
    if cue_after and first not in CLOSE_MARK + "“‘" and re.search(r",\s*(?:''|[\"”])", tail):
        return "5 fragment before cue, comma inside mark"
    if PROGRESSIVE_RE.search(g.cue_text) or not _cue_accepted(g.cue_text, lexicon):
        return _cue_subclass(g.cue_text, lexicon)
    if pronoun_kind(g.source_text) is None and ABBREVIATION_RE.search(g.source_text):
        return "4 abbreviation cut at its full stop"
    if pronoun_kind(g.source_text) is None and _description_error(g.source_text, ""):
        return "3 description/title/appositive"
    return "speakerless, other"


def _speaker_class(case: Case, article: Article, lexicon: Lexicon, refs: ArticleReferents) -> str:
    g, p = case.relation, case.placed
    row = p.row
    speaker = row.get("speaker") or ""
    words = words_of(speaker)
    last = normalise_word(words[-1]) if words else ""
    if last in ABBREVIATIONS or re.fullmatch(r"[A-Z]\.?", words[-1] if words else ""):
        return "4 abbreviation cut at its full stop"
    if (
        len(words) == 1
        and words[0][:1].isupper()
        and re.search(rf"\b{re.escape(words[0].lower())}\b", article.text)
    ):
        return "9 sentence-initial/common word as speaker"
    if len(words) == 1 and last in TITLES:
        return "11 bare title as speaker"
    if len(words) >= 6:
        return "10 clause as speaker"
    if any(speaker in article.text[s:e] for s, e in g.content) and len(speaker) > 3:
        return "7 speaker taken from the content (swapped)"
    kind = pronoun_kind(g.source_text)
    if kind is not None:
        return _pronoun_class(case, row, refs)
    if _description_error(g.source_text, speaker):
        return "3 description/title/appositive"
    if not row.get("verb") and not _cue_accepted(g.cue_text, lexicon):
        return _cue_subclass(g.cue_text, lexicon)
    if ABBREVIATION_RE.search(g.source_text):
        return "4 abbreviation cut at its full stop"
    return "wrong person"


def _pronoun_class(case: Case, row: dict, refs: ArticleReferents) -> str:
    canonical = row.get("speaker_canonical") or ""
    if not canonical.strip() or pronoun_kind(canonical) or pronoun_kind(row.get("speaker") or ""):
        return "2 pronoun left unresolved"
    pronoun = THIRD_PERSON.get(words_of(case.relation.source_text)[0].lower())
    if pronoun in ("m", "f"):
        said = mention(None, " ".join(x for x in (row.get("title"), canonical) if x), 0)
        gender = said.gender
        if gender is None and said.heads:
            gender = refs.name_gender.get(min(said.heads[0]))
        if gender and gender != pronoun:
            return "2 he/she resolved to a person of the other gender"
        return "2 he/she resolved to another person"
    return "2 they/it/I resolved wrongly"


def _description_error(source: str, speaker: str) -> bool:
    """The gold source has a lower-case title, description or appositive (a
    lower-case word other than a/an/the, or a comma), and the prediction is empty,
    shares a word with the source, or the source's head is that lower-case word."""
    gold_words = words_of(source.split(",")[0])
    lower = [w for w in gold_words if w.islower() and w not in ("the", "a", "an")]
    heads = {h for alt in alternatives(source) for h in alt}
    description = any(w.islower() and normalise_word(w) in heads for w in gold_words)
    shared = {normalise_word(w) for w in words_of(speaker)} & {
        normalise_word(w) for w in gold_words
    }
    return bool((lower or "," in source) and (not speaker or shared or description))


AUXILIARIES = wordset(
    "is was are were be been has had have will would also then later again just not "
    "never did does do could can may might should publicly repeatedly often"
)


def cue_word(cue_text: str) -> str:
    """The cue's first word that is not an auxiliary or adverb, lower case (":" for a
    bare colon): to count which cues the family misses."""
    words = [w.lower() for w in words_of(cue_text)]
    return next((w for w in words if w not in AUXILIARIES), cue_text.strip()[:1] or "-")
