"""Scale: worker processes, the Dask engine and the per-article cache give the same tables."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from framing.config import load_study
from framing.pipeline import cache as cache_module
from framing.pipeline import compute
from framing.pipeline.cache import FeatureCache, Tagged
from tests.conftest import EXAMPLE_CONFIG, EXAMPLE_DATA, MINIMAL_STUDY


@pytest.fixture(scope="module")
def example_without_models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example study with absolute file paths and no classifiers (they are slow)."""
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8").replace(
        '"../data/seoul_moscow_pyongyang/', f'"{EXAMPLE_DATA.as_posix()}/'
    )
    text = text.split("[models]")[0] + "[models]\nenabled = false\n"
    path = tmp_path_factory.mktemp("example") / "study.toml"
    path.write_text(text, encoding="utf-8")
    return path


def assert_same_tables(a: dict[str, pl.DataFrame], b: dict[str, pl.DataFrame]) -> None:
    assert sorted(a) == sorted(b)
    for name in a:
        try:
            assert_frame_equal(a[name], b[name], check_exact=True)
        except AssertionError as exc:
            raise AssertionError(f"{name}: {exc}") from None


@pytest.mark.slow
def test_tables_do_not_depend_on_jobs_chunks_or_engine(example_without_models: Path) -> None:
    _, _, serial, _ = compute(example_without_models, jobs=1)
    # One article per chunk, so both workers get several chunks.
    _, _, pooled, facts = compute(example_without_models, jobs=2, chunk_size=1)
    assert facts["engine"] == {"name": "local", "jobs": 2, "scheduler": None}
    assert_same_tables(serial, pooled)
    pytest.importorskip("dask.distributed")
    _, _, dask, _ = compute(example_without_models, jobs=2, chunk_size=2, engine="dask")
    assert_same_tables(serial, dask)


@pytest.mark.slow
def test_the_whole_default_study_does_not_depend_on_jobs_engine_or_spooling(
    tmp_path: Path,
) -> None:
    """Issue 16: every family's corpus-wide tables (reduced from per-chunk partials, on
    the workers or in the parent), the statistics and the default classifiers agree
    across --jobs 1, two local workers, a two-worker Dask cluster, and a spooled run
    (Parquet parts, text read back at the end) against one held in memory."""
    config = tmp_path / "study.toml"
    config.write_text(
        EXAMPLE_CONFIG.read_text(encoding="utf-8").replace(
            '"../data/seoul_moscow_pyongyang/', f'"{EXAMPLE_DATA.as_posix()}/'
        ),
        encoding="utf-8",
    )
    _, _, serial, _ = compute(config, jobs=1)
    assert {"attribution", "actors", "frames", "terms", "classifiers"} <= set(serial)
    _, _, spooled, _ = compute(config, jobs=1, chunk_size=2, spool=tmp_path / "parts")
    assert_same_tables(serial, _eager(spooled))
    _, _, pooled, _ = compute(config, jobs=2, chunk_size=1)
    assert_same_tables(serial, pooled)
    pytest.importorskip("dask.distributed")
    _, _, dask, _ = compute(config, jobs=2, chunk_size=2, engine="dask")
    assert_same_tables(serial, dask)


def _eager(tables: dict) -> dict[str, pl.DataFrame]:
    return {n: t.collect() if isinstance(t, pl.LazyFrame) else t for n, t in tables.items()}


def _manifest(run_dir: Path) -> dict:
    return json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))


def _csvs(run_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(run_dir.glob("*.csv"))}


@pytest.mark.slow
def test_second_run_hits_the_cache_and_writes_the_same_tables(
    cli, example_without_models: Path, tmp_path: Path
) -> None:
    first = cli("run", example_without_models, "--out", tmp_path, "--jobs", "1")
    second = cli("run", example_without_models, "--out", tmp_path, "--jobs", "2")
    assert first.exit_code == second.exit_code == 0, first.stderr + second.stderr
    run_a = Path(first.stdout.strip().splitlines()[-1])
    run_b = Path(second.stdout.strip().splitlines()[-1])
    cache_a, cache_b = _manifest(run_a)["cache"], _manifest(run_b)["cache"]
    assert set(cache_a["misses"].values()) == {5} and set(cache_a["hits"].values()) == {0}
    assert set(cache_b["hits"].values()) == {5} and set(cache_b["misses"].values()) == {0}
    assert cache_b["computed_inputs"] == 0
    assert _csvs(run_a) == _csvs(run_b)


def _study(mini_study, config: str = MINIMAL_STUDY, **extra_files: str) -> Path:
    files = {
        "a/one.txt": "Seoul warns Moscow\n\nSeoul said it would act. Officials agreed.\n",
        "a/two.txt": "Talks stall\n\nNothing moved in Seoul. “We wait,” an aide said.\n",
        "b/three.txt": "A quiet day\n\nNothing happened in South Korea today. It rained.\n",
    }
    config = config.replace(
        "families = []", 'families = ["lexical", "readability", "sentiment", "attribution"]'
    )
    return mini_study(config, {**files, **extra_files})


def _run(cli, config: Path, out: Path, *args: str) -> dict:
    result = cli("run", config, "--out", out, "--jobs", "1", "--quiet", *args)
    assert result.exit_code == 0, result.stderr
    return _manifest(Path(result.stdout.strip().splitlines()[-1]))


def test_a_new_outlet_is_all_the_next_run_computes(cli, mini_study, tmp_path: Path) -> None:
    config = _study(
        mini_study, **{"c/four.txt": "New voice\n\nPyongyang replied. Seoul said no.\n"}
    )
    out = tmp_path / "out"
    _run(cli, config, out)
    added = cli(
        "outlets",
        "add",
        config,
        "--id",
        "c",
        "--name",
        "Outlet C",
        config.parent / "c" / "four.txt",
    )
    assert added.exit_code == 0, added.stderr
    cache = _run(cli, config, out)["cache"]
    assert cache["misses"] == dict.fromkeys(cache["misses"], 1)
    assert cache["hits"] == dict.fromkeys(cache["hits"], 3)
    assert cache["computed_inputs"] == 1


def test_changing_one_family_option_recomputes_that_family_only(
    cli, mini_study, tmp_path: Path
) -> None:
    config = _study(mini_study)
    out = tmp_path / "out"
    _run(cli, config, out)
    config.write_text(config.read_text() + "\n[features.attribution]\nmin_quote_words = 5\n")
    cache = _run(cli, config, out)["cache"]
    assert cache["misses"] == {"lexical": 0, "readability": 0, "sentiment": 0, "attribution": 3}


def test_no_cache_reads_and_writes_no_cache(cli, mini_study, tmp_path: Path) -> None:
    config = _study(mini_study)
    out = tmp_path / "out"
    cache = _run(cli, config, out, "--no-cache")["cache"]
    assert cache["enabled"] is False
    assert not (out / ".framing-cache").exists()


def test_the_same_text_twice_is_computed_once(cli, mini_study, tmp_path: Path) -> None:
    same = "Seoul warns Moscow\n\nSeoul said it would act. Officials agreed.\n"
    config = _study(mini_study, **{"b/copy.txt": same})
    manifest = _run(cli, config, tmp_path / "out")
    assert manifest["cache"]["distinct_inputs"] == manifest["cache"]["inputs"] - 1
    run_dir = next((tmp_path / "out" / "mini").iterdir())
    articles = pl.read_csv(run_dir / "articles.csv")
    features = [c for c in articles.columns if "__" in c]
    copies = articles.filter(pl.col("article_id").is_in(["one", "copy"]))
    assert copies.height == 2
    assert copies.select(features).n_unique() == 1


def test_an_interrupted_store_leaves_no_entry(tmp_path: Path, monkeypatch) -> None:
    tagged = Tagged(
        articles=pl.DataFrame({"x": [1.0], "_hash": ["h1"]}),
        sentences=pl.DataFrame({"y": [2.0], "_hash": ["h1"], "_pos": [0]}),
    )
    calls = {"n": 0}
    real = cache_module._to_blob

    def failing(frame: pl.DataFrame) -> bytes:
        calls["n"] += 1
        if calls["n"] == 2:  # the second part of the chunk: as if killed mid-write
            raise KeyboardInterrupt
        return real(frame)

    with FeatureCache(tmp_path) as store:
        monkeypatch.setattr(cache_module, "_to_blob", failing)
        with pytest.raises(KeyboardInterrupt):
            store.store("key", tagged, ["h1"])
        monkeypatch.setattr(cache_module, "_to_blob", real)
        assert store.hits("key", ["h1"]) == {}
        store.store("key", tagged, ["h1"])
        hits = store.hits("key", ["h1"])
        assert list(hits) == ["h1"]
        loaded = store.load(hits)
    assert_frame_equal(loaded.articles, tagged.articles)
    assert_frame_equal(loaded.sentences, tagged.sentences)


@pytest.mark.slow
def test_csvs_are_byte_identical_across_jobs_and_engines(
    cli, example_without_models: Path, tmp_path: Path
) -> None:
    """Run folders (CSVs streamed from Parquet parts) agree byte for byte."""
    variants = [
        ("--jobs", "1"),
        ("--jobs", "2", "--chunk-size", "1"),  # five chunks over two worker processes
        ("--jobs", "2", "--chunk-size", "2", "--engine", "dask"),
    ]
    if importlib.util.find_spec("distributed") is None:
        variants.pop()
    runs = []
    for i, args in enumerate(variants):
        result = cli("run", example_without_models, "--out", tmp_path / str(i), "--no-cache", *args)
        assert result.exit_code == 0, result.stderr
        runs.append(_csvs(Path(result.stdout.strip().splitlines()[-1])))
    assert len(runs[0]) >= 15
    for other in runs[1:]:
        assert other == runs[0]


def test_a_chunk_of_only_skipped_inputs_is_fine(cli, mini_study, tmp_path: Path) -> None:
    """With one article per chunk, an empty file makes a chunk with no article."""
    config = _study(mini_study, **{"a/empty.txt": "   \n"})
    runs = []
    for i, args in enumerate([(), ("--chunk-size", "1")]):
        result = cli("run", config, "--out", tmp_path / str(i), "--jobs", "1", *args)
        assert result.exit_code == 0, result.stderr
        assert "skipped a/empty.txt" in result.stderr
        runs.append(_csvs(Path(result.stdout.strip().splitlines()[-1])))
    assert runs[0] == runs[1]


def test_workers_are_prestarted_only_when_the_run_will_use_them(mini_study, tmp_path: Path) -> None:
    from framing.pipeline.engine import LocalPool
    from framing.pipeline.plan import prestart

    config = _study(mini_study)  # three files
    study = load_study(config)
    assert prestart(study, jobs=1, engine="local") is None
    assert prestart(study, jobs=2, engine="dask") is None
    assert prestart(study, jobs=2, engine="local") is None  # one chunk: runs in-process
    with prestart(study, jobs=2, engine="local", chunk_size=1) as workers:
        assert isinstance(workers, LocalPool) and workers.jobs == 2
        _, _, pooled, _ = compute(config, jobs=2, chunk_size=1, workers=workers)
    _, _, serial, _ = compute(config, jobs=1)
    assert_same_tables(serial, pooled)


def failing_warm_up() -> None:
    raise ImportError("no such module")


def test_a_failing_warm_up_does_not_break_the_workers(mini_study) -> None:
    from framing.pipeline.engine import LocalPool

    config = _study(mini_study)
    with LocalPool(2, failing_warm_up) as workers:
        _, _, pooled, _ = compute(config, jobs=2, chunk_size=1, workers=workers)
    _, _, serial, _ = compute(config, jobs=1)
    assert_same_tables(serial, pooled)


def test_a_tables_rows_are_counted_before_it_is_read(tmp_path: Path) -> None:
    """prestart sizes the pool of a table study from its rows, read cheaply: exact for
    Parquet and JSON Lines, an upper bound for a CSV whose cells hold line breaks."""
    import polars as pl

    from framing.corpus import list_inputs
    from framing.pipeline.plan import expected_articles

    table = pl.DataFrame(
        {"outlet": ["a", "a", "b"], "text": ["One.\nTwo lines.", "Three.", "Four."]}
    )
    table.write_parquet(tmp_path / "t.parquet")
    table.write_ndjson(tmp_path / "t.jsonl")
    table.write_csv(tmp_path / "t.csv")
    expected = {"t.parquet": 3, "t.jsonl": 3, "t.csv": 4}
    for name, count in expected.items():
        config = tmp_path / f"{name}.toml"
        config.write_text(
            f'[study]\nname = "t"\n\n[corpus]\ntable = "{name}"\n'
            'columns = { outlet = "outlet", text = "text" }\n',
            encoding="utf-8",
        )
        study = load_study(config)
        assert expected_articles(study) == count >= len(list_inputs(study)[0]) == 3, name


@pytest.mark.parametrize("duplicate", [False, True])
def test_rows_computed_for_the_batch_are_collected_as_a_join_would(duplicate: bool) -> None:
    """untag skips its join for rows a worker computed for the very batch; the result
    equals the join's, here forced by giving the same rows in reverse order. With a
    duplicate input (one hash, two articles) the join is needed and still used."""
    from dataclasses import replace

    from framing.corpus import list_inputs
    from framing.features import registry
    from framing.pipeline.collect import untag
    from framing.pipeline.plan import BASE, ChunkJob, selected_families
    from framing.pipeline.work import work_chunk

    study = load_study(EXAMPLE_CONFIG)
    raw = list_inputs(study)[0]
    if duplicate:
        raw = [*raw, replace(raw[0], article_id="copy_of_first")]
    names = (BASE, *(f.name for f in selected_families(study)))
    job = ChunkJob(raw, names, frozenset(a.input_hash for a in raw))
    result = work_chunk(job, study, registry.registered())

    def reverse(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.reverse() if frame.width else frame

    for name, tagged in result.tagged.items():
        fast = untag(tagged, result.batch)
        shuffled = Tagged(
            reverse(tagged.articles),
            reverse(tagged.sentences),
            {n: reverse(t) for n, t in tagged.tables.items()},
        )
        joined = untag(shuffled, result.batch)
        assert fast.articles.height in (0, result.batch.articles.height), name
        assert_frame_equal(fast.articles, joined.articles)
        assert_frame_equal(fast.sentences, joined.sentences)
        assert fast.tables.keys() == joined.tables.keys()
        for table in fast.tables:
            assert_frame_equal(fast.tables[table], joined.tables[table])


def test_each_file_is_shown_relative_to_the_config_with_symlinks_resolved(
    tmp_path: Path,
) -> None:
    """The listing's `source` of a file: its real path relative to the config's folder
    when inside it, else the path as matched: a plain file, a symlinked file and a
    symlinked folder pointing inside and outside the study, a folder outside it."""
    from framing.corpus import list_inputs

    study_dir, outside = tmp_path / "study", tmp_path / "elsewhere"
    for folder in (study_dir / "a", study_dir / "real_b", outside / "c"):
        folder.mkdir(parents=True)
    text = "A headline\n\nSeoul said it would act.\n"
    for path in (study_dir / "a/one.txt", study_dir / "real_b/two.txt", outside / "c/three.txt"):
        path.write_text(text.replace("act", path.stem), encoding="utf-8")
    (study_dir / "a/link_in.txt").symlink_to(study_dir / "real_b/two.txt")
    (study_dir / "a/link_out.txt").symlink_to(outside / "c/three.txt")
    (study_dir / "b").symlink_to(study_dir / "real_b")
    (study_dir / "c").symlink_to(outside / "c")
    config = study_dir / "study.toml"
    config.write_text(
        '[study]\nname = "shown"\n\n'
        + "".join(
            f'[[outlets]]\nid = "{o}"\nname = "{o}"\nfiles = ["{g}"]\n\n'
            for o, g in [
                ("a", "a/*.txt"),
                ("b", "b/*.txt"),
                ("c", "c/*.txt"),
                ("d", "../elsewhere/c/*.txt"),
            ]
        ),
        encoding="utf-8",
    )
    shown = {(a.outlet, a.article_id): a.source for a in list_inputs(load_study(config))[0]}
    assert shown == {
        ("a", "one"): "a/one.txt",
        ("a", "link_in"): "real_b/two.txt",
        ("a", "link_out"): str(study_dir / "a/link_out.txt"),
        ("b", "two"): "real_b/two.txt",
        ("c", "three"): str(study_dir / "c/three.txt"),
        ("d", "three"): str(study_dir / "../elsewhere/c/three.txt"),
    }
