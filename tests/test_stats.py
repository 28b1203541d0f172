"""kit.analysis.stats against R (psych 2.2.9, multilevel 2.7) and by hand.

The reference values and the data they were computed on are written by
``tests/reference/stats_reference.R`` (``Rscript tests/reference/stats_reference.R`` from the
repository root): subsets of ``psychTools::bfi``, ``multilevel::lq2002`` and
``multilevel::bh1996`` with missing answers, reversed items and groups of 1 to 20.

Tolerance: 1e-6 absolute for every value compared with R, with two exceptions, both from the
minres factoring behind omega total:

* the *exact* minres minimum (``minres_one_factor(exact=True)``), which psych does not reach:
  psych stops its L-BFGS-B early (factr 1e7, an approximate gradient), so its loadings lie up to
  ~1e-5 from the exact minimum (omega ~1e-7); the default takes psych's steps and agrees to 1e-13;
* a Heywood case (the ``small_team`` case: 12 respondents, one loading of 1.017 with its
  uniqueness at psych's bound 0.005): R's L-BFGS-B (version 2 code) and SciPy's (version 3.0)
  take different steps at an active bound, so loadings agree to 5e-5 (measured 2.7e-5) and
  omega total to 1e-5 (measured 2.1e-6).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kit.analysis.stats import (
    COLUMNS,
    AlphaResult,
    ad_m,
    cronbach_alpha,
    fisher_ci,
    icc1,
    icc2,
    mean_ci,
    omega_total,
    rwg,
    rwg_j,
)
from kit.analysis.stats.factor import minres_one_factor, smc
from kit.analysis.stats.reliability import omega_from_loadings, reverse_items
from kit.errors import ArgumentError

REF = Path(__file__).resolve().parent / "reference"
R = json.loads((REF / "stats_reference.json").read_text(encoding="utf-8"))
BFI = pd.read_csv(REF / R["files"]["bfi"])
LQ = pd.read_csv(REF / R["files"]["lq2002"], dtype={"COMPID": str})
BH = pd.read_csv(REF / R["files"]["bh1996"])
FRAMES = {"stats_lq2002_subset.csv": LQ, "stats_bh1996_subset.csv": BH}
TOL = 1e-6
HEYWOOD_TOL = {"loadings": 5e-5, "omega": 1e-5}     # see the module docstring


def _nan(v):
    return np.nan if v is None else v


def _case_items(case: dict) -> pd.DataFrame:
    rows = BFI if case["rows"] == "all" else BFI.iloc[[i - 1 for i in case["rows"]]]
    return rows[case["items"]]


def _same(got: float, want: float | None) -> None:
    want = _nan(want)
    if np.isnan(want):
        assert np.isnan(got)
    else:
        assert got == pytest.approx(want, abs=TOL)


def _per_group(frame: pd.DataFrame, group: str, column: str, ref: dict) -> None:
    """A per-group result against R's: same groups, sizes and values."""
    assert list(frame.columns) == [group, column, "gsize"]
    got = {str(g): (v, s)
           for g, v, s in zip(frame[group], frame[column], frame["gsize"], strict=True)}
    assert set(got) == set(ref["group"])
    for g, v, s in zip(ref["group"], ref["value"], ref["gsize"], strict=True):
        _same(got[g][0], v)
        assert got[g][1] == s, g


# ------------------------------------------------------------------ reference data itself

def test_reference_data_has_the_hard_cases():
    sizes = LQ.groupby("COMPID").size()
    assert {1, 2, 3, 4, 5} <= set(sizes) and LQ.isna().any().any()
    assert BFI.isna().any(axis=1).sum() == 30
    assert set(BH.groupby("GRP").size()) >= {1, 2, 3, 4, 5} and BH["HRS"].isna().any()
    assert R["packages"]["psych"] and R["packages"]["multilevel"] and R["r_version"]


# ------------------------------------------------------------------ alpha and omega vs psych

@pytest.mark.parametrize("name", sorted(R["alpha"]))
def test_alpha_matches_psych(name):
    case = R["alpha"][name]
    res = cronbach_alpha(_case_items(case), reverse=case["reverse"], scale=tuple(case["scale"]))
    for field in ("raw_alpha", "std_alpha", "average_r", "ci_low", "ci_high"):
        assert getattr(res, field) == pytest.approx(case[field], abs=TOL), field
    assert (res.n, res.k, list(res.dropped)) == (case["n"], case["k"], case["dropped"])


@pytest.mark.parametrize("name", sorted(n for n, c in R["alpha"].items()
                                        if c["omega_total"] is not None))
def test_omega_matches_psych(name):
    case = R["alpha"][name]
    got = omega_total(_case_items(case), reverse=case["reverse"], scale=tuple(case["scale"]))
    tol = HEYWOOD_TOL["omega"] if _heywood(case) else TOL
    assert got == pytest.approx(case["omega_total"], abs=tol)


def _heywood(case: dict) -> bool:
    """psych's fit has a uniqueness at its bound 0.005 (a loading of about 0.9975 or more)."""
    return max(abs(v) for v in case["fa_loadings"]) ** 2 >= 0.995 - 1e-9


def test_heywood_case_is_flagged():
    heywood = {n for n, c in R["alpha"].items() if c["fa_loadings"] and _heywood(c)}
    assert heywood == {"small_team"}
    case = R["alpha"]["small_team"]
    x = reverse_items(_case_items(case), case["reverse"], (1, 6))
    assert minres_one_factor(x.corr().to_numpy()).heywood
    case = R["alpha"]["agreeableness"]
    x = reverse_items(_case_items(case), case["reverse"], (1, 6))
    assert not minres_one_factor(x.corr().to_numpy()).heywood


@pytest.mark.parametrize("name", sorted(n for n, c in R["alpha"].items()
                                        if c["fa_loadings"] is not None))
def test_minres_loadings_match_psych_fa(name):
    case = R["alpha"][name]
    x = reverse_items(_case_items(case), case["reverse"], tuple(case["scale"]))
    r = x.corr(min_periods=2).to_numpy()
    fit = minres_one_factor(r)
    tol = HEYWOOD_TOL["loadings"] if _heywood(case) else TOL
    np.testing.assert_allclose(fit.loadings, case["fa_loadings"], rtol=0, atol=tol)
    if _heywood(case):
        return      # the exact minimum moves another uniqueness to a bound: not comparable
    # the exact minimum: psych stops short of it, by up to ~1e-5 in the loadings
    exact = minres_one_factor(r, exact=True)
    np.testing.assert_allclose(exact.loadings, case["fa_loadings"], rtol=0, atol=1e-4)
    assert exact.objective <= fit.objective + 1e-15
    assert omega_from_loadings(r, exact.loadings) == pytest.approx(case["omega_total"],
                                                                   abs=TOL)


def test_alpha_ignores_rows_without_any_answer():
    case = R["alpha"]["agreeableness"]
    items = _case_items(case)
    empty = pd.DataFrame(np.nan, index=range(3), columns=items.columns)
    padded = pd.concat([items, empty], ignore_index=True)
    a = cronbach_alpha(padded, reverse=case["reverse"], scale=(1, 6))
    assert a == cronbach_alpha(items, reverse=case["reverse"], scale=(1, 6))
    assert a.ci_low == pytest.approx(case["ci_low"], abs=TOL)
    # psych counts those rows in its Feldt n (documented difference)
    psych = R["alpha_psych_counts_empty_rows"]
    assert psych["n"] == a.n + 3 and psych["ci_low"] != pytest.approx(a.ci_low, abs=1e-6)
    assert psych["raw_alpha"] == pytest.approx(a.raw_alpha, abs=TOL)


# ------------------------------------------------------------------ multilevel

@pytest.mark.parametrize("name", sorted(R["icc"]))
def test_icc_matches_multilevel(name):
    case = R["icc"][name]
    data = FRAMES[case["file"]]
    assert icc1(data, case["value_column"], case["group_column"]) == pytest.approx(
        case["icc1"], abs=TOL)
    assert icc2(data, case["value_column"], case["group_column"]) == pytest.approx(
        case["icc2"], abs=TOL)


@pytest.mark.parametrize("name", sorted(R["rwg"]))
def test_rwg_matches_multilevel(name):
    case = R["rwg"][name]
    _per_group(rwg(LQ, case["value_column"], "COMPID", options=case["options"]), "COMPID",
               "rwg", case)


@pytest.mark.parametrize("name", sorted(R["rwg_j"]))
def test_rwg_j_matches_multilevel(name):
    case = R["rwg_j"][name]
    _per_group(rwg_j(LQ, case["items"], "COMPID", options=case["options"]), "COMPID",
               "rwg_j", case)


@pytest.mark.parametrize("name", sorted(R["ad_m"]))
def test_ad_m_matches_multilevel(name):
    case = R["ad_m"][name]
    value = case["value_column"]
    value = value[0] if len(value) == 1 else value
    _per_group(ad_m(LQ, value, "COMPID", type=case["type"]), "COMPID", "ad_m", case)


# ------------------------------------------------------------------ intervals vs R

@pytest.mark.parametrize("name", sorted(R["mean_ci"]))
def test_mean_ci_matches_t_test(name):
    case = R["mean_ci"][name]
    for ref in case["groups"]:
        got = mean_ci(BH.loc[BH["GRP"] == ref["group"], case["value_column"]],
                      level=case["level"])
        assert got["n"] == ref["n"]
        for key in ("mean", "sd", "se", "ci_low", "ci_high"):
            assert got[key] == pytest.approx(ref[key], abs=TOL), (ref["group"], key)


def _team_means(data, group, cols):
    return data.dropna(subset=cols).groupby(group)[cols].mean()


@pytest.mark.parametrize("name", sorted(R["fisher_ci"]))
def test_fisher_ci_matches_cor_test(name):
    case = R["fisher_ci"][name]
    if name.startswith("bh1996"):
        means = _team_means(BH, "GRP", ["WBEING", "LEAD"])
    else:
        means = _team_means(LQ, "COMPID", ["TSIG01", "LEAD10"])
    r = means.corr().iloc[0, 1]
    assert (r, len(means)) == (pytest.approx(case["r"], abs=TOL), case["n"])
    lo, hi = fisher_ci(float(r), len(means), level=case["level"])
    assert (lo, hi) == (pytest.approx(case["ci_low"], abs=TOL),
                        pytest.approx(case["ci_high"], abs=TOL))


# ------------------------------------------------------------------ plain unit tests

def test_alpha_by_hand():
    # two parallel items with covariance 1 and variances 2: alpha = 2 * (1 - 4/6) = 2/3
    d = pd.DataFrame({"a": [1, 2, 3, 1, 2, 3], "b": [1, 2, 3, 3, 2, 1]})
    c = d.cov().to_numpy()
    want = 2 * (1 - np.trace(c) / c.sum())
    assert cronbach_alpha(d).raw_alpha == pytest.approx(want, abs=1e-12)
    same = pd.DataFrame({"a": [1, 2, 4, 5], "b": [1, 2, 4, 5], "c": [1, 2, 4, 5]})
    r = cronbach_alpha(same)
    assert (r.raw_alpha, r.std_alpha, r.average_r) == pytest.approx((1.0, 1.0, 1.0))


def test_reverse_is_about_the_nominal_ends_not_the_observed_range():
    d = pd.DataFrame({"a": [2, 3, 4, np.nan], "b": [4, 3, 2, 3]})
    out = reverse_items(d, ["b"], (1, 5))
    assert out["b"].tolist() == [2.0, 3.0, 4.0, 3.0]       # 6 - x, not 2 + 4 - x
    assert out["a"].isna().sum() == 1


def test_alpha_and_omega_do_not_depend_on_the_flip_point():
    case = R["alpha"]["extraversion"]
    items = _case_items(case)
    flipped = items.copy()
    for col in case["reverse"]:
        flipped[col] = -flipped[col]
    assert cronbach_alpha(flipped).raw_alpha == pytest.approx(
        cronbach_alpha(items, case["reverse"], (1, 6)).raw_alpha, abs=1e-12)
    assert omega_total(items) == pytest.approx(omega_total(items, case["reverse"], (1, 6)),
                                               abs=1e-9)


def test_alpha_result_is_frozen_and_uses_the_vocabulary():
    r = cronbach_alpha(_case_items(R["alpha"]["agreeableness"]), ["A1"], (1, 6))
    assert isinstance(r, AlphaResult)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.raw_alpha = 0.0
    assert set(r.as_dict()) - {"dropped"} <= set(COLUMNS)
    assert r.ci_low < r.raw_alpha < r.ci_high
    wider = cronbach_alpha(_case_items(R["alpha"]["agreeableness"]), ["A1"], (1, 6), level=0.99)
    assert wider.ci_low < r.ci_low and wider.ci_high > r.ci_high


def test_minres_recovers_a_one_factor_matrix():
    load = np.array([0.8, 0.7, 0.6, 0.5])
    r = np.outer(load, load)
    np.fill_diagonal(r, 1.0)
    np.testing.assert_allclose(minres_one_factor(r, exact=True).loadings, load, atol=1e-8)
    np.testing.assert_allclose(minres_one_factor(r).loadings, load, atol=1e-4)
    assert smc(np.eye(3)).tolist() == [0.0, 0.0, 0.0]
    # omega total of a one-factor matrix: (sum l)^2 / sum(R)
    assert omega_from_loadings(r, load) == pytest.approx(load.sum() ** 2 / r.sum(), abs=1e-12)


def test_agreement_by_hand():
    d = pd.DataFrame({"team": ["a"] * 4 + ["b"] * 2 + ["c"],
                      "x": [3, 3, 3, 3, 1, 5, 4], "y": [3, 4, 3, 4, 5, 1, 2]})
    r = rwg(d, "x", "team", options=5)
    assert r["rwg"].tolist()[:2] == [1.0, 0.0] and np.isnan(r["rwg"].iloc[2])
    assert r["gsize"].tolist() == [4, 2, 1]
    # J = 2, mean variance (0 + 1/3) / 2 = 1/6 against 2: 2 (1 - 1/12) / (2 (1 - 1/12) + 1/12)
    rj = rwg_j(d, ["x", "y"], "team", options=5)
    assert rj["rwg_j"].iloc[0] == pytest.approx(22 / 23, abs=1e-12)
    assert rj["rwg_j"].iloc[1] == 0.0
    a = ad_m(d, "x", "team")
    assert a["ad_m"].tolist()[:2] == [0.0, 2.0]
    med = ad_m(pd.DataFrame({"g": ["a"] * 4, "x": [1, 2, 2, 5]}), "x", "g", type="median")
    assert med["ad_m"].iloc[0] == pytest.approx((1 + 0 + 0 + 3) / 4)


def test_icc_by_hand_and_degenerate():
    d = pd.DataFrame({"g": ["a"] * 3 + ["b"] * 3, "x": [4, 4, 5, 2, 3, 4]})
    # MSB = 6 * (4.333 - 3.5)^2 ... = 2.6667 / 1; MSW = (0.667 + 2) / 4 = 0.6667
    assert icc2(d, "x", "g") == pytest.approx(0.75)
    assert icc1(d, "x", "g") == pytest.approx((8 / 3 - 2 / 3) / (8 / 3 + 2 * 2 / 3))
    flat = pd.DataFrame({"g": ["a", "a", "b", "b"], "x": [3, 3, 3, 3]})
    assert np.isnan(icc1(flat, "x", "g")) and np.isnan(icc2(flat, "x", "g"))
    with_missing = d.assign(x=[4, 4, 5, 2, 3, None], g=[1, 1, 1, 2, 2, 2])
    assert icc2(with_missing, "x", "g") == pytest.approx(icc2(with_missing.dropna(), "x", "g"))


def test_intervals_by_hand():
    r = mean_ci([3, 4, 5, np.nan])
    assert r["n"] == 3 and r["ci_high"] == pytest.approx(4 + 4.302653 / np.sqrt(3), abs=1e-6)
    lo, hi = fisher_ci(0.5, 28)
    assert (lo, hi) == (pytest.approx(np.tanh(0.549306 - 0.391993), abs=1e-6),
                        pytest.approx(np.tanh(0.549306 + 0.391993), abs=1e-6))
    assert fisher_ci(-0.3, 50) == pytest.approx(tuple(-v for v in fisher_ci(0.3, 50)[::-1]))
    assert fisher_ci(1.0, 10) == (1.0, 1.0)


def test_columns_vocabulary():
    for name in ("n", "mean", "sd", "se", "ci_low", "ci_high", "rwg", "rwg_j", "gsize", "ad_m"):
        assert name in COLUMNS and COLUMNS[name]
    with pytest.raises(TypeError):
        COLUMNS["new"] = "x"      # read-only


# ------------------------------------------------------------------ errors

A5 = BFI[["A1", "A2", "A3", "A4", "A5"]]


@pytest.mark.parametrize("call,words", [
    (lambda: cronbach_alpha(A5.to_numpy()), "must be a DataFrame"),
    (lambda: cronbach_alpha(A5.iloc[:0]), "empty"),
    (lambda: cronbach_alpha(A5[["A1"]]), "at least 2 items"),
    (lambda: cronbach_alpha(A5, reverse=["A1"]), "scale is None"),
    (lambda: cronbach_alpha(A5, reverse=["A9"], scale=(1, 6)), "lacks column"),
    (lambda: cronbach_alpha(A5, reverse="A1", scale=(1, 5)), "outside scale"),
    (lambda: cronbach_alpha(A5, scale=(6, 1)), "nominal ends"),
    (lambda: cronbach_alpha(A5, scale="1-6"), "nominal ends"),
    (lambda: cronbach_alpha(A5.astype(str)), "not numeric"),
    (lambda: cronbach_alpha(A5.assign(A2=A5["A2"] > 3)), "not numeric"),
    (lambda: cronbach_alpha(A5.iloc[:1]), "at least 2 respondents"),
    (lambda: cronbach_alpha(A5, level=95), "between 0 and 1"),
    (lambda: cronbach_alpha(pd.DataFrame({"a": [1, 1, 1], "b": [1, 2, 3]})), "with variance"),
    (lambda: cronbach_alpha(pd.DataFrame({"a": [1, 2, None, None], "b": [None, None, 1, 2]})),
     "pairwise"),
    (lambda: omega_total(A5[["A1", "A2"]]), "at least 3 items"),
    (lambda: omega_total(A5.assign(A2=3)), "no variance"),
    (lambda: icc1(LQ, "NOPE", "COMPID"), "lacks column"),
    (lambda: icc1(LQ.assign(g=1.5), "SCORE", "g"), "floats"),
    (lambda: icc1(LQ.iloc[:0], "SCORE", "COMPID"), "empty"),
    (lambda: icc1(LQ.assign(v="x"), "v", "COMPID"), "not numeric"),
    (lambda: icc2(LQ.assign(g="one"), "SCORE", "g"), "at least two groups"),
    (lambda: icc1(LQ, ["SCORE"], "COMPID"), "one column name"),
    (lambda: icc1([1, 2], "a", "b"), "DataFrame"),
    (lambda: rwg(LQ, "LEAD07", "COMPID", options=1), "answer options"),
    (lambda: rwg(LQ, "LEAD07", "COMPID", options=5.0), "answer options"),
    (lambda: rwg(LQ, ["LEAD07", "LEAD08"], "COMPID", options=5), "rwg_j"),
    (lambda: rwg(LQ.assign(LEAD07=np.nan), "LEAD07", "COMPID", options=5), "no row"),
    (lambda: rwg_j(LQ, ["LEAD07"], "COMPID", options=5), "at least 2 items"),
    (lambda: rwg_j(LQ, ["LEAD07", "LEAD07"], "COMPID", options=5), "more than once"),
    (lambda: ad_m(LQ, "LEAD01", "COMPID", type="mode"), "mean' or 'median"),
    (lambda: mean_ci([1]), "at least 2"),
    (lambda: mean_ci(["a", "b"]), "numbers"),
    (lambda: mean_ci([1, 2], level=1.5), "between 0 and 1"),
    (lambda: fisher_ci(0.3, 3), "n >= 4"),
    (lambda: fisher_ci(0.3, 10.0), "n >= 4"),
    (lambda: fisher_ci(1.3, 10), "between -1 and 1"),
    (lambda: minres_one_factor(np.eye(2)), "at least 3 items"),
    (lambda: minres_one_factor(np.full((3, 3), np.nan)), "missing"),
])
def test_bad_input(call, words):
    with pytest.raises(ArgumentError) as exc:
        call()
    assert words in exc.value.message
    assert isinstance(exc.value, ValueError)
