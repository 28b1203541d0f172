"""Answer bars kept from one team report to the next: the same figure with the bars moved.

A team report draws the answers to each habit's statements as diverging stacked bars
(:func:`kit.present.plots.item_bars`). Every report of a board draws the same five figures
but for the bars' lengths: the statements (labels), the answer options (legend), the axes and
their layout are the same whenever the same statements are shown. :func:`kept_item_bars`
therefore keeps one figure per set of shown statements in this process (a batch worker's warm
kernel) and, for the next report, only sets each bar's left edge and length as
:func:`~kit.present.plots.item_bars` computes them: the figure is the one a new drawing
gives (``tests/test_batch_figures.py``), without the drawing and the layout. Its bars are named
(``kit-bar-J-I``: answer option J, statement I) and listed in ``fig.kit_moving``, so that
:func:`kit.present.svgprint.kept_svg` prints only them for the next report.

The figures are the report's own: the dashboard, which changes the figure it gets, draws new
ones (:meth:`kit.reports.team.TeamReport.items_figure` without ``kept``).
"""

from __future__ import annotations

import pandas as pd

from kit.present.plots import item_bars

__all__ = ["kept_item_bars"]

#: figures kept in this process: layout key -> figure (the oldest dropped beyond _KEEP)
_KEPT: dict = {}
_KEEP = 16


def _shown(rows: pd.DataFrame, instrument) -> pd.DataFrame:
    """The rows :func:`~kit.present.plots.item_bars` draws, in its order."""
    shown = rows[~rows["suppressed"].astype(bool)]
    order = {i.id: n for n, i in enumerate(instrument.items)}
    return shown.sort_values("item", key=lambda s: s.map(order))


def _key(shown: pd.DataFrame, instrument, lang: str) -> tuple:
    options = tuple((o.value, o.label(lang)) for o in instrument.scale.options)
    items = tuple((i, instrument.item(i).text(lang, "team")) for i in shown["item"])
    return lang, options, items


def _move(fig, shown: pd.DataFrame, instrument) -> None:
    """Each bar's left edge and length for ``shown``'s shares, as item_bars computes them."""
    values = [o.value for o in instrument.scale.options]
    k = len(values)
    mid = (k - 1) / 2
    share = shown[[f"share_{v}" for v in values]].astype("float64").fillna(0.0).to_numpy()
    left = -share[:, : int(mid)].sum(axis=1) - (share[:, int(mid)] / 2 if k % 2 else 0.0)
    for j, bars in enumerate(fig.axes[0].containers):
        for i, rect in enumerate(bars.patches):
            rect.set_x(left[i])
            rect.set_width(share[i, j])
        bars.datavalues = share[:, j]
        left = left + share[:, j]


def kept_item_bars(rows: pd.DataFrame, instrument, *, lang: str = "nl"):
    """:func:`kit.present.plots.item_bars` of ``rows``, on the figure kept from the last call
    with the same shown statements when there is one (its bars moved).

    Parameters
    ----------
    rows : DataFrame
        Item distributions for one unit and wave, as for :func:`~kit.present.plots.item_bars`:
        ``item``, ``share_1`` ... ``share_K``, ``suppressed``.

    Returns
    -------
    matplotlib.figure.Figure
        Its bars in ``fig.kit_moving``. Not registered with pyplot when kept: show it with
        :func:`kit.present.svgprint.show`.
    """
    shown = _shown(rows, instrument)
    key = _key(shown, instrument, lang)
    fig = _KEPT.get(key)
    if fig is None or len(fig.axes) != 1:
        fig = item_bars(rows, instrument, lang=lang)
        moving = []
        for j, bars in enumerate(fig.axes[0].containers):
            for i, rect in enumerate(bars.patches):
                rect.set_gid(f"kit-bar-{j}-{i}")
                moving.append(rect)
        fig.kit_moving = moving
        while len(_KEPT) >= _KEEP:
            _KEPT.pop(next(iter(_KEPT)))
        _KEPT[key] = fig
    else:
        _move(fig, shown, instrument)
    return fig
