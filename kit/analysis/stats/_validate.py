"""Input checks shared by the statistics modules.

Every check raises :class:`kit.errors.ArgumentError` naming the argument, what was expected
and what was received; none uses ``assert``.
"""

from __future__ import annotations

from collections.abc import Iterable
from numbers import Real

import numpy as np
import pandas as pd

from kit.errors import ArgumentError


def _shown(values: Iterable, limit: int = 8) -> str:
    values = list(values)
    text = ", ".join(repr(v) for v in values[:limit])
    return f"[{text}{', ...' if len(values) > limit else ''}]"


def frame(data: object, name: str = "data") -> pd.DataFrame:
    """Return ``data`` if it is a non-empty DataFrame, else raise."""
    if not isinstance(data, pd.DataFrame):
        raise ArgumentError(f"{name} must be a DataFrame, got {type(data).__name__}",
                            expected="a pandas DataFrame with one row per respondent",
                            fix=f"pass {name} as a pandas DataFrame")
    if len(data) == 0:
        raise ArgumentError(f"{name} is empty (0 rows)", expected="at least one row")
    return data


def column_names(names: object, name: str, *, minimum: int = 1) -> list[str]:
    """A list of column names from one name or a sequence of names."""
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, Iterable):
        raise ArgumentError(f"{name} must be a column name or a list of column names, got "
                            f"{type(names).__name__}")
    names = list(names)
    if len(names) < minimum:
        raise ArgumentError(f"{name} needs at least {minimum} items, got {len(names)}",
                            expected=f"a list of at least {minimum} column names")
    if len(set(names)) != len(names):
        doubles = sorted({str(c) for c in names if names.count(c) > 1})
        raise ArgumentError(f"{name} names a column more than once: {doubles}",
                            expected="each column once")
    return names


def has_columns(data: pd.DataFrame, columns: list[str], name: str = "data") -> None:
    """Raise if any of ``columns`` is not a column of ``data``."""
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise ArgumentError(f"{name} lacks column(s) {missing}",
                            expected=f"columns {columns}",
                            fix=f"choose from the columns of {name}: "
                                f"{_shown(data.columns)}")


def numeric(data: pd.DataFrame, columns: list[str], name: str) -> pd.DataFrame:
    """The columns as float64 (missing answers as NaN); raise for text or booleans."""
    bad = [c for c in columns
           if pd.api.types.is_bool_dtype(data[c]) or not pd.api.types.is_numeric_dtype(data[c])]
    if bad:
        kinds = {c: str(data[c].dtype) for c in bad}
        raise ArgumentError(f"{name} column(s) {bad} are not numeric (dtypes {kinds})",
                            expected="numbers (answers on the response scale), NaN for missing",
                            fix="convert the answers to numbers first (pd.to_numeric)")
    return pd.DataFrame({c: data[c].to_numpy(dtype="float64", na_value=np.nan)
                         for c in columns}, index=data.index)


def group_ids(data: pd.DataFrame, group: str) -> pd.Series:
    """The group column; floats are refused (1.0 vs 1 vs '1' would split one team in two)."""
    ids = data[group]
    if pd.api.types.is_float_dtype(ids):
        raise ArgumentError(f"group column {group!r} holds floats (dtype {ids.dtype})",
                            expected="group ids as text or whole numbers",
                            fix=f"convert the group ids to text, e.g. data[{group!r}].astype(str)"
                                " after removing the '.0'")
    return ids


def option_count(options: object) -> int:
    """The number of answer options A of the response scale (a whole number >= 2)."""
    if isinstance(options, bool) or not isinstance(options, (int, np.integer)) or options < 2:
        raise ArgumentError(f"options must be the number of answer options (>= 2), got "
                            f"{options!r}", expected="a whole number such as 5 for a 1-5 scale")
    return int(options)


def probability(level: object, name: str = "level") -> float:
    """A confidence level strictly between 0 and 1."""
    if isinstance(level, bool) or not isinstance(level, Real) or not 0 < float(level) < 1:
        raise ArgumentError(f"{name} must be a number between 0 and 1, got {level!r}",
                            expected="e.g. 0.95 for a 95% interval")
    return float(level)
