"""Survey-format readers on realistic exports, including Dutch Excel round trips."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from export_helpers import ITEMS, run, write_csv

from kit.errors import InputError, KitError
from kit.ingest.base import SourceOptions, get_reader
from kit.ingest.table import read_table


def excel_roundtrip(path, rows, date_cols=()):
    """What Dutch Excel writes: ';', cp1252, CRLF, day-first dates without seconds."""
    out = []
    for k, row in enumerate(rows):
        row = list(row)
        for c in date_cols:
            if k and isinstance(row[c], dt.datetime):
                t = row[c]
                row[c] = f"{t.day}-{t.month}-{t.year} {t.hour}:{t.minute:02d}"
        out.append(row)
    return write_csv(path, out, delimiter=";", encoding="cp1252")


T1 = dt.datetime(2025, 10, 14, 9, 5, 33)
T2 = dt.datetime(2025, 10, 28, 15, 30, 0)


# ---------------------------------------------------------------- Qualtrics
def _qualtrics_rows(numeric=True, legacy=False):
    if legacy:
        head1 = ["V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9", "V10"] + \
            [f"Q1_{k}" for k in range(1, 7)] + ["Team"]
        head2 = ["ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress",
                 "IPAddress", "Status", "StartDate", "EndDate", "Finished"] + \
            [f"Stellingen - {i.nl}" for i in ITEMS] + ["In welk team werk je?"]
        rows = [head1, head2]
        for n, (st, fin) in enumerate([("0", "1"), ("1", "1"), ("0", "0"), ("0", "1")]):
            rows.append([f"R_{n}", "Default", "X", "", f"p{n}@voorbeeld.nl", "192.0.2.1", st,
                         "2025-10-14 09:00:00", "2025-10-14 09:10:00", fin] +
                        ["4", "5", "3", "2", "4", ""] + ["Onderbouw"])
        return rows
    lead = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
            "Finished", "RecordedDate", "ResponseId", "RecipientEmail"]
    tags = [f"Q1_{k}" for k in range(1, 7)] + ["Q9", ""]
    row2 = ["Anfangsdatum", "Enddatum", "Antworttyp", "IP-Adresse", "Fortschritt", "Dauer",
            "Beendet", "Aufgezeichnet", "Antwort-ID", "E-Mail"] + \
        [f"Op leren gericht zijn - {i.nl}" for i in ITEMS] + ["Team", ""]
    tz = '"timeZone":"America/New_York"'
    row3 = ['{"ImportId":"startDate",' + tz + '}', '{"ImportId":"endDate",' + tz + '}',
            '{"ImportId":"status"}', '{"ImportId":"ipAddress"}', '{"ImportId":"progress"}',
            '{"ImportId":"duration"}', '{"ImportId":"finished"}', '{"ImportId":"recordedDate"}',
            '{"ImportId":"_recordId"}', '{"ImportId":"recipientEmail"}'] + \
        [f'{{"ImportId":"QID1_{k}"}}' for k in range(1, 7)] + ['{"ImportId":"QID9"}', ""]
    rows = [lead + tags, row2, row3]
    statuses = [("0", "1"), ("1", "1"), ("2", "1"), ("8", "1"), ("0", "0"), ("4", "1")] if numeric \
        else [("IP Address", "True"), ("Survey Preview", "True"), ("Survey Test", "True"),
              ("Spam", "True"), ("IP Address", "False"), ("Imported", "True")]
    vals = ["4", "5", "3", "2", "4", ""] if numeric else \
        ["Mee eens", "Helemaal mee eens", "Neutraal", "Mee oneens", "mee eens", ""]
    for n, (st, fin) in enumerate(statuses):
        rows.append(["2025-10-14 09:00:00", "2025-10-14 09:12:00", st, "192.0.2.9", "100", "720",
                     fin, "2025-10-14 09:12:00", f"R_{n}", f"p{n}@voorbeeld.nl"] + vals +
                    ["Bovenbouw", ""])
    return rows


@pytest.mark.parametrize("numeric", [True, False])
def test_qualtrics(tmp_path, numeric):
    f = write_csv(tmp_path / "q.csv", _qualtrics_rows(numeric))
    name, export, res = run(f)
    assert name == "qualtrics" and export.header_rows == 3
    assert export.answer_format == ("codes" if numeric else "labels")
    assert res.account.rejected == {"preview": 1, "test": 1, "spam": 1, "incomplete": 1}
    assert res.account.accepted == 2 and set(res.respondents.team) == {"S01-BB"}
    a = res.answers[res.answers.respondent_id == res.respondents.respondent_id[0]]
    assert a.set_index("item").value.to_dict() == pytest.approx(
        {"H1_01": 4, "H1_02": 5, "H1_03": 3, "H1_04": 2, "H1_05": 4, "H1_06": float("nan")},
        nan_ok=True)
    # the time zone of row 3 is honoured: 09:12 New York = 13:12 UTC
    assert res.respondents.submitted_at[0].hour == 13


def test_qualtrics_legacy_and_roundtrip(tmp_path):
    name, export, res = run(write_csv(tmp_path / "legacy.csv", _qualtrics_rows(legacy=True)))
    assert name == "qualtrics" and export.header_rows == 2
    assert res.account.rejected == {"preview": 1, "incomplete": 1}
    rows = _qualtrics_rows(numeric=True)
    name, export, res = run(excel_roundtrip(tmp_path / "q_nl.csv", rows))
    assert name == "qualtrics" and res.account.accepted == 2


def test_qualtrics_without_import_row(tmp_path):
    rows = _qualtrics_rows()
    del rows[2]
    f = write_csv(tmp_path / "q.csv", rows)
    t = read_table(f)
    with pytest.raises(InputError, match="third header row"):
        get_reader("qualtrics").read(t, SourceOptions())


# ---------------------------------------------------------------- LimeSurvey
def _lime_bytes(headings="code", long_answers=False, sep=";"):
    codes = [f"G1[SQ00{k}]" for k in range(1, 7)]
    if headings == "full":
        qs = [f"Aspecten van op leren gericht zijn [{i.nl}]" for i in ITEMS]
        lead = ["Response ID", "Date submitted", "Last page", "Start language", "Seed",
                "Access code"]
    elif headings == "codetext":
        qs = [f"{c}. Aspecten [{i.nl}]" for c, i in zip(codes, ITEMS, strict=True)]
        lead = ["id. Response ID", "submitdate. Date submitted", "lastpage. Last page",
                "startlanguage. Start language", "seed. Seed", "token. Access code"]
    else:
        qs = codes
        lead = ["id", "submitdate", "lastpage", "startlanguage", "seed", "token"]
    ans = ["Mee eens", "Helemaal mee eens", "Neutraal", "Mee oneens", "Mee eens", None] \
        if long_answers else ["A4", "A5", "A3", "A2", "A4", None]
    recs = [lead + qs + ["Team"],
            ["1", "2025-10-14 09:10:00", "3", "nl", "123", "tok1"] + ans + ["Onderbouw"],
            ["2", None, "1", "nl", "456", "tok2"] + ans[:2] + [None] * 4 + ["Onderbouw"],
            ["3", "1980-01-01 00:00:00", "3", "nl", "789", "tok3"] + ans[:5] + [""] +
            ["Bovenbouw"]]
    text = "\r\n".join(sep.join("" if v is None else '"' + v.replace('"', '""') + '"'
                                for v in r) for r in recs) + "\r\n\r\n"
    return b"\xef\xbb\xbf" + text.encode("utf-8")


@pytest.mark.parametrize("headings", ["code", "full", "codetext"])
def test_limesurvey_headings(tmp_path, headings):
    f = tmp_path / "lime.csv"
    f.write_bytes(_lime_bytes(headings, long_answers=headings != "code"))
    items = {f"G1[SQ00{k}]": ITEMS[k - 1].id for k in range(1, 7)} if headings == "code" else {}
    codes = {f"A{k}": k for k in range(1, 6)} if headings == "code" else {}
    name, export, res = run(f, items=items, codes=codes, wave="2025-najaar")
    assert name == "limesurvey"
    assert res.account.rejected == {"incomplete": 1} and res.account.accepted == 2
    # the 1980 placeholder is not a date
    assert res.respondents.submitted_at.isna().sum() == 1
    rec = export.records[1]
    assert rec.answers[export.columns[2].key] is None     # NULL, never shown


def test_limesurvey_codes_need_the_mapping(tmp_path):
    f = tmp_path / "lime.csv"
    f.write_bytes(_lime_bytes("code"))
    with pytest.raises(InputError, match="no column of this file matches"):
        run(f, wave="2025-najaar")
    with pytest.raises(InputError, match="'A4'"):
        run(f, wave="2025-najaar", items={f"G1[SQ00{k}]": ITEMS[k - 1].id for k in range(1, 7)})


def test_limesurvey_comma_separator(tmp_path):
    f = tmp_path / "lime.csv"
    f.write_bytes(_lime_bytes("full", long_answers=True, sep=","))
    assert run(f, wave="2025-najaar")[2].account.accepted == 2


# ---------------------------------------------------------------- SurveyMonkey
def _monkey_rows():
    lead = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address",
            "Email Address", "First Name", "Last Name", "Custom Data 1"]
    top = lead + ["Welk team?"] + ["Hoe herkenbaar is dit voor jou?"] + [""] * 5 + ["Toelichting"]
    sub = [""] * 9 + ["Response"] + [i.nl for i in ITEMS] + ["Open-Ended Response"]
    rows = [top, sub]
    for n, when in enumerate(["10/14/2025 09:05:33 AM", "10/28/2025 03:30:00 PM"]):
        rows.append([str(118000 + n), "4321", when, when, "198.51.100.1", f"m{n}@voorbeeld.nl",
                     "Jan", "Smit", "", "Onderbouw", "Mee eens", "Helemaal mee eens", "Neutraal",
                     "Mee oneens", "Mee eens", "", "vrije tekst"])
    return rows


def test_surveymonkey(tmp_path):
    name, export, res = run(write_csv(tmp_path / "sm.csv", _monkey_rows()))
    assert name == "surveymonkey" and export.header_rows == 2
    assert res.account.accepted == 2 and set(res.respondents.team) == {"S01-OB"}
    assert res.respondents.submitted_at.dt.tz_convert("Europe/Amsterdam").dt.hour.tolist() == \
        [9, 15]
    assert len(res.unmatched_columns) == 1   # the free-text column is not stored
    assert "vrije tekst" not in res.answers.to_string()


def test_surveymonkey_missing_second_header(tmp_path):
    rows = _monkey_rows()
    del rows[1]
    with pytest.raises(InputError, match="second header row"):
        run(write_csv(tmp_path / "sm.csv", rows))


# ---------------------------------------------------------------- Microsoft Forms
@pytest.mark.parametrize("dutch", [True, False])
def test_msforms(tmp_path, dutch):
    head = ["ID", "Begintijd", "Tijd van voltooien", "E-mail", "Naam",
            "Tijd van laatste wijziging"] if dutch else \
        ["ID", "Start time", "Completion time", "Email", "Name"]
    head += ["Team", "Total points"] + [i.nl for i in ITEMS] + ["Points - " + ITEMS[0].nl]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Form1"
    ws.append(head)
    rows = [[1, T1, T1, "anonymous", None] + ([None] if dutch else []) +
            ["Bovenbouw", 0, "Mee eens", "Eens", "Neutraal", "Oneens", "Mee eens", "n.v.t.", 0],
            [2, T2, T2, "a@voorbeeld.nl", "A B"] + ([None] if dutch else []) +
            ["Onderbouw", 0, "Helemaal mee eens"] + [None] * 5 + [0]]
    for r in rows:
        ws.append(r)
    f = tmp_path / "forms.xlsx"
    wb.save(f)
    name, export, res = run(f)
    assert name == "msforms" and res.account.accepted == 2
    assert export.records[0].meta["email"] is None          # anonymous
    assert res.respondents.respondent_id.str[0].tolist() == ["A", "R"]
    v = res.answers.pivot(index="respondent_id", columns="item", values="value")
    assert v.loc[res.respondents.respondent_id[0]].tolist()[:6] == \
        pytest.approx([4, 4, 3, 2, 4, float("nan")], nan_ok=True)
    # Dutch Excel round trip of the same responses as CSV
    out = [head] + [[str(c) if c is not None else "" for c in r] for r in rows]
    for r in out[1:]:
        r[1] = r[2] = "14-10-2025 9:05"
    name, _, res2 = run(excel_roundtrip(tmp_path / "forms.csv", out))
    assert name == "msforms" and res2.account.accepted == 2


# ---------------------------------------------------------------- Google Forms
def test_google_english_and_dutch_roundtrip(tmp_path):
    head = ["Timestamp", "Email Address", "Which team do you work in?"] + \
        [f"Learning [{i.en}]" for i in ITEMS]
    rows = [head, ["2025/10/14 7:16:38 PM GMT+2", "g@voorbeeld.nl", "Onderbouw",
                   "Agree", "Strongly agree", "Neutral", "Disagree", "Agree", ""],
            ["2025/10/28 9:00:00 AM GMT+1", "h@voorbeeld.nl", "Bovenbouw",
             "Agree", "Agree", "Agree", "Agree", "Agree", "Agree"]]
    name, export, res = run(write_csv(tmp_path / "g.csv", rows, quote_all=True))
    assert name == "googleforms" and res.account.accepted == 2
    assert res.respondents.submitted_at.dt.hour.tolist() == [17, 8]     # UTC
    nl = [["Tijdstempel", "E-mailadres", "In welk team werk je?"] +
          [f"Op leren gericht [{i.nl}]" for i in ITEMS],
          ["14-10-2025 19:16", "g@voorbeeld.nl", "Onderbouw", "Mee eens", "Helemaal mee eens",
           "Neutraal", "Mee oneens", "Mee eens", ""]]
    f = write_csv(tmp_path / "g_nl.csv", nl, delimiter=";", encoding="cp1252")
    name, _, res = run(f)
    assert name == "googleforms" and res.account.accepted == 1
    assert res.respondents.submitted_at[0].isoformat() == "2025-10-14T17:16:00+00:00"


# ---------------------------------------------------------------- generic
def test_generic_with_title_rows(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Teamenquête lerende gewoonten"])
    ws.append([])
    ws.append(["Nummer", "Ingevuld op", "Mailadres", "Mijn team"] + [i.nl for i in ITEMS])
    ws.append([1, T1, "x@voorbeeld.nl", "OB"] + [4] * 6)
    ws.append([2, T2, "y@voorbeeld.nl", "BB"] + [5, 5, 4, 4, 3, None])
    f = tmp_path / "eigen.xlsx"
    wb.save(f)
    cols = {"response_id": "Nummer", "submitted_at": "Ingevuld op", "email": "Mailadres",
            "team": "Mijn team"}
    name, export, res = run(f, tool="generic", columns=cols)
    assert name == "generic" and res.account.accepted == 2
    assert sorted(res.respondents.team) == ["S01-BB", "S01-OB"]
    with pytest.raises(InputError, match="not in the header"):
        run(f, tool="generic", columns={**cols, "email": "E-mail"})


def test_unknown_tool_lists_known(tmp_path):
    with pytest.raises(KitError, match="limesurvey"):
        get_reader("typeform")


def test_ragged_rows_are_rejected(tmp_path):
    rows = _monkey_rows()
    rows[2] = rows[2] + ["spill", "over"]
    name, _, res = run(write_csv(tmp_path / "sm.csv", rows))
    assert res.account.rejected == {"ragged_row": 1}


def test_surveymonkey_and_limesurvey_after_dutch_excel(tmp_path):
    rows = _monkey_rows()
    rows[2][2] = rows[2][3] = "3-10-2025 9:05"        # day-first after the round trip
    rows[3][2] = rows[3][3] = "10/03/2025 09:05:00 AM"  # untouched US date: 3 October
    name, _, res = run(write_csv(tmp_path / "sm.csv", rows, delimiter=";", encoding="cp1252"))
    assert name == "surveymonkey"
    assert [t.date().isoformat() for t in res.respondents.submitted_at] == ["2025-10-03"] * 2
    f = tmp_path / "lime.csv"
    text = _lime_bytes("full", long_answers=True)[3:].decode("utf-8")
    text = text.replace('"', "").replace("2025-10-14 09:10:00", "14-10-2025 9:10")
    f.write_bytes(text.encode("cp1252"))
    name, _, res = run(f)      # the 1980 placeholder holds no date: no wave without --wave
    assert name == "limesurvey" and res.account.rejected == {"incomplete": 1, "no_wave": 1}
    name, _, res = run(f, wave="2025-najaar")
    assert res.account.accepted == 2
    assert res.respondents.submitted_at.dropna().iloc[0].isoformat() == "2025-10-14T07:10:00+00:00"
