"""The dashboard's five views of one team, as data: a figure, a table and the plotted numbers.

Each view function takes the shared :class:`~kit.dashboard.data.BoardData` and a
:class:`~kit.reports.team.TeamReport` and returns a :class:`View`. Tables come from the report's own
methods; figures from the report and :mod:`kit.present.plots` (habit profile, item bars, relation
scatter over the report's points); only the aspiration trend is drawn here. All are drawn for a
projector: large type, colour-blind-safe palettes (seaborn ``colorblind``, Okabe-Ito, RdBu). A
suppressed team's views hold its notice and nothing else, except the shared aspiration: pupil
data with its own threshold, shown as in the team report.

:meth:`View.to_html` is what the dashboard shows and what "save this view" writes: every data
text is escaped (:func:`kit.present.markup.html_text`), and the plotted numbers are in the figure's
``data-values`` attribute (JSON) and in a small table, so tests can check data instead of pixels.
Names, labels and texts drawn in a figure go through :func:`kit.present.markup.mpl_text`
(here, or in :mod:`kit.present.plots`), so a ``$`` in a name never starts mathtext.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kit.dashboard.figures import (
    aspiration_figure,
    layout_later,
    relations_figure,
    text_figure,
)
from kit.dashboard.figures import render_figure as _render
from kit.dashboard.reuse import bar_geometry, name_bars
from kit.present.columns import COLUMNS
from kit.present.formats import html_table, present
from kit.present.markup import html_text
from kit.present.text import t

__all__ = ["VIEWS", "View", "aspects", "aspiration", "build_view", "overview", "reflection",
           "relations"]

#: the views, in the order of the dashboard's buttons
VIEWS = ("overview", "aspects", "aspiration", "relations", "reflection")


@dataclass
class View:
    """One view of one team: what the dashboard shows and what "save this view" writes.

    Attributes
    ----------
    key : str
        One of :data:`VIEWS`.
    title : str
        The heading.
    svg : bytes, optional
        The figure as SVG, shown on screen (None for a view without a figure).
    figure : callable, optional
        Draws the figure again (for the PNG of "save this view").
    table : DataFrame, optional
        The report's table for this view.
    data : DataFrame, optional
        The numbers the figure shows (also in ``data-values``).
    text : list of str
        Sentences or questions shown as a list.
    notice : str, optional
        Why nothing is shown (a suppressed team, no aspiration file...).
    team : str
        The team id (for file names and the page's ``data-team``).
    """

    key: str
    title: str
    svg: bytes | None = None
    figure: Callable | None = field(default=None, repr=False)
    table: pd.DataFrame | None = None
    data: pd.DataFrame | None = None
    text: list[str] = field(default_factory=list)
    notice: str | None = None
    team: str = ""
    suppressed: bool = False
    data_label: str = ""
    values: list = field(default_factory=list)

    def png(self) -> bytes:
        """The figure as PNG; a view without a figure is drawn as its title and text."""
        if self.figure is not None:
            return _render(self.figure, "png")
        return text_figure(self.title, self.text or ([self.notice] if self.notice else []))

    def to_html(self, *, png: bytes | None = None) -> str:
        """The view as an HTML fragment (every data text escaped).

        Parameters
        ----------
        png : bytes, optional
            Embed this PNG as the figure instead of the SVG (the saved page).
        """
        esc = html_text
        img, mime = (png, "image/png") if png is not None else (self.svg, "image/svg+xml")
        parts = [f'<div class="kit-view" data-view="{esc(self.key)}" data-team="{esc(self.team)}"'
                 f' data-suppressed="{str(self.suppressed).lower()}">',
                 f'<h2 class="kit-view-title">{esc(self.title)}</h2>']
        if self.notice:
            parts.append(f'<div class="kit-notice">{esc(self.notice)}</div>')
        if img is not None:
            values = esc(json.dumps(self.values, ensure_ascii=False, allow_nan=False))
            b64 = base64.b64encode(img).decode("ascii")
            parts.append(f'<figure class="kit-figure" data-values="{values}">'
                         f'<img src="data:{mime};base64,{b64}" alt="{esc(self.title)}">'
                         "</figure>")
        if self.text:
            tag = "ol" if self.key == "reflection" else "ul"
            items = "".join(f"<li>{esc(s)}</li>" for s in self.text)
            parts.append(f'<{tag} class="kit-text">{items}</{tag}>')
        if self.table is not None and len(self.table):
            parts.append(f'<div class="kit-table-wrap">{html_table(self.table)}</div>')
        if self.data is not None and len(self.data):
            parts.append(f'<details class="kit-data"><summary>{esc(self.data_label)}</summary>'
                         f"{html_table(self.data)}</details>")
        parts.append("</div>")
        return "".join(parts)


# ---------------------------------------------------------------------------------- figures
def _records(df: pd.DataFrame) -> list[dict]:
    out = []
    for rec in df.to_dict("records"):
        out.append({k: (None if isinstance(v, float) and not np.isfinite(v)
                        else round(float(v), 4) if isinstance(v, (float, np.floating))
                        else int(v) if isinstance(v, (np.integer,)) else v)
                    for k, v in rec.items()})
    return out


# ------------------------------------------------------------------------------------ views
def _head(board, report, key: str, **kw) -> str:
    return t(f"dash_h_{key}", report.lang, team=report.team_name,
             wave=board.wave_label(report.wave, report.lang), **kw)


def _suppressed(board, report, key: str, **kw) -> View | None:
    if not report.suppressed:
        return None
    return View(key, _head(board, report, key, **kw), notice=report.notice(), team=report.team,
                suppressed=True)


def overview(board, report) -> View:
    """The five habits: this team beside its school and the board, with the summary table."""
    lang = report.lang
    hidden = _suppressed(board, report, "overview")
    if hidden:
        return hidden
    def make():
        with layout_later():                # laid out once, below, at the projector's size
            fig = report.profile_figure()
        fig.set_size_inches(12, 6.2)
        fig.tight_layout()
        return fig
    cmp = report.comparison()
    cmp = cmp[~cmp["suppressed"].astype(bool)]
    labels = {h.id: h.label(lang) for h in board.store.instrument.habits}
    data = pd.DataFrame({t("dash_col_unit", lang): cmp["unit"].to_numpy(),
                         t("dash_col_habit", lang): cmp["habit"].map(labels).to_numpy(),
                         t("mean", lang): cmp["mean"].to_numpy(),
                         t("dash_col_low", lang): cmp["ci_low"].to_numpy(),
                         t("dash_col_high", lang): cmp["ci_high"].to_numpy()})
    values = _records(cmp[["level", "unit", "habit", "n", "mean", "ci_low", "ci_high"]])
    return View("overview", _head(board, report, "overview"), svg=_render(make), figure=make,
                table=report.present(report.summary()),
                data=present(data, lang), team=report.team, data_label=t("dash_data", lang),
                values=values)



def _habit_view(board, report, key: str, habit: str):
    """The habit's name in the report's language, and the view saying why the team is hidden
    (None when it is not)."""
    hlabel = board.store.instrument.habit(habit).label(report.lang)
    return hlabel, _suppressed(board, report, key, habit=hlabel)

def aspects(board, report, habit: str) -> View:
    """The aspects (items) of one habit with the spread of the team's answers."""
    lang = report.lang
    hlabel, hidden = _habit_view(board, report, "aspects", habit)
    if hidden:
        return hidden
    inst = board.store.instrument
    if report.habit_hidden(habit):      # this habit has too few answers in the team
        return View("aspects", _head(board, report, "aspects", habit=hlabel),
                    notice=report.habit_note(habit), team=report.team)
    def make():
        with layout_later():                # laid out once, below, at the projector's size
            fig = report.items_figure(habit)
        ax = fig.axes[0]
        n = len(ax.get_yticklabels())
        for lb in ax.get_yticklabels():
            lb.set_fontsize(15)
        height = 1.8 + 0.95 * max(n, 1)
        fig.set_size_inches(15, height)
        bottom = 0.0
        if ax.get_legend() is not None:    # the answer options centred under the whole figure
            handles, labels = ax.get_legend_handles_labels()
            ax.get_legend().remove()
            fig.legend(handles, labels, loc="lower center", ncol=len(labels), frameon=False,
                       fontsize=15)
            bottom = 0.75 / height
        fig.tight_layout(rect=(0, bottom, 1, 1))
        return name_bars(fig)
    items = report.items_rows(habit)        # this wave, this habit's statements
    ids = [i.id for i in inst.habit(habit).items]
    rows = items[~items["suppressed"].astype(bool)]
    rows = rows.set_index("item").reindex([i for i in ids if i in set(rows["item"])])
    opts = inst.scale.options
    low = [f"share_{o.value}" for o in opts[: len(opts) // 2]]
    high = [f"share_{o.value}" for o in opts[-(len(opts) // 2):]] if len(opts) > 1 else []
    table = pd.DataFrame({
        t("dash_col_aspect", lang): [inst.item(i).text(lang, "team") for i in rows.index],
        t("n", lang): rows["n"].astype(int).to_numpy(),
        t("mean", lang): rows["mean"].to_numpy(),
        t("dash_col_spread", lang): rows["sd"].to_numpy(),
        t("dash_col_disagree", lang): [f"{v:.0%}" for v in rows[low].sum(axis=1)],
        t("dash_col_agree", lang): [f"{v:.0%}" for v in rows[high].sum(axis=1)]})
    shares = rows[[f"share_{o.value}" for o in opts]]
    data = pd.DataFrame({t("dash_col_aspect", lang): rows.index})
    for o in opts:
        data[o.label(lang)] = [f"{v:.0%}" for v in shares[f"share_{o.value}"]]
    values = _records(rows.reset_index()[["item", "n", "mean", "sd", *shares.columns]])
    drawn, lefts, widths = bar_geometry(items, inst)
    svg = board.figures.aspects_svg(("aspects", habit, lang, drawn), make, lefts, widths)
    return View("aspects", _head(board, report, "aspects", habit=hlabel), svg=svg,
                figure=make, table=present(table, lang), data=present(data, lang),
                team=report.team,
                data_label=t("dash_data", lang), values=values)


def aspiration(board, report) -> View:
    """The shared aspiration: this team's indicators against their targets, and the trend.

    Shown as in the team report also when the team's staff scores are suppressed: these are
    pupil data, protected by their own threshold (a team with too few pupils has no value).
    """
    lang = report.lang
    title = _head(board, report, "aspiration")
    tidy = report.aspiration_table()
    if board.aspiration is None or tidy.empty:
        return View("aspiration", title, notice=report.aspiration_notice(), team=report.team)
    ind = board.indicators
    upto = board.waves[: board.waves.index(report.wave) + 1]
    rows = ind[(ind["unit"] == report.team) & ind["period"].isin(upto)
               & ~ind["suppressed"].astype(bool)].copy()
    rows["k"] = rows["period"].map({w: k for k, w in enumerate(board.waves)})
    rows["o"] = rows["indicator"].map({i.id: k for k, i in
                                       enumerate(board.aspiration.indicators)})
    rows = rows.sort_values(["o", "k"])
    labels = {i.id: i.label(lang) for i in board.aspiration.indicators}
    wlabels = {w: board.wave_label(w, lang) for w in board.waves}
    def make():
        return aspiration_figure(rows, labels=labels, wave_labels=wlabels, lang=lang,
                                 indicators={i.id: i for i in board.aspiration.indicators})
    data = pd.DataFrame({t("dash_col_indicator", lang): rows["indicator"].map(labels).to_numpy(),
                         t("wave", lang): rows["period"].map(wlabels).to_numpy(),
                         t("dash_value", lang).capitalize(): rows["value"].to_numpy(),
                         t("dash_target", lang).capitalize(): rows["target"].to_numpy()})
    values = _records(rows[["indicator", "period", "value", "target", "n_pupils"]])
    table = report.present(report.shares_as_percent(tidy), signed_cols=("trend",))
    return View("aspiration", title, svg=_render(make), figure=make, table=table,
                data=present(data, lang),
                team=report.team, data_label=t("dash_data", lang), values=values)


def relations(board, report, habit: str) -> View:
    """One habit against the aspiration's indicators across the board's teams, with the
    report's points, scatter and wording of each relation.

    Only this team is named; the other teams are anonymous points (in the figure, the table of
    plotted numbers and ``data-values``), and suppressed teams are left out as in the report.
    A panel is drawn only for a relation the report computes (enough teams).
    """
    lang = report.lang
    hlabel, hidden = _habit_view(board, report, "relations", habit)
    if hidden:
        return hidden
    title = _head(board, report, "relations", habit=hlabel)
    rows = report.relations_rows()
    if board.aspiration is None or rows.empty:
        return View("relations", title, notice=report.relations_notice(), team=report.team)
    mine = rows["habit"] == habit
    rows = rows[mine]
    shown = set(rows.loc[rows["r"].notna(), "indicator"])
    pts = report.relation_points()
    pts = pts[pts["habit"] == habit]
    inds = [i for i in board.aspiration.indicators
            if i.id in shown and (pts["indicator"] == i.id).any()]
    text = [s for s in rows["wording"] if isinstance(s, str) and s]
    full = report.relations_table()                   # the report's own table, as it reads it
    c = COLUMNS[lang]
    table = full[mine.to_numpy()].drop(columns=[c["habit"], c["wording"]])
    if not inds:
        return View("relations", title, text=text, table=table, team=report.team,
                    notice=t("dash_no_relation", lang))
    pts = pts[pts["indicator"].isin([i.id for i in inds])]

    def make():
        return relations_figure(pts, inds, habit_label=hlabel, highlight=report.team,
                                highlight_label=report.team_name, lang=lang)
    own = pts["unit"] == report.team
    shown_pts = pd.DataFrame({"indicator": pts["indicator"], "team": pts["unit"].where(own, None),
                              "team_name": [report.team_name if o else t("dash_other_team", lang)
                                            for o in own],
                              "mean": pts["x"], "value": pts["y"]})
    order = {i.id: k for k, i in enumerate(inds)}
    shown_pts = shown_pts.assign(o=shown_pts["indicator"].map(order)) \
        .sort_values(["o", "mean", "value"]).reset_index(drop=True)    # no organisation order
    labels = {i.id: i.label(lang) for i in inds}
    data = pd.DataFrame({t("dash_col_indicator", lang): shown_pts["indicator"].map(labels),
                         t("team", lang): shown_pts["team_name"],
                         t("mean", lang): shown_pts["mean"],
                         t("dash_value", lang).capitalize(): shown_pts["value"]})
    text.append(t("dash_highlight", lang, team=report.team_name))
    return View("relations", title, svg=_render(make), figure=make, table=table,
                data=present(data, lang),
                text=text, team=report.team, data_label=t("dash_data", lang),
                values=_records(shown_pts[["indicator", "team", "mean", "value"]]))


def reflection(board, report) -> View:
    """Reflection questions for the discussion (the report's section 6); for a hidden team
    the notice saying why, with the article's general questions and its pupils' indicators."""
    lang = report.lang
    questions = report.reflection()
    title = _head(board, report, "reflection")
    if not questions:
        return View("reflection", title, notice=report.notice() or t("dash_no_questions", lang),
                    team=report.team, suppressed=report.suppressed)
    return View("reflection", title, text=questions, team=report.team,
                notice=report.notice() if report.suppressed else None,
                suppressed=report.suppressed, values=[{"question": q} for q in questions])


def build_view(board, report, key: str, habit: str) -> View:
    """The view ``key`` (one of :data:`VIEWS`) for ``report``'s team."""
    if key == "overview":
        return overview(board, report)
    if key == "aspects":
        return aspects(board, report, habit)
    if key == "aspiration":
        return aspiration(board, report)
    if key == "relations":
        return relations(board, report, habit)
    if key == "reflection":
        return reflection(board, report)
    if key == "modules":                # only offered for a store with module answers
        from kit.dashboard.moduleview import modules
        return modules(board, report)
    from kit.errors import ArgumentError
    raise ArgumentError(f"unknown view {key!r}",
                        expected=f"one of {[*VIEWS, 'modules']} ('modules' with module answers)")
