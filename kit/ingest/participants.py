"""LimeSurvey participants lists: access token -> team and role, without a hand-made roster.

LimeSurvey's "Survey participants > Export" (``tokensExport``) writes a UTF-8 CSV with a BOM
whose header is fixed::

    tid,firstname,lastname,email,emailstatus,token,language,validfrom,validuntil,invited,
    reminded,remindercount,completed,usesleft, attribute_1 <Team>, attribute_2 <Functie>

(``started`` may follow ``usesleft``; each attribute is written ``attribute_N <description>``,
the description being what the survey's participant settings call it). Such a file, in the same
ingest as the LimeSurvey responses, links each response's ``token`` to the participant's team and
role: from the attributes the file's mapping entry names (``team_column: attribute_1`` or
``columns: {team: attribute_1}``, also by description), else the attribute whose description is
``Team``, ``Bouw``, ``Unit``, ``Functie``, ``Rol``, ``School``, ... The attribute values are read
with the mapping entry's ``team_codes`` and ``role_codes`` and the organisation file's names and
aliases. A participant without a team attribute is linked through the roster by the e-mail address
the list holds.

Names and e-mail addresses stay inside this module: a participant's e-mail (else token) is only
its identity for the keyed pseudonym, as with the roster, and the names are only used to scrub
them from the free text of the surveys (when free text is asked for). :class:`StaffLookup`
combines the roster and the lists for :mod:`kit.ingest.survey`; it counts which lists linked a
response, so that a list whose survey is not in the ingest is listed as skipped
(:mod:`kit.ingest.run`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..errors import InputError, Location
from ..textnorm import normalise
from .accounting import FileAccount, Ledger
from .mapping import SourceMapping
from .org import Organisation
from .roster import Roster, RosterEntry
from .surveycols import ROLE_HEADERS, SCHOOL_HEADERS, TEAM_HEADERS, team_codes
from .surveyvalues import code_of, role_value
from .table import RawTable, cell_text

__all__ = ["FORMAT", "ParticipantList", "StaffLookup", "is_participants_list",
           "load_participants"]

#: the ``files.format`` of a participants list
FORMAT = "limesurvey-participants"

_FIXED = {"tid", "firstname", "lastname", "email", "token"}
_ATTRIBUTE = re.compile(r"^(attribute_\d+)\s*(?:<(.*)>)?$", re.IGNORECASE)


def _header(table: RawTable) -> list[str]:
    return [cell_text(c) for c in table.rows[0]] if table.rows else []


def is_participants_list(table: RawTable) -> bool:
    """Whether ``table`` is a LimeSurvey participants export (by its header, never its name)."""
    names = {normalise(h) for h in _header(table)}
    return _FIXED <= names


@dataclass
class ParticipantList:
    """One participants list: token -> :class:`~kit.ingest.roster.RosterEntry` (kept inside)."""

    file: str
    account: FileAccount
    ledger: Ledger
    _entries: dict[str, RosterEntry] = field(default_factory=dict, repr=False)
    #: the participants' names, only to scrub them from free text (never stored)
    _names: list[str] = field(default_factory=list, repr=False)
    #: tokens of this list that a response used (counted by :class:`StaffLookup`)
    hits: int = 0
    free_text_asked: bool = False

    def __len__(self) -> int:
        return len(self._entries)

    def tables(self) -> dict:
        """A participants list adds no rows to the store's tables (only its account)."""
        return {}


def _column(header: list[str], wanted: str | None, headers: set[str]) -> int | None:
    """The attribute column the mapping names (by name, description or header), else the one
    whose description is one of ``headers``."""
    for i, h in enumerate(header):
        m = _ATTRIBUTE.match(h)
        names = {normalise(h)} | ({normalise(m.group(1)), normalise(m.group(2) or "")}
                                  if m else set())
        if wanted is not None:
            if normalise(wanted) in names:
                return i
        elif m and normalise(m.group(2) or "").rstrip("?: ") in headers:
            return i
    return None


def load_participants(table: RawTable, mapping: SourceMapping,
                      org: Organisation) -> ParticipantList:
    """Read a participants list (see the module) against the organisation.

    Every line is accounted for: a line is accepted into the list, or rejected as
    ``duplicate`` (its token on an earlier line with the same team and role). The same token
    for two teams stops the ingest with an :class:`~kit.errors.InputError`.
    """
    fname = table.path.name
    header = _header(table)
    pos = {normalise(h): i for i, h in enumerate(header)}
    itok, imail, inames = pos["token"], pos["email"], (pos["firstname"], pos["lastname"])
    cols = mapping.columns
    wanted = {"team": mapping.team_column or cols.get("team"),
              "school": mapping.school_column or cols.get("school"),
              "role": mapping.role_column or cols.get("role")}
    found = {}
    for what, headers in (("team", TEAM_HEADERS | {"teamnaam"}),
                          ("school", SCHOOL_HEADERS | {"brin"}), ("role", ROLE_HEADERS)):
        found[what] = _column(header, wanted[what], headers)
        if wanted[what] is not None and found[what] is None:
            raise InputError(
                f"the {what} attribute {wanted[what]!r} named in the mapping file is not in "
                "the participants list", where=table.where(0),
                expected="an attribute such as 'attribute_1' or its description",
                fix=f"correct '{what}_column' in the mapping file")
    school = org.resolve_school(mapping.school) if mapping.school else None
    codes = team_codes(mapping, org, school, fname)
    ledger = Ledger(fname)
    entries: dict[str, RosterEntry] = {}
    counts: Counter = Counter()
    names: list[str] = []
    for k in range(1, len(table.rows)):
        def cell(i: int | None, k: int = k) -> str:
            return cell_text(table.cell(k, i)) if i is not None else ""

        names.append(" ".join(cell(i)[:100] for i in inames))

        token = normalise(cell(itok))
        if not token:
            counts["no_token"] += 1
            continue
        sch = school
        if found["school"] is not None and cell(found["school"]):
            sch = org.resolve_school(cell(found["school"])) or school
        entry = _entry(org, sch, cell(found["team"]) if found["team"] is not None else "",
                       codes, role_value(cell(found["role"]), extra=mapping.role_codes)
                       if found["role"] is not None else None, normalise(cell(imail)), token)
        counts[entry.reason or "linked"] += 1
        if token in entries:
            if entries[token] != entry:
                raise InputError("the same access token is listed for two participants with "
                                 "another team or role", where=table.where(k, "token"),
                                 expected="each token once, as LimeSurvey exports them",
                                 fix="export the participants list again from LimeSurvey")
            ledger.reject(table.lines[k], "duplicate", column="token",
                          detail="the same token on an earlier line")
            continue
        entries[token] = entry
    rows = len(table.rows) - 1
    account = ledger.account(sha256=table.sha256, kind="roster", fmt=FORMAT, rows_read=rows,
                             accepted=rows - len(ledger))
    account.notes.extend(_notes(counts, found))
    return ParticipantList(fname, account, ledger, entries, names)


def _entry(org: Organisation, school: str | None, label: str, codes: dict, role: str | None,
           email: str, token: str) -> RosterEntry:
    """A participant's entry; an unresolved team keeps ``team=""`` and says why."""
    identity = f"email:{email}" if email else f"token:{token}"
    team, reason = None, None
    if label:
        coded, team = code_of(label, codes)
        if coded:
            reason = None if team else "no_team"
        else:
            team = org.resolve_team(label, school)
            reason = None if team else "unknown_team"
    else:
        reason = "no_team"
    if team is None:
        return RosterEntry(school or "", "", role, identity, reason=reason, email=email or None)
    return RosterEntry(org.team(team).school, team, role, identity, email=email or None)


def _notes(counts: Counter, found: dict) -> list[str]:
    notes = []
    if found["team"] is None:
        notes.append("no team attribute (description 'Team', or 'team_column' in the mapping "
                     "file): teams come from the roster by the participants' e-mail addresses")
    if counts["unknown_team"]:
        notes.append(f"{counts['unknown_team']} participant(s) whose team attribute names no team "
                     "of the organisation file (their responses are rejected as unknown_team)")
    if counts["no_token"]:
        notes.append(f"{counts['no_token']} participant(s) without an access token: they link "
                     "no response")
    return notes


class StaffLookup:
    """The roster and the participants lists as one lookup (e-mail or token -> entry).

    The roster is asked first (by e-mail, then token); then the participants lists by token;
    a participant whose list names no team is looked up in the roster by the list's e-mail.
    """

    def __init__(self, roster: Roster | None, lists: list[ParticipantList]) -> None:
        self.roster = roster
        self.lists = list(lists)
        self._by_token: dict[str, tuple[int, RosterEntry]] = {}
        for n, plist in enumerate(self.lists):
            for token, entry in plist._entries.items():
                other = self._by_token.get(token)
                if other is not None and other[1] != entry:
                    raise InputError(
                        "the same access token is in two participants lists with another "
                        f"team or role ({self.lists[other[0]].file} and {plist.file})",
                        where=Location(file=plist.file, column="token"),
                        expected="each participant in one list, or the same team in both",
                        fix="ingest the surveys of these lists separately")
                self._by_token.setdefault(token, (n, entry))

    def __len__(self) -> int:
        return (len(self.roster) if self.roster is not None else 0) + len(self._by_token)

    def names(self) -> list[str]:
        """The participants' names, to scrub them from free text (:mod:`kit.ingest.freetext`)."""
        return [n for plist in self.lists for n in plist._names]

    def lookup(self, email: object = None, token: object = None) -> RosterEntry | None:
        """The entry for an e-mail address or access token (case and spacing do not matter)."""
        hit = self._by_token.get(normalise(token)) if token is not None else None
        if hit is not None:
            self.lists[hit[0]].hits += 1       # the list belongs to this ingest's survey
        if self.roster is not None:
            entry = self.roster.lookup(email=email, token=token)
            if entry is not None:
                return entry
        if hit is None:
            return None
        entry = hit[1]
        if not entry.team and entry.email and self.roster is not None:
            return self.roster.lookup(email=entry.email) or entry
        return entry
