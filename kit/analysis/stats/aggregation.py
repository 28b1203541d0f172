"""Aggregating individuals to teams: ICC(1), ICC(2) and within-team agreement (rwg, rwg(j),
AD_M), with the conventions of R's ``multilevel`` package (Bliese).

All functions take a long DataFrame (one row per respondent), the name of the value or item
columns and the name of the group column. Rows with a missing group id are left out (R's
``na.exclude``). Group ids must be text or whole numbers: a float column is refused, because
1.0, 1 and '1' would silently become different teams. Per-group results are sorted by group
id.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from kit.analysis.stats import _validate as check
from kit.errors import ArgumentError

__all__ = ["ad_m", "icc1", "icc2", "rwg", "rwg_j"]


def _long(data: pd.DataFrame, values: list[str], group: str, name: str) -> pd.DataFrame:
    """The value columns (float) and the group ids, rows with a missing value dropped."""
    data = check.frame(data)
    check.has_columns(data, [*values, group])
    ids = check.group_ids(data, group)
    out = check.numeric(data, values, name)
    out[group] = ids
    out = out.dropna(subset=[*values, group])
    if len(out) == 0:
        raise ArgumentError(f"data has no row with a value in {values} and a group id",
                            expected="at least one non-missing value")
    return out


def _anova(data: pd.DataFrame, value: str, group: str) -> tuple[float, float, float]:
    """Mean squares between and within groups and the mean group size N / J."""
    if not isinstance(value, str):
        raise ArgumentError(f"value must be one column name, got {value!r}")
    d = _long(data, [value], group, "value")
    g = d.groupby(group, observed=True, sort=True)[value]
    n, j = len(d), g.ngroups
    if j < 2 or n <= j:
        raise ArgumentError("ICC needs at least two groups and more rows than groups",
                            expected="two or more groups, at least one with 2 or more values",
                            fix=f"got {j} group(s) and {n} row(s) with a value")
    grand = d[value].mean()
    ssb = float((g.count() * (g.mean() - grand) ** 2).sum())
    ssw = float(((d[value] - g.transform("mean")) ** 2).sum())
    return ssb / (j - 1), ssw / (n - j), n / j


def icc1(data: pd.DataFrame, value: str, group: str) -> float:
    """ICC(1): the share of the variance of ``value`` that lies between groups.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    value : str
        Column with the respondents' scores; rows where it is missing are dropped.
    group : str
        Column with the group (team) ids.

    Returns
    -------
    float
        ICC(1); NaN when every value is the same.

    Notes
    -----
    From the one-way ANOVA of ``value`` on ``group``: ICC(1) = (MSB - MSW) / (MSB + (k - 1)
    MSW) with k = N / J, the plain mean group size (N rows, J groups), as
    ``multilevel::ICC1(aov(value ~ as.factor(group)))`` does. With unequal group sizes this
    is not the n0 of Shrout & Fleiss / Bartko; the kit reports multilevel's value. Checked
    against multilevel 2.7 on ``bh1996`` and ``lq2002`` subsets with groups of 1 to 20.

    Examples
    --------
    >>> d = pd.DataFrame({"g": ["a"] * 3 + ["b"] * 3, "x": [4, 4, 5, 2, 3, 4]})
    >>> round(icc1(d, "x", "g"), 4)
    0.5
    """
    msb, msw, k = _anova(data, value, group)
    denominator = msb + (k - 1) * msw
    return float((msb - msw) / denominator) if denominator > 0 else float("nan")


def icc2(data: pd.DataFrame, value: str, group: str) -> float:
    """ICC(2): the reliability of the group means of ``value``.

    Parameters
    ----------
    data, value, group
        As for :func:`icc1`: one row per respondent, the score column (missing rows
        dropped) and the group (team) column.

    Returns
    -------
    float
        ICC(2); NaN when the mean square between groups is 0 (R gives -Inf or NaN).

    Notes
    -----
    ICC(2) = (MSB - MSW) / MSB from the one-way ANOVA, as ``multilevel::ICC2``; checked
    against multilevel 2.7 (see :func:`icc1`).

    Examples
    --------
    >>> d = pd.DataFrame({"g": ["a"] * 3 + ["b"] * 3, "x": [4, 4, 5, 2, 3, 4]})
    >>> round(icc2(d, "x", "g"), 4)
    0.75
    """
    msb, msw, _ = _anova(data, value, group)
    return float((msb - msw) / msb) if msb > 0 else float("nan")


def rwg(data: pd.DataFrame, value: str, group: str, options: int) -> pd.DataFrame:
    """Within-group agreement r_wg on one item per group, uniform null distribution.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    value : str
        Column with the answers to the item; missing answers are dropped.
    group : str
        Column with the group ids.
    options : int
        Number of answer options A of the response scale (5 for 1-5).

    Returns
    -------
    DataFrame
        One row per group with a non-missing answer: ``<group>`` (named as the group column),
        ``rwg`` (float, NaN for a group of one), ``gsize`` (answers in the group).

    Notes
    -----
    rwg = 1 - s^2 / sigma_EU^2 with s^2 the group's variance (n - 1) and sigma_EU^2 =
    (A^2 - 1) / 12; a group whose variance exceeds sigma_EU^2 gets 0. As
    ``multilevel::rwg(x, grpid, ranvar = (A^2 - 1) / 12)``, checked against multilevel 2.7.

    Examples
    --------
    >>> d = pd.DataFrame({"g": ["a"] * 3 + ["b"] * 3 + ["c"], "x": [4, 4, 5, 2, 3, 4, 5]})
    >>> rwg(d, "x", "g", options=5)
       g       rwg  gsize
    0  a  0.833333      3
    1  b  0.500000      3
    2  c       NaN      1
    """
    null = (check.option_count(options) ** 2 - 1) / 12
    if not isinstance(value, str):
        raise ArgumentError(f"value must be one column name, got {value!r}",
                            fix="use rwg_j for several items")
    d = _long(data, [value], group, "value")
    g = d.groupby(group, observed=True, sort=True)[value]
    var, size = g.var(ddof=1), g.count()
    out = (1 - var.clip(upper=null) / null).where(size > 1)
    return pd.DataFrame({group: var.index.to_numpy(), "rwg": out.to_numpy(dtype=float),
                         "gsize": size.to_numpy(dtype="int64")})


def rwg_j(data: pd.DataFrame, items: Sequence[str], group: str, options: int) -> pd.DataFrame:
    """Within-group agreement r_wg(J) on J parallel items per group, uniform null.

    Parameters
    ----------
    data : DataFrame
        One row per respondent, one column per item.
    items : sequence of str
        The J item columns (at least 2); rows with any missing item are dropped.
    group : str
        Column with the group ids.
    options : int
        Number of answer options A of the response scale.

    Returns
    -------
    DataFrame
        One row per group with a complete row: ``<group>``, ``rwg_j`` (float, NaN for a group
        of one), ``gsize`` (complete rows in the group).

    Notes
    -----
    With s^2 the mean of the J item variances (n - 1) in the group, sigma_EU^2 = (A^2 - 1) / 12
    and s^2 truncated to sigma_EU^2 when larger (so the value is then 0):
    rwg(J) = J (1 - s^2 / sigma_EU^2) / (J (1 - s^2 / sigma_EU^2) + s^2 / sigma_EU^2).
    As ``multilevel::rwg.j(x, grpid, ranvar = (A^2 - 1) / 12)`` (listwise deletion of rows
    with a missing item), checked against multilevel 2.7.

    Examples
    --------
    >>> d = pd.DataFrame({"g": ["a"] * 3 + ["b"] * 3, "x": [4, 4, 5, 2, 3, 4],
    ...                   "y": [4, 5, 5, 1, 3, 5]})
    >>> rwg_j(d, ["x", "y"], "g", options=5)
       g     rwg_j  gsize
    0  a  0.909091      3
    1  b  0.000000      3
    """
    null = (check.option_count(options) ** 2 - 1) / 12
    cols = check.column_names(items, "rwg_j needs at least 2 items: items", minimum=2)
    d = _long(data, cols, group, "items")
    g = d.groupby(group, observed=True, sort=True)
    mean_var = g[cols].var(ddof=1).mean(axis=1).clip(upper=null)
    size = g.size()
    ratio = mean_var / null
    j = len(cols)
    out = (j * (1 - ratio) / (j * (1 - ratio) + ratio)).where(size > 1)
    return pd.DataFrame({group: size.index.to_numpy(), "rwg_j": out.to_numpy(dtype=float),
                         "gsize": size.to_numpy(dtype="int64")})


def ad_m(data: pd.DataFrame, value: str | Sequence[str], group: str,
         type: str = "mean") -> pd.DataFrame:
    """Average deviation index AD_M per group (Burke, Finkelstein & Dusig).

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    value : str or sequence of str
        One item column, or several (then the mean of the items' AD_M; rows with any missing
        item are dropped).
    group : str
        Column with the group ids.
    type : {"mean", "median"}, default "mean"
        Deviations from the group mean (multilevel's default) or from the group median.

    Returns
    -------
    DataFrame
        One row per group: ``<group>``, ``ad_m`` (float, NaN for a group of one), ``gsize``.

    Notes
    -----
    AD_M = sum |x_i - centre| / n over the n group members (denominator n, not n - 1), as
    ``multilevel::ad.m(x, grpid, type)``; checked against multilevel 2.7. A common rule of
    thumb for practical agreement is AD_M <= A / 6 for A answer options.

    Examples
    --------
    >>> d = pd.DataFrame({"g": ["a"] * 3 + ["b"] * 3, "x": [4, 4, 5, 2, 3, 5]})
    >>> ad_m(d, "x", "g")
       g      ad_m  gsize
    0  a  0.444444      3
    1  b  1.111111      3
    """
    if type not in ("mean", "median"):
        raise ArgumentError(f"type must be 'mean' or 'median', got {type!r}")
    cols = check.column_names(value, "value", minimum=1)
    d = _long(data, cols, group, "value")
    g = d.groupby(group, observed=True, sort=True)
    centre = g[cols].transform(type)
    deviation = (d[cols] - centre).abs().groupby(d[group], observed=True, sort=True).mean()
    size = g.size()
    out = deviation.mean(axis=1).where(size > 1)
    return pd.DataFrame({group: size.index.to_numpy(), "ad_m": out.to_numpy(dtype=float),
                         "gsize": size.to_numpy(dtype="int64")})
