"""Habit scores and agreement per team over every pooled board, in DuckDB.

The numbers are the kit's own (:func:`kit.analysis.teams.aggregate` at team level, checked
equal on the same data in ``tests/test_research.py``): a respondent's habit score is the mean
of the habit's answered items after reverse keys about the nominal scale ends, missing when
fewer than ``min_share`` of the habit's items are answered; the team mean has a t interval
(:func:`kit.analysis.stats.mean_ci`), the mean rounded to 12 decimals so that teams with the
same scores tie exactly (the order of a sum changes its last bit); agreement is rwg(j) with
the uniform null over the habit's items (:func:`kit.analysis.stats.rwg_j`: respondents with
every item of the habit that the wave holds, the mean of the item variances). Only the
per-team sums leave DuckDB.

What may be shown is decided by the kit's one gate, :func:`kit.analysis.privacy.gate`, per board
exactly as in that board's own reports: the team as a whole (respondents with an answer), then
each habit (respondents with a score), with complementary hiding within schools. A hidden team
has no mean, no interval, no agreement and no ``n``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as sps

from kit.analysis.privacy import DEFAULT_THRESHOLD, check_threshold, gate
from kit.analysis.teams import AGGREGATE_COLUMNS
from kit.research.data import Pooled, open_pooled
from kit.research.distribute import by_board

__all__ = ["TEAM_COLUMNS", "team_habits"]

#: columns of :func:`team_habits`
TEAM_COLUMNS = ["board", *AGGREGATE_COLUMNS]

_SQL = """
WITH it AS (SELECT item, habit, reverse FROM items),
need AS (SELECT habit, ceil(count(*) * {share} - 0.01) AS need FROM it GROUP BY habit),
r AS (SELECT board, wave, respondent_id, school, team FROM respondents),
a AS (
    SELECT x.board, x.wave, x.respondent_id, it.habit, x.item,
           CASE WHEN isnan(x.value) THEN NULL
                WHEN it.reverse THEN {ends} - x.value ELSE x.value END AS v
    FROM answers x JOIN it USING (item) SEMI JOIN r USING (board, wave, respondent_id)
),
s AS (
    SELECT board, wave, habit, respondent_id, avg(v) AS score0, count(v) AS n_answered
    FROM a GROUP BY ALL
),
sc AS (
    SELECT s.board, s.wave, s.habit, r.school, r.team,
           CASE WHEN s.n_answered >= need.need THEN s.score0 END AS score
    FROM s JOIN r USING (board, wave, respondent_id) JOIN need USING (habit)
),
stats AS (
    SELECT board, wave, habit, team, any_value(school) AS school, count(score) AS n,
           avg(score) AS mean, stddev_samp(score) AS sd
    FROM sc GROUP BY board, wave, habit, team
),
present AS (
    SELECT board, wave, habit, count(DISTINCT item) AS j FROM a WHERE v IS NOT NULL
    GROUP BY ALL
),
complete AS (
    SELECT a.board, a.wave, a.habit, a.respondent_id FROM a JOIN present USING (board, wave, habit)
    GROUP BY a.board, a.wave, a.habit, a.respondent_id, present.j HAVING count(a.v) = present.j
),
iv AS (
    SELECT a.board, a.wave, a.habit, r.team, a.item, var_samp(a.v) AS var, count(*) AS g
    FROM a JOIN complete USING (board, wave, habit, respondent_id)
           JOIN r USING (board, wave, respondent_id)
    GROUP BY ALL
),
rw AS (
    SELECT board, wave, habit, team, avg(var) AS mean_var, max(g) AS gsize, count(*) AS j
    FROM iv GROUP BY ALL
)
SELECT stats.*, rw.mean_var, rw.gsize, rw.j, t.size
FROM stats LEFT JOIN rw USING (board, wave, habit, team)
LEFT JOIN (SELECT board, wave, team, any_value(size) AS size FROM teams
           WHERE size IS NOT NULL GROUP BY ALL) t USING (board, wave, team)
"""

_UNITS = """
SELECT x.board, x.wave, r.school, r.team, count(DISTINCT x.respondent_id) AS n
FROM answers x JOIN respondents r USING (board, wave, respondent_id)
WHERE x.value IS NOT NULL AND NOT isnan(x.value) GROUP BY ALL
"""


def _decisions(units: pd.DataFrame, stats: pd.DataFrame, habits: list[str], thr: int
               ) -> dict[tuple, str | None]:
    """(board, wave, habit, team) -> reason (None: shown), by the kit's gate, per board."""
    u = gate(units, threshold=thr, slice_by=["board", "wave"])
    hidden = u[~u["shown"]][["board", "wave", "level", "unit", "reason"]] \
        .merge(pd.DataFrame({"habit": habits}), how="cross")
    counts = stats[["board", "wave", "habit", "school", "team", "n"]]
    h = gate(counts, threshold=thr, slice_by=["board", "wave", "habit"], hidden=hidden)
    h = h[h["level"] == "team"]
    return dict(zip(zip(h["board"], h["wave"], h["habit"], h["unit"], strict=True),
                    h["reason"], strict=True))


def team_habits_of(path, boards: list[str], *, threshold: int = DEFAULT_THRESHOLD,
                   min_share: float | None = None) -> pd.DataFrame:
    """:func:`team_habits` of ``boards`` of the pooled folder ``path`` (one DuckDB query; the
    task of one chunk on a Dask cluster)."""
    ds = path if isinstance(path, Pooled) else open_pooled(path)
    inst = ds.instrument
    share = inst.min_answered_share if min_share is None else min_share
    thr = check_threshold(threshold)
    con = ds.connect(boards)
    try:
        stats = con.sql(_SQL.format(share=float(share),
                                    ends=float(inst.scale.min + inst.scale.max))).df()
        units = con.sql(_UNITS).df()
    finally:
        con.close()
    # plain Python strings: the gate iterates over rows, which Arrow-backed strings slow down
    units = units.astype({c: object for c in ("board", "wave", "school", "team")})
    stats = stats.astype({c: object for c in ("board", "wave", "habit", "school", "team")})
    if stats.empty:
        return pd.DataFrame(columns=TEAM_COLUMNS)
    stats["n"] = stats["n"].astype("int64")
    n = stats["n"].to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        se = stats["sd"].to_numpy(float) / np.sqrt(n)
        half = sps.t.ppf(0.975, n - 1) * se
        null = (inst.scale.n_options ** 2 - 1) / 12
        ratio = np.minimum(stats["mean_var"].to_numpy(float), null) / null
        j = stats["j"].to_numpy(float)
        rwg = j * (1 - ratio) / (j * (1 - ratio) + ratio)
    rwg[~(stats["gsize"].to_numpy(float) > 1)] = np.nan
    # rounded to 12 decimals: teams with the same scores tie exactly (Spearman's ranks),
    # whatever order DuckDB summed them in
    mean = stats["mean"].astype(float).round(12)
    out = pd.DataFrame({
        "board": stats["board"], "level": "team", "unit": stats["team"],
        "school": stats["school"], "wave": stats["wave"], "habit": stats["habit"],
        "n": stats["n"], "mean": mean, "sd": stats["sd"].astype(float),
        "se": se, "ci_low": mean - half, "ci_high": mean + half,
        "rwg_j": rwg, "size": pd.array(stats["size"], dtype="Int64")})
    out["response_rate"] = out["n"] / out["size"].astype("float64")
    dec = _decisions(units, stats,
                     [h.id for h in inst.habits], thr)
    keys = zip(out["board"], out["wave"], out["habit"], out["unit"], strict=True)
    reason = [dec.get(k, "below_threshold") if n_k > 0 else "below_threshold"
              for k, n_k in zip(keys, out["n"], strict=True)]
    mask = np.array([r is not None for r in reason], dtype=bool)
    for c in ("mean", "sd", "se", "ci_low", "ci_high", "rwg_j", "response_rate"):
        v = out[c].astype("float64").to_numpy(copy=True)
        v[mask] = np.nan
        out[c] = v
    counts = pd.array(out["n"], dtype="Int64")
    counts[mask] = pd.NA
    out["n"] = counts
    out["suppressed"] = mask
    out["suppression"] = pd.array(reason, dtype="object")
    return out[TEAM_COLUMNS].sort_values(["board", "wave", "unit", "habit"]) \
        .reset_index(drop=True)


def team_habits(pooled: Pooled, *, threshold: int = DEFAULT_THRESHOLD,
                min_share: float | None = None, boards: list[str] | None = None,
                scheduler=None) -> pd.DataFrame:
    """Habit scores with intervals and agreement per team, wave and habit, over all boards.

    Parameters
    ----------
    pooled : Pooled
        :func:`kit.research.open_pooled`.
    threshold : int
        Minimum number of respondents (default 5, never below 3), per board as in its reports.
    min_share : float, optional
        Share of a habit's items a respondent must answer (the instrument's by default).
    boards : list of str, optional
        Only these boards (default all).
    scheduler : str or distributed.Client, optional
        Run per chunk of boards on this Dask cluster (:func:`kit.research.distribute.by_board`).

    Returns
    -------
    DataFrame
        ``board``, then the columns of :func:`kit.analysis.teams.aggregate` at team level:
        ``level`` ("team"), ``unit`` (the team id within its board), ``school``, ``wave``,
        ``habit``, ``n``, ``mean``, ``sd``, ``se``, ``ci_low``, ``ci_high``, ``rwg_j``,
        ``size``, ``response_rate``, ``suppressed``, ``suppression``. Sorted by board, wave,
        team and habit.
    """
    return by_board(team_habits_of, pooled.path, boards or pooled.boards,
                    sort_by=["board", "wave", "unit", "habit"], scheduler=scheduler,
                    threshold=threshold, min_share=min_share)
