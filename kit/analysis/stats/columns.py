"""The shared column vocabulary of statistics results.

Every DataFrame or dict the statistics functions return uses these names, so that a team's
mean, its interval and its agreement can be joined and shown side by side without renaming.
"""

from __future__ import annotations

from types import MappingProxyType

__all__ = ["COLUMNS"]

#: column name -> meaning, for every column a statistics result can carry
COLUMNS = MappingProxyType({
    "n": "number of non-missing values (respondents, rows or teams) the statistic used",
    "mean": "arithmetic mean",
    "sd": "standard deviation with the n - 1 denominator",
    "se": "standard error of the mean, sd / sqrt(n)",
    "ci_low": "lower end of the confidence interval (95% unless stated)",
    "ci_high": "upper end of the confidence interval (95% unless stated)",
    "k": "number of items",
    "raw_alpha": "Cronbach's alpha from the covariance matrix",
    "std_alpha": "standardised alpha, from the correlation matrix cov2cor(C)",
    "average_r": "mean inter-item correlation",
    "omega_total": "McDonald's omega total, one factor",
    "icc1": "ICC(1), share of variance between groups",
    "icc2": "ICC(2), reliability of the group means",
    "rwg": "within-group agreement on one item, uniform null",
    "rwg_j": "within-group agreement on J items, uniform null",
    "ad_m": "average absolute deviation from the group mean (or median)",
    "gsize": "group size: rows of the group the agreement index used",
})
