"""``kit instrument export``: surveys made by the kit, for LimeSurvey (.lss), Qualtrics (.qsf) and
Microsoft/Google Forms (.xlsx to paste), and their response exports read back without a mapping.

Round trip per tool: export the survey, read the written file back as the tool would (codes,
labels, statements), write responses in the tool's documented response-export format (see
kit/ingest/formats/ and shared/reference/export_formats.md), ``kit ingest`` them without a
mapping file and compare every respondent's team, role and answer exactly. The structure checks
follow the tools' import code (tests/reference/instrument_export_sources.md).
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import openpyxl
import pytest

import kit
from kit import instrument
from kit.cli import main
from kit.errors import ArgumentError
from kit.ingest.kitsurvey import team_codes
from kit.ingest.org import load_org
from kit.ingest.surveycols import _ROLE_HEADERS, _TEAM_HEADERS
from kit.ingest.surveyvalues import ROLES, role_value
from kit.instrument.export import build, export_survey, statement_text
from kit.present.text import t
from kit.textnorm import normalise

INST = instrument.load()
WAVE = "2026-najaar"
HOSTILE_SCHOOL = '=HYPERLINK("http://x.example","klik")'
HOSTILE_TEAM = '<b>Onder</b> & "bouw" ]]> \x07'
ORG = f"""
board: {{id: B1, name: Bestuur}}
waves:
  - {{id: 2026-voorjaar, start: 2026-02-01, end: 2026-07-31}}
  - {{id: {WAVE}, label: {{nl: Najaar 2026, en: Autumn 2026}}, start: 2026-08-01, end: 2027-01-31}}
schools:
  - id: S1
    name: De Linde
    teams:
      - {{id: S1-OB, name: Onderbouw, size: 9}}
      - {{id: S1-BB, name: Bovenbouw, size: 9}}
  - id: S2
    name: {json.dumps(HOSTILE_SCHOOL)}
    teams:
      - {{id: S2-A, name: {json.dumps(HOSTILE_TEAM)}, size: 8}}
      - {{id: S2-B, name: "@SUM(A1)", size: 8}}
"""


ORG_FILE = Path(__file__).resolve().parents[1] / "sample_data" / "org.yml"


@pytest.fixture
def board(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_PSEUDONYM_KEY", "test-key-" + "x" * 32)
    monkeypatch.delenv("KIT_PSEUDONYM_KEY_FILE", raising=False)
    org = tmp_path / "org.yml"
    org.write_text(ORG, encoding="utf-8")
    return tmp_path, org


@pytest.fixture(params=["habits", "module"])
def asked(request, board, monkeypatch):
    """The board asks the habits only, or also the psychological-safety module (issue 15): the
    organisation file names it, and this module's instrument (``INST``) is the one with it."""
    if request.param == "module":
        tmp, org = board
        org.write_text(ORG + "modules: [psychological_safety]\n", encoding="utf-8")
        monkeypatch.setitem(globals(), "INST",
                            instrument.load(modules=["psychological_safety"]))
    return request.param


def _expected_team_labels(org_path) -> dict[str, str]:
    """Label of the team question -> team id, from the organisation file's names."""
    org = load_org(org_path)
    names = {s.id: s.name for s in org.schools}
    return {f"{names[tm.school]} - {tm.name}".replace("\x07", "\ufffd"): tm.id
            for tm in org.teams}


def _role_of_label(lang: str) -> dict[str, str]:
    """Label of the role question -> role (every role of the ingest's list has one)."""
    roles = {c.label: c.value for c in build(INST, load_org(ORG_FILE), WAVE, lang=lang).roles}
    assert sorted(roles.values()) == sorted(ROLES)
    return roles


def _item_of_text(lang: str, perspective: str = "team") -> dict[str, str]:
    return {normalise(statement_text(i, lang, perspective)): i.id for i in INST.all_items}


def _responses(teams: list[str], roles: list[str], n: int = 40, seed: int = 15):
    """Seeded responses: team, role, submission time and an answer (1-5 or None) per item."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        items = INST.all_items
        answers = {i.id: (None if rng.random() < 0.1 else rng.randint(1, 5)) for i in items}
        answers[items[k % len(items)].id] = rng.randint(1, 5)    # at least one
        when = dt.datetime(2026, 10, 5, 8, 0) + dt.timedelta(minutes=rng.randint(0, 60 * 24 * 20))
        out.append({"team": teams[k % len(teams)], "role": roles[k % len(roles)],
                    "when": when, "answers": answers})
    return out


def _ingest_and_compare(tmp_path, org, path, responses, first_row: int):
    store = tmp_path / "store"
    report = tmp_path / "ingest.json"
    assert main(["ingest", str(path), "--org", str(org), "--out", str(store),
                 "--json", str(report), "--quiet"]) == 0
    files = json.loads(report.read_text(encoding="utf-8"))["files"]
    assert [(f["rows_read"], f["accepted"]) for f in files] == [(len(responses), len(responses))]
    st = kit.store.open(store)
    resp = st.respondents.set_index("source_row")
    assert sorted(resp.index) == list(range(first_row, first_row + len(responses)))
    assert set(resp["wave"]) == {WAVE}
    answers = st.answers.pivot(index="respondent_id", columns="item", values="value")
    for k, r in enumerate(responses):
        row = resp.loc[first_row + k]
        assert (row["team"], row["role"]) == (r["team"], r["role"]), f"response {k}"
        got = answers.loc[row["respondent_id"]]
        want = {i: (np.nan if v is None else float(v)) for i, v in r["answers"].items()}
        assert {i: got[i] for i in want} == pytest.approx(want, nan_ok=True), f"response {k}"


# ------------------------------------------------------------------------------ LimeSurvey

def _lss_tables(path) -> dict[str, list[dict]]:
    root = ET.parse(path).getroot()
    return {table.tag: [{c.tag: (c.text or "") for c in row} for row in table.iter("row")]
            for table in root if table.find("rows") is not None}


def _lss_survey(path, org):
    """What LimeSurvey would hold after importing: per question its choices (kit value ->
    (answer code, answer text)), and per statement its column heading in the response export
    as code (``QCODE[SQCODE]``) and as full text (``question [subquestion]``)."""
    tb = _lss_tables(path)
    text = {r["qid"]: html.unescape(r["question"]) for r in tb["question_l10ns"]}
    label = {r["aid"]: html.unescape(r["answer"]) for r in tb["answer_l10ns"]}
    codes = {q["qid"]: q["title"] for q in tb["questions"]}
    choices: dict[str, dict[str, tuple[str, str]]] = {}
    for a in tb["answers"]:
        choices.setdefault(codes[a["qid"]], {})[label[a["aid"]]] = a["code"]
    items = _item_of_text("nl")
    columns = {items[normalise(text[sq["qid"]])]:
               (f"{codes[sq['parent_qid']]}[{sq['title']}]",
                f"{text[sq['parent_qid']]} [{text[sq['qid']]}]") for sq in tb["subquestions"]}
    teams = {_expected_team_labels(org)[lb]: (code, lb) for lb, code in choices["team"].items()}
    roles = {_role_of_label("nl")[lb]: (code, lb) for lb, code in choices["role"].items()}
    scale = {INST.scale.value_of(lb): (code, lb) for lb, code in
             next(v for k, v in choices.items() if k not in ("team", "role")).items()}
    questions = {q["title"]: text[q["qid"]] for q in tb["questions"]}
    return teams, roles, scale, columns, questions


@pytest.mark.parametrize("style", ["codes", "expression", "texts"])
def test_limesurvey_round_trip(board, style):
    """Headings 'Question code' (``H1[H101]``, or ``H1_H101`` with 'ExpressionScript code')
    with answer codes, or 'Full question text' with full answers."""
    tmp, org = board
    lss = export_survey("lss", org=org, wave=WAVE, out=tmp / "survey.lss")
    teams, roles, scale, columns, questions = _lss_survey(lss, org)
    assert set(teams) == {"S1-OB", "S1-BB", "S2-A", "S2-B"} and set(roles) == set(ROLES)
    assert set(columns) == {i.id for i in INST.all_items}
    assert {v: c for v, (c, _) in scale.items()} == {v: str(v) for v in range(1, 6)}
    responses = _responses(sorted(teams), sorted(roles))
    items = [i.id for i in INST.all_items]
    pick = 1 if style == "texts" else 0
    if style != "texts":
        lead = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate",
                "datestamp", "team", "role"]
    else:
        lead = ["Response ID", "Date submitted", "Last page", "Start language", "Seed",
                "Date started", "Date last action", questions["team"], questions["role"]]
    heads = [columns[i][pick] for i in items]
    if style == "expression":
        heads = [h.replace("[", "_").rstrip("]") for h in heads]
    rows = [lead + heads]
    for k, r in enumerate(responses, start=1):
        stamp = r["when"].strftime("%Y-%m-%d %H:%M:%S")
        rows.append([str(k), stamp, "6", "nl", str(1000 + k), stamp, stamp,
                     teams[r["team"]][pick], roles[r["role"]][pick],
                     *("" if r["answers"][i] is None else scale[r["answers"][i]][pick]
                       for i in items)])
    path = tmp / "results-survey.csv"          # CsvWriter: BOM, every value quoted, CRLF
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    _ingest_and_compare(tmp, org, path, responses, first_row=2)


def test_lss_follows_limesurvey_import_rules(board):
    tmp, org = board
    lss = export_survey("lss", org=org, wave=WAVE, out=tmp / "survey.lss")
    root = ET.parse(lss).getroot()
    assert root.tag == "document" and root.findtext("LimeSurveyDocType") == "Survey"
    assert int(root.findtext("DBVersion")) >= 400          # the *_l10ns tables (LimeSurvey 4+)
    langs = [e.text for e in root.find("languages")]
    assert langs == ["nl"]
    tb = _lss_tables(lss)
    for table in root:
        if table.find("rows") is not None:                 # every row has exactly the fields
            fields = [f.text for f in table.find("fields")]
            assert all([c.tag for c in row] == fields for row in table.iter("row")), table.tag
    survey = tb["surveys"][0]
    assert survey["sid"].isdigit() and survey["language"] == "nl" and survey["active"] == "N"
    assert (survey["anonymized"], survey["datestamp"], survey["ipaddr"]) == ("Y", "Y", "N")
    ls = tb["surveys_languagesettings"][0]
    assert ls["surveyls_language"] in langs and ls["surveyls_title"].startswith("Vijf")
    gids = {g["gid"] for g in tb["groups"]}
    assert gids == {g["gid"] for g in tb["group_l10ns"]}
    qids = {q["qid"]: q for q in tb["questions"]}
    assert all(q["gid"] in gids and q["parent_qid"] == "0" for q in qids.values())
    assert all(sq["parent_qid"] in qids for sq in tb["subquestions"])
    assert {r["qid"] for r in tb["question_l10ns"]} == \
        set(qids) | {sq["qid"] for sq in tb["subquestions"]}
    reserved = {"LANG", "SID", "SAVEDID", "TOKEN", "QID", "GID", "SGQ", "self", "that", "this"}
    titles = [q["title"] for q in qids.values()]
    assert len(set(titles)) == len(titles)
    for code in titles:                                    # Question::rules()
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", code) and len(code) <= 20
        assert code not in reserved
    for sq in tb["subquestions"]:
        assert re.fullmatch(r"[A-Za-z0-9]+", sq["title"]) and sq["title"] != "time"
    per_question: dict[tuple, list] = {}
    for a in tb["answers"]:                                # Answer::rules()
        assert re.fullmatch(r"[A-Za-z0-9]{1,5}", a["code"]) and a["qid"] in qids
        per_question.setdefault((a["qid"], a["scale_id"]), []).append(a["code"])
    assert all(len(set(c)) == len(c) for c in per_question.values())
    assert {a["aid"] for a in tb["answers"]} == {a["aid"] for a in tb["answer_l10ns"]}
    assert {q["type"] for q in qids.values()} == {"L", "F"}
    # no question asks for a name or an e-mail address: only lists and grids
    texts = " ".join(r["question"].casefold() for r in tb["question_l10ns"])
    assert "e-mail" not in texts and "naam" not in texts


def test_names_from_org_are_escaped_in_xml_and_json(board):
    tmp, org = board
    lss = export_survey("lss", org=org, wave=WAVE, out=tmp / "s.lss")
    raw = lss.read_text(encoding="utf-8")
    assert "<b>" not in raw and "]]>" not in raw and "\x07" not in raw
    answers = {html.unescape(r["answer"]) for r in _lss_tables(lss)["answer_l10ns"]}
    shown = f"{HOSTILE_SCHOOL} - {HOSTILE_TEAM}".replace("\x07", "\ufffd")
    assert shown in answers                                 # the name shows as typed
    assert any("&lt;b&gt;" in r["answer"] for r in _lss_tables(lss)["answer_l10ns"])  # as HTML
    qsf = export_survey("qsf", org=org, wave=WAVE, out=tmp / "s.qsf")
    doc = json.loads(qsf.read_text(encoding="utf-8"))
    team = next(e["Payload"] for e in doc["SurveyElements"]
                if e["Element"] == "SQ" and e["Payload"]["DataExportTag"] == "team")
    displays = [c["Display"] for c in team["Choices"].values()]
    assert html.escape(shown, quote=False) in displays and "<b>" not in qsf.read_text("utf-8")


# ------------------------------------------------------------------------------- Qualtrics

def _qsf_survey(path, org):
    doc = json.loads(path.read_text(encoding="utf-8"))
    sq = {e["Payload"]["DataExportTag"]: e["Payload"] for e in doc["SurveyElements"]
          if e["Element"] == "SQ"}

    def recodes(p):
        return {html.unescape(c["Display"]): (p["RecodeValues"][k], html.unescape(c["Display"]))
                for k, c in p["Choices"].items()}

    teams = {_expected_team_labels(org)[lb]: v for lb, v in recodes(sq["team"]).items()}
    roles = {_role_of_label("nl")[lb]: v for lb, v in recodes(sq["role"]).items()}
    items = _item_of_text("nl")
    columns, scale = {}, {}
    for tag, p in sq.items():
        if p["QuestionType"] != "Matrix":
            continue
        for k, c in p["Choices"].items():                 # default export name: TAG_CHOICEID
            columns[items[normalise(html.unescape(c["Display"]))]] = (
                f"{tag}_{k}", f"{html.unescape(p['QuestionText'])} - "
                              f"{html.unescape(c['Display'])}", f"{p['QuestionID']}_{k}")
        scale = {INST.scale.value_of(html.unescape(a["Display"])):
                 (p["RecodeValues"][k], html.unescape(a["Display"]))
                 for k, a in p["Answers"].items()}
    return sq, teams, roles, scale, columns


@pytest.mark.parametrize("values", ["numeric", "choice text"])
def test_qualtrics_round_trip(board, values, asked):
    tmp, org = board
    qsf = export_survey("qsf", org=org, wave=WAVE, out=tmp / "survey.qsf")
    sq, teams, roles, scale, columns = _qsf_survey(qsf, org)
    assert set(columns) == {i.id for i in INST.all_items}
    assert {v: c for v, (c, _) in scale.items()} == {v: str(v) for v in range(1, 6)}
    pick = 0 if values == "numeric" else 1
    status, finished = ("0", "1") if values == "numeric" else ("IP Address", "True")
    responses = _responses(sorted(teams), sorted(roles), seed=16)
    items = [i.id for i in INST.all_items]
    lead = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
            "Finished", "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName",
            "RecipientEmail", "ExternalReference", "LocationLatitude", "LocationLongitude",
            "DistributionChannel", "UserLanguage"]
    tz = '"timeZone":"Europe/Amsterdam"'
    ids = ['{"ImportId":"startDate",' + tz + '}', '{"ImportId":"endDate",' + tz + '}'] + \
        [f'{{"ImportId":"{x}"}}' for x in ("status", "ipAddress", "progress", "duration",
                                           "finished", "recordedDate", "_recordId",
                                           "recipientLastName", "recipientFirstName",
                                           "recipientEmail", "externalDataReference",
                                           "locationLatitude", "locationLongitude",
                                           "distributionChannel", "userLanguage")]
    rows = [lead + ["team", "role"] + [columns[i][0] for i in items],
            lead + [sq["team"]["QuestionText"], sq["role"]["QuestionText"]] +
            [columns[i][1] for i in items],
            ids + ['{"ImportId":"QID2"}', '{"ImportId":"QID3"}'] +
            [f'{{"ImportId":"{columns[i][2]}"}}' for i in items]]
    for k, r in enumerate(responses):
        start = r["when"].strftime("%Y-%m-%d %H:%M:%S")
        end = (r["when"] + dt.timedelta(minutes=7)).strftime("%Y-%m-%d %H:%M:%S")
        rows.append([start, end, status, "", "100", "420", finished, end, f"R_{k:015d}", "",
                     "", "", "", "", "", "anonymous", "NL", teams[r["team"]][pick],
                     roles[r["role"]][pick],
                     *("" if r["answers"][i] is None else scale[r["answers"][i]][pick]
                       for i in items)])
    path = tmp / "Vijf lerende gewoonten_December 3, 2026_09.12.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)
    _ingest_and_compare(tmp, org, path, responses, first_row=4)


def test_qsf_has_the_shape_qualtrics_imports(board):
    tmp, org = board
    doc = json.loads(export_survey("qsf", org=org, wave=WAVE, out=tmp / "s.qsf")
                     .read_text(encoding="utf-8"))
    assert set(doc) == {"SurveyEntry", "SurveyElements"}
    entry = doc["SurveyEntry"]
    assert re.fullmatch(r"SV_[A-Za-z0-9]{15}", entry["SurveyID"]) and entry["SurveyName"]
    assert entry["SurveyLanguage"] == "NL"
    els = doc["SurveyElements"]
    keys = {"SurveyID", "Element", "PrimaryAttribute", "SecondaryAttribute", "TertiaryAttribute",
            "Payload"}
    assert all(set(e) == keys and e["SurveyID"] == entry["SurveyID"] for e in els)
    kinds = [e["Element"] for e in els]
    assert all(kinds.count(k) == 1 for k in ("BL", "FL", "SO", "QC", "RS"))
    questions = {e["PrimaryAttribute"]: e["Payload"] for e in els if e["Element"] == "SQ"}
    qc = next(e for e in els if e["Element"] == "QC")
    assert int(qc["SecondaryAttribute"]) == len(questions)
    blocks = next(e for e in els if e["Element"] == "BL")["Payload"]
    in_blocks = [b["QuestionID"] for bl in blocks for b in bl["BlockElements"]]
    assert sorted(in_blocks) == sorted(questions)
    flow = next(e for e in els if e["Element"] == "FL")["Payload"]
    assert flow["Type"] == "Root" and {f["ID"] for f in flow["Flow"]} <= {b["ID"] for b in blocks}
    rs = next(e for e in els if e["Element"] == "RS")["PrimaryAttribute"]
    assert entry["SurveyActiveResponseSet"] == rs
    tags = [p["DataExportTag"] for p in questions.values()]
    assert len(set(tags)) == len(tags)
    for qid, p in questions.items():
        assert p["QuestionID"] == qid and re.fullmatch(r"QID\d+", qid)
        assert {"QuestionText", "QuestionType", "Selector", "Configuration"} <= set(p)
        if p["QuestionType"] in ("MC", "Matrix"):
            assert sorted(p["ChoiceOrder"]) == sorted(p["Choices"])
            assert set(p["RecodeValues"]) <= set(p.get("Answers") or p["Choices"])
            assert all(v.lstrip("-").isdigit() for v in p["RecodeValues"].values())
        if p["QuestionType"] == "Matrix":
            assert (p["Selector"], p["SubSelector"]) == ("Likert", "SingleAnswer")
            assert p["AnswerOrder"] == ["1", "2", "3", "4", "5"]
    assert {p["QuestionType"] for p in questions.values()} == {"DB", "MC", "Matrix"}  # no TE
    so = next(e for e in els if e["Element"] == "SO")["Payload"]
    assert so["AnonymizeResponse"] == "Yes"


# ---------------------------------------------------------------- Microsoft and Google Forms

def _sheet_questions(path):
    """The questions of the paste sheet: (text, [(kind, text), ...]) in order."""
    ws = openpyxl.load_workbook(path).worksheets[0]
    out = []
    for nr, kind, text, *_ in ws.iter_rows(min_row=2, values_only=True):
        if nr is not None:
            out.append((text, []))
        elif out:
            out[-1][1].append((kind, text))
    return out


def _forms_plan(path, org, lang: str = "nl"):
    qs = _sheet_questions(path)
    (team_q, team_choices), (role_q, role_choices), *grids = qs
    teams = {_expected_team_labels(org)[text]: text for _, text in team_choices}
    roles = {_role_of_label(lang)[text]: text for _, text in role_choices}
    items = _item_of_text(lang)
    statements = {}
    for question, rows in grids:
        for kind, text in rows:
            if kind == t("sheet_statement", lang):
                statements[items[normalise(text)]] = (question, text)
    scale = {INST.scale.value_of(text): text for kind, text in grids[0][1]
             if kind == t("sheet_scale_point", lang)}
    return team_q, role_q, teams, roles, statements, scale


def test_microsoft_forms_round_trip(board, asked):
    tmp, org = board
    sheet = export_survey("xlsx", org=org, wave=WAVE, out=tmp / "survey.xlsx")
    team_q, role_q, teams, roles, statements, scale = _forms_plan(sheet, org)
    assert set(statements) == {i.id for i in INST.all_items} and len(scale) == 5
    responses = _responses(sorted(teams), sorted(roles), seed=17)
    items = [i.id for i in INST.all_items]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
               team_q, role_q, *(statements[i][1] for i in items)])   # a Likert row: statement
    for k, r in enumerate(responses, start=1):
        ws.append([k, r["when"], r["when"] + dt.timedelta(minutes=6), "anonymous", None, None,
                   teams[r["team"]], roles[r["role"]],
                   *(None if r["answers"][i] is None else scale[r["answers"][i]] for i in items)])
    for row in ws.iter_rows():             # Forms writes answers as text, never as formulas
        for c in row:
            if isinstance(c.value, str):
                c.data_type = "s"
    path = tmp / "Vijf lerende gewoonten(1-40).xlsx"
    wb.save(path)
    _ingest_and_compare(tmp, org, path, responses, first_row=2)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_google_forms_round_trip(board, lang, asked):
    """A Dutch survey in a Dutch account, an English one in an English account."""
    tmp, org = board
    sheet = export_survey("xlsx", org=org, wave=WAVE, out=tmp / "survey.xlsx", lang=lang)
    team_q, role_q, teams, roles, statements, scale = _forms_plan(sheet, org, lang)
    assert set(statements) == {i.id for i in INST.all_items} and len(scale) == 5
    responses = _responses(sorted(teams), sorted(roles), seed=18)
    items = [i.id for i in INST.all_items]
    rows = [["Tijdstempel" if lang == "nl" else "Timestamp", team_q, role_q,
             *(f"{statements[i][0]} [{statements[i][1]}]" for i in items)]]
    noon = ("a.m.", "p.m.") if lang == "nl" else ("AM", "PM")
    for r in responses:
        w = r["when"]
        stamp = (f"{w:%Y/%m/%d} {(w.hour - 1) % 12 + 1}:{w:%M:%S} "
                 f"{noon[w.hour >= 12]} {'CEST' if w < dt.datetime(2026, 10, 25, 3) else 'CET'}")
        rows.append([stamp, teams[r["team"]], roles[r["role"]],
                     *("" if r["answers"][i] is None else scale[r["answers"][i]] for i in items)])
    path = tmp / "Vijf lerende gewoonten.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    _ingest_and_compare(tmp, org, path, responses, first_row=2)


def test_sheet_guards_names_against_formulas(board):
    tmp, org = board
    ws = openpyxl.load_workbook(export_survey("xlsx", org=org, wave=WAVE,
                                              out=tmp / "s.xlsx")).worksheets[0]
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for label in (f"{HOSTILE_SCHOOL} - {HOSTILE_TEAM}".replace("\x07", "\ufffd"),
                  "De Linde - Bovenbouw"):
        assert label in cells and cells[label].data_type == "s"
    assert cells[f"{HOSTILE_SCHOOL} - {HOSTILE_TEAM}".replace("\x07", "\ufffd")].quotePrefix
    assert not cells["De Linde - Bovenbouw"].quotePrefix
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


# -------------------------------------------------------------------- contents and options

def test_no_name_or_email_unless_the_board_asks(board):
    tmp, org = board
    plain = openpyxl.load_workbook(export_survey("xlsx", org=org, wave=WAVE, out=tmp / "a.xlsx"))
    asked = openpyxl.load_workbook(export_survey("xlsx", org=org, wave=WAVE, out=tmp / "b.xlsx",
                                                 collect_email=True))

    def setting(wb, name):
        return next(r[2] for r in wb.worksheets[1].iter_rows(values_only=True) if r[1] == name)

    assert setting(plain, t("set_ms_name")) == t("set_off")
    assert (setting(plain, t("set_start")), setting(plain, t("set_end"))) == \
        (dt.datetime(2026, 8, 1), dt.datetime(2027, 1, 31))        # the wave's dates
    assert setting(plain, t("set_g_email")) == t("set_g_email_off")
    assert setting(asked, t("set_ms_name")) == t("set_on")
    assert setting(asked, t("set_g_email")) == t("set_g_email_on")
    lss = _lss_tables(export_survey("lss", org=org, wave=WAVE, out=tmp / "b.lss",
                                    collect_email=True))
    assert lss["surveys"][0]["anonymized"] == "N"
    doc = json.loads(export_survey("qsf", org=org, wave=WAVE, out=tmp / "b.qsf",
                                   collect_email=True).read_text(encoding="utf-8"))
    so = next(e for e in doc["SurveyElements"] if e["Element"] == "SO")["Payload"]
    assert so["AnonymizeResponse"] == "No"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_team_and_role_questions_are_the_ones_ingest_knows(lang):
    assert normalise(t("survey_team_q", lang)) in _TEAM_HEADERS
    assert normalise(t("survey_role_q", lang)) in _ROLE_HEADERS
    assert all(role_value(label) == role for label, role in _role_of_label(lang).items())


def test_english_survey_has_english_statements_and_scale(board):
    tmp, org = board
    qs = _sheet_questions(export_survey("xlsx", org=org, wave=WAVE, out=tmp / "en.xlsx",
                                        lang="en"))
    assert qs[0][0] == "Which team do you work in?"
    texts = [text for _, rows in qs[2:] for kind, text in rows if kind == "Statement"]
    assert texts == [i.text("en", "team") for i in INST.items]   # the team's survey
    assert texts[9].startswith("Our school leader")             # H2_01: the team's view
    assert [text for kind, text in qs[2][1] if kind == "Scale point"] == INST.scale.labels("en")


def test_statement_text_is_the_one_source_of_wording():
    item = INST.item("H2_01")
    assert statement_text(item, "nl", "team") == item.team["nl"] == item.text("nl", "team")
    assert statement_text(item, "en", "leader") == item.en        # the article's own wording
    other = INST.item("H4_01")                                    # everyone's own statement
    assert statement_text(other, "nl", "team") == statement_text(other, "nl", "leader") == \
        other.nl
    with pytest.raises(ArgumentError, match="perspective"):
        statement_text(item, "nl", "parents")


def test_team_codes_do_not_move_when_a_team_is_added(board):
    tmp, org = board
    before = team_codes(load_org(org))
    grown = tmp / "grown.yml"
    grown.write_text(ORG.replace("teams:\n      - {id: S1-OB",
                                 "teams:\n      - {id: S1-AA, name: Extra, size: 3}\n"
                                 "      - {id: S1-OB"), encoding="utf-8")
    after = team_codes(load_org(grown))
    assert set(after) == set(before) | {"S1-AA"}
    assert {k: after[k] for k in before} == before


def test_cli_writes_the_survey_and_stops_on_bad_input(board, tmp_path, capsys):
    _, org = board
    out = tmp_path / "out" / "enquete.qsf"
    assert main(["instrument", "export", "--format", "qsf", "--org", str(org), "--wave", WAVE,
                 "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["SurveyEntry"]["SurveyLanguage"] == "NL"
    assert main(["instrument", "export", "--format", "qsf", "--org", str(org), "--wave", WAVE,
                 "--out", str(out)]) == 2                       # exists: never replaced silently
    assert main(["instrument", "export", "--format", "lss", "--org", str(org), "--wave",
                 "2030-najaar", "--out", str(tmp_path / "x.lss")]) == 2
    assert main(["instrument", "export", "--format", "lss", "--org", str(org), "--wave", WAVE,
                 "--out", str(tmp_path / "x.qsf")]) == 2
    err = capsys.readouterr().err
    assert "exists already" in err and "no wave '2030-najaar'" in err and "does not end in" in err
    assert "Traceback" not in err


def test_a_team_code_the_organisation_no_longer_has_is_a_rejected_row(board):
    tmp, org = board
    teams, roles, scale, columns, _ = _lss_survey(
        export_survey("lss", org=org, wave=WAVE, out=tmp / "survey.lss"), org)
    items = [i.id for i in INST.all_items]
    rows = [["id", "submitdate", "lastpage", "startlanguage", "seed", "team", "role",
             *(columns[i][0] for i in items)]]
    for k, team in enumerate(("S1-OB", "S2-B"), start=1):
        rows.append([str(k), "2026-10-12 10:00:00", "6", "nl", "1", teams[team][0],
                     roles["leerkracht"][0], *(["4"] * len(items))])
    path = tmp / "results.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";", quoting=csv.QUOTE_ALL).writerows(rows)
    smaller = tmp / "org-later.yml"                      # S2-B left the board after the survey
    smaller.write_text(ORG.replace('      - {id: S2-B, name: "@SUM(A1)", size: 8}\n', ""),
                       encoding="utf-8")
    assert "S2-B" not in {tm.id for tm in load_org(smaller).teams}
    report = tmp / "ingest.json"
    assert main(["ingest", str(path), "--org", str(smaller), "--out", str(tmp / "st"),
                 "--json", str(report), "--quiet"]) == 0
    (f,) = json.loads(report.read_text(encoding="utf-8"))["files"]
    assert (f["rows_read"], f["accepted"], f["rejected"]) == (2, 1, {"unknown_team": 1})
    assert f["respondents_per_team"] == {"S1-OB": 1}


def test_the_sample_board_in_every_format(tmp_path):
    org = ORG_FILE
    n_teams = len(load_org(org).teams)
    tb = _lss_tables(export_survey("lss", org=org, wave=WAVE, out=tmp_path / "s.lss"))
    team = next(q for q in tb["questions"] if q["title"] == "team")
    assert n_teams > 10 and team["type"] == "!"               # a drop-down for many teams
    assert sum(a["qid"] == team["qid"] for a in tb["answers"]) == n_teams
    doc = json.loads(export_survey("qsf", org=org, wave=WAVE, out=tmp_path / "s.qsf",
                                   lang="en").read_text(encoding="utf-8"))
    mc = next(e["Payload"] for e in doc["SurveyElements"]
              if e["Element"] == "SQ" and e["Payload"]["DataExportTag"] == "team")
    assert mc["Selector"] == "DL" and len(mc["Choices"]) == n_teams
    qs = _sheet_questions(export_survey("xlsx", org=org, wave=WAVE, out=tmp_path / "s.xlsx",
                                        perspective="leader"))
    assert len(qs[0][1]) == n_teams and len(qs) == 2 + len(INST.habits)
