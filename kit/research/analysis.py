"""Relations across all pooled teams, the multilevel model on team aggregates, and the whole
analysis in one call (:func:`analyse`).

* Relations: :func:`kit.analysis.relations.team_relations` on the shown teams of every board
  (a team is ``board/team``): Pearson r with Fisher-z and bootstrap intervals, Spearman rho, per
  habit, indicator and wave; hidden teams never take part. The bootstrap draws ``n_boot``
  (default 200) resamples of all teams: with thousands of teams the Fisher interval is the
  one to read, and 2,000 draws of 25,000 teams would take gigabytes.
* Multilevel (:func:`team_model`): pupils in teams in schools in boards, fitted on what fits a
  machine, the team aggregates: the team's indicator value (the mean of its pupils) on the
  team's habit mean, with random intercepts for schools and boards::

      y_tsb = b0 + b1 * habit_tsb + v_b + u_sb + e_tsb

  the kit's three-level REML fit (:mod:`kit.analysis.multilevel`, checked against lme4) with
  teams as the lowest level. The pupils' own variation enters through their team's mean (part
  of ``e``); a pupil-level model of one board is :func:`kit.analysis.multilevel.mixed_model`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kit.analysis.multilevel import fit_three_level
from kit.analysis.privacy import DEFAULT_THRESHOLD
from kit.analysis.relations import MIN_TEAMS, RELATION_COLUMNS, team_relations
from kit.errors import ArgumentError
from kit.research.data import Pooled
from kit.research.indicators import team_indicators
from kit.research.teams import team_habits

__all__ = ["MODEL_KEYS", "Research", "analyse", "relations", "team_model"]

#: keys of :func:`team_model`'s result
MODEL_KEYS = ["habit", "indicator", "wave", "status", "note", "n_teams", "n_schools",
              "n_boards", "slope", "se", "ci_low", "ci_high", "school_variance",
              "board_variance", "residual_variance", "loglik"]


def _keyed(frame: pd.DataFrame) -> pd.DataFrame:
    """``unit`` as ``board/team`` (a team id is unique within its board only)."""
    key = frame["board"].astype(object) + "/" + frame["unit"].astype(object)
    return frame.assign(unit=key.astype(object))


def relations(habits: pd.DataFrame, indicators: pd.DataFrame, *, min_teams: int = MIN_TEAMS,
              n_boot: int = 200, seed: int = 1) -> pd.DataFrame:
    """Habit means against indicator values across every pooled team, per habit, indicator
    and wave.

    Parameters
    ----------
    habits, indicators : DataFrame
        :func:`kit.research.team_habits` and :func:`kit.research.team_indicators`.
    min_teams, n_boot, seed
        As for :func:`kit.analysis.relations.team_relations` (``n_boot`` 200 by default).

    Returns
    -------
    DataFrame
        The columns of :func:`kit.analysis.relations.team_relations`: ``habit``,
        ``indicator``, ``wave``, ``n_teams``, ``status``, ``pearson_r``, ``pearson_ci_low``,
        ``pearson_ci_high``, ``pearson_boot_low``, ``pearson_boot_high``, ``spearman_rho``,
        ``spearman_ci_low``, ``spearman_ci_high``.
    """
    if habits.empty or indicators.empty:
        return pd.DataFrame(columns=RELATION_COLUMNS)
    return team_relations(_keyed(habits), _keyed(indicators), min_teams=min_teams,
                          n_boot=n_boot, seed=seed)


def team_model(habits: pd.DataFrame, indicators: pd.DataFrame, habit: str, indicator: str,
               wave: str, *, min_teams: int = MIN_TEAMS) -> dict:
    """The three-level model of one indicator on one habit over the shown teams of ``wave``.

    Returns
    -------
    dict
        :data:`MODEL_KEYS`: ``habit``, ``indicator``, ``wave``, ``status`` (``ok``,
        ``too_few_teams``, ``too_few_boards``, ``not_converged``, ``boundary``), ``note``,
        ``n_teams``, ``n_schools``, ``n_boards``, ``slope`` (the association of a team's
        habit mean with its pupils' mean; not an effect), ``se``, ``ci_low``, ``ci_high``,
        ``school_variance``, ``board_variance``, ``residual_variance`` (teams), ``loglik``.
    """
    h = habits[(habits["habit"] == habit) & (habits["wave"] == wave) & ~habits["suppressed"]]
    i = indicators[(indicators["indicator"] == indicator) & (indicators["period"] == wave)
                   & ~indicators["suppressed"].astype(bool)]
    if h.empty and i.empty and habit not in set(habits["habit"]):
        raise ArgumentError(f"no habit {habit!r} in the team aggregates")
    d = h[["board", "school", "unit", "mean"]].merge(
        i[["board", "unit", "value"]], on=["board", "unit"]).dropna(subset=["mean", "value"])
    d = pd.DataFrame({"value": d["value"].astype(float), "score": d["mean"].astype(float),
                      "school": d["board"].astype(str),
                      "team": d["board"].astype(str) + "/" + d["school"].astype(str)}) \
        .reset_index(drop=True)
    base = dict.fromkeys(MODEL_KEYS, np.nan) | {
        "habit": habit, "indicator": indicator, "wave": wave, "n_teams": int(len(d)),
        "n_schools": int(d["team"].nunique()), "n_boards": int(d["school"].nunique()),
        "note": "teams in schools in boards, on the teams' means"}
    if len(d) < min_teams:
        return {**base, "status": "too_few_teams"}
    if base["n_boards"] < 2:
        return {**base, "status": "too_few_boards",
                "note": base["note"] + "; a board variance needs at least two boards"}
    fit = fit_three_level(d, {"note": base["note"]})
    out = {**base, "status": fit["status"], "note": fit["note"]}
    for k in ("slope", "se", "ci_low", "ci_high", "residual_variance", "loglik"):
        out[k] = fit.get(k, np.nan)
    # the kit's names one level up: its "school" groups are boards, its "team" are schools
    out["board_variance"] = fit.get("school_variance", np.nan)
    out["school_variance"] = fit.get("team_variance", np.nan)
    return out


@dataclass(frozen=True)
class Research:
    """The pooled analysis (:func:`analyse`): team habits, team indicators, relations."""

    habits: pd.DataFrame
    indicators: pd.DataFrame
    relations: pd.DataFrame


def analyse(pooled: Pooled, aspiration, *, threshold: int = DEFAULT_THRESHOLD,
            min_pupils: int | None = None, n_boot: int = 200, boards: list[str] | None = None,
            scheduler=None) -> Research:
    """Team habits, team indicators and their relations over all pooled boards.

    ``scheduler`` (a Dask address or ``distributed.Client``) runs the per-board parts on a
    cluster; the relations are computed where this runs, on the teams' aggregates.
    """
    kw = {"boards": boards, "scheduler": scheduler}
    habits = team_habits(pooled, threshold=threshold, **kw)
    ind_kw = {} if min_pupils is None else {"min_pupils": min_pupils}
    indicators = team_indicators(pooled, aspiration, **ind_kw, **kw)
    return Research(habits, indicators, relations(habits, indicators, n_boot=n_boot))
