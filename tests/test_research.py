"""kit.research on a pooled dataset: the same numbers as the kit's own per-board analysis, the
privacy gate per board, the same results on a Dask cluster, and the planted relations of the
synthetic set found."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_pool import two_boards

import kit
import kit.store
from kit.analysis.relations import team_relations
from kit.errors import InputError
from kit.research import (
    analyse,
    open_pooled,
    pool,
    relations,
    team_habits,
    team_indicators,
    team_model,
)
from kit.research.synthetic import generate


@pytest.fixture(scope="module")
def boards(sample_store_path, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("research")
    stores = two_boards(sample_store_path, tmp)
    pool(stores, tmp / "pooled")
    return {"BRD01": stores[0], "BRD02": stores[1]}, open_pooled(tmp / "pooled")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    root = tmp_path_factory.mktemp("synthetic") / "pooled"
    generate(root, scale=0.01, seed=7)
    ds = open_pooled(root, verify=True)
    return ds, kit.load_aspiration(root / "aspiration.yml")


def assert_same(ours: pd.DataFrame, kits: pd.DataFrame) -> None:
    """Equal column by column: numbers to 1e-9, everything else as text."""
    assert list(ours.columns) == list(kits.columns)
    assert len(ours) == len(kits)
    for c in kits.columns:
        a, b = ours[c].reset_index(drop=True), kits[c].reset_index(drop=True)
        if pd.api.types.is_numeric_dtype(b) and not pd.api.types.is_bool_dtype(b):
            np.testing.assert_allclose(a.astype(float), b.astype(float), rtol=1e-9,
                                       atol=1e-12, equal_nan=True, err_msg=c)
        else:
            assert a.astype(object).where(a.notna(), None).tolist() == \
                b.astype(object).where(b.notna(), None).tolist(), c


@pytest.mark.parametrize("board", ["BRD01", "BRD02"])
def test_team_habits_equal_the_kits_own(boards, board):
    stores, ds = boards
    st = kit.store.open(stores[board])
    kits = kit.aggregate(st.respondents, st.answers, st.instrument, teams=st.teams) \
        .sort_values(["wave", "unit", "habit"])
    ours = team_habits(ds)
    ours = ours[ours["board"] == board].drop(columns="board")
    assert kits["suppressed"].any() and not kits["suppressed"].all()
    assert_same(ours, kits)


@pytest.mark.parametrize("board", ["BRD01", "BRD02"])
def test_team_indicators_equal_the_kits_own(boards, asp, board):
    stores, ds = boards
    st = kit.store.open(stores[board])
    kits = kit.evaluate(asp, st.observations, st.tests, periods=st.waves, board=board)
    kits = kits[kits["period"].notna()].sort_values(["indicator", "period", "unit"])
    ours = team_indicators(ds, asp)
    ours = ours[ours["board"] == board].drop(columns="board")
    # two indicators through DuckDB, two (test levels) through the kit's evaluate per board
    assert set(kits["indicator"]) == {i.id for i in asp.indicators}
    assert_same(ours, kits)


def test_relations_of_one_board_equal_the_kits_own(boards, asp):
    stores, ds = boards
    st = kit.store.open(stores["BRD01"])
    habits = kit.aggregate(st.respondents, st.answers, st.instrument, teams=st.teams)
    # kit.research rounds team means to 12 decimals, so that equal teams tie exactly in
    # Spearman's ranks whatever order a sum ran in; the kit's own, rounded alike
    habits["mean"] = habits["mean"].round(12)
    ind = kit.evaluate(asp, st.observations, st.tests, periods=st.waves)
    ind["value"] = ind["value"].round(12)
    kits = team_relations(habits, ind, n_boot=300)
    res = analyse(ds, asp, boards=["BRD01"], n_boot=300)
    assert (kits["status"] == "ok").any()
    assert_same(res.relations, kits)


def test_the_gate_holds_at_the_pooled_level(boards, asp):
    _, ds = boards
    res = analyse(ds, asp, threshold=6)
    h, i = res.habits, res.indicators
    shown, hidden = h[~h["suppressed"]], h[h["suppressed"]]
    assert (shown["n"] >= 6).all() and len(hidden) > 0
    assert hidden[["mean", "sd", "ci_low", "ci_high", "rwg_j"]].isna().all().all()
    assert hidden["n"].isna().all()
    assert set(hidden["suppression"]) == {"below_threshold", "complementary"}
    assert (i.loc[~i["suppressed"], "n_pupils"] >= 10).all()
    assert i.loc[i["suppressed"], ["value", "n_pupils"]].isna().all().all()
    # decisions are per board, as in each board's reports: the boards differ
    per = h.groupby("board")["suppressed"].sum()
    assert per["BRD01"] != per["BRD02"]


def test_on_a_dask_cluster_the_same_results(boards, asp, synthetic):
    from distributed import LocalCluster
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                      dashboard_address=None) as cluster:
        for ds, a in (boards[1], asp), synthetic:
            local = analyse(ds, a)
            remote = analyse(ds, a, scheduler=cluster.scheduler_address)
            assert len(local.habits) > 0
            assert_same(remote.habits, local.habits)
            assert_same(remote.indicators, local.indicators)
            assert_same(remote.relations, local.relations)


def test_the_planted_relations_are_found(synthetic):
    ds, a = synthetic
    manifest = ds.manifest["synthetic"]
    assert manifest["teams"] == 250 and len(ds.boards) == 10
    res = analyse(ds, a)
    rel = res.relations.set_index(["habit", "indicator"])
    planted = {(p["habit"], p["indicator"].lower()) for p in manifest["planted"]}
    for key, row in rel.iterrows():
        if key in planted:
            assert row["pearson_ci_low"] > 0.3, key
        else:
            assert row["pearson_ci_low"] < 0 < row["pearson_ci_high"] or \
                abs(row["pearson_r"]) < 0.25, key
    model = team_model(res.habits, res.indicators, "H3", "bt", "2026-voorjaar")
    assert model["status"] == "ok" and model["n_boards"] == 10
    assert model["ci_low"] > 0 and model["n_teams"] == rel.loc[("H3", "bt"), "n_teams"]


def test_too_few_teams_for_a_model(boards):
    _, ds = boards
    res = team_habits(ds, boards=["BRD01"])
    ind = pd.DataFrame({"board": "BRD01", "unit": res["unit"].unique()[:3], "indicator": "x",
                        "period": res["wave"].iloc[0], "value": 1.0, "suppressed": False})
    out = team_model(res, ind, "H1", "x", res["wave"].iloc[0])
    assert out["status"] == "too_few_teams" and out["n_teams"] <= 3
    assert relations(res.iloc[:0], ind).empty


def test_not_a_pooled_dataset(tmp_path, sample_store_path):
    with pytest.raises(InputError, match="not a pooled dataset"):
        open_pooled(sample_store_path)
