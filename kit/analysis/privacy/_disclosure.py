"""The gate applied to a board's survey data: :func:`disclosure` and its :class:`Disclosure`
(see :mod:`kit.analysis.privacy` for the rule)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kit.analysis.privacy._gate import gate
from kit.analysis.privacy._rules import DEFAULT_THRESHOLD, check_threshold
from kit.errors import ArgumentError

__all__ = ["Disclosure", "disclosure"]


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
        """The decisions of one kind (``unit``, ``habit``, ``item``, ``dimension``).

        Returns
        -------
        DataFrame
            The slice columns (``wave``, then ``habit``, ``item`` or ``dimension`` for those
            kinds), then :data:`kit.analysis.privacy.GATE_COLUMNS`: ``level``, ``unit``,
            ``school``, ``n``, ``shown``, ``reason``.

        Raises
        ------
        kit.errors.ArgumentError
            An unknown ``kind``.
        """
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
        """Blank ``values`` and ``counts`` of ``table`` where the decisions of ``kind`` hide
        them. Rows without a decision are hidden.

        Parameters
        ----------
        table : DataFrame
            One row per unit and slice: ``level``, ``unit``, ``wave`` and, unless ``kind`` is
            ``unit``, the slice column ``key``.
        kind : {"unit", "habit", "item", "dimension"}
            Whose decisions apply (:meth:`frame`).
        values : list of str
            Columns to blank (NaN) where hidden.
        key : str, optional
            The column of ``table`` holding the habit, item or dimension (default: the
            kind's own name, e.g. ``habit``; :func:`kit.analysis.teams.aggregate` by dimension
            passes ``habit``).
        counts : tuple of str
            Count columns, missing where hidden: the number of respondents of a hidden unit
            is not given out either.

        Returns
        -------
        DataFrame
            The columns of ``table`` (an earlier ``suppressed`` and ``suppression`` replaced),
            ``values`` as float64, ``counts`` as nullable Int64, then ``suppressed`` (bool)
            and ``suppression`` (the reason, or None when shown); the index of ``table``.
        """
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
        # a school's (the board's) n of a slice in which one of its teams is hidden while
        # shown as a whole: that n less the teams' own would bound the hidden team's n
        count_mask = mask | self._partial(kind, d, out, key or col)
        for c in counts:
            if c in out:
                v = pd.array(pd.to_numeric(out[c], errors="coerce"), dtype="Int64")
                v[count_mask] = pd.NA
                out[c] = v
        out["suppressed"] = mask
        out["suppression"] = pd.array(reason.to_numpy(), dtype="object")
        out.index = table.index
        return out.drop(columns=["reason", "_decided"])

    def _partial(self, kind: str, d: pd.DataFrame, out: pd.DataFrame, key: str | None
                 ) -> np.ndarray:
        """Rows of ``out`` (schools, the board) whose slice hides a team shown as a whole."""
        if kind == "unit" or key is None or not len(out):
            return np.zeros(len(out), dtype=bool)
        col = {"habit": "habit", "item": "item", "dimension": "dimension"}[kind]
        u = self.units
        whole = set(zip(u.loc[(u.level == "team") & u.shown, "wave"],
                        u.loc[(u.level == "team") & u.shown, "unit"], strict=True))
        t = d[(d.level == "team") & ~d.shown]
        t = t[np.array([(w, x) in whole for w, x in zip(t["wave"], t["unit"], strict=True)],
                       dtype=bool)]
        boards = dict(zip(u.loc[u.level == "board", "wave"], u.loc[u.level == "board", "unit"],
                          strict=True))
        hit = {(w, k, "school", sc) for w, k, sc in zip(t["wave"], t[col], t["school"],
                                                         strict=True)}
        hit |= {(w, k, "board", boards.get(w)) for w, k in zip(t["wave"], t[col], strict=True)}
        return np.array([(w, k, lv, un) in hit for w, k, lv, un in
                         zip(out["wave"], out[key], out["level"], out["unit"], strict=True)],
                        dtype=bool)


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
    from kit.analysis.perspective import team_members
    from kit.analysis.scoring import dimension_scores, habit_scores
    thr = check_threshold(threshold)
    respondents = team_members(respondents)     # a leader's own answers are counted nowhere
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
