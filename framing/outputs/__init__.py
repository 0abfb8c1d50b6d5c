"""What a run writes: the table registry, the run-folder writer and the manifest, and
the one reader that `framing report` and `framing compare` use to read a run back."""
