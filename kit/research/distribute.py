"""Running a per-board computation on one machine or on a Dask cluster.

Every research aggregate is per team, and a team belongs to one board, so the boards can be
split into chunks computed apart and concatenated: the result is the same rows as one query
over all boards. Without a scheduler one DuckDB query runs over every board (DuckDB uses the
machine's cores); with ``scheduler`` (an address such as ``tcp://host:8786``, or a
``distributed.Client``) each chunk of boards is a task on the cluster that opens the pooled
folder itself: the workers must see the folder under the same path (a shared file system).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from kit.errors import ArgumentError

__all__ = ["by_board"]


def _chunks(boards: list[str], n: int) -> list[list[str]]:
    n = max(1, min(n, len(boards)))
    return [boards[k::n] for k in range(n)]


def _client(scheduler):
    from distributed import Client
    if isinstance(scheduler, Client):
        return scheduler, False
    if not isinstance(scheduler, str) or not scheduler:
        raise ArgumentError(f"scheduler must be an address or a distributed.Client, got "
                            f"{scheduler!r}", expected="e.g. tcp://host:8786")
    try:
        return Client(scheduler, timeout="20s"), True
    except OSError as err:
        raise ArgumentError(f"no Dask scheduler answers at {scheduler}",
                            fix="start one (dask scheduler) or leave --scheduler out") from err


def by_board(func: Callable[..., pd.DataFrame], path: Path, boards: list[str], *,
             sort_by: list[str], scheduler=None, chunks: int | None = None,
             **kwargs) -> pd.DataFrame:
    """``func(path, boards, **kwargs)`` over all ``boards`` at once, or per chunk of boards
    as tasks on a Dask cluster (``scheduler``), concatenated and sorted by ``sort_by`` (the
    order ``func`` itself returns its rows in).

    ``func`` must be a module-level function (the workers import it); ``chunks`` defaults
    to four per worker thread.
    """
    if scheduler is None:
        return func(path, boards, **kwargs)
    client, own = _client(scheduler)
    try:
        if chunks is None:
            chunks = 4 * max(1, sum(client.nthreads().values()))
        futures = client.map(func, [path] * min(chunks, max(1, len(boards))),
                             _chunks(list(boards), chunks), pure=False, **kwargs)
        parts = client.gather(futures)
    finally:
        if own:
            client.close()
    parts = [p for p in parts if len(p)]
    if not parts:
        return func(path, [], **kwargs)
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(sort_by, kind="stable").reset_index(drop=True)
