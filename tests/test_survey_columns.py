"""Survey exports read by columns (kit.ingest.surveytable, kit.ingest.surveybycols) give what
the reading row by row gives (the reference, process_survey_by_row): the same respondents,
answers and free text (columns, dtypes, values), the same rejections with the same reasons,
columns and details, the same accounts and notes, and the same messages for bad input. Checked
on every survey export of the sample board and on generated Google Forms and Microsoft Forms
exports that hit every rejection reason and every note; and the quoted CSV read by pyarrow
gives exactly the rows, lines and cells of the csv module's reading."""

from __future__ import annotations

import csv
import datetime as dt
import inspect
import io
import random
from pathlib import Path

import pandas as pd
import pytest

from kit import instrument
from kit.errors import InputError
from kit.ingest import table as table_mod
from kit.ingest.base import SourceOptions
from kit.ingest.kitsurvey import recognise
from kit.ingest.mapping import SourceMapping, load_mapping
from kit.ingest.org import load_org
from kit.ingest.registry import choose_reader, detect_reader
from kit.ingest.roster import load_roster
from kit.ingest.survey import process_survey
from kit.ingest.surveycsv import read_quoted_columns
from kit.ingest.surveytable import ColumnExport
from kit.ingest.table import read_table
from kit.pseudonym import Pseudonymizer
from tests.export_helpers import write_xlsx

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
INST = instrument.load()
ORG = load_org(SAMPLE / "org.yml")
PSEUDO = Pseudonymizer(b"test-key-0123456789")
GF = "S02_2025-najaar_googleforms.csv"
MS = "S01_2025-najaar_msforms.xlsx"


def _result(path: Path, sm: SourceMapping, by_rows: bool, **kw):
    table = read_table(path)
    reader = choose_reader(table, kind=sm.kind, tool=sm.tool)
    if "by_rows" in inspect.signature(reader.read).parameters:       # it reads by columns
        export = reader.read(table, SourceOptions.of(sm), by_rows=by_rows)
        assert isinstance(export, ColumnExport) is not by_rows
    else:
        export = reader.read(table, SourceOptions.of(sm))
    sm = recognise(export, INST, ORG, sm)
    try:
        return process_survey(export, instrument=INST, org=ORG, mapping=sm,
                              pseudonymizer=PSEUDO, **kw), export
    except InputError as err:
        return err, export


def assert_same(path: Path, sm: SourceMapping, **kw):
    """Both readings of ``path`` agree; returns the result by columns."""
    cols, ce = _result(path, sm, False, **kw)
    rows, re_ = _result(path, sm, True, **kw)
    if isinstance(rows, InputError):
        assert isinstance(cols, InputError)
        assert (str(cols), cols.where) == (str(rows), rows.where)
        return cols
    assert not isinstance(cols, InputError), cols
    for name in ("respondents", "answers", "free_text"):
        pd.testing.assert_frame_equal(getattr(cols, name), getattr(rows, name),
                                      check_exact=True)
    pd.testing.assert_frame_equal(cols.ledger.frame(), rows.ledger.frame())
    assert cols.account.as_dict() == rows.account.as_dict()
    assert cols.unmatched_columns == rows.unmatched_columns
    assert cols._identity == rows._identity
    if isinstance(ce, ColumnExport):          # the records the export by columns gives
        assert [(r.index, r.line, r.answers, r.exclude) for r in ce.records] == \
            [(r.index, r.line, r.answers, r.exclude) for r in re_.records]
        assert [{k: v for k, v in r.meta.items() if k != "_bad_date"} for r in ce.records] \
            == [{k: v for k, v in r.meta.items() if k != "_bad_date"} for r in re_.records]
    return cols


SURVEYS = sorted(p.name for p in SAMPLE.iterdir()
                 if any(t in p.name for t in ("forms", "qualtrics", "lime", "monkey")))


@pytest.mark.parametrize("name", SURVEYS)
@pytest.mark.parametrize("free_text", [False, True])
def test_sample_board_exports_agree(name, free_text):
    mp = load_mapping(SAMPLE / "mapping.yml")
    roster = load_roster(SAMPLE / "roster.csv", ORG)
    res = assert_same(SAMPLE / name, mp.for_file(SAMPLE / name), roster=roster,
                      free_text=free_text)
    assert len(res.respondents) > 0


def _gf_rows() -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO((SAMPLE / GF).read_text(encoding="utf-8"))))
    return rows[0], rows[1:]


def _write_gf(path: Path, header, body, extra_col: str | None = None) -> Path:
    out = io.StringIO()
    w = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(header + ([extra_col] if extra_col else []))
    w.writerows(body)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _every_reason(header, body, role: bool) -> list[list[str]]:
    """Rows of a Google Forms export that hit every rule (with a role column when ``role``)."""
    first, n = body[0], len(header)
    def row(k, **change):
        r = list(body[k % len(body)])[:n]
        for col, v in change.items():
            r[{"when": 0, "email": 1, "team": 2}[col]] = v
        return r + (["Leerkracht groep 5"] if role else [])
    out = [row(0), list(first) + (["Leerkracht groep 5"] if role else []),   # duplicate
           row(1, email=first[1].upper()),                                   # same person
           row(2, team=""), row(3, team="Unit 9-10"),                        # no / unknown team
           row(4, team="piet@example.nl"), row(5, team="=HYPERLINK(\"x\")"),
           row(6, team="Bovenbouw"),                                         # another school's
           row(7, when="gisteren"), row(8, when="1990/10/13 8:15:30 a.m. CEST"),
           row(9, when="2025/08/13 8:15:30 a.m. CEST"),                     # no wave
           row(10, email=""), row(10, email=""),                             # anonymous twice
           row(11, email="anonymous"), row(12, email=" K.Maas@hetkompas.voorbeeld.nl "),
           row(13, when="")]
    blank = row(14)
    blank[3:n - 1] = [""] * (n - 4)
    out.append(blank)                                                        # no answers
    text = row(15)
    text[n - 1] = ("Bel me op 06-12345678 of mail j.devries@school.nl \x07; "
                   "=cmd|' /C calc'!A0 groet, Jan de Vries")
    out.append(text)
    out.append(row(17))
    out[-1][n - 1] = out[-2][n - 1]                                         # same text again
    if role:
        out[14][-1] = "k.maas@hetkompas.voorbeeld.nl"                     # e-mail as role
        out[-2][-1] = "IB'er"
        out[15][-1] = "06-12345678"
        out[0][-1] = ""
        out[4][-1] = "=1+1"
    return out


@pytest.mark.parametrize("role", [False, True])
@pytest.mark.parametrize("wave", [None, "2025-najaar"])
@pytest.mark.parametrize("free_text", [False, True])
def test_generated_google_forms_every_reason(tmp_path, role, wave, free_text):
    header, body = _gf_rows()
    rows = _every_reason(header, body, role)
    data = _write_gf(tmp_path / GF, header, rows, "Wat is je functie?" if role else None)
    sm = SourceMapping(file=GF, school="S02", team_column="Bij welke unit werk je?",
                       role_column="Wat is je functie?" if role else None, wave=wave)
    res = assert_same(data, sm, free_text=free_text)
    reasons = set(res.ledger.frame()["reason"])
    assert {"duplicate", "superseded", "no_team", "unknown_team", "no_answers"} <= reasons
    if wave is None:
        assert {"bad_date", "no_wave"} <= reasons
    text = " ".join(map(str, res.ledger.frame()["detail"]))
    assert "piet@example.nl" not in text and "HYPERLINK" not in text
    if free_text:
        kept = " ".join(res.free_text["text"])
        assert "06-12345678" not in kept and "j.devries@school.nl" not in kept
    if role:
        assert any("role answer(s) name no role" in n for n in res.account.notes)
        assert "k.maas@hetkompas.voorbeeld.nl" not in set(res.respondents["role"])


def test_generated_google_forms_ragged_and_unknown_labels(tmp_path):
    header, body = _gf_rows()
    rows = [list(r) for r in body]
    rows[3] = rows[3] + ["te veel"]                       # a ragged row: read by rows
    data = _write_gf(tmp_path / GF, header, rows)
    sm = SourceMapping(file=GF, school="S02", team_column="Bij welke unit werk je?")
    assert "ragged_row" in set(assert_same(data, sm).ledger.frame()["reason"])
    rows = [list(r) for r in body]
    for r, c, label in ((2, 5, "Groen"), (1, 9, "Blauw"), (3, 4, "Groen"), (4, 9, "Blauw"),
                        (5, 6, "Blauw"), (6, 6, "Groen"), (7, 7, " Paars ")):
        rows[r][c] = label
    err = assert_same(_write_gf(tmp_path / GF, header, rows), sm)
    assert isinstance(err, InputError) and "'Blauw' (3x), 'Groen' (3x)" in err.message


def test_generated_ms_forms_workbook(tmp_path):
    table = read_table(SAMPLE / MS)
    rows = [list(r) for r in table.rows]
    rows[2][3] = "anonymous"
    rows[3][3] = "Anoniem"
    rows[4] = list(rows[1])                                   # a duplicate submission
    rows[5][3] = rows[1][3]                                   # the same person again
    rows[5][2] = dt.datetime(2025, 10, 20, 9, 0)
    rows[6][6] = "j.jansen@example.nl"                        # an e-mail as team
    rows[7][2] = "13/45/2025"                                 # not a date
    rows[8][6] = None
    rows[9][7] = 3                                            # a number for a label
    rows[10][7] = 3.0
    rows = [r + [None] for r in rows]
    rows[0][-1] = "Wil je nog iets toelichten?"
    rows[11][-1] = f"Groet van {rows[11][4]}, tel. 0612345678"
    rows[12][-1] = "=HYPERLINK(\"http://x\")"
    data = write_xlsx(tmp_path / MS, rows)
    sm = load_mapping(SAMPLE / "mapping.yml").for_file(SAMPLE / MS)
    for free_text in (False, True):
        res = assert_same(data, sm, free_text=free_text)
        assert {"duplicate", "superseded", "unknown_team", "no_team"} <= \
            set(res.ledger.frame()["reason"])
        if free_text:
            assert str(rows[11][4]).split()[0] not in " ".join(res.free_text["text"])


def _careful(text: str, delimiter: str):
    rows, lines, blank, start = [], [], 0, 1
    rd = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    for rec in rd:
        here, start = start, rd.line_num + 1
        if not "".join(rec).strip():
            blank += 1
            continue
        rows.append(rec)
        lines.append(here)
    table_mod._mark_nulls(text, delimiter, rows, lines)
    return rows, lines, blank


def test_quoted_csv_by_pyarrow_reads_as_the_csv_module():
    rng = random.Random(7)
    alpha = ["a", "b", " ", '"', ",", ";", "\n", "\r\n", '""', "é", "\t", "1", "=", "\x07",
             "\r", "\x0b", "\x85", "\u2028", "\x00"]
    fast = 0
    for _ in range(6000):
        recs = []
        width = rng.randint(1, 4)
        for _ in range(rng.randint(1, 4)):
            cells = []
            for _ in range(width + (rng.random() < 0.05)):
                c = "".join(rng.choice(alpha) for _ in range(rng.randint(0, 3)))
                if rng.random() < 0.8:
                    c = '"' + c.replace('"', '""') + '"' if rng.random() < 0.9 else '"' + c
                cells.append(c if rng.random() < 0.95 else " " + c)
            recs.append(rng.choice([",", ";"]).join(cells))
        text = rng.choice(["\n", "\r\n"]).join(recs) + rng.choice(["", "\n"])
        if '"' not in text:
            continue
        delimiter = table_mod._sniff_delimiter(text)
        got = read_quoted_columns(text, delimiter, 1000, 1000, 1000)
        if got is not None:
            fast += 1
            assert (list(got[0]), got[1], got[2]) == _careful(text, delimiter), repr(text)
    assert fast > 200           # many such texts are read by pyarrow


def test_quoted_csv_falls_back_to_rows():
    """What pyarrow would read otherwise goes to the csv module: a line end or a stray quote in
    a cell, a blank record, a short record; a doubled quote in a quoted cell is RFC 4180, which
    both read alike."""
    for text in ('"a","b"\n"x\ny","z"\n', '"a","b"\n"x "q"","z"\n', '"a","b"\n,\n"c","d"\n',
                 '"a","b"\n"c"\n', '"a","b"\n"c"d,"e"\n', '"a","b"\nx"q,"z"\n'):
        assert read_quoted_columns(text, ",", 1000, 1000, 1000) is None, text
    text = '"a","b"\n"x ""q""","z"\n""""," """\n'
    got = read_quoted_columns(text, ",", 1000, 1000, 1000)
    assert list(got[0]) == [["a", "b"], ['x "q"', "z"], ['"', ' "']] == _careful(text, ",")[0]
    got = read_quoted_columns('"a","b",""\n"1",,""\n', ",", 1000, 1000, 1000)
    assert list(got[0]) == [["a", "b", ""], ["1", None, ""]] and got[1] == [1, 2]


@pytest.mark.parametrize("text", ['"Tijdstempel","E-mailadres"\n', "Tijdstempel,E-mailadres\n"])
def test_header_without_responses_same_message(tmp_path, text):
    data = tmp_path / GF
    data.write_text(text, encoding="utf-8")
    sm = SourceMapping(file=GF, school="S02")
    table = read_table(data)
    errors = []
    for by_rows in (False, True):
        with pytest.raises(InputError) as exc:
            detect_reader(table).read(table, SourceOptions.of(sm), by_rows=by_rows)
        errors.append((str(exc.value), exc.value.where))
    assert errors[0] == errors[1] and "header but no responses" in errors[0][0]


def test_google_timestamps_read_as_the_general_parser():
    from kit.ingest.dates import parse_timestamp
    from kit.ingest.surveytable import _stamp_reader
    cells = ["2025/10/14 7:16:38 p.m. CEST", "2025/10/14 12:00:00 a.m. CET",
             "2025/10/14 12:59:59 p.m. CET", "2025/1/4 1:02:03 a.m. CEST",
             "2025/02/30 7:16:38 p.m. CEST", "2025/10/14 13:16:38 p.m. CEST",
             "2025/10/14 0:16:38 a.m. CEST", "2025/10/14 7:16:38 P.M. CEST",
             " 2025/10/14 7:16:38 p.m. CEST", "2025/10/14 7:16:38 pm GMT+2", None, "",
             "14-10-2025 9:05", dt.datetime(2025, 10, 14, 9, 5), 45000.5, "gisteren"]
    for tz in ("Europe/Amsterdam", "UTC", "Mars/Olympus"):
        stamp = _stamp_reader(tz, None, "dmy")
        for v in cells:
            try:
                want = parse_timestamp(v, tz=tz, order=None, default_order="dmy")
            except (ValueError, KeyError) as err:
                with pytest.raises(type(err)):
                    stamp(v)
                continue
            got = stamp(v)
            assert got == want and (got is None or got.utcoffset() == want.utcoffset()), v


@pytest.mark.parametrize("own", [True, False])
def test_generated_google_forms_team_from_the_roster(tmp_path, own):
    """Without a team question the team (and one pseudonym per person) comes from the roster
    by e-mail address; an address the roster does not know is no_team (with the sample
    board's roster, of other schools: almost every row, the frames of no or few rows)."""
    header, body = _gf_rows()
    units = {"Unit 1-2": "S02-U12", "Unit 3-4": "S02-U34", "Unit 5-6": "S02-U56",
             "Unit 7-8": "S02-U78"}
    staff = tmp_path / "roster.csv"
    staff.write_text("email,team,role\n" + "".join(
        f"{r[1]},{units.get(r[2], 'S02-U12')},{'leerkracht' if k % 3 else 'ib'}\n"
        for k, r in enumerate(body[:18]) if r[1]), encoding="utf-8")
    rows = [r[:2] + r[3:] for r in body]
    rows[4][1] = "onbekend@example.nl"
    rows[5][1] = rows[6][1].upper()
    data = _write_gf(tmp_path / GF, header[:2] + header[3:], rows)
    roster = load_roster(staff if own else SAMPLE / "roster.csv", ORG)
    res = assert_same(data, SourceMapping(file=GF, school="S02"), roster=roster)
    assert "no_team" in set(res.ledger.frame()["reason"])
    assert len(res.respondents) > 10 if own else len(res.respondents) <= 1


@pytest.mark.parametrize("variant", ["plain", "bom", "cp1252", "long", "semicolon"])
def test_quoted_files_read_as_the_csv_module(tmp_path, variant):
    """A quoted export read by pyarrow straight from its bytes has the encoding, delimiter,
    rows and lines of the careful reading (a cp1252 file is decoded first, as before)."""
    text = (SAMPLE / GF).read_text(encoding="utf-8").replace("Mee eens", "Mee eens é")
    if variant == "long":       # a first line longer than what the sniffer is shown
        text = text.replace("Wil je nog iets toelichten?", "W" + "é" * 130_000, 1)
    if variant == "semicolon":
        text = "\n".join(line.replace('","', '";"') for line in text.split("\n"))
    data = text.encode("cp1252" if variant == "cp1252" else "utf-8")
    data = (b"\xef\xbb\xbf" if variant == "bom" else b"") + data
    path = tmp_path / GF
    path.write_bytes(data)
    got = read_table(path)
    decoded, encoding = table_mod._decode(data, path)
    delimiter = table_mod._sniff_delimiter(decoded)
    rows, lines, blank = _careful(decoded, delimiter)
    assert (got.encoding, got.delimiter, got.n_blank) == (encoding, delimiter, blank)
    assert (list(got.rows), got.lines) == (rows, lines)
