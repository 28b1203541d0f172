"""Heat maps for reports: units x habits on the answer scale, and statements x teams as
differences from the board (the school report).

Every heat map carries a colour legend (a colour bar) that names what the colours mean: the
instrument's answer scale with its ends, or the difference from the board. A hidden cell (a
suppressed unit or statement: no mean in the kit's aggregates) is grey with a dash, never a
number. Names and statements are drawn literally (:func:`kit.present.markup.mpl_text`);
numbers follow the figure's language (decimal comma in Dutch).

Both functions are also importable from :mod:`kit.present.plots`.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from kit.errors import ArgumentError
from kit.present.markup import mpl_text
from kit.present.plots import _num, _tick_formatter, scale_axis_label, textwrap_label
from kit.present.text import t

__all__ = ["DIFF_HALFRANGE", "difference_heatmap", "difference_heatmaps", "heatmap"]

#: colour of a hidden cell: darker than the diverging map's near-white centre (a difference
#: of 0), and marked with a dash besides
HIDDEN_GREY = "#c4c4c4"

#: statements per part of :func:`difference_heatmaps`: one part stays within an A4 page
#: the difference maps' colour scale, -1.5 to +1.5 scale points in every report
DIFF_HALFRANGE = 1.5
MAX_DIFFERENCE_ROWS = 21


def _colour_legend(fig, image, *, title: str, ticks, lang: str, cax=None, ax=None,
                   signed: bool = False, note: str | None = None, extend: str = "neither"):
    """A horizontal colour legend (matplotlib colour bar) of ``image`` below the heat map.

    The bar runs from the image's ``vmin`` to ``vmax`` (its axis limits), titled ``title``
    (``note`` on a line under it), ticks in ``lang``'s number format. The gradient is drawn as an
    image of positions 0 to 1 rather than as a mesh at the values: so the figure draws no
    number on the value scale besides the cells' own (the privacy tests read every number a
    figure draws and must not mistake the legend's steps for a unit's mean).
    """
    if cax is None:
        cb = fig.colorbar(image, ax=ax, location="bottom", fraction=0.04, pad=0.04,
                          extend=extend)
    else:
        cb = fig.colorbar(image, cax=cax, orientation="horizontal", extend=extend)
    lo, hi = image.norm.vmin, image.norm.vmax
    if cb.solids is not None:
        cb.solids.remove()
        cb.solids = None
    steps = 256
    cb.ax.imshow(((np.arange(steps) + 0.5) / steps)[None, :], cmap=image.cmap, vmin=0, vmax=1,
                 aspect="auto", extent=(lo, hi, 0, 1), interpolation="bilinear", zorder=0)
    cb.ax.set_xlim(lo, hi)
    cb.set_ticks(list(ticks))
    cb.ax.xaxis.set_major_formatter(_tick_formatter(lang, signed=signed))
    cb.ax.tick_params(labelsize=8)
    # the title (and the note) are the colour bar's axis label, above the bar, not a free
    # text: a reader of the SVG (tests/disclosure_support.py) takes every free text in a heat
    # map for a cell of its nearest row
    cb.ax.xaxis.set_label_position("top")
    label = "\n".join(textwrap.fill(part, 95) for part in (title, note) if part)
    cb.ax.set_xlabel(mpl_text(label), fontsize=9)
    return cb


def heatmap(rows: pd.DataFrame, instrument, *, lang: str = "nl", labels: dict | None = None,
            groups: dict | None = None, ax=None):
    """Units (teams or schools) x habits, the mean in each cell; suppressed cells stay empty.

    A suppressed unit's row is drawn grey with a dash and no number: the figure is made from
    the kit's aggregates, where a suppressed unit has no mean at all. The colours run from the
    scale's lowest to its highest answer option (not the data's range); a colour legend below
    names the scale and its ends. Cell numbers use the language's decimal sign.

    Parameters
    ----------
    rows : DataFrame
        Aggregates (:func:`kit.analysis.teams.aggregate`) of one level and wave: ``unit``,
        ``habit``, ``mean``, ``suppressed``.
    labels : dict, optional
        Display name per unit (default: the unit id). Units are drawn in the order of
        ``labels`` when given, else in the order they appear.
    groups : dict, optional
        Group per unit (e.g. the school of a team): a line separates the groups.
    ax : matplotlib Axes, optional
        Draw here (the colour legend is then taken from its room) instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        The drawn values are in ``fig.kit_data`` (a units x habits DataFrame, NaN when
        suppressed), for tests and saved views. ``fig.axes[0]`` is the heat map; its image's
        ``colorbar`` is the legend.
    """
    need = ["unit", "habit", "mean", "suppressed"]
    if not isinstance(rows, pd.DataFrame) or any(c not in rows.columns for c in need):
        raise ArgumentError("rows must be aggregates", expected=f"columns {need}")
    habits = [h.id for h in instrument.habits]
    units = list(labels) if labels else list(dict.fromkeys(rows["unit"]))
    shown = rows.assign(mean=rows["mean"].where(~rows["suppressed"].astype(bool)))
    data = shown.pivot_table(index="unit", columns="habit", values="mean", aggfunc="first",
                             dropna=False).reindex(index=units, columns=habits)
    data = data.astype("float64")
    n = max(len(units), 1)
    cax = None
    if ax is None:
        fig, (ax, cax) = plt.subplots(2, 1, figsize=(9, 2.0 + 0.42 * n),
                                      height_ratios=[0.42 * n, 0.14])
    else:
        fig = ax.figure
    lo, hi = instrument.scale.min, instrument.scale.max
    cmap = sns.color_palette("viridis", as_cmap=True).with_extremes(bad="#dddddd")
    image = ax.imshow(np.ma.masked_invalid(data.to_numpy()), cmap=cmap, vmin=lo, vmax=hi,
                      aspect="auto")
    for i in range(len(units)):
        for j in range(len(habits)):
            v = data.iat[i, j]
            text = "–" if np.isnan(v) else _num(v, lang, 1)
            dark = not np.isnan(v) and v < lo + 0.6 * (hi - lo)
            ax.text(j, i, text, ha="center", va="center", fontsize=9,
                    color="white" if dark else "black")
    names = labels or {}
    # long names (a board's "school · team") wrap on two lines instead of squeezing the columns
    ax.set_yticks(range(len(units)), [mpl_text(textwrap_label(str(names.get(u, u)), 30, 3))
                                      for u in units], fontsize=9)
    ax.set_xticks(range(len(habits)),
                  [mpl_text(textwrap_label(instrument.habit(h).label(lang), 16)) for h in habits],
                  fontsize=9)
    ax.xaxis.tick_top()
    if groups:
        for i in range(1, len(units)):
            if groups.get(units[i]) != groups.get(units[i - 1]):
                ax.axhline(i - 0.5, color="white", linewidth=3)
    ax.set_frame_on(False)
    ax.tick_params(length=0)
    _colour_legend(fig, image, title=scale_axis_label(instrument, lang), lang=lang, cax=cax,
                   ax=ax, ticks=[o.value for o in instrument.scale.options])
    fig.tight_layout()
    fig.kit_data = data
    return fig


def _item_means(rows: pd.DataFrame, what: str) -> pd.DataFrame:
    """Checked item rows of one wave, the mean NaN where suppressed."""
    need = ["unit", "item", "mean", "suppressed"]
    if not isinstance(rows, pd.DataFrame) or any(c not in rows.columns for c in need):
        raise ArgumentError(f"{what} must be item distributions", expected=f"columns {need}")
    if "wave" in rows.columns and rows["wave"].nunique() > 1:
        raise ArgumentError(f"{what} must be of one wave",
                            expected=f"one wave, not {sorted(map(str, rows['wave'].unique()))}")
    return rows.assign(mean=rows["mean"].astype("float64")
                       .where(~rows["suppressed"].astype(bool)))


def _differences(rows, board_rows, instrument, labels, items) -> pd.DataFrame:
    """Statements x teams: the team's mean minus the board's, NaN where either is hidden."""
    team = _item_means(rows, "rows")
    board = _item_means(board_rows, "board_rows")
    if board["unit"].nunique() > 1:
        raise ArgumentError("board_rows must be one board", expected="one unit")
    known = {i.id for i in instrument.items}
    wanted = set(items) if items is not None else known
    if wanted - known:
        raise ArgumentError(f"unknown statements {sorted(wanted - known)}",
                            expected="statement ids of the instrument")
    order = [i.id for i in instrument.items if i.id in wanted]
    units = list(labels) if labels else list(dict.fromkeys(team["unit"]))
    means = team.pivot_table(index="item", columns="unit", values="mean", aggfunc="first",
                             dropna=False).reindex(index=order, columns=units)
    ref = board.drop_duplicates("item").set_index("item")["mean"].reindex(order)
    return means.astype("float64").sub(ref, axis=0)


def difference_heatmap(rows: pd.DataFrame, board_rows: pd.DataFrame, instrument, *,
                       lang: str = "nl", labels: dict | None = None,
                       items: list | None = None, halfrange: float | None = None):
    """Statements (rows, grouped by habit) x teams (columns): each team's statement mean minus
    the board's, on a diverging colour map centred at 0 with a colour legend.

    Blue: the team agrees more than the board as a whole, red: less. A hidden cell (the team's
    statement suppressed, or no mean) is grey with a dash, never a number.

    Parameters
    ----------
    rows : DataFrame
        The teams' rows of :func:`kit.analysis.teams.item_distribution`, one wave: ``unit``,
        ``item``, ``mean``, ``suppressed`` (others ignored).
    board_rows : DataFrame
        The board's rows of the same function (``level="board"``), the same wave.
    labels : dict, optional
        Display name per team; teams are drawn in its order (default: ids in order of
        appearance).
    items : list of str, optional
        The statements to draw (a part of the instrument, for a page); default all, always in
        the instrument's order.
    halfrange : float, optional
        The colour scale runs from ``-halfrange`` to ``+halfrange`` (default
        :data:`DIFF_HALFRANGE`, the same in every report); a larger difference gets the end
        colour (the legend's arrows) and its number.

    Returns
    -------
    matplotlib.figure.Figure
        The differences in ``fig.kit_data`` (statements x teams DataFrame, NaN when hidden).
        ``fig.axes[0]`` is the heat map; its image's ``colorbar`` is the legend.
    """
    data = _differences(rows, board_rows, instrument, labels, items)
    order, units = list(data.index), list(data.columns)
    if halfrange is None:
        halfrange = DIFF_HALFRANGE
    # the arrows always: a legend that never depends on the data (a hidden team's answers
    # move the board's means, and with them the largest shown difference)
    extend = "both"

    n_rows, n_cols = max(len(order), 1), max(len(units), 1)
    fig, (ax, cax) = plt.subplots(2, 1, figsize=(9, 2.6 + 0.28 * n_rows),
                                  height_ratios=[0.28 * n_rows, 0.12])
    from matplotlib.colors import CenteredNorm
    cmap = sns.color_palette("RdBu", as_cmap=True).with_extremes(bad=HIDDEN_GREY)
    image = ax.imshow(np.ma.masked_invalid(data.to_numpy()), cmap=cmap, aspect="auto",
                      norm=CenteredNorm(vcenter=0.0, halfrange=halfrange))
    for i in range(len(order)):
        for j in range(len(units)):
            v = data.iat[i, j]
            text = "–" if np.isnan(v) else _num(v, lang, 1, signed=True)
            dark = not np.isnan(v) and abs(v) > 0.55 * halfrange
            ax.text(j, i, text, ha="center", va="center", fontsize=8,
                    color="white" if dark else "black")
    ax.set_yticks(range(len(order)),
                  [mpl_text(textwrap_label(instrument.item(i).text(lang, "team"), 52, 2))
                   for i in order], fontsize=7.5)
    width = max(8, min(18, 48 // n_cols))
    names = labels or {}
    ax.set_xticks(range(len(units)), [mpl_text(textwrap_label(str(names.get(u, u)), width, 3))
                                      for u in units], fontsize=8)
    ax.xaxis.tick_top()
    # habits: a white line between them and the habit's name on the right
    habit_of = [instrument.item(i).habit for i in order]
    starts = [k for k in range(len(order)) if k == 0 or habit_of[k] != habit_of[k - 1]]
    for k in starts[1:]:
        ax.axhline(k - 0.5, color="white", linewidth=4)
    ends = [*starts[1:], len(order)]
    side = ax.secondary_yaxis("right")
    side.set_yticks([(a + b - 1) / 2 for a, b in zip(starts, ends, strict=True)],
                    [mpl_text(textwrap_label(instrument.habit(habit_of[a]).label(lang), 18, 3))
                     for a in starts], fontsize=8, fontweight="bold")
    side.tick_params(length=0)
    side.spines["right"].set_visible(False)
    ax.set_frame_on(False)
    ax.tick_params(length=0)
    _colour_legend(fig, image, title=t("plot_diff_board", lang), lang=lang, cax=cax,
                   ticks=np.linspace(-halfrange, halfrange, 5), signed=True,
                   note=t("plot_hidden_cell", lang), extend=extend)
    fig.tight_layout()
    fig.kit_data = data
    return fig


def difference_heatmaps(rows: pd.DataFrame, board_rows: pd.DataFrame, instrument, *,
                        lang: str = "nl", labels: dict | None = None,
                        max_rows: int = MAX_DIFFERENCE_ROWS) -> list:
    """:func:`difference_heatmap` in parts of at most ``max_rows`` statements, whole habits
    kept together where they fit, one part per printed page. Every part has the same colour
    scale (from the largest difference of all parts), so colours compare across pages.

    Returns
    -------
    list of matplotlib.figure.Figure
        One figure per part, statements in the instrument's order (see
        :func:`difference_heatmap`).
    """
    if max_rows < 1:
        raise ArgumentError(f"max_rows is {max_rows}", expected="at least 1")
    parts: list[list[str]] = []
    for habit in instrument.habits:
        ids = [i.id for i in instrument.items if i.habit == habit.id]
        while ids:
            room = max_rows - len(parts[-1]) if parts else 0
            if parts and len(ids) <= room:
                parts[-1] += ids
                break
            parts.append(ids[:max_rows])
            ids = ids[max_rows:]
    return [difference_heatmap(rows, board_rows, instrument, lang=lang, labels=labels,
                               items=part, halfrange=DIFF_HALFRANGE) for part in parts]
