"""The store: a folder of validated Parquet tables, the embedded default (nothing else to run).

The store is the floor of the kit: ingest writes it, everything else reads it, and it imports
nothing from either. Layout of a store folder (:mod:`kit.store.layout`)::

    manifest.json        kit version, store format, instrument, when, row counts, and the
                         sha256 of every table file
    instrument.yml       a copy of the instrument the answers were read with
    respondents.parquet  answers.parquet  pupils.parquet  observations.parquet  tests.parquet
    files.parquet        rejections.parquet  teams.parquet  waves.parquet  items.parquet
    free_text.parquet    open answers, only when asked for at ingest (else empty); a store
                         written before this table existed opens with it empty

:func:`write` validates every table against :mod:`kit.store.schemas` and writes the folder
atomically (a temporary folder renamed into place: a killed ingest leaves the old store whole).
:func:`open` checks the manifest and gives the tables back as pandas DataFrames: typed
attributes of :class:`Store` (``st.answers``), read on first use. A table file that matches the
manifest's checksum is read without validating it again; one changed outside the kit (or from a
store written before checksums) is validated. The codes and foldings ingest and analysis share
are in :mod:`kit.store.vocabulary`.

Examples
--------
>>> import kit.store, tempfile, pathlib
>>> tmp = pathlib.Path(tempfile.mkdtemp()) / "store"
>>> kit.store.write(tmp, {}, manifest_extra={"sample": True})
PosixPath('...store')
>>> st = kit.store.open(tmp)
>>> len(st.respondents), list(st.answers.columns)
(0, ['respondent_id', 'wave', 'item', 'value'])
>>> st.checked
{'respondents': 'checksum', 'answers': 'checksum'}
"""

from __future__ import annotations

from pathlib import Path

from .layout import STORE_FORMAT
from .reading import Store
from .validation import empty, validate
from .writing import write

__all__ = ["STORE_FORMAT", "Store", "empty", "open", "validate", "write"]


def open(path: str | Path) -> Store:  # noqa: A001 - mirrors the design's kit.store.open
    """Open a store folder written by :func:`write`."""
    return Store(path)
