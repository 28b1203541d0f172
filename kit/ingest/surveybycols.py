"""The common survey pipeline (:mod:`kit.ingest.survey`) on an export held by columns
(:class:`~kit.ingest.surveytable.ColumnExport`): the same rules, reasons, messages and tables
as the reading by rows (:func:`~kit.ingest.survey.process_survey_by_row`, kept as the
reference), with each rule's work done once per distinct cell or combination of cells:

* answer cells -> scale values once per distinct cell of a column (unknown labels counted per
  row, the first named by its row and column, as by rows); the values a matrix of rows x items;
* identity once per distinct e-mail address or token; school, team and role (and the roster's
  entry) once per distinct combination of their cells; the wave once per distinct time;
* exact duplicates by one ``duplicated`` of identity, team, wave and answers; the latest
  submission per respondent by one sort;
* the answers table the melt of the value matrix; free text scrubbed once per distinct cell.

A row is rejected for the first rule it fails, in the order of the reading by rows (the tool's
own exclusions, worked out by :func:`~kit.ingest.surveytable.build_columns`, after a ragged row).
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from ..textnorm import normalise
from .surveycolframes import frames, open_answers
from .surveycols import free_text_questions
from .surveytable import ColumnExport, Distinct, combine_codes
from .surveyvalues import UNKNOWN_ROLE, answer_value, role_value

__all__ = ["process_survey_by_columns"]

def _blank(v: object) -> bool:
    return v is None or not str(v).strip()


def _values(rows, export: ColumnExport) -> np.ndarray:
    """Rows x items: the scale value of each answer (NaN: missing or unknown); unknown labels
    counted in ``rows.unknown`` in the order the reading by rows meets them."""
    items = list(rows.items)
    out = np.empty((export.n, len(items)), dtype=np.float64)
    first: dict[str, tuple[int, int, str]] = {}      # label -> (row, column position, key)
    counts: Counter = Counter()
    for j, key in enumerate(items):
        d = export.distinct(key)
        vals = []
        for raw in d.values:
            k = (type(raw), raw)
            v = rows._answers.get(k)
            if v is None:
                try:
                    v = answer_value(raw, rows.mapping, rows.scale)
                except KeyError:
                    v = KeyError
                rows._answers[k] = v
            vals.append(np.nan if v is KeyError else v)
            if v is KeyError:
                label = str(raw).strip()
                hit = d.codes == len(vals) - 1
                counts[label] += int(hit.sum())
                at = (int(np.argmax(hit)), j, key)
                if label not in first or at[:2] < first[label][:2]:
                    first[label] = at
        out[:, j] = np.asarray(vals, dtype=np.float64)[d.codes] if export.n else []
    for label in sorted(first, key=lambda lb: first[lb][:2]):    # the order met by rows
        rows.unknown[label] += counts[label]
        r, _j, key = first[label]
        rows.first_unknown[label] = (int(export.lines[r]), key)
    return out


def _fold(v: object) -> str:
    """:func:`~kit.textnorm.normalise`, quicker for ASCII text (then the same: NFC, the
    typographic quotes and dashes and the bullet do not occur; casefold is lower)."""
    if isinstance(v, str) and v.isascii():
        return " ".join(v.split()).lower()
    return normalise(v)


def _identity_of(key: str):
    """The reading by rows' identity (``email:...``, ``token:...``) of a cell."""
    def ident(v: object) -> str | None:
        if v is None or not str(v).strip():
            return None
        norm = _fold(v)
        return None if norm in ("anonymous", "anoniem") else f"{key}:{norm}"
    return ident


def _meta(export: ColumnExport, name: str) -> Distinct:
    d = export.meta.get(name)
    return d if d is not None else Distinct([None], np.zeros(export.n, dtype=np.int64))


class _Why:
    """The first rejection of each row: a code per row (0: none) into :attr:`reasons`."""

    def __init__(self, n: int) -> None:
        self.code = np.zeros(n, dtype=np.int64)
        self.reasons: list[tuple | None] = [None]

    def reject(self, mask: np.ndarray, reason: str, column=None, detail=None) -> None:
        self.reasons.append((reason, column, detail))
        self.code[mask & (self.code == 0)] = len(self.reasons) - 1

    def open(self) -> np.ndarray:
        return self.code == 0


def _link(rows, export: ColumnExport, why: _Why, email: Distinct, token: Distinct):
    """Rule 4 for the rows not yet rejected: per row the team, role and the roster's identity
    (``None``: none), worked out once per distinct combination of the cells they depend on."""
    n, roles = export.n, rows.roles
    zero = np.zeros(n, dtype=np.int64)
    cells = {w: (export.distinct(roles[w].key) if w in roles else Distinct([None], zero))
             for w in ("school", "team", "role")}
    parts = [cells[w].codes for w in ("school", "team", "role")]
    if rows.roster is not None:
        parts += [email.codes, token.codes]
    combo, first = combine_codes(*parts)
    live = np.unique(combo[why.open()])
    team = np.full(len(first), None, dtype=object)
    role = np.full(len(first), None, dtype=object)
    ident = np.full(len(first), None, dtype=object)
    for c in live.tolist():
        r = int(first[c])
        got = _link_one(rows, *(cells[w].values[cells[w].codes[r]] for w in
                                ("school", "team", "role")),
                        email.values[email.codes[r]], token.values[token.codes[r]])
        if isinstance(got, dict):
            why.reject(combo == c, **got)
        else:
            team[c], role[c], ident[c] = got
    return team[combo], role[combo], ident[combo]


def _link_one(rows, school_cell, team_cell, role_cell, email, token):
    """:meth:`~kit.ingest.survey._Rows.link` for one combination of cells: ``(team, role,
    roster identity)`` or a dict of the rejection."""
    from .survey import _PARTICIPANT_DETAIL
    school, mapping, org = rows.school, rows.mapping, rows.org
    if "school" in rows.roles and not _blank(school_cell):
        school = rows._once("school", school_cell, None, org.resolve_school) or school
    team = mapping.team
    raw_role = role_cell if "role" in rows.roles and not _blank(role_cell) else None
    role = rows._once("role", raw_role, None,
                      lambda r: role_value(r, extra=mapping.role_codes))
    if team is None and "team" in rows.roles and not _blank(team_cell):
        reason, team = rows._once("team", team_cell, school, rows._team)
        if reason is not None:
            return {"reason": reason[0], "column": rows.roles["team"].key, "detail": reason[1]}
    ident = None
    if rows.roster is not None:
        entry = rows.roster.lookup(email=email, token=token)
        if entry is not None:
            ident = entry.identity or None     # as `entry.identity or ident` by rows
            if team is None and not entry.team:
                return {"reason": entry.reason or "no_team", "column": "token",
                        "detail": _PARTICIPANT_DETAIL.get(entry.reason)}
            if team is None:
                team = entry.team
                if raw_role is None:        # the roster's role, worked out once per role
                    role = rows._once("roster_role", entry.role, None, role_value)
    if team is None:
        return {"reason": "no_team"}
    return team, role, ident


def _waves(rows, export: ColumnExport, why: _Why):
    """Rule 5 for the rows not yet rejected: per row the wave and the time (``None``: none)."""
    sub, start = _meta(export, "submitted_at"), _meta(export, "started_at")
    combo, first = combine_codes(sub.codes, start.codes, export.bad_date.astype(np.int64))
    live = np.unique(combo[why.open()])
    wave = np.full(len(first), None, dtype=object)
    when = np.full(len(first), None, dtype=object)
    low, high = rows.org.date_range
    of_day: dict = {}                       # a wave depends on the date only
    for c in live.tolist():
        r = int(first[c])
        t = sub.values[sub.codes[r]] or start.values[start.codes[r]]
        day = t.date() if t is not None else None
        if day is not None and not low <= day <= high:
            why.reject(combo == c, "bad_date", detail=f"date outside {low}..{high} (the "
                       "organisation file's waves, with ten school years before)")
            continue
        w = rows.wave or rows.mapping.wave
        if w is None:
            if day not in of_day:
                of_day[day] = rows.org.wave_for(t)
            w = of_day[day]
        if w is None and export.bad_date[r]:
            why.reject(combo == c, "bad_date", detail="not a date the kit can read")
        elif w is None:
            why.reject(combo == c, "no_wave", detail=str(t)[:40] if t else None)
        else:
            wave[c], when[c] = w, t
    return wave[combo], when[combo], combo


def _later_fold(idx: list[int], when: np.ndarray, lines: np.ndarray) -> int:
    """The latest of one respondent's rows as the reading by rows folds them (with a missing
    time, the later row); ``when``: the rows' times as integers, :data:`_NO_TIME` missing."""
    best = idx[0]
    for k in idx[1:]:
        ta, tb = int(when[k]), int(when[best])
        later = (ta > tb) if (_NO_TIME not in (ta, tb) and ta != tb) else lines[k] > lines[best]
        if later:
            best = k
    return best


def process_survey_by_columns(export: ColumnExport, *, instrument, org, mapping, pseudonymizer,
                              roster=None, wave: str | None = None, free_text: bool = False):
    """:func:`~kit.ingest.survey.process_survey_by_row` on an export held by columns: the
    same :class:`~kit.ingest.survey.SurveyResult` (``respondents``: ``respondent_id``,
    ``board``, ``school``, ``team``, ``role``, ``wave``, ``submitted_at``, ``tool``,
    ``source_file``, ``source_row``, ``n_answered``; ``answers``: ``respondent_id``, ``wave``,
    ``item``, ``value``; ``free_text``: ``respondent_id``, ``wave``, ``board``, ``school``,
    ``team``, ``question``, ``text``)."""
    from .survey import SurveyResult, _column_notes, _Rows
    rows = _Rows(export, instrument=instrument, org=org, mapping=mapping, roster=roster,
                 wave=wave)
    n = export.n
    values = _values(rows, export)
    answered = (~np.isnan(values)).sum(axis=1)
    why = _Why(n)
    why.reject(export.ragged, "ragged_row")
    if export.excluded is not None:             # the tool's own: preview, incomplete, ...
        ex = export.excluded
        for k, reason in enumerate(ex.values):
            if reason:
                why.reject(ex.codes == k, reason)
    why.reject(answered == 0, "no_answers")
    email, token = _meta(export, "email"), _meta(export, "token")
    team, role, roster_ident = _link(rows, export, why, email, token)
    waves, when, when_combo = _waves(rows, export, why)
    rows.check_labels()
    ident = np.where(pd.isna(roster_ident),
                     _pick(email.take(email.map(_identity_of("email"))),
                           token.take(token.map(_identity_of("token")))), roster_ident)
    lines = export.lines
    rejected = np.flatnonzero(~why.open())
    reasons = [why.reasons[k] for k in why.code[rejected].tolist()]
    rows.ledger.reject_rows(lines[rejected].tolist(), [r[0] for r in reasons],
                            [r[1] for r in reasons], [r[2] for r in reasons])
    cand = np.flatnonzero(why.open())
    stamps, times = _stamps(when, when_combo, cand)
    final = _deduplicate(rows, cand, ident, team, waves, values, stamps, lines)
    utc = times[np.searchsorted(cand, final)] if times is not None else None
    questions = free_text_questions(export, rows.unmatched) if free_text else {}
    known = getattr(roster, "names", None)
    respondents, ans, idents = frames(export, org, pseudonymizer, rows, final, ident, team,
                                      role, waves, utc, answered, values, lines)
    texts = open_answers(export, org, questions, final, respondents,
                         known() if known and questions else ())
    account = rows.ledger.account(sha256=export.table.sha256, kind="survey", fmt=export.tool,
                                  rows_read=n, accepted=len(respondents))
    per_team = respondents["team"].value_counts(sort=False, dropna=False)   # as they come
    account.respondents_per_team = {t: int(k) for t, k in per_team.items()}
    account.notes.extend(export.notes)
    unknown_role = final[role[final] == UNKNOWN_ROLE]
    rows.unknown_roles = lines[unknown_role].tolist()
    account.notes.extend(rows.role_note(set(respondents["source_row"])))
    account.notes.extend(_column_notes(rows.unmatched, questions, len(texts), free_text))
    return SurveyResult(respondents, ans, rows.ledger, account, rows.unmatched, texts, idents,
                        free_text_asked=free_text)


def _pick(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """``first`` where it is not ``None``, else ``second``."""
    return np.where(pd.isna(first), second, first)


#: a row's missing time in :func:`_stamps`' integers (pandas' own for ``NaT``)
_NO_TIME = int(pd.NaT.value)


def _stamps(when: np.ndarray, combo: np.ndarray, cand: np.ndarray) -> tuple:
    """Each candidate row's time in UTC as an integer (over all rows, :data:`_NO_TIME`
    elsewhere and where missing), worked out once per distinct time, and the times of the
    candidate rows as a ``DatetimeArray`` (what the reading by rows makes of each row's
    ``pd.Timestamp`` in UTC)."""
    utc = np.full(len(when), _NO_TIME, dtype=np.int64)
    if not len(cand):
        return utc, None
    _, first, inv = np.unique(combo[cand], return_index=True, return_inverse=True)
    # naive times are taken as UTC, as the reading by rows localises them
    times = pd.to_datetime(pd.Series(when[cand[first]], dtype=object), utc=True).array
    utc[cand] = times.asi8[inv]
    return utc, times.take(inv)


def _deduplicate(rows, cand: np.ndarray, ident, team, waves, values, stamps: np.ndarray,
                 lines: np.ndarray) -> np.ndarray:
    """Rules 6 and 7 on the candidate rows (``cand``, row positions in order); rejections in
    the ledger as by rows. Returns the rows that stay."""
    keys = pd.DataFrame({k: pd.factorize(v[cand])[0] for k, v in
                         (("i", ident), ("t", team), ("w", waves))})
    dup = np.zeros(len(cand), dtype=bool)
    maybe = keys.duplicated(keep=False).to_numpy()     # the same person, team and wave
    if maybe.any():
        keys = pd.concat([keys[maybe].reset_index(drop=True),
                          pd.DataFrame(values[cand[maybe]])], axis=1)
        keys.columns = range(keys.shape[1])
        dup[maybe] = keys.duplicated(keep="first").to_numpy()
    rows.ledger.reject_rows(lines[cand[dup]].tolist(), ["duplicate"] * int(dup.sum()),
                            [None] * int(dup.sum()), [None] * int(dup.sum()))
    kept = cand[~dup]
    has = ~pd.isna(ident[kept])
    who, _ = pd.factorize(ident[kept][has])
    wave_code, wave_ids = pd.factorize(waves[kept][has])
    groups = pd.factorize(who.astype(np.int64) * (len(wave_ids) + 1) + wave_code)[0]
    pos = np.flatnonzero(has)
    lose = np.zeros(len(kept), dtype=bool)
    counts = np.bincount(groups, minlength=int(groups.max(initial=-1)) + 1)
    many = counts[groups] > 1                   # one respondent's rows in a wave: the rest stay
    order: dict[int, list[int]] = {}
    for g, p in zip(groups[many].tolist(), pos[many].tolist(), strict=True):
        order.setdefault(g, []).append(p)
    for members in order.values():
        best = _later_fold([int(kept[p]) for p in members], stamps, lines)
        for p in members:
            lose[p] = kept[p] != best
    rows.ledger.reject_rows(lines[kept[lose]].tolist(), ["superseded"] * int(lose.sum()),
                            [None] * int(lose.sum()), [None] * int(lose.sum()))
    return kept[~lose]
