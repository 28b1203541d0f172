"""SVG prints of report figures composed from a print kept for the next report.

The relations grid (:func:`grid_svg`): printing the grid (:mod:`kit.present.relgrid`) to SVG
costs most of a team report's figure time on a large board, and every report of the board
prints the same grid: only the team's marks (its point in each panel, drawn over the grey
point of every team) and the legend naming it differ. :func:`grid_svg` therefore prints the
grid without the marks once per board, process and page size, prints only the marks and the
legend for each report (every other artist hidden, which costs little), and puts each mark
into its panel's group and the legend at the end of the figure, where a drawing of the whole
figure writes them.

The result is the SVG matplotlib writes for the whole figure (``print_figure(fig, "svg",
bbox_inches="tight")``, as the notebook's inline backend prints it): the same elements in the
same order with the same coordinates and ids, but for the salted ids of clip paths and
markers, which matplotlib draws anew at random for every print anyway
(``tests/test_batch_figures.py`` compares the two). The page size is the same as well: the
tight box of the whole figure is the union of the grid's (computed once) and the legend's, as
matplotlib computes it (:meth:`matplotlib.figure.Figure.get_tightbbox`; the marks, clipped to
their axes, do not count).

A figure kept with only some artists changed (:func:`kept_svg`; the answer bars of
:mod:`kit.present.answerbars`, whose bars alone differ between the reports of a board): the
first print is kept, and for the next reports only the changed artists are printed (the others
hidden) and put in place of theirs.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from matplotlib.transforms import Bbox, TransformedBbox

__all__ = ["grid_svg", "kept_svg", "only", "show", "splice"]

#: static prints kept per grid (one per page size: a legend wider than the grid widens it)
_KEEP = 8

_GROUP = re.compile(r"<g[\s>]|</g>")
_CLIP = re.compile(r'<clipPath id="([^"]+)">\s*(<rect [^>]*/>)\s*</clipPath>')
_NUMBERED = re.compile(r'id="([a-z0-9]+)_(\d+)"', re.IGNORECASE)


def _group(svg: str, gid: str, start: int = 0) -> tuple[int, int] | None:
    """Start and end (after its ``</g>``) of the group ``<g id="gid">`` in ``svg``."""
    begin = svg.find(f'<g id="{gid}"', start)
    if begin < 0:
        return None
    depth = 0
    for m in _GROUP.finditer(svg, begin):
        depth += -1 if m.group(0) == "</g>" else 1
        if depth == 0:
            return begin, m.end()
    raise ValueError(f"unbalanced SVG group {gid}")


def _frozen(box) -> Bbox:
    return Bbox(box.get_points().copy())


def _print(fig, tight=None) -> tuple[str, Bbox]:
    """``fig`` printed to SVG as the inline backend prints it (``bbox_inches="tight"``), and the
    unpadded tight box used; ``tight(renderer)`` gives that box instead of the figure's own
    computation."""
    from IPython.core.pylabtools import print_figure
    got: list = []
    own = fig.get_tightbbox

    def spy(renderer=None, bbox_extra_artists=None):
        box = own(renderer, bbox_extra_artists=bbox_extra_artists) if tight is None \
            else tight(renderer)
        got.append(_frozen(box))
        return box
    fig.get_tightbbox = spy
    try:
        svg = print_figure(fig, "svg", bbox_inches="tight")
    finally:
        del fig.get_tightbbox
    return svg, got[-1]


@contextmanager
def only(fig, keep: list):
    """Every artist of ``fig`` but those in ``keep`` hidden meanwhile (axes stay, empty)."""
    hidden = [a for ax in fig.axes for a in ax.get_children() if a not in keep and a.get_visible()]
    hidden += [a for a in (fig.patch, *fig.legends) if a not in keep and a.get_visible()]
    for a in hidden:
        a.set_visible(False)
    try:
        yield
    finally:
        for a in hidden:
            a.set_visible(True)


@contextmanager
def _without(artists: list):
    shown = [a for a in artists if a.get_visible()]
    for a in shown:
        a.set_visible(False)
    try:
        yield
    finally:
        for a in shown:
            a.set_visible(True)


def _static(fig, marks: list, box: Bbox | None) -> str:
    """The grid without ``marks`` printed on the tight box ``box`` (None: its own, which is
    kept as ``fig.kit_static_box``)."""
    cache = fig.__dict__.setdefault("kit_static_svg", {})
    key = None if box is None else tuple(box.get_points().ravel())
    if key is None or key not in cache:
        with _without(marks):
            svg, own = _print(fig, None if box is None else (lambda _r: box))
        if box is None:
            fig.kit_static_box = own
            key = tuple(own.get_points().ravel())
        while len(cache) >= _KEEP:
            cache.pop(next(iter(cache)))
        cache[key] = svg
    return cache[key]


def _renumber(fragment: str, static: str) -> str:
    """The numbered group ids of ``fragment`` (printed alone) as they follow ``static``'s in a
    print of the whole figure (``text_3`` after a grid whose last text is ``text_190``:
    ``text_193``)."""
    last: dict[str, int] = {}
    for name, n in _NUMBERED.findall(static):
        last[name] = max(last.get(name, 0), int(n))
    return _NUMBERED.sub(lambda m: f'id="{m.group(1)}_{int(m.group(2)) + last.get(m.group(1), 0)}"'
                         if m.group(1) != "legend" else m.group(0), fragment)


def _append(svg: str, group: tuple[int, int], part: str) -> str:
    """``part`` (a group) as the last child of ``group``, indented as matplotlib writes it."""
    at = svg.rfind("</g>", group[0], group[1])
    indent = svg[svg.rfind("\n", 0, at) + 1:at]
    return svg[:at] + " " + part + "\n" + indent + svg[at:]


def grid_svg(fig) -> str:
    """The SVG of a relations grid (:func:`kit.present.relgrid.relations_grid`) with its current
    team's marks: the text ``print_figure(fig, "svg", bbox_inches="tight")`` gives, composed
    from a print of the grid kept for the next report and a print of the marks alone."""
    marks = list(getattr(fig, "kit_marks", []))
    legend = next((a for a in marks if a in fig.legends), None)
    if getattr(fig, "kit_static_box", None) is None:
        _static(fig, marks, None)
    grid_box = fig.kit_static_box
    if not marks:
        return _static(fig, marks, grid_box)

    def tight(renderer):                       # as Figure.get_tightbbox: a union of boxes
        boxes = [grid_box]
        if legend is not None:
            boxes.append(TransformedBbox(legend.get_tightbbox(renderer),
                                         fig.dpi_scale_trans.inverted()))
        return Bbox.union(boxes)
    with only(fig, marks):
        alone, box = _print(fig, tight)
    svg = _static(fig, marks, box)
    rename, extra = _renamed_clips(alone, svg)
    for mark in marks:
        if mark is legend:
            continue
        found = _group(alone, mark.get_gid())
        panel = _group(svg, mark.axes.get_gid()) if found else None
        if panel is None:
            continue
        svg = _append(svg, panel, _part(alone, found, rename))
    if legend is not None:
        found = _group(alone, "legend_1")
        whole = _group(svg, "figure_1")
        if found and whole:
            part = _renumber(alone[found[0]:found[1]], svg)
            svg = _append(svg, whole, part)
    if extra:
        at = svg.rfind("</defs>")
        svg = svg[:at] + extra + svg[at:]
    return svg


def _renamed_clips(alone: str, svg: str) -> tuple[dict, str]:
    """The clip paths of ``alone`` named as the same clip paths of ``svg``; the others' text."""
    clips = {rect: cid for cid, rect in _CLIP.findall(svg)}
    rename = {cid: clips[rect] for cid, rect in _CLIP.findall(alone) if rect in clips}
    extra = "".join(m.group(0) for m in _CLIP.finditer(alone) if m.group(1) not in rename)
    return rename, extra


def _part(alone: str, found: tuple[int, int], rename: dict) -> str:
    part = alone[found[0]:found[1]]
    for old, new in rename.items():
        part = part.replace(f"url(#{old})", f"url(#{new})")
    return part


def kept_svg(fig) -> str:
    """The SVG of a figure kept from report to report with only ``fig.kit_moving`` changed
    (artists with a gid, clipped to their axes, so that the page's tight box does not depend on
    them): its first print, each moving artist's group replaced by a print of the moving
    artists alone; the text ``print_figure(fig, "svg", bbox_inches="tight")`` gives but for
    matplotlib's random ids."""
    moving = list(fig.kit_moving)
    if getattr(fig, "kit_kept_svg", None) is None:
        fig.kit_kept_svg, fig.kit_static_box = _print(fig)
        return fig.kit_kept_svg
    box = fig.kit_static_box
    with only(fig, moving):
        alone, _ = _print(fig, lambda _r: box)
    fig.kit_kept_svg = splice(fig.kit_kept_svg, alone, moving)
    return fig.kit_kept_svg


def splice(svg: str, alone: str, moving: list) -> str:
    """``svg`` (a print of a whole figure) with the group of each artist in ``moving`` (artists
    with a gid, in the order they are drawn) replaced by its group in ``alone`` (a print of the
    same figure with only those artists visible, see :func:`only`); clip paths of ``alone`` are
    named as the same clip paths of ``svg``, new ones added to its definitions."""
    rename, extra = _renamed_clips(alone, svg)
    pieces, at = [], 0
    for artist in moving:                      # in the order they are drawn
        found, old = _group(alone, artist.get_gid()), _group(svg, artist.get_gid(), at)
        if found is None or old is None:
            raise ValueError(f"the kept print has no group {artist.get_gid()}")
        pieces += [svg[at:old[0]], _part(alone, found, rename)]
        at = old[1]
    svg = "".join(pieces) + svg[at:]
    if extra:
        end = svg.rfind("</defs>")
        svg = svg[:end] + extra + svg[end:]
    return svg


def show(fig) -> None:
    """Display a report figure in a notebook as the inline backend would (``image/svg+xml``
    and the figure's text), and close it in pyplot: a relations grid composed by
    :func:`grid_svg`, a kept figure by :func:`kept_svg`, any other printed whole. A kept
    figure stays drawn for the next report."""
    import matplotlib.pyplot as plt
    from IPython.display import display
    if hasattr(fig, "kit_panels"):
        svg = grid_svg(fig)
    elif hasattr(fig, "kit_moving"):
        svg = kept_svg(fig)
    else:
        svg = _print(fig)[0]
    display({"image/svg+xml": svg, "text/plain": repr(fig)}, raw=True)
    plt.close(fig)
