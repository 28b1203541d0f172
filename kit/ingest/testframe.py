"""Test exports read by columns: the same rows, values and row accounting as reading row by row
(:func:`kit.ingest.pupils.read_tests_by_row`), without Python work per row.

A test export repeats a few schools, groups, moments, domains and dates, and a few hundred
distinct results, on many thousands of rows. Each step of the row-by-row reader is a function of
a few cells of its row (the moment; the school, groups and jaargroepen with the moment; the
domain; the date; the score, level, percentile, referentieniveau and status cells), so it is
worked out once per distinct combination of those cells (:func:`each`), on the first row that
has it, with the reference's own code; a rejection it makes there is caught and given to every
row of that combination that is still alive, in the reference's order of checks. Duplicates
are found on integer keys of the values, as the reference compares them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .accounting import Ledger
from .fastcsv import line_array
from .pupilframe import _keys, _of, _pupils, _Rows
from .pupillink import TEST_COLUMNS, PupilContext
from .pupilvalues import (
    UNKNOWN,
    domain_code,
    moment,
    school_year,
    school_year_label,
    supplier_code,
)

__all__ = ["each", "tests_frame"]

_BAD_MOMENT = "not a test moment (such as M5, E6 or B)"


def each(r: _Rows, roles: tuple[str, ...], work) -> tuple[np.ndarray, list, list]:
    """``(codes, results, rejections)``: ``work(k)`` for the first row ``k`` of every distinct
    combination of the cells in ``roles``, each row's combination, and the rejection
    ``(reason, column, detail)`` (or ``None``) ``work`` recorded for it."""
    at = np.zeros(r.n, dtype=np.int64)
    for role in roles:
        codes, values = r.cells(role)
        at, _ = pd.factorize(at * len(values) + codes)
    first = np.unique(at, return_index=True)[1] if r.n else np.zeros(0, np.int64)
    c, real = r.c, r.c.ledger
    results, why = [], []
    try:
        for i in first.tolist():
            c.ledger = Ledger(real.file)
            results.append(work(c.hdr + 1 + i))
            rec = c.ledger.rows[0] if c.ledger.rows else None
            why.append(None if rec is None else (rec["reason"], rec["column"], rec["detail"]))
    finally:
        c.ledger = real
    return at, results, why


def _reject(r: _Rows, at: np.ndarray, why: list) -> None:
    """Give each alive row the rejection of its combination (``why``), if it has one."""
    for rejection in dict.fromkeys(w for w in why if w is not None):
        mask = _of([w == rejection for w in why], at, bool)
        r.reject(mask, *rejection)


def _moment(c: PupilContext, k: int) -> tuple[object, object] | None:
    raw = c.text(k, "moment")
    if not raw:
        return pd.NA, pd.NA
    try:
        return moment(raw)
    except ValueError:
        c.ledger.reject(c.table.lines[k], "bad_value", column=c.header[c.roles["moment"]],
                        detail=_BAD_MOMENT)
        return None


def tests_frame(c: PupilContext, domains: dict, fallback: str | None, place_at_test,
                result) -> tuple[pd.DataFrame, int, int]:
    """The results of a test export (:data:`TEST_COLUMNS`), the rows accepted, and how many of
    them name a supplier the kit does not know; rejected rows go to ``c.ledger`` with their
    reasons, in the order of the file. ``place_at_test`` and ``result`` are the row-by-row
    reader's own steps (:mod:`kit.ingest.pupils`)."""
    r = _Rows(c)
    (pids, cp), pid_key = _pupils(r)
    cm, moments, why = each(r, ("moment",), lambda k: _moment(c, k))
    _reject(r, cm, why)

    def place(k: int):
        m = _moment(c, k)
        return None if m is None else place_at_test(c, k, m[1])
    cpl, places, why = each(r, ("school", "test_group", "test_jaargroep", "group", "jaargroep",
                                "moment"), place)
    _reject(r, cpl, why)
    cd, names = r.texts("domain")
    codes = [domain_code(n, domains) for n in names]
    r.reject(_of([x is None for x in codes], cd, bool), "unknown_indicator",
             c.header[c.roles["domain"]], _of(["unknown test or domain" if n else None
                                               for n in names], cd))
    cdt, dates, why = each(r, ("date",), c.date)
    _reject(r, cdt, why)
    cr, results, why = each(r, ("score", "level", "percentile", "referentieniveau", "status"),
                            lambda k: result(c, k))
    _reject(r, cr, why)
    cy, years, _ = each(r, ("date", "school_year"), lambda k: _year(c, k))
    cs, sups = r.cells("supplier")
    sups = [supplier_code(v) for v in sups]
    odd = int((_of([s == UNKNOWN for s in sups], cs, bool) & r.alive).sum())
    sups = [s or fallback or UNKNOWN for s in sups]
    live = np.flatnonzero(r.alive)
    skipped = [v["not_taken"] if v else None for v in results]
    sig = pd.DataFrame({
        "pid": pid_key[live], "domain": _keys(codes, cd)[live],
        "date": _keys([d[0] for d in dates], cdt)[live],
        "moment": _keys([m and m[:2] for m in moments], cm)[live],
        "score": _keys([v and (v["score"], v["not_taken"]) for v in results], cr)[live],
        "supplier": _keys(sups, cs)[live], "skipped": _keys(skipped, cr)[live]})
    dup = np.zeros(r.n, dtype=bool)
    dup[live] = sig.duplicated(keep="first").to_numpy()
    r.reject(dup, "duplicate_measurement")
    r.to_ledger()
    rows = np.flatnonzero(r.alive)

    def col(values: list, codes: np.ndarray) -> list:
        return _of(values, codes)[rows].tolist()
    lines = line_array(c.table.lines, c.hdr + 1)
    data = {"pupil_id": col(pids, cp),
            **{k: col([p and p[k] for p in places], cpl)
               for k in ("school", "group", "jaargroep", "team", "unlinked")},
            "date": col([d[0] for d in dates], cdt), "school_year": col(years, cy),
            "moment": col([m and m[0] for m in moments], cm),
            "moment_jaargroep": col([m and m[1] for m in moments], cm),
            "domain": col(codes, cd), "supplier": col(sups, cs),
            **{k: col([v and v[k] for v in results], cr)
               for k in ("score", "level", "level_system", "percentile", "referentieniveau",
                         "not_taken")},
            "source_file": [c.table.path.name] * len(rows), "source_row": lines[rows].tolist()}
    return pd.DataFrame(data, columns=TEST_COLUMNS), len(rows), odd


def _year(c: PupilContext, k: int) -> object:
    date, ok = c.date(k)
    if ok and pd.notna(date):
        return school_year(date)
    return school_year_label(c.get(k, "school_year"))
