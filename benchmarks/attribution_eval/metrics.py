"""Match predicted rows to gold relations and turn each scored item into a `Case`.

Definitions (benchmarks/README.md): a predicted span P and a gold span G *match* when they
overlap by at least half of the shorter, |P ∩ G| >= 0.5 * min(|P|, |G|) > 0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from attribution_eval.family_adapter import Lexicon
from attribution_eval.locate import Placed
from attribution_eval.polnear import Article, Relation, Span, intersect, length, overlap
from attribution_eval.referents import ArticleReferents
from attribution_eval.speakers import (
    Heads,
    agree,
    alternatives,
    predicted_phrases,
    pronoun_kind,
    speakerless,
    words_of,
)

QUOTE_KINDS = ("direct", "mixed")
CLAUSE_KINDS = ("indirect", "mixed")
MIN_QUOTE_WORDS = 3


@dataclass
class Case:
    """One scored item: `metric` is a row of the table, `ok` its success."""

    metric: str
    ok: bool
    outlet: str
    article_id: str
    relation: Relation | None = None
    placed: Placed | None = None
    info: dict[str, Any] = field(default_factory=dict)


NewCase = Callable[..., Case]
Candidates = list[tuple[Placed, tuple[Span, ...]]]


def spans_match(p: tuple[Span, ...], g: tuple[Span, ...]) -> int:
    """The overlap when P and G match, else 0."""
    shared = overlap(p, g)
    return shared if shared > 0 and 2 * shared >= min(length(p), length(g)) else 0


def quote_spans(placed: Placed, article: Article) -> tuple[Span, ...]:
    """A direct row's quotation; a mixed row's quoted fragments (its clause if none)."""
    assert placed.content is not None
    whole = (placed.content,)
    if placed.row["kind"] == "direct":
        return whole
    return intersect(whole, article.quoted) or whole


def best(gold: tuple[Span, ...], candidates: Candidates) -> Placed | None:
    scored = [(spans_match(spans, gold), i) for i, (_, spans) in enumerate(candidates)]
    top = max(scored, default=(0, -1))
    return candidates[top[1]][0] if top[0] > 0 else None


def cue_grams(cue_text: str) -> set[str]:
    """The cue's words and word pairs, lower case."""
    words = [w.lower() for w in words_of(cue_text)]
    return {" ".join(words[i : i + n]) for n in (1, 2) for i in range(len(words) - n + 1)}


def cue_class(cue_text: str, lexicon: Lexicon) -> str:
    """``lexicon`` (a neutral/charged lemma), ``belief`` (a belief/evidence lemma),
    ``stance`` or ``other`` for a gold cue."""
    found = {lexicon.forms[g] for g in cue_grams(cue_text) if g in lexicon.forms}
    kinds = {lexicon.classes[lemma] for lemma in found}
    if kinds & {"neutral", "charged"}:
        return "lexicon"
    if kinds & {"belief", "evidence"}:
        return "belief"
    return "stance" if kinds else "other"


def score_article(
    article: Article,
    relations: list[Relation],
    placed: list[Placed],
    lexicon: Lexicon,
) -> list[Case]:
    cases: list[Case] = []
    located = [p for p in placed if p.content is not None]
    quotes = [(p, quote_spans(p, article)) for p in located if p.row["kind"] in QUOTE_KINDS]
    clauses = [(p, (p.content,)) for p in located if p.row["kind"] in CLAUSE_KINDS]
    gold_quotes = [r for r in relations if r.has_quotes]
    refs = ArticleReferents(article, relations)
    new = _case_factory(article)
    for p in placed:
        if p.content is None:
            cases.append(new("unlocated", False, placed=p))
    for p, spans in quotes:
        hit = any(spans_match(spans, g.quoted) for g in gold_quotes)
        cases.append(new("quote_precision", hit, placed=p))
        cases.append(new(f"quote_precision_{p.row['kind']}", hit, placed=p))
        cases.append(new("speakerless", speakerless(p.row), placed=p))
        cases.append(new(f"speakerless_{p.row['kind']}", speakerless(p.row), placed=p))
    for g in gold_quotes:
        match = best(g.quoted, quotes)
        cases.append(new("quote_recall", match is not None, g, match))
        if g.quote_words >= MIN_QUOTE_WORDS:
            cases.append(new("quote_recall_3w", match is not None, g, match))
        else:
            anyrow = best(g.content, [(p, (p.content,)) for p, _ in [*quotes, *clauses]])
            cases.append(new("short_quote_any_row", anyrow is not None, g, anyrow))
        if match is not None and g.has_source:
            cases.extend(_speaker_cases(new, "speaker", g, match, refs))
    for g in relations:
        if not g.has_quotes and g.cue:
            cases.extend(_reported_cases(new, g, clauses, refs, lexicon))
    cases.extend(_reported_precision_cases(new, located, relations))
    return cases


def row_cue_class(row: dict[str, Any]) -> str:
    """``speech`` for a row whose verb is a neutral or charged verb, a label or none;
    ``belief`` for a belief or evidence verb (the row's `verb_class`)."""
    return "belief" if row.get("verb_class") in ("belief", "evidence") else "speech"


def _reported_precision_cases(
    new: NewCase, located: list[Placed], relations: list[Relation]
) -> list[Case]:
    """Each `indirect` row: right when its clause matches the content of some gold
    relation (quoted or not) or its cue overlaps a gold cue; counted overall and by the
    row's cue class (speech / belief)."""
    out: list[Case] = []
    for p in located:
        if p.row["kind"] != "indirect":
            continue
        assert p.content is not None
        hit = any(spans_match((p.content,), g.content) for g in relations) or bool(
            p.cue and any(g.cue and overlap((p.cue,), g.cue) for g in relations)
        )
        out.append(new("reported_precision", hit, placed=p))
        out.append(new(f"reported_precision_{row_cue_class(p.row)}", hit, placed=p))
    return out


def _case_factory(article: Article) -> NewCase:
    def new(
        metric: str,
        ok: bool,
        relation: Relation | None = None,
        placed: Placed | None = None,
        **info: Any,
    ) -> Case:
        return Case(metric, ok, article.outlet, article.article_id, relation, placed, info)

    return new


def _reported_cases(
    new: NewCase, g: Relation, clauses: Candidates, refs: ArticleReferents, lexicon: Lexicon
) -> list[Case]:
    match = best(g.content, clauses)
    if match is None:
        match = next((p for p, _ in clauses if p.cue and overlap((p.cue,), g.cue)), None)
    found = match is not None
    lex = cue_class(g.cue_text, lexicon)
    out = [
        new("reported_recall", found, g, match, cue_class=lex),
        new(f"reported_recall_{lex}", found, g, match, cue_class=lex),
    ]
    if found and g.has_source:
        out.extend(_speaker_cases(new, "reported_speaker", g, match, refs))
    return out


def gold_alternatives(g: Relation, text: str) -> list[Heads]:
    """Alternatives of a gold source; of each piece of a discontinuous one."""
    if len(g.source) == 1:
        return alternatives(g.source_text)
    return [h for s, e in g.source for h in alternatives(text[s:e])]


def _speaker_cases(
    new: NewCase, prefix: str, g: Relation, match: Placed, refs: ArticleReferents
) -> list[Case]:
    """(a) a name or description: the predicted speaker agrees with the gold source;
    (b) a pronoun: it agrees with the pronoun's referent (also counted per pronoun
    kind); a pronoun without a referent is counted apart, not scored."""
    predicted = predicted_phrases(match.row, match.speaker_text)
    kind = pronoun_kind(g.source_text)
    if kind is None:
        ok = agree(gold_alternatives(g, refs.article.text), predicted)
        return [new(f"{prefix}_named", ok, g, match, pronoun=None)]
    referent = refs.referent(g)
    if referent is None or not referent.heads:
        return [new(f"{prefix}_pronoun_unresolved", False, g, match, pronoun=kind)]
    ok = agree(referent.heads, predicted)
    info = {"pronoun": kind, "referent": referent}
    return [
        new(f"{prefix}_pronoun", ok, g, match, **info),
        new(f"{prefix}_pronoun_{kind}", ok, g, match, **info),
    ]
