"""Any table of the kit to CSV and Excel in one call, safe to open in a spreadsheet.

Team and school names, file names and free text come from a board's files: untrusted text. A
spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (CSV or
formula injection, e.g. ``=HYPERLINK(...)``). :func:`export` writes such cells as text: in CSV
with an apostrophe in front, in Excel as a text cell (with Excel's own "quote prefix", the
value itself unchanged). Numbers are never touched.

>>> import tempfile, pandas as pd
>>> folder = Path(tempfile.mkdtemp())
>>> [p.name for p in export(pd.DataFrame({"team": ["=1+1"], "n": [7]}), folder / "teams")]
['teams.csv', 'teams.xlsx']
>>> (folder / "teams.csv").read_text(encoding="utf-8-sig").splitlines()
['team,n', "'=1+1,7"]
"""

from __future__ import annotations

import datetime as _dt
import decimal
import math
import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from kit.errors import ArgumentError

__all__ = ["FORMATS", "export", "is_formula_like"]

#: the formats :func:`export` writes, and their file suffixes
FORMATS = {"csv": ".csv", "xlsx": ".xlsx"}

_STARTS = ("=", "+", "-", "@")
_CONTROL = ("\t", "\r", "\n")
#: characters an xlsx file cannot hold (XML 1.0), as openpyxl refuses them
_ILLEGAL = {c: "\ufffd" for c in [*range(0, 9), 11, 12, *range(14, 32)]}
_SHEET_BAD = str.maketrans({c: "_" for c in "[]:*?/\\"})
_PLAIN = (bool, int, float, decimal.Decimal, str, _dt.datetime, _dt.date, _dt.time,
          _dt.timedelta)


def is_formula_like(value: object) -> bool:
    """Whether a spreadsheet could take ``value`` for a formula: a string whose first
    character, after spaces, is ``=``, ``+``, ``-`` or ``@``, or that starts with a tab or a
    line break (OWASP's list for CSV injection).

    >>> is_formula_like('=HYPERLINK("http://x","klik")'), is_formula_like(" @SUM(A1)")
    (True, True)
    >>> is_formula_like("Team -1"), is_formula_like(-1.5)
    (False, False)
    """
    return isinstance(value, str) and (value.startswith(_CONTROL) or
                                       value.lstrip(" ").startswith(_STARTS))


def _guard_text(value: object) -> object:
    return "'" + value if is_formula_like(value) else value


def _targets(path: Path, formats: tuple[str, ...]) -> list[Path]:
    base = path.with_suffix("") if path.suffix.lower() in FORMATS.values() else path
    return [base.with_name(base.name + FORMATS[f]) for f in formats]


def _flat(frame: pd.DataFrame, index: bool) -> pd.DataFrame:
    """A copy with one header row of strings (and the index as columns with ``index``)."""
    out = frame.reset_index() if index else frame.copy()
    if isinstance(out.columns, pd.MultiIndex):
        out.columns = [" / ".join(str(p) for p in c if str(p) != "") for c in out.columns]
    out.columns = [str(c) for c in out.columns]
    return out.reset_index(drop=True)


def _text_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if not (pd.api.types.is_numeric_dtype(frame[c]) or
                                             pd.api.types.is_datetime64_any_dtype(frame[c]))]


def _write_csv(frame: pd.DataFrame, target: Path, dutch: bool) -> None:
    out = frame.copy()
    for c in _text_columns(out):
        out[c] = out[c].astype(object).map(_guard_text)
    out.columns = [_guard_text(c) for c in out.columns]
    out.to_csv(target, index=False, encoding="utf-8-sig", lineterminator="\r\n",
               sep=";" if dutch else ",", decimal="," if dutch else ".")


def _cell_value(value: object) -> object:
    """A value openpyxl writes as it is: None for missing, Python numbers and dates, text
    otherwise (time-zone-aware timestamps as ISO text, which Excel cannot hold)."""
    if isinstance(value, list | tuple | set | dict | np.ndarray):
        return str(value)
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, pd.Timedelta):
        value = value.to_pytimedelta()
    if isinstance(value, float):
        return None if math.isnan(value) else value if math.isfinite(value) else str(value)
    if isinstance(value, _dt.datetime | _dt.time) and value.tzinfo is not None:
        return value.isoformat()
    if isinstance(value, str):
        return value.translate(_ILLEGAL)
    return value if isinstance(value, _PLAIN) else str(value)


def _write_xlsx(frame: pd.DataFrame, target: Path, sheet: str) -> None:
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    header = [_cell_value(c) for c in frame.columns]
    bold = Font(bold=True)
    widths = [len(str(h)) for h in header]
    rows = [header, *(list(r) for r in frame.itertuples(index=False, name=None))]
    for r, values in enumerate(rows, start=1):
        for c, raw in enumerate(values, start=1):
            value = raw if r == 1 else _cell_value(raw)
            if value is None:
                continue
            cell = ws.cell(row=r, column=c)
            cell.value = value
            if isinstance(value, str):
                # text stays text: never a formula, also not when a user edits the cell
                cell.data_type = "s"
                if is_formula_like(value):
                    cell.quotePrefix = True
                widths[c - 1] = max(widths[c - 1], min(len(value), 60))
            if r == 1:
                cell.font = bold
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = max(8, w + 2)
    ws.freeze_panes = "A2"
    if len(frame.columns):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(rows)}"
    wb.save(target)


def export(frame: pd.DataFrame, path: str | Path, *,
           formats: str | Iterable[str] = ("csv", "xlsx"), overwrite: bool = False,
           dutch: bool = False, index: bool = False, sheet: str | None = None) -> list[Path]:
    """Write a table to CSV and Excel in one call; cells that a spreadsheet could take for a
    formula are written as text.

    Parameters
    ----------
    frame : DataFrame
        Any table, e.g. one of :class:`kit.analysis.BoardAnalysis`. Columns of several levels
        are joined with ``" / "``.
    path : str or Path
        The file name without suffix (a ``.csv`` or ``.xlsx`` suffix is replaced); each
        format adds its own. Missing folders are made.
    formats : str or iterable of str
        ``"csv"`` and/or ``"xlsx"`` (default both).
    overwrite : bool
        Replace existing files (default False: refuse before writing anything).
    dutch : bool
        CSV for Dutch Excel: ``;`` between fields and a decimal comma. Default False: a
        standard CSV (``,`` and a decimal point), which pandas, R and Python read without
        options. Both are UTF-8 with a byte-order mark, so that Excel shows accented names
        correctly. The xlsx file stores numbers as numbers and is the same either way.
    index : bool
        Also write the frame's index, as its first columns (default False).
    sheet : str, optional
        The Excel sheet's name (default: the file name, at most 31 characters).

    Returns
    -------
    list of Path
        The files written, in the order of ``formats``.

    Raises
    ------
    ArgumentError
        An unknown format, no format, or a file that exists while ``overwrite`` is False.

    Notes
    -----
    A text cell that starts with ``=``, ``+``, ``-`` or ``@`` (after spaces), or with a tab or
    line break (:func:`is_formula_like`), is written in the CSV with an apostrophe in front
    (``'=HYPERLINK(...)``; a spreadsheet shows the text, a program reading the CSV sees the
    apostrophe), and in the xlsx file as a text cell with its value unchanged. Headers are
    treated the same. Numbers, dates and missing values (empty cells) are written as they
    are; characters an xlsx file cannot hold (control characters) become U+FFFD there. Each
    file is written under a temporary name and then renamed, so a failed export leaves no
    half file.
    """
    wanted = (formats,) if isinstance(formats, str) else tuple(formats)
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise ArgumentError(f"unknown export format(s) {unknown}" if unknown else
                            "no export format given", expected=f"some of {list(FORMATS)}")
    wanted = tuple(dict.fromkeys(wanted))
    if not isinstance(frame, pd.DataFrame):
        raise ArgumentError(f"export takes a DataFrame, not {type(frame).__name__}",
                            fix="pass a table, e.g. pd.DataFrame(...) or series.to_frame()")
    targets = _targets(Path(path), wanted)
    existing = [str(t) for t in targets if t.exists()]
    if existing and not overwrite:
        raise ArgumentError(f"{', '.join(existing)} already exist(s)",
                            fix="pass overwrite=True, or another path")
    table = _flat(frame, index)
    name = (sheet if sheet is not None else targets[0].stem).translate(_SHEET_BAD)
    name = name.translate(_ILLEGAL).strip("'")[:31] or "1"
    for fmt, target in zip(wanted, targets, strict=True):
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            if fmt == "csv":
                _write_csv(table, tmp, dutch)
            else:
                _write_xlsx(table, tmp, name)
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
    return targets
