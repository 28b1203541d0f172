"""The scale value of one answer cell of a survey export: the mapping's codes first, then the
instrument's scale (labels in any language, synonyms, numbers).
"""

from __future__ import annotations

import re

import numpy as np

from ..textnorm import normalise
from .mapping import SourceMapping

__all__ = ["answer_value"]

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
