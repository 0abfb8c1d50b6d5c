"""The actors family's corpus-wide tables streamed (issue 16): `partial` per chunk,
`merge`, `summarise` equal the whole-corpus computation of before (`tests.legacy_actors`)
bit for bit, for any chunking and merge order.

Two corpora: the example study (five articles, one per outlet: every outlet's tone
resamples sentences) and a generated one (benchmarks/generate_corpus.py's articles,
outlets of 24, 5 and 3 articles with ``min_articles = 4``, so both units of the mention
tone are resampled; outlet × actor groups of up to 24 articles, where how a float sum
is added shows in the last bit; a paragraph copied across outlets for shared passages).
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, replace

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from framing.config import Study, load_study
from framing.corpus import KEY, Batch, batch_from_texts, list_inputs, segment_inputs
from framing.corpus.texts import FrameTexts
from framing.features import FAMILIES, Context, Extracted
from framing.features.actors.summary import merge, partial, summarise
from framing.pipeline.plan import family_context
from tests import legacy_actors
from tests.conftest import EXAMPLE_CONFIG, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import generate_corpus

TABLES = ("actors", "actor_tone_evidence", "actor_verbs", "shared_passages")
CHUNK_SIZES = (1, 2, 3, None)  # None: the whole corpus as one chunk


@dataclass
class Corpus:
    study: Study
    batch: Batch
    # Every family's results per article, in corpus order (extraction is per article).
    per_article: list[dict[str, Extracted]]


# ------------------------------------------------------------------ corpora


def _extract(study: Study, batch: Batch) -> list[dict[str, Extracted]]:
    """sentiment and actors results of each article of `batch` on its own."""
    out = []
    for i in range(batch.articles.height):
        article = batch.take(batch.articles.slice(i, 1))
        results: dict[str, Extracted] = {}
        for name in ("sentiment", "actors"):
            family = FAMILIES[name]
            results[name] = family.extract(article, family_context(study, family, results))
        out.append(results)
    return out


@pytest.fixture(scope="module")
def example() -> Corpus:
    study = load_study(EXAMPLE_CONFIG)
    batch, _, _ = segment_inputs(list_inputs(study)[0], study)
    return Corpus(study, batch, _extract(study, batch))


GENERATED_OUTLETS = ("a",) * 24 + ("b",) * 5 + ("c",) * 3
VERBS = ("praised", "attacked", "defended", "criticised", "welcomed", "rejected", "backed",
         "condemned", "supported", "blocked", "hailed", "slammed")  # fmt: skip


@pytest.fixture(scope="module")
def generated() -> Corpus:
    texts = [generate_corpus.article_text(i, 1, seed=7)[1] for i in range(32)]
    # Wire copy: an article of b and one of c carry a's first body paragraph.
    copied = texts[0].split("\n\n")[1]
    texts[25] += "\n\n" + copied
    texts[31] += "\n\n" + copied.replace(",", "")
    # Many mentions of one actor in one article: a unit sum of more than 8 scores.
    texts[2] += "\n\n" + " ".join(f"Varga {verb} the plan." for verb in VERBS)
    articles = [
        (o, f"g{i:02d}", t) for i, (o, t) in enumerate(zip(GENERATED_OUTLETS, texts, strict=True))
    ]
    study = Study.model_validate(
        {
            "study": {"name": "generated", "seed": 7},
            "outlets": [{"id": o, "name": o, "files": ["x"]} for o in "abc"],
            "actors": [
                {"id": actor, "label": label, "aliases": aliases}
                for actor, label, aliases in generate_corpus.ACTORS
            ],
            "stats": {"min_articles": 4, "bootstrap": 500},
        }
    )
    batch = batch_from_texts(articles, headline="first_line")
    return Corpus(study, batch, _extract(study, batch))


# ------------------------------------------------------------------ the two ways


def _context(corpus: Corpus, results: list[dict[str, Extracted]]) -> Context:
    upstream = {"sentiment": Extracted.concat([r["sentiment"] for r in results])}
    return family_context(corpus.study, FAMILIES["actors"], upstream)


def before(corpus: Corpus) -> dict[str, pl.DataFrame]:
    """The tables as computed before streaming: the whole corpus at once."""
    extracted = Extracted.concat([r["actors"] for r in corpus.per_article])
    return legacy_actors.summarise(extracted, corpus.batch, _context(corpus, corpus.per_article))


def chunk_partials(corpus: Corpus, size: int | None) -> tuple[list[dict], list[Batch]]:
    """Each chunk's partials (consecutive articles, as the pipeline cuts them)."""
    n = corpus.batch.articles.height
    size = size or n
    partials, batches = [], []
    for start in range(0, n, size):
        results = corpus.per_article[start : start + size]
        batch = corpus.batch.take(corpus.batch.articles.slice(start, size))
        extracted = Extracted.concat([r["actors"] for r in results])
        partials.append(partial(extracted, batch, _context(corpus, results)))
        batches.append(batch)
    return partials, batches


def merged_shuffled(partials: list[dict], rng: random.Random) -> dict[str, pl.DataFrame]:
    """Merge chunk partials in a shuffled order, in nested groups: some merged in small
    groups first, then merged again together with the rest."""
    names = {name for p in partials for name in p}
    out = {}
    for name in sorted(names):
        frames = [p[name] for p in partials if name in p]
        rng.shuffle(frames)
        cut = rng.randint(0, len(frames))
        nested = [merge(name, frames[i : min(i + 2, cut)]) for i in range(0, cut, 2)]
        rest = nested + frames[cut:]
        rng.shuffle(rest)
        out[name] = merge(name, rest)
    return out


def after(corpus: Corpus, size: int | None, seed: int) -> dict[str, pl.DataFrame]:
    partials, batches = chunk_partials(corpus, size)
    merged = merged_shuffled(partials, random.Random(seed))
    ctx = replace(_context(corpus, []), upstream={}, texts=FrameTexts(batches))
    return summarise(merged, ctx)


# ------------------------------------------------------------------ the tests


@pytest.mark.parametrize("size", CHUNK_SIZES)
@pytest.mark.parametrize("which", ["example", "generated"])
def test_streamed_tables_equal_the_whole_corpus_ones(
    which: str, size: int | None, request: pytest.FixtureRequest
) -> None:
    corpus: Corpus = request.getfixturevalue(which)
    expected = before(corpus)
    for seed in range(3):
        got = after(corpus, size, seed)
        assert set(got) == set(TABLES)
        for name in TABLES:
            assert_frame_equal(got[name], expected[name], check_exact=True)


def test_the_corpora_exercise_every_part(example: Corpus, generated: Corpus) -> None:
    """The equality above is not vacuous: both resampling units, both evidence poles,
    verbs, shared passages, and articles with many mentions of one actor (unit sums
    of more than 8 terms, where numpy's pairwise addition differs from a running sum)."""
    for corpus in (example, generated):
        tables = before(corpus)
        actors = tables["actors"]
        assert actors.filter(pl.col("tone_n") >= 2).height >= 3
        assert actors["ci_low"].is_finite().any() and actors["ci_low_all"].is_finite().any()
        assert set(tables["actor_tone_evidence"]["pole"]) == {"negative", "positive"}
        assert tables["actor_verbs"].height > 0
    # The example's outlets share no paragraph; the generated corpus has copy.
    assert before(generated)["shared_passages"].height > 0
    units = set(before(generated)["actors"]["tone_unit"].drop_nulls())
    assert {"article", "sentence"} <= units
    mentions = pl.concat([r["actors"].tables["mention_tones"] for r in generated.per_article])
    assert mentions.group_by(*KEY, "actor").len()["len"].max() > 8  # type: ignore[operator]


def test_evidence_partial_is_bounded(generated: Corpus) -> None:
    """A chunk keeps at most three mentions per outlet × actor × pole, with their text."""
    partials, _ = chunk_partials(generated, None)
    evidence = partials[0]["tone_evidence"]
    assert evidence.group_by("outlet", "actor", "pole").len()["len"].max() == 3
    assert evidence["text"].is_not_null().all()


def test_merge_is_associative_and_commutative(generated: Corpus) -> None:
    partials, _ = chunk_partials(generated, 3)
    for name in partials[0]:
        a, b, c = ([p[name]] for p in partials[:3])
        left = merge(name, [merge(name, a + b), *c])
        right = merge(name, [*c, merge(name, b + a)])
        flat = merge(name, a + b + c)
        columns = sorted(flat.columns)
        for frame in (left, right):
            assert_frame_equal(
                frame.select(columns).sort(columns), flat.select(columns).sort(columns)
            )


def test_no_partial_holds_text_but_the_evidence(generated: Corpus) -> None:
    """The text of every sentence never travels: only the evidence candidates carry any."""
    partials, _ = chunk_partials(generated, None)
    for name, frame in partials[0].items():
        if name != "tone_evidence":
            assert "text" not in frame.columns, name


def test_summarise_without_partials_gives_empty_tables(generated: Corpus) -> None:
    """Every article skipped: no chunk produced a partial."""
    ctx = replace(_context(generated, []), upstream={}, texts=FrameTexts([]))
    tables = summarise({}, ctx)
    assert set(tables) == set(TABLES)
    assert all(frame.height == 0 for frame in tables.values())
    expected = before(generated)
    for name in TABLES:
        assert tables[name].schema == expected[name].schema, name
