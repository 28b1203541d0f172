"""A leader's own view beside the team's view of the leader (issue 15): the leader report's data.

The leadership habit is answered in two wordings (:meth:`kit.instrument.Item.text`): the leader
in the article's own ("Ik ben rolmodel ..."), team members as their view of their leader ("Onze
schoolleider is rolmodel ..."). Per statement and for the habit, :func:`leader_gap` sets the
leader's own answer (habit: own score) beside the mean of the team members' answers, with the
gap (leader minus team) and its interval.

Conventions
-----------
* Whose view: a ``directeur`` (schoolleider, locatieleider) is seen by the school's team
  members (``scope`` school); a ``bouwcoördinator`` counted as a leader by the board
  (``leader_roles``) by the members of the team they named (``scope`` team).
* The gap's interval is the team mean's t interval moved by the leader's value:
  ``leader - ci_high`` to ``leader - ci_low``. The leader is one person: the leader's answer has
  no interval of its own, so this interval says only how precisely the team's mean is known.
* Privacy: the team's view is what the kit's gate (:func:`kit.analysis.privacy.disclosure`)
  shows of the school (or team): below the threshold it is hidden, and so is the gap. The
  leader's own answers are shown only here, never in a team, school or board aggregate
  (:mod:`kit.analysis.perspective`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kit.analysis.perspective import is_leader, leader_roles_of
from kit.analysis.privacy import DEFAULT_THRESHOLD, check_threshold
from kit.analysis.scoring import habit_scores
from kit.errors import ArgumentError

__all__ = ["GAP_COLUMNS", "LEADER_COLUMNS", "leader_gap", "leaders_of"]

#: columns of :func:`leaders_of`
LEADER_COLUMNS = ["respondent_id", "wave", "school", "team", "role", "scope", "unit",
                  "n_answered"]
#: columns of :func:`leader_gap`
GAP_COLUMNS = ["kind", "habit", "item", "leader_value", "n", "mean", "sd", "ci_low",
               "ci_high", "gap", "gap_ci_low", "gap_ci_high", "suppressed", "suppression"]


def leaders_of(respondents: pd.DataFrame, answers: pd.DataFrame, *,
               school: str | None = None, wave: str | None = None,
               leader_roles=None) -> pd.DataFrame:
    """The leaders who answered (at least one statement), per wave.

    Parameters
    ----------
    respondents, answers : DataFrame
        The store's tables.
    school, wave : str, optional
        Only this school's leaders, only this wave.
    leader_roles : tuple of str, optional
        The leader roles (default: those the store handed on, else ``directeur``).

    Returns
    -------
    DataFrame
        ``respondent_id``, ``wave``, ``school``, ``team``, ``role``, ``scope`` (``school``
        or ``team``: whose view of the leader the report shows), ``unit`` (the school or the
        team), ``n_answered`` (the leader's statements answered); sorted by school, wave, id.
    """
    roles = leader_roles_of(respondents, leader_roles)
    r = respondents[is_leader(respondents, roles)]
    if school is not None:
        r = r[r["school"] == school]
    if wave is not None:
        r = r[r["wave"] == wave]
    answered = answers[answers["value"].notna()].groupby(["respondent_id", "wave"]).size() \
        .rename("n_answered").reset_index()
    r = r.drop(columns=["n_answered"], errors="ignore").merge(
        answered, on=["respondent_id", "wave"], how="inner")
    scope = np.where(r["role"] == "directeur", "school", "team")
    r = r.assign(scope=scope, unit=np.where(scope == "school", r["school"], r["team"]))
    return r[LEADER_COLUMNS].sort_values(["school", "wave", "respondent_id"]) \
        .reset_index(drop=True)


def leader_gap(respondents: pd.DataFrame, answers: pd.DataFrame, instrument, *,
               leader: str, wave: str, gate=None, threshold: int = DEFAULT_THRESHOLD,
               leader_roles=None) -> pd.DataFrame:
    """The leader's own view beside the team's view of the leader, per statement and habit.

    Parameters
    ----------
    respondents, answers : DataFrame
        The store's tables (leaders' rows included: this is the one place they are read).
    instrument : kit.instrument.Instrument
        Its habits with a team's-view wording (:attr:`~kit.instrument.Instrument.leader_habits`)
        are compared; none (an instrument from before issue 15) gives an empty table.
    leader : str
        The leader's ``respondent_id`` (see :func:`leaders_of`).
    wave : str
    gate : kit.analysis.privacy.Disclosure, optional
        The board's decisions (computed from the tables when not given).
    threshold : int
        Minimum group size for the team's view (default 5).

    Returns
    -------
    DataFrame
        One row per habit (``kind`` ``habit``, ``item`` NaN) followed by its statements
        (``kind`` ``item``): ``habit``, ``item``, ``leader_value`` (the leader's answer, or
        habit score; NaN when not answered), ``n``, ``mean``, ``sd``, ``ci_low``, ``ci_high``
        (the team's view: team members of the leader's school, or team, with the t interval;
        NaN where the gate hides it), ``gap`` (leader minus team mean), ``gap_ci_low``,
        ``gap_ci_high`` (the team mean's interval moved by the leader's value),
        ``suppressed``, ``suppression``.
    """
    from kit.analysis.privacy import disclosure
    from kit.analysis.teams import aggregate, item_distribution
    thr = check_threshold(threshold)
    who = leaders_of(respondents, answers, wave=wave, leader_roles=leader_roles)
    who = who[who["respondent_id"] == leader]
    if who.empty:
        raise ArgumentError(f"no leader {leader!r} with answers in wave {wave!r}",
                            fix="choose a leader of kit.analysis.leadership.leaders_of")
    scope, unit = who["scope"].iloc[0], who["unit"].iloc[0]
    habits = list(instrument.leader_habits)
    if not habits:
        return pd.DataFrame(columns=GAP_COLUMNS)
    if gate is None:
        gate = disclosure(respondents, answers, instrument, threshold=thr)
    own = answers[(answers["respondent_id"] == leader) & (answers["wave"] == wave)]
    own_scores = habit_scores(own, instrument).set_index("habit")["score"]
    own_items = own.set_index("item")["value"]
    hab = aggregate(respondents, answers, instrument, level=scope, threshold=thr, gate=gate)
    hab = hab[(hab["unit"] == unit) & (hab["wave"] == wave)].set_index("habit")
    its = item_distribution(respondents, answers, instrument, level=scope, threshold=thr,
                            gate=gate)
    its = its[(its["unit"] == unit) & (its["wave"] == wave)].set_index("item")
    rows = []
    for hid in habits:
        rows.append(_row("habit", hid, np.nan, own_scores.get(hid, np.nan),
                         hab.loc[hid] if hid in hab.index else None))
        for item in instrument.habit(hid).items:
            rows.append(_row("item", hid, item.id, own_items.get(item.id, np.nan),
                             its.loc[item.id] if item.id in its.index else None))
    return pd.DataFrame(rows, columns=GAP_COLUMNS)


def _row(kind: str, habit: str, item: object, value: float, team: pd.Series | None) -> dict:
    """One row of :func:`leader_gap`: the leader's value, the team's view and the gap."""
    value = float(value) if pd.notna(value) else np.nan
    if team is None:                      # no team member answered: nothing to show
        stats = {"n": pd.NA, "mean": np.nan, "sd": np.nan, "ci_low": np.nan, "ci_high": np.nan,
                 "suppressed": True, "suppression": "below_threshold"}
    else:
        stats = {k: team[k] for k in ("n", "mean", "sd", "ci_low", "ci_high", "suppressed",
                                      "suppression")}
        stats["suppressed"] = bool(stats["suppressed"])
    mean = float(stats["mean"]) if pd.notna(stats["mean"]) else np.nan
    return {"kind": kind, "habit": habit, "item": item, "leader_value": value, **stats,
            "gap": value - mean, "gap_ci_low": value - float(stats["ci_high"]),
            "gap_ci_high": value - float(stats["ci_low"])}
