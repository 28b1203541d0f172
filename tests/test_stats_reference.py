"""kit.analysis.stats against R's multilevel 2.7 on lq2002
(see tests/reference/multilevel_reference.R).

Tolerance 1e-6 absolute for every value; groups of size 1 to 5 and missing answers included.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kit.analysis.stats import ad_m, fisher_ci, icc1, icc2, mean_ci, rwg, rwg_j
from kit.errors import ArgumentError

REF = Path(__file__).resolve().parent / "reference"
DATA = pd.read_csv(REF / "lq2002_subset.csv", dtype={"COMPID": str})
R = json.loads((REF / "multilevel_reference.json").read_text(encoding="utf-8"))
ITEMS = [f"LEAD0{k}" for k in range(1, 7)]
TOL = 1e-6


def _as_map(block: dict, key: str) -> dict:
    return {g: (np.nan if v is None else v)
            for g, v in zip(block["group"], block[key], strict=True)}


def _check(frame: pd.DataFrame, col: str, ref: dict) -> None:
    got = dict(zip(frame["COMPID"], frame[col], strict=True))
    assert set(got) == set(ref)
    for g, v in ref.items():
        if np.isnan(v):
            assert np.isnan(got[g]), g
        else:
            assert got[g] == pytest.approx(v, abs=TOL), g


def test_small_groups_present():
    sizes = DATA.groupby("COMPID").size()
    assert set(range(1, 6)) <= set(sizes) and DATA[ITEMS].isna().any().any()


def test_icc():
    assert icc1(DATA, "SCORE", "COMPID") == pytest.approx(R["icc1"], abs=TOL)
    assert icc2(DATA, "SCORE", "COMPID") == pytest.approx(R["icc2"], abs=TOL)


def test_rwg():
    r = rwg(DATA, "LEAD01", "COMPID", options=5)
    _check(r, "rwg", _as_map(R["rwg"], "rwg"))
    assert dict(zip(r.COMPID, r.gsize, strict=True)) == \
        dict(zip(R["rwg"]["group"], R["rwg"]["gsize"], strict=True))


def test_rwg_j():
    r = rwg_j(DATA, ITEMS, "COMPID", options=5)
    _check(r, "rwg_j", _as_map(R["rwg_j"], "rwg_j"))
    assert dict(zip(r.COMPID, r.gsize, strict=True)) == \
        dict(zip(R["rwg_j"]["group"], R["rwg_j"]["gsize"], strict=True))


@pytest.mark.parametrize("kind,key", [("mean", "ad_m"), ("median", "ad_m_median")])
def test_ad_m(kind, key):
    r = ad_m(DATA, "LEAD03", "COMPID", type=kind)
    _check(r, "ad_m", _as_map(R[key], "ad_m"))


def test_intervals_against_published_values():
    # t interval: mean 4, sd 1, n 3 -> 4 +- 4.302653 / sqrt(3) (t table, df 2)
    r = mean_ci([3, 4, 5])
    assert r["ci_high"] == pytest.approx(4 + 4.302653 / np.sqrt(3), abs=1e-6)
    # Fisher z: r = .5, n = 28 -> atanh(.5) = .549306, +-1.959964 / 5
    lo, hi = fisher_ci(0.5, 28)
    assert lo == pytest.approx(np.tanh(0.549306 - 0.391993), abs=1e-6)
    assert hi == pytest.approx(np.tanh(0.549306 + 0.391993), abs=1e-6)


@pytest.mark.parametrize("call,words", [
    (lambda: icc1(DATA, "NOPE", "COMPID"), "lacks column"),
    (lambda: icc1(DATA.assign(g=1.5), "SCORE", "g"), "floats"),
    (lambda: icc1(DATA.iloc[:0], "SCORE", "COMPID"), "empty"),
    (lambda: rwg(DATA, "LEAD01", "COMPID", options=1), "answer options"),
    (lambda: rwg_j(DATA, ["LEAD01"], "COMPID", options=5), "at least 2 items"),
    (lambda: ad_m(DATA, "LEAD01", "COMPID", type="mode"), "mean' or 'median"),
    (lambda: mean_ci([1]), "at least 2"),
    (lambda: fisher_ci(0.3, 3), "n >= 4"),
    (lambda: icc1([1, 2], "a", "b"), "DataFrame"),
])
def test_bad_input(call, words):
    with pytest.raises(ArgumentError) as exc:
        call()
    assert words in exc.value.message
