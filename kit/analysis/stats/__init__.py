"""Statistics with the conventions of the reference software (R: psych, multilevel).

Every function is checked against R on public data shipped with the R packages; the script and
the values are in ``tests/reference/`` (``stats_reference.R``). Results share one column
vocabulary, :data:`COLUMNS`.

* Reliability of a scale (:mod:`kit.analysis.stats.reliability`): :func:`cronbach_alpha`,
  :func:`omega_total` (minres factoring in :mod:`kit.analysis.stats.factor`).
* Aggregating individuals to teams (:mod:`kit.analysis.stats.aggregation`): :func:`icc1`,
  :func:`icc2`, :func:`rwg`, :func:`rwg_j`, :func:`ad_m`.
* Intervals (:mod:`kit.analysis.stats.intervals`): :func:`mean_ci`, :func:`fisher_ci`.

Examples
--------
>>> import pandas as pd
>>> d = pd.DataFrame({"g": ["a"] * 3 + ["b"] * 3, "x": [4, 4, 5, 2, 3, 4]})
>>> round(icc1(d, "x", "g"), 4), round(icc2(d, "x", "g"), 4)
(0.5, 0.75)
>>> rwg(d, "x", "g", options=5)["rwg"].round(4).tolist()
[0.8333, 0.5]
"""

from __future__ import annotations

from kit.analysis.stats.aggregation import ad_m, icc1, icc2, rwg, rwg_j
from kit.analysis.stats.columns import COLUMNS
from kit.analysis.stats.intervals import fisher_ci, mean_ci
from kit.analysis.stats.reliability import AlphaResult, cronbach_alpha, omega_total

__all__ = [
    "COLUMNS",
    # reliability
    "AlphaResult",
    "cronbach_alpha",
    "omega_total",
    # aggregation to teams
    "ad_m",
    "icc1",
    "icc2",
    "rwg",
    "rwg_j",
    # intervals
    "fisher_ci",
    "mean_ci",
]
