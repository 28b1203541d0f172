"""The staff roster: e-mail address or access token -> school, team, role.

Used for surveys that do not ask the team (Qualtrics with a contact list, LimeSurvey with access
codes). The roster is read with :func:`~kit.ingest.table.read_table` (CSV or xlsx); identities
are kept only inside the :class:`Roster` for :meth:`Roster.lookup` and never leave it.

The accepted column names (any case, any order; :data:`COLUMNS`) are documented in
``templates/roster.example.csv``. Lines whose first cell starts with ``#`` are comments, before
or after the header (in a CSV, keep commas and semicolons out of a comment line at the top: the
delimiter is read from the first lines).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError, Location
from ..textnorm import normalise
from .org import Organisation
from .table import read_table

__all__ = ["COLUMNS", "Roster", "RosterEntry", "load_roster"]

_EMAIL = {"email", "e-mail", "e-mailadres", "emailadres", "email address", "e-mail address",
          "mail", "recipientemail"}
_TOKEN = {"token", "toegangscode", "access code", "accesscode", "externalreference",
          "external reference", "code"}
_SCHOOL = {"school", "schoolnaam", "locatie", "brin"}
_TEAM = {"team", "teamnaam", "bouw", "unit"}
_ROLE = {"role", "rol", "functie"}
#: what each roster column is called in a header (compared without case)
COLUMNS = {"email": _EMAIL, "token": _TOKEN, "school": _SCHOOL, "team": _TEAM, "role": _ROLE}


@dataclass(frozen=True)
class RosterEntry:
    """Where a staff member works."""

    school: str
    team: str
    role: str | None
    #: the person's canonical identity (roster e-mail, else token), for stable pseudonyms when
    #: one wave links by token and another by e-mail; never leaves the ingest
    identity: str = field(default="", repr=False, compare=False)
    #: a participants list's entry whose team is not known: ``no_team`` or ``unknown_team``
    #: (then ``team`` is ``""``); ``None`` for a linked entry
    reason: str | None = field(default=None, compare=False)
    #: a participants list's e-mail address (to find the team in the roster); never stored
    email: str | None = field(default=None, repr=False, compare=False)


class Roster:
    """Looks up staff by e-mail or token; the identities stay inside."""

    def __init__(self, by_email: dict[str, RosterEntry], by_token: dict[str, RosterEntry],
                 source: Path, n_staff: int = 0) -> None:
        self._n = n_staff
        self._by_email = by_email
        self._by_token = by_token
        self.source = source

    def __len__(self) -> int:
        """Number of staff lines in the roster."""
        return self._n

    def __repr__(self) -> str:
        return f"Roster({self.source.name!r}, {len(self)} staff)"

    def lookup(self, email: object = None, token: object = None) -> RosterEntry | None:
        """The entry for an e-mail address or token (case and spacing do not matter)."""
        if email is not None and normalise(email) in self._by_email:
            return self._by_email[normalise(email)]
        if token is not None and normalise(token) in self._by_token:
            return self._by_token[normalise(token)]
        return None


def _find(header: list[str], names: set[str]) -> int | None:
    for i, h in enumerate(header):
        if normalise(h) in names:
            return i
    return None


def _without_comments(table):
    """The table without the lines whose first cell starts with ``#``."""
    keep = [k for k, r in enumerate(table.rows)
            if not (r and r[0] is not None and str(r[0]).lstrip().startswith("#"))]
    if not keep:
        raise ConfigError("the roster holds only comment lines",
                          where=Location(file=table.path.name),
                          expected="a header (email or token, team) and a line per staff member",
                          fix="fill in the roster below its comment lines")
    table.rows = [table.rows[k] for k in keep]
    table.lines = [table.lines[k] for k in keep]
    return table


def load_roster(path: str | Path, org: Organisation) -> Roster:
    """Read and validate a roster against the organisation.

    Raises
    ------
    kit.errors.ConfigError
        Missing columns, unknown schools or teams, one person listed for two teams; the message
        names file, row and column.
    """
    p = Path(path)
    table = _without_comments(read_table(p))
    header = [str(c or "") for c in table.rows[0]]
    ie, it = _find(header, _EMAIL), _find(header, _TOKEN)
    isch, iteam, irole = _find(header, _SCHOOL), _find(header, _TEAM), _find(header, _ROLE)
    if ie is None and it is None:
        raise ConfigError("the roster has no e-mail or token column",
                          where=Location(file=p.name, row=table.lines[0]),
                          expected="a column 'email' (or 'e-mailadres') or 'token'",
                          fix="name the identity column 'email' or 'token'")
    if iteam is None and {"tid", "token", "firstname"} <= {normalise(h) for h in header}:
        raise ConfigError("this is a LimeSurvey participants list, not a roster",
                          where=Location(file=p.name, row=table.lines[0]),
                          fix="put it among the exports (kit ingest exports/ with the list in "
                              "exports/): it is recognised by its header and links the "
                              "responses' access tokens to teams by its attributes")
    if iteam is None:
        raise ConfigError("the roster has no team column",
                          where=Location(file=p.name, row=table.lines[0]),
                          expected="a column 'team'", fix="add the team of every staff member")
    by_email: dict[str, RosterEntry] = {}
    by_token: dict[str, RosterEntry] = {}
    for k in range(1, len(table.rows)):
        def cell(i: int | None, k: int = k) -> str:
            v = table.cell(k, i) if i is not None else None
            return "" if v is None else str(v).strip()

        where = table.where
        school = None
        if isch is not None and cell(isch):
            school = org.resolve_school(cell(isch))
            if school is None:
                raise ConfigError(f"unknown school {cell(isch)!r}",
                                  where=where(k, header[isch]),
                                  expected=f"one of {[s.id for s in org.schools]}",
                                  fix="use a school id or name from the organisation file")
        team = org.resolve_team(cell(iteam), school)
        if team is None:
            raise ConfigError(f"unknown team {cell(iteam)!r}", where=where(k, header[iteam]),
                              expected="a team id, name or alias from the organisation file"
                              + (f" of school {school}" if school else ""),
                              fix="correct the team or add an alias in the organisation file")
        canonical = (f"email:{normalise(cell(ie))}" if ie is not None and cell(ie)
                     else f"token:{normalise(cell(it))}" if it is not None and cell(it) else "")
        entry = RosterEntry(org.team(team).school, team, cell(irole) or None, canonical)
        for idx, store_ in ((ie, by_email), (it, by_token)):
            ident = normalise(cell(idx)) if idx is not None else ""
            if not ident:
                continue
            if ident in store_ and store_[ident] != entry:
                raise ConfigError("the same person is listed for two teams",
                                  where=where(k, header[idx]),
                                  fix="keep one line per person (the team of this wave)")
            store_[ident] = entry
        if (ie is None or not cell(ie)) and (it is None or not cell(it)):
            raise ConfigError("a roster line has no e-mail or token",
                              where=where(k, header[ie if ie is not None else it]),
                              fix="fill in the identity or remove the line")
    return Roster(by_email, by_token, p, len(table.rows) - 1)
