"""The dashboard's own figures, drawn for a projector: the aspiration trend, the relations of one
habit across the board's teams and text as a figure (reflection questions, notices); the others
come from :mod:`kit.present.plots`. Large type and colour-blind-safe palettes (Okabe-Ito)."""

from __future__ import annotations

import contextlib
import io
import textwrap
from collections.abc import Callable, Iterator

import matplotlib as mpl
import matplotlib.pyplot as plt
import matplotlib.text as mtext
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine

from kit.present.markup import mpl_text
from kit.present.text import t

__all__ = ["OKABE_ITO", "PROJECTOR_RC", "aspiration_figure", "layout_later",
           "relations_figure", "render_figure", "text_figure"]

#: Okabe & Ito (2008), distinguishable with every common colour-vision deficiency
OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#F0E442",
             "#000000"]

#: matplotlib settings for figures read from the back of a room
PROJECTOR_RC = {"font.size": 16, "axes.titlesize": 18, "axes.labelsize": 17,
                "xtick.labelsize": 15, "ytick.labelsize": 16, "legend.fontsize": 15,
                "figure.dpi": 100, "savefig.dpi": 100,
                "axes.prop_cycle": plt.cycler(color=OKABE_ITO)}

#: text sizes measured once per process: {text settings: {(renderer type, text, font, math,
#: dpi): (width, height, descent)}} (see :func:`_shared_text_metrics`)
_METRICS: dict[tuple, dict[tuple, tuple]] = {}
_METRICS_MAX = 50_000


@contextlib.contextmanager
def _shared_text_metrics() -> Iterator[None]:
    """Measure each text once per process instead of once per figure and renderer.

    matplotlib caches a text's size per renderer object, and every figure (and every savefig)
    gets new renderers, so the dashboard measured the same tick labels, item texts and titles
    with FreeType again for every view: most of a redraw. The size depends only on the
    renderer's type and dpi, the text, its font and the text settings, so it is kept here under
    exactly that key while figures are made and saved; what is drawn is unchanged.
    """
    rc = tuple(sorted((k, str(v)) for k, v in mpl.rcParams.items()
                      if k.startswith(("text.", "mathtext.", "font.", "svg."))))
    cache = _METRICS.setdefault(rc, {})
    original = mtext._get_text_metrics_with_cache

    def metrics(renderer, text, fontprop, ismath, dpi):
        key = (type(renderer), text, fontprop.copy(), ismath, dpi)
        found = cache.get(key)
        if found is None:
            found = renderer.get_text_width_height_descent(text, fontprop, ismath)
            if len(cache) >= _METRICS_MAX:
                cache.clear()
            cache[key] = found
        return found

    mtext._get_text_metrics_with_cache = metrics
    try:
        yield
    finally:
        mtext._get_text_metrics_with_cache = original


@contextlib.contextmanager
def layout_later() -> Iterator[None]:
    """Skip ``Figure.tight_layout`` while a report's figure is made that the dashboard then
    resizes and lays out again itself.

    :func:`kit.present.plots.habit_profile` and :func:`~kit.present.plots.item_bars` lay out
    their figure at the report's size; the dashboard enlarges it for a projector and calls
    ``tight_layout`` once more, which places the axes from scratch (the margins depend on the
    texts' sizes, not on where the axes were). The first layout measured every text for
    nothing: about a quarter of making the figure. What is drawn is unchanged (the same SVG
    bytes). Like :func:`_shared_text_metrics` it patches matplotlib for a moment, so figures
    are made in one thread (as in the kernel).
    """
    original = Figure.tight_layout
    Figure.tight_layout = lambda self, *args, **kwargs: None
    try:
        yield
    finally:
        Figure.tight_layout = original


def render_figure(make: Callable, fmt: str = "svg") -> bytes:
    """Draw ``make()``'s figure for a projector as SVG (text kept as text: quick to make, sharp
    on a projector) or PNG, and close it.

    A figure laid out by ``tight_layout`` keeps a placeholder layout engine, and ``savefig``
    then draws the whole figure once more before drawing it into the file, although the
    placeholder changes nothing; it is dropped first, so the figure is drawn once.
    """
    buf = io.BytesIO()
    with plt.rc_context({**PROJECTOR_RC, "svg.fonttype": "none", "svg.hashsalt": "kit"}), \
            _shared_text_metrics():
        fig = make()
        try:
            if isinstance(fig.get_layout_engine(), PlaceHolderLayoutEngine):
                fig.set_layout_engine(None)
            # no creation date in the SVG: the same view gives the same bytes
            fig.savefig(buf, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
        finally:
            plt.close(fig)
    return buf.getvalue()


def text_figure(title: str, lines: list[str], *, width: int = 70) -> bytes:
    """Title and lines of text as a PNG (the saved form of a view without a figure)."""
    body = "\n\n".join(textwrap.fill(s, width) for s in lines)
    n = body.count("\n") + 1

    def make():
        fig = plt.figure(figsize=(12, 1.4 + 0.34 * n))
        fig.text(0.03, 1 - 0.5 / fig.get_figheight(), mpl_text(textwrap.fill(title, 60)),
                 va="top", fontsize=20, weight="bold")
        fig.text(0.03, 1 - 1.2 / fig.get_figheight(), mpl_text(body), va="top", fontsize=16,
                 linespacing=1.25)
        return fig
    return render_figure(make, "png")


def relations_figure(points: pd.DataFrame, indicators: list, *, habit_label: str,
                     highlight: str | None, highlight_label: str, lang: str = "nl"):
    """The report's relation scatter (:func:`kit.present.plots.relation_scatter`) for one habit, one
    panel per indicator, drawn for a projector.

    Parameters
    ----------
    points : DataFrame
        :meth:`TeamReport.relation_points` of one habit: ``unit``, ``indicator``, ``x``, ``y``
        (suppressed teams already left out).
    indicators : list of kit.analysis.aspiration.Indicator
        One panel each, in this order.
    highlight : str, optional
        The team drawn larger and labelled; a team without a point is never singled out.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from kit.present.plots import relation_scatter
    n = max(len(indicators), 1)
    ncols = min(n, 2)
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(7 * ncols, 5.2 * nrows), squeeze=False)
    for ax, ind in zip(axes.flat, indicators, strict=False):   # spare axes hidden below
        relation_scatter(points[points["indicator"] == ind.id], x_label=textwrap.fill(
            habit_label, 40), y_label="", highlight=highlight, highlight_label=highlight_label,
            target=ind.target, ax=ax, lang=lang)
        ax.set_title(mpl_text(textwrap.fill(ind.label(lang), 40)))
        for coll in ax.collections:               # larger points and name for the projector
            coll.set_sizes(coll.get_sizes() * 2.5)
        for tx in ax.texts:
            tx.set_fontsize(17)
        ax.margins(x=0.08, y=0.14)                # room for the highlighted team's name
    for ax in list(axes.flat)[len(indicators):]:
        ax.set_visible(False)
    fig.tight_layout()
    return fig


def _value_axis(ax, ind, values: list, lang: str) -> None:
    """An indicator's value axis from its scale's ends, so a small change looks small: a share
    from 0 to 100%, a scale the aspiration file names (e.g. ZIEN! 1-4) from end to end with
    its name; otherwise the values and the target with room around them."""
    from matplotlib.ticker import PercentFormatter

    from kit.present.plots import _tick_formatter
    if ind is not None and ind.statistic.startswith("share"):
        ax.set_ylim(0, 1)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_ylabel(mpl_text(t("dash_share_axis", lang)))
        return
    ax.yaxis.set_major_formatter(_tick_formatter(lang))     # 2,9 in Dutch
    if ind is not None and ind.scale is not None:
        lo, hi = ind.scale
        pad = (hi - lo) * 0.03
        ax.set_ylim(lo - pad, hi + pad)
        name = ind.scale_name or {}
        if name:
            ax.set_ylabel(mpl_text(textwrap.fill(name.get(lang) or name.get("nl"), 28)))
        return
    vals = [float(v) for v in values if pd.notna(v)]
    if vals:
        lo, hi = min(vals), max(vals)
        span = max(hi - lo, abs(hi) * 0.2, 0.5)
        ax.set_ylim(lo - span * 0.5, hi + span * 0.5)


def aspiration_figure(rows: pd.DataFrame, *, labels: dict, wave_labels: dict,
                      lang: str = "nl", indicators: dict | None = None):
    """The team's indicator values per wave against their targets, one panel per indicator,
    each value axis from its scale's ends (:func:`_value_axis`).

    Parameters
    ----------
    rows : DataFrame
        ``indicator``, ``period``, ``value``, ``target`` of one team (not suppressed), the
        waves in order.
    labels, wave_labels : dict
        Indicator id -> name; wave id -> name.
    indicators : dict, optional
        Indicator id -> :class:`kit.analysis.aspiration.Indicator` (its statistic and scale).
    """
    inds = list(dict.fromkeys(rows["indicator"]))
    n = max(len(inds), 1)
    ncols = min(n, 4)
    nrows = -(-n // ncols)
    with plt.rc_context(PROJECTOR_RC):
        fig, axes = plt.subplots(nrows, ncols, figsize=(max(5.5 * ncols, 8), 4.8 * nrows),
                                 squeeze=False)
        for ax, ind in zip(axes.flat, inds, strict=False):
            r = rows[rows["indicator"] == ind]
            x = np.arange(len(r))
            ax.plot(x, r["value"], marker="o", markersize=11, linewidth=3, color=OKABE_ITO[0],
                    label=t("dash_value", lang))
            target = r["target"].dropna()
            if len(target):
                ax.axhline(float(target.iloc[-1]), color=OKABE_ITO[1], linestyle="--",
                           linewidth=2.5, label=t("dash_target", lang))
            ax.set_xticks(x, [mpl_text(textwrap.fill(wave_labels.get(w, w), 12))
                              for w in r["period"]])
            ax.set_xlim(-0.5, len(r) - 0.5)
            ax.set_title(mpl_text(textwrap.fill(labels.get(ind, ind), 30)), fontsize=16)
            _value_axis(ax, (indicators or {}).get(ind),
                        [*r["value"], *r["target"].dropna()], lang)
            ax.grid(axis="y", alpha=0.3)
        for ax in list(axes.flat)[len(inds):]:
            ax.set_visible(False)
        if inds:
            axes.flat[0].legend(loc="best", fontsize=13)
        fig.tight_layout()
    return fig
