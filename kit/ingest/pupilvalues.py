"""Reading the cells of pupil-data exports: numbers, test domains, moments, levels, school years.

Each function takes one raw cell and gives the store's value, ``NaN``/``pd.NA`` for a blank
cell, or raises ``ValueError`` for a cell it cannot read (the reader rejects the row as
``bad_value``).
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from ..store.vocabulary import normalise_group
from .pupilcols import key
from .table import cell_text

__all__ = ["DOMAINS", "NOT_TAKEN", "SUPPLIERS", "UNKNOWN", "domain_code", "group_years", "level",
           "moment", "not_taken", "number", "referentieniveau", "school_year", "school_year_label",
           "status", "supplier_code"]

DOMAINS = {
    "begrijpend_lezen": ("begrijpend lezen", "begrijpendlezen", "bl", "begrijpend lezen 3.0",
                         "lezen begrijpend", "reading comprehension"),
    "rekenen": ("rekenen-wiskunde", "rekenen wiskunde", "rekenen", "rw", "rekenen-wiskunde 3.0",
                "rekenen en wiskunde", "maths", "math"),
    "spelling": ("spelling", "sp", "spelling 3.0", "spelling werkwoorden"),
    "technisch_lezen": ("technisch lezen", "dmt", "avi", "drie-minuten-toets", "leestechniek"),
    "woordenschat": ("woordenschat", "ws"),
    "hoofdrekenen": ("hoofdrekenen", "tempotoets rekenen", "trt"),
}
_DOMAIN_KEYS = {key(s): d for d, syn in DOMAINS.items() for s in (d, *syn)}
#: what the store keeps for a cell that names nothing on the kit's closed lists (never its text)
UNKNOWN = "unknown"
#: test suppliers: code -> the ways exports and people write them (folded with ``key``)
SUPPLIERS = {
    "cito": ("cito", "cito lvs", "lovs", "cito lovs", "leerling in beeld", "lib",
             "cito volgsysteem", "cito leerling in beeld"),
    "boom": ("boom", "boom lvs", "boom test uitgevers", "boom testuitgevers", "boom toetsen"),
    "iep": ("iep", "iep lvs", "bureau ice", "ice"),
    "dia": ("dia", "diatoetsen", "dia toetsen", "diatoets"),
    "amn": ("amn", "amn lvs"),
}
#: why a test was not taken: code -> the words exports use in a score or status cell [A]
NOT_TAKEN = {
    "absent": ("afwezig", "absent", "ziek", "verzuim", "niet aanwezig", "afw"),
    "exempt": ("vrijgesteld", "vrijstelling", "ontheffing", "ontheven", "dispensatie",
               "uitgesloten", "exempt", "vr"),
    "not_applicable": ("n.v.t.", "nvt", "n.v.t", "niet van toepassing", "n.a.", "na",
                       "not applicable"),
    "not_taken": ("niet gemaakt", "niet afgenomen", "niet gemaakt/afgenomen", "geen afname",
                  "niet ingeleverd", "niet gedaan", "not taken", "ontbreekt", "-"),
}
#: status-cell words that say the test was taken (the score then carries the result)
_TAKEN = ("gemaakt", "afgenomen", "afgerond", "voltooid", "ingeleverd", "compleet",
          "klaar", "taken", "completed", "done", "ok")
_SUPPLIER_KEYS = {key(s): c for c, syn in SUPPLIERS.items() for s in (c, *syn)}
_NOT_TAKEN_KEYS = {key(s) or s: c for c, syn in NOT_TAKEN.items() for s in syn}
_TAKEN_KEYS = {key(s) for s in _TAKEN}
_LEVELS_IV = {"I+", "I", "II", "III", "IV", "V", "V-"}
_LEVELS_AE = {"A", "B", "C", "D", "E"}
_MOMENT = re.compile(r"^\s*(?P<m>[BME]|begin|midden|eind)\s*-?\s*(?:groep\s*)?(?P<j>[1-8])?\s*$",
                     re.IGNORECASE)


def domain_code(name: str, extra: dict[str, str]) -> str | None:
    """The domain code of a test name: the mapping's ``domains`` (folded keys) first."""
    return extra.get(key(name)) or _DOMAIN_KEYS.get(key(name))


def number(v: object) -> float:
    """A number from a cell (decimal comma, text-stored numbers); NaN blank; ValueError bad."""
    if v is None:
        return np.nan
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    s = str(v).strip().replace("\u00a0", "").replace(" ", "")
    if not s:
        return np.nan
    if "," in s and "." in s:
        s = s.replace(".", "").replace(",", ".")
    else:
        s = s.replace(",", ".")
    return float(s)


def school_year(when: dt.date) -> str:
    """The Dutch school year of a date (from 1 August): 2026-06-10 -> '2025-2026'."""
    y = when.year if when.month >= 8 else when.year - 1
    return f"{y}-{y + 1}"


def moment(raw: str) -> tuple[object, object]:
    """``(moment, jaargroep)`` of a test moment such as ``M7``, ``E 8`` or ``midden``.

    Examples
    --------
    >>> moment("M7"), moment("eind groep 8"), moment("B")
    (('M', 7), ('E', 8), ('B', <NA>))
    """
    m = _MOMENT.match(raw)
    if not m:
        raise ValueError(raw)
    return m.group("m")[0].upper(), int(m.group("j")) if m.group("j") else pd.NA


def level(raw: object) -> tuple[object, object]:
    """``(level, system)``: ``I``..``V`` (system ``I-V``) or ``A``..``E`` (``A-E``)."""
    s = cell_text(raw).upper().replace(" ", "")
    if not s:
        return pd.NA, pd.NA
    if s in _LEVELS_IV:
        return s, "I-V"
    if s in _LEVELS_AE:
        return s, "A-E"
    raise ValueError(s)


def referentieniveau(raw: object) -> object:
    """``<1F``, ``1F``, ``2F`` or ``1S`` (also written ``F1``, ``onder 1F``, ...)."""
    s = cell_text(raw).upper().replace(" ", "")
    if not s:
        return pd.NA
    if s in ("<1F", "ONDER1F", "NIET1F", "<F1"):
        return "<1F"
    s = {"F1": "1F", "F2": "2F", "S1": "1S"}.get(s, s)
    if s in ("1F", "2F", "1S"):
        return s
    raise ValueError(s)


def supplier_code(raw: object) -> str | None:
    """The supplier a cell names (a key of :data:`SUPPLIERS`), :data:`UNKNOWN` for any other
    text (never the text itself), ``None`` for a blank cell.

    Examples
    --------
    >>> supplier_code("Cito LOVS"), supplier_code("Boom"), supplier_code("j.jansen@x.nl")
    ('cito', 'boom', 'unknown')
    """
    s = cell_text(raw)
    if not s:
        return None
    return _SUPPLIER_KEYS.get(key(s[:200]), UNKNOWN)


def not_taken(raw: object) -> str | None:
    """The reason code of a cell that says a test was not taken (``afwezig``, ``vrijgesteld``,
    ``niet gemaakt``, ``n.v.t.``, ...), else ``None``.

    Examples
    --------
    >>> not_taken("Afwezig"), not_taken("n.v.t."), not_taken("152,3"), not_taken("")
    ('absent', 'not_applicable', None, None)
    """
    s = cell_text(raw)
    if not s or len(s) > 200:
        return None
    return _NOT_TAKEN_KEYS.get(key(s) or s.strip())


def status(raw: object) -> str | None:
    """A status cell: ``"taken"``, a :data:`NOT_TAKEN` reason code, :data:`UNKNOWN` for other
    text (kept as a reason, never as text), ``None`` for a blank cell.

    Examples
    --------
    >>> status("Gemaakt"), status("Vrijgesteld"), status("zie dossier"), status(None)
    ('taken', 'exempt', 'unknown', None)
    """
    s = cell_text(raw)
    if not s:
        return None
    if key(s) in _TAKEN_KEYS:
        return "taken"
    return not_taken(s) or UNKNOWN


def group_years(group: object) -> tuple[int, ...]:
    """The jaargroepen a group label names: ``"7/8"`` -> (7, 8), ``"Groep 4b"`` -> (4,);
    () when the label names none (``"plusklas"``)."""
    g = normalise_group(group)
    if re.fullmatch(r"[1-8][a-z]?(?:/[1-8][a-z]?)*", g):
        return tuple(int(x[0]) for x in g.split("/"))
    return ()


def school_year_label(raw: object) -> str | None:
    """A school-year cell as ``"2025-2026"`` (also written ``2025/2026``, ``2025-26``);
    ``None`` for a blank cell or any other text (never kept as typed).

    Examples
    --------
    >>> school_year_label("2025/2026"), school_year_label("2025-26"), school_year_label("vorig")
    ('2025-2026', '2025-2026', None)
    """
    m = re.fullmatch(r"\s*((?:19|20)\d\d)\s*[-/]\s*(\d{2}|\d{4})\s*", cell_text(raw)[:40])
    if not m:
        return None
    first, second = int(m.group(1)), int(m.group(2))
    if second < 100:
        second += first // 100 * 100
    return f"{first}-{first + 1}" if second == first + 1 else None
