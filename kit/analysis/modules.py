"""The optional modules of an instrument (issue 15): team, school and board aggregates and
reliability of the module scales, by exactly the rules of the habits.

A module's scales are scored as habits are (:func:`kit.analysis.scoring.module_scores`); here
they pass through the same functions as the habits (:func:`kit.analysis.teams.aggregate` with
its privacy gate :func:`kit.analysis.privacy.disclosure`, agreement rwg(j), and
:func:`kit.analysis.teams.reliability_by_habit`) on the instrument's module view
(:meth:`kit.instrument.Instrument.module_view`), given the module answers only. The gate thus
counts, per team, the respondents who answered the module: a team whose members skipped it is
hidden for the module even where its habits are shown.

A store without module answers has no module rows anywhere (:func:`has_module_answers`).
"""

from __future__ import annotations

import pandas as pd

from kit.analysis.privacy import DEFAULT_THRESHOLD
from kit.analysis.scoring import module_answers
from kit.analysis.teams import AGGREGATE_COLUMNS, aggregate, reliability_by_habit

__all__ = ["MODULE_AGGREGATE_COLUMNS", "MODULE_RELIABILITY_COLUMNS", "ModuleAnalysis",
           "has_module_answers", "module_aggregate", "module_analysis", "module_reliability"]

#: columns of :func:`module_aggregate`
MODULE_AGGREGATE_COLUMNS = ["module", *["scale" if c == "habit" else c
                                        for c in AGGREGATE_COLUMNS]]
#: columns of :func:`module_reliability`
MODULE_RELIABILITY_COLUMNS = ["module", "wave", "scale", "k", "n", "alpha", "alpha_ci_low",
                              "alpha_ci_high", "omega_total"]


def has_module_answers(answers: pd.DataFrame, instrument) -> bool:
    """Whether ``answers`` holds at least one given answer to a module item of ``instrument``."""
    a = module_answers(answers, instrument)
    return bool(len(a)) and bool(pd.to_numeric(a["value"], errors="coerce").notna().any())


def _module_of(instrument) -> dict[str, str]:
    return {s.id: m.id for m in instrument.modules for s in m.scales}


def module_aggregate(respondents: pd.DataFrame, answers: pd.DataFrame, instrument, *,
                     level: str = "team", teams: pd.DataFrame | None = None,
                     threshold: int = DEFAULT_THRESHOLD, min_share: float | None = None
                     ) -> pd.DataFrame:
    """Aggregate the module scales per unit (team, school or board) and wave, as the habits.

    Returns
    -------
    DataFrame
        ``module``, ``level``, ``unit``, ``school``, ``wave``, ``scale``, ``n``, ``mean``,
        ``sd``, ``se``, ``ci_low``, ``ci_high``, ``rwg_j`` (teams), ``size``,
        ``response_rate``, ``suppressed``, ``suppression`` (see
        :func:`kit.analysis.teams.aggregate`); no rows without module answers.
    """
    if not has_module_answers(answers, instrument):
        return pd.DataFrame(columns=MODULE_AGGREGATE_COLUMNS)
    view = instrument.module_view()
    out = aggregate(respondents, module_answers(answers, instrument), view, level=level,
                    teams=teams, threshold=threshold, min_share=min_share)
    out = out.rename(columns={"habit": "scale"})
    out.insert(0, "module", out["scale"].map(_module_of(instrument)))
    return out[MODULE_AGGREGATE_COLUMNS].reset_index(drop=True)


def module_reliability(answers: pd.DataFrame, instrument, *, wave: str | None = None,
                       respondents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Cronbach's alpha (Feldt interval) and omega total of every module scale, as the habits'
    (:func:`kit.analysis.teams.reliability_by_habit`; reverse keys about the scale ends).

    Returns
    -------
    DataFrame
        ``module``, ``wave``, ``scale``, ``k``, ``n``, ``alpha``, ``alpha_ci_low``,
        ``alpha_ci_high``, ``omega_total``; no rows without module answers.
    """
    if not has_module_answers(answers, instrument):
        return pd.DataFrame(columns=MODULE_RELIABILITY_COLUMNS)
    out = reliability_by_habit(module_answers(answers, instrument), instrument.module_view(),
                               wave=wave, respondents=respondents)
    out = out.rename(columns={"habit": "scale"})
    out.insert(0, "module", out["scale"].map(_module_of(instrument)))
    return out[MODULE_RELIABILITY_COLUMNS].reset_index(drop=True)


class ModuleAnalysis:
    """The module tables of a board's analysis (:class:`kit.analysis.board.BoardAnalysis`),
    computed on first use: aggregates at every level, reliability, relations. Get it with
    :func:`module_analysis`; every table is empty for a store without module answers."""

    def __init__(self, analysis) -> None:
        self.analysis = analysis
        st = analysis.store
        self.instrument = st.instrument
        self.present = has_module_answers(st.answers, self.instrument)
        self._aggregates: pd.DataFrame | None = None
        self._reliability: dict[str, pd.DataFrame] = {}

    @property
    def aggregates(self) -> pd.DataFrame:
        """Team, school and board aggregates of the module scales.

        Returns
        -------
        DataFrame
            :data:`MODULE_AGGREGATE_COLUMNS`: ``module``, ``level``, ``unit``, ``school``,
            ``wave``, ``scale``, ``n``, ``mean``, ``sd``, ``se``, ``ci_low``, ``ci_high``,
            ``rwg_j``, ``size``, ``response_rate``, ``suppressed``, ``suppression``.
        """
        if self._aggregates is None:
            st, a = self.analysis.store, self.analysis
            parts = [module_aggregate(st.respondents, st.answers, self.instrument, level=lv,
                                      teams=st.teams, threshold=a.threshold)
                     for lv in ("team", "school", "board")] if self.present else []
            self._aggregates = pd.concat(parts, ignore_index=True) if parts else \
                pd.DataFrame(columns=MODULE_AGGREGATE_COLUMNS)
        return self._aggregates

    def reliability(self, wave: str) -> pd.DataFrame:
        """Cronbach's alpha and omega total of every module scale in ``wave`` (team members).

        Returns
        -------
        DataFrame
            :data:`MODULE_RELIABILITY_COLUMNS`: ``module``, ``wave``, ``scale``, ``k``, ``n``,
            ``alpha``, ``alpha_ci_low``, ``alpha_ci_high``, ``omega_total``.
        """
        if wave not in self._reliability:
            st = self.analysis.store
            self._reliability[wave] = module_reliability(st.answers, self.instrument, wave=wave,
                                                         respondents=st.respondents)
        return self._reliability[wave]

    def relations(self) -> pd.DataFrame:
        """The module scales against the board's indicators across teams, as the habits'
        (:func:`kit.analysis.relations.team_relations`; the scale id in ``habit``).

        Returns
        -------
        DataFrame
            :data:`kit.analysis.relations.RELATION_COLUMNS`: ``habit`` (the scale),
            ``indicator``, ``wave``, ``n_teams``, ``status``, ``pearson_r``, ...,
            ``spearman_ci_high``; empty without module answers or an aspiration.
        """
        from kit.analysis.relations import RELATION_COLUMNS, team_relations, with_module_scales
        a = self.analysis
        ind = a.current_indicators
        if not self.present or ind.empty:
            return pd.DataFrame(columns=RELATION_COLUMNS)
        teams = self.aggregates[self.aggregates.level == "team"]
        none = a.aggregates.iloc[0:0]
        return team_relations(with_module_scales(none, teams),
                              ind[ind["unit_level"] == "team"], min_teams=a.min_teams)


def module_analysis(analysis) -> ModuleAnalysis:
    """The :class:`ModuleAnalysis` of a board's analysis, made once and kept with it."""
    got = analysis.__dict__.get("_module_analysis")
    if got is None:
        got = analysis.__dict__["_module_analysis"] = ModuleAnalysis(analysis)
    return got
