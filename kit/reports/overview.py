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

from kit.present.columns import COLUMNS as _COLS
from kit.present.formats import change_table, ci_text, percent, shown_n
from kit.present.text import t
from kit.reports.sections import ReportSections

__all__ = ["MAX_HEATMAP_ROWS", "MAX_UNIT_COLUMNS", "chunk_units"]


#: rows of one heat map: 1.2 + 0.42 * 25 inches high at 9 inches wide fits an A4 page
MAX_HEATMAP_ROWS = 25
#: above this many teams or schools an indicator table has one row per unit instead of a column
MAX_UNIT_COLUMNS = 6


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


class _Overview(ReportSections):
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
        from kit.present.formats import html_table, notice
        table = self.summary()
        return html_table(table) if len(table) else notice(self.summary_notice())

    def summary(self) -> pd.DataFrame:
        """Section 1: this unit's habit scores (n, mean, interval, response rate) this wave;
        empty when the gate hides the unit (:meth:`summary_notice` says why).

        Returns
        -------
        DataFrame
            A display table, one row per habit shown (a hidden habit has no row), columns
            (Dutch headings; English with ``lang="en"``): ``Gewoonte`` (Habit; label), ``n``,
            ``Gemiddelde`` (Mean), ``95%-interval`` (95% interval; text), ``Respons``
            (Response; a percentage). No rows (the same columns) when the unit is hidden.
        """
        c = _COLS[self.lang]
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
            c["habit"]: [self._label(h) for h in own["habit"]],
            c["n"]: [d["n"]] * len(own), c["mean"]: own["mean"].to_numpy(),
            c["ci"]: [ci_text(lo, hi) for lo, hi in
                      zip(own["ci_low"], own["ci_high"], strict=True)],
            c["response_rate"]: [percent(rate)] * len(own)})

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
            A display table, one row per team in organisation order (the school report:
            then a row for its hidden teams together, where shown), columns (Dutch headings;
            English with ``lang="en"``): ``Team`` (name), ``n`` (respondents; in words when
            hidden), ``Respons`` (Response; a percentage or a dash), ``Opmerking`` (Note; why
            a team has no scores, empty when it has).
        """
        c = _COLS[self.lang]
        rows = self.team_rows()
        gate = self.analysis.gate
        out = []
        for team, name in self.team_labels().items():
            g = rows[rows.unit == team]
            d = gate.unit("team", team, self.wave)
            if g.empty or d["n"] == 0:
                out.append([name, 0, "–", t("no_responses", self.lang)])
                continue
            if not d["shown"] or g["suppressed"].astype(bool).all():
                small = d["reason"] == "below_threshold" or (
                    d["shown"] and (g["suppression"] == "below_threshold").any())
                why = t("hidden_small" if small else "hidden_complementary", self.lang,
                        threshold=self.threshold)
                out.append([name, shown_n(pd.NA, "below_threshold" if small else
                                          "complementary", self.lang, self.threshold), "–", why])
                continue
            rr = d["n"] / float(g["size"].iloc[0]) if pd.notna(g["size"].iloc[0]) and \
                float(g["size"].iloc[0]) else np.nan
            out.append([name, d["n"], percent(rr), ""])
        label = self.together_label()
        if label:
            # not their exact n: with a team's own n it would give a hidden habit's n
            out.append([label, t("n_at_least", self.lang, threshold=self.threshold), "–",
                        t("together_note", self.lang)])
        return pd.DataFrame(out, columns=[c["team"], c["n"], c["response_rate"], c["note"]])

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
            A display table, one row per habit shown in both waves, columns (Dutch
            headings; English with ``lang="en"``): ``Gewoonte`` (Habit), ``Verandering``
            (Change), ``95%-interval`` (95% interval; signed text).
        """
        d = self.analysis.changes
        d = d[(d.level == self.level) & (d.unit == self.unit) & (d.wave == self.wave)]
        return change_table(d, self.lang, self._label)

    def indicator_table(self, level: str, units: dict) -> pd.DataFrame:
        """Indicators (rows) for ``units`` (columns: value, or – when suppressed) this wave,
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
            A display table, one row per indicator in the aspiration file's order, columns
            (Dutch headings; English with ``lang="en"``): ``Indicator`` (label), ``Doel``
            (Target), ``Gemeten`` (Measured; the wave's name), then one column per unit
            headed by its display name (the value; NaN when not shown). With more than
            :data:`MAX_UNIT_COLUMNS` units it is turned: a first column ``Team`` or ``School``
            whose rows are ``Doel``, ``Gemeten`` and then the units, and one column per
            indicator. Empty, without columns, without an aspiration or pupil data.
        """
        c = _COLS[self.lang]
        ind = self.current_indicators
        if ind.empty:
            return pd.DataFrame()
        now = ind[(ind.unit_level == level) & (ind.period == self.wave)]
        out = []
        for i in self.aspiration.indicators:
            g = now[now.indicator == i.id].set_index("unit")
            measured = self.wave_label(g["measured"].iloc[0]) if len(g) else "–"
            row = [i.label(self.lang), i.target, measured]
            for u in units:
                v = g["value"].get(u, np.nan) if len(g) else np.nan
                row.append(float(v) if pd.notna(v) else np.nan)     # shown as a dash
            out.append(row)
        table = pd.DataFrame(out, columns=[c["indicator"], c["target"], c["measured"],
                                           *units.values()])
        if len(units) <= MAX_UNIT_COLUMNS:
            return table
        # many units (a board's schools): one row per unit, the indicators across, their
        # target and when measured in the first two rows; a column per unit would run off
        # the page
        first = c["team"] if level == "team" else c["school"]
        wide = table.set_index(c["indicator"]).T.reset_index(names=first)
        wide.columns.name = None
        return wide

    def own_indicators(self) -> pd.DataFrame:
        """This unit's indicators against their targets, with trend and n pupils.

        Returns
        -------
        DataFrame
            :meth:`indicator_rows` of this school or the board, columns (Dutch headings;
            English with ``lang="en"``): ``Indicator``, ``Waarde`` (Value), ``Doel``
            (Target), ``Op koers?`` (On course?), ``Trend``, ``Leerlingen`` (Pupils),
            ``Gemeten`` (Measured); empty, without columns, without an aspiration or pupil
            data.
        """
        return self.indicator_rows(self.level, self.unit)
