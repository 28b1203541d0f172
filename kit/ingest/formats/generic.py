"""A CSV/xlsx that no survey tool made, described in the mapping file.

``columns`` in the mapping names the headers of the metadata (``response_id``,
``submitted_at``, ``started_at``, ``email``, ``name``, ``token``) and of the team, school and
role (``team``, ``school``, ``role``). Team, school and role stay question columns (keyed by
their header) so that the common pipeline reads them like a survey question. Every other column
is a question column. The header is ``header_row`` or the first row with three or more cells.
"""

from __future__ import annotations

from ...errors import InputError
from ...textnorm import normalise
from ..base import QuestionColumn, SourceOptions, SurveyReader, register
from ..fastcsv import ColumnRows
from ..table import RawTable
from ._common import build_columns, build_export, cell_text

_META_NAMES = {"response_id", "submitted_at", "started_at", "email", "name", "token", "ip"}
_ROLE_NAMES = {"team", "school", "role"}


@register
class GenericReader(SurveyReader):
    """Any table described by the mapping file (chosen with ``tool: generic``)."""

    name = "generic"
    label = "generic CSV/xlsx"
    priority = 90

    def detect(self, table: RawTable) -> bool:
        return False

    def read(self, table: RawTable, options: SourceOptions, *, by_rows: bool = False):
        """The export from its header row on, held by columns
        (:func:`~kit.ingest.surveytable.build_columns`), or with ``by_rows`` a record per row
        (the reference)."""
        if options.header_row is not None:
            hdr = next((k for k, line in enumerate(table.lines) if line == options.header_row),
                       None)
            if hdr is None:
                raise InputError(f"row {options.header_row} (the header_row of the mapping) "
                                 "is empty or missing", where=table.where(0),
                                 fix="correct header_row in the mapping file")
        else:       # the rows by index: a table held by columns is not made into lists
            hdr = next((k for k in range(len(table.rows))
                        if sum(1 for c in table.rows[k] if cell_text(c)) >= 3), 0)
        header = [cell_text(c) for c in table.rows[hdr]]
        wanted = {k: v for k, v in options.columns.items()}
        unknown = set(wanted) - _META_NAMES - _ROLE_NAMES
        if unknown:
            raise InputError(f"unknown column role(s) {sorted(unknown)} in the mapping",
                             where=table.where(hdr),
                             expected=f"some of {sorted(_META_NAMES | _ROLE_NAMES)}",
                             fix="correct 'columns' in the mapping file")
        pos = {normalise(h): i for i, h in enumerate(header) if h}
        meta = {}
        for field, h in wanted.items():
            if normalise(h) not in pos:
                raise InputError(f"the column {h!r} named in the mapping is not in the header",
                                 where=table.where(hdr, h), expected=f"one of {header[:8]}",
                                 fix="correct 'columns' in the mapping file")
            if field in _META_NAMES:
                meta[pos[normalise(h)]] = field
        columns = [QuestionColumn(i, h, None, h) for i, h in enumerate(header)
                   if h and i not in meta]
        rows = table.rows
        if by_rows or not isinstance(rows, ColumnRows):
            rows = rows[hdr:]
        elif hdr:
            rows = ColumnRows([c.slice(hdr) for c in rows.columns])
        sub = RawTable(table.path, rows, table.lines[hdr:], table.kind, table.encoding,
                       table.delimiter, table.sheet, table.sha256, table.n_blank)
        build = build_export if by_rows else build_columns
        return build(self.name, sub, header_rows=1, width=len(header), meta=meta,
                     columns=columns, options=options, date_order="dmy")
