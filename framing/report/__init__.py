"""The self-contained HTML report: page layout, figures and one section per stage or
feature family."""
