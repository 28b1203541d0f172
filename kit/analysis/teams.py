"""Team, school and board aggregates of habit scores, items and OECD dimensions.

Every aggregate carries its ``n`` (valid respondents), a 95 % interval and, for teams, the
within-team agreement rwg(j) beside the mean; groups below the privacy threshold have no scores
in the returned data: what is shown is decided by the kit's one gate,
:func:`kit.analysis.privacy.disclosure` (minimum group size and complementary hiding, the same
for the team as a whole, each habit, each statement and each OECD dimension).

Conventions
-----------
* Interval of a mean: t interval on the respondents' scores (``kit.analysis.stats.mean_ci``).
* Agreement: rwg(j) over the habit's items with the uniform null for the scale's number of
  options (``multilevel::rwg.j``); respondents with a missing item are left out of rwg(j) only.
* Change since the previous wave: difference of the two means with a Welch interval. The same
  people answer in both waves, so the interval is conservative (it ignores the pairing).
* Leaders (:mod:`kit.analysis.perspective`): a leader's own answers are one person's and count
  in no aggregate, agreement, ICC or reliability here; every function keeps team members only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as sps

from kit.analysis.perspective import team_members
from kit.analysis.privacy import (
    DEFAULT_THRESHOLD,
    check_threshold,
    disclosure,
)
from kit.analysis.scoring import dimension_scores, habit_scores, reverse_keyed
from kit.errors import ArgumentError

__all__ = ["AGGREGATE_COLUMNS", "TOGETHER_COLUMNS", "aggregate", "change", "hidden_together",
           "icc_by_habit", "item_distribution", "reliability_by_habit"]

#: columns of :func:`aggregate`
AGGREGATE_COLUMNS = ["level", "unit", "school", "wave", "habit", "n", "mean", "sd", "se",
                     "ci_low", "ci_high", "rwg_j", "size", "response_rate", "suppressed",
                     "suppression"]
_LEVELS = ("team", "school", "board")


def _mean_ci(values: pd.Series) -> dict:
    from kit.analysis.stats import mean_ci
    v = values.dropna()
    if len(v) == 0:
        return {"n": 0, "mean": np.nan, "sd": np.nan, "se": np.nan, "ci_low": np.nan,
                "ci_high": np.nan}
    if len(v) == 1:
        return {"n": 1, "mean": float(v.iloc[0]), "sd": np.nan, "se": np.nan,
                "ci_low": np.nan, "ci_high": np.nan}
    res = mean_ci(v.to_numpy())
    return {k: float(res[k]) if k != "n" else int(res[k])
            for k in ("n", "mean", "sd", "se", "ci_low", "ci_high")}


def _members(respondents: pd.DataFrame, answers: pd.DataFrame) -> tuple[pd.DataFrame,
                                                                      pd.DataFrame]:
    """The team members' respondents and answers (leaders' own answers left out)."""
    _check(respondents, answers)
    members = team_members(respondents)
    if len(members) == len(respondents):
        return respondents, answers
    keep = answers.merge(members[["respondent_id", "wave"]].drop_duplicates(),
                         on=["respondent_id", "wave"], how="left", indicator=True)["_merge"]
    return members, answers[(keep == "both").to_numpy()]


def _check(respondents: pd.DataFrame, answers: pd.DataFrame) -> None:
    for name, df, cols in (("respondents", respondents, ("respondent_id", "wave", "team",
                                                         "school", "board")),
                           ("answers", answers, ("respondent_id", "wave", "item", "value"))):
        if not isinstance(df, pd.DataFrame):
            raise ArgumentError(f"{name} must be a DataFrame", fix=f"got {type(df).__name__}")
        missing = [c for c in cols if c not in df.columns]
        if missing:
            raise ArgumentError(f"{name} lacks column(s) {missing}",
                                expected=f"the store's {name} table")


def aggregate(respondents: pd.DataFrame, answers: pd.DataFrame, instrument, *,
              level: str = "team", by: str = "habit", teams: pd.DataFrame | None = None,
              threshold: int = DEFAULT_THRESHOLD, min_share: float | None = None,
              gate=None) -> pd.DataFrame:
    """Aggregate respondents' scores per unit (team, school or board), wave and habit.

    Parameters
    ----------
    respondents, answers : DataFrame
        The store's tables.
    instrument : kit.instrument.Instrument
    level : {"team", "school", "board"}
    by : {"habit", "dimension"}
        Habits, or the OECD dimensions (column ``habit`` then holds the dimension id).
    teams : DataFrame, optional
        The store's ``teams`` table, for team sizes and response rates.
    threshold : int
        Minimum number of valid respondents (default 5, never below 3).
    gate : kit.analysis.privacy.Disclosure, optional
        The board's disclosure decisions (:func:`kit.analysis.privacy.disclosure`); computed from
        ``respondents`` and ``answers`` when not given.

    Returns
    -------
    DataFrame
        ``level``, ``unit``, ``school`` (NaN at board level), ``wave``, ``habit``, ``n``,
        ``mean``, ``sd``, ``se``, ``ci_low``, ``ci_high``, ``rwg_j`` (teams only),
        ``size`` (staff), ``response_rate`` (n / size), ``suppressed``, ``suppression``.
    """
    from kit.analysis.stats import rwg_j
    thr = check_threshold(threshold)
    if level not in _LEVELS:
        raise ArgumentError(f"level must be one of {_LEVELS}, got {level!r}")
    if by not in ("habit", "dimension"):
        raise ArgumentError(f"by must be 'habit' or 'dimension', got {by!r}")
    respondents, answers = _members(respondents, answers)
    scorer = habit_scores if by == "habit" else dimension_scores
    scores = scorer(answers, instrument, min_share=min_share)
    key = "habit" if by == "habit" else "dimension"
    scores = scores.rename(columns={key: "habit"}).merge(
        respondents[["respondent_id", "wave", "board", "school", "team"]],
        on=["respondent_id", "wave"], how="inner")
    unit_col = {"team": "team", "school": "school", "board": "board"}[level]
    rows = []
    for (unit, wave, habit), g in scores.groupby([unit_col, "wave", "habit"], sort=True):
        row = {"level": level, "unit": unit, "wave": wave, "habit": habit,
               "school": g["school"].iloc[0] if level != "board" else np.nan,
               **_mean_ci(g["score"])}
        rows.append(row)
    out = pd.DataFrame(rows, columns=[c for c in AGGREGATE_COLUMNS
                                      if c not in ("rwg_j", "size", "response_rate",
                                                   "suppressed", "suppression")])
    out["rwg_j"] = np.nan
    if level == "team" and by == "habit" and len(out):
        rev = reverse_keyed(answers, instrument).merge(
            respondents[["respondent_id", "wave", "team"]], on=["respondent_id", "wave"])
        item_habit = {i.id: i.habit for i in instrument.items}
        rev["habit"] = rev["item"].map(item_habit)
        options = instrument.scale.n_options
        for (wave, habit), g in rev.groupby(["wave", "habit"]):
            wide = g.pivot_table(index=["respondent_id", "team"], columns="item",
                                 values="value", aggfunc="first").reset_index()
            items = [c for c in wide.columns if c not in ("respondent_id", "team")]
            r = rwg_j(wide, items, "team", options)
            for t, value in zip(r["team"], r["rwg_j"], strict=True):
                out.loc[(out.unit == t) & (out.wave == wave) & (out.habit == habit),
                        "rwg_j"] = value
    out["size"] = pd.array([pd.NA] * len(out), dtype="Int64")
    if teams is not None and len(out):
        sizes = teams.dropna(subset=["size"])
        if level == "team":
            lookup = {(t, w): s for t, w, s in zip(sizes["team"], sizes["wave"], sizes["size"],
                                                   strict=True)}
        else:
            col = "school" if level == "school" else "board"
            agg = sizes.groupby([col, "wave"])["size"].sum()
            lookup = agg.to_dict()
        out["size"] = pd.array([lookup.get((u, w), pd.NA)
                                for u, w in zip(out.unit, out.wave, strict=True)],
                               dtype="Int64")
    out["response_rate"] = (out["n"] / out["size"].astype("float64")).astype("float64")
    if gate is None:
        gate = disclosure(respondents, answers, instrument, threshold=thr, min_share=min_share)
    out = gate.apply(out, by, key="habit",
                     values=["mean", "sd", "se", "ci_low", "ci_high", "rwg_j",
                             "response_rate"])
    return out[AGGREGATE_COLUMNS].reset_index(drop=True)


def change(aggregates: pd.DataFrame, waves: list[str]) -> pd.DataFrame:
    """Change of each unit's mean since the previous wave, with a Welch 95 % interval.

    Parameters
    ----------
    aggregates : DataFrame
        Output of :func:`aggregate` (suppressed rows give no change).
    waves : list of str
        The waves in time order (the store's ``waves`` table, column ``wave`` by ``order``).

    Returns
    -------
    DataFrame
        ``level``, ``unit``, ``habit``, ``wave``, ``previous_wave``, ``change``, ``ci_low``,
        ``ci_high``, ``n``, ``n_previous``.
    """
    order = {w: k for k, w in enumerate(waves)}
    a = aggregates[~aggregates["suppressed"]].copy()
    a["k"] = a["wave"].map(order)
    prev = a.assign(k=a["k"] + 1)
    m = a.merge(prev, on=["level", "unit", "habit", "k"], suffixes=("", "_prev"))
    rows = []
    for r in m.itertuples():
        se = np.sqrt(r.se ** 2 + r.se_prev ** 2)
        if pd.isna(r.n) or pd.isna(r.n_prev):
            # a school's n withheld by the gate (a team hidden for this habit only): the
            # normal quantile (the Welch degrees of freedom need the n)
            t = 1.959963984540054
        else:
            df = se ** 4 / ((r.se ** 4) / (r.n - 1) + (r.se_prev ** 4) / (r.n_prev - 1)) \
                if r.n > 1 and r.n_prev > 1 else np.nan
            t = sps.t.ppf(0.975, df) if np.isfinite(df) else np.nan
        d = r.mean - r.mean_prev
        rows.append({"level": r.level, "unit": r.unit, "habit": r.habit, "wave": r.wave,
                     "previous_wave": r.wave_prev, "change": d, "ci_low": d - t * se,
                     "ci_high": d + t * se, "n": r.n, "n_previous": r.n_prev})
    return pd.DataFrame(rows, columns=["level", "unit", "habit", "wave", "previous_wave",
                                       "change", "ci_low", "ci_high", "n", "n_previous"])


def item_distribution(respondents: pd.DataFrame, answers: pd.DataFrame, instrument, *,
                      level: str = "team", threshold: int = DEFAULT_THRESHOLD, gate=None
                      ) -> pd.DataFrame:
    """Per unit, wave and item: n, mean, sd and the share of each answer option.

    A statement is hidden for a unit where :func:`kit.analysis.privacy.disclosure` (or the given
    ``gate``) hides it: too few answers, hidden beside a small team, or its habit or the
    whole team hidden.

    Returns
    -------
    DataFrame
        ``level``, ``unit``, ``school``, ``wave``, ``item``, ``habit``, ``n``, ``mean``, ``sd``,
        ``ci_low``, ``ci_high`` (t interval), ``share_1`` ... ``share_K`` (K answer options;
        shares of valid answers), ``suppressed``,
        ``suppression``. Reverse-keyed items are shown as answered (not reversed).
    """
    thr = check_threshold(threshold)
    respondents, answers = _members(respondents, answers)
    unit_col = {"team": "team", "school": "school", "board": "board"}[level]
    a = answers.merge(respondents[["respondent_id", "wave", "board", "school", "team"]],
                      on=["respondent_id", "wave"])
    item_habit = {i.id: i.habit for i in instrument.items}
    # the habits' statements (a module's statements are shown in its own section, issue 15)
    a = a[a["value"].notna() & a["item"].isin(item_habit)]
    values = [o.value for o in instrument.scale.options]
    g = a.groupby([unit_col, "wave", "item"])
    out = g["value"].agg(n="count", mean="mean", sd="std").reset_index()
    with np.errstate(invalid="ignore", divide="ignore"):
        half = sps.t.ppf(0.975, out["n"] - 1) * out["sd"] / np.sqrt(out["n"])
    out["ci_low"], out["ci_high"] = out["mean"] - half, out["mean"] + half
    for v in values:
        out[f"share_{v}"] = g["value"].apply(lambda s, v=v: float((s == v).mean())).to_numpy()
    out = out.rename(columns={unit_col: "unit"})
    out.insert(0, "level", level)
    out["school"] = (out["unit"].map(respondents.drop_duplicates("team").set_index("team")
                                     ["school"]) if level == "team" else
                     out["unit"] if level == "school" else np.nan)
    out["habit"] = out["item"].map(item_habit)
    share_cols = [f"share_{v}" for v in values]
    cols = ["level", "unit", "school", "wave", "item", "habit", "n", "mean", "sd", "ci_low",
            "ci_high", *share_cols]
    out = out[cols]
    if gate is None:
        gate = disclosure(respondents, answers, instrument, threshold=thr)
    return gate.apply(out, "item", values=["mean", "sd", "ci_low", "ci_high", *share_cols])


def icc_by_habit(respondents: pd.DataFrame, answers: pd.DataFrame, instrument, *,
                 wave: str | None = None) -> pd.DataFrame:
    """ICC(1) and ICC(2) of the habit scores across teams, per habit (and wave).

    Returns
    -------
    DataFrame
        ``wave``, ``habit``, ``icc1``, ``icc2``, ``n`` (respondents), ``n_teams``.
    """
    from kit.analysis.stats import icc1, icc2
    respondents, answers = _members(respondents, answers)
    scores = habit_scores(answers, instrument).merge(
        respondents[["respondent_id", "wave", "team"]], on=["respondent_id", "wave"])
    if wave is not None:
        scores = scores[scores["wave"] == wave]
    rows = []
    for (w, habit), g in scores.dropna(subset=["score"]).groupby(["wave", "habit"]):
        if g["team"].nunique() < 2:
            continue
        rows.append({"wave": w, "habit": habit, "icc1": icc1(g, "score", "team"),
                     "icc2": icc2(g, "score", "team"), "n": len(g),
                     "n_teams": g["team"].nunique()})
    return pd.DataFrame(rows, columns=["wave", "habit", "icc1", "icc2", "n", "n_teams"])


def reliability_by_habit(answers: pd.DataFrame, instrument, *, wave: str | None = None,
                         respondents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Cronbach's alpha (with its Feldt interval) and omega total of every habit's items.

    Respondents of all teams together (reliability describes the instrument, not a team);
    reverse keys about the nominal scale ends. With ``respondents`` (the store's table), the
    answers of leaders are left out (:mod:`kit.analysis.perspective`).

    Returns
    -------
    DataFrame
        ``wave``, ``habit``, ``k`` (items), ``n`` (respondents), ``alpha``, ``alpha_ci_low``,
        ``alpha_ci_high``, ``omega_total`` (NaN when the one-factor fit is not possible; all
        four NaN when fewer than two of the habit's items vary).
    """
    from kit.analysis.stats import cronbach_alpha, omega_total
    from kit.errors import KitError
    if respondents is not None:
        respondents, answers = _members(respondents, answers)
    a = answers if wave is None else answers[answers["wave"] == wave]
    scale = (instrument.scale.min, instrument.scale.max)
    rows = []
    for w, aw in a.groupby("wave", sort=True):
        wide = aw.pivot_table(index="respondent_id", columns="item", values="value",
                              aggfunc="first", dropna=False)
        for h in instrument.habits:
            cols = [i.id for i in h.items if i.id in wide.columns]
            rev = [i.id for i in h.items if i.reverse and i.id in cols]
            block = wide[cols].dropna(how="all")
            if len(cols) < 2 or len(block) < 3:
                continue
            try:
                res = cronbach_alpha(block, reverse=rev, scale=scale)
            except KitError:
                # fewer than two items whose answers vary (tiny or uniform data): alpha is not
                # defined; the habit keeps its row with NaN instead of failing the report
                rows.append({"wave": w, "habit": h.id, "k": len(cols), "n": len(block),
                             "alpha": np.nan, "alpha_ci_low": np.nan, "alpha_ci_high": np.nan,
                             "omega_total": np.nan})
                continue
            try:
                om = float(omega_total(block, reverse=rev, scale=scale))
            except KitError:
                om = np.nan
            rows.append({"wave": w, "habit": h.id, "k": res.k, "n": res.n,
                         "alpha": res.raw_alpha, "alpha_ci_low": res.ci_low,
                         "alpha_ci_high": res.ci_high, "omega_total": om})
    return pd.DataFrame(rows, columns=["wave", "habit", "k", "n", "alpha", "alpha_ci_low",
                                       "alpha_ci_high", "omega_total"])


#: columns of :func:`hidden_together`
TOGETHER_COLUMNS = ["school", "wave", "habit", "n_teams", "n", "mean", "ci_low", "ci_high"]


def hidden_together(respondents: pd.DataFrame, answers: pd.DataFrame, instrument, *,
                    gate=None, threshold: int = DEFAULT_THRESHOLD,
                    min_share: float | None = None) -> pd.DataFrame:
    """The coarser view of a school's hidden teams: per school, wave and habit, the teams the
    gate hides, taken together.

    Shown only where it discloses nothing new: the school's own scores are shown, at least
    two of its teams are hidden for the habit, and together they reach the threshold. Such a
    group is the school minus its shown teams, which a reader could compute from the reports
    anyway; no single hidden team can be told from it. (It is not shown in a hidden team's
    own report, which stays the same whatever its members answered.)

    Parameters
    ----------
    respondents, answers : DataFrame
        The store's tables.
    instrument : kit.instrument.Instrument
    gate : kit.analysis.privacy.Disclosure, optional
        The board's decisions (computed when not given).
    threshold : int
        Minimum group size (default 5).

    Returns
    -------
    DataFrame
        ``school``, ``wave``, ``habit``, ``n_teams`` (hidden teams taken together), ``n``,
        ``mean``, ``ci_low``, ``ci_high`` (t interval).
    """
    thr = check_threshold(threshold)
    respondents, answers = _members(respondents, answers)
    if gate is None:
        gate = disclosure(respondents, answers, instrument, threshold=thr, min_share=min_share)
    h = gate.habits
    hidden = h[(h["level"] == "team") & ~h["shown"]]
    open_schools = set(zip(h.loc[(h["level"] == "school") & h["shown"], "wave"],
                           h.loc[(h["level"] == "school") & h["shown"], "habit"],
                           h.loc[(h["level"] == "school") & h["shown"], "unit"], strict=True))
    scores = habit_scores(answers, instrument, min_share=min_share).dropna(subset=["score"]) \
        .merge(respondents[["respondent_id", "wave", "school", "team"]],
               on=["respondent_id", "wave"])
    rows = []
    for (wave, habit, school), g in hidden.groupby(["wave", "habit", "school"], sort=True):
        if (wave, habit, school) not in open_schools or g["unit"].nunique() < 2:
            continue
        s = scores[(scores["wave"] == wave) & (scores["habit"] == habit)
                   & scores["team"].isin(set(g["unit"]))]["score"]
        if len(s) < thr:
            continue
        res = _mean_ci(s)
        rows.append({"school": school, "wave": wave, "habit": habit,
                     "n_teams": int(g["unit"].nunique()), "n": res["n"], "mean": res["mean"],
                     "ci_low": res["ci_low"], "ci_high": res["ci_high"]})
    return pd.DataFrame(rows, columns=TOGETHER_COLUMNS)
