"""`lexical` family: length, vocabulary diversity, word shape, punctuation, quotes,
person deixis and lexicon rates (hedges, boosters, ... loaded language).

Article-level columns describe the **body** (headline excluded), so their word counts
equal ``n_words`` in articles.csv and every ``*_rate`` times ``n_words / 100`` is the
article's hit count in ``lexicon_hits.csv``. Sentence-level columns are computed for
every sentence, the headline included. "Words" are the ``word`` and ``number`` tokens
of the shared tokenisation (`framing.corpus.tokens`); ``lower`` forms are compared.

Quote state (``quote_density``, ``quoted_share``) is tracked within each paragraph,
token by token: “ „ « and a backtick pair (``) open a double quote, ” and » close it,
a straight " or a pair of straight single quotes ('') toggles it; ‘ opens a single
quote and a lone ’ closes it. The state resets at every paragraph, so an unbalanced
mark never leaks past its paragraph, and a quotation running over several paragraphs
(opening mark repeated, no closing mark) is inside quotes in each. A lone straight '
is ignored: without character offsets it cannot be told from an apostrophe.

Diversity measures over the body's words in reading order (all in docs/lexicons.md):
MTLD (McCarthy & Jarvis 2010), MATTR (Covington & McFall 2010) and HD-D (McCarthy &
Jarvis 2007).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, field_validator

from framing.features.base import Column, Context, Extracted, Family
from framing.features.lexical.counterparts import counterparts
from framing.features.lexical.lexicon import (
    HITS_SCHEMA,
    Lexicon,
    apply_overrides,
    bundled_lexicon_paths,
    hits_by_article,
    hits_per_sentence,
    lexicons_digest,
    load_lexicon,
    match_lexicons,
)
from framing.features.lexical.report import HEADLINES
from framing.outputs.tables import LEXICON_HITS

if TYPE_CHECKING:
    import numpy as np

    from framing.config import Study
    from framing.corpus import Batch

LEXICONS = (
    "hedges",
    "boosters",
    "factives",
    "assertives",
    "report_verbs",
    "subjectivity",
    "loaded_language",
)
MTLD_THRESHOLD = 0.72
MATTR_WINDOW = 50
HDD_SAMPLE = 42
LONG_WORD = 7  # letters or digits; the LIX threshold (Björnsson 1968: "more than six letters")
FIRST_PERSON = (
    "i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves",
    "i'm", "i've", "i'd", "i'll", "we're", "we've", "we'd", "we'll", "let's",
)  # fmt: skip
SECOND_PERSON = (
    "you", "your", "yours", "yourself", "yourselves", "you're", "you've", "you'd", "you'll", "y'all",
)  # fmt: skip
OPEN_DOUBLE = ("“", "„", "«")
CLOSE_DOUBLE = ("”", "»")
QUOTE_MARKS = (*OPEN_DOUBLE, *CLOSE_DOUBLE, '"', "'", "`", "‘", "’")
CLOSERS = "\"'”’»)\\]"
NAN = float("nan")


class LexicalOptions(BaseModel):
    """`[features.lexical]`: study changes to the bundled lexicons."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    extra_mask: tuple[str, ...] = Field(
        (),
        description="Words or phrases masked from every lexicon, besides [features] topic_words.",
    )
    add: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, description="Words added to a lexicon, e.g. add.hedges = ['reckon']."
    )
    files: dict[str, str] = Field(
        default_factory=dict,
        description="A lexicon replaced by the study's own list file (path relative to the config).",
    )

    @field_validator("add", "files")
    @classmethod
    def _known_lexicons(cls, value: dict[str, Any]) -> dict[str, Any]:
        for name in value:
            if name not in LEXICONS:
                raise ValueError(f"unknown lexicon {name!r}; valid lexicons: {', '.join(LEXICONS)}")
        return value


def _bundled_paths() -> dict[str, Any]:
    paths = bundled_lexicon_paths()
    return {name: paths[name] for name in LEXICONS}


# Bumped when a computation changes its values (2: HD-D as a product of ratios).
CODE_VERSION = "2"


def _version() -> str:
    # The family version also changes with every edit of a bundled list (docs/lexicons.md).
    return f"{CODE_VERSION}." + lexicons_digest(_bundled_paths().values())[:10]


def _study_file(study: Study, name: str, path: str) -> Any:
    from framing.errors import ConfigError

    full = study.resolve(path)
    if not full.is_file():
        raise ConfigError(
            f"{study.source or 'config'}: features.lexical.files.{name}: {path!r} not found "
            f"(looked in {full}); give a list file path relative to the config file"
        )
    return full


def study_lexicons(study: Study, options: LexicalOptions) -> list[Lexicon]:
    """The study's lexicons, in `LEXICONS` order: bundled or replaced by `files`,
    extended by `add`, then masked by ``topic_words`` and `extra_mask`."""
    bundled = _bundled_paths()
    loaded = {
        name: load_lexicon(
            _study_file(study, name, options.files[name])
            if name in options.files
            else bundled[name],
            name=name,
        )
        for name in LEXICONS
    }
    mask = (*study.features.topic_words, *options.extra_mask)
    return list(apply_overrides(loaded, add=options.add, mask=mask).values())


def reads(study: Study) -> dict[str, Any]:
    """Cache key: the topic words and the content of any study-supplied list file."""
    options = study.features.options("lexical")
    assert isinstance(options, LexicalOptions)
    files = {
        name: lexicons_digest([_study_file(study, name, path)])
        for name, path in options.files.items()
    }
    return {"topic_words": sorted(study.features.topic_words), "files": files}


# --- diversity measures ------------------------------------------------------------


def _check_threshold(threshold: float) -> None:
    # _mtld_factors skips the TTR test after a new word, which is exact only below 1.
    if not 0 < threshold < 1:
        raise ValueError(f"MTLD threshold must lie strictly between 0 and 1, not {threshold}")


def _mtld_factors(gaps: list[int], threshold: float) -> float:
    """Factor count of one MTLD pass (McCarthy & Jarvis 2010): a factor ends when the
    running TTR falls to `threshold` or below; the leftover segment adds
    ``(1 - TTR) / (1 - threshold)``. The text is given as ``gaps[i]``, the distance
    from word i back to its previous occurrence (i + 1 if none).

    A word is new to the current factor when its previous occurrence lies before the
    factor's start, that is when its gap is at least its count within the factor
    (itself included), so neither the start nor a set of seen words is needed. The
    TTR cannot fall at a new word ((t+1)/(c+1) >= t/c for t <= c, and rounding keeps
    that order), so it is only tested at a repeat, with the same division as the
    definition; `_check_threshold` guarantees that a one-word factor never ends. Same
    floats as the set-based loop.
    """
    factors = 0
    types = 0
    count = 0
    for gap in gaps:
        count += 1
        if gap >= count:
            types += 1
        elif types / count <= threshold:
            factors += 1
            types = 0
            count = 0
    if count:
        return factors + (1.0 - types / count) / (1.0 - threshold)
    return float(factors)


def _mtld_value(forward: list[int], backward: list[int], threshold: float) -> float:
    """Bidirectional MTLD from the gap lists of a text and of its reversal: mean of
    ``len(words) / factors``; NaN when a pass has no factor."""
    values = []
    for gaps in (forward, backward):
        factors = _mtld_factors(gaps, threshold)
        if factors <= 0:
            return NAN
        values.append(len(gaps) / factors)
    return sum(values) / 2


def _gaps(words: Sequence[str]) -> list[int]:
    """Distance from each word back to its previous occurrence in `words` (i + 1 for
    word i if none)."""
    last: dict[str, int] = {}
    out = []
    for i, word in enumerate(words):
        out.append(i - last.get(word, -1))
        last[word] = i
    return out


def mtld(words: Sequence[str], *, threshold: float = MTLD_THRESHOLD) -> float:
    """Bidirectional MTLD of one text: mean of ``len(words) / factors`` over the forward
    and the reversed text. NaN when no factor accrues (no word repeats, or no words)."""
    _check_threshold(threshold)
    return _mtld_value(_gaps(words), _gaps(words[::-1]), threshold)


def mattr(words: Sequence[str], *, window: int = MATTR_WINDOW) -> float:
    """MATTR of one text (see `_diversity`); NaN when shorter than `window`."""
    frame = pl.DataFrame(
        {"_article": [0] * len(words), "lower": list(words)},
        schema={"_article": pl.UInt32, "lower": pl.String},
    )
    return float(_diversity(frame, 1, window=window)["mattr"][0])


def _hdd(f: np.ndarray, article: np.ndarray, words: np.ndarray, sample: int) -> np.ndarray:
    """HD-D per article (one entry per entry of `words`, the articles' word counts)
    from its types' frequencies `f` (one entry per type, in any order; `article` the
    type's article): the sum over types of P(type in a random `sample`-word draw
    without replacement) / sample, P = 1 - C(n-f, s) / C(n, s) with n the article's
    words. NaN when n < sample or without words.

    C(n-f, s) / C(n, s) is computed as the product of (n-f-k) / (n-k) for k < s: 42
    roundings, so within ~1e-14 of the exact ratio (tested against rational
    arithmetic), where exp(lgamma(...) - ...) loses ~1e-13 to cancellation; and workers
    need not import scipy (~0.2 s each).
    """
    import numpy as np

    f = np.asarray(f, np.int64)
    article = np.asarray(article, np.int64)
    words = np.asarray(words, np.int64)
    # A term depends on (n, f) only, and most of an article's types have a small f:
    # each distinct (article, f) is computed once and repeated for its types, which
    # also groups them by article.
    width = int(f.max(initial=0)) + 1
    cell = article * width + f
    if words.size * width <= 8 * cell.size + 4096:
        count = np.bincount(cell, minlength=words.size * width)
        distinct = np.flatnonzero(count)
        count = count[distinct]
    else:
        distinct, count = np.unique(cell, return_counts=True)
    terms = _hdd_terms(distinct % width, words[distinct // width], sample)
    # math.fsum is exactly rounded, so HD-D does not depend on the order of an
    # article's types nor on how many articles share a chunk (numpy's sums do).
    values = np.repeat(terms, count).tolist()
    sizes = np.bincount(article, minlength=words.size).tolist()
    out, end = [], 0
    for k in sizes:
        end += k
        out.append(math.fsum(values[end - k : end]) if k else NAN)
    return np.array(out, np.float64)


def _hdd_terms(f: np.ndarray, n: np.ndarray, sample: int) -> np.ndarray:
    """P(a type of frequency `f` in a random `sample`-word draw from `n` words) /
    sample, per entry (NaN when n < sample); see `_hdd`."""
    import numpy as np

    f = f.astype(np.float64)
    n = n.astype(np.float64)
    valid = n >= sample
    rest = n - f
    absent = np.ones_like(rest)
    with np.errstate(invalid="ignore", divide="ignore"):
        for k in range(sample):
            absent *= (rest - k) / (n - k)
    # rest < sample: the type cannot be missed (a factor is 0; later ones may be negative).
    p0 = np.where(valid & (rest >= sample), absent, 0.0)
    return np.where(valid, (1.0 - p0) / sample, np.nan)


def _diversity(
    words: pl.DataFrame,
    n_articles: int,
    *,
    window: int = MATTR_WINDOW,
    sample: int = HDD_SAMPLE,
    threshold: float = MTLD_THRESHOLD,
) -> dict[str, np.ndarray]:
    """``types``, ``mtld``, ``mattr`` and ``hdd`` per article (arrays of `n_articles`)
    from `words` (``_article`` in 0 .. n_articles-1, ``lower``), the body words in
    reading order.

    One group_by on the word lists its rows; each word's previous and next occurrence
    in its article, and each type's frequency, follow in numpy, instead of a window
    per (article, word).
    MATTR: a word at index i whose previous occurrence is at p (-1 if none) is new in
    every window starting at s with max(p+1, i-w+1) <= s <= min(i, n-w); summing
    those window counts gives the summed window type counts."""
    import numpy as np

    _check_threshold(threshold)
    out = {
        "types": np.zeros(n_articles, np.int64),
        **{name: np.full(n_articles, NAN) for name in ("mtld", "mattr", "hdd")},
    }
    if words.height == 0:
        return out
    if not words["_article"].is_sorted():  # each article's words must be contiguous
        words = words.sort("_article", maintain_order=True)
    # Each word's rows, ascending; rows are grouped by article, so each type (article,
    # word) is a run of one article within its word's rows.
    by_word = words.select("lower").with_row_index("_row").group_by("lower").agg("_row")
    article = words["_article"].to_numpy().astype(np.int64)
    sizes = np.bincount(article, minlength=n_articles)
    starts = np.cumsum(sizes) - sizes
    i = np.arange(article.size) - starts[article]  # index within the article
    n = sizes[article]
    occurrences = by_word["_row"].explode().to_numpy().astype(np.int64)
    lengths = by_word["_row"].list.len().to_numpy()
    in_article = article[occurrences]
    first_of_type = np.ones(occurrences.size, bool)
    first_of_type[1:] = in_article[1:] != in_article[:-1]
    first_of_type[np.cumsum(lengths) - lengths] = True
    repeat = np.flatnonzero(~first_of_type)
    later, earlier = occurrences[repeat], occurrences[repeat - 1]
    prev = np.full(article.size, -1, np.int64)
    prev[later] = i[earlier]
    following = n.copy()
    following[earlier] = i[later]

    type_start = np.flatnonzero(first_of_type)
    type_article = in_article[type_start]
    out["types"] = np.bincount(type_article, minlength=n_articles)

    low = np.maximum(prev + 1, i - window + 1)
    high = np.minimum(i, n - window)
    # Float sums of small integers: exact (far below 2**53).
    windows = np.bincount(article, weights=np.clip(high - low + 1, 0, None), minlength=n_articles)
    long_enough = sizes >= window
    out["mattr"][long_enough] = windows[long_enough] / (
        window * (sizes[long_enough] - window + 1)
    ).astype(np.float64)

    f = np.diff(type_start, append=occurrences.size)
    out["hdd"] = _hdd(f, type_article, sizes, sample)

    forward = (i - prev).tolist()
    # In the reversed text, a word's previous occurrence is its next one: its gap is
    # the distance to the next occurrence, read in reverse order within each article.
    mirror = starts[article] + n - 1 - i
    backward = (following - i)[mirror].tolist()
    mtld_values = out["mtld"]
    ends = (starts + sizes).tolist()
    for a in np.flatnonzero(sizes).tolist():
        s, e = ends[a] - int(sizes[a]), ends[a]
        mtld_values[a] = _mtld_value(forward[s:e], backward[s:e], threshold)
    return out


# --- extraction --------------------------------------------------------------------


def _ratio(numerator: pl.Expr, denominator: pl.Expr, scale: float = 1.0) -> pl.Expr:
    return (
        pl.when(denominator > 0)
        .then(numerator.cast(pl.Float64) * scale / denominator.cast(pl.Float64))
        .otherwise(NAN)
    )


def _quoted(tokens: pl.DataFrame) -> pl.Series:
    """Per token (Boolean): it lies inside quotation marks (module docstring). Needs
    columns ``_para`` (paragraph id), ``sentence_row`` and ``token``, rows in reading
    order, each paragraph's rows contiguous.

    The state changes only at a quote mark and resets at a paragraph's first token, so
    it is computed at those few event rows, in numpy (no window per paragraph), and
    repeated over the rows up to the next event. The double state is the value set at
    the last reset (an opening mark sets 1; a closing mark or a paragraph start, 0)
    plus the toggles since, mod 2; the single state is whether the last ‘, ’ or
    paragraph start was a ‘."""
    import numpy as np

    para = tokens["_para"]
    if not para.is_sorted():
        # A Batch keeps each paragraph's rows together and in order (ids ascending);
        # any other order gets the same answer, computed on the rows sorted stably.
        order = np.argsort(para.to_numpy(), kind="stable")
        inverse = np.empty_like(order)
        inverse[order] = np.arange(order.size)
        return _quoted(tokens[order]).gather(inverse)
    start = (pl.col("_para") != pl.col("_para").shift(1)).fill_null(True)
    events = (
        tokens.lazy()
        .select(
            pl.int_range(pl.len(), dtype=pl.Int64).alias("_row"),
            "sentence_row",
            "token",
            start.alias("_start"),
        )
        .filter(pl.col("token").is_in(QUOTE_MARKS) | pl.col("_start"))
        .with_columns(
            pl.col("token").replace_strict(
                QUOTE_MARKS, range(len(QUOTE_MARKS)), default=-1, return_dtype=pl.Int8
            )
        )
        .collect()
    )
    row = events["_row"].to_numpy()
    sentence = events["sentence_row"].to_numpy()
    is_start = events["_start"].to_numpy()
    mark = events["token"].to_numpy()  # index in QUOTE_MARKS, -1 at a paragraph start

    def is_mark(*marks: str) -> np.ndarray:
        return np.isin(mark, [QUOTE_MARKS.index(m) for m in marks])

    # Events j and j+1 are neighbouring tokens of one sentence; a mark's neighbour that
    # is the same mark is an event too.
    adjacent = (row[1:] == row[:-1] + 1) & (sentence[1:] == sentence[:-1])

    def pair_first(m: str) -> np.ndarray:
        # The mark starts a pair of it: the next token of the sentence is the same
        # mark, the previous one is not.
        same = is_mark(m)
        pair = np.concatenate((adjacent & same[1:] & same[:-1], [False]))
        return same & pair & ~np.concatenate(([False], pair[:-1]))

    opening = is_mark(*OPEN_DOUBLE) | pair_first("`")
    reset = opening | is_mark(*CLOSE_DOUBLE) | is_start
    index = np.arange(events.height)
    last = np.maximum.accumulate(np.where(reset, index, 0))  # event 0 starts a paragraph
    toggle = is_mark('"') | pair_first("'")
    toggles = np.cumsum(toggle)
    double = (opening[last] + toggles - (toggles - toggle)[last]) % 2 == 1
    single_open = is_mark("‘")
    single_set = single_open | is_mark("’") | is_start
    single = single_open[np.maximum.accumulate(np.where(single_set, index, 0))]
    spans = np.diff(row, append=tokens.height)
    return pl.Series("_quoted", np.repeat(double | single, spans), pl.Boolean)


def _empty_extracted(batch: Batch) -> Extracted:
    return Extracted(
        articles=pl.DataFrame(
            {c.name: pl.Series([], dtype=_dtype(c)) for c in COLUMNS if c.level == "article"}
        ),
        sentences=pl.DataFrame(
            {c.name: pl.Series([], dtype=_dtype(c)) for c in COLUMNS if c.level == "sentence"}
        ),
        tables={"lexicon_hits": pl.DataFrame(schema=HITS_SCHEMA)},
    )


def _dtype(column: Column) -> type[pl.DataType]:
    return pl.Int64 if column.name in INT_COLUMNS else pl.Float64


COUNTS = ("_words", "_letter_words", "_chars", "_long", "_num", "_p1", "_p2", "_q")


def _token_flags(tokens: pl.DataFrame, quoted: pl.Series) -> pl.DataFrame:
    """Per token of `tokens` (``token, lower, kind``): the 0/1 (or letter count)
    columns summed into `COUNTS`, in one pass; `quoted` is `_quoted` of the tokens."""
    is_word = pl.col("kind") != "punct"
    letter_word = pl.col("kind") == "word"
    # Letters and digits ([^\W_]), counted as all characters minus the rest: the
    # complement class rarely matches, which the regex engine scans much faster.
    length = pl.col("token").str.len_chars() - pl.col("token").str.count_matches(r"[\W_]")
    # Eager selects do not share subexpressions: the letter count is a column first.
    return (
        tokens.lazy()
        .with_columns(pl.when(letter_word).then(length).otherwise(0).alias("_chars"))
        .select(
            is_word.alias("_words"),
            letter_word.alias("_letter_words"),
            "_chars",
            (pl.col("_chars") >= LONG_WORD).alias("_long"),
            (pl.col("kind") == "number").alias("_num"),
            (
                pl.col("lower").is_in(FIRST_PERSON)
                & ~((pl.col("lower") == "us") & (pl.col("token") == "US"))
            ).alias("_p1"),
            pl.col("lower").is_in(SECOND_PERSON).alias("_p2"),
            (pl.lit(quoted) & is_word).alias("_q"),
        )
        .collect()
    )


def _sums(index: np.ndarray, values: pl.DataFrame | dict[str, Any], n: int) -> dict[str, Any]:
    """Per column of `values`, its sums over the rows with each `index` 0 .. n-1
    (Int64 arrays; float sums of integers, exact far below 2**53)."""
    import numpy as np

    return {
        name: np.bincount(index, weights=np.asarray(column), minlength=n).astype(np.int64)
        for name, column in (
            values.to_dict() if isinstance(values, pl.DataFrame) else values
        ).items()
    }


def extract(batch: Batch, ctx: Context) -> Extracted:
    """Article- and sentence-level lexical columns and the ``lexicon_hits`` table.

    Token counts are summed per sentence once; article columns sum the body sentences'
    counts (integers, so the totals, hit counts included, are exact) and add the
    diversity measures of `_diversity`."""
    import numpy as np

    if batch.articles.height == 0:
        return _empty_extracted(batch)
    lexicons = study_lexicons(ctx.study, ctx.options)
    names = [lex.name for lex in lexicons]
    n_articles, n_sentences = batch.articles.height, batch.sentences.height
    articles = batch.articles.select("outlet", "article_id").with_row_index("_article")
    text = pl.col("text").fill_null("")
    sentences = (
        batch.sentences.lazy()
        # m:1 fails loudly on a repeated (outlet, article_id): the sums below need
        # exactly one row per sentence.
        .join(
            articles.lazy(),
            on=["outlet", "article_id"],
            how="left",
            maintain_order="left",
            validate="m:1",
        )
        .select(
            "_article",
            (pl.col("_article").cast(pl.Int64) * 1_000_000 + pl.col("paragraph")).alias("_para"),
            "is_headline",
            text.str.contains(rf"\?[.?!…]*[\s{CLOSERS}]*$").cast(pl.Float64).alias("_question"),
            text.str.contains(rf"![.?!…]*[\s{CLOSERS}]*$").cast(pl.Float64).alias("_exclamation"),
        )
        .collect()
    )
    tokens = batch.tokens
    # sentence_row is the row index of `sentences`, so gathers replace joins.
    row = tokens["sentence_row"].to_numpy()
    sentence_article = sentences["_article"].to_numpy()
    quoted = _quoted(
        pl.DataFrame(
            {
                "_para": sentences["_para"].to_numpy()[row],
                "sentence_row": tokens["sentence_row"],
                "token": tokens["token"],
            }
        )
    )
    flags = _token_flags(tokens, quoted)
    matches = match_lexicons(tokens, lexicons)
    hits = hits_per_sentence(matches, n_sentences, names)
    hit_names = [f"_hits_{n}" for n in names]

    # Sentence level.
    counts = _sums(row, flags, n_sentences)
    sent = pl.DataFrame(
        {
            **counts,
            **{h: hits[n] for n, h in zip(names, hit_names, strict=True)},
            "_question": sentences["_question"],
            "_exclamation": sentences["_exclamation"],
        }
    )
    sentence_out = sent.select(
        pl.col("_words").cast(pl.Int64).alias("lexical__words"),
        _ratio(pl.col("_chars"), pl.col("_letter_words")).alias("lexical__word_length"),
        pl.col("_long").cast(pl.Int64).alias("lexical__long_words"),
        pl.col("_num").cast(pl.Int64).alias("lexical__numbers"),
        pl.col("_question").alias("lexical__is_question"),
        pl.col("_exclamation").alias("lexical__is_exclamation"),
        _ratio(pl.col("_q"), pl.col("_words")).alias("lexical__quoted_share"),
        pl.col("_p1").cast(pl.Int64).alias("lexical__first_person"),
        pl.col("_p2").cast(pl.Int64).alias("lexical__second_person"),
        *[pl.col(h).alias(f"lexical__{n}_hits") for n, h in zip(names, hit_names, strict=True)],
    )

    # Article level: body only.
    body = ~sentences["is_headline"].to_numpy()
    by_article = _sums(
        sentence_article[body],
        {
            **{c: v[body] for c, v in counts.items()},
            **{h: hits[n].to_numpy()[body] for n, h in zip(names, hit_names, strict=True)},
            "_sentences": np.ones(int(body.sum())),
            "_questions": sentences["_question"].to_numpy()[body],
            "_exclamations": sentences["_exclamation"].to_numpy()[body],
        },
        n_articles,
    )
    is_word = flags["_words"].to_numpy()
    words = is_word & body[row]
    diversity = _diversity(
        pl.DataFrame(
            {"_article": sentence_article[row[words]], "lower": tokens["lower"].filter(words)}
        ),
        n_articles,
    )
    table = pl.DataFrame(
        {**by_article, **{f"_{name}": values for name, values in diversity.items()}}
    )
    w = pl.col("_words")
    article_out = table.select(
        w.cast(pl.Int64).alias("lexical__tokens"),
        pl.col("_types").cast(pl.Int64).alias("lexical__types"),
        _ratio(pl.col("_types"), w).alias("lexical__ttr"),
        pl.col("_mtld").alias("lexical__mtld"),
        pl.col("_mattr").alias("lexical__mattr"),
        pl.col("_hdd").alias("lexical__hdd"),
        _ratio(pl.col("_chars"), pl.col("_letter_words")).alias("lexical__mean_word_length"),
        _ratio(pl.col("_long"), pl.col("_letter_words")).alias("lexical__long_word_share"),
        _ratio(pl.col("_num"), w, 100).alias("lexical__numbers_rate"),
        _ratio(pl.col("_questions"), pl.col("_sentences")).alias("lexical__question_rate"),
        _ratio(pl.col("_exclamations"), pl.col("_sentences")).alias("lexical__exclamation_rate"),
        _ratio(pl.col("_q"), w).alias("lexical__quote_density"),
        _ratio(pl.col("_p1"), w, 100).alias("lexical__first_person_rate"),
        _ratio(pl.col("_p2"), w, 100).alias("lexical__second_person_rate"),
        *[
            _ratio(pl.col(h), w, 100).alias(f"lexical__{n}_rate")
            for n, h in zip(names, hit_names, strict=True)
        ],
    )
    table_hits = hits_by_article(matches, batch.sentences, keep=~pl.col("is_headline"))
    return Extracted(
        articles=article_out, sentences=sentence_out, tables={"lexicon_hits": table_hits}
    )


# --- declaration -------------------------------------------------------------------

_BODY = "Body (headline excluded); words = word and number tokens."
_REF_MTLD = (
    "McCarthy, P. M. & Jarvis, S. (2010). MTLD, vocd-D, and HD-D. Behavior Research Methods 42(2)"
)
_LEXICON_TEXT = {
    "hedges": ("hedges (may, perhaps, apparently...)", "more = more tentative", "Hyland (2005)"),
    "boosters": (
        "boosters (clearly, indeed, of course...)",
        "more = more emphatic certainty",
        "Hyland (2005)",
    ),
    "factives": (
        "factive verbs (revealed, admitted, realised...)",
        "more = more content presupposed true",
        "Hooper (1975); Recasens et al. (2013)",
    ),
    "assertives": (
        "assertive verbs (claimed, insisted, believes...)",
        "more = more commitment-graded assertion",
        "Hooper (1975); Recasens et al. (2013)",
    ),
    "report_verbs": (
        "reporting verbs (said, told, warned, according to...)",
        "more = more attributed speech",
        "Bergler (1992); Thompson & Ye (1991); Hunston (1995)",
    ),
    "subjectivity": (
        "strongly subjective words (absurd, shocking, sadly...)",
        "more = more evaluative language",
        "own list after Wiebe et al. (2004); Wilson et al. (2005)",
    ),
    "loaded_language": (
        "loaded terms (regime, puppet, slammed, so-called...)",
        "more = more emotive labelling",
        "own list after Da San Martino et al. (2019); Recasens et al. (2013)",
    ),
}

COLUMNS: tuple[Column, ...] = (
    Column("lexical__tokens", f"Words in the body. {_BODY}", (0, None), "length", ""),
    Column("lexical__types", "Distinct lowercased words in the body.", (0, None), "length", ""),
    Column("lexical__ttr", "Type-token ratio: types / tokens (NaN without words).", (0, 1),
           "higher = more varied vocabulary; falls with length", "Templin (1957)"),
    Column("lexical__mtld", "Measure of textual lexical diversity: mean of forward and backward "
           "tokens / factors, factor threshold TTR 0.72; NaN when no word repeats.", (1, None),
           "higher = more varied vocabulary (length-robust)", _REF_MTLD),
    Column("lexical__mattr", f"Moving-average TTR: mean TTR over every {MATTR_WINDOW}-word window; "
           f"NaN under {MATTR_WINDOW} words.", (0, 1),
           "higher = more varied vocabulary (length-robust)",
           "Covington, M. A. & McFall, J. D. (2010). Journal of Quantitative Linguistics 17(2)"),
    Column("lexical__hdd", f"HD-D: sum over types of P(type in a random {HDD_SAMPLE}-word sample, "
           f"hypergeometric) / {HDD_SAMPLE}; NaN under {HDD_SAMPLE} words.", (0, 1),
           "higher = more varied vocabulary (length-robust)",
           "McCarthy, P. M. & Jarvis, S. (2007). Language Testing 24(4)"),
    Column("lexical__mean_word_length", "Mean letters and digits per word token (numbers "
           "excluded; apostrophes and hyphens not counted); NaN without letter words.", (1, None), "higher = longer words", ""),
    Column("lexical__long_word_share", f"Share of word tokens with {LONG_WORD}+ letters or digits; NaN "
           "without letter words.", (0, 1), "higher = longer words", "Björnsson (1968), LIX"),
    Column("lexical__numbers_rate", "Number tokens (1,000; 3.5%; 20th) per 100 words; NaN without body "
           "words.", (0, 100),
           "higher = more figures", ""),
    Column("lexical__question_rate", "Share of body sentences ending in '?' (before closing "
           "quotes or brackets); NaN without body sentences.", (0, 1), "higher = more questions", ""),
    Column("lexical__exclamation_rate", "Share of body sentences ending in '!'; NaN without body "
           "sentences.", (0, 1),
           "higher = more exclamations", ""),
    Column("lexical__quote_density", "Share of body words inside quotation marks (straight, "
           "curly, ``'' and ‘ ’; state reset per paragraph); NaN without body words.", (0, 1),
           "higher = more quoted words", ""),
    Column("lexical__first_person_rate", "First-person pronouns (I, we, us, our, let's...; not "
           "'US') per 100 words; NaN without body words.", (0, 100), "higher = more first-person voice (mostly in quotes)", ""),
    Column("lexical__second_person_rate", "Second-person pronouns (you, your...) per 100 words; NaN "
           "without body words.",
           (0, 100), "higher = more direct address", ""),
    *[
        Column(f"lexical__{name}_rate", f"Hits of {text} per 100 words; topic words masked; see "
               "lexicon_hits.csv; NaN without body words.", (0, 100), direction, reference)
        for name, (text, direction, reference) in _LEXICON_TEXT.items()
    ],
    Column("lexical__words", "Words (word and number tokens) in the sentence.", (0, None),
           "length", "", level="sentence"),
    Column("lexical__word_length", "Mean letters and digits per word token in the sentence.",
           (1, None), "higher = longer words", "", level="sentence"),
    Column("lexical__long_words", f"Word tokens with {LONG_WORD}+ letters or digits.", (0, None),
           "higher = longer words", "", level="sentence"),
    Column("lexical__numbers", "Number tokens in the sentence.", (0, None), "higher = more figures",
           "", level="sentence"),
    Column("lexical__is_question", "1 if the sentence ends in '?', else 0.", (0, 1), "question",
           "", level="sentence"),
    Column("lexical__is_exclamation", "1 if the sentence ends in '!', else 0.", (0, 1),
           "exclamation", "", level="sentence"),
    Column("lexical__quoted_share", "Share of the sentence's words inside quotation marks "
           "(quote state carried across the paragraph).", (0, 1), "higher = more quoted", "",
           level="sentence"),
    Column("lexical__first_person", "First-person pronouns in the sentence.", (0, None),
           "first-person voice", "", level="sentence"),
    Column("lexical__second_person", "Second-person pronouns in the sentence.", (0, None),
           "direct address", "", level="sentence"),
    *[
        Column(f"lexical__{name}_hits", f"Hits of {text} in the sentence (headline included).",
               (0, None), direction, reference, level="sentence")
        for name, (text, direction, reference) in _LEXICON_TEXT.items()
    ],
)  # fmt: skip
INT_COLUMNS = frozenset(
    {
        "lexical__tokens",
        "lexical__types",
        "lexical__words",
        "lexical__long_words",
        "lexical__numbers",
        "lexical__first_person",
        "lexical__second_person",
        *(f"lexical__{n}_hits" for n in LEXICONS),
    }
)

FAMILY = Family(
    name="lexical",
    version=_version(),
    description=(
        "Length, vocabulary diversity (TTR, MTLD, MATTR, HD-D), word length, numbers, "
        "questions and exclamations, quote density, person deixis, and rates of seven "
        "versioned lexicons with the study's topic words masked (docs/lexicons.md). Article "
        "columns describe the body; lexicon_hits.csv lists the words behind each rate."
    ),
    columns=COLUMNS,
    extract=extract,
    options=LexicalOptions,
    tables=(LEXICON_HITS,),
    reads=reads,
    counterparts=counterparts,
    headlines=HEADLINES,
)
