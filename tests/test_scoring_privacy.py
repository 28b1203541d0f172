"""Habit scores (reverse keys about nominal ends, minimum answered share) and suppression."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kit import instrument
from kit.analysis.privacy import check_threshold, suppress
from kit.analysis.scoring import dimension_scores, habit_scores
from kit.errors import ArgumentError

INST = instrument.load()


def _answers(values: dict[str, float | None], rid="R1", wave="w1") -> pd.DataFrame:
    return pd.DataFrame({"respondent_id": rid, "wave": wave, "item": list(values),
                         "value": [np.nan if v is None else v for v in values.values()]})


def test_minimum_share_of_items():
    h4 = [i.id for i in INST.habit("H4").items]  # 6 items: need 4 answered
    four = _answers({k: (4 if n < 4 else None) for n, k in enumerate(h4)})
    three = _answers({k: (4 if n < 3 else None) for n, k in enumerate(h4)})
    assert habit_scores(four, INST).set_index("habit").loc["H4", "score"] == 4
    assert np.isnan(habit_scores(three, INST).set_index("habit").loc["H4", "score"])
    assert habit_scores(three, INST, min_share=0.5).set_index("habit").loc["H4", "score"] == 4


def test_blank_answers_are_not_zero():
    h5 = [i.id for i in INST.habit("H5").items]
    s = habit_scores(_answers(dict(zip(h5, [5, 5, 5, 5, None], strict=True))), INST)
    assert s["score"].iloc[0] == 5.0 and s["n_answered"].iloc[0] == 4


def test_reverse_keys_flip_about_nominal_ends(tmp_path):
    f = tmp_path / "inst.yml"
    f.write_text("""id: r
habits:
  - id: A
    name: {nl: A, en: A}
    items:
      - {id: A_01, nl: een, en: one}
      - {id: A_02, nl: twee, en: two, reverse: true}
scales:
  s:
    options: [{value: 1, nl: a, en: a}, {value: 2, nl: b, en: b}, {value: 3, nl: c, en: c},
              {value: 4, nl: d, en: d}, {value: 5, nl: e, en: e}]
""")
    inst = instrument.load(f)
    # observed range of A_02 is 2..2; psych would reverse about it, the kit uses 1..5 -> 6 - 2 = 4
    s = habit_scores(_answers({"A_01": 4, "A_02": 2}), inst)
    assert s["score"].iloc[0] == 4.0


def test_dimension_scores_cover_seven_dimensions():
    vals = {i.id: 3 for i in INST.items}
    d = dimension_scores(_answers(vals), INST)
    assert sorted(d["dimension"]) == sorted(INST.oecd_dimensions) and (d["score"] == 3).all()


@pytest.mark.parametrize("bad,words", [
    (pd.DataFrame({"respondent_id": ["R"], "wave": ["w"], "item": ["H1_01"], "value": [7]}),
     "outside the scale"),
    (pd.DataFrame({"respondent_id": ["R"], "wave": ["w"], "item": ["X_01"], "value": [3]}),
     "instrument lacks"),
    (pd.DataFrame({"respondent_id": ["R"], "item": ["H1_01"], "value": [3]}), "wave"),
    ([1, 2], "DataFrame"),
])
def test_bad_answers(bad, words):
    with pytest.raises(ArgumentError) as exc:
        habit_scores(bad, INST)
    assert words in exc.value.message


def _teams():
    return pd.DataFrame({
        "school": ["S1"] * 4 + ["S2"] * 3, "wave": "w1",
        "team": ["a", "b", "c", "d", "e", "f", "g"], "n": [2, 7, 6, 12, 8, 9, 10],
        "mean": [3.0, 3.5, 3.6, 4.0, 3.2, 3.3, 3.4], "sd": 0.5,
    })


def test_suppression_below_threshold_and_complementary():
    out = suppress(_teams(), parent=["school"], unit="team")
    hidden = dict(zip(out.team, out.suppression, strict=True))
    assert hidden["a"] == "below_threshold" and hidden["c"] == "complementary"
    assert out.loc[out.team.isin(["a", "c"]), ["mean", "sd"]].isna().all().all()
    assert out.loc[~out.team.isin(["a", "c"]), "mean"].notna().all()
    assert not out.loc[out.school == "S2", "suppressed"].any()


def test_no_recovery_by_subtraction():
    t = _teams()
    out = suppress(t, parent=["school"], unit="team")
    s1 = t[t.school == "S1"]
    school_sum = (s1["n"] * s1["mean"]).sum()
    shown = out[(out.school == "S1") & ~out.suppressed]
    rest = school_sum - (shown["n"] * shown["mean"]).sum()
    # the remainder mixes two hidden teams: more than one (n, mean) pair solves it
    assert out[(out.school == "S1") & out.suppressed].shape[0] >= 2 and rest > 0


def test_slices_are_separate():
    t = pd.concat([_teams(), _teams().assign(wave="w2", n=[9, 7, 6, 12, 8, 9, 10])])
    out = suppress(t, parent=["school"], unit="team")
    assert out[(out.wave == "w2")].suppressed.sum() == 0
    assert out[(out.wave == "w1")].suppressed.sum() == 2


def test_thresholds():
    assert check_threshold(3) == 3
    for bad in (2, 0, 4.5, True, "5"):
        with pytest.raises(ArgumentError):
            check_threshold(bad)
    out = suppress(_teams(), parent=["school"], unit="team", threshold=10)
    assert set(out.loc[~out.suppressed, "team"]) == {"d", "g"}
