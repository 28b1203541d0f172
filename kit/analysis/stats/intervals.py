"""Confidence intervals: the t interval of a mean, Fisher's z interval of a correlation."""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
from scipy import stats as sps

from kit.analysis.stats._validate import probability
from kit.errors import ArgumentError

__all__ = ["fisher_ci", "mean_ci"]


def mean_ci(values: object, level: float = 0.95) -> dict:
    """Mean of the non-missing values with a t interval, as R's ``t.test(x)$conf.int``.

    Parameters
    ----------
    values : array-like of numbers
        Scores, e.g. the respondents' scores of one team; NaN values are left out.
    level : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    dict
        ``n`` (non-missing values), ``mean``, ``sd`` (n - 1 denominator), ``se``
        (sd / sqrt(n)), ``ci_low``, ``ci_high``.

    Raises
    ------
    ArgumentError
        If the values are not numbers, fewer than 2 are non-missing, or ``level`` is not in
        (0, 1).

    Notes
    -----
    mean +- t(1 - (1 - level) / 2, n - 1) * sd / sqrt(n). Checked against R's ``t.test`` on
    groups of ``multilevel::bh1996`` (``tests/reference/stats_reference.R``).

    Examples
    --------
    >>> r = mean_ci([3, 4, 5])
    >>> r["n"], r["mean"], round(r["ci_low"], 4), round(r["ci_high"], 4)
    (3, 4.0, 1.5159, 6.4841)
    """
    level = probability(level)
    try:
        x = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError) as err:
        raise ArgumentError("values must be numbers", expected="an array of numbers",
                            fix="convert the values with pd.to_numeric") from err
    x = x[~np.isnan(x)]
    n = len(x)
    if n < 2:
        raise ArgumentError(f"mean_ci needs at least 2 non-missing values, got {n}",
                            expected="two or more numbers",
                            fix="report n and leave the interval out for n < 2")
    mean, sd = float(x.mean()), float(x.std(ddof=1))
    se = sd / float(np.sqrt(n))
    t = float(sps.t.ppf(0.5 + level / 2, n - 1))
    return {"n": n, "mean": mean, "sd": sd, "se": se, "ci_low": mean - t * se,
            "ci_high": mean + t * se}


def fisher_ci(r: float, n: int, level: float = 0.95) -> tuple[float, float]:
    """Confidence interval of a Pearson correlation through Fisher's z.

    Parameters
    ----------
    r : float
        The correlation, between -1 and 1.
    n : int
        Number of pairs the correlation was computed on (e.g. teams); at least 4.
    level : float, default 0.95
        Confidence level.

    Returns
    -------
    tuple of float
        ``(ci_low, ci_high)``.

    Notes
    -----
    tanh(atanh(r) -+ z(1 - (1 - level) / 2) / sqrt(n - 3)), as R's ``cor.test(x, y)$conf.int``
    (checked against it on team means of ``multilevel::bh1996``). r = +-1 gives (r, r).

    Examples
    --------
    >>> [round(v, 4) for v in fisher_ci(0.5, 28)]
    [0.156, 0.7358]
    """
    level = probability(level)
    if isinstance(r, bool) or not isinstance(r, Real) or not -1 <= float(r) <= 1:
        raise ArgumentError(f"r must be a correlation between -1 and 1, got {r!r}")
    if isinstance(n, bool) or not isinstance(n, Integral) or n < 4:
        raise ArgumentError(f"fisher_ci needs n >= 4 pairs, got {n!r}",
                            expected="a whole number of pairs of at least 4",
                            fix="show no interval (and no relation) for so few pairs")
    r = float(r)
    if abs(r) == 1:
        return r, r
    z = float(np.arctanh(r))
    half = float(sps.norm.ppf(0.5 + level / 2)) / float(np.sqrt(n - 3))
    return float(np.tanh(z - half)), float(np.tanh(z + half))
