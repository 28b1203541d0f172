"""Test results in the right school year: the group of a result whose export does not give the
group at the test date, from the observations of that school year.

A test export made after the school year rolled over can hold each pupil's present group beside
last June's results; the test reader (:func:`kit.ingest.pupils.read_tests`) then keeps such a
result without group and team (``unlinked``). :func:`link_school_years` runs once per ingest,
after every file is read: it looks each unlinked result up in the observations of the same
ingest (same pupil, same school, same school year) and takes the group of the observation
nearest to the test date, and with it the jaargroep and the team. What it cannot find stays
unlinked, counted with its reason in the file's account (``kept``).

An export without test moments (Boom LVS: free test dates) cannot show by itself that its group
column is of a later school year. The observations can: a result whose group is the pupil's
group of a later school year at that school, and none of the groups the observations give the
pupil in the test's own school year, is linked to the nearest of those instead (a file whose
own column gives the group at the test is left as it is).
"""

from __future__ import annotations

import pandas as pd

from ..store.vocabulary import normalise_group
from .pupillink import PupilResult, pupils_of

__all__ = ["link_school_years"]

_KEY = ["pupil_id", "school", "school_year"]


def link_school_years(results: list) -> list:
    """Give unlinked test results the group of the nearest observation of their school year.

    Parameters
    ----------
    results : list of FileResult
        Every file's result of one ingest; the test results' frames, ``pupils`` tables and
        accounts are updated in place.

    Returns
    -------
    list
        ``results`` itself.
    """
    pupil = [r for r in results if isinstance(r, PupilResult)]
    obs = [r.frame for r in pupil if r.account.kind == "observations" and len(r.frame)]
    if not obs or not any(r.account.kind == "tests" for r in pupil):
        return results
    seen = (pd.concat([f[_KEY + ["date", "group", "jaargroep", "team"]] for f in obs])
            .dropna(subset=_KEY + ["team"]).drop_duplicates(ignore_index=True))
    for r in pupil:
        if r.account.kind != "tests":
            continue
        if not r.group_at_test:
            _later_groups(r, seen)
        if r.frame["unlinked"].notna().any():
            _link(r, seen)
    return results


def _later_groups(r: PupilResult, seen: pd.DataFrame) -> None:
    """Mark as unlinked (``group_of_other_year``) the linked results whose group (and
    jaargroep, where the file gives one) the observations give the pupil only in a later
    school year, never in the test's."""
    f = r.frame
    todo = f.loc[f["team"].notna() & f["school_year"].notna(), _KEY + ["group", "jaargroep"]]
    if todo.empty:
        return
    m = (todo.assign(g=todo["group"].map(normalise_group)).reset_index()
         .merge(seen.assign(g_obs=seen["group"].map(normalise_group))
                [["pupil_id", "school", "school_year", "g_obs", "jaargroep"]],
                on=["pupil_id", "school"], suffixes=("", "_obs")))
    alike = (m["g_obs"] == m["g"]) & (m["jaargroep"].isna()
                                      | (m["jaargroep_obs"] == m["jaargroep"]).fillna(False))
    same = m["school_year_obs"] == m["school_year"]
    later = set(m.loc[(m["school_year_obs"] > m["school_year"]) & alike, "index"])
    moved = sorted(later & set(m.loc[same, "index"]) - set(m.loc[same & alike, "index"]))
    if not moved:
        return
    f.loc[moved, ["group", "team"]] = pd.NA
    f.loc[moved, "jaargroep"] = f.loc[moved, "moment_jaargroep"]
    f.loc[moved, "unlinked"] = "group_of_other_year"
    r.account.keep("unlinked", "group_of_other_year", len(moved))
    r.account.notes.append(f"{len(moved)} result(s) carried the pupil's group of a later "
                           "school year (by the observations)")


def _link(r: PupilResult, seen: pd.DataFrame) -> None:
    f = r.frame
    todo = f.loc[f["unlinked"].notna() & f["school_year"].notna(), _KEY + ["date"]]
    if todo.empty:
        return
    m = todo.reset_index().merge(seen, on=_KEY, suffixes=("", "_obs"))
    if m.empty:
        return
    # the nearest observation; without a test date only a school year with one group will do
    m["gap"] = (m["date_obs"] - m["date"]).abs()
    m["after"] = m["date_obs"] > m["date"]
    dated = m[m["date"].notna()].sort_values(["index", "gap", "after", "group"])
    undated = m[m["date"].isna()].groupby("index").filter(lambda g: g["group"].nunique() == 1)
    best = pd.concat([dated, undated]).drop_duplicates("index").set_index("index")
    for code, n in f.loc[best.index, "unlinked"].value_counts().items():
        r.account.keep("unlinked", str(code), -int(n))
    f.loc[best.index, ["group", "team"]] = best[["group", "team"]]
    known = best["jaargroep"].notna()
    f.loc[best.index[known], "jaargroep"] = best.loc[known, "jaargroep"]
    f.loc[best.index, "unlinked"] = pd.NA
    r.pupils = pupils_of(f)
    r.account.notes.append(f"{len(best)} result(s) linked to the group of the observations "
                           "of their school year (the file's group is not the group at the test)")
