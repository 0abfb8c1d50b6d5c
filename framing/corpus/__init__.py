"""The corpus stage: sources (files per outlet, or one table) → cleaning → headline,
paragraphs and sentences → the one shared tokenisation, as polars frames."""
