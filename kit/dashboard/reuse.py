"""Figures kept between redraws: a new team's aspects are drawn by moving the bars of a figure
already made, not by making the figure again.

The aspects figure (:func:`kit.present.plots.item_bars`, enlarged for a projector) of one habit
has the same statements, tick labels, legend and layout for every team that answered the same
statements; only the bars' left edges and widths differ. Making the figure, measuring its texts
and laying it out took about two thirds of a redraw; moving the bars takes a millisecond, then
only the bars are printed to SVG and put in place of theirs in the figure's kept print (the
rest, about four fifths of a print, is the same). A test checks that the SVG of a moved figure
is byte for byte the SVG of the figure made from scratch, for every team, wave, habit and
language of the sample board (tests/test_dashboard_reuse.py).
"""

from __future__ import annotations

import io
from collections import OrderedDict
from collections.abc import Callable

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.container import BarContainer
from matplotlib.layout_engine import PlaceHolderLayoutEngine

from kit.dashboard.figures import PROJECTOR_RC, _shared_text_metrics
from kit.present.svgprint import only, splice

__all__ = ["FigureCache", "bar_geometry", "name_bars"]


def bar_geometry(rows: pd.DataFrame, instrument) -> tuple[tuple[str, ...], np.ndarray,
                                                          np.ndarray]:
    """What :func:`kit.present.plots.item_bars` draws from ``rows``: the statements shown (in
    the instrument's order), and per statement and answer option the bar's left edge and width.

    Parameters
    ----------
    rows : DataFrame
        Item distributions of one team and wave: ``item``, ``suppressed``, ``share_1`` ...
        ``share_K``.

    Returns
    -------
    (tuple of str, ndarray, ndarray)
        The item ids drawn, and the left edges and widths, each of shape (items, options).
    """
    values = [o.value for o in instrument.scale.options]
    shares = [f"share_{v}" for v in values]
    shown = rows[~rows["suppressed"].astype(bool)]
    order = {i.id: n for n, i in enumerate(instrument.items)}
    shown = shown.sort_values("item", key=lambda s: s.map(order))
    k = len(values)
    mid = int((k - 1) / 2)
    share = shown[shares].astype("float64").fillna(0.0).to_numpy()
    left = -share[:, :mid].sum(axis=1) - (share[:, mid] / 2 if k % 2 else 0.0)
    lefts, widths = np.empty_like(share), np.empty_like(share)
    for j in range(k):                     # the same sums in the same order as item_bars
        lefts[:, j] = left
        # matplotlib's bar() keeps each width as (first left + width) - first left
        # (Axes._convert_dx), which can differ from the width in the last bit
        first = left[np.isfinite(left)][0] if np.isfinite(left).any() else 0.0
        widths[:, j] = (first + share[:, j]) - first
        left = left + share[:, j]
    return tuple(shown["item"]), lefts, widths


def _bars(fig) -> list:
    return [c for c in fig.axes[0].containers if isinstance(c, BarContainer)]


def name_bars(fig):
    """Name each bar of an aspects figure (gid ``kit-bar-J-I``: answer option J, statement I),
    so that a print of the bars alone can replace theirs in a kept print
    (:func:`kit.present.svgprint.splice`); returns ``fig``."""
    for j, container in enumerate(_bars(fig)):
        for i, rect in enumerate(container):
            rect.set_gid(f"kit-bar-{j}-{i}")
    return fig


def _move_bars(fig, lefts: np.ndarray, widths: np.ndarray) -> None:
    """Give the bars of an aspects figure new left edges and widths (one bar container per
    answer option, one bar per statement, as :func:`~kit.present.plots.item_bars` adds them)."""
    bars = _bars(fig)
    if len(bars) != widths.shape[1] or any(len(c) != widths.shape[0] for c in bars):
        raise ValueError("the kept figure does not have the bars of this view")
    for j, container in enumerate(bars):
        for i, rect in enumerate(container):
            rect.set_x(lefts[i, j])
            rect.set_width(widths[i, j])


class FigureCache:
    """Aspects figures of one board, kept by what fixes their look (habit, language,
    statements shown); the least recently used is closed when more than ``size`` are kept.

    Parameters
    ----------
    size : int
        Figures kept (a figure is about 0.3 MB).
    """

    def __init__(self, size: int = 24) -> None:
        self.size = size
        self._figures: OrderedDict[tuple, object] = OrderedDict()
        self.made = 0                       # figures made from scratch
        self.moved = 0                      # redraws by moving bars

    def aspects_svg(self, key: tuple, make: Callable, lefts: np.ndarray,
                    widths: np.ndarray) -> bytes:
        """The SVG of an aspects figure: the kept figure for ``key`` with its bars moved to
        ``lefts`` and ``widths``, else ``make()``'s figure (kept for the next time).

        Drawn as :func:`kit.dashboard.figures.render_figure` draws it (projector settings,
        text as text, no date), so the bytes are the same either way.
        """
        buf = io.BytesIO()
        with plt.rc_context({**PROJECTOR_RC, "svg.fonttype": "none", "svg.hashsalt": "kit"}), \
                _shared_text_metrics():
            fig = self._figures.get(key)
            try:
                if fig is None:
                    raise LookupError(key)
                _move_bars(fig, lefts, widths)
                self._figures.move_to_end(key)
                self.moved += 1
            except (LookupError, ValueError):     # not kept, or kept with other bars
                fig = self._make(key, make)
                _move_bars(fig, lefts, widths)
                fig.kit_kept_svg = None
            moving = [rect for container in _bars(fig) for rect in container]
            if fig.kit_kept_svg is None or not all(r.get_gid() for r in moving):
                fig.savefig(buf, format="svg", metadata={"Date": None})
                fig.kit_kept_svg = buf.getvalue().decode("utf-8")
            else:                           # only the bars printed, put in the kept print
                with only(fig, moving):
                    fig.savefig(buf, format="svg", metadata={"Date": None})
                fig.kit_kept_svg = splice(fig.kit_kept_svg, buf.getvalue().decode("utf-8"),
                                          moving)
        return fig.kit_kept_svg.encode("utf-8")

    def _make(self, key: tuple, make: Callable):
        fig = make()
        if isinstance(fig.get_layout_engine(), PlaceHolderLayoutEngine):
            fig.set_layout_engine(None)     # as render_figure: drawn once by savefig
        plt.close(fig)                      # out of pyplot's list; the figure still draws
        self._figures[key] = fig
        self._figures.move_to_end(key)
        while len(self._figures) > self.size:
            self._figures.popitem(last=False)
        self.made += 1
        return fig

    def clear(self) -> None:
        """Forget every kept figure."""
        self._figures.clear()
