"""Pupil data: observation exports (e.g. ZIEN!) and test exports (Cito/Boom-like).

Both readers take a :class:`~kit.ingest.table.RawTable`, find the header below any report title
rows, recognise the columns (:mod:`kit.ingest.pupilcols`), drop names and other identifying
columns at once, read the cells (:mod:`kit.ingest.pupilvalues`), replace pupil numbers by keyed
pseudonyms, link every measurement to the team that teaches the pupil's group at that moment (so
a pupil who changes group or school appears with each team for the measurements made there),
and account for every input row. They are registered as the readers ``observations`` and
``tests`` (:mod:`kit.ingest.formats.pupils`) beside the survey formats.

Row accounting: ``rows_read`` counts the data rows below the header. A row is accepted when it
yields at least one measurement; a wide observation row yields one measurement per filled
indicator column (``account.notes`` reports the number of measurements).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError
from ..store.vocabulary import normalise_group
from .accounting import FileAccount, Ledger
from .dates import parse_timestamp
from .mapping import SourceMapping
from .org import Organisation
from .pupilcols import INDICATORS, find_header, key, locate
from .pupilvalues import (
    domain_code,
    level,
    moment,
    number,
    referentieniveau,
    school_year,
)
from .table import RawTable
from .table import cell_text as _text

__all__ = ["PupilResult", "detect_pupil_kind", "read_observations", "read_tests", "school_year"]

_IND = {key(a): b for a, b in INDICATORS.items()}
_TOTAL = {"gemiddelde", "totaal", "aantal", "gemiddeld", "average", "total", "mediaan"}
OBS_COLUMNS = ["pupil_id", "school", "group", "jaargroep", "team", "date", "school_year",
               "indicator", "value", "source_file", "source_row"]
TEST_COLUMNS = ["pupil_id", "school", "group", "jaargroep", "team", "date", "school_year",
                "moment", "moment_jaargroep", "domain", "supplier", "score", "level",
                "level_system", "percentile", "referentieniveau", "source_file", "source_row"]
PUPIL_COLUMNS = ["pupil_id", "school_year", "school", "group", "jaargroep", "team"]


@dataclass
class PupilResult:
    """What a pupil-data reader makes of one file."""

    frame: pd.DataFrame
    pupils: pd.DataFrame
    ledger: Ledger
    account: FileAccount
    #: pupil data has no open answers
    free_text_asked: bool = False

    def tables(self) -> dict[str, pd.DataFrame]:
        """Store table -> rows: ``observations`` or ``tests`` (the file's kind) and ``pupils``."""
        return {self.account.kind: self.frame, "pupils": self.pupils}


def _group_detail(group: str) -> str | None:
    """The rejection detail of a group no team teaches: the label only when it has the shape
    of a group (``7/8b``: digits and a letter cannot be personal data), else without text."""
    if not group:
        return None
    if re.fullmatch(r"[1-8][a-z]?(?:/[1-8][a-z]?)?", normalise_group(group)):
        return f"group {normalise_group(group)} is taught by no team of the organisation file"
    return "group taught by no team of the organisation file (text not stored)"


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


class _Context:
    """Per-row linking shared by both readers."""

    def __init__(self, table: RawTable, mapping: SourceMapping, org: Organisation,
                 pseudonymizer, kind: str) -> None:
        self.table, self.mapping, self.org, self.pseudo = table, mapping, org, pseudonymizer
        self.hdr = find_header(table, mapping)
        self.header = [_text(c) for c in table.rows[self.hdr]]
        self.roles, self.dropped, self.ind_cols = locate(self.header, mapping, table, self.hdr)
        if "pupil" not in self.roles:
            raise InputError("no pupil-number column", where=table.where(self.hdr),
                             expected="a column such as 'Leerlingnummer'",
                             fix="add 'columns: {pupil: <header>}' to the mapping file")
        if "group" not in self.roles:
            raise InputError("no group column", where=table.where(self.hdr),
                             expected="a column such as 'Groep'",
                             fix="add 'columns: {group: <header>}' to the mapping file")
        self.school = org.resolve_school(mapping.school) if mapping.school else None
        if mapping.school and self.school is None:
            raise InputError(f"the mapping names unknown school {mapping.school!r}",
                             where=table.where(self.hdr),
                             expected=f"one of {[s.id for s in org.schools]}",
                             fix="correct 'school' in the mapping file")
        if self.school is None and "school" not in self.roles:
            raise InputError("the school of these pupils is unknown", where=table.where(self.hdr),
                             expected="a column 'School' or 'BRIN'",
                             fix="add 'school: <id>' for this file to the mapping file")
        self.ledger = Ledger(table.path.name)
        # per-file caches: exports repeat the same groups, dates and pupils on many rows
        self._where: dict = {}
        self._pupil: dict[str, str] = {}
        self._dates: dict = {}
        self.rows = range(self.hdr + 1, len(table.rows))
        if not len(self.rows):
            raise InputError("the file has a header but no rows", where=table.where(self.hdr),
                             expected=f"{kind} rows below the header",
                             fix="export the data again")

    def get(self, k: int, role: str) -> object:
        i = self.roles.get(role)
        return self.table.cell(k, i) if i is not None else None

    def linked(self):
        """Each row that links to a pupil, school and team: (row index, the row's line in
        the file, the linked fields); a row that does not is rejected by :meth:`link`."""
        for k in self.rows:
            base = self.link(k)
            if base is not None:
                yield k, self.table.lines[k], base

    def link(self, k: int) -> dict | None:
        """Pupil id, school, group, jaargroep, team of row ``k``; None if rejected."""
        line = self.table.lines[k]
        first = _text(self.table.cell(k, 0)) if self.table.rows[k] else ""
        number = _text(self.get(k, "pupil"))
        if not (first[:1].isdigit() and number[:1].isdigit()) and \
                (key(first) in _TOTAL or key(number) in _TOTAL):
            self.ledger.reject(line, "total_row")
            return None
        if not number:
            self.ledger.reject(line, "no_pupil_id")
            return None
        school_label = _text(self.get(k, "school")) if "school" in self.roles else ""
        group = _text(self.get(k, "group"))
        raw_jg = _text(self.get(k, "jaargroep"))
        where = self._where.get((school_label, group, raw_jg))
        if where is None:
            where = self._resolve(school_label, group, raw_jg)
            self._where[(school_label, group, raw_jg)] = where
        if isinstance(where, tuple):        # (reason, column, detail)
            self.ledger.reject(line, where[0], column=where[1], detail=where[2])
            return None
        pid = self._pupil.get(number)
        if pid is None:
            pid = self._pupil[number] = self.pseudo.pupil(number)
        return {"pupil_id": pid, **where}

    def _resolve(self, school_label: str, group: str, raw_jg: str) -> dict | tuple:
        """School, team and jaargroep of a (school, group, jaargroep) triple, or a rejection."""
        school = self.school
        if school_label:
            school = self.org.resolve_school(school_label)
            if school is None:
                return ("unknown_school", self.header[self.roles["school"]],
                        "school not in the organisation file")
        team = self.org.team_for_group(school, group) if group else None
        if team is None:
            return ("unknown_group", self.header[self.roles["group"]], _group_detail(group))
        jg = pd.NA
        m = re.search(r"[1-8]", raw_jg) if raw_jg else None
        if m:
            jg = int(m.group(0))
        else:
            m = re.fullmatch(r"([1-8])[a-z]?", normalise_group(group))
            if m:
                jg = int(m.group(1))
        return {"school": school, "group": group, "jaargroep": jg, "team": team}

    def date(self, k: int) -> tuple[object, bool]:
        raw = self.get(k, "date")
        if raw is None or not _text(raw):
            return pd.NaT, True
        hashable = raw if isinstance(raw, (str, int, float, dt.datetime, dt.date)) else str(raw)
        hit = self._dates.get(hashable)
        if hit is None:
            low, high = self.org.date_range
            try:
                day = parse_timestamp(raw, order=self.mapping.date_order or "dmy").date()
                hit = (pd.Timestamp(day) if low <= day <= high
                       else f"date outside {low}..{high} (the organisation file's waves, "
                            "with ten school years before)")
            except (ValueError, OverflowError):
                hit = "not a date the kit can read"
            self._dates[hashable] = hit
        if isinstance(hit, str):
            self.ledger.reject(self.table.lines[k], "bad_date",
                               column=self.header[self.roles["date"]], detail=hit)
            return pd.NaT, False
        return hit, True

    def finish(self, rows: list[dict], columns: list[str], kind: str, n_accepted: int,
               fmt: str) -> PupilResult:
        frame = pd.DataFrame(rows, columns=columns)
        frame["jaargroep"] = frame["jaargroep"].astype("Int64")
        frame["date"] = pd.to_datetime(frame["date"])
        pupils = frame[PUPIL_COLUMNS].drop_duplicates(ignore_index=True)
        account = self.ledger.account(sha256=self.table.sha256, kind=kind, fmt=fmt,
                                      rows_read=len(self.rows), accepted=n_accepted)
        account.notes.append(f"{len(frame)} measurement(s)")
        if self.dropped:
            account.notes.append(f"{len(self.dropped)} identifying column(s) dropped")
        return PupilResult(frame, pupils, self.ledger, account)


def read_observations(table: RawTable, *, mapping: SourceMapping, org: Organisation,
                      pseudonymizer) -> PupilResult:
    """Read an observation export (long: indicator + value columns; wide: a column each).

    Returns
    -------
    PupilResult
        ``frame`` columns: ``pupil_id``, ``school``, ``group``, ``jaargroep``, ``team``,
        ``date``, ``school_year``, ``indicator``, ``value``, ``source_file``, ``source_row``;
        ``pupils``: ``pupil_id``, ``school_year``, ``school``, ``group``, ``jaargroep``, ``team``.
    """
    c = _Context(table, mapping, org, pseudonymizer, "observations")
    long = "indicator" in c.roles and "value" in c.roles
    if not long and not c.ind_cols:
        raise InputError("no indicator columns found", where=table.where(c.hdr),
                         expected="'Indicator' and 'Score' columns, or one column per "
                                  "indicator (e.g. Betrokkenheid, Welbevinden)",
                         fix="name the indicator columns in 'indicators:' in the mapping file")
    extra = {key(k): v for k, v in mapping.indicators.items()}
    rows, accepted, seen = [], 0, set()
    for k, line, base in c.linked():
        date, ok = c.date(k)
        if not ok:
            continue
        sy = school_year(date) if pd.notna(date) else (_text(c.get(k, "school_year")) or None)
        if long:
            name = _text(c.get(k, "indicator"))
            if not name:
                c.ledger.reject(line, "unknown_indicator", column=c.header[c.roles["indicator"]])
                continue
            code = extra.get(key(name)) or _IND.get(key(name)) or name
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
    """Read a test export (one row per pupil, test and moment).

    Returns
    -------
    PupilResult
        ``frame`` columns (the observations' first seven, then the test's):
        ``pupil_id``, ``school``, ``group``, ``jaargroep``, ``team``, ``date``,
        ``school_year``, ``moment`` (B/M/E), ``moment_jaargroep``, ``domain``,
        ``supplier``, ``score``, ``level``, ``level_system`` (I-V/A-E), ``percentile``,
        ``referentieniveau`` (<1F/1F/2F/1S), ``source_file``, ``source_row``.
    """
    c = _Context(table, mapping, org, pseudonymizer, "tests")
    if "domain" not in c.roles:
        raise InputError("no test or domain column", where=table.where(c.hdr),
                         expected="a column such as 'Toets' or 'Vakgebied'",
                         fix="add 'columns: {domain: <header>}' to the mapping file")
    domains = {key(k): v for k, v in mapping.domains.items()}
    rows, accepted, seen = [], 0, set()
    for k, line, base in c.linked():
        name = _text(c.get(k, "domain"))
        domain = domain_code(name, domains)
        if domain is None:
            c.ledger.reject(line, "unknown_indicator", column=c.header[c.roles["domain"]],
                            detail="unknown test or domain" if name else None)
            continue
        date, ok = c.date(k)
        if not ok:
            continue
        mom, mj = pd.NA, pd.NA
        raw_m = _text(c.get(k, "moment"))
        if raw_m:
            try:
                mom, mj = moment(raw_m)
            except ValueError:
                c.ledger.reject(line, "bad_value", column=c.header[c.roles["moment"]],
                                detail="not a test moment (such as M5, E6 or B)")
                continue
        try:
            score = number(c.get(k, "score"))
            lvl, system = level(c.get(k, "level"))
            pct = number(c.get(k, "percentile"))
            ref = referentieniveau(c.get(k, "referentieniveau"))
            if not np.isnan(pct) and not 0 <= pct <= 100:
                raise ValueError(pct)
        except ValueError:
            c.ledger.reject(line, "bad_value",
                            detail="score, level, percentile or referentieniveau unreadable")
            continue
        if np.isnan(score) and pd.isna(lvl) and pd.isna(ref):
            c.ledger.reject(line, "no_value")
            continue
        if pd.notna(date):
            sy = school_year(date)
        else:
            sy = _text(c.get(k, "school_year")) or None
        supplier = (_text(c.get(k, "supplier")) or mapping.supplier or "unknown").lower()
        sig = (base["pupil_id"], domain, date, mom, mj, score, supplier)
        if sig in seen:
            c.ledger.reject(line, "duplicate_measurement")
            continue
        seen.add(sig)
        accepted += 1
        rows.append({**base, "date": date, "school_year": sy, "moment": mom,
                     "moment_jaargroep": mj, "domain": domain, "supplier": supplier,
                     "score": score, "level": lvl, "level_system": system,
                     "percentile": pct, "referentieniveau": ref,
                     "source_file": table.path.name, "source_row": line})
    res = c.finish(rows, TEST_COLUMNS, "tests", accepted, "tests")
    res.frame["moment_jaargroep"] = res.frame["moment_jaargroep"].astype("Int64")
    return res
