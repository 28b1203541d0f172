"""Per-row arrays from per-distinct values, and keys that find equal rows without sorting.

The readers by columns (:mod:`kit.ingest.pupilframe`, :mod:`kit.ingest.testframe`) work out
each check once per distinct cell; these helpers spread the answers over the rows and combine
the rows' keys into one integer per row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["duplicates", "keys_of", "per_row"]


def per_row(values: list[object], codes: np.ndarray, dtype=object) -> np.ndarray:
    """The per-row array of per-distinct ``values``."""
    if dtype is not object:
        return np.array(values, dtype=dtype).reshape(len(values))[codes]
    out = np.empty(len(values), dtype=object)      # each value as it is (a tuple too)
    for j, v in enumerate(values):
        out[j] = v
    return out[codes]


def keys_of(values: list[object], codes: np.ndarray) -> np.ndarray:
    """Per row, a number that is the same for equal values (of per-distinct ``values``)."""
    keyof: dict = {}
    return per_row([keyof.setdefault(v, len(keyof)) for v in values], codes, np.int32)


def duplicates(live: np.ndarray, keys: list[np.ndarray]) -> np.ndarray:
    """Whether each of the rows ``live`` repeats an earlier one in every one of ``keys``
    (per-row keys from 0; combined into one integer per row without sorting)."""
    combined, bound = np.zeros(len(live), dtype=np.int64), 1
    every = len(live) == len(keys[0]) if keys else True        # live is then 0, 1, ..., n-1
    for k in keys:
        k = k if every else k[live]
        n = int(k.max()) + 1 if len(k) else 1
        if bound * n >= 2**62:          # re-number the combinations seen so far
            combined = pd.factorize(combined)[0].astype(np.int64)
            bound = int(combined.max()) + 1 if len(combined) else 1
        combined *= n                   # in place: no new array per key
        combined += k
        bound *= n
    return _repeats(combined)


def _repeats(key: np.ndarray) -> np.ndarray:
    """Whether each row's ``key`` came before (pandas' ``duplicated(keep="first")``), looking
    only at the first row of each run of equal keys: a row like the one just before it repeats
    it, and keys that only grow (an export sorted as it was made: by pupil, date, indicator)
    repeat nothing. A million observations: about 3 ms instead of 40 ms."""
    n = len(key)
    if n < 2:
        return np.zeros(n, dtype=bool)
    grows = key[1:] > key[:-1]
    if grows.all():
        return np.zeros(n, dtype=bool)
    heads = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
    if len(heads) == n:
        return pd.Series(key).duplicated(keep="first").to_numpy()
    out = np.ones(n, dtype=bool)
    out[heads] = pd.Series(key[heads]).duplicated(keep="first").to_numpy()
    return out

