"""The study-day dashboard as ipywidgets: school, team, wave, habit, language and five views.

:func:`dashboard` is what ``notebooks/study_day.ipynb`` calls; Voilà serves that notebook
(``kit dashboard``) and JupyterLab users get the same widgets by running it. A store that cannot
be shown gives a :class:`Problem` (an HTML message) instead of an exception.

Every element carries a CSS class (``kit-school``, ``kit-team``, ``kit-wave``, ``kit-habit``,
``kit-lang``, ``kit-views``, ``kit-view-box``, ``kit-save``, ``kit-status``) so a browser test
can find it; the view itself is the HTML of :meth:`kit.dashboard.views.View.to_html`.
"""

from __future__ import annotations

import os
import time
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path

import ipywidgets as w

from kit.dashboard.data import BoardData, open_store
from kit.dashboard.saving import default_out, save_view
from kit.dashboard.style import CSS
from kit.dashboard.views import View, build_view
from kit.errors import ArgumentError, KitError
from kit.present.glossary import glossary_html
from kit.present.markup import html_text
from kit.present.text import LANGS, t

__all__ = ["CSS", "Dashboard", "Problem", "dashboard", "default_out", "save_view"]

_ENV = {"store": "KIT_DASHBOARD_STORE", "aspiration": "KIT_DASHBOARD_ASPIRATION",
        "lang": "KIT_DASHBOARD_LANG", "out": "KIT_DASHBOARD_OUT"}


class Problem:
    """What the dashboard shows instead of itself when its data cannot be shown.

    Parameters
    ----------
    error : KitError
    lang : {"nl", "en"}
    """

    def __init__(self, error: KitError, lang: str = "nl") -> None:
        self.error = error
        self.message = f"{error.kind}: {error.message}"
        lang = lang if lang in LANGS else "nl"
        head = html_text(t("dash_bad_store", lang))
        self.widget = w.HTML(f"<style>{CSS}</style><div class='kit-problem'><b>{head}</b><br>"
                             f"{html_text(self.message)}</div>")
        self.widget.add_class("kit-problem-box")

    def preview(self) -> None:
        """Nothing to show before the message."""

    def warm(self) -> None:
        """Nothing to compute; only tell a waiting server that the page can be opened."""
        ready = os.environ.get("KIT_DASHBOARD_READY")
        if ready:
            Path(ready).touch()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def _no_empty_figure(view: View, lang: str) -> View:
    """``view``, or, when its figure plots no numbers (e.g. a team without pupil values for the
    aspiration's indicators), the same view with a notice instead of an empty plot area (on
    screen and in "save this view")."""
    if view.svg is None or view.values:
        return view
    return replace(view, svg=None, figure=None,
                   notice=view.notice or t("dash_nothing_to_draw", lang))


def _dropdown(cls: str, width: str, **kw) -> w.Dropdown:
    d = w.Dropdown(style={"description_width": "initial"},
                   layout=w.Layout(width=width, margin="2px 22px 2px 0"), **kw)
    d.add_class(cls)
    return d


class Dashboard:
    """The study-day dashboard for one board.

    Parameters
    ----------
    board : BoardData
    school, team, wave : str, optional
        The first selection (default: the first school and team, the latest wave).
    lang : {"nl", "en"}
    out : path, optional
        Folder for "save this view" (default :func:`default_out`).

    Attributes
    ----------
    widget : ipywidgets.VBox
        The whole dashboard (display it).
    view : View
        The view on screen.
    seconds : float
        How long the last view took to make.
    """

    _CACHE_SIZE = 64

    def __init__(self, board: BoardData, *, school: str | None = None, team: str | None = None,
                 wave: str | None = None, lang: str = "nl", out: str | Path | None = None
                 ) -> None:
        if lang not in LANGS:
            raise ArgumentError(f"unknown language {lang!r}", expected=f"one of {list(LANGS)}")
        self.board = board
        self.out = Path(out) if out else default_out()
        self._busy = False
        self._defer = False                 # select(): one render after all its changes
        self._views: OrderedDict[tuple, View] = OrderedDict()
        self.seconds = 0.0
        school = school or next(iter(board.teams))
        if school not in board.teams:
            raise ArgumentError(f"unknown school {school!r}",
                                expected=f"one of {list(board.teams)}")
        team = team or next(iter(board.teams[school]))
        if team not in board.teams[school]:
            raise ArgumentError(f"unknown team {team!r} for school {school}",
                                expected=f"one of {list(board.teams[school])}")
        wave = wave or board.waves[-1]
        if wave not in board.waves:
            raise ArgumentError(f"unknown wave {wave!r}", expected=f"one of {board.waves}")
        habits = [h.id for h in board.store.instrument.habits]

        self.title = w.HTML()
        self.title.add_class("kit-title")
        self.school = _dropdown("kit-school", "430px", options=self._school_options(), value=school)
        self.team = _dropdown("kit-team", "340px", options=self._team_options(school), value=team)
        self.wave = _dropdown("kit-wave", "340px", options=self._wave_options(lang), value=wave)
        self.habit = _dropdown("kit-habit", "640px", options=self._habit_options(lang),
                               value=habits[0])
        self.lang = w.ToggleButtons(options=[("NL", "nl"), ("EN", "en")], value=lang)
        self.lang.add_class("kit-lang")
        self.views = w.ToggleButtons(options=self._view_options(lang), value="overview")
        self.views.add_class("kit-views")
        self.save_button = w.Button(icon="")
        self.save_button.add_class("kit-save")
        self.status, self.box, self.glossary = (w.HTML() for _ in range(3))
        for part, cls in ((self.status, "kit-status"), (self.box, "kit-view-box"),
                          (self.glossary, "kit-glossary")):
            part.add_class(cls)
        self._label(lang)

        self.school.observe(self._on_school, names="value")
        for control in (self.team, self.wave, self.habit, self.views):
            control.observe(self._on_change, names="value")
        self.lang.observe(self._on_lang, names="value")
        self.save_button.on_click(lambda _b: self.save())

        rows = [w.HBox([self.title, self.lang]), w.HBox([self.school, self.team, self.wave]),
                self.views, self.habit]
        for row in rows[:2]:
            row.add_class("kit-row")
        rows[0].add_class("kit-head")
        self.header = w.VBox(rows)
        self.header.add_class("kit-header")
        self.widget = w.VBox([w.HTML(f"<style>{CSS}</style>"), self.header, self.box,
                              w.HBox([self.save_button, self.status]), self.glossary])
        self.widget.add_class("kit-dashboard")
        self.render()

    # ------------------------------------------------------------------ options and labels
    def _school_options(self) -> list[tuple[str, str]]:
        return [(name, s) for s, name in self.board.schools.items()]

    def _team_options(self, school: str) -> list[tuple[str, str]]:
        return [(name, tm) for tm, name in self.board.teams[school].items()]

    def _wave_options(self, lang: str) -> list[tuple[str, str]]:
        return [(self.board.wave_label(wv, lang), wv) for wv in reversed(self.board.waves)]

    def _habit_options(self, lang: str) -> list[tuple[str, str]]:
        return [(h.label(lang), h.id) for h in self.board.store.instrument.habits]

    def _view_options(self, lang: str) -> list[tuple[str, str]]:
        return [(t(f"dash_view_{v}", lang), v) for v in self.board.views]

    def _label(self, lang: str) -> None:
        self.title.value = f"<h1>{html_text(t('dash_title', lang))}</h1>"
        self.school.description = t("school", lang)
        self.team.description = t("team", lang)
        self.wave.description = t("wave", lang)
        self.habit.description = t("dash_habit", lang)
        self.save_button.description = t("dash_save", lang)
        self.glossary.value = (f"<details><summary>{html_text(t('gl_title', lang))}</summary>"
                               f"{glossary_html(lang)}</details>")     # the reports' words

    # ------------------------------------------------------------------ events
    def _on_school(self, change) -> None:
        if self._busy:
            return
        self._busy = True
        try:
            options = self._team_options(change["new"])
            self.team.options = options
            self.team.value = options[0][1]
        finally:
            self._busy = False
        self.render()

    def _on_change(self, _change) -> None:
        if not self._busy:
            self.render()

    def _on_lang(self, change) -> None:
        lang = change["new"]
        self._busy = True
        try:
            wave, habit, view = self.wave.value, self.habit.value, self.views.value
            self.wave.options = self._wave_options(lang)
            self.wave.value = wave
            self.habit.options = self._habit_options(lang)
            self.habit.value = habit
            self.views.options = self._view_options(lang)
            self.views.value = view
            self._label(lang)
        finally:
            self._busy = False
        self.render()

    # ------------------------------------------------------------------ drawing
    @property
    def selection(self) -> dict:
        """The current school, team, wave, habit, language and view."""
        return {"school": self.school.value, "team": self.team.value, "wave": self.wave.value,
                "habit": self.habit.value, "lang": self.lang.value, "view": self.views.value}

    def select(self, **values: str) -> View:
        """Change widgets as a user would (``school=``, ``team=``, ``wave=``, ``habit=``,
        ``lang=``, ``view=``) and return the view then shown (made once, after all the changes:
        a new school and team make only that team's view, not also the school's first team's)."""
        order = ("lang", "school", "team", "wave", "habit", "view")
        controls = {"school": self.school, "team": self.team, "wave": self.wave,
                    "habit": self.habit, "lang": self.lang, "view": self.views}
        unknown = set(values) - set(order)
        if unknown:
            raise ArgumentError(f"unknown widget(s) {sorted(unknown)}", expected=f"{order}")
        self._defer = True                  # a school and a team: one view made, not two
        try:
            for name in order:
                if name in values:
                    controls[name].value = values[name]
        finally:
            self._defer = False
            self.render()
        return self.view

    def make_view(self) -> View:
        """The view of the current selection (kept for the next visit)."""
        s = self.selection
        habit = s["habit"] if s["view"] in ("aspects", "relations") else ""
        key = (s["school"], s["team"], s["wave"], s["lang"], s["view"], habit)
        if key in self._views:
            self._views.move_to_end(key)
            return self._views[key]
        report = self.board.report(s["school"], s["team"], s["wave"], s["lang"])
        view = _no_empty_figure(build_view(self.board, report, s["view"], s["habit"]),
                                s["lang"])
        self._views[key] = view
        while len(self._views) > self._CACHE_SIZE:
            self._views.popitem(last=False)
        return view

    def render(self) -> None:
        """Show the view of the current selection."""
        if self._defer:
            return
        t0 = time.perf_counter()
        lang = self.lang.value
        self.habit.layout.display = "" if self.views.value in ("aspects", "relations") else "none"
        try:
            self.view = self.make_view()
            self.box.value = self.view.to_html()
        except Exception as err:  # noqa: BLE001 - shown on screen; Voilà hides tracebacks
            msg = err.message if isinstance(err, KitError) else f"{type(err).__name__}: {err}"
            self.view = View(self.views.value, t(f"dash_view_{self.views.value}", lang),
                             notice=t("dash_failed", lang, error=msg), team=self.team.value)
            self.box.value = f"<div class='kit-problem'>{html_text(self.view.notice)}</div>"
        self.status.value = ""
        self.seconds = time.perf_counter() - t0

    def save(self, out: str | Path | None = None) -> tuple[Path, Path] | None:
        """Write the view on screen to PNG and HTML ("save this view"); shows the paths."""
        lang = self.lang.value
        s = self.selection
        caption = ", ".join([self.board.team_names.get(s["team"], s["team"]),
                             self.board.schools.get(s["school"], s["school"]),
                             self.board.wave_label(s["wave"], lang)])
        try:
            paths = save_view(self.view, out or self.out, lang=lang, caption=caption)
        except OSError as err:
            self.status.value = html_text(t("dash_save_failed", lang, error=str(err)))
            return None
        self.status.value = html_text(t("dash_saved", lang, png=str(paths[0]),
                                        html=str(paths[1])))
        return paths

    def preview(self) -> None:
        """Show the first view as a picture while the page loads, when served by
        ``kit dashboard`` (:func:`kit.dashboard.preview.show_preview`)."""
        from kit.dashboard.preview import show_preview
        show_preview(self)

    def warm(self) -> None:
        """Compute the board's shared tables, the first team's five views and its aspects of
        every habit now, so the first visit of each view is quick.

        Then touch the file named by ``KIT_DASHBOARD_READY``, if set: ``kit dashboard`` and the
        browser tests learn from it that a preheated kernel is ready.
        """
        self.board.warm()
        s = self.selection                  # the first team's other views, for the first clicks
        for key in self.board.views:
            self.select(view=key)
        for habit in self.habit.options:    # every habit's aspects figure made and kept, so
            self.select(view="aspects", habit=habit[1])   # other teams only move its bars
        self.select(view=s["view"], habit=s["habit"])
        ready = os.environ.get("KIT_DASHBOARD_READY")
        if ready:
            Path(ready).touch()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def dashboard(store: str | Path | None = None, *, aspiration: str | Path | None = None,
              school: str | None = None, team: str | None = None, wave: str | None = None,
              lang: str | None = None, threshold: int = 5, out: str | Path | None = None
              ) -> Dashboard | Problem:
    """The dashboard for a store, or a :class:`Problem` saying why it cannot be shown.

    Parameters left as None are taken from the environment (``KIT_DASHBOARD_STORE``,
    ``KIT_DASHBOARD_ASPIRATION``, ``KIT_DASHBOARD_LANG``, ``KIT_DASHBOARD_OUT``, which
    ``kit dashboard`` sets), else: the sample board with its aspiration, Dutch.
    """
    env = os.environ
    store = store or env.get(_ENV["store"]) or None
    aspiration = aspiration or env.get(_ENV["aspiration"]) or None
    lang = lang or env.get(_ENV["lang"]) or "nl"
    try:
        if lang not in LANGS:
            raise ArgumentError(f"unknown language {lang!r}", expected=f"one of {list(LANGS)}")
        from kit.sample import resolve_inputs
        if store is None:
            store, aspiration = resolve_inputs(store, aspiration)
        st = open_store(store)
        asp = None
        if aspiration is not None:
            from kit.analysis.aspiration import load_aspiration
            asp = load_aspiration(aspiration)
        board = BoardData(st, asp, threshold=threshold)
        return Dashboard(board, school=school, team=team, wave=wave, lang=lang, out=out)
    except KitError as err:
        return Problem(err, lang if lang in LANGS else "nl")
