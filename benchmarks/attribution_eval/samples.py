"""`--errors N`: error classes with counts and N sampled cases each, as Markdown;
`--check-referents N`: sampled pronoun referents with context, for a hand check."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from pathlib import Path

from attribution_eval.errors import classify, cue_word
from attribution_eval.family_adapter import lexicon_lemmas
from attribution_eval.metrics import Case
from attribution_eval.polnear import Article, Relation
from attribution_eval.referents import ArticleReferents
from attribution_eval.speakers import agree, alternatives

SEED = 2018
SECTIONS = (
    ("speaker_named", "Speaker errors, matched quotes, (a) name/description"),
    ("speaker_pronoun", "Speaker errors, matched quotes, (b) pronoun"),
    ("reported_speaker_named", "Speaker errors, found reported speech, (a)"),
    ("reported_recall", "Reported speech missed"),
)


def stable_sample(cases: list[Case], n: int) -> list[Case]:
    """`n` cases in an order fixed by a hash of each case's relation (or row): the same
    case is drawn whatever else the pool holds, so samples survive rule changes."""

    def key(case: Case) -> str:
        ident = (
            case.relation.rid if case.relation else f"{case.article_id}:{case.placed.row['index']}"
        )
        return hashlib.sha1(f"{SEED}:{case.metric}:{ident}".encode()).hexdigest()

    return sorted(cases, key=key)[:n]


def _excerpt(article: Article, relation: Relation, width: int = 70) -> str:
    spans = [*relation.source, *relation.cue, *relation.content]
    start = max(0, min(s for s, _ in spans) - width)
    end = min(len(article.text), max(e for _, e in spans) + width)
    marks = sorted(
        [(s, "[") for s, _ in relation.source]
        + [(e, "]") for _, e in relation.source]
        + [(s, "<") for s, _ in relation.cue]
        + [(e, ">") for _, e in relation.cue],
        reverse=True,
    )
    text = article.text[start:end]
    for at, mark in marks:
        if start <= at <= end:
            text = text[: at - start] + mark + text[at - start :]
    return " ".join(text.split())


def _describe(case: Case, article: Article) -> str:
    g, row = case.relation, case.placed.row if case.placed else {}
    ref = case.info.get("referent")
    lines = [
        f"- `{case.article_id}` gold source {g.source_text!r}, cue {g.cue_text!r}"
        + (f", referent {ref.text!r}" if ref else "")
    ]
    if row:
        lines.append(
            f"  predicted {row['kind']}: speaker {row.get('speaker')!r}, title "
            f"{row.get('title')!r}, canonical {row.get('speaker_canonical')!r}, "
            f"verb {row.get('verb')!r}"
        )
    lines.append(f"  > {_excerpt(article, g)}")
    return "\n".join(lines)


def classified(
    articles: dict[str, Article],
    relations: dict[str, list[Relation]],
    cases: list[Case],
    metric: str,
) -> dict[str, list[Case]]:
    """Failed cases of `metric` by error class."""
    lexicon = lexicon_lemmas()
    refs: dict[str, ArticleReferents] = {}
    out: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        if case.metric != metric or case.ok:
            continue
        article = articles[case.article_id]
        if case.article_id not in refs:
            refs[case.article_id] = ArticleReferents(article, relations.get(case.article_id, []))
        out[classify(case, article, lexicon, refs[case.article_id])].append(case)
    return dict(sorted(out.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def canonical_joins(cases: list[Case]) -> list[Case]:
    """(a) cases right as written but whose canonical name names someone else."""
    out = []
    for case in cases:
        if case.metric == "speaker_named" and case.ok:
            row, gold = case.placed.row, alternatives(case.relation.source_text)
            canonical = row.get("speaker_canonical") or ""
            if canonical and not agree(gold, [canonical]):
                out.append(case)
    return out


def write_errors(
    articles: dict[str, Article],
    relations: dict[str, list[Relation]],
    cases: list[Case],
    n: int,
    path: Path,
) -> None:
    lines = ["# Error samples", ""]
    for split in ("train", "dev"):
        mine = [c for c in cases if articles[c.article_id].split == split]
        if not mine:
            continue
        for metric, title in SECTIONS:
            groups = classified(articles, relations, mine, metric)
            total = sum(len(v) for v in groups.values())
            lines += [f"## {split}: {title} ({total})", ""]
            lines += [f"| {k} | {len(v)} |" for k, v in groups.items()] + [""]
            cues = Counter(
                cue_word(c.relation.cue_text)
                for k, v in groups.items()
                if k.startswith("1 cue")
                for c in v
            )
            lines += [
                "Gold cues of class 1: " + ", ".join(f"{w} {n}" for w, n in cues.most_common(40)),
                "",
            ]
            for name, items in groups.items():
                lines += [f"### {name} ({len(items)})", ""]
                lines += [_describe(c, articles[c.article_id]) for c in stable_sample(items, n)]
                lines.append("")
        joins = canonical_joins(mine)
        lines += [f"## {split}: right as written, canonical names someone else ({len(joins)})", ""]
        lines += [_describe(c, articles[c.article_id]) for c in stable_sample(joins, n)]
        lines += _misc_sections(articles, mine, n, split)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _misc_sections(articles, cases: list[Case], n: int, split: str) -> list[str]:
    lines: list[str] = []
    misses = [c for c in cases if c.metric == "quote_recall_3w" and not c.ok]
    lines += ["", f"## {split}: quotations >= 3 words missed ({len(misses)})", ""]
    lines += [_describe(c, articles[c.article_id]) for c in stable_sample(misses, n)]
    false = [c for c in cases if c.metric == "quote_precision" and not c.ok]
    lines += ["", f"## {split}: direct/mixed rows matching no quoted relation ({len(false)})", ""]
    for c in stable_sample(false, n):
        row, (s, e) = c.placed.row, c.placed.content
        text = articles[c.article_id].text
        lines.append(
            f"- `{c.article_id}` {row['kind']} speaker {row.get('speaker')!r}: "
            f"> {' '.join(text[max(0, s - 80) : e + 40].split())}"
        )
    return lines


def check_referents(articles: dict[str, Article], cases: list[Case], n: int) -> None:
    """Print `n` sampled he/she/they/it referents (train) with the text between."""
    pool = [
        c
        for c in cases
        if c.metric == "speaker_pronoun_third" and articles[c.article_id].split == "train"
    ]
    for i, case in enumerate(stable_sample(pool, n), 1):
        text, g, ref = articles[case.article_id].text, case.relation, case.info["referent"]
        s = g.source_start
        start = max(0, min(ref.start, s - 300) - 40)
        window = (
            text[start : ref.start]
            + "[["
            + text[ref.start : ref.start + len(ref.text)]
            + "]]"
            + text[ref.start + len(ref.text) : s]
            + "<<"
            + g.source_text
            + ">>"
            + text[s + len(g.source_text) : s + 80]
        )
        if len(window) > 1400:
            window = window[:500] + " (...) " + window[-800:]
        print(
            f"\n#{i} {case.article_id} {g.source_text!r} -> {ref.text!r}\n{' '.join(window.split())}"
        )


def check_pronouns(articles: dict[str, Article], cases: list[Case], n: int, split: str) -> None:
    """Print `n` sampled he/she quote speakers of `split` with the family's resolution,
    the scorer's referent and its verdict, and the 600 characters before the pronoun:
    a hand check of the family itself, independent of the referent rule."""
    pool = [
        c
        for c in cases
        if c.metric == "speaker_pronoun_third"
        and articles[c.article_id].split == split
        and c.relation is not None
        and c.relation.source_text.lower() in ("he", "she")
    ]
    for i, case in enumerate(stable_sample(pool, n), 1):
        text, g = articles[case.article_id].text, case.relation
        s = g.source_start
        row = case.placed.row if case.placed else {}
        window = text[max(0, s - 600) : s] + "<<" + g.source_text + ">>" + text[s + 2 : s + 60]
        print(
            f"\n#{i} {case.article_id} {g.source_text!r} -> family "
            f"{row.get('speaker_canonical') or row.get('speaker')!r}; scorer referent "
            f"{case.info['referent'].text!r} ({'agrees' if case.ok else 'differs'})\n"
            f"{' '.join(window.split())}"
        )
