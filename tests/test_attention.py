""""Waar kijken?", the first page of the school and board reports (issue 13, point 1): on
course or not per unit and indicator, clear changes only when their interval excludes zero, the
habits lowest against the board, response under 75 %, what went well; every list points to
its section; never a hidden team."""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd
import pytest
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from kit.present.text import t
from kit.reports.attention import RESPONSE_FLOOR, AttentionPage, section_anchor
from kit.reports.board import BoardReport
from kit.reports.school import SchoolReport

# the store (`st`) and the aspiration (`asp`) are the session's sample board (conftest.py)
# the spring wave: January's tests (reading, maths) are the latest of its school year there and
# De Regenboog has two teams at 71 %; the autumn 2026 wave starts a school year without tests
SPRING = "2026-voorjaar"


def _text(fragment: str) -> str:
    """The page as a reader reads it: tags gone, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_links_point_at_the_ids_nbconvert_gives_the_section_headings(lang):
    keys = {k for level in AttentionPage.SECTIONS.values() for k in level.values()}
    assert len(keys) >= 4
    for key in keys:
        heading = t(key, lang)
        rendered = markdown2html_mistune("## " + heading)
        ids = re.findall(r'id="([^"]+)"', rendered)
        assert ids == [section_anchor(heading)], (heading, rendered)


def test_board_page_says_per_school_and_indicator_whether_it_is_on_course(st, asp):
    r = BoardReport(st, aspiration=asp, wave=SPRING)
    rows = r.course_rows()
    ind = r.current_indicators
    now = ind[(ind.unit_level == "school") & (ind.period == r.wave) & ind["value"].notna()]
    mine = rows[~rows["own"]].set_index(["unit", "indicator"])["on_course"]
    truth = now.set_index(["unit", "indicator"])["on_course"].astype(bool)
    assert mine.sort_index().equals(truth.sort_index())
    # the case: the board is on course for reading while De Linde is at half its target
    board_read = rows[rows["own"] & (rows.indicator == "lezen_2f")].iloc[0]
    assert board_read["on_course"]
    table = r.course_table()
    reading = next(c for c in table.columns if c.startswith("Begrijpend lezen"))
    assert "(doel 60%)" in reading
    linde = table[table["School"] == "Basisschool De Linde"].iloc[0]
    assert linde[reading] == "nee, 32%"
    assert table.iloc[0]["School"].endswith("(geheel)")        # the board itself first
    # "k of n schools": exactly the schools on course on every indicator they have
    expected = int(now.groupby("unit")["on_course"].all().sum())
    page = _text(r.attention_html())
    assert f"{expected} van de {now.unit.nunique()} scholen met metingen" in page


def test_a_change_is_listed_only_when_its_interval_excludes_zero(st, asp):
    r = BoardReport(st, aspiration=asp)
    real = r.analysis
    ch = real.changes.copy()
    schools = ch.index[(ch.level == "school") & (ch.wave == r.wave)]
    # plant: one clear rise, one clear fall, one change as large but with zero inside
    ch.loc[schools[0], ["change", "ci_low", "ci_high"]] = [0.40, 0.10, 0.70]
    ch.loc[schools[1], ["change", "ci_low", "ci_high"]] = [-0.30, -0.50, -0.05]
    ch.loc[schools[2], ["change", "ci_low", "ci_high"]] = [0.45, -0.05, 0.95]
    others = schools[3:]
    ch.loc[others, ["ci_low", "ci_high"]] = [-1.0, 1.0]

    class Planted:
        changes = ch

        def __getattr__(self, name):
            return getattr(real, name)

    r.__dict__["_analysis"] = Planted()
    d = r.clear_changes()
    assert list(d["direction"]) == ["down", "up"]                 # falls first
    assert list(d["change"]) == [-0.30, 0.40]
    page = _text(r.attention_html())
    assert "gedaald (-0,30)" in page and "gestegen (+0,40)" in page
    assert "+0,45" not in page                                    # not clear: not listed


def test_lowest_habits_against_the_board_and_clearly_lower_only_outside_the_interval(st, asp):
    r = BoardReport(st, aspiration=asp)
    d = r.against_board()
    assert len(d) and (np.diff(d["difference"].to_numpy()) >= 0).all()
    a = r.aggregates
    board = a[(a.level == "board") & (a.wave == r.wave)].set_index("habit")["mean"]
    assert np.allclose(d["board_mean"], d["habit"].map(board))
    assert ((d["direction"] == "down") == (d["ci_high"] < d["board_mean"])).all()
    assert ((d["direction"] == "up") == (d["ci_low"] > d["board_mean"])).all()
    page = _text(r.attention_html())
    first = d.iloc[0]
    assert f"{first.unit_label}: {first.habit_label}" in page
    assert "(duidelijk lager)" in page


def test_response_under_75_percent_lists_teams_with_scores_only(st, asp):
    r = BoardReport(st, aspiration=asp, wave=SPRING)
    low = r.low_response()
    table = r.team_table()
    shown = table[table["response_rate"].notna() & (table["team"] != r.TOGETHER)]
    expected = set(shown.loc[shown["response_rate"] < RESPONSE_FLOOR, "team"])
    assert set(low["unit"]) == expected and expected         # De Regenboog's 71 % teams
    page = _text(r.attention_html())
    for label, rate in zip(low["unit_label"], low["response_rate"], strict=True):
        assert f"{label}: {rate:.0%}" in page


def test_school_page_never_names_a_hidden_team(st, asp):
    r = SchoolReport(st, "S04", aspiration=asp)
    hidden = {"S04-PK", "S04-OB"}
    labels = r.team_labels()
    page = _text(r.attention_html())
    for team in hidden:
        assert labels[team] not in page
    for frame in (r.clear_changes(), r.against_board(), r.low_response()):
        assert not set(frame["unit"]) & hidden


def test_every_list_points_to_a_section_of_its_report(st, asp):
    for r in (BoardReport(st, aspiration=asp), SchoolReport(st, "S03", aspiration=asp,
                                                            lang="en")):
        page = r.attention_html()
        hrefs = re.findall(r'href="#([^"]+)"', page)
        assert len(hrefs) >= 3
        targets = {section_anchor(t(k, r.lang)) for k in r.SECTIONS[r.level].values()}
        assert {html.unescape(h) for h in hrefs} <= targets


def test_english_page_has_no_dutch_words(st, asp):
    r = SchoolReport(st, "S03", aspiration=asp, lang="en")
    page = _text(r.attention_html())
    for dutch in ("nee,", "ja,", "doel", "Zie", "scholen", "gestegen", "bestuur", "(geheel)"):
        assert dutch not in page, dutch
    assert "(target " in page and "See" in page


def test_without_an_aspiration_the_page_says_so(st):
    r = BoardReport(st)
    page = _text(r.attention_html())
    assert t("no_aspiration", "nl") in page
    assert isinstance(r.course_table(), pd.DataFrame) and r.course_table().empty
