"""Issue 16: the attribution, frames and terms summaries as mergeable partials.

For the example study, a generated corpus and a small corpus of degenerate articles,
every chunking (1, 2, 3 articles, all of them), with chunks merged in shuffled order
and in nested merges, must give the tables the whole-corpus functions of before gave
(frozen in `tests/summaries_reference.py`): exactly, except the frames' design effect
and interval, whose sum of squares is now exact (within 1e-12 relative).
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from framing.config import Study, load_study
from framing.corpus import Batch, batch_from_texts, load_corpus
from framing.features import FAMILIES, Context, Extracted
from framing.features.attribution import AttributionOptions, all_sides
from framing.features.attribution import tables as attribution
from framing.features.frames import FramesOptions
from framing.features.frames import summary as frames
from framing.features.terms import TermsOptions
from framing.outputs.tables import KEY
from tests import summaries_reference as reference
from tests.conftest import EXAMPLE_CONFIG

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate_corpus  # noqa: E402

from framing.features import terms  # noqa: E402

CHUNK_SIZES = (1, 2, 3, None)  # None: every article in one chunk


@dataclass(frozen=True)
class Streamed:
    """A family's streaming functions, its frozen whole-corpus reference and its options."""

    name: str
    module: ModuleType
    reference: Callable[..., dict[str, pl.DataFrame]]
    options: object
    label: str = "default"

    def extract(self, batch: Batch, ctx: Context) -> Extracted:
        return FAMILIES[self.name].extract(batch, ctx)


STREAMED = (
    Streamed("attribution", attribution, reference.attribution_summary, AttributionOptions()),
    Streamed("frames", frames, reference.frames_summary, FramesOptions()),
    Streamed("terms", terms, reference.terms_summary, TermsOptions()),
    Streamed("terms", terms, reference.terms_summary, TermsOptions(top_k=3, min_count=2), "top3"),
)
# Float columns whose sum is reassociated (the design effect, now exact, and what it feeds).
REASSOCIATED = {"frames": ("design_effect", "ci_low", "ci_high")}

DEGENERATE = [
    # No quote at all in this outlet; one article is a headline only (no body sentence).
    ("quiet", "q1", "Budget talks\n\nThe budget was passed. Taxes rose by 2 percent."),
    ("quiet", "q2", "Only a headline"),
    # Quotes, a charged verb, an anonymous source, a frame cued by every body sentence.
    (
        "loud",
        "l1",
        "Court ruling\n\n“The court was wrong about the law,” Varga insisted on Monday.\n\n"
        "Officials said the judges would review the verdict.",
    ),
    ("loud", "l2", "War fears\n\nKerrin said: “We will not accept this deal at all.”"),
]


@pytest.fixture(scope="module", params=["example", "generated", "degenerate"])
def corpus(request, tmp_path_factory) -> tuple[Study, Batch]:
    if request.param == "example":
        study = load_study(EXAMPLE_CONFIG)
        return study, load_corpus(study).batch
    generated = generate_corpus.generate(
        14, outlets=3, seed=16, out=tmp_path_factory.mktemp("generated")
    )
    study = load_study(generated)
    # Two articles per outlet suffice for a design effect (default 10): so the sums of
    # squares behind it are compared too, not only the floor of 1.
    study = study.model_copy(update={"stats": study.stats.model_copy(update={"min_articles": 2})})
    if request.param == "generated":
        return study, load_corpus(study).batch
    return study, batch_from_texts(DEGENERATE, headline="first_line")


def _chunks(batch: Batch, size: int | None) -> list[Batch]:
    keys = batch.articles.select(KEY)
    size = size or keys.height
    return [batch.take(keys.slice(start, size)) for start in range(0, keys.height, size)]


def _nested_merge(module: ModuleType, parts: list[dict], rng: random.Random) -> dict:
    """The chunks' partials merged in shuffled order, in groups of random size whose
    merged frames are merged again (as the collector does to bound memory); a group of
    one stays a chunk's own frame, so the last merge mixes merged frames with unmerged
    ones, as `framing.pipeline.reduce` does."""
    parts = parts[:]
    rng.shuffle(parts)
    groups: list[list[dict]] = []
    while parts:
        take = rng.randint(1, 3)
        groups.append(parts[:take])
        parts = parts[take:]
    names = sorted({n for p in parts_of(groups) for n in p})
    merged_groups = [
        {n: module.merge(n, [p[n] for p in group if n in p]) for n in names}
        if len(group) > 1
        else group[0]
        for group in groups
    ]
    rng.shuffle(merged_groups)
    return {n: module.merge(n, [g[n] for g in merged_groups if n in g]) for n in names}


def parts_of(groups: list[list[dict]]) -> list[dict]:
    return [p for group in groups for p in group]


def _streamed_tables(family: Streamed, study: Study, batch: Batch, size: int | None, seed: int):
    ctx = Context(study=study, options=family.options)
    partials = []
    for chunk in _chunks(batch, size):
        extracted = family.extract(chunk, ctx)
        partials.append(family.module.partial(extracted, chunk, ctx))
    merged = _nested_merge(family.module, partials, random.Random(seed))
    return family.module.summarise(merged, ctx)


def _assert_same(name: str, got: pl.DataFrame, want: pl.DataFrame) -> None:
    loose = [c for c in REASSOCIATED.get(name, ()) if c in want.columns]
    assert_frame_equal(got.drop(loose), want.drop(loose), check_exact=True)
    for column in loose:
        a, b = got[column].to_list(), want[column].to_list()
        assert a == pytest.approx(b, rel=1e-12, nan_ok=True), column


@pytest.mark.parametrize("size", CHUNK_SIZES)
@pytest.mark.parametrize("family", STREAMED, ids=lambda f: f"{f.name}-{f.label}")
def test_streamed_summary_equals_the_whole_corpus_one(corpus, family, size) -> None:
    study, batch = corpus
    ctx = Context(study=study, options=family.options)
    want = family.reference(family.extract(batch, ctx), batch, ctx)
    want.pop("quotes", None)  # now written chunk by chunk (TableSpec.sort)
    for seed in (0, 1):
        got = _streamed_tables(family, study, batch, size, seed)
        assert got.keys() == want.keys()
        for name in want:
            assert want[name].height > 0 or family.name == "terms"
            _assert_same(family.name, got[name], want[name])


def test_quoteless_outlets_and_articles_without_body_keep_their_rows() -> None:
    """The degenerate corpus checks what the comparison alone would not: that it has
    an outlet without quotes and an article without body sentences, both counted."""
    study = load_study(EXAMPLE_CONFIG)
    batch = batch_from_texts(DEGENERATE, headline="first_line")
    tables = {}
    for name, module, options in (
        ("attribution", attribution, AttributionOptions()),
        ("frames", frames, FramesOptions()),
    ):
        ctx = Context(study=study, options=options)
        tables |= module.summarise(
            module.partial(FAMILIES[name].extract(batch, ctx), batch, ctx), ctx
        )
    quiet = tables["attribution"].filter(pl.col("outlet") == "quiet")
    assert quiet.height == len(all_sides(study))
    assert (quiet["quotes"] == 0).all() and (quiet["n_articles"] == 2).all()
    loud = tables["attribution"].filter(pl.col("outlet") == "loud")
    assert loud["n_quotes_outlet"][0] >= 2
    # q2 is a headline only: no body sentence, so the outlet's frames rest on q1 alone.
    quiet_frames = tables["frames"].filter(pl.col("outlet") == "quiet")
    assert (quiet_frames["n_articles"] == 1).all() and (quiet_frames["n_sentences"] == 2).all()
