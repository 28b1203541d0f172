"""The dashboard's view of the optional modules (issue 15): the module scales of the team
beside its school and the board, as in the reports' section "Voorwaarden: aanvullende schalen"
(:meth:`kit.reports.modules.ModuleSection.module_table`, the same privacy rules: a hidden group
shows why, never numbers). The dashboard offers this view only for a store with module answers
(:attr:`kit.dashboard.data.BoardData.views`), so a board without modules sees the five views
it always had.
"""

from __future__ import annotations

from kit.dashboard.views import View, _head, _suppressed
from kit.present.text import t

__all__ = ["modules"]


def modules(board, report) -> View:
    """The module scales of ``report``'s team, school and board in its wave, with each
    module's source and scoring in words (a table, no figure)."""
    lang = report.lang
    hidden = _suppressed(board, report, "modules")
    if hidden:
        return hidden
    table = report.module_table()
    if table.empty:
        return View("modules", _head(board, report, "modules"),
                    notice=t("dash_no_modules", lang), team=report.team)
    text = [t("mod_intro", lang, module=m.label(lang), source=m.source,
              threshold=report.threshold) for m in report.module_analysis.instrument.modules]
    return View("modules", _head(board, report, "modules"), table=table, text=text,
                team=report.team)
