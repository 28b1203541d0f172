"""Relations between the teams' habit scores and the shared-aspiration indicators.

Team habit scores vary only between teams, so the honest first view is the correlation of team
values across the board's teams, always with its interval and the number of teams; the second
view is a random-intercept model with pupils nested in teams. Below ``min_teams`` (default 8) no
relation is returned, only the status ``too_few_teams``. The words that describe them (associations,
never causes, with n) are made in :mod:`kit.present.wording`.

Conventions
-----------
* Pearson r with a Fisher-z interval and a percentile bootstrap interval (teams resampled,
  ``n_boot`` draws, seeded); Spearman rho with a Fisher-z interval using the Bonett-Wright
  standard error sqrt((1 + rho^2 / 2) / (n - 3)).
* The multilevel models (pupils in teams, and in schools from 5 schools up) are in
  :mod:`kit.analysis.multilevel`, checked against ``lme4::lmer``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as sps

from kit.errors import ArgumentError

__all__ = ["MIN_TEAMS", "RELATION_COLUMNS", "change_relations", "team_relations",
           "with_module_scales"]

#: fewest teams for a relation across teams (a correlation or a multilevel slope)
MIN_TEAMS = 8

#: columns of :func:`team_relations` and :func:`change_relations`
RELATION_COLUMNS = ["habit", "indicator", "wave", "n_teams", "status", "pearson_r",
                    "pearson_ci_low", "pearson_ci_high", "pearson_boot_low", "pearson_boot_high",
                    "spearman_rho", "spearman_ci_low", "spearman_ci_high"]


def _bootstrap(x: np.ndarray, y: np.ndarray, n_boot: int, seed: int) -> tuple[float, float]:
    rng = np.random.default_rng(seed)
    n = len(x)
    idx = rng.integers(0, n, size=(n_boot, n))
    xs, ys = x[idx], y[idx]
    xm, ym = xs - xs.mean(1, keepdims=True), ys - ys.mean(1, keepdims=True)
    den = np.sqrt((xm ** 2).sum(1) * (ym ** 2).sum(1))
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (xm * ym).sum(1) / den
    r = r[np.isfinite(r)]
    if len(r) < n_boot / 2:
        return np.nan, np.nan
    return float(np.quantile(r, 0.025)), float(np.quantile(r, 0.975))


def with_module_scales(habits: pd.DataFrame, modules: pd.DataFrame) -> pd.DataFrame:
    """Team habit aggregates with the teams' module scales (issue 15) as further predictors.

    Parameters
    ----------
    habits : DataFrame
        Team aggregates (:func:`kit.analysis.teams.aggregate`).
    modules : DataFrame
        Team module aggregates (:func:`kit.analysis.modules.module_aggregate`); may be empty.

    Returns
    -------
    DataFrame
        The columns of ``habits`` (``level``, ``unit``, ``school``, ``wave``, ``habit``,
        ``n``, ``mean``, ..., ``suppressed``, ``suppression``): its rows, then one row per
        team, wave and module scale with the scale id in ``habit``; ``habits`` itself when
        there are no module rows. Pass it to :func:`team_relations` or
        :func:`change_relations`.
    """
    if modules is None or modules.empty:
        return habits
    extra = modules.rename(columns={"scale": "habit"})[list(habits.columns)]
    return pd.concat([habits, extra], ignore_index=True)


def team_relations(habits: pd.DataFrame, indicators: pd.DataFrame, *, min_teams: int = MIN_TEAMS,
                   n_boot: int = 2000, seed: int = 1) -> pd.DataFrame:
    """Correlate team habit means with team indicator values, per habit, indicator and wave.

    Parameters
    ----------
    habits : DataFrame
        Team aggregates (:func:`kit.analysis.teams.aggregate`, level team): ``unit``, ``wave``,
        ``habit``, ``mean``, ``suppressed``.
    indicators : DataFrame
        Team indicator values (:func:`kit.analysis.aspiration.evaluate` with ``periods`` = waves):
        ``unit``, ``period``, ``indicator``, ``value``, ``suppressed``.
    min_teams : int
        No relation below this number of teams with both values (status ``too_few_teams``).

    Returns
    -------
    DataFrame
        ``habit``, ``indicator``, ``wave``, ``n_teams``, ``status`` (``ok`` or
        ``too_few_teams``), ``pearson_r``, ``pearson_ci_low``, ``pearson_ci_high`` (Fisher z),
        ``pearson_boot_low``, ``pearson_boot_high`` (bootstrap), ``spearman_rho``,
        ``spearman_ci_low``, ``spearman_ci_high``. Numbers only: the words a reader sees
        are made by :mod:`kit.present.wording`.
    """
    from kit.analysis.stats import fisher_ci
    if isinstance(min_teams, bool) or not isinstance(min_teams, int) or min_teams < 4:
        raise ArgumentError(f"min_teams must be a whole number >= 4, got {min_teams!r}")
    for name, df, cols in (("habits", habits, ("unit", "wave", "habit", "mean", "suppressed")),
                           ("indicators", indicators, ("unit", "period", "indicator", "value",
                                                       "suppressed"))):
        if not isinstance(df, pd.DataFrame) or any(c not in df.columns for c in cols):
            raise ArgumentError(f"{name} lacks columns", expected=f"columns {list(cols)}")
    h = habits[~habits["suppressed"].astype(bool)][["unit", "wave", "habit", "mean"]]
    i = indicators[~indicators["suppressed"].astype(bool)][["unit", "period", "indicator",
                                                             "value"]]
    m = h.merge(i.rename(columns={"period": "wave"}), on=["unit", "wave"]).dropna(
        subset=["mean", "value"])
    rows = []
    for (habit, ind, wave), g in m.groupby(["habit", "indicator", "wave"], sort=True):
        n = len(g)
        row = {"habit": habit, "indicator": ind, "wave": wave, "n_teams": n}
        if n < min_teams or g["mean"].nunique() < 2 or g["value"].nunique() < 2:
            row["status"] = "too_few_teams"
            rows.append(row)
            continue
        x, y = g["mean"].to_numpy(float), g["value"].to_numpy(float)
        r = float(np.corrcoef(x, y)[0, 1])
        lo, hi = fisher_ci(r, n)
        blo, bhi = _bootstrap(x, y, n_boot, seed)
        rho = float(sps.spearmanr(x, y).statistic)
        se = np.sqrt((1 + rho ** 2 / 2) / (n - 3))
        z = np.arctanh(np.clip(rho, -0.999999, 0.999999))
        row.update({"status": "ok", "pearson_r": r, "pearson_ci_low": lo, "pearson_ci_high": hi,
                    "pearson_boot_low": blo, "pearson_boot_high": bhi, "spearman_rho": rho,
                    "spearman_ci_low": float(np.tanh(z - 1.959964 * se)),
                    "spearman_ci_high": float(np.tanh(z + 1.959964 * se))})
        rows.append(row)
    return pd.DataFrame(rows, columns=RELATION_COLUMNS)


def change_relations(habits: pd.DataFrame, indicators: pd.DataFrame, waves: list[str], *,
                     min_teams: int = MIN_TEAMS, n_boot: int = 2000, seed: int = 1) -> pd.DataFrame:
    """Change on change: a team's habit change against its indicator change between waves.

    Parameters
    ----------
    habits, indicators : DataFrame
        As for :func:`team_relations`.
    waves : list of str
        The waves in time order; a change is taken between consecutive waves.
    min_teams, n_boot, seed
        As for :func:`team_relations`.

    Returns
    -------
    DataFrame
        The columns of :func:`team_relations` (:data:`RELATION_COLUMNS`: ``habit``,
        ``indicator``, ``wave``, ``n_teams``, ``status``, ``pearson_r``, ...), correlating the
        changes; ``wave`` names the later wave.
    """
    order = {w: k for k, w in enumerate(waves)}

    def diff(df: pd.DataFrame, wave_col: str, key: str, value: str) -> pd.DataFrame:
        d = df[~df["suppressed"].astype(bool)][["unit", wave_col, key, value]].copy()
        d["k"] = d[wave_col].map(order)
        prev = d.assign(k=d["k"] + 1)
        j = d.merge(prev, on=["unit", key, "k"], suffixes=("", "_prev"))
        j[value] = j[value] - j[f"{value}_prev"]
        j["suppressed"] = False
        return j[["unit", wave_col, key, value, "suppressed"]]

    dh = diff(habits, "wave", "habit", "mean")
    di = diff(indicators, "period", "indicator", "value")
    return team_relations(dh, di, min_teams=min_teams, n_boot=n_boot, seed=seed)
