"""Qualtrics and LimeSurvey exports read by columns give what the reading row by row gives
(``assert_same`` of tests/test_survey_columns.py: respondents, answers, free text, ledger,
accounts, notes, identities and records). Generated exports hit every exclusion the tools'
metadata gives (Qualtrics previews, tests, spam and unfinished responses by status code and
text; LimeSurvey's unsubmitted responses), dates the kit cannot read or that lie outside the
waves, the time zones of the Qualtrics import-id row (an unknown zone too), a ragged row past a
blank last heading, duplicates and later submissions, the LimeSurvey access token through a
participants list (:mod:`kit.ingest.participants`) and free text with names to scrub."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from kit.ingest.base import SourceOptions
from kit.ingest.mapping import SourceMapping, load_mapping
from kit.ingest.participants import StaffLookup, load_participants
from kit.ingest.registry import detect_reader
from kit.ingest.roster import load_roster
from kit.ingest.surveytable import ColumnExport
from kit.ingest.table import read_table
from tests.export_helpers import write_xlsx
from tests.test_exports_folder import ITEMS, PEOPLE, mapping_yml, participants_csv
from tests.test_survey_columns import ORG, SAMPLE, assert_same

QT = "S03_2025-najaar_qualtrics-numeric.csv"
LS = "results-survey248311.csv"
EXCLUSIONS = {"preview", "test", "spam", "incomplete"}


def _qt_rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO((SAMPLE / QT).read_text(encoding="utf-8"))))


def _write(path: Path, rows, *, quote_all: bool, delimiter: str = ",", bom: bool = False):
    out = io.StringIO()
    w = csv.writer(out, delimiter=delimiter, lineterminator="\n",
                   quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    w.writerows(rows)
    path.write_text(("\ufeff" if bom else "") + out.getvalue(), encoding="utf-8")
    return path


def _qualtrics(zones: tuple[str | None, str | None], free_text_col: bool) -> list[list[str]]:
    """The sample board's Qualtrics export with rows that hit every rule, the start and end
    times in ``zones`` (the import-id row's ``timeZone``; ``None``: none)."""
    rows = _qt_rows()
    head, data = rows[:3], [list(r) for r in rows[3:]]
    col = {tag: i for i, tag in enumerate(head[0])}
    for field, zone in zip(("StartDate", "EndDate"), zones, strict=True):
        info = {"ImportId": field[0].lower() + field[1:]}
        if zone is not None:
            info["timeZone"] = zone
        head[2][col[field]] = json.dumps(info, separators=(",", ":"))
    if free_text_col:
        head = [h + [t] for h, t in zip(head, ("Q6", "Wil je nog iets toelichten?",
                                               '{"ImportId":"QID6_TEXT"}'), strict=True)]
        data = [r + [""] for r in data]
    base = [r for r in data if r[col["Status"]] == "0" and r[col["RecipientEmail"]]]

    def row(k, **change):
        r = list(base[k % len(base)])
        for tag, v in change.items():
            r[col[tag]] = v
        return r
    out = data + [
        row(0, Status="1"), row(1, Status="17"), row(2, Status="2"), row(3, Status="8"),
        row(4, Status="9"), row(5, Status="Survey Preview"), row(6, Status=" 1.0 "),
        row(7, Status="IP Address"), row(8, Status="4"), row(9, Status="Spam"),
        row(10, Finished="0"), row(11, Finished="False"), row(12, Finished=""),
        row(13, Finished="0", Status="2"),                      # the status first
        row(14, EndDate="gisteren"), row(15, StartDate="31-31-2025 10:00", EndDate=""),
        row(16, EndDate="1990-10-13 08:15:30"), row(17, EndDate="2025-08-13 08:15:30"),
        row(18, EndDate="", StartDate=""),
        row(0), row(1, EndDate="2025-10-20 09:00:00", Q1_1="1"),  # duplicate, later one
        row(2, RecipientEmail="onbekend@example.nl"), row(3, RecipientEmail=""),
        row(4, RecipientEmail=" " + base[4][col["RecipientEmail"]].upper()),
    ]
    blank = row(5)
    for tag, i in col.items():
        if tag.startswith("Q") and "_" in tag:
            blank[i] = ""
    out.append(blank)                                            # no answers
    if free_text_col:             # in the export's own rows (base: the same lists)
        last = base[6][col["RecipientLastName"]]
        base[6][-1] = f"Groet van {last}, bel 06-12345678 of j.devries@school.nl \x07"
        base[8][-1] = "=HYPERLINK(\"http://x\") " + last
        base[9][-1] = "Prima. " + base[7][col["RecipientFirstName"]]
        out[-2][-1] = base[9][-1]
    return head + out


@pytest.mark.parametrize("zones", [("Europe/Amsterdam", "Europe/Amsterdam"),
                                   ("America/New_York", "UTC"), (None, None),
                                   ("Mars/Olympus", "Europe/Amsterdam")])
@pytest.mark.parametrize("free_text", [False, True])
@pytest.mark.parametrize("quote_all", [False, True])
def test_generated_qualtrics_every_reason(tmp_path, zones, free_text, quote_all):
    data = _write(tmp_path / QT, _qualtrics(zones, free_text), quote_all=quote_all)
    sm = load_mapping(SAMPLE / "mapping.yml").for_file(SAMPLE / QT)
    roster = load_roster(SAMPLE / "roster.csv", ORG)
    res = assert_same(data, sm, roster=roster, free_text=free_text)
    reasons = set(res.ledger.frame()["reason"])
    assert EXCLUSIONS <= reasons
    if zones[0] == "Mars/Olympus":          # no start time: only the end times are read
        assert len(res.respondents) > 0
    assert {"duplicate", "superseded", "no_team", "no_answers", "bad_date", "no_wave"} <= \
        reasons
    assert res.account.rows_read == res.account.accepted + len(res.ledger.frame())
    if free_text:
        kept = " ".join(res.free_text["text"])
        assert "06-12345678" not in kept and "j.devries@school.nl" not in kept
        assert len(res.free_text) >= 1
        rows = list(csv.reader(io.StringIO(data.read_text(encoding="utf-8"))))
        first = rows[0].index("RecipientFirstName")       # scrubbed as the last names are
        named = {r[first] for r in rows[3:] if r[first]} & set(kept.replace(".", " ").split())
        assert not named, named


@pytest.mark.parametrize("zones", [("Europe/Amsterdam", "Europe/Amsterdam"),
                                   ("America/New_York", "Asia/Tokyo")])
def test_generated_qualtrics_times_follow_the_import_id_zones(tmp_path, zones):
    """The stored submission time is the end time read in the import-id row's zone."""
    data = _write(tmp_path / QT, _qualtrics(zones, False), quote_all=True)
    sm = load_mapping(SAMPLE / "mapping.yml").for_file(SAMPLE / QT)
    res = assert_same(data, sm, roster=load_roster(SAMPLE / "roster.csv", ORG))
    row = res.respondents.iloc[0]
    table = read_table(data)
    line = table.lines.index(row["source_row"])
    end = table.rows[line][1]
    want = pd.Timestamp(end).tz_localize(zones[1]).tz_convert("UTC")
    assert row["submitted_at"] == want


@pytest.mark.parametrize("zone", [5, ["Europe/Amsterdam"], "../../etc/passwd", ""])
def test_generated_qualtrics_untrusted_zone(tmp_path, zone):
    """A ``timeZone`` of the import-id row that is no zone name: its dates cannot be read
    (``bad_date``), by columns as by rows, without a traceback."""
    rows = _qualtrics(("Europe/Amsterdam",) * 2, False)
    for i in (0, 1):
        info = json.loads(rows[2][i])
        info["timeZone"] = zone
        rows[2][i] = json.dumps(info)
    data = _write(tmp_path / QT, rows, quote_all=False)
    sm = load_mapping(SAMPLE / "mapping.yml").for_file(SAMPLE / QT)
    res = assert_same(data, sm, roster=load_roster(SAMPLE / "roster.csv", ORG))
    reasons = list(res.ledger.frame()["reason"])
    assert EXCLUSIONS <= set(reasons)
    assert (reasons.count("bad_date") > 20) is bool(zone)     # "": no zone, the kit's own


def test_generated_qualtrics_ragged_row_and_trailing_blank_column(tmp_path):
    """Qualtrics' empty last column is no heading; a cell in it makes the row ragged."""
    rows = [r + [""] for r in _qualtrics(("Europe/Amsterdam",) * 2, False)]
    rows[5][-1] = "te veel"
    rows[6][-1] = "   "
    sm = load_mapping(SAMPLE / "mapping.yml").for_file(SAMPLE / QT)
    roster = load_roster(SAMPLE / "roster.csv", ORG)
    for quote_all in (False, True):
        data = _write(tmp_path / QT, rows, quote_all=quote_all)
        res = assert_same(data, sm, roster=roster)
        ledger = res.ledger.frame()
        assert list(ledger[ledger["reason"] == "ragged_row"]["row"]) == [6]


def test_generated_qualtrics_workbook(tmp_path):
    """The Excel download (same header rows), its cells typed as a workbook holds them."""
    rows = _qualtrics(("Europe/Amsterdam", "Europe/Amsterdam"), True)
    typed = rows[:3] + [[int(v) if v.isdigit() and len(v) < 3 else
                         (v.replace("\x07", "") or None) for v in r] for r in rows[3:]]
    data = write_xlsx(tmp_path / QT.replace(".csv", ".xlsx"), typed)
    sm = load_mapping(SAMPLE / "mapping.yml").for_file(SAMPLE / QT)
    res = assert_same(data, sm, roster=load_roster(SAMPLE / "roster.csv", ORG), free_text=True)
    assert EXCLUSIONS <= set(res.ledger.frame()["reason"])


def test_generated_qualtrics_legacy_layout(tmp_path):
    """The legacy exporter's V1..V10 and two header rows, status and finished as numbers."""
    rows = _qualtrics(("Europe/Amsterdam",) * 2, False)
    col = {tag: i for i, tag in enumerate(rows[0])}
    legacy = {"ResponseId": "V1", "RecipientLastName": "V3", "RecipientEmail": "V5",
              "IPAddress": "V6", "Status": "V7", "StartDate": "V8", "EndDate": "V9",
              "Finished": "V10"}
    order = list(legacy)
    items = [t for t in rows[0] if t.startswith("Q") and "_" in t]
    out = [[legacy[t] for t in order] + items, ["ResponseID", *order[1:]] + rows[1][
        col[items[0]]:col[items[0]] + len(items)]]
    out[0][1:1] = ["V2"]
    out[1][1:1] = ["ResponseSet"]
    for r in rows[3:]:
        cells = [r[col[t]] for t in order]
        out.append([cells[0], "Default", *cells[1:], *(r[col[t]] for t in items)])
    data = _write(tmp_path / QT, out, quote_all=False)
    sm = load_mapping(SAMPLE / "mapping.yml").for_file(SAMPLE / QT)
    res = assert_same(data, sm, roster=load_roster(SAMPLE / "roster.csv", ORG))
    assert EXCLUSIONS <= set(res.ledger.frame()["reason"])


# --- LimeSurvey ------------------------------------------------------------------------------

def _limesurvey(tmp_path: Path, names: bool, *, heading: str = "code") -> Path:
    """A LimeSurvey responses export (``;``, every value quoted, BOM) whose rows hit every
    rule; with ``names`` the participant fields (first and last name, e-mail)."""
    people = {p[0]: p for p in PEOPLE}
    toks = list(people)
    who = ["firstname", "lastname", "email"] if names else []
    head = ["id", "submitdate", "lastpage", "startlanguage", "seed", "token", "startdate",
            "datestamp", *who, *ITEMS, "team", "OPM"]
    if heading == "full":
        head = ["Response ID", "Date submitted", "Last page", "Start language", "Seed",
                "Access code", "Date started", "Date last action",
                *(["First name", "Last name", "Email address"] if names else []),
                *(f"Ik doe mee [{c}]" for c in ITEMS), "In welk team werk je?",
                "Wil je nog iets toelichten?"]

    def row(n, tok, sub, start=None, answers=None, team="", text=""):
        p = people.get(tok, (tok, "Onbekend", "Persoon", "x@example.nl"))
        start = sub[:11] + "20:00:00" if start is None else start
        return [str(n), sub, "3", "nl", str(1000 + n), tok, start, sub,
                *((p[1], p[2], p[3]) if names else ()),
                *(answers or [f"A{1 + (n + i) % 5}" for i in range(5)]), team, text]
    body = [row(k + 1, tok, f"2025-10-{10 + k} 21:0{k}:00") for k, tok in enumerate(toks)]
    n = len(body)
    extra = [
        (toks[0], ""),                                          # not submitted: incomplete
        (toks[1], "1980-01-01 00:00:00"),                       # no dates stored: start date
        (toks[2], "gisteren"),                                  # bad date, not incomplete
        (toks[3], "2025-10-21 09:00:00"),                       # a later submission
        ("nO7tInThElIsT00", "2025-10-20 19:00:00"),             # no participant: no team
        ("", "2025-10-20 19:05:00"),                            # no token
        (toks[4], "1990-10-13 08:00:00"),                       # outside the waves
        (toks[2], "2025-08-13 08:00:00"),                       # no wave
    ]
    for tok, sub in extra:
        n += 1
        body.append(row(n, tok, sub, start="" if not sub else None))
    body.append(row(n + 1, toks[1], "1980-01-01 00:00:00", start="1980-01-01 00:00:00"))
    body.append(list(body[0]))                                  # duplicate submission
    body.append(row(n + 2, toks[2], "2025-10-22 10:00:00", answers=[""] * 5))   # no answers
    body.append(row(n + 3, toks[0], "2025-10-22 11:00:00", start="nooit"))
    body.append(row(n + 4, toks[1], "2025-10-22 12:00:00", team="Unit 9"))
    body.append(row(n + 5, "", "2025-10-22 12:30:00", team="Bovenbouw"))
    body.append(row(n + 6, toks[2], "2025-10-23 12:00:00",
                    text=f"Groeten van {PEOPLE[2][1]} {PEOPLE[2][2]}, 06-12345678, "
                         f"{PEOPLE[0][3]}; {PEOPLE[3][2]} weet ervan"))
    body.append(row(n + 7, "", "2025-10-23 13:00:00", text="=cmd|' /C calc'!A0 \x07"))
    body.append(row(n + 8, toks[3], "2025-10-23 14:00:00") + ["te veel"])     # ragged
    return _write(tmp_path / LS, [head, *body], quote_all=True, delimiter=";", bom=True)


def _ls_mapping(tmp_path: Path, heading: str):
    cfg = tmp_path / "mapping.yml"
    text = mapping_yml()
    if heading == "full":
        text = text.replace('"H1[SQ00', '"Ik doe mee [H1[SQ00').replace(']": H1', ']]": H1')
    cfg.write_text(text.replace("    items:", '    team_column: "team"\n    items:')
                   if heading == "code" else text.replace(
                       "    items:", '    team_column: "In welk team werk je?"\n    items:'),
                   encoding="utf-8")
    return load_mapping(cfg)


@pytest.mark.parametrize("names", [False, True])
@pytest.mark.parametrize("free_text", [False, True])
@pytest.mark.parametrize("heading", ["code", "full"])
@pytest.mark.parametrize("attributes", [("Team", "Functie"), ()])
def test_generated_limesurvey_every_reason(tmp_path, names, free_text, heading, attributes):
    data = _limesurvey(tmp_path, names, heading=heading)
    mp = _ls_mapping(tmp_path, heading)
    tokens = tmp_path / "tokens_248311.csv"
    tokens.write_bytes(participants_csv(PEOPLE, attributes=attributes))
    plist = load_participants(read_table(tokens), mp.for_file(tokens), ORG)
    roster = load_roster(SAMPLE / "roster.csv", ORG)
    res = assert_same(data, mp.for_file(data), roster=StaffLookup(roster, [plist]),
                      free_text=free_text)
    reasons = set(res.ledger.frame()["reason"])
    assert {"incomplete", "no_team", "no_answers", "unknown_team", "ragged_row"} <= reasons
    if attributes:           # else the tokens' people are unknown to the roster: no team
        assert {"bad_date", "no_wave", "duplicate", "superseded"} <= reasons
    assert res.account.rows_read == res.account.accepted + len(res.ledger.frame())
    assert len(res.respondents) > 0
    if free_text:
        kept = " ".join(res.free_text["text"])
        assert "06-12345678" not in kept and PEOPLE[0][3] not in kept
        assert PEOPLE[2][2] not in kept and PEOPLE[3][2] not in kept     # names scrubbed


def test_limesurvey_names_and_no_date_marker_by_columns(tmp_path):
    """First and last name are one ``name`` for scrubbing; the no-date marker is no time, and
    an unsubmitted response is incomplete while an unreadable date is not."""
    data = _limesurvey(tmp_path, True)
    table = read_table(data)
    sm = _ls_mapping(tmp_path, "code").for_file(data)
    export = detect_reader(table).read(table, SourceOptions.of(sm))
    assert isinstance(export, ColumnExport) and "_first" not in export.meta
    names = set(export.meta["name"].values)
    assert f"{PEOPLE[0][1]} {PEOPLE[0][2]}" in names
    subs = export.meta["submitted_at"]
    assert all(v is None or v.year != 1980 for v in subs.values)
    why = export.excluded.take(export.excluded.values).tolist()
    assert why.count("incomplete") == 1 and why[:6] == [None] * 6


def test_limesurvey_abbreviated_headings_same_message(tmp_path):
    """Abbreviated headings: the same advice (``export.fix``) by columns as by rows."""
    head = ["Response ID", "Date submitted", "Last page", "Start language", "Seed",
            "Access code", "Date started", "Date last actio..",
            *(f"Ik wil verbeteren en ik stre.. [{c[3:-1]}]" for c in ITEMS)]
    body = [[str(k), f"2025-10-1{k} 21:00:00", "3", "nl", "1", PEOPLE[k][0],
             f"2025-10-1{k} 20:00:00", f"2025-10-1{k} 21:00:00",
             *(f"A{1 + (k + i) % 5}" for i in range(5))] for k in range(3)]
    data = _write(tmp_path / LS, [head, *body], quote_all=True, delimiter=";", bom=True)
    sm = SourceMapping(file=LS, school="S04")
    err = assert_same(data, sm)
    assert "abbreviated" in str(err)


def test_limesurvey_read_by_pyarrow_ragged_past_a_blank_heading(tmp_path):
    """A quoted export read by pyarrow into columns (every row as wide as the header): a cell
    under a blank last heading makes the row ragged, as by rows; a blank one does not."""
    rows = list(csv.reader(io.StringIO(_limesurvey(tmp_path, False).read_text(
        encoding="utf-8-sig")), delimiter=";"))
    rows = [r for r in rows if len(r) == len(rows[0])]
    rows = [r + [""] for r in rows]
    rows[3][-1], rows[4][-1] = "te veel", "  "
    data = _write(tmp_path / LS, rows, quote_all=True, delimiter=";", bom=True)
    assert type(read_table(data).rows).__name__ == "ColumnRows"
    res = assert_same(data, _ls_mapping(tmp_path, "code").for_file(data))
    ledger = res.ledger.frame()
    assert list(ledger[ledger["reason"] == "ragged_row"]["row"]) == [4]
