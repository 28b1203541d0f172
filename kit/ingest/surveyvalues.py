"""The scale value of one answer cell of a survey export: the mapping's codes first, then the
instrument's scale (labels in any language, synonyms, numbers); and the role of a respondent,
from the kit's own list of roles.

A role answer (or a roster's role) is stored only as one of the roles in :data:`ROLES`; text
that names none of them is stored as :data:`UNKNOWN_ROLE`, never as typed: a free-form cell
may hold a name, an e-mail address or a phone number, and no short text can be told apart from
a name with certainty.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from ..textnorm import normalise
from .mapping import SourceMapping

__all__ = ["ROLES", "UNKNOWN_ROLE", "answer_value", "code_of", "role_value"]

_NUM = re.compile(r"^\s*-?\d+(?:[.,]\d+)?\s*$")


def answer_value(raw: object, mapping: SourceMapping, scale) -> float:
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


#: what a role answer that names no role of :data:`ROLES` is stored as
UNKNOWN_ROLE = "unknown"

#: role as stored -> the answers that name it (compared without case, accents or punctuation)
ROLES: dict[str, tuple[str, ...]] = {
    "leerkracht": ("leerkracht", "leraar", "lerares", "docent", "groepsleerkracht",
                   "groepsleraar", "duoleerkracht", "teacher", "class teacher", "leerkracht po",
                   "leerkracht basisonderwijs"),
    "intern begeleider": ("intern begeleider", "interne begeleider", "ib", "ib er", "iber",
                          "ibber", "intern begeleiding", "internal supervisor"),
    "bouwcoördinator": ("bouwcoordinator", "bouwcoordinatoren", "bouwleider", "unitleider",
                        "teamleider", "coordinator", "team leader", "unit leader"),
    "onderwijsassistent": ("onderwijsassistent", "klassenassistent", "leraarondersteuner",
                           "onderwijsondersteuner", "oa", "assistent", "teaching assistant"),
    "directeur": ("directeur", "directie", "schoolleider", "adjunct directeur", "adjunct",
                  "locatieleider", "locatiedirecteur", "meerschoolse directeur", "principal",
                  "head teacher", "school leader"),
    "vakleerkracht": ("vakleerkracht", "vakdocent", "vakleerkracht bewegingsonderwijs",
                      "vakleerkracht gym", "gymleerkracht", "specialist teacher"),
    "specialist": ("specialist", "rekenspecialist", "taalspecialist", "leesspecialist",
                   "gedragsspecialist", "hoogbegaafdheidsspecialist", "remedial teacher",
                   "ict coordinator", "rekencoordinator", "taalcoordinator"),
    "stagiair": ("stagiair", "stagiaire", "lio", "lio er", "leraar in opleiding",
                 "pabo student", "student", "trainee"),
    "ondersteunend personeel": ("ondersteunend personeel", "onderwijsondersteunend personeel",
                                "oop", "conciérge", "concierge", "administratie",
                                "administratief medewerker", "support staff"),
    "anders": ("anders", "overig", "overige", "other"),
}


def _role_key(text: object) -> str:
    """Fold a role for comparison: no accents, case or punctuation; a group number dropped."""
    s = unicodedata.normalize("NFKD", normalise(text))
    s = "".join(ch if ch.isalnum() else " " for ch in s if not unicodedata.combining(ch))
    s = " ".join(s.split())
    return re.sub(r"(?: (?:van|in|voor))? (?:groep|groepen|gr|unit|bouw)(?: [0-9 ]+)?$", "", s)


_ROLE_KEYS = {_role_key(alias): role for role, aliases in ROLES.items()
              for alias in (role, *aliases)}


def _code_text(raw: object) -> str:
    """A cell as an answer code: ``1.0`` from a workbook is ``"1"``."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def code_of(raw: object, codes: dict) -> tuple[bool, object]:
    """``(True, value)`` when the answer ``raw`` is a key of ``codes`` (the mapping's
    ``team_codes``), compared without case or spacing (``1.0`` = ``"1"``); else ``(False, None)``.

    Examples
    --------
    >>> code_of(2.0, {"2": "S03-MB"}), code_of(" t1 ", {"T1": "S04-OB"}), code_of("x", {})
    ((True, 'S03-MB'), (True, 'S04-OB'), (False, None))
    """
    if not codes or raw is None or (isinstance(raw, float) and np.isnan(raw)):
        return False, None
    text = _code_text(raw)
    if text in codes:
        return True, codes[text]
    key = normalise(text)
    for k, v in codes.items():
        if normalise(k) == key:
            return True, v
    return False, None


def role_value(raw: object, extra: dict[str, str | None] | None = None) -> str | None:
    """The role a role answer names (a key of :data:`ROLES`); ``None`` for a blank cell.

    ``extra`` maps further answers (a survey's answer codes, the mapping's ``role_codes``) to
    roles, first; a code mapped to ``None`` gives ``None`` (no role). Anything else is
    :data:`UNKNOWN_ROLE`: the text itself is never kept.

    Examples
    --------
    >>> role_value("IB'er"), role_value("Leerkracht groep 5"), role_value("a@b.nl")
    ('intern begeleider', 'leerkracht', 'unknown')
    >>> codes = {"F2": "intern begeleider", "4": "directeur"}
    >>> role_value("F2", extra=codes), role_value(4.0, extra=codes)
    ('intern begeleider', 'directeur')
    """
    if raw is None or (isinstance(raw, float) and np.isnan(raw)) or not str(raw).strip():
        return None
    text = _code_text(raw)
    if len(text) > 200:
        return UNKNOWN_ROLE
    hit, role = code_of(text, extra or {})
    if hit and (role is None or role in ROLES):
        return role
    key = _role_key(text)
    for label, role in (extra or {}).items():
        if _role_key(label) == key and (role is None or role in ROLES):
            return role
    return _ROLE_KEYS.get(key, UNKNOWN_ROLE)
