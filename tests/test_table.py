"""Raw table reading: encodings, delimiters, NULL vs quoted empty, xlsx, bad files."""

from __future__ import annotations

import openpyxl
import pytest

from kit.errors import InputError
from kit.ingest.table import read_table


def test_limesurvey_bytes_bom_quotes_null(tmp_path):
    f = tmp_path / "ls.csv"
    f.write_bytes(b'\xef\xbb\xbf"id";"submitdate";"q"\r\n"1";"2025-10-01 10:00:00";""\r\n'
                  b'"2";;"a\nb"\r\n\r\n')
    t = read_table(f)
    assert t.encoding == "utf-8-sig" and t.delimiter == ";"
    assert t.rows[1] == ["1", "2025-10-01 10:00:00", ""]
    assert t.rows[2] == ["2", None, "a\nb"]
    assert t.lines == [1, 2, 3] and t.n_blank == 1


def test_dutch_excel_cp1252(tmp_path):
    f = tmp_path / "nl.csv"
    f.write_bytes("Tijdstempel;Vraag [Ik ben rolmodel in ‘op leren gericht zijn’]\r\n"
                  "7-4-2026 9:05;Mee eens\r\n".encode("cp1252"))
    t = read_table(f)
    assert t.encoding == "cp1252" and t.delimiter == ";"
    assert "‘op leren" in t.rows[0][1]


def test_tab_separated(tmp_path):
    f = tmp_path / "t.tsv"
    f.write_text("a\tb\tc\n1\t2\t3\n", encoding="utf-8")
    assert read_table(f).rows == [["a", "b", "c"], ["1", "2", "3"]]


def test_multiline_record_keeps_start_line(tmp_path):
    f = tmp_path / "m.csv"
    f.write_text('a,b\n1,"x\ny\nz"\n2,w\n', encoding="utf-8")
    t = read_table(f)
    assert t.lines == [1, 2, 5]


def test_xlsx_title_rows_and_first_sheet_with_data(tmp_path):
    f = tmp_path / "w.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Leeg"
    ws = wb.create_sheet("Data")
    ws.append(["Overzicht"])
    ws.append([])
    ws.append(["ID", "Naam", "Score"])
    ws.append([1, "x", 3.5])
    wb.save(f)
    t = read_table(f)
    assert t.kind == "xlsx" and t.sheet == "Data"
    assert t.rows == [["Overzicht"], ["ID", "Naam", "Score"], [1, "x", 3.5]]
    assert t.lines == [1, 3, 4]


@pytest.mark.parametrize("content,words", [
    (b"", "empty"),
    (b"\xef\xbb\xbf\r\n", "empty"),
    (b"\x00\x01\x02binary\x00", "binary"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", ".xls"),
    (b"PK\x03\x04broken zip", "cannot be opened"),
])
def test_bad_files(tmp_path, content, words):
    f = tmp_path / "bad.csv"
    f.write_bytes(content)
    with pytest.raises(InputError) as exc:
        read_table(f)
    assert words in exc.value.message and "bad.csv" in exc.value.message


def test_xlsx_without_data(tmp_path):
    f = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(f)
    with pytest.raises(InputError, match="no sheet with data"):
        read_table(f)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        read_table(tmp_path / "nope.csv")


@pytest.mark.parametrize("text,rows", [
    ('"a","b","c"\n"","x",""\n', [["a", "b", "c"], ["", "x", ""]]),
    ('"a","b","c"\n,"x",""\n"",,"q"\n', [["a", "b", "c"], [None, "x", ""], ["", None, "q"]]),
    ('"a","b","c"\n"1,,2","",\n', [["a", "b", "c"], ["1,,2", "", None]]),
    ('"a";"b";"c"\n"x\n;;y";"";\n"";"z";""\n',
     [["a", "b", "c"], ["x\n;;y", "", None], ["", "z", ""]]),
])
def test_quoted_and_unquoted_empty_cells(tmp_path, text, rows):
    """A quoted empty cell is "" and an unquoted one None, wherever they are in a record
    (records without two delimiters side by side, or one at an end, hold no unquoted one)."""
    f = tmp_path / "t.csv"
    f.write_text(text, encoding="utf-8")
    assert read_table(f).rows == rows


def test_quotes_paired_in_blocks_as_in_one():
    """kit.ingest.surveycsv._quotes_paired: the same answer looking at the text in small
    blocks as in one, for quotes that pair up (a doubled one inside a quoted cell too), a stray
    quote inside a cell, an odd number of quotes,
    and a line end inside a quoted cell (never paired: pyarrow reads in threads split at line
    ends); the blocks' borders fall everywhere."""
    from kit.ingest.surveycsv import _quotes_paired
    good = b'"a","b c",""\n"1","2",\r\n,"x","y"\n'
    cases = {good: True, good + b'"z"': True, b'"a"b","c"\n': False, b'"a","b\n': False,
             b'"a","b\nc"\n': False, b'"a"\r"b"\n': True, b'"a\rb"\n': False,
             b'x,"a""b"\n': True, b'x,"a"""\n': True, b'x,"a" "b"\n': False,
             b'""""\n': True, b'"a",b"\n': False, b'"': False, b'': True}
    for text, want in cases.items():
        for block in (1, 2, 3, 5, 1 << 22):
            assert _quotes_paired(text, ",", block) is want, (text, block)

