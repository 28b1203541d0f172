"""Figures drawn once per batch: a report's relations grid reused from the previous report of
the same board is the figure a new drawing gives (kit.present.relgrid)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from kit.present import relgrid  # noqa: E402
from kit.reports.team import TeamReport  # noqa: E402


def _svg(fig) -> str:
    buf = io.StringIO()
    with plt.rc_context({"svg.hashsalt": "kit-test", "svg.fonttype": "none"}):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buf.getvalue()


def _grid(st, asp, school: str, team: str, *, fresh: bool) -> tuple[str, object]:
    if fresh:
        relgrid._LAST.clear()
    r = TeamReport(st, school, team, aspiration=asp)
    fig = r.relations_figure(highlight=None if r.suppressed else team,
                             highlight_label=r.team_name)
    svg = _svg(fig)
    plt.close("all")
    return svg, fig


@pytest.mark.parametrize("before, after", [
    (("S01", "S01-BB"), ("S02", "S02-U12")),      # one team after another
    (("S01", "S01-BB"), ("S04", "S04-PK")),       # a hidden team after a shown one
    (("S04", "S04-PK"), ("S01", "S01-BB"))])      # a shown team after a hidden one
def test_a_reused_grid_is_the_grid_drawn_anew(st, asp, before, after):
    expected, fresh_fig = _grid(st, asp, *after, fresh=True)
    _grid(st, asp, *before, fresh=True)
    got, reused = _grid(st, asp, *after, fresh=False)
    assert reused is not fresh_fig                 # drawn once for `before`, then reused
    assert got == expected
    hidden = TeamReport(st, *after, aspiration=asp).suppressed
    assert bool(reused.legends) is not hidden
    drawn = {tuple(p) for ax in reused.axes for c in ax.collections
             for p in c.get_offsets().tolist()}
    assert len(drawn) > 10
    relgrid._LAST.clear()


def test_a_grid_of_other_points_is_drawn_anew(st, asp):
    relgrid._LAST.clear()
    _, first = _grid(st, asp, "S01", "S01-BB", fresh=False)
    r = TeamReport(st, "S01", "S01-BB", aspiration=asp, lang="en")   # other words: other key
    fig = r.relations_figure(highlight="S01-BB", highlight_label=r.team_name)
    assert fig is not first
    plt.close("all")
    relgrid._LAST.clear()


def _canonical(svg: str) -> str:
    """``svg`` without its metadata (the date) and with matplotlib's salted ids (clip paths,
    markers, path collections: drawn anew at random for every print) renamed in order."""
    import re
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    ids: dict[str, str] = {}
    return re.sub(r"\b((?:p|m)[0-9a-f]{10}|C[0-9a-f]+_[0-9a-f]+_[0-9a-f]{10})\b",
                  lambda m: ids.setdefault(m.group(1), f"id{len(ids)}"), svg)


@pytest.mark.parametrize("teams", [
    [("S01", "S01-BB"), ("S02", "S02-U12"), ("S04", "S04-PK"), ("S01", "S01-BB")]])
def test_the_composed_grid_is_the_grid_printed_whole(st, asp, teams):
    """The SVG the team report shows (the grid printed once, each team's marks added) is the
    SVG the inline backend prints for the whole figure: a shown team, another one, a hidden
    team (no marks, no legend), and the first again from the kept print."""
    from IPython.core.pylabtools import print_figure

    from kit.present.svgprint import grid_svg
    relgrid._LAST.clear()
    figures = set()
    with plt.rc_context({"svg.fonttype": "none"}):
        for school, team in teams:
            r = TeamReport(st, school, team, aspiration=asp)
            fig = r.relations_figure(highlight=None if r.suppressed else team,
                                     highlight_label=r.team_name)
            figures.add(id(fig))
            composed = grid_svg(fig)
            whole = print_figure(fig, "svg", bbox_inches="tight")
            assert _canonical(composed) == _canonical(whole)
            marks = composed.count('id="kit-mark-')
            assert (marks == 0) is r.suppressed
            assert ("legend_1" in composed) is not r.suppressed
            plt.close("all")
    assert len(figures) == 1                       # one grid drawn for the board
    assert len(fig.kit_static_svg) >= 1            # and printed without marks once per box
    relgrid._LAST.clear()


def test_kept_answer_bars_are_the_bars_drawn_anew_and_printed_whole(st, asp):
    """A team's answer bars on the figure kept from another team's report (its bars moved,
    kit.present.answerbars) are the figure a new drawing gives, and the SVG the report shows
    (the kept print with the bars printed alone put in place, kit.present.svgprint) is the SVG
    of the whole figure."""
    from IPython.core.pylabtools import print_figure

    from kit.present import answerbars
    from kit.present.svgprint import kept_svg
    # two shown teams with the same statements shown for a habit (the figure's layout)
    shown: dict = {}
    for school, team in st.teams[["school", "team"]].drop_duplicates().itertuples(index=False):
        r = TeamReport(st, school, team, aspiration=asp)
        if r.suppressed:
            continue
        for h in st.instrument.habits:
            if not r.habit_hidden(h.id):
                rows = r.item_aggregates[r.item_aggregates["wave"] == r.wave]
                key = (h.id, tuple(sorted(rows.loc[~rows["suppressed"].astype(bool), "item"])))
                shown.setdefault(key, []).append(r)
    pairs = sorted((v for v in shown.values() if len(v) > 1), key=len)
    assert pairs, "the sample board has two teams with the same statements shown"
    first, other = pairs[-1][:2]
    habit = next(k[0] for k, v in shown.items() if v is pairs[-1])
    answerbars._KEPT.clear()
    with plt.rc_context({"svg.fonttype": "none"}):
        kept = first.items_figure(habit, kept=True)
        kept_svg(kept)                                   # the print kept for the next report
        again = other.items_figure(habit, kept=True)
        assert again is kept and len(kept.kit_moving) >= 10
        composed = kept_svg(again)
        whole = print_figure(again, "svg", bbox_inches="tight")
        answerbars._KEPT.clear()
        fresh = other.items_figure(habit, kept=True)
        assert fresh is not kept
        assert _canonical(composed) == _canonical(whole)
        assert _canonical(_svg(again)) == _canonical(_svg(fresh))
        widths = [round(r.get_width(), 6) for r in again.kit_moving]
        assert widths == [round(r.get_width(), 6) for r in fresh.kit_moving]
        assert widths != [round(r.get_width(), 6) for r in
                          first.items_figure(habit).axes[0].patches]  # other answers drawn
    plt.close("all")
    answerbars._KEPT.clear()
