"""Section 5 of a team report (issue 13, point 6): only the relations computed across the board's
teams, the team's own place in each, one sentence on those not computed, a figure without
empty panels; and for a hidden team none of its own numbers."""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd
import pytest

from kit.analysis.aspiration import evaluate
from kit.analysis.teams import aggregate
from kit.present.formats import number
from kit.reports.team import TeamReport

# `st` and `asp`, the sample board's store and aspiration, come from conftest.py
# the spring wave has all four indicators of its school year (reading and maths from January's
# tests, with too few teams); the autumn 2026 wave starts a school year with observations only
SPRING = "2026-voorjaar"


def _report(st, asp, school, team, **kw) -> TeamReport:
    return TeamReport(st, school, team, aspiration=asp, **kw)


def _cells(page: str) -> list[str]:
    """The text of every table cell of an HTML page."""
    return [html.unescape(c) for c in re.findall(r"<t[dh](?: [^>]*)?>(.*?)</t[dh]>", page)]


class _Analysis:
    """The board's analysis with other relations (the shared one is never changed)."""

    def __init__(self, real, relations: pd.DataFrame):
        self._real, self.relations = real, relations

    def __getattr__(self, name):
        return getattr(self._real, name)


def test_only_computed_relations_with_the_count_of_the_others(st, asp):
    r = _report(st, asp, "S01", "S01-BB", wave=SPRING)
    full, own = r.relations_rows(), r.own_relations()
    missing = full[(full["status"] != "ok") | full["r"].isna()]
    assert len(full) == 20 and len(missing) == 10 and len(own) == 10
    assert (own["status"] == "ok").all() and own["r"].notna().all()
    assert set(zip(own["habit"], own["indicator"], strict=True)).isdisjoint(
        zip(missing["habit"], missing["indicator"], strict=True))
    page = r.own_relations_html()
    assert "te weinig teams (minimaal" not in page and "–" not in _cells(page)   # no dash
    assert ("10 van de 20 verbanden konden niet berekend worden: te weinig teams met zowel "
            "scores als leerlinggegevens (minimaal 8).") in html.unescape(page)
    assert r.relations_not_computed().endswith(
        "Met ‘Begrijpend lezen op streefniveau 2F’, ‘Rekenen op streefniveau 1S’ kon geen enkel "
        "verband berekend worden.")
    assert page.count("geen bewijs van oorzaak") == 1
    en = _report(st, asp, "S01", "S01-BB", lang="en", wave=SPRING)
    assert en.relations_not_computed().startswith(
        "10 of the 20 relations could not be computed: too few teams with both scores and "
        "pupil data (at least 8).")
    assert list(en.present(en.own_relations()).columns[-2:]) == ["Your score", "Your value"]
    # school and board reports keep the board's whole grid
    assert len(r.relations_table()) == 20


def test_the_teams_own_place_is_its_shown_score_and_value(st, asp):
    r = _report(st, asp, "S01", "S01-BB")
    own = r.own_relations()
    means = r.summary().set_index("habit")["mean"]
    values = r.aspiration_table().set_index("indicator")["value"]
    assert own["own_score"].to_numpy() == pytest.approx(means[own["habit"]].to_numpy())
    assert own["own_value"].to_numpy() == pytest.approx(values[own["indicator"]].to_numpy())
    shown = r.present(own).set_index(["Gewoonte", "Indicator"])
    row = shown.loc[(r._label("H3"), "Betrokkenheid (ZIEN!)")]
    assert row["Jullie score"] == number(means["H3"], "nl")
    assert row["Jullie waarde"] == number(values["betrokkenheid"], "nl")
    assert "De laatste twee kolommen geven de plek van jullie team" in r.own_place_note()
    assert "streepje" not in r.own_place_note()


def test_a_team_without_a_value_gets_a_dash_and_the_reason(st, asp):
    r = _report(st, asp, "S02", "S02-U12")          # no Sociale autonomie observed
    own = r.own_relations()
    soc = own["indicator"] == "sociale_autonomie"
    assert soc.any() and own.loc[soc, "own_value"].isna().all()
    assert own.loc[~soc, "own_value"].notna().all() and own["own_score"].notna().all()
    assert "Een streepje bij jullie team" in r.own_place_note()
    fig = r.relations_figure(highlight="S02-U12")
    pts = fig.kit_data
    assert "S02-U12" not in set(pts.loc[pts.indicator == "sociale_autonomie", "unit"])
    assert "S02-U12" in set(pts.loc[pts.indicator == "betrokkenheid", "unit"])


def _own_numbers(st, asp, team: str) -> list[float]:
    """What a team's own respondents and pupils would show without the gate (lowest
    thresholds): its habit means and indicator values, every wave."""
    resp = st.respondents[st.respondents.team == team]
    habits = aggregate(resp, st.answers, st.instrument, level="team", teams=st.teams,
                       threshold=3)
    ind = evaluate(asp, st.observations[st.observations.team == team],
                   st.tests[st.tests.team == team], unit_level="team", min_pupils=3,
                   periods=st.waves)
    return [float(v) for v in [*habits["mean"], *ind["value"]] if pd.notna(v)]


def test_a_hidden_team_gets_no_number_of_its_own(st, asp):
    r = _report(st, asp, "S04", "S04-PK")
    assert r.suppressed
    secret = _own_numbers(st, asp, "S04-PK")
    assert len(secret) >= 5                       # it does have numbers, hidden by the gate
    own = r.own_relations()
    assert len(own) == 10 and not {"own_score", "own_value"} & set(own.columns)
    page = html.unescape(r.own_relations_html())
    shown = set(re.findall(r"-?\d+,\d+", page))
    assert not {number(v, "nl") for v in secret} & shown
    assert "Van jullie team tonen we geen scores" in page
    # the figure: not among the points, not highlighted even when asked, no legend
    fig = r.relations_figure(highlight="S04-PK", highlight_label="Plusteam")
    assert "S04-PK" not in set(fig.kit_data["unit"]) and not fig.legends
    drawn = np.concatenate([np.ravel(c.get_offsets()) for ax in fig.axes
                            for c in ax.collections])
    # every point drawn is a shown team's own published mean (means of a few whole answers are
    # simple fractions: another team's mean may equal one of the hidden team's by chance, as
    # 22/7 of S01-BB's 9 x 7 answers and of S04-PK's 3 x 7 in autumn 2026)
    a = r.aggregates
    pub = a[(a.level == "team") & (a.wave == r.wave) & ~a.suppressed.astype(bool)]
    pub = pub.set_index(["unit", "habit"])["mean"]
    pts = fig.kit_data
    assert np.allclose(pts["x"], [pub[(u, h)] for u, h in zip(pts["unit"], pts["habit"],
                                                              strict=True)])
    public = pub.to_numpy(float)
    assert not any(np.isclose(drawn, v, rtol=0, atol=1e-9).any() for v in secret
                   if not np.isclose(public, v, rtol=0, atol=1e-9).any())


def test_the_figure_has_a_panel_per_computed_relation_only(st, asp):
    r = _report(st, asp, "S01", "S01-BB", wave=SPRING)
    rel = r.analysis.relations
    rel = rel.copy()
    drop = (rel.wave == r.wave) & (rel.habit == "H2") & (rel.indicator == "sociale_autonomie")
    rel.loc[drop, "status"] = "too_few_teams"
    rel.loc[drop, ["pearson_r", "pearson_ci_low", "pearson_ci_high"]] = np.nan
    r.__dict__["_analysis"] = _Analysis(r.analysis, rel)
    fig = r.relations_figure(highlight="S01-BB", highlight_label=r.team_name)
    assert len(fig.axes) == 9                     # 5 habits x 2 indicators, less one
    for ax in fig.axes:                           # no empty panel
        assert len(np.ravel(ax.collections[0].get_offsets())) > 0
    assert sorted(ax.get_title() for ax in fig.axes if ax.get_title()) == [
        "Betrokkenheid (ZIEN!)", "Sociale autonomie (ZIEN!)"]
    pts = fig.kit_data
    assert pts[(pts.habit == "H2") & (pts.indicator == "sociale_autonomie")].empty
    assert fig.legends                            # the team has points: highlighted
    assert len(r.own_relations()) == 9
    assert r.relations_not_computed().startswith("11 van de 20 verbanden")
    assert "Sociale autonomie" not in r.relations_not_computed()      # partly computed


def test_with_one_indicator_computed_one_column_of_panels(st, asp):
    r = _report(st, asp, "S01", "S01-BB", min_teams=11, wave=SPRING)   # SA: 10 teams
    assert set(r.own_relations()["indicator"]) == {"betrokkenheid"}
    fig = r.relations_figure(highlight="S01-BB")
    assert len(fig.axes) == 5 and set(fig.kit_data["indicator"]) == {"betrokkenheid"}
    assert r.relations_not_computed().startswith("15 van de 20 verbanden")


@pytest.mark.parametrize("lang, words", [
    ("nl", "Geen van de 20 verbanden kon berekend worden: te weinig teams met zowel scores "
           "als leerlinggegevens (minimaal 13)."),
    ("en", "None of the 20 relations could be computed: too few teams with both scores and "
           "pupil data (at least 13).")])
def test_nothing_computed_a_sentence_instead_of_table_and_figure(st, asp, lang, words):
    r = _report(st, asp, "S01", "S01-BB", min_teams=13, lang=lang, wave=SPRING)  # <= 12 teams
    assert r.own_relations().empty and r.relations_figure(highlight="S01-BB") is None
    page = r.own_relations_html()
    assert "<table" not in page and html.unescape(page) == f'<div class="kit-notice">{words}</div>'
    assert r.own_place_note() is None


def test_no_aspiration_says_so(st):
    r = TeamReport(st, "S01", "S01-BB")
    assert r.own_relations().empty and r.relations_not_computed() is None
    assert r.own_relations_html() == f'<div class="kit-notice">{r.aspiration_notice()}</div>'
