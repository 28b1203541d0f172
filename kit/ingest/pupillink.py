"""Linking the rows of a pupil-data export: the pupil's pseudonym, school, group and team.

:class:`PupilContext` is what both pupil readers (:mod:`kit.ingest.pupils`) share: the header and
its column roles, the file's ledger, and per row the pupil (:meth:`~PupilContext.pupil`), the
school and group (:meth:`~PupilContext.place`), the team that teaches the group (from the
organisation file) and the date. Exports repeat the same groups, dates and pupils on many rows,
so each is worked out once per file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from ..errors import InputError
from ..store.vocabulary import normalise_group
from .accounting import FileAccount, Ledger
from .dates import parse_timestamp
from .mapping import SourceMapping
from .org import Organisation
from .pupilcols import find_header, key, locate
from .pupilvalues import group_years
from .table import RawTable
from .table import cell_text as _text

__all__ = ["OBS_COLUMNS", "PUPIL_COLUMNS", "TEST_COLUMNS", "PupilContext", "PupilResult"]

_TOTAL = {"gemiddelde", "totaal", "aantal", "gemiddeld", "average", "total", "mediaan"}
OBS_COLUMNS = ["pupil_id", "school", "group", "jaargroep", "team", "date", "school_year",
               "indicator", "value", "source_file", "source_row"]
TEST_COLUMNS = ["pupil_id", "school", "group", "jaargroep", "team", "date", "school_year",
                "moment", "moment_jaargroep", "domain", "supplier", "score", "level",
                "level_system", "percentile", "referentieniveau", "source_file", "source_row",
                "not_taken", "unlinked"]
PUPIL_COLUMNS = ["pupil_id", "school_year", "school", "group", "jaargroep", "team"]
UNKNOWN_SCHOOL = "school not in the organisation file"
NO_SCHOOL = "no school in this row, and none for the file in the mapping file"


@dataclass
class PupilResult:
    """What a pupil-data reader makes of one file."""

    frame: pd.DataFrame
    pupils: pd.DataFrame
    ledger: Ledger
    account: FileAccount
    #: pupil data has no open answers
    free_text_asked: bool = False
    #: the export gives each result's group at the test date in a column of its own
    group_at_test: bool = False

    def tables(self) -> dict[str, pd.DataFrame]:
        """Store table -> rows: ``observations`` or ``tests`` (the file's kind) and ``pupils``."""
        return {self.account.kind: self.frame, "pupils": self.pupils}


def pupils_of(frame: pd.DataFrame) -> pd.DataFrame:
    """The ``pupils`` rows of a reader's frame: one per pupil, school year and group, of the
    rows linked to a team (a result whose group is unknown names no group to list).

    Returns
    -------
    DataFrame
        ``pupil_id``, ``school_year``, ``school``, ``group``, ``jaargroep``, ``team``.
    """
    return frame.loc[frame["team"].notna(), PUPIL_COLUMNS].drop_duplicates(ignore_index=True)


def group_detail(group: str) -> str | None:
    """The rejection detail of a group no team teaches: the label only when it has the shape
    of a group (``7/8b``: digits and a letter cannot be personal data), else without text."""
    if not group:
        return None
    if re.fullmatch(r"[1-8][a-z]?(?:/[1-8][a-z]?)?", normalise_group(group)):
        return f"group {normalise_group(group)} is taught by no team of the organisation file"
    return "group taught by no team of the organisation file (text not stored)"


class PupilContext:
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
        self._where: dict = {}
        self._pupil: dict[str, str] = {}
        self._dates: dict = {}
        self._schools: dict[str, str | None] = {}
        self.rows = range(self.hdr + 1, len(table.rows))
        if not len(self.rows):
            raise InputError("the file has a header but no rows", where=table.where(self.hdr),
                             expected=f"{kind} rows below the header",
                             fix="export the data again")

    def get(self, k: int, role: str) -> object:
        i = self.roles.get(role)
        return self.table.cell(k, i) if i is not None else None

    def text(self, k: int, role: str) -> str:
        """The text of row ``k``'s cell in ``role`` ('' when the file has no such column)."""
        return _text(self.get(k, role)) if role in self.roles else ""

    def linked(self):
        """Each row that links to a pupil, school and team: (row index, the row's line in
        the file, the linked fields); a row that does not is rejected on the way."""
        for k in self.rows:
            pid = self.pupil(k)
            if pid is None:
                continue
            where = self.place(k)
            if where is not None:
                yield k, self.table.lines[k], {"pupil_id": pid, **where}

    def pupil(self, k: int) -> str | None:
        """The pupil's pseudonym; None (rejected) for a total row or a row without number."""
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
        pid = self._pupil.get(number)
        if pid is None:
            pid = self._pupil[number] = self.pseudo.pupil(number)
        return pid

    def school_of(self, k: int) -> str | None:
        """The school of row ``k``; None (rejected as ``unknown_school``) if not known."""
        if "school" not in self.roles:
            return self.school
        label = _text(self.get(k, "school"))
        if label not in self._schools:
            self._schools[label] = self.school_named(label)
        school = self._schools[label]
        if school is None:
            self.ledger.reject(self.table.lines[k], "unknown_school",
                               column=self.header[self.roles["school"]],
                               detail=NO_SCHOOL if not label else UNKNOWN_SCHOOL)
        return school

    def school_named(self, label: str) -> str | None:
        """The school of a school cell's text (blank: the mapping's school, if any)."""
        return self.org.resolve_school(label) if label else self.school

    def place(self, k: int, group_role: str = "group",
              jaargroep_role: str = "jaargroep") -> dict | None:
        """School, group, jaargroep and team of row ``k`` from its group column (or the
        columns named); None if rejected (unknown school, or a group no team teaches)."""
        school = self.school_of(k)
        if school is None:
            return None
        return self.team_of(k, school, self.text(k, group_role), self.text(k, jaargroep_role),
                            group_role)

    def team_of(self, k: int, school: str, group: str, raw_jg: str,
                group_role: str = "group") -> dict | None:
        """School, group, jaargroep and team of a group of ``school``; None if no team
        teaches it (row ``k`` rejected as ``unknown_group``)."""
        where = self._where.get((school, group, raw_jg))
        if where is None:
            team = self.org.team_for_group(school, group) if group else None
            if team is None:
                where = ("unknown_group", self.header[self.roles[group_role]],
                         group_detail(group))
            else:
                where = {"school": school, "group": group, "team": team,
                         "jaargroep": jaargroep(group, raw_jg)}
            self._where[(school, group, raw_jg)] = where
        if isinstance(where, tuple):        # (reason, column, detail)
            self.ledger.reject(self.table.lines[k], where[0], column=where[1], detail=where[2])
            return None
        return where

    def date(self, k: int) -> tuple[object, bool]:
        raw = self.get(k, "date")
        if raw is None or not _text(raw):
            return pd.NaT, True
        hashable = raw if isinstance(raw, (str, int, float, dt.datetime, dt.date)) else str(raw)
        hit = self._dates.get(hashable)
        if hit is None:
            hit = self._dates[hashable] = self.day(raw)
        if isinstance(hit, str):
            self.ledger.reject(self.table.lines[k], "bad_date",
                               column=self.header[self.roles["date"]], detail=hit)
            return pd.NaT, False
        return hit, True

    def day(self, raw: object) -> pd.Timestamp | str:
        """The day of a non-blank date cell, or why it is rejected (``bad_date``'s detail)."""
        low, high = self.org.date_range
        try:
            day = parse_timestamp(raw, order=self.mapping.date_order or "dmy").date()
        except (ValueError, OverflowError):
            return "not a date the kit can read"
        if low <= day <= high:
            return pd.Timestamp(day)
        return (f"date outside {low}..{high} (the organisation file's waves, with ten school "
                "years before)")

    def finish(self, rows: list[dict] | pd.DataFrame, columns: list[str], kind: str,
               n_accepted: int, fmt: str, pupils: pd.DataFrame | None = None) -> PupilResult:
        """The reader's result from its measurements (dicts, or a frame in ``columns``), and
        its ``pupils`` rows (:func:`pupils_of` the measurements unless given)."""
        frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows, columns=columns)
        frame["jaargroep"] = frame["jaargroep"].astype("Int64")
        frame["date"] = pd.to_datetime(frame["date"])
        account = self.ledger.account(sha256=self.table.sha256, kind=kind, fmt=fmt,
                                      rows_read=len(self.rows), accepted=n_accepted)
        account.notes.append(f"{len(frame)} measurement(s)")
        if self.dropped:
            account.notes.append(f"{len(self.dropped)} identifying column(s) dropped")
        return PupilResult(frame, pupils_of(frame) if pupils is None else pupils,
                           self.ledger, account)


def jaargroep(group: str, raw_jg: str) -> object:
    """The jaargroep of a row: its jaargroep cell's digit, else a one-year group's label."""
    m = re.search(r"[1-8]", raw_jg) if raw_jg else None
    if m:
        return int(m.group(0))
    years = group_years(group) if group else ()
    return years[0] if len(years) == 1 else pd.NA
