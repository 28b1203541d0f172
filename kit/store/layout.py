"""The store folder on disk: file names, the format version and the manifest with checksums.

Layout of a store folder::

    manifest.json        kit version, store format, instrument, when, row counts, and the
                         sha256 of every table file (``table_sha256``)
    instrument.yml       a copy of the instrument the answers were read with
    <table>.parquet      one file per table of :data:`kit.store.schemas.TABLES`

The checksums let :class:`~kit.store.Store` trust a table file that is exactly the one
:func:`~kit.store.write` validated and wrote; they guard against changes made outside the kit
(an edited or replaced file), not against someone who also rewrites the manifest.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..errors import Location, StoreError

__all__ = ["CHECKSUMS", "MANIFEST", "STORE_FORMAT", "read_manifest", "sha256", "table_file"]

#: bumped when the store layout changes incompatibly (checksums were added compatibly: a store
#: without them opens, and its tables are validated on every read as before)
STORE_FORMAT = 1
MANIFEST = "manifest.json"
#: manifest key: table name -> sha256 (hex) of its Parquet file as written
CHECKSUMS = "table_sha256"


def kit_version() -> str:
    """The version of the kit that runs (written into and compared with manifests)."""
    from .. import __version__
    return __version__


def table_file(folder: Path, table: str) -> Path:
    """The Parquet file of ``table`` in a store folder."""
    return folder / f"{table}.parquet"


def sha256(data: bytes) -> str:
    """The hex sha256 of ``data`` (a table file's bytes)."""
    return hashlib.sha256(data).hexdigest()


def read_manifest(folder: Path) -> dict:
    """The manifest of a store folder, checked for existence and format version.

    Raises
    ------
    kit.errors.StoreError
        When the folder does not exist, is not a store, its manifest is damaged, or it was
        written in another store format.
    """
    mf = folder / MANIFEST
    if not folder.is_dir():
        raise StoreError("the store does not exist", where=Location(file=folder),
                         fix="run `kit ingest ... --out STORE` (or `make demo`) first")
    if not mf.is_file():
        raise StoreError("the folder is not a store (no manifest.json)",
                         where=Location(file=folder),
                         fix="point at a folder written by `kit ingest`")
    try:
        manifest = json.loads(mf.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise StoreError("manifest.json is damaged", where=Location(file=mf),
                         fix="ingest the data again") from err
    fmt = manifest.get("store_format") if isinstance(manifest, dict) else None
    if fmt != STORE_FORMAT:
        version = manifest.get("kit_version", "?") if isinstance(manifest, dict) else "?"
        raise StoreError(
            f"the store was written in format {fmt!r} by kit {version}",
            where=Location(file=folder),
            expected=f"store format {STORE_FORMAT} (kit {kit_version()})",
            fix="ingest the exports again with this kit version",
        )
    return manifest
