"""The board's analysis, computed once and shared by every report and the dashboard.

A team report needs the aggregates of every team, school and the board (for its comparison,
its suppression and the relations across teams); a school report and the board report need the
same tables. :class:`BoardAnalysis` computes each table on first use and keeps it, and
:func:`board_analysis` keeps the last few analyses per process, keyed on the store's content
(its ``manifest.json``), the privacy threshold, the aspiration file's content and the minimum
number of teams. A batch that renders many reports in one warm kernel (see :mod:`kit.reports.warm`)
therefore computes the board once, and a dashboard switching teams redraws from these tables.

Privacy is unchanged: every table here is the output of the kit's suppressing functions.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from functools import cached_property
from pathlib import Path

import pandas as pd

from kit.analysis.privacy import DEFAULT_THRESHOLD, check_threshold
from kit.analysis.relations import MIN_TEAMS

__all__ = ["BoardAnalysis", "board_analysis", "clear_cache"]

_CACHE: OrderedDict[tuple, BoardAnalysis] = OrderedDict()
_CACHE_SIZE = 4
_LOCK = threading.Lock()


def _store_key(store) -> tuple:
    mf = Path(store.path) / "manifest.json"
    return (str(Path(store.path).resolve()), hashlib.sha256(mf.read_bytes()).hexdigest())


def _aspiration_key(aspiration) -> str | None:
    if aspiration is None:
        return None
    src = getattr(aspiration, "source", None)
    if src is not None and Path(src).is_file():
        return hashlib.sha256(Path(src).read_bytes()).hexdigest()
    return repr(aspiration)


class BoardAnalysis:
    """Every table the reports and the dashboard show, for one store and one set of settings.

    Parameters
    ----------
    store : kit.store.Store
    threshold : int
        Privacy threshold for staff groups (default 5, never below 3).
    aspiration : kit.analysis.aspiration.Aspiration, optional
    min_teams : int
        Minimum number of teams for a relation (default 8).
    """

    def __init__(self, store, *, threshold: int = DEFAULT_THRESHOLD, aspiration=None,
                 min_teams: int = MIN_TEAMS) -> None:
        self.store = store
        self.threshold = check_threshold(threshold)
        self.aspiration = aspiration
        self.min_teams = min_teams
        self._reliability: dict[str, pd.DataFrame] = {}
        self._multilevel: dict[str, pd.DataFrame] = {}

    @cached_property
    def waves(self) -> list[str]:
        """The store's waves, oldest first."""
        return self.store.waves.sort_values("order")["wave"].tolist()

    @cached_property
    def gate(self):
        """What may be shown of every team, school, habit, statement and dimension
        (:func:`kit.analysis.privacy.disclosure`): the one decision every table below takes."""
        from kit.analysis.privacy import disclosure
        st = self.store
        return disclosure(st.respondents, st.answers, st.instrument, threshold=self.threshold)

    @cached_property
    def aggregates(self) -> pd.DataFrame:
        """Team, school and board aggregates per habit and wave
        (:func:`kit.analysis.teams.aggregate`).

        Returns
        -------
        DataFrame
            :data:`kit.analysis.teams.AGGREGATE_COLUMNS`: ``level`` (``team``, ``school``,
            ``board``), ``unit``, ``school``, ``wave``, ``habit``, ``n``, ``mean``, ``sd``,
            ``se``, ``ci_low``, ``ci_high``, ``rwg_j``, ``size``, ``response_rate``,
            ``suppressed``, ``suppression``; the team rows first, then schools, then the board.
        """
        from kit.analysis.teams import aggregate
        st = self.store
        parts = [aggregate(st.respondents, st.answers, st.instrument, level=lv, teams=st.teams,
                           threshold=self.threshold, gate=self.gate)
                 for lv in ("team", "school", "board")]
        return pd.concat(parts, ignore_index=True)

    @cached_property
    def hidden_together(self) -> pd.DataFrame:
        """Per school, wave and habit, the school's hidden teams taken together, where that
        discloses nothing (:func:`kit.analysis.teams.hidden_together`).

        Returns
        -------
        DataFrame
            :data:`kit.analysis.teams.TOGETHER_COLUMNS`: ``school``, ``wave``, ``habit``,
            ``n_teams``, ``n``, ``mean``, ``ci_low``, ``ci_high``.
        """
        from kit.analysis.teams import hidden_together
        st = self.store
        return hidden_together(st.respondents, st.answers, st.instrument, gate=self.gate,
                               threshold=self.threshold)

    @cached_property
    def dimension_aggregates(self) -> pd.DataFrame:
        """Team aggregates per OECD dimension and wave.

        Returns
        -------
        DataFrame
            :data:`kit.analysis.teams.AGGREGATE_COLUMNS` (``level``, ``unit``, ``school``,
            ``wave``, ``habit``, ``n``, ``mean``, ...), team rows only; ``habit`` holds the
            dimension id and ``rwg_j`` is NaN.
        """
        from kit.analysis.teams import aggregate
        st = self.store
        return aggregate(st.respondents, st.answers, st.instrument, level="team",
                         by="dimension", teams=st.teams, threshold=self.threshold,
                         gate=self.gate)

    @cached_property
    def item_distributions(self) -> pd.DataFrame:
        """Every team's item distributions, every wave (suppressed like the habit scores).

        Returns
        -------
        DataFrame
            The columns of :func:`kit.analysis.teams.item_distribution`: ``level``, ``unit``,
            ``school``, ``wave``, ``item``, ``habit``, ``n``, ``mean``, ``sd``, ``ci_low``,
            ``ci_high``, ``share_1`` ... ``share_K``, ``suppressed``, ``suppression``.
        """
        from kit.analysis.teams import item_distribution
        st = self.store
        return item_distribution(st.respondents, st.answers, st.instrument, level="team",
                                 threshold=self.threshold, gate=self.gate)

    @cached_property
    def board_item_distributions(self) -> pd.DataFrame:
        """The board's item distributions as a whole, every wave (the reference of the
        school report's statement x team differences).

        Returns
        -------
        DataFrame
            The columns of :attr:`item_distributions` (``level`` always ``"board"``,
            ``unit`` the board id, ``wave``, ``item``, ``habit``, ``n``, ``mean``, ...,
            ``suppressed``, ``suppression``).
        """
        from kit.analysis.teams import item_distribution
        st = self.store
        return item_distribution(st.respondents, st.answers, st.instrument, level="board",
                                 threshold=self.threshold, gate=self.gate)

    @cached_property
    def changes(self) -> pd.DataFrame:
        """Change since the previous wave for every team, school and the board.

        Returns
        -------
        DataFrame
            The columns of :func:`kit.analysis.teams.change`: ``level``, ``unit``, ``habit``,
            ``wave``, ``previous_wave``, ``change``, ``ci_low``, ``ci_high``, ``n``,
            ``n_previous``; suppressed units have no rows.
        """
        from kit.analysis.teams import change
        return pd.concat([change(self.aggregates[self.aggregates.level == lv], self.waves)
                          for lv in ("team", "school", "board")], ignore_index=True)

    @cached_property
    def indicators(self) -> pd.DataFrame:
        """Indicator values of every team, school and the board per period.

        Returns
        -------
        DataFrame
            :data:`kit.analysis.aspiration.RESULT_COLUMNS`: ``indicator``, ``unit_level``
            (``team``, ``school``, ``board``), ``unit``, ``school``, ``period`` (the wave),
            ``value``, ``n_pupils``, ``n_not_comparable``, ``target``, ``direction``,
            ``on_course``, ``trend``, ``suppressed``. Without an aspiration: an empty frame
            without columns.
        """
        from kit.analysis.aspiration import evaluate
        if self.aspiration is None:
            return pd.DataFrame()
        st = self.store
        board = str(st.manifest.get("board") or "board")
        parts = [evaluate(self.aspiration, st.observations, st.tests, periods=st.waves,
                          unit_level=lv, board=board) for lv in ("team", "school", "board")]
        return pd.concat([p for p in parts if len(p)], ignore_index=True) if any(
            len(p) for p in parts) else parts[0]

    @cached_property
    def current_indicators(self) -> pd.DataFrame:
        """What a report of each wave shows: every indicator's values measured in that wave
        or, when it has none there, in the latest earlier wave of the same school year.

        A mid-year test taken in January falls in the autumn wave's window, yet it is the
        latest reading result when the spring report is made. Values never carry over into
        another school year, nor across waves without a start date.

        Returns
        -------
        DataFrame
            The columns of :attr:`indicators` (``indicator``, ``unit_level``, ``unit``,
            ``school``, ``period``, ``value``, ...), ``period`` being the wave reported on,
            then ``measured``: the wave the values come from. Without an aspiration: empty,
            with only ``measured``.
        """
        ind = self.indicators
        if ind.empty:
            return ind.assign(measured=pd.Series(dtype="object"))
        w = self.store.waves.sort_values("order")
        start = pd.to_datetime(w["start"])
        year = dict(zip(w["wave"], [s.year - (s.month < 8) if pd.notna(s) else None
                                    for s in start], strict=True))
        have = set(zip(ind["indicator"], ind["period"], strict=True))
        parts = []
        for k, wave in enumerate(self.waves):
            for i in dict.fromkeys(ind["indicator"]):
                src = next((p for p in reversed(self.waves[:k + 1]) if (i, p) in have and
                            (p == wave or (year[p] is not None and year[p] == year[wave]))),
                           None)
                if src is not None:
                    parts.append(ind[(ind.indicator == i) & (ind.period == src)]
                                 .assign(period=wave, measured=src))
        return pd.concat(parts, ignore_index=True) if parts else ind.assign(
            measured=pd.Series(dtype="object"))

    @cached_property
    def relations(self) -> pd.DataFrame:
        """Habits against indicators across the board's teams, every wave, on
        :attr:`current_indicators` (:func:`kit.analysis.relations.team_relations`).

        Returns
        -------
        DataFrame
            :data:`kit.analysis.relations.RELATION_COLUMNS`: ``habit``, ``indicator``,
            ``wave``, ``n_teams``, ``status``, ``pearson_r``, ``pearson_ci_low``,
            ``pearson_ci_high``, ``pearson_boot_low``, ``pearson_boot_high``,
            ``spearman_rho``, ``spearman_ci_low``, ``spearman_ci_high``. Without an
            aspiration: an empty frame without columns.
        """
        from kit.analysis.relations import team_relations
        ind = self.current_indicators
        if ind.empty:
            return pd.DataFrame()
        teams = self.aggregates[self.aggregates.level == "team"]
        ind = ind[ind["unit_level"] == "team"]
        return team_relations(teams, ind, min_teams=self.min_teams)

    def multilevel(self, wave: str) -> pd.DataFrame:
        """Random-intercept models of each mean indicator (pupils' values) on each habit's
        team score, pupils in teams (in schools from ``min_schools`` up;
        :func:`kit.analysis.multilevel.mixed_model`), for ``wave``. Shares (0/1 per pupil) and
        growth are left out. Suppressed teams take no part. Values measured in an earlier wave
        of the school year are used as in :attr:`current_indicators`.

        Parameters
        ----------
        wave : str
            The wave reported on.

        Returns
        -------
        DataFrame
            One row per habit and mean indicator: ``habit``, ``indicator``, ``status``,
            ``levels``, ``n_pupils``, ``n_teams``, ``n_schools``, ``slope``, ``ci_low``,
            ``ci_high``, ``note`` (the keys of the ``mixed_model`` result); empty (with these
            columns) without an aspiration.
        """
        if wave in self._multilevel:
            return self._multilevel[wave]
        from kit.analysis.aspiration import pupil_values
        from kit.analysis.multilevel import mixed_model
        cols = ["habit", "indicator", "status", "levels", "n_pupils", "n_teams", "n_schools",
                "slope", "ci_low", "ci_high", "note"]
        cur = self.current_indicators
        rows = []
        if self.aspiration is not None and len(cur):
            a = self.aggregates
            teams = a[(a.level == "team") & (a.wave == wave) & ~a.suppressed.astype(bool)]
            st = self.store
            for ind in self.aspiration.indicators:
                if ind.statistic != "mean":
                    continue
                measured = cur.loc[(cur.indicator == ind.id) & (cur.period == wave), "measured"]
                if measured.empty:
                    continue
                pv = pupil_values(ind, st.observations, st.tests, periods=st.waves)
                pv = pv[(pv.period == measured.iloc[0]) & pv["value"].notna()]
                # only teams whose staff scores and whose indicator value are both shown, as
                # in the relations across teams: pupils of a team below the pupils'
                # threshold (or hidden beside one) take no part
                open_ = cur[(cur.unit_level == "team") & (cur.indicator == ind.id) &
                            (cur.period == wave) & ~cur.suppressed.astype(bool)]
                pv = pv[pv.team.isin(set(teams.unit) & set(open_.unit))][
                    ["pupil_id", "team", "school", "value"]]
                for habit in dict.fromkeys(teams["habit"]):
                    ts = teams[teams.habit == habit].rename(
                        columns={"unit": "team", "mean": "score"})[["team", "school", "score"]]
                    fit = mixed_model(pv, ts, min_teams=self.min_teams)
                    if fit.get("status") == "boundary" and fit.get("at_zero") == ["school"]:
                        # a school variance of zero: the REML fit is the two-level one
                        fit = {**mixed_model(pv, ts, min_teams=self.min_teams, levels=2),
                               "n_schools": fit.get("n_schools"),
                               "note": "school variance estimated at zero: two levels"}
                    rows.append({"habit": habit, "indicator": ind.id,
                                 **{k: fit.get(k) for k in cols[2:]}})
        out = pd.DataFrame(rows, columns=cols)
        self._multilevel[wave] = out
        return out

    def reliability(self, wave: str) -> pd.DataFrame:
        """Cronbach's alpha and omega total per habit in ``wave`` (all respondents).

        Parameters
        ----------
        wave : str

        Returns
        -------
        DataFrame
            The columns of :func:`kit.analysis.teams.reliability_by_habit`: ``wave``,
            ``habit``, ``k``, ``n``, ``alpha``, ``alpha_ci_low``, ``alpha_ci_high``,
            ``omega_total``.
        """
        if wave not in self._reliability:
            from kit.analysis.teams import reliability_by_habit
            self._reliability[wave] = reliability_by_habit(
                self.store.answers, self.store.instrument, wave=wave,
                respondents=self.store.respondents)     # leaders' own answers left out
        return self._reliability[wave]

    def teams_frame(self) -> pd.DataFrame:
        """One row per team, in the organisation's order.

        Returns
        -------
        DataFrame
            ``team``, ``team_name``, ``school``, ``school_name``.
        """
        t = self.store.teams
        return t.drop_duplicates("team")[["team", "team_name", "school", "school_name"]] \
            .reset_index(drop=True)


def board_analysis(store, *, threshold: int = DEFAULT_THRESHOLD, aspiration=None,
                   min_teams: int = MIN_TEAMS) -> BoardAnalysis:
    """The shared :class:`BoardAnalysis` for these settings (made on first use per process).

    The key is the store's ``manifest.json`` content (a re-ingest changes it), the threshold,
    the aspiration file's content and ``min_teams``; the last few analyses are kept.
    """
    key = (_store_key(store), check_threshold(threshold), _aspiration_key(aspiration),
           int(min_teams))
    with _LOCK:
        found = _CACHE.get(key)
        if found is not None:
            _CACHE.move_to_end(key)
            return found
        made = BoardAnalysis(store, threshold=threshold, aspiration=aspiration,
                             min_teams=min_teams)
        _CACHE[key] = made
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
        return made


def clear_cache() -> None:
    """Forget every kept analysis (tests; after rewriting a store in place)."""
    with _LOCK:
        _CACHE.clear()
