"""Moved to :mod:`kit.reports.team`, :mod:`kit.reports.sections`, :mod:`kit.present.formats`
(temporary alias)."""
from kit.present.columns import COLUMNS as _COLS  # noqa: F401
from kit.present.formats import ci_text, html_table, notice, shown_n  # noqa: F401
from kit.reports.sections import ReportSections  # noqa: F401
from kit.reports.team import TeamReport  # noqa: F401
