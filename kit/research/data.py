"""An opened pooled dataset: DuckDB views over its Parquet files, read lazily.

:func:`open_pooled` checks the manifest; :meth:`Pooled.connect` gives a DuckDB connection
whose views (``respondents``, ``answers``, ``observations``, ``tests``, ``teams``, ``waves``
and ``items``, the instrument's items) read only what a query needs: the columns it names and,
with ``boards``, only those boards' folders. Nothing is loaded into memory until a query's
result is fetched, which is how the research functions stay within one machine's memory.
Every file of a table has the same columns (the store's schema, validated when each board was
ingested), so DuckDB reads the columns of one file and not those of every file
(``union_by_name`` made a query over 50 boards four times slower).

Examples
--------
>>> import kit.store, tempfile, pathlib
>>> from kit.research.pool import pool
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> _ = kit.store.write(tmp / "a", {}, manifest_extra={"board": "B1"})
>>> _ = pool([tmp / "a"], tmp / "pooled")
>>> ds = open_pooled(tmp / "pooled")
>>> ds.boards, ds.connect().execute("SELECT count(*) FROM answers").fetchone()[0]
(['B1'], 0)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kit.research.layout import POOLED_TABLES, read_pooled_manifest, table_glob

__all__ = ["Pooled", "open_pooled"]


def _quote(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


@dataclass
class Pooled:
    """A pooled dataset (:func:`open_pooled`): its folder, manifest and instrument.

    ``threads`` and ``memory_limit`` (e.g. ``"4GB"``) are DuckDB's settings for every
    connection (default: ``KIT_DUCKDB_THREADS`` or all cores; DuckDB's default limit).
    """

    path: Path
    manifest: dict
    threads: int | None = None
    memory_limit: str | None = None
    _instrument: object = field(default=None, repr=False)

    @property
    def boards(self) -> list[str]:
        """The pooled boards' ids, in pooling order."""
        return [b["board"] for b in self.manifest.get("boards", [])]

    @property
    def instrument(self):
        """The instrument every pooled board was read with."""
        if self._instrument is None:
            from kit import instrument
            f = self.path / "instrument.yml"
            self._instrument = instrument.load(f if f.is_file() else None)
        return self._instrument

    def items(self) -> pd.DataFrame:
        """The instrument's items: ``item``, ``habit``, ``reverse`` (bool)."""
        return pd.DataFrame({"item": [i.id for i in self.instrument.items],
                             "habit": [i.habit for i in self.instrument.items],
                             "reverse": [bool(i.reverse) for i in self.instrument.items]})

    def connect(self, boards: list[str] | None = None):
        """A new DuckDB connection with a view per pooled table (``boards``: only those)."""
        import duckdb
        con = duckdb.connect()
        threads = self.threads or os.environ.get("KIT_DUCKDB_THREADS")
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        if self.memory_limit:
            con.execute(f"SET memory_limit = {_quote(self.memory_limit)}")
        con.execute("SET preserve_insertion_order = false")
        where = ""
        if boards is not None:
            where = " WHERE board IN (" + ", ".join(map(_quote, boards) or ["NULL"]) + ")"
        for t in POOLED_TABLES:
            con.execute(
                f"CREATE VIEW {t} AS SELECT * FROM read_parquet("
                f"{_quote(table_glob(self.path, t))}, hive_partitioning = true, "
                "hive_types = {'board': VARCHAR, 'wave': VARCHAR})"
                + where)
        con.register("items_frame", self.items())
        con.execute("CREATE VIEW items AS SELECT * FROM items_frame")
        return con


def open_pooled(path: str | Path, *, verify: bool = False, threads: int | None = None,
                memory_limit: str | None = None) -> Pooled:
    """Open a pooled dataset written by ``kit pool`` (or :mod:`kit.research.synthetic`).

    Parameters
    ----------
    path : path
        The pooled folder.
    verify : bool, default False
        Also compare every file's sha256 with the manifest (reads every byte once).
    threads, memory_limit
        DuckDB's settings (see :class:`Pooled`).

    Raises
    ------
    kit.errors.InputError
        Not a pooled dataset, another pooled format, or (``verify``) a changed file.
    """
    path = Path(path)
    return Pooled(path, read_pooled_manifest(path, verify=verify), threads, memory_limit)
