"""Reading any export file into a :class:`RawTable`: bytes -> rows of cells, nothing interpreted.

Every reader (survey tools, pupil data, generic) starts from a ``RawTable``. This module sniffs
what the file is (xlsx by its zip signature, CSV/TSV otherwise), the text encoding (BOM ->
UTF-8-sig or UTF-16; else strict UTF-8; else cp1252 as Dutch Excel writes it) and the delimiter
(``,``, ``;`` or tab), and keeps, for every row, the line number a person sees in a spreadsheet
or text editor, so that messages can point at it.

Nothing here knows about surveys: cells stay strings (CSV) or the Python values of the workbook
(xlsx: str, int, float, bool, datetime, ISO time text, timedelta, None), read by python-calamine
(:mod:`kit.ingest.workbook`) and given as openpyxl gave them before (whole numbers as ``int``,
dates as ``datetime``, error cells such as ``#N/A`` as their text).

A damaged or hostile file never crashes or hangs a read: whatever goes wrong inside a reader
becomes an :class:`~kit.errors.InputError` naming the file (and sheet), and these limits, far
beyond any real export, are checked before the work they bound:

=========================  =================================================================
``MAX_FILE_BYTES``         2 GiB: the size of any export file
``MAX_UNZIPPED_BYTES``     1 GiB: a workbook's XML parts, unpacked (zip bombs)
``MAX_ZIP_PARTS``          10,000 parts in a workbook
``MAX_ROWS``               1,048,576 rows of a sheet (Excel's own limit); CSV: ``MAX_CSV_ROWS``,
                           20,000,000 records
``MAX_COLUMNS``            16,384 columns (Excel's own limit), for CSV records too
``MAX_CELLS``              20,000,000 cells in the rectangle a sheet's cells span
``MAX_CELL_CHARS``         131,072 characters in one cell (the csv module's field limit;
                           Excel itself holds at most 32,767)
=========================  =================================================================
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, Location
from .fastcsv import gc_paused, read_columns, read_unquoted
from .surveycsv import read_quoted_columns, read_quoted_utf8

__all__ = ["RawTable", "cell_text", "file_sha256", "read_table"]

_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DELIMITERS = (",", ";", "\t")
_NEWLINE = re.compile(r"\r\n|\r|\n")     # the line ends the csv module counts

#: the size of any export file
MAX_FILE_BYTES = 2 * 2**30
#: a workbook's XML parts together, unpacked
MAX_UNZIPPED_BYTES = 2**30
#: parts in a workbook's zip
MAX_ZIP_PARTS = 10_000
#: rows of a worksheet (Excel's own limit)
MAX_ROWS = 1_048_576
#: records of a CSV file
MAX_CSV_ROWS = 20_000_000
#: columns of a worksheet or CSV record (Excel's own limit)
MAX_COLUMNS = 16_384
#: cells in the rectangle between a worksheet's outermost cells
MAX_CELLS = 20_000_000
#: characters in one cell (CSV: the csv module's default field limit)
MAX_CELL_CHARS = 131_072


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
    # the first 50 lines of at most 64 KiB: one enormous line must not cost minutes here
    sample_lines = [ln for ln in _NEWLINE.split(text[:65536])[:50] if ln.strip()]
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
    quick = read_quoted_utf8(data, _sniff_delimiter, MAX_CSV_ROWS, MAX_COLUMNS, MAX_CELL_CHARS)
    if quick is not None:       # a quoted UTF-8 export, read by pyarrow before decoding it
        return RawTable(path, *quick, None, "")
    text, encoding = _decode(data, path)
    delimiter = _sniff_delimiter(text)
    limits = (MAX_CSV_ROWS, MAX_COLUMNS, MAX_CELL_CHARS)
    if '"' not in text:
        fast = read_columns(text, delimiter, *limits) or read_unquoted(text, delimiter, *limits)
    else:
        utf8 = data[3:] if encoding == "utf-8-sig" else data if encoding == "utf-8" else None
        fast = read_quoted_columns(text, delimiter, *limits, data=utf8)
    if fast is not None:
        return RawTable(path, *fast[:2], "csv", encoding, delimiter, None, "", fast[2])
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
            if not "".join(record).strip():     # every cell blank (one C call per record)
                n_blank += 1
                continue
            if len(record) > MAX_COLUMNS:
                raise _limit_error(path, f"a record has {len(record):,} cells",
                                   f"{MAX_COLUMNS:,} columns",
                                   "check the delimiter and the quotes of that row, or export "
                                   "again", row=here)
            rows.append(record)
            lines.append(here)
            if len(rows) > MAX_CSV_ROWS:
                raise _limit_error(path, f"more than {MAX_CSV_ROWS:,} records",
                                   f"{MAX_CSV_ROWS:,} records", "split the export", row=here)
    except csv.Error as err:
        if "field larger than field limit" in str(err):
            raise _long_cell(path, start, None, None) from err
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
    physical = _NEWLINE.split(text)
    for idx, row in enumerate(rows):
        if "" not in row:
            continue
        start = lines[idx] - 1
        # rebuild the raw record (it may span several physical lines; quotes counted per line,
        # so that a record of many lines costs linear time)
        parts = [physical[start] if start < len(physical) else ""]
        quotes = parts[0].count('"')
        j = start
        while quotes % 2 == 1 and j + 1 < len(physical):
            j += 1
            parts.append(physical[j])
            quotes += physical[j].count('"')
        raw = "\n".join(parts)
        if delimiter * 2 not in raw and not raw.startswith(delimiter) \
                and not raw.endswith(delimiter):
            continue        # no empty cell without quotes: every empty cell is quoted
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


def _limit_error(path: Path, what: str, limit: str, fix: str, sheet: str | None = None,
                 row: int | None = None) -> InputError:
    place = f"sheet {sheet!r}: " if sheet else ""
    return InputError(f"{place}{what}, more than the kit's limit of {limit}",
                      where=Location(file=path.name, row=row),
                      expected=f"at most {limit} (no real export comes near)", fix=fix)


def _long_cell(path: Path, row: int | None, column: str | None, length: int | None,
               sheet: str | None = None) -> InputError:
    size = f" ({length:,} characters)" if length else ""
    place = f"sheet {sheet!r}: " if sheet else ""
    return InputError(
        f"{place}a cell is longer than the limit of {MAX_CELL_CHARS:,} characters{size}",
        where=Location(file=path.name, row=row, column=column),
        expected=f"cells of at most {MAX_CELL_CHARS:,} characters (Excel itself holds at most "
                 "32,767)",
        fix="shorten that cell, or, if it should not be that long, close the quote (\") that "
            "opens it: an unclosed quote runs a cell on over the rows below")


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
        Missing, empty, binary or undecodable files; old binary .xls; broken CSV structure;
        a damaged workbook; a file past one of the limits (``MAX_*``, see the module). Nothing
        else: any failure inside a reader is turned into an ``InputError`` naming the file.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError("the file does not exist", where=Location(file=str(p)),
                         fix="check the path")
    size = p.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _limit_error(p, f"the file holds {size / 2**30:,.1f} GiB",
                           f"{MAX_FILE_BYTES // 2**30} GiB", "split the export")
    data = p.read_bytes()
    if re.fullmatch(b"[\xef\xbb\xbf \r\n\t]*", data):      # (no copy of a big file)
        raise InputError("the file is empty", where=Location(file=p.name),
                         expected="a header row and at least one data row",
                         fix="export the responses again")
    if data.startswith(_OLE_MAGIC):
        raise InputError(
            "this is an old binary Excel (.xls) file",
            where=Location(file=p.name),
            expected="CSV or .xlsx",
            fix="open it in Excel and save it as .xlsx or CSV UTF-8",
        )
    kind = "workbook" if data.startswith(_XLSX_MAGIC) else "CSV file"
    try:
        with gc_paused():       # a million rows of lists: no cycles to look for
            if kind == "workbook":
                from .workbook import read_xlsx  # imports this module: not at the top
                table = read_xlsx(p, data, sheet)
            else:
                table = _read_csv(p, data)
    except InputError:
        raise
    except Exception as err:  # noqa: BLE001 - no failure inside a reader may escape as a crash
        detail = " ".join(str(err).split())[:120]
        raise InputError(
            f"the {kind} cannot be read: {type(err).__name__}" + (f": {detail}" if detail
                                                                  else ""),
            where=Location(file=p.name),
            expected="an export as the survey tool or pupil system wrote it",
            fix="export the data again; if it still fails, report the file to the kit's "
                "developers",
        ) from err
    if not table.rows:
        raise InputError("the file has no rows", where=Location(file=p.name),
                         expected="a header row and data rows", fix="export the data again")
    table.sha256 = hashlib.sha256(data).hexdigest()
    return table
