"""The disclosure gate (kit.analysis.privacy.gate and disclosure): what may be shown, from counts.

The core property is checked formally: every published aggregate (a shown team, a shown school,
the shown board) is a sum over cells (teams, and a school's records that belong to no team); a
hidden team can be worked out exactly when its own cell lies in the span of the published sums.
For random boards, no hidden team may.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kit.store
from kit.analysis.privacy import disclosure, gate
from kit.sample import sample_store


def _counts(spec: dict[str, list[int]], extra: dict[str, int] | None = None) -> pd.DataFrame:
    rows = [(s, f"{s}-{k}", n) for s, ns in spec.items() for k, n in enumerate(ns)]
    rows += [(s, None, n) for s, n in (extra or {}).items()]
    return pd.DataFrame(rows, columns=["school", "team", "n"])


def _decisions(g: pd.DataFrame) -> dict[tuple[str, str], str | None]:
    return {(lv, u): (None if s else r) for lv, u, s, r in
            zip(g["level"], g["unit"], g["shown"], g["reason"], strict=True)}


def _recoverable(counts: pd.DataFrame, g: pd.DataFrame) -> list[str]:
    """Hidden teams whose cell lies in the span of the published aggregates."""
    c = counts[counts["n"] > 0].reset_index(drop=True)
    cells = list(range(len(c)))
    shown = _decisions(g)
    vectors = []
    for i in cells:
        if pd.notna(c.loc[i, "team"]) and shown[("team", c.loc[i, "team"])] is None:
            vectors.append(np.eye(len(c))[i])
    for s in c["school"].unique():
        if shown[("school", s)] is None:
            vectors.append((c["school"] == s).to_numpy(float))
    if shown[("board", "board")] is None:
        vectors.append(np.ones(len(c)))
    m = np.array(vectors) if vectors else np.zeros((0, len(c)))
    rank = np.linalg.matrix_rank(m) if len(m) else 0
    out = []
    for i in cells:
        team = c.loc[i, "team"]
        if pd.isna(team) or shown[("team", team)] is None:
            continue
        e = np.eye(len(c))[i]
        if np.linalg.matrix_rank(np.vstack([m, e])) == rank:
            out.append(team)
    return out


def test_small_team_and_its_neighbour():
    g = _decisions(gate(_counts({"S1": [3, 6, 9]})))
    assert g[("team", "S1-0")] == "below_threshold" and g[("team", "S1-1")] == "complementary"
    assert g[("team", "S1-2")] is None and g[("school", "S1")] is None


def test_school_with_one_team_that_is_too_small_is_hidden_and_another_school_with_it():
    # S2's only team has 4: S2 itself is hidden (4 < 5); the board minus S1 would give S2, so
    # a team of a hidden school is needed beside it: S1 is hidden with its smallest team
    counts = _counts({"S1": [6, 7, 8], "S2": [4]})
    g = _decisions(gate(counts))
    assert g[("team", "S2-0")] == "below_threshold" and g[("school", "S2")] == "below_threshold"
    assert g[("school", "S1")] == "complementary" and g[("team", "S1-0")] == "complementary"
    assert g[("board", "board")] is None
    assert _recoverable(counts, gate(counts)) == []


def test_one_team_school_above_the_threshold_but_hidden_beside_nobody():
    # S2 has one team of 3 and records without a team (2 pupils): the school has 5 but its
    # value would almost be the team's; the team is hidden, and the school with it
    counts = _counts({"S1": [12, 15], "S2": [3]}, extra={"S2": 2})
    g = gate(counts)
    d = _decisions(g)
    assert d[("team", "S2-0")] == "below_threshold" and d[("school", "S2")] == "complementary"
    assert _recoverable(counts, g) == []


def test_single_school_board():
    counts = _counts({"S1": [4]})
    d = _decisions(gate(counts))
    assert d[("team", "S1-0")] and d[("school", "S1")] and d[("board", "board")]


def test_two_small_teams_hide_nobody_else():
    counts = _counts({"S1": [3, 4, 9, 12]})
    d = _decisions(gate(counts))
    assert [d[("team", f"S1-{k}")] for k in range(4)] == [
        "below_threshold", "below_threshold", None, None]


def test_inherited_hiding_and_unpublished_parents():
    counts = _counts({"S1": [6, 7, 8]})
    hidden = pd.DataFrame({"level": ["team"], "unit": ["S1-2"], "reason": ["habit_hidden"]})
    d = _decisions(gate(counts, hidden=hidden))
    assert d[("team", "S1-2")] == "habit_hidden" and d[("team", "S1-0")] == "complementary"
    # nothing published above the team: nothing to subtract from, so no complementary hiding
    d = _decisions(gate(_counts({"S1": [3, 6]}), publish=("team",)))
    assert d[("team", "S1-0")] == "below_threshold" and d[("team", "S1-1")] is None


boards = st.dictionaries(st.sampled_from(["A", "B", "C", "D", "E"]),
                         st.lists(st.integers(0, 14), min_size=1, max_size=5),
                         min_size=1, max_size=5)


@settings(max_examples=300, deadline=None)
@given(boards, st.dictionaries(st.sampled_from(["A", "B", "C"]), st.integers(1, 4)),
       st.integers(3, 10))
def test_no_hidden_team_can_be_worked_out(spec, extra, threshold):
    extra = {s: n for s, n in extra.items() if s in spec}
    counts = _counts(spec, extra)
    g = gate(counts, threshold=threshold)
    assert _recoverable(counts, g) == []
    d = _decisions(g)
    for lv, u in d:
        if lv == "team" and d[(lv, u)] is None:
            assert int(counts.loc[counts.team == u, "n"].iloc[0]) >= threshold
    # deterministic, and decided from counts alone
    assert g.equals(gate(counts.sample(frac=1, random_state=1), threshold=threshold))


@pytest.fixture(scope="module")
def sample():
    return kit.store.open(sample_store())


def test_a_hidden_habit_hides_its_statements_and_dimensions(sample):
    st_ = sample
    d = disclosure(st_.respondents, st_.answers, st_.instrument)
    h = d.habits
    wave = st_.waves.sort_values("order")["wave"].iloc[0]
    row = h[(h.wave == wave) & (h.level == "team") & (h.unit == "S02-U12") & (h.habit == "H5")]
    assert row["reason"].iloc[0] == "below_threshold" and row["n"].iloc[0] == 4
    items = d.items
    h5 = [i.id for i in st_.instrument.habit("H5").items]
    mine = items[(items.wave == wave) & (items.unit == "S02-U12") & items.item.isin(h5)]
    assert len(mine) == len(h5) and not mine["shown"].any()
    dims = {i.oecd for i in st_.instrument.habit("H5").items if i.oecd}
    dm = d.dimensions
    mine = dm[(dm.wave == wave) & (dm.unit == "S02-U12") & dm.dimension.isin(dims)]
    assert len(mine) == len(dims) and not mine["shown"].any()
    assert set(mine["reason"]) == {"habit_hidden"}


def test_a_hidden_team_keeps_its_reason_everywhere(sample):
    st_ = sample
    d = disclosure(st_.respondents, st_.answers, st_.instrument)
    for frame in (d.units, d.habits, d.items, d.dimensions):
        pk = frame[(frame.level == "team") & (frame.unit == "S04-PK")]
        ob = frame[(frame.level == "team") & (frame.unit == "S04-OB")]
        assert len(pk) and set(pk["reason"]) == {"below_threshold"}
        assert len(ob) and set(ob["reason"]) == {"complementary"}


def test_a_schools_n_is_withheld_where_a_team_is_hidden_for_one_habit_only(sample):
    # S02-U12 has 4 scores for H5 in the first wave and S02-U34 is hidden beside it, both
    # shown as teams: the school's H5 n less the teams' own n would bound U12's H5 n, so the
    # school's (and the board's) n of that habit is withheld; their means stay
    from kit.analysis.teams import aggregate
    st_ = sample
    wave = st_.waves.sort_values("order")["wave"].iloc[0]
    gate_ = disclosure(st_.respondents, st_.answers, st_.instrument)
    rows = []
    for level in ("school", "board"):
        a = aggregate(st_.respondents, st_.answers, st_.instrument, level=level, gate=gate_)
        rows.append(a[(a.wave == wave) & (a.habit == "H5") & (a.unit.isin(["S02", "BRD01"]))])
    h5 = pd.concat(rows)
    assert len(h5) == 2 and h5["n"].isna().all() and h5["mean"].notna().all()
    a = aggregate(st_.respondents, st_.answers, st_.instrument, level="school", gate=gate_)
    other = a[(a.wave == wave) & (a.habit == "H4") & (a.unit == "S02")]
    assert int(other["n"].iloc[0]) > 0                  # no team hidden for H4: n given
