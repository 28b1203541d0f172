"""School and board reports (kit.overview): teams side by side, never a suppressed team's
numbers; the shared analysis (kit.analysis) and the relations figure of the team report."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import kit.store
from kit.analysis import board_analysis, clear_cache
from kit.aspiration import load_aspiration
from kit.errors import ConfigError
from kit.overview import BoardReport, SchoolReport
from kit.report import TeamReport, html_table
from kit.sample import SAMPLE_DIR, sample_store


@pytest.fixture(scope="module")
def st():
    return kit.store.open(sample_store())


@pytest.fixture(scope="module")
def asp():
    return load_aspiration(SAMPLE_DIR / "aspiration.yml")


def test_analysis_is_shared_and_keyed_on_settings(st, asp):
    clear_cache()
    a = board_analysis(st, aspiration=asp)
    assert board_analysis(kit.store.open(st.path), aspiration=load_aspiration(
        SAMPLE_DIR / "aspiration.yml")) is a                  # same content, same analysis
    assert board_analysis(st, aspiration=asp, threshold=6) is not a
    assert board_analysis(st) is not a
    r1 = TeamReport(st, "S01", "S01-BB", aspiration=asp)
    r2 = TeamReport(st, "S02", "S02-U34", aspiration=asp)
    assert r1.aggregates is r2.aggregates is a.aggregates
    # every level's indicators are evaluated; relations use the teams only
    assert set(a.indicators["unit_level"]) == {"team", "school", "board"}
    assert set(a.relations["n_teams"]) <= set(range(8, 15)) | {0, 1, 2, 3, 4, 5, 6, 7}


def test_school_report_never_shows_a_suppressed_team(st, asp):
    r = SchoolReport(st, "S04", aspiration=asp)
    own = r.analysis.aggregates
    own = own[(own.level == "team") & (own.wave == r.wave) & (own.school == "S04")]
    hidden = set(own.loc[own.suppressed, "unit"])
    assert hidden == {"S04-PK", "S04-OB"}            # too small, and its complement
    fig = r.team_heatmap()
    data = fig.kit_data
    names = r.team_labels()
    # the teams in organisation order, then the two hidden teams together (11 respondents:
    # the school minus the team shown, so nothing new about either of them)
    assert list(data.index) == [*names, r.TOGETHER]
    school = r.analysis.aggregates
    school = school[(school.level == "school") & (school.unit == "S04") & (school.wave == r.wave)]
    bb = own[own.unit == "S04-BB"].set_index("habit")
    sch = school.set_index("habit")
    rest = (sch["n"] * sch["mean"] - bb["n"] * bb["mean"]) / (sch["n"] - bb["n"])
    assert np.allclose(data.loc[r.TOGETHER, rest.index].to_numpy(float),
                       rest.to_numpy(float))
    for team in hidden:
        assert data.loc[team].isna().all()
    shown = own[own.unit == "S04-BB"].set_index("habit")["mean"]
    assert np.allclose(data.loc["S04-BB", shown.index].to_numpy(float), shown.to_numpy(float))
    texts = [t_.get_text() for t_ in fig.axes[0].texts]
    assert texts.count("–") == 2 * 5 and f"{shown.iloc[0]:.1f}" in texts
    table = r.team_table()
    pk = table[table.Team == names["S04-PK"]].iloc[0]
    assert pk["n"] == "minder dan 5" and "te weinig" in pk["Opmerking"]
    ob = table[table.Team == names["S04-OB"]].iloc[0]
    # the team hidden beside the small one: neither its n nor its response rate
    assert "terugrekenen" in ob["Opmerking"] and ob["Respons"] == "–"
    assert ob["n"] == "verborgen"
    # nothing numeric of a hidden team anywhere in the school's tables
    for team in hidden:
        ind = r.team_indicators()
        assert names[team] in ind.columns or ind.empty
    assert r.hidden_teams() == [names["S04-OB"], names["S04-PK"]]
    together = table[table.Team == "Verborgen teams samen (2)"].iloc[0]
    assert together["n"] == 11 and together["Respons"] == "–"
    summary = r.summary()
    assert len(summary) == 5 and (summary["n"] == 20).all()
    own = r.own_indicators()
    ind = r.indicators
    want = ind[(ind.unit_level == "school") & (ind.unit == "S04") & (ind.period == r.wave)]
    assert len(own) == len(want) > 0
    assert np.allclose(own["Waarde"].to_numpy(float), want["value"].to_numpy(float),
                       equal_nan=True)
    assert set(own["Op koers?"]) <= {"ja", "nee", "–"}


def test_board_report_sections(st, asp):
    r = BoardReport(st, aspiration=asp, lang="en")
    assert r.unit == "BRD01"
    counts = dict(zip(r.counts().iloc[:, 0], r.counts().iloc[:, 1], strict=True))
    assert counts["Schools"] == 4 and counts["Teams"] == 14 and counts["Teams with scores"] == 12
    heat = r.team_heatmap().kit_data
    assert heat.shape == (14, 5) and heat.isna().all(axis=1).sum() == 2
    schools = r.school_heatmap().kit_data
    assert schools.shape == (4, 5) and not schools.isna().any().any()
    icc = r.icc()
    assert len(icc) == 5 and icc["ICC(1)"].between(-0.2, 1).all()
    assert icc["Teams"].eq(14).all()
    si = r.school_indicators()
    assert list(si.columns[3:]) == list(r.school_labels().values())
    # the spring report shows January's mid-year tests (in the autumn wave's window): the
    # latest measurement of the school year, and says when it was measured
    reading = si.set_index("Indicator").loc["Reading comprehension at target level 2F"]
    assert reading["Measured"] == "Autumn 2025" and reading["Basisschool De Linde"] != "–"
    assert si.set_index("Indicator").loc["Engagement (ZIEN!)", "Measured"] == "Spring 2026"
    assert len(r.relations_table()) > 0
    html = html_table(r.team_table())
    assert "S04-PK" not in html                         # names, not ids, and no numbers


def test_team_relations_figure_highlights_only_an_unsuppressed_team(st, asp):
    r = TeamReport(st, "S01", "S01-BB", aspiration=asp)
    fig = r.relations_figure(highlight="S01-BB", highlight_label=r.team_name)
    pts = fig.kit_data
    assert "S01-BB" in set(pts.unit) and not {"S04-PK", "S04-OB"} & set(pts.unit)
    a = r.aggregates
    own = a[(a.level == "team") & (a.unit == "S01-BB") & (a.wave == r.wave) & (a.habit == "H1")]
    got = pts[(pts.unit == "S01-BB") & (pts.habit == "H1")]["x"]
    assert got.iloc[0] == pytest.approx(float(own["mean"].iloc[0]))
    # panels only for the relations the table computes (reading: too few teams this wave)
    assert set(pts.indicator) == {"betrokkenheid", "sociale_autonomie"}
    assert len(fig.axes) == 5 * 2
    small = TeamReport(st, "S04", "S04-PK", aspiration=asp)
    assert small.suppressed and "S04-PK" not in set(small.relation_points().unit)


def test_bad_parameters(st):
    with pytest.raises(ConfigError, match="unknown school"):
        SchoolReport(st, "S99")
    with pytest.raises(ConfigError, match="unknown wave"):
        BoardReport(st, wave="2030-najaar")
    with pytest.raises(ConfigError, match="language"):
        SchoolReport(st, "S01", lang="de")


def test_heatmap_rejects_other_tables():
    from kit.errors import ArgumentError
    from kit.plots import heatmap
    with pytest.raises(ArgumentError):
        heatmap(pd.DataFrame({"unit": ["a"]}), kit.store.open(sample_store()).instrument)


def test_heat_maps_split_into_parts_that_fit_a_page(st):
    r = BoardReport(st)
    whole = r.team_heatmap().kit_data
    parts = [f.kit_data for f in r.team_heatmaps(max_rows=5)]
    # whole schools per part (3, 4, 4 and 3 teams), in order, nothing lost or added
    assert [len(p) for p in parts] == [3, 4, 4, 3]
    pd.testing.assert_frame_equal(pd.concat(parts), whole)
    assert pd.concat(parts).isna().all(axis=1).sum() == 2          # S04-PK, S04-OB stay hidden
    schools = [f.kit_data for f in r.school_heatmaps(max_rows=3)]
    assert [len(p) for p in schools] == [3, 1]
    assert len(r.team_heatmaps()) == 1                               # the sample board: one page
    # a school larger than a part is split on its own
    big = SchoolReport(st, "S02").team_heatmaps(max_rows=3)
    assert [len(f.kit_data) for f in big] == [3, 1]
