"""Figures for reports, notebooks and the dashboard (seaborn/matplotlib).

Figures are built from the kit's aggregate tables, never from raw answers, so privacy holds by
construction: a suppressed unit has no mean to draw. Colours come from a colour-blind-safe
palette (seaborn ``colorblind``); intervals are drawn from the precomputed ``ci_low``/``ci_high``
(no bootstrap in the plotting call).

Names, labels and item texts are passed in as plain text and drawn literally: each goes through
:func:`kit.present.markup.mpl_text` here, so a ``$`` in a name never starts mathtext.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from kit.errors import ArgumentError
from kit.present.markup import mpl_text
from kit.present.text import t

__all__ = ["habit_profile", "heatmap", "item_bars", "relation_scatter"]


def habit_profile(rows: pd.DataFrame, instrument, *, lang: str = "nl",
                  highlight: str | None = None, ax=None):
    """Habit means with 95 % intervals, one colour per unit (team, school, board).

    Parameters
    ----------
    rows : DataFrame
        Aggregates (:func:`kit.analysis.teams.aggregate`, possibly several levels concatenated) with
        ``unit``, ``habit``, ``mean``, ``ci_low``, ``ci_high``, ``suppressed``.
    highlight : str, optional
        The unit drawn first and boldest (the report's own team).

    Returns
    -------
    matplotlib.figure.Figure
    """
    need = ["unit", "habit", "mean", "ci_low", "ci_high", "suppressed"]
    if not isinstance(rows, pd.DataFrame) or any(c not in rows.columns for c in need):
        raise ArgumentError("rows must be aggregates", expected=f"columns {need}")
    shown = rows[~rows["suppressed"].astype(bool)]
    habits = [h.id for h in instrument.habits]
    labels = {h.id: h.label(lang) for h in instrument.habits}
    units = list(dict.fromkeys(([highlight] if highlight in set(shown.unit) else []) +
                               shown["unit"].tolist()))
    palette = sns.color_palette("colorblind", max(len(units), 1))
    if ax is None:
        fig, ax = plt.subplots(figsize=(8, 0.9 + 0.7 * len(habits)))
    else:
        fig = ax.figure
    step = 0.8 / max(len(units), 1)
    for k, unit in enumerate(units):
        u = shown[shown["unit"] == unit].set_index("habit").reindex(habits)
        y = [i + (k - (len(units) - 1) / 2) * step for i in range(len(habits))]
        ax.errorbar(u["mean"], y, xerr=[u["mean"] - u["ci_low"], u["ci_high"] - u["mean"]],
                    fmt="o", color=palette[k], label=mpl_text(unit), capsize=3,
                    markersize=8 if unit == highlight else 6,
                    linewidth=2 if unit == highlight else 1)
    ax.set_yticks(range(len(habits)), [mpl_text(labels[h]) for h in habits])
    ax.invert_yaxis()
    ax.set_xlim(instrument.scale.min, instrument.scale.max)
    ax.set_xlabel(t("habit_score", lang) + " (" + t("interval", lang) + ")")
    ax.grid(axis="x", alpha=0.3)
    if units:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=min(len(units), 4),
                  frameon=False)
    fig.tight_layout()
    return fig


def item_bars(rows: pd.DataFrame, instrument, *, lang: str = "nl", ax=None, wrap: int = 60):
    """Answers per item as diverging stacked bars (disagree left of 0, agree right).

    The neutral share is split half left, half right of the centre line, as is usual for
    diverging Likert charts. Suppressed rows are not drawn.

    Parameters
    ----------
    rows : DataFrame
        Item distributions (:func:`kit.analysis.teams.item_distribution`) for one unit and wave:
        ``item``, ``share_1`` ... ``share_K``, ``suppressed``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import textwrap

    values = [o.value for o in instrument.scale.options]
    shares = [f"share_{v}" for v in values]
    need = ["item", "suppressed", *shares]
    if not isinstance(rows, pd.DataFrame) or any(c not in rows.columns for c in need):
        raise ArgumentError("rows must be item distributions", expected=f"columns {need}")
    shown = rows[~rows["suppressed"].astype(bool)]
    order = {i.id: n for n, i in enumerate(instrument.items)}
    shown = shown.sort_values("item", key=lambda s: s.map(order))
    k = len(values)
    mid = (k - 1) / 2                      # index of the neutral option (odd scales)
    colours = sns.color_palette("RdBu", k)
    if ax is None:
        fig, ax = plt.subplots(figsize=(9, 0.9 + 0.55 * max(len(shown), 1)))
    else:
        fig = ax.figure
    share = shown[shares].astype("float64").fillna(0.0).to_numpy()
    # left edge: minus the disagreeing shares and half the neutral share
    left = -share[:, : int(mid)].sum(axis=1) - (share[:, int(mid)] / 2 if k % 2 else 0.0)
    ys = range(len(shown))
    for j in range(k):                     # one call per answer option, all items at once
        ax.barh(ys, share[:, j], left=left, color=colours[j], edgecolor="white", height=0.7,
                label=mpl_text(instrument.scale.options[j].label(lang)) if len(shown) else None)
        left = left + share[:, j]
    labels = [mpl_text(textwrap.fill(instrument.item(i).text(lang), wrap))
              for i in shown["item"]]
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.axvline(0, color="#333", linewidth=0.8)
    ax.set_xlim(-1, 1)
    ax.set_xticks([-1, -0.5, 0, 0.5, 1], ["100%", "50%", "0", "50%", "100%"])
    if labels:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=k, frameon=False,
                  fontsize=8)
    fig.tight_layout()
    return fig


def heatmap(rows: pd.DataFrame, instrument, *, lang: str = "nl", labels: dict | None = None,
            groups: dict | None = None, ax=None):
    """Units (teams or schools) x habits, the mean in each cell; suppressed cells stay empty.

    A suppressed unit's row is drawn grey with a dash and no number: the figure is made from
    the kit's aggregates, where a suppressed unit has no mean at all.

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

    Returns
    -------
    matplotlib.figure.Figure
        The drawn values are in ``fig.kit_data`` (a units x habits DataFrame, NaN when
        suppressed), for tests and saved views.
    """
    import numpy as np
    need = ["unit", "habit", "mean", "suppressed"]
    if not isinstance(rows, pd.DataFrame) or any(c not in rows.columns for c in need):
        raise ArgumentError("rows must be aggregates", expected=f"columns {need}")
    habits = [h.id for h in instrument.habits]
    units = list(labels) if labels else list(dict.fromkeys(rows["unit"]))
    shown = rows.assign(mean=rows["mean"].where(~rows["suppressed"].astype(bool)))
    data = shown.pivot_table(index="unit", columns="habit", values="mean", aggfunc="first",
                             dropna=False).reindex(index=units, columns=habits)
    data = data.astype("float64")
    if ax is None:
        fig, ax = plt.subplots(figsize=(9, 1.2 + 0.42 * max(len(units), 1)))
    else:
        fig = ax.figure
    lo, hi = instrument.scale.min, instrument.scale.max
    cmap = sns.color_palette("viridis", as_cmap=True).with_extremes(bad="#dddddd")
    ax.imshow(np.ma.masked_invalid(data.to_numpy()), cmap=cmap, vmin=lo, vmax=hi, aspect="auto")
    for i in range(len(units)):
        for j in range(len(habits)):
            v = data.iat[i, j]
            text = "–" if np.isnan(v) else f"{v:.1f}"
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
    fig.tight_layout()
    fig.kit_data = data
    return fig


def relation_scatter(points: pd.DataFrame, *, x_label: str, y_label: str,
                     highlight: str | None = None, highlight_label: str | None = None,
                     target: float | None = None, annotate: bool = True, ax=None):
    """Teams' habit score (x) against their indicator value (y), one team highlighted.

    Parameters
    ----------
    points : DataFrame
        ``unit``, ``x``, ``y``: only teams that are not suppressed on either value.
    highlight : str, optional
        The report's own team: drawn larger, in another colour, and labelled. A team that is
        not in ``points`` (suppressed) is not drawn at all.
    target : float, optional
        The indicator's target, drawn as a dashed line.
    annotate : bool
        Write the highlighted team's name beside its point (off in small multiples, which
        carry one legend instead).

    Returns
    -------
    matplotlib.figure.Figure
        The drawn points are in ``fig.kit_data`` (when the function made the figure).
    """
    need = ["unit", "x", "y"]
    if not isinstance(points, pd.DataFrame) or any(c not in points.columns for c in need):
        raise ArgumentError("points lacks columns", expected=f"columns {need}")
    palette = sns.color_palette("colorblind")
    own_figure = ax is None
    if own_figure:
        fig, ax = plt.subplots(figsize=(5.5, 4))
    else:
        fig = ax.figure
    others = points[points["unit"] != highlight]
    ax.scatter(others["x"], others["y"], color=palette[7], s=40, alpha=0.8)
    own = points[points["unit"] == highlight]
    if len(own):
        ax.scatter(own["x"], own["y"], color=palette[3], s=120 if annotate else 60, zorder=3,
                   edgecolor="black")
    if len(own) and annotate:
        ax.annotate(mpl_text(highlight_label or highlight), (own["x"].iloc[0], own["y"].iloc[0]),
                    xytext=(8, 6), textcoords="offset points", fontsize=10, weight="bold")
    if target is not None:
        ax.axhline(target, color="#555", linestyle="--", linewidth=1)
    ax.set_xlabel(mpl_text(x_label))
    ax.set_ylabel(mpl_text(y_label))
    ax.grid(alpha=0.3)
    if own_figure:
        fig.tight_layout()
        fig.kit_data = points.reset_index(drop=True)
    return fig


def textwrap_label(text: str, width: int, max_lines: int | None = None) -> str:
    """``text`` wrapped at ``width`` characters (axis labels), at most ``max_lines`` lines
    (the last one ending in "…" when cut).

    >>> print(textwrap_label("Katholieke Basisschool Sint Jozef en Mariaschool", 24, 2))
    Katholieke Basisschool
    Sint Jozef en…
    """
    import textwrap
    if max_lines is None:
        return textwrap.fill(text, width)
    return "\n".join(textwrap.wrap(text, width, max_lines=max_lines, placeholder="…"))
