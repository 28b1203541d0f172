"""Reading any export file into a :class:`RawTable`: bytes -> rows of cells, nothing interpreted.

Every reader (survey tools, pupil data, generic) starts from a ``RawTable``. This module sniffs
what the file is (xlsx by its zip signature, CSV/TSV otherwise), the text encoding (BOM ->
UTF-8-sig or UTF-16; else strict UTF-8; else cp1252 as Dutch Excel writes it) and the delimiter
(``,``, ``;`` or tab), and keeps, for every row, the line number a person sees in a spreadsheet
or text editor, so that messages can point at it.

Nothing here knows about surveys: cells stay strings (CSV) or the Python values openpyxl gives
(xlsx: str, int, float, datetime, None).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, Location

__all__ = ["RawTable", "cell_text", "file_sha256", "read_table"]

_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DELIMITERS = (",", ";", "\t")


@dataclass
class RawTable:
    """The cells of one file (or one sheet), as read.

    Attributes
    ----------
    path : Path
        The file.
    rows : list of list
        Every non-blank record, header rows included. CSV cells are ``str``; an unquoted empty
        CSV cell is ``None`` and a quoted empty cell ``""`` (LimeSurvey writes NULL as nothing
        and "seen but not answered" as ``""``). xlsx cells are what openpyxl returns.
    lines : list of int
        For each row, the 1-based line (CSV: the physical line where the record starts) or
        spreadsheet row number.
    kind : str
        ``"csv"`` or ``"xlsx"``.
    encoding, delimiter : str or None
        What was sniffed (CSV only).
    sheet : str or None
        The worksheet read (xlsx only).
    sha256 : str
        Hash of the file's bytes (provenance; resumable batches).
    n_blank : int
        Blank records skipped (not data rows; reported, not counted as rows read).
    """

    path: Path
    rows: list[list[object]]
    lines: list[int]
    kind: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sha256: str = ""
    n_blank: int = 0
    notes: list[str] = field(default_factory=list)

    def where(self, index: int | None = None, column: str | None = None) -> Location:
        """A :class:`Location` for row ``index`` (position in :attr:`rows`) and a column name."""
        row = self.lines[index] if index is not None and 0 <= index < len(self.lines) else None
        return Location(file=self.path.name, row=row, column=column)

    def cell(self, index: int, col: int) -> object:
        """Cell ``col`` of row ``index``; ``None`` past the end of a short row."""
        row = self.rows[index]
        return row[col] if col < len(row) else None


def cell_text(v: object) -> str:
    """A cell as stripped text: ``None`` -> ``""``, ``7.0`` -> ``"7"`` (Excel's whole floats)."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def file_sha256(path: str | Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as err:
            raise _bad_bytes(path, data, err) from err
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as err:
            raise _bad_bytes(path, data, err) from err
    if b"\x00" in data[:4096]:
        raise InputError(
            "this is a binary file, not a CSV or xlsx export",
            where=Location(file=path.name),
            expected="a CSV/TSV text file or an .xlsx workbook",
            fix="export the data again as CSV or Excel (.xlsx)",
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as err:
        raise _bad_bytes(path, data, err) from err
    return text, "cp1252"


def _bad_bytes(path: Path, data: bytes, err: UnicodeDecodeError) -> InputError:
    line = data[: err.start].count(b"\n") + 1
    return InputError(
        f"cannot decode byte 0x{data[err.start]:02x} as text",
        where=Location(file=path.name, row=line),
        expected="UTF-8 (with or without BOM) or Windows-1252 text",
        fix="save the file again as 'CSV UTF-8'",
    )


def _sniff_delimiter(text: str) -> str:
    sample_lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    if not sample_lines:
        return ","
    best, best_score = ",", -1.0
    for d in _DELIMITERS:
        counts = []
        for ln in sample_lines:
            n, quoted = 0, False
            for ch in ln:
                if ch == '"':
                    quoted = not quoted
                elif ch == d and not quoted:
                    n += 1
            counts.append(n)
        if max(counts) == 0:
            continue
        # consistent counts across lines score higher than a single busy line
        first = counts[0]
        same = sum(1 for c in counts if c == first) / len(counts)
        score = first * (0.5 + same)
        if score > best_score:
            best, best_score = d, score
    return best


def _read_csv(path: Path, data: bytes) -> RawTable:
    text, encoding = _decode(data, path)
    delimiter = _sniff_delimiter(text)
    rows: list[list[object]] = []
    lines: list[int] = []
    n_blank = 0
    buf = io.StringIO(text, newline="")
    reader = csv.reader(buf, delimiter=delimiter, quotechar='"', doublequote=True, strict=False)
    start = 1
    try:
        for record in reader:
            here = start
            start = reader.line_num + 1
            if not record or all(c.strip() == "" for c in record):
                n_blank += 1
                continue
            rows.append(record)
            lines.append(here)
    except csv.Error as err:
        raise InputError(
            f"the CSV structure is broken: {err}",
            where=Location(file=path.name, row=reader.line_num),
            expected="well-formed CSV (balanced quotes)",
            fix="open and save the file again in the tool that made it",
        ) from err
    # Distinguish quoted-empty ("") from unquoted-empty (NULL) cells: the csv module gives ""
    # for both, so re-scan records that have empty cells.
    _mark_nulls(text, delimiter, rows, lines)
    return RawTable(path, rows, lines, "csv", encoding, delimiter, None, "", n_blank)


def _mark_nulls(text: str, delimiter: str, rows: list[list[object]], lines: list[int]) -> None:
    """Turn unquoted empty cells into ``None``; quoted empty cells stay ``""``."""
    if not any("" in r for r in rows):
        return
    physical = text.splitlines()
    for idx, row in enumerate(rows):
        if "" not in row:
            continue
        start = lines[idx] - 1
        # rebuild the raw record (it may span several physical lines)
        raw = physical[start] if start < len(physical) else ""
        j = start
        while raw.count('"') % 2 == 1 and j + 1 < len(physical):
            j += 1
            raw += "\n" + physical[j]
        cells_quoted = _quoted_flags(raw, delimiter)
        if len(cells_quoted) != len(row):
            continue
        for c, (value, quoted) in enumerate(zip(row, cells_quoted, strict=True)):
            if value == "" and not quoted:
                row[c] = None


def _quoted_flags(raw: str, delimiter: str) -> list[bool]:
    flags: list[bool] = []
    at_start, quoted, in_quotes = True, False, False
    i = 0
    while i < len(raw):
        ch = raw[i]
        if in_quotes:
            if ch == '"':
                if i + 1 < len(raw) and raw[i + 1] == '"':
                    i += 1
                else:
                    in_quotes = False
        elif ch == '"' and at_start:
            in_quotes, quoted = True, True
        elif ch == delimiter:
            flags.append(quoted)
            quoted, at_start = False, True
            i += 1
            continue
        at_start = False if ch not in " " or quoted else at_start
        i += 1
    flags.append(quoted)
    return flags


def _read_xlsx(path: Path, sheet: str | None) -> RawTable:
    try:
        import openpyxl
    except ImportError as err:  # pragma: no cover - a hard dependency
        raise InputError("reading .xlsx needs openpyxl", where=Location(file=path.name)) from err
    try:
        from openpyxl.utils.exceptions import InvalidFileException
        # a file object, so that openpyxl does not judge the file by its name
        wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True,
                                    data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, InvalidFileException) as err:
        raise InputError(
            f"the workbook cannot be opened ({type(err).__name__})",
            where=Location(file=path.name),
            expected="an Excel .xlsx workbook",
            fix="open it in Excel and save it again as .xlsx",
        ) from err
    try:
        names = wb.sheetnames
        if sheet is not None:
            if sheet not in names:
                raise InputError(
                    f"the workbook has no sheet {sheet!r}",
                    where=Location(file=path.name),
                    expected=f"one of {names}",
                    fix="name an existing sheet in the mapping file",
                )
            candidates = [sheet]
        else:
            candidates = names
        for name in candidates:
            ws = wb[name]
            rows: list[list[object]] = []
            lines: list[int] = []
            n_blank = 0
            for r, values in enumerate(ws.iter_rows(values_only=True), start=1):
                vals = [_xlsx_cell(v) for v in values]
                if all(v is None or (isinstance(v, str) and not v.strip()) for v in vals):
                    n_blank += 1
                    continue
                while vals and vals[-1] is None:
                    vals.pop()
                rows.append(vals)
                lines.append(r)
            if rows:
                return RawTable(path, rows, lines, "xlsx", None, None, name, "", n_blank)
        raise InputError(
            "the workbook has no sheet with data",
            where=Location(file=path.name),
            expected="a sheet with a header row and data rows",
            fix="check that you exported the responses, not an empty template",
        )
    finally:
        wb.close()


def _xlsx_cell(v: object) -> object:
    if isinstance(v, str):
        return v
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return v
    if isinstance(v, dt.time):
        return v.isoformat()
    return v


def read_table(path: str | Path, *, sheet: str | None = None) -> RawTable:
    """Read an export file into a :class:`RawTable`.

    Parameters
    ----------
    path : str or Path
        A CSV/TSV/TXT file or an .xlsx workbook (detected by content, not by name).
    sheet : str, optional
        For workbooks: the sheet to read (default: the first sheet with data).

    Raises
    ------
    kit.errors.InputError
        Missing, empty, binary or undecodable files; old binary .xls; broken CSV structure.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError("the file does not exist", where=Location(file=str(p)),
                         fix="check the path")
    data = p.read_bytes()
    if not data.strip(b"\xef\xbb\xbf \r\n\t"):
        raise InputError("the file is empty", where=Location(file=p.name),
                         expected="a header row and at least one data row",
                         fix="export the responses again")
    if data.startswith(_XLSX_MAGIC):
        table = _read_xlsx(p, sheet)
    elif data.startswith(_OLE_MAGIC):
        raise InputError(
            "this is an old binary Excel (.xls) file",
            where=Location(file=p.name),
            expected="CSV or .xlsx",
            fix="open it in Excel and save it as .xlsx or CSV UTF-8",
        )
    else:
        table = _read_csv(p, data)
    if not table.rows:
        raise InputError("the file has no rows", where=Location(file=p.name),
                         expected="a header row and data rows", fix="export the data again")
    table.sha256 = hashlib.sha256(data).hexdigest()
    return table
