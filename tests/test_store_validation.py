"""The store's check that rows are unique on some columns (kit.store.validation._duplicates),
done on integer codes instead of by pandera: it must find exactly the rows pandera's own check
finds, on the sample board's tables with rows duplicated, with missing values in the key, and
in both of its ways of counting (a small key space counted, a large one sorted)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pytest

from kit.errors import StoreError
from kit.store.schemas import SCHEMAS
from kit.store.validation import _duplicates, validate

UNIQUE_TABLES = [name for name, schema in SCHEMAS.items() if schema.unique]


def _pandera_rows(table: str, df: pd.DataFrame) -> set:
    """The index of the rows pandera's full schema reports as not unique."""
    try:
        SCHEMAS[table].validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        cases = cases[cases["check"].astype(str).str.contains("unique")]
        return set(cases["index"].dropna().astype(int))
    return set()


def test_every_table_with_unique_rows_is_covered():
    assert {"respondents", "answers"} <= set(UNIQUE_TABLES)


@pytest.mark.parametrize("table", UNIQUE_TABLES)
def test_duplicated_rows_are_the_ones_pandera_finds(st, table):
    df = getattr(st, table, None)
    if df is None or len(df) < 3:
        pytest.skip(f"the sample store has no rows in {table}")
    df = df.reset_index(drop=True)
    assert _duplicates(table, df) is None and validate(table, df) is not None
    rng = np.random.default_rng(7)
    picked = rng.choice(len(df), size=min(3, len(df)), replace=False)
    doubled = pd.concat([df, df.iloc[picked]], ignore_index=True)
    cases = _duplicates(table, doubled)
    ours = set(cases["index"].astype(int))
    assert ours == _pandera_rows(table, doubled) and len(ours) == 2 * len(picked)
    assert cases.attrs["places"] == len(ours) * len(SCHEMAS[table].unique)
    with pytest.raises(StoreError, match=f"table '{table}' fails its schema in "
                                         f"{cases.attrs['places']} place"):
        validate(table, doubled)


@pytest.mark.parametrize("rows", [50, 5000])
def test_both_ways_of_counting_and_missing_values(rows):
    """The answers' key (respondent, wave, item): few distinct values (counted) and nearly all
    distinct (sorted), with rows copied; a missing wave is a value of its own, as for pandas'
    duplicated."""
    rng = np.random.default_rng(rows)
    distinct = rows if rows > 100 else 5
    df = pd.DataFrame({
        "respondent_id": pd.array([f"R{k}" for k in rng.integers(0, distinct, rows)], dtype="str"),
        "wave": pd.array([None if k == 0 else f"w{k}" for k in rng.integers(0, 3, rows)],
                         dtype="str"),
        "item": pd.array([f"H{k}" for k in rng.integers(0, distinct, rows)], dtype="str"),
        "value": rng.integers(1, 6, rows).astype("float64")})
    df = pd.concat([df, df.iloc[[0, 1, 1]]], ignore_index=True)       # rows 0 and 1 twice
    want = set(np.flatnonzero(df.duplicated(subset=["respondent_id", "wave", "item"],
                                            keep=False)))
    cases = _duplicates("answers", df)
    got = set() if cases is None else set(cases["index"].astype(int))
    assert got == want and {0, 1, rows, rows + 1, rows + 2} <= got
    if rows > 100:                      # all but the copies distinct: the sorted way found them
        assert got == {0, 1, rows, rows + 1, rows + 2}
