"""The content of the school and board reports: their teams side by side, never a suppressed
team's numbers.

:class:`SchoolReport` shows one school's teams (a heat map of teams x habits), the school beside
the board, its change and its shared-aspiration indicators per team; :class:`BoardReport` shows
every school and every team of the board, how much teams differ (ICC), the indicators per school
and the relations across teams. Both share the board's analysis with the team reports
(:mod:`kit.analysis`) and the accountability section (:class:`kit.reports.sections.ReportSections`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kit.present.text import t
from kit.reports.attention import AttentionPage
from kit.reports.sections import MAX_UNIT_COLUMNS, ReportSections

__all__ = ["MAX_HEATMAP_ROWS", "MAX_UNIT_COLUMNS", "chunk_units"]


#: rows of one heat map: 1.2 + 0.42 * 25 inches high at 9 inches wide fits an A4 page
MAX_HEATMAP_ROWS = 25


def chunk_units(units: list, groups: dict, max_rows: int) -> list[list]:
    """Split ``units`` (in order) into parts of at most ``max_rows``, starting a new part at a
    group boundary (a school) when the whole group no longer fits; a group larger than
    ``max_rows`` is split on its own.

    >>> chunk_units(list("aabbbcc"), dict(zip("aabbbcc", "1122233")), 4)
    Traceback (most recent call last):
    ...
    ValueError: units must be distinct
    >>> chunk_units(["a1", "a2", "b1", "b2", "b3", "c1"], {"a1": "A", "a2": "A", "b1": "B",
    ...             "b2": "B", "b3": "B", "c1": "C"}, 4)
    [['a1', 'a2'], ['b1', 'b2', 'b3', 'c1']]
    """
    if len(set(units)) != len(units):
        raise ValueError("units must be distinct")
    if max_rows < 1:
        raise ValueError("max_rows must be at least 1")
    blocks: list[list] = []
    for u in units:
        if blocks and groups.get(u) == groups.get(blocks[-1][-1]):
            blocks[-1].append(u)
        else:
            blocks.append([u])
    parts: list[list] = []
    for block in blocks:
        while len(block) > max_rows:                       # a school larger than a page
            if parts and not parts[-1]:
                parts.pop()
            parts.append(block[:max_rows])
            block = block[max_rows:]
            parts.append([])
        if parts and len(parts[-1]) + len(block) <= max_rows:
            parts[-1].extend(block)
        else:
            parts.append(list(block))
    return [p for p in parts if p] or [[]]


class _Overview(AttentionPage, ReportSections):
    """Shared by the school and the board report."""

    level: str

    def _units_frame(self) -> pd.DataFrame:
        return self.analysis.teams_frame()

    @property
    def decision(self) -> dict:
        """The gate's decision on this school or the board as a whole this wave."""
        return self.analysis.gate.unit(self.level, self.unit, self.wave)

    def summary_notice(self) -> str:
        """Why the summary is empty: no answers, or the unit hidden by the gate."""
        d = self.decision
        if d["n"] == 0:
            return t("no_answers_team", self.lang) if self.level == "team" else \
                t("no_responses", self.lang)
        return t("suppressed_school", self.lang, threshold=self.threshold)

    def summary_html(self) -> str:
        """Section 1 as HTML: the unit's summary table, or the notice saying why it is
        hidden."""
        from kit.present.formats import notice
        table = self.summary()
        return self.show(table) if len(table) else notice(self.summary_notice())

    def summary(self) -> pd.DataFrame:
        """Section 1: this unit's habit scores (n, mean, interval, response rate) this wave;
        empty when the gate hides the unit (:meth:`summary_notice` says why).

        Returns
        -------
        DataFrame
            One row per habit shown (a hidden habit has no row): ``habit`` (id),
            ``habit_label``, ``n`` (the unit's respondents, the same on every row), ``mean``,
            ``ci_low``, ``ci_high``, ``response_rate``. No rows when the unit is hidden.
        """
        a = self.aggregates
        own = a[(a.level == self.level) & (a.unit == self.unit) & (a.wave == self.wave) &
                ~a.suppressed.astype(bool)]
        d = self.decision
        if not d["shown"]:
            own = own.iloc[0:0]
        # n is the unit's respondents, the same on every row: a per-habit n of a school
        # minus its shown teams' would give the habit's n of a team hidden for that habit
        size = own["size"].dropna()
        rate = d["n"] / float(size.iloc[0]) if len(size) and float(size.iloc[0]) else np.nan
        return pd.DataFrame({
            "habit": own["habit"].to_numpy(), "habit_label": [self._label(h) for h in own["habit"]],
            "n": [d["n"]] * len(own), "mean": own["mean"].to_numpy(float),
            "ci_low": own["ci_low"].to_numpy(float), "ci_high": own["ci_high"].to_numpy(float),
            "response_rate": [rate] * len(own)})

    def team_rows(self) -> pd.DataFrame:
        """The aggregates of this unit's teams this wave (suppressed teams have no numbers).

        Returns
        -------
        DataFrame
            The team rows of :attr:`aggregates` (:data:`kit.analysis.teams.AGGREGATE_COLUMNS`:
            ``level``, ``unit`` (team id), ``school``, ``wave``, ``habit``, ``n``, ``mean``,
            ..., ``suppressed``, ``suppression``), one per team and habit.
        """
        a = self.aggregates
        teams = self._units_frame()
        if self.level == "school":
            teams = teams[teams.school == self.unit]
        rows = a[(a.level == "team") & (a.wave == self.wave) & a.unit.isin(teams.team)]
        return rows

    def team_labels(self) -> dict:
        """Display name per team, in organisation order (school first on the board report)."""
        teams = self._units_frame()
        if self.level == "school":
            teams = teams[teams.school == self.unit]
            return dict(zip(teams.team, teams.team_name, strict=True))
        return {tm: f"{sn} · {tn}" for tm, tn, sn in
                zip(teams.team, teams.team_name, teams.school_name, strict=True)}

    #: the unit id of a school's hidden teams taken together, in heat maps and tables
    TOGETHER = "__hidden_together__"

    def together(self) -> pd.DataFrame:
        """School report: the school's hidden teams taken together this wave, per habit,
        where that discloses nothing (:func:`kit.analysis.teams.hidden_together`); empty otherwise
        and in the board report.

        Returns
        -------
        DataFrame
            :data:`kit.analysis.teams.TOGETHER_COLUMNS`: ``school``, ``wave``, ``habit``,
            ``n_teams`` (hidden teams taken together), ``n``, ``mean``, ``ci_low``,
            ``ci_high``.
        """
        h = self.analysis.hidden_together
        if self.level != "school":
            return h.iloc[0:0]
        return h[(h["school"] == self.unit) & (h["wave"] == self.wave)]

    def together_label(self) -> str | None:
        """The row label of :meth:`together`, or None when there is none."""
        g = self.together()
        if g.empty:
            return None
        return t("hidden_together", self.lang, n=int(g["n_teams"].max()))

    def _heat_rows(self) -> tuple[pd.DataFrame, dict, dict]:
        rows = self.team_rows()
        labels = self.team_labels()
        frame = self._units_frame()
        groups = dict(zip(frame.team, frame.school, strict=True))
        label = self.together_label()
        if label:
            g = self.together()
            rows = pd.concat([rows, g.assign(unit=self.TOGETHER, level="group",
                                             suppressed=False)], ignore_index=True)
            labels = {**labels, self.TOGETHER: label}
            groups[self.TOGETHER] = "~"
        return rows, labels, groups

    def team_heatmap(self):
        """Section 2: the heat map of teams x habits (grey dash where a team is suppressed;
        in the school report a last row with the hidden teams together, where shown)."""
        from kit.present.plots import heatmap
        rows, labels, groups = self._heat_rows()
        return heatmap(rows, self.store.instrument, lang=self.lang, labels=labels,
                       groups=groups)

    def team_heatmaps(self, max_rows: int = MAX_HEATMAP_ROWS) -> list:
        """:meth:`team_heatmap` in parts of at most ``max_rows`` teams, whole schools kept
        together where they fit, so that each part fits on a printed page (a board with 150
        teams would otherwise be one figure taller than any page)."""
        from kit.present.plots import heatmap
        rows, labels, groups = self._heat_rows()
        return [heatmap(rows[rows.unit.isin(part)], self.store.instrument, lang=self.lang,
                        labels={u: labels[u] for u in part}, groups=groups)
                for part in chunk_units(list(labels), groups, max_rows)]

    def team_table(self) -> pd.DataFrame:
        """Section 2 table: per team n, response rate and whether it has scores (the scores
        are in the heat map); a suppressed team shows why, never numbers.

        Returns
        -------
        DataFrame
            One row per team in organisation order (the school report: then a row for its
            hidden teams together, where shown, team id :attr:`TOGETHER`): ``team`` (id),
            ``team_label`` (name), ``n`` (respondents; NA when hidden), ``suppression`` (why
            the n is not shown: ``below_threshold``, ``complementary``, ``at_least`` for the
            hidden teams together; None when shown), ``response_rate`` (NaN when hidden),
            ``reason`` (a text key: why a team has no scores; empty when it has).
        """
        rows = self.team_rows()
        gate = self.analysis.gate
        out = []
        for team, name in self.team_labels().items():
            g = rows[rows.unit == team]
            d = gate.unit("team", team, self.wave)
            if g.empty or d["n"] == 0:
                out.append([team, name, 0, None, np.nan, "no_responses"])
                continue
            if not d["shown"] or g["suppressed"].astype(bool).all():
                small = d["reason"] == "below_threshold" or (
                    d["shown"] and (g["suppression"] == "below_threshold").any())
                out.append([team, name, pd.NA, "below_threshold" if small else "complementary",
                            np.nan, "hidden_small" if small else "hidden_complementary"])
                continue
            rr = d["n"] / float(g["size"].iloc[0]) if pd.notna(g["size"].iloc[0]) and \
                float(g["size"].iloc[0]) else np.nan
            out.append([team, name, d["n"], None, rr, ""])
        label = self.together_label()
        if label:
            # not their exact n: with a team's own n it would give a hidden habit's n
            out.append([self.TOGETHER, label, pd.NA, "at_least", np.nan, "together_note"])
        return pd.DataFrame(out, columns=["team", "team_label", "n", "suppression",
                                          "response_rate", "reason"])

    def hidden_teams(self) -> list[str]:
        """Names of this unit's teams without scores this wave."""
        rows = self.team_rows()
        labels = self.team_labels()
        shown = set(rows.loc[~rows.suppressed.astype(bool), "unit"])
        return [labels[tm] for tm in labels if tm not in shown]

    def changes(self) -> pd.DataFrame:
        """Change of this unit since the previous wave, with its interval.

        Returns
        -------
        DataFrame
            One row per habit shown in both waves: ``habit`` (id), ``habit_label``,
            ``change``, ``ci_low``, ``ci_high``, ``wording`` (clearly up, down or no clear
            change: :func:`kit.present.wording.change_words`). No rows without a previous
            wave.
        """
        return self._changes(self.level, self.unit)

    def indicator_table(self, level: str, units: dict) -> pd.DataFrame:
        """Indicators (rows) for ``units`` (columns: value, NaN when not shown) this wave,
        with the target and when it was measured.

        Parameters
        ----------
        level : {"team", "school"}
            The level of ``units``.
        units : dict
            Unit id -> display name, in the order of the columns.

        Returns
        -------
        DataFrame
            One row per indicator in the aspiration file's order: ``indicator`` (id),
            ``indicator_label``, ``target``, ``measured`` (wave id), ``measured_label``, then
            one column per unit, named by its id (the value; NaN when not shown).
            ``attrs["labels"]`` maps the unit ids to their names, ``attrs["unit_level"]`` is
            ``level``. :meth:`indicators_html` turns it (a row per unit) when more than
            :data:`MAX_UNIT_COLUMNS` units. Empty, without columns, without an aspiration or
            pupil data.
        """
        ind = self.current_indicators
        if ind.empty:
            return pd.DataFrame()
        now = ind[(ind.unit_level == level) & (ind.period == self.wave)]
        out = []
        for i in self.aspiration.indicators:
            g = now[now.indicator == i.id].set_index("unit")
            measured = g["measured"].iloc[0] if len(g) else None
            row = [i.id, i.label(self.lang), i.target, measured,
                   self.wave_label(measured) if measured is not None else "–"]
            for u in units:
                v = g["value"].get(u, np.nan) if len(g) else np.nan
                row.append(float(v) if pd.notna(v) else np.nan)     # shown as a dash
            out.append(row)
        table = pd.DataFrame(out, columns=["indicator", "indicator_label", "target", "measured",
                                           "measured_label", *units])
        table.attrs["labels"] = {u: str(name) for u, name in units.items()}
        table.attrs["unit_level"] = level
        return table

    def own_indicators(self) -> pd.DataFrame:
        """This unit's indicators against their targets, with trend and n pupils.

        Returns
        -------
        DataFrame
            :meth:`indicator_rows` of this school or the board (``indicator``,
            ``indicator_label``, ``value``, ``target``, ``on_course``, ``trend``,
            ``n_pupils``, ``measured``, ``measured_label``); empty, without columns, without an
            aspiration or pupil data.
        """
        return self.indicator_rows(self.level, self.unit)
