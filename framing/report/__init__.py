"""The self-contained HTML report: the page and the run's own sections (summary,
headline features, classifiers, provenance), the HTML helpers and figure drawer that
every section uses; each feature family's section lives in the family's package."""
