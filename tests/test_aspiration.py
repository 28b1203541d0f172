"""Aspiration indicators: file validation and evaluation on hand-computed pupil data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kit.analysis.aspiration import evaluate, load_aspiration, meets_level
from kit.errors import ArgumentError, ConfigError

ASP = """
indicators:
  - {id: bt, name: {nl: Betrokkenheid, en: Engagement}, part: attitude, source: observations,
     indicator: BT, pupils: {jaargroep: [7, 8]}, statistic: mean, target: 3.0}
  - {id: l2f, name: {nl: Lezen 2F}, part: knowledge, source: tests, domain: begrijpend_lezen,
     pupils: {jaargroep: [8]}, moment: M, statistic: share_at_or_above, level: 2F, target: 0.5}
  - {id: r3, name: {nl: Rekenen I-III}, part: knowledge, source: tests, domain: rekenen,
     statistic: share_at_or_above, level: III, target: 0.6}
  - {id: groei, name: {nl: Groei rekenen}, part: knowledge, source: tests, domain: rekenen,
     statistic: growth, from: M, to: E, target: 10}
"""


@pytest.fixture()
def hand_asp(tmp_path):
    """The aspiration of the hand-computed cases (ASP; not the sample board's `asp`)."""
    f = tmp_path / "asp.yml"
    f.write_text(ASP, encoding="utf-8")
    return load_aspiration(f)


def _obs():
    rows = []
    for team, base in (("T1", 3.5), ("T2", 2.5)):
        for p in range(12):
            for d, bump in (("2025-11-10", 0.0), ("2026-04-10", 0.2)):
                rows.append({"pupil_id": f"{team}p{p}", "school": "S1", "group": "8",
                             "jaargroep": 8, "team": team, "date": pd.Timestamp(d),
                             "school_year": "2025-2026", "indicator": "BT",
                             "value": base + bump + (0.1 if p % 2 else -0.1),
                             "source_file": "o.csv", "source_row": p + 2})
    return pd.DataFrame(rows)


def _tests():
    rows = []
    for p in range(12):
        for dom, mom, score, lvl, ref, sys_ in (
                ("begrijpend_lezen", "M", 200.0, "II", "2F" if p < 9 else "1F", "I-V"),
                ("rekenen", "M", 100.0 + p, "A" if p < 3 else "IV", "1F",
                 "A-E" if p < 3 else "I-V"),
                ("rekenen", "E", 112.0 + p, "III", "1S", "I-V")):
            rows.append({"pupil_id": f"T1p{p}", "school": "S1", "group": "8", "jaargroep": 8,
                         "team": "T1",
                         "date": pd.Timestamp("2026-01-20" if mom == "M" else "2026-06-01"),
                         "school_year": "2025-2026", "moment": mom, "moment_jaargroep": 8,
                         "domain": dom, "supplier": "cito", "score": score, "level": lvl,
                         "level_system": sys_, "percentile": np.nan, "referentieniveau": ref,
                         "source_file": "t.csv", "source_row": p + 2})
    return pd.DataFrame(rows)


def test_mean_share_growth_by_team(hand_asp):
    out = evaluate(hand_asp, _obs(), _tests())
    bt = out[out.indicator == "bt"].set_index("unit")
    assert bt.loc["T1", "value"] == pytest.approx(3.6) and bt.loc["T1", "n_pupils"] == 12
    assert bool(bt.loc["T1", "on_course"]) and not bool(bt.loc["T2", "on_course"])
    l2f = out[out.indicator == "l2f"].iloc[0]
    assert l2f["value"] == pytest.approx(9 / 12)
    # rekenen III: latest result per pupil is the E test (III) -> all at or above III
    r3 = out[out.indicator == "r3"].iloc[0]
    assert r3["value"] == 1.0 and r3["n_not_comparable"] == 0
    assert out[out.indicator == "groei"].iloc[0]["value"] == pytest.approx(12.0)


def test_periods_from_waves_and_trend(hand_asp):
    waves = pd.DataFrame({"wave": ["w1", "w2"],
                          "start": pd.to_datetime(["2025-09-01", "2026-02-01"]),
                          "end": pd.to_datetime(["2026-01-31", "2026-07-31"])})
    out = evaluate(hand_asp, _obs(), _tests(), periods=waves)
    bt = out[(out.indicator == "bt") & (out.unit == "T1")].set_index("period")
    assert bt.loc["w1", "value"] == pytest.approx(3.5)
    assert bt.loc["w2", "value"] == pytest.approx(3.7)
    assert np.isnan(bt.loc["w1", "trend"]) and bt.loc["w2", "trend"] == pytest.approx(0.2)


def test_small_groups_suppressed(hand_asp):
    obs = _obs()
    obs = obs[~((obs.team == "T2") & (obs.pupil_id.str[-2:].isin(["p3", "p4", "p5"])))]
    out = evaluate(hand_asp, obs, _tests())
    t2 = out[(out.indicator == "bt") & (out.unit == "T2")].iloc[0]
    assert t2["suppressed"] and np.isnan(t2["value"]) and pd.isna(t2["on_course"])
    school = evaluate(hand_asp, obs, _tests(), unit_level="school")
    assert not school[school.indicator == "bt"].iloc[0]["suppressed"]
    board = evaluate(hand_asp, obs, _tests(), unit_level="board", board="B")
    assert board[board.indicator == "bt"].iloc[0]["unit"] == "B"


def test_level_systems_not_pooled():
    assert meets_level("B", "A-E", None, "III") != meets_level("B", "A-E", None, "III")  # NaN
    assert meets_level("I+", "I-V", None, "I") == 1.0
    assert meets_level("V-", "I-V", None, "IV") == 0.0
    assert meets_level("<1F", None, None, "1F") == 0.0
    assert meets_level("IV", "I-V", 30.0, "B") == 0.0


@pytest.mark.parametrize("old,new,words", [
    ("statistic: mean, target: 3.0", "statistic: median, target: 3.0", "unknown statistic"),
    ("level: 2F", "level: 3X", "invalid level"),
    ("target: 0.5", "target: 50", "between 0 and 1"),
    ("from: M, to: E", "from: M", "'from' and 'to'"),
    ("jaargroep: [8]", "jaargroep: [9]", "jaargroep"),
])
def test_bad_aspiration_files(tmp_path, old, new, words):
    f = tmp_path / "a.yml"
    f.write_text(ASP.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_aspiration(f)
    assert words in exc.value.message and "a.yml" in exc.value.message


def test_bad_arguments(hand_asp):
    with pytest.raises(ArgumentError):
        evaluate(hand_asp, _obs(), _tests(), min_pupils=2)
    with pytest.raises(ArgumentError):
        evaluate(hand_asp, _obs().drop(columns="value"), _tests())
    with pytest.raises(ArgumentError):
        evaluate(hand_asp, _obs(), _tests(), unit_level="group")


def test_trend_follows_the_waves_order_not_their_ids(hand_asp):
    # wave ids that sort the wrong way round as text: the trend must still be later - earlier
    waves = pd.DataFrame({"wave": ["z-najaar", "a-voorjaar"], "order": [0, 1],
                          "start": pd.to_datetime(["2025-09-01", "2026-02-01"]),
                          "end": pd.to_datetime(["2026-01-31", "2026-07-31"])})
    out = evaluate(hand_asp, _obs(), _tests(), periods=waves)
    bt = out[(out.indicator == "bt") & (out.unit == "T1")].set_index("period")
    assert np.isnan(bt.loc["z-najaar", "trend"])
    assert bt.loc["a-voorjaar", "trend"] == pytest.approx(0.2)


def test_scale_of_an_indicator(tmp_path):
    """An optional scale (ends and name) for the charts' axes; ends must be numbers, min
    below max."""
    from kit.sample import SAMPLE_DIR
    asp = load_aspiration(SAMPLE_DIR / "aspiration.yml")
    bt = asp.indicator("betrokkenheid")
    assert bt.scale == (1.0, 4.0) and bt.scale_name["nl"] == "ZIEN!-score (1-4)"
    assert asp.indicator("lezen_2f").scale is None
    text = (SAMPLE_DIR / "aspiration.yml").read_text(encoding="utf-8")
    for bad in ("{min: 4, max: 1}", "{min: low, max: 4}", "1-4"):
        f = tmp_path / "a.yml"
        f.write_text(text.replace("{min: 1, max: 4, name: {nl: ZIEN!-score (1-4), en: ZIEN! "
                                  "score (1-4)}}", bad, 1), encoding="utf-8")
        with pytest.raises(ConfigError) as exc:
            load_aspiration(f)
        assert "scale" in exc.value.message
