"""Classifiers with honest cross-validation: how distinguishable are the outlets?

`fit_all` (`fitting.py`) fits one scikit-learn model per (classifier, feature set)
of ``[models]`` on the study's units and returns the ``classifiers``, ``confusion``
and ``coefficients`` tables (`tables.py`, docs/models.md). The units come from
`data.py`, the sample and cross-validation plan from `cv.py`, the estimators from
`estimators.py`, the in-fold feature matrices from `blocks.py`, the work split and its
assembly from `tasks.py` and `outcomes.py`, scores and baselines from `evaluate.py`,
permutation draws, p-values and vectorised refits from `permutation.py`.

Importing this package is cheap; its modules load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from framing.models.fitting import CLASSIFIER_COLUMNS, fit_all

__all__ = ["CLASSIFIER_COLUMNS", "fit_all"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from framing.models import fitting

        return getattr(fitting, name)
    raise AttributeError(f"module 'framing.models' has no attribute {name!r}")
