"""kit.relations.mixed_model against lme4 1.1.31 (tests/reference/lme4_reference.R), to 1e-6."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from kit.relations import mixed_model

REF = Path(__file__).resolve().parent / "reference"


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
