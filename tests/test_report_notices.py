"""What a report says where it has nothing to show: no aspiration file, no pupil data for the
aspiration's indicators, none for this unit, hidden values; and the reports' titles."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import kit.store
from kit.ingest.run import ingest
from kit.reports.board import BoardReport
from kit.reports.school import SchoolReport
from kit.reports.team import TeamReport
from kit.sample import SAMPLE_DIR

# `st` and `asp`, the sample board's store and aspiration, come from conftest.py
SURVEYS = sorted(p for p in SAMPLE_DIR.iterdir()
                 if "najaar" in p.name or "voorjaar" in p.name)


def _store(tmp_path_factory, name, files):
    out = tmp_path_factory.mktemp(name) / "store"
    ingest(files, org=SAMPLE_DIR / "org.yml", roster=SAMPLE_DIR / "roster.csv",
           mapping=SAMPLE_DIR / "mapping.yml").write(out)
    return kit.store.open(out)


@pytest.fixture(scope="module")
def surveys_only(tmp_path_factory):
    """The sample board's surveys without any observation or test export."""
    return _store(tmp_path_factory, "surveys", SURVEYS)


@pytest.fixture(scope="module")
def one_school_pupils(tmp_path_factory):
    """Every survey, but pupil data of school S01 only."""
    return _store(tmp_path_factory, "s01", SURVEYS + [SAMPLE_DIR / "S01_zien_groepsoverzicht.xlsx",
                                                      SAMPLE_DIR / "S01_cito_toetsen.csv"])


def test_no_aspiration_file(st):
    r = TeamReport(st, "S01", "S01-BB")
    assert r.aspiration_table().empty
    assert "geen bestand met het gezamenlijk verlangen" in r.indicators_html(r.aspiration_table())
    assert r.relations_notice() == r.aspiration_notice()


def test_aspiration_without_pupil_data_says_so_not_no_file(surveys_only, asp):
    assert surveys_only.table("observations").empty and surveys_only.table("tests").empty
    for lang, words in (("nl", "noemt 4 indicator(en), maar de gegevens bevatten geen "
                                "leerlinggegevens"),
                        ("en", "names 4 indicator(s), but the data hold no pupil data")):
        r = TeamReport(surveys_only, "S01", "S01-BB", aspiration=asp, lang=lang)
        html = r.indicators_html(r.aspiration_table())
        assert words in html and "kit ingest" in html
        assert "bestand" not in html and "file was given" not in html
        assert r.relations_table().empty and words in r.relations_notice()
    s = SchoolReport(surveys_only, "S02", aspiration=asp)
    assert "geen leerlinggegevens" in s.indicators_html(s.own_indicators())


def test_a_unit_without_pupil_data_this_wave(one_school_pupils, asp):
    r = TeamReport(one_school_pupils, "S02", "S02-U78", aspiration=asp)
    assert r.aspiration_table().empty
    assert r.aspiration_notice() == ("Voor meetmoment Najaar 2026 zijn er hier geen "
                                     "leerlinggegevens bij de indicatoren van het gezamenlijk "
                                     "verlangen.")
    # S01's teams have their values, and no footnote where every value is shown
    own = TeamReport(one_school_pupils, "S01", "S01-OB", aspiration=asp)
    table = own.aspiration_table()
    assert len(table) == 2 and table["value"].notna().all()
    assert own.indicator_note(table) is None and "kit-note" not in own.indicators_html(table)
    # 3 teams with pupil data: relations are computed, but too few teams for a value
    rel = own.relations_rows()
    assert set(rel["n_teams"]) <= {1, 2, 3} and rel["r"].isna().all()
    assert set(own.relations_table()["r"]) == {"–"}


def test_hidden_indicator_values_are_explained(st, asp):
    r = TeamReport(st, "S04", "S04-PK", aspiration=asp)
    table = r.aspiration_table()
    # hidden: neither the value nor the number of pupils (8) is given out
    assert table["value"].isna().all() and table["n_pupils"].isna().all()
    html = r.indicators_html(table)
    assert '<p class="kit-note">' in html and "minder dan 10 leerlingen" in html
    s = SchoolReport(st, "S04", aspiration=asp, lang="en")
    per_team = s.team_indicators()
    plus = {v: k for k, v in per_team.attrs["labels"].items()}["Plusteam"]
    assert per_team[plus].isna().all()                 # shown as a dash
    assert "fewer than 10 pupils" in s.indicators_html(per_team)
    full = TeamReport(st, "S01", "S01-BB", aspiration=asp)
    assert full.indicator_note(full.aspiration_table()) is None


def test_board_report_is_titled_with_the_board_name(st):
    assert st.manifest["board_name"] == "Stichting Samen Leren"
    assert BoardReport(st).unit_name == "Stichting Samen Leren"


def test_old_store_without_board_name_falls_back_to_its_id(sample_store_path):
    old = kit.store.open(sample_store_path)                 # its own copy: changed below
    old.manifest = {k: v for k, v in old.manifest.items() if k != "board_name"}
    assert BoardReport(old).unit_name == "BRD01"


def test_current_indicators_carry_within_a_school_year_only():
    from kit.analysis import BoardAnalysis

    class Store:
        waves = pd.DataFrame({"wave": ["w1", "w2", "w3", "w4"], "order": [0, 1, 2, 3],
                              "start": pd.to_datetime(["2025-09-01", "2026-02-01",
                                                       "2026-09-01", None])})
    a = BoardAnalysis(Store(), aspiration=object())
    rows = [("lezen", "w1", 0.5), ("bt", "w1", 2.8), ("bt", "w2", 2.9), ("bt", "w4", 3.0)]
    a.__dict__["indicators"] = pd.DataFrame(
        [{"indicator": i, "unit_level": "team", "unit": "T1", "period": p, "value": v}
         for i, p, v in rows])
    cur = a.current_indicators
    got = {(r.indicator, r.period): (r.measured, r.value) for r in cur.itertuples()}
    # January's test reported in spring; nothing carried into a new school year (w3) or
    # into a wave without a start date (w4), which shows only its own measurements
    assert got == {("lezen", "w1"): ("w1", 0.5), ("lezen", "w2"): ("w1", 0.5),
                   ("bt", "w1"): ("w1", 2.8), ("bt", "w2"): ("w2", 2.9),
                   ("bt", "w4"): ("w4", 3.0)}


def test_relations_section_is_compact_with_one_note(st, asp):
    # the spring wave: all four indicators measured in its school year (reading with 4 teams)
    r = TeamReport(st, "S01", "S01-BB", aspiration=asp, wave="2026-voorjaar")
    full, compact = r.relations_table(), r.relations_table(compact=True)
    assert len(full) == len(compact) == 5 * 4
    data = compact[(compact["Gewoonte"] == r._label("H3")) &
                   (compact["Indicator"] == "Betrokkenheid (ZIEN!)")].iloc[0]
    assert data["Teams"] == "12" and data["Toelichting"] == "sterk positief verband"
    assert re.fullmatch(r"0,\d\d", data["r"])                          # Dutch numbers
    assert re.fullmatch(r"0,\d\d – 0,\d\d", data["95%-interval"])
    rows = r.relations_rows(compact=True)
    assert set(rows.loc[rows["n_teams"] < 8, "wording"]) == {"te weinig teams (minimaal 8)"}
    # the full sentences stay available (dashboard), the report states the caveat once
    assert "geen bewijs van oorzaak" in full["Toelichting"].iloc[0]
    html = r.relations_html()
    assert html.count("geen bewijs van oorzaak") == 1 and '<table class="kit-table wide">' in html
    en = TeamReport(st, "S01", "S01-BB", aspiration=asp, lang="en",
                    wave="2026-voorjaar").relations_html()
    assert "strong positive association" in en and "not proof of cause" in en


def test_school_and_team_reports_list_only_their_schools_files(st):
    board = BoardReport(st)
    assert len(board.data_quality()) == 20 and board.source_files() is None
    school = SchoolReport(st, "S02")
    files = list(school.data_quality()["file"])
    assert list(school.present(school.data_quality()).columns) == [
        "Bestand", "Formaat", "Rijen", "Geaccepteerd", "Afgewezen"]
    assert files == ["S02_2025-najaar_googleforms.csv", "S02_2026-najaar_googleforms.csv",
                     "S02_2026-voorjaar_googleforms-excel.csv", "S02_cito_toetsen.csv",
                     "S02_zien_observaties.csv"]
    prov = TeamReport(st, "S02", "S02-U12").provenance({})
    named = [k for k in prov.iloc[:, 0] if k.endswith((".csv", ".xlsx"))]
    assert named == files


def _html_rows(html: str) -> list[list[str]]:
    import re
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
            for row in re.findall(r"<tr>(.*?)</tr>", html)]


def test_many_units_give_one_row_per_unit(st, asp, monkeypatch):
    import kit.reports.sections
    r = BoardReport(st, aspiration=asp)
    table = r.school_indicators()
    assert list(table.columns[5:]) == list(r.school_labels())              # ids, named in attrs
    assert table.attrs["labels"] == r.school_labels()
    narrow = _html_rows(r.indicators_html(table))
    assert narrow[0][3:] == list(r.school_labels().values())               # 4 schools: across
    monkeypatch.setattr(kit.reports.sections, "MAX_UNIT_COLUMNS", 3)
    wide = _html_rows(r.indicators_html(table))
    assert [row[0] for row in wide] == ["School", "Doel", "Gemeten",
                                        *r.school_labels().values()]
    assert wide[0][1:] == [row[0] for row in narrow[1:]]
    # the same values, transposed
    k = list(r.school_labels().values()).index("Het Kompas")
    assert wide[3 + k][1:] == [row[3 + k] for row in narrow[1:]]


def test_board_report_multilevel_models(st, asp):
    r = BoardReport(st, aspiration=asp)
    m = r.analysis.multilevel(r.wave)
    # the two mean indicators (ZIEN! observations) x five habits; shares are left out
    assert len(m) == 10 and set(m.indicator) == {"betrokkenheid", "sociale_autonomie"}
    assert (m.status == "ok").all() and (m.levels == 2).all()          # 4 schools: two levels
    # the teams of the relations across teams (suppressed teams and, for sociale autonomie,
    # the kleuter teams left out)
    rel = r.analysis.relations
    rel = rel[rel.wave == r.wave].set_index(["habit", "indicator"])["n_teams"]
    assert m.set_index(["habit", "indicator"])["n_teams"].to_dict() == rel.loc[
        [(h, i) for h, i in zip(m.habit, m.indicator, strict=True)]].to_dict()
    assert set(m.n_teams) == {12, 10}
    h3 = m[(m.habit == "H3") & (m.indicator == "betrokkenheid")].iloc[0]
    assert h3.ci_low > 0                                               # the planted relation
    table = r.multilevel_table()
    row = table[(table["habit"] == "H3") & (table["indicator"] == "betrokkenheid")].iloc[0]
    assert row["wording"] == "positief verband" and row["n_teams"] == 12
    shown = r.present(table)
    assert list(shown.columns) == ["Gewoonte", "Indicator", "Leerlingen", "Teams", "Helling",
                                   "95%-interval", "Toelichting"]
    html = r.multilevel_html()
    assert "Twee niveaus: met 4 scholen" in html and "geen bewijs van oorzaak" in html
    assert "geen bestand" in BoardReport(st).multilevel_html()
