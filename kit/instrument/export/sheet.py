"""The survey as a workbook (``.xlsx``) for Microsoft Forms and Google Forms, which import no
survey file: the questions, choices, statements and scale points to paste, and the settings.

Sheet 1 (*Vragen* / *Questions*) lists each question (number, text, required, its type in
Microsoft Forms and in Google Forms) with its choices, statements or scale points on the rows
below it, in the order to paste them. Sheet 2 (*Instellingen* / *Settings*) lists the settings
per tool: no name or e-mail recorded unless ``collect_email``, the wave's dates, how to paste and
how to export the responses.

Team and school names come from ``org.yml``: untrusted text. A cell that a spreadsheet could
take for a formula (``=``, ``+``, ``-``, ``@`` first, :func:`kit.analysis.export.is_formula_like`)
is written as a text cell with Excel's quote prefix, the value itself unchanged.
"""

from __future__ import annotations

import datetime as dt
import re

from ...analysis.export import is_formula_like
from .content import Survey

__all__ = ["sheet_rows", "write_xlsx"]

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def sheet_rows(survey: Survey) -> tuple[list[list], list[list]]:
    """The rows (header first) of the questions sheet and of the settings sheet."""
    w = survey.words
    yes, no = w("sheet_yes"), w("sheet_no")
    rows: list[list] = [[w("sheet_nr"), w("sheet_kind"), w("sheet_text"), w("sheet_required"),
                         "Microsoft Forms", "Google Forms"],
                        [None, w("sheet_title"), survey.title, None, None, None],
                        [None, w("sheet_intro"), survey.intro, None, None, None]]

    def question(nr: int, text: str, required: bool, ms: str, google: str) -> None:
        rows.append([nr, w("sheet_question"), text, yes if required else no, w(ms), w(google)])

    question(1, survey.team_question, True, "sheet_ms_choice", "sheet_g_choice")
    rows.extend([None, w("sheet_choice"), c.label, None, None, None] for c in survey.teams)
    question(2, survey.role_question, True, "sheet_ms_choice", "sheet_g_choice")
    rows.extend([None, w("sheet_choice"), c.label, None, None, None] for c in survey.roles)
    for n, g in enumerate(survey.grids, start=3):
        question(n, g.question, False, "sheet_ms_likert", "sheet_g_grid")
        rows.extend([None, w("sheet_statement"), s.text, None, None, None]
                    for s in g.statements)
        rows.extend([None, w("sheet_scale_point"), c.label, None, None, None]
                    for c in survey.scale)
    on, off = w("set_on"), w("set_off")
    start, end = survey.start, survey.end_date          # date cells, shown in Excel's locale
    ms, gf, both = "Microsoft Forms", "Google Forms", w("sheet_all_tools")
    settings = [
        [w("sheet_tool"), w("sheet_setting"), w("sheet_value")],
        [ms, w("set_ms_name"), on if survey.collect_email else off],
        [ms, w("set_one_response"), on if survey.collect_email else off],
        [ms, w("set_shuffle"), off],
        [ms, w("set_start"), start],
        [ms, w("set_end"), end],
        [ms, w("set_export"), w("set_ms_export")],
        [gf, w("set_g_email"), w("set_g_email_on") if survey.collect_email
         else w("set_g_email_off")],
        [gf, w("set_one_response"), on if survey.collect_email else off],
        [gf, w("set_shuffle"), off],
        [gf, w("set_export"), w("set_g_export")],
        [both, w("set_paste"), w("set_paste_how")],
        [both, w("sheet_text"), w("set_texts")],
    ]
    return rows, settings


def _sheet(ws, rows: list[list], widths: list[int]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c)
            if isinstance(value, str):
                cell.value = _ILLEGAL.sub("\ufffd", value)
                cell.data_type = "s"             # text stays text, never a formula
                if is_formula_like(value):
                    cell.quotePrefix = True
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            else:
                cell.value = value
                if isinstance(value, dt.date):
                    cell.number_format = "d-m-yyyy"
            if r == 1 or (len(values) > 1 and values[0] is not None and c <= 3 and
                          isinstance(values[0], int)):
                cell.font = bold
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = "A2"


def write_xlsx(survey: Survey, path) -> None:
    """Write the questions and settings sheets of ``survey`` to ``path`` (``.xlsx``)."""
    import openpyxl

    questions, settings = sheet_rows(survey)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = survey.words("sheet_questions")
    _sheet(ws, questions, [6, 14, 80, 10, 18, 22])
    _sheet(wb.create_sheet(survey.words("sheet_settings")), settings, [18, 34, 80])
    wb.save(path)
