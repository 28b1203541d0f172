"""Reliability of a scale: Cronbach's alpha (psych's ``alpha``) and McDonald's omega total
(psych's ``omega`` with one factor).

Both take a DataFrame with one column per item and one row per respondent. Items listed in
``reverse`` are flipped about the **nominal** ends of the response scale (``scale=(1, 5)``:
x -> 6 - x), never about the observed minimum and maximum as psych's ``alpha`` does for its
person scores. Covariances and correlations do not depend on where an item is flipped, so
alpha and omega equal psych's with ``keys``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from numbers import Real

import numpy as np
import pandas as pd
from scipy import stats as sps

from kit.analysis.stats import _validate as check
from kit.analysis.stats.factor import minres_one_factor
from kit.errors import ArgumentError

__all__ = ["AlphaResult", "cronbach_alpha", "omega_from_loadings", "omega_total", "reverse_items"]


@dataclass(frozen=True)
class AlphaResult:
    """Result of :func:`cronbach_alpha` (names as in :data:`kit.analysis.stats.COLUMNS`).

    Attributes
    ----------
    raw_alpha : float
        Alpha from the pairwise covariance matrix (psych ``raw_alpha``).
    std_alpha : float
        Standardised alpha from ``cov2cor(C)`` (psych ``std.alpha``).
    average_r : float
        Mean inter-item correlation of ``cov2cor(C)`` (psych ``average_r``).
    ci_low, ci_high : float
        Feldt confidence interval of ``raw_alpha`` (psych ``feldt``).
    n : int
        Rows used: respondents with at least one answer on the items.
    k : int
        Items used.
    dropped : tuple of str
        Items left out because they have no variance (psych drops them too).
    """

    raw_alpha: float
    std_alpha: float
    average_r: float
    ci_low: float
    ci_high: float
    n: int
    k: int
    dropped: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        """The result as a plain dict (e.g. one row of a results table)."""
        return asdict(self)


def _scale(scale: object) -> tuple[float, float] | None:
    if scale is None:
        return None
    if (not isinstance(scale, Sequence) or isinstance(scale, str) or len(scale) != 2
            or not all(isinstance(v, Real) and not isinstance(v, bool) for v in scale)
            or not scale[0] < scale[1]):
        raise ArgumentError(f"scale must be the nominal ends (low, high) of the response scale, "
                            f"got {scale!r}", expected="two numbers low < high, e.g. (1, 5)")
    return float(scale[0]), float(scale[1])


def reverse_items(items: pd.DataFrame, reverse: Sequence[str] = (),
                  scale: tuple[float, float] | None = None, *, minimum: int = 2) -> pd.DataFrame:
    """The items as float columns, ``reverse`` flipped about the nominal scale ends.

    Rows without any answer are dropped. Used by :func:`cronbach_alpha` and
    :func:`omega_total`; exposed for scoring with the same rules.

    Parameters
    ----------
    items : DataFrame
        One column per item, one row per respondent; NaN for a missing answer.
    reverse : sequence of str
        Columns to reverse: x -> low + high - x.
    scale : (low, high), optional
        Nominal ends of the response scale; required when ``reverse`` is not empty. When given,
        every answer must lie within it.
    minimum : int
        Least number of item columns accepted.

    Returns
    -------
    DataFrame
        The columns of ``items`` (one per item, float64), those in ``reverse`` flipped; only
        the rows with at least one answer, with their index.

    Raises
    ------
    ArgumentError
        Not a DataFrame, fewer than ``minimum`` items or 2 rows with an answer, text columns,
        a ``reverse`` item that ``items`` lacks, ``reverse`` without ``scale``, or an answer
        outside ``scale``.

    Examples
    --------
    >>> d = pd.DataFrame({"a": [1, 2, None], "b": [5, 4, None]})
    >>> reverse_items(d, reverse=["b"], scale=(1, 5))
         a    b
    0  1.0  1.0
    1  2.0  2.0
    """
    items = check.frame(items, "items")
    columns = check.column_names(list(items.columns), "items", minimum=minimum)
    if isinstance(reverse, str):
        reverse = [reverse]
    reverse = check.column_names(reverse, "reverse", minimum=0)
    check.has_columns(items, reverse, "items")
    ends = _scale(scale)
    if reverse and ends is None:
        raise ArgumentError(f"reverse names {reverse} but scale is None",
                            expected="the nominal ends of the response scale, e.g. scale=(1, 5)",
                            fix="pass scale=(low, high); the kit never reverses about the "
                                "observed minimum and maximum")
    x = check.numeric(items, columns, "items")
    if ends is not None:
        outside = (x < ends[0]) | (x > ends[1])
        if outside.any().any():
            col = outside.any().idxmax()
            value = x.loc[outside[col], col].iloc[0]
            raise ArgumentError(f"items column {col!r} holds {value:g}, outside scale {scale}",
                                expected=f"answers from {ends[0]:g} to {ends[1]:g} or NaN",
                                fix="check the scale or recode the answer")
        for col in reverse:
            x[col] = ends[0] + ends[1] - x[col]
    x = x[x.notna().any(axis=1)]
    if len(x) < 2:
        raise ArgumentError(f"items has {len(x)} row(s) with an answer",
                            expected="at least 2 respondents with answers")
    return x


def _pairwise(x: pd.DataFrame, kind: str) -> np.ndarray:
    m = x.cov(min_periods=2) if kind == "cov" else x.corr(min_periods=2)
    if m.isna().to_numpy().any():
        i, j = np.argwhere(m.isna().to_numpy())[0]
        a, b = m.index[i], m.columns[j]
        what = (f"item {a!r} has fewer than 2 answers or no variance" if a == b else
                f"items {a!r} and {b!r} have no pairwise {kind}ariance "
                "(too few respondents answered both, or one has no variance there)")
        raise ArgumentError(what, expected="at least 2 respondents answering each pair of items",
                            fix=f"leave the item(s) out of the {kind} matrix")
    return m.to_numpy()


def cronbach_alpha(items: pd.DataFrame, reverse: Sequence[str] = (),
                   scale: tuple[float, float] | None = None, *,
                   level: float = 0.95) -> AlphaResult:
    """Cronbach's alpha with psych's conventions (pairwise covariances, Feldt interval).

    Parameters
    ----------
    items : DataFrame
        One numeric column per item (at least 2), one row per respondent, NaN if missing.
    reverse : sequence of str, default ()
        Items to reverse about the nominal scale ends (requires ``scale``).
    scale : (low, high), optional
        Nominal ends of the response scale, e.g. ``(1, 5)``.
    level : float, default 0.95
        Confidence level of the Feldt interval (psych fixes 0.95).

    Returns
    -------
    AlphaResult
        ``raw_alpha``, ``std_alpha``, ``average_r``, ``ci_low``, ``ci_high``, ``n``, ``k``,
        ``dropped``.

    Raises
    ------
    ArgumentError
        Not a DataFrame, fewer than 2 items or rows, text columns, ``reverse`` without
        ``scale``, answers outside ``scale``, or a pair of items never answered together.

    Notes
    -----
    With C the pairwise covariance matrix (``cov(x, use="pairwise")``, n - 1) of the key-
    reversed items, k items and R = cov2cor(C) (not the pairwise correlations; they differ
    in the 4th decimal):

    * raw_alpha = k / (k - 1) * (1 - tr(C) / sum(C))
    * std_alpha = k / (k - 1) * (1 - k / sum(R)); average_r = (sum(R) - k) / (k (k - 1))
    * Feldt: 1 - (1 - raw_alpha) * F_q with F_q the q quantile of the F distribution with
      n - 1 and (n - 1)(k - 1) degrees of freedom, q = 1 - p/2 for ``ci_low`` and q = p/2
      for ``ci_high`` (p = 1 - level), as ``psych::alpha.ci``.

    Missing answers are not imputed and no row is dropped listwise. psych's Feldt n is
    ``nrow(x)``, every row given; the kit counts the rows with at least one answer on the
    items, which is the same unless rows without any answer are passed (psych would count
    them). Items without variance are dropped, as psych does (listed in ``dropped``).
    Checked against ``psych::alpha`` 2.2.9 on ``psychTools::bfi`` (with missing answers,
    reversed items, a team of 12 and a constant item) to 1e-14
    (``tests/reference/stats_reference.R``).

    Examples
    --------
    >>> d = pd.DataFrame({"a": [1, 2, 3, 4, 5, 2], "b": [2, 2, 4, 4, 5, 1],
    ...                   "c": [5, 4, 3, 2, 1, 4]})
    >>> r = cronbach_alpha(d, reverse=["c"], scale=(1, 5))
    >>> round(r.raw_alpha, 4), round(r.std_alpha, 4), r.n, r.k
    (0.9703, 0.9711, 6, 3)
    """
    check.probability(level)
    x = reverse_items(items, reverse, scale, minimum=2)
    sd = x.std(ddof=1)
    dropped = tuple(str(c) for c in x.columns if not sd[c] > 0)
    if dropped:
        x = x.drop(columns=list(dropped))
    k = x.shape[1]
    if k < 2:
        raise ArgumentError(f"items has {k} item(s) with variance (no variance: {list(dropped)})",
                            expected="at least 2 items whose answers vary")
    c = _pairwise(x, "cov")
    sd_c = np.sqrt(np.diag(c))
    r = c / np.outer(sd_c, sd_c)
    np.fill_diagonal(r, 1.0)
    raw = k / (k - 1) * (1 - np.trace(c) / c.sum())
    std = k / (k - 1) * (1 - k / r.sum())
    average_r = (r.sum() - k) / (k * (k - 1))
    n = len(x)
    p = 1 - level
    df1, df2 = n - 1, (n - 1) * (k - 1)
    low = 1 - (1 - raw) * sps.f.ppf(1 - p / 2, df1, df2)
    high = 1 - (1 - raw) * sps.f.ppf(p / 2, df1, df2)
    return AlphaResult(raw_alpha=float(raw), std_alpha=float(std), average_r=float(average_r),
                       ci_low=float(low), ci_high=float(high), n=n, k=k, dropped=dropped)


def omega_total(items: pd.DataFrame, reverse: Sequence[str] = (),
                scale: tuple[float, float] | None = None) -> float:
    """McDonald's omega total with one factor, as ``psych::omega(x, nfactors=1)$omega.tot``.

    Parameters
    ----------
    items, reverse, scale
        As for :func:`cronbach_alpha` (here at least 3 items).

    Returns
    -------
    float
        Omega total.

    Raises
    ------
    ArgumentError
        As :func:`cronbach_alpha`, and for fewer than 3 items or an item without variance.

    Notes
    -----
    R = pairwise correlations (``cor(x, use="pairwise")``); loadings l from a one-factor
    minres fit (:func:`kit.analysis.stats.factor.minres_one_factor`, psych's ``fa(fm="minres")``);
    items with a negative loading are flipped in R (psych's ``flip=TRUE``), then
    omega_total = (sum(R) - sum(1 - l^2)) / sum(R). omega_h is not meaningful with one factor
    and is not given. Checked against ``psych::omega`` 2.2.9 on ``psychTools::bfi``
    (``tests/reference/stats_reference.R``): agreement to about 1e-15 because the minres
    fit takes psych's optimiser steps (the exact minimum differs from psych by about 1e-7),
    except in a Heywood case (an item loading near or above 1, seen in a team of 12), where
    R's and SciPy's optimisers part at the bound and agree to about 2e-6 only; see
    :mod:`kit.analysis.stats.factor`.

    Examples
    --------
    >>> d = pd.DataFrame({"a": [1, 2, 3, 4, 5, 2], "b": [2, 2, 4, 4, 5, 1],
    ...                   "c": [5, 4, 3, 2, 1, 4], "d": [1, 3, 3, 5, 4, 2]})
    >>> round(omega_total(d, reverse=["c"], scale=(1, 5)), 4)
    0.9651
    """
    x = reverse_items(items, reverse, scale, minimum=3)
    r = _pairwise(x, "corr")
    return omega_from_loadings(r, minres_one_factor(r).loadings)


def omega_from_loadings(r: np.ndarray, loadings: np.ndarray) -> float:
    """Omega total from a correlation matrix and one-factor loadings (psych's ``omegah``).

    Examples
    --------
    >>> r = np.array([[1, .42, .35], [.42, 1, .30], [.35, .30, 1]])
    >>> round(omega_from_loadings(r, np.array([.7, .6, .5])), 4)
    0.6304
    """
    key = np.where(np.asarray(loadings) < 0, -1.0, 1.0)
    total = float((np.asarray(r) * np.outer(key, key)).sum())
    uniqueness = float(np.sum(1.0 - np.asarray(loadings) ** 2))
    return (total - uniqueness) / total
