"""A survey export held by columns (:class:`ColumnExport`): what
:func:`~kit.ingest.formats._common.build_export` makes of a table, without a
:class:`~kit.ingest.base.Record` per row. The readers of Google Forms, Microsoft Forms, Qualtrics
and LimeSurvey make one with :func:`build_columns`; the common pipeline then works on its columns
(:mod:`kit.ingest.surveybycols`), and :attr:`ColumnExport.records` gives the records of the
reading by rows, for anything that asks for rows.

A column's cells are worked out once per distinct cell (:func:`distinct`): a timestamp cell is
parsed once, an e-mail address compared once.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .base import QuestionColumn, Record
from .dates import parse_timestamp
from .fastcsv import ColumnRows
from .table import RawTable, cell_text

__all__ = ["ColumnExport", "Distinct", "build_columns", "combine_codes", "combined", "distinct"]

DATE_FIELDS = ("started_at", "submitted_at")


@dataclass
class Distinct:
    """A column as its distinct cells (``values``, a list) and each row's position in it
    (``codes``, an int64 array). Cells are distinct by type and value (``1`` is not ``1.0``
    nor ``True``), as a dictionary keyed by ``(type(cell), cell)`` tells them apart."""

    values: list
    codes: np.ndarray

    def map(self, work: Callable) -> list:
        """``work(cell)`` for each distinct cell."""
        return [work(v) for v in self.values]

    def take(self, per_value, dtype=object) -> np.ndarray:
        """Each row's entry of ``per_value`` (one entry per distinct cell)."""
        arr = np.empty(len(per_value), dtype=dtype)
        arr[:] = per_value if dtype is not object else _objects(per_value)
        return arr[self.codes]


def _objects(values: list) -> np.ndarray:
    """A 1-d object array of ``values`` (tuples stay whole)."""
    arr = np.empty(len(values), dtype=object)
    for k, v in enumerate(values):
        arr[k] = v
    return arr


def distinct(cells) -> Distinct:
    """The distinct cells of a column: a pyarrow array of strings (null: ``None``) or a
    sequence of Python values."""
    if isinstance(cells, (pa.Array, pa.ChunkedArray)):
        if isinstance(cells, pa.ChunkedArray):
            cells = cells.combine_chunks()
        enc = pc.dictionary_encode(cells, null_encoding="encode")
        codes = enc.indices.to_numpy(zero_copy_only=False).astype(np.int64, copy=False)
        return Distinct(enc.dictionary.to_pylist(), codes)
    arr = np.empty(len(cells), dtype=object)
    arr[:] = list(cells)
    codes, uniques = pd.factorize(arr)          # null: -1
    if all(type(u) is str for u in uniques):    # text only: distinct by value alone
        null = codes < 0
        if not null.any():
            return Distinct(list(uniques), codes.astype(np.int64, copy=False))
        if all(v is None for v in arr[null]):
            codes = np.where(null, len(uniques), codes).astype(np.int64)
            return Distinct([*uniques, None], codes)
    index: dict = {}
    keys = [(type(v), v if isinstance(v, Hashable) else repr(v)) for v in cells]
    codes = np.fromiter((index.setdefault(k, len(index)) for k in keys), dtype=np.int64,
                        count=len(keys))
    values: list = [None] * len(index)
    for v, k in zip(cells, codes.tolist(), strict=True):
        if values[k] is None:
            values[k] = v
    return Distinct(values, codes)


def combine_codes(*codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One code per distinct combination of the rows' codes, and a row of each combination."""
    key = np.zeros(len(codes[0]) if codes else 0, dtype=np.int64)
    for c in codes:
        key = key * (int(c.max(initial=0)) + 1) + c
        key = pd.factorize(key)[0].astype(np.int64)
    first = np.full(int(key.max(initial=-1)) + 1, -1, dtype=np.int64)
    first[key[::-1]] = np.arange(len(key))[::-1]
    return key, first


def combined(parts: list[Distinct], work: Callable) -> Distinct:
    """``work(*cells)`` once per distinct combination of the rows' cells in ``parts`` (the
    combinations that occur only), as a :class:`Distinct` over the same rows."""
    key, first = combine_codes(*(d.codes for d in parts))
    return Distinct([work(*(d.values[d.codes[r]] for d in parts)) for r in first.tolist()],
                    key)


@dataclass
class ColumnExport:
    """A survey export held by columns (see the module); the attributes of
    :class:`~kit.ingest.base.SurveyExport` and the cells by column."""

    tool: str
    table: RawTable
    header_rows: int
    columns: list[QuestionColumn]
    n: int                                  # data rows
    lines: np.ndarray                       # the line of each data row
    cells: dict[str, object]                # QuestionColumn.key -> pyarrow array or list
    meta: dict[str, Distinct]               # META field -> its cells (dates: parsed)
    bad_date: np.ndarray                    # a date cell the kit cannot read
    ragged: np.ndarray                      # more cells than the header
    answer_format: str = "labels"
    notes: list[str] = field(default_factory=list)
    fix: str | None = None
    #: each row's exclusion reason from its metadata (``None``: none), as ``Record.exclude``
    excluded: Distinct | None = None
    _records: list[Record] | None = field(default=None, repr=False)

    def column(self, key: str) -> QuestionColumn:
        """The question column with ``key``."""
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)

    def distinct(self, key: str) -> Distinct:
        """The distinct cells of question column ``key`` (worked out once)."""
        got = self._distinct.get(key)
        if got is None:
            got = self._distinct[key] = distinct(self.cells[key])
        return got

    def __post_init__(self) -> None:
        self._distinct: dict[str, Distinct] = {}

    def decode_column(self, key: str, decode: Callable[[object], object]) -> None:
        """Replace each cell ``c`` of question column ``key`` by ``decode(c)`` (worked out
        once per distinct cell)."""
        d = self.distinct(key)
        new = d.map(decode)
        if all(a is b for a, b in zip(new, d.values, strict=True)):
            return
        self.cells[key] = d.take(new).tolist()
        self._distinct.pop(key, None)
        for rec in self._records or ():
            rec.answers[key] = decode(rec.answers.get(key))

    @property
    def rows_asked(self) -> bool:
        """Whether :attr:`records` were made (a caller may have changed them: the export is
        then processed by rows)."""
        return self._records is not None

    @property
    def records(self) -> list[Record]:
        """The data rows as the reading by rows gives them (made on first use)."""
        if self._records is None:
            self._records = self._make_records()
        return self._records

    def _make_records(self) -> list[Record]:
        metas = {f: d.take(d.values) for f, d in self.meta.items()}
        cells = {k: (v.to_pylist() if isinstance(v, (pa.Array, pa.ChunkedArray)) else list(v))
                 for k, v in self.cells.items()}
        excluded = self.excluded.take(self.excluded.values) if self.excluded is not None else None
        out = []
        for r in range(self.n):
            rec = Record(index=self.header_rows + r, line=int(self.lines[r]))
            if self.ragged[r]:
                rec.meta["_ragged"] = True
            for f, vals in metas.items():
                rec.meta[f] = vals[r]
            if self.bad_date[r]:
                rec.meta["_bad_date"] = True
            rec.answers = {k: v[r] for k, v in cells.items()}
            if excluded is not None:
                rec.exclude = excluded[r]
            out.append(rec)
        return out


def _column(table: RawTable, i: int, start: int, n: int, by_column: list | None) -> object:
    """Cells ``start:`` of column ``i`` (``None`` past the end of a short row)."""
    rows = table.rows
    if isinstance(rows, ColumnRows):
        return rows.column(i, start) if i < len(rows.columns) else [None] * n
    if by_column is not None:
        return list(by_column[i]) if i < len(by_column) else [None] * n
    return [r[i] if i < len(r) else None for r in rows[start:]]


def build_columns(tool: str, table: RawTable, *, header_rows: int, width: int,
                  meta: dict[int, str], columns: list[QuestionColumn], options,
                  date_order: str | None, skip: set[int] = frozenset(),
                  exclude: Callable[[dict], str | None] | None = None,
                  tz_of: dict[str, str] | None = None) -> ColumnExport:
    """The export by columns: what :func:`~kit.ingest.formats._common.build_export` gives
    by rows (``skip`` is not needed: skipped columns are neither meta nor questions).
    ``exclude(meta)`` is asked once per distinct combination of the metadata it reads (the
    fields its ``fields`` attribute names, else all) and the row's ``_ragged`` and
    ``_bad_date`` marks (``True`` here; by rows ``_bad_date`` holds the cell's text)."""
    from .formats._common import require_data
    require_data(table, header_rows, tool)
    n = len(table.rows) - header_rows
    lines = np.asarray(table.lines[header_rows:], dtype=np.int64)
    by_column = None
    if isinstance(table.rows, ColumnRows):      # every record as wide as the first
        ragged = np.zeros(n, dtype=bool)
        for i in range(width, len(table.rows.columns)):     # past a blank heading
            d = distinct(table.rows.column(i, header_rows))
            ragged |= d.take([v is not None and bool(v.strip()) for v in d.values], dtype=bool)
    else:
        body = table.rows[header_rows:]
        sizes = np.fromiter(map(len, body), dtype=np.int64, count=n)
        ragged = np.zeros(n, dtype=bool)
        for k in np.flatnonzero(sizes > width).tolist():
            ragged[k] = any(v is not None and str(v).strip() for v in body[k][width:])
        if n and (sizes == sizes[0]).all():
            by_column = list(zip(*body, strict=True))      # a workbook's rows: one width
    metas: dict[str, Distinct] = {}
    # by rows a row's `_bad_date` mark holds the text of its last date cell that cannot be
    # read: 0 none, 1 a blank text (a blank cell in an unknown zone), 2 a text
    mark = np.zeros(n, dtype=np.int8)
    for i, name in meta.items():
        if name == "_drop":
            continue
        d = distinct(_column(table, i, header_rows, n, by_column))
        if name in DATE_FIELDS:
            tz = (tz_of or {}).get(name, options.timezone)
            parsed, wrong = [], []
            stamp = _stamp_reader(tz, options.date_order, date_order or "dmy")
            for v in d.values:
                try:
                    parsed.append(stamp(v))
                    wrong.append(0)
                except (ValueError, KeyError):  # KeyError: unknown zone name
                    parsed.append(None)
                    wrong.append(2 if cell_text(v) else 1)  # a blank cell in an unknown zone
            wrong_rows = d.take(wrong, dtype=np.int8)
            mark = np.where(wrong_rows > 0, wrong_rows, mark)
            d = Distinct(parsed, d.codes)
        else:
            d = Distinct([(v.strip() or None) if isinstance(v, str) else v for v in d.values],
                         d.codes)
        metas[name] = d
    cells = {c.key: _column(table, c.index, header_rows, n, by_column) for c in columns}
    export = ColumnExport(tool, table, header_rows, columns, n, lines, cells, metas,
                          mark == 2, ragged, _answer_format(cells, columns))
    if exclude is not None:
        export.excluded = _excluded(export, exclude, mark > 0)
    return export


def _excluded(export: ColumnExport, exclude: Callable, failed: np.ndarray) -> Distinct:
    """``exclude(meta)`` of each row, once per distinct combination of what it reads."""
    names = getattr(exclude, "fields", None)
    names = [f for f in (names if names is not None else export.meta) if f in export.meta]
    marks = [Distinct([False, True], flags.astype(np.int64))
             for flags in (export.ragged, failed)]

    def work(ragged, bad, *values):
        meta = {"_ragged": True} if ragged else {}
        meta.update(zip(names, values, strict=True))
        if bad:
            meta["_bad_date"] = True
        return exclude(meta)
    return combined([*marks, *(export.meta[f] for f in names)], work)


#: Google Forms' own timestamps (``2025/10/14 7:16:38 p.m. CEST``), read without the general
#: parser: the same datetime as :func:`~kit.ingest.dates.parse_timestamp` gives them
_GOOGLE = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2}) "
                     r"([ap])\.m\. (CET|CEST)")
_ZONE = {"CET": dt.timezone(dt.timedelta(hours=1)), "CEST": dt.timezone(dt.timedelta(hours=2))}


def _stamp_reader(tz: str, order: str | None, default_order: str) -> Callable:
    """``parse_timestamp`` of a cell with these options; Google Forms' timestamps quicker."""
    def general(v: object):
        return parse_timestamp(v, tz=tz, order=order, default_order=default_order)
    try:
        zoneinfo.ZoneInfo(tz)
    except (KeyError, ValueError):      # the general parser's error for every cell
        return general

    def stamp(v: object):
        m = _GOOGLE.fullmatch(v) if isinstance(v, str) else None
        if m is None or not 1 <= int(m.group(4)) <= 12:
            return general(v)
        y, mo, d, h, mi, s, ap, zone = m.groups()
        return dt.datetime(int(y), int(mo), int(d), int(h) % 12 + (12 if ap == "p" else 0),
                           int(mi), int(s), tzinfo=_ZONE[zone])
    return stamp


def _answer_format(cells: dict, columns: list[QuestionColumn]) -> str:
    """:func:`~kit.ingest.formats._common.guess_answer_format` on the first 200 rows."""
    from .formats._common import codes_or_labels
    heads = [cells[c.key].slice(0, 200).to_pylist()
             if isinstance(cells[c.key], (pa.Array, pa.ChunkedArray))
             else cells[c.key][:200] for c in columns]
    return codes_or_labels(v for head in heads for v in head)
