"""`lexical` family: length, vocabulary diversity, word shape, punctuation, quotes,
person deixis and lexicon rates (hedges, boosters, ... loaded language).

Article-level columns describe the **body** (headline excluded), so their word counts
equal ``n_words`` in articles.csv and every ``*_rate`` times ``n_words / 100`` is the
article's hit count in ``lexicon_hits.csv``. Sentence-level columns are computed for
every sentence, the headline included. "Words" are the ``word`` and ``number`` tokens
of the shared tokenisation (`framing.text`); ``lower`` forms are compared.

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
from typing import TYPE_CHECKING, Any

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, field_validator

from framing.features.base import Column, Context, Extracted, Family
from framing.lexicon import (
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

if TYPE_CHECKING:
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


def _version() -> str:
    # The family version changes with every edit of a bundled list (docs/lexicons.md).
    return "1." + lexicons_digest(_bundled_paths().values())[:10]


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


def _mtld_pass(words: list[str], threshold: float) -> float:
    """Factor count of one MTLD pass (McCarthy & Jarvis 2010): a factor ends when the
    running TTR falls to `threshold` or below; the leftover segment adds
    ``(1 - TTR) / (1 - threshold)``."""
    factors = 0.0
    seen: set[str] = set()
    count = 0
    for word in words:
        count += 1
        seen.add(word)
        if len(seen) / count <= threshold:
            factors += 1.0
            seen = set()
            count = 0
    if count:
        factors += (1.0 - len(seen) / count) / (1.0 - threshold)
    return factors


def mtld(words: list[str], *, threshold: float = MTLD_THRESHOLD) -> float:
    """Bidirectional MTLD: mean of ``len(words) / factors`` over the forward and the
    reversed text. NaN when no factor accrues (no word repeats, or no words)."""
    values = []
    for sequence in (words, words[::-1]):
        factors = _mtld_pass(sequence, threshold)
        if factors <= 0:
            return NAN
        values.append(len(sequence) / factors)
    return sum(values) / 2


def _mattr_expr(window: int) -> pl.Expr:
    """MATTR per group, in polars. A word at index i whose previous occurrence is at p
    (-1 if none) is new in every window starting at s with max(p+1, i-w+1) <= s <=
    min(i, n-w); summing those window counts gives the summed window type counts."""
    n = pl.len()
    i = pl.col("_i")
    low = pl.max_horizontal(pl.col("_prev") + 1, i - window + 1)
    high = pl.min_horizontal(i, n.cast(pl.Int64) - window)
    windows = (high - low + 1).clip(lower_bound=0)
    value = windows.sum() / (window * (n.cast(pl.Int64) - window + 1))
    return pl.when(n >= window).then(value.cast(pl.Float64)).otherwise(NAN)


def _hdd(freqs: pl.DataFrame, sample: int) -> pl.DataFrame:
    """HD-D per article from type frequencies (columns ``_article, f, n``): the sum over
    types of P(type in a random `sample`-word draw without replacement) / sample,
    P = 1 - C(n-f, s) / C(n, s). NaN when n < sample."""
    import numpy as np
    from scipy.special import gammaln

    if freqs.height == 0:
        return pl.DataFrame(schema={"_article": pl.UInt32, "hdd": pl.Float64})
    f = freqs["f"].to_numpy().astype(np.float64)
    n = freqs["n"].to_numpy().astype(np.float64)
    valid = n >= sample
    rest = n - f
    with np.errstate(invalid="ignore", divide="ignore"):
        log_p0 = (
            gammaln(rest + 1)
            - gammaln(rest - sample + 1)
            - gammaln(n + 1)
            + gammaln(n - sample + 1)
        )
    p0 = np.where(valid & (rest >= sample), np.exp(np.where(rest >= sample, log_p0, 0.0)), 0.0)
    contribution = np.where(valid, (1.0 - p0) / sample, np.nan)
    # math.fsum is exactly rounded, so HD-D does not depend on the order of an
    # article's types nor on how many articles share a chunk (polars' float sums do).
    articles = freqs["_article"].to_numpy()
    order = np.argsort(articles, kind="stable")
    ids, starts = np.unique(articles[order], return_index=True)
    sums = [math.fsum(part) for part in np.split(contribution[order], starts[1:])]
    return pl.DataFrame(
        {"_article": ids, "hdd": sums}, schema={"_article": pl.UInt32, "hdd": pl.Float64}
    )


# --- extraction --------------------------------------------------------------------


def _ratio(numerator: pl.Expr, denominator: pl.Expr, scale: float = 1.0) -> pl.Expr:
    return (
        pl.when(denominator > 0)
        .then(numerator.cast(pl.Float64) * scale / denominator.cast(pl.Float64))
        .otherwise(NAN)
    )


def _quote_state() -> pl.Expr:
    """Boolean expression: the token lies inside quotation marks (module docstring).
    Needs columns ``_para`` (paragraph id), ``token``, ``_next``, ``_prev``, rows in
    reading order."""
    tok = pl.col("token")
    pair_first = ((tok == pl.col("_next")) & (pl.col("_prev") != tok).fill_null(True)).fill_null(
        False
    )
    set_double = (
        pl.when(tok.is_in(OPEN_DOUBLE) | ((tok == "`") & pair_first))
        .then(1)
        .when(tok.is_in(CLOSE_DOUBLE))
        .then(0)
    )
    toggle = (tok == '"') | ((tok == "'") & pair_first)
    is_set = set_double.is_not_null()
    segment = is_set.cum_sum().over("_para")
    base = set_double.forward_fill().over("_para").fill_null(0)
    flips = toggle.cast(pl.Int32).cum_sum().over("_para", segment)
    double = ((base + flips) % 2) == 1
    single = (
        pl.when(tok == "‘").then(True).when(tok == "’").then(False).forward_fill().over("_para")
    ).fill_null(False)
    return double | single


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


def extract(batch: Batch, ctx: Context) -> Extracted:
    """Article- and sentence-level lexical columns and the ``lexicon_hits`` table."""
    if batch.articles.height == 0:
        return _empty_extracted(batch)
    lexicons = study_lexicons(ctx.study, ctx.options)
    names = [lex.name for lex in lexicons]
    articles = batch.articles.select("outlet", "article_id").with_row_index("_article")
    sentences = (
        batch.sentences.with_row_index("sentence_row")
        .join(articles, on=["outlet", "article_id"], how="left", maintain_order="left")
        .with_columns(
            pl.col("text").fill_null(""),
            (pl.col("_article").cast(pl.Int64) * 1_000_000 + pl.col("paragraph")).alias("_para"),
        )
    )
    is_question = pl.col("text").str.contains(rf"\?[.?!…]*[\s{CLOSERS}]*$")
    is_exclamation = pl.col("text").str.contains(rf"![.?!…]*[\s{CLOSERS}]*$")
    sentences = sentences.with_columns(
        is_question.cast(pl.Float64).alias("_question"),
        is_exclamation.cast(pl.Float64).alias("_exclamation"),
    )

    tokens = batch.tokens.join(
        sentences.select("sentence_row", "_article", "_para", "is_headline"),
        on="sentence_row",
        how="left",
        maintain_order="left",
    )
    same_sentence_next = pl.col("sentence_row").shift(-1) == pl.col("sentence_row")
    same_sentence_prev = pl.col("sentence_row").shift(1) == pl.col("sentence_row")
    tokens = tokens.with_columns(
        pl.when(same_sentence_next).then(pl.col("token").shift(-1)).alias("_next"),
        pl.when(same_sentence_prev).then(pl.col("token").shift(1)).alias("_prev"),
    )
    is_word = pl.col("kind") != "punct"
    letter_word = pl.col("kind") == "word"
    length = pl.col("token").str.count_matches(r"[^\W_]")
    tokens = tokens.with_columns(
        is_word.alias("_w"),
        letter_word.alias("_lw"),
        pl.when(letter_word).then(length).alias("_len"),
        (letter_word & (length >= LONG_WORD)).alias("_long"),
        (pl.col("kind") == "number").alias("_num"),
        (
            pl.col("lower").is_in(FIRST_PERSON)
            & ~((pl.col("lower") == "us") & (pl.col("token") == "US"))
        ).alias("_p1"),
        pl.col("lower").is_in(SECOND_PERSON).alias("_p2"),
        (_quote_state() & is_word).alias("_q"),
    )
    counts = [
        pl.col("_w").sum().alias("_words"),
        pl.col("_lw").sum().alias("_letter_words"),
        pl.col("_len").sum().alias("_chars"),
        pl.col("_long").sum().alias("_long"),
        pl.col("_num").sum().alias("_num"),
        pl.col("_p1").sum().alias("_p1"),
        pl.col("_p2").sum().alias("_p2"),
        pl.col("_q").sum().alias("_q"),
    ]
    count_names = ["_words", "_letter_words", "_chars", "_long", "_num", "_p1", "_p2", "_q"]

    matches = match_lexicons(batch.tokens, lexicons)
    per_sentence_hits = hits_per_sentence(matches, batch.sentences.height, names)

    # Sentence level.
    by_sentence = tokens.group_by("sentence_row").agg(counts)
    sent = (
        sentences.select("sentence_row", "_question", "_exclamation")
        .join(by_sentence, on="sentence_row", how="left", maintain_order="left")
        .with_columns(pl.col(count_names).fill_null(0))
        .join(per_sentence_hits, on="sentence_row", how="left", maintain_order="left")
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
        *[pl.col(n).alias(f"lexical__{n}_hits") for n in names],
    )

    # Article level: body only.
    body_tokens = tokens.filter(~pl.col("is_headline"))
    body_sentences = sentences.filter(~pl.col("is_headline"))
    by_article = body_tokens.group_by("_article").agg(
        *counts, pl.col("lower").filter(pl.col("_w")).n_unique().alias("_types")
    )
    questions = body_sentences.group_by("_article").agg(
        pl.len().alias("_sentences"),
        pl.col("_question").sum().alias("_questions"),
        pl.col("_exclamation").sum().alias("_exclamations"),
    )
    hits = hits_by_article(matches, batch.sentences, keep=~pl.col("is_headline"))
    hit_totals = (
        hits.join(articles, on=["outlet", "article_id"])
        .group_by("_article", "lexicon")
        .agg(pl.col("count").sum())
    )
    hit_wide = articles.select("_article")
    for name in names:
        hit_wide = hit_wide.join(
            hit_totals.filter(pl.col("lexicon") == name).select(
                "_article", pl.col("count").alias(f"_hits_{name}")
            ),
            on="_article",
            how="left",
            maintain_order="left",
        )

    words = (
        body_tokens.filter(pl.col("_w"))
        .select("_article", "lower")
        .with_columns(pl.int_range(pl.len(), dtype=pl.Int64).over("_article").alias("_i"))
    )
    words = words.with_columns(
        pl.col("_i").shift(1).over("_article", "lower").fill_null(-1).alias("_prev")
    )
    mattr = words.group_by("_article").agg(_mattr_expr(MATTR_WINDOW).alias("mattr"))
    # maintain_order: HD-D sums floats over an article's types, and a sum's last bits
    # depend on its order; first-occurrence order makes reruns byte-identical.
    freqs = (
        words.group_by("_article", "lower", maintain_order=True)
        .agg(pl.len().alias("f"))
        .with_columns(pl.col("f").sum().over("_article").alias("n"))
    )
    hdd = _hdd(freqs, HDD_SAMPLE)
    lists = words.group_by("_article", maintain_order=True).agg(pl.col("lower"))
    mtld_values = pl.DataFrame(
        {
            "_article": lists["_article"],
            "mtld": [mtld(seq) for seq in lists["lower"].to_list()],
        },
        schema={"_article": pl.UInt32, "mtld": pl.Float64},
    )

    table = (
        articles.select("_article")
        .join(by_article, on="_article", how="left", maintain_order="left")
        .join(questions, on="_article", how="left", maintain_order="left")
        .join(hit_wide, on="_article", how="left", maintain_order="left")
        .join(mattr, on="_article", how="left", maintain_order="left")
        .join(hdd, on="_article", how="left", maintain_order="left")
        .join(mtld_values, on="_article", how="left", maintain_order="left")
    )
    table = table.with_columns(
        pl.col([*count_names, "_types", "_sentences", "_questions", "_exclamations"]).fill_null(0),
        pl.col([f"_hits_{n}" for n in names]).fill_null(0),
        pl.col("mattr", "hdd", "mtld").fill_null(NAN),
    )
    w = pl.col("_words")
    article_out = table.select(
        w.cast(pl.Int64).alias("lexical__tokens"),
        pl.col("_types").cast(pl.Int64).alias("lexical__types"),
        _ratio(pl.col("_types"), w).alias("lexical__ttr"),
        pl.col("mtld").alias("lexical__mtld"),
        pl.col("mattr").alias("lexical__mattr"),
        pl.col("hdd").alias("lexical__hdd"),
        _ratio(pl.col("_chars"), pl.col("_letter_words")).alias("lexical__mean_word_length"),
        _ratio(pl.col("_long"), pl.col("_letter_words")).alias("lexical__long_word_share"),
        _ratio(pl.col("_num"), w, 100).alias("lexical__numbers_rate"),
        _ratio(pl.col("_questions"), pl.col("_sentences")).alias("lexical__question_rate"),
        _ratio(pl.col("_exclamations"), pl.col("_sentences")).alias("lexical__exclamation_rate"),
        _ratio(pl.col("_q"), w).alias("lexical__quote_density"),
        _ratio(pl.col("_p1"), w, 100).alias("lexical__first_person_rate"),
        _ratio(pl.col("_p2"), w, 100).alias("lexical__second_person_rate"),
        *[_ratio(pl.col(f"_hits_{n}"), w, 100).alias(f"lexical__{n}_rate") for n in names],
    )
    return Extracted(articles=article_out, sentences=sentence_out, tables={"lexicon_hits": hits})


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
    tables=("lexicon_hits",),
    table_keys={"lexicon_hits": ("outlet", "article_id", "lexicon", "word")},
    reads=reads,
)
