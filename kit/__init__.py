"""Lerende gewoonten kit: team data of Dutch primary schools, from survey exports to reports.

The public namespace: the subpackages below, imported on use.

* :mod:`kit.instrument` - the five learning habits instrument (items, scales) as data
* :mod:`kit.ingest` - reading survey and pupil-data exports into a store
* :mod:`kit.store` - the validated Parquet store (``kit.store.open(path)``)
* :mod:`kit.errors` - ``KitError`` and its kinds
"""

from __future__ import annotations

__version__ = "0.1.0"

from kit import errors, instrument  # noqa: E402

__all__ = ["__version__", "errors", "instrument"]
