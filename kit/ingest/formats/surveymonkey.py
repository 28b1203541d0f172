"""SurveyMonkey "All responses data" CSV or XLSX (expanded columns).

Two header rows: row 1 holds the question text above the first column of each question only
(forward-filled here), row 2 ``Response`` / ``Open-Ended Response`` or the row label of a matrix
(the statement). Leading columns: Respondent ID, Collector ID, Start Date, End Date, IP Address,
Email Address, First Name, Last Name, Custom Data 1 (a web-link collector has no e-mail, name or
custom data columns). Dates are month-first by default. In the XLSX download row 1 ends where the
last question text stands, so the header is as wide as the longer of the two rows.
"""

from __future__ import annotations

from ...errors import InputError
from ...textnorm import normalise
from ..base import QuestionColumn, SourceOptions, SurveyReader, register
from ..table import RawTable
from ._common import build_columns, build_export, cell_text, find_meta

META = {
    "Respondent ID": "response_id", "Collector ID": "_drop", "Start Date": "started_at",
    "End Date": "submitted_at", "IP Address": "ip", "Email Address": "email",
    "First Name": "name", "Last Name": "_drop", "Custom Data 1": "token", "Custom Data": "token",
    "Respondent-ID": "response_id", "Collector-ID": "_drop", "Begindatum": "started_at",
    "Einddatum": "submitted_at", "IP-adres": "ip", "E-mailadres": "email",
    "Voornaam": "name", "Achternaam": "_drop", "Aangepaste gegevens 1": "token",
}
_SINGLE = {"response", "open-ended response", "antwoord", "open antwoord"}


@register
class SurveyMonkeyReader(SurveyReader):
    """SurveyMonkey CSV exports with two header rows."""

    name = "surveymonkey"
    label = "SurveyMonkey"
    priority = 30

    def detect(self, table: RawTable) -> bool:
        head = [normalise(cell_text(c)) for c in table.rows[0][:3]]
        return head[:2] in (["respondent id", "collector id"], ["respondent-id", "collector-id"])

    def read(self, table: RawTable, options: SourceOptions, *, by_rows: bool = False):
        """The export held by columns (:func:`~kit.ingest.surveytable.build_columns`), or
        with ``by_rows`` a record per row (the reference)."""
        if len(table.rows) < 2:
            raise InputError("the SurveyMonkey export lacks its second header row",
                             where=table.where(0), expected="two header rows",
                             fix="export again (All responses data, expanded columns)")
        # a workbook drops the empty cells at the end of row 1 (the question text stands only
        # above the first column of a question), so row 2 can be the longer one
        width = max(len(table.rows[0]), len(table.rows[1]))
        top = [cell_text(c) for c in table.rows[0]] + [""] * width
        sub = [cell_text(c) for c in table.rows[1]] + [""] * width
        while width and not top[width - 1] and not sub[width - 1]:
            width -= 1
        meta = find_meta(top[:width], META)
        if sub[0]:  # row 2 is blank above the metadata columns; a value means a data row
            raise InputError("the second header row is missing",
                             where=table.where(1), expected="row 2 with answer labels",
                             fix="export again without changing the header rows")
        columns, question = [], ""
        for i in range(width):
            q = top[i]
            if q:
                question = q
            if i in meta:
                continue
            label = sub[i]
            if not question and not label:
                continue
            if normalise(label) in _SINGLE or not label:
                columns.append(QuestionColumn(i, f"{i}:{question}", None, question))
            else:
                columns.append(QuestionColumn(i, f"{i}:{label}", None, label, question))
        build = build_export if by_rows else build_columns
        return build(self.name, table, header_rows=2, width=width, meta=meta,
                     columns=columns, options=options, date_order="mdy")
