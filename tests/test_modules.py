"""Optional modules of the instrument (issue 15, part 3): team psychological safety after
Edmondson (1999) beside the five habits: loading, reading at ingest, scoring with reverse keys,
the privacy gate, reliability against R's psych::alpha, reports and relations."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import kit.store
from kit import instrument as instrument_mod
from kit.analysis.modules import (
    MODULE_AGGREGATE_COLUMNS,
    has_module_answers,
    module_aggregate,
    module_reliability,
)
from kit.analysis.scoring import habit_scores, module_scores
from kit.errors import ConfigError
from kit.ingest.run import ingest

REF = Path(__file__).parent / "reference"
PS = [f"PS_0{k}" for k in range(1, 8)]
REVERSED = {"PS_01", "PS_03", "PS_05"}

ORG = """\
board: {id: B1, name: Testbestuur}
waves:
  - {id: 2025-najaar, label: {nl: Najaar 2025, en: Autumn 2025}, start: 2025-09-01, end: 2026-01-31}
schools:
  - id: S1
    name: School Een
    teams:
      - {id: S1-A, name: Team A, size: 10, groups: ["1"]}
      - {id: S1-B, name: Team B, size: 8, groups: ["2"]}
      - {id: S1-C, name: Team C, size: 8, groups: ["3"]}
      - {id: S1-D, name: Team D, size: 8, groups: ["4"]}
"""
LABELS = {1: "Helemaal oneens", 2: "Oneens", 3: "Niet eens/niet oneens", 4: "Eens",
          5: "Helemaal eens"}
#: team -> respondents; team D answers the habits but only 3 of its 6 answer the module
TEAMS = {"S1-A": 8, "S1-B": 6, "S1-C": 3, "S1-D": 6}


def _instrument_file(tmp_path: Path) -> Path:
    f = tmp_path / "instrument.yml"
    f.write_text(instrument_mod.DEFAULT_PATH.read_text(encoding="utf-8")
                 + "\nmodules: [psychological_safety]\n", encoding="utf-8")
    return f


def _export(path: Path, inst) -> dict:
    """A Google Forms CSV with the 39 statements and the 7 module items; returns the planted
    module answers per row (respondent order) as {row: {item: value}}."""
    items = list(inst.items) + list(inst.module_items)
    header = ["Tijdstempel", "In welk team werk je?"] + [
        f"Vragenlijst [{i.text('nl', 'team')}]" for i in items]
    rows, planted = [header], {}
    n = 0
    for team, count in TEAMS.items():
        for k in range(count):
            stamp = f"2025/10/{10 + n % 15:02d} 9:{n:02d}:00 a.m. CEST"
            habit = [LABELS[1 + (n + j) % 5] for j in range(len(inst.items))]
            if team == "S1-D" and k >= 3:
                mod = {i: None for i in PS}
            else:
                v = (4 if team == "S1-A" else 2) + k % 2     # the respondent's scale score
                mod = {i: 6 - v if i in REVERSED else v for i in PS}
            planted[n] = mod
            rows.append([stamp, team, *habit,
                         *[LABELS[v] if v else "" for v in mod.values()]])
            n += 1
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    return planted


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("modules")
    mp = pytest.MonkeyPatch()
    mp.setenv("KIT_PSEUDONYM_KEY", "test-key-" + "m" * 32)
    mp.delenv("KIT_PSEUDONYM_KEY_FILE", raising=False)
    data = tmp / "exports"
    data.mkdir()
    inst_file = _instrument_file(tmp)
    planted = _export(data / "gf_2025.csv", instrument_mod.load(inst_file))
    org = tmp / "org.yml"
    org.write_text(ORG, encoding="utf-8")
    mapping = tmp / "mapping.yml"
    mapping.write_text("sources:\n  - file: 'gf_*.csv'\n    school: S1\n    wave: 2025-najaar\n",
                       encoding="utf-8")
    res = ingest([data], org=org, mapping=mapping, instrument=inst_file)
    path = res.write(tmp / "store")
    yield kit.store.open(path), planted
    mp.undo()



def _reference_long() -> tuple[pd.DataFrame, dict]:
    wide = pd.read_csv(REF / "modules_ps_answers.csv")
    long = wide.melt(id_vars=["respondent_id", "team"], value_vars=PS, var_name="item",
                     value_name="value").assign(wave="w1")
    ref = json.loads((REF / "modules_reference.json").read_text(encoding="utf-8"))
    return long[["respondent_id", "wave", "item", "value", "team"]], ref


# ------------------------------------------------------------------------- the instrument

def test_the_default_instrument_has_no_modules():
    inst = instrument_mod.load()
    assert inst.modules == () and inst.module_items == () and len(inst.all_items) == 39


def test_psychological_safety_module_is_edmondson_1999():
    inst = instrument_mod.load(modules=["psychological_safety"])
    assert len(inst.items) == 39                   # the habits are untouched
    mod = inst.module("psychological_safety")
    assert [i.id for i in mod.items] == PS
    assert {i.id for i in mod.items if i.reverse} == REVERSED
    assert "Edmondson" in mod.source and "1999" in mod.source
    assert "Administrative Science Quarterly, 44(2), 350-383" in mod.source
    assert inst.item("PS_04").en == "It is safe to take a risk on this team."
    assert inst.match_statement("Het is veilig om in dit team een risico te nemen").id == "PS_04"
    assert inst.match_statement(
        "Vraag [If you make a mistake on this team, it is often held against you.]").id == "PS_01"
    assert [h.id for h in inst.module_view().habits] == ["PS"]
    assert instrument_mod.builtin_modules() == ["psychological_safety"]


def test_a_board_adds_its_own_module_without_code(tmp_path):
    f = tmp_path / "visie.yml"
    f.write_text(
        "id: shared_vision\nname: {nl: Gedeelde visie, en: Shared vision}\n"
        "source: Eigen schaal van het bestuur (2025).\nscales:\n"
        "  - id: GV\n    name: {nl: Gedeelde visie, en: Shared vision}\n    items:\n"
        "      - {id: GV_01, nl: 'Wij weten waar onze school naartoe wil.', "
        "en: 'We know where our school is heading.'}\n"
        "      - {id: GV_02, reverse: true, nl: 'Ieder werkt aan een eigen doel.', "
        "en: 'Everyone works towards a goal of their own.'}\n", encoding="utf-8")
    inst_file = tmp_path / "instrument.yml"
    inst_file.write_text(instrument_mod.DEFAULT_PATH.read_text(encoding="utf-8")
                         + "\nmodules: [psychological_safety, visie.yml]\n", encoding="utf-8")
    inst = instrument_mod.load(inst_file)
    assert [m.id for m in inst.modules] == ["psychological_safety", "shared_vision"]
    assert inst.item("GV_02").reverse and inst.item("GV_02").habit == "GV"
    # also named on the command line / by the caller, and named twice counts once
    assert [m.id for m in instrument_mod.load(modules=[f, f]).modules] == ["shared_vision"]


@pytest.mark.parametrize("text, words", [
    ("id: x\nname: {nl: X, en: X}\nsource: S\nscales:\n  - id: H1\n    name: {nl: a, en: a}\n"
     "    items:\n      - {id: X_01, nl: 'een tekst hier', en: 'a text here'}\n"
     "      - {id: X_02, nl: 'nog een tekst', en: 'another text'}\n", "already a habit"),
    ("id: x\nname: {nl: X, en: X}\nscales: []\n", "source"),
    ("id: x\nname: {nl: X, en: X}\nsource: S\nscales:\n  - id: X\n    name: {nl: a, en: a}\n"
     "    items:\n      - {id: H1_01, nl: 'een tekst hier', en: 'a text here'}\n"
     "      - {id: X_02, nl: 'nog een tekst', en: 'another text'}\n", "used twice"),
    ("id: x\nname: {nl: X, en: X}\nsource: S\nscales:\n  - id: X\n    name: {nl: a, en: a}\n"
     "    items:\n      - {id: X_01, reverse: ja, nl: 'een tekst hier', en: 'a text here'}\n"
     "      - {id: X_02, nl: 'nog een tekst', en: 'another text'}\n", "true or false"),
])
def test_a_bad_module_file_is_one_clear_message(tmp_path, text, words):
    f = tmp_path / "bad.yml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=words) as e:
        instrument_mod.load(modules=[f])
    assert "bad.yml" in str(e.value)


def test_an_unknown_module_names_the_known_ones():
    with pytest.raises(ConfigError, match="psychological_safety"):
        instrument_mod.load(modules=["veiligheid"])


# --------------------------------------------------------------- scoring against R psych

def test_reverse_keying_and_scores_match_r():
    long, ref = _reference_long()
    inst = instrument_mod.load(modules=["psychological_safety"])
    s = module_scores(long, inst).set_index("respondent_id")
    assert set(s["module"]) == {"psychological_safety"} and set(s["scale"]) == {"PS"}
    got = s.loc[ref["respondent_id"], "score"].to_numpy(float)
    want = np.array([np.nan if v is None else v for v in ref["score"]], float)
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-12, equal_nan=True)
    assert np.isnan(s.loc["R11", "score"]) and s.loc["R11", "n_answered"] == 4


def test_alpha_matches_r_psych():
    long, ref = _reference_long()
    inst = instrument_mod.load(modules=["psychological_safety"])
    rel = module_reliability(long, inst)
    assert list(rel["scale"]) == ["PS"] and int(rel["k"].iloc[0]) == 7
    assert int(rel["n"].iloc[0]) == ref["n"]
    assert rel["alpha"].iloc[0] == pytest.approx(ref["raw_alpha"], abs=1e-10)
    assert rel["alpha_ci_low"].iloc[0] < ref["raw_alpha"] < rel["alpha_ci_high"].iloc[0]


def test_without_reverse_keys_alpha_would_differ():
    """The reverse keys matter: read as positive, the scale's alpha collapses."""
    long, ref = _reference_long()
    from dataclasses import replace
    inst = instrument_mod.load(modules=["psychological_safety"])
    mod = inst.modules[0]
    flat = replace(mod, scales=tuple(replace(s, items=tuple(replace(i, reverse=False)
                                                            for i in s.items))
                                     for s in mod.scales))
    rel = module_reliability(long, replace(inst, modules=(flat,)))
    assert rel["alpha"].iloc[0] < ref["raw_alpha"] - 0.5


# ------------------------------------------------------------- a store with module answers

def test_ingest_reads_the_module_items_by_their_text(store):
    st, planted = store
    assert [m.id for m in st.instrument.modules] == ["psychological_safety"]
    a = st.answers
    mod = a[a["item"].isin(PS)]
    assert len(a) == sum(TEAMS.values()) * 46
    # every planted module answer is stored (raw, not reversed), blanks as missing
    n_given = sum(v is not None for row in planted.values() for v in row.values())
    assert int(mod["value"].notna().sum()) == n_given
    assert set(mod["value"].dropna().astype(int)) <= {1, 2, 3, 4, 5}


def test_module_scores_in_the_store_undo_the_reverse_keys(store):
    st, _ = store
    s = module_scores(st.answers, st.instrument).merge(st.respondents[["respondent_id", "team"]])
    scored = s.dropna(subset=["score"])
    # every item of a respondent was planted so that, reverse keys undone, it equals the score
    assert set(scored["score"]) <= {2.0, 3.0, 4.0, 5.0}
    assert set(scored.loc[scored.team == "S1-A", "score"]) == {4.0, 5.0}
    assert set(scored.loc[scored.team == "S1-B", "score"]) == {2.0, 3.0}
    assert len(scored) == 8 + 6 + 3 + 3
    # the habits' scores do not change with module answers in the store
    only_habits = st.answers[~st.answers["item"].isin(PS)]
    pd.testing.assert_frame_equal(habit_scores(st.answers, st.instrument),
                                  habit_scores(only_habits, st.instrument))


def test_module_aggregates_pass_the_privacy_gate(store):
    st, _ = store
    agg = module_aggregate(st.respondents, st.answers, st.instrument, teams=st.teams)
    assert list(agg.columns) == MODULE_AGGREGATE_COLUMNS
    by = agg.set_index("unit")
    assert not by.loc["S1-A", "suppressed"] and by.loc["S1-A", "n"] == 8
    assert by.loc["S1-A", "mean"] == pytest.approx(4.5)
    assert by.loc["S1-B", "mean"] == pytest.approx(2.5)
    assert by.loc["S1-A", "rwg_j"] > 0.8            # members agree within one point
    # team C has 3 respondents, team D 6 of whom only 3 answered the module: both hidden
    for team in ("S1-C", "S1-D"):
        assert by.loc[team, "suppressed"] and np.isnan(by.loc[team, "mean"])
    # ... while team D's habits are shown (its 6 answered them)
    from kit.analysis.teams import aggregate
    habits = aggregate(st.respondents, st.answers, st.instrument, teams=st.teams)
    assert not habits[habits.unit == "S1-D"]["suppressed"].any()
    school = module_aggregate(st.respondents, st.answers, st.instrument, level="school")
    # the school's module mean would reveal the hidden teams' mean with A and B shown: the gate's
    # complementary hiding decides, as for the habits
    assert len(school) == 1 and school["n"].iloc[0] == 20


def test_a_store_without_module_answers_has_no_module_rows(store, tmp_path):
    st, _ = store
    habits_only = st.answers[~st.answers["item"].isin(PS)]
    assert has_module_answers(st.answers, st.instrument)
    assert not has_module_answers(habits_only, st.instrument)
    assert not has_module_answers(st.answers, instrument_mod.load())
    assert module_aggregate(st.respondents, habits_only, st.instrument).empty
    assert module_reliability(habits_only, st.instrument).empty


# ---------------------------------------------------- surveys made by the kit, with a module

def _lss_tables(path) -> dict[str, list[dict]]:
    import xml.etree.ElementTree as ET
    root = ET.parse(path).getroot()
    return {table.tag: [{c.tag: (c.text or "") for c in row} for row in table.iter("row")]
            for table in root if table.find("rows") is not None}


def test_export_asks_the_module_only_when_the_board_asks(tmp_path):
    from kit.ingest.org import load_org
    from kit.instrument.export import build, export_survey
    org = tmp_path / "org.yml"
    org.write_text(ORG, encoding="utf-8")
    plain = build(instrument_mod.load(), load_org(org), "2025-najaar")
    assert [g.habit for g in plain.grids] == ["H1", "H2", "H3", "H4", "H5"]
    asked = build(instrument_mod.load(modules=["psychological_safety"]), load_org(org),
                  "2025-najaar", lang="en")
    assert [g.habit for g in asked.grids][-1] == "PS"
    assert asked.grids[-1].statements[3].text == "It is safe to take a risk on this team."
    lss = export_survey("lss", org=org, wave="2025-najaar", out=tmp_path / "s.lss",
                        modules=["psychological_safety"])
    tb = _lss_tables(lss)
    subs = {sq["title"] for sq in tb["subquestions"]}
    assert {f"PS0{k}" for k in range(1, 8)} <= subs and len(subs) == 46
    assert "PS" in {q["title"] for q in tb["questions"]}
    plain_lss = export_survey("lss", org=org, wave="2025-najaar", out=tmp_path / "p.lss")
    assert len(_lss_tables(plain_lss)["subquestions"]) == 39


def test_module_round_trip_through_limesurvey_without_a_mapping(tmp_path, monkeypatch):
    """org.yml asks the module; the .lss has it; a LimeSurvey response export (question codes)
    is read back without a mapping file, the module answers exactly as given."""
    import html

    from kit.cli import main
    monkeypatch.setenv("KIT_PSEUDONYM_KEY", "test-key-" + "r" * 32)
    monkeypatch.delenv("KIT_PSEUDONYM_KEY_FILE", raising=False)
    org = tmp_path / "org.yml"
    org.write_text(ORG + "modules: [psychological_safety]\n", encoding="utf-8")
    assert main(["instrument", "export", "--format", "lss", "--org", str(org), "--wave",
                 "2025-najaar", "--out", str(tmp_path / "s.lss")]) == 0
    tb = _lss_tables(tmp_path / "s.lss")
    text = {r["qid"]: html.unescape(r["question"]) for r in tb["question_l10ns"]}
    codes = {q["qid"]: q["title"] for q in tb["questions"]}
    label = {r["aid"]: html.unescape(r["answer"]) for r in tb["answer_l10ns"]}
    choice = {}
    for a in tb["answers"]:
        choice.setdefault(codes[a["qid"]], {})[label[a["aid"]]] = a["code"]
    inst = instrument_mod.load(modules=["psychological_safety"])
    by_text = {i.text("nl", "team"): i.id for i in inst.all_items}
    heads = {by_text[text[sq["qid"]]]: f"{codes[sq['parent_qid']]}[{sq['title']}]"
             for sq in tb["subquestions"]}
    team_code = next(c for lb, c in choice["team"].items() if lb.endswith("Team A"))
    role_code = next(c for lb, c in choice["role"].items() if "leerkracht" in lb.lower())
    items = [i.id for i in inst.all_items]
    rows = [["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp",
             "team", "role", *(heads[i] for i in items)]]
    given = {}
    for k in range(1, 6):                       # 5 different responses (no duplicates)
        stamp = f"2025-10-0{k} 10:00:00"
        vals = {i: (k + n) % 5 + 1 for n, i in enumerate(items)}
        vals["PS_02"] = None if k == 3 else vals["PS_02"]
        given[str(k)] = vals
        rows.append([str(k), stamp, "7", "nl", str(1000 + k), stamp, stamp, team_code,
                     role_code, *("" if vals[i] is None else str(vals[i]) for i in items)])
    path = tmp_path / "results-survey.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";", quoting=csv.QUOTE_ALL,
                   lineterminator="\r\n").writerows(rows)
    assert main(["ingest", str(path), "--org", str(org), "--out", str(tmp_path / "store"),
                 "--quiet"]) == 0
    st = kit.store.open(tmp_path / "store")
    assert [m.id for m in st.instrument.modules] == ["psychological_safety"]   # self-contained
    wide = st.answers.pivot(index="respondent_id", columns="item", values="value")
    resp = st.respondents.set_index("source_row")
    assert len(resp) == 5, sorted(resp.index)
    for k, vals in given.items():
        got = wide.loc[resp.loc[int(k) + 1, "respondent_id"]]
        for i in PS:
            want = vals[i]
            assert (np.isnan(got[i]) if want is None else got[i] == want), (k, i)


# ------------------------------------------------------------------ reports and relations

def test_reports_show_the_module_section_with_the_gate(store):
    from kit.reports.board import BoardReport
    from kit.reports.school import SchoolReport
    from kit.reports.team import TeamReport
    st, _ = store
    rep = TeamReport(st, school="S1", team="S1-A")
    html = rep.modules_html()
    assert "Psychologische veiligheid" in html and "Edmondson" in html
    table = rep.module_table()
    assert list(table["Groep"]) == ["Team A", "School Een", "Bestuur"]
    assert table["Gemiddelde"].iloc[0] == "4,50"
    assert "Cronbachs alfa" in html
    hidden = TeamReport(st, school="S1", team="S1-C", lang="en").module_table()
    assert hidden["Mean"].iloc[0] == "–" and "fewer than" in hidden["n"].iloc[0]
    school = SchoolReport(st, school="S1").module_table()
    assert list(school["Groep"]) == ["School Een", "Team A", "Team B", "Team C", "Team D",
                                     "Bestuur"]
    assert list(school.loc[school["Groep"].isin(["Team C", "Team D"]), "Gemiddelde"]) == \
        ["–", "–"]
    board = BoardReport(st).module_table()
    assert list(board["Groep"]) == ["Bestuur", "School Een"]


def test_no_module_section_for_the_sample_board():
    from kit.reports.team import TeamReport
    from kit.sample import sample_store
    st = kit.store.open(sample_store())
    assert not has_module_answers(st.answers, st.instrument)
    rep = TeamReport(st, school="S01", team="S01-BB")
    assert rep.modules_html() == "" and rep.module_table().empty


def test_module_scales_are_predictors_beside_the_habits():
    from kit.analysis.relations import team_relations, with_module_scales
    from kit.analysis.teams import AGGREGATE_COLUMNS
    rng = np.random.default_rng(7)
    teams = [f"T{k:02d}" for k in range(10)]
    ps = rng.normal(3.5, 0.5, 10)
    base = {"level": "team", "school": "S", "wave": "w", "n": 6, "suppressed": False,
            "suppression": None}
    habits = pd.DataFrame([{**base, "unit": u, "habit": "H1", "mean": m}
                           for u, m in zip(teams, rng.normal(3, 0.4, 10), strict=True)]
                          ).reindex(columns=AGGREGATE_COLUMNS)
    mods = pd.DataFrame([{**base, "module": "psychological_safety", "unit": u, "scale": "PS",
                          "mean": m} for u, m in zip(teams, ps, strict=True)]
                        ).reindex(columns=MODULE_AGGREGATE_COLUMNS)
    ind = pd.DataFrame({"unit": teams, "period": "w", "indicator": "reading",
                        "value": 2 * ps + rng.normal(0, 0.2, 10), "suppressed": False})
    both = with_module_scales(habits, mods)
    assert list(both.columns) == AGGREGATE_COLUMNS and set(both["habit"]) == {"H1", "PS"}
    assert with_module_scales(habits, mods.iloc[0:0]) is habits
    rel = team_relations(both, ind, n_boot=200).set_index("habit")
    assert rel.loc["PS", "n_teams"] == 10 and rel.loc["PS", "status"] == "ok"
    assert rel.loc["PS", "pearson_r"] == pytest.approx(np.corrcoef(ps, ind["value"])[0, 1])


def test_the_template_module_loads_and_a_store_keeps_modules_inline(tmp_path):
    from kit.ingest.org import load_org
    root = Path(__file__).resolve().parents[1] / "templates"
    inst = instrument_mod.load(modules=["psychological_safety", root / "module.example.yml"])
    assert [m.id for m in inst.modules] == ["psychological_safety", "own_scale_example"]
    text = instrument_mod.bundled_yaml(inst)
    again = tmp_path / "instrument.yml"
    again.write_text(text, encoding="utf-8")
    back = instrument_mod.load(again)                 # no module file needed any more
    assert [i.id for i in back.module_items] == [i.id for i in inst.module_items]
    assert [i.reverse for i in back.module_items] == [i.reverse for i in inst.module_items]
    assert back.module("psychological_safety").source == inst.module("psychological_safety").source
    assert instrument_mod.bundled_yaml(instrument_mod.load()) is None
    # org.yml names modules relative to itself
    org = tmp_path / "org.yml"
    (tmp_path / "mods").mkdir()
    (tmp_path / "mods" / "eigen.yml").write_text(
        (root / "module.example.yml").read_text(encoding="utf-8"), encoding="utf-8")
    org.write_text(ORG + "modules: [psychological_safety, mods/eigen.yml]\n", encoding="utf-8")
    refs = load_org(org).modules
    assert refs[0] == "psychological_safety" and Path(refs[1]).is_file()
    org.write_text(ORG + "modules: psychological_safety\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="modules"):
        load_org(org)


# ------------------------------------------------------------------------- the dashboard

def test_the_dashboard_shows_the_modules_as_the_reports_do(store, tmp_path):
    """A store with module answers gets a sixth view with the report's module table (team,
    school, board); a team whose module answers are too few shows the scale hidden, a hidden
    team only its notice. (The sample board, without modules, keeps five views:
    tests/test_dashboard.py.)"""
    from kit.dashboard import BoardData, Dashboard
    st, _ = store
    board = BoardData(st)
    assert board.views[-1] == "modules" and len(board.views) == 6
    dash = Dashboard(board, school="S1", team="S1-A", out=tmp_path)
    assert ("Aanvullende schalen", "modules") in dash.views.options
    view = dash.select(view="modules")
    report = board.report("S1", "S1-A", board.waves[-1], "nl")
    pd.testing.assert_frame_equal(view.table, report.module_table())
    units = view.table["Groep"].tolist()
    assert {"Team A", "School Een", "Bestuur"} <= set(units)
    assert "Edmondson" in " ".join(view.text) and not view.suppressed
    row = view.table[view.table["Groep"] == "Team A"].iloc[0]
    assert row["n"] == "8" and row["Gemiddelde"] != "–"
    few = dash.select(team="S1-D")                     # 6 respondents, 3 module answers
    row = few.table[few.table["Groep"] == "Team D"].iloc[0]
    assert "minder dan" in row["n"] and row["Gemiddelde"] in ("", "–")
    hidden = dash.select(team="S1-C")                  # 3 respondents: the team is hidden
    assert hidden.suppressed and hidden.table is None and hidden.notice
    english = dash.select(lang="en", team="S1-A")
    assert english.title.startswith("Team A: additional scales")
