"""The gate itself: :func:`gate` decides from counts; :func:`suppress` applies it to a table of
units (see :mod:`kit.analysis.privacy` for the rule)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kit.analysis.privacy._rules import DEFAULT_THRESHOLD, GATE_COLUMNS, check_threshold
from kit.errors import ArgumentError

__all__ = ["gate", "suppress"]


def _decide(teams: list[tuple[str, str, int]], extra: dict[str, int], thr: int,
            inherited: dict[tuple[str, str], str], publish: tuple[str, ...]
            ) -> tuple[dict[str, str | None], dict[str, str | None], str | None]:
    """One slice: ``teams`` as (team, school, n) with n > 0, ``extra`` records per school
    that belong to no team (never published on their own). Returns the reason per team, per
    school and for the board (None = shown)."""
    team_reason: dict[str, str | None] = {}
    n_team = {tm: n for tm, _, n in teams}
    members: dict[str, list[str]] = {}
    for tm, s, _ in teams:
        members.setdefault(s, []).append(tm)
    for s in extra:
        members.setdefault(s, [])
    n_school = {s: sum(n_team[tm] for tm in tms) + extra.get(s, 0) for s, tms in members.items()}
    for tm, _, n in teams:
        team_reason[tm] = inherited.get(("team", tm)) or ("below_threshold" if n < thr else None)
    school_reason: dict[str, str | None] = {
        s: inherited.get(("school", s)) or ("below_threshold" if n < thr else None)
        for s, n in n_school.items()}
    total = sum(n_school.values())
    board_reason = inherited.get(("board", "")) or ("below_threshold" if total < thr else None)
    if "school" not in publish:
        school_reason = {s: school_reason[s] or "not_published" for s in school_reason}
    if "board" not in publish:
        board_reason = board_reason or "not_published"
    if "team" not in publish:
        return team_reason, school_reason, board_reason

    def smallest(cands: list[str], size: dict[str, int]) -> str:
        return min(cands, key=lambda u: (size[u], u))

    changed = True
    while changed:
        changed = False
        # 2. within every shown school: no hidden team alone
        for s, tms in members.items():
            if school_reason[s] is not None:
                continue
            hidden = [tm for tm in tms if team_reason[tm] is not None]
            if len(hidden) != 1:
                continue
            shown = [tm for tm in tms if team_reason[tm] is None]
            if shown:
                team_reason[smallest(shown, n_team)] = "complementary"
            else:
                school_reason[s] = "complementary"
            changed = True
        if changed or board_reason is not None:
            continue
        # 3. the shown board: hidden schools hold no hidden team alone
        hidden_schools = [s for s in members if school_reason[s] is not None]
        rest = [tm for s in hidden_schools for tm in members[s] if team_reason[tm] is not None]
        if len(rest) != 1:
            continue
        cands = [tm for s in hidden_schools for tm in members[s] if team_reason[tm] is None]
        if cands:
            team_reason[smallest(cands, n_team)] = "complementary"
        else:
            open_schools = [s for s in members if school_reason[s] is None]
            if open_schools:
                school_reason[smallest(open_schools, n_school)] = "complementary"
            else:
                board_reason = "complementary"
        changed = True
    return team_reason, school_reason, board_reason


def gate(counts: pd.DataFrame, *, threshold: int = DEFAULT_THRESHOLD,
         slice_by: list[str] | None = None, hidden: pd.DataFrame | None = None,
         board: str = "board", publish: tuple[str, ...] = ("team", "school", "board")
         ) -> pd.DataFrame:
    """Decide, from counts alone, which teams, schools and the board may be shown.

    Parameters
    ----------
    counts : DataFrame
        One row per team (and slice): ``school``, ``team``, ``n`` (respondents or pupils who
        count). A row whose ``team`` is missing holds records of the school that belong to no
        team: they count for the school and the board, and are never shown on their own.
    threshold : int
        Minimum group size (>= 3): 5 for staff, :data:`PUPIL_THRESHOLD` for pupils.
    slice_by : list of str, optional
        Columns that define separate decisions (``wave``, ``habit``, ``item``, ...).
    hidden : DataFrame, optional
        Units already hidden by a coarser decision: the slice columns, ``level``
        (``team``/``school``/``board``), ``unit`` and ``reason`` (e.g. ``habit_hidden``).
    board : str
        The board's id, used as the ``unit`` of the board row.
    publish : tuple of str
        The levels whose values are published. Where a parent level (school, board) is not
        published nothing can be subtracted from it, so no complementary hiding is needed.

    Returns
    -------
    DataFrame
        The slice columns, then ``level`` (``team``, ``school``, ``board``), ``unit``,
        ``school`` (missing for the board), ``n``, ``shown`` (bool), ``reason`` (one of
        :data:`REASONS`, ``"not_published"``, or missing when shown). Teams with ``n`` = 0
        are left out (they have nothing to show).
    """
    thr = check_threshold(threshold)
    slice_by = list(slice_by or [])
    if not isinstance(counts, pd.DataFrame):
        raise ArgumentError(f"counts must be a DataFrame, got {type(counts).__name__}")
    need = ["school", "team", "n", *slice_by]
    missing = [c for c in need if c not in counts.columns]
    if missing:
        raise ArgumentError(f"counts lacks column(s) {missing}", expected=f"columns {need}")
    inherited: dict[tuple, dict[tuple[str, str], str]] = {}
    if hidden is not None and len(hidden):
        for row in hidden[[*slice_by, "level", "unit", "reason"]].itertuples(index=False):
            key = tuple(row[:len(slice_by)])
            level, unit, reason = row[len(slice_by):]
            inherited.setdefault(key, {})[(level, "" if level == "board" else str(unit))] = \
                reason
    rows: list[tuple] = []
    c = counts[counts["n"].fillna(0) > 0]
    groups = c.groupby(slice_by, sort=True, dropna=False) if slice_by else [((), c)]
    for key, g in groups:
        key = key if isinstance(key, tuple) else (key,)
        teams, extra = [], {}
        for tm, s, n in zip(g["team"], g["school"], g["n"], strict=True):
            if pd.isna(tm):
                extra[str(s)] = extra.get(str(s), 0) + int(n)
            else:
                teams.append((str(tm), str(s), int(n)))
        teams.sort(key=lambda x: (x[1], x[0]))            # the output's order: school, team
        tr, sr, br = _decide(teams, extra, thr, inherited.get(key, {}), tuple(publish))
        n_school: dict[str, int] = {}
        for tm, s, n in teams:
            rows.append((*key, "team", tm, s, n, tr[tm] is None, tr[tm]))
            n_school[s] = n_school.get(s, 0) + n
        for s, n in extra.items():
            n_school[s] = n_school.get(s, 0) + n
        for s in sorted(n_school):
            rows.append((*key, "school", s, s, n_school[s], sr[s] is None, sr[s]))
        rows.append((*key, "board", board, np.nan, sum(n_school.values()), br is None, br))
    out = pd.DataFrame(rows, columns=[*slice_by, *GATE_COLUMNS])
    out["n"] = out["n"].astype("int64")
    out["shown"] = out["shown"].astype(bool)
    out["reason"] = out["reason"].astype("object").where(out["reason"].notna(), None)
    return out


def suppress(table: pd.DataFrame, *, parent: list[str], unit: str, n: str = "n",
             threshold: int = DEFAULT_THRESHOLD, slice_by: list[str] | None = None,
             values: list[str] | None = None) -> pd.DataFrame:
    """Blank the values of small groups in a table of units, through :func:`gate`.

    Parameters
    ----------
    table : DataFrame
        One row per group (``unit``) and slice, with the valid-respondent count ``n``.
    parent : list of str
        Columns naming the parent of a unit (e.g. ``["school"]`` for teams; ``[]`` for schools
        of one board), whose total is taken to be published.
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
    out = table.reset_index(drop=True).copy()
    keys = [f"_k{k}" for k in range(len(slice_by))]
    counts = pd.DataFrame({
        **{k: out[c].astype(str).to_numpy() for k, c in zip(keys, slice_by, strict=True)},
        "school": (out[parent].astype(str).agg("|".join, axis=1) if parent else "all"),
        "team": out[unit].astype(str).to_numpy(),
        "n": pd.to_numeric(out[n], errors="coerce").fillna(0).astype("int64").to_numpy()})
    g = gate(counts, threshold=thr, slice_by=keys, publish=("team", "school"))
    g = g[g["level"] == "team"]
    decided = {(*k, u): r for *k, u, r in
               zip(*(g[k] for k in keys), g["unit"], g["reason"], strict=True)}
    reason = [decided.get((*row[:-2], row[-2]), "below_threshold") if row[-1] > 0
              else "below_threshold"
              for row in counts[[*keys, "team", "n"]].itertuples(index=False)]
    reason = [None if pd.isna(r) or r == "not_published" else r for r in reason]
    mask = np.array([r is not None for r in reason], dtype=bool)
    for c in values:
        col = out[c].astype("float64").to_numpy(copy=True)
        col[mask] = np.nan
        out[c] = col
    out["suppressed"] = mask
    out["suppression"] = pd.array(reason, dtype="object")
    out.index = table.index
    return out
