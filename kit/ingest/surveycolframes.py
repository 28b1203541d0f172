"""The tables of a survey export's accepted rows made by columns (for
:mod:`kit.ingest.surveybycols`): ``respondents`` and ``answers`` (the melt of the value
matrix, its texts laid out by numpy), the identity per respondent row, and the free text
scrubbed once per distinct cell; the same columns, dtypes and values as
:func:`~kit.ingest.surveyframes.survey_frames` makes row by row."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from ..textnorm import normalise
from .freetext import FREE_TEXT_COLUMNS, NameScrubber, free_text_value
from .surveyframes import ANSWER_COLUMNS, RESPONDENT_COLUMNS
from .surveytable import ColumnExport, Distinct

__all__ = ["frames", "open_answers"]


def _respondents(pseudonymizer, idents: list, lines: list, sha: str) -> list[str]:
    """The pseudonym of each respondent row: ``pseudonymizer.respondent`` of its identity's
    folded text (normalised once: folding ASCII text again changes nothing; all hashed in one
    loop), or for a row without one ``pseudonymizer.anonymous``."""
    norms = []
    for i in idents:
        if i is not None:
            norm = i.split(":", 1)[1]
            norms.append(norm if norm.isascii() else normalise(norm))
    done = iter(pseudonymizer.digests("respondent", norms))
    return ["R" + next(done) if i is not None else pseudonymizer.anonymous(sha, int(line))
            for i, line in zip(idents, lines, strict=True)]


def _kept(values: np.ndarray, final: np.ndarray) -> np.ndarray:
    """The rows ``final`` of ``values``: ``values`` itself when they are all its rows in order
    (no copy of a large matrix)."""
    if len(final) == len(values) and (not len(final) or
                                      (final[0] == 0 and (np.diff(final) == 1).all())):
        return values
    return values[final]


def _str_array(values: list[str], index: np.ndarray):
    """``values[index]`` as the store's text dtype, taken by pyarrow (no Python string per row;
    laying the bytes out with numpy cost up to 20 times as much for texts of unequal length)."""
    arr = pa.array(values, type=pa.large_string()).take(pa.array(index))
    return pd.array(arr, dtype="str")


def _texts(values: list):
    """A column of texts as the reading by rows' ``DataFrame`` infers it: the store's text
    dtype (``None`` as missing), or ``None`` objects when there is no text at all."""
    if all(v is None for v in values):
        return values
    return pd.array(pa.array(values, type=pa.large_string()), dtype="str")


def frames(export, org, pseudonymizer, rows, final, ident, team, role, waves, utc,
            answered, values, lines):
    """``respondents`` (``respondent_id``, ``board``, ``school``, ``team``, ``role``, ``wave``,
    ``submitted_at``, ``tool``, ``source_file``, ``source_row``, ``n_answered``), ``answers``
    (``respondent_id``, ``wave``, ``item``, ``value``) and the identity per respondent row of
    the rows kept (``final``, row positions)."""
    sha, fname = export.table.sha256, export.table.path.name
    rid = _respondents(pseudonymizer, ident[final].tolist(), lines[final].tolist(), sha)
    m = len(final)
    teams = team[final].tolist()
    of = {t: org.team(t).school for t in set(teams)}
    school = [of[t] for t in teams]
    one = np.zeros(m, dtype=np.int64)
    respondents = pd.DataFrame({
        "respondent_id": _texts(rid), "board": _str_array([org.board_id], one),
        "school": _texts(school), "team": _texts(teams),
        "role": _texts(role[final].tolist()), "wave": _texts(waves[final].tolist()),
        "submitted_at": utc if utc is not None else [],
        "tool": _str_array([export.tool], one), "source_file": _str_array([fname], one),
        "source_row": lines[final].astype(np.int64),
        "n_answered": answered[final].astype(np.int64)}, columns=RESPONDENT_COLUMNS, copy=False)
    if not m:               # as the reading by rows makes a frame of no rows
        respondents = pd.DataFrame([], columns=RESPONDENT_COLUMNS)
    if utc is None or not m:
        respondents["submitted_at"] = pd.to_datetime(respondents["submitted_at"], utc=True)
    idents = {k: i for k, i in enumerate(ident[final].tolist()) if i is not None}
    items = list(rows.items.values())
    k = len(items)
    each = np.repeat(np.arange(m, dtype=np.int32), k)          # (half the memory of int64)
    wave_list = waves[final].tolist()
    ans = pd.DataFrame({
        "respondent_id": _str_array(rid, each), "wave": _str_array(wave_list, each),
        "item": _str_array(items, np.tile(np.arange(k, dtype=np.int32), m)),
        "value": _kept(values, final).reshape(-1).astype("float64", copy=False)},
        columns=ANSWER_COLUMNS, copy=False)
    return respondents, ans, idents


def open_answers(export: ColumnExport, org, questions: dict[str, str], final: np.ndarray,
               respondents: pd.DataFrame, names) -> pd.DataFrame:
    """The scrubbed non-empty answers of the rows kept to the open ``questions``, each distinct
    cell scrubbed once: ``respondent_id``, ``wave``, ``board``, ``school``, ``team``,
    ``question``, ``text`` (:data:`~kit.ingest.freetext.FREE_TEXT_COLUMNS`)."""
    if not questions or not len(final):
        return pd.DataFrame(columns=FREE_TEXT_COLUMNS)
    who = export.meta.get("name") or Distinct([None], np.zeros(export.n, dtype=np.int64))
    scrubber = NameScrubber([str(v) for v in who.take(who.values).tolist() if v] + list(names))
    texts = []
    for key in questions:
        d = export.distinct(key)
        clean = []
        for raw in d.values:
            text = free_text_value(raw)
            clean.append(None if text is None else scrubber(text))
        texts.append(d.take(clean)[final])
    grid = np.stack(texts, axis=1)                      # rows kept x questions
    r, q = np.nonzero(~pd.isna(grid))
    if not len(r):
        return pd.DataFrame(columns=FREE_TEXT_COLUMNS)
    cols = {c: respondents[c].to_numpy(dtype=object)[r]
            for c in ("respondent_id", "wave", "board", "school", "team")}
    cols["question"] = np.asarray(list(questions.values()), dtype=object)[q]
    cols["text"] = grid[r, q]
    return pd.DataFrame({c: list(cols[c]) for c in FREE_TEXT_COLUMNS}, columns=FREE_TEXT_COLUMNS)
