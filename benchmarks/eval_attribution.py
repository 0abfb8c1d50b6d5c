"""Score the `attribution` family on PolNeAR (hand-annotated US political news).

    python eval_attribution.py [--split train|dev|both] [--data DIR] [--by-outlet]
                               [--errors N] [--errors-out FILE] [--check-referents N]

Prints, per split (and per outlet with --by-outlet), each figure as `rate (n)`.
Definitions: benchmarks/README.md. Only `attribution_eval/family_adapter.py` imports the
toolkit.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from attribution_eval.family_adapter import Paragraph, lexicon_lemmas, run_family
from attribution_eval.locate import Placed, keyed, place_paragraphs, place_row
from attribution_eval.metrics import Case, score_article
from attribution_eval.polnear import Article, Relation, load

# The corpus is never copied into the project: `--data`, else $FRAMING_POLNEAR, else the
# first `shared/eval/polnear-dev` found beside the repository or one of its parents.
POLNEAR_SUBDIR = Path("shared") / "eval" / "polnear-dev"


def default_data() -> Path:
    """Where the PolNeAR files are looked for when `--data` is not given."""
    if os.environ.get("FRAMING_POLNEAR"):
        return Path(os.environ["FRAMING_POLNEAR"])
    here = Path(__file__).resolve()
    for parent in here.parents[1:]:
        if (parent / POLNEAR_SUBDIR).is_dir():
            return parent / POLNEAR_SUBDIR
    return here.parents[2] / POLNEAR_SUBDIR


# (metric, label, how the rate is read); `speakerless` is a share of rows *without*.
TABLE = (
    ("quote_precision", "direct-quote precision (direct+mixed rows)"),
    ("quote_precision_direct", "  precision, direct rows"),
    ("quote_precision_mixed", "  precision, mixed rows"),
    ("quote_recall_3w", "direct-quote recall, quotation >= 3 words [headline]"),
    ("quote_recall", "direct-quote recall, all quoted relations"),
    ("short_quote_any_row", "  quotation < 3 words, found as any row"),
    ("speaker_named", "speaker accuracy (a) name/description"),
    ("speaker_pronoun", "speaker accuracy (b) pronoun"),
    ("speaker_pronoun_third", "  (b) he/she/they/it"),
    ("speaker_pronoun_first", "  (b) I/we (referent: enclosing quote's source)"),
    ("speaker_pronoun_relative", "  (b) who/which/that"),
    ("speaker_pronoun_unresolved", "  (b) pronoun without referent (not scored)"),
    ("reported_recall", "reported-speech recall (indirect gold with a cue)"),
    ("reported_recall_lexicon", "  cue lemma in lexicon (neutral/charged)"),
    ("reported_recall_belief", "  cue lemma a belief/evidence verb"),
    ("reported_recall_stance", "  cue lemma a stance verb"),
    ("reported_recall_other", "  cue lemma not in lexicon"),
    ("reported_precision", "reported-speech precision (indirect rows)"),
    ("reported_precision_speech", "  rows with a speech verb (neutral/charged)"),
    ("reported_precision_belief", "  rows with a belief/evidence verb"),
    ("reported_speaker_named", "  speaker accuracy (a), found reported speech"),
    ("reported_speaker_pronoun", "  speaker accuracy (b), found reported speech"),
    ("speakerless", "speakerless direct/mixed rows (share)"),
    ("speakerless_mixed", "  speakerless mixed rows (share)"),
    ("unlocated", "rows not located in the article (count)"),
)
# The targets, printed for context: (comparison, value).
TARGETS = {
    "quote_precision": ">= 0.95",
    "quote_recall_3w": ">= 0.90",
    "speaker_named": ">= 0.85",
    "speaker_pronoun": ">= 0.75",
    "reported_recall": ">= 0.60",
    "speakerless": "<= 0.10",
}
SHORT = {
    "Breitbart": "Breitb",
    "HuffPost": "HuffP",
    "New York Times": "NYT",
    "Politico": "Politico",
    "USA Today": "USAT",
    "Washington Post": "WaPo",
    "Western Journal": "WJ",
}


def run(
    data: Path, splits: set[str]
) -> tuple[dict[str, Article], dict[str, list[Relation]], list[Case]]:
    """The articles, their gold relations and every scored case of the given splits."""
    articles, relations = load(data, splits)
    inputs = [
        {
            "outlet": a.outlet,
            "article_id": a.article_id,
            "title": a.text[: a.body_start].strip(),
            "body": a.text[a.body_start :],
        }
        for a in articles.values()
    ]
    rows, paragraphs = run_family(inputs)
    lexicon = lexicon_lemmas()
    by_article: dict[str, tuple[list[Relation], list[dict], list[Paragraph]]] = defaultdict(
        lambda: ([], [], [])
    )
    for r in relations:
        by_article[r.article_id][0].append(r)
    for row in rows:
        by_article[row["article_id"]][1].append(row)
    for p in paragraphs:
        by_article[p.article_id][2].append(p)
    cases: list[Case] = []
    for article_id, article in articles.items():
        gold, predicted, paras = by_article[article_id]
        placed = place_all(article, predicted, paras)
        cases.extend(score_article(article, gold, placed, lexicon))
    return articles, {k: v[0] for k, v in by_article.items()}, cases


def place_all(article: Article, rows: list[dict], paragraphs: list[Paragraph]) -> list[Placed]:
    key = keyed(article.text)
    placed_paragraphs = place_paragraphs(key, paragraphs)
    return [place_row(article.text, key, placed_paragraphs, row) for row in rows]


def tally(cases: list[Case]) -> dict[tuple[str, str], tuple[int, int]]:
    """(metric, outlet or "All") -> (successes, n)."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for case in cases:
        for group in ("All", case.outlet):
            cell = counts[case.metric, group]
            cell[0] += case.ok
            cell[1] += 1
    return {k: (v[0], v[1]) for k, v in counts.items()}


def cell(counts: dict[tuple[str, str], tuple[int, int]], metric: str, group: str) -> str:
    ok, n = counts.get((metric, group), (0, 0))
    if metric in ("unlocated", "speaker_pronoun_unresolved"):
        return f"{n}"
    return f"{ok / n:.3f} ({n})" if n else "- (0)"


def print_table(title: str, cases: list[Case], outlets: list[str], out=sys.stdout) -> None:
    counts = tally(cases)
    groups = ["All", *outlets]
    width = max(len(label) for _, label in TABLE)
    print(f"\n## {title}", file=out)
    header = "  ".join(f"{SHORT.get(g, g):>14}" for g in groups)
    print(f"{'':{width}}  {'target':>7}  {header}", file=out)
    for metric, label in TABLE:
        cells = "  ".join(f"{cell(counts, metric, g):>14}" for g in groups)
        print(f"{label:{width}}  {TARGETS.get(metric, ''):>7}  {cells}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("train", "dev", "both"), default="both")
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--by-outlet", action="store_true")
    parser.add_argument(
        "--errors",
        type=int,
        default=0,
        metavar="N",
        help="write N sampled cases per error class to --errors-out",
    )
    # The samples quote the corpus: by default outside any repository (never commit them).
    parser.add_argument(
        "--errors-out", type=Path, default=Path(tempfile.gettempdir()) / "attribution_errors.md"
    )
    parser.add_argument(
        "--check-referents",
        type=int,
        default=0,
        metavar="N",
        help="print N sampled pronoun referents with context (hand check)",
    )
    parser.add_argument(
        "--check-pronouns",
        type=int,
        default=0,
        metavar="N",
        help="print N sampled he/she quote speakers of the last split with the family's "
        "resolution and context (hand check of the family)",
    )
    args = parser.parse_args(argv)
    splits = ["train", "dev"] if args.split == "both" else [args.split]
    started = time.perf_counter()
    articles, relations, cases = run(args.data or default_data(), set(splits))
    for split in splits:
        mine = [c for c in cases if articles[c.article_id].split == split]
        outlets = sorted({a.outlet for a in articles.values()}) if args.by_outlet else []
        n = sum(a.split == split for a in articles.values())
        print_table(f"{split} ({n} articles)", mine, outlets)
    if args.errors or args.check_referents or args.check_pronouns:
        from attribution_eval.samples import check_pronouns, check_referents, write_errors

        if args.errors:
            write_errors(articles, relations, cases, args.errors, args.errors_out)
            print(f"\nerror samples: {args.errors_out}")
        if args.check_referents:
            check_referents(articles, cases, args.check_referents)
        if args.check_pronouns:
            check_pronouns(articles, cases, args.check_pronouns, splits[-1])
    print(f"\n({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
