"""Figures a teacher can read (issue 13, points 4 and 5): colour legends on heat maps, every
answer visible, value axes from the scale's ends, Dutch number format, and the school's
statements x teams heat map of differences from the board. Tested on the figure objects."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from kit.errors import ArgumentError  # noqa: E402
from kit.present.plots import (  # noqa: E402
    _num,
    difference_heatmap,
    difference_heatmaps,
    habit_profile,
    heatmap,
    item_bars,
    relation_scatter,
)

HOSTILE = "$x$ <b>"


def _luminance(colour) -> float:
    """Relative luminance (WCAG 2) of a matplotlib colour."""
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(c) for c in to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _drawn(text: str) -> str:
    """What matplotlib draws for a text (mathtext off), or fails when it would parse math."""
    shown, math = Text(text=text)._preprocess_math(text)
    assert not math, f"{text!r} would be drawn as mathtext"
    return shown


@pytest.fixture(scope="module")
def board(st):
    """The sample board's analysis, latest wave, team item rows and the board's item rows."""
    from kit.analysis.board import BoardAnalysis
    from kit.analysis.teams import item_distribution
    an = BoardAnalysis(st)
    wave = sorted(an.aggregates["wave"].unique())[-1]
    items = an.item_distributions
    board_items = item_distribution(st.respondents, st.answers, st.instrument, level="board",
                                    gate=an.gate)
    return an, wave, items[items.wave == wave], board_items[board_items.wave == wave]


def _team_habits(an, wave):
    a = an.aggregates
    return a[(a.level == "team") & (a.wave == wave)]


# ---------------------------------------------------------------- heat map: colour legend

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_heatmap_has_a_colour_legend_of_the_whole_scale(st, board, lang):
    an, wave, _, _ = board
    rows = _team_habits(an, wave)
    fig = heatmap(rows, st.instrument, lang=lang)
    image = fig.axes[0].images[0]
    cb = image.colorbar
    assert cb is not None and cb.ax in fig.axes
    title = cb.ax.get_xlabel()
    scale = st.instrument.scale
    assert scale.name[lang] in title
    first, last = scale.options[0], scale.options[-1]
    assert f"1 = {first.label(lang).lower()}" in title
    assert f"5 = {last.label(lang).lower()}" in title
    # the colours and the legend run over the scale, not over the data
    shown = fig.kit_data.to_numpy()
    assert np.nanmin(shown) > scale.min and np.nanmax(shown) < scale.max
    assert (image.norm.vmin, image.norm.vmax) == (scale.min, scale.max)
    assert cb.ax.get_xlim() == (scale.min, scale.max)
    fig.canvas.draw()
    assert [t.get_text() for t in cb.ax.get_xticklabels()] == ["1", "2", "3", "4", "5"]
    # the legend's gradient draws positions 0..1, never numbers on the scale (privacy tests
    # read every number a figure draws)
    gradient = np.ma.compressed(cb.ax.images[0].get_array())
    assert gradient.min() > 0 and gradient.max() < 1
    assert not any(len(c.get_paths()) for c in cb.ax.collections)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_heatmap_svg_reads_as_rows_of_cells(st, lang):
    """The privacy tests read a heat map from its SVG (row labels, then every free text as a
    cell of its nearest row): the colour legend's title and ticks must not count as cells."""
    import io

    import matplotlib.pyplot as plt
    from disclosure_support import parse_svg

    from kit.reports.school import SchoolReport
    fig = SchoolReport(st, "S04", lang=lang).team_heatmap()
    buf = io.StringIO()
    with plt.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buf, format="svg")
    drawn = parse_svg(buf.getvalue())
    assert drawn.heat is not None and len(drawn.heat) == len(fig.kit_data)
    assert all(len(cells) == 5 for cells in drawn.heat.values())
    title = fig.axes[0].images[0].colorbar.ax.get_xlabel()
    assert title in drawn.labels
    assert not any(title in c for cells in drawn.heat.values() for c in cells)


def test_heatmap_cells_in_the_languages_number_format(st, board):
    an, wave, _, _ = board
    rows = _team_habits(an, wave)
    cells = {lang: [t.get_text() for t in heatmap(rows, st.instrument, lang=lang)
                    .axes[0].texts if t.get_text() != "–"] for lang in ("nl", "en")}
    assert cells["nl"] and len(cells["nl"]) == len(cells["en"])
    assert all("," in c and "." not in c for c in cells["nl"])
    assert all("." in c and "," not in c for c in cells["en"])
    assert [c.replace(",", ".") for c in cells["nl"]] == cells["en"]


def test_heatmap_on_a_given_axes_gets_a_legend_too(st, board):
    import matplotlib.pyplot as plt
    an, wave, _, _ = board
    fig, ax = plt.subplots(figsize=(9, 6))
    heatmap(_team_habits(an, wave), st.instrument, ax=ax)
    assert ax.images[0].colorbar is not None
    assert ax.images[0].colorbar.ax.get_xlim() == (1, 5)


def test_school_report_heat_map_keeps_hidden_rows_dashed(st):
    from kit.reports.school import SchoolReport
    fig = SchoolReport(st, "S04").team_heatmap()
    ax = fig.axes[0]
    assert ax.images[0].colorbar is not None
    for team in ("S04-PK", "S04-OB"):
        i = list(fig.kit_data.index).index(team)
        assert [t.get_text() for t in ax.texts if round(t.get_position()[1]) == i] == ["–"] * 5


# ------------------------------------------------------------- answer bars: every answer

def _item_rows(board, team="S02-U12"):
    _, _, items, _ = board
    rows = items[(items.unit == team) & (items.habit == "H4")]
    assert len(rows) and not rows["suppressed"].all()
    return rows


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_neutral_answer_shows_on_paper_and_the_legend_names_every_answer(st, board, lang):
    rows = _item_rows(board).copy()
    rows["share_1"] = 0.0                          # an answer nobody gave is still in the legend
    fig = item_bars(rows, st.instrument, lang=lang)
    ax = fig.axes[0]
    options = st.instrument.scale.options
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == [o.label(lang) for o in options]
    neutral = ax.containers[len(options) // 2]
    assert neutral.get_label() == options[len(options) // 2].label(lang)
    for bar in neutral:
        face = bar.get_facecolor()
        assert _luminance(face) < 0.5                       # near white would be about 0.93
        assert (1.05 / (_luminance(face) + 0.05)) >= 2.0    # contrast with white paper
        assert _luminance(bar.get_edgecolor()) < 0.2        # a thin dark edge line
    handle = legend.legend_handles[len(options) // 2]
    assert _luminance(handle.get_facecolor()) < 0.5
    # every answer has its own colour, none of them near white
    faces = [to_rgb(c[0].get_facecolor()) for c in ax.containers]
    assert len(set(faces)) == len(options)
    assert all(_luminance(f) < 0.75 for f in faces)


# ------------------------------------------------------------ value axes from the scale

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_habit_profile_spans_the_scale_and_names_it(st, lang):
    rows = pd.DataFrame([{"unit": "T1", "habit": h.id, "mean": 3.4 + 0.05 * k,
                          "ci_low": 3.3 + 0.05 * k, "ci_high": 3.6 + 0.05 * k,
                          "suppressed": False} for k, h in enumerate(st.instrument.habits)])
    fig = habit_profile(rows, st.instrument, lang=lang)
    ax = fig.axes[0]
    scale = st.instrument.scale
    assert ax.get_xlim() == (scale.min, scale.max)          # not the data's 3.3 .. 3.8
    label = ax.get_xlabel()
    assert scale.name[lang] in label
    assert scale.options[0].label(lang).lower() in label
    assert scale.options[-1].label(lang).lower() in label
    fig.canvas.draw()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2", "3", "4", "5"]
    # the label fits under the axis, also on the dashboard: projector type, 12 x 6.2 inches
    # (kit.dashboard.views.overview), saved without cropping to the drawn texts
    import matplotlib.pyplot as plt

    from kit.dashboard.figures import PROJECTOR_RC
    with plt.rc_context(PROJECTOR_RC):
        fig = habit_profile(rows, st.instrument, lang=lang)
        fig.set_size_inches(12, 6.2)
        fig.tight_layout()
        fig.canvas.draw()
        box = fig.axes[0].xaxis.label.get_window_extent()
    assert box.x0 >= 0 and box.x1 <= fig.bbox.width


@pytest.mark.parametrize(("lang", "sep", "other"), [("nl", ",", "."), ("en", ".", ",")])
def test_relation_scatter_ticks_in_the_languages_number_format(lang, sep, other):
    pts = pd.DataFrame({"unit": ["a", "b", "c", "d"], "x": [3.6, 3.7, 3.75, 3.8],
                        "y": [0.55, 0.61, 0.58, 0.7]})
    fig = relation_scatter(pts, x_label="x", y_label="y", highlight="b", target=0.65, lang=lang)
    ax = fig.axes[0]
    fig.canvas.draw()
    ticks = [t.get_text() for t in [*ax.get_xticklabels(), *ax.get_yticklabels()]]
    decimals = [t for t in ticks if sep in t]
    assert len(decimals) >= 3
    assert not any(other in t for t in ticks)


def test_relation_scatter_does_not_blow_up_small_differences():
    narrow = pd.DataFrame({"unit": ["a", "b", "c"], "x": [3.70, 3.72, 3.75], "y": [1, 2, 3]})
    ax = relation_scatter(narrow, x_label="x", y_label="y", target=4.0).axes[0]
    lo, hi = ax.get_xlim()
    assert hi - lo >= 1.0 - 1e-9 and lo < 3.70 and hi > 3.75
    assert ax.get_ylim()[1] >= 4.0                             # the target stays in view
    wide = pd.DataFrame({"unit": ["a", "b", "c"], "x": [2.0, 3.0, 4.5], "y": [1, 2, 3]})
    lo, hi = relation_scatter(wide, x_label="x", y_label="y").axes[0].get_xlim()
    assert lo <= 2.0 and hi >= 4.5 and hi - lo < 3.5           # kept to the points


def test_number_helper():
    assert _num(3.5, "nl") == "3,5" and _num(4.25, "nl", 2) == "4,25"
    assert _num(4.25, "en", 2) == "4.25"
    assert _num(-0.25, "nl", 2) == "\u22120,25"
    assert _num(0.31, "nl", 1, signed=True) == "+0,3"
    assert _num(-0.01, "en", 1, signed=True) == "0.0"


# ------------------------------------------------ statements x teams: difference from board

def _school(board, school):
    _, _, items, board_items = board
    return items[items.school == school], board_items


def test_difference_heatmap_is_team_minus_board_centred_at_zero(st, board):
    rows, board_rows = _school(board, "S02")
    fig = difference_heatmap(rows, board_rows, st.instrument)
    data = fig.kit_data
    inst_order = [i.id for i in st.instrument.items]
    assert list(data.index) == inst_order                  # grouped by habit, in order
    assert set(data.columns) == set(rows["unit"])
    shown = rows[~rows.suppressed.astype(bool)].iloc[0]
    ref = board_rows.set_index("item").loc[shown["item"], "mean"]
    assert data.loc[shown["item"], shown["unit"]] == pytest.approx(shown["mean"] - ref)
    assert data.notna().sum().sum() > 0 and (data.abs() > 0.05).any().any()
    image = fig.axes[0].images[0]
    assert image.norm.vcenter == 0
    assert image.norm.vmin == pytest.approx(-image.norm.vmax)
    assert image.norm.vmax >= np.nanmax(np.abs(data.to_numpy()))
    cb = image.colorbar
    assert cb is not None and "Verschil met het bestuur" in cb.ax.get_xlabel()
    assert cb.ax.get_xlim() == pytest.approx((-image.norm.vmax, image.norm.vmax))
    fig.canvas.draw()
    ticks = [t.get_text() for t in cb.ax.get_xticklabels()]
    assert "0" in ticks and any(t.startswith("+") and "," in t for t in ticks)
    assert fig.get_size_inches()[0] <= 9.0
    # habits named beside their statements
    side = fig.axes[0].child_axes[0]
    assert [t.get_text().replace("\n", " ") for t in side.get_yticklabels()] == \
        [h.label("nl") for h in st.instrument.habits]


def test_difference_heatmap_hidden_cells_are_grey_dashes(st, board):
    rows, board_rows = _school(board, "S02")
    rows = rows.copy()
    team, item = rows["unit"].iloc[0], "H1_03"
    hide = (rows.unit == team) & (rows.item == item)
    assert rows.loc[hide, "mean"].notna().all()
    rows.loc[hide, "suppressed"] = True                   # hidden, though the mean is there
    fig = difference_heatmap(rows, board_rows, st.instrument, lang="en")
    ax = fig.axes[0]
    i = list(fig.kit_data.index).index(item)
    j = list(fig.kit_data.columns).index(team)
    assert np.isnan(fig.kit_data.iat[i, j])
    assert np.ma.getmaskarray(ax.images[0].get_array())[i, j]
    cell = [t.get_text() for t in ax.texts if t.get_position() == (j, i)]
    assert cell == ["–"] and not any(ch.isdigit() for ch in cell[0])
    others = [t.get_text() for t in ax.texts if t.get_text() != "–"]
    assert others and all("." in t and "," not in t for t in others)


def test_difference_heatmap_of_a_school_with_hidden_teams(st, board):
    rows, board_rows = _school(board, "S04")
    fig = difference_heatmap(rows, board_rows, st.instrument)
    ax = fig.axes[0]
    for team in ("S04-PK", "S04-OB"):
        j = list(fig.kit_data.columns).index(team)
        assert fig.kit_data[team].isna().all()
        col = [t.get_text() for t in ax.texts if t.get_position()[0] == j]
        assert col == ["–"] * len(fig.kit_data)


def test_difference_heatmap_draws_names_literally(st, board):
    rows, board_rows = _school(board, "S02")
    units = list(dict.fromkeys(rows["unit"]))
    labels = {u: (HOSTILE if k == 0 else f"Team {k}") for k, u in enumerate(units)}
    fig = difference_heatmap(rows, board_rows, st.instrument, labels=labels,
                             items=["H5_01", "H1_02"])
    ax = fig.axes[0]
    fig.canvas.draw()
    assert _drawn(ax.get_xticklabels()[0].get_text()) == HOSTILE
    assert list(fig.kit_data.index) == ["H1_02", "H5_01"]    # instrument order
    for lb in ax.get_yticklabels():
        assert lb.get_text().count("\n") <= 1                # short, at most two lines


def test_difference_heatmaps_split_by_habit_with_one_colour_scale(st, board):
    rows, board_rows = _school(board, "S02")
    whole = difference_heatmap(rows, board_rows, st.instrument)
    parts = difference_heatmaps(rows, board_rows, st.instrument, max_rows=21)
    assert len(parts) >= 2
    order = [i for p in parts for i in p.kit_data.index]
    assert order == list(whole.kit_data.index)
    habit = {i.id: i.habit for i in st.instrument.items}
    seen = [{habit[i] for i in p.kit_data.index} for p in parts]
    for a in range(len(seen)):                                # each habit whole on one page
        for b in range(a + 1, len(seen)):
            assert not seen[a] & seen[b]
    assert all(len(p.kit_data) <= 21 for p in parts)
    assert {p.axes[0].images[0].norm.vmax for p in parts} == \
        {whole.axes[0].images[0].norm.vmax}
    small = difference_heatmaps(rows, board_rows, st.instrument, max_rows=4)
    assert all(len(p.kit_data) <= 4 for p in small)
    assert [i for p in small for i in p.kit_data.index] == order


def test_difference_heatmap_rejects_mixed_input(st, board):
    an, _, _, _ = board
    rows, board_rows = _school(board, "S02")
    every_wave = an.item_distributions
    with pytest.raises(ArgumentError):
        difference_heatmap(every_wave[every_wave.school == "S02"], board_rows, st.instrument)
    with pytest.raises(ArgumentError):
        difference_heatmap(rows, pd.concat([board_rows, board_rows.assign(unit="other")]),
                           st.instrument)
    with pytest.raises(ArgumentError):
        difference_heatmap(rows.drop(columns="mean"), board_rows, st.instrument)
    with pytest.raises(ArgumentError):
        difference_heatmap(rows, board_rows, st.instrument, items=["H9_99"])


def test_team_trend_over_every_wave_draws_no_hidden_mean(st, asp):
    """Issue 13, point 5: each team's habit means over all waves; a habit hidden in a wave is
    a gap, a hidden team has no trend."""
    from kit.reports.team import TeamReport
    r = TeamReport(st, "S02", "S02-U12", aspiration=asp)
    fig = r.trend_figure()
    data = fig.kit_data
    rows = r.trend_rows()
    assert list(data.index) == sorted(set(rows["wave"]),
                                      key=list(st.waves.sort_values("order")["wave"]).index)
    hidden = rows[rows["suppressed"].astype(bool)]
    assert len(hidden)                                   # H5 in autumn 2025 (4 scores)
    for w, h in zip(hidden["wave"], hidden["habit"], strict=True):
        assert np.isnan(data.loc[w, h])
    shown = rows[~rows["suppressed"].astype(bool)]
    for w, h, m in zip(shown["wave"], shown["habit"], shown["mean"], strict=True):
        assert data.loc[w, h] == pytest.approx(m)
    ax = fig.axes[0]
    assert ax.get_ylim() == (st.instrument.scale.min, st.instrument.scale.max)
    assert TeamReport(st, "S04", "S04-PK", aspiration=asp).trend_figure() is None
