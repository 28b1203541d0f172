"""LimeSurvey "Responses > Export" CSV.

UTF-8 with BOM, every value quoted, ``;`` by default; a NULL (never shown) is written as nothing,
``""`` is seen-but-not-answered. Headings ``code`` (``H1[SQ001]``), ``abbreviated``, ``full``
(``question [subquestion]``) or ``codetext``; answers as codes (short) or full text (long).
``submitdate`` empty -> the response was not submitted (incomplete).
"""

from __future__ import annotations

import re

from ...textnorm import normalise
from ..base import QuestionColumn, SourceOptions, SurveyReader, register
from ..table import RawTable
from ._common import build_export, cell_text

META = {
    "id": "response_id", "response id": "response_id",
    "submitdate": "submitted_at", "date submitted": "submitted_at",
    "lastpage": "_drop", "last page": "_drop",
    "startlanguage": "language", "start language": "language",
    "seed": "_drop", "token": "token", "access code": "token", "toegangscode": "token",
    "startdate": "started_at", "date started": "started_at",
    "datestamp": "_drop", "date last action": "_drop",
    "ipaddr": "ip", "ip address": "ip", "refurl": "_drop", "referrer url": "_drop",
}
_CODETEXT = re.compile(r"^(?P<code>[A-Za-z][A-Za-z0-9_]*(?:\[[^\]]+\])?)[.:]\s+(?P<text>.+)$")
_NO_DATE = "1980-01-01"


def _split(h: str) -> tuple[str | None, str]:
    """(code, text) of a heading in any of the four heading formats."""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*(\[[^\]]+\])*", h):
        return h, h
    m = _CODETEXT.match(h)
    if m:
        return m.group("code"), m.group("text")
    return None, h


def _meta_field(h: str) -> str | None:
    code, text = _split(h)
    for cand in (code, text, h):
        if cand and normalise(cand) in META:
            return META[normalise(cand)]
    return None


def _exclude(meta: dict) -> str | None:
    sub = meta.get("submitted_at")
    if sub is None and "_bad_date" not in meta:
        return "incomplete"
    return None


@register
class LimeSurveyReader(SurveyReader):
    """LimeSurvey CSV exports in every heading and answer format."""

    name = "limesurvey"
    label = "LimeSurvey"
    priority = 20

    def detect(self, table: RawTable) -> bool:
        head = [_meta_field(cell_text(c)) for c in table.rows[0][:4]]
        return head[:2] == ["response_id", "submitted_at"]

    def read(self, table: RawTable, options: SourceOptions):
        header = [cell_text(c) for c in table.rows[0]]
        width = len(header)
        while width and not header[width - 1]:
            width -= 1
        meta, columns = {}, []
        for i, h in enumerate(header[:width]):
            field = _meta_field(h)
            if field is not None and (field.startswith("_") or field not in meta.values()):
                meta[i] = field
                continue
            code, text = _split(h)
            sub = re.search(r"\[([^\[\]]+)\]\s*$", text)
            question = text[: sub.start()].strip() if sub and code is None else None
            columns.append(QuestionColumn(i, code or h, code, text, question))
        export = build_export(self.name, table, header_rows=1, width=width, meta=meta,
                              columns=columns, options=options, date_order="ymd",
                              exclude=_exclude)
        for rec in export.records:
            sub = rec.meta.get("submitted_at")
            if sub is not None and sub.strftime("%Y-%m-%d") == _NO_DATE:
                rec.meta["submitted_at"] = None   # submitted, but the survey stores no dates
        return export
