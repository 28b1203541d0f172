"""The common survey pipeline: one :class:`~kit.ingest.base.SurveyExport` -> tidy tables.

The same rules for every tool, in this order for each data row (each rejection is logged with
its reason code and the row a person sees):

1. ``ragged_row``: more cells than the header.
2. ``preview`` / ``test`` / ``spam`` / ``incomplete``: what the tool's metadata says.
3. ``no_answers``: no statement answered (blank answers stay missing, never zero).
4. Team: the mapping's fixed team; else the team question (its answer codes through the
   mapping's ``team_codes``, else the team names and aliases within the mapping's school or the
   school question); else the roster by e-mail or token, then a LimeSurvey participants list
   by token (:mod:`kit.ingest.participants`). A team label that the organisation file
   does not know -> ``unknown_team`` (the rejection names the column, never the answer's text);
   no team at all -> ``no_team``.
5. Wave: the ``wave`` argument, else the mapping's, else the wave whose dates hold the
   submission (or start) date -> otherwise ``no_wave``. A date the kit cannot read, or far
   outside the waves (:attr:`~kit.ingest.org.Organisation.date_range`) -> ``bad_date``.
6. ``duplicate``: the same submission twice (same identity, team and answers); the first stays.
7. ``superseded``: the same respondent (e-mail or token) twice in one wave; the latest stays.

Unknown answer labels stop the file with one :class:`~kit.errors.InputError` that names them.
The role (the role question, its codes through the mapping's ``role_codes``, else the
roster's or the participants list's) is stored only as a role of the kit's list
(:data:`~kit.ingest.surveyvalues.ROLES`); any other answer as ``unknown``, counted in the file's
notes by row, never with its text: a typed cell may hold a name, e-mail address or phone number.
Identities (e-mail, name, token, IP) are used for linking and then dropped: respondents get a
keyed pseudonym (:mod:`kit.pseudonym`).

Free text (open questions) is dropped unless ``free_text=True``: then the non-empty answers of
the accepted respondents are kept, scrubbed (:mod:`kit.ingest.freetext`). It never changes
which rows are accepted.

Which column is what: :mod:`kit.ingest.surveycols`; answer cells to scale values:
:mod:`kit.ingest.surveyvalues`; rules 6 and 7 and the same respondent across files:
:mod:`kit.ingest.duplicates`. Every tool's export (Google Forms, Microsoft Forms, Qualtrics,
LimeSurvey, SurveyMonkey, generic) is held by columns (:mod:`kit.ingest.surveytable`) and takes
the same rules by columns (:mod:`kit.ingest.surveybycols`); the reading row by row here is
their reference (a reader's ``read(..., by_rows=True)``), and what anything asks rows of.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import InputError, Location
from ..textnorm import normalise
from .accounting import FileAccount, Ledger
from .base import Record, SurveyExport
from .duplicates import drop_duplicates, supersede_across
from .freetext import FREE_TEXT_COLUMNS
from .mapping import SourceMapping
from .surveycols import free_text_questions, item_columns, role_columns, team_codes
from .surveyframes import survey_frames
from .surveyvalues import ROLES, UNKNOWN_ROLE, answer_value, code_of, role_value

__all__ = ["SurveyResult", "deduplicate_across", "process_survey", "process_survey_by_row"]



@dataclass
class SurveyResult:
    """What :func:`process_survey` makes of one export."""

    respondents: pd.DataFrame
    answers: pd.DataFrame
    ledger: Ledger
    account: FileAccount
    unmatched_columns: list[str] = field(default_factory=list)
    #: scrubbed open answers (only with ``free_text=True``): :data:`FREE_TEXT_COLUMNS`
    free_text: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=FREE_TEXT_COLUMNS))
    # internal: identity key per accepted respondent row, for cross-file de-duplication
    _identity: dict[int, str] = field(default_factory=dict, repr=False)
    #: whether the open answers were asked for (``free_text=True``)
    free_text_asked: bool = False

    def tables(self) -> dict[str, pd.DataFrame]:
        """Store table -> rows: ``respondents``, ``answers`` and ``free_text``."""
        return {"respondents": self.respondents, "answers": self.answers,
                "free_text": self.free_text}


@dataclass
class Candidate:
    """A data row that passed rules 1 to 5, before duplicates are removed."""

    rec: Record
    values: dict[str, float]
    ident: str | None
    team: str
    school: str
    role: str | None
    wave: str
    when: object            # pd.Timestamp or NaT
    n: int


_PARTICIPANT_DETAIL = {
    "unknown_team": "the participants list's team attribute for this token names no team of "
                    "the organisation file (text not stored)",
    "no_team": "the participants list gives no team for this token, and the roster does not "
               "know its e-mail address",
}


def _identity(meta: dict) -> str | None:
    for key in ("email", "token"):
        v = meta.get(key)
        if v is not None and str(v).strip() and normalise(v) not in {"anonymous", "anoniem"}:
            return f"{key}:{normalise(v)}"
    return None


def _cell(rec: Record, col) -> object:
    """The raw answer in ``col`` (a role column); ``None`` when blank."""
    v = rec.answers.get(col.key)
    return v if v is not None and str(v).strip() else None


class _Rows:
    """Rules 1 to 5 for the data rows of one export; rejections go to :attr:`ledger`."""

    def __init__(self, export: SurveyExport, *, instrument, org, mapping: SourceMapping,
                 roster, wave: str | None) -> None:
        self.export, self.org, self.mapping, self.roster, self.wave = \
            export, org, mapping, roster, wave
        self.fname = export.table.path.name
        self.roles = role_columns(export, mapping)
        skip = {c.key for c in self.roles.values()}
        self.items, self.unmatched = item_columns(export, mapping, instrument, skip)
        self.scale = instrument.scale
        self.ledger = Ledger(self.fname)
        self.unknown: Counter = Counter()
        self.unknown_roles: list[int] = []        # rows whose role answer names no role
        self.first_unknown: dict[object, tuple[int, str]] = {}
        self._answers: dict = {}
        self._links: dict = {}                    # (what, cell, school) -> worked out once
        self.school = org.resolve_school(mapping.school) if mapping.school else None
        if mapping.school and self.school is None:
            raise InputError(f"the mapping file names unknown school {mapping.school!r}",
                             where=Location(file=self.fname),
                             expected=f"one of {[s.id for s in org.schools]}",
                             fix="correct 'school' in the mapping file")
        self.team_codes = team_codes(mapping, org, self.school, self.fname)
        if mapping.team and mapping.team not in {t.id for t in org.teams}:
            raise InputError(f"the mapping file names unknown team {mapping.team!r}",
                             where=Location(file=self.fname),
                             expected="a team id of the organisation file",
                             fix="correct 'team' in the mapping file")

    def values(self, rec: Record) -> dict[str, float]:
        """Item -> scale value of a row; unknown labels are collected (NaN here)."""
        values, known = {}, self._answers      # a cell's value, worked out once per file
        for key, item_id in self.items.items():
            raw = rec.answers.get(key)
            v = known.get((type(raw), raw))
            if v is None:
                try:
                    v = answer_value(raw, self.mapping, self.scale)
                except KeyError:
                    v = KeyError
                known[(type(raw), raw)] = v
            if v is not KeyError:
                values[item_id] = v
            else:
                label = str(raw).strip()
                self.unknown[label] += 1
                self.first_unknown.setdefault(label, (rec.line, key))
                values[item_id] = np.nan
        return values

    def candidate(self, rec: Record) -> Candidate | None:
        """The row as a :class:`Candidate`, or ``None`` when a rule rejects it."""
        values = self.values(rec)
        if rec.meta.get("_ragged"):
            self.ledger.reject(rec.line, "ragged_row")
            return None
        if rec.exclude:
            self.ledger.reject(rec.line, rec.exclude)
            return None
        n_answered = int(sum(v == v for v in values.values()))     # NaN is not NaN
        if n_answered == 0:
            self.ledger.reject(rec.line, "no_answers")
            return None
        linked = self.link(rec)
        if linked is None:
            return None
        ident, team, role = linked
        when = rec.meta.get("submitted_at") or rec.meta.get("started_at")
        low, high = self.org.date_range
        if when is not None and not low <= when.date() <= high:
            self.ledger.reject(rec.line, "bad_date", detail=f"date outside {low}..{high} (the "
                               "organisation file's waves, with ten school years before)")
            return None
        w = self.wave or self.mapping.wave or self.org.wave_for(when)
        if w is None and rec.meta.get("_bad_date"):
            self.ledger.reject(rec.line, "bad_date", detail="not a date the kit can read")
            return None
        if w is None:
            self.ledger.reject(rec.line, "no_wave", detail=str(when)[:40] if when else None)
            return None
        return Candidate(rec, values, ident, team, self.org.team(team).school, role, w,
                         pd.Timestamp(when) if when is not None else pd.NaT, n_answered)

    def link(self, rec: Record) -> tuple[str | None, str, str | None] | None:
        """``(identity, team, role)`` of a row (rule 4), or ``None`` when it is rejected."""
        ident = _identity(rec.meta)
        school = self.school
        if "school" in self.roles:
            label = _cell(rec, self.roles["school"])
            if label is not None:
                school = self._once("school", label, None, self.org.resolve_school) or school
        team = self.mapping.team
        raw_role = _cell(rec, self.roles["role"]) if "role" in self.roles else None
        role = self._once("role", raw_role, None,
                          lambda r: role_value(r, extra=self.mapping.role_codes))
        if team is None and "team" in self.roles:
            label = _cell(rec, self.roles["team"])
            if label is not None:
                why, team = self._once("team", label, school, self._team)
                if why is not None:
                    self.ledger.reject(rec.line, why[0], column=self.roles["team"].key,
                                       detail=why[1])
                    return None
        if self.roster is not None:
            entry = self.roster.lookup(email=rec.meta.get("email"), token=rec.meta.get("token"))
            if entry is not None:
                ident = entry.identity or ident      # one pseudonym per person
                if team is None and not entry.team:  # a participants list without the team
                    self.ledger.reject(rec.line, entry.reason or "no_team", column="token",
                                       detail=_PARTICIPANT_DETAIL.get(entry.reason))
                    return None
                if team is None:
                    team = entry.team
                    if raw_role is None:
                        role = role_value(entry.role)
        if team is None:
            self.ledger.reject(rec.line, "no_team")
            return None
        if role == UNKNOWN_ROLE:
            self.unknown_roles.append(rec.line)
        return ident, team, role

    def _once(self, what: str, cell: object, school: str | None, work):
        """``work(cell)`` (or ``work(cell, school)``), worked out once per file for each
        distinct cell: exports repeat a few teams, schools and roles on every row."""
        k = (what, type(cell), cell, school)
        if k not in self._links:
            self._links[k] = work(cell) if school is None else work(cell, school)
        return self._links[k]

    def _team(self, label: object, school: str | None = None) -> tuple:
        """``(None, team)`` of a team answer, or ``((reason, detail), None)``."""
        coded, team = code_of(label, self.team_codes)
        if coded and team is None:
            return ("no_team", "the mapping file's team_codes map this answer to no team"), None
        if not coded:
            team = self.org.resolve_team(label, school)
        if team is None:
            return ("unknown_team", self._team_detail(label)), None
        return None, team

    def _team_detail(self, label: object) -> str:
        """Why a team answer names no team, without its text (it may be personal data)."""
        elsewhere = self.org.resolve_team(label)
        if elsewhere is not None:        # ids and names from the organisation file only
            team = self.org.team(elsewhere)
            return f"a team of school {team.school} ({elsewhere}), not of this file's school"
        return "unknown team answer (not in the organisation file; text not stored)"

    def role_note(self, rows: set[int]) -> list[str]:
        """The file's note on role answers of accepted rows that name no known role."""
        lines = [n for n in self.unknown_roles if n in rows]
        if not lines:
            return []
        shown = ", ".join(map(str, lines[:10])) + (", ..." if len(lines) > 10 else "")
        return [f"{len(lines)} role answer(s) name no role the kit knows, stored as "
                f"'{UNKNOWN_ROLE}' without their text (rows {shown}); known roles: "
                + ", ".join(ROLES)]

    def check_labels(self) -> None:
        """Answer labels the scale does not know stop the file, naming them."""
        if not self.unknown:
            return
        label, _count = self.unknown.most_common(1)[0]
        row, col = self.first_unknown[label]
        listing = ", ".join(f"{lb!r} ({n}x)" for lb, n in self.unknown.most_common(5))
        scale = self.scale
        raise InputError(
            f"{sum(self.unknown.values())} answer(s) with labels the scale does not know: "
            f"{listing}",
            where=Location(file=self.fname, row=row, column=col),
            expected=f"one of {scale.labels('nl')} (or synonyms), or numbers "
                     f"{scale.min}..{scale.max}",
            fix="add the labels to 'codes' in the mapping file (label: value, or null for "
                "missing)")


def process_survey(export, *, instrument, org, mapping: SourceMapping, pseudonymizer,
                   roster=None, wave: str | None = None, free_text: bool = False) -> SurveyResult:
    """Clean, link and pseudonymise one survey export: an export held by columns
    (:class:`~kit.ingest.surveytable.ColumnExport`) by
    :func:`~kit.ingest.surveybycols.process_survey_by_columns`, any other (or one whose
    records were asked for, and may have been changed) by :func:`process_survey_by_row`;
    both give the same result.

    Returns
    -------
    SurveyResult
        ``respondents``: ``respondent_id``, ``board``, ``school``, ``team``, ``role``, ``wave``,
        ``submitted_at`` (UTC), ``tool``, ``source_file``, ``source_row``, ``n_answered``.
        ``answers``: ``respondent_id``, ``wave``, ``item``, ``value``. ``free_text``:
        ``respondent_id``, ``wave``, ``board``, ``school``, ``team``, ``question``, ``text``.
    """
    from .surveybycols import process_survey_by_columns
    from .surveytable import ColumnExport
    by_columns = isinstance(export, ColumnExport) and not export.rows_asked
    run = process_survey_by_columns if by_columns else process_survey_by_row
    return run(export, instrument=instrument, org=org, mapping=mapping,
               pseudonymizer=pseudonymizer, roster=roster, wave=wave, free_text=free_text)


def process_survey_by_row(export: SurveyExport, *, instrument, org, mapping: SourceMapping,
                          pseudonymizer, roster=None, wave: str | None = None,
                          free_text: bool = False) -> SurveyResult:
    """Clean, link and pseudonymise one survey export, row by row (the reference of the
    reading by columns).

    Returns
    -------
    SurveyResult
        ``respondents``: ``respondent_id``, ``board``, ``school``, ``team``, ``role``, ``wave``,
        ``submitted_at`` (UTC), ``tool``, ``source_file``, ``source_row``, ``n_answered``.
        ``answers``: ``respondent_id``, ``wave``, ``item``, ``value`` (float, NaN = missing) for
        every accepted respondent and every matched item.
        ``free_text`` (only when ``free_text=True``, else empty): ``respondent_id``, ``wave``,
        ``board``, ``school``, ``team``, ``question`` (header text), ``text`` (scrubbed) for
        every non-empty answer of an accepted respondent to a column that is neither a
        statement nor metadata nor the team/school/role question.
    """
    rows = _Rows(export, instrument=instrument, org=org, mapping=mapping, roster=roster,
                 wave=wave)
    candidates = [c for c in map(rows.candidate, export.records) if c is not None]
    rows.check_labels()
    final = drop_duplicates(candidates, rows.ledger)
    questions = free_text_questions(export, rows.unmatched) if free_text else {}
    known = getattr(roster, "names", None)        # a participants list's names, to scrub
    respondents, ans, idents, texts = survey_frames(export, final, org, pseudonymizer, questions,
                                                    known() if known and questions else ())
    account = rows.ledger.account(sha256=export.table.sha256, kind="survey", fmt=export.tool,
                                  rows_read=len(export.records), accepted=len(respondents))
    account.respondents_per_team = dict(Counter(respondents["team"]))
    account.notes.extend(export.notes)
    account.notes.extend(rows.role_note(set(respondents["source_row"])))
    account.notes.extend(_column_notes(rows.unmatched, questions, len(texts), free_text))
    return SurveyResult(respondents, ans, rows.ledger, account, rows.unmatched, texts, idents,
                        free_text_asked=free_text)


def _column_notes(unmatched: list[str], questions: dict[str, str], n_texts: int,
                  free_text: bool) -> list[str]:
    """The account's notes on the columns that are not statements."""
    if unmatched and free_text:
        notes = [f"free text of {len(questions)} open question(s) stored (scrubbed, "
                 f"{n_texts} answers): " + ", ".join(q[:30] for q in list(questions.values())[:5])]
        personal = [k for k in unmatched if k not in questions]
        if personal:
            notes.append(f"{len(personal)} column(s) that name personal data not stored: "
                         + ", ".join(k[:30] for k in personal[:5]))
        return notes
    if unmatched:
        return [f"{len(unmatched)} column(s) not used (not statements): "
                + ", ".join(u[:30] for u in unmatched[:5])]
    return []


def deduplicate_across(results: list) -> list:
    """The same respondent in two files of one wave: keep the latest, mark the other superseded.

    Accounting stays balanced per file: a superseded respondent moves from accepted to rejected
    in its own file's account. Results that are not survey results (pupil data) are left as
    they are; the list is returned.
    """
    supersede_across([r for r in results if isinstance(r, SurveyResult)])
    return results
