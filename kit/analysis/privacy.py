"""The disclosure gate: what of a team, a school or the board may be shown.

Every number per team, per habit of a team and per statement of a team is decided here, from
the counts alone (never from the answers), by :func:`gate`; :func:`disclosure` applies it to a
board's survey data in one pass, for the team as a whole, each habit, each statement and each
OECD dimension. The aggregating functions (:func:`kit.analysis.teams.aggregate`,
:func:`kit.analysis.teams.item_distribution`) take their decisions from it, pupil indicators
(:func:`kit.analysis.aspiration.evaluate`) use the same gate with the pupils' threshold, and
the reports, the dashboard and the reflection questions take what those return.

The rule, in a teacher's words (:data:`RULE`): a team, school or statement with fewer than 5
respondents shows no scores and no exact number of respondents. When a school's total is shown
and exactly one of its teams is hidden, the next smallest team is hidden too, so that nobody can
work out the small team's scores by subtracting the other teams from the school. A habit with
fewer than 5 answers is hidden in the same way, and with it its statements and the OECD
dimensions and Senge disciplines it is part of.

Formally, each published aggregate (a shown school, the shown board) is a sum over teams; a
hidden team can be recovered exactly when its own contribution is the only unknown left after
subtracting everything shown. :func:`gate` hides more units until, in every published
aggregate, the hidden remainder consists of no team or of at least two teams:

1. a team (or school, or board) with ``n`` below the threshold is hidden (``below_threshold``);
2. in a shown school with exactly one hidden team, its smallest shown team is hidden too
   (``complementary``); a school whose only team with data is hidden is hidden itself;
3. for the shown board, the hidden teams of hidden schools must again be none or at least two:
   otherwise a shown team of a hidden school is hidden, or else the smallest shown school;
4. repeated until nothing changes. Choices depend on counts only (smallest ``n``, then id), so
   changing what hidden respondents answered never changes what is shown.

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
>>> g = gate(t[["school", "team", "n"]], threshold=5)
>>> g[["level", "unit", "shown", "reason"]].fillna("-").values.tolist()
[['team', 'A', False, 'below_threshold'], ['team', 'B', False, 'complementary'], \
['team', 'C', True, '-'], ['school', 'S1', True, '-'], ['board', 'board', True, '-']]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kit.errors import ArgumentError

__all__ = ["DEFAULT_THRESHOLD", "Disclosure", "FREE_TEXT_THRESHOLD", "GATE_COLUMNS",
           "MIN_THRESHOLD", "PUPIL_THRESHOLD", "REASONS", "check_threshold", "disclosure",
           "gate", "suppress"]

DEFAULT_THRESHOLD = 5
MIN_THRESHOLD = 3
FREE_TEXT_THRESHOLD = 10
#: pupils per unit and indicator below which an indicator value is not shown
PUPIL_THRESHOLD = 10

#: why a unit is hidden: too few itself, hidden beside another so it cannot be subtracted, or
#: (a statement, a dimension) hidden because a habit it belongs to is hidden. A team hidden as
#: a whole keeps its own reason in every habit, statement and dimension.
REASONS = ("below_threshold", "complementary", "habit_hidden")

#: columns of :func:`gate` (after the slice columns)
GATE_COLUMNS = ["level", "unit", "school", "n", "shown", "reason"]


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


# ---------------------------------------------------------------------------------- the gate
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


# ------------------------------------------------------------------- the board's survey data
@dataclass(frozen=True)
class Disclosure:
    """What of a board's survey data may be shown, decided once by :func:`disclosure`.

    Every frame has the columns of :func:`gate` after its slice columns: ``units`` (slice
    ``wave``: the team, school and board as a whole), ``habits`` (``wave``, ``habit``),
    ``items`` (``wave``, ``item``), ``dimensions`` (``wave``, ``dimension``).
    """

    threshold: int
    units: pd.DataFrame
    habits: pd.DataFrame
    items: pd.DataFrame
    dimensions: pd.DataFrame

    def frame(self, kind: str) -> pd.DataFrame:
        """The decisions of one kind (``unit``, ``habit``, ``item``, ``dimension``)."""
        frames = {"unit": self.units, "habit": self.habits, "item": self.items,
                  "dimension": self.dimensions}
        if kind not in frames:
            raise ArgumentError(f"kind must be one of {sorted(frames)}, got {kind!r}")
        return frames[kind]

    def unit(self, level: str, unit: str, wave: str) -> dict:
        """The decision on one team, school or board as a whole in ``wave``: a dict with
        ``n``, ``shown`` and ``reason`` (``n`` 0 and reason ``below_threshold`` when the unit
        has no respondents)."""
        u = self.units
        row = u[(u["wave"] == wave) & (u["level"] == level) & (u["unit"] == unit)]
        if row.empty:
            return {"n": 0, "shown": False, "reason": "below_threshold"}
        r = row.iloc[0]
        return {"n": int(r["n"]), "shown": bool(r["shown"]), "reason": r["reason"]}

    def apply(self, table: pd.DataFrame, kind: str, *, values: list[str],
              key: str | None = None, counts: tuple[str, ...] = ("n",)) -> pd.DataFrame:
        """Blank ``values`` and ``counts`` of ``table`` (columns ``level``, ``unit``,
        ``wave`` and the slice ``key``) where the decisions of ``kind`` hide them; add
        ``suppressed`` (bool) and ``suppression`` (reason or None). Rows without a decision
        are hidden. Counts become a nullable integer column, missing where hidden: the number
        of respondents of a hidden unit is not given out either."""
        d = self.frame(kind)
        col = {"unit": None, "habit": "habit", "item": "item", "dimension": "dimension"}[kind]
        key = key or col
        cols = ["wave", "level", "unit"] + ([col] if col else [])
        dec = d[cols + ["reason"]].rename(columns={col: key} if col else {})
        on = ["wave", "level", "unit"] + ([key] if col else [])
        out = table.drop(columns=["suppressed", "suppression"], errors="ignore").merge(
            dec.assign(_decided=True), on=on, how="left")
        reason = out["reason"].where(out["_decided"].notna(), "below_threshold")
        mask = reason.notna().to_numpy()
        for c in values:
            v = out[c].astype("float64").to_numpy(copy=True)
            v[mask] = np.nan
            out[c] = v
        for c in counts:
            if c in out:
                v = pd.array(pd.to_numeric(out[c], errors="coerce"), dtype="Int64")
                v[mask] = pd.NA
                out[c] = v
        out["suppressed"] = mask
        out["suppression"] = pd.array(reason.to_numpy(), dtype="object")
        out.index = table.index
        return out.drop(columns=["reason", "_decided"])


def _hidden(decisions: pd.DataFrame, keys: list[str], units: pd.DataFrame,
            reason: str | None = None) -> pd.DataFrame:
    """The hidden units of a coarser decision, to be inherited: a unit hidden as a whole
    (in ``units``) keeps its own reason; the others get ``reason``."""
    h = decisions[~decisions["shown"]]
    whole = {(w, lv, u): r for w, lv, u, r, s in
             zip(units["wave"], units["level"], units["unit"], units["reason"], units["shown"],
                 strict=True) if not s}
    why = [whole.get((w, lv, u)) or reason or r for w, lv, u, r in
           zip(h["wave"], h["level"], h["unit"], h["reason"], strict=True)]
    return h[[*keys, "level", "unit"]].assign(reason=why)


def disclosure(respondents: pd.DataFrame, answers: pd.DataFrame, instrument, *,
               threshold: int = DEFAULT_THRESHOLD, min_share: float | None = None
               ) -> Disclosure:
    """Decide what of a board's survey data may be shown: the one gate of the kit.

    Counts, per wave and team, the respondents with at least one answer (the team as a
    whole), with a habit score (each habit), with an answer (each statement) and with a
    dimension score (each OECD dimension), and passes them through :func:`gate`:

    * the team as a whole first; a hidden team or school stays hidden in every slice, with
      its own reason;
    * each habit on top of that; a statement inherits its habit's hiding, and an OECD
      dimension is hidden for a team when any habit with statements in it is (``habit_hidden``).

    Parameters
    ----------
    respondents, answers : DataFrame
        The store's tables (``respondent_id``, ``wave``, ``board``, ``school``, ``team``;
        ``respondent_id``, ``wave``, ``item``, ``value``).
    instrument : kit.instrument.Instrument
    threshold : int
        Minimum number of respondents (default 5, never below 3).
    min_share : float, optional
        Share of a habit's statements a respondent must answer for a score (the instrument's
        by default).

    Returns
    -------
    Disclosure
    """
    from kit.analysis.scoring import dimension_scores, habit_scores
    thr = check_threshold(threshold)
    resp = respondents[["respondent_id", "wave", "board", "school", "team"]] \
        .drop_duplicates(["respondent_id", "wave"])
    board = str(resp["board"].iloc[0]) if len(resp) else "board"
    a = answers[answers["value"].notna()].merge(resp, on=["respondent_id", "wave"])

    def count(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
        return (frame.groupby(["wave", *by, "school", "team"], sort=True)["respondent_id"]
                .nunique().rename("n").reset_index())

    units = gate(count(a, []), threshold=thr, slice_by=["wave"], board=board)
    hs = habit_scores(answers, instrument, min_share=min_share).dropna(subset=["score"]) \
        .merge(resp, on=["respondent_id", "wave"])
    habit_keys = ["wave", "habit"]
    inherit = units[~units["shown"]].merge(
        pd.DataFrame({"habit": [h.id for h in instrument.habits]}), how="cross")
    habits = gate(count(hs, ["habit"]), threshold=thr, slice_by=habit_keys, board=board,
                  hidden=_hidden(inherit, habit_keys, units))
    habit_of = {i.id: i.habit for i in instrument.items}
    hidden_habits = habits[~habits["shown"]]
    inherit_items = hidden_habits.merge(pd.DataFrame({"item": list(habit_of),
                                                      "habit": list(habit_of.values())}),
                                        on="habit")
    items = gate(count(a, ["item"]), threshold=thr, slice_by=["wave", "item"], board=board,
                 hidden=_hidden(inherit_items, ["wave", "item"], units, "habit_hidden"))
    dim_habits = pd.DataFrame([(i.oecd, i.habit) for i in instrument.items if i.oecd],
                              columns=["dimension", "habit"]).drop_duplicates()
    ds = dimension_scores(answers, instrument, min_share=min_share).dropna(subset=["score"]) \
        .merge(resp, on=["respondent_id", "wave"])
    inherit_dims = hidden_habits.merge(dim_habits, on="habit") \
        .drop_duplicates(["wave", "dimension", "level", "unit"])
    dimensions = gate(count(ds, ["dimension"]), threshold=thr,
                      slice_by=["wave", "dimension"], board=board,
                      hidden=_hidden(inherit_dims, ["wave", "dimension"], units,
                                     "habit_hidden"))
    return Disclosure(threshold=thr, units=units, habits=habits, items=items,
                      dimensions=dimensions)
