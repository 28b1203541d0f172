"""Google Forms "Download responses (.csv)".

First column ``Timestamp`` (Dutch account: ``Tijdstempel``) as ``2025/10/14 7:16:38 p.m. CET``;
then ``Email Address`` (``E-mailadres``) when e-mails are collected; one column per question with
the full question text, grid rows as ``Question [Row]``. After a Dutch Excel round trip the
timestamps are day-first without seconds; the reader accepts both.
"""

from __future__ import annotations

import re

from ...textnorm import normalise
from ..base import QuestionColumn, SourceOptions, SurveyReader, register
from ..table import RawTable
from ._common import build_columns, build_export, cell_text, find_meta

META = {
    "Timestamp": "submitted_at", "Tijdstempel": "submitted_at",
    "Email Address": "email", "Email address": "email", "E-mailadres": "email",
    "Email": "email", "E-mail": "email", "E-mail adres": "email",
    "Score": "_drop", "Totaalscore": "_drop", "Punten": "_drop",
}


@register
class GoogleFormsReader(SurveyReader):
    """Google Forms CSV exports (English and Dutch account)."""

    name = "googleforms"
    label = "Google Forms"
    priority = 50

    def detect(self, table: RawTable) -> bool:
        return normalise(cell_text(table.rows[0][0])) in ("timestamp", "tijdstempel")

    def read(self, table: RawTable, options: SourceOptions, *, by_rows: bool = False):
        """The export held by columns (:func:`~kit.ingest.surveytable.build_columns`), or
        with ``by_rows`` a record per row (the reference)."""
        header = [cell_text(c) for c in table.rows[0]]
        width = len(header)
        while width and not header[width - 1]:
            width -= 1
        meta = find_meta(header[:width], META)
        columns = []
        for i, h in enumerate(header[:width]):
            if i in meta or not h:
                continue
            m = re.match(r"^(?P<q>.*?)\s*\[(?P<row>[^\[\]]+)\]\s*$", h)
            question = m.group("q") if m else None
            columns.append(QuestionColumn(i, f"{i}:{h}", None, h, question))
        build = build_export if by_rows else build_columns
        return build(self.name, table, header_rows=1, width=width, meta=meta, columns=columns,
                     options=options, date_order="dmy")
