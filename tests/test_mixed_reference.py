"""kit.analysis.relations.mixed_model against lme4 1.1.31, to 1e-6.

Two levels: tests/reference/lme4_reference.R (multilevel::bh1996). Three levels:
tests/reference/lme4_three_level_reference.R (mlmRev::star, kindergarten maths on teacher
experience, pupils in teachers' classes in schools). The three-level reference is the exact
optimum of lme4's profiled REML deviance (bobyqa, then Newton steps): lme4's default stopping
rule leaves the school variance about 5e-3 from that optimum, because the REML criterion is flat
to double precision there; the default fit is stored beside it (``lme4_default``) and checked
only at the looser tolerance it can meet (2e-5 relative for the variances: its school
variance is 1.2e-5 below the optimum).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from kit.analysis.multilevel import mixed_model
from kit.errors import ArgumentError

REF = Path(__file__).resolve().parent / "reference"
KEYS3 = ("slope", "se", "team_variance", "school_variance", "residual_variance", "loglik")


def test_random_intercept_matches_lme4():
    d = pd.read_csv(REF / "bh1996_lme4_subset.csv")
    r = json.loads((REF / "lme4_reference.json").read_text(encoding="utf-8"))
    pupils = pd.DataFrame({"pupil_id": range(len(d)), "team": d["GRP"], "value": d["WBEING"]})
    teams = d.groupby("GRP")["G.HRS"].first().rename("score").reset_index() \
        .rename(columns={"GRP": "team"})
    got = mixed_model(pupils, teams)
    assert got["status"] == "ok" and got["n_teams"] == r["n_groups"] and got["n_pupils"] == r["n"]
    for key in ("slope", "se", "team_variance", "residual_variance", "loglik"):
        assert got[key] == pytest.approx(r[key], abs=1e-6), key
    assert got["levels"] == 2 and got["n_schools"] is None and math.isnan(got["school_variance"])


@pytest.fixture(scope="module")
def star():
    d = pd.read_csv(REF / "star_lme4_three_level_subset.csv")
    pupils = pd.DataFrame({"pupil_id": d["id"], "team": d["tch"], "value": d["math"],
                           "school": d["sch"]})
    teams = d.groupby("tch", as_index=False).agg(score=("exp", "first"), school=("sch", "first")) \
        .rename(columns={"tch": "team"})
    return pupils, teams


@pytest.fixture(scope="module")
def star_fit(star):
    pupils, teams = star
    return mixed_model(pupils, teams[["team", "score"]])


def test_three_level_matches_lme4(star_fit):
    r = json.loads((REF / "lme4_three_level_reference.json").read_text(encoding="utf-8"))
    got = star_fit
    assert got["status"] == "ok" and got["levels"] == 3, got.get("note")
    assert (got["n_pupils"], got["n_teams"], got["n_schools"]) == \
        (r["n"], r["n_teams"], r["n_schools"])
    for key in KEYS3:
        assert got[key] == pytest.approx(r[key], abs=1e-6), key
    assert got["ci_low"] == pytest.approx(r["slope"] - 1.959964 * r["se"], abs=1e-6)
    # lme4 with its default control stops short of the optimum (see the module docstring)
    for key in ("team_variance", "school_variance", "residual_variance"):
        assert got[key] == pytest.approx(r["lme4_default"][key], rel=2e-5), key
    assert got["loglik"] == pytest.approx(r["lme4_default"]["loglik"], abs=1e-6)


def test_school_may_come_with_the_team_scores(star, star_fit):
    pupils, teams = star
    got = mixed_model(pupils.drop(columns="school"), teams)
    assert got["levels"] == 3
    assert all(got[k] == pytest.approx(star_fit[k], abs=1e-9) for k in KEYS3)
    both = mixed_model(pupils, teams)  # both frames agree on the school
    assert both["slope"] == pytest.approx(star_fit["slope"], abs=1e-9)


def test_too_few_schools_gives_two_levels_with_a_note(star):
    pupils, teams = star
    four = pupils[pupils["school"].isin(sorted(pupils["school"].unique())[:4])]
    got = mixed_model(four, teams[["team", "score"]])
    assert got["status"] == "ok" and got["levels"] == 2 and got["n_schools"] == 4
    assert math.isnan(got["school_variance"])
    assert "4 school(s)" in got["note"] and "min_schools=5" in got["note"]
    plain = mixed_model(four.drop(columns="school"), teams[["team", "score"]])
    assert "no school column" in plain["note"]
    for key in ("slope", "se", "team_variance", "residual_variance", "loglik", "n_teams"):
        assert got[key] == plain[key], key
    # a lower threshold or levels=3 fits the three levels on the same four schools
    low = mixed_model(four, teams[["team", "score"]], min_schools=4)
    forced = mixed_model(four, teams[["team", "score"]], levels=3)
    assert low["levels"] == forced["levels"] == 3 and "levels=3 requested" in forced["note"]
    assert low["school_variance"] == forced["school_variance"] > 0


def test_forced_two_levels(star, star_fit):
    pupils, teams = star
    got = mixed_model(pupils, teams[["team", "score"]], levels=2)
    plain = mixed_model(pupils.drop(columns="school"), teams[["team", "score"]])
    assert got["levels"] == 2 and got["n_schools"] == 30 and "levels=2" in got["note"]
    assert got["slope"] == plain["slope"] and got["slope"] != star_fit["slope"]
    # without a school level the school differences land in the team variance
    assert got["team_variance"] > star_fit["team_variance"]


def test_zero_school_variance_is_a_boundary(star):
    pupils, teams = star
    flat = pupils.assign(value=pupils["value"]
                         - pupils.groupby("school")["value"].transform("mean"))
    got = mixed_model(flat, teams[["team", "score"]])
    assert got["status"] == "boundary" and got["levels"] == 3
    assert "school variance is estimated at zero" in got["note"] and "slope" not in got


def test_too_few_teams_and_schools(star):
    pupils, teams = star
    one = pupils[pupils["school"] == pupils["school"].min()]
    got = mixed_model(one, teams[["team", "score"]], levels=3, min_teams=4)
    assert got["status"] == "too_few_schools" and got["n_schools"] == 1
    few = mixed_model(one, teams[["team", "score"]], levels=3)
    assert few["status"] == "too_few_teams" and few["levels"] == 3


def test_bad_input(star):
    pupils, teams = star
    ts = teams[["team", "score"]]
    bad = [
        (dict(pupil_values=pupils.values, team_scores=ts), "pupil_values must be a pandas"),
        (dict(pupil_values=pupils.drop(columns="value"), team_scores=ts), r"pupil_values lacks"),
        (dict(pupil_values=pupils, team_scores=ts.rename(columns={"score": "s"})),
         r"team_scores lacks column\(s\) \['score'\]"),
        (dict(pupil_values=pupils, team_scores=ts, levels="three"), "levels must be"),
        (dict(pupil_values=pupils, team_scores=ts, levels=True), "levels must be"),
        (dict(pupil_values=pupils, team_scores=ts, levels=4), "got 4"),
        (dict(pupil_values=pupils, team_scores=ts, min_schools=1), "min_schools must be"),
        (dict(pupil_values=pupils, team_scores=ts, min_schools=2.5), "got 2.5"),
        (dict(pupil_values=pupils, team_scores=ts, min_teams=2), "min_teams must be"),
        (dict(pupil_values=pupils.drop(columns="school"), team_scores=ts, levels=3),
         "levels=3 needs a 'school' column"),
        (dict(pupil_values=pupils.assign(value="x"), team_scores=ts),
         r"pupil_values\['value'\] must be numeric"),
        (dict(pupil_values=pupils, team_scores=pd.concat([ts, ts.head(1)])),
         "more than one row for team"),
        (dict(pupil_values=pupils.assign(school=pupils["school"].where(pupils.index != 0)),
              team_scores=ts), "school is missing"),
        (dict(pupil_values=pupils.assign(school=pupils["school"].where(pupils.index != 0, 99)),
              team_scores=ts), "more than one school"),
        (dict(pupil_values=pupils, team_scores=teams.assign(school=teams["school"] + 1)),
         "different schools"),
    ]
    for kwargs, match in bad:
        with pytest.raises(ArgumentError, match=match) as err:
            mixed_model(**kwargs)
        assert isinstance(err.value, ValueError)
    # a missing school does not matter when the school level is not used
    got = mixed_model(pupils.assign(school=pupils["school"].where(pupils.index != 0)), ts,
                      levels=2)
    assert got["status"] == "ok" and got["levels"] == 2
