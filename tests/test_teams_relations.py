"""Team aggregates and relations: hand-checked values, privacy, and the planted relation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kit import instrument
from kit.analysis.aspiration import evaluate
from kit.analysis.multilevel import mixed_model
from kit.analysis.relations import change_relations, team_relations
from kit.analysis.teams import aggregate, change, icc_by_habit, item_distribution
from kit.errors import ArgumentError
from kit.present.wording import relation_sentence as wording

INST = instrument.load()
H5 = [i.id for i in INST.habit("H5").items]


def _survey(team_values: dict[str, list[list[float]]], wave="w1", school="S1"):
    resp, ans = [], []
    for team, people in team_values.items():
        for k, vals in enumerate(people):
            rid = f"{team}-{k}"
            resp.append({"respondent_id": rid, "board": "B", "school": school, "team": team,
                         "wave": wave})
            ans += [{"respondent_id": rid, "wave": wave, "item": i, "value": v}
                    for i, v in zip(H5, vals, strict=True)]
    return pd.DataFrame(resp), pd.DataFrame(ans)


def test_team_mean_interval_and_rwg_j_by_hand():
    people = [[4, 4, 4, 4, 4], [5, 5, 5, 5, 5], [3, 3, 3, 3, 3], [4, 4, 4, 4, 4],
              [4, 5, 4, 5, 4]]
    r, a = _survey({"T1": people, "T2": people})
    out = aggregate(r, a, INST).set_index(["unit", "habit"])
    row = out.loc[("T1", "H5")]
    scores = np.array([4, 5, 3, 4, 4.4])
    assert row["n"] == 5 and row["mean"] == pytest.approx(scores.mean())
    assert row["sd"] == pytest.approx(scores.std(ddof=1))
    half = 2.776445 * scores.std(ddof=1) / np.sqrt(5)      # t(0.975, 4)
    assert row["ci_high"] - row["mean"] == pytest.approx(half, abs=1e-6)
    item_vars = np.var(np.array(people, float), axis=0, ddof=1)
    ratio = item_vars.mean() / 2.0                          # null (5^2 - 1) / 12
    assert row["rwg_j"] == pytest.approx(5 * (1 - ratio) / (5 * (1 - ratio) + ratio))
    assert not row["suppressed"]


def test_small_team_has_no_scores_and_its_neighbour_is_hidden_too():
    big = [[4] * 5] * 6
    r, a = _survey({"T1": big, "T2": [[3] * 5] * 7, "T3": [[5] * 5] * 3})
    out = aggregate(r, a, INST)
    h = out[out.habit == "H5"].set_index("unit")
    assert h.loc["T3", "suppression"] == "below_threshold" and np.isnan(h.loc["T3", "mean"])
    assert h.loc["T1", "suppression"] == "complementary" and np.isnan(h.loc["T1", "rwg_j"])
    assert h.loc["T2", "mean"] == 3 and not h.loc["T2", "suppressed"]
    school = aggregate(r, a, INST, level="school")
    assert school[school.habit == "H5"]["n"].item() == 16


def test_response_rate_change_items_and_bad_input():
    r1, a1 = _survey({"T1": [[4] * 5] * 6})
    r2, a2 = _survey({"T1": [[5] * 5] * 5 + [[4] * 5]}, wave="w2")
    r, a = pd.concat([r1, r2]), pd.concat([a1, a2])
    teams = pd.DataFrame({"team": ["T1", "T1"], "wave": ["w1", "w2"], "size": [8, 6]})
    out = aggregate(r, a, INST, teams=teams)
    h = out[out.habit == "H5"].set_index("wave")
    assert h.loc["w1", "response_rate"] == pytest.approx(0.75)
    assert h.loc["w2", "response_rate"] == pytest.approx(1.0)
    d = change(out, ["w1", "w2"])
    assert d[d.habit == "H5"]["change"].item() == pytest.approx((5 * 5 + 4) / 6 - 4)
    items = item_distribution(r, a, INST)
    row = items[(items.wave == "w2") & (items.item == "H5_01")].iloc[0]
    assert row["share_5"] == pytest.approx(5 / 6) and row["share_4"] == pytest.approx(1 / 6)
    sd = np.std([5] * 5 + [4], ddof=1)
    assert row["ci_high"] - row["mean"] == pytest.approx(2.570582 * sd / np.sqrt(6), abs=1e-6)
    with pytest.raises(ArgumentError):
        aggregate(r, a, INST, level="group")
    with pytest.raises(ArgumentError):
        aggregate(r.drop(columns="team"), a, INST)
    with pytest.raises(ArgumentError):
        aggregate(r, a, INST, threshold=2)


@pytest.fixture(scope="module")
def board(st, asp):
    """The sample board's tables (the session's store, conftest.py), team aggregates and
    indicators."""
    t = {name: getattr(st, name) for name in ("respondents", "answers", "teams",
                                               "observations", "tests", "waves")}
    agg = aggregate(t["respondents"], t["answers"], INST, teams=t["teams"])
    ind = evaluate(asp, t["observations"], t["tests"], periods=t["waves"])
    return t, agg, ind


def test_board_privacy_in_returned_data(board):
    t, agg, _ = board
    small = agg[agg.unit == "S04-PK"]
    assert small["suppressed"].all() and small["mean"].isna().all()
    assert (agg.loc[agg.suppressed, ["mean", "sd", "ci_low", "ci_high", "rwg_j"]]
            .isna().all().all())


def test_planted_relation_found(board):
    _, agg, ind = board
    rel = team_relations(agg, ind)
    h3 = rel[(rel.habit == "H3") & (rel.indicator == "betrokkenheid")]
    assert (h3.status == "ok").all() and (h3.pearson_ci_low > 0).all()
    assert (h3.pearson_boot_low > 0).all() and (h3.n_teams >= 10).all()
    # numbers only from the analysis; the sentence is the presentation layer's
    assert "wording_nl" not in rel.columns
    r = h3.iloc[0]
    text = wording(r.pearson_r, r.pearson_ci_low, r.pearson_ci_high, r.n_teams, "data",
                   "betrokkenheid", "nl")
    assert "geen bewijs van oorzaak" in text and f"Over {r.n_teams} teams" in text
    waves = t_waves = board[0]["waves"].sort_values("order")["wave"].tolist()
    cc = change_relations(agg, ind, t_waves)
    row = cc[(cc.habit == "H3") & (cc.indicator == "betrokkenheid")].iloc[0]
    assert row.status == "ok" and row.pearson_ci_low > 0 and waves


def test_shuffled_teams_show_no_relation(board, rng):
    _, agg, ind = board
    real = team_relations(agg, ind, n_boot=200)
    real = real[(real.habit == "H3") & (real.indicator == "betrokkenheid")]
    bt = ind[ind.indicator == "betrokkenheid"]
    hits = 0
    runs = 200
    for _ in range(runs):
        shuffled = bt.copy()
        for _period, idx in shuffled.groupby("period").groups.items():
            shuffled.loc[idx, "value"] = rng.permutation(shuffled.loc[idx, "value"].to_numpy())
        rel = team_relations(agg[agg.habit == "H3"], shuffled, n_boot=50)
        hits += int(((rel.pearson_ci_low > 0) | (rel.pearson_ci_high < 0)).any())
    # the real data exclude zero in both waves; shuffled teams only about as often as chance
    assert (real.pearson_ci_low > 0).all()
    assert hits / runs < 0.2


def test_too_few_teams_and_arguments(board):
    _, agg, ind = board
    rel = team_relations(agg, ind, min_teams=13)
    assert set(rel.status) == {"too_few_teams"} and rel.pearson_r.isna().all()
    with pytest.raises(ArgumentError):
        team_relations(agg, ind, min_teams=2)
    with pytest.raises(ArgumentError):
        team_relations(agg.drop(columns="mean"), ind)


def test_mixed_model_on_the_board(board):
    t, agg, _ = board
    obs = t["observations"]
    obs = obs[(obs.indicator == "BT") & (obs.date >= pd.Timestamp("2026-02-01"))
              & (obs.date < pd.Timestamp("2026-08-01"))]
    pupils = obs.groupby(["pupil_id", "team"], as_index=False)["value"].mean()
    scores = agg[(agg.habit == "H3") & (agg.wave == "2026-voorjaar") & ~agg.suppressed]
    res = mixed_model(pupils, scores.rename(columns={"unit": "team", "mean": "score"})
                      [["team", "score"]])
    assert res["status"] == "ok" and res["ci_low"] > 0 and res["team_variance"] > 0
    assert np.isfinite(res["loglik"]) and res["n_teams"] >= 10
    few = mixed_model(pupils, scores.rename(columns={"unit": "team", "mean": "score"})
                      [["team", "score"]].head(3))
    assert few["status"] == "too_few_teams"


def test_icc_and_wording(board):
    t, _, _ = board
    icc = icc_by_habit(t["respondents"], t["answers"], INST)
    h3 = icc[icc.habit == "H3"]
    assert (h3.icc1 > 0.1).all() and (h3.n_teams == 14).all()
    text = wording(-0.05, -0.6, 0.55, 9, "data", "lezen", "nl")
    assert "geen duidelijk verband" in text and "toeval" in text and "9 teams" in text


def test_reliability_by_habit(board):
    from kit.analysis.stats import cronbach_alpha
    from kit.analysis.teams import reliability_by_habit
    t, _, _ = board
    r = reliability_by_habit(t["answers"], INST)
    assert len(r) == 15 and (r.k == [9, 12, 7, 6, 5] * 3).all()
    assert r.alpha.between(0.6, 1).all() and (r.alpha_ci_low < r.alpha).all()
    # the same numbers as calling kit.analysis.stats directly on the habit's items
    a = t["answers"][t["answers"].wave == "2025-najaar"]
    wide = a.pivot_table(index="respondent_id", columns="item", values="value", dropna=False)
    h5 = wide[[i.id for i in INST.habit("H5").items]].dropna(how="all")
    direct = cronbach_alpha(h5, scale=(1, 5)).raw_alpha
    assert r[(r.wave == "2025-najaar") & (r.habit == "H5")].alpha.item() == pytest.approx(direct)


def test_reflection_questions_from_team_data():
    from kit.present.reflection import reflection_questions
    texts = {(i.id, lang): i.text(lang) for i in INST.items for lang in ("nl", "en")}
    now = pd.DataFrame({"item": ["H1_01", "H1_02", "H1_03", "H1_04"], "mean": [2.1, 4.6, 3.0, 3.9],
                        "sd": [0.3, 0.2, 1.4, 0.5], "n": 7, "suppressed": False})
    prev = now.assign(mean=[2.0, 4.5, 3.1, 3.0])
    qs = reflection_questions(now, prev, texts, lang="nl", per_kind=1)
    assert [(q["kind"], q["item"]) for q in qs] == [
        ("lowest", "H1_01"), ("disagreement", "H1_03"), ("change", "H1_04")]
    assert "‘Ik wil verbeteren en ik streef hoge normen na.’ (gemiddeld 2,1)" in qs[0]["question"]
    assert "(+0,90;" in qs[2]["question"] and "duidelijk gestegen" in qs[2]["question"]
    assert reflection_questions(now.assign(suppressed=True), prev, texts) == []
    two = reflection_questions(now, None, texts, lang="nl", per_kind=2)
    assert "het laagst" in two[0]["question"] and two[1]["question"].startswith("Ook op ")


def test_team_report_reflection_section(st):
    from kit.present.reflection import general_questions
    from kit.reports.team import TeamReport
    qs = TeamReport(st, "S01", "S01-BB", lang="en", wave="2026-voorjaar").reflection()
    # without an aspiration: the lowest, the most divided aspects and clear changes (issue 15:
    # also of the leadership habit, now the team's view of its leader), then two of the
    # article's general questions
    assert len(qs) == 8 and all("‘" in q for q in qs[:6]) and qs[6:] == general_questions("en")[:2]
    assert any("Our school leader" in q for q in qs[:6])
    # a hidden team: the article's questions only, no number
    hidden = TeamReport(st, "S04", "S04-PK").reflection()
    assert hidden == general_questions("nl") and not any(c.isdigit() for q in hidden for c in q)


def test_reliability_without_variance_is_missing_not_an_error():
    from kit.analysis.teams import reliability_by_habit
    items = [i.id for i in INST.habit("H1").items]
    answers = pd.DataFrame([{"respondent_id": f"r{k}", "wave": "w1", "item": i, "value": 4.0}
                            for k in range(6) for i in items])
    r = reliability_by_habit(answers, INST)
    assert r["habit"].tolist() == ["H1"] and r["n"].tolist() == [6]
    assert r[["alpha", "alpha_ci_low", "alpha_ci_high", "omega_total"]].isna().all().all()
