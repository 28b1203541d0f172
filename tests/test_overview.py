"""School and board reports (kit.reports.overview): teams side by side, never a suppressed team's
numbers; the shared analysis (kit.analysis) and the relations figure of the team report."""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd
import pytest

import kit.store
from kit.analysis import board_analysis, clear_cache
from kit.analysis.aspiration import DEFAULT_MIN_PUPILS, evaluate, load_aspiration
from kit.analysis.teams import aggregate
from kit.errors import ConfigError
from kit.present.formats import html_table, interval
from kit.reports.board import BoardReport
from kit.reports.school import SchoolReport
from kit.reports.team import TeamReport
from kit.sample import SAMPLE_DIR

# the store (`st`) and the aspiration (`asp`) are the session's sample board (conftest.py)


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
    assert texts.count("–") == 2 * 5 and f"{shown.iloc[0]:.1f}".replace(".", ",") in texts
    table = r.present(r.team_table())
    pk = table[table.Team == names["S04-PK"]].iloc[0]
    assert pk["n"] == "minder dan 5" and "te weinig" in pk["Opmerking"]
    ob = table[table.Team == names["S04-OB"]].iloc[0]
    # the team hidden beside the small one: neither its n nor its response rate
    assert "terugrekenen" in ob["Opmerking"] and ob["Respons"] == "–"
    assert ob["n"] == "verborgen"
    assert r.hidden_teams() == [names["S04-OB"], names["S04-PK"]]
    together = table[table.Team == "Verborgen teams samen (2)"].iloc[0]
    # not their exact n (11): with a team's own n it could give a hidden habit's n
    assert together["n"] == "minstens 5" and together["Respons"] == "–"
    summary = r.summary()
    assert len(summary) == 5 and (summary["n"] == 20).all()
    own = r.own_indicators()
    ind = r.indicators
    want = ind[(ind.unit_level == "school") & (ind.unit == "S04") & (ind.period == r.wave)]
    assert len(own) == len(want) > 0
    assert np.allclose(own["value"].to_numpy(float), want["value"].to_numpy(float),
                       equal_nan=True)
    assert set(r.present(own)["Op koers?"]) <= {"ja", "nee", "–"}


#: the sample school S04's hidden teams this wave, and why: 3 respondents of 4 (below the
#: threshold of 5), and 8 of 10, hidden beside it (the school minus the shown team minus this
#: team would give the small team's numbers away)
HIDDEN = {"S04-PK": "below_threshold", "S04-OB": "complementary"}
#: a hidden team's statistics looked for everywhere in the school's tables and figures: its
#: 95% interval (mean +- t * se, a t quantile: no other number equals them by chance). Its n,
#: mean, sd and indicator values are looked for where they would stand (its rows and
#: columns): a few answers on a 1-5 scale give small fractions that other numbers share by
#: chance (Onderbouw's H1 mean is 31/9, as is the board's H3 mean; Plusteam's H4 se is 0.2)
INTERVAL = ["ci_low", "ci_high"]


def _own_numbers(st, asp, team: str):
    """What a team's own respondents and pupils would show without the gate: its habit
    aggregates (from its respondents alone, at the lowest threshold) and its indicator values
    in every wave (from its pupils alone, at the lowest pupil threshold)."""
    resp = st.respondents[st.respondents.team == team]
    habits = aggregate(resp, st.answers, st.instrument, level="team", teams=st.teams,
                       threshold=3)
    ind = evaluate(asp, st.observations[st.observations.team == team],
                   st.tests[st.tests.team == team], unit_level="team", min_pupils=3,
                   periods=st.waves)
    return habits, ind


def _cells(frame: pd.DataFrame) -> list:
    """Every value a table shows: its cells, index and column labels."""
    return [*frame.to_numpy().ravel().tolist(), *frame.index.tolist(), *frame.columns.tolist()]


def _figure_values(fig) -> tuple[list, list[str]]:
    """The numbers a figure draws (lines, markers, error bars, image cells) and its texts."""
    nums: list = []
    texts = [t_.get_text() for t_ in fig.texts]
    for ax in fig.axes:
        for line in ax.lines:
            nums += [*np.ravel(line.get_xdata()), *np.ravel(line.get_ydata())]
        for coll in ax.collections:
            nums += np.ravel(coll.get_offsets()).tolist()
            for path in coll.get_paths():
                nums += path.vertices.ravel().tolist()
        for im in ax.images:
            nums += np.ma.compressed(im.get_array()).tolist()
        texts += [t_.get_text() for t_ in ax.texts]
        texts += [lb.get_text() for lb in [*ax.get_xticklabels(), *ax.get_yticklabels()]]
    return nums, texts


def _seen(table: pd.DataFrame) -> pd.DataFrame:
    """A table as the report shows it (:func:`kit.reports.team.html_table`): each cell's text."""
    page = html_table(table)
    head = re.findall(r"<th(?: [^>]*)?>(.*?)</th>", page)
    body = page.split("<tbody>", 1)[1]
    rows = [re.findall(r"<td(?: [^>]*)?>(.*?)</td>", tr)
            for tr in re.findall(r"<tr>(.*?)</tr>", body)]
    return pd.DataFrame(rows, columns=[html.unescape(h) for h in head]).map(html.unescape)


def _words_or_missing(cell, allowed: set[str]) -> bool:
    """A cell that gives no number away: missing, or words whose only numbers are ``allowed``
    (the threshold in "minder dan 5")."""
    if isinstance(cell, str):
        return set(re.findall(r"\d+", cell)) <= allowed
    return bool(pd.isna(cell))


def _numbers(values) -> list[float]:
    return [float(v) for v in values
            if isinstance(v, int | float | np.number) and not isinstance(v, bool | np.bool_)
            and np.isfinite(float(v))]


def test_no_number_of_a_hidden_team_anywhere_in_the_school_report(st, asp):
    """Nothing numeric of a hidden team anywhere in the school's tables and figures: no
    number its own respondents (or, beyond the pupil rule, its pupils) give appears, its rows
    and columns hold words or dashes, and the relations use the shown teams only."""
    r = SchoolReport(st, "S04", aspiration=asp)
    names = r.team_labels()
    gate = r.analysis.gate
    assert {tm for tm in names if not gate.unit("team", tm, r.wave)["shown"]} == set(HIDDEN)
    for team, why in HIDDEN.items():
        assert gate.unit("team", team, r.wave)["reason"] == why

    # the hidden teams' own numbers (they have them: the checks below have teeth)
    secret_floats, secret_texts = [], []
    for team in HIDDEN:
        habits, ind = _own_numbers(st, asp, team)
        now = habits[habits.wave == r.wave]
        assert len(now) == 5 and not now["suppressed"].any() and now["mean"].notna().all()
        secret_floats += now[INTERVAL].to_numpy(float).ravel().tolist()
        for lang in ("en", "nl"):                # a point and a decimal comma
            secret_texts += [interval(lo, hi, lang) for lo, hi in
                             zip(now["ci_low"], now["ci_high"], strict=True)]
        assert ind.loc[ind.period == r.wave, "value"].notna().all()
    secret = np.array(secret_floats)
    assert np.isfinite(secret).all() and len(secret) == 2 * 5 * len(INTERVAL)

    # every table and figure of the school report (notebooks/school_report.ipynb)
    tables = {"summary": r.summary(), "team table": r.team_table(), "changes": r.changes(),
              "own indicators": r.own_indicators(), "team indicators": r.team_indicators(),
              "relations": r.relations_table(), "relations (compact)":
              r.relations_table(compact=True), "reliability": r.reliability(),
              "data quality": r.data_quality(), "provenance": r.provenance({"school": "S04"})}
    heatmaps = [r.team_heatmap(), *r.team_heatmaps(), *r.team_heatmaps(max_rows=2)]
    figures = {"comparison": r.comparison_figure(),
               **{f"heat map {k}": f for k, f in enumerate(heatmaps)}}
    shown: dict[str, tuple[list, list]] = {}
    for name, table in tables.items():
        cells = _cells(table)
        shown[name] = (cells, [c for c in cells if isinstance(c, str)])
        if name not in ("relations", "relations (compact)"):     # presented already
            cells = _cells(r.present(table))
            shown[f"{name} (as read)"] = ([], [c for c in cells if isinstance(c, str)])
    for name, html_page in {"team indicators (html)": r.indicators_html(tables["team indicators"]),
                            "summary (html)": r.summary_html()}.items():
        shown[name] = ([], [html.unescape(html_page)])
    for name, fig in figures.items():
        shown[name] = _figure_values(fig)
    for k, fig in enumerate(heatmaps):
        shown[f"heat map {k} data"] = (_cells(fig.kit_data), [])
    for name, (values, texts) in shown.items():
        for v in _numbers(values):
            assert not np.isclose(v, secret, rtol=0, atol=1e-9).any(), \
                f"{name} shows {v!r}, a number of a hidden team"
        for text in texts:
            assert not any(s in text for s in secret_texts), f"{name} shows {text!r}"

    # team table: a hidden team's n and response rate are words or dashes; the only number
    # in its row is the threshold in "minder dan 5"
    table = tables["team table"].set_index("team_label")
    seen = _seen(r.present(tables["team table"])).set_index("Team")
    assert seen.loc[names["S04-PK"]].tolist() == [
        "minder dan 5", "–", "te weinig respondenten (minder dan 5)"]
    assert seen.loc[names["S04-OB"]].tolist() == [
        "verborgen", "–", "verborgen om terugrekenen te voorkomen"]
    for team in HIDDEN:
        for cell in [*table.loc[names[team], ["n", "response_rate"]], *seen.loc[names[team]]]:
            assert _words_or_missing(cell, {"5"}), cell

    # heat maps (whole and in parts): a hidden team's row is NaN, not drawn, and dashes
    for fig in heatmaps:
        data = fig.kit_data
        ax = fig.axes[0]
        cells = ax.images[0].get_array()
        for team in set(HIDDEN) & set(data.index):
            i = list(data.index).index(team)
            assert data.loc[team].isna().all()
            assert np.ma.getmaskarray(cells)[i].all()
            row = [t_.get_text() for t_ in ax.texts if round(t_.get_position()[1]) == i]
            assert row == ["–"] * 5

    # per-team indicators (pupil data, its own threshold of 10 pupils): a hidden team's
    # column shows a value only where the pupil rule shows it, else nothing (a dash)
    per_team = tables["team indicators"]
    seen = _seen(r.present(per_team))
    cur = r.current_indicators
    cur = cur[(cur.unit_level == "team") & (cur.period == r.wave)]
    ids = {i.label("nl"): i.id for i in asp.indicators}
    assert set(per_team["indicator_label"]) == set(ids)
    for team in HIDDEN:
        for k, (label, cell) in enumerate(zip(per_team["indicator_label"], per_team[team],
                                              strict=True)):
            g = cur[(cur.unit == team) & (cur.indicator == ids[label])]
            if len(g) and not bool(g["suppressed"].iloc[0]):
                assert g["n_pupils"].iloc[0] >= DEFAULT_MIN_PUPILS
                assert cell == pytest.approx(float(g["value"].iloc[0]))
            else:
                assert _words_or_missing(cell, set()) and seen[names[team]].iloc[k] == "–"
    # in the sample both are dashes throughout: Plusteam has 8 pupils (fewer than 10), and
    # Onderbouw's values would give Plusteam's away (the school minus Bovenbouw minus them)
    for team in HIDDEN:
        assert (seen[names[team]] == "–").all()
        assert cur.loc[cur.unit == team, "suppressed"].astype(bool).all()

    # relations across teams: computed from the shown teams only, hidden teams not among
    # the points
    pts = r.relation_points()
    assert len(pts) and not set(HIDDEN) & set(pts["unit"])
    rel = r.analysis.relations
    rel = rel[rel.wave == r.wave]
    assert (rel.status == "ok").any()
    for row in rel.itertuples():
        p = pts[(pts.habit == row.habit) & (pts.indicator == row.indicator)]
        assert row.n_teams == len(p)
        if row.status == "ok":
            assert row.pearson_r == pytest.approx(np.corrcoef(p["x"], p["y"])[0, 1])


def test_board_report_sections(st, asp):
    r = BoardReport(st, aspiration=asp, lang="en")
    assert r.unit == "BRD01"
    counts = dict(zip(r.counts()["what"], r.counts()["detail"], strict=True))
    assert counts["Schools"] == 4 and counts["Teams"] == 14 and counts["Teams with scores"] == 12
    heat = r.team_heatmap().kit_data
    assert heat.shape == (14, 5) and heat.isna().all(axis=1).sum() == 2
    schools = r.school_heatmap().kit_data
    assert schools.shape == (4, 5) and not schools.isna().any().any()
    icc = r.icc()
    assert len(icc) == 5 and icc["icc1"].between(-0.2, 1).all()
    assert icc["n_teams"].eq(14).all()
    assert list(r.present(icc, digits=3).columns) == ["Habit", "ICC(1)", "ICC(2)", "Teams"]
    si = r.school_indicators()
    assert list(si.columns[5:]) == list(r.school_labels())
    # the latest report (autumn 2026, a new school year) shows its own observations; January's
    # tests of the last school year are not carried into it (a dash: not measured)
    si = r.present(si).set_index("Indicator")
    assert si.loc["Engagement (ZIEN!)", "Measured"] == "Autumn 2026"
    assert (si.loc["Reading comprehension at target level 2F", "Measured":] == "–").all()
    # the spring report shows January's mid-year tests (in the autumn wave's window): the
    # latest measurement of the school year, and says when it was measured
    spring = BoardReport(st, aspiration=asp, lang="en", wave="2026-voorjaar")
    si = spring.present(spring.school_indicators()).set_index("Indicator")
    reading = si.loc["Reading comprehension at target level 2F"]
    assert reading["Measured"] == "Autumn 2025" and reading["Basisschool De Linde"] != "–"
    assert si.loc["Engagement (ZIEN!)", "Measured"] == "Spring 2026"
    assert len(r.relations_table()) > 0
    html = r.show(r.team_table())
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


def test_heatmap_rejects_other_tables(st):
    from kit.errors import ArgumentError
    from kit.present.plots import heatmap
    with pytest.raises(ArgumentError):
        heatmap(pd.DataFrame({"unit": ["a"]}), st.instrument)


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


def test_school_statements_against_the_board_hide_hidden_teams(st, asp):
    """Issue 13, point 5: per statement each team's mean less the board's; a hidden team's
    column has no number."""
    r = SchoolReport(st, "S04", aspiration=asp)
    figs = r.difference_heatmaps()
    assert len(figs) == 2                                  # 39 statements, two pages
    data = pd.concat([f.kit_data for f in figs])
    assert list(data.index) == [i.id for i in st.instrument.items]
    assert list(data.columns) == list(r.team_labels())
    assert data[["S04-PK", "S04-OB"]].isna().all().all()
    d = r.analysis.item_distributions
    team = d[(d.unit == "S04-BB") & (d.wave == r.wave)].set_index("item")["mean"]
    b = r.analysis.board_item_distributions
    board = b[b.wave == r.wave].set_index("item")["mean"]
    assert np.allclose(data["S04-BB"], (team - board).reindex(data.index))
    # every number drawn is a difference of the shown team, none a hidden team's
    drawn = {tx.get_text() for f in figs for tx in f.axes[0].texts}
    signed = {f"{v:+.1f}" for v in data["S04-BB"]}
    # a difference that rounds to zero is written without a sign: "0,0" (kit.present.plots._num)
    signed = {x[1:] if float(x) == 0 else x for x in signed}
    assert drawn - {"–"} <= {x.replace(".", ",").replace("-", "−") for x in signed} | \
        {x.replace(".", ",") for x in signed}


def test_shares_are_percentages_in_aspiration_tables(st, asp):
    """Issue 13, point 4: a share indicator reads as a percentage (its trend in percentage
    points), a mean indicator keeps its decimal comma."""
    r = BoardReport(st, aspiration=asp, wave="2026-voorjaar")   # with the school year's tests
    own = r.own_indicators()
    page = html.unescape(r.indicators_html(own))
    lezen = own.set_index("indicator").loc["lezen_2f"]
    assert f"{lezen['value']:.0%}" in page and "60%" in page
    assert not re.search(r">0,(66|60)<", page)
    bt = own.set_index("indicator").loc["betrokkenheid"]
    assert f"{bt['value']:.2f}".replace(".", ",") in page
    per_school = html.unescape(r.indicators_html(r.school_indicators()))
    assert "32%" in per_school and "0,32" not in per_school
    shares = r.shares_as_percent(pd.DataFrame({"indicator": ["lezen_2f"], "value": [0.5],
                                                "target": [0.6], "trend": [-0.04]}))
    assert list(shares.iloc[0]) == ["lezen_2f", "50%", "60%", "-4 %-punt"]


def test_statement_map_reads_as_statements_by_teams_for_the_privacy_harness(st, asp):
    """Issue 13, point 5, as the privacy harness (tests/disclosure_support.py) reads the school
    report's statement map: rows are the statements (not the habit names at the right, not the
    colour legend), columns the teams; its allowance masks the shown teams' cells only, so a
    changed cell or colour in a hidden team's column still fails."""
    import dataclasses
    import io

    import matplotlib.pyplot as plt
    from disclosure_support import Block, Case, Context, _block_value, allowance_for, parse_svg

    r = SchoolReport(st, "S04", aspiration=asp)
    names = r.team_labels()
    drawn = []
    for fig in r.difference_heatmaps():
        buf = io.StringIO()
        with plt.rc_context({"svg.fonttype": "none"}):
            fig.savefig(buf, format="svg")
        drawn.append((fig.kit_data, parse_svg(buf.getvalue())))
    texts = {i.id: i.text("nl", "team") for i in st.instrument.items}   # the team's view
    for data, f in drawn:
        assert len(f.heat_order) == len(data)               # statements only, no habit names
        assert all(lb == texts[i] or (lb.endswith("…") and texts[i].startswith(lb[:-1]))
                   for lb, i in zip(f.heat_order, data.index, strict=True))
        assert f.heat_columns == [names[u] for u in data.columns]
        assert all(len(cells) == len(data.columns) for cells in f.heat.values())
        legend = "Verschil met het bestuur"                # the colour legend's title
        assert any(lb.startswith(legend) for lb in f.labels)
        assert not any(legend in c for cells in f.heat.values() for c in cells)
        for team in HIDDEN:
            k = list(data.columns).index(team)
            assert all(cells[k] == "–" for cells in f.heat.values())

    case = Case("sample", "S04", "S04-PK", r.wave, "team", "test")
    ctx = Context(st, case)
    _data, f = drawn[0]
    block = Block(("ov_teams", "sec_statements_board", ""), "figure", figure=f)
    name, mask = allowance_for("school", block, ctx)
    assert name == "school-statements-board"
    key, allowed = mask(block)
    shown = [k for k, c in enumerate(f.heat_columns) if c != names["S04-PK"]]
    assert len(allowed) == len(f.heat_order) * len(shown)

    def changed(heat=None, raster=None):
        return Block(block.path, "figure", figure=dataclasses.replace(
            f, heat=heat or f.heat, raster=f.raster if raster is None else raster))
    first = f.heat_order[0]
    bb = f.heat_columns.index(names["S04-BB"])
    pk = f.heat_columns.index(names["S04-PK"])
    moved = {**f.heat, first: [("+9,9" if k == bb else c) for k, c in enumerate(f.heat[first])]}
    assert mask(changed(heat=moved))[0] == key              # a shown team's difference moves
    leak = {**f.heat, first: [("+0,4" if k == pk else c) for k, c in enumerate(f.heat[first])]}
    assert mask(changed(heat=leak))[0] != key               # the hidden team's column may not
    h, w = f.raster.shape[:2]
    m = len(f.heat_columns)
    painted = f.raster.copy()
    painted[: h // len(f.heat_order), int((pk + 0.3) * w / m):int((pk + 0.7) * w / m)] = 0.5
    assert mask(changed(raster=painted))[0] != key          # nor its grey
    painted = f.raster.copy()
    painted[: h // len(f.heat_order), int((bb + 0.3) * w / m):int((bb + 0.7) * w / m)] = 0.5
    assert mask(changed(raster=painted))[0] == key
    # a hidden habit: only the rows of its statements may move (here as if Plusteam's H1 were
    # the hidden part; a team whose hidden rows hold numbers gets nothing masked)
    habit = Case("sample", "S04", "S04-PK", r.wave, "habit", "test", habit="H1")
    hname, hmask = allowance_for("school", block, Context(st, habit))
    assert hname == "school-statements-board"
    hkey = hmask(block)[0]
    h1 = {i.text("nl") for i in st.instrument.items if i.habit == "H1"}
    inside = next(lb for lb in f.heat_order if lb in h1)
    outside = next(lb for lb in f.heat_order if lb not in h1)
    for row, same in ((inside, True), (outside, False)):
        moved = {**f.heat, row: [("+9,9" if k == bb else c) for k, c in enumerate(f.heat[row])]}
        assert (hmask(changed(heat=moved))[0] == hkey) is same
    shown_habit = Case("sample", "S04", "S04-BB", r.wave, "habit", "test", habit="H1")
    assert allowance_for("school", block, Context(st, shown_habit))[1](block)[0] == \
        _block_value(block)
