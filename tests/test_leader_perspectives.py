"""Issue 15, part 1: perspectives in the instrument, leader roles in the organisation file, and
leaders' own answers left out of every team, school and board figure."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kit import instrument
from kit.errors import ConfigError


@pytest.fixture(scope="module")
def inst():
    return instrument.load()


def test_leadership_habit_has_the_teams_view_in_both_languages(inst):
    h2 = inst.habit("H2")
    assert h2.about_leader and inst.leader_habits == ("H2",) and inst.has_perspectives
    assert len(h2.items) == 12
    for item in h2.items:
        assert item.text("nl", "team").startswith("Onze schoolleider ")
        assert item.text("en", "team").startswith("Our school leader ")
        # the article's wording stays the source and the default, also for the leader
        assert item.text("nl") == item.nl == item.text("nl", "leader")
        assert item.nl.startswith("Ik ")
        # a faithful rewrite: the article's statement ends the same (its last four words)
        tail = " ".join(item.nl.rstrip(".").split()[-4:])
        assert item.text("nl", "team").rstrip(".").endswith(tail)
    for h in inst.habits:
        if h.id != "H2":
            assert not h.about_leader
            assert all(i.text("nl", "team") == i.nl for i in h.items)


def test_team_wording_is_matched_to_its_item(inst):
    for item in inst.habit("H2").items:
        assert inst.match_statement(item.team["nl"]).id == item.id
        assert inst.match_statement(item.team["en"].rstrip(".")).id == item.id
    frame = inst.items_frame("en", perspective="team")
    assert frame.loc[frame.item == "H2_05", "text"].iloc[0].startswith("Our school leader")
    assert inst.items_frame("nl").loc[0, "text"] == inst.item("H1_01").nl
    with pytest.raises(ValueError, match="perspective"):
        inst.item("H2_01").text("nl", "teacher")


def test_instrument_without_perspectives_still_loads(tmp_path):
    old = tmp_path / "old.yml"
    old.write_text(re.sub(r"(?m)^\s+team: \{.*\}\n", "",
                          instrument.DEFAULT_PATH.read_text(encoding="utf-8")), encoding="utf-8")
    inst = instrument.load(old)
    assert not inst.has_perspectives and inst.leader_habits == ()
    assert inst.item("H2_01").text("nl", "team") == inst.item("H2_01").nl


def test_malformed_team_wording_names_key(tmp_path):
    bad = tmp_path / "bad.yml"
    text = instrument.DEFAULT_PATH.read_text(encoding="utf-8")
    bad.write_text(text.replace('team: {nl: "Onze schoolleider is rolmodel in ‘op',
                                'team: {xx: "Onze schoolleider is rolmodel in ‘op', 1),
                   encoding="utf-8")
    with pytest.raises(ConfigError, match="team"):
        instrument.load(bad)


def test_org_leader_roles(tmp_path):
    from kit.ingest.org import load_org
    base = Path("templates/org.example.yml").read_text(encoding="utf-8")
    assert load_org("templates/org.example.yml").leader_roles == ("directeur",)
    f = tmp_path / "org.yml"
    f.write_text(base.replace("leader_roles: [directeur]",
                              "leader_roles: [Schoolleider, bouwcoördinator]"), encoding="utf-8")
    assert load_org(f).leader_roles == ("directeur", "bouwcoördinator")
    f.write_text(base.replace("leader_roles: [directeur]", "leader_roles: [leerkracht]"),
                 encoding="utf-8")
    with pytest.raises(ConfigError, match="leader_roles"):
        load_org(f)


def _board(inst, seed=1):
    """A small board: two teams of 6 team members each, one director, in one school."""
    rng = np.random.default_rng(seed)
    rows, answers = [], []
    people = [(f"p{k}", "S1-A" if k < 6 else "S1-B", "leerkracht") for k in range(12)]
    people.append(("dir", "S1-A", "directeur"))
    for rid, team, role in people:
        rows.append({"respondent_id": rid, "board": "B", "school": "S1", "team": team,
                     "role": role, "wave": "W"})
        for item in inst.items:
            answers.append({"respondent_id": rid, "wave": "W", "item": item.id,
                            "value": float(rng.integers(1, 6))})
    return pd.DataFrame(rows), pd.DataFrame(answers)


def test_leaders_answers_change_no_aggregate(inst):
    from kit.analysis import teams
    from kit.analysis.privacy import disclosure
    aggregate, item_distribution = teams.aggregate, teams.item_distribution
    icc_by_habit, reliability_by_habit = teams.icc_by_habit, teams.reliability_by_habit
    resp, ans = _board(inst)
    changed = ans.copy()
    changed.loc[changed.respondent_id == "dir", "value"] = 1.0
    without = ans[ans.respondent_id != "dir"]
    r_without = resp[resp.respondent_id != "dir"]
    for level in ("team", "school", "board"):
        a = aggregate(resp, ans, inst, level=level)
        pd.testing.assert_frame_equal(a, aggregate(resp, changed, inst, level=level))
        pd.testing.assert_frame_equal(a, aggregate(r_without, without, inst, level=level))
        assert int(a["n"].max()) == (6 if level == "team" else 12)
        d = item_distribution(resp, ans, inst, level=level)
        pd.testing.assert_frame_equal(d, item_distribution(r_without, without, inst,
                                                           level=level))
    g1, g2 = disclosure(resp, ans, inst), disclosure(r_without, without, inst)
    pd.testing.assert_frame_equal(g1.units, g2.units)
    pd.testing.assert_frame_equal(g1.items, g2.items)
    pd.testing.assert_frame_equal(icc_by_habit(resp, ans, inst),
                                  icc_by_habit(r_without, without, inst))
    pd.testing.assert_frame_equal(reliability_by_habit(ans, inst, respondents=resp),
                                  reliability_by_habit(without, inst))


def test_board_leader_roles_travel_with_the_respondents(inst):
    from kit.analysis.teams import aggregate
    resp, ans = _board(inst)
    resp.loc[resp.respondent_id == "p0", "role"] = "bouwcoördinator"
    a = aggregate(resp, ans, inst, level="team")
    assert a.loc[a.unit == "S1-A", "n"].max() == 6
    resp.attrs["leader_roles"] = ["directeur", "bouwcoördinator"]
    a = aggregate(resp, ans, inst, level="team")
    assert a.loc[a.unit == "S1-A", "n"].max() == 5
