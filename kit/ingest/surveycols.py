"""Which column of a survey export is what: the team, school and role questions, the items of
the instrument (by the mapping's codes or the statement text), and the open questions.
"""

from __future__ import annotations

import re

from ..errors import ConfigError, InputError, Location
from ..textnorm import normalise
from .base import QuestionColumn, SurveyExport
from .freetext import identity_header
from .mapping import SourceMapping

__all__ = ["ROLE_HEADERS", "SCHOOL_HEADERS", "TEAM_HEADERS", "free_text_questions",
           "item_columns", "role_columns", "team_codes"]

_TEAM_HEADERS = {"team", "mijn team", "bouw", "unit", "in welk team werk je?",
                 "in welk team werkt u?", "in welk team werk je", "in welk team werkt u",
                 "welk team?", "team waarin je werkt", "which team do you work in?", "your team"}
_SCHOOL_HEADERS = {"school", "locatie", "op welke school werk je?", "op welke school werkt u?",
                   "op welke school werk je", "schoolnaam", "which school do you work at?"}
_ROLE_HEADERS = {"functie", "rol", "role", "wat is je functie?", "wat is uw functie?",
                 "wat is je functie", "your role", "what is your role?"}
#: headers (normalised) that name the team, school and role questions without a mapping
TEAM_HEADERS, SCHOOL_HEADERS, ROLE_HEADERS = _TEAM_HEADERS, _SCHOOL_HEADERS, _ROLE_HEADERS


def team_codes(mapping: SourceMapping, org, school: str | None, fname: str) -> dict:
    """The mapping's ``team_codes`` as answer code -> team id (``None``: no team).

    A code whose team the organisation file does not know (within ``school``, if given) is a
    :class:`~kit.errors.ConfigError` naming the mapping file.
    """
    out = {}
    for code, label in mapping.team_codes.items():
        team = org.resolve_team(label, school) if label is not None else None
        if label is not None and team is None:
            raise ConfigError(
                f"the mapping file's team_codes map {code!r} to {label!r}, which is no team of "
                "the organisation file" + (f" at school {school}" if school else ""),
                where=Location(file=fname), expected="a team id, name or alias",
                fix="correct 'team_codes' in the mapping file's entry for this file")
        out[code] = team
    return out


def _col_matches(col: QuestionColumn, wanted: str | None, headers: set[str]) -> bool:
    names = {normalise(x) for x in (col.code, col.key, col.text) if x}
    if wanted:
        return normalise(wanted) in names
    return bool(names & headers) or normalise(col.text).rstrip("?: ") in \
        {h.rstrip("?") for h in headers}


def role_columns(export: SurveyExport, mapping: SourceMapping) -> dict[str, QuestionColumn]:
    """``team``/``school``/``role`` -> the question column naming it (the mapping's, or by
    header); a column the mapping names but the file lacks is an :class:`InputError`."""
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


_ATTRIBUTE = re.compile(r"^attribute_\d+\b")
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


def item_columns(export: SurveyExport, mapping: SourceMapping, instrument,
                  skip: set[str]) -> tuple[dict[str, str], list[str]]:
    """Column key -> item id for the statement columns, and the keys of the other columns.

    The mapping's ``items`` (by code, key or header) first, then the statement text. A file
    without any statement column, or two columns holding one item, is an :class:`InputError`.
    """
    items: dict[str, str] = {}
    unmatched: list[str] = []
    by_name = {}
    for k, v in mapping.items.items():
        for form in _code_forms(k):
            by_name.setdefault(form, v)
    known = {i.id for i in instrument.all_items}
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


def free_text_questions(export: SurveyExport, keys: list[str]) -> dict[str, str]:
    """Column key -> question label (the header text, made unique within the file).

    Columns whose header names personal data (name, e-mail, phone, ...) are left out, and so
    are LimeSurvey's participant attributes (``attribute_1``: data about the person, not an
    answer); a column without a heading is labelled by its position (``column 7 (no heading)``).
    """
    out: dict[str, str] = {}
    for key in keys:
        col = export.column(key)
        if any(identity_header(x) or _ATTRIBUTE.match(normalise(x))
               for x in (col.text, col.code, col.question) if x):
            continue
        label = (" ".join(col.text.split()) or " ".join(str(col.code or "").split())
                 or f"column {col.index + 1} (no heading)")
        base, n = label, 2
        while label in out.values():
            label = f"{base} ({n})"
            n += 1
        out[key] = label
    return out
