"""The leader report's figure: the leader's own view beside the team's view of the leader.

One row per statement of the leadership habit, the habit itself on top: the team's mean as a
dot with its 95 % interval, the leader's own answer as a diamond, and a thin line between the
two (the gap). The value axis is the instrument's whole scale (lowest to highest answer) and
named with its ends; the legend names both marks. A statement whose team view is hidden (too
few answers) shows the leader's answer only, and its label says the team's view is hidden.
Built, like :mod:`kit.present.plots`, from the kit's gated tables only.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from kit.errors import ArgumentError
from kit.present.markup import mpl_text
from kit.present.plots import _tick_formatter, scale_axis_label, textwrap_label
from kit.present.text import t

__all__ = ["gap_figure"]


def gap_figure(gap: pd.DataFrame, instrument, *, lang: str = "nl", wrap: int = 48):
    """The leader's own view and the team's view per statement and for the habit.

    Parameters
    ----------
    gap : DataFrame
        :func:`kit.analysis.leadership.leader_gap`: ``kind``, ``habit``, ``item``,
        ``leader_value``, ``mean``, ``ci_low``, ``ci_high``, ``suppressed``.
    instrument : kit.instrument.Instrument
    lang : {"nl", "en"}

    Returns
    -------
    matplotlib.figure.Figure
        ``fig.kit_data``: the rows drawn (``label``, ``leader_value``, ``mean``, ``ci_low``,
        ``ci_high``; NaN where not drawn), top to bottom.
    """
    need = ["kind", "habit", "item", "leader_value", "mean", "ci_low", "ci_high", "suppressed"]
    if not isinstance(gap, pd.DataFrame) or any(c not in gap.columns for c in need):
        raise ArgumentError("gap must be a leader_gap table", expected=f"columns {need}")
    labels = []
    for r in gap.itertuples():
        if r.kind == "habit":
            text = t("ld_habit_row", lang, habit=instrument.habit(r.habit).label(lang))
        else:
            text = instrument.item(r.item).text(lang, "leader")
        text = textwrap_label(text, wrap, 2)
        if bool(r.suppressed):
            text += "\n" + t("ld_team_hidden_short", lang)
        labels.append(text)
    hidden = gap["suppressed"].astype(bool).to_numpy()
    data = pd.DataFrame({
        "label": labels, "leader_value": gap["leader_value"].astype(float).to_numpy(),
        "mean": np.where(hidden, np.nan, gap["mean"].astype(float)),
        "ci_low": np.where(hidden, np.nan, gap["ci_low"].astype(float)),
        "ci_high": np.where(hidden, np.nan, gap["ci_high"].astype(float))})
    team_colour, leader_colour = sns.color_palette("colorblind", 2)
    fig, ax = plt.subplots(figsize=(10, 1.4 + 0.5 * max(len(data), 1)))
    y = np.arange(len(data), dtype=float)
    for k, r in data.iterrows():
        if np.isfinite(r["mean"]) and np.isfinite(r["leader_value"]):
            ax.plot([r["mean"], r["leader_value"]], [y[k], y[k]], color="#555555",
                    linewidth=1, zorder=1)
    m = data["mean"].to_numpy(float)
    ok = np.isfinite(m)
    if ok.any():
        lo = np.nan_to_num(m[ok] - data["ci_low"].to_numpy(float)[ok])
        hi = np.nan_to_num(data["ci_high"].to_numpy(float)[ok] - m[ok])
        ax.errorbar(m[ok], y[ok], xerr=[lo, hi], fmt="o", color=team_colour, capsize=3,
                    markersize=7, zorder=2, label=t("ld_legend_team", lang))
    v = data["leader_value"].to_numpy(float)
    if np.isfinite(v).any():
        ax.scatter(v[np.isfinite(v)], y[np.isfinite(v)], marker="D", s=60,
                   color=leader_colour, zorder=3, label=t("ld_legend_leader", lang))
    ax.set_yticks(y, [mpl_text(s) for s in data["label"]], fontsize=8)
    if len(data) and gap["kind"].iloc[0] == "habit":
        ax.get_yticklabels()[0].set_fontweight("bold")
        ax.axhline(0.5, color="#999999", linewidth=0.8)
    ax.invert_yaxis()
    lo_s, hi_s = instrument.scale.min, instrument.scale.max
    ax.set_xlim(lo_s - 0.1, hi_s + 0.1)
    ax.set_xticks([o.value for o in instrument.scale.options])
    ax.xaxis.set_major_formatter(_tick_formatter(lang))
    ax.set_xlabel(mpl_text(textwrap_label(scale_axis_label(instrument, lang), 60)))
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
    fig.tight_layout()
    fig.kit_data = data
    return fig
