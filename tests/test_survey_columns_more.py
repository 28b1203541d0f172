"""SurveyMonkey and generic exports read by columns give what the reading row by row gives
(kit.ingest.surveycolframes / surveybycols against process_survey_by_row): generated exports
that hit every rejection reason, free text and the roster, compared with
``tests.test_survey_columns.assert_same`` (respondents, answers, free text, ledger, accounts,
notes, identities, records)."""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

import pytest

from kit.ingest.fastcsv import ColumnRows
from kit.ingest.mapping import SourceMapping, load_mapping
from kit.ingest.roster import load_roster
from kit.ingest.table import read_table
from tests.export_helpers import write_xlsx
from tests.test_survey_columns import ORG, SAMPLE, assert_same

SM = "S04_2026-najaar_surveymonkey.csv"


def _sm_rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO((SAMPLE / SM).read_text(encoding="utf-8"))))


def _sm_every_reason(rows: list[list[str]]) -> list[list[str]]:
    """The sample's rows and rows that hit every rule, with an open question at the end."""
    head, sub, body = rows[0] + ["Toelichting"], rows[1] + ["Open-Ended Response"], rows[2:]
    n = len(rows[0])

    def row(k, **change):
        r = list(body[k % len(body)])[:n] + [""]
        for col, v in change.items():
            r[{"start": 2, "end": 3, "email": 5, "first": 6, "role": n - 1, "text": n}[col]] = v
        if change:                  # another answer: not the same response sent twice
            r[9] = next(a for a in labels if a != r[9])
        return r
    labels = sorted({r[c] for r in body for c in range(9, n - 1) if r[c]})
    out = [row(k) for k in range(len(body))]
    out += [list(out[0]),                                               # a duplicate
            row(1, end="10/20/2026 9:00:00 AM"),                        # the same person later
            row(2, email=" " + body[2][5].upper() + " "),               # and again, in capitals
            row(3, email="onbekend@example.nl"),                        # not in the roster
            row(4, email=""), row(5, email=""),                         # no identity
            row(6, end="13/45/2026 1:00:00 PM"), row(7, end=""),        # not a date, none
            row(8, end="01/13/1990 8:15:30 AM"),                        # no wave
            row(9, role="piet@example.nl"), row(10, role="=1+1"),       # e-mail / formula as role
            row(11, text=f"Bel {body[11][6]} op 06-12345678 of mail j.devries@school.nl"),
            row(12, text="=HYPERLINK(\"http://x\")")]
    blank = row(13)
    blank[9:n - 1] = [""] * (n - 10)
    out.append(blank)                                                   # no answers
    out.append(row(14) + ["te veel"])                                   # a ragged row
    return [head, sub] + out


def _write(path: Path, rows: list[list[str]]) -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@pytest.mark.parametrize("wave", [None, "2026-najaar"])
@pytest.mark.parametrize("free_text", [False, True])
@pytest.mark.parametrize("book", [False, True])
def test_generated_surveymonkey_every_reason(tmp_path, wave, free_text, book):
    rows = _sm_every_reason(_sm_rows())
    data = write_xlsx(tmp_path / SM.replace(".csv", ".xlsx"), rows) if book \
        else _write(tmp_path / SM, rows)
    sm = load_mapping(SAMPLE / "mapping.yml").for_file(SAMPLE / SM)
    sm = dataclasses.replace(sm, wave=wave)
    roster = load_roster(SAMPLE / "roster.csv", ORG)
    res = assert_same(data, sm, roster=roster, free_text=free_text)
    reasons = set(res.ledger.frame()["reason"])
    assert {"duplicate", "superseded", "no_answers", "ragged_row"} <= reasons, reasons
    assert len(res.respondents) >= len(_sm_rows()) - 4
    text = " ".join(map(str, res.ledger.frame()["detail"]))
    assert "onbekend@example.nl" not in text and "piet@example.nl" not in text
    assert "piet@example.nl" not in set(res.respondents["role"].dropna())
    if free_text:
        kept = " ".join(res.free_text["text"])
        assert "06-12345678" not in kept and "j.devries@school.nl" not in kept


def _generic_rows() -> list[list[object]]:
    """A board's own form: two title rows, then the header, rows that hit every rule, and an
    open question (the statements' texts as the instrument words them)."""
    from kit import instrument
    items = [i.nl for i in instrument.load().items][:12]
    labels = ["Mee oneens", "Neutraal", "Mee eens", "Helemaal mee eens"]
    width = 5 + len(items)
    head = ["Nummer", "Ingevuld op", "Mailadres", "Mijn team", "Toelichting"] + items

    def row(k, when="14-10-2025 19:16", email=None, team="OB", text="", answers=None):
        got = answers if answers is not None else \
            [labels[(k + j) % len(labels)] for j in range(len(items))]
        return [str(k), when, email if email is not None else f"p{k}@linde.voorbeeld.nl",
                team, text] + got
    body = [row(k, team=("OB", "MB", "BB")[k % 3]) for k in range(12)]
    body += [list(body[0]),                                          # a duplicate
             row(1, when="20-10-2025 09:00", team="MB",              # the same person, later
                 answers=[labels[j % len(labels)] for j in range(len(items))]),
             row(20, team=""), row(21, team="Unit 9"),               # no team, unknown team
             row(22, team="piet@example.nl"), row(23, team="=1+1"),
             row(24, when="45-13-2025 10:00"), row(25, when=""),     # not a date, none
             row(26, when="13-01-1990 08:00"),                       # no wave
             row(27, email=""), row(28, email="anoniem"),            # no identity
             row(29, text="Bel me op 06-12345678 of mail j.devries@school.nl"),
             row(30, answers=[""] * len(items)),                     # no answers
             row(31) + ["te veel"]]                                  # a ragged row
    title = ["Teamenquête lerende gewoonten De Linde"] + [""] * (width - 1)
    return [title, [""] * width, head] + body


@pytest.mark.parametrize("free_text", [False, True])
@pytest.mark.parametrize("book", [False, True])
@pytest.mark.parametrize("ragged", [False, True])
def test_generated_generic_every_reason(tmp_path, free_text, book, ragged):
    """With a ragged row and a blank line the CSV is read by rows (lists); without, by pyarrow
    into columns, the header found in them (after a title row) and the columns taken from
    there."""
    rows = _generic_rows()
    if not ragged:          # and no blank line: what pyarrow reads (the header the 2nd row)
        rows = rows[:1] + rows[2:-1]
    if book:
        data = write_xlsx(tmp_path / "eigen.xlsx", rows)
    else:
        out = io.StringIO()
        csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
        data = tmp_path / "eigen.csv"
        data.write_text(out.getvalue(), encoding="cp1252")
    sm = SourceMapping(file=data.name, school="S01", tool="generic",
                       columns={"response_id": "Nummer", "submitted_at": "Ingevuld op",
                                "email": "Mailadres", "team": "Mijn team"})
    if not book:
        assert isinstance(read_table(data).rows, ColumnRows) is not ragged
    res = assert_same(data, sm, free_text=free_text)
    reasons = set(res.ledger.frame()["reason"])
    assert {"duplicate", "superseded", "no_team", "unknown_team", "bad_date", "no_wave",
            "no_answers"} | ({"ragged_row"} if ragged else set()) <= reasons, reasons
    assert len(res.respondents) >= 12
    text = " ".join(map(str, res.ledger.frame()["detail"]))
    assert "piet@example.nl" not in text
    if free_text:
        kept = " ".join(res.free_text["text"])
        assert "06-12345678" not in kept and "j.devries@school.nl" not in kept
