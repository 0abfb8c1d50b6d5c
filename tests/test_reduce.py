"""The reduction of family partials (`framing.pipeline.reduce`): merged as chunks come,
spilled partials on disk in buckets by key hash, the same tables either way."""

from __future__ import annotations

import random
from pathlib import Path

import polars as pl
import pytest

from framing.features.base import Family, HeldSpill, Spilled
from framing.pipeline import reduce as reduce_module
from framing.pipeline.reduce import FamilyReduction
from tests.conftest import MINIMAL_STUDY


def _merge(name: str, frames: list[pl.DataFrame]) -> pl.DataFrame:
    return pl.concat(frames, how="diagonal").group_by("word", "_bucket").agg(pl.col("count").sum())


def _summarise(partials: dict, ctx) -> dict[str, pl.DataFrame]:
    spilled: Spilled = partials["counts"]
    merged = [_merge("counts", [b.collect()]) for b in spilled.buckets()]
    return {"words": pl.concat(merged).drop("_bucket").sort("word")}


FAMILY = Family(
    name="words",
    version="1",
    description="test",
    columns=(),
    extract=lambda batch, ctx: None,  # type: ignore[arg-type,return-value]
    partial=lambda extracted, batch, ctx: {},
    merge=_merge,
    summarise=_summarise,
    spill=("counts",),
)


def _chunks(seed: int) -> list[pl.DataFrame]:
    rng = random.Random(seed)
    chunks = []
    for _ in range(40):
        words = [f"w{rng.randrange(300)}" for _ in range(rng.randrange(1, 50))]
        frame = pl.DataFrame({"word": words}).group_by("word").agg(pl.len().alias("count"))
        chunks.append(frame.with_columns(pl.col("word").hash(seed=0).alias("_bucket")))
    return chunks


@pytest.mark.parametrize("on_disk", [True, False])
def test_a_spilled_partial_gives_the_table_of_all_rows_at_once(
    tmp_path: Path, monkeypatch, on_disk: bool
) -> None:
    monkeypatch.setattr(reduce_module, "MERGE_EVERY", 3)
    monkeypatch.setattr(reduce_module, "SPILL_EVERY", 3)
    chunks = _chunks(7)
    reduction = FamilyReduction(FAMILY, tmp_path / "spill" if on_disk else None)
    for chunk in chunks:
        reduction.add({"counts": chunk})
    merged = reduction.merged()
    if on_disk:
        assert not isinstance(merged["counts"], HeldSpill)
        files = list((tmp_path / "spill").rglob("*.parquet"))
        assert len({f.parent for f in files}) > 10  # rows spread over the buckets
        # Every word's rows sit in one bucket.
        homes = pl.concat(
            [
                pl.read_parquet(f)
                .select("word")
                .unique()
                .with_columns(pl.lit(f.parent.name).alias("b"))
                for f in files
            ]
        ).unique()
        assert homes["word"].is_unique().all()
    expected = pl.concat(chunks).group_by("word").agg(pl.col("count").sum()).sort("word")
    got = FAMILY.summarise(merged, None)["words"]  # type: ignore[misc]
    assert got.equals(expected)


def test_a_spilled_partial_no_chunk_wrote_a_row_of_is_empty(mini_study, tmp_path: Path) -> None:
    """Every paragraph shorter than a shingle window: no passage signature, no term
    (an empty body): the spilled partials hold no row, and the tables are empty."""
    from framing.pipeline import compute

    config = mini_study(
        MINIMAL_STUDY.replace("families = []", 'families = ["actors", "terms"]'),
        files={"a/one.txt": "Seoul\n\nShort.\n", "b/two.txt": "Moscow\n\nAlso short.\n"},
    )
    _, _, tables, _ = compute(config, jobs=1, spool=tmp_path / "run" / "parts")
    assert tables["shared_passages"].height == 0
    assert not (tmp_path / "run" / "parts.spill").exists()


def test_a_spooled_run_with_no_paragraph_long_enough_for_passages(
    mini_study, tmp_path: Path
) -> None:
    """Every paragraph shorter than passage_min_words: no chunk has a passage signature,
    so the spilled partial has no bucket on disk; shared_passages is empty, not an
    error (in memory as spooled)."""
    from framing.pipeline.study import compute
    from tests.conftest import MINIMAL_STUDY

    config = mini_study(MINIMAL_STUDY.replace("families = []", 'families = ["actors"]'))
    _, _, held, _ = compute(config)
    _, _, spooled, _ = compute(config, chunk_size=1, spool=tmp_path / "run" / "parts")
    for tables in (held, spooled):
        assert tables["shared_passages"].height == 0
        assert tables["shared_passages"].schema == held["shared_passages"].schema
        assert tables["actors"].height == 2


def test_more_chunks_than_merge_every_in_memory(mini_study, monkeypatch) -> None:
    """`framing.compute` without a spool folder merges every family's partials as they
    come, a merged frame together with chunks' own (the spilled term counts included,
    held in memory): the tables are those of one chunk."""
    from framing.pipeline.study import compute
    from tests.conftest import MINIMAL_STUDY

    families = 'families = ["attribution", "actors", "frames", "terms"]'
    text = "Seoul said on Monday it would act. “We will respond,” Seoul officials said."
    files = {
        f"{outlet}/{i}.txt": f"Headline {i}\n\n{text} Day {i} of talks in {outlet}.\n"
        for outlet in "ab"
        for i in range(4)
    }
    config = mini_study(MINIMAL_STUDY.replace("families = []", families), files)
    _, _, whole, _ = compute(config)
    monkeypatch.setattr(reduce_module, "MERGE_EVERY", 2)
    _, _, chunked, _ = compute(config, chunk_size=1)
    for name in ("attribution", "actors", "frames", "terms", "actor_tone_evidence"):
        assert chunked[name].equals(whole[name]), name
    assert whole["terms"].height > 0


@pytest.mark.parametrize("on_disk", [True, False])
def test_asking_for_the_merged_partials_twice_gives_them_once(
    tmp_path: Path, on_disk: bool
) -> None:
    """`merged` writes the frames still held to the spill store: asked again (or after
    more chunks), it must not write them a second time and count their rows twice."""
    chunks = _chunks(3)
    reduction = FamilyReduction(FAMILY, tmp_path / "spill" if on_disk else None)
    for chunk in chunks[:5]:
        reduction.add({"counts": chunk})
    first = FAMILY.summarise(reduction.merged(), None)["words"]  # type: ignore[misc]
    again = FAMILY.summarise(reduction.merged(), None)["words"]  # type: ignore[misc]
    assert again.equals(first)
    for chunk in chunks[5:]:
        reduction.add({"counts": chunk})
    expected = pl.concat(chunks).group_by("word").agg(pl.col("count").sum()).sort("word")
    assert FAMILY.summarise(reduction.merged(), None)["words"].equals(expected)  # type: ignore[misc]


@pytest.mark.parametrize("fails", [False, True])
def test_scratch_folders_are_removed_whether_the_run_succeeds_or_not(
    mini_study, tmp_path: Path, monkeypatch, fails: bool
) -> None:
    """The text kept for reading back and the spilled partials live beside the spool
    folder until the corpus-wide stages are done, then go, also when one fails."""
    from framing.pipeline.collect import Collector
    from framing.pipeline.study import compute
    from tests.conftest import MINIMAL_STUDY

    config = mini_study(MINIMAL_STUDY.replace("families = []", 'families = ["actors", "terms"]'))
    seen: list[list[str]] = []

    def summaries(self: Collector) -> dict:
        seen.append(sorted(p.name for p in spool.parent.iterdir()))
        if fails:
            raise RuntimeError("a summary failed")
        return real(self)

    real = Collector.summaries
    monkeypatch.setattr(Collector, "summaries", summaries)
    monkeypatch.setattr(reduce_module, "SPILL_EVERY", 1)  # the term counts spill at once
    spool = tmp_path / "run" / "parts"
    if fails:
        with pytest.raises(RuntimeError, match="a summary failed"):
            compute(config, chunk_size=1, spool=spool)
    else:
        compute(config, chunk_size=1, spool=spool)
    assert seen == [["parts", "parts.spill", "parts.texts"]]
    assert sorted(p.name for p in spool.parent.iterdir()) == ["parts"]


def test_a_family_with_summarise_but_no_partial_is_refused() -> None:
    """The whole-corpus contract of before (summarise(extracted, batch, ctx)) would be
    called with no partials and write empty tables: the family is refused, by name."""
    with pytest.raises(ValueError, match="family 'old' has summarise but no partial"):
        Family(
            name="old",
            version="1",
            description="written for the old contract",
            columns=(),
            extract=lambda batch, ctx: None,  # type: ignore[arg-type,return-value]
            summarise=lambda extracted, batch, ctx: {},  # type: ignore[arg-type,return-value]
        )
