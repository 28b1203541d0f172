"""The study-day dashboard in-process (no browser): widgets change what is shown, the numbers
are the report's, a suppressed team shows its notice and no numbers, "save this view" writes
PNG and HTML, and a bad store gives a message instead of a traceback."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import kit.store  # noqa: E402
from kit.dashboard import (  # noqa: E402
    VIEWS,
    BoardData,
    Dashboard,
    Problem,
    View,
    dashboard,
    save_view,
)
from kit.errors import ArgumentError, KitError, StoreError  # noqa: E402
from kit.present.reflection import general_questions  # noqa: E402
from kit.reports.team import TeamReport  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SMALL = ("S04", "S04-PK")           # 3 respondents in the sample board: below the threshold
COMPLEMENTARY = ("S04", "S04-OB")   # hidden so that S04-PK cannot be worked out


# `st` and `asp`, the sample board's store and aspiration, come from conftest.py (which also
# closes the figures after each test)
@pytest.fixture(scope="module")
def board(st, asp):
    return BoardData(st, asp)


@pytest.fixture
def dash(board, tmp_path):
    return Dashboard(board, out=tmp_path / "views")


def _report(store, aspiration, school, team, wave=None, lang="nl"):
    return TeamReport(store, school, team, wave=wave, lang=lang, aspiration=aspiration)


def _plain(html: str) -> str:
    """The text of an HTML fragment without tags and without embedded images."""
    html = re.sub(r'src="data:[^"]*"', "", html)
    html = re.sub(r'data-values="[^"]*"', "", html)
    return re.sub(r"<[^>]+>", " ", html)


def test_sample_board_has_the_small_team(st):
    a = _report(st, None, *SMALL)
    # the notice says "fewer than 5" in words, never the team's own count (3)
    assert a.suppressed and "minder dan 5" in a.notice() and "3" not in a.notice()
    assert _report(st, None, *COMPLEMENTARY).suppressed


def test_first_view_is_the_first_team_with_the_report_numbers(dash, st, asp):
    s = dash.selection
    assert s["view"] == "overview" and s["lang"] == "nl" and s["wave"] == dash.board.waves[-1]
    report = _report(st, asp, s["school"], s["team"])
    view = dash.view
    assert report.team_name in view.title
    pd.testing.assert_frame_equal(view.table, report.present(report.summary()))
    own = report.own.set_index("habit")["mean"]
    shown = {(v["unit"], v["habit"]): v["mean"] for v in view.values}
    for habit, mean in own.items():
        assert shown[(report.team_name, habit)] == pytest.approx(mean, abs=1e-4)
    assert 'class="kit-figure"' in dash.box.value and "data:image/svg+xml;base64" in dash.box.value


def test_team_change_changes_title_table_and_figure_data(dash, st, asp):
    before = dash.view
    after = dash.select(team="S01-MB")
    report = _report(st, asp, "S01", "S01-MB")
    assert after is dash.view and after.team == "S01-MB"
    assert report.team_name in after.title and after.title != before.title
    assert after.values != before.values
    pd.testing.assert_frame_equal(after.table, report.present(report.summary()))
    assert report.team_name in dash.box.value and 'data-team="S01-MB"' in dash.box.value


def test_school_change_offers_its_teams(dash, board):
    dash.select(school="S02")
    assert [v for _, v in dash.team.options] == list(board.teams["S02"])
    assert dash.team.value == next(iter(board.teams["S02"]))
    assert dash.view.team == dash.team.value


def test_habit_change_redraws_the_aspects(dash, st, asp):
    first = dash.select(team="S01-BB", view="aspects", habit="H1")
    second = dash.select(habit="H3")
    assert {v["item"][:2] for v in first.values} == {"H1"}
    assert {v["item"][:2] for v in second.values} == {"H3"}
    assert first.title != second.title and dash.habit.layout.display == ""
    report = _report(st, asp, "S01", "S01-BB")
    items = report.item_aggregates
    items = items[(items.wave == report.wave) & (items.habit == "H3")].set_index("item")
    for v in second.values:
        assert v["mean"] == pytest.approx(items.at[v["item"], "mean"], abs=1e-4)
        assert v["share_5"] == pytest.approx(items.at[v["item"], "share_5"], abs=1e-4)
    assert dash.select(view="overview") and dash.habit.layout.display == "none"


def test_aspiration_and_relations_are_the_report_tables(dash, st, asp):
    # the spring wave: its school year's tests give the share indicators a value
    report = _report(st, asp, "S01", "S01-BB", wave="2026-voorjaar")
    view = dash.select(team="S01-BB", wave="2026-voorjaar", view="aspiration")
    pd.testing.assert_frame_equal(view.table, report.present(
        report.shares_as_percent(report.aspiration_table()), signed_cols=("trend",)))
    assert any(str(v).endswith("%") for v in view.table.iloc[:, 1])     # shares as percent
    assert {v["indicator"] for v in view.values} <= {i.id for i in asp.indicators}
    view = dash.select(view="relations", habit="H2")
    rel = report.relations_table()
    rel = rel[rel[rel.columns[0]] == report._label("H2")]
    assert view.table.astype(object).fillna("–").to_numpy().tolist() == \
        rel[rel.columns[1:-1]].astype(object).fillna("–").to_numpy().tolist()
    assert any(s in view.text for s in rel[rel.columns[-1]])
    assert "S01-BB" in {v["team"] for v in view.values}
    dash.select(wave=st.waves.sort_values("order")["wave"].iloc[-1])   # back to the latest


def test_reflection_questions_are_the_report_questions(dash, st, asp):
    view = dash.select(team="S01-BB", view="reflection")
    assert view.text == _report(st, asp, "S01", "S01-BB").reflection()
    assert '<ol class="kit-text">' in dash.box.value


@pytest.mark.parametrize("school,team", [SMALL, COMPLEMENTARY])
def test_suppressed_team_shows_why_and_no_numbers(dash, st, asp, school, team):
    report = _report(st, asp, school, team)
    notice = report.notice()
    dash.select(school=school, team=team)
    # the pupil indicators are shown as in the team report (their own pupil threshold holds)
    view = dash.select(view="aspiration")
    assert not view.suppressed and view.table.equals(
        report.present(report.aspiration_table(), signed_cols=("trend",)))
    for key in [v for v in VIEWS if v != "aspiration"]:
        view = dash.select(view=key)
        assert view.notice == notice and view.suppressed
        assert view.svg is None and view.table is None and view.data is None
        if key == "reflection":     # the article's questions, without a number
            assert view.text == report.reflection() == general_questions("nl")
        else:
            assert not view.values and not view.text
        html = dash.box.value
        assert "kit-notice" in html and "kit-figure" not in html and "kit-table" not in html
        digits = set(re.findall(r"\d+(?:[.,]\d+)?", _plain(html)))
        assert digits <= set(re.findall(r"\d+", notice + view.title)), digits


def test_a_habit_suppressed_for_the_team_is_not_drawn(dash, board, st):
    # S02-U12 had 4 valid respondents on one habit in the first wave: that habit is hidden
    first = board.waves[0]
    report = _report(st, None, "S02", "S02-U12", wave=first)
    hidden = set(report.own.loc[report.own["suppressed"], "habit"])
    assert hidden and not report.suppressed
    view = dash.select(school="S02", team="S02-U12", wave=first)
    drawn = {v["habit"] for v in view.values if v["unit"] == report.team_name}
    assert drawn and not drawn & hidden
    assert all(v["mean"] is not None for v in view.values)
    # the hidden habit keeps its row in the table, with no number of its own
    assert len(view.table) == 5
    hidden_rows = view.table[view.table["Gewoonte"].isin(
        [st.instrument.habit(h).label("nl") for h in hidden])]
    assert (hidden_rows["Gemiddelde"] == "–").all()
    assert set(hidden_rows["n"]) <= {"minder dan 5", "verborgen"}
    # its aspects view says why, and draws and lists nothing
    habit = sorted(hidden)[0]
    aspects = dash.select(school="S02", team="S02-U12", wave=first, view="aspects", habit=habit)
    assert aspects.notice == report.habit_note(habit) and "minder dan 5" in aspects.notice
    assert aspects.svg is None and aspects.table is None and not aspects.values


def test_relations_figure_singles_out_this_team_only(dash):
    view = dash.select(team="S01-BB", view="relations", habit="H1")
    fig = view.figure()
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert axes and all(len(ax.collections) == 2 for ax in axes)     # other teams, this team
    assert {tx.get_text() for ax in axes for tx in ax.texts} == {"Bovenbouw"}
    from kit.dashboard.views import relations_figure
    pts = pd.DataFrame({"unit": ["A", "B"], "indicator": "x", "x": [3.0, 4.0], "y": [1.0, 2.0]})
    ind = dash.board.aspiration.indicators[0]
    fig = relations_figure(pts.assign(indicator=ind.id), [ind], habit_label="h",
                           highlight="Z", highlight_label="Z")
    assert len(fig.axes[0].collections) == 1 and not fig.axes[0].texts


def test_relations_view_names_only_this_team_and_leaves_suppressed_teams_out(
        dash, st, asp):
    view = dash.select(team="S01-BB", view="relations", habit="H1")
    assert {v["team"] for v in view.values} == {"S01-BB", None}
    assert "Bovenbouw" in set(view.data["Team"]) and "ander team" in set(view.data["Team"])
    others = {n for school in dash.board.teams.values() for n in school.values()} - {"Bovenbouw"}
    assert not others & set(view.data["Team"])
    # as many points per indicator as the report's relation counts teams (no suppressed team)
    rel = _report(st, asp, "S01", "S01-BB").relations_rows()
    rel = rel[(rel["habit"] == "H1") & rel["r"].notna()]
    counts = pd.Series([v["indicator"] for v in view.values]).value_counts()
    expected = dict(zip(rel["indicator"], rel["n_teams"], strict=True))
    assert len(rel) and expected == counts.to_dict()


def test_language_switch(dash):
    nl = dash.view
    en = dash.select(lang="en")
    assert "five habits" in en.title and nl.title != en.title
    assert dash.views.value == "overview" and dash.views.options[0][0] == "The five habits"
    assert dash.team.description == "Team" and dash.save_button.description == "Save this view"
    assert "Numbers behind the figure" in dash.box.value
    assert dash.select(lang="nl").title == nl.title


def test_a_board_without_modules_keeps_its_five_views(dash, board):
    assert board.views == VIEWS
    assert [v for _label, v in dash.views.options] == list(VIEWS)


def test_widgets_are_findable_by_class(dash):
    for control, cls in ((dash.school, "kit-school"), (dash.team, "kit-team"),
                         (dash.wave, "kit-wave"), (dash.habit, "kit-habit"),
                         (dash.lang, "kit-lang"), (dash.views, "kit-views"),
                         (dash.box, "kit-view-box"), (dash.save_button, "kit-save"),
                         (dash.status, "kit-status"), (dash.widget, "kit-dashboard")):
        assert cls in control._dom_classes


def test_save_this_view_writes_png_and_html(dash, tmp_path):
    dash.select(team="S01-BB", view="aspects", habit="H2")
    png, page = dash.save()
    assert png.parent == tmp_path / "views" and png.name.startswith("S01-BB-aspects-")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert page.with_suffix(".png") == png
    text = page.read_text(encoding="utf-8")
    assert "data:image/png;base64," in text and '<table class="kit-table' in text
    assert str(png) in dash.status.value and str(page) in dash.status.value
    # a view without a figure is saved as text, and a second save does not overwrite
    dash.select(view="reflection")
    a, b = dash.save(), dash.save()
    assert a[0] != b[0] and all(p.is_file() for p in (*a, *b))


def test_saved_page_escapes_data_text(tmp_path):
    view = View("overview", "<b>title</b>", team="T<1>", notice="<script>alert(1)</script>",
                table=pd.DataFrame({"<i>col</i>": ["<script>x</script>"]}),
                values=[{"unit": "</figure><script>"}])
    png, page = save_view(view, tmp_path)
    text = page.read_text(encoding="utf-8")
    assert "<script>" not in text and "<b>title" not in text and "&lt;script&gt;" in text
    assert png.name.startswith("T_1-overview-") and "</figure><script>" not in text


def _old_store(tmp_path: Path) -> Path:
    path = kit.store.write(tmp_path / "old", {})
    mf = path / "manifest.json"
    data = json.loads(mf.read_text(encoding="utf-8"))
    data["store_format"] = 0
    mf.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("kind,words", [
    ("missing", "does not exist"),
    ("folder", "not a store"),
    ("empty", "holds no teams"),
    ("old", "format 0"),
])
def test_bad_store_gives_a_message_not_a_traceback(tmp_path, kind, words):
    path = {"missing": lambda: tmp_path / "nope",
            "folder": lambda: tmp_path,
            "empty": lambda: kit.store.write(tmp_path / "empty", {}),
            "old": lambda: _old_store(tmp_path)}[kind]()
    shown = dashboard(path)
    assert isinstance(shown, Problem)
    assert words in shown.message and isinstance(shown.error, StoreError)
    assert "kit-problem" in shown.widget.value and "Traceback" not in shown.widget.value
    assert "Het dashboard kan deze gegevens niet tonen" in shown.widget.value
    shown.warm()                                    # the notebook's next cell still runs
    assert "cannot show" in dashboard(path, lang="en").widget.value
    with pytest.raises(StoreError):
        BoardData(kit.store.open(kit.store.write(tmp_path / "e2", {})))


def test_bad_choices_are_clear(board, tmp_path):
    assert "unknown language" in dashboard(lang="de").message
    with pytest.raises(ArgumentError, match="unknown team"):
        Dashboard(board, school="S01", team="S04-PK")
    with pytest.raises(ArgumentError, match="unknown view"):
        from kit.dashboard.views import build_view
        build_view(board, board.report("S01", "S01-BB"), "pie", "H1")
    bad = tmp_path / "asp.yml"
    bad.write_text("indicators: [\n", encoding="utf-8")
    assert isinstance(dashboard(aspiration=bad), Problem)


def test_a_failing_view_is_shown_not_raised(dash, monkeypatch):
    import kit.dashboard.app as app

    def boom(*args, **kwargs):
        raise KitError("something is off")
    monkeypatch.setattr(app, "build_view", boom)
    dash.select(view="aspiration")
    assert "kit-problem" in dash.box.value and "something is off" in dash.box.value


def test_environment_chooses_store_language_and_folder(monkeypatch, tmp_path, sample_store_path):
    monkeypatch.setenv("KIT_DASHBOARD_STORE", str(sample_store_path))
    monkeypatch.setenv("KIT_DASHBOARD_LANG", "en")
    monkeypatch.setenv("KIT_DASHBOARD_OUT", str(tmp_path / "saved"))
    monkeypatch.setenv("KIT_DASHBOARD_READY", str(tmp_path / "ready"))
    d = dashboard()
    assert isinstance(d, Dashboard) and d.lang.value == "en"
    assert d.board.aspiration is None                   # a store given: no sample aspiration
    assert "no shared-aspiration file" in d.select(view="aspiration").notice.lower()
    assert d.out == tmp_path / "saved"
    d.warm()
    assert (tmp_path / "ready").is_file()


def test_serve_checks_before_starting(tmp_path):
    from kit.dashboard.serve import serve, voila_command
    with pytest.raises(StoreError, match="does not exist"):
        serve(tmp_path / "nope", open_browser=False)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        with pytest.raises(KitError, match="not free"):
            serve(port=s.getsockname()[1], open_browser=False)
    cmd = voila_command(8866)
    assert "--no-browser" in cmd and "--Voila.ip=127.0.0.1" in cmd and "--port=8866" in cmd
    assert "--preheat_kernel=True" in cmd
    assert "--no-browser" not in voila_command(8866, open_browser=True)


def test_kit_dashboard_bad_store_one_line_exit_2(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "KIT_DEBUG"}
    r = subprocess.run([sys.executable, "-m", "kit.cli", "dashboard", "--store",
                        str(tmp_path / "nope"), "--no-browser"], capture_output=True, text=True,
                       env=env, cwd=ROOT, timeout=120)
    assert r.returncode == 2, r.stderr
    assert "does not exist" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and r.stdout == ""


def test_notebook_is_stripped_and_thin():
    nb = json.loads((ROOT / "notebooks" / "study_day.ipynb").read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert cells[0]["metadata"].get("tags") == ["parameters"]
    assert all(not c["outputs"] and c["execution_count"] is None for c in cells)
    for line in "".join(cells[0]["source"]).splitlines():
        assert line.startswith("#") or "#" not in line       # papermill drops inline comments
    assert sum(len(c["source"]) for c in cells[1:]) < 15


def test_aspiration_axes_run_from_the_scales_ends(st, asp):
    """Issue 13, point 4: a change of -0.17 must not look dramatic: a share's axis runs from
    0 to 100%, a ZIEN! score's from 1 to 4 with the scale named."""
    from kit.dashboard.figures import aspiration_figure
    rows = pd.DataFrame({"indicator": ["lezen_2f", "lezen_2f", "betrokkenheid",
                                       "betrokkenheid"],
                         "period": ["w1", "w2", "w1", "w2"], "value": [0.5, 0.55, 2.75, 2.58],
                         "target": [0.6, 0.6, 2.9, 2.9]})
    inds = {i.id: i for i in asp.indicators}
    fig = aspiration_figure(rows, labels={k: i.label("nl") for k, i in inds.items()},
                            wave_labels={"w1": "Najaar", "w2": "Voorjaar"}, lang="nl",
                            indicators=inds)
    share, zien = fig.axes[0], fig.axes[1]
    assert share.get_ylim() == (0.0, 1.0)
    assert share.get_ylabel() == "Aandeel leerlingen"
    lo, hi = zien.get_ylim()
    assert lo <= 1.0 and hi >= 4.0 and hi - lo < 3.3
    assert "ZIEN!-score (1-4)" in zien.get_ylabel()
    fig.canvas.draw()
    assert any("%" in tx.get_text() for tx in share.get_yticklabels())


def test_the_reports_glossary_is_on_the_dashboard(dash):
    """Issue 13, point 8: the same words as the reports, the glossary one click away."""
    from kit.present.glossary import glossary_html
    assert dash.glossary.value.startswith("<details><summary>Woordenlijst</summary>")
    assert glossary_html("nl") in dash.glossary.value
    dash.select(lang="en")
    assert glossary_html("en") in dash.glossary.value
    assert dash.glossary in dash.widget.children
    dash.select(lang="nl")


def test_preview_is_the_first_view_with_the_selection_in_words(dash, monkeypatch):
    """The picture shown while the page's widget code loads is the view on screen, with the
    selection as text; a hostile school or team name stays text."""
    from kit.dashboard.preview import preview_html
    s = dash.selection
    monkeypatch.setitem(dash.board.schools, s["school"], "<script>alert('s')</script>")
    monkeypatch.setitem(dash.board.team_names, s["team"], "<img src=x onerror=alert(1)>")
    html = preview_html(dash)
    assert dash.view.to_html() in html and "kit-preview-box" in html
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x" in html
    assert "De vijf gewoonten" in _plain(html) and "geladen" in _plain(html)
    assert 'class="kit-view-box' not in html      # the live view's box is the widget's alone


def test_preview_is_shown_only_when_served_by_kit_dashboard(dash, monkeypatch, tmp_path):
    """In JupyterLab (no KIT_DASHBOARD_PREVIEW) the notebook shows the live widgets only; served,
    it shows the picture as an output marked for the kit's Voilà template."""
    import IPython.display

    from kit.dashboard.preview import PREVIEW_ENV, PREVIEW_MARK
    shown = []
    monkeypatch.setattr(IPython.display, "display",
                        lambda obj, metadata=None: shown.append((obj, metadata)))
    monkeypatch.delenv(PREVIEW_ENV, raising=False)
    dash.preview()
    assert shown == []
    monkeypatch.setenv(PREVIEW_ENV, "1")
    dash.preview()
    assert len(shown) == 1 and shown[0][1] == {PREVIEW_MARK: True}
    assert dash.view.to_html() in shown[0][0].data
    problem = dashboard(tmp_path / "no-store")
    assert isinstance(problem, Problem)
    problem.preview()                         # a store that cannot be shown: only its message
    assert len(shown) == 1
