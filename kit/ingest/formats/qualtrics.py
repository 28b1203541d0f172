"""Qualtrics "Export data" CSV/TSV/XLSX.

Three header rows: export tags (``StartDate``, ``Q3_2``), question text (localised to the
account language; ``<question> - <statement>`` for matrix rows) and JSON import ids
(``{"ImportId":"QID4_1"}``; date columns carry ``"timeZone"``). The legacy exporter writes
``V1..V10`` and two header rows. Metadata is matched on row 1, never on the localised row 2.
Status 0 (``IP Address``) and 4 (``Imported``) are responses; 1/17 previews, 2 tests, 8/9 spam;
``Finished`` 0/False -> incomplete. Qualtrics' own ``Q_...`` fields (fraud detection, total
duration) and scores (``SC0``) are dropped, never read as answers or free text. The Excel
(.xlsx) and TSV downloads have the same header rows.
"""

from __future__ import annotations

import json
import re

from ...errors import InputError
from ..base import QuestionColumn, SourceOptions, SurveyReader, register
from ..table import RawTable
from ._common import build_columns, build_export, cell_text, find_meta, join_names, truthy

META = {
    "StartDate": "started_at", "EndDate": "submitted_at", "RecordedDate": "_recorded",
    "Status": "_status", "IPAddress": "ip", "Progress": "progress",
    "Duration (in seconds)": "_drop", "Finished": "finished", "ResponseId": "response_id",
    "RecipientLastName": "name", "RecipientFirstName": "_first", "RecipientEmail": "email",
    "ExternalReference": "token", "ExternalDataReference": "token",
    "LocationLatitude": "_drop", "LocationLongitude": "_drop", "DistributionChannel": "_drop",
    "UserLanguage": "language", "Q_RecaptchaScore": "_drop", "Q_RelevantIDDuplicate": "_drop",
    # legacy V1..V10
    "V1": "response_id", "V2": "_drop", "V3": "name", "V4": "_drop", "V5": "email",
    "V6": "ip", "V7": "_status", "V8": "started_at", "V9": "submitted_at", "V10": "finished",
    "ResponseID": "response_id", "ResponseSet": "_drop",
}
# fields Qualtrics adds itself (fraud detection ``Q_RecaptchaScore``, ``Q_RelevantIDDuplicate``,
# ``Q_RelevantIDDuplicateScore``, ``Q_RelevantIDFraudScore``, ``Q_RelevantIDLastStartDate``,
# ``Q_BallotBoxStuffing``; ``Q_TotalDuration``, ``Q_DataPolicyViolations``,
# ``Q_StraightliningCount`` ...), and scoring columns (``SC0``). A field of the author's own
# that merely starts with ``Q_`` (embedded data such as ``Q_Team``) is kept. ``..._DO`` columns
# hold the display order of randomised choices or blocks (``Q1_DO``, ``FL_6_DO``).
_SYSTEM = re.compile(r"^(?:Q_(?:Recaptcha|RelevantID|BallotBoxStuffing|TotalDuration|"
                     r"DataPolicyViolations|Straightlining|Unanswered|AmbiguousText|CHL$)"
                     r"[A-Za-z]*|SC\d+|\w+_DO(?:_\d+)?)$")
_STATUS = {"0": None, "4": None, "16": None, "1": "preview", "17": "preview", "2": "test",
           "8": "spam", "9": "preview", "ip address": None, "imported": None, "offline": None,
           "survey preview": "preview", "offline survey preview": "preview",
           "survey test": "test", "spam": "spam", "preview spam": "preview"}


def _exclude(meta: dict) -> str | None:
    status = meta.get("_status")
    if status is not None:
        s = str(status).strip().casefold()
        s = s[:-2] if s.endswith(".0") else s
        if _STATUS.get(s) is not None:
            return _STATUS[s]
    if truthy(meta.get("finished")) is False:
        return "incomplete"
    return None


_exclude.fields = ("_status", "finished")       # what it reads (asked once per combination)


@register
class QualtricsReader(SurveyReader):
    """Qualtrics CSV/TSV/XLSX exports (current and legacy layouts)."""

    name = "qualtrics"
    label = "Qualtrics"
    priority = 10

    @staticmethod
    def _modern(table: RawTable) -> bool:
        return len(table.rows) >= 3 and any(
            cell_text(c).startswith('{"ImportId"') for c in table.rows[2][:5])

    @staticmethod
    def _legacy(table: RawTable) -> bool:
        head = [cell_text(c) for c in table.rows[0][:3]]
        return head[:2] == ["V1", "V2"] and len(table.rows) >= 2 and \
            cell_text(table.rows[1][0]) in ("ResponseID", "ResponseId")

    def detect(self, table: RawTable) -> bool:
        head = {cell_text(c) for c in table.rows[0]}
        return self._modern(table) or self._legacy(table) or \
            {"StartDate", "ResponseId", "Finished"} <= head

    def read(self, table: RawTable, options: SourceOptions, *, by_rows: bool = False):
        """The export held by columns (:func:`~kit.ingest.surveytable.build_columns`), or
        with ``by_rows`` a record per row (the reference)."""
        if self._legacy(table):
            header_rows = 2
        elif self._modern(table):
            header_rows = 3
        else:
            raise InputError(
                "the Qualtrics export lacks its third header row (import ids)",
                where=table.where(min(2, len(table.rows) - 1)),
                expected='row 3 with {"ImportId": ...} cells',
                fix="export again from Qualtrics as CSV without removing header rows")
        tags = [cell_text(c) for c in table.rows[0]]
        texts = [cell_text(c) for c in table.rows[1]] + [""] * len(tags)
        width = len(tags)
        while width and not tags[width - 1] and not texts[width - 1]:
            width -= 1          # "If Qualtrics adds an empty column at the end, remove it"
        meta = find_meta(tags[:width], META)
        for i in range(width):
            if i not in meta and _SYSTEM.match(tags[i]):
                meta[i] = "_drop"    # fraud detection, durations, scores: never answers
        tz_of = {}
        if header_rows == 3:
            for i, field in meta.items():
                raw = cell_text(table.cell(2, i))
                try:
                    info = json.loads(raw) if raw.startswith("{") else {}
                except json.JSONDecodeError:
                    info = {}
                if field in ("started_at", "submitted_at") and info.get("timeZone"):
                    tz_of[field] = str(info["timeZone"])    # not text: an unknown zone
        columns = []
        for i in range(width):
            if i in meta or not tags[i]:
                continue
            text = texts[i] or tags[i]
            question = text.rsplit(" - ", 1)[0] if " - " in text else None
            columns.append(QuestionColumn(i, tags[i], tags[i], text, question))
        build = build_export if by_rows else build_columns
        export = build(self.name, table, header_rows=header_rows, width=width, meta=meta,
                       columns=columns, options=options, date_order="ymd", exclude=_exclude,
                       tz_of=tz_of)
        join_names(export)            # first and last name together, to scrub free text
        return export
