"""An opened store: its tables as typed attributes, read on first use and validated only when
the file is not the one the kit wrote.

:meth:`Store.table` reads a table file and compares its sha256 with the manifest's. A match
means the file is exactly what :func:`~kit.store.write` validated: it is read without running
the schema again (only its columns and dtypes are compared, :func:`~kit.store.validation.conforms`).
A file changed outside the kit, or a store written before the manifest had checksums, is
validated as before. :attr:`Store.checked` says, per table read, which of the two happened.
"""

from __future__ import annotations

import io
from functools import cached_property
from pathlib import Path
from typing import overload

import pandas as pd

from ..errors import Location, StoreError
from .layout import CHECKSUMS, read_manifest, sha256, table_file
from .schemas import OPTIONAL_TABLES, SCHEMAS, TABLES, describe
from .validation import conforms, empty, upgrade, validate

__all__ = ["Store", "StoredTable"]


class StoredTable:
    """A table of the store as an attribute of :class:`Store` (a pandas DataFrame).

    Read with :meth:`Store.table` on first access and cached on the store; assigning replaces
    the cached frame, ``del`` drops it (the next access reads the file again).
    """

    def __set_name__(self, owner: type, name: str) -> None:
        if name not in SCHEMAS:
            raise TypeError(f"{owner.__name__}.{name}: no table {name!r} in the store's schemas")
        self.name = name
        self.__doc__ = describe(name)

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> StoredTable: ...

    @overload
    def __get__(self, obj: Store, owner: type | None = None) -> pd.DataFrame: ...

    def __get__(self, obj: Store | None, owner: type | None = None) -> pd.DataFrame | StoredTable:
        if obj is None:
            return self
        cache = obj.__dict__
        if self.name not in cache:
            cache[self.name] = obj.table(self.name)
        return cache[self.name]

    def __set__(self, obj: Store, value: pd.DataFrame) -> None:
        obj.__dict__[self.name] = value

    def __delete__(self, obj: Store) -> None:
        obj.__dict__.pop(self.name, None)


class Store:
    """An opened store: each table is a DataFrame attribute, read on first use.

    Tables whose file matches the manifest's checksum are read without validation (the kit
    validated them when it wrote them); any other table file is validated against its schema.
    The table attributes below list their columns; ``store.table(name)`` reads one by name.
    """

    respondents = StoredTable()
    answers = StoredTable()
    pupils = StoredTable()
    observations = StoredTable()
    tests = StoredTable()
    files = StoredTable()
    rejections = StoredTable()
    teams = StoredTable()
    waves = StoredTable()
    items = StoredTable()
    free_text = StoredTable()

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.manifest: dict = read_manifest(self.path)
        #: table name -> how its last read was checked: ``"checksum"`` (the file the kit wrote,
        #: read without validation), ``"schema"`` (validated), ``"absent"`` (an optional table
        #: the store does not have, read empty)
        self.checked: dict[str, str] = {}

    def table(self, name: str) -> pd.DataFrame:
        """Table ``name`` as a DataFrame (trusted by checksum, else validated); read anew."""
        if name not in SCHEMAS:
            raise StoreError(f"unknown table {name!r}", expected=f"one of {list(TABLES)}")
        f = table_file(self.path, name)
        if not f.is_file() and name in OPTIONAL_TABLES:
            self.checked[name] = "absent"
            return empty(name)      # a store written before the table existed
        if not f.is_file():
            raise StoreError(f"table {name!r} is missing", where=Location(file=f),
                             fix="ingest the data again")
        data = f.read_bytes()
        df = upgrade(name, _read_parquet(data, name, f))    # columns added since: empty
        expected = (self.manifest.get(CHECKSUMS) or {}).get(name)
        if expected is not None and sha256(data) == expected and conforms(name, df):
            self.checked[name] = "checksum"
            return df
        self.checked[name] = "schema"
        return validate(name, df, where=f)

    @cached_property
    def instrument(self):
        """The instrument the answers were read with."""
        from .. import instrument
        f = self.path / "instrument.yml"
        return instrument.load(f if f.is_file() else None)

    def __repr__(self) -> str:
        rows = ", ".join(f"{k}={v}" for k, v in self.manifest.get("tables", {}).items() if v)
        return f"Store({str(self.path)!r}, {rows})"


def _read_parquet(data: bytes, name: str, f: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(io.BytesIO(data))
    except Exception as err:    # pyarrow raises its own kinds for a damaged file
        raise StoreError(f"table {name!r} cannot be read: the file is not Parquet or is "
                         "damaged", where=Location(file=f),
                         fix="ingest the data again") from err
