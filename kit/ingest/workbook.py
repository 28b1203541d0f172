"""Reading an .xlsx workbook into a :class:`~kit.ingest.table.RawTable` (for :func:`read_table`).

python-calamine (Rust) reads the cells; it is much faster than openpyxl (``python
benchmarks/ingest_xlsx.py``) and reads only the cells that are there: openpyxl's read-only mode
walked the sheet's stated dimension, so a damaged ``A1:XFD1048576`` made it run for hours, and
it raised zipfile, zlib, XML, ``ValueError``, ``TypeError`` and ``NotImplementedError`` errors
lazily while rows were read. What calamine cannot do safely is checked in Python first: it
trusts the zip's deflate streams, allocates the rectangle between the outermost cells of a
sheet in one piece and reserves what ``sharedStrings.xml`` says it holds, and a failed
allocation in Rust ends the process instead of raising. So every XML part is unpacked here
first (CRC checked, within ``MAX_UNZIPPED_BYTES``), a sheet's extent is measured from its cell
references before calamine reads it (``MAX_ROWS``, ``MAX_COLUMNS``, ``MAX_CELLS``), the
shared-strings count is checked, and whatever calamine raises (a Rust panic too) becomes an
:class:`~kit.errors.InputError` naming the file and sheet.

Values are given as openpyxl gave them: empty cells ``None``, whole numbers ``int``, dates
``datetime``, times ISO text, error cells (``#N/A``) their text. Deliberate differences: the
escapes ``_x000D_`` are decoded (to ``\\r``), a cell of spaces only that is not marked
``xml:space="preserve"`` is empty, and cells beyond a too small stated dimension are read
(openpyxl dropped them).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from pathlib import Path

from ..errors import InputError, Location
from .table import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNZIPPED_BYTES,
    MAX_ZIP_PARTS,
    RawTable,
    _limit_error,
    _long_cell,
)

__all__ = ["read_xlsx"]

_CAL_WORKSHEET = "WorkSheet"
_REL = re.compile(rb"<(?:[\w.-]+:)?Relationship\b([^>]*)>")
_SHEET_EL = re.compile(rb"<(?:[\w.-]+:)?sheet\b([^>]*)>")
_ATTR = re.compile(rb"""([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ROW_OR_CELL = re.compile(rb"<(/?)(?:[\w.-]+:)?(row|c)(?=[\s/>])([^>]*)>")
_REF = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]*)(\d+)["']""")
# the fast forms (a literal start is searched for quickly): when every cell has one
_REF_ROW = re.compile(rb' r="[A-Za-z]*(\d+)"')
_REF_COL = re.compile(rb' r="([A-Za-z]+)\d')
_ERROR_CELL = re.compile(
    rb"""<(?:[\w.-]+:)?c\s[^>]*\bt\s*=\s*["']e["'][^>]*>(.{0,200}?)</(?:[\w.-]+:)?c>""", re.S)
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v>([^<]{0,50})</(?:[\w.-]+:)?v>")
_UNIQUE_COUNT = re.compile(rb"""\buniqueCount\s*=\s*["']\s*(\d{1,30})""")



def _unopenable(path, err: BaseException) -> InputError:
    """The kit's error for a workbook that cannot be opened at all."""
    return InputError(f"the workbook cannot be opened ({type(err).__name__})",
                      where=Location(file=path.name), expected="an Excel .xlsx workbook",
                      fix="open it in Excel and save it again as .xlsx")

def _damaged(path: Path, err: BaseException, sheet: str | None = None,
             part: str | None = None) -> InputError:
    where = f" (sheet {sheet!r})" if sheet else (f" (part {part})" if part else "")
    detail = " ".join(str(err).split())[:120]
    return InputError(
        f"the workbook is damaged and cannot be read{where}: {type(err).__name__}"
        + (f": {detail}" if detail else ""),
        where=Location(file=path.name),
        expected="an Excel .xlsx workbook",
        fix="open it in Excel and save it again as .xlsx, or download the export again")


def _is_panic(err: BaseException) -> bool:
    """A Rust panic inside python-calamine (``pyo3_runtime.PanicException``, a BaseException)."""
    return type(err).__name__ == "PanicException"


def _unzip(path: Path, data: bytes) -> dict[str, bytes]:
    """The workbook's XML parts (name -> bytes), CRC checked, within the size limits."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except Exception as err:  # BadZipFile, struct errors, ... of a damaged directory
        raise _unopenable(path, err) from err
    fix = "export the data again; a real export is far smaller, so the file is probably damaged"
    if len(infos) > MAX_ZIP_PARTS:
        raise _limit_error(path, f"the workbook has {len(infos):,} parts",
                           f"{MAX_ZIP_PARTS:,} parts", fix)
    xml = [i for i in infos if i.filename.lower().endswith((".xml", ".rels"))]
    stated = sum(i.file_size for i in xml)
    if stated > MAX_UNZIPPED_BYTES:
        raise _limit_error(path, f"the workbook's XML unpacks to {stated / 2**20:,.0f} MiB",
                           f"{MAX_UNZIPPED_BYTES // 2**20:,} MiB", fix)
    parts: dict[str, bytes] = {}
    for info in xml:
        try:
            # zipfile stops at the stated size and checks the CRC: no part grows past it
            parts[info.filename] = zf.read(info)
        except Exception as err:  # BadZipFile (CRC), zlib.error, EOFError, NotImplementedError
            raise _damaged(path, err, part=info.filename) from err
    return parts


def _sheet_parts(parts: dict[str, bytes]) -> dict[str, str]:
    """Sheet name -> its XML part, from workbook.xml and its rels (best effort)."""
    def attrs(raw: bytes) -> dict[str, str]:
        out = {}
        for m in _ATTR.finditer(raw):
            key = m.group(1).split(b":")[-1].decode("latin-1")
            out[key] = (m.group(2) if m.group(2) is not None else m.group(3)).decode(
                "utf-8", "replace")
        return out

    book = next((n for n in parts if n.lower().endswith("workbook.xml")), None)
    if book is None:
        return {}
    folder = book.rsplit("/", 1)[0] + "/" if "/" in book else ""
    rels_name = f"{folder}_rels/{book.rsplit('/', 1)[-1]}.rels"
    targets = {}
    for m in _REL.finditer(parts.get(rels_name, b"")):
        a = attrs(m.group(1))
        if "Id" in a and "Target" in a:
            t = a["Target"]
            targets[a["Id"]] = t.lstrip("/") if t.startswith("/") else folder + t
    out = {}
    for m in _SHEET_EL.finditer(parts[book]):
        a = attrs(m.group(1))
        name = html.unescape(a.get("name", ""))
        if a.get("id") in targets:
            out[name] = targets[a["id"]]
    return out


def _extent(xml: bytes, exact: bool = False) -> tuple[int, int, int]:
    """``(rows, columns, cells)`` of the rectangle calamine would allocate for a sheet.

    Follows calamine's rules (``exact=True``): a cell's position is its ``r`` reference, else
    the next column of the current row; a row without ``r`` follows the previous one; an empty
    self-closed cell (``<c r="XFD1048576" s="1"/>``) holds nothing and is not placed. Without
    ``exact``, when every cell and row has a reference, the outermost references are an upper
    bound found faster.
    """
    # "<c" also counts <col>, <cfRule>, ... and ":c" prefixed names: more tags than cells and
    # rows only sends a sheet to the exact count
    n_tags = xml.count(b"<c") + xml.count(b":c") + xml.count(b"<row")
    n_refs = xml.count(b' r="')
    if not exact and n_refs >= n_tags:                  # every cell and row has a reference:
        rows = set(_REF_ROW.findall(xml))               # the outermost ones decide (distinct
        cols = set(_REF_COL.findall(xml))               # values only: few, however many cells)
        max_row = max((int(r) for r in rows), default=0)
        max_col = max((_col_number(c) for c in cols), default=0)
        return max_row, max_col, max_row * max_col
    row, col, max_row, max_col = 0, 0, 0, 0
    for m in _ROW_OR_CELL.finditer(xml):
        closing, tag, rest = m.group(1), m.group(2), m.group(3)
        if tag == b"row":
            if not closing:
                ref = _REF.search(b" " + rest)
                if ref:
                    row = int(ref.group(2)) - 1
            if closing or rest.endswith(b"/"):
                row, col = row + 1, 0
            continue
        if closing:
            continue
        ref = _REF.search(b" " + rest)
        if ref and ref.group(1):
            r, c = int(ref.group(2)) - 1, _col_number(ref.group(1)) - 1
        else:
            r, c = row, col
        col = c + 1
        if not rest.endswith(b"/"):
            max_row, max_col = max(max_row, r + 1), max(max_col, c + 1)
    return max_row, max_col, max_row * max_col


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _col_letters(n: int) -> str:
    s = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        s = chr(65 + rem) + s
    return s


def _check_sheet(path: Path, name: str, xml: bytes) -> None:
    rows, cols, cells = _extent(xml)
    if rows > MAX_ROWS or cols > MAX_COLUMNS or cells > MAX_CELLS:
        rows, cols, cells = _extent(xml, exact=True)
    fix = ("delete the rows or columns far below or right of the data (or export the data "
           "again); the sheet is probably damaged")
    if rows > MAX_ROWS:
        raise _limit_error(path, f"a cell on row {rows:,}", f"{MAX_ROWS:,} rows", fix, name)
    if cols > MAX_COLUMNS:
        raise _limit_error(path, f"a cell in column {cols:,}", f"{MAX_COLUMNS:,} columns",
                           fix, name)
    if cells > MAX_CELLS:
        raise _limit_error(path, f"the cells span {rows:,} rows x {cols:,} columns",
                           f"{MAX_CELLS:,} cells", fix, name)


def _check_shared_strings(path: Path, parts: dict[str, bytes]) -> None:
    for part, xml in parts.items():
        if not part.lower().endswith("sharedstrings.xml"):
            continue
        m = _UNIQUE_COUNT.search(xml[:4096])
        held = xml.count(b"<si") + xml.count(b":si")
        if m and int(m.group(1)) > max(4 * held, 100_000):
            raise InputError(
                f"the workbook is damaged: its shared-strings table states "
                f"{int(m.group(1)):,} strings but holds {held:,}",
                where=Location(file=path.name),
                expected="an Excel .xlsx workbook",
                fix="open it in Excel and save it again as .xlsx, or download the export again")


def _error_cells(xml: bytes) -> dict[tuple[int, int], str]:
    """Error cells (``#N/A``, ``#DIV/0!``): calamine reads them as empty, openpyxl as text."""
    out = {}
    if b"t=\"e\"" not in xml and b"t='e'" not in xml:
        return out
    for m in _ERROR_CELL.finditer(xml):
        ref = _REF.search(m.group(0)[:200])
        val = _VALUE.search(m.group(1))
        if ref and ref.group(1) and val:
            out[(int(ref.group(2)), _col_number(ref.group(1)))] = val.group(1).decode(
                "utf-8", "replace")
    return out


def read_xlsx(path: Path, data: bytes, sheet: str | None) -> RawTable:
    """The first worksheet with data (or ``sheet``) of the workbook ``data`` read from ``path``."""
    import python_calamine as calamine

    parts = _unzip(path, data)
    _check_shared_strings(path, parts)
    sheet_parts = _sheet_parts(parts)
    try:
        wb = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = [m.name for m in wb.sheets_metadata
                 if getattr(m.typ, "name", str(m.typ)).split(".")[-1] == _CAL_WORKSHEET]
    except BaseException as err:
        if not (isinstance(err, Exception) or _is_panic(err)):
            raise
        raise _unopenable(path, err) from err
    try:
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
            part = sheet_parts.get(name)
            if part in parts:
                xmls = [parts[part]]
            else:        # rels damaged: check every part that holds sheet data
                xmls = [x for x in parts.values() if b"sheetData" in x]
            for xml in xmls:
                _check_sheet(path, name, xml)
            try:
                rows, lines, n_blank = _calamine_rows(path, name, wb.get_sheet_by_name(name))
            except InputError:
                raise
            except BaseException as err:
                if not (isinstance(err, Exception) or _is_panic(err)):
                    raise
                raise _damaged(path, err, sheet=name) from err
            if rows:
                if part in parts:
                    for (r, c), text in _error_cells(parts[part]).items():
                        _set_error(rows, lines, r, c, text)
                return RawTable(path, rows, lines, "xlsx", None, None, name, "", n_blank)
        raise InputError(
            "the workbook has no sheet with data",
            where=Location(file=path.name),
            expected="a sheet with a header row and data rows",
            fix="check that you exported the responses, not an empty template",
        )
    finally:
        try:
            wb.close()
        except Exception:  # noqa: BLE001 - closing a damaged workbook must not hide the error
            pass


def _calamine_rows(path: Path, name: str, ws) -> tuple[list[list[object]], list[int], int]:
    """Rows of a calamine sheet as openpyxl gave them: ``None`` for empty cells, whole numbers
    as ``int``, dates as ``datetime``, times as ISO text; blank rows skipped and counted."""
    start = ws.start or (0, 0)
    end = ws.end or (0, 0)
    pad = [None] * start[1]          # calamine leaves out the empty columns left of the data
    rows: list[list[object]] = []
    index: list[int] = []
    n_blank = n = 0
    for n, values in enumerate(ws.iter_rows(), start=1):
        if values.count("") == len(values):          # an empty row, without a look per cell
            n_blank += 1
            continue
        vals = pad + [_calamine_cell(v) for v in values]
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in vals):
            n_blank += 1
            continue
        while vals and vals[-1] is None:
            vals.pop()
        for c, v in enumerate(vals):
            if isinstance(v, str) and len(v) > MAX_CELL_CHARS:
                raise _long_cell(path, n, _col_letters(c + 1), len(v), sheet=name)
        rows.append(vals)
        index.append(n)
    # calamine yields the empty rows above the data too (so the count is end row + 1); should a
    # version start at the first row with data, the positions move down by the start row
    offset = 0 if n == end[0] + 1 else start[0]
    return rows, [i + offset for i in index], n_blank + (start[0] if offset else 0)


def _set_error(rows: list[list[object]], lines: list[int], r: int, c: int, text: str) -> None:
    try:
        k = lines.index(r)
    except ValueError:
        return
    row = rows[k]
    if c > len(row):
        row.extend([None] * (c - len(row)))
    if row[c - 1] is None:
        row[c - 1] = text


def _calamine_cell(v: object) -> object:
    if isinstance(v, str):
        return v if v else None
    if isinstance(v, float):
        return int(v) if v.is_integer() and abs(v) < 2**53 else v
    if isinstance(v, dt.datetime):
        return v
    if isinstance(v, dt.date):
        return dt.datetime(v.year, v.month, v.day)
    if isinstance(v, dt.time):
        return v.isoformat()
    return v
