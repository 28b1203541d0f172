"""The tables of a survey file's accepted rows: respondents, answers (built by columns: one
row per respondent and item) and the scrubbed free text."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .base import SurveyExport
from .freetext import FREE_TEXT_COLUMNS, NameScrubber, free_text_value

if TYPE_CHECKING:
    from .survey import Candidate

__all__ = ["ANSWER_COLUMNS", "RESPONDENT_COLUMNS", "survey_frames"]

RESPONDENT_COLUMNS = ["respondent_id", "board", "school", "team", "role", "wave", "submitted_at",
                      "tool", "source_file", "source_row", "n_answered"]
ANSWER_COLUMNS = ["respondent_id", "wave", "item", "value"]


def survey_frames(export: SurveyExport, final: list[Candidate], org, pseudonymizer,
                  questions: dict[str, str], names=()):
    """Respondents, answers, identity per respondent row and free text of the accepted rows
    (scrubbed of the names the export holds and of ``names``).

    Returns
    -------
    tuple
        ``respondents`` (:data:`RESPONDENT_COLUMNS`: ``respondent_id``, ``board``, ``school``,
        ``team``, ``role``, ``wave``, ``submitted_at``, ``tool``, ``source_file``,
        ``source_row``, ``n_answered``), ``answers`` (``respondent_id``, ``wave``, ``item``,
        ``value``), the identity per respondent row, and the free text
        (:data:`~kit.ingest.freetext.FREE_TEXT_COLUMNS`).
    """
    rows, idents, texts, per, items, values = [], {}, [], [], [], []
    scrubber = NameScrubber([str(r.meta["name"]) for r in export.records
                             if r.meta.get("name")] + list(names)) if questions else None
    fname = export.table.path.name
    for c in final:
        rid = (pseudonymizer.respondent(c.ident.split(":", 1)[1]) if c.ident
               else pseudonymizer.anonymous(export.table.sha256, c.rec.line))
        when = c.when
        if pd.notna(when):
            when = when.tz_localize("UTC") if when.tzinfo is None else when.tz_convert("UTC")
        rows.append({"respondent_id": rid, "board": org.board_id, "school": c.school,
                     "team": c.team, "role": c.role, "wave": c.wave,
                     "submitted_at": when, "tool": export.tool, "source_file": fname,
                     "source_row": c.rec.line, "n_answered": c.n})
        if c.ident:
            idents[len(rows) - 1] = c.ident
        per.append(len(c.values))
        items.extend(c.values)
        values.extend(c.values.values())
        for key, question in questions.items():
            text = free_text_value(c.rec.answers.get(key))
            if text is not None:
                texts.append({"respondent_id": rid, "wave": c.wave, "board": org.board_id,
                              "school": c.school, "team": c.team, "question": question,
                              "text": scrubber(text)})
    respondents = pd.DataFrame(rows, columns=RESPONDENT_COLUMNS)
    respondents["submitted_at"] = pd.to_datetime(respondents["submitted_at"], utc=True)
    ans = pd.DataFrame({       # one row per respondent and item, built by columns
        "respondent_id": pd.array(np.repeat(respondents["respondent_id"].to_numpy(object),
                                            per), dtype="str"),
        "wave": pd.array(np.repeat(respondents["wave"].to_numpy(object), per), dtype="str"),
        "item": pd.array(items, dtype="str"),
        "value": np.asarray(values, dtype="float64")}, columns=ANSWER_COLUMNS)
    return respondents, ans, idents, pd.DataFrame(texts, columns=FREE_TEXT_COLUMNS)
