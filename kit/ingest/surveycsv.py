"""The quick way through a CSV export whose cells are quoted (as Google Forms writes every cell):
read by pyarrow into columns, when that gives exactly the rows, lines and cells of
:func:`kit.ingest.table.read_table`'s careful reading by the csv module; ``None`` otherwise (the
file is then read by rows).

It does, when the quotes pair up as whole cells (a quote inside a cell only doubled inside a
quoted one; a stray quote is where the csv module's lenient reading may differ), every record
is one physical line
(as many records as lines: no line end inside a cell), has as many cells as the first and is
not blank: each record is then line ``k`` of the file, a quoted empty cell is ``""`` and an
unquoted one ``None``, as the careful reading gives them.
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from .fastcsv import ColumnRows, read_columns

__all__ = ["read_quoted_columns", "read_quoted_utf8"]

#: every character ``str.strip`` takes away (a blank record is one of these and delimiters)
_SPACES = "".join(ch for ch in map(chr, range(0x110000)) if ch.isspace())


def read_quoted_columns(text: str, delimiter: str, max_rows: int, max_columns: int,
                        max_cell: int, data: bytes | None = None
                        ) -> tuple[ColumnRows, list[int], int] | None:
    """``(rows, lines, 0)`` of a CSV text with quoted cells, read by pyarrow into columns, or
    ``None`` when that might differ from the reading by the csv module (see the module).
    ``data``: the text as UTF-8, when the caller has it."""
    first = re.match("[^\r\n]*", text).group()
    if not first.strip():
        return None
    bound = min(first.count(delimiter) + 1, max_columns)     # the width is at most this
    names = [f"f{i}" for i in range(bound)]
    data = text.encode("utf-8") if data is None else data
    if b"\0" in data:
        return None         # the csv module refuses a NUL: its message, by rows
    if not data.endswith((b"\n", b"\r")):
        data += b"\n"      # pyarrow takes an empty last cell at the very end as quoted
    if not _quotes_paired(data, delimiter):
        return None
    try:
        table = pacsv.read_csv(
            pa.py_buffer(data),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char='"',
                                             double_quote=True, escape_char=False,
                                             newlines_in_values=False,
                                             ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), null_values=[""],
                strings_can_be_null=True, quoted_strings_can_be_null=False))
    except Exception:  # noqa: BLE001 - whatever pyarrow refuses, the csv module reads or reports
        return None
    physical = data.count(b"\n")
    if b"\r" in data:
        physical += data.count(b"\r") - data.count(b"\r\n")
    if table.num_rows > max_rows or table.num_rows != physical \
            or table.column_names != names[:table.num_columns]:
        return None         # more lines than records: a line end inside a cell
    columns = [table.column(i) for i in range(table.num_columns)]
    if not columns or any(not pa.types.is_string(c.type) for c in columns):
        return None
    for col in columns:
        if (pc.max(pc.binary_length(col)).as_py() or 0) > max_cell \
                and (pc.max(pc.utf8_length(col)).as_py() or 0) > max_cell:
            return None
    blank = None
    for col in columns:      # a record of blank cells only (looked for while there may be one)
        empty = pc.fill_null(pc.equal(pc.utf8_trim(col, _SPACES), ""), True)
        blank = empty if blank is None else pc.and_(blank, empty)
        if not pc.any(blank).as_py():
            return ColumnRows(columns), list(range(1, table.num_rows + 1)), 0
    return None


def _quotes_paired(data: bytes, delimiter: str, block: int = 1 << 22) -> bool:
    """Whether the quotes of ``data`` pair up as whole cells, with no line end inside one:
    taken in order, each opening quote starts a cell (after a delimiter, a line end or at the
    start) or follows the quote just before it, each closing quote ends one or comes just
    before the next (a doubled quote inside a quoted cell), and every line end comes after an
    even number of quotes. The text is then plain RFC 4180 with a record per line, which
    pyarrow (splitting the text at line ends to read it in threads) and the csv module read
    alike (a stray quote, where the csv module's lenient reading may differ, fails). Looked at
    ``block`` bytes at a time (the positions of a block's quotes, not of the whole file's, are
    held at once)."""
    buf = np.frombuffer(data, dtype=np.uint8)
    n = len(buf)
    bounds = np.zeros(256, dtype=bool)
    bounds[[ord(delimiter), ord("\n"), ord("\r"), ord('"')]] = True
    seen = 0                                        # quotes before the block
    for start in range(0, n, block):
        part = buf[start:start + block]
        at = np.flatnonzero(part == ord('"'))
        ends = np.flatnonzero((part == ord("\n")) | (part == ord("\r")))
        if len(ends) and ((np.searchsorted(at, ends) + seen) % 2).any():
            return False                            # a line end inside a quoted cell
        at += start
        opens, closes = (at[0::2], at[1::2]) if seen % 2 == 0 else (at[1::2], at[0::2])
        opens, closes = opens[opens > 0], closes[closes < n - 1]
        if not (bounds[buf[opens - 1]].all() and bounds[buf[closes + 1]].all()):
            return False
        seen += len(at)
    return seen % 2 == 0


def read_quoted_utf8(data: bytes, sniff, max_rows: int, max_columns: int, max_cell: int):
    """:func:`read_quoted_columns` (or for a text without quotes
    :func:`~kit.ingest.fastcsv.read_columns`) of a file's bytes in UTF-8 without decoding the
    whole text first (pyarrow checks that every cell is UTF-8; ``sniff`` finds the delimiter in
    the first 64 Ki characters, as when the text is decoded): ``(rows, lines, "csv",
    encoding, delimiter)``, or ``None`` when it is not such a file, or pyarrow cannot read it
    so (the text is then decoded and read as before)."""
    bom = data.startswith(b"\xef\xbb\xbf")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (not bom and b"\x00" in data[:4096]):
        return None
    body = data[3:] if bom else data
    head = body[:4 * 65536 + 4].decode("utf-8", errors="ignore")
    if len(body) > 4 * 65536 + 4 and (len(head) <= 65536 or not re.search("[\r\n]", head)):
        return None         # (not seen whole: the first line, the sniffer's characters)
    delimiter = sniff(head)
    if b'"' not in body:
        fast = read_columns(head, delimiter, max_rows, max_columns, max_cell, data=body)
    else:
        fast = read_quoted_columns(head, delimiter, max_rows, max_columns, max_cell, data=body)
    if fast is None:
        return None
    return fast[0], fast[1], "csv", "utf-8-sig" if bom else "utf-8", delimiter
