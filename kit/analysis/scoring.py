"""Habit scores per respondent: item answers -> one score per habit (and per OECD dimension).

Rules (documented in every report's Verantwoording):

* Reverse-keyed items are flipped about the **nominal** scale ends (1..5: x -> 6 - x), not about
  the observed minimum and maximum as ``psych::reverse.code`` does by default.
* A respondent's habit score is the mean of the habit's answered items, when at least
  ``min_share`` of the habit's items is answered (default: the instrument's
  ``min_answered_share``, 2/3); otherwise the score is missing. No imputation (``psych::scoreItems``
  imputes the item median by default; the kit does not).

Examples
--------
>>> import pandas as pd
>>> from kit import instrument
>>> inst = instrument.load()
>>> ans = pd.DataFrame({"respondent_id": "R1", "wave": "w1",
...                     "item": [i.id for i in inst.habit("H5").items],
...                     "value": [4, 5, 3, None, 4]})
>>> s = habit_scores(ans, inst)
>>> row = s.set_index("habit").loc["H5"]
>>> float(row.score), int(row.n_answered), int(row.n_items)
(4.0, 4, 5)
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from kit.errors import ArgumentError

__all__ = ["MODULE_SCORE_COLUMNS", "SCORE_COLUMNS", "dimension_scores", "habit_scores",
           "module_answers", "module_scores", "reverse_keyed"]

#: columns of :func:`habit_scores`
SCORE_COLUMNS = ["respondent_id", "wave", "habit", "score", "n_answered", "n_items"]
#: columns of :func:`module_scores`
MODULE_SCORE_COLUMNS = ["respondent_id", "wave", "module", "scale", "score", "n_answered",
                        "n_items"]
_ANSWER_COLUMNS = ("respondent_id", "wave", "item", "value")


def _check_answers(answers: pd.DataFrame, instrument) -> None:
    if not isinstance(answers, pd.DataFrame):
        raise ArgumentError("answers must be a DataFrame",
                            expected=f"columns {list(_ANSWER_COLUMNS)}",
                            fix=f"got {type(answers).__name__}")
    missing = [c for c in _ANSWER_COLUMNS if c not in answers.columns]
    if missing:
        raise ArgumentError(f"answers lacks column(s) {missing}",
                            expected=f"columns {list(_ANSWER_COLUMNS)}",
                            fix="pass the store's answers table")
    values = pd.to_numeric(answers["value"], errors="coerce")
    scale = instrument.scale
    out = values.notna() & ((values < scale.min) | (values > scale.max))
    if out.any():
        bad = values[out].iloc[0]
        raise ArgumentError(f"answers has value {bad!r} outside the scale",
                            expected=f"values from {scale.min} to {scale.max} or missing",
                            fix="check that the answers were read with this instrument")
    unknown = sorted(set(answers["item"].astype(str)) - {i.id for i in instrument.all_items})
    if unknown:
        raise ArgumentError(f"answers has item(s) {unknown[:5]} that the instrument lacks",
                            expected="item ids of the instrument",
                            fix="load the instrument the answers were read with (store.instrument)")


def reverse_keyed(answers: pd.DataFrame, instrument) -> pd.DataFrame:
    """``answers`` with reverse-keyed items flipped about the nominal scale ends.

    Parameters
    ----------
    answers : DataFrame
        Long answers: ``respondent_id``, ``wave``, ``item``, ``value`` (NaN = not answered).
    instrument : kit.instrument.Instrument

    Returns
    -------
    DataFrame
        A copy with the columns of ``answers`` (``respondent_id``, ``wave``, ``item``,
        ``value`` and any others), ``value`` as float64 with reverse-keyed items flipped
        (1..5: x -> 6 - x).

    Raises
    ------
    kit.errors.ArgumentError
        ``answers`` is not a DataFrame, lacks a column, holds a value outside the scale or an
        item the instrument lacks.
    """
    _check_answers(answers, instrument)
    rev = {i.id for i in instrument.all_items if i.reverse}
    out = answers.copy()
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype("float64")
    if rev:
        mask = out["item"].isin(rev)
        ends = instrument.scale.min + instrument.scale.max
        out.loc[mask, "value"] = ends - out.loc[mask, "value"]
    return out


def _grouped_scores(answers: pd.DataFrame, groups: dict[str, list[str]], key: str,
                    min_share: float) -> pd.DataFrame:
    item_to_group = {item: g for g, items in groups.items() for item in items}
    a = answers[answers["item"].isin(item_to_group)].copy()
    a[key] = a["item"].map(item_to_group)
    agg = (a.groupby(["respondent_id", "wave", key], observed=True, sort=True)["value"]
           .agg(score="mean", n_answered="count").reset_index())
    agg["n_items"] = agg[key].map({g: len(v) for g, v in groups.items()}).astype("int64")
    # a small tolerance so that 0.6667 of 6 items means 4 items, as 2/3 does
    need = agg["n_items"].map(lambda k: math.ceil(k * min_share - 0.01))
    agg.loc[agg["n_answered"] < need, "score"] = np.nan
    agg["n_answered"] = agg["n_answered"].astype("int64")
    return agg[["respondent_id", "wave", key, "score", "n_answered", "n_items"]]


def habit_scores(answers: pd.DataFrame, instrument, *, min_share: float | None = None
                 ) -> pd.DataFrame:
    """Score every respondent on every habit.

    Parameters
    ----------
    answers : DataFrame
        Long answers: ``respondent_id``, ``wave``, ``item``, ``value`` (NaN = not answered).
    instrument : kit.instrument.Instrument
    min_share : float, optional
        Share of a habit's items that must be answered (default the instrument's, 2/3).

    Returns
    -------
    DataFrame
        ``respondent_id``, ``wave``, ``habit``, ``score`` (NaN when too few items answered),
        ``n_answered`` (items answered), ``n_items`` (items of the habit in the instrument).
    """
    share = instrument.min_answered_share if min_share is None else min_share
    if not 0 < share <= 1:
        raise ArgumentError(f"min_share must be in (0, 1], got {share!r}")
    a = reverse_keyed(answers, instrument)
    groups = {h.id: [i.id for i in h.items] for h in instrument.habits}
    return _grouped_scores(a, groups, "habit", share)


def dimension_scores(answers: pd.DataFrame, instrument, *, min_share: float | None = None
                     ) -> pd.DataFrame:
    """Score every respondent on every OECD dimension (items without a dimension are left out).

    Returns
    -------
    DataFrame
        ``respondent_id``, ``wave``, ``dimension``, ``score``, ``n_answered``, ``n_items``.
    """
    share = instrument.min_answered_share if min_share is None else min_share
    a = reverse_keyed(answers, instrument)
    groups: dict[str, list[str]] = {}
    for item in instrument.items:
        if item.oecd:
            groups.setdefault(item.oecd, []).append(item.id)
    return _grouped_scores(a, groups, "dimension", share)


def module_answers(answers: pd.DataFrame, instrument) -> pd.DataFrame:
    """The answers to the instrument's optional modules (issue 15), with their columns.

    Returns
    -------
    DataFrame
        The rows of ``answers`` whose ``item`` belongs to a module (columns of ``answers``:
        ``respondent_id``, ``wave``, ``item``, ``value`` and any others); empty without modules.
    """
    ids = {i.id for i in instrument.module_items}
    return answers[answers["item"].astype(str).isin(ids)] if ids else answers.iloc[0:0]


def module_scores(answers: pd.DataFrame, instrument, *, min_share: float | None = None
                  ) -> pd.DataFrame:
    """Score every respondent on every scale of the instrument's optional modules.

    The same rules as :func:`habit_scores`: reverse-keyed items flipped about the nominal scale
    ends, the mean of the answered items when at least ``min_share`` of them is answered.

    Returns
    -------
    DataFrame
        ``respondent_id``, ``wave``, ``module``, ``scale``, ``score``, ``n_answered``,
        ``n_items``; no rows without module answers.
    """
    view = instrument.module_view()
    if not view.habits:
        return pd.DataFrame(columns=MODULE_SCORE_COLUMNS)
    s = habit_scores(module_answers(answers, instrument), view, min_share=min_share)
    of = {sc.id: m.id for m in instrument.modules for sc in m.scales}
    s = s.rename(columns={"habit": "scale"})
    s["module"] = s["scale"].map(of)
    return s[MODULE_SCORE_COLUMNS].reset_index(drop=True)
