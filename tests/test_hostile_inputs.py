"""A property of the whole command line: whatever a study config holds and whatever
bytes its corpus files or corpus table hold, `framing run` exits 0 with a complete
run folder (no NUL in any CSV), or exits 1 or 2 with one line on stderr naming the
problem: never a traceback, never the internal-error line ("rerun with --debug"),
never another exit code. A config with an unknown key, or a value of another TOML
type than its key takes, is always exit 2.

On the code before issue 18 each property fails: `seed = true` ran, an unmapped
column of lists in a JSON Lines table was a four-line internal error, a NUL past the
first 8 KB of a file reached sentences.csv.

Three properties, one per kind of input: config values (valid and invalid values of
many keys: wrong TOML types, out of range, unknown keys and families, invalid and
look-around boilerplate patterns), corpus files (arbitrary bytes or text pieces: NUL
bytes, invalid UTF-8, BOM, CRLF, control characters, right-to-left marks, very long
tokens, lines that make `(a+)+$` backtrack) and corpus tables (CSV or JSONL with
empty, overlong or repeated cells, a repeated or missing column, cut short, a Latin-1
line, a nested value, a lone surrogate). Configs also clash aliases. The examples are
few (40 each, ~15 s in all) and derandomised, so the suite is repeatable;
``FRAMING_FUZZ_EXAMPLES=2000 pytest tests/test_hostile_inputs.py`` explores further
with random examples (250 each passed, in 2 minutes).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import sys
import tempfile
from pathlib import Path

import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("FRAMING_FUZZ_EXAMPLES", "0"))
SETTINGS = settings(
    max_examples=EXAMPLES or 40,
    derandomize=not EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)

# TOML values of every type, valid for some keys and wrong for others.
ANY_VALUE = st.one_of(
    st.integers(-(2**40), 2**40),
    st.sampled_from([0, 1, 2, 99, 100, 2**31, 2**32, -1]),
    st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["yes", "1", "auto", "none", "first_line", "lexical", ""]),
    st.lists(st.sampled_from(["lexical", "x", "sentiment"]), max_size=3),
)
PATTERNS = [
    "^Read more$",
    "(",
    "(a+)+$",
    "(?<=x)y",
    r"(\w+) \1",
    "(?i)photo:",
    "a{1000}{1000}",
    "é$",
    "[",
]
VALID_PATTERNS = ["^Read more$", "(a+)+$", "(?i)photo:", "é$", r"^\W+$"]
# Each actor's own aliases; one of the shared ones, given to both, clashes (exit 2).
ALIASES = {"seoul": ["Seoul", "Seoul’s", "South Korea"], "russia": ["Moscow", "Kremlin"]}
SHARED_ALIASES = ["Kim", " Kim ", "kim", "Seoul's"]
# Keys a mutation sets to an arbitrary value: (table path, key, TOML type it takes;
# None for a key that does not exist).
KEYS = [
    (("study",), "seed", "int"), (("study",), "name", "str"), (("study",), "description", "str"),
    (("corpus",), "clean", "bool"), (("corpus",), "headline", "str"),
    (("corpus",), "boilerplate", "strings"), (("stats",), "bootstrap", "int"),
    (("stats",), "permutations", "int"), (("stats",), "min_articles", "int"),
    (("stats",), "pairwise", "bool"), (("features",), "families", "strings"),
    (("features",), "topic_words", "strings"), (("features", "terms"), "top_k", "int"),
    (("features", "lexical"), "extra_mask", "strings"), (("models",), "folds", "int"),
    ((), "extra", None), (("study",), "unknown_key", None),
]  # fmt: skip
VALUES = st.one_of(ANY_VALUE, st.lists(st.sampled_from(PATTERNS), max_size=3))


@st.composite
def configs(draw: st.DrawFn) -> dict:
    """A valid study config (cheap families, no models, random aliases, and
    linear-time patterns, some catastrophic for a backtracking engine), but for its
    aliases: now and then one is given to both actors (exit 2)."""
    actors = draw(st.lists(st.sampled_from(["seoul", "russia"]), max_size=2, unique=True))
    shared = draw(st.lists(st.sampled_from(SHARED_ALIASES), max_size=len(actors)))
    return {
        "study": {"name": "fuzz", "seed": draw(st.integers(0, 2**32 - 1))},
        "corpus": {"boilerplate": draw(st.lists(st.sampled_from(VALID_PATTERNS), max_size=2))},
        "outlets": [
            {"id": "a", "name": "A", "files": [draw(st.sampled_from(["a/*.txt", "a/one.txt"]))]},
            {"id": "b", "name": "B", "files": ["b/*.txt"]},
        ],
        "actors": [
            {
                "id": a,
                "label": a.title(),
                "aliases": [
                    *draw(st.lists(st.sampled_from(ALIASES[a]), min_size=1, max_size=2)),
                    *shared[i : i + 1],
                ],
            }
            for i, a in enumerate(actors)
        ],
        "features": {
            "families": draw(
                st.lists(
                    st.sampled_from(["lexical", "readability", "sentiment"]),
                    max_size=3,
                    unique=True,
                )
            )
        },
        "models": {"enabled": False},
        "stats": {"bootstrap": 100, "permutations": 100},
    }


@st.composite
def mutated_configs(draw: st.DrawFn) -> tuple[dict, bool]:
    """A config from `configs` with one or two keys set to arbitrary values (wrong
    types, out of range, unknown keys and families, invalid patterns), and whether
    one of them is an unknown key or a value of another TOML type than its key takes
    (which must be exit 2)."""
    data = draw(configs())
    wrong = False
    for path, key, kind in draw(
        st.lists(st.sampled_from(KEYS), min_size=1, max_size=2, unique=True)
    ):
        table = data
        for part in path:
            table = table.setdefault(part, {})
        table[key] = draw(VALUES)
        wrong = wrong or not fits(table[key], kind)
    return data, wrong


def fits(value: object, kind: str | None) -> bool:
    """Whether `value` has the TOML type `kind` (TOML tells a boolean from an integer,
    and an integer from a float)."""
    if kind == "strings":
        return isinstance(value, list) and all(type(item) is str for item in value)
    return kind is not None and type(value) is {"int": int, "str": str, "bool": bool}[kind]


PIECES = st.sampled_from(
    ["Seoul said it would act. ", "Moscow said no.", "\n\n", "\r\n", "\ufeff", "\x00", "\x1b[2J",
     "\u202e", "“", "é", "😀", "w" * 3000, "Read more", "aaaaaaaaaaaaaaaaaaaaaaaa!", "\t", " "]
)  # fmt: skip
FILE_BYTES = st.one_of(
    st.binary(max_size=200),
    st.lists(PIECES, max_size=12).map(lambda parts: "".join(parts).encode("utf-8")),
    st.lists(PIECES, max_size=12).map(lambda parts: "".join(parts).encode("utf-8") + b"\xff"),
    # A NUL anywhere, also past the first 8 KB (only those used to be checked).
    st.integers(1, 20).map(lambda k: b"Seoul said so. " * 60 * k + b"\x00 Then more.\n"),
)


def invoke(*args: str) -> tuple[int, str, str]:
    """`framing ARGS` in this process: exit code, stdout, stderr."""
    from framing.cli import main

    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = ["framing", *args]
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.argv = argv
    return code, out.getvalue(), err.getvalue()


def check_outcome(code: int, stdout: str, stderr: str) -> None:
    assert code in (0, 1, 2), (code, stderr)
    assert "Traceback" not in stderr
    if code == 0:
        run_dir = Path(stdout.strip().splitlines()[-1])
        assert json.loads((run_dir / "manifest.json").read_text())["status"] == "complete"
        assert all(line.startswith("framing: ") for line in stderr.splitlines() if line.strip())
        for table in run_dir.glob("*.csv"):  # a NUL anywhere in a text is an error
            assert b"\x00" not in table.read_bytes(), table.name
        return
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("framing: error: "), stderr
    assert "rerun with --debug" not in lines[0], lines[0]  # an internal error, not a message


VALID_FILE = b"Seoul acts\n\nSeoul said it would act. Moscow said no.\n"


def run_study(config: dict, files: list[bytes], table: tuple[str, bytes] | None = None) -> int:
    """`framing run` on `config` with outlet a's files holding `files` (outlet b has one
    plain article) or, given `table` (name, bytes), on that corpus table instead; the
    outcome checked by `check_outcome`. The exit code."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "a").mkdir()
        (root / "b").mkdir()
        (root / "a" / "one.txt").write_bytes(files[0])
        (root / "b" / "two.txt").write_bytes(b"Quiet day\n\nIt rained in Seoul. Moscow was calm.\n")
        for i, data in enumerate(files[1:]):
            (root / "a" / f"more{i}.txt").write_bytes(data)
        if table is not None:
            name, data = table
            (root / name).write_bytes(data)
            config = {**config, "outlets": [], "corpus": {**config["corpus"], "table": name}}
        path = root / "study.toml"
        path.write_text(tomlkit.dumps(config), encoding="utf-8")
        code, stdout, stderr = invoke(
            "run", str(path), "--out", str(root / "out"), "--jobs", "1", "--quiet"
        )
        check_outcome(code, stdout, stderr)
        return code


@given(mutated=mutated_configs())
@SETTINGS
def test_any_config_value_exits_0_1_or_2_with_one_line(mutated: tuple[dict, bool]) -> None:
    config, wrong = mutated
    code = run_study(config, [VALID_FILE])
    if wrong:  # `seed = "1"`, `seed = true`, `clean = "yes"` used to run
        assert code == 2


@given(config=configs(), files=st.lists(FILE_BYTES, min_size=1, max_size=3))
@SETTINGS
def test_any_corpus_bytes_exit_0_1_or_2_with_one_line(config: dict, files: list[bytes]) -> None:
    run_study(config, files)


OUTLET_CELLS = st.one_of(st.sampled_from(["a", "b"]), st.sampled_from(["", " ", "A", "a" * 70]))
ID_CELLS = st.one_of(st.sampled_from(["1", "2", "x"]), st.sampled_from(["", "1.0"]), st.text())
TEXT_CELLS = st.one_of(st.lists(PIECES, min_size=1, max_size=6).map("".join), st.text(max_size=30))
ROWS = st.lists(st.tuples(OUTLET_CELLS, ID_CELLS, TEXT_CELLS), min_size=1, max_size=4)
HEADERS = [["outlet", "id", "text"], ["outlet", "id", "text", "text"], ["outlet", "text"]]


@st.composite
def tables(draw: st.DrawFn) -> tuple[str, bytes]:
    """A corpus table (outlet, id, text) as CSV or JSONL bytes: generated cells (empty,
    repeated and overlong ids, control characters, NUL), sometimes a repeated or
    missing column, an unmapped column of lists, cut short, a Latin-1 line, a nested
    value or a lone surrogate."""
    rows = draw(ROWS)
    header = draw(st.sampled_from(HEADERS))
    if draw(st.booleans()):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(row[: len(header)] for row in rows)
        name, data = "corpus.csv", buffer.getvalue().encode("utf-8", "surrogatepass")
    else:
        objects = [dict(zip(header, row, strict=False)) for row in rows]
        if draw(st.booleans()):  # an unmapped column of lists and records: not read
            objects = [{**obj, "tags": [1, {"x": [None]}]} for obj in objects]
        name = "corpus.jsonl"
        data = "\n".join(json.dumps(obj, ensure_ascii=False) for obj in objects).encode(
            "utf-8", "surrogatepass"
        )
    damage = draw(st.sampled_from(["none", "cut", "latin1", "nested", "surrogate"]))
    if damage == "cut":
        data = data[: draw(st.integers(0, len(data)))]
    elif damage == "latin1":
        data += b"\ncaf\xe9,1,caf\xe9\n"
    elif damage == "nested":
        data += b'\n{"outlet": ["a"], "id": {"x": 1}, "text": "t"}\n'
    elif damage == "surrogate":  # half a UTF-16 pair, escaped
        data += b'\n{"outlet": "a", "id": "9", "text": "t \\udc80"}\n'
    return name, data


@given(config=configs(), table=tables())
@SETTINGS
def test_any_corpus_table_exits_0_1_or_2_with_one_line(
    config: dict, table: tuple[str, bytes]
) -> None:
    config = {**config, "corpus": {**config["corpus"], "columns": {"id": "id"}}}
    run_study(config, [VALID_FILE], table)
