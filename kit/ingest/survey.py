"""The common survey pipeline: one :class:`~kit.ingest.base.SurveyExport` -> tidy tables.

The same rules for every tool, in this order for each data row (each rejection is logged with
its reason code and the row a person sees):

1. ``ragged_row``: more cells than the header.
2. ``preview`` / ``test`` / ``spam`` / ``incomplete``: what the tool's metadata says.
3. ``no_answers``: no statement answered (blank answers stay missing, never zero).
4. Team: the mapping's fixed team; else the team question (within the mapping's school or the
   school question); else the roster by e-mail or token. A team label that the organisation file
   does not know -> ``unknown_team``; no team at all -> ``no_team``.
5. Wave: the ``wave`` argument, else the mapping's, else the wave whose dates hold the
   submission (or start) date -> otherwise ``no_wave``.
6. ``duplicate``: the same submission twice (same identity, team and answers); the first stays.
7. ``superseded``: the same respondent (e-mail or token) twice in one wave; the latest stays.

Unknown answer labels stop the file with one :class:`~kit.errors.InputError` that names them.
Identities (e-mail, name, token, IP) are used for linking and then dropped: respondents get a
keyed pseudonym (:mod:`kit.pseudonym`).

Free text (open questions) is dropped unless ``free_text=True``: then the non-empty answers of
the accepted respondents are kept, scrubbed (:mod:`kit.ingest.freetext`). It never changes
which rows are accepted.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import InputError, Location
from ..textnorm import normalise
from .accounting import FileAccount, Ledger
from .base import QuestionColumn, SurveyExport
from .freetext import FREE_TEXT_COLUMNS, NameScrubber, free_text_value, identity_header
from .mapping import SourceMapping

__all__ = ["SurveyResult", "deduplicate_across", "process_survey"]

_TEAM_HEADERS = {"team", "mijn team", "bouw", "unit", "in welk team werk je?",
                 "in welk team werkt u?", "in welk team werk je", "in welk team werkt u",
                 "welk team?", "team waarin je werkt", "which team do you work in?", "your team"}
_SCHOOL_HEADERS = {"school", "locatie", "op welke school werk je?", "op welke school werkt u?",
                   "op welke school werk je", "schoolnaam", "which school do you work at?"}
_ROLE_HEADERS = {"functie", "rol", "role", "wat is je functie?", "wat is uw functie?",
                 "wat is je functie", "your role", "what is your role?"}

RESPONDENT_COLUMNS = ["respondent_id", "board", "school", "team", "role", "wave", "submitted_at",
                      "tool", "source_file", "source_row", "n_answered"]
ANSWER_COLUMNS = ["respondent_id", "wave", "item", "value"]


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


def _col_matches(col: QuestionColumn, wanted: str | None, headers: set[str]) -> bool:
    names = {normalise(x) for x in (col.code, col.key, col.text) if x}
    if wanted:
        return normalise(wanted) in names
    return bool(names & headers) or normalise(col.text).rstrip("?: ") in \
        {h.rstrip("?") for h in headers}


def _role_columns(export: SurveyExport, mapping: SourceMapping) -> dict[str, QuestionColumn]:
    out: dict[str, QuestionColumn] = {}
    cols = mapping.columns
    for role, wanted, headers in (
            ("team", mapping.team_column or cols.get("team"), _TEAM_HEADERS),
            ("school", mapping.school_column or cols.get("school"), _SCHOOL_HEADERS),
            ("role", mapping.role_column or cols.get("role"), _ROLE_HEADERS)):
        hits = [c for c in export.columns if _col_matches(c, wanted, headers)]
        if wanted and not hits:
            raise InputError(
                f"the {role} question {wanted!r} named in the mapping file is not in the file",
                where=Location(file=export.table.path.name, row=export.table.lines[0]),
                expected=f"a column whose header or code is {wanted!r}",
                fix=f"correct '{role}_column' in the mapping file")
        if hits:
            out[role] = hits[0]
    return out


_SUBCODE = re.compile(r"^([a-z][a-z0-9]*)\[([a-z0-9]+)\]$")


def _code_forms(name: object) -> list[str]:
    """A column name as written and, for a code, its other LimeSurvey spelling.

    LimeSurvey writes the subquestion code of an array in brackets (``G1[SQ001]``), or with
    the export option 'Use ExpressionScript code' joined by ``_`` (``G1_SQ001``); a mapping
    written for one spelling applies to the other. (Only for one subquestion: the scales of a
    dual-scale array are numbered differently in the two spellings.)
    """
    key = normalise(name)
    m = _SUBCODE.match(key)
    return [key, f"{m.group(1)}_{m.group(2)}"] if m else [key]


def _item_columns(export: SurveyExport, mapping: SourceMapping, instrument,
                  skip: set[str]) -> tuple[dict[str, str], list[str]]:
    items: dict[str, str] = {}
    unmatched: list[str] = []
    by_name = {}
    for k, v in mapping.items.items():
        for form in _code_forms(k):
            by_name.setdefault(form, v)
    known = {i.id for i in instrument.items}
    for col in export.columns:
        if col.key in skip:
            continue
        item_id = None
        for name in (col.code, col.key, col.text):
            hit = next((f for f in _code_forms(name) if f in by_name), None) if name else None
            if hit is not None:
                item_id = by_name[hit]
                break
        if item_id is not None and item_id not in known:
            raise InputError(f"the mapping file maps column {col.key!r} to unknown item "
                             f"{item_id!r}",
                             where=Location(file=export.table.path.name, column=col.key),
                             expected="an item id of the instrument such as H2_04",
                             fix="correct 'items' in the mapping file")
        if item_id is None:
            hit = instrument.match_statement(col.text)
            if hit is None and col.question:
                hit = instrument.match_statement(f"{col.question} [{col.text}]")
            item_id = hit.id if hit else None
        if item_id is None:
            unmatched.append(col.key)
            continue
        if item_id in items.values():
            other = next(k for k, v in items.items() if v == item_id)
            raise InputError(f"columns {other!r} and {col.key!r} both hold item {item_id}",
                             where=Location(file=export.table.path.name, column=col.key),
                             expected="each statement in one column",
                             fix="map one of them to the right item in the mapping file")
        items[col.key] = item_id
    if not items:
        heads = [c.text[:40] for c in export.columns[:4]]
        raise InputError(
            "no column of this file matches a statement of the instrument",
            where=Location(file=export.table.path.name, row=export.table.lines[0]),
            expected=f"statement texts of the instrument as headers (found {heads})",
            fix=export.fix or "map the columns to items in the mapping file "
                              "('items: {code: H1_01}')")
    return items, unmatched


_NUM = re.compile(r"^\s*-?\d+(?:[.,]\d+)?\s*$")


def _value(raw: object, export: SurveyExport, mapping: SourceMapping, scale) -> float:
    """The scale value of a raw cell; NaN for blank/missing; KeyError for unknown labels."""
    if raw is None or (isinstance(raw, float) and np.isnan(raw)):
        return np.nan
    if isinstance(raw, str):
        s = raw.strip()
        if s == "":
            return np.nan
        if s in mapping.codes or normalise(s) in {normalise(k) for k in mapping.codes}:
            code = mapping.codes.get(s)
            if code is None and s not in mapping.codes:
                code = next(v for k, v in mapping.codes.items() if normalise(k) == normalise(s))
            return np.nan if code is None else float(code)
        if _NUM.match(s):
            num = float(s.replace(",", "."))
            key = str(int(num)) if num.is_integer() else s
            if key in mapping.codes:
                code = mapping.codes[key]
                return np.nan if code is None else float(code)
            v = scale.value_of(num)
            return np.nan if v is None else float(v)
        v = scale.value_of(s)
        return np.nan if v is None else float(v)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        key = str(int(raw)) if float(raw).is_integer() else str(raw)
        if key in mapping.codes:
            code = mapping.codes[key]
            return np.nan if code is None else float(code)
        v = scale.value_of(raw)
        return np.nan if v is None else float(v)
    v = scale.value_of(str(raw))
    return np.nan if v is None else float(v)


def _identity(meta: dict) -> str | None:
    for key in ("email", "token"):
        v = meta.get(key)
        if v is not None and str(v).strip() and normalise(v) not in {"anonymous", "anoniem"}:
            return f"{key}:{normalise(v)}"
    return None


def _free_text_questions(export: SurveyExport, keys: list[str]) -> dict[str, str]:
    """Column key -> question label (the header text, made unique within the file).

    Columns whose header names personal data (name, e-mail, phone, ...) are left out.
    """
    out: dict[str, str] = {}
    for key in keys:
        col = export.column(key)
        if any(identity_header(x) for x in (col.text, col.code, col.question) if x):
            continue
        label = " ".join(col.text.split()) or key
        base, n = label, 2
        while label in out.values():
            label = f"{base} ({n})"
            n += 1
        out[key] = label
    return out


def process_survey(export: SurveyExport, *, instrument, org, mapping: SourceMapping,
                   pseudonymizer, roster=None, wave: str | None = None,
                   free_text: bool = False) -> SurveyResult:
    """Clean, link and pseudonymise one survey export.

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
    fname = export.table.path.name
    roles = _role_columns(export, mapping)
    skip = {c.key for c in roles.values()}
    items, unmatched = _item_columns(export, mapping, instrument, skip)
    scale = instrument.scale
    ledger = Ledger(fname)
    unknown: Counter = Counter()
    first_unknown: dict[object, tuple[int, str]] = {}
    mapped_school = org.resolve_school(mapping.school) if mapping.school else None
    if mapping.school and mapped_school is None:
        raise InputError(f"the mapping file names unknown school {mapping.school!r}",
                         where=Location(file=fname),
                         expected=f"one of {[s.id for s in org.schools]}",
                         fix="correct 'school' in the mapping file")
    if mapping.team and mapping.team not in {t.id for t in org.teams}:
        raise InputError(f"the mapping file names unknown team {mapping.team!r}",
                         where=Location(file=fname), expected="a team id of the organisation file",
                         fix="correct 'team' in the mapping file")
    candidates = []
    for rec in export.records:
        values = {}
        for key, item_id in items.items():
            raw = rec.answers.get(key)
            try:
                values[item_id] = _value(raw, export, mapping, scale)
            except KeyError:
                label = str(raw).strip()
                unknown[label] += 1
                first_unknown.setdefault(label, (rec.line, key))
                values[item_id] = np.nan
        if rec.meta.get("_ragged"):
            ledger.reject(rec.line, "ragged_row")
            continue
        if rec.exclude:
            ledger.reject(rec.line, rec.exclude)
            continue
        n_answered = int(sum(1 for v in values.values() if not np.isnan(v)))
        if n_answered == 0:
            ledger.reject(rec.line, "no_answers")
            continue
        ident = _identity(rec.meta)
        school = mapped_school
        if "school" in roles:
            label = rec.answers.get(roles["school"].key)
            if label is not None and str(label).strip():
                school = org.resolve_school(label) or school
        team = mapping.team
        role = None
        if "role" in roles:
            r = rec.answers.get(roles["role"].key)
            role = str(r).strip() if r is not None and str(r).strip() else None
        if team is None and "team" in roles:
            label = rec.answers.get(roles["team"].key)
            if label is not None and str(label).strip():
                team = org.resolve_team(label, school)
                if team is None:
                    ledger.reject(rec.line, "unknown_team", column=roles["team"].key,
                                  detail=str(label).strip()[:80])
                    continue
        if roster is not None:
            entry = roster.lookup(email=rec.meta.get("email"), token=rec.meta.get("token"))
            if entry is not None:
                ident = entry.identity or ident      # one pseudonym per person
                if team is None:
                    team, role = entry.team, role or entry.role
        if team is None:
            ledger.reject(rec.line, "no_team")
            continue
        when = rec.meta.get("submitted_at") or rec.meta.get("started_at")
        w = wave or mapping.wave or org.wave_for(when)
        if w is None and rec.meta.get("_bad_date"):
            ledger.reject(rec.line, "bad_date", detail=str(rec.meta["_bad_date"]))
            continue
        if w is None:
            ledger.reject(rec.line, "no_wave", detail=str(when)[:40] if when else None)
            continue
        candidates.append({"rec": rec, "values": values, "ident": ident, "team": team,
                           "school": org.team(team).school, "role": role, "wave": w,
                           "when": pd.Timestamp(when) if when is not None else pd.NaT,
                           "n": n_answered})
    if unknown:
        label, count = unknown.most_common(1)[0]
        row, col = first_unknown[label]
        listing = ", ".join(f"{lb!r} ({n}x)" for lb, n in unknown.most_common(5))
        raise InputError(
            f"{sum(unknown.values())} answer(s) with labels the scale does not know: {listing}",
            where=Location(file=fname, row=row, column=col),
            expected=f"one of {scale.labels('nl')} (or synonyms), or numbers "
                     f"{scale.min}..{scale.max}",
            fix="add the labels to 'codes' in the mapping file (label: value, or null for "
                "missing)")
    # exact duplicates, then keep-latest per respondent and wave
    seen: set = set()
    kept = []
    for c in candidates:
        sig = (c["ident"], c["team"], c["wave"],
               tuple(sorted((k, None if np.isnan(v) else v) for k, v in c["values"].items())))
        if sig in seen:
            ledger.reject(c["rec"].line, "duplicate")
            continue
        seen.add(sig)
        kept.append(c)
    latest: dict = {}
    for c in kept:
        if c["ident"] is None:
            continue
        k = (c["ident"], c["wave"])
        prev = latest.get(k)
        if prev is None or _later(c, prev):
            latest[k] = c
    final = []
    for c in kept:
        if c["ident"] is not None and latest[(c["ident"], c["wave"])] is not c:
            ledger.reject(c["rec"].line, "superseded")
            continue
        final.append(c)
    rows, answers, idents, texts = [], [], {}, []
    questions = _free_text_questions(export, unmatched) if free_text else {}
    scrubber = NameScrubber(str(r.meta["name"]) for r in export.records
                            if r.meta.get("name")) if questions else None
    for c in final:
        rid = (pseudonymizer.respondent(c["ident"].split(":", 1)[1]) if c["ident"]
               else pseudonymizer.anonymous(export.table.sha256, c["rec"].line))
        when = c["when"]
        if pd.notna(when):
            when = when.tz_localize("UTC") if when.tzinfo is None else when.tz_convert("UTC")
        rows.append({"respondent_id": rid, "board": org.board_id, "school": c["school"],
                     "team": c["team"], "role": c["role"], "wave": c["wave"],
                     "submitted_at": when, "tool": export.tool, "source_file": fname,
                     "source_row": c["rec"].line, "n_answered": c["n"]})
        if c["ident"]:
            idents[len(rows) - 1] = c["ident"]
        answers.extend({"respondent_id": rid, "wave": c["wave"], "item": k, "value": v}
                       for k, v in c["values"].items())
        for key, question in questions.items():
            text = free_text_value(c["rec"].answers.get(key))
            if text is not None:
                texts.append({"respondent_id": rid, "wave": c["wave"], "board": org.board_id,
                              "school": c["school"], "team": c["team"], "question": question,
                              "text": scrubber(text)})
    respondents = pd.DataFrame(rows, columns=RESPONDENT_COLUMNS)
    respondents["submitted_at"] = pd.to_datetime(respondents["submitted_at"], utc=True)
    ans = pd.DataFrame(answers, columns=ANSWER_COLUMNS)
    ans["value"] = ans["value"].astype("float64")
    account = ledger.account(sha256=export.table.sha256, kind="survey", fmt=export.tool,
                             rows_read=len(export.records), accepted=len(respondents))
    account.respondents_per_team = dict(Counter(respondents["team"]))
    account.notes.extend(export.notes)
    if unmatched and free_text:
        account.notes.append(f"free text of {len(questions)} open question(s) stored (scrubbed, "
                             f"{len(texts)} answers): "
                             + ", ".join(q[:30] for q in list(questions.values())[:5]))
        personal = [k for k in unmatched if k not in questions]
        if personal:
            account.notes.append(f"{len(personal)} column(s) that name personal data not stored: "
                                 + ", ".join(k[:30] for k in personal[:5]))
    elif unmatched:
        account.notes.append(f"{len(unmatched)} column(s) not used (not statements): "
                             + ", ".join(u[:30] for u in unmatched[:5]))
    ft = pd.DataFrame(texts, columns=FREE_TEXT_COLUMNS)
    return SurveyResult(respondents, ans, ledger, account, unmatched, ft, idents)


def _later(a: dict, b: dict) -> bool:
    ta, tb = a["when"], b["when"]
    if pd.notna(ta) and pd.notna(tb) and ta != tb:
        return ta > tb
    return a["rec"].line > b["rec"].line


def deduplicate_across(results: list[SurveyResult]) -> list[SurveyResult]:
    """The same respondent in two files of one wave: keep the latest, mark the other superseded.

    Accounting stays balanced per file: a superseded respondent moves from accepted to rejected
    in its own file's account.
    """
    best: dict[tuple, tuple[int, int]] = {}
    for fi, r in enumerate(results):
        for ri, ident in r._identity.items():
            row = r.respondents.iloc[ri]
            key = (ident, row["wave"])
            if key not in best:
                best[key] = (fi, ri)
                continue
            bf, br = best[key]
            other = results[bf].respondents.iloc[br]
            t_new, t_old = row["submitted_at"], other["submitted_at"]
            if pd.notna(t_new) and (pd.isna(t_old) or t_new > t_old):
                best[key] = (fi, ri)
    drop: dict[int, set[int]] = {}
    for fi, r in enumerate(results):
        for ri, ident in r._identity.items():
            key = (ident, r.respondents.iloc[ri]["wave"])
            if best[key] != (fi, ri):
                drop.setdefault(fi, set()).add(ri)
    for fi, rows in drop.items():
        r = results[fi]
        gone = r.respondents.iloc[sorted(rows)]
        for line in gone["source_row"]:
            r.ledger.reject(int(line), "superseded", detail="answered again in another file")
        keep = ~r.respondents.index.isin(sorted(rows))
        ids = set(zip(gone["respondent_id"], gone["wave"], strict=True))
        r.answers = r.answers[[(a, w) not in ids for a, w in
                               zip(r.answers["respondent_id"], r.answers["wave"], strict=True)]]
        r.answers = r.answers.reset_index(drop=True)
        keep_text = np.array([(a, w) not in ids for a, w in
                              zip(r.free_text["respondent_id"], r.free_text["wave"],
                                  strict=True)], dtype=bool)
        r.free_text = r.free_text.loc[keep_text].reset_index(drop=True)
        r.respondents = r.respondents[keep].reset_index(drop=True)
        acc = r.ledger.account(sha256=r.account.sha256, kind="survey", fmt=r.account.format,
                               rows_read=r.account.rows_read, accepted=len(r.respondents))
        acc.respondents_per_team = dict(Counter(r.respondents["team"]))
        acc.notes = r.account.notes
        r.account = acc
        r._identity = {}
    return results
