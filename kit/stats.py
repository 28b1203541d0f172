"""Statistics with the conventions of the reference software (R: psych, multilevel).

Shared column vocabulary of results: ``n``, ``mean``, ``sd``, ``se``, ``ci_low``, ``ci_high``,
``rwg``, ``rwg_j``, ``gsize``, ``ad_m``.

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

import numpy as np
import pandas as pd
from scipy import stats as sps

from .errors import ArgumentError

__all__ = ["COLUMNS", "ad_m", "fisher_ci", "icc1", "icc2", "mean_ci", "rwg", "rwg_j"]

#: the shared column vocabulary of statistics results
COLUMNS = ("n", "mean", "sd", "se", "ci_low", "ci_high", "rwg", "rwg_j", "gsize", "ad_m")


def _frame(data: object, cols: list[str], name: str = "data") -> pd.DataFrame:
    if not isinstance(data, pd.DataFrame):
        raise ArgumentError(f"{name} must be a DataFrame", fix=f"got {type(data).__name__}")
    missing = [c for c in cols if c not in data.columns]
    if missing:
        raise ArgumentError(f"{name} lacks column(s) {missing}",
                            expected=f"columns {cols}", fix=f"got {list(data.columns)[:8]}")
    if len(data) == 0:
        raise ArgumentError(f"{name} is empty", expected="at least one row")
    return data


def _group_col(data: pd.DataFrame, group: str) -> None:
    if pd.api.types.is_float_dtype(data[group]):
        raise ArgumentError(f"group column {group!r} holds floats",
                            expected="ids as text or whole numbers",
                            fix="convert the group ids to text")


def mean_ci(values: object, level: float = 0.95) -> dict:
    """Mean with a t interval.

    Returns
    -------
    dict
        ``n``, ``mean``, ``sd`` (n - 1), ``se``, ``ci_low``, ``ci_high``.

    Examples
    --------
    >>> r = mean_ci([3, 4, 5])
    >>> r["mean"], round(r["ci_low"], 4), round(r["ci_high"], 4)
    (4.0, 1.5159, 6.4841)
    """
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    n = len(x)
    if n < 2:
        raise ArgumentError(f"mean_ci needs at least 2 values, got {n}")
    m, sd = float(x.mean()), float(x.std(ddof=1))
    se = sd / np.sqrt(n)
    t = float(sps.t.ppf(0.5 + level / 2, n - 1))
    return {"n": n, "mean": m, "sd": sd, "se": float(se), "ci_low": float(m - t * se),
            "ci_high": float(m + t * se)}


def fisher_ci(r: float, n: int, level: float = 0.95) -> tuple[float, float]:
    """Interval of a correlation through Fisher's z: tanh(atanh(r) +- z / sqrt(n - 3)).

    Examples
    --------
    >>> [round(v, 4) for v in fisher_ci(0.5, 28)]
    [0.156, 0.7358]
    """
    if n < 4:
        raise ArgumentError(f"fisher_ci needs n >= 4, got {n}")
    z = np.arctanh(np.clip(r, -0.9999999, 0.9999999))
    half = sps.norm.ppf(0.5 + level / 2) / np.sqrt(n - 3)
    return float(np.tanh(z - half)), float(np.tanh(z + half))


def _anova(data: pd.DataFrame, value: str, group: str) -> tuple[float, float, float, int]:
    d = _frame(data, [value, group]).dropna(subset=[value])
    _group_col(d, group)
    g = d.groupby(group, observed=True)[value]
    k = g.ngroups
    n = len(d)
    if k < 2 or n <= k:
        raise ArgumentError("ICC needs at least two groups and more rows than groups",
                            fix=f"got {k} group(s) and {n} row(s)")
    grand = d[value].mean()
    ssb = float((g.count() * (g.mean() - grand) ** 2).sum())
    ssw = float(((d[value] - g.transform("mean")) ** 2).sum())
    msb, msw = ssb / (k - 1), ssw / (n - k)
    return msb, msw, n / k, k


def icc1(data: pd.DataFrame, value: str, group: str) -> float:
    """ICC(1) as ``multilevel::ICC1``: (MSB - MSW) / (MSB + (k - 1) MSW), k = N / J.

    Notes
    -----
    multilevel uses the plain mean group size k = N / J, not the unbalanced n0.
    """
    msb, msw, k, _ = _anova(data, value, group)
    return (msb - msw) / (msb + (k - 1) * msw)


def icc2(data: pd.DataFrame, value: str, group: str) -> float:
    """ICC(2) as ``multilevel::ICC2``: (MSB - MSW) / MSB."""
    msb, msw, _, _ = _anova(data, value, group)
    return (msb - msw) / msb


def _options(options: object) -> int:
    if isinstance(options, bool) or not isinstance(options, (int, np.integer)) or options < 2:
        raise ArgumentError(f"options must be the number of answer options (>= 2), got "
                            f"{options!r}")
    return int(options)


def rwg(data: pd.DataFrame, value: str, group: str, options: int) -> pd.DataFrame:
    """Within-group agreement rwg per group, uniform null, as ``multilevel::rwg``.

    rwg = 1 - var / ((A^2 - 1) / 12) with the n - 1 variance; 0 when the variance exceeds the
    null; NA for groups of one.

    Returns
    -------
    DataFrame
        ``<group>``, ``rwg``, ``gsize``.
    """
    a = _options(options)
    d = _frame(data, [value, group]).dropna(subset=[value])
    _group_col(d, group)
    null = (a ** 2 - 1) / 12
    g = d.groupby(group, observed=True, sort=True)[value]
    var, size = g.var(ddof=1), g.count()
    r = (1 - var / null).clip(lower=0)
    r[size < 2] = np.nan
    return pd.DataFrame({group: var.index, "rwg": r.to_numpy(), "gsize": size.to_numpy()})


def rwg_j(data: pd.DataFrame, items: list[str], group: str, options: int) -> pd.DataFrame:
    """Multi-item agreement rwg(j) per group, uniform null, as ``multilevel::rwg.j``.

    rwg(j) = J (1 - mv / null) / (J (1 - mv / null) + mv / null), mv the mean of the item
    variances; rows with any missing item are dropped; negative values and values above 1
    (mean variance above the null) become 0.

    Returns
    -------
    DataFrame
        ``<group>``, ``rwg_j``, ``gsize``.
    """
    a = _options(options)
    if len(items) < 2:
        raise ArgumentError(f"rwg_j needs at least 2 items, got {len(items)}")
    d = _frame(data, [*items, group]).dropna(subset=list(items))
    _group_col(d, group)
    null = (a ** 2 - 1) / 12
    j = len(items)
    rows = []
    for gid, g in d.groupby(group, observed=True, sort=True):
        n = len(g)
        if n < 2:
            rows.append({group: gid, "rwg_j": np.nan, "gsize": n})
            continue
        mv = float(g[list(items)].var(ddof=1).mean())
        ratio = mv / null
        val = j * (1 - ratio) / (j * (1 - ratio) + ratio)
        if ratio > 1 or val < 0:
            val = 0.0
        rows.append({group: gid, "rwg_j": val, "gsize": n})
    return pd.DataFrame(rows, columns=[group, "rwg_j", "gsize"])


def ad_m(data: pd.DataFrame, value: str, group: str, type: str = "mean") -> pd.DataFrame:
    """Average deviation AD_M per group, as ``multilevel::ad.m`` (mean absolute deviation from
    the group mean, or from the median with ``type="median"``; NA for groups of one).

    Returns
    -------
    DataFrame
        ``<group>``, ``ad_m``, ``gsize``.
    """
    if type not in ("mean", "median"):
        raise ArgumentError(f"type must be 'mean' or 'median', got {type!r}")
    d = _frame(data, [value, group]).dropna(subset=[value])
    _group_col(d, group)
    g = d.groupby(group, observed=True, sort=True)[value]
    centre = g.transform("mean" if type == "mean" else "median")
    dev = (d[value] - centre).abs().groupby(d[group], observed=True, sort=True).mean()
    size = g.count().to_numpy()
    values = np.where(size > 1, dev.to_numpy(), np.nan)     # groups of one: NA, as multilevel
    return pd.DataFrame({group: dev.index, "ad_m": values, "gsize": size})
