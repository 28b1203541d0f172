"""The same response or respondent twice: within one survey export and across exports.

Within a file (:func:`drop_duplicates`): the same submission twice (same identity, team, wave
and answers) keeps the first (``duplicate``); the same respondent (e-mail or token) twice in
one wave keeps the latest (``superseded``). Across files (:func:`supersede_across`): the same
respondent in two files of one wave keeps the latest; the other file's row becomes
``superseded`` in that file's own account, so every file's accounting stays balanced.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .accounting import Ledger

if TYPE_CHECKING:
    from .survey import Candidate, SurveyResult

__all__ = ["drop_duplicates", "supersede_across"]


def _later(a: Candidate, b: Candidate) -> bool:
    ta, tb = a.when, b.when
    if pd.notna(ta) and pd.notna(tb) and ta != tb:
        return ta > tb
    return a.rec.line > b.rec.line


def drop_duplicates(candidates: list[Candidate], ledger: Ledger) -> list[Candidate]:
    """Exact duplicates, then keep-latest per respondent and wave; rejections in ``ledger``."""
    seen: set = set()
    kept = []
    for c in candidates:
        # the items of every candidate of a file come in the same order (the file's columns)
        sig = (c.ident, c.team, c.wave, tuple(c.values),
               tuple([v if v == v else None for v in c.values.values()]))   # NaN: None
        if sig in seen:
            ledger.reject(c.rec.line, "duplicate")
            continue
        seen.add(sig)
        kept.append(c)
    latest: dict = {}
    for c in kept:
        if c.ident is None:
            continue
        k = (c.ident, c.wave)
        prev = latest.get(k)
        if prev is None or _later(c, prev):
            latest[k] = c
    final = []
    for c in kept:
        if c.ident is not None and latest[(c.ident, c.wave)] is not c:
            ledger.reject(c.rec.line, "superseded")
            continue
        final.append(c)
    return final


def _submissions(results: list[SurveyResult]) -> pd.DataFrame:
    """Every identified respondent row of the files: ``ident``, ``wave``, ``when`` (the
    submission time), ``file`` and ``row`` (position in the file's ``respondents``), in the
    order of the files and their rows."""
    parts = []
    for fi, r in enumerate(results):
        at = np.fromiter(r._identity.keys(), dtype=np.int64, count=len(r._identity))
        parts.append(pd.DataFrame({
            "ident": list(r._identity.values()),
            "wave": r.respondents["wave"].to_numpy(dtype=object)[at],
            "when": r.respondents["submitted_at"].iloc[at].to_numpy(),
            "file": fi, "row": at}))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["ident", "wave", "when", "file", "row"])


def supersede_across(results: list[SurveyResult]) -> list[SurveyResult]:
    """The same respondent in two survey files of one wave: keep the latest, mark the other
    superseded (moving it from accepted to rejected in its own file's account).

    The latest is the submission with the latest time; of equal times, or when no submission
    of the respondent has a time, the first in the order of the files and their rows.
    """
    if sum(bool(r._identity) for r in results) < 2:
        return results      # within one file a respondent is in one row per wave already
    subs = _submissions(results)
    if subs.empty:
        return results
    subs["order"] = np.arange(len(subs))
    ranked = subs.sort_values(["when", "order"], ascending=[False, True], na_position="last",
                              kind="stable")
    lost = ranked.duplicated(["ident", "wave"], keep="first")
    drop = ranked.loc[lost.to_numpy()].sort_values("order")
    for fi, rows in drop.groupby("file", sort=True)["row"]:
        _drop_rows(results[int(fi)], sorted(rows.tolist()))
    return results


def _drop_rows(r: SurveyResult, rows: list[int]) -> None:
    gone = r.respondents.iloc[rows]
    for line in gone["source_row"]:
        r.ledger.reject(int(line), "superseded", detail="answered again in another file")
    keep = ~r.respondents.index.isin(rows)
    ids = set(zip(gone["respondent_id"], gone["wave"], strict=True))
    r.answers = r.answers[[(a, w) not in ids for a, w in
                           zip(r.answers["respondent_id"], r.answers["wave"], strict=True)]]
    r.answers = r.answers.reset_index(drop=True)
    keep_text = np.array([(a, w) not in ids for a, w in
                          zip(r.free_text["respondent_id"], r.free_text["wave"],
                              strict=True)], dtype=bool)
    r.free_text = r.free_text.loc[keep_text].reset_index(drop=True)
    r.respondents = r.respondents[keep].reset_index(drop=True)
    acc = r.ledger.account(sha256=r.account.sha256, kind="survey", fmt=r.account.format,
                           rows_read=r.account.rows_read, accepted=len(r.respondents))
    acc.respondents_per_team = dict(Counter(r.respondents["team"]))
    acc.notes = r.account.notes
    r.account = acc
    r._identity = {}
