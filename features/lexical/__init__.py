"""`lexical` family: length, vocabulary diversity, word shape, punctuation, quotes,
person deixis and lexicon rates (hedges, boosters, ... loaded language).

Article-level columns describe the **body** (headline excluded), so their word counts
equal ``n_words`` in articles.csv and every ``*_rate`` times ``n_words / 100`` is the
article's hit count in ``lexicon_hits.csv``. Sentence-level columns are computed for
every sentence, the headline included. "Words" are the ``word`` and ``number`` tokens
of the shared tokenisation (`framing.corpus.tokens`); ``lower`` forms are compared.

Quote state (``quote_density``, ``quoted_share``) is tracked within each paragraph,
token by token, by the family's own quote-mark model (`quoting`).

Diversity measures over the body's words in reading order (all in docs/lexicons.md):
MTLD (McCarthy & Jarvis 2010), MATTR (Covington & McFall 2010) and HD-D (McCarthy &
Jarvis 2007).

The package, cut so that each part can be read and tested on its own:

* `options`: ``[features.lexical]``, the study's lexicons, the family version and the
  cache key (what changes the results);
* `lexicon`: list files, masking and matching over the shared tokens (shared with
  other families);
* `quoting`: which tokens lie inside quotation marks, the family's own quote-mark
  model, isolated so that it can adopt the shared one;
* `diversity`: MTLD, MATTR and HD-D;
* `extraction`: token flags summed per sentence and per article;
* `columns`: the declaration.
"""

from __future__ import annotations

from framing.features.base import Family
from framing.features.lexical.columns import COLUMNS
from framing.features.lexical.counterparts import counterparts
from framing.features.lexical.extraction import extract
from framing.features.lexical.options import LEXICONS, LexicalOptions, family_version, reads
from framing.features.lexical.report import HEADLINES
from framing.outputs.tables import LEXICON_HITS

__all__ = ["COLUMNS", "FAMILY", "LEXICONS", "LexicalOptions", "extract"]

FAMILY = Family(
    name="lexical",
    version=family_version(),
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
