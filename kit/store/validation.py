"""Checking tables against their schemas, and the cheap check of a table the kit wrote itself.

:func:`validate` runs the table's pandera schema (all failures at once, one
:class:`~kit.errors.StoreError`). :func:`conforms` only compares columns and dtypes with the
schema's: it is what a trusted read (a table file whose checksum matches the manifest) still
checks, so that a trusted frame has exactly the columns and dtypes a validated one would have.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ..errors import Location, StoreError
from .schemas import OPTIONAL_COLUMNS, SCHEMAS

__all__ = ["conforms", "empty", "upgrade", "validate"]


def empty(table: str) -> pd.DataFrame:
    """An empty DataFrame with the columns and dtypes of ``table`` (a new frame each call)."""
    return _empty(table).copy()


@cache
def _empty(table: str) -> pd.DataFrame:
    schema = SCHEMAS[table]
    df = pd.DataFrame({name: pd.Series(dtype=col.dtype.type if col.dtype else "object")
                       for name, col in schema.columns.items()})
    return schema.validate(df)


def validate(table: str, df: pd.DataFrame, *, where: str | Path | None = None) -> pd.DataFrame:
    """Validate ``df`` as ``table``; all failures at once in one :class:`StoreError`.

    A table without rows that already has the schema's columns and dtypes is valid as it is
    (every check is on rows) and is returned without running the schema.
    """
    if not len(df) and conforms(table, df):
        return df
    try:
        return SCHEMAS[table].validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        first = cases.iloc[0] if len(cases) else None
        detail = ""
        if first is not None:
            detail = (f"; first: column {first.get('column')!r}, check {first.get('check')!r}, "
                      f"value {first.get('failure_case')!r}")
        raise StoreError(
            f"table {table!r} fails its schema in {len(cases)} place(s){detail}",
            where=Location(file=where) if where else None,
            fix="this is a bug in the kit if the store was written by it; report it",
        ) from err


@cache
def _dtypes(table: str) -> dict[str, object]:
    return empty(table).dtypes.to_dict()


def conforms(table: str, df: pd.DataFrame) -> bool:
    """Whether ``df`` has exactly the columns of ``table``, each with the validated dtype.

    No value checks: this is for frames read from a file the kit validated when writing it.
    """
    want = _dtypes(table)
    return len(df.columns) == len(want) and all(
        name in want and dtype == want[name] for name, dtype in df.dtypes.items())


def upgrade(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with the optional columns of ``table`` it lacks added, empty (a table written
    before those columns existed); ``df`` itself when it has them all."""
    missing = [c for c in OPTIONAL_COLUMNS.get(table, ()) if c not in df.columns]
    if not missing:
        return df
    want = _dtypes(table)
    return df.assign(**{c: pd.Series(pd.NA, index=df.index, dtype=want[c]) for c in missing})
