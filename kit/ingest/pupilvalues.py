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

from .pupilcols import key
from .table import cell_text

__all__ = ["DOMAINS", "domain_code", "level", "moment", "number", "referentieniveau",
           "school_year"]

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
