"""Issue 15: the leader report. Its numbers against the sample board's truth, its privacy
(the team's view hidden below the threshold; a leader's answers in no other report), its
figure, its front doors (kit report --leader, kit batch --leaders) and the rendered notebook."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import kit.store
from kit import instrument
from kit.analysis.leadership import leader_gap, leaders_of
from kit.errors import ConfigError
from kit.reports.leader import LeaderReport, resolve_leader
from kit.reports.registry import ReportParameters, kind_of, output_path

ROOT = Path(__file__).resolve().parents[1]
TRUTH = json.loads((ROOT / "sample_data" / "truth.json").read_text(encoding="utf-8"))
W3 = "2026-najaar"


@pytest.fixture(scope="module")
def st(sample_store_path):
    return kit.store.open(sample_store_path)


def test_each_schools_director_is_found_with_the_true_gap(st):
    found = leaders_of(st.respondents, st.answers, wave=W3)
    assert found["school"].tolist() == ["S01", "S02", "S03", "S04"]
    assert set(found["scope"]) == {"school"} and (found["n_answered"] == 39).all()
    for row in found.itertuples():
        truth = TRUTH["leaders"][row.school][W3]
        g = leader_gap(st.respondents, st.answers, st.instrument, leader=row.respondent_id,
                       wave=W3)
        habit = g.iloc[0]
        assert habit["kind"] == "habit" and habit["habit"] == "H2"
        assert habit["leader_value"] == pytest.approx(truth["h2_own"], abs=1e-4)
        assert habit["mean"] == pytest.approx(truth["h2_team_mean"], abs=1e-4)
        assert habit["n"] == truth["h2_team_n"]
        assert habit["gap"] == pytest.approx(truth["h2_gap"], abs=1e-4)
        # the gap's interval: the team mean's interval moved by the leader's value
        assert habit["gap_ci_low"] == pytest.approx(habit["leader_value"] - habit["ci_high"])
        assert habit["gap_ci_high"] == pytest.approx(habit["leader_value"] - habit["ci_low"])
        items = g[g["kind"] == "item"]
        assert items["item"].tolist() == [i.id for i in st.instrument.habit("H2").items]
        mine = st.answers[(st.answers.respondent_id == row.respondent_id)
                          & (st.answers.wave == W3)].set_index("item")["value"]
        assert (items["leader_value"].to_numpy() == mine[items["item"]].to_numpy()).all()
    assert leaders_of(st.respondents, st.answers, wave="2026-voorjaar").empty


def test_team_view_hidden_below_the_threshold():
    inst = instrument.load()
    rng = np.random.default_rng(5)
    people = [("a", "leerkracht"), ("b", "leerkracht"), ("c", "leerkracht"),
              ("d", "directeur")]
    resp = pd.DataFrame([{"respondent_id": p, "board": "B", "school": "S", "team": "S-A",
                          "role": role, "wave": "W"} for p, role in people])
    ans = pd.DataFrame([{"respondent_id": p, "wave": "W", "item": i.id,
                         "value": float(rng.integers(1, 6))} for p, _ in people
                        for i in inst.items])
    g = leader_gap(resp, ans, inst, leader="d", wave="W")
    assert g["suppressed"].all() and g["mean"].isna().all() and g["gap"].isna().all()
    assert g["n"].isna().all()                      # not even the count of a hidden group
    assert g["leader_value"].notna().all()          # the leader's own answers are the report's
    with pytest.raises(Exception, match="no leader"):
        leader_gap(resp, ans, inst, leader="a", wave="W")


def test_a_leaders_answers_change_no_other_table(st):
    """The board's every table (what team, school and board reports and the dashboard show)
    is the same whatever the leaders answered, and the same without them."""
    from kit.analysis.board import BoardAnalysis
    from kit.reports.board import BoardReport
    from kit.reports.school import SchoolReport

    leaders = set(st.respondents.loc[st.respondents.role == "directeur", "respondent_id"])
    assert len(leaders) == 4

    class Changed:
        def __init__(self, base, answers, respondents):
            self._base, self.answers, self.respondents = base, answers, respondents

        def __getattr__(self, name):
            return getattr(self._base, name)

    flipped = st.answers.copy()
    mask = flipped.respondent_id.isin(leaders)
    flipped.loc[mask, "value"] = 6 - flipped.loc[mask, "value"]
    without = Changed(st, st.answers[~st.answers.respondent_id.isin(leaders)],
                      st.respondents[~st.respondents.respondent_id.isin(leaders)])
    stores = [st, Changed(st, flipped, st.respondents), without]
    tables = []
    for s in stores:
        a = BoardAnalysis(s, threshold=5)
        tables.append({"aggregates": a.aggregates, "hidden": a.hidden_together,
                       "dims": a.dimension_aggregates, "items": a.item_distributions,
                       "board_items": a.board_item_distributions, "changes": a.changes,
                       "reliability": a.reliability(W3), "units": a.gate.units,
                       "gate_items": a.gate.items})
    for other in tables[1:]:
        for k, frame in tables[0].items():
            pd.testing.assert_frame_equal(frame, other[k], obj=k)
    # the reports' own tables (the board's counts, a school's teams) from the same analysis
    a = BoardAnalysis(st, threshold=5)
    counts = BoardReport(st, lang="nl").counts()
    assert int(counts.loc[counts.what == "n", "detail"].iloc[0]) == int(
        a.aggregates.query("level == 'board' and wave == @W3")["n"].max())
    s1 = SchoolReport(st, "S01").team_table()
    assert s1.equals(SchoolReport(st, "S01").team_table())


def _tables(html: str) -> list[str]:
    """The report's tables but the provenance (its store folder and time differ)."""
    return [x for x in re.findall(r"<table.*?</table>", html, flags=re.S)
            if "sha256" not in x and "parameter " not in x]


def test_rendered_school_report_tables_ignore_the_leaders_answers(sample_store_path,
                                                                   tmp_path):
    from kit.reports.registry import KINDS
    from kit.reports.render import render
    changed = tmp_path / "changed"
    shutil.copytree(sample_store_path, changed)
    st = kit.store.open(sample_store_path)
    ans = st.answers.copy()
    leaders = st.respondents.loc[st.respondents.role == "directeur", "respondent_id"]
    mask = ans.respondent_id.isin(set(leaders))
    ans.loc[mask, "value"] = 6 - ans.loc[mask, "value"]
    ans.to_parquet(changed / "answers.parquet", index=False)
    assert kit.store.open(changed).answers.loc[mask.to_numpy(), "value"].sum() != \
        st.answers.loc[mask, "value"].sum()
    html = []
    for n, store in enumerate((sample_store_path, changed)):
        r = render(KINDS["school"].path, {"store": str(store), "school": "S01"},
                   tmp_path / f"out{n}", "school", pdf=False)
        html.append(r.html.read_text(encoding="utf-8"))
    first, second = _tables(html[0]), _tables(html[1])
    assert len(first) >= 5 and first == second
    assert "Margreet" not in html[0] and "Veldman" not in html[0]


def test_leader_report_content(st):
    r = LeaderReport(st, "S01", lang="nl")
    assert r.has_answers and r.notice_html() is None
    table = r.gap_table()
    assert list(table.columns)[:2] == ["Stelling", "Eigen antwoord"]
    assert table.iloc[0, 0] == "Op leren gericht leiderschap (de gewoonte)"
    assert table.iloc[1, 0].startswith("Ik ben rolmodel")       # the leader's own wording
    assert table.iloc[0, 1] == "3,92" and table.iloc[0, 5] == "+0,86"
    assert "teamleden van Basisschool De Linde" in r.scope_text()
    none = LeaderReport(st, "S01", wave="2026-voorjaar", lang="en")
    assert not none.has_answers and none.gap().empty and none.gap_figure() is None
    assert "no own answers of a leader" in none.notice_html()
    with pytest.raises(ConfigError, match="unknown school"):
        LeaderReport(st, "S99")


def test_gap_figure(st):
    fig = LeaderReport(st, "S03", lang="en").gap_figure()
    ax = fig.axes[0]
    assert ax.get_xlim() == pytest.approx((0.9, 5.1))
    assert [tx.get_text() for tx in ax.get_xticklabels()] == ["1", "2", "3", "4", "5"]
    label = " ".join(ax.get_xlabel().split())
    assert "1 = strongly disagree" in label and "5 = strongly agree" in label
    legend = [tx.get_text() for tx in ax.get_legend().get_texts()]
    assert sorted(legend) == ["The leader's own answer", "The team's view (mean, 95% interval)"]
    data = fig.kit_data
    assert len(data) == 13 and data["label"].iloc[0].startswith("Learning-oriented leadership")
    assert data["leader_value"].iloc[0] == pytest.approx(TRUTH["leaders"]["S03"][W3]["h2_own"],
                                                         abs=1e-4)
    nl = LeaderReport(st, "S03", lang="nl").gap_figure()
    assert "helemaal mee oneens" in " ".join(nl.axes[0].get_xlabel().split())


def test_registry_and_batch_plan(st, sample_store_path, tmp_path):
    p = ReportParameters(store="s", school="S01", leader=True, wave=W3)
    assert kind_of(p).name == "leader"
    assert output_path(p, "out").as_posix() == f"out/S01/leader_S01_{W3}_nl"
    assert "aspiration" not in ReportParameters(store="s", school="S01", leader=True,
                                                aspiration="a.yml").to_notebook()
    with pytest.raises(ConfigError):
        ReportParameters(store="s", school="S01", team="S01-BB", leader=True)
    assert resolve_leader(st, "S02") == ("S02", None)
    rid = leaders_of(st.respondents, st.answers, school="S04")["respondent_id"].iloc[0]
    assert resolve_leader(st, rid) == ("S04", rid)
    with pytest.raises(ConfigError, match="neither a school nor a leader"):
        resolve_leader(st, "Mr. X")
    from kit.reports.batch import BatchConfig, plan
    base = BatchConfig(store=Path(sample_store_path), out=tmp_path)
    assert not [j for j in plan(base) if j.kind == "leader"]
    base.leaders = True
    jobs = [j for j in plan(base) if j.kind == "leader"]
    assert [j.name for j in jobs] == [f"leader_S0{k}_nl" for k in range(1, 5)]
    assert all("aspiration" not in j.params for j in jobs)


def test_kit_report_leader_command(sample_store_path, tmp_path):
    cmd = [sys.executable, "-m", "kit.cli", "report", "--store", str(sample_store_path),
           "--leader", "S01", "--out", str(tmp_path), "--no-pdf"]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    html = (tmp_path / "S01" / "leader_S01_nl.html").read_text(encoding="utf-8")
    assert "Leiderschap: eigen beeld en het beeld van het team" in html
    assert "De leider is één persoon" in html and "Verschil (leider − team)" in html
    assert 'data-mime-type="image/svg+xml"' in html and "Woordenlijst" in html
    r = subprocess.run(cmd[:-3] + ["--wave", "2026-voorjaar", "--out", str(tmp_path),
                                   "--no-pdf", "--lang", "en"],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    html = (tmp_path / "S01" / "leader_S01_2026-voorjaar_en.html").read_text(encoding="utf-8")
    assert "no own answers of a leader" in html and 'data-mime-type="image/svg+xml"' not in html
    bad = subprocess.run(cmd[:-1] + ["--team", "S01-BB"], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert bad.returncode == 2 and "--leader renders" in bad.stderr
    assert "Traceback" not in bad.stderr
