"""Damaged workbooks and CSV files: a clear message naming the file, never a crash or a hang
(issue 14). Also: the calamine reader gives the values openpyxl gave, and the free-text
scrubber takes linear time."""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.errors import InputError
from kit.ingest import table as table_mod
from kit.ingest import workbook as workbook_mod
from kit.ingest.freetext import MAX_TEXT_CHARS, REMOVED, NameScrubber, _email_spans, scrub
from kit.ingest.table import MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, read_table

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_XLSX = sorted((ROOT / "sample_data").glob("*.xlsx"))
MSFORMS = ROOT / "sample_data" / "S01_2025-najaar_msforms.xlsx"


def _openpyxl_read(path: Path):
    """The reader before calamine (openpyxl, read-only), for comparison."""
    wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=True)
    try:
        for name in wb.sheetnames:
            rows, lines = [], []
            for r, values in enumerate(wb[name].iter_rows(values_only=True), start=1):
                vals = [v.isoformat() if isinstance(v, dt.time) else v for v in values]
                if all(v is None or (isinstance(v, str) and not v.strip()) for v in vals):
                    continue
                while vals and vals[-1] is None:
                    vals.pop()
                rows.append(vals)
                lines.append(r)
            if rows:
                return name, rows, lines
    finally:
        wb.close()


def _typed(rows):
    return [[(type(v).__name__, v) for v in r] for r in rows]


@pytest.mark.parametrize("path", SAMPLE_XLSX, ids=lambda p: p.name)
def test_calamine_reads_what_openpyxl_read(path):
    sheet, rows, lines = _openpyxl_read(path)
    t = read_table(path)
    assert (t.sheet, t.lines) == (sheet, lines)
    assert _typed(t.rows) == _typed(rows)


def test_calamine_values_like_openpyxl_on_a_mixed_sheet(tmp_path):
    f = tmp_path / "mixed.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C3"], ws["D3"], ws["E3"], ws["F3"] = "kop", 7, 7.5, True
    ws["G3"], ws["H3"] = dt.datetime(2025, 10, 1, 9, 30), dt.date(2025, 10, 1)
    ws["I3"], ws["J3"] = dt.time(9, 30), dt.timedelta(hours=30)
    ws["D5"] = 45000
    ws["D5"].number_format = "dd-mm-yyyy"
    ws["E5"] = 0.25
    wb.save(f)
    sheet, rows, lines = _openpyxl_read(f)
    t = read_table(f)
    assert t.lines == lines == [3, 5]
    assert _typed(t.rows) == _typed(rows)


# --- damaged workbooks ------------------------------------------------------------------------

def _rezip(src: Path, dst: Path, change) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            z.writestr(info.filename, change(info.filename, zin.read(info)))
    return dst


def _sheet(change):
    return lambda n, c: change(c) if n.endswith("worksheets/sheet1.xml") else c


def _input_error(f: Path, *words: str) -> InputError:
    t0 = time.perf_counter()
    with pytest.raises(InputError) as exc:
        read_table(f)
    assert time.perf_counter() - t0 < 10
    msg = exc.value.message
    assert f.name in msg, msg
    for w in words:
        assert w in msg, msg
    return exc.value


def test_truncated_workbook(tmp_path):
    f = tmp_path / "cut.xlsx"
    f.write_bytes(MSFORMS.read_bytes()[:5000])
    _input_error(f, "cannot be opened")


def test_damaged_deflate_stream_zlib_error(tmp_path):
    """Bytes flipped inside the compressed sheet: zlib.error or a CRC error, now a message."""
    data = bytearray(MSFORMS.read_bytes())
    with zipfile.ZipFile(MSFORMS) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26:
                                                    info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    for k in range(50, 250, 7):
        data[start + k] ^= 0x5A
    f = tmp_path / "zlib.xlsx"
    f.write_bytes(bytes(data))
    _input_error(f, "damaged", "xl/worksheets/sheet1.xml")


def test_unsupported_compression_method(tmp_path):
    """A compression method zipfile does not know (NotImplementedError before)."""
    data = bytearray(MSFORMS.read_bytes())
    with zipfile.ZipFile(MSFORMS) as z:
        infos = {i.filename: i for i in z.infolist()}
    off = infos["xl/worksheets/sheet1.xml"].header_offset
    data[off + 8:off + 10] = struct.pack("<H", 99)
    for m in re.finditer(rb"PK\x01\x02", bytes(data)):
        if bytes(data[m.start() + 46:m.start() + 46 + 24]) == b"xl/worksheets/sheet1.xml":
            data[m.start() + 10:m.start() + 12] = struct.pack("<H", 99)
    f = tmp_path / "method.xlsx"
    f.write_bytes(bytes(data))
    _input_error(f, "damaged")


def test_broken_xml_names_the_sheet(tmp_path):
    f = _rezip(MSFORMS, tmp_path / "xml.xlsx", _sheet(lambda c: c[:len(c) // 2]))
    _input_error(f, "damaged", "'Form1'")


def test_enormous_dimension_reads_without_hanging(tmp_path):
    f = _rezip(MSFORMS, tmp_path / "dim.xlsx", _sheet(lambda c: re.sub(
        rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', c)))
    t0 = time.perf_counter()
    t = read_table(f)
    assert time.perf_counter() - t0 < 5
    assert t.rows == read_table(MSFORMS).rows


def test_far_cell_meets_the_cell_limit(tmp_path):
    """A cell at XFD1048576 beside A1: calamine would allocate 17 billion cells and abort."""
    f = _rezip(MSFORMS, tmp_path / "far.xlsx", _sheet(lambda c: c.replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')))
    err = _input_error(f, "'Form1'", f"{MAX_CELLS:,} cells")
    assert "delete the rows or columns" in err.fix


def test_far_empty_cell_is_no_problem(tmp_path):
    """An empty formatted cell far away holds nothing: read as before."""
    f = _rezip(MSFORMS, tmp_path / "empty.xlsx", _sheet(lambda c: c.replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" s="1"/></row></sheetData>')))
    assert read_table(f).rows == read_table(MSFORMS).rows


def test_cells_without_references_are_bounded(tmp_path):
    row = b"<row>" + b"<c><v>1</v></c>" * (MAX_COLUMNS + 1) + b"</row>"
    f = _rezip(MSFORMS, tmp_path / "noref.xlsx", _sheet(lambda c: c.replace(
        b"</sheetData>", b'<row r="1048000"><c r="A1048000"><v>1</v></c></row>' + row
        + b"</sheetData>")))
    _input_error(f, "'Form1'", "limit")


def test_date_typed_cell_holding_a_number(tmp_path):
    """t="d" holding 3.27 (openpyxl: ValueError): read as its text."""
    f = _rezip(MSFORMS, tmp_path / "date.xlsx", _sheet(lambda c: c.replace(
        b"</sheetData>", b'<row r="40"><c r="A40" t="d"><v>3.27</v></c></row></sheetData>')))
    t = read_table(f)
    assert t.lines[-1] == 40 and t.rows[-1] == ["3.27"]


def test_empty_fill_in_styles(tmp_path):
    """<fill/> in styles.xml (openpyxl: TypeError): styles do not matter for values."""
    f = _rezip(MSFORMS, tmp_path / "fill.xlsx", lambda n, c: re.sub(
        rb"<fill>.*?</fill>", b"<fill/>", c, count=1, flags=re.S) if n.endswith("styles.xml")
        else c)
    assert read_table(f).rows == read_table(MSFORMS).rows


def _shared_strings_book(path: Path, unique_count: str) -> Path:
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>',
        "xl/workbook.xml": '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships"><sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets>'
        '</workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/'
        'sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        '</Relationships>',
        "xl/sharedStrings.xml": '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        f'2006/main" count="2" uniqueCount="{unique_count}"><si><t>Naam</t></si>'
        '<si><t xml:space="preserve">regel 1_x000D_</t></si></sst>',
        "xl/worksheets/sheet1.xml": '<worksheet xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
        '<c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2"><v>5</v></c>'
        '<c r="B2" t="e"><v>#N/A</v></c></row></sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return path


def test_shared_strings_and_error_cells(tmp_path):
    t = read_table(_shared_strings_book(tmp_path / "sst.xlsx", "2"))
    # _x000D_ is decoded (openpyxl left it as written); an error cell reads as its text
    assert t.rows == [["Naam", "regel 1\r"], [5, "#N/A"]]


def test_shared_strings_count_beyond_reason(tmp_path):
    """uniqueCount 99,999,999,999: calamine reserves that much and the process dies."""
    _input_error(_shared_strings_book(tmp_path / "sst.xlsx", "99999999999"),
                 "shared-strings table")


def test_a_rust_panic_becomes_an_input_error(tmp_path, monkeypatch):
    """calamine panics ('capacity overflow', a BaseException) on a count of 2**64-1."""
    monkeypatch.setattr(workbook_mod, "_check_shared_strings", lambda path, parts: None)
    f = _shared_strings_book(tmp_path / "panic.xlsx", "18446744073709551615")
    _input_error(f, "PanicException")


def test_any_failure_inside_a_reader_names_the_file(tmp_path, monkeypatch):
    def boom(path, data):
        raise ValueError("something unforeseen")
    monkeypatch.setattr(table_mod, "_read_csv", boom)
    f = tmp_path / "x.csv"
    f.write_text("a,b\n1,2\n", encoding="utf-8")
    _input_error(f, "cannot be read", "ValueError")


def test_zip_bomb_is_refused_before_unpacking(tmp_path, monkeypatch):
    monkeypatch.setattr(workbook_mod, "MAX_UNZIPPED_BYTES", 10_000)
    _input_error(MSFORMS, "MiB", "limit")


# --- CSV ---------------------------------------------------------------------------------------

def test_csv_cell_over_the_limit_names_the_cause(tmp_path):
    f = tmp_path / "long.csv"
    f.write_text("a,b\n1,2\n3," + "x" * (MAX_CELL_CHARS + 10) + "\n", encoding="utf-8")
    err = _input_error(f, "longer than the limit of 131,072 characters")
    assert "balanced quotes" not in err.message
    assert err.where.row == 3 and "shorten" in err.fix and "quote" in err.fix


def test_csv_unclosed_quote_runs_into_the_limit(tmp_path):
    f = tmp_path / "quote.csv"
    f.write_text('a,b\n1,"open\n' + "2,3\n" * 40_000, encoding="utf-8")
    err = _input_error(f, "longer than the limit")
    assert err.where.row == 2


def test_csv_too_many_columns(tmp_path):
    f = tmp_path / "wide.csv"
    f.write_text("a,b\n" + ",".join(["1"] * (MAX_COLUMNS + 1)) + "\n", encoding="utf-8")
    _input_error(f, f"{MAX_COLUMNS:,} columns")


def test_csv_record_of_many_lines_reads_in_linear_time(tmp_path):
    """A quoted cell of 60,000 lines beside an empty cell (re-scanned for NULL vs "")."""
    f = tmp_path / "lines.csv"
    f.write_text('a,b,c\n"' + "x\n" * 60_000 + '","",\n', encoding="utf-8")
    t0 = time.perf_counter()
    t = read_table(f)
    assert time.perf_counter() - t0 < 3
    assert t.rows[1][1:] == ["", None]


def test_csv_one_enormous_line_is_sniffed_quickly(tmp_path):
    f = tmp_path / "line.csv"
    f.write_text("a" * 3_000_000, encoding="utf-8")
    t0 = time.perf_counter()
    _input_error(f, "longer than the limit")
    assert time.perf_counter() - t0 < 3


# --- free text ---------------------------------------------------------------------------------

_OLD_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}", re.UNICODE)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab.@-+'_ 1é,zZ\n", max_size=40))
def test_email_spans_are_the_patterns_matches(text):
    assert _email_spans(text) == [m.span() for m in _OLD_EMAIL.finditer(text)]


@pytest.mark.parametrize("text", ["a" * 130_000, "a@" * 65_000, "x@" + "b." * 65_000,
                                  "0 " * 65_000, "(0" * 65_000, "a@b." * 32_500,
                                  "j.devries@school.nl " * 6_500],
                         ids=["word", "at", "dots", "zeros", "brackets", "addresses", "mails"])
def test_scrub_takes_linear_time(text):
    t0 = time.perf_counter()
    scrub(text)
    assert time.perf_counter() - t0 < 1.0        # was 29 s for 130,000 characters


def test_long_answer_is_scrubbed_then_cut_with_a_reason():
    s = NameScrubber()
    text = "mail j.devries@school.nl " + "x" * (MAX_TEXT_CHARS + 100)
    out = s(text)
    assert out.startswith(f"mail {REMOVED} ")
    assert out.endswith(f"[ingekort: {len(text)} tekens]")
    assert len(out) < MAX_TEXT_CHARS + 40 and s.truncated == 1
    assert s("kort") == "kort" and s.truncated == 1
