"""Free-text answers per unit, opt-in only (:func:`free_text`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kit.analysis.privacy import FREE_TEXT_THRESHOLD, check_threshold, gate
from kit.errors import ArgumentError

__all__ = ["FREE_TEXT_RESULT_COLUMNS", "free_text"]

_LEVELS = ("team", "school", "board")

#: columns of :func:`free_text`
FREE_TEXT_RESULT_COLUMNS = ["level", "unit", "school", "wave", "question", "n", "texts",
                            "suppressed", "suppression", "status"]
_FREE_TEXT_NOT_REQUESTED = (
    "free text was not requested: it is shown only with include=True (and only for groups of "
    "at least the free-text threshold)")


def _frame_arg(name: str, df: object, cols: tuple[str, ...], what: str) -> None:
    if not isinstance(df, pd.DataFrame):
        raise ArgumentError(f"{name} must be a DataFrame, got {type(df).__name__}",
                            expected=what)
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ArgumentError(f"{name} lacks column(s) {missing}",
                            expected=f"{what} with columns {list(cols)}")


def free_text(free_text_table: pd.DataFrame, respondents: pd.DataFrame, *, level: str = "team",
              threshold: int = FREE_TEXT_THRESHOLD, include: bool = False) -> pd.DataFrame:
    """Free-text answers per unit (team, school or board), wave and question; opt-in only.

    Free text is never aggregated unless asked for (``include=True``), and then only for groups
    where at least ``threshold`` distinct respondents answered the question (default
    :data:`kit.analysis.privacy.FREE_TEXT_THRESHOLD` = 10, stricter than the 5 of scores; it can be
    lowered explicitly but never below :data:`kit.analysis.privacy.MIN_THRESHOLD`). The texts were
    scrubbed of e-mail addresses, phone numbers and known names at ingest, but names in free
    text cannot be removed reliably: read them before sharing.

    Parameters
    ----------
    free_text_table : DataFrame
        The store's ``free_text`` table (empty unless the ingest was asked to keep free text).
    respondents : DataFrame
        The store's ``respondents`` table (or a selection of it): only texts of these
        respondents count, and their board/school/team decide the unit.
    level : {"team", "school", "board"}
    threshold : int
        Minimum number of distinct respondents who answered the question in the unit and wave.
    include : bool
        ``False`` (default): nothing is returned - an empty frame whose
        ``attrs["status"]`` is ``"not_requested"`` (no error, so a report can say why).

    Returns
    -------
    DataFrame
        One row per unit, wave and question: ``level``, ``unit``, ``school`` (NaN at board
        level), ``wave``, ``question``, ``n`` (distinct respondents who answered), ``texts``
        (list of str, sorted alphabetically so their order does not reveal who wrote what; empty
        when suppressed), ``suppressed``, ``suppression`` (``"below_threshold"`` or ``None``),
        ``status`` (``"shown"`` or ``"below_threshold"``). ``attrs["status"]`` is ``"shown"``
        or ``"not_requested"``. Respondent ids never appear in the result.

    Raises
    ------
    kit.errors.ArgumentError
        A table that is not a DataFrame or lacks columns, an unknown level, a non-bool
        ``include`` or a threshold that is not a whole number of at least 3.

    Examples
    --------
    >>> ft = pd.DataFrame({"respondent_id": [f"R{i}" for i in range(12)], "wave": "w1",
    ...                    "question": "Opmerkingen?", "text": [f"tekst {i}" for i in range(12)]})
    >>> resp = pd.DataFrame({"respondent_id": [f"R{i}" for i in range(12)], "wave": "w1",
    ...                      "board": "B", "school": "S1", "team": ["A"] * 10 + ["B"] * 2})
    >>> free_text(ft, resp).attrs["status"], len(free_text(ft, resp))
    ('not_requested', 0)
    >>> out = free_text(ft, resp, include=True)
    >>> out[["unit", "n", "suppressed"]].values.tolist()
    [['A', 10, False], ['B', 2, True]]
    >>> len(out["texts"][0]), out["texts"][1]
    (10, [])
    """
    if not isinstance(include, (bool, np.bool_)):
        raise ArgumentError(f"include must be True or False, got {include!r}",
                            expected="a bool (True to show free text)")
    if level not in _LEVELS:
        raise ArgumentError(f"level must be one of {_LEVELS}, got {level!r}",
                            expected="'team', 'school' or 'board'")
    thr = check_threshold(threshold)
    _frame_arg("free_text_table", free_text_table, ("respondent_id", "wave", "question", "text"),
               "the store's free_text table")
    _frame_arg("respondents", respondents, ("respondent_id", "wave", "board", "school", "team"),
               "the store's respondents table")
    out = pd.DataFrame({c: pd.Series(dtype="int64" if c == "n" else
                                     "bool" if c == "suppressed" else "object")
                        for c in FREE_TEXT_RESULT_COLUMNS})
    if not include:
        out.attrs["status"] = "not_requested"
        out.attrs["message"] = _FREE_TEXT_NOT_REQUESTED
        return out
    from kit.analysis.perspective import team_members
    respondents = team_members(respondents)     # a leader's words are not the team's
    unit_col = {"team": "team", "school": "school", "board": "board"}[level]
    ft = free_text_table[["respondent_id", "wave", "question", "text"]].merge(
        respondents[["respondent_id", "wave", "board", "school", "team"]].drop_duplicates(
            ["respondent_id", "wave"]), on=["respondent_id", "wave"], how="inner")
    ft = ft[ft["text"].notna() & (ft["text"].astype(str).str.strip() != "")]
    groups = ft.groupby([unit_col, "wave", "question"], sort=True)
    # the one gate decides; texts are shown per unit only (never a school beside its teams),
    # so nothing can be subtracted and no complementary hiding is needed
    counts = groups["respondent_id"].nunique().rename("n").reset_index() \
        .rename(columns={unit_col: "team"}).assign(school="all")
    decided = gate(counts, threshold=thr, slice_by=["wave", "question"], publish=("team",))
    decided = decided[decided["level"] == "team"]
    shown_units = set(zip(decided["unit"], decided["wave"], decided["question"],
                          decided["shown"], strict=True))
    rows = []
    for (unit, wave, question), g in groups:
        n = int(g["respondent_id"].nunique())
        shown = (str(unit), wave, question, True) in shown_units
        rows.append({
            "level": level, "unit": unit, "wave": wave, "question": question, "n": n,
            "school": g["school"].iloc[0] if level != "board" else np.nan,
            "texts": sorted(map(str, g["text"]), key=lambda t: (t.casefold(), t))
            if shown else [],
            "suppressed": not shown, "suppression": None if shown else "below_threshold",
            "status": "shown" if shown else "below_threshold"})
    if rows:
        out = pd.DataFrame(rows, columns=FREE_TEXT_RESULT_COLUMNS)
        out["n"] = out["n"].astype("int64")
        out["suppressed"] = out["suppressed"].astype("bool")
    out.attrs["status"] = "shown"
    out.attrs["message"] = (f"free text of groups with at least {thr} respondents; smaller "
                            "groups are suppressed")
    return out.reset_index(drop=True)
