"""Microsoft Forms responses workbook (.xlsx), English or Dutch interface.

One header row: ``ID, Start time, Completion time, Email, Name[, Last modified time]`` or
``ID, Begintijd, Tijd van voltooien, E-mail, Naam, Tijd van laatste wijziging``; then one column
per question (a Likert question gives one column per statement). Quiz columns (total points,
points and feedback per question) are skipped. Anonymous forms write ``anonymous`` as e-mail.
Text dates are month-first (``%m/%d/%y``) even in Dutch exports.
"""

from __future__ import annotations

from ...textnorm import normalise
from ..base import QuestionColumn, SourceOptions, SurveyReader, register
from ..table import RawTable
from ._common import build_columns, build_export, cell_text, find_meta

META = {
    "ID": "response_id", "Start time": "started_at", "Completion time": "submitted_at",
    "Email": "email", "Name": "name", "Last modified time": "_drop",
    "Begintijd": "started_at", "Tijd van voltooien": "submitted_at", "E-mail": "email",
    "Naam": "name", "Tijd van laatste wijziging": "_drop", "Voltooiingstijd": "submitted_at",
    "Starttijd": "started_at",
}
_QUIZ = ("total points", "quiz feedback", "points - ", "feedback - ", "totaal aantal punten",
         "feedback voor de quiz", "punten - ", "puntentotaal")


@register
class MsFormsReader(SurveyReader):
    """Microsoft Forms exports (English and Dutch interface)."""

    name = "msforms"
    label = "Microsoft Forms"
    priority = 40

    def detect(self, table: RawTable) -> bool:
        head = [normalise(cell_text(c)) for c in table.rows[0][:3]]
        return len(head) == 3 and head[0] == "id" and \
            head[1] in ("start time", "begintijd", "starttijd") and \
            head[2] in ("completion time", "tijd van voltooien", "voltooiingstijd")

    def read(self, table: RawTable, options: SourceOptions, *, by_rows: bool = False):
        """The export held by columns (:func:`~kit.ingest.surveytable.build_columns`), or
        with ``by_rows`` a record per row (the reference)."""
        header = [cell_text(c) for c in table.rows[0]]
        width = len(header)
        meta = find_meta(header, META)
        columns, skip = [], set()
        for i, h in enumerate(header):
            if i in meta or not h:
                continue
            if normalise(h).startswith(_QUIZ):
                skip.add(i)
                continue
            columns.append(QuestionColumn(i, f"{i}:{h}", None, h))
        build = build_export if by_rows else build_columns
        export = build(self.name, table, header_rows=1, width=width, meta=meta,
                       columns=columns, options=options, date_order="mdy", skip=skip)
        if not by_rows:
            if "email" in export.meta:
                d = export.meta["email"]
                d.values = [None if _anonymous(v) else v for v in d.values]
            return export
        for rec in export.records:
            if _anonymous(rec.meta.get("email")):
                rec.meta["email"] = None
        return export


def _anonymous(email: object) -> bool:
    """Whether an e-mail cell is what an anonymous form writes."""
    return normalise(email) in ("anonymous", "anoniem")
