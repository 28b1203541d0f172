"""Cells typed by people never reach the store as they are, and odd cells end in the kit's own
message (issue 14, part 1): role and team answers, far-off dates, an empty LimeSurvey heading,
an internal error that names its file, and two workbook oddities."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from kit import instrument as instrument_mod
from kit.ingest.run import ingest
from kit.ingest.surveyvalues import UNKNOWN_ROLE, role_value

ROOT = Path(__file__).resolve().parents[1]
MSFORMS = ROOT / "sample_data" / "S01_2025-najaar_msforms.xlsx"
EMAIL = "j.jansen@school.voorbeeld.nl"
PHONE = "06-12345678"

ORG = """\
board: {id: B1, name: Testbestuur}
waves:
  - {id: 2025-najaar, label: {nl: Najaar 2025, en: Autumn 2025}, start: 2025-09-01, end: 2026-01-31}
schools:
  - id: S1
    name: School Een
    teams:
      - {id: S1-A, name: Team A, size: 14, groups: ["1"]}
      - {id: S1-B, name: Team B, size: 6, groups: ["2"]}
  - id: S2
    name: School Twee
    teams:
      - {id: S2-C, name: Team C, size: 6, groups: ["3"]}
"""


@pytest.fixture
def board(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_PSEUDONYM_KEY", "test-key-" + "x" * 32)
    monkeypatch.delenv("KIT_PSEUDONYM_KEY_FILE", raising=False)
    org = tmp_path / "org.yml"
    org.write_text(ORG, encoding="utf-8")
    return tmp_path, org


def _write(path: Path, rows, delimiter=",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def _forms(path: Path, people) -> Path:
    """A Google Forms export: (team answer, role answer) per respondent."""
    inst = instrument_mod.load()
    head = (["Tijdstempel", "E-mailadres", "In welk team werk je?", "Wat is je functie?"]
            + [f"{inst.habit(i.habit).label('nl')} [{i.nl}]" for i in inst.items[:6]])
    rows = [head] + [[f"2025/10/{10 + n:02d} 9:00:00 a.m. CEST", f"p{n}@school.voorbeeld.nl",
                      team, role] + ["Eens"] * 6 for n, (team, role) in enumerate(people)]
    return _write(path, rows)


def _strings(tables: dict[str, pd.DataFrame]) -> str:
    """Every text cell of every table, joined."""
    out = []
    for df in tables.values():
        for col in df.columns:
            out.extend(str(v) for v in df[col].dropna() if isinstance(v, str))
    return "\n".join(out)


# --- 1. role and team answers ------------------------------------------------------------------

def test_role_vocabulary():
    assert role_value("Leerkracht") == "leerkracht"
    assert role_value(" IB'er ") == "intern begeleider"
    assert role_value("Bouwcoordinator") == "bouwcoördinator"
    assert role_value("teacher") == "leerkracht"
    assert role_value(None) is None and role_value("  ") is None
    for typed in (EMAIL, PHONE, "juf Anna", "x" * 500):
        assert role_value(typed) == UNKNOWN_ROLE


def test_role_answer_is_never_stored_as_typed(board):
    tmp, org = board
    data = _forms(tmp / "gf.csv", [("Team A", "Leerkracht"), ("Team A", EMAIL),
                                   ("Team B", PHONE), ("Team B", "juf Anna van groep 2")])
    res = ingest([data], org=org)
    roles = list(res.tables["respondents"]["role"])
    assert roles == ["leerkracht", UNKNOWN_ROLE, UNKNOWN_ROLE, UNKNOWN_ROLE]
    text = _strings(res.tables)
    for typed in (EMAIL, PHONE, "juf Anna"):
        assert typed not in text
    note = " ".join(res.accounts[0].notes)
    assert "3 role answer(s)" in note and EMAIL not in note and PHONE not in note


def test_unknown_team_answer_is_rejected_without_its_text(board):
    tmp, org = board
    data = _forms(tmp / "gf.csv", [("Team A", "leerkracht"), (EMAIL, "leerkracht"),
                                   (PHONE, None), ("Team C", "leerkracht")])
    res = ingest([data], org=org, mapping=_mapping(tmp, "gf.csv", "school: S1"))
    rej = res.tables["rejections"]
    assert list(rej["reason"]) == ["unknown_team"] * 3
    assert list(rej["row"]) == [3, 4, 5]
    assert rej["column"].iloc[0].endswith("In welk team werk je?")
    details = list(rej["detail"])
    assert details[0] == details[1] and "unknown team answer" in details[0]
    assert "S2-C" in details[2]              # a team the organisation file knows, elsewhere
    text = _strings(res.tables) + str(res.report())
    assert EMAIL not in text and PHONE not in text
    acc = res.accounts[0]
    assert acc.balanced and acc.accepted == 1


def _mapping(tmp: Path, name: str, line: str) -> Path:
    f = tmp / "mapping.yml"
    f.write_text(f"sources:\n  - file: '{name}'\n    {line}\n", encoding="utf-8")
    return f


def test_pupil_rejections_carry_no_cell_text(board):
    tmp, org = board
    rows = [["Leerlingnummer", "School", "Groep", "Datum", "Indicator", "Score"],
            ["1001", "School Een", "1", "20-11-2025", "Betrokkenheid", "3,5"],
            ["1002", EMAIL, "1", "20-11-2025", "Betrokkenheid", "3,5"],
            ["1003", "School Een", PHONE, "20-11-2025", "Betrokkenheid", "3,5"],
            ["1004", "School Een", "1", EMAIL, "Betrokkenheid", "3,5"],
            ["1005", "School Een", "1", "20-11-2025", "Betrokkenheid", PHONE]]
    data = _write(tmp / "obs.csv", rows, ";")
    res = ingest([data], org=org)
    rej = res.tables["rejections"]
    assert list(rej["reason"]) == ["unknown_school", "unknown_group", "bad_date", "bad_value"]
    assert EMAIL not in _strings(res.tables) and PHONE not in _strings(res.tables)


# --- 2. far-off dates ----------------------------------------------------------------------------

@pytest.mark.parametrize("when", ["0001-01-01", "9999-12-31", "1899-12-30", "2199-01-01"])
def test_observation_date_outside_the_waves_is_a_rejected_row(board, when):
    tmp, org = board
    rows = [["Leerlingnummer", "Groep", "Datum", "Indicator", "Score"],
            ["1001", "1", "2025-11-20", "Betrokkenheid", "3.5"],
            ["1002", "2", when, "Betrokkenheid", "3.5"],
            ["1003", "2", "2023-11-20", "Welbevinden", "3.1"]]    # an earlier school year: fine
    res = ingest([_write(tmp / "obs.csv", rows)], org=org,
                 mapping=_mapping(tmp, "obs.csv", "school: S1"))
    acc = res.accounts[0]
    assert (acc.rows_read, acc.accepted, acc.rejected) == (3, 2, {"bad_date": 1})
    rej = res.tables["rejections"]
    assert rej["row"].tolist() == [3] and "outside" in rej["detail"].iloc[0]
    assert len(res.tables["observations"]) == 2


def test_test_result_far_off_date_is_a_rejected_row(board):
    tmp, org = board
    rows = [["Leerlingnummer", "Groep", "Toets", "Afnamedatum", "Vaardigheidsscore"],
            ["1001", "1", "Rekenen-Wiskunde", "26-01-2026", "138,7"],
            ["1002", "1", "Rekenen-Wiskunde", "31-12-9999", "140,1"]]
    res = ingest([_write(tmp / "toetsen.csv", rows, ";")], org=org,
                 mapping=_mapping(tmp, "toetsen.csv", "school: S1"))
    acc = res.accounts[0]
    assert (acc.kind, acc.accepted, acc.rejected) == ("tests", 1, {"bad_date": 1})


@pytest.mark.parametrize("wave", [None, "2025-najaar"])
@pytest.mark.parametrize("when", ["0001-01-01 00:00:00", "9999-12-31 23:59:59"])
def test_survey_date_outside_the_waves_is_a_rejected_row(board, when, wave):
    """Was: with a fixed wave, 0001-01-01 was stored as 1972-12-31 (an overflow)."""
    tmp, org = board
    data = _forms(tmp / "gf.csv", [("Team A", "leerkracht"), ("Team B", "leerkracht")])
    rows = list(csv.reader(data.open(encoding="utf-8")))
    rows[1][0] = when
    _write(data, rows)
    res = ingest([data], org=org, wave=wave)
    acc = res.accounts[0]
    assert (acc.accepted, acc.rejected) == (1, {"bad_date": 1})
    assert res.tables["respondents"]["submitted_at"].dt.year.tolist() == [2025]


# --- 3. LimeSurvey column with an empty heading, free text on -----------------------------------

def test_limesurvey_empty_heading_with_free_text(board):
    tmp, org = board
    head = ["id", "submitdate", "lastpage", "startlanguage", "token", "T", "",
            *[f"H1[SQ00{k}]" for k in range(1, 7)], "", "Opmerking"]
    rows = [head] + [[str(n), "2025-10-13 21:29:58", "5", "nl", f"tok{n}", "Team A",
                      f"open antwoord {n}", *["A4"] * 6, "" if n % 2 else "nog iets", ""]
                     for n in range(1, 5)]
    data = _write(tmp / "lime.csv", rows, ";")
    mapping = tmp / "mapping.yml"
    items = "".join(f"      'H1[SQ00{k}]': H1_0{k}\n" for k in range(1, 7))
    mapping.write_text("sources:\n  - file: 'lime.csv'\n    school: S1\n    team_column: T\n"
                       f"    codes: {{A1: 1, A2: 2, A3: 3, A4: 4, A5: 5}}\n    items:\n{items}",
                       encoding="utf-8")
    res = ingest([data], org=org, mapping=mapping, free_text=True)
    ft = res.tables["free_text"]
    assert res.accounts[0].accepted == 4
    assert set(ft["text"]) == {"open antwoord 1", "open antwoord 2", "open antwoord 3",
                               "open antwoord 4", "nog iets"}
    assert set(ft["question"]) == {"column 7 (no heading)", "column 14 (no heading)"}


# --- 4. an internal error names the file ---------------------------------------------------------

def _run_kit(*args: str, env: dict | None = None):
    e = {**os.environ, **(env or {})}
    e.pop("KIT_DEBUG", None)
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True,
                          env=e, timeout=300)


def test_internal_error_names_the_file(board):
    tmp, org = board
    data = _forms(tmp / "gf.csv", [("Team A", "leerkracht")])
    code = ("import sys, xml.etree.ElementTree as ET\n"
            "import kit.ingest.survey as s\n"
            "def boom(*a, **k):\n"
            "    raise ET.ParseError('not well-formed (invalid token): line 1, column 0')\n"
            "s.process_survey = boom\n"
            "import kit.ingest.base\n"
            "kit.ingest.base.process_survey = boom\n"
            "from kit.cli import main\n"
            "sys.exit(main(sys.argv[1:]))\n")
    r = _run_kit("-c", code, "ingest", str(data), "--org", str(org), "--out", str(tmp / "st"),
                 env={"KIT_PSEUDONYM_KEY": "test-key-" + "x" * 32})
    assert r.returncode == 1, r.stderr
    assert "internal error" in r.stderr and "gf.csv" in r.stderr and "ParseError" in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not (tmp / "st").exists()


def test_bad_input_still_exits_2_naming_the_file(board):
    tmp, org = board
    data = tmp / "broken.xlsx"
    data.write_bytes(b"PK\x03\x04 not a workbook")
    r = _run_kit("-m", "kit.cli", "ingest", str(data), "--org", str(org), "--out",
                 str(tmp / "st"), env={"KIT_PSEUDONYM_KEY": "test-key-" + "x" * 32})
    assert r.returncode == 2 and "broken.xlsx" in r.stderr and "Traceback" not in r.stderr


# --- 5. workbook oddities through the whole ingest ----------------------------------------------

def _rezip(dst: Path, change) -> Path:
    with zipfile.ZipFile(MSFORMS) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            z.writestr(info.filename, change(info.filename, zin.read(info)))
    return dst


@pytest.mark.parametrize("change", [
    lambda n, c: c.replace(b"</sheetData>", b'<row r="400"><c r="A400" t="d"><v>3.27</v></c>'
                           b"</row></sheetData>") if n.endswith("sheet1.xml") else c,
    lambda n, c: re.sub(rb"<fill>.*?</fill>", b"<fill/>", c, count=1, flags=re.S)
    if n.endswith("styles.xml") else c,
], ids=["date-cell-3.27", "empty-fill"])
def test_workbook_oddities_ingest(tmp_path, monkeypatch, change):
    monkeypatch.setenv("KIT_PSEUDONYM_KEY", "test-key-" + "x" * 32)
    sd = ROOT / "sample_data"
    data = _rezip(tmp_path / MSFORMS.name, change)
    res = ingest([data], org=sd / "org.yml", roster=sd / "roster.csv",
                 mapping=sd / "mapping.yml")
    plain = ingest([MSFORMS], org=sd / "org.yml", roster=sd / "roster.csv",
                   mapping=sd / "mapping.yml")
    acc, ref = res.accounts[0], plain.accounts[0]
    assert acc.balanced and acc.accepted == ref.accepted
