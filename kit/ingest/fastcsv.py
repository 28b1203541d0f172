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
from contextlib import contextmanager
from itertools import compress, repeat
from operator import methodcaller

__all__ = ["gc_paused", "read_unquoted"]

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
