"""Statistics: resampling (bootstrap, permutations, seeded streams) shared by every
stage that needs an interval or a p-value, and the per-outlet tables built on it."""
