"""The relations grid of a team report, drawn once per board and reused.

Every team report of a board shows the same grid: per habit (rows) and indicator (columns) the
board's teams, each indicator's target as a dashed line. Reports differ only in the highlighted
team (its point, and the legend naming it). On a large board the grid takes longer to draw than
anything else in a report, so a process keeps the last grid it drew and, for the next report
with the same panels and points, only replaces the team's marks and the legend: the figure is
the one a new drawing would give (the same artists, in the same order). Printing it costs more
still; the report notebook shows it through :mod:`kit.present.svgprint`, which prints the grid
without the marks once and adds each report's marks to that print.
"""

from __future__ import annotations

import hashlib

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from kit.present.markup import mpl_text
from kit.present.plots import relation_scatter

__all__ = ["relations_grid"]

#: the last grid drawn in this process: (key, figure)
_LAST: list = []


def _key(pts: pd.DataFrame, habits: list, inds: list, ok: set, lang: str,
         other_label: str) -> str:
    h = hashlib.sha256(repr((lang, other_label, sorted(ok),
                             [(x.id, x.label(lang)) for x in habits],
                             [(i.id, i.label(lang), i.target) for i in inds])).encode())
    h.update(pd.util.hash_pandas_object(pts, index=False).to_numpy().tobytes())
    return h.hexdigest()


def _draw(pts: pd.DataFrame, habits: list, inds: list, ok: set, lang: str):
    """The grid without a highlighted team; its panels' (axes, points) pairs."""
    fig, axes = plt.subplots(len(habits), len(inds), figsize=(1.0 + 2.7 * len(inds),
                             0.9 + 1.75 * len(habits)), sharey="col", squeeze=False)
    panels = []
    for k, ind in enumerate(inds):
        titled = False
        for r, habit in enumerate(habits):
            if (habit.id, ind.id) not in ok:      # no relation: no (empty) panel
                fig.delaxes(axes[r][k])
                continue
            p = pts[(pts.indicator == ind.id) & (pts.habit == habit.id)]
            relation_scatter(p, x_label=habit.label(lang), y_label="", highlight=None,
                             annotate=False, target=ind.target, ax=axes[r][k], lang=lang)
            axes[r][k].set_gid(f"kit-panel-{len(panels)}")
            panels.append((axes[r][k], p))
            if not titled:
                axes[r][k].set_title(mpl_text(ind.label(lang)), fontsize=9)
                titled = True
    for ax in axes.flat:
        ax.xaxis.label.set_fontsize(8)
        ax.yaxis.label.set_fontsize(7)
        ax.tick_params(labelsize=7)
    # fixed spacing: tight_layout over this many axes costs half a second per report
    fig.subplots_adjust(left=0.12 if len(inds) < 3 else 0.06, right=0.98, top=0.95,
                        bottom=0.09, wspace=0.25, hspace=0.55)
    fig.kit_panels = panels
    fig.kit_marks = []
    return fig


def _mark(fig, highlight: str | None, highlight_label: str | None, other_label: str) -> None:
    """Draw ``highlight``'s marks (and the legend) on the grid, instead of the last team's.

    As :func:`kit.present.plots.relation_scatter` draws them, the team's point larger and
    over the grey points; the grey point of every team stays (hidden under the team's own),
    so that the grid without the marks is the same in every report of the board and is
    printed once (:mod:`kit.present.svgprint`). Each mark is named (``kit-mark-N``, the
    panel's axes ``kit-panel-N``) and drawn last in its panel."""
    from matplotlib.lines import Line2D
    for artist in fig.kit_marks:
        artist.remove()
    fig.kit_marks = []
    pal = sns.color_palette("colorblind")
    if "kit_units" not in fig.__dict__:       # each panel's points as arrays, once
        fig.kit_units = [(p["unit"].to_numpy(), p["x"].to_numpy(float), p["y"].to_numpy(float))
                         for _, p in fig.kit_panels]
    drawn = False
    for k, ((ax, _), (units, x, y)) in enumerate(zip(fig.kit_panels, fig.kit_units,
                                                       strict=True)):
        own = units == highlight
        if own.any():
            drawn = True
            fig.kit_marks.append(ax.scatter(x[own], y[own], color=pal[3], s=60, zorder=3.5,
                                            edgecolor="black", gid=f"kit-mark-{k}"))
    if highlight is not None and drawn:
        fig.kit_marks.append(fig.legend(handles=[
            Line2D([], [], marker="o", linestyle="", color=pal[3], markeredgecolor="black",
                   markersize=9, label=mpl_text(highlight_label or highlight)),
            Line2D([], [], marker="o", linestyle="", color=pal[7], markersize=6,
                   label=other_label)], loc="lower center", ncol=2, frameon=False,
            fontsize=9))


def relations_grid(pts: pd.DataFrame, habits: list, inds: list, ok: set, *, lang: str,
                   highlight: str | None, highlight_label: str | None, other_label: str):
    """Per habit (rows) and indicator (columns) one panel of the teams' points, for the pairs
    in ``ok`` only; ``highlight`` (a team id) drawn larger and named in the legend.

    Parameters
    ----------
    pts : DataFrame
        ``unit``, ``habit``, ``indicator``, ``x``, ``y``: every team's point this wave
        (:meth:`kit.reports.sections._Sections.relation_points`, computed relations only).
    habits, inds : list
        The instrument's habits and the aspiration's indicators with a panel, in order.
    ok : set of (habit id, indicator id)
        The panels to draw.

    Returns
    -------
    matplotlib.figure.Figure
        Registered with pyplot (``plt.show()`` shows it); the points in ``fig.kit_data``.
    """
    key = _key(pts, habits, inds, ok, lang, other_label)
    if _LAST and _LAST[0] == key:
        fig = _LAST[1]
    else:
        fig = _draw(pts, habits, inds, ok, lang)
        _LAST[:] = [key, fig]
    _mark(fig, highlight, highlight_label, other_label)
    plt.figure(fig)                           # shown by the next plt.show(), as a new one
    fig.kit_data = pts
    return fig
