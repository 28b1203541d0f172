"""Multilevel models of pupils' values on their team's habit score (:func:`mixed_model`).

* Two levels, ``y ~ habit_score + (1 | team)``: ``statsmodels`` MixedLM fitted by REML with
  Powell then BFGS (agrees with ``lme4::lmer`` to 1e-6 on ``multilevel::bh1996``, see
  ``tests/reference/lme4_reference.R``); the fit is accepted only when it converged, the
  log-likelihood is finite and the team variance is positive (statsmodels issue #10239);
  otherwise the status says why. With fewer than about 30-50 teams the team-level standard
  errors are biased (Maas & Hox 2005).
* Three levels (pupils in teams in schools), ``y ~ habit_score + (1 | school/team)``, when a
  school is given and there are at least ``min_schools`` (default 5) schools: MixedLM with
  school groups and a team variance component, BFGS then Newton steps on the analytic score,
  lme4's standard error; agrees with an exactly converged ``lme4::lmer`` to 1e-6 on
  ``mlmRev::star`` (``tests/reference/lme4_three_level_reference.R``).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from kit.analysis.relations import MIN_TEAMS
from kit.errors import ArgumentError

__all__ = ["fit_three_level", "mixed_model"]

_LEVELS = ("auto", 2, 3)


def _check_frame(name: str, df, cols: tuple[str, ...]) -> None:
    """Raise ArgumentError unless ``df`` is a DataFrame holding ``cols``."""
    if not isinstance(df, pd.DataFrame):
        raise ArgumentError(f"{name} must be a pandas DataFrame, got {type(df).__name__}",
                            expected=f"a DataFrame with columns {list(cols)}")
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ArgumentError(f"{name} lacks column(s) {missing}; it has {list(df.columns)}",
                            expected=f"columns {list(cols)}")


def _check_count(name: str, value, low: int) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ArgumentError(f"{name} must be a whole number >= {low}, got {value!r}",
                            expected=f"an int >= {low}")


def _nested_fe_cov(d: pd.DataFrame, team_var: float, school_var: float,
                   resid_var: float) -> np.ndarray:
    """Covariance of the fixed effects (intercept, score) as lme4 computes it.

    ``(X' V^-1 X)^-1`` at the REML variance estimates, V = sigma^2 I + tau^2_team (team
    blocks of ones) + tau^2_school (school blocks of ones); V^-1 in closed form (team blocks,
    then Sherman-Morrison for the school), so no pupil-by-pupil matrix is built.
    """
    x = d["score"].to_numpy(float)
    g = pd.DataFrame({"school": d["school"].to_numpy(), "team": d["team"].to_numpy(),
                      "one": 1.0, "x": x, "xx": x * x})
    t = g.groupby(["school", "team"], sort=False, observed=True)[["one", "x", "xx"]].sum()
    n_t, sx_t, sxx_t = t["one"].to_numpy(), t["x"].to_numpy(), t["xx"].to_numpy()
    c_t = team_var / (resid_var + n_t * team_var)
    # X' A^-1 X with A = sigma^2 I + tau^2_team J_t: per team (X'X - c 1'X X'1) / sigma^2
    xax = np.zeros((2, 2))
    xax[0, 0] = np.sum(n_t - c_t * n_t * n_t)
    xax[0, 1] = xax[1, 0] = np.sum(sx_t - c_t * n_t * sx_t)
    xax[1, 1] = np.sum(sxx_t - c_t * sx_t * sx_t)
    xax /= resid_var
    # A^-1 1 = (1 - c n_t) / sigma^2 on team t; then the school term by Sherman-Morrison
    w_t = (1.0 - c_t * n_t) / resid_var
    s = pd.DataFrame({"school": t.index.get_level_values(0), "u0": w_t * n_t, "u1": w_t * sx_t})
    s = s.groupby("school", sort=False)[["u0", "u1"]].sum()
    u = s[["u0", "u1"]].to_numpy()                      # rows: X_s' A_s^-1 1 per school
    denom = 1.0 + school_var * u[:, 0]                   # 1 + tau^2_school 1' A_s^-1 1
    xvx = xax - school_var * np.einsum("si,sj,s->ij", u, u, 1.0 / denom)
    return np.linalg.inv(xvx)


def _polish(model, packed: np.ndarray, max_iter: int = 10) -> tuple[np.ndarray, bool]:
    """Newton steps on statsmodels' analytic REML score (profiled, square-root scale).

    BFGS stops once the gradient is below its tolerance, which leaves the variances about
    1e-5 from the optimum; a few Newton steps reach the root of the score to machine precision
    (the Hessian by central differences of the analytic score). A step is kept only when it
    lowers the score norm and does not lower the log-likelihood. Returns the parameters and
    whether the Hessian there is negative definite (a maximum).
    """
    x = np.asarray(packed, float).copy()

    def jac(p: np.ndarray) -> np.ndarray:
        cols = []
        for e in np.eye(len(p)):
            h = 1e-5 * max(1.0, abs(float(p @ e)))
            cols.append((model.score(p + h * e) - model.score(p - h * e)) / (2 * h))
        j = np.column_stack(cols)
        return (j + j.T) / 2

    g, ll = model.score(x), model.loglike(x)
    for _ in range(max_iter):
        try:
            step = -np.linalg.solve(jac(x), g)
        except np.linalg.LinAlgError:
            break
        if not np.all(np.isfinite(step)):
            break
        x_new = x + step
        g_new, ll_new = model.score(x_new), model.loglike(x_new)
        if not (np.isfinite(ll_new) and ll_new >= ll - 1e-9 * max(1.0, abs(ll))
                and np.linalg.norm(g_new) < np.linalg.norm(g)):
            break
        x, g, ll = x_new, g_new, ll_new
        if np.max(np.abs(step)) < 1e-12:
            break
    try:
        maximum = bool(np.all(np.linalg.eigvalsh(jac(x)) < 0))
    except np.linalg.LinAlgError:
        maximum = False
    return x, maximum


def _fit_two_level(d: pd.DataFrame, out: dict) -> dict:
    import statsmodels.formula.api as smf
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = smf.mixedlm("value ~ score", d, groups=d["team"])
        # Powell then BFGS: plain BFGS stops short on small team variances, L-BFGS can
        # "converge" to a zero variance with an infinite log-likelihood (statsmodels #10239)
        fit = model.fit(reml=True, method=["powell", "bfgs"], maxiter=2000)
    tv = float(fit.cov_re.iloc[0, 0])
    ll = float(fit.llf)
    if not fit.converged or not np.isfinite(ll):
        return {**out, "status": "not_converged",
                "note": out["note"] + "; the optimiser did not converge to a finite "
                                      "log-likelihood"}
    if tv <= 1e-10:
        return {**out, "status": "boundary", "team_variance": tv, "loglik": ll,
                "note": out["note"] + "; the team variance is estimated at zero"}
    slope, se = float(fit.fe_params["score"]), float(fit.bse_fe["score"])
    return {**out, "status": "ok", "slope": slope, "se": se,
            "ci_low": slope - 1.959964 * se, "ci_high": slope + 1.959964 * se,
            "team_variance": tv, "residual_variance": float(fit.scale), "loglik": ll}


def fit_three_level(d: pd.DataFrame, out: dict) -> dict:
    """REML fit of ``value ~ score`` with random intercepts for ``team`` nested in ``school``.

    The fitting step of :func:`mixed_model` with three levels, for callers whose levels have
    other names (:mod:`kit.research` fits teams in schools in boards on the teams' means, with
    schools as ``team`` and boards as ``school``).

    Parameters
    ----------
    d : DataFrame
        Columns ``value`` (outcome), ``score`` (predictor), ``team`` and ``school`` (group
        labels; each team in one school), without missing values.
    out : dict
        What the result starts from; its ``note`` is extended with what happened.

    Returns
    -------
    dict
        ``out`` with ``status`` (``ok``, ``boundary`` or ``not_converged``), ``note`` and, as
        far as they were estimated, ``slope``, ``se``, ``ci_low``, ``ci_high``,
        ``team_variance``, ``school_variance``, ``residual_variance``, ``loglik`` and
        ``at_zero``.
    """
    import statsmodels.formula.api as smf

    def boundary(fit, rv: float) -> dict | None:
        sv, tv = float(fit.cov_re.iloc[0, 0]), float(fit.vcomp[0])
        tiny = 1e-6 * rv if np.isfinite(rv) and rv > 0 else 1e-10
        if sv > tiny and tv > tiny:
            return None
        zero = [n for n, v in (("school", sv), ("team", tv)) if v <= tiny]
        which = " and ".join(zero)
        return {**out, "status": "boundary", "team_variance": tv, "school_variance": sv,
                "at_zero": zero,
                "loglik": float(fit.llf),
                "note": out["note"] + f"; the {which} variance is estimated at zero "
                                      "(consider levels=2)"}

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = smf.mixedlm("value ~ score", d, groups=d["school"], re_formula="1",
                            vc_formula={"team": "0 + C(team)"})
        # BFGS with a tight gradient tolerance, Powell only if BFGS fails; then Newton steps
        # on the analytic score. Powell first (as for two levels) stops ~0.5 from the optimum
        # of the school variance here; L-BFGS can stop at a zero variance (statsmodels #10239)
        first = model.fit(reml=True, method=["bfgs", "powell"], maxiter=2000, gtol=1e-8)
        if not np.isfinite(float(first.llf)):
            return {**out, "status": "not_converged",
                    "note": out["note"] + "; the log-likelihood is not finite"}
        # a variance at zero is a boundary, where the gradient need not vanish: say so first
        at_zero = boundary(first, float(first.scale))
        if at_zero is not None:
            return at_zero
        packed = first.params_object.get_packed(use_sqrt=True, has_fe=False)
        packed, maximum = _polish(model, packed)
        # re-evaluated at the polished point: BFGS stops at once as the gradient is ~0
        fit = model.fit(reml=True, start_params=packed, method=["bfgs"], maxiter=2000,
                        gtol=1e-8)
    ll = float(fit.llf)
    sv, tv, rv = float(fit.cov_re.iloc[0, 0]), float(fit.vcomp[0]), float(fit.scale)
    if not fit.converged or not np.isfinite(ll) or not maximum:
        why = ("the log-likelihood is not finite" if not np.isfinite(ll)
               else "the optimiser did not reach a zero gradient" if not fit.converged
               else "the point reached is not a maximum of the REML likelihood")
        return {**out, "status": "not_converged", "note": out["note"] + f"; {why}"}
    at_zero = boundary(fit, rv)
    if at_zero is not None:
        return at_zero
    slope = float(fit.fe_params["score"])
    se = float(np.sqrt(_nested_fe_cov(d, tv, sv, rv)[1, 1]))
    return {**out, "status": "ok", "slope": slope, "se": se,
            "ci_low": slope - 1.959964 * se, "ci_high": slope + 1.959964 * se,
            "team_variance": tv, "school_variance": sv, "residual_variance": rv, "loglik": ll}


def mixed_model(pupil_values: pd.DataFrame, team_scores: pd.DataFrame, *,
                min_teams: int = MIN_TEAMS,
                min_schools: int = 5, levels: str | int = "auto") -> dict:
    r"""Random-intercept model of a pupil outcome on the team's habit score.

    Two levels (pupils i in teams j)::

        y_ij = b0 + b1 * score_j + u_j + e_ij,
        u_j ~ N(0, tau2_team),  e_ij ~ N(0, sigma2)

    as ``lme4::lmer(value ~ score + (1 | team), REML = TRUE)``. Three levels (pupils i in
    teams j in schools k)::

        y_ijk = b0 + b1 * score_jk + v_k + u_jk + e_ijk,
        v_k ~ N(0, tau2_school),  u_jk ~ N(0, tau2_team),  e_ijk ~ N(0, sigma2)

    all independent, as ``lme4::lmer(value ~ score + (1 | school/team), REML = TRUE)``.
    ``b1`` is the association of the team's habit score with the pupils' outcome, not an effect.

    Parameters
    ----------
    pupil_values : DataFrame
        ``pupil_id``, ``team``, ``value`` (one row per pupil, e.g. the pupil's mean), optionally
        ``school``.
    team_scores : DataFrame
        ``team``, ``score`` (the team's habit mean; suppressed teams left out), optionally
        ``school``. When both frames have ``school`` they must agree. Team labels must be unique
        across schools (a team in two schools is an error).
    min_teams : int, default 8
        Below this number of teams with a score and pupils, no model (``too_few_teams``).
    min_schools : int, default 5
        With ``levels="auto"``, the fewest schools for the three-level model. With fewer, a
        school variance rests on a handful of values and is mostly estimated at zero or
        wildly; Gelman & Hill (2007, sec. 12.9) put the point below which a multilevel
        model for a grouping adds little at about five groups. The two-level model then
        absorbs the school differences in the team variance, and ``note`` says so. Even at
        5-30 schools the school-level standard errors are biased (Maas & Hox 2005).
    levels : {"auto", 2, 3}, default "auto"
        ``"auto"``: three levels when a ``school`` column is present and there are at least
        ``min_schools`` schools, otherwise two. ``2`` or ``3`` force one (``3`` needs a
        ``school`` column and at least two schools, whatever ``min_schools``).

    Returns
    -------
    dict
        ``status`` (``ok``, ``too_few_teams``, ``too_few_schools``, ``not_converged``,
        ``boundary``), ``levels`` (2 or 3), ``note`` (why this number of levels, and why a fit
        was rejected), ``n_pupils``, ``n_teams``, ``n_schools`` (None without a school
        column), ``slope``, ``se``, ``ci_low``, ``ci_high`` (slope +- 1.96 se),
        ``team_variance``, ``school_variance`` (NaN for two levels), ``residual_variance``,
        ``loglik`` (REML). Statuses other than ``ok`` carry no slope. A three-level
        ``boundary`` result names the variances estimated at zero in ``at_zero``
        (``["school"]``, ``["team"]`` or both).

    Raises
    ------
    ArgumentError
        A frame lacks a column, ``value``/``score`` is not numeric, a team has two scores or
        two schools, ``school`` is missing for a pupil in the three-level model, or
        ``min_teams``, ``min_schools`` or ``levels`` is invalid.

    Notes
    -----
    ``statsmodels`` MixedLM, REML. Two levels: groups = team, Powell then BFGS (agrees with
    lme4 1.1.31 to 1e-6 on ``multilevel::bh1996``). Three levels: groups = school,
    ``re_formula="1"``, ``vc_formula={"team": "0 + C(team)"}``, BFGS with ``gtol=1e-8`` then
    Newton steps on the analytic score to the exact REML optimum; the standard error of the
    slope is lme4's, ``sqrt((X' V^-1 X)^-1)`` at the estimates (statsmodels' own, from the joint
    Hessian, differs by about 0.2%). Agrees with a tightly converged lme4 to 1e-6 on
    ``mlmRev::star`` (tests/reference/lme4_three_level_reference.R). A fit is accepted only
    when the optimiser converged, the log-likelihood is finite, the point is a maximum and the
    variances are positive (three levels: above 1e-6 times the residual variance; statsmodels
    issue #10239); otherwise the status and ``note`` say why.
    """
    _check_frame("pupil_values", pupil_values, ("pupil_id", "team", "value"))
    _check_frame("team_scores", team_scores, ("team", "score"))
    _check_count("min_teams", min_teams, 4)
    _check_count("min_schools", min_schools, 2)
    if isinstance(levels, bool) or levels not in _LEVELS:
        raise ArgumentError(f"levels must be 'auto', 2 or 3, got {levels!r}",
                            expected="'auto', 2 or 3")
    for name, df, col in (("pupil_values", pupil_values, "value"),
                          ("team_scores", team_scores, "score")):
        if not pd.api.types.is_numeric_dtype(df[col]) or pd.api.types.is_bool_dtype(df[col]):
            raise ArgumentError(f"{name}[{col!r}] must be numeric, got dtype {df[col].dtype}",
                                expected="numbers (float or int)")
    dup = team_scores["team"][team_scores["team"].duplicated()].unique().tolist()
    if dup:
        raise ArgumentError(f"team_scores has more than one row for team(s) {dup[:5]}",
                            expected="one row per team")
    in_p, in_t = "school" in pupil_values.columns, "school" in team_scores.columns
    has_school = in_p or in_t
    if levels == 3 and not has_school:
        raise ArgumentError("levels=3 needs a 'school' column in pupil_values or team_scores, "
                            "neither has one", expected="a 'school' column")
    pv = pupil_values[["pupil_id", "team", "value"] + (["school"] if in_p else [])]
    ts = team_scores[["team", "score"] + (["school"] if in_t else [])]
    d = pv.merge(ts, on="team", suffixes=("", "_team")).dropna(subset=["value", "score"])
    if in_p and in_t:
        a, b = d["school"], d["school_team"]
        clash = d.loc[(a != b) & a.notna() & b.notna(), "team"].unique().tolist()
        if clash:
            raise ArgumentError(f"pupil_values and team_scores give different schools for "
                                f"team(s) {clash[:5]}", expected="the same school per team")
        d["school"] = a.fillna(b)
        d = d.drop(columns="school_team")
    d = d.reset_index(drop=True)
    out = {"n_pupils": int(len(d)), "n_teams": int(d["team"].nunique())}
    n_schools = int(d["school"].nunique()) if has_school else None
    out.update({"levels": 2, "n_schools": n_schools, "school_variance": np.nan})
    if levels == 2:
        out["note"] = "two-level model (levels=2 requested)"
    elif not has_school:
        out["note"] = "two-level model: no school column"
    elif levels == "auto" and n_schools < min_schools:
        out["note"] = (f"two-level model: {n_schools} school(s), fewer than min_schools="
                       f"{min_schools}; differences between schools are part of the team "
                       f"variance")
    else:
        out["levels"] = 3
        out["note"] = (f"three-level model: {n_schools} schools" +
                       (" (levels=3 requested)" if levels == 3 else ""))
    if out["levels"] == 3:
        missing = d.loc[d["school"].isna(), "team"].unique().tolist()
        if missing:
            raise ArgumentError(f"school is missing for the pupils of team(s) {missing[:5]}",
                                expected="a school for every pupil in the three-level model",
                                fix="fill in the school, or pass levels=2")
        per_team = d.groupby("team")["school"].nunique()
        multi = per_team[per_team > 1].index.tolist()
        if multi:
            raise ArgumentError(f"team(s) {multi[:5]} appear in more than one school",
                                expected="each team in one school (teams nested in schools)")
    if out["n_teams"] < min_teams:
        return {**out, "status": "too_few_teams"}
    if out["levels"] == 3:
        if n_schools < 2:
            return {**out, "status": "too_few_schools",
                    "note": out["note"] + "; a school variance needs at least two schools"}
        return fit_three_level(d, out)
    return _fit_two_level(d, out)
