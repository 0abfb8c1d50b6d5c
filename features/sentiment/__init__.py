"""`sentiment` feature family: VADER per sentence, aggregated per article, and per document.

Every sentence (the headline's included) is scored with VADER (Hutto & Gilbert 2014),
exactly as vaderSentiment 3.3.2 scores it, after typographic quotes are mapped to ASCII
(see `framing.features.sentiment.vader`). Article columns aggregate the *body* sentences; the headline has
its own column. The ``doc_*`` columns score the whole body text (``articles.text``, the
body paragraphs joined by blank lines, headline excluded) in one call, as
vaderSentiment would: on long texts the compound saturates towards ±1, so prefer
``mean_compound`` for comparisons (docs/sentiment.md).

An empty text (no token) scores NaN, not vaderSentiment's all-zero result; an article
with no body sentence has NaN aggregates and a null ``most_negative_sentence``.

The package, cut where a reader checks one thing at a time:

* `columns`: the declared columns (definitions, ranges, reference);
* `extraction`: the family's batch → frames function (scoring and polars aggregation);
* `vader`: the public VADER API every family uses (`score`, `score_texts`,
  `score_sentences_and_documents`, the ±0.05 cut-offs), and batching;
* `vader_quotes`: quote normalisation, deliberately VADER's own (not the shared
  quote-mark model);
* `vader_words`, `vader_rules`, `vader_analyzer`: the linear-time re-implementation of
  vaderSentiment's scorer, the rules kept statement for statement in a module of their
  own so that they can be read against the stock source (see `vader`).

Importing the family does not import vaderSentiment (only `vader_analyzer` and the
modules it imports do, when the analyser is first built).
"""

from __future__ import annotations

from framing.features.base import Family
from framing.features.sentiment.columns import COLUMNS
from framing.features.sentiment.counterparts import counterparts
from framing.features.sentiment.extraction import extract
from framing.features.sentiment.report import HEADLINES

__all__ = ["COLUMNS", "FAMILY", "extract"]

FAMILY = Family(
    name="sentiment",
    version="1",
    description=(
        "VADER (vaderSentiment 3.3.2, exact, typographic quotes normalised) per sentence, "
        "aggregated per article; and on the whole body text."
    ),
    columns=COLUMNS,
    extract=extract,
    counterparts=counterparts,
    packages=("vaderSentiment",),
    headlines=HEADLINES,
)
