"""Privacy rules for aggregates: minimum group size and complementary suppression.

* A group with fewer valid respondents than the threshold (default 5, never below 3) gets no
  scores: its value columns are *removed from the returned data* (set to missing), not only
  hidden at display.
* Complementary suppression: when exactly one group of a parent (the teams of one school, the
  schools of the board) is suppressed in a slice (wave, habit, ...), the next smallest group of
  that parent is suppressed too, so the hidden group cannot be recovered by subtracting the
  others from the parent's total.
* Free text is never aggregated unless asked for, and then with a stricter threshold (10).

Examples
--------
>>> import pandas as pd
>>> t = pd.DataFrame({"school": "S1", "team": ["A", "B", "C"], "n": [3, 6, 9],
...                   "mean": [3.1, 3.8, 4.0]})
>>> out = suppress(t, parent=["school"], unit="team")
>>> out["mean"].tolist(), out["suppressed"].tolist()
([nan, nan, 4.0], [True, True, False])
>>> out["suppression"].fillna("-").tolist()
['below_threshold', 'complementary', '-']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import ArgumentError

__all__ = ["DEFAULT_THRESHOLD", "FREE_TEXT_THRESHOLD", "MIN_THRESHOLD", "check_threshold",
           "suppress"]

DEFAULT_THRESHOLD = 5
MIN_THRESHOLD = 3
FREE_TEXT_THRESHOLD = 10


def check_threshold(threshold: object, *, name: str = "threshold") -> int:
    """Validate a minimum group size: a whole number of at least :data:`MIN_THRESHOLD`."""
    if isinstance(threshold, bool) or not isinstance(threshold, (int, np.integer)):
        raise ArgumentError(f"{name} must be a whole number, got {threshold!r}",
                            expected=f"an integer >= {MIN_THRESHOLD}")
    if threshold < MIN_THRESHOLD:
        raise ArgumentError(f"{name} {threshold} is below the minimum of {MIN_THRESHOLD}",
                            expected=f"an integer >= {MIN_THRESHOLD}",
                            fix="smaller groups would make individual answers recognisable")
    return int(threshold)


def suppress(table: pd.DataFrame, *, parent: list[str], unit: str, n: str = "n",
             threshold: int = DEFAULT_THRESHOLD, slice_by: list[str] | None = None,
             values: list[str] | None = None) -> pd.DataFrame:
    """Blank the values of small groups, with complementary suppression within each parent.

    Parameters
    ----------
    table : DataFrame
        One row per group (``unit``) and slice, with the valid-respondent count ``n``.
    parent : list of str
        Columns naming the parent of a unit (e.g. ``["school"]`` for teams; ``[]`` for schools
        of one board).
    unit : str
        The column naming the group (``team``, ``school``).
    n : str
        Column with the number of valid respondents.
    threshold : int
        Minimum group size (>= 3).
    slice_by : list of str, optional
        Further columns that define separate comparisons (``wave``, ``habit``, ``item``...);
        default: every column that is not numeric, not the unit, parent or ``n``.
    values : list of str, optional
        Columns to blank; default every numeric column except ``n``.

    Returns
    -------
    DataFrame
        ``table`` with the value columns blanked where suppressed, plus ``suppressed`` (bool)
        and ``suppression`` (``"below_threshold"``, ``"complementary"`` or missing).
    """
    thr = check_threshold(threshold)
    if not isinstance(table, pd.DataFrame):
        raise ArgumentError("table must be a DataFrame", fix=f"got {type(table).__name__}")
    need = [*parent, unit, n]
    missing = [c for c in need if c not in table.columns]
    if missing:
        raise ArgumentError(f"table lacks column(s) {missing}", expected=f"columns {need}")
    if values is None:
        values = [c for c in table.columns
                  if c not in (n, unit, *parent) and pd.api.types.is_numeric_dtype(table[c])
                  and not pd.api.types.is_bool_dtype(table[c])]
    if slice_by is None:
        slice_by = [c for c in table.columns if c not in (n, unit, *parent, *values)
                    and not pd.api.types.is_numeric_dtype(table[c])
                    and c not in ("suppressed", "suppression")]
    out = table.copy()
    counts = pd.to_numeric(out[n], errors="coerce").fillna(0).to_numpy()
    units = out[unit].astype(str).to_numpy()
    reason: list[str | None] = ["below_threshold" if c < thr else None for c in counts]
    keys = [*parent, *slice_by]
    positions = (out.reset_index(drop=True).groupby(keys, dropna=False, sort=False).indices
                 if keys else {(): np.arange(len(out))})
    for idx in positions.values():
        hidden = [i for i in idx if reason[i] is not None]
        if len(hidden) == 1 and len(idx) > 1:
            shown = sorted((i for i in idx if reason[i] is None),
                           key=lambda i: (counts[i], units[i]))
            if shown:
                reason[shown[0]] = "complementary"
    mask = np.array([r is not None for r in reason], dtype=bool)
    for c in values:
        col = out[c].astype("float64").to_numpy(copy=True)
        col[mask] = np.nan
        out[c] = col
    out["suppressed"] = mask
    out["suppression"] = pd.array(reason, dtype="object")
    return out
