"""Export variants that the survey tools' own documentation or source code describe.

Each test builds a small export in ``tmp_path`` (a string, or a workbook written with openpyxl)
the way the tool writes it under one of its export options, and checks that the reader takes it:
rows read = accepted + rejected (with a reason), or one :class:`~kit.errors.InputError` that
names file, row/column, what was expected and how to fix it. The sources are listed in
``docs/export_variants.md``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from export_helpers import ITEMS, run, write_csv, write_xlsx

from kit.errors import InputError
from kit.ingest.base import SourceOptions, get_reader
from kit.ingest.dates import parse_timestamp
from kit.ingest.table import read_table


def values_of(res, k=0):
    rid = res.respondents.respondent_id[k]
    a = res.answers[res.answers.respondent_id == rid]
    return a.set_index("item").value.reindex([i.id for i in ITEMS]).tolist()


LABELS = ["Mee eens", "Helemaal mee eens", "Neutraal", "Mee oneens", "Mee eens", ""]
EXPECT = [4, 5, 3, 2, 4, float("nan")]


# ------------------------------------------------------------------------------- Qualtrics
def _qualtrics(numeric=True, extra=()):
    """A current-format Qualtrics export (3 header rows); ``extra``: (tag, label, import id,
    value) of extra columns after the questions."""
    lead = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
            "Finished", "RecordedDate", "ResponseId", "RecipientEmail"]
    row2 = ["Begindatum", "Einddatum", "Type antwoord", "IP-adres", "Voortgang",
            "Duur (in seconden)", "Voltooid", "Opgenomen datum", "Antwoord-ID", "E-mailadres"]
    tz = '"timeZone":"Europe/Amsterdam"'
    row3 = ['{"ImportId":"startDate",' + tz + '}', '{"ImportId":"endDate",' + tz + '}',
            '{"ImportId":"status"}', '{"ImportId":"ipAddress"}', '{"ImportId":"progress"}',
            '{"ImportId":"duration"}', '{"ImportId":"finished"}',
            '{"ImportId":"recordedDate",' + tz + '}', '{"ImportId":"_recordId"}',
            '{"ImportId":"recipientEmail"}']
    tags = [f"Q1_{k}" for k in range(1, 7)] + ["Team"] + [e[0] for e in extra]
    row2 += [f"Op leren gericht zijn - {i.nl}" for i in ITEMS] + ["Team"] + [e[1] for e in extra]
    row3 += [f'{{"ImportId":"QID1_{k}"}}' for k in range(1, 7)] + ['{"ImportId":"Team"}'] + \
        [e[2] for e in extra]
    rows = [lead + tags, row2, row3]
    vals = ["4", "5", "3", "2", "4", ""] if numeric else LABELS
    for n, (st, fin) in enumerate([("0", "1"), ("1", "1"), ("0", "0")] if numeric else
                                  [("IP Address", "True"), ("Survey Preview", "True"),
                                   ("IP Address", "False")]):
        rows.append(["2025-10-14 09:00:00", "2025-10-14 09:12:00", st, "192.0.2.9",
                     "100" if fin in ("1", "True") else "40", "720", fin, "2025-10-14 09:12:00",
                     f"R_{n}abc", f"p{n}@voorbeeld.nl"] + vals + ["Bovenbouw"] +
                    [e[3] for e in extra])
    return rows


@pytest.mark.parametrize("numeric", [True, False])
def test_qualtrics_xlsx_export(tmp_path, numeric):
    """Qualtrics offers Excel as a download format with the same three header rows."""
    rows = _qualtrics(numeric)
    if numeric:       # Excel stores numbers as numbers
        for r in rows[3:]:
            r[2], r[4], r[6] = int(r[2]), int(r[4]), int(r[6])
            r[10:15] = [int(v) for v in r[10:15]]
    f = write_xlsx(tmp_path / "qualtrics.xlsx", rows)
    name, export, res = run(f)
    assert name == "qualtrics" and export.header_rows == 3
    assert res.account.accepted == 1
    assert res.account.rejected == {"preview": 1, "incomplete": 1}
    assert values_of(res) == pytest.approx(EXPECT, nan_ok=True)
    assert res.respondents.submitted_at[0].isoformat() == "2025-10-14T07:12:00+00:00"


def test_qualtrics_xlsx_with_real_datetimes_and_booleans(tmp_path):
    """Excel may hold the dates as datetimes and ``Finished`` as TRUE/FALSE."""
    rows = _qualtrics(numeric=False)
    for r in rows[3:]:
        r[0] = r[1] = r[7] = dt.datetime(2025, 10, 14, 9, 12)
        r[6] = r[6] == "True"
    f = write_xlsx(tmp_path / "qualtrics.xlsx", rows)
    name, export, res = run(f)
    assert res.account.accepted == 1
    assert res.account.rejected == {"preview": 1, "incomplete": 1}
    assert res.respondents.submitted_at[0].isoformat() == "2025-10-14T07:12:00+00:00"


def test_qualtrics_tsv_utf16(tmp_path):
    """The TSV download, tab-separated; UTF-16 with BOM assumed (unverified), UTF-8 also read."""
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter="\t", lineterminator="\r\n").writerows(_qualtrics())
    f = tmp_path / "qualtrics.tsv"
    f.write_bytes(buf.getvalue().encode("utf-16"))
    name, export, res = run(f)
    assert name == "qualtrics" and res.account.accepted == 1


def test_qualtrics_system_fields_are_not_free_text(tmp_path):
    """Fraud-detection and other ``Q_`` fields are metadata, never answers to open questions."""
    extra = [("Q_RecaptchaScore", "Q_RecaptchaScore", '{"ImportId":"Q_RecaptchaScore"}', "0.9"),
             ("Q_RelevantIDDuplicate", "Q_RelevantIDDuplicate",
              '{"ImportId":"Q_RelevantIDDuplicate"}', "false"),
             ("Q_RelevantIDFraudScore", "Q_RelevantIDFraudScore",
              '{"ImportId":"Q_RelevantIDFraudScore"}', "0"),
             ("Q_RelevantIDLastStartDate", "Q_RelevantIDLastStartDate",
              '{"ImportId":"Q_RelevantIDLastStartDate"}', "2025-10-14 09:00:00"),
             ("Q_TotalDuration", "Q_TotalDuration", '{"ImportId":"Q_TotalDuration"}', "720"),
             ("Q_BallotBoxStuffing", "Q_BallotBoxStuffing",
              '{"ImportId":"Q_BallotBoxStuffing"}', "false"),
             ("Q9", "Wil je nog iets kwijt?", '{"ImportId":"QID9_TEXT"}', "Fijn team"),
             ("SC0", "Score", '{"ImportId":"SC_abc"}', "12"),
             ("Q_Team", "Q_Team", '{"ImportId":"Q_Team"}', ""),     # the author's own field
             # display order of randomised choices and blocks ("Export randomized viewing
             # order"): never answers
             ("Q1_DO", "Op leren gericht zijn - Display Order", '{"ImportId":"QID1_DO"}',
              "QID1_3|QID1_1|QID1_2"),
             ("FL_6_DO", "FL_6 - Block Randomizer - Display Order",
              '{"ImportId":"FL_6_DO"}', "FL_7|FL_8")]
    f = write_csv(tmp_path / "q.csv", _qualtrics(extra=extra))
    name, export, res = run(f, free_text=True)
    assert res.account.accepted == 1
    assert sorted(res.free_text.question) == ["Wil je nog iets kwijt?"]
    assert [c.key for c in export.columns if c.key.startswith(("Q_", "SC"))] == ["Q_Team"]
    assert not [c.key for c in export.columns if c.key.endswith("_DO")]


# ------------------------------------------------------------------------------- SurveyMonkey
def _monkey(lead=("Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address",
                  "Email Address", "First Name", "Last Name", "Custom Data 1"),
            answers=("Mee eens", "Helemaal mee eens", "Neutraal", "Mee oneens", "Mee eens", "")):
    lead = list(lead)
    top = lead + ["Welk team?", "Hoe herkenbaar is dit voor jou?"] + [""] * 5
    sub = [""] * len(lead) + ["Response"] + [i.nl for i in ITEMS]
    meta = {"Respondent ID": "114178394873", "Collector ID": "431234567",
            "Start Date": "10/14/2025 09:05:33 AM", "End Date": "10/14/2025 09:15:00 AM",
            "IP Address": "198.51.100.1", "Email Address": "m@voorbeeld.nl",
            "First Name": "Jan", "Last Name": "Smit", "Custom Data 1": ""}
    return [top, sub, [meta[h] for h in lead] + ["Onderbouw"] + list(answers)]


def test_surveymonkey_xlsx_export(tmp_path):
    """SurveyMonkey's XLS(X) download has the same two header rows as its CSV."""
    rows = _monkey()
    rows[2][0] = 114178394873          # a number cell in Excel
    f = write_xlsx(tmp_path / "sm.xlsx", rows)
    name, export, res = run(f)
    assert name == "surveymonkey" and res.account.accepted == 1
    assert values_of(res) == pytest.approx(EXPECT, nan_ok=True)
    assert export.records[0].meta["response_id"] == 114178394873 or \
        str(export.records[0].meta["response_id"]) == "114178394873"


def test_surveymonkey_web_link_collector_without_contact_columns(tmp_path):
    """A web-link collector: no e-mail, name or custom data columns."""
    rows = _monkey(lead=("Respondent ID", "Collector ID", "Start Date", "End Date",
                         "IP Address"))
    name, export, res = run(write_csv(tmp_path / "sm.csv", rows))
    assert name == "surveymonkey" and res.account.accepted == 1
    assert res.respondents.submitted_at[0].isoformat() == "2025-10-14T07:15:00+00:00"


def test_surveymonkey_numerical_values(tmp_path):
    """'Numerical value' cells: the position of the chosen option (1..5 here)."""
    rows = _monkey(answers=("4", "5", "3", "2", "4", ""))
    name, export, res = run(write_csv(tmp_path / "sm.csv", rows))
    assert export.answer_format == "codes"
    assert values_of(res) == pytest.approx(EXPECT, nan_ok=True)


# ------------------------------------------------------------------------------- LimeSurvey
def _lime_rows(lead, heads, answers=("A4", "A5", "A3", "A2", "A4", "")):
    return [list(lead) + list(heads) + ["Team"],
            ["1", "2025-10-14 09:10:00", "3", "nl", "123", "tok1"] + list(answers) +
            ["Onderbouw"],
            ["2", None, "1", "nl", "456", "tok2"] + list(answers[:2]) + [None] * 4 +
            ["Onderbouw"]]


def _lime_csv(path, rows, sep=";"):
    text = "\r\n".join(sep.join("" if v is None else '"' + v.replace('"', '""') + '"'
                                for v in r) for r in rows) + "\r\n\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


CODE_LEAD = ["id", "submitdate", "lastpage", "startlanguage", "seed", "token"]
FULL_LEAD = ["Response ID", "Date submitted", "Last page", "Start language", "Seed",
             "Access code"]
CODES = {f"A{k}": k for k in range(1, 6)}


def test_limesurvey_xlsx_export(tmp_path):
    """LimeSurvey's Excel export: one header row, the same headings as the CSV."""
    rows = _lime_rows(CODE_LEAD, [f"G1[SQ00{k}]" for k in range(1, 7)])
    f = write_xlsx(tmp_path / "lime.xlsx", rows, title="Teamvragenlijst")
    items = {f"G1[SQ00{k}]": ITEMS[k - 1].id for k in range(1, 7)}
    name, export, res = run(f, items=items, codes=CODES, wave="2025-najaar")
    assert name == "limesurvey"
    assert res.account.accepted == 1 and res.account.rejected == {"incomplete": 1}
    assert values_of(res) == pytest.approx(EXPECT, nan_ok=True)


def test_limesurvey_expression_manager_codes(tmp_path):
    """'Use ExpressionScript code' writes ``G1_SQ001`` for ``G1[SQ001]``; a mapping written
    for either form applies to both."""
    rows = _lime_rows(CODE_LEAD, [f"G1_SQ00{k}" for k in range(1, 7)])
    f = _lime_csv(tmp_path / "lime.csv", rows)
    items = {f"G1[SQ00{k}]": ITEMS[k - 1].id for k in range(1, 7)}
    name, export, res = run(f, items=items, codes=CODES, wave="2025-najaar")
    assert res.account.accepted == 1
    assert values_of(res) == pytest.approx(EXPECT, nan_ok=True)
    # and the other way round
    rows = _lime_rows(CODE_LEAD, [f"G1[SQ00{k}]" for k in range(1, 7)])
    f = _lime_csv(tmp_path / "lime2.csv", rows)
    items = {f"G1_SQ00{k}": ITEMS[k - 1].id for k in range(1, 7)}
    name, export, res = run(f, items=items, codes=CODES, wave="2025-najaar")
    assert values_of(res) == pytest.approx(EXPECT, nan_ok=True)


def test_limesurvey_spaces_to_underscores(tmp_path):
    """'Convert spaces in question text to underscores' with full headings."""
    heads = [f"Aspecten van op leren gericht zijn [{i.nl}]".replace(" ", "_") for i in ITEMS]
    lead = [h.replace(" ", "_") for h in FULL_LEAD]
    rows = _lime_rows(lead, heads, answers=LABELS)
    rows[0][-1] = "In_welk_team_werk_je?"
    f = _lime_csv(tmp_path / "lime.csv", rows)
    name, export, res = run(f, wave="2025-najaar")
    assert name == "limesurvey"
    assert res.account.accepted == 1 and res.account.rejected == {"incomplete": 1}
    assert values_of(res) == pytest.approx(EXPECT, nan_ok=True)
    assert set(res.respondents.team) == {"S01-OB"}


def test_limesurvey_codetext_with_underscores(tmp_path):
    """Code + text headings: code, the separator '. ' (typed in the export form, kept as it
    is) and the text with underscores for spaces."""
    heads = [f"G1[SQ00{k}]. Aspecten_[{i.nl.replace(' ', '_')}]"
             for k, i in enumerate(ITEMS, start=1)]
    lead = [f"{c}. {h.replace(' ', '_')}" for c, h in zip(CODE_LEAD, FULL_LEAD, strict=True)]
    rows = _lime_rows(lead, heads, answers=LABELS)
    f = _lime_csv(tmp_path / "lime.csv", rows)
    name, export, res = run(f, wave="2025-najaar")
    assert name == "limesurvey" and res.account.accepted == 1
    assert values_of(res) == pytest.approx(EXPECT, nan_ok=True)


def test_limesurvey_abbreviated_headings_ask_for_another_export(tmp_path):
    """Abbreviated headings (15 characters and '.. ') cannot identify the statements."""
    def abbr(s, n=15):
        return s if len(s) <= n else s[:n] + ".. "
    heads = [f"{abbr('Aspecten van op leren gericht zijn')} [{abbr(i.nl)}]".strip()
             for i in ITEMS]
    lead = [abbr(h) for h in FULL_LEAD[:5]] + [abbr("Date last action")]
    rows = _lime_rows(lead, heads, answers=LABELS)
    f = _lime_csv(tmp_path / "lime.csv", rows)
    with pytest.raises(InputError) as err:
        run(f, wave="2025-najaar")
    msg = str(err.value)
    assert "lime.csv" in msg and "abbreviated" in msg and "Full question text" in msg
    # the metadata are still recognised, also when cut short
    export = get_reader("limesurvey").read(read_table(f), SourceOptions())
    assert len(export.columns) == 7        # 6 statements + the team question


# ------------------------------------------------------------------------------- Microsoft Forms
def test_msforms_english_quiz_export(tmp_path):
    """A quiz: Total points, Quiz feedback, then Points - / Feedback - per question."""
    head = ["ID", "Start time", "Completion time", "Email", "Name", "Total points",
            "Quiz feedback", "Last modified time", "Which team do you work in?",
            "Points - Which team do you work in?", "Feedback - Which team do you work in?"]
    for i in ITEMS:
        head += [i.en, f"Points - {i.en}", f"Feedback - {i.en}"]
    t = dt.datetime(2025, 10, 14, 9, 5, 33)
    row = [1, t, t, "anonymous", None, 0, None, None, "Onderbouw", None, None]
    for v in ["Agree", "Strongly agree", "Neutral", "Disagree", "Agree", None]:
        row += [v, None, None]
    f = write_xlsx(tmp_path / "forms.xlsx", [head, row], title="Form1")
    name, export, res = run(f)
    assert name == "msforms" and res.account.accepted == 1
    assert values_of(res) == pytest.approx(EXPECT, nan_ok=True)
    assert export.records[0].meta["email"] is None


# ------------------------------------------------------------------------------- Google Forms
def test_google_quiz_without_email(tmp_path):
    """A quiz form that does not collect e-mail: Timestamp, Score, questions."""
    head = ["Timestamp", "Score", "Which team do you work in?"] + \
        [f"Learning [{i.en}]" for i in ITEMS]
    rows = [head, ["2025/10/14 7:16:38 PM GMT+2", "0 / 0", "Onderbouw", "Agree",
                   "Strongly agree", "Neutral", "Disagree", "Agree", ""]]
    name, export, res = run(write_csv(tmp_path / "g.csv", rows, quote_all=True))
    assert name == "googleforms" and res.account.accepted == 1
    assert values_of(res) == pytest.approx(EXPECT, nan_ok=True)


@pytest.mark.parametrize("stamp, iso", [
    ("2025/10/14 19:16:38 CEST", "2025-10-14T17:16:38+00:00"),       # 24-hour clock
    ("2025/10/28 9:16:38 a.m. CET", "2025-10-28T08:16:38+00:00"),     # Dutch a.m./p.m.
    ("2025/10/14 7:16:38 PM GMT+02:00", "2025-10-14T17:16:38+00:00"),
    ("14-10-2025 19:16:38", "2025-10-14T17:16:38+00:00"),             # Dutch Sheet locale
    ("2025-10-14 19:16:38", "2025-10-14T17:16:38+00:00"),             # ISO
    ("2025-10-14T17:16:38.123Z", "2025-10-14T17:16:38+00:00"),
])
def test_google_timestamp_locales(tmp_path, stamp, iso):
    head = ["Tijdstempel", "E-mailadres", "In welk team werk je?"] + \
        [f"Op leren gericht [{i.nl}]" for i in ITEMS]
    rows = [head, [stamp, "g@voorbeeld.nl", "Onderbouw"] + LABELS]
    name, export, res = run(write_csv(tmp_path / "g.csv", rows, quote_all=True))
    assert res.account.accepted == 1
    assert res.respondents.submitted_at[0].isoformat() == iso


def test_parse_timestamp_examples():
    assert parse_timestamp("2025-10-14T17:16:38Z").utcoffset() == dt.timedelta(0)


def test_google_linked_sheet_as_xlsx(tmp_path):
    """The responses Sheet ('Form Responses 1') downloaded as .xlsx: real datetimes."""
    head = ["Timestamp", "Email Address", "Which team do you work in?"] + \
        [f"Learning [{i.en}]" for i in ITEMS]
    rows = [head, [dt.datetime(2025, 10, 14, 19, 16, 38), "g@voorbeeld.nl", "Onderbouw",
                   "Agree", "Strongly agree", "Neutral", "Disagree", "Agree", None]]
    f = write_xlsx(tmp_path / "responses.xlsx", rows, title="Form Responses 1")
    name, export, res = run(f)
    assert name == "googleforms" and res.account.accepted == 1
    assert values_of(res) == pytest.approx(EXPECT, nan_ok=True)
    assert res.respondents.submitted_at[0].isoformat() == "2025-10-14T17:16:38+00:00"
