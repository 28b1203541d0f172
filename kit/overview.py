"""Moved to :mod:`kit.reports.overview`, :mod:`kit.reports.school`, :mod:`kit.reports.board`
(temporary alias)."""
from kit.reports.board import BoardReport  # noqa: F401
from kit.reports.overview import MAX_HEATMAP_ROWS, MAX_UNIT_COLUMNS, chunk_units  # noqa: F401
from kit.reports.school import SchoolReport  # noqa: F401
