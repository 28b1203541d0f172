"""LimeSurvey "Responses > Export" CSV.

UTF-8 with BOM, every value quoted, ``;`` by default; a NULL (never shown) is written as nothing,
``""`` is seen-but-not-answered. Headings ``code`` (``H1[SQ001]``), ``abbreviated``, ``full``
(``question [subquestion]``) or ``codetext``; answers as codes (short) or full text (long).
``submitdate`` empty -> the response was not submitted (incomplete). The option 'Convert spaces
in question text to underscores' (``Response_ID``, ``Vraag_[Stelling]``) is undone; abbreviated
headings are reported with the advice to export again. The participant fields of a survey
that is not anonymous (``firstname``, ``lastname``, ``email``: "First name", "Last name", "Email
address") are identities: used to link (e-mail) and to scrub free text (names), never stored.
"""

from __future__ import annotations

import re

from ...textnorm import normalise
from ..base import QuestionColumn, SourceOptions, SurveyReader, register
from ..table import RawTable
from ._common import build_columns, build_export, cell_text, join_names

META = {
    "id": "response_id", "response id": "response_id",
    "submitdate": "submitted_at", "date submitted": "submitted_at",
    "lastpage": "_drop", "last page": "_drop",
    "startlanguage": "language", "start language": "language",
    "seed": "_drop", "token": "token", "access code": "token", "toegangscode": "token",
    "startdate": "started_at", "date started": "started_at",
    "datestamp": "_drop", "date last action": "_drop",
    "ipaddr": "ip", "ip address": "ip", "refurl": "_drop", "referrer url": "_drop",
    # participant fields of a survey that is not anonymous ('Export responses' with the
    # participants' data): identities, for linking and for scrubbing free text, never stored
    "firstname": "_first", "first name": "_first", "lastname": "name", "last name": "name",
    "email": "email", "email address": "email", "emailstatus": "_drop",
    "email status": "_drop",
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


def _meta_field(h: str, underscores: bool = False) -> str | None:
    code, text = _heading(h, underscores)
    for cand in (code, text, h):
        if cand and normalise(cand) in META:
            return META[normalise(cand)]
    if text.rstrip().endswith(".."):      # abbreviated heading: "Date last actio.."
        start = normalise(text.rstrip(". "))
        hits = {v for k, v in META.items() if len(k) > len(start) and k.startswith(start)}
        if len(start) >= 8 and len(hits) == 1:
            return hits.pop()
    return None


def _heading(h: str, underscores: bool) -> tuple[str | None, str]:
    """(code, text) of a heading; with ``underscores`` the text's ``_`` are spaces again."""
    code, text = _split(h)
    if underscores:
        if code == text:          # "Response_ID" looks like a code but is a full heading
            code = None
        text = " ".join(text.replace("_", " ").split())
    return code, text


def _underscored(header: list[str]) -> bool:
    """Whether the export was made with 'Convert spaces in question text to underscores'.

    Then no heading text has a space, and reading ``_`` as a space names more of LimeSurvey's
    own columns (``Response_ID``, ``Date_submitted``) than reading the headings as they are.
    """
    texts = [_split(h)[1] for h in header if h]
    if any(" " in t for t in texts) or not any("_" in t for t in texts):
        return False
    plain = sum(1 for t in texts if normalise(t) in META)
    spaced = sum(1 for t in texts if normalise(t.replace("_", " ")) in META)
    return spaced > plain


def _abbreviated(columns: list[QuestionColumn]) -> bool:
    """Headings cut short by the export option 'Abbreviated headings' (text + '.. ').

    Most text headings then show the cut; one question that ends in '...' does not count.
    """
    texts = [c.text for c in columns if c.code is None]
    cut = sum(1 for t in texts if re.search(r"\.\.(?:\s|\]|$)", t))
    return cut >= 2 and cut * 2 >= len(texts)


def _exclude(meta: dict) -> str | None:
    sub = meta.get("submitted_at")
    if sub is None and "_bad_date" not in meta:
        return "incomplete"
    return None


_exclude.fields = ("submitted_at",)     # and the row's _bad_date mark (asked once per combination)


@register
class LimeSurveyReader(SurveyReader):
    """LimeSurvey CSV exports in every heading and answer format."""

    name = "limesurvey"
    label = "LimeSurvey"
    priority = 20

    def detect(self, table: RawTable) -> bool:
        for underscores in (False, True):
            head = [_meta_field(cell_text(c), underscores) for c in table.rows[0][:4]]
            if head[:2] == ["response_id", "submitted_at"]:
                return True
        return False

    def read(self, table: RawTable, options: SourceOptions, *, by_rows: bool = False):
        """The export held by columns (:func:`~kit.ingest.surveytable.build_columns`), or
        with ``by_rows`` a record per row (the reference)."""
        header = [cell_text(c) for c in table.rows[0]]
        width = len(header)
        while width and not header[width - 1]:
            width -= 1
        underscores = _underscored(header[:width])
        meta, columns, keys = {}, [], set()
        for i, h in enumerate(header[:width]):
            field = _meta_field(h, underscores)
            if field is not None and (field.startswith("_") or field not in meta.values()):
                meta[i] = field
                continue
            code, text = _heading(h, underscores)
            sub = re.search(r"\[([^\[\]]+)\]\s*$", text)
            question = text[: sub.start()].strip() if sub and code is None else None
            key = code or h or f"{i}:"
            if key in keys:           # two questions with the same full heading
                key = f"{i}:{h}"
            keys.add(key)
            columns.append(QuestionColumn(i, key, code, text, question))
        build = build_export if by_rows else build_columns
        export = build(self.name, table, header_rows=1, width=width, meta=meta,
                       columns=columns, options=options, date_order="ymd", exclude=_exclude)
        if underscores:
            export.notes.append("headings with '_' for spaces (LimeSurvey option 'Convert "
                                "spaces in question text to underscores') read with spaces")
        if _abbreviated(columns):
            export.fix = ("the headings are abbreviated (LimeSurvey export option 'Abbreviated "
                          "headings'), so they cannot identify the statements; export the "
                          "responses again with headings 'Question code' (and map the codes "
                          "in the mapping file) or 'Full question text'")
        join_names(export)            # first and last name together, to scrub free text
        if not by_rows:
            sub = export.meta.get("submitted_at")
            if sub is not None:
                sub.values = [None if _no_date(v) else v for v in sub.values]
            return export
        for rec in export.records:
            sub = rec.meta.get("submitted_at")
            if _no_date(sub):
                rec.meta["submitted_at"] = None   # submitted, but the survey stores no dates
        return export


def _no_date(when: object) -> bool:
    """Whether a submission time is LimeSurvey's marker of a survey that stores no dates."""
    return when is not None and when.strftime("%Y-%m-%d") == _NO_DATE

