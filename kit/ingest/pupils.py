"""Pupil data: observation exports (e.g. ZIEN!) and test exports (Cito/Boom-like).

Both readers take a :class:`~kit.ingest.table.RawTable`, find the header below any report title
rows, recognise the columns (:mod:`kit.ingest.pupilcols`), drop names and other identifying
columns at once, read the cells (:mod:`kit.ingest.pupilvalues`), replace pupil numbers by keyed
pseudonyms, link every measurement to the team that teaches the pupil's group at that moment (so
a pupil who changes group or school appears with each team for the measurements made there),
and account for every input row. They are registered as the readers ``observations`` and
``tests`` (:mod:`kit.ingest.formats.pupils`) beside the survey formats.

School years: a test result belongs to the group the pupil was in when the test was taken:
a column such as 'Groep bij afname' when the export has one, else the group column unless the
test moment names another jaargroep (an export made after the school year rolled over holds the
pupil's present group: ``E4`` beside ``Jaargroep 5``). Such a result, or one without a group,
is kept without group and team (``unlinked``), counted in the account's ``kept``;
:func:`kit.ingest.schoolyear.link_school_years` then takes its group from the observations of
that school year where it can.

Tests not taken: ``afwezig``, ``vrijgesteld``, ``niet gemaakt``, ``n.v.t.`` (and the like) in a
score or level cell, or an empty score beside a status column that does not say the test was
taken, keep the row with its reason (``not_taken``) and no score; an empty score with nothing
saying why is still rejected (``no_value``). Supplier cells and long files' indicator names are
checked against the kit's lists: an unknown supplier is stored as ``unknown``, an unknown
indicator rejected (``unknown_indicator``), never stored as typed.

Row accounting: ``rows_read`` counts the data rows below the header. A row is accepted when it
yields at least one measurement; a wide observation row yields one measurement per filled
indicator column (``account.notes`` reports the number of measurements).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputError
from .fastcsv import gc_paused
from .mapping import SourceMapping
from .org import Organisation
from .pupilcols import INDICATORS, find_header, key, locate
from .pupilframe import observations_frame
from .pupillink import OBS_COLUMNS, TEST_COLUMNS, PupilContext, PupilResult, jaargroep
from .pupilvalues import (
    UNKNOWN,
    domain_code,
    group_years,
    level,
    moment,
    not_taken,
    number,
    referentieniveau,
    school_year,
    school_year_label,
    status,
    supplier_code,
)
from .table import RawTable
from .table import cell_text as _text
from .testframe import tests_frame

__all__ = ["PupilResult", "detect_pupil_kind", "read_observations", "read_observations_by_row",
           "read_tests", "read_tests_by_row", "school_year"]

_IND = {key(a): b for a, b in INDICATORS.items()}
_VALUES = ("score", "level", "percentile", "referentieniveau")


def detect_pupil_kind(table: RawTable) -> str | None:
    """``"tests"``, ``"observations"`` or ``None`` (not pupil data) from the header."""
    empty = SourceMapping()
    try:
        k = find_header(table, empty)
    except InputError:
        return None
    header = [str(c or "") for c in table.rows[k]]
    roles, _, inds = locate(header, empty, table, k)
    if "pupil" not in roles or roles.get("pupil") is None:
        return None
    if "domain" in roles and ("score" in roles or "level" in roles
                              or "referentieniveau" in roles):
        return "tests"
    if inds or "indicator" in roles:
        return "observations"
    return None


def read_observations(table: RawTable, *, mapping: SourceMapping, org: Organisation,
                      pseudonymizer) -> PupilResult:
    """Read an observation export (long: indicator + value columns; wide: a column each),
    working on columns (:mod:`kit.ingest.pupilframe`).

    Returns
    -------
    PupilResult
        ``frame`` columns: ``pupil_id``, ``school``, ``group``, ``jaargroep``, ``team``,
        ``date``, ``school_year``, ``indicator``, ``value``, ``source_file``, ``source_row``;
        ``pupils``: ``pupil_id``, ``school_year``, ``school``, ``group``, ``jaargroep``, ``team``.
    """
    c, long = _observation_context(table, mapping, org, pseudonymizer)
    with gc_paused():
        frame, accepted, pupils = observations_frame(c, long)
    return c.finish(frame, OBS_COLUMNS, "observations", accepted,
                    "observations-long" if long else "observations-wide", pupils)


def _observation_context(table: RawTable, mapping: SourceMapping, org: Organisation,
                         pseudonymizer) -> tuple[PupilContext, bool]:
    c = PupilContext(table, mapping, org, pseudonymizer, "observations")
    long = "indicator" in c.roles and "value" in c.roles
    if not long and not c.ind_cols:
        raise InputError("no indicator columns found", where=table.where(c.hdr),
                         expected="'Indicator' and 'Score' columns, or one column per "
                                  "indicator (e.g. Betrokkenheid, Welbevinden)",
                         fix="name the indicator columns in 'indicators:' in the mapping file")
    return c, long


def read_observations_by_row(table: RawTable, *, mapping: SourceMapping, org: Organisation,
                             pseudonymizer) -> PupilResult:
    """:func:`read_observations` one row at a time: the reference the reader by columns is
    tested against (``tests/test_ingest_columns.py``); same result, some 20 times slower.

    Returns
    -------
    PupilResult
        As :func:`read_observations`: ``frame`` in ``OBS_COLUMNS`` (``pupil_id``, ``school``,
        ``group``, ``jaargroep``, ``team``, ``date``, ``school_year``, ``indicator``,
        ``value``, ``source_file``, ``source_row``) and ``pupils``.
    """
    c, long = _observation_context(table, mapping, org, pseudonymizer)
    extra = {key(k): v for k, v in mapping.indicators.items()}
    rows, accepted, seen = [], 0, set()
    for k, line, base in c.linked():
        date, ok = c.date(k)
        if not ok:
            continue
        sy = school_year(date) if pd.notna(date) else school_year_label(c.get(k, "school_year"))
        if long:
            name = _text(c.get(k, "indicator"))
            if not name:
                c.ledger.reject(line, "unknown_indicator", column=c.header[c.roles["indicator"]])
                continue
            code = extra.get(key(name)) or _IND.get(key(name))
            if code is None:        # never the cell's text: it is free-form
                c.ledger.reject(line, "unknown_indicator", column=c.header[c.roles["indicator"]],
                                detail="indicator not known (text not stored); name it under "
                                       "'indicators:' in the mapping file")
                continue
            pairs = [(code, c.get(k, "value"), c.roles["value"])]
        else:
            pairs = [(code, table.cell(k, i), i) for i, code in c.ind_cols.items()]
        measured, bad = [], None
        for code, raw, col in pairs:
            try:
                v = number(raw)
            except ValueError:
                bad = (col, raw)
                break
            if not np.isnan(v):
                measured.append((code, v))
        if bad is not None:
            c.ledger.reject(line, "bad_value", column=c.header[bad[0]], detail="not a number")
            continue
        if not measured:
            c.ledger.reject(line, "no_value")
            continue
        sig = (base["pupil_id"], date, tuple(measured))
        if sig in seen:
            c.ledger.reject(line, "duplicate_measurement")
            continue
        seen.add(sig)
        accepted += 1
        for code, v in measured:
            rows.append({**base, "date": date, "school_year": sy, "indicator": code, "value": v,
                         "source_file": table.path.name, "source_row": line})
    return c.finish(rows, OBS_COLUMNS, "observations", accepted,
                    "observations-long" if long else "observations-wide")


def read_tests(table: RawTable, *, mapping: SourceMapping, org: Organisation,
               pseudonymizer) -> PupilResult:
    """Read a test export (one row per pupil, test and moment), working on columns
    (:mod:`kit.ingest.testframe`).

    A result is linked to the group at the test date and a test not taken is kept with its
    reason: see the module's documentation (*School years* and *Tests not taken*).

    Returns
    -------
    PupilResult
        As :func:`read_tests_by_row`: ``frame`` in ``TEST_COLUMNS`` (``pupil_id``,
        ``school``, ``group``, ``jaargroep``, ``team``, ``date``, ``school_year``, ``moment``,
        ``moment_jaargroep``, ``domain``, ``supplier``, ``score``, ``level``,
        ``level_system``, ``percentile``, ``referentieniveau``, ``source_file``,
        ``source_row``, ``not_taken``, ``unlinked``) and ``pupils``.
    """
    c, domains, fallback = _test_context(table, mapping, org, pseudonymizer)
    with gc_paused():
        frame, accepted, odd = tests_frame(c, domains, fallback, _place_at_test, _result)
    return _tests_result(c, frame, accepted, odd)


def _test_context(table: RawTable, mapping: SourceMapping, org: Organisation,
                  pseudonymizer) -> tuple[PupilContext, dict, str | None]:
    c = PupilContext(table, mapping, org, pseudonymizer, "tests")
    if "domain" not in c.roles:
        raise InputError("no test or domain column", where=table.where(c.hdr),
                         expected="a column such as 'Toets' or 'Vakgebied'",
                         fix="add 'columns: {domain: <header>}' to the mapping file")
    domains = {key(k): v for k, v in mapping.domains.items()}
    fallback = supplier_code(mapping.supplier) if mapping.supplier else None
    if fallback == UNKNOWN:     # the board's own configuration, not a cell: kept as written
        fallback = str(mapping.supplier).strip().lower()
    return c, domains, fallback


def _tests_result(c: PupilContext, rows: list[dict] | pd.DataFrame, accepted: int,
                  odd_supplier: int) -> PupilResult:
    """The reader's result from its results (dicts, or a frame in ``TEST_COLUMNS``)."""
    res = c.finish(rows, TEST_COLUMNS, "tests", accepted, "tests")
    res.frame["moment_jaargroep"] = res.frame["moment_jaargroep"].astype("Int64")
    res.group_at_test = "test_group" in c.roles
    for col in ("not_taken", "unlinked"):
        for code, n in res.frame[col].value_counts().items():
            res.account.keep(col, str(code), int(n))
    if odd_supplier:
        res.account.notes.append(f"{odd_supplier} row(s) name a supplier the kit does not know "
                                 "(stored as 'unknown', not as written)")
    return res


def read_tests_by_row(table: RawTable, *, mapping: SourceMapping, org: Organisation,
                      pseudonymizer) -> PupilResult:
    """:func:`read_tests` one row at a time: the reference the reader by columns is tested
    against (``tests/test_ingest_columns.py``).

    Returns
    -------
    PupilResult
        ``frame`` columns (the observations' first seven, then the test's):
        ``pupil_id``, ``school``, ``group``, ``jaargroep``, ``team``, ``date``,
        ``school_year``, ``moment`` (B/M/E), ``moment_jaargroep``, ``domain``,
        ``supplier``, ``score``, ``level``, ``level_system`` (I-V/A-E), ``percentile``,
        ``referentieniveau`` (<1F/1F/2F/1S), ``source_file``, ``source_row``,
        ``not_taken`` (reason code or NA), ``unlinked`` (reason code or NA).
    """
    c, domains, fallback = _test_context(table, mapping, org, pseudonymizer)
    rows, accepted, seen, odd_supplier = [], 0, set(), 0
    for k in c.rows:
        pid = c.pupil(k)
        if pid is None:
            continue
        line = table.lines[k]
        mom, mj = pd.NA, pd.NA
        raw_m = c.text(k, "moment")
        if raw_m:
            try:
                mom, mj = moment(raw_m)
            except ValueError:
                c.ledger.reject(line, "bad_value", column=c.header[c.roles["moment"]],
                                detail="not a test moment (such as M5, E6 or B)")
                continue
        base = _place_at_test(c, k, mj)
        if base is None:
            continue
        name = c.text(k, "domain")
        domain = domain_code(name, domains)
        if domain is None:
            c.ledger.reject(line, "unknown_indicator", column=c.header[c.roles["domain"]],
                            detail="unknown test or domain" if name else None)
            continue
        date, ok = c.date(k)
        if not ok:
            continue
        values = _result(c, k)
        if values is None:
            continue
        score, skipped = values["score"], values["not_taken"]
        sy = school_year(date) if pd.notna(date) else school_year_label(c.get(k, "school_year"))
        supplier = supplier_code(c.get(k, "supplier"))
        odd_supplier += supplier == UNKNOWN
        supplier = supplier or fallback or UNKNOWN
        sig = (pid, domain, date, mom, mj, score, supplier, skipped)
        if sig in seen:
            c.ledger.reject(line, "duplicate_measurement")
            continue
        seen.add(sig)
        accepted += 1
        rows.append({"pupil_id": pid, **base, "date": date, "school_year": sy, "moment": mom,
                     "moment_jaargroep": mj, "domain": domain, "supplier": supplier, **values,
                     "source_file": table.path.name, "source_row": line})
    return _tests_result(c, rows, accepted, odd_supplier)


def _result(c: PupilContext, k: int) -> dict | None:
    """Score, level, level system, percentile, referentieniveau and ``not_taken`` of test row
    ``k``; None if rejected (a value unreadable, or no value and nothing saying why)."""
    raw = {r: c.get(k, r) for r in _VALUES}
    marks = [m for m in (not_taken(v) for v in raw.values()) if m]
    raw = {r: (None if not_taken(v) else v) for r, v in raw.items()}
    line = c.table.lines[k]
    try:
        score = number(raw["score"])
        lvl, system = level(raw["level"])
        pct = number(raw["percentile"])
        ref = referentieniveau(raw["referentieniveau"])
        if not np.isnan(pct) and not 0 <= pct <= 100:
            raise ValueError(pct)
    except ValueError:
        c.ledger.reject(line, "bad_value",
                        detail="score, level, percentile or referentieniveau unreadable")
        return None
    skipped = pd.NA
    if np.isnan(score) and pd.isna(lvl) and pd.isna(ref):
        said = status(c.get(k, "status")) if "status" in c.roles else None
        skipped = marks[0] if marks else (said if said not in (None, "taken") else None)
        if skipped is None:
            c.ledger.reject(line, "no_value")
            return None
        pct = np.nan
    return {"score": score, "level": lvl, "level_system": system, "percentile": pct,
            "referentieniveau": ref, "not_taken": skipped}


def _place_at_test(c: PupilContext, k: int, mj: object) -> dict | None:
    """School, group, jaargroep, team and ``unlinked`` of test row ``k`` at the test date;
    None if rejected (unknown school, or a group no team teaches)."""
    school = c.school_of(k)
    if school is None:
        return None
    if c.text(k, "test_group"):        # the export gives the group at the test itself
        where = c.team_of(k, school, c.text(k, "test_group"), c.text(k, "test_jaargroep"),
                          "test_group")
        return None if where is None else {**where, "unlinked": pd.NA}
    group, raw_jg = c.text(k, "group"), c.text(k, "jaargroep")
    at_test = jaargroep("", c.text(k, "test_jaargroep")) if pd.isna(mj) else mj
    if group and not _other_year(group, raw_jg, at_test):
        where = c.team_of(k, school, group, raw_jg)
        return None if where is None else {**where, "unlinked": pd.NA}
    return {"school": school, "group": pd.NA, "jaargroep": at_test, "team": pd.NA,
            "unlinked": "group_of_other_year" if group else "no_group"}


def _other_year(group: str, raw_jg: str, at_test: object) -> bool:
    """Whether a row's group and jaargroep contradict the jaargroep at the test (the export's
    group is then the pupil's group of another school year)."""
    if pd.isna(at_test):
        return False
    jg = jaargroep(group, raw_jg)
    if pd.notna(jg):
        return jg != at_test
    years = group_years(group)
    return bool(years) and at_test not in years
