"""Writing a store folder: every table validated once, written atomically, with checksums."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Collection
from pathlib import Path

import pandas as pd

from ..errors import Location, StoreError
from .layout import CHECKSUMS, MANIFEST, STORE_FORMAT, kit_version, sha256, table_file
from .schemas import TABLES
from .validation import conforms, empty, validate

__all__ = ["write"]


def write(path: str | Path, tables: dict[str, pd.DataFrame], *,
          manifest_extra: dict | None = None, instrument_file: str | Path | None = None,
          trusted: Collection[str] = ()) -> Path:
    """Validate and write a store folder atomically; tables not given are written empty.

    The manifest records the sha256 of every table file as written, so that opening the store
    reads those files without validating them again (:class:`~kit.store.Store`).

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
    trusted : collection of str, optional
        Tables the caller has validated itself (:func:`~kit.store.validation.validate`'s
        result, unchanged since, as an ingest's tables): only their columns and dtypes are
        checked again (:func:`~kit.store.validation.conforms`); a table that does not conform
        is validated in full.
    """
    target = Path(path)
    unknown = set(tables) - set(TABLES)
    if unknown:
        raise StoreError(f"unknown table(s) {sorted(unknown)}", expected=f"one of {list(TABLES)}")
    if target.exists() and not (target / MANIFEST).is_file() and any(target.iterdir()):
        raise StoreError("the folder exists and is not a store; not overwriting it",
                         where=Location(file=target), fix="choose an empty or new folder")
    validated = {name: empty(name) if name not in tables else tables[name]
                 if name in trusted and conforms(name, tables[name])
                 else validate(name, tables[name]) for name in TABLES}
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        checksums = {}
        for name, df in validated.items():
            f = table_file(tmp, name)
            df.reset_index(drop=True).to_parquet(f, index=False,
                                                 write_statistics=_statistics(df))
            checksums[name] = sha256(f.read_bytes())
        if instrument_file:
            shutil.copyfile(instrument_file, tmp / "instrument.yml")
        manifest = {
            "store_format": STORE_FORMAT,
            "kit_version": kit_version(),
            "written_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "tables": {name: int(len(df)) for name, df in validated.items()},
            **(manifest_extra or {}),
            CHECKSUMS: checksums,
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, default=str),
                                    encoding="utf-8")
        _replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def _statistics(df: pd.DataFrame) -> list[str]:
    """The columns whose minimum and maximum the table file records: not the texts (their
    statistics cost a quarter of the writing time, and the kit's readers read whole tables)."""
    return [c for c, dtype in df.dtypes.items()
            if not (isinstance(dtype, pd.StringDtype) or pd.api.types.is_object_dtype(dtype))]


def _replace(tmp: Path, target: Path) -> None:
    """Move the finished folder ``tmp`` into place (the old store is removed only after)."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    tmp.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
