"""Aspects figures kept between redraws (kit.dashboard.reuse): a figure whose bars were moved to
another team's answers draws byte for byte the SVG of the figure made for that team from
scratch, so keeping figures changes how fast a view is drawn, never what it shows.

All 356 aspects views of the sample board (14 teams, 3 waves, 5 habits, nl and en) were checked
this way once (/tmp script, 0 differences, 320 drawn by moving bars); the test checks every team
for two habits in Dutch, one habit in English and an earlier wave, about 60 views."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from kit.dashboard import BoardData  # noqa: E402
from kit.dashboard.figures import render_figure  # noqa: E402
from kit.dashboard.reuse import FigureCache, _move_bars, bar_geometry  # noqa: E402
from kit.dashboard.views import aspects  # noqa: E402


@pytest.fixture(scope="module")
def board(st, asp):
    return BoardData(st, asp)


def _teams(board):
    return [(s, tm) for s, ts in board.teams.items() for tm in ts]


@pytest.mark.parametrize(("lang", "wave_index", "habits"),
                         [("nl", -1, ("H1", "H2")), ("en", -1, ("H3",)), ("nl", 0, ("H5",))])
def test_moved_figures_draw_the_same_svg_as_new_ones(board, lang, wave_index, habits):
    wave = board.waves[wave_index]
    made, moved, checked = board.figures.made, board.figures.moved, 0
    for habit in habits:
        for school, team in _teams(board):
            view = aspects(board, board.report(school, team, wave, lang), habit)
            if view.figure is None:             # hidden team or habit: no figure at all
                assert view.svg is None
                continue
            assert view.svg == render_figure(view.figure), (team, habit, lang, wave)
            checked += 1
    assert checked >= 2 * len(habits)
    # every figure drawn was made or moved; teams that answered the same statements share one
    new, reused = board.figures.made - made, board.figures.moved - moved
    assert new + reused == checked and reused >= checked // 2


def test_bar_geometry_is_what_item_bars_draws(board):
    report = board.report(*_teams(board)[0], board.waves[-1], "nl")
    fig = report.items_figure("H1")
    drawn, lefts, widths = bar_geometry(report.items_rows("H1"), board.store.instrument)
    bars = fig.axes[0].containers
    assert len(bars) == len(board.store.instrument.scale.options) == widths.shape[1]
    assert len(drawn) == len(bars[0]) == widths.shape[0] > 0
    for j, container in enumerate(bars):
        assert [r.get_x() for r in container] == lefts[:, j].tolist()
        assert [r.get_width() for r in container] == widths[:, j].tolist()
    # the bars of a statement run from its left edge to the right without gaps, over all answers
    np.testing.assert_allclose(lefts[:, -1] + widths[:, -1] - lefts[:, 0], 1.0, atol=1e-9)


def test_a_figure_with_other_bars_is_refused(board):
    report = board.report(*_teams(board)[0], board.waves[-1], "nl")
    fig = report.items_figure("H1")
    _, lefts, widths = bar_geometry(report.items_rows("H1"), board.store.instrument)
    with pytest.raises(ValueError, match="bars"):
        _move_bars(fig, lefts[:-1], widths[:-1])


def test_the_cache_keeps_the_most_recent_figures(board):
    report = board.report(*_teams(board)[0], board.waves[-1], "nl")
    cache = FigureCache(size=2)
    calls = []

    def make():
        calls.append(1)
        return report.items_figure("H1")

    _, lefts, widths = bar_geometry(report.items_rows("H1"), board.store.instrument)
    first = cache.aspects_svg("a", make, lefts, widths)
    assert cache.aspects_svg("a", make, lefts, widths) == first and len(calls) == 1
    cache.aspects_svg("b", make, lefts, widths)
    cache.aspects_svg("c", make, lefts, widths)           # "a" is dropped
    cache.aspects_svg("a", make, lefts, widths)
    assert len(calls) == 4 and (cache.made, cache.moved) == (4, 1)
    cache.clear()
    cache.aspects_svg("a", make, lefts, widths)
    assert len(calls) == 5


def test_warm_keeps_every_habits_figure_so_a_team_change_moves_bars(st, asp, tmp_path):
    from kit.dashboard import Dashboard
    dash = Dashboard(BoardData(st, asp), out=tmp_path)
    dash.warm()
    figures = dash.board.figures
    habits = [h.id for h in st.instrument.habits]
    assert figures.made >= len(habits) and dash.selection["view"] == "overview"
    made = figures.made
    teams = [(s, tm) for s, ts in dash.board.teams.items() for tm in ts][1:4]
    for k, (school, team) in enumerate(teams):
        view = dash.select(view="aspects", school=school, team=team, habit=habits[k])
        assert view.team == team and (view.svg is None or view.values)
    assert figures.moved >= 1 and figures.made - made <= 1


def test_a_kept_figure_with_other_bars_is_made_again(board):
    report = board.report(*_teams(board)[0], board.waves[-1], "nl")
    rows = report.items_rows("H1")
    _, lefts, widths = bar_geometry(rows, board.store.instrument)
    cache = FigureCache()
    svg = cache.aspects_svg("k", lambda: report.items_figure("H1"), lefts, widths)
    other = report.items_rows("H2")                  # another habit's bars under the same key
    _, lefts2, widths2 = bar_geometry(other, board.store.instrument)
    assert lefts2.shape != lefts.shape
    new = cache.aspects_svg("k", lambda: report.items_figure("H2"), lefts2, widths2)
    assert new != svg and (cache.made, cache.moved) == (2, 0)
    assert new == render_figure(lambda: report.items_figure("H2"))
