"""The work of one chunk, in whichever process runs it: read, clean and segment its
articles, run the families the cache lacks, tag the results with content hashes.

Everything here is a pure function of its arguments (the chunk, the study and the
registered families), so any engine can run it anywhere and the tables do not depend
on where it ran (`framing.pipeline.engine`).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from framing.config import Study
from framing.corpus import KEY, Batch, RawArticle, segment_inputs
from framing.features import FAMILIES, registry
from framing.features.base import Extracted, Family, Partials
from framing.pipeline.cache import HASH, Tagged, tag
from framing.pipeline.collect import untag
from framing.pipeline.plan import BASE, ChunkJob, family_context, selected_families
from framing.pipeline.reduce import chunk_partials


@dataclass
class ChunkResult:
    batch: Batch
    cleaning: pl.DataFrame
    skipped: list[tuple[str, str]]
    tagged: dict[str, Tagged]
    # The summarising families' partials (`framing.pipeline.reduce`), when every result
    # they read was computed here; None when some come from the parent's cache.
    partials: dict[str, Partials] | None = None


def extract_chunk(batch: Batch, study: Study, names: list[str]) -> dict[str, Extracted]:
    """Run the named families on one chunk; pure, and safe to call in any process."""
    results: dict[str, Extracted] = {}
    for name in names:
        family = FAMILIES[name]
        extracted = family.extract(batch, family_context(study, family, results))
        _check_shape(family, extracted, batch)
        results[name] = extracted
    return results


def _check_shape(family: Family, extracted: Extracted, batch: Batch) -> None:
    """A family must return one row per article and per sentence, in input order."""
    if extracted.articles.width and extracted.articles.height != batch.articles.height:
        raise RuntimeError(
            f"family {family.name!r} returned {extracted.articles.height} article rows"
        )
    if extracted.sentences.width and extracted.sentences.height != batch.sentences.height:
        raise RuntimeError(
            f"family {family.name!r} returned {extracted.sentences.height} sentence rows"
        )


def work_chunk(job: ChunkJob, study: Study, families: registry.Registered) -> ChunkResult:
    """Worker side: read and segment a chunk, compute what the cache lacks, tag it.

    `families` are the families registered in the parent (`registry.registered()`).
    Features are computed once per distinct input (`todo`), on the first article
    with that input hash; the parent copies them to any duplicate.
    """
    registry.adopt(families)
    batch, cleaning, skipped = segment_inputs(job.raw, study)
    tagged: dict[str, Tagged] = {}
    if job.names and job.todo and batch.articles.height:
        firsts = (
            batch.articles.select(*KEY, "input_hash")
            .filter(pl.col("input_hash").is_in(list(job.todo)))
            .unique("input_hash", keep="first", maintain_order=True)
        )
        sub = batch.take(firsts.select(KEY))
        extracted = extract_chunk(sub, study, [n for n in job.names if n != BASE])
        tagged = {name: tag(result, sub) for name, result in extracted.items()}
        if BASE in job.names:
            tagged[BASE] = tag(Extracted(articles=word_counts(sub).drop(KEY)), sub)
    return ChunkResult(batch, cleaning, skipped, tagged, _partials(study, batch, tagged))


def _partials(study: Study, batch: Batch, tagged: dict[str, Tagged]) -> dict | None:
    """The chunk's partials when this worker computed every result of every article
    they read (else the parent computes them, cached results filled in). The results
    are aligned as the parent aligns them (`untag`), so partials are the same either
    way, and so are the corpus-wide tables."""
    families = selected_families(study)
    if not batch.articles.height or any(f.name not in tagged for f in families):
        return None
    if any(tagged[f.name].articles.height not in (0, batch.articles.height) for f in families):
        return None  # duplicates in the chunk, or some articles cached
    computed = tagged[BASE].articles.get_column(HASH) if BASE in tagged else None
    if computed is None or not computed.equals(batch.articles.get_column("input_hash")):
        return None
    extracted = {f.name: untag(tagged[f.name], batch) for f in families}
    return chunk_partials(study, families, extracted, batch)


def word_counts(batch: Batch) -> pl.DataFrame:
    """Per article: body words (word and number tokens) and body sentences."""
    words_per_sentence = (
        batch.tokens.filter(pl.col("kind") != "punct").group_by("sentence_row").len("n_words")
    )
    sentences = (
        batch.sentences.with_row_index("sentence_row")
        .join(words_per_sentence, on="sentence_row", how="left")
        .filter(~pl.col("is_headline"))
    )
    counts = sentences.group_by(KEY).agg(
        pl.col("n_words").fill_null(0).sum().cast(pl.Int64),
        pl.len().cast(pl.Int64).alias("n_sentences"),
    )
    return (
        batch.articles.select(KEY)
        .join(counts, on=KEY, how="left", maintain_order="left")
        .with_columns(pl.col("n_words", "n_sentences").fill_null(0))
    )


# A made-up article that passes through every family (`warm_worker`).
WARM_UP_TEXT = (
    "Warm-up headline\n\n"
    "The minister said on Monday: \u201cWe will not accept this.\u201d Critics disagreed.\n\n"
    "It is, perhaps, a good day; officials reported 1,250 cases."
)


def warm_worker(study: Study, families: registry.Registered) -> None:
    """Worker start-up (`framing.pipeline.engine.LocalPool`): import the feature code and
    load what the study's families read (CMU dictionary, hyphenation patterns, VADER and
    word lists) by extracting one made-up article, before the first chunk arrives.
    Caches it leaves are pure memos: no result depends on it."""
    registry.adopt(families)
    batch, _, _ = segment_inputs([RawArticle("_", "_", "_", WARM_UP_TEXT)], study)
    extract_chunk(batch, study, [f.name for f in selected_families(study)])
    word_counts(batch)
