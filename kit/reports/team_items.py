"""Section 3 of a team report, the answers to each habit's statements (:class:`TeamItems`)."""

from __future__ import annotations

from kit.reports.sections import ReportSections

__all__ = ["TeamItems"]


class TeamItems(ReportSections):
    """Mixin of :class:`kit.reports.team.TeamReport` (which sets ``wave`` and
    ``item_aggregates``)."""

    def items_figure(self, habit: str, *, kept: bool = False):
        """Section 3: the answers to one habit's items as diverging stacked bars (``kept``: on
        the figure kept from the last report, :mod:`kit.present.answerbars`)."""
        from kit.present import answerbars, plots
        items, inst = self.item_aggregates, self.store.instrument
        rows = items[(items["wave"] == self.wave)
                     & items["item"].isin({i.id for i in inst.habit(habit).items})]
        return (answerbars.kept_item_bars if kept else plots.item_bars)(rows, inst, lang=self.lang)
