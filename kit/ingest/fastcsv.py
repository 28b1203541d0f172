"""The quick way through a CSV export that has no quote character at all (as most pupil-data
systems and Excel write them): each record is then one physical line and every empty cell is
unquoted (``None``, NULL), so the whole file is split in a few calls that run in C, with
exactly the rows, lines and cells of :func:`kit.ingest.table.read_table`'s careful reading.

Creating a million lists makes Python's cyclic garbage collector walk every one of them again
and again (none of them can form a cycle); :func:`gc_paused` holds it off while a file's cells
are made and read.
"""

from __future__ import annotations

import csv
import gc
import io
import operator
import re
from collections.abc import Sequence
from contextlib import contextmanager
from itertools import compress, repeat
from operator import methodcaller

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

__all__ = ["ColumnRows", "gc_paused", "line_array", "read_columns", "read_unquoted"]

#: what ``str.splitlines`` ends a line at beside the csv module's \r\n, \r and \n (and NUL,
#: which the csv module refuses): a text holding one is read by the csv module
_ODD_LINE = re.compile("[\x00\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector (reference counting still frees memory)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def read_unquoted(text: str, delimiter: str, max_rows: int, max_columns: int,
                  max_cell: int) -> tuple[list, list[int], int] | None:
    """``(rows, lines, blank records)`` of a CSV text without any quote character; ``None``
    when a limit is passed or the csv module finds an error, for the careful reading to report
    it. Lines are 1-based; blank records (every cell empty or white space) are left out."""
    physical = None if _ODD_LINE.search(text) else text.splitlines()
    if physical is not None and max(map(len, physical), default=0) <= max_cell:
        records = list(map(methodcaller("split", delimiter), physical))
    else:
        try:
            records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error:
            return None
    if len(records) > max_rows or max(map(len, records), default=0) > max_columns:
        return None
    filled = list(map(bool, map(str.strip, map("".join, records))))
    rows = list(compress(records, filled))
    lines = list(compress(range(1, len(records) + 1), filled))
    if any(map(operator.contains, rows, repeat(""))):
        rows = [[None if c == "" else c for c in r] if "" in r else r for r in rows]
    return rows, lines, len(records) - len(rows)


#: every character ``str.strip`` takes away (a blank record is one of these and delimiters)
_SPACES = "".join(ch for ch in map(chr, range(0x110000)) if ch.isspace())
#: the end of a CSV text's first line
_LINE_END = re.compile("[\r\n]")
#: rows of a :class:`ColumnRows` kept as lists from the start (headers, title rows, sniffing)
_HEAD = 64


class ColumnRows(Sequence):
    """The rows of a table that is held by columns (pyarrow string arrays, ``None`` for an
    unquoted empty cell): a sequence of lists like the rows of any :class:`RawTable`, so every
    reader may use it as such, while a reader that works on columns takes :meth:`column`.

    The first rows are lists from the start (a reader finding its header mutates nothing
    else); all rows are made into lists only when a reader asks for more than those.
    """

    def __init__(self, columns: list) -> None:
        self.columns = columns
        self._n = len(columns[0]) if columns else 0
        head = [c.slice(0, _HEAD).to_pylist() for c in columns]
        self._head = [list(r) for r in zip(*head, strict=True)]
        self._all: list | None = None

    def column(self, i: int, start: int = 0):
        """Column ``i`` from row ``start`` on, as a pyarrow ``ChunkedArray`` of strings."""
        return self.columns[i].slice(start)

    def lists(self) -> list[list]:
        """Every row as a list (made once; the first rows are the same lists as before)."""
        if self._all is None:
            with gc_paused():
                rest = zip(*(c.slice(_HEAD).to_pylist() for c in self.columns), strict=True)
                self._all = self._head + list(map(list, rest))
        return self._all

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, k):
        if self._all is None:
            if isinstance(k, int) and -self._n <= k < self._n:
                k = k % self._n
                if k < len(self._head):
                    return self._head[k]
            elif isinstance(k, slice):
                start, stop, step = k.indices(self._n)
                if step == 1 and stop <= len(self._head):
                    return self._head[start:stop]
        return self.lists()[k]

    def __iter__(self):
        return iter(self.lists())

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None


def line_array(lines, start: int = 0) -> np.ndarray:
    """The lines of a table's rows from ``start`` on as integers (a ``range``, as
    :func:`read_columns` gives, without a Python integer per row)."""
    lines = lines[start:]
    if isinstance(lines, range):
        return np.arange(lines.start, lines.stop, lines.step, dtype=np.int64)
    return np.asarray(lines, dtype=np.int64)


def read_columns(text: str, delimiter: str, max_rows: int, max_columns: int,
                 max_cell: int, data: bytes | None = None
                 ) -> tuple[ColumnRows, range, int] | None:
    """``(rows, lines, 0)`` of a CSV text without any quote character, read by pyarrow into
    columns, when that gives exactly what :func:`read_unquoted` gives: every record with as
    many cells as the first, no blank record (an empty line is a record of one cell), no NUL,
    within the limits. ``None`` otherwise (the file is then read by rows). ``data``: the
    whole text as UTF-8 bytes, read as they are (pyarrow checks that they are UTF-8); ``text``
    is then only its beginning, with the first line whole.

    pyarrow ends lines at \\r\\n, \\r and \\n only, as the csv module does; the other line
    ends of ``str.splitlines`` (form feed, \\x85, ...) stay in their cell, as they do when
    :func:`read_unquoted` leaves such a text to the csv module.
    """
    end = _LINE_END.search(text)
    first = text[:end.start()] if end else text
    width = first.count(delimiter) + 1
    if width > max_columns or not first.strip() or \
            ("\x00" in text if data is None else b"\0" in data):
        return None
    names = [f"c{i}" for i in range(width)]
    source = pa.PythonFile(_Encoded(text), mode="r") if data is None else pa.py_buffer(data)
    try:
        table = pacsv.read_csv(
            source,
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char=False,
                                             double_quote=False, newlines_in_values=False,
                                             ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), null_values=[""],
                strings_can_be_null=True, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, ValueError):
        return None
    if table.num_rows > max_rows:
        return None
    columns = [table.column(i) for i in range(width)]
    if any(_too_long(col, max_cell) for col in columns) or _any_blank(columns):
        return None
    return ColumnRows(columns), range(1, table.num_rows + 1), 0


class _Encoded:
    """A text as a file of its UTF-8 bytes, encoded a block at a time as pyarrow reads them
    (never the whole file's bytes at once: some 50 MB less memory per million rows)."""

    closed = False

    def __init__(self, text: str, block: int = 1 << 20) -> None:
        self.text, self.pos, self.block, self.pending = text, 0, block, b""

    def read(self, n: int = -1) -> bytes:
        n = len(self.text) * 4 if n is None or n < 0 else n
        while len(self.pending) < n and self.pos < len(self.text):
            step = max(n - len(self.pending), self.block)
            self.pending += self.text[self.pos:self.pos + step].encode("utf-8")
            self.pos += step
        out, self.pending = self.pending[:n], self.pending[n:]
        return out

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def close(self) -> None:
        self.closed = True


def _too_long(col, max_cell: int) -> bool:
    """Whether a cell of ``col`` has more than ``max_cell`` characters (counted only when a
    cell has more bytes than that: a text never has more characters than bytes)."""
    if (pc.max(pc.binary_length(col)).as_py() or 0) <= max_cell:
        return False
    return (pc.max(pc.utf8_length(col)).as_py() or 0) > max_cell


def _any_blank(columns: list) -> bool:
    """Whether a record's cells are all empty or white space. Each column is looked at only
    in the rows still blank in the columns before it (as a rule, none after the first)."""
    rows = None
    for col in columns:
        if rows is not None:
            col = col.take(rows)
        empty = pc.fill_null(pc.equal(pc.utf8_trim(col, _SPACES), ""), True)
        where = pc.indices_nonzero(empty)
        if not len(where):
            return False
        rows = where if rows is None else rows.take(where)
    return rows is not None
