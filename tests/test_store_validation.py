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


# --- the check of whole columns (kit.store.validation._passes) against pandera ---------------

def _pandera_passes(table: str, df: pd.DataFrame) -> bool:
    try:
        SCHEMAS[table].validate(df, lazy=True)
    except pa.errors.SchemaErrors:
        return False
    return True


def _breakings(table: str, df: pd.DataFrame):
    """(what, frame) for each way one value can break a column's rule, the dtype kept."""
    for name, col in SCHEMAS[table].columns.items():
        s = df[name]
        present = np.flatnonzero(~s.isna().to_numpy())
        if not len(present):
            continue
        at = int(present[len(present) // 2])

        def put(value, name=name, at=at):
            out = df.copy()
            out.loc[at, name] = value
            return out
        missing = {"float64": np.nan, "Int64": pd.NA}.get(str(s.dtype), None)
        if not col.nullable and (s.dtype == "str" or missing is not None):
            yield f"{name} missing", put(missing)
        for check in col.checks:
            stats = check.statistics
            if check.name == "str_length":
                yield f"{name} empty", put("")
            elif check.name == "greater_than_or_equal_to":
                yield f"{name} below", put(stats["min_value"] - 1)
            elif check.name == "in_range":
                yield f"{name} above", put(stats["max_value"] + 1)
                yield f"{name} below", put(stats["min_value"] - 1)
            elif check.name == "isin":
                yield f"{name} not allowed", put("zz-not-allowed")
        if col.unique and len(df) > 1:
            yield f"{name} repeated", put(s.iloc[int(present[0])] if at != present[0]
                                          else s.iloc[int(present[-1])])


TABLES_WITH_CHECKS = [name for name, schema in SCHEMAS.items()
                      if any(c.checks or not c.nullable or c.unique
                             for c in schema.columns.values())]


@pytest.mark.parametrize("table", TABLES_WITH_CHECKS)
def test_the_check_of_whole_columns_fails_where_pandera_fails(st, table):
    """Each table of the sample store passes both; each value broken (missing where it may not
    be, an empty identifier, below a minimum, out of range, not allowed, repeated in a unique
    column) fails both, and validate reports it as the schema does."""
    from kit.store.validation import _passes
    df = getattr(st, table, None)
    if df is None or len(df) < 2:
        pytest.skip(f"the sample store has no rows in {table}")
    df = df.reset_index(drop=True)
    assert _passes(table, df) and _pandera_passes(table, df)
    broken = list(_breakings(table, df))
    assert broken, table
    for what, bad in broken:
        assert bad.dtypes.equals(df.dtypes), what
        assert not _pandera_passes(table, bad), what
        assert not _passes(table, bad), what
        with pytest.raises(StoreError, match=f"table '{table}' fails its schema"):
            validate(table, bad)


def test_a_frame_of_other_dtypes_is_left_to_pandera(st):
    """A column of another dtype (here the values as text) is not checked by columns: pandera
    coerces it, as before."""
    from kit.store.validation import _passes
    df = st.respondents.reset_index(drop=True)
    odd = df.assign(n_answered=df["n_answered"].astype("float64"))
    out = validate("respondents", odd)
    assert out["n_answered"].dtype == df["n_answered"].dtype
    assert _passes("respondents", out)


def _answers_in_order(m: int, k: int) -> pd.DataFrame:
    """An answers table of ``m`` respondents and ``k`` items in the order an ingest makes it."""
    return pd.DataFrame({
        "respondent_id": pd.array(np.repeat([f"R{i:04d}" for i in range(m)], k), dtype="str"),
        "wave": pd.array(["w1"] * (m * k), dtype="str"),
        "item": pd.array(np.tile([f"H{j}" for j in range(k)], m), dtype="str"),
        "value": np.ones(m * k)})


def test_keys_in_runs_are_counted_by_their_runs():
    """A long answers table in the order an ingest makes it (each respondent's items in a run):
    the respondents are factorised by their runs (kit.store.validation._codes); a row copied
    anywhere, or a respondent's run that comes back later, is found as pandas finds it."""
    from kit.store.validation import _codes
    m, k = 600, 12
    df = _answers_in_order(m, k)
    codes, distinct = _codes(df["respondent_id"])
    assert distinct == m and (codes == np.repeat(np.arange(m), k)).all()
    assert _duplicates("answers", df) is None
    for extra in (df.iloc[[5]], df.iloc[k * 7:k * 8]):         # a row; a respondent's run again
        doubled = pd.concat([df, extra], ignore_index=True)
        want = set(np.flatnonzero(doubled.duplicated(subset=["respondent_id", "wave", "item"],
                                                      keep=False)))
        assert set(_duplicates("answers", doubled)["index"].astype(int)) == want
        assert len(want) == 2 * len(extra)


def test_keys_that_repeat_a_period_are_counted_by_it():
    """An answers table's items repeat the first respondent's over and over
    (kit.store.validation._codes by the period); a column that almost repeats (one item
    changed, or the last period cut short) gives the codes pandas gives."""
    from kit.store.validation import _codes
    items = [f"H{j}" for j in range(9)] + ["H3"]            # a value twice within the period
    for col in (np.tile(items, 700), np.tile(items, 700)[:-4]):
        s = pd.Series(pd.array(col, dtype="str"))
        codes, distinct = _codes(s)
        want, uniques = pd.factorize(s)
        assert (codes == want).all() and distinct == len(uniques) == 9
    odd = np.tile(items, 700)
    odd[5000] = "H0"
    codes, distinct = _codes(pd.Series(pd.array(odd, dtype="str")))
    assert (codes == pd.factorize(odd)[0]).all() and distinct == 9


def test_a_column_with_no_value_is_cast_as_pandera_coerces_it(st):
    """A column that holds no value at all in another dtype (a survey's role column when no
    one was asked: None objects) is cast to the schema's dtype and the table checked by whole
    columns: the same frame as pandera's coercion gives; one with a value is left to pandera."""
    df = st.respondents.reset_index(drop=True)
    blank = df.assign(role=pd.Series([None] * len(df), dtype=object))
    ours = validate("respondents", blank)
    theirs = SCHEMAS["respondents"].validate(blank.copy(), lazy=True)
    pd.testing.assert_frame_equal(ours, theirs, check_exact=True)
    assert ours["role"].isna().all() and str(ours["role"].dtype) == str(df["role"].dtype)
    bad = blank.assign(respondent_id=blank["respondent_id"].astype(object))
    bad.loc[0, "respondent_id"] = ""
    with pytest.raises(StoreError, match="respondents"):
        validate("respondents", bad)


def test_an_empty_column_that_may_not_be_missing_is_reported(st):
    """A column of no values that the schema says may not be missing is not cast (None would
    become a value): the schema reports it."""
    df = st.respondents.reset_index(drop=True)
    with pytest.raises(StoreError, match="respondents"):
        validate("respondents", df.assign(n_answered=pd.Series([None] * len(df), dtype=object)))
    with pytest.raises(StoreError, match="respondents"):
        validate("respondents", df.assign(tool=pd.Series([None] * len(df), dtype=object)))


@pytest.mark.parametrize("block", [1, 5, 7, 1 << 16])
def test_growing_keys_looked_at_in_blocks(monkeypatch, block):
    """kit.store.validation._grows looks at the key a block of rows at a time: the answer is
    the same wherever the blocks' borders fall, for keys that grow, two rows swapped (not
    growing, no duplicate) and a row repeated later."""
    import kit.store.validation as validation
    monkeypatch.setattr(validation, "_BLOCK", block)
    m, k = 700, 9
    df = _answers_in_order(m, k)
    assert _duplicates("answers", df) is None
    swapped = df.iloc[np.r_[0:40, 41, 40, 42:len(df)]].reset_index(drop=True)
    assert _duplicates("answers", swapped) is None
    again = pd.concat([df, df.iloc[[3]]], ignore_index=True)
    assert set(_duplicates("answers", again)["index"].astype(int)) == {3, len(df)}
