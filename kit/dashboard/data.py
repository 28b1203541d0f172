"""The board behind the dashboard: the store, its teams and waves, and one report per team.

Every number the dashboard shows comes from :class:`~kit.reports.team.TeamReport`, whose tables are
the board's shared analysis (:func:`kit.analysis.board_analysis`): computed once per process
and then read by every team the coach switches to, so the dashboard shows exactly the report's
numbers. :class:`BoardData` only adds what a dashboard needs around them: the lists for the
widgets, a cache of reports per (team, wave, language) that keep their answers to what every
view asks again (hidden team, hidden habit, team name), the waves' names and a clear error for a
store that cannot be shown.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import pandas as pd

from kit.analysis.privacy import DEFAULT_THRESHOLD, check_threshold
from kit.analysis.relations import MIN_TEAMS
from kit.errors import Location, StoreError
from kit.reports.team import TeamReport

__all__ = ["BoardData", "check_store", "open_store"]


class _Report(TeamReport):
    """A :class:`TeamReport` that answers the dashboard's repeated questions from memory.

    Every view asks whether the team is hidden, its name and which habits are hidden; the report
    answers each by filtering the board's tables again. The store does not change while a
    dashboard shows it, so the answers are kept (scalars, and the few rows of a habit's
    statements that the aspects view reads: :meth:`items_rows`).
    """

    @cached_property
    def suppressed(self) -> bool:
        """:attr:`TeamReport.suppressed`, computed once."""
        return TeamReport.suppressed.fget(self)

    @cached_property
    def team_name(self) -> str:
        """:attr:`TeamReport.team_name`, computed once."""
        return TeamReport.team_name.fget(self)

    def habit_hidden(self, habit: str) -> bool:
        """:meth:`TeamReport.habit_hidden`, computed once per habit."""
        memo = self.__dict__.setdefault("_hidden", {})
        if habit not in memo:
            memo[habit] = super().habit_hidden(habit)
        return memo[habit]

    def items_rows(self, habit: str) -> pd.DataFrame:
        """The rows :meth:`TeamReport.items_figure` draws for ``habit``: the item aggregates
        of this team and wave for the habit's statements (suppressed ones included), filtered
        from the board's table once per habit (a kept table: read it, never change it).

        Returns
        -------
        DataFrame
            The columns of :attr:`TeamReport.item_aggregates`: ``level``, ``unit``,
            ``school``, ``wave``, ``item``, ``habit``, ``n``, ``mean``, ``sd``, ``ci_low``,
            ``ci_high``, ``share_1`` ... ``share_K``, ``suppressed``, ``suppression``.
        """
        memo = self.__dict__.setdefault("_items_rows", {})
        if habit not in memo:
            items = self.item_aggregates
            ids = {i.id for i in self.store.instrument.habit(habit).items}
            memo[habit] = items[(items["wave"] == self.wave) & items["item"].isin(ids)]
        return memo[habit]


def open_store(path: str | Path | None):
    """Open the store at ``path`` (None: the sample board) and check that it can be shown.

    Raises
    ------
    kit.errors.StoreError
        The store is missing, not a store, from another kit version, or holds no survey data.
    """
    import kit.store
    from kit.sample import resolve_inputs
    st = kit.store.open(resolve_inputs(path)[0])
    check_store(st)
    return st


def check_store(st) -> None:
    """Raise :class:`~kit.errors.StoreError` when an opened store has nothing to show.

    Examples
    --------
    >>> import kit.store, tempfile, pathlib
    >>> empty = kit.store.write(pathlib.Path(tempfile.mkdtemp()) / "store", {})
    >>> check_store(kit.store.open(empty))
    Traceback (most recent call last):
    ...
    kit.errors.StoreError: ...store: the store holds no teams. Fix: ingest ...
    """
    where = Location(file=st.path)
    fix = "ingest the board's exports with `kit ingest ... --out STORE` (or `make demo`) first"
    if st.teams.empty:
        raise StoreError("the store holds no teams", where=where, fix=fix)
    if st.waves.empty or st.respondents.empty:
        raise StoreError("the store holds no survey responses", where=where, fix=fix)


class BoardData:
    """The board a dashboard shows: teams, waves and one :class:`TeamReport` per selection.

    Parameters
    ----------
    store : kit.store.Store
        An opened store (see :func:`open_store`).
    aspiration : kit.analysis.aspiration.Aspiration, optional
        The shared aspiration; without it the aspiration and relations views say so.
    threshold : int
        Privacy threshold (default 5, never below 3), as in the reports.
    min_teams : int
        Minimum number of teams for a relation (default 8), as in the reports.

    Attributes
    ----------
    schools : dict
        School id -> school name, in the organisation's order.
    teams : dict
        School id -> {team id -> team name}.
    waves : list of str
        Wave ids, oldest first.
    """

    def __init__(self, store, aspiration=None, *, threshold: int = DEFAULT_THRESHOLD,
                 min_teams: int = MIN_TEAMS) -> None:
        check_store(store)
        self.store = store
        self.aspiration = aspiration
        self.threshold = check_threshold(threshold)
        self.min_teams = min_teams
        teams = store.teams.drop_duplicates("team")
        self.schools: dict[str, str] = dict(zip(teams["school"], teams["school_name"],
                                                strict=True))
        self.teams: dict[str, dict[str, str]] = {
            s: dict(zip(g["team"], g["team_name"], strict=True))
            for s, g in teams.groupby("school", sort=False)}
        self.team_names: dict[str, str] = dict(zip(teams["team"], teams["team_name"],
                                                   strict=True))
        self.waves: list[str] = store.waves.sort_values("order")["wave"].tolist()
        self._reports: dict[tuple, TeamReport] = {}
        self._wave_labels: dict[tuple[str, str], str] = {}

    @cached_property
    def views(self) -> tuple[str, ...]:
        """The views this board offers: :data:`kit.dashboard.views.VIEWS`, and ``"modules"``
        when the store holds answers to an optional module."""
        from kit.analysis.modules import has_module_answers
        from kit.dashboard.views import VIEWS
        modules = has_module_answers(self.store.answers, self.store.instrument)
        return VIEWS + (("modules",) if modules else ())

    @cached_property
    def figures(self):
        """The aspects figures kept between redraws (:class:`kit.dashboard.reuse.FigureCache`;
        made on first use, so checking a store does not import matplotlib)."""
        from kit.dashboard.reuse import FigureCache
        return FigureCache()

    def wave_label(self, wave: str, lang: str) -> str:
        """The wave's name in ``lang`` from the store (its id when there is none)."""
        key = (wave, lang)
        if key not in self._wave_labels:
            w = self.store.waves.set_index("wave")
            col = f"label_{lang}"
            ok = col in w.columns and wave in w.index and pd.notna(w.at[wave, col])
            self._wave_labels[key] = str(w.at[wave, col]) if ok else wave
        return self._wave_labels[key]

    def report(self, school: str, team: str, wave: str | None = None,
               lang: str = "nl") -> TeamReport:
        """The :class:`TeamReport` of one team, wave and language (kept for the next visit)."""
        key = (school, team, wave, lang)
        if key not in self._reports:
            self._reports[key] = _Report(self.store, school, team, wave=wave, lang=lang,
                                         aspiration=self.aspiration,
                                         threshold=self.threshold, min_teams=self.min_teams)
        return self._reports[key]

    @property
    def _any(self) -> TeamReport:
        school = next(iter(self.teams))
        return self.report(school, next(iter(self.teams[school])))

    @property
    def aggregates(self) -> pd.DataFrame:
        """Team, school and board aggregates of every wave (:attr:`TeamReport.aggregates`).

        Returns
        -------
        DataFrame
            :data:`kit.analysis.teams.AGGREGATE_COLUMNS`: ``level``, ``unit``, ``school``,
            ``wave``, ``habit``, ``n``, ``mean``, ``sd``, ``se``, ``ci_low``, ``ci_high``,
            ``rwg_j``, ``size``, ``response_rate``, ``suppressed``, ``suppression``.
        """
        return self._any.aggregates

    @property
    def indicators(self) -> pd.DataFrame:
        """Indicator values of every team, school and the board per wave
        (:attr:`TeamReport.indicators`).

        Returns
        -------
        DataFrame
            :data:`kit.analysis.aspiration.RESULT_COLUMNS`: ``indicator``, ``unit_level``,
            ``unit``, ``school``, ``period``, ``value``, ``n_pupils``, ``n_not_comparable``,
            ``target``, ``direction``, ``on_course``, ``trend``, ``suppressed``; without an
            aspiration an empty frame without columns.
        """
        return self._any.indicators

    def warm(self) -> None:
        """Compute the board's shared tables now rather than at the first visit of a view."""
        r = self._any
        _ = r.aggregates, r.indicators, r.item_aggregates
        if self.aspiration is not None:
            r.relations_table()
