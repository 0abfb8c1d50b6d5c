"""The HTML report: escaping, missing and degenerate tables, determinism, captions,
`framing report RUN_DIR`, and one real run rendered in headless Chromium."""

from __future__ import annotations

import html
import json
import math
import os
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import polars as pl
import pytest

from framing.outputs.reader import load_run
from framing.report.headlines import headline_features
from framing.report.page import rebuild_report, render_report
from tests.conftest import MINIMAL_STUDY

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
BAD_OUTLET = f"evil{IMG}"
OUTLETS = ["alpha", BAD_OUTLET, "$x^2$ news"]  # a `$` must not start mathtext


def synthetic_tables(outlets: list[str] = OUTLETS) -> dict[str, pl.DataFrame]:
    """Every table the report reads, small, with hostile text in every text column."""
    features = list(headline_features())
    n = len(outlets)
    stats = pl.DataFrame(
        {
            "outlet": [o for o in outlets for _ in features],
            "feature": features * n,
            "unit": ["article"] * (n * len(features)),
            "n": [3] * (n * len(features)),
            "mean": [0.1 * (i + 1) for i in range(n * len(features))],
            "ci_low": [0.1 * i for i in range(n * len(features))],
            "ci_high": [0.1 * (i + 2) for i in range(n * len(features))],
        }
    )
    comparisons = pl.DataFrame(
        {
            "outlet": outlets,
            "versus": ["rest"] * n,
            "feature": [features[0]] * n,
            "difference": [0.5] * n,
            "effect_size": [0.2] * n,
            "p_value": [0.04] * n,
            "q_value": [0.08] * n,
        }
    )
    articles = pl.DataFrame(
        {
            "outlet": outlets,
            "article_id": [f"id{i}" for i in range(n)],
            "title": [f"{SCRIPT} title {i}" for i in range(n)],
            "n_words": [100] * n,
            "n_sentences": [5] * n,
            **{f: [float(i) for i in range(n)] for f in features},
        }
    )
    outlet_counts = articles.group_by("outlet").agg(
        pl.len().alias("n_articles"), pl.col("n_sentences").sum(), pl.col("n_words").sum()
    )
    sides = ["seoul", SCRIPT, "expert", "anonymous"]
    attribution = pl.DataFrame(
        {
            "outlet": [o for o in outlets for _ in sides],
            "side": sides * n,
            "quotes": [2, 1, 1, 0] * n,
            "share_quotes": [0.5, 0.25, 0.25, 0.0] * n,
            "share_words": [0.5, 0.25, 0.25, 0.0] * n,
            "balance": [0.8] * (4 * n),
            "n_quotes_outlet": [4] * (4 * n),
        }
    )
    actors = pl.DataFrame(
        {
            "outlet": [o for o in outlets for _ in range(2)],
            "actor": ["seoul", SCRIPT] * n,
            "mentions": [3, 1] * n,
            "sentences": [3, 1] * n,
            "mean_compound": [0.5, float("nan")] * n,
            "ci_low": [0.1, float("nan")] * n,
            "ci_high": [0.9, float("nan")] * n,
            "n_exclusive": [3, 0] * n,
            "mean_compound_all": [0.4, -0.2] * n,
        }
    )
    frames = pl.DataFrame(
        {
            "outlet": [o for o in outlets for _ in range(2)],
            "frame": ["economic", IMG] * n,
            "sentences": [1, 2] * n,
            "share": [0.2, 0.4] * n,
            "ci_low": [0.1, 0.2] * n,
            "ci_high": [0.3, 0.6] * n,
            "n_sentences": [5, 5] * n,
        }
    )
    terms = pl.DataFrame(
        {
            "outlet": [o for o in outlets for _ in range(2)],
            "term": [SCRIPT, IMG] * n,
            "count": [3, 2] * n,
            "log_odds": [1.5, 1.0] * n,
            "z_score": [2.5, 1.2] * n,
        }
    )
    classifiers = pl.DataFrame(
        {
            "model": ["logreg", "naive_bayes"],
            "feature_set": ["style", "tfidf"],
            "unit": ["sentence"] * 2,
            "target": ["outlet"] * 2,
            "folds": [5, 5],
            "n": [60, 60],
            "accuracy": [0.5, 0.6],
            "macro_f1": [0.45, 0.55],
            "sd": [0.05, 0.04],
            "chance_macro_f1": [0.33, 0.33],
            "permutation_p": [0.04, 0.01],
            "status": ["ok", "ok"],
        }
    )
    confusion = pl.DataFrame(
        {
            "model": ["naive_bayes"] * (n * n),
            "feature_set": ["tfidf"] * (n * n),
            "true": [t for t in outlets for _ in outlets],
            "predicted": outlets * n,
            "count": [5 if t == p else 2 for t in outlets for p in outlets],
        }
    )
    quotes = pl.DataFrame({"outlet": outlets, "speaker": [SCRIPT] * n, "quote": [IMG] * n})
    return {
        "articles": articles,
        "outlets": outlet_counts.sort("outlet"),
        "outlet_stats": stats,
        "comparisons": comparisons,
        "attribution": attribution,
        "actors": actors,
        "frames": frames,
        "terms": terms,
        "classifiers": classifiers,
        "confusion": confusion,
        "quotes": quotes,
    }


def synthetic_manifest() -> dict:
    return {
        "study": f"study {SCRIPT}",
        "run_id": "20260101T000000Z-abcdef12",
        "config": f"configs/{IMG}.toml",
        "config_hash": "abcdef12" * 8,
        "inputs": [{"path": f"data/{SCRIPT}.txt", "sha256": "0" * 64, "bytes": 12}],
        "skipped": [{"source": f"data/{IMG}.txt", "reason": "empty file"}],
        "cleaning": [{"outlet": BAD_OUTLET, "article_id": "id1", "rule": SCRIPT, "count": 2}],
        "packages": {"python": "3.11", "polars": "1.0"},
        "families": {"lexical": "1"},
        "models": {"notes": [f"note {IMG}"]},
        "notes": [f"a note {SCRIPT}"],
        "timings_seconds": {"load": 0.1},
    }


def render(tables: dict[str, pl.DataFrame], manifest: dict | None = None) -> str:
    """Render with every warning an error: degenerate input must not warn."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return render_report(tables, synthetic_manifest() if manifest is None else manifest)


@pytest.fixture(scope="module")
def page() -> str:
    return render(synthetic_tables())


def captions(page: str) -> list[str]:
    return re.findall(r"<figcaption>(.*?)</figcaption>", page, flags=re.S)


def section(page: str, key: str) -> str:
    return re.search(rf"<section id='{key}'>.*?</section>", page, flags=re.S).group(0)


def test_hostile_text_is_escaped_everywhere(page: str) -> None:
    lowered = page.lower()
    assert "<script" not in lowered
    assert "<img" not in lowered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown, as text
    # inside the SVG too: an outlet name is a tick label, a side a legend entry
    svgs = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert any("&lt;script&gt;" in svg for svg in svgs)
    assert any("evil&quot;&gt;&lt;img" in svg or 'evil"&gt;&lt;img' in svg for svg in svgs)
    assert "$x^2$ news" in page  # a dollar is text, not mathtext
    assert f"{html.escape(SCRIPT)} title 0" in section(page, "summary")  # article titles
    assert html.escape(IMG) in section(page, "attribution")  # quotes
    assert html.escape(SCRIPT) in section(page, "terms")


def test_page_is_self_contained(page: str) -> None:
    assert not re.search(r"<(link|img|script|iframe|object|embed)\b", page, flags=re.I)
    assert not re.search(r"<[a-z][^>]*\ssrc=", page, flags=re.I)
    assert "@import" not in page
    for target in re.findall(r"href=['\"]([^'\"]*)['\"]", page):
        # in-page anchors and the colour bars' raster strips (PNG data URIs)
        assert target.startswith(("#", "data:image/png;base64,")), target[:80]
    assert "url(http" not in page


def test_same_tables_give_same_bytes(page: str) -> None:
    assert render(synthetic_tables()) == page
    assert "dc:date" not in page


def test_every_figure_has_a_caption_with_n_and_direction(page: str) -> None:
    texts = captions(page)
    assert page.count("<figure") == page.count("<svg") == len(texts)
    # 4 dot plots, attribution, 2 actor maps, frames, classifiers, confusion
    assert len(texts) == 10
    for text in texts:
        assert re.search(r"\bn = |\bn per outlet: ", text), text
        assert re.search(r"higher|darker|longer|red = negative|diagonal", text), text
    assert any("higher = easier to read" in t for t in texts)
    assert any("95% confidence interval" in t for t in texts)


def test_classifier_scores_stand_beside_their_baseline(page: str) -> None:
    shown = section(page, "classifiers")
    assert "0.450" in shown and "0.330" in shown and "permutation_p" in shown
    tables = synthetic_tables()
    tables["classifiers"] = tables["classifiers"].drop("chance_macro_f1")
    without = section(render(tables), "classifiers")
    assert "0.45" not in without and "0.55" not in without
    assert "not shown without their chance baseline" in without
    tables = synthetic_tables()
    tables["classifiers"] = tables["classifiers"].with_columns(
        pl.Series("chance_macro_f1", [None, 0.33])
    )
    partial = section(render(tables), "classifiers")
    assert "0.450" not in partial and "0.550" in partial


def test_best_model_confusion_matrix(page: str) -> None:
    assert "Confusion matrix of the highest-scoring model (naive_bayes, feature set tfidf" in page


def test_no_tables_at_all() -> None:
    page = render({}, {})
    assert "<svg" not in page
    for name in ("attribution", "actors", "frames", "terms", "classifiers", "comparisons"):
        assert f"{name}.csv is not part of this run" in page
    assert "No articles in this run" in page


def test_empty_tables_say_so() -> None:
    tables = {name: frame.clear() for name, frame in synthetic_tables().items()}
    page = render(tables)
    assert "<svg" not in page
    assert "attribution.csv has no rows in this run" in page
    assert "classifiers.csv has no rows in this run" in page


def test_missing_outlet_stats_falls_back_to_means() -> None:
    tables = synthetic_tables()
    del tables["outlet_stats"]
    page = render(tables)
    assert "plain outlet means without confidence intervals" in page
    assert page.count("<svg") == 10


def test_one_outlet_and_nan_everywhere() -> None:
    tables = synthetic_tables(["solo"])
    nan = float("nan")
    for name, columns in {
        "outlet_stats": ["mean", "ci_low", "ci_high"],
        "actors": ["mean_compound", "mean_compound_all"],
        "frames": ["share"],
        "terms": ["z_score"],
        "classifiers": ["macro_f1"],
    }.items():
        tables[name] = tables[name].with_columns(pl.lit(nan).alias(c) for c in columns)
    tables["attribution"] = tables["attribution"].with_columns(
        pl.lit(0).alias("quotes"), pl.lit(nan).alias("share_quotes")
    )
    page = render(tables)
    assert "Only one outlet" in page
    assert "no outlet has a value (all NaN)" in page
    assert "No attributed quotes in any outlet" in page
    assert "mean_compound is empty for every outlet and actor" in page
    assert "no outlet has a frame share" in page
    assert "No classifier has both a score and a chance baseline" in page
    assert "<svg" not in page


def test_intervals_drawn_only_where_finite() -> None:
    tables = synthetic_tables()
    tables["outlet_stats"] = tables["outlet_stats"].with_columns(
        pl.when(pl.col("outlet") == "alpha")
        .then(math.nan)
        .otherwise(pl.col("ci_low"))
        .alias("ci_low")
    )
    assert render(tables).count("<figure") == 10


@pytest.fixture
def warmth_family():
    """The test family of tests/report_family.py, registered for one test."""
    from framing.features import register, unregister

    register("warmth", "tests.report_family")
    yield "warmth__score"
    unregister("warmth")


def test_a_registered_family_brings_its_headline_and_section(warmth_family: str) -> None:
    """A family declares its headline and section; the report needs no edit to show them."""
    assert list(headline_features()) == [
        "readability__flesch_reading_ease",
        "sentiment__mean_compound",
        warmth_family,  # rank 25: between sentiment (20) and lexical (30)
        "lexical__mattr",
        "lexical__quote_density",
    ]
    tables = synthetic_tables(["alpha", "beta"])  # now with warmth__score rows
    tables["warmth"] = pl.DataFrame({"outlet": ["beta", "alpha"], "share": [0.25, 0.75]})
    page = render(tables)
    plots = re.findall(r"<figure aria-label='([^']*)'", section(page, "features"))
    assert plots == [*headline_features()]
    warmth = captions(section(page, "features"))[2]
    assert warmth.startswith("Warmth per outlet (warmth__score): higher = warmer.")
    assert "Share of warm sentences." in warmth  # the column's declared definition
    nav = re.findall(r"<li><a href='#([^']*)'>", page)
    assert nav == re.findall(r"<section id='([^']*)'>", page)
    assert nav[-4:] == ["terms", "warmth", "classifiers", "provenance"]
    shown = section(page, "warmth")
    assert "<h2>Warmth by outlet</h2>" in shown and "Share of warm sentences per outlet" in shown
    assert shown.index("<td>alpha</td>") < shown.index("<td>beta</td>")
    from framing.features import unregister

    unregister("warmth")
    assert warmth_family not in headline_features()
    # Its tables and rows are still there, but nothing draws them.
    assert "warmth" not in render(tables).lower()


# ---------------------------------------------------------------- run folders


def write_run(folder: Path, *, status: str = "complete") -> Path:
    """A run folder as `framing run` leaves it, from the synthetic tables."""
    from framing.outputs.writer import write_csv

    folder.mkdir(parents=True)
    for name, frame in synthetic_tables().items():
        write_csv(folder / f"{name}.csv", frame)
    (folder / "shared_passages.csv").write_text("", encoding="utf-8")  # no header at all
    manifest = {**synthetic_manifest(), "status": status}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def test_report_command_rebuilds_the_page(cli, tmp_path: Path) -> None:
    run_dir = write_run(tmp_path / "study" / "20260101T000000Z-abcdef12")
    result = cli("report", run_dir)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(run_dir / "report.html")
    page = (run_dir / "report.html").read_text(encoding="utf-8")
    assert page.count("<figure") == 10
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert not list(run_dir.glob(".report.html.*"))  # the temp file was moved into place
    tables, _ = load_run(run_dir)
    assert tables["shared_passages"].height == 0


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p, "no manifest.json"),
        (lambda p: write_run(p / "run", status="running"), "not a complete run"),
        (lambda p: write_run(p / ".20260101T000000Z-abcdef12.partial"), ".partial"),
        (lambda p: p / "absent", "not a folder"),
    ],
)
def test_report_command_refuses_unfinished_folders(cli, tmp_path: Path, make, message) -> None:
    folder = make(tmp_path)
    result = cli("report", folder)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(folder) in lines[0] and message in lines[0]
    assert result.stdout == ""


# ---------------------------------------------------------------- a real run in a browser

REAL_STUDY = """\
[study]
name = "report-check"

[[outlets]]
id = "alpha"
name = "Alpha"
files = ["alpha/*.txt"]

[[outlets]]
id = "beta"
name = "Beta"
files = ["beta/*.txt"]

[[actors]]
id = "seoul"
label = "South Korea"
aliases = ["Seoul", "South Korea"]

[[actors]]
id = "moscow"
label = "Russia"
aliases = ["Moscow", "Russia"]

[models]
classifiers = ["logreg"]
feature_sets = ["style"]
folds = 2
permutations = 10

[stats]
bootstrap = 200
permutations = 200
"""

REAL_FILES = {
    "alpha/one.txt": f'Seoul warns {SCRIPT}\n\nSeoul said "we will act firmly against this '
    'threat." Officials in Moscow disagreed strongly.\n\nRussia said the pact was "a good and '
    'peaceful step." South Korea was angry and upset about the deal.\n',
    "alpha/two.txt": "Moscow and Seoul talk\n\nRussia praised the wonderful deal. Seoul "
    'criticised the terrible pact.\n\n"It is dangerous," said a South Korea official. '
    "Moscow said nothing more about the weapons.\n",
    "alpha/three.txt": "Seoul responds\n\nSouth Korea said it would review arms exports. "
    "Moscow warned of a mistake.\n\nAnalysts said the threat was serious and worrying.\n",
    "beta/one.txt": f"A quiet day {IMG}\n\nNothing happened in South Korea today. It rained "
    f'in Seoul.\n\nRussia said "{IMG} was fine." Analysts said it was calm and good.\n',
    "beta/two.txt": "Markets steady\n\nStocks rose in Seoul as Russia held talks. Investors "
    'were pleased and calm.\n\n"We are hopeful," said an analyst. Moscow markets were closed.\n',
    "beta/three.txt": "Trade grows\n\nSeoul exporters were happy with strong sales. Russia "
    "bought more cars.\n\nOfficials said the trade was a success for both sides.\n",
}


@pytest.fixture(scope="module")
def real_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A whole small study run through the pipeline (all families, one model)."""
    from framing.pipeline.study import run

    root = tmp_path_factory.mktemp("real")
    for name, text in REAL_FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "study.toml").write_text(REAL_STUDY, encoding="utf-8")
    results = run(root / "study.toml", out=root / "out")
    assert results.run_dir is not None
    return results.run_dir


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium, installed with apt-get when missing and we are root; else skip."""
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("chromium is not installed and cannot be (not root, or no apt-get)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "install", "-y", "chromium"],
        ["apt-get", "update"],
        ["apt-get", "install", "-y", "chromium"],
    ):
        try:
            done = subprocess.run(command, env=env, capture_output=True, timeout=600, check=False)
        except subprocess.TimeoutExpired:
            pytest.skip(f"`{' '.join(command)}` took over 600 s; install chromium by hand")
        if command[1] == "install" and done.returncode == 0:
            return shutil.which("chromium") or "/usr/bin/chromium"
    pytest.skip("`apt-get install -y chromium` failed; install Debian's chromium by hand")


def headless(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)


@pytest.mark.slow
def test_real_run_report_renders_in_chromium(chromium: str, real_run: Path, tmp_path: Path) -> None:
    report = real_run / "report.html"
    page = report.read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert "&lt;script&gt;" in page  # the hostile headline is shown, escaped
    done = headless(chromium, tmp_path / "profile", "--dump-dom", report.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    figures = dom.count("<figure")
    assert figures >= 8, f"only {figures} figures in the DOM"
    assert dom.count("<svg") == figures == dom.count("<figcaption")
    assert "<script" not in dom.lower()
    assert "<img" not in dom.lower()  # the injected tag stayed text
    assert "Uncaught" not in done.stderr
    shot = tmp_path / "report.png"
    done = headless(
        chromium,
        tmp_path / "profile",
        "--hide-scrollbars",
        "--window-size=1280,2400",
        f"--screenshot={shot}",
        report.as_uri(),
    )
    assert done.returncode == 0 and shot.stat().st_size > 10_000
    assert "Uncaught" not in done.stderr


@pytest.mark.slow
def test_rebuilt_report_of_a_real_run(cli, real_run: Path) -> None:
    before = (real_run / "report.html").read_text(encoding="utf-8")
    result = cli("report", real_run)
    assert result.exit_code == 0, result.stderr
    after = Path(result.stdout.strip()).read_text(encoding="utf-8")
    assert after.count("<figure") == before.count("<figure")
    assert rebuild_report(real_run).read_text(encoding="utf-8") == after  # deterministic


def test_units_may_differ_between_outlets() -> None:
    """stats.py resamples sentences for an outlet with few articles: keep every outlet."""
    tables = synthetic_tables(["alpha", "beta"])
    stats = tables["outlet_stats"]
    beta_sentences = stats.filter(pl.col("outlet") == "beta").with_columns(
        pl.lit("sentence").alias("unit"), pl.lit(40, pl.Int64).alias("n")
    )
    alpha_both = stats.filter(pl.col("outlet") == "alpha").with_columns(
        pl.lit("sentence").alias("unit"), pl.lit(99, pl.Int64).alias("n")
    )
    tables["outlet_stats"] = pl.concat(
        [stats.filter(pl.col("outlet") == "alpha"), alpha_both, beta_sentences]
    ).with_columns(pl.lit("a note").alias("note"))
    text = captions(render(tables))[0]
    assert "n per outlet: alpha 3 articles; beta 40 sentences." in text


def test_untested_comparisons_are_listed_not_tabled() -> None:
    tables = synthetic_tables(["alpha", "beta"])
    tables["comparisons"] = tables["comparisons"].with_columns(
        pl.Series("p_value", [math.nan, 0.04]),
        pl.Series("note", ["no sentence-level counterpart: not tested", ""]),
    )
    shown = section(render(tables), "features")
    assert "Not tested:" in shown
    assert "no sentence-level counterpart: not tested (alpha)" in shown
    assert shown.count("<td>rest</td>") == 1


def test_rebuild_reads_number_like_ids_as_text(cli, mini_study, tmp_path: Path) -> None:
    """Outlet ids "10"/"20" and article ids "001" stay text when a run is read back."""
    config = mini_study(
        MINIMAL_STUDY.replace('id = "a"', 'id = "10"').replace('id = "b"', 'id = "20"'),
        {
            "a/001.txt": "Seoul warns\n\n=SUM(A1) was typed. Seoul said it would act.\n",
            "b/002.txt": "A quiet day\n\nNothing happened in South Korea today. It rained.\n",
        },
    )
    run = cli("run", config, "--out", tmp_path / "out", "--quiet")
    assert run.exit_code == 0, run.stderr
    rebuilt = cli("report", run.stdout.strip().splitlines()[-1])
    assert rebuilt.exit_code == 0, rebuilt.stderr
    page = Path(rebuilt.stdout.strip()).read_text(encoding="utf-8")
    assert ">001<" in page


def many_outlets(n: int) -> dict[str, pl.DataFrame]:
    """synthetic_tables with `n` outlets whose values and n are in no simple order."""
    tables = synthetic_tables([f"outlet_{i:02d}" for i in range(n)])
    stats = tables["outlet_stats"]
    means = [((i * 7919) % 97) / 97 for i in range(stats.height)]
    tables["outlet_stats"] = stats.with_columns(
        pl.Series("mean", means),
        pl.Series("ci_low", [m - 0.05 for m in means]),
        pl.Series("ci_high", [m + 0.05 for m in means]),
        pl.Series("n", [3 + (i * 13) % 40 for i in range(stats.height)]),
    )
    return tables


@pytest.fixture(scope="module")
def outlet_pages() -> dict[int, str]:
    """Pages of 5 and 30 outlets, drawn once for the caption and browser tests."""
    return {n: render(many_outlets(n)) for n in (5, 30)}


def dot_labels(page: str, feature: str) -> list[str]:
    """A dot plot's outlet labels, top to bottom (matplotlib writes them bottom up)."""
    # Either quote: Chromium's DOM dump writes attributes in double quotes.
    figure = re.search(rf"<figure aria-label=['\"]{feature}['\"]>.*?</figure>", page, flags=re.S)
    labels = re.findall(r"<text[^>]*>([^<]*\(n=[^<]*)</text>", figure.group(0))
    return [html.unescape(label) for label in labels[::-1]]


def test_dot_plots_rank_outlets_by_value() -> None:
    tables = many_outlets(8)
    page = render(tables)
    stats = tables["outlet_stats"]
    for feature in headline_features():
        rows = stats.filter(pl.col("feature") == feature).sort(
            ["mean", "outlet"], descending=[True, False]
        )
        expected = [f"{o} (n={n})" for o, n in zip(rows["outlet"], rows["n"], strict=True)]
        assert dot_labels(page, feature) == expected
    # Each figure has its own order (the ranking is what each one is read for).
    orders = {tuple(dot_labels(page, f)) for f in headline_features()}
    assert len(orders) > 1


def test_outlets_without_a_value_go_last() -> None:
    tables = many_outlets(4)
    feature = next(iter(headline_features()))
    tables["outlet_stats"] = tables["outlet_stats"].with_columns(
        pl.when((pl.col("outlet") == "outlet_00") & (pl.col("feature") == feature))
        .then(float("nan"))
        .otherwise(pl.col("mean"))
        .alias("mean")
    )
    assert dot_labels(render(tables), feature)[-1].startswith("outlet_00 ")


@pytest.mark.parametrize("n", [5, 30])
def test_captions_list_n_per_outlet_only_for_a_few(outlet_pages: dict[int, str], n: int) -> None:
    texts = [t for t in captions(outlet_pages[n]) if "per outlet (" in t][:4]
    assert len(texts) == 4
    for text in texts:
        assert "Highest value on top." in text
        if n <= 6:
            assert "n per outlet: outlet_00 " in text
        else:
            assert re.search(r"n per outlet \(on each label\): \d+–\d+ articles\.", text)
            assert "outlet_0" not in text and len(text) < 600


@pytest.mark.slow
@pytest.mark.parametrize("n", [5, 30])
def test_dot_plots_of_5_and_30_outlets_in_chromium(
    chromium: str, outlet_pages: dict[int, str], tmp_path: Path, n: int
) -> None:
    """The page as a browser draws it: every figure there, ranked labels, short captions.
    The screenshot is kept in the test's folder to look at."""
    report = tmp_path / "report.html"
    report.write_text(outlet_pages[n], encoding="utf-8")
    done = headless(chromium, tmp_path / "profile", "--dump-dom", report.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert dom.count("<figure") == dom.count("<svg") == dom.count("<figcaption") >= 8
    tables = many_outlets(n)
    for feature in headline_features():
        labels = dot_labels(dom, feature)
        assert len(labels) == n
        values = dict(zip(*_means(tables, feature), strict=True))
        shown = [values[label.split(" ")[0]] for label in labels]
        assert shown == sorted(shown, reverse=True)
    longest = max(len(t) for t in captions(dom) if "per outlet (" in t)
    assert longest < 600, longest
    shot = tmp_path / "report.png"
    done = headless(
        chromium,
        tmp_path / "profile",
        "--hide-scrollbars",
        "--window-size=1280,2600",
        f"--screenshot={shot}",
        report.as_uri(),
    )
    assert done.returncode == 0 and shot.stat().st_size > 10_000


def _means(tables: dict[str, pl.DataFrame], feature: str) -> tuple[list[str], list[float]]:
    rows = tables["outlet_stats"].filter(pl.col("feature") == feature)
    return rows["outlet"].to_list(), rows["mean"].to_list()


def test_classifier_p_values_and_plan_notes_are_shown() -> None:
    """Issue 15's columns: the feature set's p where the model has no own test, the
    plan's notes and a sample's n against n_available."""
    tables = synthetic_tables()
    tables["classifiers"] = tables["classifiers"].with_columns(
        pl.Series("permutation_p", [None, 0.04]),
        pl.Series("feature_set_p", [0.021, 0.021]),
        pl.Series("feature_set_test", ["naive_bayes", "naive_bayes"]),
        pl.Series("n", [3000, 3000]),
        pl.Series("n_available", [9000, 9000]),
        pl.Series("method_note", ["vocabulary capped at 10000 terms", None]),
    )
    shown = section(render(tables), "classifiers")
    assert "p(set)=0.021" in shown and "p=0.040" in shown  # figure labels (SVG text)
    assert "feature_set_p" in shown and "n_available" in shown  # table columns
    assert "vocabulary capped at 10000 terms" in shown
    assert "stratified sample of 3,000 of 9,000 units" in shown


def test_labels_of_any_length_are_cut_in_figures_and_kept_whole_in_tables() -> None:
    """Figure labels come from the data (outlet ids, terms, actors, frames, speakers):
    a 20,000-character one made matplotlib allocate a canvas that did not fit in
    memory. Every text drawn is at most MAX_LABEL characters; tables keep it whole."""
    import re
    from html import unescape

    from framing.report.figures import MAX_LABEL

    long = "w" * 20_000
    tables = {
        name: frame.with_columns(
            (pl.col(c) + long).alias(c) for c, t in frame.schema.items() if t == pl.String
        )
        for name, frame in synthetic_tables().items()
    }
    html = render(tables)
    drawn = [  # each <text>'s characters (some are laid out one <tspan> per glyph)
        unescape(re.sub(r"\n\s*", "", re.sub(r"<[^>]+>", "", text)))
        for svg in re.findall(r"<svg.*?</svg>", html, flags=re.S)
        for text in re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    ]
    assert drawn and max(len(t) for t in drawn) <= MAX_LABEL
    assert long in html  # the tables show the whole value


def test_a_label_in_a_script_the_font_lacks_is_drawn_without_warnings() -> None:
    """Korean or emoji outlet ids and terms: matplotlib warned once per missing glyph,
    dozens of lines on stderr around a run's own."""
    import warnings

    tables = {
        name: frame.with_columns(
            (pl.col(c) + "서울😀").alias(c) for c, t in frame.schema.items() if t == pl.String
        )
        for name, frame in synthetic_tables().items()
    }
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        html = render(tables)
    assert "서울😀" in html
