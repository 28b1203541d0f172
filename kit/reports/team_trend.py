"""A team's habit means over every wave so far (:class:`TeamTrend`), beside the change since
the previous wave in section 2 of its report."""

from __future__ import annotations

import pandas as pd

from kit.reports.sections import ReportSections

__all__ = ["TeamTrend"]


class TeamTrend(ReportSections):
    """Mixin of :class:`kit.reports.team.TeamReport` (which sets ``team``)."""

    def trend_rows(self) -> pd.DataFrame:
        """The team's habit aggregates of every wave up to the report's, in the waves' order.

        Returns
        -------
        DataFrame
            The team's rows of :attr:`aggregates` (``level``, ``unit``, ``wave``, ``habit``,
            ``n``, ``mean``, ..., ``suppressed``); a suppressed row keeps its flag (never drawn).
        """
        waves = self.store.waves.sort_values("order")["wave"].tolist()
        upto = waves[: waves.index(self.wave) + 1] if self.wave in waves else [self.wave]
        a = self.aggregates
        return a[(a.level == "team") & (a.unit == self.team) & a.wave.isin(upto)]

    def trend_figure(self):
        """Section 2: the team's habit means over every wave so far
        (:func:`kit.present.plots.habit_trend`); None when fewer than two waves have a shown
        mean (a trend needs two points)."""
        from kit.present.plots import habit_trend
        rows = self.trend_rows()
        shown = rows[~rows["suppressed"].astype(bool) & rows["mean"].notna()]
        if shown["wave"].nunique() < 2:
            return None
        waves = [w for w in self.store.waves.sort_values("order")["wave"]
                 if w in set(rows["wave"])]
        return habit_trend(rows, self.store.instrument, lang=self.lang,
                           wave_labels={w: self.wave_label(w) for w in waves})
