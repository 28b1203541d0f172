"""Observation exports read by columns: the same rows, values and row accounting as reading
row by row (:func:`kit.ingest.pupils.read_observations_by_row`), at the speed of the disk.

An export of a million observations repeats a few thousand pupils, a few dozen groups, a few
dates and a few hundred distinct scores. Every cell is therefore read once per distinct value of
its column (:func:`distinct`): its text, the pupil's pseudonym, the school, the team of the
group, the day, the number. The per-row work left is array arithmetic: masks say which check a
row fails first, in the order the row-by-row reader checks (pupil number, school, group, date,
indicator, values, duplicates), and each rejected row gets that one reason.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from operator import itemgetter

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .fastcsv import ColumnRows, line_array
from .pupilcols import INDICATORS, key
from .pupilkeys import duplicates as _duplicates
from .pupilkeys import keys_of as _keys
from .pupilkeys import per_row as _of
from .pupillink import (
    _TOTAL,
    NO_SCHOOL,
    OBS_COLUMNS,
    PUPIL_COLUMNS,
    UNKNOWN_SCHOOL,
    PupilContext,
    group_detail,
    jaargroep,
)
from .pupilvalues import number, school_year, school_year_label
from .table import cell_text

__all__ = ["column", "distinct", "distinct_arrow", "observations_frame"]

_IND = {key(a): b for a, b in INDICATORS.items()}
_NOT_A_NUMBER = "not a number"
_NO_INDICATOR = ("indicator not known (text not stored); name it under 'indicators:' in the "
                 "mapping file")


def column(rows: list[list[object]], i: int | None) -> list[object]:
    """Cell ``i`` of every row (``None`` past the end of a short row, or when ``i`` is None)."""
    if i is None:
        return [None] * len(rows)
    try:
        return list(map(itemgetter(i), rows))
    except IndexError:
        return [r[i] if i < len(r) else None for r in rows]


def distinct(cells: list[object]) -> tuple[np.ndarray, list[object]]:
    """``(codes, values)``: the distinct cells of a column, and each row's position among them.

    Cells are told apart by type and value (``1``, ``1.0`` and ``True`` are three cells: their
    texts differ), so a function of a cell may be applied to ``values`` alone.
    """
    kinds = set(map(type, cells))
    if kinds <= {str, type(None)} or kinds <= {int, type(None)}:     # equal is then the same
        index = {v: k for k, v in enumerate(dict.fromkeys(cells))}
        return np.fromiter(map(index.__getitem__, cells), np.int64, len(cells)), list(index)
    index: dict = {}
    codes = np.fromiter((index.setdefault((type(v), v), len(index)) for v in cells),
                        dtype=np.int64, count=len(cells))
    return codes, [v for _, v in index]


def distinct_arrow(cells) -> tuple[np.ndarray, list[object]]:
    """:func:`distinct` of a column held by pyarrow (strings; null is ``None``), with the
    codes as pyarrow gives them (32-bit)."""
    if isinstance(cells, pa.ChunkedArray):
        enc = pc.dictionary_encode(cells, null_encoding="encode")   # one dictionary for all
        if enc.num_chunks and len({len(ch.dictionary) for ch in enc.chunks}) == 1:
            codes = np.concatenate([ch.indices.to_numpy() for ch in enc.chunks])
            return codes, enc.chunk(0).dictionary.to_pylist()
        cells = cells.combine_chunks()
    enc = pc.dictionary_encode(cells, null_encoding="encode")
    return enc.indices.to_numpy(zero_copy_only=False), enc.dictionary.to_pylist()


def _at(value: object, mask: np.ndarray) -> object:
    """``value`` at the rows of ``mask``: one value, one per row, or ``(values, codes)``."""
    if isinstance(value, tuple):
        return _of(value[0], value[1][mask])
    return value[mask] if isinstance(value, np.ndarray) else value


class _Rows:
    """The rows of the body and the first reason each one is rejected for."""

    def __init__(self, c: PupilContext) -> None:
        self.c = c
        self.n = len(c.table.rows) - c.hdr - 1
        self.alive = np.ones(self.n, dtype=bool)
        #: per :meth:`reject`: the rows, their reason, column and detail
        self._rejected: list[tuple[np.ndarray, str, np.ndarray, np.ndarray]] = []
        self._distinct: dict = {}
        self._texts: dict = {}

    def distinct(self, i: int | None) -> tuple[np.ndarray, list[object]]:
        """:func:`distinct` of column ``i`` (worked out once per column)."""
        if i not in self._distinct:
            rows, start = self.c.table.rows, self.c.hdr + 1
            if i is None:
                self._distinct[i] = np.zeros(self.n, dtype=np.int64), [None]
            elif isinstance(rows, ColumnRows):
                self._distinct[i] = distinct_arrow(rows.column(i, start))
            else:
                self._distinct[i] = distinct(column(rows[start:], i))
        return self._distinct[i]

    def prefetch(self, columns) -> None:
        """:meth:`distinct` of ``columns`` worked out at once, in threads (pyarrow's
        dictionary encoding lets go of the interpreter), when the table is held by columns."""
        todo = sorted({i for i in columns if i is not None and i not in self._distinct})
        rows, start = self.c.table.rows, self.c.hdr + 1
        if isinstance(rows, ColumnRows) and len(todo) > 1:
            found = _in_threads(distinct_arrow, [(rows.column(i, start),) for i in todo])
            self._distinct.update(zip(todo, found, strict=True))

    def cells(self, role: str) -> tuple[np.ndarray, list[object]]:
        """Codes and distinct cells of the column in ``role`` (all ``None`` without one)."""
        return self.distinct(self.c.roles.get(role))

    def texts(self, role: str) -> tuple[np.ndarray, list[str]]:
        """Codes and distinct texts (``cell_text``) of the column in ``role``."""
        return self.column_texts(self.c.roles.get(role))

    def column_texts(self, i: int | None) -> tuple[np.ndarray, list[str]]:
        """Codes and distinct texts (``cell_text``) of column ``i`` (worked out once)."""
        if i not in self._texts:
            codes, values = self.distinct(i)
            self._texts[i] = codes, [cell_text(v) for v in values]
        return self._texts[i]

    def reject(self, mask: np.ndarray, reason: str, column: object = None,
               detail: object = None) -> None:
        """Reject the rows of ``mask`` still alive for ``reason``; ``column`` and ``detail``
        are one value, one per row, or per distinct cell ``(values, codes)``."""
        m = mask & self.alive
        rows = np.flatnonzero(m)
        if not len(rows):
            return
        per_row = [np.full(len(rows), None, dtype=object) for _ in range(2)]
        per_row[0][:], per_row[1][:] = _at(column, m), _at(detail, m)
        self._rejected.append((rows, reason, *per_row))
        self.alive[rows] = False

    def header(self, role: str) -> str:
        return self.c.header[self.c.roles[role]]

    def to_ledger(self) -> None:
        """The rejected rows to the ledger, in the order of the file."""
        if not self._rejected:
            return
        rows = np.concatenate([x[0] for x in self._rejected])
        order = np.argsort(rows, kind="stable")
        reasons = np.concatenate([np.full(len(x[0]), x[1], dtype=object)
                                  for x in self._rejected])
        columns, details = (np.concatenate([x[k] for x in self._rejected]) for k in (2, 3))
        lines = line_array(self.c.table.lines, self.c.hdr + 1)[rows[order]]
        self.c.ledger.reject_rows(lines.tolist(), reasons[order].tolist(),
                                  columns[order].tolist(), details[order].tolist())


def _pupils(r: _Rows) -> tuple[tuple[list, np.ndarray], np.ndarray]:
    """Pseudonyms (one HMAC per distinct number) as ``(distinct, codes)``, and a key per row
    equal for equal pseudonyms; rejects total rows and rows without one."""
    cp, tp = r.texts("pupil")
    looks = [(t[:1].isdigit(), _is_total(t)) for t in tp]
    digit, total = _of([d for d, _ in looks], cp, bool), _of([t for _, t in looks], cp, bool)
    if r.c.roles.get("pupil") != 0:          # the first column too, when it is another one
        c0, t0 = r.column_texts(0)
        digit &= _of([t[:1].isdigit() for t in t0], c0, bool)
        total |= _of([_is_total(t) for t in t0], c0, bool)
    r.reject(~digit & total, "total_row")
    r.reject(_of([not t for t in tp], cp, bool), "no_pupil_id")
    used = np.zeros(len(tp), dtype=bool)
    used[cp[r.alive]] = True
    pids = r.c.pseudo.pupils([t if ok else None for t, ok in zip(tp, used, strict=True)])
    return (pids, cp), _keys(pids, cp)


def _is_total(text: str) -> bool:
    """Whether a cell says 'total' or the like (a text that starts with a digit never does)."""
    return not text[:1].isdigit() and key(text) in _TOTAL


def _places(r: _Rows) -> dict[str, object]:
    """School, group and team (``(distinct, codes)``), jaargroep (floats) and a key equal for
    equal places (``key``) of every row; rejects unknown schools and groups."""
    c = r.c
    if "school" in c.roles:
        cs, ts = r.texts("school")
        schools = [c.school_named(t) for t in ts]
        why = ([NO_SCHOOL if not t else UNKNOWN_SCHOOL for t in ts], cs)
        r.reject(_of([x is None for x in schools], cs, bool), "unknown_school",
                 r.header("school"), why)
    else:
        cs, schools = np.zeros(r.n, dtype=np.int64), [c.school]
    cg, tg = r.texts("group")
    cj, tj = r.texts("jaargroep") if "jaargroep" in c.roles else (np.zeros(r.n, np.int64), [""])
    combo = cs.astype(np.int64)             # (school, group, jaargroep) as one number, in place
    combo *= len(tg)
    combo += cg
    combo *= len(tj)
    combo += cj
    every = bool(r.alive.all())
    at, places = pd.factorize(combo if every else combo[r.alive])   # hashing: no sort
    found = []
    for p in places.tolist():
        rest, j = divmod(p, len(tj))
        s, g = divmod(rest, len(tg))
        group = tg[g]
        team = c.org.team_for_group(schools[s], group) if group else None
        found.append((team, group, jaargroep(group, tj[j]) if team else pd.NA, schools[s]))
    codes = at if every else np.full(r.n, len(found), dtype=np.int64)   # not alive: None
    if not every:
        codes[r.alive] = at
    out = {"group": ([f[1] for f in found] + [None], codes),
           "team": ([f[0] for f in found] + [None], codes),
           "jaargroep": _of([np.nan if pd.isna(f[2]) else f[2] for f in found] + [np.nan],
                            codes, float), "school": (schools, cs),
           "key": _keys([(f[0], f[1], None if pd.isna(f[2]) else f[2], f[3]) for f in found]
                        + [None], codes)}
    nobody = r.alive.copy()
    nobody[r.alive] = _of([f[0] is None for f in found], at, bool)
    why = ([group_detail(f[1]) for f in found] + [None], codes)
    r.reject(nobody, "unknown_group", r.header("group"), why)
    return out


def _dates(r: _Rows) -> tuple[np.ndarray, tuple[list, np.ndarray], np.ndarray]:
    """Day (``NaT`` when blank; in nanoseconds, the store's unit) and school year
    (``(distinct, codes)``) of every row, and a key per row equal for equal days; rejects
    unreadable dates."""
    cd, raw = r.cells("date")
    days = [pd.NaT if v is None or not cell_text(v) else r.c.day(v) for v in raw]
    bad = _of([isinstance(d, str) for d in days], cd, bool)
    r.reject(bad, "bad_date", r.header("date") if "date" in r.c.roles else None, (days, cd))
    days = [pd.NaT if isinstance(d, str) else d for d in days]
    cy, ys = r.cells("school_year")
    years = [school_year(d) if pd.notna(d) else None for d in days]
    blank = _of([pd.isna(d) for d in days], cd, bool)
    year = (years + [school_year_label(v) for v in ys], np.where(blank, cy + len(days), cd))
    stamps = [np.datetime64("NaT", "s") if pd.isna(d) else d.to_datetime64() for d in days]
    day_key = _keys([None if pd.isna(d) else d for d in days], cd)
    return _of(stamps, cd, "datetime64[ns]"), year, day_key


def _numbers(r: _Rows, i: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Values of column ``i`` (NaN blank), whether each cell is unreadable as a number, and a
    key per row equal for equal values (blanks equal)."""
    codes, values = r.distinct(i)
    nums, bad = [], []
    for v in values:
        try:
            nums.append(number(v))
            bad.append(False)
        except ValueError:
            nums.append(np.nan)
            bad.append(True)
    keys = _keys([None if np.isnan(x) else x for x in nums], codes)
    return _of(nums, codes, float), _of(bad, codes, bool), keys


def observations_frame(c: PupilContext, long: bool) -> tuple[pd.DataFrame, int, pd.DataFrame]:
    """The measurements of an observation export (:data:`OBS_COLUMNS`, in the order the rows
    and their indicator columns come), the number of rows accepted, and the ``pupils`` rows
    (:data:`PUPIL_COLUMNS`); the rejected rows go to ``c.ledger`` with their reasons, in the
    order of the file."""
    r = _Rows(c)
    r.prefetch([0, *c.roles.values(), *c.ind_cols])
    pid, pid_key = _pupils(r)
    place = _places(r)
    day, year, day_key = _dates(r)
    keys = [pid_key, day_key]
    if long:
        ci, names = r.texts("indicator")
        extra = {key(k): v for k, v in c.mapping.indicators.items()}
        codes = [extra.get(key(t)) or _IND.get(key(t)) for t in names]
        r.reject(_of([not t for t in names], ci, bool), "unknown_indicator",
                 r.header("indicator"))
        r.reject(_of([x is None for x in codes], ci, bool), "unknown_indicator",
                 r.header("indicator"), _NO_INDICATOR)
        pairs = [((codes, ci), c.roles["value"])]
        keys.append(_keys(codes, ci))
    else:
        zero = np.zeros(r.n, np.int64)          # each column: one indicator on every row
        pairs = [(([code], zero), i) for i, code in c.ind_cols.items()]
    values = [_numbers(r, i) for _, i in pairs]
    first_bad = np.full(r.n, len(pairs), dtype=np.int64)     # the first unreadable column
    for j, (_, bad, _) in reversed(list(enumerate(values))):
        first_bad[bad] = j
    r.reject(first_bad < len(pairs), "bad_value",
             ([c.header[i] for _, i in pairs] + [None], first_bad), _NOT_A_NUMBER)
    measured = np.logical_or.reduce([~np.isnan(v) for v, _, _ in values])
    r.reject(~measured, "no_value")
    live = np.flatnonzero(r.alive)
    dup = np.zeros(r.n, dtype=bool)
    dup[live] = _duplicates(live, keys + [k for _, _, k in values])
    r.reject(dup, "duplicate_measurement")
    r.to_ledger()
    frame = _measurements(c, r, pid, place, day, year, pairs, [v for v, _, _ in values])
    return frame, int(r.alive.sum()), _pupil_rows(r, pid, pid_key, place, year)


def _pupil_rows(r: _Rows, pid, pid_key: np.ndarray, place, year) -> pd.DataFrame:
    """The ``pupils`` rows of the accepted rows (:data:`PUPIL_COLUMNS`): one per pupil, school
    year and place, in the order they first come (as :func:`~.pupillink.pupils_of`)."""
    live = np.flatnonzero(r.alive)
    first = live[~_duplicates(live, [pid_key, _keys(*year), place["key"]])]
    return pd.DataFrame({
        "pupil_id": _texts(pid, first), "school_year": _texts(year, first),
        "school": _texts(place["school"], first), "group": _texts(place["group"], first),
        "jaargroep": pd.array(place["jaargroep"][first], dtype="Int64"),
        "team": _texts(place["team"], first)}, columns=PUPIL_COLUMNS, copy=False)


def _measurements(c: PupilContext, r: _Rows, pid, place, day, year, pairs,
                  values) -> pd.DataFrame:
    """One row per accepted row and measured indicator, in the file's order."""
    lines = line_array(c.table.lines, c.hdr + 1)
    if len(pairs) == 1:         # long (or one indicator column): the rows as they come
        ((names, ind), _), value = pairs[0], values[0]
        at = np.flatnonzero(r.alive & ~np.isnan(value))
        if len(at) == r.n:
            at = slice(None)                                # every row: views, no copies
        ind, value, n = ind[at], value[at], r.n if isinstance(at, slice) else len(at)
    else:                       # wide: each row's measured indicators, in column order
        parts, names = [], []
        for j, (((codes, col), _), v) in enumerate(zip(pairs, values, strict=True)):
            rows = np.flatnonzero(r.alive & ~np.isnan(v))
            parts.append((rows, np.full(len(rows), j), col[rows] + len(names), v[rows]))
            names.extend(codes)
        rows = np.concatenate([p[0] for p in parts])
        order = np.lexsort((np.concatenate([p[1] for p in parts]), rows))
        at, n = rows[order], len(rows)
        ind = np.concatenate([p[2] for p in parts])[order]
        value = np.concatenate([p[3] for p in parts])[order]
    if not n:
        return pd.DataFrame([], columns=OBS_COLUMNS)
    texts = _in_threads(_texts, [
        (pid, at), (place["school"], at), (place["group"], at), (place["team"], at),
        (year, at), ((names, ind), None),
        (([c.table.path.name], np.zeros(n, np.int8)), None)])
    return pd.DataFrame({
        "pupil_id": texts[0], "school": texts[1], "group": texts[2],
        "jaargroep": pd.array(place["jaargroep"][at], dtype="Int64"),
        "team": texts[3], "date": day[at], "school_year": texts[4], "indicator": texts[5],
        "value": value,
        "source_file": texts[6], "source_row": lines[at]},
        columns=OBS_COLUMNS, copy=False)         # the arrays as they are: no copy into blocks


def _in_threads(func, calls: list[tuple]) -> list:
    """``func(*args)`` for each of ``calls``, on pyarrow's CPU threads (its kernels let go of
    the interpreter while they work), in the order given."""
    if len(calls) < 2 or pa.cpu_count() < 2:
        return [func(*args) for args in calls]
    with ThreadPoolExecutor(pa.cpu_count()) as pool:
        return list(pool.map(lambda args: func(*args), calls))


def _texts(cells, rows: np.ndarray | None = None) -> pd.api.extensions.ExtensionArray:
    """A column of the ``str`` dtype (``None`` missing) of per-row ``cells``, or of
    ``(distinct, codes)``, at ``rows`` (an index or a slice; all rows when None), made by
    pyarrow in one call."""
    if isinstance(cells, tuple):
        values, codes = cells
        codes = codes if rows is None else codes[rows]
        arr = pa.array(values, type=pa.large_string()).take(pa.array(codes))
    else:
        cells = cells if rows is None else cells[rows]
        arr = pa.array(cells, type=pa.large_string(), from_pandas=True)
    return pd.array(arr, dtype="str")
