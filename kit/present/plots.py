"""Figures for reports, notebooks and the dashboard (seaborn/matplotlib).

Figures are built from the kit's aggregate tables, never from raw answers, so privacy holds by
construction: a suppressed unit has no mean to draw. Colours come from a colour-blind-safe
palette (seaborn ``colorblind``); intervals are drawn from the precomputed ``ci_low``/``ci_high``
(no bootstrap in the plotting call).

Names, labels and item texts are passed in as plain text and drawn literally: each goes through
:func:`kit.present.markup.mpl_text` here, so a ``$`` in a name never starts mathtext.

Numbers on axes and in cells follow the figure's language: a decimal comma in Dutch ("3,5"), a
point in English (:func:`_num`). Value axes of scale scores span the instrument's scale (lowest
to highest answer option) and name it. The heat maps live in :mod:`kit.present.heatmaps` and are
importable from here as well.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from kit.errors import ArgumentError
from kit.present.markup import mpl_text
from kit.present.text import t

#: the heat maps' functions, re-exported from :mod:`kit.present.heatmaps` (see ``__getattr__``)
_HEATMAPS = ("difference_heatmap", "difference_heatmaps", "heatmap")

__all__ = ["habit_profile", "item_bars", "relation_scatter", "scale_axis_label", *_HEATMAPS]

#: the neutral answer's colour in answer bars: a grey that shows on white paper and on a
#: projector (relative luminance about 0.40; the diverging palette's own centre is near white)
NEUTRAL_GREY = "#a3a3a3"


def __getattr__(name: str):
    """``heatmap`` and ``difference_heatmap(s)`` from :mod:`kit.present.heatmaps` (imported on
    first use: that module uses this one's number format, so it cannot be imported here)."""
    if name in _HEATMAPS:
        from kit.present import heatmaps
        return getattr(heatmaps, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _num(v: float, lang: str, digits: int = 1, *, signed: bool = False) -> str:
    """``v`` with ``digits`` decimals as a reader of ``lang`` writes it: a decimal comma in
    Dutch, a point in English; a minus sign (U+2212) as on matplotlib's own axes; ``signed``
    adds "+" to a positive number (a difference). To move into :mod:`kit.present.formats`.

    >>> _num(3.5, "nl"), _num(4.25, "nl", 2), _num(4.25, "en", 2), _num(-0.25, "nl", 2)
    ('3,5', '4,25', '4.25', '−0,25')
    >>> _num(0.3, "nl", 1, signed=True), _num(0.0, "nl", 1, signed=True)
    ('+0,3', '0,0')
    """
    text = f"{v:+.{digits}f}" if signed else f"{v:.{digits}f}"
    if signed and float(text) == 0:                 # "+0,0" and "-0,0" are just "0,0"
        text = text[1:]
    text = text.replace("-", "\u2212")
    return text.replace(".", ",") if lang == "nl" else text


def _tick_formatter(lang: str, *, signed: bool = False):
    """A matplotlib formatter writing each tick with as few decimals as it needs (at most 3),
    in ``lang``'s number format (:func:`_num`)."""
    from matplotlib.ticker import FuncFormatter

    def fmt(v: float, _pos=None) -> str:
        digits = next((d for d in range(4) if abs(round(v, d) - v) < 1e-9), 3)
        return _num(v, lang, digits, signed=signed and abs(v) > 1e-12)
    return FuncFormatter(fmt)


def _scale_ends(instrument, lang: str) -> tuple[str, str]:
    """The scale's lowest and highest option as "1 = helemaal mee oneens" (lower case)."""
    lo, hi = instrument.scale.options[0], instrument.scale.options[-1]
    return (f"{lo.value} = {lo.label(lang).lower()}", f"{hi.value} = {hi.label(lang).lower()}")


def scale_axis_label(instrument, lang: str = "nl") -> str:
    """The name of the instrument's answer scale with its ends, for an axis or a colour legend.

    >>> from kit import instrument
    >>> scale_axis_label(instrument.load(), "en")
    'Five-point agreement scale: 1 = strongly disagree … 5 = strongly agree'
    """
    scale = instrument.scale
    name = scale.name.get(lang) or scale.name.get("nl") or scale.id
    lo, hi = _scale_ends(instrument, lang)
    return t("plot_scale_ends", lang, scale=name, lo=lo, hi=hi)


def habit_profile(rows: pd.DataFrame, instrument, *, lang: str = "nl",
                  highlight: str | None = None, ax=None):
    """Habit means with 95 % intervals, one colour per unit (team, school, board).

    The mean axis spans the instrument's scale, lowest to highest answer option, whatever the
    data (so a small difference looks small), and its label names the scale and its ends.

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
    lo, hi = instrument.scale.min, instrument.scale.max
    ax.set_xlim(lo, hi)
    ax.set_xticks([o.value for o in instrument.scale.options])
    ax.xaxis.set_major_formatter(_tick_formatter(lang))
    # the scale's line wrapped: it must fit under the axis, also on the dashboard's projector
    ax.set_xlabel(t("habit_score", lang) + " (" + t("interval", lang) + ")\n"
                  + mpl_text(textwrap_label(scale_axis_label(instrument, lang), 60)))
    ax.grid(axis="x", alpha=0.3)
    if units:                              # above the plot: the axis label is two lines
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=min(len(units), 4),
                  frameon=False)
    fig.tight_layout()
    return fig


def habit_trend(rows: pd.DataFrame, instrument, *, wave_labels: dict, lang: str = "nl"):
    """One unit's habit means over the waves, a line per habit, the value axis the
    instrument's whole scale (so a small change looks small) and named.

    Parameters
    ----------
    rows : DataFrame
        Aggregates of one unit (:func:`kit.analysis.teams.aggregate`): ``wave``, ``habit``,
        ``mean``, ``suppressed``; a suppressed or missing mean is not drawn (a gap).
    wave_labels : dict
        Wave id -> name, in the waves' order (the x axis).

    Returns
    -------
    matplotlib.figure.Figure
        The means drawn in ``fig.kit_data`` (waves x habits, NaN where not drawn).
    """
    need = ["wave", "habit", "mean", "suppressed"]
    if not isinstance(rows, pd.DataFrame) or any(c not in rows.columns for c in need):
        raise ArgumentError("rows must be aggregates of one unit", expected=f"columns {need}")
    habits = [h.id for h in instrument.habits]
    waves = list(wave_labels)
    shown = rows.assign(mean=rows["mean"].astype("float64")
                        .where(~rows["suppressed"].astype(bool)))
    data = shown.pivot_table(index="wave", columns="habit", values="mean", aggfunc="first",
                             dropna=False).reindex(index=waves, columns=habits)
    fig, ax = plt.subplots(figsize=(8, 4.2))
    palette = sns.color_palette("colorblind", len(habits))
    x = np.arange(len(waves))
    for k, h in enumerate(habits):
        y = data[h].to_numpy(float)
        if np.isnan(y).all():
            continue
        ax.plot(x, y, marker="o", color=palette[k], linewidth=2,
                label=mpl_text(textwrap_label(instrument.habit(h).label(lang), 28, 2)))
    ax.set_xticks(x, [mpl_text(textwrap_label(str(wave_labels[w]), 14, 2)) for w in waves])
    ax.set_xlim(-0.3, len(waves) - 0.7)
    lo, hi = instrument.scale.min, instrument.scale.max
    ax.set_ylim(lo, hi)
    ax.set_yticks([o.value for o in instrument.scale.options])
    ax.yaxis.set_major_formatter(_tick_formatter(lang))
    ax.set_ylabel(mpl_text(textwrap_label(scale_axis_label(instrument, lang), 34, 3)),
                  fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=8)
    fig.tight_layout()
    fig.kit_data = data
    return fig


def item_bars(rows: pd.DataFrame, instrument, *, lang: str = "nl", ax=None, wrap: int = 60):
    """Answers per item as diverging stacked bars (disagree left of 0, agree right).

    The neutral share is split half left, half right of the centre line, as is usual for
    diverging Likert charts. Suppressed rows are not drawn. The middle (neutral) answer is a
    grey with a thin dark edge (:data:`NEUTRAL_GREY`), not the palette's near-white centre, so
    every answer shows in print and on a projector; the legend names every answer.

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
    if k % 2:
        colours[int(mid)] = NEUTRAL_GREY
    if ax is None:
        fig, ax = plt.subplots(figsize=(9, 0.9 + 0.55 * max(len(shown), 1)))
    else:
        fig = ax.figure
    share = shown[shares].astype("float64").fillna(0.0).to_numpy()
    # left edge: minus the disagreeing shares and half the neutral share
    left = -share[:, : int(mid)].sum(axis=1) - (share[:, int(mid)] / 2 if k % 2 else 0.0)
    ys = range(len(shown))
    for j in range(k):                     # one call per answer option, all items at once
        neutral = k % 2 == 1 and j == int(mid)
        ax.barh(ys, share[:, j], left=left, color=colours[j], height=0.7,
                edgecolor="#4d4d4d" if neutral else "white", linewidth=0.6 if neutral else 0.8,
                label=mpl_text(instrument.scale.options[j].label(lang)) if len(shown) else None)
        left = left + share[:, j]
    labels = [mpl_text(textwrap.fill(instrument.item(i).text(lang, "team"), wrap))
              for i in shown["item"]]
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.axvline(0, color="#333", linewidth=0.8)
    ax.set_xlim(-1, 1)
    ax.set_xticks([-1, -0.5, 0, 0.5, 1], ["100%", "50%", "0", "50%", "100%"])
    if labels:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=k, frameon=False,
                  fontsize=8, handlelength=1.6)
    fig.tight_layout()
    return fig


def relation_scatter(points: pd.DataFrame, *, x_label: str, y_label: str,
                     highlight: str | None = None, highlight_label: str | None = None,
                     target: float | None = None, annotate: bool = True, ax=None,
                     lang: str = "nl", x_min_span: float = 1.0):
    """Teams' habit score (x) against their indicator value (y), one team highlighted.

    The axes follow the points (the whole scale would squeeze them together), but never
    exaggerate: the habit axis is at least ``x_min_span`` wide (one answer step), so teams a
    tenth of a point apart do not fill the panel, and a target stays inside the value axis.
    Tick numbers are written in ``lang``'s number format.

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
    lang : {"nl", "en"}
        Number format of the ticks (decimal comma in Dutch).
    x_min_span : float
        The least width of the habit axis, in scale points.

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
    if len(points):
        x = points["x"].astype("float64")
        left, right = ax.get_xlim()
        if right - left < x_min_span:          # widen around the points' centre
            centre = (x.min() + x.max()) / 2
            ax.set_xlim(centre - x_min_span / 2, centre + x_min_span / 2)
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(_tick_formatter(lang))
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
