"""The store: a folder of validated Parquet tables, the embedded default (nothing else to run).

Layout of a store folder::

    manifest.json        kit version, store format, instrument, when, row counts
    instrument.yml       a copy of the instrument the answers were read with
    respondents.parquet  answers.parquet  pupils.parquet  observations.parquet  tests.parquet
    files.parquet        rejections.parquet  teams.parquet  waves.parquet  items.parquet
    free_text.parquet    open answers, only when asked for at ingest (else empty); a store
                         written before this table existed opens with it empty

:func:`write` validates every table against :mod:`kit.store.schemas` and writes the folder
atomically (a temporary folder renamed into place: a killed ingest leaves the old store whole).
:func:`open` checks the manifest and gives the tables back as pandas DataFrames, validated again.

Examples
--------
>>> import kit.store, tempfile, pathlib
>>> tmp = pathlib.Path(tempfile.mkdtemp()) / "store"
>>> kit.store.write(tmp, {}, manifest_extra={"sample": True})
PosixPath('...store')
>>> st = kit.store.open(tmp)
>>> len(st.respondents), list(st.answers.columns)
(0, ['respondent_id', 'wave', 'item', 'value'])
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from functools import cached_property
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ..errors import Location, StoreError
from .schemas import OPTIONAL_TABLES, SCHEMAS, TABLES

__all__ = ["STORE_FORMAT", "Store", "empty", "open", "validate", "write"]

#: bumped when the store layout changes incompatibly
STORE_FORMAT = 1


def _kit_version() -> str:
    from .. import __version__
    return __version__


def empty(table: str) -> pd.DataFrame:
    """An empty DataFrame with the columns and dtypes of ``table``."""
    schema = SCHEMAS[table]
    df = pd.DataFrame({name: pd.Series(dtype=col.dtype.type if col.dtype else "object")
                       for name, col in schema.columns.items()})
    return schema.validate(df)


def validate(table: str, df: pd.DataFrame, *, where: str | Path | None = None) -> pd.DataFrame:
    """Validate ``df`` as ``table``; all failures at once in one :class:`StoreError`."""
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


def write(path: str | Path, tables: dict[str, pd.DataFrame], *,
          manifest_extra: dict | None = None, instrument_file: str | Path | None = None) -> Path:
    """Validate and write a store folder atomically; tables not given are written empty.

    Parameters
    ----------
    path : path
        The store folder (replaced if it exists and is a store).
    tables : dict
        Table name -> DataFrame; names from :data:`kit.store.schemas.TABLES`.
    manifest_extra : dict, optional
        Extra keys for ``manifest.json`` (e.g. ``sample``, ``board``, ``sources``).
    instrument_file : path, optional
        The instrument YAML to copy into the store.
    """
    target = Path(path)
    unknown = set(tables) - set(TABLES)
    if unknown:
        raise StoreError(f"unknown table(s) {sorted(unknown)}", expected=f"one of {list(TABLES)}")
    if target.exists() and not (target / "manifest.json").is_file() and any(target.iterdir()):
        raise StoreError("the folder exists and is not a store; not overwriting it",
                         where=Location(file=target), fix="choose an empty or new folder")
    validated = {name: validate(name, tables[name]) if name in tables else empty(name)
                 for name in TABLES}
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for name, df in validated.items():
            df.reset_index(drop=True).to_parquet(tmp / f"{name}.parquet", index=False)
        if instrument_file:
            shutil.copyfile(instrument_file, tmp / "instrument.yml")
        manifest = {
            "store_format": STORE_FORMAT,
            "kit_version": _kit_version(),
            "written_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "tables": {name: int(len(df)) for name, df in validated.items()},
            **(manifest_extra or {}),
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str),
                                           encoding="utf-8")
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            target.rename(old)
        tmp.rename(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


class Store:
    """An opened store: each table is a validated DataFrame attribute, read on first use."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        mf = self.path / "manifest.json"
        if not self.path.is_dir():
            raise StoreError("the store does not exist", where=Location(file=self.path),
                             fix="run `kit ingest ... --out STORE` (or `make demo`) first")
        if not mf.is_file():
            raise StoreError("the folder is not a store (no manifest.json)",
                             where=Location(file=self.path),
                             fix="point at a folder written by `kit ingest`")
        try:
            self.manifest: dict = json.loads(mf.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise StoreError("manifest.json is damaged", where=Location(file=mf),
                             fix="ingest the data again") from err
        fmt = self.manifest.get("store_format")
        if fmt != STORE_FORMAT:
            raise StoreError(
                f"the store was written in format {fmt!r} by kit "
                f"{self.manifest.get('kit_version', '?')}",
                where=Location(file=self.path),
                expected=f"store format {STORE_FORMAT} (kit {_kit_version()})",
                fix="ingest the exports again with this kit version",
            )

    def table(self, name: str) -> pd.DataFrame:
        """Table ``name`` as a DataFrame (validated)."""
        if name not in SCHEMAS:
            raise StoreError(f"unknown table {name!r}", expected=f"one of {list(TABLES)}")
        f = self.path / f"{name}.parquet"
        if not f.is_file() and name in OPTIONAL_TABLES:
            return empty(name)      # a store written before the table existed
        if not f.is_file():
            raise StoreError(f"table {name!r} is missing", where=Location(file=f),
                             fix="ingest the data again")
        return validate(name, pd.read_parquet(f), where=f)

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name in SCHEMAS:
            df = self.table(name)
            self.__dict__[name] = df
            return df
        raise AttributeError(name)

    @cached_property
    def instrument(self):
        """The instrument the answers were read with."""
        from .. import instrument
        f = self.path / "instrument.yml"
        return instrument.load(f if f.is_file() else None)

    def __repr__(self) -> str:
        rows = ", ".join(f"{k}={v}" for k, v in self.manifest.get("tables", {}).items() if v)
        return f"Store({str(self.path)!r}, {rows})"


def open(path: str | Path) -> Store:  # noqa: A001 - mirrors the design's kit.store.open
    """Open a store folder written by :func:`write`."""
    return Store(path)

