"""Statistics: resampling (seeded streams, bootstrap, permutations, the Wilson interval)
shared by every stage that needs an interval or a p-value, and the per-outlet tables
built on it.

``resampling``  random streams, bootstrap, permutation tests, intervals (every table)
``effects``     Cohen's d and Benjamini–Hochberg q-values
``units``       what is resampled per outlet: articles, or body sentences
``outlets``     ``outlet_stats.csv``, and `outlet_tables` (the pipeline's entry point)
``comparisons`` ``comparisons.csv``
"""
